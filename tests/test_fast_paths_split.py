"""`signs_of_several`'s shortcuts (the opening read from a prefix, texts
without three join signs not searched) give what the plain form gives."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fireportal import split as S

SETTINGS = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])

PIECES = ["。", "！", "？", "”", "；", " ", "\u3000", "\t", "\n", "\n\n", "\n \n", "近日", "11月6日", "山东省济南市",
          "贵阳市消防", "汇编", "（18篇）", "消防支队召开会议", "部署工作", "a"]


def _plain(text: str) -> str:
    paragraphs = [(S._LINE_BREAK.sub("", p) if "\n" in p else p).strip() for p in S._PARAGRAPH_BREAK.split(text)]
    first = next((p for p in paragraphs if p), "")
    if S._COLLECTION.search(first[:60]) and not S._SENTENCE_END.search(first[:60]):
        return f"第一行“{first[:24]}”说这是汇编"
    for paragraph in paragraphs:
        joins = len(S._ITEM_JOIN.findall(paragraph))
        if joins >= 3:
            return f"有一段里 {joins + 1} 条消息连在一起（句号后空格再开始新的一条）"
    return ""


@SETTINGS
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=60))
def test_signs_of_several_shortcuts(pieces):
    text = "".join(pieces)
    assert S.signs_of_several(text) == _plain(text)


def test_signs_of_several_cases():
    joined = "。 近日，".join(["甲"] * 4)
    for text in (joined, "\n\n  \n" + "汇编" + "中" * 300, " \n".join(["汇编"] + ["中"] * 100), "。\n\u3000近日" * 3):
        assert S.signs_of_several(text) == _plain(text)
    assert S.signs_of_several(joined)  # the cases find something: the comparison is not of two empty strings
