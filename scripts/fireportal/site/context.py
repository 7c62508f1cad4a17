"""Where a generated page sits in the portal: breadcrumbs, tab and side column.

- `crumbs`: 首页 › 按年份 › 2024年 › title, as Markdown at the top of the page
  body, so any engine shows working (and mkdocs-validated) links.
- `TAB` / `fp_tab`: front matter naming the top tab (a nav page) the page
  belongs to; generated pages are not in the nav, so Material would highlight
  no tab (overrides/main.html, block `tabs`, reads it).
- `side`: front matter for the left column (overrides/main.html, block
  `site_nav`): a few short link lists (the years, the unit's parent and
  children, the top campaigns, a document's year/unit/campaigns).  Targets
  are docs-relative `.md` paths; the theme turns them into URLs.  Every label
  goes through fireportal.inert.scalar, like every front-matter string.

Nothing here grows with the corpus: each list is bounded (years, one unit's
children, SIDE_CAMPAIGNS campaigns).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..inert import scalar
from . import markup
from .paths import CAMPAIGNS_INDEX, HOME, UNITS_INDEX, YEARS_INDEX, link

SIDE_CAMPAIGNS = 12

# Tab labels as the nav names them (mkdocs.yml `nav:`).
SECTION_LABEL = {YEARS_INDEX: "按年份", UNITS_INDEX: "按单位", CAMPAIGNS_INDEX: "按专项行动"}

Trail = Sequence[tuple[str, str]]  # (label, docs path) from the home page down


def crumbs(here: str, trail: Trail, current: str) -> str:
    """首页 › … › current, as a Markdown list in a <nav>; labels escaped."""
    items = [f"- {markup.a(label, link(here, path))}" for label, path in trail]
    items.append(f"- {markup.text(current)}")
    # `title` names the landmark (the sanitizer keeps no aria-* attribute).
    return '<nav class="fp-crumbs" title="当前位置" markdown="1">\n\n' + "\n".join(items) + "\n\n</nav>\n\n"


def trail_to(section: str, *more: tuple[str, str]) -> list[tuple[str, str]]:
    """首页 › <section> › more…"""
    return [("首页", HOME), (SECTION_LABEL[section], section), *more]


def side_list(title: str, links: Sequence[tuple[str, str]], here: str = "", *, more: tuple[str, str] | None = None) -> dict:
    """One titled list for the left column; `here` marks the current page."""
    entry: dict = {
        "title": scalar(title),
        "links": [
            {"label": scalar(label), "path": path, **({"here": True} if path == here else {})}
            for label, path in links
        ],
    }
    if more:
        entry["more"] = {"label": scalar(more[0]), "path": more[1]}
    return entry


def front(tab: str, side: Sequence[dict] = ()) -> dict:
    """Front-matter keys every generated page carries."""
    out: dict = {"fp_tab": tab}
    if side:
        out["fp_side"] = list(side)
    return out
