"""Issue 7's conversion rules, one table per rule: line joining, web-page
furniture, official title blocks, dates, units, doc_type and the warnings
for guessed fields."""

from __future__ import annotations

import pytest

from fireportal.clean import clean, drop_web_furniture, is_web_furniture, join_wrapped_lines
from fireportal.metadata import Context, extract, web_hints
from fireportal.structure import structure
from fireportal.taxonomy import load_taxonomy

TAX = load_taxonomy(None)


def meta_of(text: str, source: str = "sources/misc/a.txt"):
    cleaned = clean(text)
    shaped = structure(cleaned.text)
    ctx = Context(source=source, head=shaped.head, blocks=shaped.blocks, taxonomy=TAX, furniture=cleaned.removed)
    meta, origins, problems, *_ = extract(ctx, overrides={})
    return meta, origins, [p.message for p in problems]


# --- line joining -------------------------------------------------------------

HEADINGS = ["一、强化组织领导压实各方责任", "二、聚焦重点领域深化隐患排查", "三、创新宣传方式营造浓厚氛围"]
TYPED = "\n".join(
    f"{h}\n支队{'认真研究部署，' * (i + 5)}推动工作落实。\n（责任科室：司令部）" for i, h in enumerate(HEADINGS)
)


def test_headings_of_equal_length_are_not_wrapped_lines():
    assert join_wrapped_lines(TYPED) == (TYPED, 0)


def _wrap(text: str, width: int) -> str:
    """Hard-wrap at `width` characters, with a page number after every 6 lines."""
    lines = [para[i:i + width] for para in text.split("\n") for i in range(0, len(para), width)]
    pages = ["\n".join(lines[i:i + 6]) + f"\n\n— {i // 6 + 1} —\n" for i in range(0, len(lines), 6)]
    return "\n".join(pages)


@pytest.mark.parametrize("width", [10, 12, 15, 17, 20])
def test_hard_wrapped_typed_text_gives_the_same_paragraphs(width):
    text = "\n".join(f"{h}\n支队{'认真研究部署，' * 6}推动工作落实。" for h in HEADINGS)
    assert clean(_wrap(text, width)).text == clean(text).text


def test_an_indent_opens_a_paragraph_in_wrapped_text():
    wrapped = "\u3000\u3000为深入推进消防工作，支队召开会议研\n究部署。\n\u3000\u3000会议要求各大队认真落实各项工作，\n确保安全。\n\u3000\u3000会后各大队迅速行动起来，开展检查\n工作。"
    assert join_wrapped_lines(wrapped)[0].split("\n") == [
        "\u3000\u3000为深入推进消防工作，支队召开会议研究部署。",
        "\u3000\u3000会议要求各大队认真落实各项工作，确保安全。",
        "\u3000\u3000会后各大队迅速行动起来，开展检查工作。",
    ]


# --- web-page furniture -------------------------------------------------------

@pytest.mark.parametrize(
    "line",
    [
        "当前位置：首页 > 消防新闻",
        "您现在的位置:中国森林草原防灭火网>> 防火动态>> 正文",
        "首页>正文",
        "2023-05-12 09:30:15 来源：某某日报",
        "来源：支队 作者：支队 时间：2023-08-02 16:41",
        "发布时间：2023-11-06 11:16:40",
        "发布日期:2022-09-15 10:44 浏览次数: 信息来源:衢州市消防救援支队 字体:[ ]",
        "浏览次数：123",
        "责任编辑：【卢岩】",
        "编辑 郑建玲 二审 黄启艳 三审 吴森林",
        "加大字体 缩小字体",
        "【字体：大 中 小】",
        "【打印本页】【关闭窗口】 |",
        "分享到：",
        "扫一扫在手机打开当前页",
        "微信二维码",
        "Copyright ©2022 黄石消防网版权所有 黄石市消防救援支队",
        "投稿邮箱：xx@163.com",
        "京ICP备05048792号   京公网安备11040102700086号",
        "网站标识码:bm88000003",
        "主办单位:国家森林草原防灭火指挥部办公室",
        "下面是小编为大家整理的消防工作总结，供大家参考。",
        "anmi 发表于 2024-1-27 23:01:45",
        "专题资讯 2020-11-10 10:16:30",
        "來源：某某日報 責任編輯：張三",
    ],
)
def test_web_furniture_lines(line):
    assert is_web_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "盘锦市消防救援支队关于开展冬春火灾防控工作的通知",
        "盘锦支队测试<script>alert(1)</script>通报",
        "时间：2023年5月6日上午",  # the 时间/地点 lines of minutes
        "作者：卢成良",  # a byline, read by structure
        "2023年11月5日",  # a 落款 date
        "一、来源：各大队上报数据",
        "5月6日，盘锦市消防救援支队组织召开5月份办公会。",
    ],
)
def test_not_web_furniture(line):
    assert not is_web_furniture(line)


def test_web_furniture_is_reported_and_its_metadata_kept():
    text = "当前位置：首页 > 消防新闻\n某支队开展演练\n2023-05-12 09:30:15 来源：某某日报 作者：张三\n3月5日，盘锦市消防救援支队开展演练。"
    cleaned = clean(text)
    assert dict(cleaned.fired)["drop_web_furniture"] == 2
    assert "来源" not in cleaned.text and "当前位置" not in cleaned.text
    hints = web_hints(cleaned.removed)
    assert (hints.published, hints.author, hints.outlet) == ("2023-05-12", "张三", "某某日报")
    assert drop_web_furniture(cleaned.text) == (cleaned.text, 0)


# --- official documents --------------------------------------------------------

NOTICE = """辽宁省消防救援总队文件
辽消〔2023〕8号
辽宁省消防救援总队关于做好2023年
冬春火灾防控工作的通知
各支队、总队机关各处室：
为做好今冬明春火灾防控工作，现将有关事项通知如下：
一、全面排查隐患。各支队要组织开展隐患排查。
辽宁省消防救援总队
二〇二三年十一月五日"""


def test_official_title_block_number_and_closing():
    meta, origins, problems = meta_of(NOTICE)
    assert meta.title == "辽宁省消防救援总队关于做好2023年冬春火灾防控工作的通知"
    assert (meta.doc_number, meta.date, meta.unit, meta.doc_type) == (
        "辽消〔2023〕8号", "2023-11-05", "辽宁省消防救援总队", "通知")
    assert origins["date"]["note"] == "落款日期" and not problems


@pytest.mark.parametrize("number", ["辽消〔2023〕8号", "盘消[2022]15号", "曲消（2021）3号"])
def test_doc_number_brackets(number):
    meta, *_ = meta_of(NOTICE.replace("辽消〔2023〕8号", number))
    assert meta.doc_number == number


# --- dates -------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "date"),
    [
        # The lead's year comes from this text: the same sentence …
        ("3月5日上午，某市消防救援支队召开2024年党委扩大会议，部署工作。", "2024-03-05"),
        # … not a year looked back on …
        ("3月5日上午，盘锦市消防救援支队召开党委扩大会议，回顾总结2023年工作。", ""),
        # … or a web page's publication time (an event two months before it is last year's).
        ("2024-01-03 10:00 来源：盘锦日报\n12月28日，盘锦市消防救援支队召开年终总结会议。", "2023-12-28"),
        ("发布时间：2023-11-06 11:16\n11月9日，大连市消防救援支队将举办启动仪式。", "2023-11-09"),
        ("11月8号上午，林区2019年消防宣传月活动启动仪式在体育广场拉开帷幕。", "2019-11-08"),
    ],
)
def test_lead_dates_take_their_year_only_from_the_text(text, date):
    meta, _, problems = meta_of(text)
    assert meta.date == date
    assert bool(date) or any(p.startswith("没有日期") for p in problems)


# --- units ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("2月27日，新立镇书记一行来到忠县消防救援大队走访慰问。", "忠县消防救援大队"),
        ("2月27日，吴尚蓉在县消防救援大队慰问。", ""),
        ("中新网3月25日电 据广东省潮州市消防救援支队官方微博消息，发布警情通报。", "潮州市消防救援支队"),
    ],
)
def test_units_start_at_a_place(text, unit):
    meta, *_ = meta_of(text)
    assert meta.unit == unit


# --- doc_type and guesses ---------------------------------------------------------

@pytest.mark.parametrize(
    ("title", "doc_type"),
    [
        ("关于召开全市消防工作会议的通知", "通知"),
        ("火情通报", "通知"),
        ("关于表彰先进的通告", "通知"),
        ("2024年消防工作要点", "计划"),
        ("冬春火灾防控实施方案", "计划"),
        ("2023年上半年工作汇报", "总结"),
        ("山东省消防救援总队党委扩大会议在济南召开", "会议"),
    ],
)
def test_doc_type_from_the_title(title, doc_type):
    meta, *_ = meta_of(f"{title}\n各单位认真落实，确保取得实效。")
    assert meta.doc_type == doc_type


def test_a_plain_event_report_is_news_and_says_it_guessed():
    meta, origins, problems = meta_of("6月5日，原州区消防救援大队走进社区开展宣传活动，发放资料500份。", "sources/2024/a.txt")
    assert meta.doc_type == "新闻" and origins["doc_type"]["guessed"]
    assert any(p.startswith("文档类型是猜的") and "doc_type: " in p for p in problems)


def test_meeting_lead_gives_unit_and_meeting():
    meta, origins, problems = meta_of(
        "中宏网山东2月21日电 2月21日上午，山东省消防救援总队党委扩大会议在济南召开，部署全年工作。", "sources/2025/a.txt")
    assert meta.title == "山东省消防救援总队党委扩大会议在济南召开"
    assert (meta.date, meta.doc_type) == ("2025-02-21", "会议")
    assert not origins["title"]["guessed"]
