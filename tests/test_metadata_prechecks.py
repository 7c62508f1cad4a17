"""Each exact pre-check of the metadata stage (a literal or a length a pattern
cannot match without, an alternation that finds nothing where no key stands)
gives what the plain scan gives, on texts made of the words that matter."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from hypothesis import given, settings
from hypothesis import strategies as st

from fireportal.metadata import authors, campaigns, context, dates, titles, units
from fireportal.taxonomy import load_taxonomy
from plain_forms import campaign_shapes_plain

TAX = load_taxonomy(None)


def _texts(pieces: list[str], size: int = 40):
    return st.lists(st.sampled_from(pieces), max_size=size).map("".join)


_CAMPAIGN_PIECES = [
    "专项", "治理", "整治", "行动", "宣传", "月", "宣传月", "三年", "大整治", "大宣传", "治本攻坚", "百日", "“", "”",
    "消防", "安全", "打通", "生命通道", "除患", "攻坚", "开展", "，", "。", "\n", "暨", "a", " ", "和", "专项整治三年行动",
]


@settings(max_examples=600, deadline=None)
@given(_texts(_CAMPAIGN_PIECES))
def test_campaign_shapes_scanned_up_to_the_last_ending_are_those_of_the_whole_text(text):
    def spans(matches):
        return [(m.span(), m.group()) for m in matches]

    assert spans(campaigns._shape_matches(text)) == spans(campaign_shapes_plain(text))


@settings(max_examples=600, deadline=None)
@given(_texts(_CAMPAIGN_PIECES))
def test_no_suffix_ending_reaches_past_the_last_suffix_word(text):
    words = [m.end() for w in campaigns._SUFFIX_WORDS for m in re.finditer(re.escape(w), text)]
    for ending in re.finditer(campaigns._SUFFIX, text):
        assert any(0 <= ending.end() - end <= campaigns._PAST_LAST_WORD for end in words)


def _known_spans_plain(text: str) -> list[tuple[int, int, str]]:
    """_known_spans without the pre-check: every key looked for."""
    bare, position = campaigns._without_quotes(text)
    spans: list[tuple[int, int, str]] = []
    for key, canonical in TAX.campaign_keys_longest_first():
        at = bare.find(key) if key else -1
        while at >= 0:
            start, end = position(at), position(at + len(key) - 1) + 1
            if end < len(text) and text[end] in "”」\"":
                end += 1
            if not any(s < end and start < e for s, e, _ in spans):
                spans.append((start, end, canonical))
            at = bare.find(key, at + len(key))
    return sorted(spans)


_KEY_PIECES = [k for k, _ in TAX.campaign_keys_longest_first()][:12] + ["“", "”", "，", "\n", "行动", "消防", "a"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_KEY_PIECES), max_size=12).map("".join), _texts(_CAMPAIGN_PIECES, 12))
def test_known_campaigns_with_the_pre_check_are_those_of_every_key(listed, other):
    for text in (listed, other, other + listed, listed[: len(listed) // 2] + other):
        assert campaigns._known_spans(text, TAX) == _known_spans_plain(text)


_UNIT_PIECES = [a for a, _ in TAX.unit_aliases_longest_first()] + [
    "盘锦", "支队", "消防", "救援", "局", "应急管理部", "部", "，", "\n", "市", "a"]


@settings(max_examples=400, deadline=None)
@given(_texts(_UNIT_PIECES, 12))
def test_the_alias_alternation_misses_only_texts_without_an_alias(text):
    if TAX.unit_alias_pattern().search(text) is None:
        assert not any(alias in text for alias, _ in TAX.unit_aliases_longest_first())


_PAGE_PIECES = ["第", "页", "1", "23", "_", "＿", " ", "\n", "消防", "通知", "。", "第4页", "\t"]


@settings(max_examples=400, deadline=None)
@given(_texts(_PAGE_PIECES, 16))
def test_a_title_without_page_label_is_only_stripped(text):
    assert titles.clean_title(text) == titles._PAGE_LABEL.sub("", text).strip()


_DATE_PIECES = ["2024", "二〇二三", "年", "12", "3", "十二", "月", "31", "三十一", "日", "）", ")", "\n", "盘锦市消防救援支队",
                "x", "，", "、"]


@settings(max_examples=600, deadline=None)
@given(_texts(_DATE_PIECES, 20))
def test_a_closing_date_is_never_longer_than_its_bound(text):
    if dates._CLOSING_DATE.match(text):
        assert len(text) <= dates._CLOSING_DATE_MAX


def test_the_longest_closing_date_fits_the_bound():
    longest = "某" * 24 + "2024年12月311日）\n"
    assert dates._CLOSING_DATE.match(longest) and len(longest) == dates._CLOSING_DATE_MAX
    assert not dates._CLOSING_DATE.match("某" + longest)


@settings(max_examples=300, deadline=None)
@given(_texts(["记者", "通讯员", "张三", "报道", "：", "报", "道", "，", "杨雨"], 12))
def test_a_reported_credit_needs_its_word(text):
    if "报道" not in text:
        assert authors._REPORTED.search(text) is None


@settings(max_examples=300, deadline=None)
@given(_texts(["3月5日", "，", "支队", "组织", "召开", "召", "开", "会议", "党委会", "在", "。", "x"], 14))
def test_a_meeting_lead_needs_its_verb(text):
    if "召开" not in text:
        assert context.MEETING_LEAD.match(text.rstrip("。！？") + "。") is None


@settings(max_examples=400, deadline=None)
@given(_texts(["sources", "2024", "1999", "/", ".", "a.txt", "x", "2020", "//"], 10))
def test_a_folder_year_read_from_the_path_string_is_pathlibs(path):
    def plain(source):
        for part in reversed(PurePosixPath(source).parts[:-1]):
            if re.match(r"^(19|20)\d\d$", part):
                return part
        return ""

    assert context.folder_year(path) == plain(path)


def test_a_text_naming_an_alias_is_still_read():
    found = units.unit_mentions("按照应急管理部消防救援局部署，盘锦支队开展检查", TAX)
    assert [name for _, name in found][:1] == ["国家消防救援局"]


@settings(max_examples=400, deadline=None)
@given(_texts(["xx", "X", "市", "区", "消防", "救援", "公安", "总", "支", "大", "队", "我", "本", "，", "《", "》", "a"], 16))
def test_a_level_is_only_read_where_a_team_word_stands(text):
    if "队" not in text:
        assert units._ANONYMISED.search(text) is None
        assert units._LEVEL_ONLY.search(units.BOOK_TITLE.sub("", text)) is None
