"""What the built site must show, taken from the ingest itself.

`fireportal.pipeline.ingest_tree` is the same call the mkdocs plugin makes,
so the listings and the search are checked against the documents the ingest
really produced, not against a copy of its rules.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

# doc/<slug>.html (offline build), doc/<slug>/ or doc/<slug>/index.html
_DOC_URL = re.compile(r"^doc/(?P<slug>[^/]+?)(?:\.html|/|/index\.html)$")
# a listing page and its continuation pages: years/2022.html, years/2022-2.html
_LISTING = re.compile(r"^(?P<base>(?:years|units|campaigns)/[^/]+?)(?:-(?P<n>\d+))?(?:\.html|/|/index\.html)$")


@dataclass(frozen=True)
class Doc:
    slug: str
    source: str  # repo-relative source path, POSIX
    title: str
    year: str  # "" when undated
    unit: str  # "" when unknown
    campaigns: tuple[str, ...]


def doc_slug(rel: str) -> str | None:
    """The slug of a site-relative document page URL, else None."""
    match = _DOC_URL.match(urllib.parse.unquote(rel))
    return match.group("slug") if match else None


def listing_base(rel: str) -> tuple[str, int] | None:
    """("years/2022", 2) for years/2022-2.html; None for index pages and others."""
    match = _LISTING.match(urllib.parse.unquote(rel))
    if not match or match.group("base").endswith("/index"):
        return None
    return match.group("base"), int(match.group("n") or 1)


def ingested(project_dir: Path) -> list[Doc]:
    """Every document the ingest produces, called as the project's mkdocs plugin calls it.

    mkdocs.yml is loaded by mkdocs itself and the fireportal plugin's
    `on_config` resolves `sources:` and `taxonomy:`, so the options cannot
    drift from what the build used.
    """
    from fireportal.pipeline import ingest_tree
    from mkdocs.config import load_config

    config = load_config(config_file=str(project_dir / "mkdocs.yml"))
    plugin = config.plugins["fireportal"]
    plugin.on_config(config)
    result = ingest_tree(plugin.sources, root=plugin.root, taxonomy=plugin.taxonomy)
    # Aliases and slogan variants share one campaign page, named as the site names it.
    from fireportal.site.campaigns import resolve_campaigns

    page_of = {name: canonical for name, (canonical, _code) in
               resolve_campaigns(result.documents, plugin.taxonomy).items()}
    return [
        Doc(
            slug=doc.slug,
            source=str(doc.meta.source).replace("\\", "/"),
            title=doc.meta.title,
            year=doc.meta.date[:4],
            unit=doc.meta.unit,
            campaigns=tuple(dict.fromkeys(page_of[c] for c in doc.meta.campaigns)),
        )
        for doc in result.documents
    ]
