"""The structure stage's exact pre-checks give what the plain patterns give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fireportal import structure as S

_PIECES = ["发布日期", "：", ":", "标题", "分类", "消防", "- ", "|", "｜", "责任", "处室", "（", "）", "(", ")", "办公室",
           "a", " ", "\n", "2024", "年", "。", S.HINT_TITLE, S.HINT_CELL, "\ufdda", "\ufdcf", "、", "一"]
texts = st.lists(st.sampled_from(_PIECES), max_size=24).map("".join)


@settings(max_examples=500, deadline=None)
@given(texts)
def test_a_hint_is_found_as_the_class_finds_it(text):
    assert S._has_hint(text) == bool(S._HINTED.search(text))


@settings(max_examples=500, deadline=None)
@given(texts)
def test_furniture_lines_with_the_colon_check_are_the_plain_ones(line):
    plain = bool(not S._IDEOGRAPH.search(line.strip()) or S._BULLET.match(line.strip())
                 or line.strip().count("|") + line.strip().count("｜") >= 2 or S._META_LABEL.match(line.strip())
                 or len(line.strip()) <= S._FORUM_FRAME_MAX and S._FORUM_FRAME.search(line.strip()))
    assert S.is_furniture_line(line) == plain


@settings(max_examples=500, deadline=None)
@given(texts)
def test_a_duty_note_needs_its_word(line):
    if "责任" not in line:
        assert S.DUTY_NOTE.match(line) is None and S.DUTY_NOTE.search(line) is None
