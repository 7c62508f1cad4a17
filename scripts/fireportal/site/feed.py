"""Atom feeds of the newest documents: the portal's, each unit's, each campaign's.

Written with feedgen (lxml underneath), which escapes every value as XML
text or attribute; values from sources first go through inert.one_line,
which drops the control characters XML 1.0 cannot hold (lxml refuses them,
and one bad title must not take the build down).  fireportal.inert's
Markdown references are not used here: lxml would escape them again.

Relative `href`s (resolved against the feed's own address, RFC 4287 §2)
keep every feed working wherever the site is served or copied, file://
included; feedgen writes them as given.  Deterministic: every date comes
from the documents (their date, and the git dates when known), never the
build time, and feedgen's own default (now) is always overwritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from feedgen.feed import FeedGenerator

from ..inert import one_line
from ..model import Document
from .order import newest_first, year_of
from .urls import relative_url

FEED = "feed.xml"
FEED_SIZE = 50
CHINA = dt.timezone(dt.timedelta(hours=8))
_EPOCH = dt.datetime(2000, 1, 1, tzinfo=CHINA)


def unit_feed(code: str) -> str:
    return f"feeds/units/{code}.xml"


def campaign_feed(code: str) -> str:
    return f"feeds/campaigns/{code}.xml"


def _moment(date: str) -> dt.datetime | None:
    """YYYY, YYYY-MM or YYYY-MM-DD → midnight China time of its first day."""
    parts = (date.split("-") + ["01", "01"])[:3]
    try:
        return dt.datetime(int(parts[0]), int(parts[1]), int(parts[2]), tzinfo=CHINA)
    except ValueError:
        return None


def _updated(doc: Document) -> dt.datetime:
    """The later of the document's date and its last change in git."""
    found = [m for m in (_moment(doc.meta.date), _moment(doc.lifecycle.last_updated)) if m]
    return max(found, default=_EPOCH)


def atom_feed(
    documents: Sequence[Document],
    urls: dict[str, str],
    *,
    site_name: str,
    unit_of: Callable[[Document], str] | None = None,
    path: str = FEED,
    title: str = "最新文件",
    page: str = "",
    feed_id: str = "urn:fireportal:feed",
) -> str:
    """One feed, to be written at site path `path`.

    `urls` maps a document slug to its URL relative to the site root; `page`
    is the site-relative URL of the listing the feed follows (the home page
    by default).  Undated documents are left out: a feed is by date.
    """
    newest = [d for d in newest_first(documents) if year_of(d)][:FEED_SIZE]
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(one_line(f"{site_name}：{title}"))
    feed.language("zh-CN")
    feed.generator("fireportal")  # not feedgen's default, which names an outside URL
    feed.link(href=path.rsplit("/", 1)[-1], rel="self")  # relative to the feed itself
    feed.link(href=relative_url(path, page), rel="alternate", type="text/html")
    feed.updated(max((_updated(d) for d in newest), default=_EPOCH))
    for doc in newest:
        unit = one_line((unit_of(doc) if unit_of else doc.meta.unit) or "单位不详")
        entry = feed.add_entry(order="append")
        entry.id(f"urn:fireportal:doc:{doc.slug}")
        entry.title(one_line(doc.meta.title or doc.slug))
        entry.link(href=relative_url(path, urls[doc.slug]), rel="alternate", type="text/html")
        entry.updated(_updated(doc))
        if doc.lifecycle.first_published:
            entry.published(_moment(doc.lifecycle.first_published))
        entry.author(name=unit)
        status = doc.lifecycle.status if doc.lifecycle.status not in ("", "有效") else ""
        entry.summary(one_line("，".join(x for x in (doc.meta.date, unit, doc.meta.doc_type, status) if x)))
    return feed.atom_str(pretty=True).decode("utf-8")
