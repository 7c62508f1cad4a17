"""`signs_of_several`'s shortcuts (the opening read from a prefix, texts
without three join signs not searched) give what the plain form gives."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fireportal import split as S
from plain_forms import signs_of_several_plain

SETTINGS = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])

PIECES = ["。", "！", "？", "”", "；", " ", "\u3000", "\t", "\n", "\n\n", "\n \n", "近日", "11月6日", "山东省济南市",
          "贵阳市消防", "汇编", "（18篇）", "消防支队召开会议", "部署工作", "a"]


@SETTINGS
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=60))
def test_signs_of_several_shortcuts(pieces):
    text = "".join(pieces)
    assert S.signs_of_several(text) == signs_of_several_plain(text)


def test_signs_of_several_cases():
    joined = "。 近日，".join(["甲"] * 4)
    for text in (joined, "\n\n  \n" + "汇编" + "中" * 300, " \n".join(["汇编"] + ["中"] * 100), "。\n\u3000近日" * 3):
        assert S.signs_of_several(text) == signs_of_several_plain(text)
    assert S.signs_of_several(joined)  # the cases find something: the comparison is not of two empty strings
