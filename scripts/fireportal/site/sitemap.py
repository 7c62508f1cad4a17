"""网站地图: every section of the portal on one page, for people (sitemap.xml is for robots).

Bounded: the years, the top two levels of the unit tree and the campaign
count; the long lists stay on their own paginated pages. Its left column
lists the portal's sections (front matter `fp_side`, as the other generated
pages have), and `fp_tab` names the page itself, so its tab is marked when
mkdocs.yml's nav lists it.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Document
from . import context, markup
from .feed import FEED
from .paths import CAMPAIGNS_INDEX, HOME, UNDATED, UNITS_INDEX, UNKNOWN_UNIT, YEARS_INDEX, link, unit_page, year_page
from .tree import UnitTree
from .years import by_year

SITEMAP = "sitemap.md"
ABOUT = "about.md"  # hand-written, in docs/
GUIDE = "guide.md"  # hand-written, in docs/: 发布指南, for the staff who publish


def sitemap_page(documents: Sequence[Document], tree: UnitTree, campaigns: int) -> str:
    here = SITEMAP
    years = by_year(documents)
    lines = [f"- {markup.a('首页', link(here, HOME))}：最新文件与浏览方式"]
    lines.append(f"- {markup.a('按年份浏览', link(here, YEARS_INDEX))}")
    for year in sorted((y for y in years if y), reverse=True):
        lines.append(f"    - {markup.a(f'{year}年', link(here, year_page(year)))}（{len(years[year])} 篇）")
    if years.get(""):
        lines.append(f"    - {markup.a('日期不详', link(here, year_page(UNDATED)))}（{len(years[''])} 篇）")
    lines.append(f"- {markup.a('按单位浏览', link(here, UNITS_INDEX))}")
    for root in tree.roots:
        entry = tree.units[root]
        lines.append(f"    - {markup.a(entry.name, link(here, unit_page(entry.code)))}（共 {entry.total} 篇）")
        for child in entry.children:
            sub = tree.units[child]
            lines.append(f"        - {markup.a(sub.name, link(here, unit_page(sub.code)))}（共 {sub.total} 篇）")
    if tree.unknown:
        lines.append(f"    - {markup.a('单位不详', link(here, unit_page(UNKNOWN_UNIT)))}（{len(tree.unknown)} 篇）")
    lines.append(f"- {markup.a('按专项行动浏览', link(here, CAMPAIGNS_INDEX))}（{campaigns} 个专项行动）")
    lines.append(f"- {markup.a('发布指南', link(here, GUIDE))}：怎样提交文件、写旁注、看检查结果")
    lines.append(f"- {markup.a('关于本站', link(here, ABOUT))}")
    # Raw HTML: feed.xml is written by the mkdocs plugin, so an engine that
    # builds these pages without it must not fail --strict on a missing link.
    lines.append(f'- <a href="{link(here, FEED)}" type="application/atom+xml">订阅更新（Atom）</a>：最新 50 篇文件，可用阅读器订阅')
    sections = [("首页", HOME), ("按年份", YEARS_INDEX), ("按单位", UNITS_INDEX),
                ("按专项行动", CAMPAIGNS_INDEX), ("发布指南", GUIDE), ("关于本站", ABOUT), ("网站地图", SITEMAP)]
    body = f"本站共收录 {len(documents)} 篇文件。下面是全部栏目；更下一级的单位在各单位页面里。\n\n" + "\n".join(lines)
    return markup.page(
        "网站地图", body, crumbs=context.crumbs(here, [("首页", HOME)], "网站地图"), hide=["toc"],
        **context.front(SITEMAP, [context.side_list("网站栏目", sections, here)]),
    )
