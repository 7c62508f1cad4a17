"""Listing pages and document pages for the portal, as plain Markdown.

Pure: documents and a taxonomy in, `{docs-relative path: Markdown}` out.  No
mkdocs import, so the same pages can be written to a folder and built by an
engine that runs no mkdocs plugins (Material's successor reads mkdocs.yml
but not plugins).  The mkdocs adapter is fireportal.mkdocs_plugin.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..model import Document
from .campaigns import campaign_pages, resolve_campaigns
from .documents import document_pages, originals
from .feed import FEED, atom_feed
from .home import home_page
from .sitemap import SITEMAP, sitemap_page
from .paths import HOME, NAV_PAGES, doc_page
from .tree import build_unit_tree
from .units import unit_pages
from .years import year_pages

__all__ = ["FEED", "NAV_PAGES", "atom_feed", "build_pages", "doc_page", "originals"]

SITE_NAME = "消防救援信息公开门户"


def build_pages(
    documents: Sequence[Document],
    taxonomy,
    *,
    per_page: int = 50,
    site_name: str = SITE_NAME,
    render: Callable[[Document], str] | None = None,
) -> dict[str, str]:
    """Every generated page: home, years, units, campaigns, one per document
    and the site map.  The Atom feed is not a page (its links are URLs only
    the engine knows): `atom_feed`, which the mkdocs plugin writes.

    `render` defaults to fireportal.render.render_document; tests may pass
    their own.  Raises ValueError (with a message for staff) when two
    documents share a slug or two pages would land on one path.
    """
    if per_page < 1:
        raise ValueError(f"per_page 必须是正整数，现在是 {per_page}")
    if render is None:
        from ..render import render_document as render
    _check_slugs(documents)
    tree = build_unit_tree(documents, taxonomy)
    resolved = resolve_campaigns(documents, taxonomy)
    parts = [
        {HOME: home_page(documents, tree, len(set(resolved.values())), site_name=site_name)},
        year_pages(documents, tree, per_page=per_page),
        unit_pages(tree, per_page=per_page),
        campaign_pages(documents, taxonomy, tree, per_page=per_page),
        document_pages(documents, tree, resolved, render, per_page=per_page),
        {SITEMAP: sitemap_page(documents, tree, len(set(resolved.values())))},
    ]
    pages: dict[str, str] = {}
    for part in parts:
        clash = pages.keys() & part.keys()
        if clash:
            raise ValueError(f"两个页面使用同一路径：{', '.join(sorted(clash))}")
        pages |= part
    return dict(sorted(pages.items()))


def _check_slugs(documents: Sequence[Document]) -> None:
    seen: dict[str, str] = {}
    for doc in documents:
        if doc.slug in seen:
            raise ValueError(
                f"两篇文件使用同一网址 {doc_page(doc.slug)}：{seen[doc.slug]}、{doc.meta.source}"
            )
        seen[doc.slug] = doc.meta.source
