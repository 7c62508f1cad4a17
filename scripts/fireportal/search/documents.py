"""From a pipeline Document to what the search indexes.

Lives beside the index so the mkdocs plugin and the tests describe a page to
the search in one way; it imports no mkdocs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..divisions import short_name
from ..model import Document
from ..render import plain_text
from ..site.tree import UnitTree, build_unit_tree
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


def unit_chain(tree: UnitTree, document: Document) -> tuple[str, ...]:
    """The document's unit and the units above it, top first, exactly as the
    unit pages place it (so the 总队 filter finds what the 总队 page counts)."""
    entry = tree.of(document)
    chain: list[str] = []
    while entry is not None and entry.name not in chain:
        chain.append(entry.name)
        entry = tree.units.get(entry.parent)
    return tuple(reversed(chain))


def search_docs(documents: Sequence[Document], *, urls: Mapping[str, str],
                taxonomy: Taxonomy) -> list[SearchDoc]:
    """Every document as the search sees it; `urls` maps slug to page URL.
    The unit tree is built once, as the site builds it."""
    tree = build_unit_tree(documents, taxonomy)
    return [search_doc(d, url=urls[d.slug], taxonomy=taxonomy, units=unit_chain(tree, d))
            for d in documents]


def search_doc(document: Document, *, url: str, taxonomy: Taxonomy | None = None,
               units: tuple[str, ...] | None = None) -> SearchDoc:
    """One document. `units` (from `search_docs`) places it in the site's
    unit tree; without it the tree of this document alone is used (the
    taxonomy's parents and the document's own 上级单位), which differs only
    where the taxonomy is silent and other documents name another parent."""
    meta = document.meta
    if units is None:
        units = unit_chain(build_unit_tree([document], taxonomy), document) if taxonomy else (
            (meta.unit,) if meta.unit else ())
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
        units=units,
        doc_type=meta.doc_type,
    )
