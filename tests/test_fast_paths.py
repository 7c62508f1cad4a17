"""The shortcuts taken for speed give what the plain computation gives.

Each fast path in read, clean, structure, render, inert and nothing_lost
stands in for a simpler expression; these tests hold the two side by side
(on hand-picked cases and on hypothesis-generated text), so a shortcut that
starts to differ fails here rather than changing a page.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fireportal import clean as C
from fireportal import read as R
from fireportal import inert
from fireportal.nothing_lost import IDEOGRAPH, missing_ideographs
from fireportal.render import SAFE_DUMPER, front_matter_yaml
from fireportal.structure import _ratio_at_least, _repeats_title
from plain_forms import drop_cjk_spaces_plain, signs_of_several_plain

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters the rules look at: Chinese (simplified and traditional), the
# marks around them, half-width marks, spaces of every kind, digits, Latin
# and pinyin letters, brackets, hints.
ALPHABET = list("中文消防支队隊會議來源發佈沈覆，。、；：！？“”（）《》…—·")
ALPHABET += list(" \u3000\u00a0\t,;:!?.()|｜>＞»/-_#'\"&<`*[]{}0123456789azAZǎü×°") + ["\ufdd0", "\n"]
TEXT = st.text(alphabet=st.sampled_from(ALPHABET), max_size=60)
LINE = st.text(alphabet=st.sampled_from([c for c in ALPHABET if c != "\n"]), max_size=40)


def _width_by_unicodedata(line: str) -> int:
    return sum(1 if ord(c) < 0x1100 and unicodedata.east_asian_width(c) not in ("A", "W", "F") else 2
               for c in line)


@pytest.mark.parametrize("line", ["", "abc", "中文", "2024年à", "×°ǐü Ω Я", "\u00a0\u3000 ", "𠀀x"])
def test_display_width_matches_unicodedata(line):
    assert C.display_width(line) == _width_by_unicodedata(line)


@SETTINGS
@given(line=LINE)
def test_display_width_matches_unicodedata_everywhere(line):
    assert C.display_width(line) == _width_by_unicodedata(line)


@SETTINGS
@given(line=LINE)
def test_ends_paragraph_matches_its_regex(line):
    assert C._ends_paragraph(line) == bool(C._ENDS_PARAGRAPH.search(line))


def test_simplified_lines_convert_each_line_as_alone():
    lines = ["來源：某某日報", "", "深沈的回覆", "乾隆年間", "支隊召開會議", "发布时间：2023-05-12"]
    assert C._simplified_lines(lines) == [C._converter().convert(line) for line in lines]


@SETTINGS
@given(lines=st.lists(LINE, max_size=8))
def test_simplified_lines_any_lines(lines):
    assert C._simplified_lines(lines) == [C._converter().convert(line) for line in lines]


def test_to_simplified_counts_changed_characters():
    assert C.to_simplified("支隊召開會議") == ("支队召开会议", 4)
    assert C.to_simplified("支队") == ("支队", 0)


@pytest.mark.parametrize(("pattern", "plain"), [
    (C._SPACE_IN_CJK, rf"(?<={C._HAN_OR_PUNCT})[ \u3000\u00a0]+(?=[{C.CJK}{C.CJK_PUNCT}0-9])"
                      rf"|(?<=[0-9])[ \u3000\u00a0]+(?=[{C.CJK}{C.CJK_PUNCT}])"),
    (C._EDGE_SPACE, r"^[ \u3000\u00a0]+|[ \u3000\u00a0]+$"),
    (C._HALF_PUNCT, rf"(?<={C._HAN_OR_PUNCT})[ ]*(?:[,;!?]|:(?![0-9]{{2}}))|[,;!?](?=[ ]*{C._HAN_OR_PUNCT})"),
    (C._HALF_STOP, rf"(?<=[{C.CJK}”’）%])\.(?![0-9A-Za-z.])"),
    (C._ZHUYIN, r"(?<=[" + C.CJK + r"])[(（][\u3105-\u312f\u31a0-\u31bfˊˇˋ˙]{1,5}[)）]"),
])
@SETTINGS
@given(text=TEXT)
def test_rewritten_patterns_match_where_their_plain_forms_do(pattern, plain, text):
    # The rewritten patterns start with the character they match, so the
    # regex engine can skip ahead; the plain forms say what they match.
    flags = re.M if pattern.flags & re.M else 0
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in re.finditer(plain, text, flags)]


@SETTINGS
@given(text=TEXT)
def test_cjk_spaces_line_by_line_equals_whole_text(text):
    # drop_cjk_spaces works on the lines that need it; the whole text at once
    # (credits found anywhere) must give the same.
    assert C.drop_cjk_spaces(text) == drop_cjk_spaces_plain(text)


@SETTINGS
@given(a=LINE, b=LINE)
def test_ratio_bound_never_changes_the_answer(a, b):
    if a and b:
        assert _ratio_at_least(a, b, 0.8) == (difflib.SequenceMatcher(None, a, b).ratio() >= 0.8)


@SETTINGS
@given(title=LINE, text=LINE)
def test_repeats_title_shortcut(title, text):
    want, got = re.sub(r"\W", "", title), re.sub(r"\W", "", text)
    assert _repeats_title(title, text) == (bool(got) and want.startswith(got))


def _dumped(mapping: dict) -> str:
    body = yaml.dump(mapping, Dumper=SAFE_DUMPER, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{body}---\n"


@pytest.mark.parametrize("value", [
    "关于做好2023年冬春火灾防控工作的通知", "2023-05-12", "2023", "2023-05", "yes", "null", "1.5", "",
    "a: b", "#1", "- x", "'quoted'", "end ", " start", "中文 英文", "１２：３０", "…——", "x" * 1001,
])
def test_front_matter_written_as_yaml_dump_writes_it(value):
    for mapping in ({"title": value, "source": "sources/a.txt"}, {"title": "t", "units": [value, "支队"]},
                    {"on": value}, {"title": value, "empty": []}):
        assert front_matter_yaml(mapping) == _dumped(mapping)


@SETTINGS
@given(values=st.lists(st.one_of(LINE, st.lists(LINE, max_size=3)), min_size=1, max_size=4))
def test_front_matter_any_values(values):
    mapping = {f"field_{n}".replace("_0", ""): value for n, value in enumerate(values)}
    assert front_matter_yaml(mapping) == _dumped(mapping)


@SETTINGS
@given(text=TEXT)
def test_escape_shortcut(text):
    assert inert._escape(text) == inert._SYNTAX.sub(inert._reference, text)
    assert inert.scalar(text) == inert.one_line(text).translate(inert._FULL_WIDTH)


def _counted(text: str, shown: str) -> Counter:
    return Counter(IDEOGRAPH.findall(text)) - Counter(IDEOGRAPH.findall(shown))


@pytest.mark.parametrize(("text", "shown"), [
    ("标题\n正文第一段。\n（责任处室：办公室,政治处）", "正文第一段。（责任处室：办公室、政治处）标题"),
    ("甲乙\n甲乙", "甲乙"),  # the same line twice needs two places
    ("甲乙\n甲乙", "甲乙丙甲乙"),
    ("消防\n防火", "消防火"),  # the places would share 防
    ("一段话", ""),
    ("", "任何"),
])
def test_missing_ideographs_cases(text, shown):
    assert missing_ideographs(text, shown) == _counted(text, shown)


@SETTINGS
@given(text=TEXT, shown=TEXT)
def test_missing_ideographs_any_text(text, shown):
    assert missing_ideographs(text, shown) == _counted(text, shown)


@SETTINGS
@given(text=TEXT, data=st.data())
def test_missing_ideographs_page_with_a_character_dropped(text, data):
    # The usual shape: the page shows the lines, one character may be gone.
    shown = text.replace("\n", "")
    if shown:
        at = data.draw(st.integers(0, len(shown) - 1))
        shown = shown[:at] + shown[at + 1:]
    assert missing_ideographs(text, shown) == _counted(text, shown)


def test_front_matter_refuses_what_yaml_dump_refuses():
    class Named(str):
        pass

    with pytest.raises(yaml.representer.RepresenterError):
        _dumped({"title": Named("标题")})
    with pytest.raises(yaml.representer.RepresenterError):
        front_matter_yaml({"title": Named("标题")})


def _chinese_score_plain(text: str) -> float:
    sample = R._WHITESPACE.sub("", text[:20000])  # the expression chinese_score replaced
    return sum(map(R._common, sample)) / len(sample) if sample else 0.0


@SETTINGS
@given(text=st.text(max_size=80) | TEXT)
def test_chinese_score_counts_what_common_accepts(text):
    assert R.chinese_score(text) == _chinese_score_plain(text)


def test_chinese_score_of_wrong_decodings():
    # The texts the score exists to tell apart: GB18030 bytes read right, and
    # read as Big5 or Latin-1; traditional text; rare characters.
    data = "辽宁省消防救援总队召开会议，部署冬季火灾防控工作。支隊會議“三年行動”".encode("gb18030")
    for text in (data.decode("gb18030"), data.decode("big5", "replace"), data.decode("latin-1"),
                 "支隊召開會議", "龘靐齉爩 abc\u3000１２３", ""):
        assert R.chinese_score(text) == _chinese_score_plain(text)


_NEWS_PIECES = ["。", "！", "”", " ", "\u3000", "\t", "\n", "\n\n", "11月6日，", "近日", "山东省济南", "贵阳市消防",
                "汇编", "（18篇）", "消防", "支队", "召开会议", "a"]


@SETTINGS
@given(text=st.lists(st.sampled_from(_NEWS_PIECES), max_size=50).map("".join) | TEXT)
def test_signs_of_several_shortcuts(text):
    from fireportal.split import signs_of_several

    assert signs_of_several(text) == signs_of_several_plain(text)


def test_signs_of_several_cases():
    from fireportal.split import signs_of_several

    run = "。 11月6日，甲地召开会议。 近日，乙市开展演练。 山东省济南市举行比赛。 贵阳市消防开展检查。"
    for text in (run, run.replace(" ", "\u3000"), run.replace("。 ", "。\n\u3000"), run.replace(" ", "\n \n"),
                 "消防文章汇编（18篇）\n\n正文", ""):
        assert signs_of_several(text) == signs_of_several_plain(text)
    assert signs_of_several(run)
