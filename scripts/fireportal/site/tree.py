"""The unit hierarchy 局 → 总队 → 支队 → 大队 → 站 as far as documents need it.

A unit appears when it wrote a document or is an ancestor of one that did;
units that only sit in the taxonomy stay out, so the tree never shows empty
branches.  Parents come from the taxonomy first (staff-maintained data) and
from the document's own `parent_unit` second.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import UNIT_LEVELS, Document
from ..taxonomy import RESERVED_CODES
from .codes import assign_codes
from .order import newest_first
from .paths import UNKNOWN_UNIT


@dataclass(frozen=True, kw_only=True)
class UnitEntry:
    name: str  # canonical
    code: str  # URL path segment
    level: str  # one of UNIT_LEVELS, or "" when unknown
    parent: str  # canonical name, "" for a root
    children: tuple[str, ...]  # canonical names, in display order
    documents: tuple[Document, ...]  # its own, newest first
    total: int  # its own plus all descendants'
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class UnitTree:
    units: dict[str, UnitEntry]
    roots: tuple[str, ...]
    unknown: tuple[Document, ...]  # documents that name no unit, newest first
    placement: dict[str, str]  # document slug -> canonical unit name

    def of(self, doc: Document) -> UnitEntry | None:
        """The entry a document is listed under (None: 单位不详)."""
        return self.units.get(self.placement.get(doc.slug, ""))


def _rank(level: str) -> int:
    return UNIT_LEVELS.index(level) if level in UNIT_LEVELS else len(UNIT_LEVELS)


def build_unit_tree(documents: Sequence[Document], taxonomy) -> UnitTree:
    """Group documents by unit and link units to their parents.

    `taxonomy` needs `.unit(name)` returning an object with name, level,
    parent, code and aliases (fireportal.taxonomy.Taxonomy).
    """
    own: dict[str, list[Document]] = defaultdict(list)
    unknown: list[Document] = []
    level: dict[str, str] = {}
    parent: dict[str, str] = {}
    for doc in sorted(documents, key=lambda d: d.slug):
        if not doc.meta.unit:
            unknown.append(doc)
            continue
        name = taxonomy.unit(doc.meta.unit).name
        own[name].append(doc)
        # The first document (by slug) decides when the taxonomy is silent,
        # so the result does not depend on input order.
        level.setdefault(name, doc.meta.unit_level)
        if doc.meta.parent_unit:
            parent.setdefault(name, taxonomy.unit(doc.meta.parent_unit).name)

    # Walk up from every unit that has documents, adding ancestors.
    pending = sorted(own)
    seen: set[str] = set()
    info = {}
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        unit = taxonomy.unit(name)
        info[name] = unit
        up = taxonomy.unit(unit.parent).name if unit.parent else parent.get(name, "")
        parent[name] = up if up != name else ""
        if parent[name]:
            pending.append(parent[name])

    _break_cycles(parent)

    children: dict[str, list[str]] = defaultdict(list)
    for name in sorted(seen):
        if parent[name]:
            children[parent[name]].append(name)

    def display(name: str) -> tuple:
        entry_level = info[name].level or level.get(name, "")
        return (_rank(entry_level), info[name].code, name)

    totals = _totals(seen, parent, {n: len(d) for n, d in own.items()})
    codes = assign_codes(
        {n: (info[n].code, getattr(info[n], "known", True)) for n in seen},
        reserved=RESERVED_CODES,
    )
    units = {
        name: UnitEntry(
            name=name,
            code=codes[name],
            level=info[name].level or level.get(name, ""),
            parent=parent[name],
            children=tuple(sorted(children[name], key=display)),
            documents=tuple(newest_first(own.get(name, ()))),
            total=totals[name],
            aliases=tuple(getattr(info[name], "aliases", ())),
        )
        for name in sorted(seen)
    }
    roots = tuple(sorted((n for n in units if not parent[n]), key=display))
    placement = {d.slug: name for name, docs in own.items() for d in docs}
    return UnitTree(
        units=units,
        roots=roots,
        unknown=tuple(newest_first(unknown)),
        placement=placement,
    )


def _break_cycles(parent: dict[str, str]) -> None:
    """Cut the link that closes a loop (A's parent B, B's parent A).

    Bad data must not hang the build or lose documents; the unit whose link
    closes the loop (in name order) becomes a root instead.
    """
    for start in sorted(parent):
        path: list[str] = []
        node = start
        while node and node not in path:
            path.append(node)
            node = parent.get(node, "")
        if node:  # looped back to a node already on the path
            parent[path[-1]] = ""


def _totals(names: set[str], parent: dict[str, str], own: dict[str, int]) -> dict[str, int]:
    """Roll counts up: each document counts for its unit and every ancestor."""
    totals = dict.fromkeys(names, 0)
    for name in names:
        count = own.get(name, 0)
        node = name
        while node:
            totals[node] += count
            node = parent[node]
    return totals
