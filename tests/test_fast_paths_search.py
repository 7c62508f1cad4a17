"""The search index builder's shortcuts against the plain computations they replaced.

`text.fold` translates only text holding a character it changes,
`text.bigrams` finds the pairs in one regex pass, `index._doc_bigrams` sets
the body's flags in one call, and `index._postings` encodes each posting
inline; each must give exactly what the plain form gives, or the
search files would change (tests/test_search_index.py checks what they mean;
these check that the fast forms are the same computation).
"""

from __future__ import annotations

import bisect
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from fireportal.search import codec
from fireportal.search import index as I
from fireportal.search.phrases import field_runs
from fireportal.search.text import (_FOLD, FLAG_BODY, FLAG_META, FLAG_TITLE, bigrams, fold, title_chars,
                                   word_runs)


def bigrams_plain(folded: str) -> list[str]:
    """Every adjacent pair inside each run of letters and digits."""
    out: list[str] = []
    for run in word_runs(folded):
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


def doc_bigrams_plain(record: dict) -> tuple[Counter, dict[str, int]]:
    """Counts and flags field by field, each bigram's flags OR'd as it is met."""
    counts: Counter = Counter()
    flags: dict[str, int] = {}
    fields = [(record["t"], FLAG_TITLE), (record["n"], FLAG_META)]
    fields += [(term, FLAG_META) for term in record["m"]]
    fields.append((record["x"], FLAG_BODY))
    for text, flag in fields:
        grams = bigrams_plain(fold(text))
        counts.update(grams)
        for gram in set(grams):
            flags[gram] = flags.get(gram, 0) | flag
    chars = title_chars(fold(record["t"]))
    counts.update(chars)
    for ch in set(chars):
        flags[ch] = FLAG_TITLE
    return counts, flags


def postings_plain(records: list[dict]):
    """Each posting encoded by codec.encode_posting and appended to a bytearray."""
    postings: dict[str, bytearray] = {}
    last: dict[str, int] = {}
    best: dict[str, list[tuple[int, int]]] = {}
    runs = []
    for ident, record in enumerate(records):
        counts, flags = doc_bigrams_plain(record)
        runs.append(field_runs([fold(t) for t in (record["t"], record["n"], *record["m"])], counts, flags,
                               codec.TF_CAP))
        for gram, tf in counts.items():
            flag = flags[gram]
            postings.setdefault(gram, bytearray()).extend(
                codec.encode_posting(ident - last.get(gram, -1) - 1, tf, flag).encode("ascii"))
            last[gram] = ident
            bisect.insort(best.setdefault(gram, []), (I._RANK_BASE[flag] - min(tf, codec.TF_CAP), ident))
    tops = {gram: [codec.posting_count(p), *(i for _, i in best[gram][: I.TOP_IDS])] for gram, p in postings.items()}
    return {gram: bytes(p) for gram, p in postings.items()}, tops, runs


# Letters and digits of several kinds (CJK, Latin either case and width, an
# astral ideograph, a combining mark, `_`, which \w takes and the index does
# not) among punctuation and spaces, so runs start and end everywhere.
_CHARS = st.sampled_from(list("消防安全检查隐患整治火灾第31次月份ABab１２ＡＢｃ𠀀_é\u0301，。、 \n-（）·"))
_TEXT = st.lists(_CHARS, max_size=60).map("".join)
_RECORD = st.fixed_dictionaries({
    "t": _TEXT, "n": _TEXT, "m": st.lists(_TEXT, max_size=3), "x": _TEXT, "d": st.just(""), "u": st.just(""),
})


@given(_TEXT)
@settings(max_examples=400, deadline=None)
def test_fold_as_the_plain_translation(text):
    assert fold(text) == text.translate(_FOLD)


def test_fold_changes_every_character_of_its_table():
    # Each alone, so that the gate's class must hold every one of them.
    for code, folded in _FOLD.items():
        assert fold(chr(code)) == folded != chr(code)


@given(_TEXT)
@settings(max_examples=400, deadline=None)
def test_bigrams_are_the_pairs_inside_each_run(text):
    assert bigrams(fold(text)) == bigrams_plain(fold(text))


@given(_RECORD)
@settings(max_examples=300, deadline=None)
def test_doc_bigrams_as_the_plain_form(record):
    counts, flags = I._doc_bigrams(record)
    plain_counts, plain_flags = doc_bigrams_plain(record)
    assert list(counts.items()) == list(plain_counts.items())  # the order the postings are written in, too
    assert flags == plain_flags


@given(st.lists(_RECORD, min_size=1, max_size=25))
@settings(max_examples=100, deadline=None)
def test_postings_as_the_plain_form(records):
    assert I._postings(records) == postings_plain(records)


def test_postings_past_the_small_numbers():
    """A gap of 1,024 documents or more, and a tf past the cap, take the
    varint path (codec.SMALL covers the numbers below 1,024)."""
    blank = {"t": "", "n": "", "m": [], "x": "", "d": "", "u": ""}
    records = [{**blank, "x": "火灾"}] + [dict(blank) for _ in range(1500)]
    records.append({**blank, "x": "火灾" * 10_000})  # 火灾 just past the cap, 灾火 at it
    records += [{**blank, "t": "隐患" * 200}]
    fast, plain = I._postings(records), postings_plain(records)
    assert fast == plain
    assert codec.decode_postings(fast[0]["火灾"].decode()) == [(0, 1, FLAG_BODY), (1501, codec.TF_CAP, FLAG_BODY)]
