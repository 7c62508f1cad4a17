"""The no-loss check: which ideographs of a part's text did its page not show?

`missing_ideographs(text, shown)` is exactly
`Counter(_IDEOGRAPH.findall(text)) - Counter(_IDEOGRAPH.findall(shown))`,
the characters (with their counts) the page lacks; counting every character
of both was a tenth of the ingest time.  A page shows the text's lines
nearly as they were, so each line is first looked for, in one piece, in
the page, then each line's ideographs among the page's: when every line
finds a place of its own (no two sharing a character), nothing is missing
and no character is counted.  Otherwise the characters are counted as
before.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

_IDEOGRAPHS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
IDEOGRAPH = re.compile(f"[{_IDEOGRAPHS}]")
_NOT_IDEOGRAPH = re.compile(f"[^{_IDEOGRAPHS}]+")
_NOT_IDEOGRAPH_OR_BREAK = re.compile(f"[^{_IDEOGRAPHS}\n]+")


def missing_ideographs(text: str, shown: str) -> Counter[str]:
    """The ideographs of `text` that `shown` lacks, as a multiset."""
    if _lines_found(text.split("\n"), shown):
        return Counter()  # every line as it is: the usual case
    # A line the page shows otherwise (a note's separators rewritten): its
    # ideographs alone, against the page's.
    page = _NOT_IDEOGRAPH.sub("", shown)
    if _lines_found(_NOT_IDEOGRAPH_OR_BREAK.sub("", text).split("\n"), page):
        return Counter()
    return Counter(IDEOGRAPH.findall(text)) - Counter(IDEOGRAPH.findall(shown))


def _lines_found(lines: list[str], page: str) -> bool:
    """Whether each line occurs in `page` at a place of its own (the places
    do not overlap): then `page` holds every character of the lines, as
    many times as they do.  False only means "not shown this way"."""
    starts: list[int] = []  # the places taken, sorted and disjoint
    ends: list[int] = []
    after = 0  # where the line before was found
    for line in lines:
        if not line:
            continue
        # A page shows most lines in their order: a line is looked for after
        # the one before it first, and from the page's start only if it is
        # not there (any disjoint places will do, so which are taken first
        # changes nothing but how long the search takes).
        start = page.find(line, after)
        if start < 0:
            start = page.find(line)
        while True:
            if start < 0:
                return False
            end = start + len(line)
            before = bisect.bisect_left(starts, end)  # the places starting before this one ends
            if before and ends[before - 1] > start:
                # It overlaps the last of them; so would any occurrence
                # starting before that place ends.
                start = page.find(line, ends[before - 1])
                continue
            starts.insert(before, start)
            ends.insert(before, end)
            after = end
            break
    return True
