"""The search algorithm of `assets/search.js`, in Python.

It reads the very files `build_search_files` produced, step for step as the
browser does, so ranking and false-positive removal are testable without a
browser, and the benchmark can count the bytes a query downloads. Keep the two
in lockstep: tests/test_search_index.py compares them in Chromium.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from . import codec
from .facets import Facets, FacetTable, Filters
from .index import ROOT
from .text import field_class, fold, is_word, query_grams, query_terms, shard_hash

PAGE_SIZE = 10
SNIPPET_CHARS = 110
SNIPPET_BEFORE = 24

Segments = tuple[tuple[str, bool], ...]  # (text, highlighted)


@dataclass(frozen=True, kw_only=True)
class Hit:
    id: int
    url: str
    title: Segments
    date: str
    unit: str
    meta: tuple[Segments, ...]  # campaign/alias entries that contain a term
    snippet: Segments


@dataclass(frozen=True, kw_only=True)
class Results:
    terms: tuple[str, ...]
    hits: tuple[Hit, ...]
    candidates: int  # documents holding every bigram of the query
    total: int | None  # exact number of matching documents, when known
    too_short: bool = False  # no term has a letter or digit
    title_only: bool = False  # a one-character term: searched in the titles only
    exact: bool = False  # candidates are the matching documents (no text check needed)
    facets: Facets | None = None  # counts per year/unit/type, when filters were asked for
    loaded: tuple[str, ...] = ()  # files a browser downloads, in order

    @property
    def urls(self) -> list[str]:
        return [hit.url for hit in self.hits]


def search(files: Mapping[str, str], query: str, limit: int = PAGE_SIZE,
           filters: Filters | None = None) -> Results:
    """`filters` None: no filter, and facets.js is not loaded (the browser
    loads it only once the reader opens the filters); Filters(): facet counts
    without narrowing."""
    loaded: list[str] = []

    def load(path: str) -> object:
        loaded.append(path)
        return codec.parse_script(files[path])[2]

    terms = query_terms(query)
    looked_up = [query_grams(term) for term in terms]
    term_grams = [sorted(set(gs)) for gs, _ in looked_up]
    title_only = any(only for _, only in looked_up)
    grams = sorted({g for gs in term_grams for g in gs})
    if not grams:
        return Results(terms=tuple(terms), hits=(), candidates=0, total=0, too_short=True)
    # search.js carries the manifest (index.py): no download.
    manifest = codec.parse_script(files[ROOT + "manifest.js"])[2]
    shard_ids = {g: shard_of(manifest, g) for g in grams}
    shards = {s: load(f"{ROOT}s/{s}.js") for s in sorted(set(shard_ids.values()))}
    lists = {}
    for g in grams:
        encoded = shards[shard_ids[g]]["k"].get(g, "")
        lists[g] = {doc: (tf, flags) for doc, tf, flags in codec.decode_postings(encoded)}
    ranked = rank(lists, term_grams)
    facets = None
    if filters is not None:
        table = FacetTable.read(load(ROOT + "facets.js"))
        facets = table.counts(ranked, filters)
        # Before any document file is opened: a filter only saves downloads.
        ranked = [doc for doc in ranked if table.passes(doc, filters)]
    # A two-character term is exactly one indexed bigram, a one-character
    # term one indexed title character: nothing to verify.
    exact = all(len(t) in (1, 2) and all(is_word(ch) for ch in t) for t in terms)
    hits: list[Hit] = []
    checked = 0
    while len(hits) < limit and checked < len(ranked):
        batch = ranked[checked : checked + limit - len(hits)]
        checked += len(batch)
        for doc in batch:
            record = load(f"{ROOT}d/{doc}.js")
            if matches(record, terms):
                hits.append(make_hit(doc, record, terms))
    if exact:
        total: int | None = len(ranked)
    elif checked == len(ranked):
        total = len(hits)
    else:
        total = None
    return Results(
        terms=tuple(terms),
        hits=tuple(hits),
        candidates=len(ranked),
        total=total,
        title_only=title_only,
        exact=exact,
        facets=facets,
        loaded=tuple(loaded),
    )


def shard_of(manifest: dict, gram: str) -> int:
    """The number of the shard file holding `gram`: the file the manifest
    names for it (index.SOLO_BYTES; several bigrams may share one,
    index.solo_groups), else by its hash."""
    return manifest["solo"].get(gram, shard_hash(gram) % manifest["shards"])


def rank(lists: dict[str, dict[int, tuple[int, int]]], term_grams: list[list[str]]) -> list[int]:
    """Candidates best first: the field class (title, then unit/campaign/alias,
    then body, summed over terms), then more occurrences, then newer."""
    grams = sorted(lists, key=lambda g: (len(lists[g]), g))
    candidates = [doc for doc in lists[grams[0]] if all(doc in lists[g] for g in grams[1:])]
    keyed = []
    for doc in candidates:
        cls = 0
        for gs in term_grams:
            if not gs:
                continue
            common = 7
            for g in gs:
                common &= lists[g][doc][1]
            cls += field_class(common)
        occ = min(lists[g][doc][0] for g in grams)
        keyed.append((cls, -occ, doc))
    keyed.sort()
    return [doc for _, _, doc in keyed]


def fields(record: dict) -> list[str]:
    """A document's searchable texts; a head (index.head: no body, "x")
    gives the others, as the client checks one before its file arrives."""
    return [record["t"], record["n"], *record["m"], *([record["x"]] if "x" in record else [])]


def matches(record: dict, terms: list[str]) -> bool:
    folded = [fold(text) for text in fields(record)]
    return all(any(term in text for text in folded) for term in terms)


def highlight(text: str, terms: list[str]) -> Segments:
    """Split text into plain and marked runs; the longest term wins at each
    position, matches do not overlap."""
    folded = fold(text)
    by_length = sorted(terms, key=lambda t: (-len(t), t))
    out: list[tuple[str, bool]] = []
    plain_start = 0
    i = 0
    while i < len(text):
        term = next((t for t in by_length if folded.startswith(t, i)), None)
        if term is None:
            i += 1
            continue
        if plain_start < i:
            out.append((text[plain_start:i], False))
        out.append((text[i : i + len(term)], True))
        i += len(term)
        plain_start = i
    if plain_start < len(text):
        out.append((text[plain_start:], False))
    return tuple(out)


def snippet(body: str, terms: list[str]) -> Segments:
    folded = fold(body)
    found = [p for p in (folded.find(t) for t in terms) if p >= 0]
    start = max(0, min(found) - SNIPPET_BEFORE) if found else 0
    end = min(len(body), start + SNIPPET_CHARS)
    segments = list(highlight(body[start:end], terms))
    if start > 0:
        segments.insert(0, ("…", False))
    if end < len(body):
        segments.append(("…", False))
    return tuple(segments)


def make_hit(doc: int, record: dict, terms: list[str]) -> Hit:
    meta = tuple(
        highlight(m, terms) for m in record["m"] if any(t in fold(m) for t in terms)
    )
    return Hit(
        id=doc,
        url=record["u"],
        title=highlight(record["t"], terms),
        date=record["d"],
        unit=record["n"],
        meta=meta,
        snippet=snippet(record["x"], terms),
    )
