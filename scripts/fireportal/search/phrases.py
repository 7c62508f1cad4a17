"""The first result of common title and field phrases, for the shards.

A shard carries the heads of its bigrams' best few documents (index.py
TOP_HEADS). A phrase of two or more bigrams (第31次, 5月份办公会,
专项整治三年行动) ranks its documents by all of them together (query.rank:
the field class they share, then the fewest occurrences of any), so its best
document can stand far down every one of its bigrams' lists (7th to 268th at
10,000 generated documents), and its first result waited for that
document's file. Here, for each phrase found in the titles, units and other
fields of at least PHRASE_MIN_DOCS documents, the document a query of exactly
that phrase ranks first among those whose fields hold it, named so that the
shard of one of the phrase's bigrams can carry its head (index.phrase_heads).

Only title and field phrases: a head holds the title and fields, so it shows
a result that certainly contains the phrase only when the phrase is in them.
A phrase found only in bodies still waits for the document file (unless the
excerpts of index.WINDOW hold it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .text import FLAG_META, FLAG_TITLE, word_runs

# A phrase in fewer documents' fields than this gets no head of its own: a
# real corpus's titles hold a million phrases of one or two documents, and a
# head each would double the index. Common phrases (unit names, meeting
# names, campaign names, 第31次) are the ones typed and the ones whose best
# document hides deep in long lists.
PHRASE_MIN_DOCS = 3
# Phrases of 3 to PHRASE_MAX_CHARS letters and digits: a unit name is up to
# 12 (葫芦岛经济区消防救援大队); one or two characters are one bigram, whose
# heads the shard already carries. Longer phrases (a unit, a month and a
# meeting together) are rarely typed whole, and each length is a pass over
# every title: 10,000 titles made of sample sentences took about 9 s of CPU
# up to 16 characters, 7 s up to 12.
PHRASE_MAX_CHARS = 12


@dataclass(frozen=True, slots=True)
class FieldRuns:
    """One document's runs of letters and digits in its title and fields
    (folded), each with, per bigram position, the document's field flags of
    that bigram and its number of occurrences, packed as tf * 8 + flags."""

    runs: tuple[tuple[str, tuple[int, ...]], ...]


def field_runs(texts: Iterable[str], counts: Mapping[str, int], flags: Mapping[str, int],
               cap: int) -> FieldRuns:
    """`texts`: the document's title and fields, folded; `counts`/`flags`:
    the document's bigram counts and field flags (all its fields and body);
    `cap`: the stored tf's cap, as the client ranks with it."""
    runs = sorted({run for text in texts for run in word_runs(text) if len(run) >= 3}, key=lambda r: (-len(r), r))
    out = []
    for n, run in enumerate(runs):
        # A run inside a longer one (the unit name, in the title) has no
        # phrase of its own.
        if any(run in longer for longer in runs[:n]):
            continue
        packed = tuple(min(counts[run[i : i + 2]], cap) * 8 + flags[run[i : i + 2]] for i in range(len(run) - 1))
        out.append((run, packed))
    return FieldRuns(runs=tuple(out))


def _rank_key(packed: tuple[int, ...], start: int, length: int) -> tuple[int, int]:
    """(field class, -fewest occurrences) of the covering bigrams of the
    phrase run[start:start+length] (text.covering_bigrams: every other one,
    and the last), as query.rank scores a one-term query."""
    last = start + length - 2
    common = packed[last]
    fewest = common >> 3
    for p in range(start, last, 2):
        value = packed[p]
        common &= value
        if value >> 3 < fewest:
            fewest = value >> 3
    return (0 if common & FLAG_TITLE else 1 if common & FLAG_META else 2), -fewest


def phrase_leads(docs: list[FieldRuns], min_docs: int = PHRASE_MIN_DOCS,
                 max_chars: int = PHRASE_MAX_CHARS) -> dict[str, tuple[int, int]]:
    """{phrase: (documents whose title or fields hold it, id of the one
    ranked first for it among them)}, for phrases held by at least
    `min_docs` documents. Ids are list indexes, smaller is newer (ties go to
    it, as in query.rank).

    Phrases grow a character at a time: a phrase is counted only where both
    its shorter halves were common, so the work follows the common phrases,
    not every substring of every title."""
    leads: dict[str, tuple[int, int]] = {}
    # Per document, per run, the starts whose phrase of the last length was
    # common: a longer phrase can only start at one whose next start was too.
    alive = [[range(len(run) - 2) for run, _ in doc.runs] for doc in docs]
    for length in range(3, max_chars + 1):
        # First count (a set per document, counted in C), then rank only
        # the common phrases' documents: most phrases of varied titles are rare.
        count: Counter[str] = Counter()
        starts_of: list[list[list[int]]] = []
        for doc, doc_alive in zip(docs, alive, strict=True):
            doc_starts = []
            phrases = set()
            for (run, _), starts in zip(doc.runs, doc_alive, strict=True):
                end = len(run) - length
                if length > 3:
                    later = set(starts)
                    starts = [st for st in starts if st <= end and st + 1 in later]
                doc_starts.append(starts)
                phrases.update(run[st : st + length] for st in starts)
            count.update(phrases)
            starts_of.append(doc_starts)
        common = {phrase for phrase, n in count.items() if n >= min_docs}
        if not common:
            break
        best: dict[str, tuple[int, int, int]] = {}
        alive = []
        for ident, (doc, doc_starts) in enumerate(zip(docs, starts_of, strict=True)):
            doc_alive = []
            for (run, packed), starts in zip(doc.runs, doc_starts, strict=True):
                kept = []
                for st in starts:
                    phrase = run[st : st + length]
                    if phrase in common:
                        kept.append(st)
                        key = (*_rank_key(packed, st, length), ident)
                        if key < best.get(phrase, _WORST):
                            best[phrase] = key
                doc_alive.append(kept)
            alive.append(doc_alive)
        for phrase in sorted(common):
            leads[phrase] = (count[phrase], best[phrase][2])
    return leads


_WORST = (3, 0, 0)
