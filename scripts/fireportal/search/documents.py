"""From a pipeline Document to what the search indexes.

Lives beside the index so the mkdocs plugin and the tests describe a page to
the search in one way; it imports no mkdocs.
"""

from __future__ import annotations

import re

from ..divisions import short_name
from ..model import Document
from ..render import plain_text
from ..taxonomy import Taxonomy
from .index import SearchDoc

# 盘锦市消防救援支队 -> place 盘锦, kind 支队: readers and 简报 say 盘锦支队.
_UNIT = re.compile(r"^(?P<place>.+?)消防救援(?P<kind>总队|支队|大队|站)$")


def unit_short_names(unit: str) -> tuple[str, ...]:
    m = _UNIT.match(unit)
    if not m:
        return ()
    place, kind = short_name(m["place"]), m["kind"]
    return (f"{place}{kind}", f"{place}消防{kind}", f"{place}消防救援{kind}")


def body_text(document: Document) -> str:
    """The body only: outline blocks (with their responsibility notes) and
    the byline; the title block (subtitle, masthead, dateline) is not body,
    so a result's snippet never runs it together with the first paragraph."""
    if document.curated:
        return plain_text(document)
    lines = []
    for block in document.blocks:
        note = f"（{block.note_label}：{'、'.join(block.departments)}）" if block.departments else ""
        lines.append(block.marker + block.text + note)
    lines.append(document.head.byline)
    return "\n".join(line for line in lines if line)


def title_block_fields(document: Document) -> list[str]:
    """Subtitle, masthead (publication and issue) and the unit-and-date line,
    each searchable as a field of its own and shown as one when a query
    matches it (2024年2月 finds the 简报 dated 盘锦消防救援支队2024年2月28日)."""
    head = document.head
    masthead = "".join(x for x in (head.publication, head.issue) if x)
    return [x for x in (document.meta.subtitle, masthead, head.dateline) if x]


def search_doc(document: Document, *, url: str, taxonomy: Taxonomy | None = None) -> SearchDoc:
    meta = document.meta
    aliases: tuple[str, ...] = ()
    if taxonomy is not None and meta.unit:
        aliases = taxonomy.unit(meta.unit).aliases
    extra: list[str] = []
    terms = (*title_block_fields(document), *aliases, *unit_short_names(meta.unit),
             *meta.departments, meta.doc_type, meta.author, getattr(meta, "doc_number", ""))
    for term in terms:
        if term and term != meta.unit and term not in extra:
            extra.append(term)
    return SearchDoc(
        url=url,
        title=meta.title,
        date=meta.date,
        unit=meta.unit,
        campaigns=tuple(meta.campaigns),
        text=body_text(document),
        extra=tuple(extra),
    )
