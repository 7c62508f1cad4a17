"""Listing pages and document pages for the portal, as plain Markdown.

Pure: documents and a taxonomy in, `{docs-relative path: Markdown}` out.  No
mkdocs import, so the same pages can be written to a folder and built by an
engine that runs no mkdocs plugins (Material's successor reads mkdocs.yml
but not plugins).  The mkdocs adapter is fireportal.mkdocs_plugin.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..model import Document
from .campaigns import by_campaign, campaign_pages, resolve_campaigns
from .documents import document_pages, originals
from .feed import FEED, atom_feed, campaign_feed, unit_feed
from .home import home_page
from .lifecycle import lifecycle_problems, listed, lost_urls, replacements, with_history, withdrawn
from .redirects import redirect_files
from .sitemap import SITEMAP, sitemap_page
from .paths import HOME, NAV_PAGES, campaign_page, doc_page, unit_page
from .tree import build_unit_tree
from .units import unit_pages
from .urls import page_url
from .years import year_pages

__all__ = [
    "FEED", "NAV_PAGES", "atom_feed", "build_pages", "doc_page", "extra_files", "lifecycle_problems",
    "listed", "lost_urls", "originals", "with_history",
]

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
    and the site map.  The Atom feeds and the redirect pages are not Markdown
    (their links are URLs, not .md paths): `extra_files`.

    A withdrawn (已撤回) document is in no list, count or site map; its URL
    keeps a notice page (fireportal.site.lifecycle).

    `render` defaults to fireportal.render.render_document; tests may pass
    their own.  Raises ValueError (with a message for staff) when two
    documents share a slug or two pages would land on one path.
    """
    if per_page < 1:
        raise ValueError(f"per_page 必须是正整数，现在是 {per_page}")
    if render is None:
        from ..render import render_document as render
    _check_slugs(documents)
    shown = listed(documents)
    tree = build_unit_tree(shown, taxonomy)
    resolved = resolve_campaigns(shown, taxonomy)
    replaced = replacements(documents)[0]
    gone = sorted((d for d in documents if withdrawn(d)), key=lambda d: d.slug)
    parts = [
        {HOME: home_page(shown, tree, len(set(resolved.values())), site_name=site_name)},
        year_pages(shown, tree, per_page=per_page),
        unit_pages(tree, per_page=per_page),
        campaign_pages(shown, taxonomy, tree, per_page=per_page),
        document_pages(shown, tree, resolved, render, per_page=per_page, replaced=replaced, withdrawn=gone),
        {SITEMAP: sitemap_page(shown, tree, len(set(resolved.values())))},
    ]
    pages: dict[str, str] = {}
    for part in parts:
        clash = pages.keys() & part.keys()
        if clash:
            raise ValueError(f"两个页面使用同一路径：{', '.join(sorted(clash))}")
        pages |= part
    return dict(sorted(pages.items()))


def extra_files(
    documents: Sequence[Document],
    taxonomy,
    *,
    site_name: str = SITE_NAME,
    directory_urls: bool = True,
) -> dict[str, str]:
    """The files beside the pages that are not Markdown: the Atom feeds (the
    portal's, each unit's with documents of its own, each campaign's) and a
    redirect page at every old URL of a moved document.

    Their links are URLs, so they depend on `directory_urls` (mkdocs.yml
    `use_directory_urls`; the offline plugin turns it off).  Withdrawn
    documents are in no feed.
    """
    shown = listed(documents)
    urls = {d.slug: page_url(doc_page(d.slug), directory_urls) for d in documents}
    tree = build_unit_tree(shown, taxonomy)

    def unit_of(doc: Document) -> str:
        entry = tree.of(doc)
        return entry.name if entry else ""

    files = {FEED: atom_feed(shown, urls, site_name=site_name, unit_of=unit_of)}
    for entry in tree.units.values():
        if entry.documents:
            files[unit_feed(entry.code)] = atom_feed(
                entry.documents, urls, site_name=site_name, unit_of=unit_of, path=unit_feed(entry.code),
                title=f"{entry.name}最新文件", page=page_url(unit_page(entry.code), directory_urls),
                feed_id=f"urn:fireportal:feed:unit:{entry.code}",
            )
    resolved = resolve_campaigns(shown, taxonomy)
    codes = dict(resolved.values())
    for name, docs in by_campaign(shown, resolved).items():
        files[campaign_feed(codes[name])] = atom_feed(
            docs, urls, site_name=site_name, unit_of=unit_of, path=campaign_feed(codes[name]),
            title=f"{name}最新文件", page=page_url(campaign_page(codes[name]), directory_urls),
            feed_id=f"urn:fireportal:feed:campaign:{codes[name]}",
        )
    return files | redirect_files(documents, directory_urls=directory_urls)


def _check_slugs(documents: Sequence[Document]) -> None:
    seen: dict[str, str] = {}
    for doc in documents:
        if doc.slug in seen:
            raise ValueError(
                f"两篇文件使用同一网址 {doc_page(doc.slug)}：{seen[doc.slug]}、{doc.meta.source}"
            )
        seen[doc.slug] = doc.meta.source
