"""Split: one cleaned text → the documents it holds.

Staff sometimes paste several documents into one file.  A new document
starts where the top-level numbering restarts at 一、 after the previous
document already used it; a preamble just above the restart (今年以来，…
现就…汇报如下：) or a short title line belongs to the new document.  A
sidecar can switch splitting off or name the first line of every part.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

SECTION = re.compile(r"^(?P<num>[一二三四五六七八九十]{1,3})、")
_PREAMBLE_END = re.compile(r"[：:]$")
_SENTENCE_END = re.compile(r"[。！？；…]$")
# A restart of 一、 under one of these is the next part of the same document
# (a report in 第一部分/第二部分, a plan with its 附件), not a new document.
_PART_HEADING = re.compile(r"^(?:第[一二三四五六七八九十]{1,3}(?:部分|章|篇|节)|附件\s*\d*)")


@dataclass(frozen=True, kw_only=True)
class Part:
    text: str
    first_line: int  # 0-based line index in the cleaned text, for messages


def _is_heading_like(line: str) -> bool:
    return 0 < len(line) <= 40 and not _SENTENCE_END.search(line) and not SECTION.match(line)


def split_points(lines: list[str]) -> list[int]:
    """Line indexes where a new document starts (the first is always 0)."""
    starts = [0]
    seen_section = False
    for i, line in enumerate(lines):
        match = SECTION.match(line)
        if not match:
            continue
        if match["num"] == "一" and seen_section:
            start = i
            # Pull in the preamble and title lines that introduce this part.
            j = i - 1
            while j > starts[-1] and not lines[j]:
                j -= 1
            if j > starts[-1] and _PREAMBLE_END.search(lines[j]):
                start = j
                j -= 1
            while j > starts[-1] and _is_heading_like(lines[j]) and start - j <= 3:
                start = j
                j -= 1
            if not any(_PART_HEADING.match(line) for line in lines[start:i]):
                starts.append(start)
        seen_section = True
    return starts


def split_text(text: str, *, mode: str | list[str] = "auto") -> list[Part]:
    """`mode`: "auto", "none", or the first line (a prefix is enough) of each part."""
    lines = text.split("\n")
    if mode == "none":
        starts = [0]
    elif isinstance(mode, list):
        starts = sorted(
            {0}
            | {
                i
                for prefix in mode
                for i, line in enumerate(lines)
                if line.strip() and line.startswith(prefix.strip())
            }
        )
    else:
        starts = split_points(lines)
    bounds = [*starts, len(lines)]
    parts = []
    for begin, end in zip(bounds, bounds[1:]):
        chunk = "\n".join(lines[begin:end]).strip("\n")
        if chunk.strip():
            parts.append(Part(text=chunk, first_line=begin))
    return parts


# What a file says of itself when it gathers several pieces: 汇编, 合集, (18篇).
_COLLECTION = re.compile(r"汇编|合集|选编|文集|[（(]\s*\d{1,3}\s*篇\s*[)）]")
# A sentence end, a space, then what opens a news item: its date (11月6日，
# 近日，) or a place (山东省…, 贵阳市…).  A space after 。 is not Chinese
# typesetting: it is where items of a list page were run together.
_ITEM_JOIN = re.compile(
    r"[。！？”][ \u3000]+(?=(?:\d{1,2}月\d{1,2}[日号]|近日|日前|昨日|今年以来)"
    r"|[\u4e00-\u9fff]{2,7}(?:省|自治区|自治區|市|县|縣|区|區)[\u4e00-\u9fff])"
)


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")
# What each item join leaves in the text before its line breaks are taken
# out: a sentence end, then spaces, tabs or line breaks, then a space that
# stays.  Joins lie within a paragraph and begin at different marks, so a
# text with fewer than three of these has no paragraph with three joins.
_JOIN_SIGN = re.compile(r"[。！？”][ \t\n]*[ \u3000]")
# `_COLLECTION` is asked of a text's first characters only (see `_opening`).
_OPENING = 60


def _paragraph(raw: str) -> str:
    # Lines broken inside a paragraph (a PDF export) are read as the paragraph.
    # (A paragraph without a line break has none to take out: most of them,
    # in a text with blank lines between its lines.)
    return (_LINE_BREAK.sub("", raw) if "\n" in raw else raw).strip()


def _paragraphs(text: str) -> list[str]:
    return [_paragraph(raw) for raw in _PARAGRAPH_BREAK.split(text)]


def _opening(text: str) -> str:
    """The first `_OPENING` characters of the text's first paragraph (as
    `_paragraphs` gives it), from as little of the text as tells them: a
    line break taken out of a prefix is taken out of the whole, so what a
    prefix gives, cut at its last non-space character, begins the whole."""
    raw = next((raw for raw in _raw_paragraphs(text) if raw.strip()), "")
    start = _paragraph(raw[: 4 * _OPENING])
    return (start if len(start) >= _OPENING else _paragraph(raw))[:_OPENING]


def _raw_paragraphs(text: str) -> Iterator[str]:
    """`_PARAGRAPH_BREAK.split(text)`, one at a time."""
    at = 0
    for brk in _PARAGRAPH_BREAK.finditer(text):
        yield text[at : brk.start()]
        at = brk.end()
    yield text[at:]


def signs_of_several(text: str) -> str:
    """Why a text that did not split may still hold several documents, in words
    staff read, or "" when nothing says so."""
    first = _opening(text)
    if _COLLECTION.search(first) and not _SENTENCE_END.search(first):
        return f"第一行“{first[:24]}”说这是汇编"
    if len(_JOIN_SIGN.findall(text)) < 3:
        return ""  # most texts: no paragraph can hold three joins
    for paragraph in _paragraphs(text):
        # Every join holds a space after the sentence end: no space, no join.
        joins = len(_ITEM_JOIN.findall(paragraph)) if " " in paragraph or "\u3000" in paragraph else 0
        if joins >= 3:
            return f"有一段里 {joins + 1} 条消息连在一起（句号后空格再开始新的一条）"
    return ""
