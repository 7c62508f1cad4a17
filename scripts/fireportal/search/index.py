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
  manifest.js   shard count, the common bigrams' files, document
                count, content version; also appended to search.js, so a
                first query starts with its shards instead of waiting for
                this file
  s/<n>.js      for n < shards, the bigrams hashing to shard n; from there
                on the common bigrams, one or a few that fields use
                together each (manifest "solo": {bigram: n}, solo_groups):
                {"k": {bigram: posting list}, "t": {bigram: [list length,
                its best ids]}, "h": {id: document head}, "w": {bigram: [body
                around it in each of its best documents]}}, see
                _shard_payload
  d/<id>.js     one document: url, title, date, unit, meta terms, body text
  facets.js     year, unit and type of every document, for the filters;
                loaded only when the reader opens them (see facets.py)
  search.js, search.css   the client, copied from ./assets
Document ids are ranks in (newest date first, url) order, so "newer" is
"smaller id" and the postings need no dates.
"""

from __future__ import annotations

import bisect
import hashlib
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import codec
from .facets import build_facets
from .phrases import FieldRuns, field_runs, phrase_leads
from .text import (FLAG_BODY, FLAG_META, FLAG_TITLE, bigrams, covering_bigrams, display, field_class, fold,
                   shard_hash, title_chars)

ROOT = "assets/fireportal-search/"
ASSETS = Path(__file__).parent / "assets"
CLIENT_FILES = ("search.js", "search.css")
HASH_NAME = "fnv1a32-codepoints-fmix32"
FORMAT = 4

# Each shard names the best TOP_IDS documents of each of its bigrams, in the
# order a query of that bigram alone ranks them, and carries the head (the
# document file without its body) of the best TOP_HEADS. A two-character
# query (消防) then shows its first results when its shard arrives, without
# decoding a 10,000-entry list or waiting for a second round of files; the
# document files only fill in the snippets. Heads of the best five, not
# three, also cover the first result of a unit name (盘锦市消防救援支队) at
# 10,000 documents. Heads count towards a shard's size, so a query downloads
# about as many bytes as without them, in more, smaller shards; the index
# grows by 2.5 KB per document (generated corpus; 3.2 KB before), ids cost
# almost nothing.
TOP_IDS = 10
TOP_HEADS = 5

# With each of those heads, the body around the bigram's first place in it,
# WINDOW characters either side: a phrase the head lacks (火灾隐患, found by
# 隐患 in the body of 隐患's best document) is then certainly in that
# document, and its result shows without waiting for its file. The search
# files grow by 0.3 KB a document (60.8 to 63.9 MB at 10,000 generated
# documents); a query's shards by 0-10 KB.
WINDOW = 8

# A phrase of several bigrams (5月份办公会) ranks its documents by all of
# them, so its best can be far down each bigram's list: each shard also
# carries the heads of the first documents of common title and field phrases
# (phrases.py), at most PHRASE_HEADS per bigram so that no shard grows much.
# At 10,000 generated documents, 296 of 300 phrases drawn from titles and
# fields show their first result from their shards (262 without), for 0.3 MB
# more search files; 2 per bigram left 5月份办公会 waiting, 16 doubled the
# heads added (2,013 against 1,037, phrases up to 16 characters) mostly for
# phrases nobody types (a unit, a month and a meeting run together).
PHRASE_HEADS = 8

# A query downloads the whole shard of each of its bigrams, most of it other
# bigrams' lists. At 50 KB shards, a unit name (5 bigrams) took 316 KB of
# shards at 10,000 documents for 73 KB of its own lists; at 12 KB, about
# 120 KB (benchmarks/bench_search.py --browser). The price is more, smaller
# files, each parsed faster (3,913 shards at 10,000 generated documents, the
# largest 45 KB, with SHARD_OTHERS_BYTES below).
SHARD_TARGET_BYTES = 12_000
# And no shard holds more than this besides its largest bigram. The common
# bigrams' lists are long (消防 is on every document: 30 KB at 10,000), and
# a shard that drew several of them, or one and many others, was downloaded
# whole by every query of any bigram in it: with only a 48 KB cap per shard,
# the same 10 typical queries typed key by key took 222 to 295 KB at the
# maximum depending on the shard count alone. Bounding the rest of a shard
# instead took the mean over 400 phrases of the generated corpus's titles,
# fields and bodies from 104 to 88 KB key by key (p90 194 to 175 KB), at
# 3,900 shards instead of 2,650 (10,000 documents).
SHARD_OTHERS_BYTES = 24_000
# The slowest queries (a unit name, a campaign) are those of several common
# bigrams, each the largest of its shard and downloaded with up to
# SHARD_OTHERS_BYTES of other bigrams. A bigram that adds this much or more
# to a shard (its list, best ids, heads and windows) gets a file of its own
# instead, named in the manifest. At 10,000 generated documents: 144
# bigrams (2 KB more manifest in search.js), the hashed shards 3,913 ->
# 4,186 files; the shards of 专项整治三年行动 100 -> 76 KB, of
# 盘锦市消防救援支队 117 -> 93 KB, and of all its prefixes typed key by key
# 220 -> 184 KB; over 400 phrases drawn from titles, fields and bodies
# (estimated from the bigrams' costs) 59 -> 46 KB on average committed,
# 98 -> 76 KB typed key by key.
SOLO_BYTES = 12_000
# At most this many, the costliest: the manifest is part of search.js, and a
# larger corpus has more bigrams past SOLO_BYTES (256 take about 4 KB).
SOLO_MAX = 256
# Those bigrams share files with the bigrams that whole fields (unit names,
# campaigns) look up together, up to this many bytes a file (the sum of the
# bigrams' costs; an upper bound, as heads they share are written once). A
# query's time in the browser goes with the number of files it loads more
# than with their bytes (the same bytes in one file instead of 5: the worst
# next query 34 -> 18 ms from file://, 88 -> 30 ms over http, at 10,000
# generated documents), and the slow queries are unit and campaign names of
# 4-5 such bigrams. A query of one bigram of a shared file downloads the
# others too, hence the cap. At 10,000 generated documents: 144 bigrams in
# 134 files; 盘锦市消防救援支队 5 -> 3 files (133 KB either way, and its
# prefixes typed key by key 226 -> 226 KB), 专项整治三年行动 4 -> 2 files
# (128 -> 165 KB); the 16 typical queries of benchmarks/bench_search.py 35 ->
# 31 files, at most 139 -> 165 KB committed (estimated with query.search).
GROUP_BYTES = 64_000
# A bigram costing more than this share of the cap keeps its file alone: the
# costliest lists are the commonest bigrams (消防, 安全, 救援), typed alone and
# looked up by the prefixes of many phrases typed key by key (盘锦市消防 looks
# up 消防), each of which would download its partners too. Sharing them took
# the unit name typed key by key from 226 to 287 KB (the limit: 274).
MEMBER_SHARE = 0.4


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


def build_search_files(docs: Sequence[SearchDoc], *, solo_bytes: int = SOLO_BYTES,
                       group_bytes: int = GROUP_BYTES) -> dict[str, str]:
    """{site-relative path: file content}; same input, byte-identical output.
    `solo_bytes`: SOLO_BYTES (lower in tests, so that a small corpus has
    bigrams in files of their own); `group_bytes`: GROUP_BYTES (0: one
    bigram a file)."""
    ordered = _ordered(docs)
    records = [_record(doc) for doc in ordered]
    postings, tops, runs = _postings(records)
    extra = phrase_heads(phrase_leads(runs), tops)
    shards, hashed, solo = _shards(postings, tops, records, extra, solo_bytes, group_bytes)
    # The index's working tables, and then the records, are not read again:
    # each is dropped before the files that follow are made, which take about
    # as much again (3,000 sources: 26 MB traced at the end instead of 41).
    del postings, tops, runs, extra
    files: dict[str, str] = {}
    for ident, record in enumerate(records):
        files[f"{ROOT}d/{ident}.js"] = codec.script("doc", record, ident)
    del records
    for ident, shard in enumerate(shards):
        files[f"{ROOT}s/{ident}.js"] = codec.script("shard", shard, ident)
    files[f"{ROOT}facets.js"] = codec.script("facets", build_facets(ordered))
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + files[path].encode() + b"\0")
    manifest = {
        "docs": len(ordered),
        "format": FORMAT,
        "hash": HASH_NAME,
        "shards": hashed,
        "solo": solo,
        "v": digest.hexdigest()[:16],
    }
    files[f"{ROOT}manifest.js"] = codec.script("manifest", manifest)
    for name in CLIENT_FILES:
        files[ROOT + name] = (ASSETS / name).read_text(encoding="utf-8")
    files[ROOT + "search.js"] += codec.script("manifest", manifest)
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
    """({key: occurrences}, {key: field flags}) of one document: its bigrams
    counted over title, unit, other fields and body in that order, then
    the title's single characters."""
    counts: Counter = Counter()
    fields = [(record["t"], FLAG_TITLE), (record["n"], FLAG_META)]
    fields += [(term, FLAG_META) for term in record["m"]]
    grams_of = [(bigrams(fold(text)), flag) for text, flag in fields]
    body = bigrams(fold(record["x"]))
    for grams, _ in grams_of:
        counts.update(grams)
    counts.update(body)
    # The body's bigrams are most of a document's: their flags are set in
    # one call, and the few of the title and fields OR'd in after (the flags
    # are the same whatever the order of the ORs).
    flags: dict[str, int] = dict.fromkeys(body, FLAG_BODY)
    for grams, flag in grams_of:
        for gram in set(grams):
            flags[gram] = flags.get(gram, 0) | flag
    # Single characters of the title, for one-character queries (火).
    chars = title_chars(fold(record["t"]))
    counts.update(chars)
    flags.update(dict.fromkeys(chars, FLAG_TITLE))
    return counts, flags


# (class, -tf) of a posting as one number, smaller is better: this per flags
# value, minus the tf (capped as codec stores it).
_RANK_BASE = tuple(field_class(f) * (codec.TF_CAP + 1) + codec.TF_CAP for f in range(8))
_NONE = 1 << 62


def _postings(records: list[dict]) -> tuple[dict[str, bytearray], dict[str, list[int]], list[FieldRuns]]:
    """({bigram: encoded posting list}, {bigram: [length, best TOP_IDS ids]},
    [each document's title and field runs, for phrases.phrase_leads]), built
    in one pass in id order."""
    # Per bigram [last id, the rank number a document must beat to enter
    # its best, its encoded postings so far]: one lookup a posting.
    lists: dict[str, list] = {}
    # Per bigram the best [(rank number, id)] so far, at most TOP_IDS, best
    # first. Ids only grow, so a tie never enters: one comparison for
    # nearly every posting.
    best: dict[str, list[tuple[int, int]]] = {}
    base, cap, none, keep = _RANK_BASE, codec.TF_CAP, _NONE, TOP_IDS
    small = tuple(v.encode("ascii") for v in codec.SMALL)
    small_below = len(small)
    runs: list[FieldRuns] = []
    for ident, record in enumerate(records):
        counts, flags = _doc_bigrams(record)
        runs.append(field_runs([fold(t) for t in (record["t"], record["n"], *record["m"])], counts, flags, cap))
        for gram, tf in counts.items():
            flag = flags[gram]
            if tf > cap:
                tf = cap
            second = tf * 8 + flag
            # codec.encode_posting, inlined: the gap to the bigram's last
            # document minus one, then tf * 8 + flags (tf capped).
            known = lists.get(gram)
            if known is None:
                gap = ident
                known = lists[gram] = [ident, none, bytearray()]
            else:
                gap = ident - known[0] - 1
                known[0] = ident
            known[2] += small[gap] if gap < small_below else _varint_bytes(gap)
            known[2] += small[second] if second < small_below else _varint_bytes(second)
            key = base[flag] - tf
            if key < known[1]:
                top = best.setdefault(gram, [])
                bisect.insort(top, (key, ident))
                if len(top) >= keep:
                    del top[keep:]
                    known[1] = top[-1][0]
    postings = {gram: known[2] for gram, known in lists.items()}
    tops = {gram: [codec.posting_count(p), *(i for _, i in best[gram])] for gram, p in postings.items()}
    return postings, tops, runs


def _varint_bytes(n: int) -> bytes:
    return codec.varint(n).encode("ascii")


def phrase_heads(leads: dict[str, tuple[int, int]], tops: dict[str, list[int]],
                 per_gram: int = PHRASE_HEADS) -> dict[str, list[int]]:
    """{bigram: ids whose heads its shard carries besides its best
    TOP_HEADS}: the first document of each common phrase (phrases.py) that
    no bigram of the phrase names among its best, with the rarest of the
    phrase's bigrams that has room (at most `per_gram` each), the phrases in
    most documents first, then the shorter."""
    extra: dict[str, list[int]] = {}
    for phrase, (_, ident) in sorted(leads.items(), key=lambda kv: (-kv[1][0], len(kv[0]), kv[0])):
        grams = covering_bigrams(phrase)
        if any(ident in tops[g][1 : 1 + TOP_HEADS] or ident in extra.get(g, ()) for g in grams):
            continue
        # The rarest bigram: its shard holds fewer other long lists, and the
        # head is loaded by every query of the phrase whichever it is with.
        room = [g for g in grams if len(extra.get(g, ())) < per_gram]
        if room:
            extra.setdefault(min(room, key=lambda g: (tops[g][0], g)), []).append(ident)
    return {gram: sorted(ids) for gram, ids in sorted(extra.items())}


def head(record: dict) -> dict:
    """A document file without its body: all a result shows but the snippet."""
    return {key: value for key, value in record.items() if key != "x"}


def shard_count(costs: dict[str, int], hashes: dict[str, int]) -> int:
    """Fewest shards, starting from the target size, none of which holds
    more than SHARD_OTHERS_BYTES besides its largest bigram. Grown by 5%
    at a time: the condition is met at a count by chance of the hashes, not
    from some count on."""
    n = max(1, math.ceil(sum(costs.values()) / SHARD_TARGET_BYTES))
    while n < len(costs):
        sizes = [0] * n
        largest = [0] * n
        for gram, cost in costs.items():
            at = hashes[gram] % n
            sizes[at] += cost
            if cost > largest[at]:
                largest[at] = cost
        if max(size - top for size, top in zip(sizes, largest, strict=True)) <= SHARD_OTHERS_BYTES:
            break
        n = math.ceil(n * 1.05)
    return n


def window(body: str, folded: str, gram: str) -> str:
    """The body around the first place of `gram` in it (`folded`: the body
    folded, same offsets), WINDOW characters either side; "" if not there."""
    at = folded.find(gram)
    return "" if at < 0 else body[max(0, at - WINDOW) : at + len(gram) + WINDOW]


def _windows(grams: list[str], tops: dict[str, list[int]], records: list[dict],
             folded: list[str]) -> dict[str, list[str]]:
    """{bigram: [window in each of its best TOP_HEADS documents]}, for the
    bigrams found in the body of any of them (not single title characters)."""
    out = {}
    for g in grams:
        if len(g) < 2:
            continue
        texts = [window(records[i]["x"], folded[i], g) for i in tops[g][1 : 1 + TOP_HEADS]]
        while texts and not texts[-1]:
            texts.pop()
        if texts:
            out[g] = texts
    return out


def _shards(postings: dict[str, bytearray], tops: dict[str, list[int]], records: list[dict],
            extra: dict[str, list[int]], solo_bytes: int, group_bytes: int) -> tuple[list[dict], int, dict[str, int]]:
    """(payload of each shard file, the number of hashed shards, {bigram:
    its file} for the bigrams that cost solo_bytes or more, grouped by
    solo_groups)."""
    hashes = {gram: shard_hash(gram) for gram in postings}
    heads = [len(codec.to_json(head(r)).encode()) + 8 for r in records]
    folded = [fold(r["x"]) for r in records]
    windows = _windows(list(postings), tops, records, folded)
    # Bytes the bigram adds to its shard file: "key":"value", "key":[top
    # ids], its heads (fewer when another bigram of the shard shares them)
    # and windows.
    costs = {gram: 2 * len(gram.encode()) + len(p) + 10 + len(codec.to_json(tops[gram]))
             + sum(heads[i] for i in _head_ids(gram, tops, extra))
             + (len(codec.to_json(windows[gram]).encode()) + 2 * len(gram.encode()) + 6 if gram in windows else 0)
             for gram, p in postings.items()}
    past = sorted((gram for gram, cost in costs.items() if cost >= solo_bytes), key=lambda g: (-costs[g], g))
    solo = sorted(past[:SOLO_MAX])
    alone = set(solo)
    hashed = {gram: cost for gram, cost in costs.items() if gram not in alone}
    n = shard_count(hashed, hashes)
    grams: list[list[str]] = [[] for _ in range(n)]
    for gram in sorted(hashed):
        grams[hashes[gram] % n].append(gram)
    groups = solo_groups({g: costs[g] for g in solo}, field_pairs(records, alone), group_bytes)
    grams += groups
    payloads = [_shard_payload(gs, postings, tops, records, windows, extra) for gs in grams]
    return payloads, n, {gram: n + i for i, group in enumerate(groups) for gram in group}


def field_pairs(records: list[dict], grams: set[str]) -> dict[tuple[str, str], int]:
    """{(a, b), a < b: documents with a unit, campaign or other field (not
    the title) whose query looks up both a and b}, for the bigrams `grams`.
    Whole fields are what readers type whole (a unit name, a campaign), and
    only the bigrams such a query looks up count (covering_bigrams). Any
    common substring of a field or title (phrases.phrase_leads) weighed
    pairs no query uses together, aligned differently (at 10,000 documents
    that grouped 三年 with 安全, and made the unit name slower)."""
    fields: Counter = Counter()
    for record in records:
        fields.update({fold(text) for text in (record["n"], *record["m"])})
    pairs: Counter = Counter()
    for text, count in fields.items():
        used = sorted({g for g in covering_bigrams(text) if g in grams})
        for i, a in enumerate(used):
            for b in used[i + 1 :]:
                pairs[a, b] += count
    return dict(pairs)


def solo_groups(costs: dict[str, int], pairs: dict[tuple[str, str], int], cap: int) -> list[list[str]]:
    """The bigrams of `costs` in files: pairs used together in the most
    documents first (`pairs`, field_pairs), each joining the two files if
    neither bigram costs more than MEMBER_SHARE of `cap` and the files'
    costs sum to at most `cap` (greedy, as Kruskal's algorithm with a size
    bound). Each file's bigrams sorted, the files in the order of their
    first bigram: the same input gives the same files."""
    group = {g: (g,) for g in costs}
    for a, b in sorted(pairs, key=lambda ab: (-pairs[ab], ab)):
        if max(costs[a], costs[b]) > cap * MEMBER_SHARE:
            continue
        ga, gb = group[a], group[b]
        if ga is gb or sum(costs[g] for g in ga + gb) > cap:
            continue
        joined = ga + gb
        for g in joined:
            group[g] = joined
    return sorted({id(gs): sorted(gs) for gs in group.values()}.values())


def _head_ids(gram: str, tops: dict[str, list[int]], extra: dict[str, list[int]]) -> set[int]:
    return {*tops[gram][1 : 1 + TOP_HEADS], *extra.get(gram, ())}


def _shard_payload(grams: list[str], postings: dict[str, bytearray], tops: dict[str, list[int]],
                   records: list[dict], windows: dict[str, list[str]], extra: dict[str, list[int]]) -> dict:
    """{"k": {bigram: posting list}, "t": {bigram: [length, best ids]},
    "h": {id: head of the best TOP_HEADS ids of any bigram here, and of the
    first documents of the common phrases given to one (phrase_heads)},
    "w": {bigram: [window in each of its best TOP_HEADS documents]}}."""
    ids = sorted({i for g in grams for i in _head_ids(g, tops, extra)})
    return {
        "h": {str(i): head(records[i]) for i in ids},
        "k": {g: postings[g].decode("ascii") for g in grams},
        "t": {g: tops[g] for g in grams},
        "w": {g: windows[g] for g in grams if g in windows},
    }
