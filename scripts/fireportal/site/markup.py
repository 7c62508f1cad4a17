"""Small Markdown builders that keep untrusted source text literal.

Every value taken from a source file (titles, unit names, authors …) goes
through `text()`, which is fireportal.inert's one escaping choke point for
Markdown and HTML: `<script>`, `*`, `[`, `|`, `{: …}` or `#` in a title show
as themselves and never become markup, links, attributes or table cells.
"""

from __future__ import annotations

import yaml

from ..inert import markdown_text, scalar
from ..render import SAFE_DUMPER


def text(value: object) -> str:
    """One line of literal text, safe inside Markdown, tables, md_in_html and attributes."""
    return markdown_text(value)


def a(label: str, target: str) -> str:
    """A Markdown link; `label` is escaped here, `target` is a path we built."""
    return f"[{text(label)}]({target})"


def front_matter(mapping: dict) -> str:
    dumped = yaml.dump(mapping, Dumper=SAFE_DUMPER, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return f"---\n{dumped}---\n"


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """A Markdown table; cells must already be escaped Markdown."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def page(title: str, body: str, *, home: bool = False, crumbs: str = "", **front: object) -> str:
    """A whole listing page: front matter, an H1 and the body.

    The H1 is written out rather than left to the theme so another engine
    that reads these files shows the same heading.  The front-matter title
    reaches templates that print it unescaped (<title>, the nav), so it gets
    the same treatment as document titles in fireportal.render.  The home
    page has none: its title is the site name, which Material would print
    twice (“门户 - 门户”) in the browser tab.  `crumbs` (already Markdown,
    see fireportal.site.context) goes above the H1.
    """
    meta = front if home else {"title": scalar(title), **front}
    return front_matter(meta) + f"\n{crumbs}# {text(title)}\n\n{body.rstrip()}\n"
