"""Year, unit and type of every document, for filtering search results.

Written to one file, `facets.js`, that the browser loads only when the reader
opens the filters: a query without filters downloads exactly what it did
before. Filtering happens on the ranked candidates, before any document file
is opened, so a filter makes a query download less, not more.

The file (ids are the index's document ids, newest first):

    {"docs": 7,
     "years": [["2024", 0], ["2022", 1], ["", 6]],      runs: year, first id
     "units": {"names": [...], "parents": [-1, 0, ...],  tree order, parent
               "width": 1, "codes": "2210..."},          before child
     "types": {"names": [...], "width": 1, "codes": "..."}}

Years come in runs because ids are ordered by date, so all documents of a
year are neighbours. Units and types are one fixed-width base-64 number per
document (0: none, n: names[n - 1]); at 10,000 documents the file is about
30 KB. A unit filter takes the unit and every unit under it (a 总队 takes its
支队 and 大队), following `parents`, which always point to an earlier entry,
so walking up always ends.

`assets/search.js` reads the file the same way (see query.py).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .codec import ALPHABET
from .text import display

_YEAR = re.compile(r"^(?P<year>\d{4})")
_DIGIT = {ch: i for i, ch in enumerate(ALPHABET)}


@dataclass(frozen=True, kw_only=True)
class Filters:
    """What a reader chose; None: any. "" picks the documents without one
    (日期不详, 单位不详, 类型不详)."""

    year: str | None = None  # "2024"
    unit: str | None = None  # a unit's name: it and every unit under it
    type: str | None = None  # doc_type, e.g. 通知

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.year, self.unit, self.type))


@dataclass(frozen=True, kw_only=True)
class Facets:
    """How many candidates each choice would leave, given the other two
    choices; only choices with at least one. For exact queries (all terms of
    one or two characters) these are the result counts, otherwise the most
    there can be."""

    years: tuple[tuple[str, int], ...]  # (year, count), newest first, "" last
    units: tuple[tuple[str, int, int], ...]  # (name, depth, count), tree order, "" last
    types: tuple[tuple[str, int], ...]  # (type, count), most documents first, "" last


def year_of(date: str) -> str:
    m = _YEAR.match(date)
    return m["year"] if m else ""


# ------------------------------------------------------------------- writing


def _width(count: int) -> int:
    """Base-64 digits for the numbers 0..count."""
    width = 1
    while 64**width <= count:
        width += 1
    return width


def _fixed(value: int, width: int) -> str:
    digits = []
    for _ in range(width):
        digits.append(ALPHABET[value & 63])
        value >>= 6
    return "".join(reversed(digits))


def _unit_tree(chains: Sequence[tuple[str, ...]]) -> tuple[list[str], list[int]]:
    """(names, parent index) in depth-first order, siblings by most documents
    (own and below), then name. Each unit's parent is the one before it in
    the first chain (in id order) that holds it; a chain always goes from the
    top unit down, so no unit ends up under itself."""
    parent: dict[str, str] = {}
    totals: Counter = Counter()
    for chain in chains:
        for i, name in enumerate(chain):
            parent.setdefault(name, chain[i - 1] if i else "")
        totals.update(set(chain))
    children: dict[str, list[str]] = {}
    for name, up in parent.items():
        children.setdefault(up, []).append(name)
    for kids in children.values():
        kids.sort(key=lambda n: (-totals[n], n))
    names: list[str] = []
    parents: list[int] = []
    stack = [(name, -1) for name in reversed(children.get("", []))]
    while stack:
        name, up = stack.pop()
        names.append(name)
        parents.append(up)
        here = len(names) - 1
        stack.extend((kid, here) for kid in reversed(children.get(name, [])))
    return names, parents


def build_facets(docs: Sequence) -> dict:
    """The facets payload for SearchDocs already in id order."""
    years: list[list] = []
    for ident, doc in enumerate(docs):
        year = year_of(doc.date)
        if not years or years[-1][0] != year:
            years.append([year, ident])

    chains = [tuple(display(u) for u in (doc.units or ((doc.unit,) if doc.unit else ())) if u)
              for doc in docs]
    unit_names, parents = _unit_tree(chains)
    unit_index = {name: i for i, name in enumerate(unit_names)}
    unit_width = _width(len(unit_names))
    unit_codes = "".join(_fixed(unit_index[c[-1]] + 1 if c else 0, unit_width) for c in chains)

    doc_types = [display(doc.doc_type) for doc in docs]
    counted = Counter(t for t in doc_types if t)
    type_names = sorted(counted, key=lambda t: (-counted[t], t))
    type_index = {name: i for i, name in enumerate(type_names)}
    type_width = _width(len(type_names))
    type_codes = "".join(_fixed(type_index[t] + 1 if t else 0, type_width) for t in doc_types)
    return {
        "docs": len(docs),
        "types": {"codes": type_codes, "names": type_names, "width": type_width},
        "units": {"codes": unit_codes, "names": unit_names, "parents": parents, "width": unit_width},
        "years": years,
    }


# ------------------------------------------------------------------- reading


def _decode(codes: str, width: int, count: int) -> list[int]:
    """Per document: index into names, or -1 for none."""
    out = []
    for i in range(count):
        value = 0
        for ch in codes[i * width : (i + 1) * width]:
            value = value * 64 + _DIGIT[ch]
        out.append(value - 1)
    return out


@dataclass(frozen=True, kw_only=True)
class FacetTable:
    year: tuple[str, ...]  # per document
    year_order: tuple[str, ...]  # distinct years, as they first occur
    unit: tuple[int, ...]  # per document, index into unit_names or -1
    unit_names: tuple[str, ...]
    unit_parents: tuple[int, ...]
    type: tuple[int, ...]
    type_names: tuple[str, ...]

    @classmethod
    def read(cls, payload: dict) -> FacetTable:
        n = payload["docs"]
        runs = payload["years"]
        year: list[str] = []
        for i, (value, start) in enumerate(runs):
            end = runs[i + 1][1] if i + 1 < len(runs) else n
            year.extend([value] * (end - start))
        order = list(dict.fromkeys(value for value, _ in runs))
        units, types = payload["units"], payload["types"]
        return cls(
            year=tuple(year),
            year_order=tuple(order),
            unit=tuple(_decode(units["codes"], units["width"], n)),
            unit_names=tuple(units["names"]),
            unit_parents=tuple(units["parents"]),
            type=tuple(_decode(types["codes"], types["width"], n)),
            type_names=tuple(types["names"]),
        )

    def depth(self, unit: int) -> int:
        d = 0
        while self.unit_parents[unit] >= 0:
            unit = self.unit_parents[unit]
            d += 1
        return d

    def _year_ok(self, doc: int, f: Filters) -> bool:
        return f.year is None or self.year[doc] == f.year

    def _unit_ok(self, doc: int, f: Filters) -> bool:
        if f.unit is None:
            return True
        unit = self.unit[doc]
        if f.unit == "":
            return unit < 0
        while unit >= 0:
            if self.unit_names[unit] == f.unit:
                return True
            unit = self.unit_parents[unit]
        return False

    def _type_ok(self, doc: int, f: Filters) -> bool:
        if f.type is None:
            return True
        kind = self.type[doc]
        return (kind < 0) if f.type == "" else (kind >= 0 and self.type_names[kind] == f.type)

    def passes(self, doc: int, f: Filters) -> bool:
        return self._year_ok(doc, f) and self._unit_ok(doc, f) and self._type_ok(doc, f)

    def counts(self, candidates: Sequence[int], f: Filters) -> Facets:
        """Facet counts over the candidates; each dimension ignores its own
        choice so the reader sees what switching it would give."""
        years: Counter = Counter()
        units: Counter = Counter()
        types: Counter = Counter()
        for doc in candidates:
            y, u, t = self._year_ok(doc, f), self._unit_ok(doc, f), self._type_ok(doc, f)
            if u and t:
                years[self.year[doc]] += 1
            if y and t:
                unit = self.unit[doc]
                if unit < 0:
                    units[-1] += 1
                while unit >= 0:
                    units[unit] += 1
                    unit = self.unit_parents[unit]
            if y and u:
                types[self.type[doc]] += 1
        unit_rows = [(name, self.depth(i), units[i])
                     for i, name in enumerate(self.unit_names) if units[i]]
        type_rows = [(name, types[i]) for i, name in enumerate(self.type_names) if types[i]]
        if units[-1]:
            unit_rows.append(("", 0, units[-1]))
        if types[-1]:
            type_rows.append(("", types[-1]))
        return Facets(
            years=tuple((y, years[y]) for y in self.year_order if years[y]),
            units=tuple(unit_rows),
            types=tuple(type_rows),
        )
