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
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import reduce
from itertools import repeat
from operator import add, and_, ge, mul, rshift

from .text import field_class, word_runs

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
# up to 16 characters, 7 s up to 12 (before phrase_leads worked once per
# distinct run text).
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
        # phrase of its own. Runs are letters and digits, so none is found
        # across the NUL that joins the longer ones.
        if n and run in "\0".join(runs[:n]):
            continue
        grams = list(map(add, run, run[1:]))
        tfs = map(min, map(counts.__getitem__, grams), repeat(cap))
        packed = tuple(map(add, map(mul, tfs, repeat(8)), map(flags.__getitem__, grams)))
        out.append((run, packed))
    return FieldRuns(runs=tuple(out))


def phrase_leads(docs: list[FieldRuns], min_docs: int = PHRASE_MIN_DOCS,
                 max_chars: int = PHRASE_MAX_CHARS) -> dict[str, tuple[int, int]]:
    """{phrase: (documents whose title or fields hold it, id of the one
    ranked first for it among them)}, for phrases held by at least
    `min_docs` documents. Ids are list indexes, smaller is newer (ties go to
    it, as in query.rank).

    Phrases grow a character at a time: a phrase is counted only where both
    its shorter halves were common, so the work follows the common phrases,
    not every substring of every title. A document holding a phrase holds
    both halves, so no common phrase is missed; and whether a start of a run
    is still alive depends only on the run's text, so it is worked out once
    per distinct text (a unit name is in thousands of documents' runs)."""
    leads: dict[str, tuple[int, int]] = {}
    texts: dict[str, int] = {}
    # Per document, the indexes of its runs' texts (for counting documents).
    doc_texts: list[list[int]] = []
    firsts: dict[tuple[str, tuple[int, ...]], int] = {}
    for ident, doc in enumerate(docs):
        doc_texts.append([texts.setdefault(run, len(texts)) for run, _ in doc.runs])
        for pair in doc.runs:
            firsts.setdefault(pair, ident)
    runs = list(texts)
    rankers = _rankers(runs, firsts, len(docs))
    # Per text, the starts whose phrase of the last length was common.
    alive = {t: range(len(run) - 2) for t, run in enumerate(runs) if len(run) >= 3}
    live_docs = doc_texts
    for length in range(3, max_chars + 1):
        candidates: dict[int, tuple[list[int], list[str]]] = {}
        phrase_sets: dict[int, set[str]] = {}
        for t, starts in alive.items():
            if length > 3:
                # A start whose next start was alive too (both halves common);
                # starts are ascending, so that is the next one in the list.
                # Start + 1 alive at length - 1 also keeps the phrase in the run.
                starts = [a for a, b in zip(starts, starts[1:]) if b == a + 1]
            if starts:
                run = runs[t]
                phrases = [run[st : st + length] for st in starts]
                candidates[t] = (starts, phrases)
                phrase_sets[t] = set(phrases)
        # Count documents, not occurrences: a phrase in a document's title and
        # in its unit counts once (a set per document, counted in C).
        # Counted a document at a time rather than from one list of every
        # document's phrases, which held 8.5 MB more at 10,957 documents.
        count: Counter[str] = Counter()
        still: list[list[int]] = []
        for doc in live_docs:
            phrases_of_doc = set().union(*filter(None, map(phrase_sets.get, doc)))
            if phrases_of_doc:
                still.append(doc)
                count.update(phrases_of_doc)
        # A document with no candidate left has none at any longer length.
        live_docs = still
        common = {phrase for phrase, n in count.items() if n >= min_docs}
        if not common:
            break
        best: dict[str, int] = {}
        alive = {}
        offsets = (*range(0, length - 2, 2), length - 2)
        # Rank numbers hold the id, so two documents never tie; the text's
        # are computed once it has a common phrase (nearly every text does).
        for t, (starts, phrases) in candidates.items():
            kept = []
            score: list[int] = []
            for st, phrase in zip(starts, phrases):
                if phrase in common:
                    if not kept:
                        score = _scores(rankers[t], offsets)
                    kept.append(st)
                    if phrase not in best or score[st] < best[phrase]:
                        best[phrase] = score[st]
            if kept:
                alive[t] = kept
        for phrase in sorted(common):
            leads[phrase] = (count[phrase], best[phrase] % len(docs))
    return leads


# A unit name in thousands of documents, each with its own counts, can
# leave thousands not left out; comparing each with all of them takes their
# square (10,000 documents with random counts of one unit name: 4.7 s, 0.6 s
# with 16). The first 16 leave out nearly as many (18,197 of 42,600
# documents' runs kept at 10,957 generated documents, 18,176 with all).
_FRONT_CHECKS = 16


# Per distinct run text, its documents' packed values in groups of the same
# flags: ((the flags, the rank number of each field class), [per document,
# its rank part per bigram]); None instead of the flags when the group's
# class is the same for every phrase of the run (it is then in the parts).
_Ranker = list[tuple[tuple[tuple[int, ...], list[int]] | None, list[tuple[int, ...]]]]


def _rankers(runs: list[str], firsts: dict[tuple[str, tuple[int, ...]], int], n_docs: int) -> list[_Ranker]:
    """What _scores needs to rank each text's phrases in the documents that
    have it. `firsts`: per (text, packed), the first document that has it.
    A phrase's rank in a document is one number, smaller is better:
    (field class * span + top - fewest) * n_docs + id, so that the phrase's
    is the maximum over its covering bigrams of their (top - tf) * n_docs +
    id, plus its class (query.rank: class, then most fewest, then the newer)."""
    tfs = [value >> 3 for _, packed in firsts for value in packed]
    top = max(tfs, default=0)
    span = top - min(tfs, default=0) + 1
    index = {run: t for t, run in enumerate(runs)}
    fronts: list[dict[tuple[int, ...], list[tuple[tuple[int, ...], int]]]] = [{} for _ in runs]
    # Ids ascending: a later document whose run and flags are an earlier
    # one's, with no more of any bigram, ranks no phrase of the run above it
    # (same class, fewest no more, the tie to the newer), so it can be no
    # phrase's first and is left out. (A later document with the same run
    # and packed values is not in `firsts` at all, for the same reason.)
    # Only the first _FRONT_CHECKS kept ones are compared with: keeping a
    # document that could be left out costs time, never a different result.
    for (run, packed), ident in firsts.items():
        flags = tuple(map(and_, packed, repeat(7)))
        tf = tuple(map(rshift, packed, repeat(3)))
        front = fronts[index[run]].setdefault(flags, [])
        if not any(all(map(ge, earlier, tf)) for earlier, _ in front[:_FRONT_CHECKS]):
            front.append((tf, ident))
    class_score = [field_class(flags) * span * n_docs for flags in range(8)]
    rankers: list[_Ranker] = []
    for groups in fronts:
        ranker: _Ranker = []
        for flags, front in groups.items():
            # The common flags of fewer bigrams have at least their bits, so
            # a phrase's class lies between the best single bigram's and that
            # of the whole run: where those agree, it is the same for all.
            same = field_class(reduce(and_, flags, 7))
            if same != min(map(field_class, flags), default=same):
                ranker.append(((flags, class_score),
                               [tuple((top - n) * n_docs + ident for n in tf) for tf, ident in front]))
            else:
                base = same * span + top
                ranker.append((None, [tuple((base - n) * n_docs + ident for n in tf) for tf, ident in front]))
        rankers.append(ranker)
    return rankers


def _scores(ranker: _Ranker, offsets: tuple[int, ...]) -> list[int]:
    """Per start of the text, the best rank number of its phrase whose
    covering bigrams (text.covering_bigrams: every other one, and the last)
    are at `offsets` from the start, as query.rank scores a one-term query,
    among the documents that have the text. Computed for every start at
    once, in C."""
    if len(ranker) == 1 and ranker[0][0] is None and len(ranker[0][1]) == 1:
        # A title in one document: the common case, alone for speed.
        parts = ranker[0][1][0]
        return list(map(max, *[parts[o:] for o in offsets]))
    ranked: list[Iterator[int]] = []
    for classes, group in ranker:
        worst = [map(max, *[parts[o:] for o in offsets]) for parts in group]
        score = worst[0] if len(worst) == 1 else map(min, *worst)
        if classes is not None:
            flags, class_score = classes
            common: Iterator[int] = iter(flags)
            for o in offsets[1:]:
                common = map(and_, common, flags[o:])
            score = map(add, map(class_score.__getitem__, common), score)
        ranked.append(score)
    return list(ranked[0] if len(ranked) == 1 else map(min, *ranked))
