"""Build the static search files: a sharded character-bigram index.

Single characters of titles are indexed too (keys of one character), so a
one-character query searches the titles.

Why bigrams: Chinese has no spaces, and readers expect any typed string to be
found inside longer words (安全 in 消防安全). Every string of two or more
characters is the conjunction of its bigrams; the client then checks the exact
string in the document text, so bigrams that occur apart never produce a hit.

Why `<script>` files: from file:// browsers block fetch, XHR and WebAssembly,
but still run `<script src>`; each file calls `window.__fpSearch.<kind>()`.

Files (all under ROOT):
  manifest.js   shard count, document count, content version
  s/<n>.js      {bigram: posting list} for the bigrams hashing to shard n
  d/<id>.js     one document: url, title, date, unit, meta terms, body text
  facets.js     year, unit and type of every document, for the filters;
                loaded only when the reader opens them (see facets.py)
  search.js, search.css   the client, copied from ./assets
Document ids are ranks in (newest date first, url) order, so "newer" is
"smaller id" and the postings need no dates.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import codec
from .facets import build_facets
from .text import FLAG_BODY, FLAG_META, FLAG_TITLE, bigrams, display, fold, shard_hash, title_chars

ROOT = "assets/fireportal-search/"
ASSETS = Path(__file__).parent / "assets"
CLIENT_FILES = ("search.js", "search.css")
HASH_NAME = "fnv1a32-codepoints-fmix32"
FORMAT = 1

# A query downloads the whole shard of each of its bigrams, most of it other
# bigrams' lists. At 50 KB shards, a unit name (5 bigrams) took 316 KB of
# shards at 10,000 documents for 73 KB of its own lists; at 12 KB, about
# 120 KB (benchmarks/bench_search.py --browser). The price is more, smaller
# files: 1,987 shards at 10,000 documents (the largest 47 KB), each parsed faster.
SHARD_TARGET_BYTES = 12_000
# No shard above this, unless one list alone is more than half of it (消防 is
# on every document: 30 KB at 10,000); then twice that list is the limit.
SHARD_LIMIT_BYTES = 48_000


@dataclass(frozen=True, kw_only=True)
class SearchDoc:
    url: str  # site-relative URL of the page, e.g. "doc/2022-000-c2bcaf24751ad1bb/"
    title: str
    date: str  # "2022-05-06", "2022-05", "2022" or ""
    unit: str
    campaigns: tuple[str, ...]
    text: str  # the cleaned body text (plain, may contain newlines)
    extra: tuple[str, ...] = ()  # unit short names/aliases, departments, doc type, author
    # For the filters only (facets.js): the unit and the units above it, top
    # first (辽宁省消防救援总队, 盘锦市消防救援支队), as the unit pages place
    # the document; empty: `unit` alone. And the type (主题分类).
    units: tuple[str, ...] = ()
    doc_type: str = ""


def build_search_files(docs: Sequence[SearchDoc]) -> dict[str, str]:
    """{site-relative path: file content}; same input, byte-identical output."""
    ordered = _ordered(docs)
    records = [_record(doc) for doc in ordered]
    postings = _postings(records)
    shards = _shards(postings)
    files: dict[str, str] = {}
    for ident, record in enumerate(records):
        files[f"{ROOT}d/{ident}.js"] = codec.script("doc", record, ident)
    for ident, shard in enumerate(shards):
        files[f"{ROOT}s/{ident}.js"] = codec.script("shard", shard, ident)
    files[f"{ROOT}facets.js"] = codec.script("facets", build_facets(ordered))
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + files[path].encode() + b"\0")
    manifest = {
        "docs": len(records),
        "format": FORMAT,
        "hash": HASH_NAME,
        "shards": len(shards),
        "v": digest.hexdigest()[:16],
    }
    files[f"{ROOT}manifest.js"] = codec.script("manifest", manifest)
    for name in CLIENT_FILES:
        files[ROOT + name] = (ASSETS / name).read_text(encoding="utf-8")
    return dict(sorted(files.items()))


def _ordered(docs: Sequence[SearchDoc]) -> list[SearchDoc]:
    # Two stable sorts: url ascending breaks ties within a date, newest first.
    by_url = sorted(docs, key=lambda d: (d.url, d.title, d.text, d.units, d.doc_type))
    return sorted(by_url, key=lambda d: d.date, reverse=True)


def _record(doc: SearchDoc) -> dict:
    meta: list[str] = []
    for term in (*doc.campaigns, *doc.extra):
        shown = display(term)
        if shown and shown not in meta and shown != display(doc.unit):
            meta.append(shown)
    return {
        "d": doc.date,
        "m": meta,
        "n": display(doc.unit),
        "t": display(doc.title),
        "u": doc.url,
        "x": display(doc.text),
    }


def _doc_bigrams(record: dict) -> tuple[Counter, dict[str, int]]:
    counts: Counter = Counter()
    flags: dict[str, int] = {}
    fields = [(record["t"], FLAG_TITLE), (record["n"], FLAG_META)]
    fields += [(term, FLAG_META) for term in record["m"]]
    fields.append((record["x"], FLAG_BODY))
    for text, flag in fields:
        grams = bigrams(fold(text))
        counts.update(grams)
        for gram in set(grams):
            flags[gram] = flags.get(gram, 0) | flag
    # Single characters of the title, for one-character queries (火).
    chars = title_chars(fold(record["t"]))
    counts.update(chars)
    for ch in set(chars):
        flags[ch] = FLAG_TITLE
    return counts, flags


def _postings(records: list[dict]) -> dict[str, bytearray]:
    """{bigram: encoded posting list}, built in one pass in id order."""
    postings: dict[str, bytearray] = {}
    last: dict[str, int] = {}
    for ident, record in enumerate(records):
        counts, flags = _doc_bigrams(record)
        for gram, tf in counts.items():
            encoded = codec.encode_posting(ident - last.get(gram, -1) - 1, tf, flags[gram])
            if gram in postings:
                postings[gram] += encoded.encode("ascii")
            else:
                postings[gram] = bytearray(encoded.encode("ascii"))
            last[gram] = ident
    return postings


def shard_limit(costs: dict[str, int]) -> int:
    """The largest shard allowed: SHARD_LIMIT_BYTES, or twice the longest
    list, so that a few huge lists do not split the index into one file per
    bigram."""
    return max(SHARD_LIMIT_BYTES, 2 * max(costs.values(), default=0))


def shard_count(costs: dict[str, int], hashes: dict[str, int]) -> int:
    """Fewest shards, starting from the target size, whose largest one stays
    under the limit (a few very common bigrams can crowd one shard)."""
    n = max(1, math.ceil(sum(costs.values()) / SHARD_TARGET_BYTES))
    limit = shard_limit(costs)
    while n < len(costs):
        sizes = [0] * n
        for gram, cost in costs.items():
            sizes[hashes[gram] % n] += cost
        if max(sizes) <= limit:
            break
        n = math.ceil(n * 1.25)
    return n


def _shards(postings: dict[str, bytearray]) -> list[dict[str, str]]:
    hashes = {gram: shard_hash(gram) for gram in postings}
    # Bytes the entry adds to its shard file: "key":"value",
    costs = {gram: len(gram.encode()) + len(p) + 6 for gram, p in postings.items()}
    n = shard_count(costs, hashes)
    shards: list[dict[str, str]] = [{} for _ in range(n)]
    for gram in sorted(postings):
        shards[hashes[gram] % n][gram] = postings[gram].decode("ascii")
    return shards
