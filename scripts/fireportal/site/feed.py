"""feed.xml: an Atom feed of the newest documents, with relative links.

Relative `href`s (resolved against the feed's own address, RFC 4287 §2
and xml:base) keep the feed working wherever the site is served or copied,
file:// included.  Every value from a source goes through markup.text(),
fireportal.inert's escaping choke point: it writes the characters XML (and
HTML) act on as numeric character references, which XML reads as the
characters themselves.  Deterministic: `updated` is the newest document's
date, never the build time.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Document
from . import markup
from .order import newest_first, year_of

FEED = "feed.xml"
FEED_SIZE = 50


def _stamp(date: str) -> str:
    """YYYY, YYYY-MM or YYYY-MM-DD -> an RFC 3339 timestamp (the first day)."""
    parts = (date.split("-") + ["01", "01"])[:3]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00+08:00"


def atom_feed(
    documents: Sequence[Document], urls: dict[str, str], *, site_name: str, unit_of=None
) -> str:
    """The feed; `urls` maps a document slug to its site-relative URL."""
    newest = [d for d in newest_first(documents) if year_of(d)][:FEED_SIZE]
    updated = _stamp(newest[0].meta.date) if newest else "2000-01-01T00:00:00+08:00"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
        f"  <title>{markup.text(site_name)}：最新文件</title>",
        "  <id>urn:fireportal:feed</id>",
        f"  <updated>{updated}</updated>",
        '  <link rel="self" href="feed.xml"/>',
        '  <link rel="alternate" type="text/html" href="./"/>',
    ]
    for doc in newest:
        unit = (unit_of(doc) if unit_of else doc.meta.unit) or "单位不详"
        summary = "，".join(x for x in (doc.meta.date, unit, doc.meta.doc_type) if x)
        lines += [
            "  <entry>",
            f"    <title>{markup.text(doc.meta.title or doc.slug)}</title>",
            f"    <id>urn:fireportal:doc:{markup.text(doc.slug)}</id>",
            f'    <link rel="alternate" type="text/html" href="{markup.text(urls[doc.slug])}"/>',
            f"    <updated>{_stamp(doc.meta.date)}</updated>",
            f"    <author><name>{markup.text(unit)}</name></author>",
            f"    <summary>{markup.text(summary)}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"
