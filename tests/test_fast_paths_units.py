"""What the unit rule and the taxonomy remember or skip gives what computing
it afresh gives, on names and texts made of the words that matter."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from fireportal import taxonomy as T
from fireportal.metadata import units as U

# Places at every level (a province, cities, counties, a municipality and its
# district, a zone), the words between place and kind, and every kind.
_PLACES = ["辽宁省", "辽宁", "盘锦市", "盘锦", "兴隆台区", "海城市", "北京市", "朝阳区", "重庆", "经济开发区", "高新",
           "云南省", "森林", "特勤", "某某", "xx", "永定区", "永定", "张家界市", "湖南省", "东港", "和平区", "沈阳市", "新疆", "伊犁"]
_WORDS = ["", "消防", "消防救援", "公安消防"]
_KINDS = ["总队", "支队", "大队", "中队", "救援站", "站", "局", "特勤站", ""]

_UNIT_NAMES = st.builds(lambda places, word, kind, tail: "".join(places) + word + kind + tail,
                        st.lists(st.sampled_from(_PLACES), max_size=3), st.sampled_from(_WORDS),
                        st.sampled_from(_KINDS), st.sampled_from(["", "长城路特勤站", "消防救援站", "伊犁支队"]))


@settings(max_examples=500, deadline=None)
@given(st.lists(_UNIT_NAMES, min_size=1, max_size=6))
def test_a_remembered_derived_unit_is_the_one_derived_afresh(names):
    for name in names * 2:  # the second time from what was remembered
        assert T._derived_unit(name) == T._derived_unit.__wrapped__(name)
        assert T.rival_places(name) == T.rival_places.__wrapped__(name)


_CITY_PIECES = ["张家界", "张家界市", "龙岩", "龙岩市", "永定区", "永定", "长治久安", "大同", "、", "，", "12月", "讯", "消防",
                "支队", "福州市", "鼓楼区", "\n", "市"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["永定区消防救援大队", "鼓楼区消防救援大队", "城区消防救援大队", "东港消防救援大队"]),
       st.lists(st.lists(st.sampled_from(_CITY_PIECES), max_size=8).map("".join), min_size=1, max_size=3))
def test_a_remembered_city_is_the_one_found_afresh(name, texts):
    rivals = T.rival_places(name)
    assert rivals
    for places in texts * 2:  # the second time from what was remembered
        assert U._city_named(rivals, places) == U._city_named.__wrapped__(rivals, places)


TAX = T.load_taxonomy(None)
_MENTION_PIECES = [a for a, _ in TAX.unit_aliases_longest_first()] + [
    "盘锦", "盘锦市", "辽宁省", "兴隆台区", "海城市", "支队", "大队", "总队", "消防", "救援", "局", "站", "特勤站", "消防站",
    "中队", "长城路", "市", "省", "县", "区", "各", "我", "公安", "在", "走进", "来到", "，", "。", "：", "《", "》", "x", "召开", "1",
    # A district two cities have, and the cities that place it.
    "永定区", "永定", "张家界", "张家界市", "龙岩", "、",
    # A forest brigade and the places of its units (新疆森林消防总队伊犁支队).
    "新疆森林消防总队", "四川省森林消防总队", "伊犁", "成都"]
_SEGMENT = st.lists(st.sampled_from(_MENTION_PIECES), max_size=10).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.lists(_SEGMENT, min_size=3, max_size=8))
@example(["盘锦市", "", "消防救援局召开会议", "在盘锦市", "消防救援局"])
@example(["辽宁省消防救援总队", "县", "消防救援局", "市消防救援支队", "消防站"])
@example(["新疆森林消防总队伊犁支队", "新疆森林消防总队", "伊犁支队召开", "四川省森林消防总队成都大队"])
def test_a_line_s_mentions_read_off_the_whole_text_are_the_line_s_own(segments):
    places = "\n".join(segments)
    every = U.mentions(places, TAX)
    start = 0
    for line in segments:
        assert U._line_mentions(every, line, start, places, TAX) == U.mentions(line, TAX, places)
        start += len(line) + 1


def test_an_alias_over_a_line_break_has_each_line_read_alone():
    # The alias takes its two lines' mention from them in the whole text.
    aliases = {**TAX.unit_aliases, "甲\n盘锦支队": "盘锦市消防救援支队"}
    tax = T.Taxonomy(units=TAX.units, campaigns=TAX.campaigns, unit_aliases=aliases,
                     campaign_aliases=TAX.campaign_aliases)
    places = "通知甲\n盘锦支队"
    every = U.mentions(places, tax)
    assert U._line_mentions(every, "盘锦支队", 4, places, tax) == U.mentions("盘锦支队", tax, places) != []
