"""What every field rule reads: the document's outline, its path, the
taxonomy and the lines the furniture cleanups removed, plus small readers
over them (the lead, its sentences, a web page's own fields)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import msgspec

from ..clean import WEB_FIELD, WEB_TIMESTAMP, drop_annotations, to_simplified
from ..model import Block, TitleBlock
from ..source_path import parent_parts
from ..structure import DOC_NUMBER, is_furniture_line
from ..taxonomy import Taxonomy

_YEAR_DIR = re.compile(r"^(19|20)\d\d$")
CJK = re.compile(r"[\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"[xX×＊*]{1,}")
BOOK_TITLE = re.compile(r"《[^》\n]{0,80}》")
QUOTED = re.compile(r"“[^”]+”")
_AFTER_SENTENCE = re.compile(r"(?<=[。！？])")
_NOT_A_WORD = re.compile(r"[\s“”\"'‘’「」『』《》〈〉（）()【】\[\]，,。.！!？?：:；;、·—\-|｜]")

# What opens a news lead before its first clause: the outlet's dateline or
# 讯/消息, the reporters, the time (中新网3月25日电, 现代快报讯（通讯员…记者…）, 3月5日上午，).
# A wire brackets its reporters' bare names (中新网6月26日电 (白田明 张勇)),
# and its lead gives the day alone, the month being the dateline's (25日上午10时，).
# Reporters without brackets end with 报道 and a colon (随州论坛讯 通讯员杨雨、
# 鲁刚报道：近日，…), as a news lead writes them: the story starts after it.
LEAD_PREFIX = re.compile(
    r"^(?:[^，。]{0,24}?(?:\d{1,2}月\d{1,2}日电|讯|消息)[ ]*)?"
    r"(?:[（(](?:本报|特约|见习|实习)?(?:记者|通讯员)[^）)]{0,40}[）)]"
    r"|[（(][\u4e00-\u9fff]{2,4}(?:[ 、][\u4e00-\u9fff]{2,4}){0,3}[）)]"
    r"|(?:本报|特约|见习|实习)?(?:记者|通讯员)[^，。：:（）()]{1,30}?报道[：:])?"
    r"(?:(?:近日|日前|近期|(?:[\dxX]{1,2}月)?[\dxX]{1,2}日(?:[上下]午|晚上?|早上)?(?:\d{1,2}时(?:\d{1,2}分)?)?)[，,]?)?"
)
# M月D日，<subject>（组织）召开<meeting>。 — the lead of a meeting report.
MEETING_LEAD = re.compile(
    r"^(?:[^，。]{0,20}?[\dxX]{1,2}月[\dxX]{1,2}日(?:[上下]午)?，)?"
    r"(?P<subject>[^，。；]{2,40}?)(?:组织|在[^，。]{1,20})?召开(?:了)?(?P<meeting>[^，。；]{2,60}?(?:会议|会))(?=[，。；])"
)


class Context(msgspec.Struct, frozen=True, kw_only=True):
    """What the rules may read besides the outline.

    A frozen msgspec Struct, as `Value` (one per document, built in C)."""

    source: str  # repo-relative path
    head: TitleBlock
    blocks: tuple[Block, ...]
    taxonomy: Taxonomy
    # Lines the furniture cleanups removed: a web page's publication line
    # (2023-05-12 来源：… 作者：…) still says when, who and where.
    furniture: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class WebHints:
    """What a web page's own lines say about the document."""

    published: str = ""  # YYYY-MM-DD
    # 成文日期 of a government portal's 信息公开 catalogue entry: the
    # document's own date, which the publication time is not.
    written: str = ""  # YYYY-MM-DD
    author: str = ""  # the first person-valued field, as written
    outlet: str = ""  # 来源
    doc_number: str = ""  # 发文字号
    # Every person-valued field as (label, value), in the order written.
    people: tuple[tuple[str, str], ...] = ()
    # The outlets of a related-links list when `published` was read from it
    # (经济日报 2019-04-28 17:53:47 / 国际在线 … / 央广网 …), else ().
    link_outlets: tuple[str, ...] = ()
    # The name of the page's only name-and-timestamp line (关业慧 2017-1-17
    # 8:08:53, 专题资讯 2020-11-10 10:16:30): a byline or a column, else "".
    stamped_name: str = ""
    # Cells of a metadata line's field, after the bar that ends its value,
    # holding only short words (|来源:六安新闻网 | 黄雪彦 岳阳 隋文进 |责任编辑:…):
    # the reporters, unlabelled, or a place or a column.
    bare_cells: tuple[tuple[str, ...], ...] = ()


# The labels whose value names a person, best first: the writer, then the editor.
AUTHOR_LABELS = ("作者", "记者", "通讯员", "责任编辑", "编辑")
_OUTLET_LABELS = ("来源", "信息来源", "文章来源", "稿件来源", "消息来源")
# 编辑 郑建玲 二审 黄启艳: credits separated by spaces, no colon.  A label
# credits every name up to the next label, as a byline writes them
# ((记者 郑与国 通讯员 马文 梁丽梅)); a review step (二审) or another of the
# page's fields (来源 新华网) ends the list, and a bracket closes it.
_CREDIT_STOP = (r"(?:责任编辑|编辑|责编|记者|通讯员|作者|审核|审校|审稿|校对|初审|二审|三审|终审|签发|监制"
                r"|来源|发布|时间|日期|阅读|浏览|点击|字号)")
_SPACED_CREDIT = re.compile(
    r"(?P<label>责任编辑|编辑|责编|记者|通讯员|作者)[ ]+"
    rf"(?P<value>[\u4e00-\u9fff]{{2,4}}(?:[ ]+(?!{_CREDIT_STOP})[\u4e00-\u9fff]{{2,4}})*)(?=[ ）)]|$)")


# A metadata line's cells are set off by bars; a cell of one to six words of
# two to four characters, spaces between them, and nothing else.
_BAR = re.compile(r"[|｜]")
_BARE_CELL = re.compile(r"[\u4e00-\u9fff]{2,4}(?:[ ]+[\u4e00-\u9fff]{2,4}){0,5}")


def _stamp_date(stamp: re.Match | None) -> str:
    """A WEB_TIMESTAMP match → YYYY-MM-DD, or "" when there is none or it is no real day."""
    if not stamp:
        return ""
    y, m, d = (stamp["y"], stamp["m"], stamp["d"]) if stamp["y"] else (stamp["cy"], stamp["cm"], stamp["cd"])
    return f"{y}-{int(m):02d}-{int(d):02d}" if valid_date(int(y), int(m), int(d)) else ""


# A line of a name and a timestamp only: a column's (专题资讯 2020-11-10 10:16:30)
# or, several with different names, the entries of a related-links list, each
# stamped by its outlet.  A page prints its own time once, with a label or
# under the title; other outlets' stamps are other articles' times.
_NAMED_STAMP = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,10})[ ]*(?P<stamp>(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T]*\d{1,2}:\d{2}(?::\d{2})?)?)")


def _link_outlets(lines: list[str], published_line: str) -> tuple[str, ...]:
    """The names of the named-stamp lines, when the line `published` came
    from is one of them and two names or more differ."""
    named = [m for m in map(_NAMED_STAMP.fullmatch, lines) if m]
    if not any(m.group() == published_line for m in named):
        return ()
    names = tuple(dict.fromkeys(m["name"] for m in named))
    return names if len(names) >= 2 else ()


def _stamped_name(lines: list[str]) -> str:
    """The name of the only named-stamp line (`_NAMED_STAMP`), or "" when
    there is none or several (a related-links list's outlets)."""
    named = [m for m in map(_NAMED_STAMP.fullmatch, lines) if m]
    return named[0]["name"] if len(named) == 1 else ""


def web_hints(furniture: tuple[str, ...]) -> WebHints:
    # Half the rules ask for the same document's hints: read its lines once.
    return _web_hints(tuple(furniture))


@lru_cache(maxsize=64)
def _web_hints(furniture: tuple[str, ...]) -> WebHints:
    fields: dict[str, str] = {}
    people: list[tuple[str, str]] = []
    bare: list[tuple[str, ...]] = []
    published = written = published_line = ""
    lines = []
    for raw in furniture:
        line = to_simplified(drop_annotations(raw)[0])[0]
        lines.append(line.strip())
        if not published:
            published = _stamp_date(WEB_TIMESTAMP.search(line))
            published_line = line.strip() if published else ""
        found = list(WEB_FIELD.finditer(line))
        ends = [f.start() for f in found[1:]] + [len(line)]
        for field, end in zip(found, ends):
            if field["label"] == "成文日期" and not written:
                written = _stamp_date(WEB_TIMESTAMP.search(line[field.end():end]))
            value = WEB_TIMESTAMP.sub("", line[field.end():end]).strip(" 【】[]（）()")
            cells = _BAR.split(value)
            bare += [tuple(c.split()) for c in cells[1:] if _BARE_CELL.fullmatch(c.strip())]
            # 来源：中山日报 记者 卢兴江: a credit without a colon ends the field before it.
            credits = list(_SPACED_CREDIT.finditer(value))
            if credits and credits[0].start() > 0:
                people += [(m["label"], m["value"]) for m in credits]
                value = value[: credits[0].start()].strip()
            if value and field["label"] not in fields:
                fields[field["label"]] = value
            if value and field["label"] in AUTHOR_LABELS:
                people.append((field["label"], value))
        if not found:
            people += [(m["label"], m["value"]) for m in _SPACED_CREDIT.finditer(line)]
    author = next((fields[k] for k in AUTHOR_LABELS if fields.get(k)), "")
    outlet = next((fields[k] for k in _OUTLET_LABELS if fields.get(k)), "")
    number = DOC_NUMBER.search(fields.get("发文字号", "") or fields.get("文号", ""))
    return WebHints(published=published, written=written, author=author, outlet=outlet,
                    doc_number=number["number"] if number else "", people=tuple(people),
                    link_outlets=_link_outlets(lines, published_line), stamped_name=_stamped_name(lines),
                    bare_cells=tuple(bare))


def valid_date(year: int, month: int, day: int) -> bool:
    import calendar

    if not (1900 <= year <= 2100 and 1 <= month <= 12):
        return False
    return 1 <= day <= calendar.monthrange(year, month)[1]


def folder_year(source: str) -> str:
    # The folders from the path string (PurePosixPath's parts but the name,
    # without making one: several rules ask for every document).
    for part in reversed(parent_parts(source)):
        if _YEAR_DIR.match(part):
            return part
    return ""


def body_text(ctx: Context, start: int = 0, end: int | None = None) -> str:
    """The blocks' text (each with its number), one a line: all, or ctx.blocks[start:end]."""
    return "\n".join(b.marker + b.text for b in ctx.blocks[start:end])


def paragraphs(ctx: Context) -> list[str]:
    return [b.text for b in ctx.blocks if b.kind == "paragraph"]


# A photo's caption set over the story says what the picture shows and
# starts by pointing at it (图为活动现场。, 上图：…, 图片为…, 图1为…): a lead
# tells the event and never opens so.
_POINTS_AT_PICTURE = re.compile(r"^[（(]?(?:[上下左右组]?图|图片)[\d一二三四五六七八九十]{0,2}[为：:]")
_PICTURE_CAPTION_MAX = 120


def is_picture_caption(text: str) -> bool:
    """A caption that points at its picture (`_POINTS_AT_PICTURE`), one to a few sentences."""
    return len(text) <= _PICTURE_CAPTION_MAX and bool(_POINTS_AT_PICTURE.match(text.strip()))


# A photo's caption set above the story: a line saying what the picture
# shows, closed by the photographer's credit (…吊桶洒水作业。李国焘摄, …
# （记者 张三 摄）).  No lead ends with a credit of this shape.
_CAPTION = re.compile(
    r"(?:^|[。！\s])[（(]?(?:(?:记者|通讯员|摄影)[：: ]*)?[\u4e00-\u9fff·]{2,4}(?:[ 、，,][\u4e00-\u9fff·]{2,4})*"
    r"[ ]*(?:摄|供图|摄影)[）)]?$"
)
_CAPTION_MAX = 80


def is_caption(text: str) -> bool:
    """A caption closed by its photographer's credit (`_CAPTION`), short."""
    return len(text) <= _CAPTION_MAX and bool(_CAPTION.search(text))


def lead(ctx: Context) -> str:
    """The first paragraph, when the text opens with one (after plain headings).

    The furniture lines above a title (an info box's labels, a forum post's
    frame) stay in the body so that no character is lost; they are never
    the lead, which is the first paragraph after them.  Nor is a caption
    pointing at the page's top pictures (图为活动现场。): the story, with its
    dateline and reporters, starts under the pictures."""
    for block in ctx.blocks:
        if block.kind == "paragraph":
            if not is_furniture_line(block.text) and not is_picture_caption(block.text):
                return block.text
        elif block.kind != "heading":
            return ""
    return ""


def sentences(text: str) -> list[str]:
    return [s for s in _AFTER_SENTENCE.split(text) if s.strip()]


def lead_sentences(ctx: Context, count: int = 3) -> list[str]:
    """The lead's first sentences, its dateline and reporters cut off the first."""
    found = sentences(lead(ctx))[:count]
    if found:
        found[0] = LEAD_PREFIX.sub("", found[0])
    return found


def short(text: str) -> str:
    """A quote for a note or warning: one line, at most 16 characters."""
    text = " ".join(text.split())
    return text[:16] + ("…" if len(text) > 16 else "")


def squash(text: str) -> str:
    """A line reduced to its words, to compare two lines (quotes and punctuation out)."""
    return _NOT_A_WORD.sub("", text)
