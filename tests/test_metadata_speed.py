"""The metadata stage's shortcuts find exactly what the plain scans find.

Each shortcut (a regex searched only near the words its matches end in,
campaign shapes looked for only in lines that can hold one, divisions looked
up only before the characters their names end in, what a short text names
remembered across documents) is checked against the plain definition it
replaces, on texts built from the words that make the shortcuts matter.
"""

from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from fireportal import divisions
from fireportal.metadata import authors, campaigns, units
from fireportal.metadata.context import BOOK_TITLE
from fireportal.taxonomy import UNIT_SHAPE, UNIT_SHORT, load_taxonomy
from plain_forms import campaign_shapes_plain

TAX = load_taxonomy(None)

_PIECES = [
    "消防", "救援", "公安", "总队", "支队", "大队", "中队", "站", "局", "救援站", "特勤站", "市", "区", "县", "省",
    "盘锦", "兴隆台", "辽宁", "朝阳", "经济", "高新", "，", "。", "\n", "在", "走进", "《", "》", "应急管理部",
    "国家", "消防救援局", "“", "”", "打通", "生命通道", "专项行动", "三年行动", "专项整治", "宣传月", "暨", "x",
    "各", "我", "的", "和", "广川", "卫星", "森林", "楚雄", "自治州", "消防安全", "召开", "a", " ", "2024", "年",
]
texts = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


def _spans(matches):
    return [(m.span(), m.groupdict()) for m in matches]


@settings(max_examples=400, deadline=None)
@given(texts)
def test_anchored_search_finds_what_finditer_finds(text):
    for pattern, ends, before in units._SHAPES:
        assert _spans(units._anchored(pattern, ends, before, text)) == _spans(pattern.finditer(text))


def test_anchored_search_on_long_places():
    # Places of 12 characters, 公安 before 消防, and a name right after another.
    text = "黑龙江省哈尔滨市道里区公安消防支队和盘锦支队、辽宁总队大队消防救援站消防局"
    for pattern, ends, before in units._SHAPES:
        assert _spans(units._anchored(pattern, ends, before, text)) == _spans(pattern.finditer(text))
    assert _spans(units._anchored(UNIT_SHAPE, units._SHAPE_END, (2, 14), text))
    assert _spans(units._anchored(UNIT_SHORT, units._SHORT_END, (2, 8), text))


def _placeless_plain(text: str, taken: units._Spans) -> list[tuple[int, int, str, str]]:
    found = []
    for match in units._PLACELESS.finditer(text):
        start, end = match.span()
        if taken.overlaps(start, end) or not units._PLACELESS_BEFORE.search(text[max(0, start - 1): start]):
            continue
        found.append((start, end, match["scope"] or "", match["kind"]))
    return found


@settings(max_examples=400, deadline=None)
@given(texts)
def test_placeless_names_skip_only_what_a_unit_already_holds(text):
    masked = BOOK_TITLE.sub(lambda m: " " * len(m.group()), text)
    candidates = units._named(masked, TAX)
    _, spans = units._longest_first(candidates + units._stations(masked, TAX, candidates))
    fast = [(p.start, p.end, p.scope, p.kind) for p in units._placeless(masked, spans)]
    assert fast == _placeless_plain(masked, spans)


def test_a_remembered_text_is_completed_by_each_documents_places():
    # The same 落款 in two documents: its place-less unit is each one's own.
    line = "市消防救援支队"
    assert [m.name for m in units.mentions(line, TAX, "盘锦市召开会议")] == ["盘锦市消防救援支队"]
    assert [m.name for m in units.mentions(line, TAX, "鞍山市召开会议")] == ["鞍山市消防救援支队"]
    assert [m.name for m in units.mentions(line, TAX, "")] == [""]


def test_a_remembered_text_is_placed_in_each_documents_city():
    # The same title in two documents: a district two cities have is each one's own.
    line = "永定区大队召开会议"
    assert [m.name for m in units.mentions(line, TAX, "龙岩市召开会议")] == ["龙岩市永定区消防救援大队"]
    assert [m.name for m in units.mentions(line, TAX, "张家界市召开会议")] == ["张家界市永定区消防救援大队"]
    assert [m.name for m in units.mentions(line, TAX, "")] == ["永定区消防救援大队"]


def _named_in_plain(text: str):
    names = divisions._full_names()
    found, i = [], 0
    while i < len(text):
        for n in range(min(12, len(text) - i), 2, -1):
            hit = names.get(text[i:i + n])
            if hit:
                if len(hit) == 1:
                    found.append((i, hit[0]))
                i += n - 1
                break
        i += 1
    return found


_DIVISION_NAMES = sorted(divisions._full_names())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(
    st.sampled_from(_DIVISION_NAMES),
    st.sampled_from(_DIVISION_NAMES).map(lambda n: n[1:]),
    st.sampled_from(_DIVISION_NAMES).map(lambda n: n[:-1]),
    st.sampled_from(["，", "市", "区", "县", "a", "消防救援支队"]),
), max_size=12).map("".join))
def test_named_in_finds_what_a_look_at_every_position_finds(text):
    assert divisions.named_in(text) == _named_in_plain(text)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_campaign_shapes_found_line_by_line_are_those_of_the_whole_text(text):
    assert _spans(campaigns._shape_matches(text)) == _spans(campaign_shapes_plain(text))


@settings(max_examples=400, deadline=None)
@given(texts, texts)
def test_campaigns_of_the_head_read_off_the_whole_text_are_the_heads_own(head, body):
    found = campaigns._found(head + "\n" + body, TAX)
    assert campaigns._names(campaigns._in_head(found, head, TAX)) == campaigns.campaign_mentions(head, TAX)


def test_campaigns_of_the_head_are_read_before_the_bodys_longer_names_merge_them():
    # The body's longer name of the same slogan replaces the head's in the whole
    # text's names, not in the head's own.
    head = "关于开展“防风险保平安迎大庆”消防执法专项行动的通知"
    body = "开展“防风险保平安迎大庆”消防安全执法检查专项行动。"
    found = campaigns._found(head + "\n" + body, TAX)
    in_head = campaigns._names(campaigns._in_head(found, head, TAX))
    assert in_head == campaigns.campaign_mentions(head, TAX) == ([], ["“防风险保平安迎大庆”消防执法专项行动"])
    assert campaigns._names(found) == ([], ["“防风险保平安迎大庆”消防安全执法检查专项行动"])


@settings(max_examples=400, deadline=None)
@given(texts)
def test_positions_without_quotes_map_back_to_the_text(text):
    keep = [i for i, c in enumerate(text) if not campaigns.CAMPAIGN_QUOTES.match(c)]
    bare, position = campaigns._without_quotes(text)
    assert bare == "".join(text[i] for i in keep)
    assert [position(i) for i in range(len(bare))] == keep


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["。", "！", "”", "（", "(", "）", ")", "完", "尹岩", "薄克国", "李", "新伟", " ", "、",
                                 "，", "\n", "步伐", "融媒体中心", "人民网", "江口县", "日报社"]), max_size=40).map("".join))
def test_closing_names_are_found_in_the_last_characters_alone(text):
    def found(match):
        return match and (match.span(), match["names"])

    tail = max(0, len(text) - authors._CLOSING_NAMES_MAX)
    assert found(authors._CLOSING_NAMES.search(text, tail)) == found(authors._CLOSING_NAMES.search(text))


def test_the_longest_closing_names_fit_in_the_tail():
    text = "前文。（江口县江口县江口县江融媒体中心 尹岩岩岩、薄克国国、李新伟伟、徐光亮亮、王大大大）（完）\n"
    match = authors._CLOSING_NAMES.search(text)
    assert match and match.start() == len(text) - authors._CLOSING_NAMES_MAX


def test_caches_are_not_part_of_the_taxonomy():
    tax = load_taxonomy(None)
    before = repr(tax)
    units.mentions("盘锦市消防救援支队召开会议", tax)
    tax.campaign("“清楼道”专项行动")
    assert repr(tax) == before and tax == load_taxonomy(None)
    copy = pickle.loads(pickle.dumps(tax))
    assert "_caches" not in copy.__dict__ and copy == tax
