"""A title whose year disagrees with the document is flagged, never silently kept.

Sites that collect 范文 copy a document under a headline re-dated to the
current year, and keep the document's own title line (with its real year)
below it.  Whichever line the title comes from, a title naming a year the
date contradicts must reach staff as a warning.
"""

from __future__ import annotations

import pytest

from fireportal.metadata import Context, extract
from fireportal.metadata.titles import renumbered_title, title_years
from fireportal.structure import structure
from fireportal.taxonomy import load_taxonomy

TAX = load_taxonomy(None)


def extracted(text: str):
    shaped = structure(text)
    ctx = Context(source="sources/a.txt", head=shaped.head, blocks=shaped.blocks, taxonomy=TAX)
    meta, origins, problems, _, _ = extract(ctx, overrides={})
    return meta, origins, [p.message for p in problems]


COPIED = (
    "城东消防救援大队{head}年上半年工作总结\n"
    "城东消防救援大队上半年积极开展灭火救援。以下是网友整理分享的范文，供您参考！\n"
    "城东消防救援大队{own}年上半年工作总结\n"
    "{own}年06月18日\n"
    "一、上半年工作情况\n"
    "大队深入开展火灾隐患整治活动，排查社区10个。\n"
)


def test_a_re_dated_headline_is_flagged_and_the_warning_names_the_title_that_fits_the_date():
    meta, origins, warnings = extracted(COPIED.format(head=2024, own=2020))
    assert meta.date == "2020-06-18"
    assert origins["title"].guessed
    title_warnings = [w for w in warnings if w.startswith("标题")]
    assert len(title_warnings) == 1
    assert "城东消防救援大队2020年上半年工作总结" in title_warnings[0]
    assert "2020-06-18" in title_warnings[0]


def test_a_title_line_repeated_with_other_numbers_is_a_doubt_without_a_date_too():
    text = COPIED.format(head=2024, own=2020).replace("2020年06月18日\n", "")
    meta, origins, warnings = extracted(text)
    assert meta.title == "城东消防救援大队2024年上半年工作总结"
    assert origins["title"].guessed
    title_warnings = [w for w in warnings if w.startswith("标题")]
    assert len(title_warnings) == 1
    assert "城东消防救援大队2020年上半年工作总结" in title_warnings[0]


def test_the_same_title_line_twice_is_not_a_doubt():
    meta, origins, warnings = extracted(COPIED.format(head=2020, own=2020))
    assert meta.title == "城东消防救援大队2020年上半年工作总结"
    assert not origins["title"].guessed
    assert not [w for w in warnings if w.startswith("标题")]


@pytest.mark.parametrize(
    ("title", "date", "doubt"),
    [
        ("城东消防救援大队2024年上半年工作总结", "2020年6月18日", True),  # a summary before its period
        ("城东消防救援大队2021年工作总结", "2020年12月28日", True),
        ("城东消防救援大队2021年工作总结", "2022年1月10日", False),  # written after: normal
        ("城东消防救援大队2021年工作要点", "2020年12月28日", False),  # a plan for next year
        ("城东消防救援大队2023年工作要点", "2020年12月28日", True),  # three years ahead
        ("城东消防救援大队2021—2025年消防规划", "2021年3月1日", False),  # a range: its first year
        ("城东消防救援大队开展消防宣传", "2020年12月28日", False),  # no year at all
    ],
)
def test_the_title_year_against_the_date(title, date, doubt):
    text = f"{title}\n城东消防救援大队\n{date}\n一、工作情况\n大队开展检查，排查单位10家。\n"
    meta, origins, warnings = extracted(text)
    assert meta.title == title
    assert origins["title"].guessed is doubt
    assert bool([w for w in warnings if w.startswith("标题")]) is doubt


def test_title_years_reads_years_and_ranges_not_other_numbers():
    assert title_years("关于2023年第31次全省消防工作会议") == [2023]
    assert title_years("2021—2025年消防规划") == [2021, 2025]
    assert title_years("第2024号文件 共1200家") == []


def test_renumbered_title_needs_the_same_words():
    shaped = structure("A\n城东消防救援大队2020年工作总结\n")
    ctx = Context(source="a.txt", head=shaped.head, blocks=shaped.blocks, taxonomy=TAX)
    assert renumbered_title(ctx, "城东消防救援大队2024年工作总结") == "城东消防救援大队2020年工作总结"
    assert renumbered_title(ctx, "城西消防救援大队2024年工作总结") == ""
    assert renumbered_title(ctx, "城东消防救援大队工作总结") == ""
