"""The fields only official documents carry: the 文号 (doc_number) and the
departments their responsibility notes name."""

from __future__ import annotations

import re

from ..model import Value
from ..structure import BRACKETED_NUMBER, DOC_NUMBER
from .context import Context, web_hints


def rule_doc_number(ctx: Context, found: dict | None = None) -> Value:
    """The 文号 under the 红头 (辽消〔2023〕8号) or in brackets under the title
    (（厦府办〔2006〕254号）), or the one a web page lists (发文字号)."""
    issue = ctx.head.issue.strip()
    match = (DOC_NUMBER.fullmatch(issue) or BRACKETED_NUMBER.match(issue)) if issue else None
    if match:
        return Value(value=match["number"].replace(" ", ""), origin="text", note="文号行")
    number = web_hints(ctx.furniture).doc_number
    if number:
        return Value(value=number, origin="text", note="网页的发文字号")
    own = _number_line_above_text(ctx)
    if own:
        return Value(value=own, origin="text", note="正文前的文号行")
    opening = "".join(b.text for b in ctx.blocks[:2])[:_MANGLED_REACH]
    # A mangled number on the line above the title is not known for one, so
    # the title block may have joined it to the title's start (金政?2014?8号关于…):
    # there, before the title's words, it is the number the 红头 carries.
    mangled = _MANGLED_NUMBER.match(ctx.head.title) or _MANGLED_NUMBER.search(opening)
    if mangled:
        # Text extraction that turned the brackets into . , 、 (湘政办发.2018,36号)
        # keeps the issuer, year and number: a repaired number, said as a guess.
        number = f"{mangled['issuer']}〔{mangled['year']}〕{mangled['n']}号"
        return Value(value=number, origin="text", guessed=True,
                     note=f"文号的括号在复制时丢了，原文写作“{mangled.group()}”")
    return Value(value="", origin="text")


# A 文号 whose brackets an extraction turned into punctuation or a space:
# an issuer's abbreviation, the year and the number, each set off alone.
# A copy that passed through an encoding without 〔〕 writes each as ?
# (金政?2014?8号): a ? holds the place of a lost character, and a year set
# off by two of them with a number and 号 after it is a 文号's shape, not a
# sentence's (prose writes 2014年, and mojibake loses whole runs of text).
_MANGLED_NUMBER = re.compile(
    r"(?<![\u4e00-\u9fff])(?P<issuer>[\u4e00-\u9fff]{2,12})[.,，、．。 ?？](?P<year>(?:19|20)\d\d)[.,，、．。 ?？][ ]*(?P<n>\d{1,4})号")


def leading_doc_number(title: str) -> int:
    """Where a 文号 opening a title line ends (0 when none opens it).

    The number's line stands over the title in a 红头 document; when it is
    not known for one (its brackets lost to ?, 金政?2014?8号) the title block
    may join it to the title under it.  A 文号 is never part of a headline,
    so it is taken off, but only when what is left names the document on its
    own (关于…, …的通知): a headline about a numbered document (…5号文件解读)
    keeps its number."""
    found = DOC_NUMBER.match(title) or _MANGLED_NUMBER.match(title)
    if not found:
        return 0
    rest = title[found.end():].lstrip(" 　")
    if not rest:
        return found.end()  # the number's line alone: no title at all
    return found.end() if rest.startswith(("关于", "《")) or _NAMES_ITS_KIND.search(rest) and not rest.startswith("文件") else 0


# The kind a document's title ends with: what is left after a 文号 is a title.
_NAMES_ITS_KIND = re.compile(r"(?:通知|通告|公告|通报|决定|意见|办法|规定|方案|计划|规划|要点|批复|函|报告|纪要)$")


# The 文号 stands under the title: in the text's first lines, or its first
# 300 characters when an extraction ran every line into one.
_MANGLED_REACH = 300


def _number_line_above_text(ctx: Context) -> str:
    """A line that is a 文号 alone (or in brackets) among the lines above the
    document's first sentence, when the title block was not read (a
    repost's own headline above it: 海湾消防分享：…重磅发布！).

    The 文号 a document cites stands inside a sentence (根据…（国办发〔2017〕87
    号）), and the one a forwarded document carries comes after the
    forwarding text's first sentence; above the first sentence, before the
    主送 line's text begins, a line of a 文号 alone is the document's own."""
    for block in ctx.blocks:
        if "。" in block.text:
            break
        line = _NUMBER_LABEL.sub("", block.text.strip(), count=1)
        match = DOC_NUMBER.fullmatch(line) or BRACKETED_NUMBER.match(line)
        if match:
            return match["number"].replace(" ", "")
    return ""


# A government portal's info box copied as lines above the text lists the
# document's own number under a label (文号：, 发文字号：), a list item's dash
# before it, and some portals share the field with another (备注/文号：): a
# label naming 文号 says whose number it is, as a 文号 alone above the first
# sentence does.
_NUMBER_LABEL = re.compile(
    r"^[-•·*]?[ ]*(?:[\u4e00-\u9fff]{1,6}[/／])*(?:发文字号|文号)(?:[/／][\u4e00-\u9fff]{1,6})*[ ]*[：:][ ]*")


def rule_departments(ctx: Context, found: dict | None = None) -> Value:
    names = tuple(dict.fromkeys(d for b in ctx.blocks for d in b.departments))
    if not names:
        names = tuple(dict.fromkeys(d for b in ctx.blocks for d in _duty_line(b.text)))
        if names:
            return Value(value=names, origin="text", note="责任单位行")
    return Value(value=names, origin="text", note="责任处室/单位注释" if names else "")


# A task list may close each task with its responsibility line unbracketed,
# on a line of its own (责任单位及责任人：呈贡县政府、市发改委主要领导。): the
# label opens the line, the bodies follow, and the 责任人 part names each
# body's leader (主要领导), not another body.
_DUTY_LINE = re.compile(r"^责任(?:单位|处室|科室|部门)(?:及责任人)?[：:](?P<names>[^。；;]{2,200})[。；;]?$")
_LEADER = re.compile(r"(?:主要领导|分管领导|主要负责人|负责人|负责同志)$")
_DUTY_SEP = re.compile(r"[、，,；;]+")


def _duty_line(text: str) -> tuple[str, ...]:
    """The bodies a responsibility line names (`_DUTY_LINE`), or ()."""
    match = _DUTY_LINE.match(text) if text.startswith("责任") else None
    if not match:
        return ()
    names = [_LEADER.sub("", n.strip()) for n in _DUTY_SEP.split(match["names"])]
    return tuple(n for n in names if n)
