"""Small Markdown builders that keep untrusted source text literal.

Every value taken from a source file (titles, unit names, authors …) goes
through `text()`: HTML-escaped so `<script>` shows as text, and with the
characters Python-Markdown treats as syntax backslash-escaped so `*`, `[`,
`|` or `#` in a title cannot turn into emphasis, links or table cells.
"""

from __future__ import annotations

import html
import re

import yaml

from ..render import safe_scalar

# Python-Markdown's ESCAPED_CHARS that act anywhere in a line, plus `|`
# (added by the tables extension).  `<`, `>` and `&` are left to html.escape;
# escaping them twice would show a stray backslash.
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_{}\[\]()|])")
# These act only at the start of a line (lists, headings, "1." items); a
# value may be written at a line start (a campaign description), so its
# first character is escaped there and dates keep their plain 2024-02-28.
# (`)` after digits is already escaped above.)
_LINE_START = re.compile(r"^([-+#])|^(\d+)\.")
_WHITESPACE = re.compile(r"\s+")


def text(value: object) -> str:
    """One line of literal text, safe inside Markdown, tables and md_in_html."""
    flat = _WHITESPACE.sub(" ", str(value)).strip()
    escaped = _LINE_START.sub(_escape_start, _MARKDOWN_SYNTAX.sub(r"\\\1", flat))
    return html.escape(escaped, quote=False)


def _escape_start(match: re.Match) -> str:
    return "\\" + match[1] if match[1] else match[2] + "\\."


def a(label: str, target: str) -> str:
    """A Markdown link; `label` is escaped here, `target` is a path we built."""
    return f"[{text(label)}]({target})"


def front_matter(mapping: dict) -> str:
    dumped = yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return f"---\n{dumped}---\n"


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """A Markdown table; cells must already be escaped Markdown."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def page(title: str, body: str, *, home: bool = False, **front: object) -> str:
    """A whole listing page: front matter, an H1 and the body.

    The H1 is written out rather than left to the theme so another engine
    that reads these files shows the same heading.  The front-matter title
    reaches templates that print it unescaped (<title>, the nav), so it gets
    the same treatment as document titles in fireportal.render.  The home
    page has none: its title is the site name, which Material would print
    twice (“门户 - 门户”) in the browser tab.
    """
    meta = front if home else {"title": safe_scalar(title), **front}
    return front_matter(meta) + f"\n# {text(title)}\n\n{body.rstrip()}\n"
