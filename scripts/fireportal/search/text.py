"""Text rules shared by the index builder and the query mirror.

`assets/search.js` implements the same rules; a change here must be made
there too (tests/test_search_index.py runs both in Chromium and compares).
"""

from __future__ import annotations

import re
import unicodedata

# The same set as JavaScript's `\s`, plus the zero-width space staff paste
# from Word; written out so Python and JS agree on every code point.
WHITESPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
_WS_RUN = re.compile(f"[{WHITESPACE}]+")
_WS_SPLIT = re.compile(f"[{WHITESPACE}]+")

FLAG_TITLE = 1
FLAG_META = 2
FLAG_BODY = 4


def field_class(flags: int) -> int:
    """0 title, 1 unit/campaign/alias, 2 body: query.rank's class of a bigram
    with these field flags (or of a term, with its bigrams' flags AND'ed)."""
    return 0 if flags & FLAG_TITLE else 1 if flags & FLAG_META else 2


def display(text: str) -> str:
    """NFC text with whitespace collapsed the way readers expect to match it.

    Chinese has no spaces between words, so a space or line break next to a
    non-ASCII character is layout (hard-wrapped lines in 简报, `2024 年 2 月`)
    and is removed; between two ASCII characters it separates words and
    becomes one space.
    """
    text = unicodedata.normalize("NFC", text)

    def keep(m: re.Match) -> str:
        before = text[m.start() - 1] if m.start() > 0 else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if before and after and ord(before) < 128 and ord(after) < 128:
            return " "
        return ""

    return _WS_RUN.sub(keep, text)


def fold_char(ch: str) -> str:
    o = ord(ch)
    if 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A:
        # Full-width digits and letters (３１, ＡＢ): NFKC would do this but also
        # rewrite Chinese punctuation, so only these are mapped.
        o -= 0xFEE0
    if 0x41 <= o <= 0x5A:
        o += 0x20
    return chr(o)


_FOLD = {o: fold_char(chr(o)) for o in (*range(0x41, 0x5B), *range(0xFF10, 0xFF1A),
                                        *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}


# Any character `_FOLD` changes. Chinese text seldom holds one, and looking
# for one runs in C many times faster than translate's lookup per character
# (0.6 s of 10,000 bodies, folded twice by the index builder).
_FOLDABLE = re.compile("[" + "".join(re.escape(chr(o)) for o in sorted(_FOLD)) + "]")


def fold(text: str) -> str:
    """Case- and width-insensitive form; one character in, one out, so offsets
    found in the folded text are valid in the displayed text."""
    return text.translate(_FOLD) if _FOLDABLE.search(text) else text


def is_word(ch: str) -> bool:
    # \p{L} or \p{N} in the JS client.
    return unicodedata.category(ch)[0] in "LN"


_word_run: re.Pattern | None = None
_word_pair: re.Pattern | None = None


def _word_run_pattern() -> re.Pattern:
    """A regex for runs of letters and digits, built from the Unicode
    categories so it matches JavaScript's [\\p{L}\\p{N}] (Python's \\w differs
    at the edges: it also takes `_`)."""
    global _word_run
    if _word_run is None:
        ranges = []
        start = None
        for o in range(0x110000):
            if 0xD800 <= o <= 0xDFFF:
                word = False
            else:
                word = unicodedata.category(chr(o))[0] in "LN"
            if word and start is None:
                start = o
            elif not word and start is not None:
                ranges.append((start, o - 1))
                start = None
        if start is not None:
            ranges.append((start, 0x10FFFF))
        cls = "".join(
            re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
            for a, b in ranges
        )
        _word_run = re.compile(f"[{cls}]+")
    return _word_run


def _word_pair_pattern() -> re.Pattern:
    """A regex that finds, at every position, the pair of letters or digits
    starting there: an empty match whose lookahead captures the pair."""
    global _word_pair
    if _word_pair is None:
        cls = _word_run_pattern().pattern[:-1]  # the same class, without its +
        _word_pair = re.compile(f"(?=({cls}{cls}))")
    return _word_pair


def word_runs(text: str) -> list[str]:
    return _word_run_pattern().findall(text)


def bigrams(folded: str) -> list[str]:
    """Adjacent pairs of word characters, in order, repeats kept.

    The pairs inside each run of `word_runs`, found in one regex pass: an
    empty match at each position whose next two characters are both letters
    or digits is exactly a pair inside a run, and findall keeps the text
    order (tests/test_fast_paths_search.py compares it with the runs' pairs)."""
    return _word_pair_pattern().findall(folded)


def covering_bigrams(folded: str) -> list[str]:
    """Enough bigrams of a query term to cover every character: 专项整治三年
    gives 专项, 整治, 三年 instead of five. Each bigram costs the browser one
    shard download; the pairs skipped are checked in the text anyway."""
    out: list[str] = []
    for run in word_runs(folded):
        starts = list(range(0, len(run) - 1, 2))
        if starts and starts[-1] != len(run) - 2:
            starts.append(len(run) - 2)
        out.extend(run[i : i + 2] for i in starts)
    return out


def query_grams(term: str) -> tuple[list[str], bool]:
    """(index keys to look up, title only) for one folded query term.

    A term with two or more adjacent letters or digits is looked up by the
    bigrams that cover it, in every field.  A term without any (火, or 火，灾)
    cannot be: its single characters are looked up in the titles only, where
    the index also keeps every single character (`title_chars`)."""
    grams = covering_bigrams(term)
    if grams:
        return grams, False
    return sorted({ch for ch in term if is_word(ch)}), True


def title_chars(folded_title: str) -> list[str]:
    """Every letter or digit of a title, repeats kept: the single-character keys."""
    return [ch for ch in folded_title if is_word(ch)]


def query_terms(query: str) -> list[str]:
    """Whitespace-separated terms, folded, deduplicated, in typed order.

    Terms without a single letter or digit (a stray `，`) are dropped.
    """
    folded = fold(unicodedata.normalize("NFC", query))
    seen: list[str] = []
    for term in _WS_SPLIT.split(folded):
        if term and any(is_word(ch) for ch in term) and term not in seen:
            seen.append(term)
    return seen


_M32 = 0xFFFFFFFF


def shard_hash(bigram: str) -> int:
    """FNV-1a over code points, finished with murmur3's fmix32 so that
    `hash % n` spreads well for any n."""
    h = 0x811C9DC5
    for ch in bigram:
        h ^= ord(ch)
        h = (h * 0x01000193) & _M32
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & _M32
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & _M32
    h ^= h >> 16
    return h
