"""The portal's own generated pages as HTML parts, without Python-Markdown.

The pages fireportal.site writes are Markdown of a small, fixed shape: the
breadcrumb `<nav markdown>`, `# title`, and then, on a document page, the
信息公开 panel, raw `<p class="fp-…">` lines, `##`/`###` headings, one-line
paragraphs (a `**run-in heading**` and a responsibility badge at most) and
the previous/next links; on a listing page, lists of links, the listing
tables in their `<div class="fp-list" markdown>` and the pager.  Every value
in it went through fireportal.inert, so its text holds no Markdown or HTML
syntax character, only numeric character references (`&#42;`) in their place.

`page_parts` recognises exactly that shape and returns the HTML that
Python-Markdown (with the portal's extensions: toc, tables, attr_list,
md_in_html) serializes for it, before its postprocessors, as a list of
strings and of `Link` / `Heading` markers that need the site (link
rewriting, heading ids: fireportal.mkdocs_plugin.page_fast).  On any line,
character or construct outside that shape it returns None, and the page
takes Python-Markdown's path: a page rendered slowly is fine, a page
rendered differently is not.  tests/test_page_fast.py compares both paths
on every page of three portals and on made-up documents.

It imports neither Python-Markdown nor mkdocs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# One character of inert-escaped text: anything but a control character, a
# character Markdown, its extensions or HTML act on, or a numeric reference
# as fireportal.inert writes one (of an ASCII character: two or three digits).
# `#` and `!` are kept: mid-line neither starts anything without `[` or a
# line start, and both are checked where they could.
_CHAR = r"(?:[^\x00-\x1f\x7f-\x9f\\`*_\[\]{}|~^$<>\"'&]|&#[0-9]{2,3};)"
_TEXT = rf"{_CHAR}+"
_TEXT_RE = re.compile(_TEXT)
# What may open a block at a line start (fireportal.inert escapes the same).
# A reference (`&#35;`, an escaped opener) opens nothing.
_OPENER = re.compile(r"(?!&#)[ \t!-/:-@\[-`{-~]|\d+[.)]")
# A link the site package writes: a relative path of plain characters
# (not `//host/…`, which is another site).
_URL = r"[A-Za-z0-9._-][A-Za-z0-9._/-]*"
_LINK = rf"\[(?P<label>{_TEXT})\]\((?P<url>{_URL})\)"
_INLINE_RE = re.compile(rf"{_LINK}|(?P<text>{_TEXT})")
_BADGE = (rf' <span class="fp-duty"><span class="fp-duty__label">{_TEXT}</span>'
          rf'(?:<span class="fp-dept">{_TEXT}</span>)+</span>')
_LINK_RE = re.compile(_LINK)
_STRONG_RE = re.compile(rf"\*\*(?P<strong>{_TEXT})\*\*")
_BADGE_END_RE = re.compile(rf"{_BADGE}\Z")
_HEADING_RE = re.compile(r"(?P<hashes>#{1,3}) (?P<text>[^\n]*)")
_RAW_P_RE = re.compile(
    rf'<p class="fp-(?:subtitle|source-title|closing|byline)">{_TEXT}</p>'
    rf'|<p class="fp-masthead">(?:<span>{_TEXT}</span>)+</p>'
    rf'|<p class="fp-duty-line">{_BADGE[1:]}</p>'
)
_DD_DOWNLOAD_RE = re.compile(rf"\[下载原文\]\((?P<url>{_URL})\)\{{: download \}}（未经任何改动的原始文件）")
_DD_RE = re.compile(rf'<dt>[\u4e00-\u9fff]+</dt>\n<dd markdown="span">(?P<value>[^\n]*)</dd>')
_CRUMB_LINK_RE = re.compile(rf"- {_LINK}")
_CRUMB_TEXT_RE = re.compile(rf"- (?P<text>{_TEXT})")

_NAV_OPEN = '<nav class="fp-crumbs" title="当前位置" markdown="1">'
_PANEL_OPEN = ('<div class="fp-info" markdown="1">\n<p class="fp-info__title">信息公开</p>\n'
               '<dl class="fp-meta" markdown>')
_PANEL_CLOSE = "</dl>\n</div>"
# `<div markdown>` blocks of paragraphs, and what Python-Markdown writes for their start.
_PARAGRAPH_DIVS = {
    '<div class="fp-prevnext" markdown>': '<div class="fp-prevnext">',
    '<div class="fp-pager" markdown>': '<div class="fp-pager">',
}
_LIST_OPEN = '<div class="fp-list" markdown="1">'


@dataclass(frozen=True)
class Link:
    """`<a href="…">`: the URL as written; the site rewrites it (mkdocs' relpath step)."""

    url: str


@dataclass(frozen=True)
class Heading:
    """`<hN id="…">text<a class="headerlink" …>` once the toc step has given it an id."""

    level: int
    text: str


Part = str | Link | Heading


class _Decline(Exception):
    pass


def _plain(text: str) -> bool:
    """Text that opens no block and that block parsers do not strip."""
    return (not text[0].isspace() and not text[-1].isspace()
            and _OPENER.match(text) is None)


def _inline(value: str, out: list[Part]) -> None:
    """Links and text, as Python-Markdown's inline step writes them."""
    pos = 0
    while pos < len(value):
        match = _INLINE_RE.match(value, pos)
        if match is None:
            raise _Decline
        if match["url"] is not None:
            out += ['<a href="', Link(match["url"]), f'">{match["label"]}</a>']
        else:
            out.append(match["text"])
        pos = match.end()


def _opens_nothing(line: str) -> bool:
    """A line of inline content whose start opens no block: a plain start, or
    a whole link (a reference definition would need `]:`)."""
    if line.startswith("["):
        return _LINK_RE.match(line) is not None and not line[-1].isspace()
    return _plain(line)


def _paragraph(line: str, out: list[Part]) -> None:
    """`**run-in**`, text and links, a badge: one line, one `<p>`."""
    if line.startswith("<") or line[-1].isspace():
        raise _Decline
    html = ""
    if line.startswith("**"):
        # `**` opens no block when a non-space, non-`*` follows (a list item
        # needs `* `, a rule three `*`); emphasis needs the same around the
        # strong text, which holds no `*` of its own.
        strong = _STRONG_RE.match(line)
        if strong is None or strong["strong"][0].isspace() or strong["strong"][-1].isspace():
            raise _Decline
        html = f"<strong>{strong['strong']}</strong>"
        line = line[strong.end():]
    elif not _opens_nothing(line):
        raise _Decline
    badge = _BADGE_END_RE.search(line)
    if badge is not None:
        line = line[:badge.start()]
    out.append(f"<p>{html}")
    _inline(line, out)
    out.append(f"{badge.group() if badge else ''}</p>")


def _list(block: str, out: list[Part]) -> None:
    """`- item` lines: a tight list of text and links."""
    out.append("<ul>\n")
    for line in block.split("\n"):
        item = line[2:]
        if not line.startswith("- ") or not item or item[-1].isspace() or not _opens_nothing(item):
            raise _Decline
        out.append("<li>")
        _inline(item, out)
        out.append("</li>\n")
    out.append("</ul>")


def _cells(row: str, count: int) -> list[str]:
    if not (row.startswith("| ") and row.endswith(" |")):
        raise _Decline
    cells = row[2:-2].split(" | ")
    if len(cells) != count or any(c != c.strip() for c in cells):
        raise _Decline
    return cells


def _table(block: str, out: list[Part]) -> None:
    """The listing table (fireportal.site.markup.table): a header row, `|---|…`, rows of text and links."""
    lines = block.split("\n")
    header = lines[0][2:-2].split(" | ")
    if len(lines) < 3 or lines[1] != "|" + "---|" * len(header):
        raise _Decline
    out.append('<div class="fp-list">\n<table>\n<thead>\n<tr>\n')
    for cell in _cells(lines[0], len(header)):
        if not cell or _TEXT_RE.fullmatch(cell) is None:
            raise _Decline
        out.append(f"<th>{cell}</th>\n")
    out.append("</tr>\n</thead>\n<tbody>\n")
    for row in lines[2:]:
        out.append("<tr>\n")
        for cell in _cells(row, len(header)):
            out.append("<td>")
            _inline(cell, out)
            out.append("</td>\n")
        out.append("</tr>\n")
    out.append("</tbody>\n</table>\n</div>")


def _heading(line: str, out: list[Part]) -> None:
    match = _HEADING_RE.fullmatch(line)
    text = match["text"] if match else ""
    # No `#` at the end (Python-Markdown drops closing hashes), no space at
    # either end (stripped).
    if not text or _TEXT_RE.fullmatch(text) is None or text.endswith("#") or not _plain(text):
        raise _Decline
    out.append(Heading(len(match["hashes"]), text))


def _crumbs(items: list[str], out: list[Part]) -> None:
    """The breadcrumb's list: `- [label](url)` items, then `- current`."""
    if len(items) < 2:
        raise _Decline
    out.append('<nav class="fp-crumbs" title="当前位置">\n<ul>\n')
    for item in items[:-1]:
        match = _CRUMB_LINK_RE.fullmatch(item)
        if match is None:
            raise _Decline
        out += ['<li><a href="', Link(match["url"]), f'">{match["label"]}</a></li>\n']
    last = _CRUMB_TEXT_RE.fullmatch(items[-1])
    if last is None or not _plain(last["text"]):
        raise _Decline
    out.append(f"<li>{last['text']}</li>\n</ul>\n</nav>")


def _panel(block: str, out: list[Part]) -> None:
    body = block[len(_PANEL_OPEN) + 1: -len(_PANEL_CLOSE) - 1]
    if not block.endswith("\n" + _PANEL_CLOSE) or not body:
        raise _Decline
    out.append('<div class="fp-info">\n<p class="fp-info__title">信息公开</p>\n<dl class="fp-meta">\n')
    lines = body.split("\n")
    if len(lines) % 2:
        raise _Decline
    for index in range(0, len(lines), 2):
        match = _DD_RE.fullmatch(lines[index] + "\n" + lines[index + 1])
        if match is None:
            raise _Decline
        value = match["value"]
        out.append(lines[index] + "\n<dd>")
        download = _DD_DOWNLOAD_RE.fullmatch(value)
        if download is not None:
            out += ['<a download href="', Link(download["url"]), '">下载原文</a>（未经任何改动的原始文件）']
        elif value and not value[0].isspace() and not value[-1].isspace():
            # markdown="span": inline only, no block opens at its start.
            _inline(value, out)
        else:
            raise _Decline
        out.append("</dd>\n")
    out.append("</dl>\n</div>")


def _paragraphs(blocks: list[str], out: list[Part]) -> None:
    """A `<div markdown>`'s paragraphs (previous/next links, the pager)."""
    for block in blocks:
        if "\n" in block:
            raise _Decline
        out.append("\n")
        _paragraph(block, out)
    out.append("\n</div>")


def page_parts(text: str) -> list[Part] | None:
    """The HTML parts of a generated page's Markdown (after its front
    matter), or None when the text is not exactly such a page."""
    try:
        return _page(text)
    except _Decline:
        return None


def _page(text: str) -> list[Part]:
    # No tab, CR or other control character (Python-Markdown rewrites them
    # first), no other line separator, no space-only line, and blocks
    # separated by exactly one blank line.
    if (not text.startswith(_NAV_OPEN + "\n") or not text.endswith("\n") or text.endswith("\n\n")
            or re.search(r"[\x00-\x09\x0b-\x1f\x85\u2028\u2029]|\n\n\n|^[ ]+$", text, re.M)):
        raise _Decline
    blocks = text[:-1].split("\n\n")
    out: list[Part] = []
    # The breadcrumb's blank lines split it into three blocks.
    if len(blocks) < 4 or blocks[0] != _NAV_OPEN or blocks[2] != "</nav>":
        raise _Decline
    _crumbs(blocks[1].split("\n"), out)
    index = 3
    previous = ""
    while index < len(blocks):
        block = blocks[index]
        out.append("\n")
        if block in _PARAGRAPH_DIVS:
            close = blocks.index("</div>", index + 1) if "</div>" in blocks[index + 1:] else -1
            if close < index + 2:
                raise _Decline
            out.append(_PARAGRAPH_DIVS[block])
            _paragraphs(blocks[index + 1:close], out)
            previous, index = "</div>", close + 1
            continue
        if block == _LIST_OPEN:
            if index + 2 >= len(blocks) or blocks[index + 2] != "</div>":
                raise _Decline
            _table(blocks[index + 1], out)
            previous, index = "</div>", index + 3
            continue
        if block.startswith(_PANEL_OPEN + "\n"):
            _panel(block, out)
        elif block.startswith("- "):
            # A list after a list and a blank line would be one loose list.
            if previous.startswith("- "):
                raise _Decline
            _list(block, out)
        elif "\n" in block:
            raise _Decline
        elif block.startswith("#"):
            _heading(block, out)
        elif block.startswith("<p class=\"fp-"):
            if _RAW_P_RE.fullmatch(block) is None:
                raise _Decline
            # A raw block is put back with the blank line that ended it.
            out.append(block + "\n")
        else:
            _paragraph(block, out)
        previous = block
        index += 1
    return out
