"""Redirect pages: an old URL of a moved or renamed document leads to its page.

A small standalone HTML file at the old address (not a themed Markdown
page: it has to work before any script runs, from file:// too): a meta
refresh, a canonical link and a visible link in Chinese for a browser or a
reader that does not follow the refresh.  Every link is relative, and the
title is escaped by the standard library's html.escape (this is HTML text
and attributes, not Markdown, so fireportal.inert's references are not
needed; control characters are dropped by inert.one_line first).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from ..inert import one_line
from ..model import Document
from .lifecycle import redirects
from .paths import doc_page
from .urls import output_file, page_url, relative_url


def redirect_html(title: str, target: str) -> str:
    """The page; `target` is a relative URL we built, `title` is source text."""
    label = html.escape(one_line(title), quote=True)
    href = html.escape(target, quote=True)
    return (
        "<!doctype html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>页面已迁移：{label}</title>\n"
        f'<link rel="canonical" href="{href}">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        '<meta name="robots" content="noindex">\n'
        "</head>\n<body>\n"
        f'<p>本页已迁移到新的网址：<a href="{href}">{label}</a></p>\n'
        "</body>\n</html>\n"
    )


def redirect_files(documents: Sequence[Document], *, directory_urls: bool = True) -> dict[str, str]:
    """Site path of each old URL's file → its redirect page."""
    out = {}
    for old, doc in redirects(documents)[0].items():
        where = output_file(doc_page(old), directory_urls)
        target = relative_url(where, page_url(doc_page(doc.slug), directory_urls))
        out[where] = redirect_html(doc.meta.title or doc.slug, target)
    return out
