"""What the unit rule and the taxonomy remember or skip gives what computing
it afresh gives, on names and texts made of the words that matter."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fireportal import taxonomy as T

# Places at every level (a province, cities, counties, a municipality and its
# district, a zone), the words between place and kind, and every kind.
_PLACES = ["辽宁省", "辽宁", "盘锦市", "盘锦", "兴隆台区", "海城市", "北京市", "朝阳区", "重庆", "经济开发区", "高新",
           "云南省", "森林", "特勤", "某某", "xx"]
_WORDS = ["", "消防", "消防救援", "公安消防"]
_KINDS = ["总队", "支队", "大队", "中队", "救援站", "站", "局", "特勤站", ""]

_UNIT_NAMES = st.builds(lambda places, word, kind, tail: "".join(places) + word + kind + tail,
                        st.lists(st.sampled_from(_PLACES), max_size=3), st.sampled_from(_WORDS),
                        st.sampled_from(_KINDS), st.sampled_from(["", "长城路特勤站", "消防救援站"]))


@settings(max_examples=500, deadline=None)
@given(st.lists(_UNIT_NAMES, min_size=1, max_size=6))
def test_a_remembered_derived_unit_is_the_one_derived_afresh(names):
    for name in names * 2:  # the second time from what was remembered
        assert T._derived_unit(name) == T._derived_unit.__wrapped__(name)
