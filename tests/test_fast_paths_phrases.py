"""`phrases.field_runs` (runs looked for in the longer ones joined, bigrams
looked up in C) and `phrases.phrase_leads`'s shortcuts (each distinct run text worked on
once, documents with the same run and packed values or with fewer of each
bigram left out, a run's class taken as fixed where its bigrams agree, the
rank as one number computed for every start at once) give what the plain
form, per document and per run, gives."""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fireportal.search.index import _doc_bigrams, _ordered, _record
from fireportal.search.phrases import FieldRuns, field_runs, phrase_leads
from fireportal.search.text import bigrams, fold
from fireportal.search import SearchDoc
from plain_forms import field_runs_plain, phrase_leads_plain

SETTINGS = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Runs made of few letters and of names that contain one another, so that
# phrases repeat within a run, across runs and across documents.
_NAMES = ["消防救援大队", "铁西消防救援大队", "沈阳市铁西区消防救援大队", "铁西区消防救援大队", "中山区消防救援大队",
          "市消防救援大队", "铁西大队", "大队大队大队", "消防消防"]
_RUN = st.one_of(st.sampled_from(_NAMES), st.sampled_from(_NAMES[:4]),
                 st.text(alphabet="消防救援大队", min_size=1, max_size=9))
# Per run, flags that all its bigrams share (a title's, a unit's, or none)
# with other bits on some, so that some runs' class is fixed and others'
# differs by phrase; and tf 0 to 3, the same for the whole run or not, so
# that documents tie, and have more of every bigram than others.
_BASE = st.sampled_from([1, 2, 3, 0, 4, 6])
_BITS = st.one_of(st.tuples(_BASE, st.just([0] * 11)),
                  st.tuples(_BASE, st.lists(st.sampled_from([0, 0, 0, 1, 2, 4]), min_size=11)))
_TFS = st.one_of(st.integers(0, 3).map(lambda n: [n] * 11), st.lists(st.integers(0, 3), min_size=11))
_FIELD_RUN = st.tuples(_RUN, _BITS, _TFS).map(
    lambda r: (r[0], tuple(tf * 8 + (r[1][0] | bits) for tf, bits in zip(r[2][: len(r[0]) - 1], r[1][1]))))


@SETTINGS
@given(docs=st.lists(st.lists(_FIELD_RUN, max_size=4), max_size=12), again=st.lists(st.integers(0, 11), max_size=6),
       min_docs=st.integers(1, 4), max_chars=st.integers(2, 12))
@example(docs=[[("消防救援大队", (9, 9, 9, 9, 9))], [("消防救援大队", (17, 10, 9, 10, 9))],
               [("铁西消防救援大队", (10, 10, 11, 11, 11, 11, 10))]],
         again=[1, 2, 0], min_docs=2, max_chars=8)
# A later document with more of every bigram of the same run ranks first.
@example(docs=[[("消防救援大队", (10,) * 5)], [("消防救援大队", (18,) * 5)]], again=[], min_docs=1, max_chars=6)
# The last covering bigram (援大 of 消防救援大) has the fewest.
@example(docs=[[("消防救援大队", (17,) * 5)], [("铁西消防救援大队", (9, 9, 25, 9, 25, 9, 9))]], again=[], min_docs=1,
         max_chars=5)
def test_phrase_leads_are_the_plain_forms(docs, again, min_docs, max_chars):
    # Some documents again, later: the same runs with the same packed values.
    docs = [FieldRuns(runs=tuple(runs)) for runs in docs + [docs[i % len(docs)] for i in again if docs]]
    fast = phrase_leads(docs, min_docs, max_chars)
    assert list(fast.items()) == list(phrase_leads_plain(docs, min_docs, max_chars).items())


def _corpus(n: int) -> list[SearchDoc]:
    """Titles of units' meetings, units given whole or short, campaigns in
    the fields, and bodies that repeat the titles' bigrams unevenly."""
    rng = random.Random(5)
    units = [("沈阳市铁西区消防救援大队", "铁西大队"), ("大连市中山区消防救援大队", "中山大队"),
             ("盘锦市消防救援支队", "盘锦支队")]
    out = []
    for i in range(n):
        unit, short = rng.choice(units)
        title = f"{rng.choice([unit, short, ''])}{rng.randint(1, 12)}月份{rng.choice(['办公会', '党委会', '安全检查'])}"
        body = "".join(rng.choices([unit, short, "办公会", "月份", "检查", "。", "火灾"], k=rng.randint(0, 30)))
        out.append(SearchDoc(url=f"d{i}/", title=title, date=f"20{rng.randint(10, 25)}", unit=unit,
                             campaigns=tuple(rng.sample(["专项整治三年行动", "冬春火灾防控"], rng.randint(0, 2))),
                             text=body, extra=(short,)))
    return out


def test_phrase_leads_of_field_runs_are_the_plain_forms():
    runs = []
    for r in (_record(d) for d in _ordered(_corpus(400))):
        counts, flags = _doc_bigrams(r)
        runs.append(field_runs([fold(t) for t in (r["t"], r["n"], *r["m"])], counts, flags, 9999))
    fast = phrase_leads(runs)
    assert list(fast.items()) == list(phrase_leads_plain(runs, 3, 12).items())
    assert len(fast) > 100 and len({ident for _, ident in fast.values()}) > 20


# Runs inside others, repeated, split by punctuation, spaces and the
# underscore (not a word character), in letters, digits and full width.
_FIELD_TEXT = st.lists(st.sampled_from(["消防救援大队", "铁西", "大队", "12", "ab", "ＡＢ", "，", " ", "_", "区", "队队队"]),
                       max_size=8).map("".join)


@SETTINGS
@given(texts=st.lists(_FIELD_TEXT, max_size=4), seed=st.integers(0, 99), cap=st.integers(1, 12))
def test_field_runs_are_the_plain_forms(texts, seed, cap):
    rng = random.Random(seed)
    grams = sorted({gram for text in texts for gram in bigrams(text)})
    counts = Counter({gram: rng.randint(1, 15) for gram in grams})
    flags = {gram: rng.randint(0, 7) for gram in grams}
    assert field_runs(texts, counts, flags, cap) == field_runs_plain(texts, counts, flags, cap)
