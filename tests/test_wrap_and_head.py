"""Line joining on indented, hard-wrapped text, and the title block's
subtitle and byline: one parametrised row per rule (issue 7)."""

from __future__ import annotations

import pytest

from fireportal.clean import clean, display_width, drop_cjk_spaces, is_web_furniture, join_wrapped_lines
from fireportal.structure import byline_names, is_furniture_line, reads_as_subtitle, structure

INDENT = "\u3000\u3000"  # a GB/T 9704 first-line indent


def _lines(text: str) -> list[str]:
    return [line.strip("\u3000 ") for line in join_wrapped_lines(text)[0].split("\n") if line.strip()]


# --- line joining --------------------------------------------------------------

# Each text is cut at exactly 20 columns (10 Chinese characters), every
# paragraph's first line indented, as a PDF's text export or a program makes it.
JOINS = [
    pytest.param(
        # A paragraph ending exactly at the margin, then an indented line: it ends there.
        f"{INDENT}支队召开会议研究部\n署全年工作要点落实。\n{INDENT}会议强调各大队要认\n真落实各项工作措施\n{INDENT}会后各大队迅速行动\n起来开展检查工作。",
        ["支队召开会议研究部署全年工作要点落实。", "会议强调各大队要认真落实各项工作措施", "会后各大队迅速行动起来开展检查工作。"],
        id="indent-opens-paragraph-after-full-line",
    ),
    pytest.param(
        # Short paragraphs: most lines are first lines, yet the indent still tells.
        f"{INDENT}全县广大人民群众：\n{INDENT}为全面提升县消防\n救援力量的处置能力\n开展实战灭火演练。\n{INDENT}特此通告。\n{INDENT}县消防救援大队\n{INDENT}为全面提升处置能\n力县消防救援大队将\n联合各单位开展演练\n{INDENT}请勿惊慌。\n{INDENT}特此通告。",
        ["全县广大人民群众：", "为全面提升县消防救援力量的处置能力开展实战灭火演练。", "特此通告。", "县消防救援大队",
         "为全面提升处置能力县消防救援大队将联合各单位开展演练", "请勿惊慌。", "特此通告。"],
        id="short-paragraphs-indent-still-opens",
    ),
    pytest.param(
        # In an indented text a flush line after a full one carries it on, even
        # after a sentence end, a dash or a colon-less stop at the margin.
        f"{INDENT}主题为人人讲安全个\n——查找身边安全隐患\n开展宣传活动共计三\n次。\n{INDENT}支队召开会议。",
        ["主题为人人讲安全个——查找身边安全隐患开展宣传活动共计三次。", "支队召开会议。"],
        id="flush-dash-line-continues",
    ),
    pytest.param(
        # A line stopped short because the next word (Latin or digits) did not fit.
        f"{INDENT}支队于上午举行演\n2024年度总结会全体\n人员参加会议活动。\n{INDENT}会议要求各单位认\n真落实各项工作部署",
        ["支队于上午举行演2024年度总结会全体人员参加会议活动。", "会议要求各单位认真落实各项工作部署"],
        id="word-pushed-to-next-line",
    ),
]


@pytest.mark.parametrize(("text", "paragraphs"), JOINS)
def test_join_wrapped_lines_with_indents(text, paragraphs):
    assert _lines(text) == paragraphs


def test_half_width_marks_leave_the_commonest_size_a_column_short():
    # Lines with a half-width comma are 39 columns; the margin is 40.
    text = "\n".join([f"{INDENT}支队召开会议,研究部署全年工作要点并", "落实各项措施,确保各项工作取得实效并", "按期完成各项任务安排,会议要求各大队",
                      "认真落实。", f"{INDENT}会后各大队迅速行动,开展检查工作并且", "取得了实效。"])
    assert _lines(text) == ["支队召开会议,研究部署全年工作要点并落实各项措施,确保各项工作取得实效并按期完成各项任务安排,会议要求各大队认真落实。",
                            "会后各大队迅速行动,开展检查工作并且取得了实效。"]


def test_one_paragraph_per_line_with_indents_is_left_alone():
    # Typed text indenting every paragraph: nothing is wrapped, nothing joins.
    text = "\n".join(f"{INDENT}第{n}项工作要认真落实，确保取得实效。" for n in range(1, 9))
    assert join_wrapped_lines(text) == (text, 0)


@pytest.mark.parametrize(("char", "width"), [("a", 1), (",", 1), ("中", 2), ("“", 2), ("à", 2), ("ǐ", 2), ("×", 2)])
def test_display_width_counts_ambiguous_letters_wide(char, width):
    assert display_width(char) == width


def test_web_furniture_is_recognised_after_lines_are_joined():
    # A footer wrapped over two lines goes whole, its tail too.
    text = (f"{INDENT}支队召开会议研究部\n署全年工作要点落实\n各项措施确保实效。\n{INDENT}会议强调各大队要认\n真落实各项工作措施\n"
            f"{INDENT}闽南日报社技术部制作\n、维护 版权所有")
    assert clean(text).text == "支队召开会议研究部署全年工作要点落实各项措施确保实效。\n会议强调各大队要认真落实各项工作措施"


@pytest.mark.parametrize(("line", "furniture"), [("页: [1] [2]", True), ("页珍藏版）》请在课桌文档上搜索。", False),
                                                 ("搜本站", True)])
def test_control_lines(line, furniture):
    assert is_web_furniture(line) is furniture


# --- title block: furniture, subtitle ----------------------------------------------

@pytest.mark.parametrize(
    "line",
    ["- 0", "|||", "- 组配分类：政府会议", "发文机关 | 周口市人民政府 | 成文日期 | 2011-03-01 |", "成文日期：2022-06-23", "标题：关于…的通知",
     # A forum post's frame: the floor's label, the poster's card, the post's controls.
     "楼主", "沙发", "特约记者 TA的每日心情 开心 2017-8-3 08:11", "签到天数：220天 [LV.7]常住居民III",
     "本帖最后由 消防君 于 2018-6-5 10:12 编辑", "只看该作者"],
)
def test_furniture_lines_are_never_title_or_subtitle(line):
    assert is_furniture_line(line)
    assert not reads_as_subtitle(line, "某某支队召开会议")


@pytest.mark.parametrize(
    ("line", "blank_before", "subtitle"),
    [
        ("——全力守护全市人民群众生命财产安全", False, True),  # the dash form
        ("—记某消防救援站站长张三", True, True),
        ("--访某支队支队长", False, True),
        ("全员发动治患攻坚", False, True),  # a second deck right under the title
        ("新立镇领导干部春节期间慰问乡镇消防队", False, True),
        ("警情动态分析", True, False),  # after a blank line: a heading of the body
        ("火情通报", False, False),  # names a document type: a title
        ("某某支队召开会议", False, False),  # the title said again
        ("美友60041527", False, False),  # digits: an id
        ("2022年全市消防工作会议暨消安委第一次联席会议召开", False, True),  # a year is a word of a deck
        ("3月16日全市消防工作会议召开", False, False),  # a date is not
        ("是第33个全国消防宣传月", False, False),
        ("2023年全省消防安全工作要点", False, False),
        ("（厦府办〔2006〕254号）", False, False),  # a 文号
        ("二〇二四年八月", False, False),
        ("一、基本情况", False, False),  # an outline heading
        ("第一部分云南省森林消防总队概况", False, False),
        ("周口市人民政府", False, False),  # an issuer
        ("记者 王观博 李敏", False, False),  # a credit
    ],
)
def test_subtitle_reads_as_one(line, blank_before, subtitle):
    assert reads_as_subtitle(line, "某某支队召开会议", blank_before) is subtitle


@pytest.mark.parametrize(
    ("text", "title", "subtitle", "issue", "publication"),
    [
        ("- 0\n- 0\n2025年微型消防站工作总结\n2025年，我单位微型消防站全年参与初期火灾处置12起。", "2025年微型消防站工作总结", "", "", ""),
        ("火情通报\n\n火情通报\n1月27日，海丰县消防救援大队接到火情调度，立即调派4车16名指战员到场处置。", "火情通报", "", "", ""),
        ("厦门市人民政府办公厅关于建立厦门市消防工作联席会议制度的通知\n（厦府办〔2006〕254号）\n各区人民政府：\n现将有关事项通知如下：",
         "厦门市人民政府办公厅关于建立厦门市消防工作联席会议制度的通知", "", "（厦府办〔2006〕254号）", ""),
        ("第04版：县区要闻\n\n华安县消防救援局正式挂牌\n\n本报讯6月28日，华安县消防救援局正式挂牌。", "华安县消防救援局正式挂牌", "", "", "第04版：县区要闻"),
        ("周口市人民政府\n关于对市消防支队的嘉奖令\n各县（市、区）人民政府：\n2010年，市消防支队紧紧围绕全市工作大局，成绩突出。",
         "周口市人民政府关于对市消防支队的嘉奖令", "", "", ""),
        # A briefing's handling marks under its name are no words of its title.
        ("某省消防救援总队消防工作简报第12期\n\n内部刊物\n\n注意保存\n\n第12期\n\n总队办公室编 2024年7月5日\n"
         "7月3日，总队召开会议，部署夏季消防检查工作。", "某省消防救援总队消防工作简报第12期", "", "", ""),
        ("内部资料 注意保存\n某市消防救援支队关于开展检查的通知\n各大队：\n现将有关事项通知如下。",
         "某市消防救援支队关于开展检查的通知", "", "", ""),
        # A post's topic tags under its headline are no part of it, however short.
        ("城东消防救援站\n#忠诚\n#担当\n2025年，城东消防救援站全年接处警320次。", "城东消防救援站", "", "", ""),
        # A page's headline, then the article's title block said again with its
        # deck, blank lines between all of them: the deck is the subtitle.
        ("立足职能防风险 服务大局保平安\n\n立足职能防风险 服务大局保平安\n\n"
         "2022年全市消防工作会议暨消安委第一次联席会议召开\n\n3月16日，全市消防工作会议召开。副市长出席。",
         "立足职能防风险服务大局保平安", "2022年全市消防工作会议暨消安委第一次联席会议召开", "", ""),
        # Two such lines under the repeat are a compilation's list of pieces, not a deck.
        ("消防工作信息汇编\n\n消防工作信息汇编\n\n齐心协力防隐患谱写消防安全曲\n\n"
         "以高度政治自觉推动消防治理现代化\n\n近年来，全市消防工作稳步推进。", "消防工作信息汇编", "", "", ""),
        # An outlet's name under a line is the page's masthead, however short: never the title's last words.
        ("省消防救援总队部署夏季消防检查\n\n人民网\n\n7月3日，总队召开会议，部署夏季消防检查工作。",
         "省消防救援总队部署夏季消防检查", "", "", ""),
        ("省消防救援总队部署夏季消防检查\n\n法治日报\n\n7月3日，总队召开会议，部署夏季消防检查工作。",
         "省消防救援总队部署夏季消防检查", "", "", ""),
    ],
    ids=["bullets-above-title", "title-said-twice", "bracketed-doc-number", "newspaper-page", "issuer-then-matter",
         "handling-marks-under-title", "handling-mark-above-title", "topic-tags-under-title",
         "deck-under-a-repeat-set-apart", "list-under-a-repeat", "outlet-under-title", "newspaper-under-title"],
)
def test_title_block(text, title, subtitle, issue, publication):
    head = structure(clean(text).text).head
    assert (head.title, head.subtitle, head.issue, head.publication) == (title, subtitle, issue, publication)


@pytest.mark.parametrize(
    ("line", "outlet"),
    [("人民网", True), ("北京晚报", True), ("法治日报", True), ("澎湃新闻", True),
     # Nouns a headline ends with: 织密消防安全防护网; a kind word is no outlet.
     ("防护网", False), ("安全网", False), ("通报", False), ("网", False)],
)
def test_outlet_names(line, outlet):
    from fireportal.structure import is_outlet_name

    assert is_outlet_name(line) is outlet


def test_a_wrapped_titles_last_words_are_still_joined():
    # The short last piece of a title broken over lines is not an outlet's name.
    head = structure(clean("全市织密消防安全\n防护网\n\n7月3日，总队召开会议，部署检查工作。").text).head
    assert head.title == "全市织密消防安全防护网"


def test_topic_tags_are_no_heading_of_the_text():
    blocks = structure("城东消防救援站\n\n#119消防宣传月# #全民消防#\n11月9日，城东消防救援站开展宣传活动。").blocks
    assert (blocks[0].kind, blocks[0].text) == ("paragraph", "#119消防宣传月# #全民消防#")


# --- bylines -----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("credit", "names"),
    [
        ("（记者 王观博 李敏 通讯员 尹岩）", ("王观博", "李敏", "尹岩")),
        ("记者 王观博 李敏", ("王观博", "李敏")),
        ("文/图：张三", ("张三",)),
        ("通讯员：李四", ("李四",)),
        ("作者：王五", ("王五",)),
        ("编辑：赵六", ("赵六",)),
        ("（责任编辑：钱七）", ("钱七",)),
        ("大众网·海报新闻采访人员 王观博 李敏 通讯员 尹岩 德州报道", ("王观博", "李敏", "尹岩")),
        ("人民网记者 张三", ("张三",)),
        ("作者：（全媒体中心）", ()),  # an organisation is a source, not an author
    ],
)
def test_byline_names(credit, names):
    assert byline_names(credit) == names


@pytest.mark.parametrize(
    ("text", "byline", "credit"),
    [
        ("新闻媒体记者走进消防站\n大众网·海报新闻采访人员 王观博 李敏 通讯员 尹岩 德州报道\n11月8日，各大新闻媒体记者走进消防站体验生活。",
         "大众网·海报新闻采访人员 王观博 李敏 通讯员 尹岩 德州报道", ""),
        ("支队召开会议\n3月5日，支队召开会议，部署全年工作。\n编辑：姜瑾雯\n审核：罗俊涛", "编辑：姜瑾雯", ""),
        ("支队召开会议\n3月5日，支队召开会议，部署全年工作。\n（责任编辑：钱七）", "（责任编辑：钱七）", ""),
        ("支队召开年度工作会议\n本报拉萨讯（记者 王杰学 通讯员 苏延斌）15日上午，西藏森林消防总队召开年度工作会议。", "",
         "（记者 王杰学 通讯员 苏延斌）"),
        ("支队召开会议\n3月5日，支队召开会议，部署全年工作。（见习记者 姚亚婷 记者 崔一波）", "", "（见习记者 姚亚婷 记者 崔一波）"),
        ("支队召开会议\n3月5日，支队召开会议，部署全年工作。（薄克国 李新伟 徐光亮）（完）", "", "（薄克国 李新伟 徐光亮）"),
    ],
    ids=["reporter-line-under-title", "editor-not-reviewer", "closing-editor", "credit-in-lead", "credit-closing-text",
         "names-closing-text"],
)
def test_bylines_and_credits(text, byline, credit):
    shaped = structure(clean(text).text)
    assert (shaped.head.byline, shaped.head.credit) == (byline, credit)
    assert shaped.head.title != byline and shaped.head.subtitle == ""


def test_credit_keeps_the_spaces_between_names():
    assert drop_cjk_spaces("本报讯（记者 王杰学 通讯员 苏延斌）15日 上午")[0] == "本报讯（记者 王杰学 通讯员 苏延斌）15日上午"
