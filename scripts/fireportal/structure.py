"""Structure: one document's cleaned text → title block + outline.

Chinese official documents number their outline 一、 → （一） → 1、/（1）;
一是…二是… enumerations stay inside their paragraph.  Lines above the body
(publication name, issue, unit-and-date line, title, subtitle) are read
into a `TitleBlock`; responsibility notes (（责任处室：…）) closing a block
become that block's departments.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from msgspec.structs import replace

from .model import Block, Structured, TitleBlock

# Hints a reader that knows the layout (.docx) writes into the text, one
# at the start of a line, for what the words alone cannot tell: a heading
# style, a right-aligned 落款 line, a table, a picture.  They are Unicode
# noncharacters: no keyboard or converter produces them, every cleanup leaves
# them alone, `inert.printable` drops any that could leak, and the reader
# removes them from the source text it copies.  Text without them takes the
# same path as always.
HINT_TITLE = "\ufdd0"  # Word's Title style
HINT_HEADINGS = ("\ufdd1", "\ufdd2", "\ufdd3")  # heading styles / outline levels 1, 2, 3 and deeper
HINT_CLOSING = "\ufdd4"  # a right-aligned line: the 落款 (unit, date), never a heading
HINT_TABLE = "\ufdd5"  # the first row (header) of a table: cells between HINT_CELL
HINT_ROW = "\ufdd6"  # every further row of the same table
HINT_CELL = "\ufdd7"  # between cells; in an image line, between its file name and alt text
HINT_BREAK = "\ufdd8"  # a line break inside a cell
HINT_IMAGE = "\ufdd9"  # a picture: file name, HINT_CELL, alt text
HINTS = "\ufdd0-\ufdd9"  # as a regex character range
HINT_CHARS = "".join(map(chr, range(0xFDD0, 0xFDDA)))
_HINTED = re.compile(f"[{HINTS}]")

CN_NUM = "一二三四五六七八九十"
SECTION = re.compile(rf"^(?P<marker>[{CN_NUM}]{{1,3}}、)(?P<text>.*)$")
SUBSECTION = re.compile(rf"^(?P<marker>[（(][{CN_NUM}]{{1,3}}[）)])(?P<text>.*)$")
ITEM = re.compile(r"^(?P<marker>\d{1,2}[、.．](?!\d)|[（(]\d{1,2}[）)]|[①-⑳])(?P<text>.*)$")
_OUTLINE_PATTERNS = ((SECTION, "section"), (SUBSECTION, "subsection"), (ITEM, "item"))
# The first character of a SECTION, SUBSECTION or ITEM marker.
_MARKER_START = re.compile(rf"[{CN_NUM}（(①-⑳]|\d")

DUTY_NOTE = re.compile(
    r"[（(](?P<label>责任(?:处室|单位|科室|部门|领导|人|处|科|室))[：:](?P<names>[^（()）]{1,80})[）)]"
    r"(?P<tail>[。；]?)$"
)
_NAME_SEP = re.compile(r"[、，,；;]+")

PUBLICATION = re.compile(r"^[\u4e00-\u9fff]{0,16}(?:简报|快报|动态|通讯|情况反映)$")
# The handling marks a briefing or an official document carries above its
# title (内部刊物, 内部资料 注意保存, 秘密★1年, 特急): masthead, never title words.
HANDLING_MARK = re.compile(
    r"^(?:内部(?:刊物|资料|文件|发行|参考)|注意保存|妥善保管|秘密|机密|绝密|特急|加急|特提)"
    r"(?:[ 　，,、]*(?:注意保存|妥善保管|[★☆]\s*[0-9一二三四五六七八九十]{0,2}年?))*$"
)
# The signer of a document sent up to a higher body (a 报告 or 请示): the
# standard layout sets 签发人：<name> beside or under the 文号, above the
# title.  Part of the masthead, never the title, nor an author.
SIGNER_LINE = re.compile(r"^签发人[ ]*[：:][ ]*[\u4e00-\u9fff·]{2,8}(?:[ 、，,]+[\u4e00-\u9fff·]{2,8})*$")
# The 红头 of an official document: 辽宁省消防救援总队文件, 中共…委员会文件.
RED_HEAD = re.compile(r"^[\u4e00-\u9fff（）()]{4,30}文件$")
# A 文号: issuer's abbreviation, the year in brackets, the number.
DOC_NUMBER = re.compile(
    r"(?P<number>[\u4e00-\u9fff]{1,12}[〔\[［（(【][ ]*(?:19|20)\d\d[ ]*[〕\]］）)】][ ]*第?[ ]*\d{1,4}[ ]*号)"
)
# A rule under the 红头 or between title block and body: only rule characters.
_RULE_LINE = re.compile(r"^[—─━－\-=＝_＿*＊★☆·•]{3,}$")
ISSUE = re.compile(r"^(?:.{0,30}专刊(?:[（(][^）)]{1,8}[）)]|第.{1,6}期)?|第[^期]{1,8}期.{0,20}|[（(][^）)]{1,10}[）)])$")
DATE = re.compile(
    r"(?:(?P<y>\d{4}|[〇○零一二三四五六七八九]{4})年)?(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})月"
    r"(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})[日号]"
)
FULL_DATE_LINE = re.compile(r"^.{0,30}?(?:\d{4}|[〇○零一二三四五六七八九]{4})年.{1,3}月.{1,3}日.{0,4}$")
BYLINE = re.compile(
    r"^(?:(?P<label>作者|撰稿|撰文|文|记者|通讯员|供稿|来源|编辑|责编|责任编辑|文/图|图/文|文／图|图／文|摄影)[：:]"
    # An organisation in brackets (（全媒体中心）) is a source, not a name.
    r"[ ]*(?P<names>[^（(\[【 ].{0,39})"
    # 记者 张三 loses its space to drop_cjk_spaces; a bare name list still reads as a byline.
    r"|(?P<bare>记者|通讯员)[ ]*(?P<bare_names>[\u4e00-\u9fff]{2,4}(?:[、， ]+[\u4e00-\u9fff]{2,4})*))$"
)
# Who wrote it, in the forms the genre uses: 记者 王观博 李敏 通讯员 尹岩,
# （记者 王杰学 通讯员 苏延斌）, 文/图：张三, 大众网·海报新闻记者 王观博 德州报道,
# （责任编辑：李四）.  A role word, then names, possibly several roles; an
# outlet before them and a place with 报道/电 after them.
_ROLE = (r"(?:特约|见习|首席|本报|本台|本刊|本网)?(?:记者|采访人员|通讯员|作者|撰稿|撰文|摄影|摄像|供稿"
         r"|文/图|图/文|文／图|图／文|文图|文字|责任编辑|责编|编辑|文|图)")
_NAMES = r"[\u4e00-\u9fff·]{2,12}(?:[ 、，,/／]+[\u4e00-\u9fff·]{2,12})*"
_OUTLET = r"(?:[\u4e00-\u9fff·]{1,12}?(?:网|报|台|社|新闻|客户端|讯|日报|晚报|消息)[·・ ]*)"
CREDIT_LINE = re.compile(
    rf"^[（(]?(?:{_OUTLET})?(?:{_ROLE}[：: ]*{_NAMES}[ 、，,]*)+"
    r"(?:[\u4e00-\u9fff]{0,4}(?:报道|电|摄|供图))?[）)]?$"
)
# The same credit inside the text: in brackets after a lead's 讯/电 or at a paragraph's end.
CREDIT = re.compile(rf"[（(](?P<credit>(?:{_ROLE}[：: ]*{_NAMES}[ 、，,]*)+)[）)]")
_ROLE_WORD = re.compile(_ROLE)
# Two role labels, each followed by names, close the line: the reporters of
# a paper's byline (石家庄日报融媒体记者 胡雁冰 通讯员 郭星怡), whatever stands
# before them (the paper's name, perhaps garbled by the copy).  A headline
# names what happened, never two roles and their people, so such a line is
# a byline, never a title.
_CREDIT_ROLE = r"(?:特约|见习|首席|本报|实习)?(?:记者|通讯员|摄影|摄像)"
_CREDIT_NAMES = r"[\u4e00-\u9fff·]{2,4}(?:[ 、，,]+[\u4e00-\u9fff·]{2,4})*"
TWO_CREDITS = re.compile(
    rf"^[^。！，；：:]{{0,24}}?{_CREDIT_ROLE}[ ]*{_CREDIT_NAMES}[ ]*{_CREDIT_ROLE}[ ]*{_CREDIT_NAMES}(?:[ ]*(?:报道|摄))?$")
# Never anyone's name: the tail of a reporter line, or a role word glued on.
_NOT_A_NAME = re.compile(r"(?:报道|电|摄|供图|讯)$")
# People who check a text, not who wrote it.
_REVIEWERS = re.compile(r"^(?:审核|审校|审稿|校对|初审|二审|三审|终审|签发)[：: ]")
_SENTENCE_END = re.compile(r"[。！？；，、：]$")
# Words a title line may not end with: it goes on in the next line.
_TITLE_CONTINUES = re.compile(r"(?:关于|的|和|与|及|暨|第|年|在|对|\d)$")
_TITLE_ENDS = re.compile(r"(?:通知|通报|通告|公告|意见|方案|纪要|报告|总结|简报|决定|要点|计划|办法|规定|令|函|批复)$")
_RUN_IN = re.compile(r"^(?P<head>[^。！？]{1,60}?[。！？])(?P<rest>.+)$")


# Lines a web page or an export puts above a document that are never its
# title or subtitle: no Chinese at all (- 0, |||), a list bullet of a page's
# info box (- 组配分类：政府会议, - 搜本站), a table row (发文机关 | … |), a
# metadata label line (成文日期：…, 标题：…).
_IDEOGRAPH = re.compile(r"[\u3400-\u9fff]")
_BULLET = re.compile(r"^[-*•]\s")
_META_LABEL = re.compile(
    r"^(?:标题|题名|索引号|主题分类|组配分类|体裁分类|服务对象|发布机构|发文机关|发文单位|发文字号|文号"
    r"|成文日期|发布日期|生效日期|废止日期|有效性|信息来源|所属机构|关键词|主题词|分类"
    r"|[\u4e00-\u9fff]{0,4}(?:日期|时间|分类|机构|字号)"
    # An essay site's outline label (目录/提纲：……) over the headings it lists:
    # it names the list below, never the document.
    r"|(?:目\s*录|提\s*纲|目\s*次)(?:[/／、](?:目\s*录|提\s*纲|目\s*次))?)[ ]*[：:]"
)
# A 文号 in brackets under the title: （厦府办〔2006〕254号）.
BRACKETED_NUMBER = re.compile(r"^[（(【\[]\s*" + DOC_NUMBER.pattern + r"\s*[）)】\]]$")
# A newspaper's page line: 第04版：县区要闻.
NEWSPAPER_PAGE = re.compile(r"^第\s*[0-9０-９一二三四五六七八九十]{1,3}\s*版(?:[：:].{0,16})?$")


# The frame a forum (Discuz!, the engine of most Chinese city forums) prints
# around a post: the floor's label on a line of its own (楼主, 沙发), the
# poster's card (TA的每日心情, 签到天数: 220 天 [LV.7]), the post's controls.
# A forum's words, never a document's, on short lines (a paragraph that
# quotes them is text); the lines stay in the text, and a mood's date is not
# the post's (so they are not web furniture to drop).
_FORUM_FRAME_MAX = 80
_FORUM_FRAME = re.compile(
    r"^(?:楼主|沙发|板凳|地板)$|TA的每日心情|签到天数|本帖最后由|只看该作者|电梯直达|\[LV\.\d"
)


def is_furniture_line(line: str) -> bool:
    """A line of a page's furniture or info box: never a title or subtitle."""
    line = line.strip()
    return bool(
        not _IDEOGRAPH.search(line)
        or _BULLET.match(line)
        or line.count("|") + line.count("｜") >= 2
        # Every _META_LABEL match ends in a colon: most lines hold none.
        or ("：" in line or ":" in line) and _META_LABEL.match(line)
        or len(line) <= _FORUM_FRAME_MAX and _FORUM_FRAME.search(line)
    )


# A line of topic tags (#忠诚 #担当, #119消防宣传月#): WeChat and Weibo posts
# put them under the headline as labels to file the post under, never as
# words of the headline or a heading of the text.
_TOPIC_TAGS = re.compile(r"^(?:[#＃][^#＃\s]{1,20}[#＃]?\s*)+$")


# A note on a picture (（资料图片）, 图片来源：网络, （图片由…提供）) stands under
# or over the picture it is about, short and unpunctuated as a heading is, but
# it names where a photo came from, never what the text or its section says.
_PICTURE_NOTE = re.compile(r"^[（(【\[]?(?:资料(?:图片|图|照片)|图片(?:来源|来自|源自|由)|图源|配图|网络图片)")


def is_picture_note(line: str) -> bool:
    """A note on a picture's origin (（资料图片）, 图片来源：网络): never a heading, nor the story."""
    return bool(_PICTURE_NOTE.match(line))


def _is_title_line(line: str) -> bool:
    # Tests without side effects, cheapest first: a sentence mark rules most
    # lines out before the credit patterns' backtracking runs.
    return (
        0 < len(line) <= 60
        and "。" not in line
        and not _SENTENCE_END.search(line)
        and not _TOPIC_TAGS.match(line)
        and not is_furniture_line(line)
        and not SECTION.match(line)
        and not SUBSECTION.match(line)
        and not ITEM.match(line)
        and not CREDIT_LINE.match(line)
        and not BYLINE.match(line)
        and not TWO_CREDITS.match(line)
        and not is_picture_note(line)
    )


def read_head(lines: list[str]) -> tuple[TitleBlock, int, list[str]]:
    """The title block at the top.

    Returns it, the index of the first body line, and the furniture-like
    lines met above the title (- 0, |||, an info box's label lines), which
    are never the title and stay in the body so no character is lost.
    """
    fields = {"publication": "", "issue": "", "dateline": "", "title": "", "subtitle": "", "byline": ""}
    skipped: list[str] = []
    i = 0
    seen = 0
    blank_before = False
    repeated = ""  # the title said again under itself, so far
    # Whether a blank line parted the title from its repeat: a page that sets
    # its headline and the article's own title block apart so puts blank
    # lines between all the head's lines, and one above a deck says nothing.
    repeated_apart = False
    couplet = False  # the title is two matched lines (踔厉奋发谋发展 / 笃行不怠谱新篇)
    while i < len(lines) and seen < 8:
        line = lines[i].strip()
        if not line:
            i += 1
            blank_before = True
            continue
        seen += 1
        title = fields["title"]
        if _RULE_LINE.match(line):
            pass  # a rule carries no text
        elif HANDLING_MARK.match(line) or SIGNER_LINE.match(line):
            skipped.append(lines[i])  # stays in the body, so no character is lost
            i += 1
            blank_before = False
            continue
        elif not title and (menu := menu_run(lines, i)):
            # A site's menu over the headline: its lines stay in the body and,
            # being no part of the title block, do not count towards `seen`.
            skipped.extend(lines[j] for j in menu)
            seen -= 1
            i = menu[-1] + 1
            blank_before = False
            continue
        elif not title and is_furniture_line(line) and not DOC_NUMBER.fullmatch(line):
            if _IDEOGRAPH.search(line):
                skipped.append(lines[i])  # stays in the body, so no character is lost
                i += 1
                blank_before = False
                continue
            # - 0, |||: no Chinese, nothing to show; it would only push the lead down.
        elif not fields["publication"] and not title and (
                PUBLICATION.match(line) or RED_HEAD.match(line) or NEWSPAPER_PAGE.match(line)):
            fields["publication"] = line
        elif not fields["issue"] and not title and DOC_NUMBER.fullmatch(line):
            fields["issue"] = line  # the 文号 stands where a briefing has its issue number
        elif title and len(line) >= 6 and _repeats_title(title, repeated + line):
            # The page's headline, then the document's own title block saying it
            # again over lines: read on to its 文号; the repeat stays in the body.
            repeated_apart = repeated_apart or (blank_before and not repeated)
            repeated += line
            skipped.append(lines[i])
            i += 1
            blank_before = False
            continue
        elif repeated and _repeat_goes_on(title, repeated, line):
            # The document's own title says more than the page's headline
            # (…2020年工作总结 / 暨2021年工作计划): the longer form is the
            # document's title; its lines stay in the body like the repeat.
            fields["title"] = repeated + line
            repeated += line
            skipped.append(lines[i])
            i += 1
            blank_before = False
            continue
        elif not fields["issue"] and (BRACKETED_NUMBER.match(line) or title and DOC_NUMBER.fullmatch(line)):
            fields["issue"] = line  # （厦府办〔2006〕254号） or 粤办函〔2022〕58号 under the title
        elif fields["publication"] and not fields["issue"] and not title and ISSUE.match(line):
            fields["issue"] = line
        elif not fields["dateline"] and FULL_DATE_LINE.match(line) and not fields["subtitle"]:
            fields["dateline"] = line
        elif not title and _is_title_line(line):
            fields["title"] = line
            # A title broken over two or three lines: 辽宁省消防救援总队关于2022年 /
            # 第31次…通知, or …关于做好2023年 / 冬春火灾防控 / 工作的通知.
            nxt = _next_nonblank(lines, i + 1)
            if nxt is not None and is_couplet(line, lines[nxt].strip()):
                fields["title"] = f"{line} {lines[nxt].strip()}"
                couplet = True
                i = nxt
            for _ in range(0 if couplet else 2):
                nxt = _next_nonblank(lines, i + 1)
                if nxt is None or not _title_goes_on(fields["title"], lines[nxt].strip()):
                    break
                fields["title"] += lines[nxt].strip()
                line = lines[nxt].strip()
                i = nxt
        elif (title and not fields["subtitle"] and not fields["byline"]
              and (not repeated and reads_as_subtitle(line, title, blank_before)
                   or repeated_apart and _deck_under_repeat(lines, i, title)
                   or not repeated and couplet and names_the_piece(line))):
            fields["subtitle"] = line
        elif title and not fields["byline"] and CREDIT_LINE.match(line):
            fields["byline"] = line  # 记者 王观博 李敏 通讯员 尹岩, right under the title
        else:
            break
        i += 1
        blank_before = False
    # A lone line that is a whole sentence's worth of text is the body, not a title.
    if fields["title"] and i >= len(lines):
        return TitleBlock(), 0, []
    return TitleBlock(**fields), i, skipped


def _deck_under_repeat(lines: list[str], i: int, title: str) -> bool:
    """Whether lines[i], under the title said again with blank lines between
    (a page's headline, then the article's own title block), is the deck.

    The blank line above it says nothing there (see `repeated_apart`), so the
    deck's shape has to: one such line, the text going on under it.  A second
    deck-shaped line under it makes the lines a list of headings (a
    compilation's pieces: 齐心协力防隐患… / 以高度政治自觉推动…), not a deck."""
    if not reads_as_subtitle(lines[i], title):
        return False
    nxt = _next_nonblank(lines, i + 1)
    return nxt is not None and not _DECK.match(lines[nxt].strip())


# A subtitle opens with a dash: ——记…, —记…, --…
_DASH_SUBTITLE = re.compile(r"^(?:[—─]{1,2}|－{1,2}|-{2})\s*\S")
# The other form the genre uses is a headline's second deck, right under it:
# a phrase of Chinese words (全员发动治患攻坚, 新立镇领导干部春节期间慰问乡镇消防队),
# no digits, Latin letters or clause marks, which would make it a date, an
# id, a count or a sentence.
# A year (2022年全市消防工作会议召开) is a word of such a phrase: 年 after
# four digits is no count, and a date has more digits (3月16日).
_DECK = re.compile(r"^(?:[\u4e00-\u9fff“”‘’《》「」『』、·・ 　]|(?:19|20)\d\d年){6,30}$")
# A part, chapter or section of a long document: 第一部分…, 第二章….
_PART_HEADING = re.compile(r"^第[一二三四五六七八九十百0-9]{1,4}(?:部分|章|节|篇|编)")
# An issuer or a 落款 on its own line ends with the unit's kind.
ISSUER = re.compile(r"(?:政府|委员会|办公室|办公厅|总队|支队|大队|消防救援站|中队|局|厅|委|部|中心)$")


_NON_WORD = re.compile(r"\W")


def _repeats_title(title: str, text: str) -> bool:
    """Whether text (the lines under the title so far) starts the title once more."""
    want = _NON_WORD.sub("", title)
    # A body line is often long: when its first characters already hold more
    # word characters than the title, it cannot start it, whatever follows.
    if len(_NON_WORD.sub("", text[: 2 * len(want) + 2])) > len(want):
        return False
    got = _NON_WORD.sub("", text)
    return bool(got) and want.startswith(got)


# How the second part of a title joins the first: …总结暨…计划, …和…, …及….
_JOINS_ON = re.compile(r"^(?:暨|和|及|与|以及|并)")


def _repeat_goes_on(title: str, repeated: str, line: str) -> bool:
    """Whether `line`, right after the whole title said again under it, goes
    on with it: a page puts the first part of a document's title as its
    headline (…2020年工作总结), the document's title block adds the rest
    (暨2021年工作计划).  Only a title-shaped line that opens with a joining
    word or names the document's kind goes on; an addressee (区政府办：),
    a date or the first paragraph does not."""
    return (
        _NON_WORD.sub("", repeated) == _NON_WORD.sub("", title)
        and len(repeated) + len(line) <= 60
        and _is_title_line(line)
        and not _similar(line, title)  # the title a third time (a copy in two scripts)
        and not DOC_NUMBER.fullmatch(line)
        and not FULL_DATE_LINE.match(line)
        and bool(_JOINS_ON.match(line) or _TITLE_ENDS.search(line))
    )


def _similar(a: str, b: str) -> bool:
    a, b = _NON_WORD.sub("", a), _NON_WORD.sub("", b)
    return bool(a and b) and (a in b or b in a or _ratio_at_least(a, b, 0.8))


def _ratio_at_least(a: str, b: str, least: float) -> bool:
    """`SequenceMatcher(None, a, b).ratio() >= least`, its upper bounds
    first: the ratio never exceeds real_quick_ratio (from the lengths alone,
    computed here as difflib does) nor quick_ratio, and a title and a line
    of text usually differ in length too much to need the costly ratio."""
    if 2.0 * min(len(a), len(b)) / (len(a) + len(b)) < least:
        return False
    matcher = difflib.SequenceMatcher(None, a, b)
    return matcher.quick_ratio() >= least and matcher.ratio() >= least


def reads_as_subtitle(line: str, title: str, blank_before: bool = False) -> bool:
    """Whether `line`, right under `title`, is its subtitle.

    A dash-led line (——全力守护…) is one.  Otherwise only a headline's second
    deck: a phrase of Chinese words with no blank line between it and the
    title, which does not repeat the title, name a document type (that is a
    title), name an issuer (a 落款) or read as a credit, date or furniture.
    """
    line = line.strip()
    if is_furniture_line(line) or BRACKETED_NUMBER.match(line) or CREDIT_LINE.match(line):
        return False
    if _DASH_SUBTITLE.match(line):
        return len(line) <= 60 and not _similar(line, title)
    return bool(
        not blank_before
        and _DECK.match(line)
        and not SECTION.match(line) and not SUBSECTION.match(line) and not ITEM.match(line)
        and not _PART_HEADING.match(line)
        and not _similar(line, title)
        and not _TITLE_ENDS.search(line)
        and not ISSUER.search(line)
        and not line.startswith("关于")
    )


# An item of a site's menu: a word or two (首页, 新闻, 福州广电, 文化生活报).
_MENU_ITEM = re.compile(r"^[\u4e00-\u9fff]{2,6}$")
_MENU_LEAST = 3


def _is_menu_item(line: str) -> bool:
    """A line that could be an item of a site's menu: never a headline.  A
    handling mark (内部刊物, 注意保存) is the document's masthead, not a menu."""
    return bool(_MENU_ITEM.match(line)) and not _TITLE_ENDS.search(line) and not HANDLING_MARK.match(line)


def menu_run(lines: list[str], i: int) -> list[int]:
    """The indexes of a site's menu starting at line i ([] when none): three
    or more very short lines in a row, Chinese words only, none naming a
    kind of document.  A headline wrapped over lines has a longer line in
    any three of them, and a masthead's short lines (第5期) hold digits."""
    found: list[int] = []
    j: int | None = i if i < len(lines) else None
    while j is not None:
        if not _is_menu_item(lines[j].strip()):
            break
        found.append(j)
        j = _next_nonblank(lines, j + 1)
    return found if len(found) >= _MENU_LEAST else []


# One half of a couplet headline: Chinese words only, five to eight of them
# (a line of nine is as often a headline wrapped at a fixed width: 鞍山消防全面开展落 / 实行业…).
_COUPLET_HALF = re.compile(r"^[\u4e00-\u9fff]{5,8}$")
# A deck under a couplet says what the piece is: …工作纪实, …年度综述.
_PIECE_END = re.compile(r"(?:纪实|综述|侧记|巡礼|回眸|掠影|记事|速写|素描|回顾)$")


def is_couplet(line: str, following: str) -> bool:
    """Whether two lines are the halves of a couplet headline (踔厉奋发谋发展 /
    笃行不怠谱新篇): a feature or year-in-review opens with two matched
    phrases of the same length, one per line, a deck under them naming the
    unit and the piece.  Equal length is what tells them from a sentence
    broken over lines; a kind word (通知, 总结) would make either a title."""
    return bool(
        len(line) == len(following)
        and _COUPLET_HALF.match(line) and _COUPLET_HALF.match(following)
        and not _TITLE_ENDS.search(line) and not _TITLE_ENDS.search(following)
        and not _similar(line, following)
    )


def names_the_piece(line: str) -> bool:
    """The deck under a couplet headline: a title-shaped line that ends with
    the word for the piece (化州市消防救援大队2022年工作纪实); digits (the
    year) and a blank line above it are the usual layout."""
    return len(line) <= 40 and _is_title_line(line) and bool(_PIECE_END.search(line) or _TITLE_ENDS.search(line))


# A news outlet's name on a line of its own (人民网, 新京报, 法治日报): a copied
# page sets it over or under the headline as its masthead or source, and it
# is as short as the last piece of a wrapped title, so it would be joined on.
# No headline ends with an outlet's name.  The nouns a headline does end with
# in 网 (织密…防护网) are not outlets.
_OUTLET_NAME = re.compile(r"^[\u4e00-\u9fff]{1,8}(?:网|日报|晚报|早报|时报|商报|都市报|新闻)$")
_NET_NOUN = re.compile(r"(?:防护|安全|保障|防控|监控|监测|物联|互联|救援|服务|责任|关系|天罗地)网$")


def is_outlet_name(line: str) -> bool:
    return len(line) >= 3 and bool(_OUTLET_NAME.match(line)) and not _NET_NOUN.search(line)


def _title_goes_on(title: str, following: str) -> bool:
    """Whether `following` is the rest of a title broken over lines."""
    if (not _is_title_line(following) or _TITLE_ENDS.search(title) or FULL_DATE_LINE.match(following)
            or HANDLING_MARK.match(following) or is_outlet_name(following)):
        return False
    if following.startswith(("—", "－", "-")):
        return False  # a subtitle
    if _similar(title, following):
        return False  # the title said again
    if ("，" in title or "：" in title) and _TITLE_ENDS.search(following) and not _TITLE_CONTINUES.search(title):
        # A headline of clauses (勿恐慌，别围观) or a news headline with its
        # colon (…发布紧急通知：切实做好…) is whole; then the notice's own title.
        return False
    return bool(
        _TITLE_CONTINUES.search(title)
        or len(following) <= 4
        or (_TITLE_ENDS.search(following) and len(title) + len(following) <= 60)
        # An issuer's line, then its matter: 周口市人民政府 / 关于对市消防支队的嘉奖令.
        or (ISSUER.search(title) and following.startswith("关于") and len(title) + len(following) <= 70)
    )


def _next_nonblank(lines: list[str], start: int) -> int | None:
    for j in range(start, min(len(lines), start + 3)):
        if lines[j].strip():
            return j
    return None


def split_duty_note(text: str) -> tuple[str, str, tuple[str, ...]]:
    """(text without the note, label, department names)."""
    if "责任" not in text:
        return text, "", ()  # every DUTY_NOTE label starts with 责任: most lines need no search
    match = DUTY_NOTE.search(text)
    if not match:
        return text, "", ()
    names = tuple(n for n in _NAME_SEP.split(match["names"].strip()) if n)
    kept = text[: match.start()] + match["tail"]
    return kept.rstrip(), match["label"], names


def _block(kind: str, marker: str, text: str) -> Block:
    text, label, departments = split_duty_note(text.strip())
    return Block(kind=kind, marker=marker, text=text, departments=departments, note_label=label)


def _is_plain_heading(line: str, following: str | None) -> bool:
    return (
        following is not None
        and len(line) <= 30
        and len(following) > len(line)  # before the regexes of _is_title_line
        and _is_title_line(line)
    )


_EDITOR_NOTE = re.compile(r"[（(](?:责任编辑|责编|编辑)[：:][^（）()]{2,20}[）)]")


def _is_credit(line: str) -> bool:
    return bool(BYLINE.match(line) or CREDIT_LINE.match(line) or TWO_CREDITS.match(line) or _REVIEWERS.match(line)
                or _EDITOR_NOTE.fullmatch(line))


def read_body(lines: list[str], *, credits: bool = True, hints: list[Hint] | None = None) -> tuple[list[Block], str]:
    """Body lines → blocks, and a byline if one closes or opens the text.

    `hints`, one per line, come from a reader that knows the layout (see
    HINTS): a hinted line is a table, a picture or a heading whatever its
    words, and a 落款 line is never taken for a heading.
    """
    blocks: list[Block] = []
    byline = ""
    if hints is not None:
        kept = [(line.strip(), hint) for line, hint in zip(lines, hints) if line.strip() or hint.kind == "image"]
        content = [line for line, _ in kept]
        hinted = [hint for _, hint in kept]
    else:
        content = [line for line in map(str.strip, lines) if line]
        hinted = [_PLAIN] * len(content)
    # A credit opens the text, or closes it among its last lines (编辑：…
    # 审核：… under the text): the writer's line, never a reviewer's.
    tail = len(content)
    while tail > 0 and len(content) - tail < 3 and _is_credit(content[tail - 1]):
        tail -= 1
    credit_at = {n for n in (0, *range(tail, len(content))) if n < len(content) and _is_credit(content[n])
                 and not _REVIEWERS.match(content[n]) and hinted[n].kind in ("", "closing")}
    for n, line in enumerate(content):
        following = content[n + 1] if n + 1 < len(content) else None
        hint = hinted[n]
        if hint.kind in ("table", "image", "heading"):
            blocks.extend(_hinted_block(hint, line))
            continue
        if credits and n in credit_at and not byline:
            byline = line
            continue
        note = DUTY_NOTE.match(line) if "责任" in line else None  # every DUTY_NOTE label holds 责任
        if note and blocks and not blocks[-1].departments:
            # A note on its own line closes the block above it.
            _, label, departments = split_duty_note(line)
            blocks[-1] = replace(blocks[-1], departments=departments, note_label=label)
            continue
        # Most lines open no outline item: one test of the first character
        # skips the three patterns.
        for pattern, kind in _OUTLINE_PATTERNS if _MARKER_START.match(line) else ():
            match = pattern.match(line)
            if match:
                blocks.append(_block(kind, match["marker"], match["text"]))
                break
        else:
            # A line Word aligns right is signed as the document signs it.
            heading = hint.kind != "closing" and _is_plain_heading(line, following)
            kind = "closing" if hint.kind == "closing" else "heading" if heading else "paragraph"
            blocks.append(_block(kind, "", line))
    return _with_closing(blocks), byline


# The date a 落款 signs with, as documents write it: 2025年3月12日, 二〇二三年十一月五日.
SIGNED_DATE = re.compile(r"(?:\d{4}|[〇○零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日")


def _with_closing(blocks: list[Block]) -> list[Block]:
    """The 落款 at the end, marked as such: one or two issuer lines (…支队,
    …办公室), then a line that is only the date.  A page shows it as a
    document signs, on the right; its words stay the body's."""
    last = len(blocks) - 1
    if last < 1 or blocks[last].kind != "paragraph" or not SIGNED_DATE.fullmatch(blocks[last].text):
        return blocks
    first = last
    while (first > max(0, last - 2) and blocks[first - 1].kind in ("paragraph", "heading")
           and not blocks[first - 1].departments and len(blocks[first - 1].text) <= 30
           and ISSUER.search(blocks[first - 1].text) and not re.search(r"[，。；：！？]", blocks[first - 1].text)):
        first -= 1
    if first == last:
        return blocks
    return blocks[:first] + [replace(b, kind="closing") for b in blocks[first:]]


@dataclass(frozen=True)
class Hint:
    """What a hint line says about its line (see HINTS)."""

    kind: str = ""  # "", "title", "heading", "closing", "table", "image"
    level: int = 0  # a heading's level, 1-3
    rows: tuple[tuple[str, ...], ...] = ()
    src: str = ""  # a picture's file name


_PLAIN = Hint()
_HEADING_KINDS = {1: "section", 2: "subsection", 3: "heading"}


def _hinted_block(hint: Hint, text: str) -> list[Block]:
    if hint.kind == "table":
        return [Block(kind="table", text=text, rows=hint.rows)]
    if hint.kind == "image":
        return [Block(kind="image", text=text, src=hint.src)]
    # A numbered heading keeps its number as the marker, as in a text file.
    for pattern, kind in ((SECTION, "section"), (SUBSECTION, "subsection"), (ITEM, "item")):
        match = pattern.match(text)
        if match and match["text"].strip():
            return [_block(kind, match["marker"], match["text"])]
    return [_block(_HEADING_KINDS[hint.level], "", text)]


_HINT_KINDS = {HINT_TITLE: "title", HINT_CLOSING: "closing", HINT_IMAGE: "image",
               HINT_TABLE: "table", HINT_ROW: "table", **{h: "heading" for h in HINT_HEADINGS}}
# Stops `read_head` at the end of the lines it may read (it takes a lone
# line for body text, which it is not when a table or a heading follows).
_HEAD_END = "止。"


def _hinted_lines(text: str) -> tuple[list[str], list[Hint]]:
    """Hinted text → one (text, hint) per line, a table's rows gathered into one."""
    lines: list[str] = []
    hints: list[Hint] = []
    for raw in text.split("\n"):
        kind = _HINT_KINDS.get(raw[:1], "")
        body = raw[1:] if kind else raw
        if kind == "table":
            cells = tuple(_HINTED.sub("", cell.replace(HINT_BREAK, "\n")).strip() for cell in body.split(HINT_CELL))
            if raw[0] == HINT_ROW and hints and hints[-1].kind == "table":
                rows = (*hints[-1].rows, cells)
            else:
                rows = (cells,)
                lines.append("")
                hints.append(_PLAIN)
            hints[-1] = Hint(kind="table", rows=rows)
            # The table's words as one line of text, cells apart and rows
            # ended by ；, never run together: what metadata, search and the
            # no-loss check read (the ； keeps it from passing for a 落款 line).
            lines[-1] = "；".join("　".join(c.replace("\n", " ") for c in row if c) for row in rows)
        elif kind == "image":
            name, _, alt = body.partition(HINT_CELL)
            lines.append(_HINTED.sub("", alt).strip())
            hints.append(Hint(kind="image", src=_HINTED.sub("", name).strip()))
        elif kind == "heading":
            lines.append(_HINTED.sub("", body))
            hints.append(Hint(kind="heading", level=HINT_HEADINGS.index(raw[0]) + 1))
        else:
            lines.append(_HINTED.sub("", body))
            hints.append(Hint(kind=kind))
    return lines, hints


def _structure_hinted(text: str) -> Structured:
    """`structure` for text with layout hints: the same title block and
    outline rules, with the reader's word on headings, 落款, tables and pictures."""
    lines, hints = _hinted_lines(text)
    # The title block is read from the lines above the first table, picture
    # or heading; a heading (or Title) on the very first line may be the title.
    first = next((n for n, line in enumerate(lines) if line.strip() or hints[n].kind), len(lines))
    cut = next((n for n, hint in enumerate(hints)
                if hint.kind in ("table", "image") or (hint.kind == "heading" and n != first)), len(lines))
    head_lines = lines[:cut] + ([_HEAD_END] if cut < len(lines) else [])
    head, start, skipped = read_head(head_lines)
    start = min(start, cut)
    body_lines = skipped + lines[start:]
    body_hints = [_PLAIN] * len(skipped) + [
        Hint(kind="heading", level=1) if hint.kind == "title" else hint for hint in hints[start:]]
    blocks, byline = read_body(body_lines, hints=body_hints)
    if byline and not head.byline:
        head = replace(head, byline=byline)
    elif byline:
        blocks, _ = read_body(body_lines, credits=False, hints=body_hints)
    if not head.byline:
        credit = find_credit(blocks)
        if credit:
            head = replace(head, credit=credit)
    return Structured(head=head, blocks=tuple(blocks))


def run_in_heading(block: Block) -> tuple[str, str]:
    """A numbered block's heading and the text that follows it on the same line.

    一、紧抓防汛抗震救灾不放松。强化防汛救灾工作。… → (紧抓防汛抗震救灾不放松。, 强化…)
    """
    match = _RUN_IN.match(block.text)
    if match:
        return match["head"], match["rest"]
    return block.text, ""


def _has_hint(text: str) -> bool:
    """`_HINTED.search(text)`, by a substring search per hint: each is a
    fast scan for one character, where the class is tried at every position."""
    for hint in HINT_CHARS:
        if hint in text:
            return True
    return False


def structure(text: str) -> Structured:
    if _has_hint(text):
        return _structure_hinted(text)
    lines = text.split("\n")
    head, start, skipped = read_head(lines)
    blocks, byline = read_body(skipped + lines[start:])
    if byline and not head.byline:
        head = replace(head, byline=byline)
    elif byline:
        # The head has its credit already: the other stays text.
        blocks, _ = read_body(skipped + lines[start:], credits=False)
    if not head.byline:
        credit = find_credit(blocks)
        if credit:
            head = replace(head, credit=credit)
    return Structured(head=head, blocks=tuple(blocks))


# Where a credit sits inside the text: near a lead's start (本报拉萨讯（记者 …）),
# or closing the last paragraph (…。（记者 …）（完）).
_LEAD_CREDIT_WITHIN = 30
_CLOSING_CREDIT = re.compile(r"[（(](?P<credit>[^（）()]{2,40})[）)](?:[（(]完[）)])?$")


_NAMES_ONLY = re.compile(_NAMES)


def find_credit(blocks: tuple[Block, ...] | list[Block]) -> str:
    """A credit in brackets inside the text (not on a line of its own)."""
    if not blocks:
        return ""
    lead = CREDIT.search(blocks[0].text[:_LEAD_CREDIT_WITHIN + 40])
    if lead and lead.start() <= _LEAD_CREDIT_WITHIN:
        return lead.group()
    closing = _CLOSING_CREDIT.search(blocks[-1].text)
    if closing:
        inner = closing["credit"]
        if CREDIT.fullmatch(f"（{inner}）") or _NAMES_ONLY.fullmatch(inner):
            # （尹岩）, （薄克国 李新伟 徐光亮）: names alone close a news item.
            if all(2 <= len(n) <= 4 for n in re.split(r"[ 、，,]+", _ROLE_WORD.sub(" ", inner).strip()) if n):
                return f"（{inner}）"
    return ""


def byline_names(byline: str) -> tuple[str, ...]:
    """The people a credit names, writers first: 记者 王观博 李敏 通讯员 尹岩 →
    (王观博, 李敏, 尹岩); （责任编辑：张三） → (张三,).  Not an organisation in
    brackets, an outlet, nor a place with 报道; reviewers (审核) are left out."""
    text = byline.strip().strip("（）()")
    match = CREDIT.search(f"（{text}）")
    body = match["credit"] if match else text
    body = re.sub(r"[：:]", " ", body)
    names: list[str] = []
    parts = _ROLE_WORD.split(body)
    if len(parts) > 1:
        parts = parts[1:]  # before the first role: an outlet (大众网·海报新闻), never a name
    for part in parts:
        for token in re.split(r"[ 、，,/／]+", part.strip()):
            token = token.strip("·・ ")
            if 2 <= len(token) <= 4 and not _NOT_A_NAME.search(token) and token not in names:
                names.append(token)
    return tuple(names)
