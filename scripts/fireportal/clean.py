"""Clean: text → text, as an ordered list of small named cleanups.

Each cleanup returns the new text and how many changes it made, so
`fireportal inspect` can say which fired.  Each is idempotent (the tests
check it with hypothesis): running the pipeline on its own output changes
nothing.  Only two cleanups remove Chinese characters, and only the ones
they document: `drop_page_furniture` (页码 lines such as 第3页) and
`drop_web_furniture` (a web page's breadcrumbs, publication line, controls
and footers), whose lines `clean` keeps in `Cleaned.removed`;
`drop_annotations` removes Latin pinyin and zhuyin, never ideographs.
"""

from __future__ import annotations

import json
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import islice
from pathlib import Path

from .model import Cleaned
from .structure import HINT_CHARS

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Full-width punctuation that sits inside Chinese text.
CJK_PUNCT = "，、。；：！？“”‘’（）《》〈〉【】…—·「」『』〔〕"
_HAN_OR_PUNCT = f"[{CJK}{CJK_PUNCT}]"


@dataclass(frozen=True, kw_only=True)
class Cleanup:
    name: str
    describe: str  # one line for `inspect` and the docs
    apply: Callable[[str], tuple[str, int]]


def _subn(pattern: re.Pattern[str], repl, text: str) -> tuple[str, int]:
    return pattern.subn(repl, text)


# --- normalise -----------------------------------------------------------

_INVISIBLE_CHARS = "\ufeff\u200b\u200c\u200d\u2060\u00ad"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")


def normalize_text(text: str) -> tuple[str, int]:
    # NFC only: NFKC would turn ，（）： into ASCII punctuation.
    fixed = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    fixed = fixed.replace("\t", " ").replace("\f", "\n").replace("\v", "\n")
    # `in` finds a character many times faster than a regex scan: most texts have none.
    invisible = 0
    if any(char in fixed for char in _INVISIBLE_CHARS):
        fixed, invisible = _INVISIBLE.subn("", fixed)
    changes = invisible + (fixed != text and not invisible)
    return fixed, int(changes)


# --- page furniture ------------------------------------------------------

_PAGE_NUMBER = re.compile(
    r"^[ \u3000]*(?:"
    r"[—–\-－]{1,2}[ \u3000]*\d{1,4}[ \u3000]*[—–\-－]{1,2}"  # — 3 —  - 3 -
    r"|第[ \u3000]*\d{1,4}[ \u3000]*页(?:[ \u3000]*[，,]?[ \u3000]*共[ \u3000]*\d{1,4}[ \u3000]*页)?"
    r"|\d{1,4}[ \u3000]*/[ \u3000]*\d{1,4}"  # 3/10
    r"|[Pp]age[ \u3000]*\d{1,4}(?:[ \u3000]*of[ \u3000]*\d{1,4})?"
    r")[ \u3000]*$",
    re.M,
)
# `_PAGE_NUMBER` after a line break (the first line is matched on its own):
# the break is a literal the regex engine skips to, where `^` is tried at
# every character.
_PAGE_NUMBER_AFTER_BREAK = re.compile("\n" + _PAGE_NUMBER.pattern.removeprefix("^"), re.M)


def drop_page_furniture(text: str) -> tuple[str, int]:
    """Page numbers on their own line, and running headers next to them.

    A running header or footer is a short line repeated at least three times,
    each time right beside a page number: that is what a PDF page break
    leaves behind, and ordinary text never looks like it.
    """
    if not (_PAGE_NUMBER.match(text) or _PAGE_NUMBER_AFTER_BREAK.search(text)):
        return text, 0  # the pattern is per line (re.M) and never spans one: one pass over the text
    lines = text.split("\n")
    is_number = [bool(_PAGE_NUMBER.match(line)) for line in lines]
    # Lines within two of a page number (not counting the number's own line),
    # marked once from the numbers rather than asked line by line.
    near = [False] * len(lines)
    for i in (i for i, number in enumerate(is_number) if number):
        for j in range(max(0, i - 2), min(len(lines), i + 3)):
            if j != i:
                near[j] = True
    repeated = Counter(
        line.strip() for i, line in enumerate(lines) if near[i] and line.strip()
    )
    furniture = {line for line, n in repeated.items() if n >= 3 and len(line) <= 40}
    kept, dropped = [], 0
    for i, line in enumerate(lines):
        if is_number[i] or (near[i] and line.strip() in furniture):
            dropped += 1
            continue
        kept.append(line)
    return "\n".join(kept), dropped


# --- whitespace ----------------------------------------------------------

# `^[ ]+|[ ]+$` (re.M), written to start with the space so the regex engine
# can skip from space to space (see _SPACE_IN_CJK).
_EDGE_SPACE = re.compile(r"[ \u3000\u00a0](?:(?<=^[ \u3000\u00a0])[ \u3000\u00a0]*|[ \u3000\u00a0]*$)", re.M)


def trim_lines(text: str) -> tuple[str, int]:
    """Leading and trailing spaces: PDF page starts and 　　 indents."""
    return _subn(_EDGE_SPACE, "", text)


# --- annotations ---------------------------------------------------------

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    rf"[aeiouv{_TONED}]{{1,4}}(?:ng|n|r)?"
)
# A pinyin annotation: one syllable in brackets right after a character,
# carrying a tone mark or a tone digit so that (xx) and (a) stay text.
# Both start with the bracket and look behind it for the character, so the
# regex engine skips from bracket to bracket (see _SPACE_IN_CJK).
_PINYIN = re.compile(
    rf"[(（](?<=[{CJK}][(（])(?=[a-z{_TONED}]*[{_TONED}]|[a-z]+[1-5][)）])"
    rf"{_SYLLABLE}[1-5]?[)）]"
)
_ZHUYIN = re.compile(r"[(（](?<=[" + CJK + r"][(（])[\u3105-\u312f\u31a0-\u31bfˊˇˋ˙]{1,5}[)）]")
# What both start with: a bracket, then a letter, a toned letter or zhuyin.
_ANNOTATION_START = re.compile(rf"[(（][a-z{_TONED}\u3105-\u312f\u31a0-\u31bfˊˇˋ˙]")


def drop_annotations(text: str) -> tuple[str, int]:
    """Inline pronunciation after a character: 支隊(duì), 會(huì), 會(ㄏㄨㄟˋ).

    Repeated until none is left, since 會(huì)(ㄏㄨㄟˋ) carries two.
    """
    if not ("(" in text or "（" in text) or not _ANNOTATION_START.search(text):
        return text, 0  # one quick scan for most texts, which have none
    total = 0
    while True:
        text, pinyin = _PINYIN.subn("", text)
        text, zhuyin = _ZHUYIN.subn("", text)
        if not pinyin + zhuyin:
            return text, total
        total += pinyin + zhuyin


# --- web-page furniture ---------------------------------------------------

# A timestamp as web pages print it: 2023-05-12 09:30:15, 2024/07/05,
# 2023年07月12日 10:44 (a 年月日 date alone is text, not a page's timestamp).
WEB_TIMESTAMP = re.compile(
    r"(?P<y>(?:19|20)\d\d)[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?:[ T]*\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|(?P<cy>(?:19|20)\d\d)年(?P<cm>\d{1,2})月(?P<cd>\d{1,2})日(?:[ ]*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
)
# Field labels of a page's metadata line; the value runs to the next label.
_WEB_LABELS = (
    "发布时间|发布日期|发表时间|更新时间|时间|日期|消息来源|信息来源|文章来源|稿件来源|来源"
    "|责任编辑|作者|记者|通讯员|编辑|初审|二审|三审|审核|审校|终审"
    "|浏览次数|浏览量|阅读量|阅读次数|阅读数|访问量|点击数|点击量|点击率|点击"
    "|字号|字体|发布者|发布人|发布机构|发布|栏目|发文字号|索引号|主题分类|分类"
    # A government portal's 信息公开 catalogue entry (GB/T 政府信息公开目录 fields).
    "|成文日期|发文机关|组配分类|体裁分类|服务对象分类|公开方式|公开时限|公开范围|有效性|主题词"
    # A site in English templates (Date:2025-3-17 10:48:50 Hits:0): the same line.
    "|Date|Hits|Views"
)
WEB_FIELD = re.compile(rf"(?P<label>{_WEB_LABELS})[ ]*[:：丨|][ ]*")
_FIELD_MARK = re.compile("[:：丨|]")  # what every WEB_FIELD holds
# Labels no document text uses as a field of its own (时间：/日期：/作者： may open
# the 时间/地点 lines of minutes, or a byline): one of these, a timestamp or
# two fields make the line a page's metadata line.
_WEB_ONLY = frozenset(
    "发布时间 发布日期 发表时间 更新时间 消息来源 信息来源 文章来源 稿件来源 来源 责任编辑 二审 三审 终审"
    " 浏览次数 浏览量 阅读量 阅读次数 阅读数 访问量 点击数 点击量 点击率 点击 字号 字体 发布者 发布人"
    " 发布机构 发布 栏目 发文字号 索引号 主题分类 成文日期 发文机关 组配分类 体裁分类 服务对象分类"
    " 公开方式 公开时限 公开范围 有效性 主题词 Hits Views".split()
)
# What is left of a web page's table layout once its cells are copied as text:
# a line of cell borders only (|||, | |, |---|).
_TABLE_RULE = re.compile(r"^[|｜][\s|｜:：\-—]*$")
_CELL_BORDER = re.compile(r"(?<=\S)[ \t]+[|｜][ \t]*$")
# Credits separated by spaces only: 编辑 郑建玲 二审 黄启艳 三审 吴森林.
_SPACED_CREDITS = re.compile(r"^(?:(?:编辑|责任编辑|记者|通讯员|初审|二审|三审|审核|终审)[ ]+[\u4e00-\u9fff]{2,4}[ ]*){2,}$")
# A forum post's or feed's own line: anmi 发表于 2024-1-27 23:01:45, 2026-01-22 发布于四川.
_STAMP = r"(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T]*\d{1,2}:\d{2}(?::\d{2})?)?"
# `(?:{_STAMP}|(?:19|20)\d\d年…日 HH:MM)`: the year both start with taken out
# in front, and written to start with a class ([12][90], the pair checked
# behind it), so the regex engine skips from one 1 or 2 to the next instead
# of trying the pattern at every character; a year of four fixed characters
# leaves the alternatives after it the same matches.
_BARE_STAMP = re.compile(
    r"[12][90](?<=19|20)\d\d(?:[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T]*\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|年\d{1,2}月\d{1,2}日[ ]*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)"
)
_STAMP_COMPANION = re.compile(r"[\u4e00-\u9fff]{1,8}|\d{1,7}")
_POSTED = re.compile(rf"^(?:\S{{1,20}}[ ]*发表于[ ]*{_STAMP}|{_STAMP}[ ]*发布于[\u4e00-\u9fff]{{0,6}})$")
_BREADCRUMB = re.compile(
    r"^(?:(?:您|你)?(?:现在|当前)?的?(?:所在)?位置[ ]*[:：]"  # 当前位置：首页 > 消防新闻
    # 当前所在：首页 > 应急管理 > …: the same label without its 位置; a
    # sentence never opens with 当前所在 and a colon, a page's trail does.
    r"|(?:您|你)?(?:现在|当前)所在[ ]*[:：]"
    r"|(?:网站)?首页[ ]*(?:[>＞»›→/]|&gt;))"  # 首页>正文
)
_CRUMB_SEPARATORS = re.compile(r"(?:>>|[>＞»›])")
# Page controls, share bars and QR-code captions: a line made of these words only.
_CONTROL_WORDS = (
    "打印本页|打印此页|打印文章|打印|关闭窗口|关闭本页|关闭|加入收藏|收藏本页|收藏|返回顶部|返回首页|返回"
    "|加大字体|缩小字体|默认字体|字体|字号|大|中|小|T|功能栏|上一版|下一版|分享到|分享|扫一扫|微信扫一扫"
    "|手机扫一扫|扫码|微信二维码|二维码|手机版|查看更多评论|推荐阅读|相关阅读|相关推荐|相关文章|热门推荐"
    "|猜你喜欢|阅读原文|点赞|在看|评论|打开网易新闻|查看精彩图片|微信|微博|QQ空间|QQ|搜本站|搜平台|站内搜索|搜索"
    # A government portal's column names, alone on a line above the article.
    "|政府信息公开|政务公开|信息公开目录|信息公开"
    # Accessibility and elderly-mode switches of government sites (适老化改造).
    "|开启无障碍|无障碍浏览|无障碍阅读|无障碍|开启长者助手|长者助手|长者模式|关怀版|关爱版|适老版|读屏|智能问答"
)
_CONTROL_SEPARATORS = r"\s|｜/·:：\[\]【】<>＜＞()（）-"
_CONTROLS = re.compile(rf"^(?:[{_CONTROL_SEPARATORS}]*(?:{_CONTROL_WORDS}))+[{_CONTROL_SEPARATORS}]*$")
# A line _CONTROLS takes once its timestamps are out is made of the control
# words' characters and separators: with the timestamps, of those and a
# timestamp's (WEB_TIMESTAMP's digits, - / . : ： T 年 月 日 and spaces).  A
# line made of anything else is not asked (nor are its timestamps taken out).
_CONTROL_LINE = re.compile(
    r"[\d\-/.:：T年月日 " + re.escape("".join(sorted(set(_CONTROL_WORDS) - {"|"}))) + _CONTROL_SEPARATORS + "]+"
)
# A control followed by what it points at: 上一篇：…, 查看完整版本：…, 页: [1].
_CONTROL_LEAD = re.compile(
    r"^(?:(?:上一篇|下一篇|上一条|下一条|查看完整版本|分享到|扫一扫|微信扫一扫|手机扫码|扫描二维码)[ ]*[:：]?.{0,40}"
    # 页: [1] [2], never a line that merely starts with 页 (页珍藏版…).
    r"|页[ ]*[:：][ ]*[\[【(（]?\d.{0,40}"
    # A video player's prompt left as a line (▲点击播放视频, 点击查看视频): the
    # page's caption of its player, never a headline or a sentence of the text.
    r"|[▲►▶△▷]?[ ]*点击(?:播放|查看|观看)视频[ ]*[▲►▶▼]?"
    # A QR code's caption naming its app or account (抖音二维码, 官方微信二维码,
    # 公众号二维码): a page's picture label; a document names a QR code in a
    # sentence, never in a line of a few characters ending with the word.
    r"|[^\s，,。；;：:！!？?、]{1,6}二维码"
    # A site's banner for old browsers (IE版本过低，…请升级IE版本！建议使用ie11…,
    # 您的浏览器版本过低…): the page speaks to its reader's browser, which no
    # document of the genre does, so a line opening so is the page's.
    r"|(?:您的|你的|当前)?(?:IE|ie|浏览器)(?:浏览器)?版本(?:过低|太低|较低|过旧|太旧).{0,80}"
    # A site's greeting at the top of its pages (欢迎来到住建法治网！, 您好，欢迎访问
    # 某某人民政府！): the site welcomes its visitor to itself; a document of
    # the genre never greets its reader so on a line of its own, and the
    # line must end with what names a site (网, 网站, 门户, 政府, 文库, 平台).
    r"|(?:您好[ ]*[,，!！]?[ ]*)?欢迎(?:来到|访问|光临|进入)[^，,。；;：:！!？?\s]{1,30}?"
    r"(?:网|网站|官网|门户|政府|文库|平台|主页)[ ]*[!！。.]?)$"
)
# Footers: copyright, registration and contact lines of a site.  Every word
# that may stand anywhere starts with a literal character, so the regex
# engine collects those characters and skips from one to the next (a leading
# lookahead, or a ^ among the words, makes it try every position); the two
# that open a line are matched at its start apart (`_has_footer`).
_FOOTER_WORDS = re.compile(
    r"版权所有|版权声明|Copyright|copyright|©|ICP备|ICP证|公网安备|网站标识码|网站备案|主办单位|承办单位"
    r"|技术支持[:：]|网站地图|联系我们|免责声明|投稿邮箱|本文地址|本文链接|原文链接"
    r"|转载请注明|不得转载|不代表本站|仅代表作者|官方网站[:：]|制作、?维护|点击蓝字|点击上方|关注我们"
)
_FOOTER_OPENING = re.compile(r"主办[:：]|承办[:：]")
# A document-sharing site's preface: 下面是小编为大家整理的…，供大家参考。
# Written as the footer's words are, the opening that needs the line's start apart.
_PREFACE_WORDS = re.compile(r"小编|供大家参考|仅供参考|欢迎阅读|希望对(?:你|您|大家)有(?:所)?帮助")
_PREFACE_OPENING = re.compile(r"(?:下面|以下)(?:是|为).{0,60}(?:整理|收集|分享|推荐|精选|提供)")


def _has_footer(text: str) -> bool:
    """Whether a line holds a footer's words (a search of the words anywhere, or at the start)."""
    return bool(_FOOTER_WORDS.search(text) or _FOOTER_OPENING.match(text))


def _has_preface(text: str) -> bool:
    return bool(_PREFACE_WORDS.search(text) or _PREFACE_OPENING.match(text))


_WEB_LINE_MAX = 120


def _web_meta_line(line: str) -> bool:
    """A page's metadata line: 2023-05-12 09:30:15 来源：某某日报 / 来源：支队 作者：支队 时间：…"""
    body = line.strip(" -▌|·•")
    # The `in` tests only skip a regex that could not match: each names
    # something the pattern requires (发表于/发布于, the 19xx/20xx of a year,
    # a field's colon).
    if ("发表于" in body or "发布于" in body) and _POSTED.match(body) or _SPACED_CREDITS.match(body):
        return True
    has_year = "19" in body or "20" in body
    # 2023年5月6日 alone is how documents write dates (时间：2023年5月6日 in minutes).
    stamp = _BARE_STAMP.search(body) if has_year else None
    # Taking timestamps out adds no field mark: a body without one has no
    # field, and its timestamps need not be taken out (most lines).
    rest = WEB_TIMESTAMP.sub(" ", body) if has_year and _FIELD_MARK.search(body) else body
    fields = list(WEB_FIELD.finditer(rest)) if _FIELD_MARK.search(rest) else []
    if not fields:
        # A bare timestamp line above the text: 2024-06-19, 2024/07/05 10:30,
        # perhaps with a column name or a view count (专题资讯 2020-11-10 10:16:30,
        # 2019-11-01 0); not 2025年1月15日, which is how a document writes its
        # own date (落款).
        if not stamp:
            return False
        around = (body[: stamp.start()] + body[stamp.end():]).strip()
        return not around or bool(_STAMP_COMPANION.fullmatch(around))
    if rest[: fields[0].start()].strip():
        return False  # text before the first label: a sentence, not a field list
    ends = [f.start() for f in fields[1:]] + [len(rest)]
    if any(len(rest[f.end():end].strip()) > 40 for f, end in zip(fields, ends)):
        return False
    labels = {f["label"] for f in fields}
    return bool(labels & _WEB_ONLY) or stamp is not None or len(fields) >= 2


def _is_crumb_trail(text: str) -> bool:
    """首页 > 消防新闻 > 本地新闻: three or more short names joined by > or ».

    A trail may end with its separator (工作总结 > 安全生产总结 >): the page
    puts the current article after it, on the next line or nowhere.  Two
    separators are asked of it all the same, and no sentence or title ends
    with a > or »: two names and a closing separator are a trail too."""
    if "<" in text or len(text) > 60:
        return False
    if not (">" in text or "＞" in text or "»" in text or "›" in text):
        return False  # no separator (most lines): each `in` is a fast scan, where counting them is not
    if sum(map(text.count, ">＞»›")) < 2:
        return False  # three names need two separators, each holding one of these
    names = [n.strip() for n in _CRUMB_SEPARATORS.split(text)]
    closed = not names[-1]
    if closed:
        names.pop()  # the separator closing the trail
    return len(names) >= (2 if closed else 3) and all(0 < len(n) <= 12 for n in names)


def is_web_furniture(line: str) -> bool:
    """Whether a line is a web page's furniture rather than the document's text."""
    text = line.strip()
    if not _may_be_furniture(text):
        return False
    if _TABLE_RULE.match(text):
        return True
    # The words are matched in simplified characters, whatever order the
    # cleanups run in (來源 is 来源).
    return _furniture_words(t2s(text))


def _may_be_furniture(text: str) -> bool:
    """A stripped line short enough to be furniture and not marked as the
    document's own: a line the .docx reader marked (a table row, a heading)
    or an outline item is the text."""
    return bool(text) and len(text) <= _WEB_LINE_MAX and not OUTLINE_START.match(text) and text[:1] not in HINT_CHARS


# The two rules that read a line's start, asked in one match.
_LEADS = re.compile(f"{_BREADCRUMB.pattern}|{_CONTROL_LEAD.pattern}")


# A line of picture file names alone (微信图片_20201214115045 - 副本.jpg,
# 9.11.JPG): what a page shows as a picture, copied as its name.  No sentence
# punctuation, so a line that refers to a file in words (详见附件：照片.jpg) stays.
_PICTURE_NAMES = re.compile(r"[^，。：；！？:;!?]{1,80}?\.(?:jpe?g|png|gif|bmp|webp)"
                            r"(?:\s+[^，。：；！？:;!?]{1,80}?\.(?:jpe?g|png|gif|bmp|webp))*", re.I)


def _furniture_words(text: str) -> bool:
    """The word rules of `is_web_furniture`, on a line in simplified characters."""
    if _LEADS.match(text) or _is_crumb_trail(text):
        return True  # a breadcrumb, or a control followed by what it points at
    if _PICTURE_NAMES.fullmatch(text):
        return True
    # WEB_TIMESTAMP needs the 19/20 of a year: without one the line is as it is.
    controls = _CONTROL_LINE.fullmatch(text) is not None
    bare = WEB_TIMESTAMP.sub("", text) if controls and ("19" in text or "20" in text) else text
    if controls and _CONTROLS.match(bare) or _web_meta_line(text):
        return True
    return _has_footer(text) or (len(text) <= 100 and _has_preface(text))


def _simplified_lines(lines: list[str]) -> list[str]:
    """OpenCC's t2s of each line, in one call for all of them (a call costs as
    much as converting a short line).  No dictionary entry holds a line
    break, so a line converts in the joined text as it does alone."""
    return t2s("\n".join(lines)).split("\n") if lines else []


def _is_breadcrumb(text: str) -> bool:
    """`text`: a stripped line in simplified characters."""
    return bool(text) and len(text) <= _WEB_LINE_MAX and bool(_BREADCRUMB.match(text) or _is_crumb_trail(text))


# `_page_header_end` reads at most this many non-blank lines.
_HEADER_LINES = 5
# What every line `_is_breadcrumb` takes holds (&gt; holds the &).
_CRUMB_MARK = re.compile("[:：>＞»›→/&]")


def _page_header_end(texts: list[str], head: list[str]) -> int:
    """Index of a breadcrumb among a page's first lines when only short lines
    (a site's name, slogan, menu) stand above it, else 0.  Above where the
    page says 您现在的位置 there is the site, never the document.

    `texts`: the stripped lines; `head`: the first _HEADER_LINES non-blank
    ones in simplified characters."""
    seen = 0
    for number, text in enumerate(texts):
        if not text:
            continue
        if _is_breadcrumb(head[seen]):
            return number
        seen += 1
        if seen >= _HEADER_LINES or len(text) > 40 or OUTLINE_START.match(text) or text[:1] in HINT_CHARS:
            return 0
    return 0


# A contact line of a company's or site's card: 联系人：…, 电话：…, 传真：…,
# 工厂地址：… (a label, a colon, a short value).  The labels in both scripts
# (聯繫人, 電話, 傳真): the lines are read before t2s.
_CONTACT_LINE = re.compile(
    r"(?:联系人|聯繫人|聯系人|聯絡人|联系电话|聯繫電話|联系方式|聯繫方式|电话|電話|手机|手機|座机|座機|热线|熱線|传真|傳真"
    r"|[\u4e00-\u9fff]{0,4}地址|邮编|郵編|邮箱|郵箱|E-?mail|QQ|微信|网址|網址)"
    r"[ ]*[:：][ ]*\S.{0,60}", re.I)
# How many such lines make a card: one or two are what a notice's closing
# lines hold (联系人：…, 电话：…); three in a row opening the text are a card.
_CARD_LINES = 3


def _contact_card_end(texts: list[str]) -> int:
    """Index after a run of contact lines opening the text (联系人 / 电话 /
    传真 / 地址 …), else 0.  A document of the genre gives its contacts at
    its end, under the text they serve; a run of them above everything
    else is a company's or site's card that the page puts over the article,
    never the document's title or lead.

    `texts`: the stripped lines."""
    run, end = 0, 0
    for number, text in enumerate(texts):
        if not text:
            continue
        if not _CONTACT_LINE.fullmatch(text):
            break
        run, end = run + 1, number + 1
    return end if run >= _CARD_LINES else 0


def drop_web_furniture(text: str) -> tuple[str, int]:
    """Lines a web page puts around a document: breadcrumbs, the publication
    line (time, 来源, 作者, 浏览次数), font/print/share controls, QR-code
    captions, copyright footers, document-sharing prefaces and pictures'
    file names.

    Never the title, unit or body: each rule needs a whole line made of the
    page's own words.  What the metadata line said (publication time, author,
    outlet) is read from the removed lines by the metadata stage.
    """
    lines = text.split("\n")
    texts = [line.strip() for line in lines]
    # _may_be_furniture(t), inlined: it is asked of every line of every text.
    numbers = [number for number, t in enumerate(texts)
               if t and len(t) <= _WEB_LINE_MAX and t[:1] not in HINT_CHARS and not OUTLINE_START.match(t)]
    # The lines whose words are read, in simplified characters, converted together.
    head = [t for t in texts if t][:_HEADER_LINES]
    simplified = _simplified_lines(head + [texts[number] for number in numbers])
    # A breadcrumb holds a field's or a crumb's mark (位置：, 首页 >, a » b » c).
    header = _page_header_end(texts, simplified) if _CRUMB_MARK.search("\n".join(simplified[:len(head)])) else 0
    header = max(header, _contact_card_end(texts))
    # is_web_furniture(line) of each candidate, with the line converted above.
    furniture = {number for number, line in zip(numbers, simplified[len(head):])
                 if _TABLE_RULE.match(texts[number]) or _furniture_words(line)}
    cells = "|" in text or "｜" in text
    if not header and not furniture and not cells:
        return text, 0  # most texts: nothing to take off
    kept, dropped = [], 0
    for number, (line, stripped) in enumerate(zip(lines, texts)):
        # A removed line leaves a blank one: what stood on either side of it
        # was not adjacent (a heading under a share bar is no title's deck),
        # whether or not the source had blank lines (a PDF or .docx has none).
        if number < header and stripped:
            dropped += 1  # the site's name, slogan and menus above the breadcrumb
            kept.append("")
            continue
        if number in furniture:
            dropped += 1
            kept.append("")
            continue
        if "|" not in line and "｜" not in line:
            kept.append(line)  # no cell border to take off
            continue
        # A copied table cell's closing border (全市消防工作会议召开 |), when it
        # is the line's only one; a line with several is a table, kept whole.
        bare = _CELL_BORDER.sub("", line)
        if bare != line and not re.search("[|｜]", bare) and line.strip()[:1] not in HINT_CHARS:
            dropped += 1
            line = bare
        kept.append(line)
    return "\n".join(kept), dropped


# --- traditional → simplified -------------------------------------------


@cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


# What a text must hold for t2s to change it, made from OpenCC's dictionaries
# by tests/opencc_gate.py (which says why it is exact).
_T2S_GATE = Path(__file__).parent / "data" / "t2s_gate.json"


def _gate_class(characters: str) -> str:
    """A regex character class holding `characters`, every surrogate and
    everything between the first and the last character beyond the BMP.

    The surrogates are there because OpenCC's wrapper encodes a text to UTF-8
    first: a lone surrogate raises there, and must raise here too.  Beyond the
    BMP a span stands in for the characters themselves (a superset, so the
    gate stays exact): `re` keeps the BMP members of a class in a bitmap but
    tries the others one by one, and 900 of them made the search 200 times
    slower on every character of a text."""
    bmp = "".join(sorted(c for c in characters if c <= "\uffff"))
    astral = [c for c in characters if c > "\uffff"]
    span = f"{min(astral)}-{max(astral)}" if astral else ""
    return f"[{re.escape(bmp)}\\ud800-\\udfff{span}]"


@dataclass(frozen=True)
class _Gate:
    characters: re.Pattern[str]  # the gate's characters, as one class
    in_phrases: frozenset[str]  # those of them that stand in a phrase
    phrases: re.Pattern[str]
    reach: int  # a phrase holding a character at i lies within i - reach .. i + reach


def _opencc_version() -> str:
    """The release of the OpenCC module imported: its own `__version__`.

    Asked of the module rather than of the installed distributions
    (`importlib.metadata`), which scans the whole path and cost a warm
    ingest with one changed file an eighth of its time; the module is also
    what converts, so its word is the one the gate must match."""
    import opencc

    version = getattr(opencc, "__version__", None)
    if isinstance(version, str):
        return version
    from importlib.metadata import version as installed

    return installed("opencc")


@cache
def _t2s_gate() -> _Gate | None:
    """The gate, or None (every text goes to OpenCC) when the installed OpenCC
    is not the release the gate file was made from: another release's
    dictionaries may replace characters the file does not list, and a build
    whose dependencies were upgraded without running the tests must not
    leave them unconverted."""
    gate = json.loads(_T2S_GATE.read_text("utf-8"))
    if gate.get("opencc") != _opencc_version():
        return None
    characters, phrases = "".join(gate["characters"]), gate["phrases"]
    return _Gate(characters=re.compile(_gate_class(characters)),
                 in_phrases=frozenset(characters).intersection("".join(phrases)),
                 phrases=re.compile("|".join(map(re.escape, phrases))),
                 reach=max(map(len, phrases)) - 1)


def _may_change(text: str) -> bool:
    """Whether t2s could change `text`: it holds a character of the gate that
    stands in no phrase (one t2s replaces), or a phrase t2s replaces.  Every
    phrase holds one of the gate's characters, so a phrase is looked for only
    around those."""
    gate = _t2s_gate()
    if gate is None:
        return True
    for found in gate.characters.finditer(text):
        if found.group() not in gate.in_phrases:
            return True
        at = found.start()
        if gate.phrases.search(text, max(0, at - gate.reach), at + gate.reach + 1):
            return True
    return False


def t2s(text: str) -> str:
    """OpenCC's t2s of `text`.

    A text that t2s cannot change is returned without calling OpenCC: the
    search that tells costs about a third of a call, and most texts are
    simplified already."""
    return _converter().convert(text) if _may_change(text) else text


def to_simplified(text: str) -> tuple[str, int]:
    """Traditional → simplified with OpenCC's t2s, to a fixed point."""
    converted = text
    for _ in range(3):  # t2s maps a few characters in two steps
        again = t2s(converted)
        if again == converted:
            break
        converted = again
    if converted == text:
        return text, 0  # most texts are simplified already: no pass over their characters
    changed = sum(map(operator.ne, text, converted)) + abs(len(text) - len(converted))
    return converted, changed


# --- punctuation ---------------------------------------------------------

_SPACES = re.compile("[ \u3000\u00a0]")
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
# Half-width mark touching a Chinese character or full-width mark on either
# side; `:` only before, and not before a time (时间:10:30), so 10:30 and URLs
# keep theirs.  A comma after Chinese is Chinese whatever follows (工作,12月14日).
# `(?<=HAN_OR_PUNCT)[ ]*(?:[,;!?]|:(?![0-9]{2}))|[,;!?](?=[ ]*HAN_OR_PUNCT)`,
# written to start with the space or mark it matches, so that the regex
# engine skips from one to the next (see _SPACE_IN_CJK): after a space, or
# after a mark, that follows Chinese; or a mark that Chinese follows.
_HALF_PUNCT = re.compile(
    rf"[ ,;!?:](?:(?<={_HAN_OR_PUNCT}[ ])[ ]*(?:[,;!?]|:(?![0-9]{{2}}))"
    rf"|(?<={_HAN_OR_PUNCT}[,;!?])|(?<={_HAN_OR_PUNCT}:)(?![0-9]{{2}})"
    rf"|(?<=[,;!?])(?=[ ]*{_HAN_OR_PUNCT}))"
)
_HALF_PARENS = re.compile(r"\(([^()\n]{0,80}?)\)")
# A full stop typed as `.` after a Chinese character (事故.现将): not 45.8 or 1.
_HALF_STOP = re.compile(rf"\.(?<=[{CJK}”’）%]\.)(?![0-9A-Za-z.])")  # the dot first: found by a fast scan


def fullwidth_punctuation(text: str) -> tuple[str, int]:
    """`,` `;` `:` `!` `?` `( )` in Chinese text become ， ； ： ！ ？ （ ）, and a
    `.` ending a Chinese sentence becomes 。"""
    count = 0

    # Brackets first: a new ） can make the mark after it Chinese context.
    def parens(match: re.Match[str]) -> str:
        nonlocal count
        inner = match.group(1)
        start, end = match.span()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if re.search(f"[{CJK}]", inner + before + after):
            count += 1
            return f"（{inner}）"
        return match.group()

    if "(" in text:  # what _HALF_PARENS starts with; most Chinese text has （ only
        text = _HALF_PARENS.sub(parens, text)

    def punct(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return _HALF_TO_FULL[match.group().strip()]

    if "." in text:  # what _HALF_STOP matches
        text, stops = _HALF_STOP.subn("。", text)
        count += stops
    # A run such as 消,, converts one mark per pass: each pass makes the next
    # mark's neighbour full width.
    while True:
        converted = _HALF_PUNCT.sub(punct, text)
        if converted == text:
            return text, count
        text = converted


_SEPARATORS = "，、；：。！？"
_RUN = re.compile(f"[{_SEPARATORS}](?:[ \u3000\u00a0]*[{_SEPARATORS}])+")


def collapse_punctuation(text: str) -> tuple[str, int]:
    """Doubled or stacked marks (，， ，、 ，； ，。) keep one.

    A run that holds a sentence end keeps that end; otherwise the last mark
    wins, because the stray one is the comma typed before the real mark.
    """

    def one(match: re.Match[str]) -> str:
        marks = _SPACES.sub("", match.group())
        for end in "。！？":
            if end in marks:
                return end
        return marks[-1]

    return _RUN.subn(one, text)


# Written to start with the space itself, the character before it checked by
# a lookbehind over both: a pattern that starts with a character class lets
# the regex engine skip to the next space, where a leading lookbehind is
# tried at every character.  It matches what
# `(?<=HAN_OR_PUNCT)[ ]+(?=HAN_PUNCT_DIGIT)|(?<=[0-9])[ ]+(?=HAN_PUNCT)` matches.
_SPACE = "[ \u3000\u00a0]"
_SPACE_IN_CJK = re.compile(
    rf"{_SPACE}(?:(?<={_HAN_OR_PUNCT}{_SPACE}){_SPACE}*(?=[{CJK}{CJK_PUNCT}0-9])"
    rf"|(?<=[0-9]{_SPACE}){_SPACE}*(?=[{CJK}{CJK_PUNCT}]))"
)


# A credit keeps the spaces between its names (记者 王观博 李敏 通讯员 尹岩):
# they are the only thing that tells 王观博 李敏 from 王观 博李敏.
# A magazine credits text and pictures at once: 文图 陈伟 赵仁澜, 文/图 张三.
_CREDIT_ROLE = r"(?:记者|通讯员|采访人员|作者|摄影|责任编辑|责编|编辑|文图|[文图][/／][文图])"
_CREDIT_SPAN = re.compile(
    rf"[（(][^（）()\n]{{0,8}}{_CREDIT_ROLE}[：: \u3000][^（）()\n]{{2,60}}[）)]"
    rf"|^[^\n。，；！？]{{0,20}}{_CREDIT_ROLE}[ \u3000][{CJK}·・ \u3000/／、]{{2,60}}$"
    # names alone closing a news item: …。（薄克国 李新伟 徐光亮）（完）
    rf"|[（(][{CJK}]{{2,4}}(?:[ \u3000][{CJK}]{{2,4}})+[）)](?=(?:[（(]完[）)])?$)"
    # or right after a dateline's 讯/电/消息: 本报讯（王杰学 苏延斌）
    rf"|(?:(?<=[讯电])|(?<=消息)|(?<=[讯电][ \u3000])|(?<=消息[ \u3000]))"
    rf"[（(][{CJK}]{{2,4}}(?:[ \u3000][{CJK}]{{2,4}})+[）)]",
    re.M,
)


def drop_cjk_spaces(text: str) -> tuple[str, int]:
    """Spaces between Chinese characters, and between them and digits (2024 年);
    not between the names of a credit (（记者 王观博 李敏）).

    Line by line, and only on lines with such a space: a space, the
    characters either side of it and every credit lie within one line, so
    the credits of other lines change nothing (finding them was most of the
    time this took).  The lines are found by searching the whole text from
    the end of the last one done, not asked one by one."""
    found = _SPACE_IN_CJK.search(text)
    if not found:
        return text, 0
    out, count, at = [], 0, 0
    while found:
        start = text.rfind("\n", 0, found.start()) + 1
        end = text.find("\n", found.end())
        end = len(text) if end < 0 else end
        fixed, n = _drop_spaces_outside_credits(text[start:end])
        out += [text[at:start], fixed]
        count += n
        at = end
        found = _SPACE_IN_CJK.search(text, end)
    out.append(text[at:])
    return "".join(out), count


# What every credit holds: a bracket (the first and last forms of
# _CREDIT_SPAN) or a role (the second).
_CREDIT_SIGN = re.compile(rf"[（(]|{_CREDIT_ROLE}")


def _drop_spaces_outside_credits(text: str) -> tuple[str, int]:
    if not _CREDIT_SIGN.search(text):
        return _SPACE_IN_CJK.subn("", text)  # no credit to keep: most lines
    out, count, at = [], 0, 0
    for credit in _CREDIT_SPAN.finditer(text):
        fixed, n = _SPACE_IN_CJK.subn("", text[at:credit.start()])
        out += [fixed, credit.group()]
        count += n
        at = credit.end()
    fixed, n = _SPACE_IN_CJK.subn("", text[at:])
    return "".join([*out, fixed]), count + n


# --- hard line breaks ----------------------------------------------------

# A line that starts one of these is never the tail of the line before.
OUTLINE_START = re.compile(
    r"^[ \u3000\u00a0]*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]"
    r"|\d{1,2}[、.．](?!\d)|[（(]\d{1,2}[）)]|[①-⑳])"
)
# A line ending in one of these ends its paragraph, in typed and PDF text
# alike: a sentence end, possibly inside closing quotes or brackets (。” ！）).
_ENDS_PARAGRAPH = re.compile(r"(?:[。！？；：…!?;:]|(?<![0-9A-Za-z])\.)[”’」』）)》\"]*$")
_CLOSERS = "”’」』）)》\""
_PARAGRAPH_ENDS = frozenset("。！？；：…!?;:")
_LATIN_OR_DIGIT = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _ends_paragraph(line: str) -> bool:
    """`_ENDS_PARAGRAPH.search(line)` for a line without a line break, read
    from its end: the regex is tried at every mark along a long line."""
    body = line.rstrip(_CLOSERS)
    if not body:
        return False
    last = body[-1]
    return last in _PARAGRAPH_ENDS or (last == "." and body[-2:-1] not in _LATIN_OR_DIGIT)


# A unit-and-date line or a 落款 date ends with the day: 2025年3月12日.
_ENDS_WITH_DATE = re.compile(r"(?:\d{4}|[〇○零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日$")
# A responsibility note closes its block: （责任处室：…） at the end of a line.
_ENDS_WITH_NOTE = re.compile(r"[（(]责任[^（()）]{1,8}[：:][^（()）]{1,80}[）)][。；]?$")
_NOTE_ENDS = ("）", ")", "。", "；")  # the last character of any _ENDS_WITH_NOTE match
# A numbered line without a sentence inside is a heading, not a run-in
# paragraph (a heading may end with a full stop: 二、加强执勤战备，提升实战能力。).
_SENTENCE_INSIDE = re.compile(r"[。！？；!?;](?!$)")
# Prose has a clause mark every dozen characters or so; a heading may have none.
_CLAUSE = re.compile(r"[，、；。：,;:]")
# A subtitle or attribution line opens with a dash; wrapped prose never does.
_DASH_START = re.compile(r"^[ \u3000\u00a0]*[—─－-]{2}")
# A paragraph's first-line indent (two characters, GB/T 9704), as a PDF's
# text export keeps it: two or more spaces or a full-width one.  A single
# space is what a PDF leaves at a page start, and tells nothing.
_INDENT = re.compile(r"^(?:\u3000|[ \u00a0]{2,})")



def _narrow_class(lowest: int = 0) -> re.Pattern[str]:
    # Below U+1100, the characters East Asian fonts draw wide are the
    # ambiguous-width ones GB2312 encodes in two bytes: pinyin letters with
    # tone marks (à ǐ ü), Greek, Cyrillic, × ÷ ° ±.
    narrow = [chr(c) for c in range(lowest, 0x1100) if unicodedata.east_asian_width(chr(c)) not in ("A", "W", "F")]
    ranges, start = [], None
    for c in [*map(ord, narrow), None]:
        if start is None:
            start = prev = c
        elif c is not None and c == prev + 1:
            prev = c
        else:
            ranges.append(f"\\u{start:04x}" + (f"-\\u{prev:04x}" if prev != start else ""))
            start = prev = c
    return re.compile("[" + "".join(ranges) + "]")


# Every ASCII character is narrow: they are counted apart, by an encoder,
# which is many times faster than a regex that finds each one.
_NARROW_BEYOND_ASCII = _narrow_class(0x80)
# A run a word processor keeps on one line: Latin letters, digits and the
# marks inside numbers, times and addresses (2024, 10:30, 34.5%, font-size:).
_LEADING_WORD = re.compile(r"[!-~\u00c0-\u024f]+")


@lru_cache(maxsize=1 << 12)  # a text's lines; a few MB at most
def display_width(line: str) -> int:
    """Columns on a page: Chinese characters and marks (“ ” … —) take two.

    Everything from U+1100 (Hangul, CJK, general punctuation) counts as wide,
    and below it the ambiguous-width letters and signs (à ǐ ü × °): that is
    what Chinese fonts do with them.  It is a regex count because a
    per-character unicodedata lookup was 65 % of the cleaning time, and
    cached because wrap detection measures every line several times.
    """
    if line.isascii():
        return len(line)
    ascii_chars = len(line.encode("ascii", "ignore"))
    return 2 * len(line) - ascii_chars - len(_NARROW_BEYOND_ASCII.findall(line))


@dataclass(frozen=True, kw_only=True)
class Wrap:
    """How a text was hard-wrapped: the measure, the margin and its tolerance.

    A PDF wraps at a physical width (digits are narrow), and a line may stop
    short of it: a paragraph's first line is indented, some marks may not
    start a line.  A program wraps at a count of characters, exactly.
    """

    measure: Callable[[str], int]
    width: int
    slack: int  # how far short of the margin a wrapped line may stop
    hang: int  # how far past it a closing mark may hang
    tolerance: int = 0  # how far short still counts as at the margin (a narrow character)

    def full(self, line: str) -> bool:
        return self.width - self.slack <= self.measure(line) <= self.width + self.hang

    def at_margin(self, line: str) -> bool:
        return self.measure(line) >= self.width - self.tolerance


# Display columns: a page narrower than 20 columns is a list, not wrapped prose.
_MIN_COLUMNS = 20
# (measure, narrowest margin, slack, hang) for a PDF's page and a program's count.
_MEASURES = ((display_width, _MIN_COLUMNS, 6, 2), (len, _MIN_COLUMNS // 2, 3, 1))
# How far short of the margin a full line may stop, or past it hang, at most.
_REACH = max(slack + hang for _, _, slack, hang in _MEASURES)


def _margin(sizes: list[int], narrowest: int) -> tuple[int, int]:
    """The most common size among long lines (wider wins a tie), and how many lines have it."""
    counts = Counter([s for s in sizes if s >= narrowest])
    if not counts:
        return 0, 0
    width = max(zip(counts.values(), counts))[1]  # by count, then by size
    # Lines a column or two short of the margin (a narrow character, a mark
    # that would not fit) can outnumber those at it: the margin is the widest
    # size that many lines still reach.
    for wider in (width + 1, width + 2):
        if counts[wider] >= max(2, 0.2 * counts[width]):
            width = wider
    return width, counts[width]


def _mechanical(content: list[str], wrap: Wrap) -> bool:
    """Whether a program wrapped the text, cutting every line at the margin.

    A PDF's lines also stop a little short of its margin and go on: first
    lines are indented, some marks may not start a line.  Lines a program
    left short of its margin are paragraph ends (。) and headings.  So: are
    there lines short of the margin that read as prose going on?
    """
    tolerance = int(wrap.measure is display_width)  # a narrow character can leave a column
    sizes = [wrap.measure(line) for line in content]
    at_margin = sum(1 for size in sizes if wrap.width - tolerance <= size <= wrap.width)
    going_on = sum(
        1 for line, size in zip(content, sizes)
        if wrap.width - wrap.slack <= size < wrap.width - tolerance
        and not _ends_paragraph(line) and not _is_heading(line) and _CLAUSE.search(line)
    )
    return at_margin >= 3 and going_on <= 0.05 * at_margin


def detect_wrap(lines: list[str]) -> Wrap | None:
    """How the text was hard-wrapped, or None when it has a paragraph per line.

    The evidence that holds for PDF text and typed text alike:

    - wrapped text has a margin: many lines of the same, largest width, and
      almost no line wider (typed paragraphs run far past any "margin" that
      a few equal-length headings seem to make);
    - most of those full lines are prose that stops mid-sentence, not
      numbered headings (对仗式标题 are often of equal length).
    """
    content = [line for line in lines if line.strip()]
    return _wrap_by_margin(content) or _wrap_by_indents(content)


def _wrap_by_indents(content: list[str]) -> Wrap | None:
    """A text of short paragraphs (a list, a notice, a budget report) where
    few lines reach the margin: wrapped all the same when its widest lines
    (no line passes them) are each carried on by a flush line while the other
    lines are indented, the mark of indented paragraphs (GB/T 9704) cut at a
    margin.  Typed text indents all its lines or none."""
    indented = sum(1 for line in content if _INDENT.match(line))
    if indented < 3:
        return None  # the same for either measure: no need to measure
    for measure, narrowest, _, _ in _MEASURES:
        tolerance = int(measure is display_width)
        width = max(map(measure, content), default=0)
        if width < narrowest:
            continue
        wrap = Wrap(measure=measure, width=width, slack=tolerance, hang=0, tolerance=tolerance)
        full = [line for line in content if wrap.full(line)]
        after, flush = _flush_after_full(content, wrap)
        if len(full) >= 3 and after >= 3 and flush == after:
            return wrap
    return None


def _wrap_by_margin(content: list[str]) -> Wrap | None:
    """A margin that many lines reach (see `detect_wrap`)."""
    # Whatever the margin, three full lines must stop mid-sentence (`prose`
    # below), and at most k = max(1, 10 %) of the lines may pass the margin
    # (`wider`): so under either measure three lines that go on must reach
    # within slack + hang of the (k + 1)th widest line.  A line's columns are
    # from len to 2 * len, so by length: the lines that cannot reach even so
    # are not looked at, and a text without three that can is not measured.
    if len(content) < 3:
        return None
    lengths = list(map(len, content))
    floor = sorted(lengths, reverse=True)[max(1, int(0.1 * len(content)))] - _REACH
    going_on = (line for line, length in zip(content, lengths)
                if 2 * length >= floor and not _ends_paragraph(line) and not _is_heading(line))
    if next(islice(going_on, 2, None), None) is None:
        return None  # fewer than three: no need to look at the others
    best: Wrap | None = None
    best_score = 0
    best_sizes: list[int] = []
    for measure, narrowest, slack, hang in _MEASURES:
        sizes = [measure(line) for line in content]
        # The right measure puts many lines at the margin (a column short of
        # it when a narrow character let the next wide one not fit) and none
        # past it.
        tolerance = int(measure is display_width)
        width, _ = _margin(sizes, narrowest)
        at_margin = sizes.count(width) + (sizes.count(width - 1) if tolerance else 0)
        score = at_margin - 3 * sum(1 for size in sizes if size > width + hang)
        if width and score > best_score:
            best_score = score
            best = Wrap(measure=measure, width=width, slack=slack, hang=hang, tolerance=tolerance)
            best_sizes = sizes
    if best is None:
        return None
    low, high = best.width - best.slack, best.width + best.hang
    if sum(1 for size in best_sizes if low <= size <= high) < 3:
        # Fewer than three full lines, with either margin below: a program's
        # margin (_mechanical) is a size from best.width to best.width + hang
        # with no more slack than `tolerance`, so its full lines are among these.
        return None
    if _mechanical(content, best):
        # One column of slack for the measure of a page: a narrow character
        # can leave a line one column short when the next one is wide.
        # A program's margin is the widest line: no line passes it, and half-
        # width marks (`,` `2024`) can make the size a column short of it
        # the commonest.
        width = max((size for size in map(best.measure, content) if size <= best.width + best.hang),
                    default=best.width)
        best = Wrap(measure=best.measure, width=width, slack=best.tolerance, hang=0,
                    tolerance=best.tolerance)
    full = [line for line in content if best.full(line)]
    wider = sum(1 for line in content if best.measure(line) > best.width + best.hang)
    prose = sum(1 for line in full if _goes_on_as_prose(line))
    if (
        len(full) < 3
        or (len(full) < 0.25 * len(content) and not _indent_signature(content, best))
        or wider > max(1, 0.1 * len(full))
        or prose < 3
        or prose < 0.5 * len(full)
    ):
        return None
    return best


def _goes_on_as_prose(line: str) -> bool:
    """A full line that is text stopping mid-sentence: no sentence end, no
    outline heading, and Chinese characters for a third of its characters
    or more (spaces not counted).

    A page's buttons copied each as a line of the same width (five lines of
    ![]() 鲜花 |: an image's markup and a cell border round two words, a
    quarter Chinese) make a margin of their own; a wrapped text of the genre
    is written Chinese, and its full lines that are mostly a link, a
    copyright line or English (a third or less) are few among the others."""
    if _ends_paragraph(line) or _is_heading(line):
        return False
    marks = len(line) - line.count(" ") - line.count("\u3000")
    return 3 * len(_CHINESE.findall(line)) >= marks


_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _is_heading(line: str) -> bool:
    return bool(OUTLINE_START.match(line)) and not _SENTENCE_INSIDE.search(line)


def _word_pushed(previous: str, line: str, wrap: Wrap, *, spaced: bool) -> bool:
    """Whether `previous` stopped short of the margin because the first word
    of `line` did not fit: a word processor moves a run of Latin letters or
    digits (2024, font-size:, 34.5万) to the next line whole.

    `spaced`: the text tells paragraphs by their indent, so a flush line
    carries a paragraph on, and a space may have stood before the word (a
    trailing space leaves with the line end); then a Chinese character that
    did not fit after such a space counts too.
    """
    rest = line.lstrip(" \u3000\u00a0")
    word = _LEADING_WORD.match(rest)
    if word:
        first = word.group()
    elif spaced:
        first = rest[:1]
    else:
        return False
    room = wrap.width - wrap.measure(previous) - (1 if spaced else 0)
    return bool(first) and wrap.measure(first) > room


def _continues(previous: str, line: str, wrap: Wrap, indents: bool = False) -> bool:
    """Whether `line` is the rest of the wrapped line `previous`.

    `indents`: the text marks each paragraph's first line with an indent
    (and `line` has none, or the caller would not ask): then a flush line
    after a full one is its rest even after a sentence end, a dash or a
    number (the next paragraph would be indented); only an outline item
    after a sentence end still opens a block.
    """
    if not wrap.full(previous):
        # Short of the margin only because the next word did not fit.
        return _word_pushed(previous, line, wrap, spaced=indents) and (indents or not _ends_paragraph(previous))
    if indents:
        return not (OUTLINE_START.match(line) and _ends_paragraph(previous))
    if OUTLINE_START.match(line) or _DASH_START.match(line):
        return False
    # An addressee or lead-in line (各支队：, 通知如下：) ends at its colon even at the margin.
    # Each pattern ends its match at the line's end, on one of the marks
    # tested first: most lines end otherwise, and no search along them is made.
    if previous.endswith(("：", ":")) or previous.endswith(_NOTE_ENDS) and _ENDS_WITH_NOTE.search(previous):
        return False
    ends = _ends_paragraph(previous) or previous.endswith("日") and bool(_ENDS_WITH_DATE.search(previous))
    heading = _is_heading(previous)
    # Short of the margin (within the slack a PDF needs for indents), a
    # sentence end ends the paragraph, and a numbered heading goes on only
    # into its short remainder.
    if not wrap.at_margin(previous):
        if heading and not ends:
            # An indented heading goes on only into its short remainder
            # (四、…集中约 / 谈); a full line after it is its paragraph.
            return not wrap.full(line) and not _ends_paragraph(line)
        if ends:
            return False
    if ends:
        # At the margin a sentence end is usually a wrap that fell after a
        # full stop (in the sample PDF every such line was mid-paragraph:
        # …二要…。/三要…), not when a short line follows that ends no
        # sentence (a byline, a date, a heading, a 落款): that stands alone.
        if not wrap.full(line) and not _ends_paragraph(line):
            return False
    return True


def _flush_after_full(content: list[str], wrap: Wrap) -> tuple[int, int]:
    """(lines after a full line that ends no sentence, how many of them are flush)."""
    after = [line for previous, line in zip(content, content[1:])
             if wrap.full(previous) and not _ends_paragraph(previous)]
    return len(after), sum(1 for line in after if not _INDENT.match(line))


def _indent_signature(content: list[str], wrap: Wrap) -> bool:
    """The mark of a wrapped text that indents its paragraphs: the lines that
    carry on a full line are flush, nearly all of them, and other lines are
    indented.  Typed text indents all its lines or none, so it never has it;
    with it, a text of short lines (a list, a notice) is wrapped even when
    few of its lines reach the margin."""
    after, flush = _flush_after_full(content, wrap)
    indented = sum(1 for line in content if _INDENT.match(line))
    return flush >= 3 and flush >= 0.8 * after and indented >= 3


def _indented_paragraphs(lines: list[str], wrap: Wrap) -> bool:
    """Whether the text marks paragraphs by a first-line indent.

    Some lines are indented and the lines that carry on a full line are not:
    then the indent is what a paragraph's first line has (GB/T 9704), even
    in a text of short paragraphs where most lines are first lines.  Typed
    text may indent every line, and then the indent tells nothing.
    """
    content = [line for line in lines if line.strip()]
    indented = sum(1 for line in content if _INDENT.match(line))
    if indented < 2:
        # One paragraph: its first line indented, the lines carrying it on flush.
        after, flush = _flush_after_full(content, wrap)
        return indented == 1 and _INDENT.match(content[0]) is not None and flush >= 3 and flush == after
    if indented <= 0.6 * len(content):
        return True
    after, flush = _flush_after_full(content, wrap)
    return flush >= 2 and flush >= 0.5 * after


_LATIN_EDGE = re.compile(r"[0-9A-Za-z]$")
_LATIN_START = re.compile(r"[0-9A-Za-z]")


def _blank_lines_part(lines: list[str], wrap: Wrap) -> bool:
    """Whether a single blank line means something here: the text does not
    put one inside its paragraphs, between a full line that stops mid-
    sentence and the next (as some PDF exports do between all lines)."""
    inside, blank = 0, 0
    previous, blanks = "", 0
    for line in lines:
        if not line.strip():
            blanks += 1
            continue
        if previous and wrap.full(previous) and not _ends_paragraph(previous):
            inside += 1
            blank += blanks == 1
        previous, blanks = line, 0
    return inside > 0 and blank < 0.2 * inside


def join_wrapped_lines(text: str) -> tuple[str, int]:
    """Undo a PDF's hard line breaks (and the blank lines between them).

    Only when the text has a margin (see `detect_wrap`): a line that reaches
    it and stops mid-sentence continues on the next one, unless the next one
    opens an outline item (一、 （一） 1、) or a paragraph (a first-line
    indent, where the text uses them).  A line ending a sentence short of
    the margin ends its paragraph.  Text typed one paragraph per line is
    left alone.  Runs before the whitespace and punctuation cleanups, on
    the lines as the page had them: indents and half-width marks included.
    """
    lines = [line.rstrip(" \u3000\u00a0") for line in text.split("\n")]
    wrap = detect_wrap(lines)
    if wrap is None:
        return text, 0
    indents = _indented_paragraphs(lines, wrap)
    blank_breaks = _blank_lines_part(lines, wrap)
    out: list[str] = []
    joins = 0
    last = ""  # the previous physical line: its width, not the joined one's, tells
    blanks = 0
    for line in lines:
        if not line.strip():
            blanks += 1
            continue
        opens = indents and _INDENT.match(line)
        # One blank line after a sentence end, in a text that does not put
        # blank lines between all its lines, is a paragraph break (a page
        # break leaves two: the page number between them is gone).
        parted = blank_breaks and blanks == 1 and _ends_paragraph(last)
        if out and not opens and not parted and _continues(last, line, wrap, bool(indents)):
            # A Latin word pushed to the next line had a space before it.
            space = " " if not wrap.full(last) and _LATIN_EDGE.search(last) and _LATIN_START.match(line.strip()) else ""
            out[-1] += space + line.strip()
            joins += 1
        else:
            if out and blank_breaks and blanks == 1:
                out.append("")  # a blank line between paragraphs stays
            out.append(line)
        last = line
        blanks = 0
    # Other blank lines in a wrapped text carried no meaning; paragraphs are lines now.
    return "\n".join(out), joins


_BLANKS = re.compile(r"\n{3,}")


def collapse_blank_lines(text: str) -> tuple[str, int]:
    text = text.strip("\n")
    if "\n\n\n" not in text:
        return text, 0  # `in` is many times faster than the regex that finds nothing
    return _BLANKS.subn("\n\n", text)


CLEANUPS: tuple[Cleanup, ...] = (
    Cleanup(name="normalize_text", describe="换行统一为 LF，Unicode NFC，去掉 BOM 和零宽字符", apply=normalize_text),
    Cleanup(name="drop_page_furniture", describe="删除页码行（— 3 —、第3页）和紧挨页码重复出现的页眉页脚", apply=drop_page_furniture),
    Cleanup(name="join_wrapped_lines", describe="合并 PDF 硬换行（句子、标题被折断的行）", apply=join_wrapped_lines),
    Cleanup(name="drop_annotations", describe="删除字后的拼音/注音注释，如 隊(duì)", apply=drop_annotations),
    Cleanup(name="drop_web_furniture", describe="删除网页附带的内容：面包屑、发布时间/来源/作者行、字体打印分享按钮、二维码说明、版权页脚、文库“小编”前言", apply=drop_web_furniture),
    Cleanup(name="trim_lines", describe="删除行首行尾空格（PDF 页首空格、全角缩进）", apply=trim_lines),
    Cleanup(name="to_simplified", describe="繁体转简体（OpenCC t2s）", apply=to_simplified),
    Cleanup(name="fullwidth_punctuation", describe="中文里的半角标点 , ; : ! ? ( ) . 改为全角", apply=fullwidth_punctuation),
    Cleanup(name="collapse_punctuation", describe="重复或叠加的标点（，， ，、 ，；）只留一个", apply=collapse_punctuation),
    Cleanup(name="drop_cjk_spaces", describe="删除汉字之间、汉字与数字之间的空格", apply=drop_cjk_spaces),
    Cleanup(name="collapse_blank_lines", describe="多个空行合并为一个，去掉首尾空行", apply=collapse_blank_lines),
)


# The cleanups that remove whole lines; `clean` keeps those lines, so the
# metadata stage can read a page's publication line and a count of the
# characters that left the text can account for them.
REMOVES_LINES = frozenset({"drop_page_furniture", "drop_web_furniture"})


def _removed_lines(before: str, after: str) -> list[str]:
    left = Counter(after.split("\n"))
    removed = []
    for line in before.split("\n"):
        if left[line]:
            left[line] -= 1
        elif line.strip():
            removed.append(line.strip())
    return removed


def clean(text: str, cleanups: tuple[Cleanup, ...] = CLEANUPS) -> Cleaned:
    """Run every cleanup in order; report those that changed something."""
    fired: list[tuple[str, int]] = []
    removed: list[str] = []
    for cleanup in cleanups:
        before = text
        text, count = cleanup.apply(text)
        if count:
            fired.append((cleanup.name, count))
            if cleanup.name in REMOVES_LINES:
                removed += _removed_lines(before, text)
    return Cleaned(text=text, fired=tuple(fired), removed=tuple(removed))
