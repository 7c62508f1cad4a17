"""Structure: one document's cleaned text → title block + outline.

Chinese official documents number their outline 一、 → （一） → 1、/（1）;
一是…二是… enumerations stay inside their paragraph.  Lines above the body
(publication name, issue, unit-and-date line, title, subtitle) are read
into a `TitleBlock`; responsibility notes (（责任处室：…）) closing a block
become that block's departments.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .model import Block, Structured, TitleBlock

CN_NUM = "一二三四五六七八九十"
SECTION = re.compile(rf"^(?P<marker>[{CN_NUM}]{{1,3}}、)(?P<text>.*)$")
SUBSECTION = re.compile(rf"^(?P<marker>[（(][{CN_NUM}]{{1,3}}[）)])(?P<text>.*)$")
ITEM = re.compile(r"^(?P<marker>\d{1,2}[、.．](?!\d)|[（(]\d{1,2}[）)]|[①-⑳])(?P<text>.*)$")

DUTY_NOTE = re.compile(
    r"[（(](?P<label>责任(?:处室|单位|科室|部门|领导|人|处|科|室))[：:](?P<names>[^（()）]{1,80})[）)]"
    r"(?P<tail>[。；]?)$"
)
_NAME_SEP = re.compile(r"[、，,；;]+")

PUBLICATION = re.compile(r"^[\u4e00-\u9fff]{0,16}(?:简报|快报|动态|通讯|情况反映)$")
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
    r"^(?:(?P<label>作者|撰稿|撰文|文|记者|通讯员|供稿|来源|编辑|审核|责任编辑)[：:](?P<names>.{1,40})"
    # 记者 张三 loses its space to drop_cjk_spaces; a bare name list still reads as a byline.
    r"|(?P<bare>记者|通讯员)(?P<bare_names>[\u4e00-\u9fff]{2,4}(?:[、，][\u4e00-\u9fff]{2,4})*))$"
)
_SENTENCE_END = re.compile(r"[。！？；，、：]$")
# Words a title line may not end with: it goes on in the next line.
_TITLE_CONTINUES = re.compile(r"(?:关于|的|和|与|及|暨|第|年|在|对|\d)$")
_TITLE_ENDS = re.compile(r"(?:通知|通报|通告|意见|方案|纪要|报告|总结|简报|决定|要点|计划|办法)$")
_RUN_IN = re.compile(r"^(?P<head>[^。！？]{1,60}?[。！？])(?P<rest>.+)$")


def _is_title_line(line: str) -> bool:
    return (
        0 < len(line) <= 60
        and not _SENTENCE_END.search(line)
        and "。" not in line
        and not SECTION.match(line)
        and not SUBSECTION.match(line)
        and not ITEM.match(line)
        and not BYLINE.match(line)
    )


def read_head(lines: list[str]) -> tuple[TitleBlock, int]:
    """The title block at the top; returns it and the index of the first body line."""
    fields = {"publication": "", "issue": "", "dateline": "", "title": "", "subtitle": ""}
    consumed: list[str] = []
    i = 0
    while i < len(lines) and i < 8:
        line = lines[i].strip()
        if not line:
            i += 1
            continue
        if _RULE_LINE.match(line):
            pass  # a rule carries no text
        elif not fields["publication"] and not fields["title"] and (PUBLICATION.match(line) or RED_HEAD.match(line)):
            fields["publication"] = line
        elif not fields["issue"] and not fields["title"] and DOC_NUMBER.fullmatch(line):
            fields["issue"] = line  # the 文号 stands where a briefing has its issue number
        elif fields["publication"] and not fields["issue"] and not fields["title"] and ISSUE.match(line):
            fields["issue"] = line
        elif not fields["dateline"] and FULL_DATE_LINE.match(line) and not fields["subtitle"]:
            fields["dateline"] = line
        elif not fields["title"] and _is_title_line(line):
            fields["title"] = line
            # A title broken over two or three lines: 辽宁省消防救援总队关于2022年 /
            # 第31次…通知, or …关于做好2023年 / 冬春火灾防控 / 工作的通知.
            for _ in range(2):
                nxt = _next_nonblank(lines, i + 1)
                if nxt is None or not _title_goes_on(fields["title"], lines[nxt].strip()):
                    break
                fields["title"] += lines[nxt].strip()
                consumed.append(line)
                line = lines[nxt].strip()
                i = nxt
        elif fields["title"] and not fields["subtitle"] and _is_title_line(line) and len(line) <= 30 and "，" not in line:
            fields["subtitle"] = line
        else:
            break
        consumed.append(line)
        i += 1
    # A lone line that is a whole sentence's worth of text is the body, not a title.
    if fields["title"] and i >= len(lines):
        return TitleBlock(), 0
    return TitleBlock(**fields, lines=tuple(consumed)), i


def _title_goes_on(title: str, following: str) -> bool:
    """Whether `following` is the rest of a title broken over lines."""
    if not _is_title_line(following) or _TITLE_ENDS.search(title) or FULL_DATE_LINE.match(following):
        return False
    if following.startswith(("—", "－", "-")):
        return False  # a subtitle
    return bool(
        _TITLE_CONTINUES.search(title)
        or len(following) <= 4
        or (_TITLE_ENDS.search(following) and len(title) + len(following) <= 60)
    )


def _next_nonblank(lines: list[str], start: int) -> int | None:
    for j in range(start, min(len(lines), start + 3)):
        if lines[j].strip():
            return j
    return None


def split_duty_note(text: str) -> tuple[str, str, tuple[str, ...]]:
    """(text without the note, label, department names)."""
    match = DUTY_NOTE.search(text)
    if not match:
        return text, "", ()
    names = tuple(n for n in _NAME_SEP.split(match["names"].strip()) if n)
    kept = text[: match.start()] + match["tail"]
    return kept.rstrip(), match["label"], names


def _block(kind: str, marker: str, text: str) -> list[Block]:
    text, label, departments = split_duty_note(text.strip())
    return [Block(kind=kind, marker=marker, text=text, departments=departments, note_label=label)]


def _is_plain_heading(line: str, following: str | None) -> bool:
    return (
        following is not None
        and len(line) <= 30
        and _is_title_line(line)
        and len(following) > len(line)
    )


def read_body(lines: list[str]) -> tuple[list[Block], str]:
    """Body lines → blocks, and a byline if one closes or opens the text."""
    blocks: list[Block] = []
    byline = ""
    content = [line.strip() for line in lines if line.strip()]
    for n, line in enumerate(content):
        following = content[n + 1] if n + 1 < len(content) else None
        by = BYLINE.match(line)
        if by and (n == len(content) - 1 or n == 0) and not byline:
            byline = line
            continue
        note = DUTY_NOTE.match(line)
        if note and blocks and not blocks[-1].departments:
            # A note on its own line closes the block above it.
            _, label, departments = split_duty_note(line)
            blocks[-1] = replace(blocks[-1], departments=departments, note_label=label)
            continue
        for pattern, kind in ((SECTION, "section"), (SUBSECTION, "subsection"), (ITEM, "item")):
            match = pattern.match(line)
            if match:
                blocks.extend(_block(kind, match["marker"], match["text"]))
                break
        else:
            kind = "heading" if _is_plain_heading(line, following) else "paragraph"
            blocks.extend(_block(kind, "", line))
    return blocks, byline


def run_in_heading(block: Block) -> tuple[str, str]:
    """A numbered block's heading and the text that follows it on the same line.

    一、紧抓防汛抗震救灾不放松。强化防汛救灾工作。… → (紧抓防汛抗震救灾不放松。, 强化…)
    """
    match = _RUN_IN.match(block.text)
    if match:
        return match["head"], match["rest"]
    return block.text, ""


def structure(text: str) -> Structured:
    lines = text.split("\n")
    head, start = read_head(lines)
    blocks, byline = read_body(lines[start:])
    if byline:
        head = TitleBlock(
            **{k: getattr(head, k) for k in ("title", "subtitle", "publication", "issue", "dateline")},
            byline=byline,
            lines=(*head.lines, byline),
        )
    return Structured(head=head, blocks=tuple(blocks))
