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
shard of the phrase's first bigram can carry its head.

Only title and field phrases: a head holds the title and fields, so it shows
a result that certainly contains the phrase only when the phrase is in them.
A phrase once in a body is the document's alone to show.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .text import FLAG_META, FLAG_TITLE, word_runs

# A phrase in fewer documents' fields than this gets no head of its own: a
# real corpus's titles hold a million phrases of one or two documents, and a
# head each would double the index. Common phrases (unit names, meeting
# names, campaign names, 第31次) are the ones typed and the ones whose best
# document hides deep in long lists.
PHRASE_MIN_DOCS = 3
# Phrases of 3 to PHRASE_MAX_CHARS letters and digits (a unit name is 9, a
# campaign name up to 15); one or two characters are one bigram, whose heads
# the shard already carries.
PHRASE_MAX_CHARS = 16


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
        count: dict[str, int] = {}
        best: dict[str, tuple[int, int, int]] = {}
        found: list[list[list[int]]] = []
        for ident, doc in enumerate(docs):
            seen = set()
            starts_of = []
            for (run, packed), starts in zip(doc.runs, alive[ident], strict=True):
                later = set(starts) if length > 3 else None
                kept = []
                for start in starts:
                    if start + length > len(run) or (later is not None and start + 1 not in later):
                        continue
                    kept.append(start)
                    phrase = run[start : start + length]
                    if phrase in seen:  # the same rank key: the counts and flags are the document's
                        continue
                    seen.add(phrase)
                    count[phrase] = count.get(phrase, 0) + 1
                    key = (*_rank_key(packed, start, length), ident)
                    if phrase not in best or key < best[phrase]:
                        best[phrase] = key
                starts_of.append(kept)
            found.append(starts_of)
        common = {phrase for phrase, n in count.items() if n >= min_docs}
        if not common:
            break
        for phrase in sorted(common):
            leads[phrase] = (count[phrase], best[phrase][2])
        alive = [[[st for st in starts if run[st : st + length] in common]
                  for (run, _), starts in zip(doc.runs, found[ident], strict=True)]
                 for ident, doc in enumerate(docs)]
    return leads
