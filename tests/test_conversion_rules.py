"""Issue 7's conversion rules, one table per rule: line joining, web-page
furniture, official title blocks, dates, units, doc_type and the warnings
for guessed fields."""

from __future__ import annotations

import re

import pytest

from fireportal.clean import clean, drop_web_furniture, is_web_furniture, join_wrapped_lines
from fireportal.metadata import Context, extract, web_hints
from fireportal.model import Origin
from fireportal.structure import structure
from fireportal.taxonomy import load_taxonomy

TAX = load_taxonomy(None)
# A field without an origin (left empty): not guessed.
_ABSENT = Origin(origin="")


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


def test_a_pages_buttons_of_equal_width_are_no_margin():
    # A story typed as one line, then a forum's reaction buttons, each a line
    # of the same width: no wrapped text, nothing to join.
    text = ("晚报讯16日，记者来到市消防救援支队，了解乡镇专职消防队建设情况。文章来源：柳州晚报![]() |\n"
            "![]() 鲜花 |\n![]() 握手 |\n![]() 雷人 |\n![]() 路过 |\n![]() 鸡蛋 |\n分享\n邀请")
    assert join_wrapped_lines(text) == (text, 0)


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
        # A trail closed by its separator, the article's own name left off it.
        "工作总结 >安全生产总结 >",
        "新闻中心 » 基层动态 »",
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
        # A video player's prompt copied as a line.
        "▲点击播放视频",
        "点击查看视频",
        "► 点击观看视频",
        # An old-browser banner and a government site's elderly-mode switch.
        "IE版本过低,为了不影响您的浏览效果,请升级IE版本!建议使用ie11及以上的版本 x",
        "您的浏览器版本过低，请升级浏览器",
        "关爱版",
        # A trail labelled 当前所在 (no 位置), and a site's greeting to its visitor.
        "当前所在:首页 > 应急管理 > 江苏省消防救援总队:做好洪涝灾害高风险地区前置备勤工作",
        "欢迎来到住建法治网!",
        "您好,欢迎来到上海分类信息网",
        "欢迎访问某某县人民政府！",
        # A site's stamp line in an English template.
        "Date:2025-3-17 10:48:50Hits:0",
        "Hits:12",
        # A QR code's caption naming its app (traditional, as read before t2s).
        "抖音二維碼",
        "微信公众号二维码",
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
        "消防专题 >> 新闻",  # two names and no closing separator: not a trail
        "5月6日，盘锦市消防救援支队组织召开5月份办公会。",
        "点击播放视频可以看到，消防员迅速铺设水带。",  # a sentence about the video
        "部分单位电脑IE版本过低，影响消防监督管理系统使用。",  # a sentence about browsers
        "当前所在辖区共有重点单位12家。",  # 当前所在 opening a sentence, no colon
        "欢迎来到消防站参观，体验消防员的一天。",  # a sentence, not a site's greeting
        "扫描下方二维码，即可报名参加消防培训。",  # a sentence about a QR code
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


def test_a_qr_caption_over_a_kicker_leaves_the_kicker_flagged():
    # 抖音二维码 is the page's; the kicker under it reports speech, its main headline below.
    text = "抖音二维码\n\n国家消防救援局党委强调\n\n坚定改革信心 勇担职责使命\n\n7月19日下午，国家消防救援局召开党委（扩大）会议。\n"
    meta, origins, _ = meta_of(text)
    assert "二维码" not in meta.title
    assert meta.title == "国家消防救援局党委强调" and origins["title"].guessed
    assert "引题" in origins["title"].note


def test_a_contact_card_over_the_article_is_web_furniture():
    # A company's card the page puts above the article: never its title or lead.
    card = "联系人:孔令响\n电话:180-2184-6999\n传真:0510-83109489\n工厂地址:某某市某某镇开明路2号\n"
    lead = "2月23日，某某市消防救援支队党委扩大会议召开。"
    assert clean(card + lead).text == lead
    assert clean("聯繫人:孔令響\n電話:180-2184-6999\n傳真:0510-83109489\n" + lead).text == lead
    # Contact lines closing a notice are the notice's own.
    notice = "各大队：\n请于3月1日前报送材料。\n联系人：张三\n电话：0510-1234567\n传真：0510-1234568"
    assert clean(notice).text == notice
    # Two contact lines opening a text are no card.
    two = "联系人：张三\n电话：0510-1234567\n" + lead
    assert "联系人" in clean(two).text
    # ... nor the title: a contact line never is one.
    meta, origins, _ = meta_of(two + "会议强调，要压实消防安全责任。\n")
    assert "联系人" not in meta.title and "电话" not in meta.title


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
    assert origins["date"].note == "落款日期" and not problems


@pytest.mark.parametrize("number", ["辽消〔2023〕8号", "盘消[2022]15号", "曲消（2021）3号"])
def test_doc_number_brackets(number):
    meta, *_ = meta_of(NOTICE.replace("辽消〔2023〕8号", number))
    assert meta.doc_number == number


REPOSTED_NOTICE = """海湾消防分享：《“十四五”国家消防工作规划》重磅发布！
海湾消防分享：《“十四五”国家消防工作规划》重磅发布！
国务院安全生产委员会关于印发
《“十四五”国家消防工作规划》的通知
安委〔2022〕2号
各省、自治区、直辖市人民政府，国务院安委会各成员单位：
《“十四五”国家消防工作规划》已经国务院领导同志同意，现印发给你们，请认真贯彻落实。
国务院安全生产委员会
2022年2月12日
根据《国务院办公厅关于印发消防安全责任制实施办法的通知》
国办发〔2017〕87号
制定本规划。"""


def test_a_doc_number_line_above_the_first_sentence_is_the_documents_own():
    # A repost's headline above the title block: the number is still the document's.
    meta, *_ = meta_of(REPOSTED_NOTICE)
    assert meta.doc_number == "安委〔2022〕2号"
    # One only below the first sentence is what the text cites.
    meta, *_ = meta_of(REPOSTED_NOTICE.replace("安委〔2022〕2号\n", ""))
    assert meta.doc_number == ""


def test_a_labelled_doc_number_in_a_portals_info_box_is_the_documents_own():
    # The portal's field may be shared with another (备注/文号); the text's
    # citations below its first sentence are not taken.
    text = ("- 索引号：QZ00503-1100-2023-00052\n- 备注/文号：泉应急〔2023〕81号\n- 公文生成日期：2023-08-15\n"
            "各县（市、区）应急管理局、消防救援大队：\n"
            "根据《泉州市市级应急救援队伍管理办法（试行）》（泉应急规〔2023〕1号）规定，确定首批市级应急救援队伍。\n")
    meta, *_ = meta_of(text)
    assert meta.doc_number == "泉应急〔2023〕81号"
    meta, *_ = meta_of(text.replace("- 备注/文号：泉应急〔2023〕81号\n", ""))
    assert meta.doc_number == ""


def test_a_doc_number_whose_brackets_the_copy_lost_is_repaired_as_a_guess():
    text = ("湖南省人民政府办公厅.关于印发、湖南省消防安全责任制实施办法,的通知,湘政办发.2018,36号各市州、县市区人民政府"
            " 湖南省消防安全责任制实施办法.已经省人民政府同意.现印发给你们 请认真贯彻执行,湖南省人民政府办公厅、2018年5月25日")
    meta, origins, problems = meta_of(text)
    assert meta.doc_number == "湘政办发〔2018〕36号" and origins["doc_number"].guessed
    assert any(p.startswith("文号是猜的") and "doc_number: " in p for p in problems)


def test_a_doc_number_whose_brackets_an_encoding_turned_into_question_marks_is_repaired():
    # A copy through an encoding without 〔〕 writes ? for each (金政?2014?8號);
    # the notice's own number stands on the line above its title.
    text = ("金政?2014?8號\n关于印发《金峰乡今冬明春火灾防控工作实施方案》的通知\n各村，乡属各单位：\n"
            "为切实加强今冬明春火灾防控工作，现将实施方案印发给你们，请认真贯彻执行。\n金峰乡人民政府\n二○一四年一月十日\n")
    meta, origins, problems = meta_of(text)
    assert meta.doc_number == "金政〔2014〕8号" and origins["doc_number"].guessed
    assert any(p.startswith("文号是猜的") for p in problems)
    # Below a page's furniture line the number stands alone, not joined to the title.
    meta, origins, _ = meta_of("【今天是：\n|\n" + text)
    assert meta.doc_number == "金政〔2014〕8号" and origins["doc_number"].guessed
    # Mojibake in prose (焦急??购橥…出動?輛) is no 文号.
    meta, *_ = meta_of("8月6日，某市消防救援支队接到命令，万分焦急??购橥2023?3辆消防车赶赴现场。")
    assert meta.doc_number == ""


def test_a_headline_read_below_a_mangled_line_says_what_the_document_is_about():
    # The number line above the headline (brackets lost) keeps the title block
    # from being read; the headline read from the text's first lines names
    # its campaign as a title block's would, and the season's work the body
    # also names is then said beside it, not taken silently.
    text = ("【今天是:\n|\n金政?2014?8號\n关于印发《今冬明春第二次“清剿火患”战役实施方案》的通知\n各村,乡属各单位:\n"
            "为切实加强今冬明春火灾防控工作,乡政府决定组织开展今冬明春第二次“清剿火患”战役,现将实施方案印发给你们。\n")
    meta, origins, problems = meta_of(text)
    assert meta.title.startswith("关于印发")
    assert set(meta.campaigns) == {"冬春火灾防控", "今冬明春第二次“清剿火患”战役"}
    assert origins["campaigns"].guessed and "标题写的是今冬明春第二次“清剿火患”战役" in origins["campaigns"].note
    assert any(p.startswith("专项行动是猜的") for p in problems)


def test_a_doc_number_line_is_never_part_of_the_title():
    # The number's line joined to the title under it is the 红头's, not the headline's.
    text = ("金政?2014?8號\n关于印发《金峰乡今冬明春火灾防控工作实施方案》的通知\n各村，乡属各单位：\n"
            "为切实加强今冬明春火灾防控工作，现将实施方案印发给你们，请认真贯彻执行。\n金峰乡人民政府\n二○一四年一月十日\n")
    meta, origins, _ = meta_of(text)
    assert meta.title == "关于印发《金峰乡今冬明春火灾防控工作实施方案》的通知"
    assert meta.doc_number == "金政〔2014〕8号"
    # The number's line alone where the title would be: no title, flagged.
    meta, origins, _ = meta_of("金政?2014?8號\n\n消防安全人人有责\n\n为切实加强今冬明春火灾防控工作，现将方案印发给你们。\n")
    assert "2014" not in meta.title and origins["title"].guessed
    # A headline about a numbered document keeps its number.
    from fireportal.metadata.official import leading_doc_number

    assert leading_doc_number("国发〔2023〕5号文件解读") == 0


def test_unbracketed_responsibility_lines_name_the_departments():
    text = ("加强全市消防部队应急救援能力建设主要目标任务及责任分解\n一、消防站点建设\n"
            "1.2009年底前，完成特勤消防三中队建设。\n责任单位及责任人：呈贡县政府、市发改委、市公安消防支队主要领导。\n"
            "2.2009年底前，完成盘龙消防三中队建设。\n责任单位及责任人：盘龙区政府、市发改委主要领导。")
    meta, *_ = meta_of(text)
    assert meta.departments == ("呈贡县政府", "市发改委", "市公安消防支队", "盘龙区政府")


# --- dates -------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "date", "guessed"),
    [
        # The lead's year comes from this text: the same sentence …
        ("3月5日上午，某市消防救援支队召开2024年党委扩大会议，部署工作。", "2024-03-05", False),
        # … not a year looked back on, nor the year of the honours (表彰2023年度先进) …
        ("3月6日，菏泽市消防救援支队党委扩大会议召开，表彰2023年度先进集体和个人。", "", False),
        # … though a meeting early in the year that reviews the last one is, as a guess, in the next.
        ("3月5日上午，盘锦市消防救援支队召开党委扩大会议，回顾总结2023年工作。", "2024-03-05", True),
        # … or a web page's publication time (an event two months before it is last year's).
        ("2024-01-03 10:00 来源：盘锦日报\n12月28日，盘锦市消防救援支队召开年终总结会议。", "2023-12-28", False),
        # An announcement (将举办) is dated when it was published.
        ("发布时间：2023-11-06 11:16\n11月9日，大连市消防救援支队将举办启动仪式。", "2023-11-06", False),
        ("11月8号上午，林区2019年消防宣传月活动启动仪式在体育广场拉开帷幕。", "2019-11-08", False),
        # The event's date opens a clause; a date inside one is referred to.
        ("发布：2023-07-05\n为贯彻落实7月1日市现场会精神，7月5日上午，三乡镇召开专项行动现场会。", "2023-07-05", False),
        # A period (6日至10日) dates the text only to its month, and says so.
        ("2010年7月6日至10日，市政府督查组对七县消防工作开展了专项督查。", "2010-07", True),
        # A 落款 whose year the body and the page contradict is kept, flagged.
        ("anmi 发表于 2024-1-27 23:01:45\n火情通报\n2024年1月27日18时，海丰县消防救援大队接到火情。\n"
         "海丰消防救援大队\n2023年1月27日", "2023-01-27", True),
        # A publication time when the lead's own date could not be read is a guess.
        ("2020-12-14 08:00:00 来源：南城县人民政府\n1210日，全县冬春火灾防控工作部署会召开。", "2020-12-14", True),
        # A year-and-month line under the title (部门决算) is the document's date.
        ("桃江县消防救援大队2023年度部门决算\n二〇二四年八月\n一、部门职责\n承担消防工作。", "2024-08", False),
    ],
)
def test_lead_dates_take_their_year_only_from_the_text(text, date, guessed):
    meta, origins, problems = meta_of(text)
    assert meta.date == date
    assert bool(date) or any(p.startswith("没有日期") for p in problems)
    assert (origins.get("date", _ABSENT).guessed) == guessed
    assert not guessed or any(p.startswith("日期是猜的") and "date: " in p for p in problems)


# --- units ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "unit", "level", "guessed"),
    [
        ("2月27日，新立镇书记一行来到忠县消防救援大队走访慰问。", "忠县消防救援大队", "大队", False),
        ("中新网3月25日电 据广东省潮州市消防救援支队官方微博消息，发布警情通报。", "潮州市消防救援支队", "支队", False),
        # Since 2024 every unit is also its place's 消防救援局; 消防救援局 alone is the national bureau.
        ("上海市消防救援局挂牌\n昨天，上海举行了挂牌仪式。按照国家消防救援局工作部署，各总队加挂牌子。",
         "上海市消防救援总队", "总队", False),
        ("华安县消防救援局正式挂牌\n本报讯 6月28日，华安县消防救援局正式挂牌。", "华安县消防救援大队", "大队", False),
        ("关于申报重点单位的公告\n请各单位对照标准申报。\n六安市金安区消防救援局\n2026年1月4日",
         "金安区消防救援大队", "大队", False),
        # A municipality's district has a 支队; a name without its place takes the place the text names.
        ("西城区举行消防宣传月启动仪式\n11月6日，启动仪式在中学举行。区消防救援支队支队长汇报了全年工作。",
         "西城区消防救援支队", "支队", True),
        ("2019年上海市119消防宣传月在长宁消防中队隆重启动\n10月31日，启动仪式在长宁消防中队举行。"
         "市消防救援总队政治委员出席。", "上海市消防救援总队", "总队", True),
        # A unit written without its kind takes the kind the ranks in the text
        # give it: a province-level city's counties are not all alike.
        ("10月7日，忠县消防救援局组织召开火灾形势约谈分析会。会议由副大队长王静珑主持。",
         "忠县消防救援大队", "大队", True),
        ("10月7日，海城市消防救援局组织召开火灾形势分析会。会议由支队长主持。",
         "海城市消防救援大队", "大队", True),
        ("10月7日，海城市消防救援局组织召开火灾形势分析会。会议由大队长主持。",
         "海城市消防救援大队", "大队", False),
        # Stations with their own names, under the unit written before them.
        ("11月8日，媒体记者走进德州市消防救援支队广川特勤站，体验消防生活。",
         "德州市消防救援支队广川特勤站", "站", False),
        ("8月31日下午，天水郡消防救援站组织召开作战行动讨论会。", "天水郡消防救援站", "站", False),
        ("为认真总结无人机消防救援站成立一周年工作成效。12月18日，西咸新区无人机消防救援站召开总结会。",
         "西咸新区无人机消防救援站", "站", False),
        ("云南省森林消防总队承担防范化解重大安全风险的职责。云南省森林消防总队部门决算包括总队本级决算。",
         "云南省森林消防总队", "总队", False),
        # The 落款 signs a notice, even when the lead names the unit that runs the drill.
        ("益阳市消防救援支队定于5月30日在桃江县开展演练。\n特此通告。\n桃江县消防救援大队\n2024年5月29日",
         "桃江县消防救援大队", "大队", False),
        # A unit's name with the text going on after it heads a section of a
        # list by unit: not the 落款, which only its date follows.
        ("近日，湖北省消防救援总队开展消防安全检查，现将隐患单位集中曝光。\n武汉支队\n隐患单位名称：\n"
         "某物业公司\n荆州支队\n隐患单位名称：\n某酒店", "湖北省消防救援总队", "总队", False),
        # A meeting lead whose story is about one of the units it honours.
        ("2月1日，山东省消防救援总队召开党委扩大会议。德州支队被表彰为先进支队。\n"
         "2022年，德州支队在省消防救援总队党委领导下推动工作。\n德州支队连续5年获评文明单位。",
         "德州市消防救援支队", "支队", True),
        # A unit named under its parent, one right after the other: the last link acts.
        ("12月4日，白城支队通榆大队联合应急局对辖区场所开展消防安全检查。",
         "通榆县消防救援大队", "大队", False),
        ("盘锦支队兴隆台区大队开展演练\n\n5月6日，大队组织开展灭火救援演练。",
         "兴隆台区消防救援大队", "大队", False),
        # Two units side by side, the lower one first, are no chain.
        ("12月4日，通榆大队白城支队联合开展消防安全检查。", "通榆县消防救援大队", "大队", False),
        # A forest brigade's unit named under it is the brigade's, never the place's 消防救援支队.
        ("近日以来，伊犁林区森林防火形势严峻。新疆森林消防总队伊犁支队派出救援人员进行防火勤务。",
         "新疆维吾尔自治区森林消防总队伊犁支队", "支队", False),
        ("4月27日，林芝市森林消防支队联合南方航空护林总站开展处置森林火灾应急救援演练。",
         "西藏自治区森林消防总队林芝支队", "支队", False),
        # The brigade with no unit of a place after it stays the brigade.
        ("近日，新疆森林消防总队召开支队长会议，部署防火勤务。", "新疆维吾尔自治区森林消防总队", "总队", False),
        # Places that begin like words (原, 贵, 本) are still places.
        ("6月11日，原州区消防救援大队走进社区开展宣传。", "原州区消防救援大队", "大队", False),
        # The national bureau's official, named by office and rank among a meeting's
        # guests, is not the bureau acting: the unit is not the bureau's.
        ("全区消防救援队伍创建工作推进会在乌兰察布召开\n11月14日，全区消防救援队伍创建工作推进会在乌兰察布召开。"
         "国家消防救援局党建指导司二级专员弓立新、总队政治委员王守江等出席会议。\n乌兰察布支队分享了创建经验。",
         "乌兰察布市消防救援支队", "支队", True),
        ("11月14日，国家消防救援局印发通知，部署冬春火灾防控工作。", "国家消防救援局", "局", False),
        # No unit: empty, with the level the text's own words show, and a warning.
        ("2月27日，吴尚蓉在县消防救援大队慰问。", "", "大队", True),
        ("县消防安全委员会决定禁止燃放孔明灯。县公安消防大队做好灭火工作。", "", "大队", True),
        # An anonymised unit (xx消防大队) is right to be empty; its level is sure.
        ("今年以来，xx消防大队在支队党委的正确领导下，现就全年工作汇报如下：", "", "大队", False),
    ],
)
def test_units(text, unit, level, guessed):
    meta, origins, problems = meta_of(text)
    assert (meta.unit, meta.unit_level) == (unit, level)
    flagged = origins.get("unit", origins.get("unit_level", _ABSENT)).guessed
    assert flagged == guessed
    assert not guessed or any("发文单位" in p and "unit: " in p for p in problems)


# A district name several cities have (永定区: 龙岩's and 张家界's; 鼓楼区: four).

@pytest.mark.parametrize(
    ("text", "unit", "parent"),
    [
        # The city written before the district, in the title or the lead.
        ("张家界市永定区消防救援大队召开冬季火灾防控部署会\n12月14日，永定区大队召开部署会，大队全体干部参加。",
         "张家界市永定区消防救援大队", "张家界市消防救援支队"),
        ("龙岩市永定区消防救援大队召开会议\n12月14日，龙岩市永定区消防救援大队召开部署会，学习张家界经验。",
         "龙岩市永定区消防救援大队", "龙岩市消防救援支队"),
        # The city's 支队 named beside the district's 大队.
        ("鼓楼区消防救援大队召开冬季火灾防控部署会\n12月14日，鼓楼区消防救援大队召开部署会，福州市消防救援支队副支队长出席。",
         "福州市鼓楼区消防救援大队", "福州市消防救援支队"),
        # The city only in a news dateline (207's shape).
        ("永定消防大队召开应对寒潮天气调度会\n红网时刻张家界12月15日讯 12月14日，永定消防大队召开调度会。",
         "张家界市永定区消防救援大队", "张家界市消防救援支队"),
        # A station of such a district's 大队 is placed with it.
        ("11月8日，张家界市民走进永定区消防救援大队城南消防站，体验消防生活。",
         "张家界市永定区消防救援大队城南消防站", "张家界市永定区消防救援大队"),
    ],
)
def test_a_shared_district_is_placed_in_the_city_the_text_names(text, unit, parent):
    meta, _, problems = meta_of(text)
    assert (meta.unit, meta.parent_unit) == (unit, parent)
    assert not any(p.startswith("上级单位没有定") for p in problems)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("永定区消防救援大队召开冬季火灾防控部署会\n12月14日，永定区消防救援大队召开部署会，大队全体干部参加。",
         "永定区消防救援大队"),
        # Both cities named: the text does not say which.
        ("永定区大队开展宣传\n龙岩、张家界两地永定区大队联合开展消防宣传。", "永定区消防救援大队"),
        # A word that begins like a city (长治久安) does not name it.
        ("城区消防救援大队开展宣传\n5月6日，城区消防救援大队走进社区，确保社会长治久安。", "城区消防救援大队"),
    ],
)
def test_a_shared_district_the_text_does_not_place_has_no_parent_and_says_so(text, unit):
    meta, _, problems = meta_of(text)
    assert (meta.unit, meta.unit_level, meta.parent_unit) == (unit, "大队", "")
    warned = [p for p in problems if p.startswith("上级单位没有定")]
    assert len(warned) == 1 and f"取了“{unit}”" in warned[0] and "unit: " in warned[0]


@pytest.mark.parametrize(
    ("text", "unit", "parent"),
    [
        # A district one city has keeps its name and parent, whatever other city the text names.
        ("兴隆台区消防救援大队召开会议\n12月14日，兴隆台区消防救援大队召开部署会，学习张家界经验。",
         "兴隆台区消防救援大队", "盘锦市消防救援支队"),
        ("6月11日，原州区消防救援大队走进福州社区开展宣传。", "原州区消防救援大队", "固原市消防救援支队"),
    ],
)
def test_a_district_one_city_has_is_placed_as_before(text, unit, parent):
    meta, _, problems = meta_of(text)
    assert (meta.unit, meta.parent_unit) == (unit, parent)
    assert not any(p.startswith("上级单位没有定") for p in problems)


@pytest.mark.parametrize(
    ("text", "campaigns", "guessed"),
    [
        # Every 消防宣传月 is the 119 one; no cut-off shape names beside it.
        ("2024年11月是第33个全国消防宣传月，全市开展形式多样的消防宣传月系列活动。", ["119消防宣传月"], False),
        # A shape name starts after the subject and preposition that introduce it, and is a guess …
        ("上半年，消防大队以春夏火灾防控专项行动为主线，开展检查。", ["春夏火灾防控专项行动"], True),
        # … unless the text quotes it.
        ("部署开展夏季消防检查、冬春火灾防控专项行动和“六大”专项治理。",
         ["夏季消防检查", "冬春火灾防控", "“六大”专项治理"], False),
        ("各级要结合全市除险保安“百日攻坚”行动，深入开展检查。", ["除险保安“百日攻坚”行动"], False),
        # 安全生产 and 消防安全 治本攻坚 are two campaigns.
        ("按照《安全生产治本攻坚三年行动方案》要求部署工作。", ["安全生产治本攻坚三年行动"], False),
        ("有针对性地开展消防安全治本攻坚三年行动。", ["消防安全治本攻坚三年行动"], False),
        # Quotes or none, the listed name is known; 暨 joins two.
        ("全县消防安全专项整治“三年行动”推进暨冬春火灾防控工作部署会召开", ["消防安全专项整治三年行动", "冬春火灾防控"], False),
        ("三乡镇召开电动自行车全链条消防安全治理暨“打通生命通道”专项行动动员部署会",
         ["打通“生命通道”集中攻坚行动", "电动自行车全链条消防安全治理"], False),  # listed names first
        ("持续推进电动自行车安全隐患全链条整治、畅通消防“生命通道”。",
         ["电动自行车安全隐患全链条整治行动", "打通“生命通道”集中攻坚行动"], False),
        # 大检查 ends a campaign's name too; unquoted, the name is a guess, and a
        # long run before it is a clause, not a topic.
        ("近日，总队组织开展了消防安全大检查工作，曝光隐患单位。", ["消防安全大检查"], True),
        ("各镇街多层面全覆盖消防安全大检查工作正在进行。", [], False),
        # A listed alias that is a verb and its object says the work unless quotes
        # or a campaign word mark it as the name: kept, but a guess.
        ("坚持问题导向。全面打通消防生命通道，集中整治高层建筑等突出风险。", ["打通“生命通道”集中攻坚行动"], True),
        ("对打通生命通道行动、九小场所治理进行部署。", ["打通“生命通道”集中攻坚行动"], False),
        ("切实“打通生命通道、拓宽生命宽度”。", ["打通“生命通道”集中攻坚行动"], False),
        # Work described (燃气安全专项整治) and other fields' campaigns (城市发展“十大专项”行动) are not campaigns.
        ("深入开展燃气安全专项整治，结合城市发展“十大专项”行动推进建设。", [], False),
        # A name ending in 专项整治行动 keeps its 行动; unquoted, it is still work described.
        ("消防大队结合“平安春节”消防安全专项整治行动，联合物业开展检查。", ["“平安春节”消防安全专项整治行动"], False),
        ("深入开展消防安全专项整治行动，确保火灾形势稳定。", [], False),
        # The particle 了 ends the verb that introduces the name, whichever verb it is.
        ("近日，支队积极开展了“消防安全大检查”行动，曝光隐患单位。", ["“消防安全大检查”行动"], False),
        ("全市各大队同时发起了“夜查火患”行动。", ["“夜查火患”行动"], False),
        # A quoted slogan, a few words saying what kind, then 行动: a local campaign.
        ("7月15日晚，“清源2号”消防夜查集中统一行动在支队指挥中心启动。", ["“清源2号”消防夜查集中统一行动"], False),
        # A listed campaign with other filler words (专项整治 for 集中…大整治) is that campaign;
        # 我县 is where it runs, not its name.  A bare 三年行动 names none.
        ("6日上午，市消防救援支队组织检查人员对我县消防安全除患攻坚专项整治行动开展督导。",
         ["消防安全集中除患攻坚大整治行动"], False),
        ("力争通过三年行动，基本消除重大隐患。", [], False),
    ],
)
def test_campaigns(text, campaigns, guessed):
    meta, origins, problems = meta_of(text + "\n各单位认真落实。")
    assert list(meta.campaigns) == campaigns
    assert origins.get("campaigns", _ABSENT).guessed == guessed
    assert not guessed or any(p.startswith("专项行动是猜的") for p in problems)


@pytest.mark.parametrize(
    ("text", "title", "guessed"),
    [
        # Page furniture is never a title: the headline under it is.
        ("第04版：县区要闻\n华安县消防救援局正式挂牌\n本报讯 6月28日，华安县消防救援局正式挂牌。",
         "华安县消防救援局正式挂牌", False),
        ("- 0\n- 约4.8千字\n2025年微型消防站工作总结和2026年工作计划\n2025年，我单位微型消防站扎实开展工作。",
         "2025年微型消防站工作总结和2026年工作计划", False),
        ("搜本站\n1月30日，内蒙古自治区消防救援总队召开2026年党委扩大会议。应急管理厅厅长到会讲话。",
         "内蒙古自治区消防救援总队召开2026年党委扩大会议", False),
        # A document-sharing site's page label is cut off.
        ("消防大队今冬明春火灾防控工作方案_第1页\n为切实加强消防安全工作，制定本方案。", "消防大队今冬明春火灾防控工作方案", False),
        # A meeting lead is a title unless the story is about another unit.
        ("2月1日，山东省消防救援总队召开党委扩大会议。德州支队被表彰为先进支队。\n"
         "2022年，德州支队推动工作。\n德州支队连续5年获评文明单位。", "山东省消防救援总队召开党委扩大会议", True),
        # A forum post's frame (floor label, poster's card) is no title, and the
        # lead is the first paragraph after it.
        ("楼主\n特约记者 TA的每日心情 开心 2017-8-3 08:11\n签到天数: 220 天 [LV.7]常住居民III\n"
         "城关论坛讯（通讯员王五）近日,城关镇召开2018年度夏季火灾防控工作推进会,对相关工作进行了部署。\n"
         "会议要求,切实增强消防工作责任使命。",
         "城关镇召开2018年度夏季火灾防控工作推进会", False),
        # A lead's reporters without brackets end with 报道 and a colon.
        ("城关论坛讯 通讯员王五、赵六报道:近日,城关镇召开2018年度夏季火灾防控工作推进会,对相关工作进行了部署。\n"
         "会议要求,切实增强消防工作责任使命。",
         "城关镇召开2018年度夏季火灾防控工作推进会", False),
        # A time alone is never a title: the headline under it is, or a guess is flagged.
        ("11月6日上午\n城南区举行消防宣传月活动启动仪式\n11月6日上午，城南区消防宣传月活动启动仪式在中心广场举行。",
         "城南区举行消防宣传月活动启动仪式", False),
        # With no headline the lead's first clause stands in, without the wire's
        # bracketed names or a day given without its month; pictures' captions
        # over the story are no lead.
        ("图为活动现场。\n图为活动现场。\n"
         "中新网内蒙古新闻6月26日电 (白田明 张勇)25日上午10时,呼和浩特市消防救援支队加挂呼和浩特市消防救援局牌子。\n"
         "市级消防救援局挂牌后，将更好地履行职责。",
         "呼和浩特市消防救援支队加挂呼和浩特市消防救援局牌子", True),
        # A paper's byline of two roles and their names is no title, its
        # name garbled or not; the lead's first clause stands in, flagged.
        ("石家庄日？qǐng)?bào)融媒体记者 胡雁冰 通讯员 郭星怡\n"
         "4月5日23时19分，晋州市新华桥附近一男子落水，急需救援。东环路消防救援站迅速出动两部消防车。",
         "晋州市新华桥附近一男子落水，急需救援", True),
        # A headline the head missed, under a spam line and over a photo's note,
        # stands in for the title as a guess; the note is no heading to take instead.
        ("精品在线，高清视频，最新内容，热门推荐，免费观看，在线播放，高清完整版，最新电影，热门电视剧，综艺节目大全，体育直播等最新內容\n村民被困洪水中 长春消防火速救援\n（资料图片）\n"
         "8月6日4时50分，长春市消防救援支队接到命令，一名村民被困。救援人员迅速出动。\n小雨还在下，积水越来越深。",
         "村民被困洪水中长春消防火速救援", True),
        # A channel's line set right over the headline, no blank line between
        # (as a PDF typesets them): the headline under it, naming the kind, is a choice, flagged.
        ("中新社内蒙古分社 正文\n包头市消防救援支队召开全市基层消防力量建设现场会\n"
         "10月13日，包头市消防救援支队在青山区召开现场会。支队相关领导参加会议。",
         "包头市消防救援支队召开全市基层消防力量建设现场会", True),
    ],
)
def test_titles(text, title, guessed):
    meta, origins, problems = meta_of(text)
    assert meta.title == title
    assert origins["title"].guessed == guessed
    assert not guessed or any("标题" in p and "title: " in p for p in problems)


def test_a_poster_opening_with_a_time_has_no_title_line():
    meta, origins, problems = meta_of("今年11月\n是第33个全国消防宣传月\n活动主题为\n全民消防生命至上\n"
                                      "为进一步动员群众关注消防，城南区启动仪式在中心广场举行。")
    assert meta.title != "今年11月" and origins["title"].guessed
    assert any("标题" in p and "title: " in p for p in problems)


@pytest.mark.parametrize(
    ("title", "doubt"),
    [
        # Two four-character phrases naming no unit, place, event or kind: a slogan.
        ("全民消防\n生命至上", "像是标语"),
        ("关注消防 珍爱生命", "像是标语"),
        # A line ending with a word that needs what follows it.
        ("城南区消防救援大队关于印发消防工作要点的", "半句话"),
        ("全县冬春火灾防控工作推进会暨", "半句话"),
        # Short headlines that name what they are about.
        ("火情通报", ""),
        ("城东消防救援站", ""),
        ("聆听消防故事 定格蓝焰光芒", ""),
        ("福州一民房起火", ""),
    ],
)
def test_a_doubtful_title_line_is_kept_but_flagged(title, doubt):
    meta, origins, problems = meta_of(f"{title}\n为进一步贯彻冬春火灾防控部署，自11月20日起，城南区消防救援大队全面开展执勤巡逻活动。")
    assert meta.title == title.replace("\n", "").replace(" ", "")
    assert origins["title"].guessed == bool(doubt)
    assert doubt in origins["title"].note
    assert not doubt or any(p.startswith("标题是猜的") and "title: " in p for p in problems)


@pytest.mark.parametrize(
    ("text", "author", "guessed"),
    [
        ("本报拉萨讯（记者王杰学 通讯员苏延斌）15日上午，西藏森林消防总队召开年度工作会议。", "王杰学, 苏延斌", False),
        ("6月18日，陕西省消防救援局在西安正式挂牌。（记者 梅镱泷 视频来源 陕西省消防救援局）\n责任编辑：【卢岩】",
         "梅镱泷, 卢岩", False),
        # An organisation or a word is never an author; reviewers are not authors.
        ("8月24日，衢州市政府召开常务会议。\n作者：（全媒体中心）", "", False),
        ("2020-12-14 08:00:00 来源：南城县人民政府 作者：消息 责任编辑：康康\n12月10日，全县召开部署会。", "康康", False),
        ("3月5日，某支队召开会议。\n编辑：姜瑾雯\n校对：史光熙\n审核：罗俊涛", "姜瑾雯", False),
        ("2021年12月06日 来源：《廊坊日报》 作者：记者 张春娥\n12月3日，推广会在我市召开。", "张春娥", False),
        # The page's author field holds a whole credit chain: each role word
        # opens the next names and is no name itself.
        ("2024-02-07 14:00:02 作者:记者 李新苓 吕新颖 通讯员 宏姣 刘卫华 来源:廊坊都市报\n2月6日，市消防救援支队召开会议。",
         "李新苓, 吕新颖, 宏姣, 刘卫华", False),
        # Names closing the last paragraph in brackets.
        ("3月6日，某支队召开会议。\n会议强调，要抓好落实。（薄克国 李新伟 徐光亮）（完）", "薄克国, 李新伟, 徐光亮", False),
        # A reporter's title naming the newsroom first.
        ("本报讯 （全媒体记者 姜宁惠 吴梦凡） 6日上午，市消防救援支队开展督导。", "姜宁惠, 吴梦凡", False),
        ("7月15日晚，夜查行动启动。（泉州晚报融媒体记者 陈明华 通讯员 邱虹敏）", "陈明华, 邱虹敏", False),
        # A reprint names the paper its reporter works for.
        ("灭火演练\n东南网3月26日报道(福建日报记者 戴敏 通讯员 李袁辉 钟佳俊 摄)24日，某支队开展灭火实战演练。",
         "戴敏, 李袁辉, 钟佳俊", False),
        # WeChat's bar after the role; the reviewer after it is not an author.
        ("11月20日起，支队开展巡逻。\n下一步，支队将继续宣传。\n编辑|鲍寿霞\n校对|任家辰\n审核|沈显铭", "鲍寿霞", False),
        # A credit line followed by a page's channel list; its names run
        # together are the lead's two reporters, not a third person.
        ("红网讯（通讯员 郭鸿儒 吴杰）12月14日，大队召开调度会。\n会议要求做好准备。\n作者：郭鸿儒吴杰\n编辑：陆波\n"
         "频道精选\n本地新闻\n国内新闻\n国际新闻\n体育新闻", "郭鸿儒, 吴杰, 陆波", False),
        # A page's metadata line lists its reporters in a cell of their own, no
        # label: names, as a guess (a place opens with a surname too); a cell
        # of other words is no one.
        ("发布时间: 2017-11-10 14:45:40 |来源:六安新闻网 | 黄雪彦 岳阳 隋文进 |责任编辑: 沈晔\n"
         "11月9日上午，我市举行“119”消防宣传月启动仪式。", "黄雪彦, 岳阳, 隋文进, 沈晔", True),
        ("发布时间: 2017-11-10 14:45:40 |来源:六安新闻网 | 综合新闻 |责任编辑: 沈晔\n"
         "11月9日上午，我市举行“119”消防宣传月启动仪式。", "沈晔", False),
        # A reprint's closing line runs outlets and reporters together: names
        # only, as a guess; a line of outlets and other words names no one.
        ("7月31日下午，锦绣社区联合区消防大队对辖区一家企业进行消防安全检查。\n通过此次检查，强化了单位负责人的消防安全意识。\n"
         "莫申云 李翔 市场星报 安徽财经网记者 沈娟娟", "莫申云, 李翔, 沈娟娟", True),
        ("7月31日下午，锦绣社区联合区消防大队对辖区一家企业进行消防安全检查。\n通过此次检查，强化了单位负责人的消防安全意识。\n"
         "市场星报 安徽财经网 综合新闻", "", False),
        # A news app's credit line with a slash after the role, as 文/图 has one;
        # related links after it.
        ("11月24日，乌鲁木齐市消防救援支队提请市政府召开部署会议。\n会议要求紧盯高层建筑。\n编辑/赵红信\n"
         "相关阅读\n本地新闻\n国内新闻\n国际新闻", "赵红信", False),
        # A bracketed credit line of its own, related links after it.
        ("5月6日，全市消防工作推进会议召开。\n会议要求压实责任。\n(编辑:于东洋; 责任编辑:杨秉鑫; 终审:郑富强)\n"
         "最新推荐\n本地新闻\n国内新闻\n国际新闻", "于东洋, 杨秉鑫", False),
        # A wire copy names its outlet in the closing bracket; related links follow.
        ("4月28日，森林消防局直升机支队开展演练。\n这支队伍已成为空中劲旅。（中国新闻网 作者 范丰辉 孙钊）\n"
         "年均灭火60余起 昆明市森林消防...\n所有频道", "范丰辉, 孙钊", False),
        # A reporter line run into the end of the story, no colon or bracket.
        ("3月5日21时许，市消防支队接到报警。\n目前，火灾原因正在进一步调查之中。记者 赵文家 摄影报道", "赵文家", False),
        # A slash may part it from the story, and the paper's name open it.
        ("3月5日，昌邑区消防救援大队开展通道清理。\n切实提高了群众的消防安全意识。/城市晚报全媒体记者 吕闯 报道", "吕闯", False),
        # A garbled name in it is not taken, and the editor found is flagged.
        ("3月5日21时许，市消防支队接到报警。\n目前，火灾原因正在调查之中。记者 赵文家 张?zhí)N强 摄影报道\n责任编辑：王伟",
         "王伟", True),
        # Names run together there: two people or one, a guess either way.
        ("3月5日21时许，市消防支队接到报警。\n目前，火灾原因正在调查之中。记者 王伟 李强 报道", "王伟李强", True),
        # A sentence about the reporters is no byline.
        ("3月5日21时许，市消防支队接到报警。\n目前，火灾原因正在调查之中。记者将继续跟踪报道", "", False),
        # The reporters stand in the story's lead under an editor's note.
        ("编者按：2021年是“十四五”开局之年，全区干部群众克难攻坚。\n"
         "麦积区融媒体中心讯（见习记者 潘雪雪 莫哲涛）不论严寒还是酷暑，总有那么一支队伍坚守岗位。\n"
         "近日，记者来到麦积区消防救援大队。", "潘雪雪, 莫哲涛", False),
        # Bare names in brackets on the last line.
        ("近日，各大队开展通道划线整治。\n通过此次行动，确保了通道畅通。\n（李占会）", "李占会", False),
        # Names alone in brackets right after the dateline's 讯, as after a wire's 电;
        # the spaces between them are kept, and a role word there is no name.
        ("日报头条讯（田雨）为落实部署，6月13日，某市消防救援支队开展检查。\n检查要求做好工作。", "田雨", False),
        ("本报讯 （王杰学 苏延斌） 15日上午，西藏森林消防总队召开年度工作会议。", "王杰学, 苏延斌", False),
        ("新华社北京1月23日电（记者张三）今天，某支队召开会议。\n会议要求做好工作。", "张三", False),
        # A county's media centre names itself before its reporter (the space
        # between them is lost in cleaning); a name holding 台 is no outlet.
        ("11月7日，江口县消防救援大队开展消防宣传活动。\n活动共发放宣传资料2000余份。（江口县融媒体中心 曾锣强）",
         "曾锣强", False),
        ("11月7日，江口县消防救援大队开展消防宣传活动。\n活动共发放宣传资料2000余份。（刘台明曾锣强）",
         "刘台明, 曾锣强", True),
        # Nor does a WeChat account's appeal to star it, copied under the post.
        ("3月6日，某支队召开会议。\n会议强调，要抓好落实。（薄克国 李新伟）\n"
         "温馨提示：由于微信修改了推送规则，没有经常点“在看”的，会慢慢收不到推送。如果你还想看到我们发布的权威信息，"
         "请将“某某消防”设为星标，并多点“在看”。", "薄克国, 李新伟", False),
        # A site's footer under the story does not hide the names closing it.
        ("3月6日，某支队召开会议。\n会议强调，要抓好落实。（薄克国 李新伟）\n友情链接\n"
         "地址：呼和浩特市兴安丽景一号楼八楼 邮编:101501 电话:0471-4687547 邮箱：xxxxx@sina.cn", "薄克国, 李新伟", False),
        # Two names run together closing the text: two of three characters, a guess;
        # a remark in brackets opens with none and is no name.
        ("9月12日，森林消防总队召开誓师大会。\n会议要求常态保持戒备状态。（王雅妮庞兴航）", "王雅妮, 庞兴航", True),
        ("9月12日，森林消防总队召开誓师大会。\n会议要求常态保持戒备状态。（内容有所删减）", "", False),
        # A magazine's 文图 credit among the lines above the story's first sentence.
        ("黑龙江消防扎实开展排查整治\n消防界（电子版）2021年9期\n关键词：执勤违规场所\n文图 陈伟 赵仁澜\n"
         "今年以来，黑龙江省消防救援队伍扎实开展火灾隐患排查整治。\n4月2日，总队召开会议部署工作。\n"
         "各地加强信息联络，及时掌握预警信息。\n各地深入开展消防安全宣传教育工作。", "陈伟, 赵仁澜", False),
        # A name before the page's time under the title: a byline, or a column's
        # name; a person's is taken as a guess, a column's not at all.
        ("海南消防总队第一次党代会召开\n关业慧 2017-1-17 8:08:53\n商报讯 1月15日至17日，海南省公安消防总队第一次代表大会在海口召开。\n"
         "报告指出，五年来，全省消防部队共参加灭火救援1.7万余次。", "关业慧", True),
        ("海南消防总队第一次党代会召开\n专题资讯 2020-11-10 10:16:30\n商报讯 1月15日至17日，海南省公安消防总队第一次代表大会在海口召开。\n"
         "报告指出，五年来，全省消防部队共参加灭火救援1.7万余次。", "", False),
        ("海南消防总队第一次党代会召开\n要闻 2020-11-10 10:16:30\n商报讯 1月15日至17日，海南省公安消防总队第一次代表大会在海口召开。\n"
         "报告指出，五年来，全省消防部队共参加灭火救援1.7万余次。", "", False),
        # A related-links list under the story, headed 相关新闻: its headlines,
        # however long or exclaimed, are not the story's end.
        ("5月27日，固原市消防救援支队开展媒体采风宣传活动。\n下一步，固原消防将深化与新闻媒体的合作。（见习记者 姚亚婷 记者 崔一波）\n"
         "相关新闻\n住得安心，子女放心！原州区三家敬老院开放社会入住\n[2025-10-18] -\n"
         "我市玉米密植精准调控技术大面积推广获突破百亩示范田亩产超1100公斤\n[2025-10-18] -", "姚亚婷, 崔一波", False),
        # A sharing platform's account name alone under the title; an office's
        # sign-off chain names the drafter among those who approved the text.
        ("雁塔区召开冬春火灾防控工作部署会\n美友60041527\n12月2日，雁塔区召开冬春火灾防控工作部署会。\n会议要求抓好落实。",
         "美友60041527", False),
        ("雁塔区召开冬春火灾防控工作部署会\n总第20221202\n12月2日，雁塔区召开冬春火灾防控工作部署会。\n会议要求抓好落实。",
         "", False),
        ("12月28日下午，沂源大队召开续会。\n会上，教导员分析了形势。（审批人：孙俊伟 核稿人：刘茂林 起草人：马宁宁）",
         "马宁宁", False),
        # A name run on after the last sentence is a guess; a closing word is no name.
        ("1月10日，桦甸消防救援大队召开工作例会。\n会议要求进一步筑牢消防安全屏障。金禹廷", "金禹廷", True),
        ("1月10日，桦甸消防救援大队召开工作例会。\n会议要求进一步筑牢消防安全屏障。谢谢", "", False),
        # A paper's slash before the name (…基础。/房宇悍) is the same credit.
        ("12月4日，通榆县消防救援大队开展联合检查。\n为辖区消防安全奠定坚实的基础。/房宇悍", "房宇悍", True),
        ("1月10日，桦甸消防救援大队召开工作例会。\n会议要求进一步筑牢消防安全屏障。完毕", "", False),
        # A reposting blog's stat line stands above the story's lead.
        ("自治区消防宣传月活动启动\nfacai369 2024-11-08 生活百科 2 次浏览 0个评论\n"
         "央广网乌鲁木齐11月8日消息（记者丁安）11月8日上午，消防宣传月活动启动仪式在乌鲁木齐市举行。\n"
         "今年11月9日是第33个全国消防日。", "丁安", False),
        # A wire's reporters in brackets after its dateline, under the pictures'
        # captions, or under a headline the head did not take (a channel's name above it).
        ("图为活动现场。\n图为活动现场。\n"
         "中新网内蒙古新闻6月26日电 (白田明 张勇 孙彦彬)25日上午10时,呼和浩特市消防救援支队加挂消防救援局牌子。\n"
         "市级消防救援局挂牌后，将更好地履行职责。", "白田明, 张勇, 孙彦彬", False),
        ("中新社内蒙古分社 • 正文\n\n包头市消防救援支队召开全市基层消防力量建设现场会\n\n图为活动现场。\n\n图为活动现场。\n\n"
         "中新网内蒙古新闻10月13日电(陈霞)10月13日,包头市消防救援支队召开现场会。\n\n会议要求抓好落实。(完)",
         "陈霞", False),
        # A paper's byline of two roles and their names above the lead.
        ("石家庄日报融媒体记者 胡雁冰 通讯员 郭星怡\n"
         "4月5日23时19分，晋州市新华桥附近一男子落水，急需救援。东环路消防救援站迅速出动两部消防车。",
         "胡雁冰, 郭星怡", False),
        # Under a picture's caption closed by its photographer's credit.
        ("直升机正在进行吊桶洒水作业。李国焘摄\n"
         "中新网林芝4月27日电 (王五 赵六)27日，林芝市森林消防支队开展空地协同演练。\n演练检验了实战能力。",
         "王五, 赵六", False),
    ],
)
def test_authors(text, author, guessed):
    meta, origins, _ = meta_of(text)
    assert meta.author == author
    assert origins.get("author", _ABSENT).guessed == guessed


@pytest.mark.parametrize("note", ["（资料图片）", "图片来源：网络", "（图片由长春市消防救援支队提供）"])
def test_a_pictures_note_is_no_heading(note):
    text = f"{note}\n8月6日4时50分，长春市消防救援支队接到命令，一名村民被困。\n救援人员迅速出动。"
    blocks = structure(clean(text).text).blocks
    assert [b.kind for b in blocks if b.text == note] == ["paragraph"]


def test_a_magazines_credit_line_is_no_heading():
    text = ("黑龙江消防扎实开展排查整治\n消防界（电子版）2021年9期\n关键词：执勤违规场所\n文图 陈伟 赵仁澜\n"
            "今年以来，黑龙江省消防救援队伍扎实开展火灾隐患排查整治。")
    blocks = structure(clean(text).text).blocks
    assert [b.kind for b in blocks if b.text == "文图 陈伟 赵仁澜"] == ["paragraph"]


@pytest.mark.parametrize(
    ("text", "doc_type", "guessed"),
    [
        # 特此通告 closes a notice without its headline.
        ("为做好消防安全工作，支队定于5月30日开展演练。\n特此通告。\n桃江县消防救援大队\n2024年5月29日", "通知", False),
        # A title's 总结 that the body calls 通报 is flagged.
        ("消防工作半年工作总结\n市政府督查组开展了专项督查。现通报如下：\n一、主要工作完成情况", "总结", True),
        ("桃江县消防救援大队2023年度部门决算\n二〇二四年八月", "总结", False),
        ("2025年安全生产工作总结和2026年工作打算\n今年以来，大队扎实开展工作。", "总结", False),
        # A meeting lead whose story is about another unit is news, unsure.
        ("2月1日，山东省消防救援总队召开党委扩大会议。德州支队被表彰为先进支队。\n"
         "2022年，德州支队推动工作。\n德州支队连续5年获评文明单位。", "新闻", True),
        # With no title, a heading plans share with summaries is only a hint;
        # a formula that names the text (汇报如下) is not.
        ("一、“十三五”时期消防工作回顾\n（一）发展成果\n近年来全县消防事业发展较快。\n（二）存在的问题\n"
         "基层力量仍然薄弱。\n二、发展目标\n到2025年，消防站布局更加合理。", "总结", True),
        ("今年以来，大队扎实开展工作，现将有关情况汇报如下：\n一、主要工作\n开展检查200次。\n二、存在的问题\n基层力量仍然薄弱。",
         "总结", False),
        # A press conference tells the media: its report is news, not a meeting;
        # an outlet's dateline ending in 消息 is a dateline as …日电 is.
        ("央广网长沙9月19日消息（记者 翁萃那）9月19日，湖南省消防救援总队召开重大火灾隐患治理工作新闻发布会，"
         "对479家单位进行了通报。", "新闻", False),
        ("湖南省消防救援总队召开重大火灾隐患治理新闻发布会\n9月19日，总队通报了479家单位。", "新闻", True),
        ("湖南省消防救援总队召开全省工作会议暨新闻发布会\n9月19日，总队部署了工作。", "会议", False),
        ("央广网长沙9月19日消息 近日，长沙市消防救援支队开展夜查，检查单位20家。", "新闻", False),
        # 主会场 is not a meeting.
        ("全市消防宣传月即将启动\n11月9日，大连市消防救援支队将举办启动仪式，设置1个主会场。", "新闻", True),
        # A meeting named only in the lead's second sentence, under a title that
        # names none, may be one step of what the story reports: unsure.
        ("保税支队多点发力护航区域消防安全\n核心提示：保税支队高度重视，迅速采取工作措施。"
         "管委会召开安全工作会议，支队进行工作专题汇报。", "会议", True),
        # A meeting lead opens with its meeting.
        ("保税支队多点发力护航区域消防安全\n3月5日，保税支队召开安全工作会议。会议部署了整治工作。", "会议", False),
        # A meeting asked for or to come is not one held: flagged news, under
        # the title or in the lead.
        ("乌鲁木齐消防支队已提请市府召开火灾防控工作部署会：形成联合整治机制\n"
         "11月24日，支队积极提请市政府召开火灾防控工作部署会议，督促各部门形成联合整治机制。", "新闻", True),
        ("支队强化冬季火灾防控\n11月24日，支队建议市政府召开火灾防控工作部署会议，督促各部门落实责任。", "新闻", True),
        # Under such a title even a news lead leaves the type unsure: the note says why.
        ("支队提请市政府召开火灾防控部署会\n本报讯（记者 张三）11月24日，支队就冬季火灾防控提出建议。", "新闻", True),
        # A meeting held beside one announced is still held.
        ("支队召开冬季火灾防控部署会\n11月24日，支队召开部署会，明年将召开总结表彰会。", "会议", False),
        # A stray ？ copied before the lead is no sentence of it.
        ("？海口网3月15日消息（记者潘睿）15日，海南省消防救援总队党委全体（扩大）会议召开。会议总结了工作。",
         "会议", False),
    ],
)
def test_doc_types(text, doc_type, guessed):
    meta, origins, problems = meta_of(text)
    assert meta.doc_type == doc_type
    assert origins["doc_type"].guessed == guessed


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


@pytest.mark.parametrize(
    ("title", "doc_type"),
    [
        # A type word inside book-title marks names the cited document, not this one.
        ("深入辖区张贴《加强消防安全管理工作的通告》", ""),
        ("关于印发《冬春火灾防控工作方案》的通知", "通知"),
        ("认真学习《消防救援队伍工作条例》", ""),
        # Set whole in the marks, the title is its own; a 简报 names itself so.
        ("《2019年消防工作计划》", "计划"),
        ("《消防工作简报》第3期", "简报"),
        # Hearing a report is no report: a meeting hears it.
        ("区领导专题听取消防工作汇报", "会议"),
        ("2023年上半年工作汇报", "总结"),
    ],
)
def test_title_type_reads_past_cited_documents_and_heard_reports(title, doc_type):
    from fireportal.metadata.doc_types import title_type

    assert title_type(title) == doc_type


def test_a_day_after_the_page_stamp_the_year_came_from_is_a_guess():
    text = "西藏消防救援总队召开新闻发布会\n12月29日，西藏消防救援总队在拉萨召开新闻发布会，通报全年工作。"
    shaped = structure(text)
    for stamp, date, guessed in (("2024-11-19 10:00:00", "2024-12-29", True),
                                 ("2024-12-30 10:00:00", "2024-12-29", False)):
        ctx = Context(source="sources/a.txt", head=shaped.head, blocks=shaped.blocks, taxonomy=TAX,
                      furniture=(f"来源:中国新闻网 发布时间:{stamp}",))
        meta, origins, problems = extract(ctx, overrides={})[:3]
        assert meta.date == date and origins["date"].guessed == guessed
        assert not guessed or any(p.message.startswith("日期是猜的") for p in problems)


def test_a_plain_event_report_is_news_and_says_it_guessed():
    meta, origins, problems = meta_of("6月5日，原州区消防救援大队走进社区开展宣传活动，发放资料500份。", "sources/2024/a.txt")
    assert meta.doc_type == "新闻" and origins["doc_type"].guessed
    assert any(p.startswith("文档类型是猜的") and "doc_type: " in p for p in problems)
    # The fix it asks for is the field's form, not the doubted value itself.
    warning = next(p for p in problems if p.startswith("文档类型是猜的"))
    assert "doc_type: 新闻" not in warning and "简报、会议、通知、总结、计划、新闻 之一" in warning


def test_meeting_lead_gives_unit_and_meeting():
    meta, origins, problems = meta_of(
        "中宏网山东2月21日电 2月21日上午，山东省消防救援总队党委扩大会议在济南召开，部署全年工作。", "sources/2025/a.txt")
    assert meta.title == "山东省消防救援总队党委扩大会议在济南召开"
    assert (meta.date, meta.doc_type) == ("2025-02-21", "会议")
    assert not origins["title"].guessed


# --- dates when there is no dateline (invented texts in the genre's shapes) ----

CATALOGUE = (
    "政府信息公开\n- 索引号: abc/2023-00165\n- 发文字号: 某政办发〔2022〕53号\n- 成文日期: 2022-06-23\n"
    "某市人民政府办公室关于印发《某市火灾事故应急预案》的通知\n各县区人民政府：\n现将预案印发给你们，请认真贯彻执行。\n"
)


def test_a_portal_catalogue_gives_the_written_date_and_is_furniture():
    meta, origins, _ = meta_of(CATALOGUE)
    assert meta.date == "2022-06-23" and origins["date"].note == "信息公开目录的成文日期"
    assert meta.title.startswith("某市人民政府办公室关于印发")  # the column name is not glued on
    assert "成文日期" not in clean(CATALOGUE).text


def test_the_documents_own_closing_date_beats_the_catalogue():
    text = CATALOGUE + "某市人民政府办公室\n二〇二二年六月二十日\n"
    assert meta_of(text)[0].date == "2022-06-20"


def test_a_cover_notice_signature_inside_the_text_dates_it():
    text = (
        "某某委员会关于印发\n《某某规划》的通知\n各有关单位：\n《某某规划》已经同意，现印发给你们。\n"
        "某某安全生产委员会\n2022年2月12日\n某某规划\n"
        + "".join(f"{n}、第{n}部分\n近年来火灾起数持续下降，形势总体平稳。\n" for n in "一二三四五")
    )
    meta, origins, _ = meta_of(text)
    assert meta.date == "2022-02-12" and origins["date"].note == "正文中的落款日期"


def test_a_bracketed_doc_number_gives_number_and_year():
    text = "某市人民政府办公厅关于建立消防工作联席会议制度的通知\n（某府办〔2006〕254号）\n各区人民政府：\n为加强消防工作，决定建立联席会议制度。\n"
    meta, origins, problems = meta_of(text)
    assert meta.doc_number == "某府办〔2006〕254号"
    assert meta.date == "2006" and "文号" in origins["date"].note


@pytest.mark.parametrize("opening, expected", [
    ("2020年上半年，大队在支队党委的领导下，全力维护火灾形势稳定。", "2020"),
    ("2024年11月是第33个全国消防宣传月。今年以来，大队共接警出动1986起。", "2024-11"),
    ("2025年，支队党委深入学习贯彻党的二十大精神，全面推进各项工作。", "2025"),
])
def test_a_lead_that_opens_with_its_year_is_a_flagged_guess(opening, expected):
    meta, origins, problems = meta_of(opening + "\n" + "各项工作取得阶段性成效。\n")
    assert meta.date == expected and origins["date"].guessed
    assert any(m.startswith("日期是猜的") for m in problems)


def test_a_year_span_is_not_the_documents_year():
    text = "为落实《安全生产治本攻坚三年行动方案（2024—2026年）》要求，制定本方案。\n一、工作目标\n化解一批重大安全风险。\n"
    assert "2026" not in meta_of(text)[0].date


@pytest.mark.parametrize("lead, expected", [
    # Late in the year a meeting plans the next one.
    ("12月18日，某某消防救援站召开成立一周年总结会暨2025年度工作谋划会，全体人员参加。", "2024-12-18"),
    ("2月13日，全市消防工作会议召开，会议安排部署2023年消防重点工作任务。", "2023-02-13"),
])
def test_a_lead_date_takes_its_year_from_the_year_planned(lead, expected):
    meta, origins, _ = meta_of("某某召开工作会\n" + lead + "\n会议要求各单位抓好落实。\n")
    assert meta.date == expected


def test_table_borders_of_a_copied_page_are_dropped():
    text, dropped = drop_web_furniture("全市消防工作会议召开 |\n|||\n|\n2月13日，会议召开。")
    assert [line for line in text.split("\n") if line] == ["全市消防工作会议召开", "2月13日，会议召开。"]
    assert dropped == 3
    # A line of several cells is a table and stays whole.
    assert drop_web_furniture("| 阶段 | 时间 |")[0] == "| 阶段 | 时间 |"


_NOTICE = ("演练公告\n\n市民朋友们：\n\n大队将于11月25日上午在体育场路举行高层火灾实战拉动演练，请勿恐慌。\n\n"
           "特此公告。\n\n昆山市消防救援大队\n\n2024年11月24日\n\n")


def test_a_campaign_only_the_links_after_the_signature_name_is_left_out_with_a_warning():
    # A WeChat page: after the 落款, a related article and the account's blurb.
    meta, _, problems = meta_of(_NOTICE + "消防宣传月|一馆一站一厅——消防大联动\n\n苏州消防\n\n最新文章\n")
    assert meta.campaigns == ()
    assert any(p.startswith("专项行动留空了") and "campaigns: [119消防宣传月]" in p for p in problems)


@pytest.mark.parametrize(
    "after",
    [
        # What a notice issues or attaches follows its 落款, and is its own.
        "附件：消防宣传月活动安排表\n",
        # A long paragraph is another text, not a link or a blurb.
        "11月是消防宣传月，全市各大队结合辖区实际，组织开展消防安全进社区、进学校、进企业活动，"
        "发放宣传资料，开展疏散演练，提升群众的消防安全意识和自防自救能力，营造浓厚的宣传氛围。\n",
    ],
)
def test_a_campaign_after_the_signature_is_kept_when_a_text_follows(after):
    meta, _, problems = meta_of(_NOTICE + after)
    assert meta.campaigns == ("119消防宣传月",)
    assert not any(p.startswith("专项行动") for p in problems)


def test_a_notice_title_under_a_pages_headline_is_taken_but_flagged():
    text = ("长沙这个地方将举行消防演练，勿恐慌，别围观\n\n演练公告\n\n为全面提升灭火救援处置能力，支队将开展实战化演练。\n\n"
            "特此公告。\n\n长沙市消防救援支队\n\n2020年4月26日\n")
    meta, origins, problems = meta_of(text)
    assert meta.title == "演练公告"
    assert origins["title"].guessed and any("勿恐慌" in m and m.startswith("标题是猜的") for m in problems)


_GOVERNMENT_NOTICE = ("城南区人民政府办公室关于切实做好当前消防安全工作的紧急通知\n\n各镇人民政府，区直各有关部门：\n\n"
                      "为切实强化措施，确保消防安全，现将相关工作要求通知如下：\n\n一、全面压实消防工作责任。各地要落实责任。\n")


def test_a_site_menu_over_the_headline_is_never_the_title():
    meta, origins, _ = meta_of("首页\n\n新闻\n\n直播\n\n城南广电\n\n专题\n\n" + _GOVERNMENT_NOTICE)
    assert meta.title == "城南区人民政府办公室关于切实做好当前消防安全工作的紧急通知"
    assert not origins["title"].guessed


def test_a_news_headline_with_a_colon_is_not_joined_to_the_notice_under_it():
    meta, origins, problems = meta_of("首页\n\n新闻\n\n直播\n\n城南区安办发布紧急通知：切实做好当前消防安全工作\n\n"
                                      + _GOVERNMENT_NOTICE)
    assert meta.title == "城南区人民政府办公室关于切实做好当前消防安全工作的紧急通知"
    assert origins["title"].guessed and any("城南区安办发布紧急通知" in m for m in problems)


def test_a_signer_line_is_read_past_and_the_longer_repeat_is_the_title():
    text = ("城南区消防救援大队2020年工作总结\n\n签发人：张高群\n城南消〔2020〕64号\n\n"
            "城南区消防救援大队2020年工作总结\n\n暨2021年工作计划\n\n区政府办：\n\n"
            "现将我大队2020年工作总结暨2021年工作计划报告如下：\n\n一、2020年工作总结\n\n全年未发生较大火灾。\n")
    meta, origins, _ = meta_of(text)
    assert meta.doc_number == "城南消〔2020〕64号"
    assert meta.title == "城南区消防救援大队2020年工作总结暨2021年工作计划"
    assert not meta.author  # the signer is not an author
    shaped = structure(clean(text).text)
    assert "签发人：张高群" in [block.text for block in shaped.blocks]  # kept in the body


def test_a_couplet_headline_over_a_deck_naming_the_piece():
    text = ("踔厉奋发谋发展\n\n笃行不怠谱新篇\n\n城南区消防救援大队2022年工作纪实\n\n"
            "2022年以来，城南区消防救援大队扎实完成各项工作任务。\n")
    meta, origins, _ = meta_of(text)
    assert (meta.title, meta.subtitle) == ("踔厉奋发谋发展 笃行不怠谱新篇", "城南区消防救援大队2022年工作纪实")
    assert not origins["title"].guessed
    # Without the deck the same two lines read as a slogan.
    meta, origins, _ = meta_of("踔厉奋发谋发展\n笃行不怠谱新篇\n2022年以来，城南区消防救援大队扎实完成各项工作任务。\n")
    assert meta.title == "踔厉奋发谋发展 笃行不怠谱新篇" and origins["title"].guessed


def test_an_outline_label_is_never_the_title():
    meta, origins, _ = meta_of("目录/提纲：……\n一、整体情况\n二、存在的问题\n"
                               "各支队领导班子成员共带队督导2793队次，发现问题和隐患7348处。\n")
    assert "目录" not in meta.title and origins["title"].guessed


def test_a_title_opening_with_a_purpose_clause_is_flagged_with_its_subtitle():
    meta, origins, problems = meta_of("为切实增强社会单位消防安全意识\n督促落实消防安全主体责任\n"
                                      "近日，城南区消防救援大队组织开展了消防安全大检查工作。\n")
    assert origins["title"].guessed and "目的状语" in origins["title"].note
    assert any(m.startswith("标题是猜的") and "副标题" in m for m in problems)


def test_campaigns_the_body_cites_beside_the_titled_one_are_flagged():
    text = ("消防安全专项整治三年行动实施方案\n为加强消防安全专项整治，根据安全生产专项整治三年行动计划，制定本方案。\n"
            "一、整治目标\n通过三年时间，强化源头治理。\n")
    meta, origins, problems = meta_of(text)
    assert "消防安全专项整治三年行动" in meta.campaigns
    assert origins["campaigns"].guessed and any("正文还提到" in m for m in problems)


def test_a_credit_inside_the_source_field_is_the_author():
    hints = web_hints(("栏目:中山消防 来源:中山日报 记者 卢兴江 发布:2023-07-05",))
    assert hints.outlet == "中山日报" and ("记者", "卢兴江") in hints.people


def test_a_spaced_credit_names_everyone_up_to_the_next_label():
    # A lead the furniture cleanup took, its reporters in brackets without colons.
    hints = web_hints(("晚报讯(记者 郑与国 通讯员 马文 梁丽梅) 5月25日12时27分,特勤中队接到报警。 |",))
    assert hints.people == (("记者", "郑与国"), ("通讯员", "马文 梁丽梅"))
    # A review step or another page field ends the names.
    hints = web_hints(("编辑 郑建玲 二审 黄启艳 三审 吴森林",))
    assert hints.people == (("编辑", "郑建玲"),)


# --- files that hold several pieces without 一、 restarts -----------------------

def test_signs_of_several_documents():
    from fireportal.split import signs_of_several

    assert "汇编" in signs_of_several("消防工作政务信息、工作简报材料汇编(18篇)\n正文")
    items = "。 ".join(["山东省五莲县采取四项措施强化冬季防火", "11月11号，某市长前往大队调研",
                        "山东省沂水县坚持预防为主", "近日，贵阳市隧道内一辆货车自燃"]) + "。"
    assert "4 条消息" in signs_of_several(items)
    # One document typed with a space after 。 is not several.
    assert signs_of_several("支队召开会议。 会议要求抓好落实。 各大队迅速行动。 确保安全。") == ""


# --- the briefing of the conversion issue, end to end ---------------------------

BRIEFING_SECTIONS = [
    ("一、强化组织领导压实各方责任", "防火监督科"),
    ("二、聚焦重点领域深化隐患排查", "司令部"),
    ("三、创新宣传方式营造浓厚氛围", "政治部"),
    ("四、加强督导检查确保取得实效", "防火监督科、司令部"),
]
BRIEFING = "\n".join([
    "消防救援工作简报", "第3期", "鞍山市消防救援支队　　　　2025年3月12日",
    "鞍山支队扎实推进今冬明春火灾防控工作", "——全力守护群众生命财产安全",
    *[line for n, (heading, dept) in enumerate(BRIEFING_SECTIONS) for line in (
        heading, f"支队{'认真研究部署，' * (n + 3)}推动各项工作落实落细。", f"（责任科室：{dept}）")],
]) + "\n"


def test_the_issue_briefing_comes_out_exactly_right():
    from fireportal.pipeline import ingest_file
    from fireportal.render import render_document

    result = ingest_file("sources/2025/briefing.txt", BRIEFING.encode("utf-8"), taxonomy=TAX)
    assert not result.problems, [p.line() for p in result.problems]
    (doc,) = result.documents
    meta = doc.meta
    assert meta.title == "鞍山支队扎实推进今冬明春火灾防控工作"
    assert meta.subtitle == "——全力守护群众生命财产安全"
    assert (meta.date, meta.unit, meta.doc_type) == ("2025-03-12", "鞍山市消防救援支队", "简报")
    sections = [b for b in doc.blocks if b.kind == "section"]
    assert [b.marker + b.text for b in sections] == [h for h, _ in BRIEFING_SECTIONS]
    # Each section: its heading, then its paragraph carrying the note's departments.
    kinds = [b.kind for b in doc.blocks]
    assert kinds == ["section", "paragraph"] * 4
    paragraphs = [b for b in doc.blocks if b.kind == "paragraph"]
    assert all(b.text.startswith("支队认真研究部署") and b.text.endswith("落实落细。") for b in paragraphs)
    assert [b.departments for b in paragraphs] == [tuple(d.split("、")) for _, d in BRIEFING_SECTIONS]
    page = render_document(doc)
    assert not re.search(r"^#+\s*(?:¶|\{[^}]*\})?\s*$", page, re.M)  # no empty heading
    assert page.count('class="fp-duty"') == 4


@pytest.mark.parametrize("line, outlet", [
    ("栏目:中山消防 来源:中山日报 记者 卢兴江 发布:2023-07-05", "中山日报"),
    ("来源:长沙市消防救援支队 | 编辑:月光", "长沙市消防救援支队"),
    ("发布时间:2022-05-09 17:04 来源:广东省人民政府 【打印】", "广东省人民政府"),
    ("发布时间:2024-11-14 18:38:27 来源: sp20241114", ""),  # an id, not a name
])
def test_a_pages_source_line_gives_the_outlet(line, outlet):
    meta, origins, _ = meta_of(f"{line}\n支队召开会议\n3月5日，某某市消防救援支队召开会议，部署春季火灾防控工作。\n")
    assert meta.outlet == outlet


# --- a news lead's own day after a dateline -----------------------------------


def test_a_newspaper_page_date_gives_way_to_the_leads_day():
    # An e-paper page: the page's date line, the headline, then 本报讯 and the
    # event's bare day, which the page date follows.
    text = ("第二版:综合新闻\n2024年02月09日\n市消防救援支队来我县督导\n"
            "本报讯 (全媒体记者 张三) 6日上午,市消防救援支队组织检查人员对我县开展督导。")
    meta, origins, _ = meta_of(text)
    assert meta.date == "2024-02-06"
    assert origins["date"].note == "日期行之后导语里的“6日”"
    # A later day than the page's is in the month before: filed after the event.
    meta, _, _ = meta_of(text.replace("6日上午", "28日上午"))
    assert meta.date == "2024-01-28"
    # Without a news opening the date line is the document's own date.
    meta, _, _ = meta_of(text.replace("本报讯 (全媒体记者 张三) ", ""))
    assert meta.date == "2024-02-09"


def test_a_web_news_dateline_with_xun_is_a_dateline_too():
    # 红网…12月15日讯 is filed the day after the meeting it reports, as 电 is.
    meta, _, _ = meta_of("红网张家界12月15日讯（通讯员 李四）为落实会议精神,14日,永定消防大队召开调度会。",
                         "sources/2020/a.txt")
    assert meta.date == "2020-12-14"


def test_a_notice_signed_off_above_a_pages_footer_is_a_notice():
    # A WeChat copy: 特此公告, the 落款, then the account's footer and related links.
    body = ("市民朋友们：\n大队将于11月25日上午在体育场举行高层火灾实战演练，届时请勿恐慌，勿误报警情。\n"
            "由此带来的不便，敬请谅解。\n特此公告。\n某某市消防救援大队\n2024年11月24日\n")
    footer = "消防宣传月|一馆一站一厅一园一线\n苏州消防\n从这里，学习消防知识，了解救灾技能。\n最新文章\n阅读\n在看\n"
    meta, origins, _ = meta_of(body + footer, "sources/2024/a.txt")
    assert meta.doc_type == "通知" and origins["doc_type"].note == "结尾“特此通告/通知”"
    # 特此公告 inside a story, with no date line after it, is not a sign-off.
    story = "11月24日，大队发布演练公告，公告最后写道：\n特此公告。\n演练当天，群众纷纷前来观摩。\n" + footer
    meta, _, _ = meta_of(story, "sources/2024/a.txt")
    assert meta.doc_type != "通知"


def test_a_title_said_a_third_time_does_not_go_on_with_itself():
    # A copy holding the title in two scripts under the page's headline.
    line = "关于春节期间禁止燃放孔明灯的通告"
    meta, _, _ = meta_of(f"{line}\n\n{line}\n\n關於春節期間禁止燃放孔明燈的通告\n\n為維護公共安全，現將有關事項通告如下。\n")
    assert meta.title == line


@pytest.mark.parametrize("masthead", [
    # A briefing's contents (目录 / 工作动态 / 综合信息) are short lines too, but
    # below its issue line, not a menu at the top of the body.
    "第163期\n\n城南区消防救援支队编 2012年7月5日\n\n目录\n\n工作动态\n\n综合信息",
    # Handling marks are the masthead, never a menu's items.
    "内部刊物\n\n注意保存\n\n特急",
])
def test_a_briefings_masthead_and_contents_are_no_menu(masthead):
    text = (f"城南区消防工作简报第163期\n\n{masthead}\n\n城南区出台贯彻落实消防工作实施意见\n\n"
            "编者按：近日，城南区政府出台实施意见，全面加强消防工作。\n")
    meta, origins, _ = meta_of(text)
    assert meta.title == "城南区消防工作简报第163期" and not origins["title"].guessed


def test_a_day_tag_before_campaign_words_names_another_campaign():
    # 消防宣传月 alone is the national 119 month; 4·17消防宣传月 is a province's own.
    meta, origins, _ = meta_of("4月17日，自治区启动第十个4·17消防宣传月活动，各地开展消防宣传。", "sources/2024/a.txt")
    assert meta.campaigns == ("4·17消防宣传月",)
    assert origins["campaigns"].guessed
    meta, _, _ = meta_of("11月1日，全市启动消防宣传月活动，各地开展消防宣传。", "sources/2024/a.txt")
    assert meta.campaigns == ("119消防宣传月",)


def test_a_kicker_of_two_short_phrases_above_the_headline_is_flagged():
    # 引题 (a theme of two phrases) above the headline the page demoted.
    text = "落实消防责任，防范安全风险\n兵团启动“119”消防宣传月活动\n11月9日，兵团启动“119”消防宣传月活动，各师市同步开展宣传。"
    meta, origins, problems = meta_of(text, "sources/2021/a.txt")
    assert origins["title"].guessed and "像是标语" in origins["title"].note
    # A headline of two clauses that names its unit is a headline.
    meta, origins, _ = meta_of("盘锦支队召开会议，部署冬春火灾防控\n11月9日，盘锦支队召开会议。", "sources/2021/a.txt")
    assert not origins["title"].guessed
