"""Where each generated page and each original lives in the docs tree.

Paths are built from document slugs and taxonomy codes only, never from
titles, so editing a title (or fixing a misread unit name that keeps its
code) does not move a page and break links people have bookmarked.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import PurePosixPath

HOME = "index.md"
YEARS_INDEX = "years/index.md"
UNITS_INDEX = "units/index.md"
CAMPAIGNS_INDEX = "campaigns/index.md"

# The four pages the sidebar holds; everything else is reached from them.
NAV_PAGES = (HOME, YEARS_INDEX, UNITS_INDEX, CAMPAIGNS_INDEX)

UNDATED = "undated"  # years/undated.md: documents whose date is unknown
UNKNOWN_UNIT = "unknown"  # units/unknown.md: documents whose unit is unknown

# An original keeps its own extension so the browser offers the right program;
# anything odd becomes .bin rather than leaking a non-ASCII or unsafe name.
_SAFE_SUFFIX = re.compile(r"^\.[a-z0-9]{1,8}$")
# mkdocs would render an original ending in a Markdown suffix as a page
# instead of offering it for download; a second .txt suffix prevents that.
_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd", ".mdwn")


def paged(base: str, page: int) -> str:
    """Page 1 is `<base>.md`, page n is `<base>-n.md`."""
    return f"{base}.md" if page == 1 else f"{base}-{page}.md"


def doc_page(slug: str) -> str:
    return f"doc/{slug}.md"


def year_page(year: str, page: int = 1) -> str:
    return paged(f"years/{year}", page)


def unit_page(code: str, page: int = 1) -> str:
    return paged(f"units/{code}", page)


def campaign_page(code: str, page: int = 1) -> str:
    return paged(f"campaigns/{code}", page)


def original_path(slug: str, source: str) -> str:
    """`originals/<slug><ext>` for the raw file a document came from."""
    suffix = PurePosixPath(source).suffix.lower()
    if suffix in _MARKDOWN_SUFFIXES:
        suffix += ".txt"
    elif suffix and not _SAFE_SUFFIX.match(suffix):
        suffix = ".bin"
    return f"originals/{slug}{suffix}"


def link(from_page: str, to_path: str) -> str:
    """A relative link between two docs-relative paths.

    Links point at the .md file (or the original) rather than at a URL, so
    mkdocs resolves them for `use_directory_urls` on or off (the offline
    plugin turns it off) and validates them under --strict.

    `posixpath.relpath` gives the same answer for these normalised relative
    paths, but makes both absolute against the working directory first:
    with a link or two per listed document per page, that was a seventh of
    building the pages (tests/test_site_pages.py checks they agree).
    """
    start = [part for part in posixpath.dirname(from_page).split("/") if part not in ("", ".")]
    target = [part for part in to_path.split("/") if part not in ("", ".")]
    common = 0
    for here, there in zip(start, target):
        if here != there:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + target[common:]) or "."
