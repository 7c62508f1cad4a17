"""按年份: an index of years and one paginated page per year, by month."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ..model import Document
from . import context, markup
from .listing import merge, paginated
from .order import month_label, month_of, newest_first, year_of
from .paths import HOME, UNDATED, YEARS_INDEX, link, year_page
from .tree import UnitTree


def by_year(documents: Sequence[Document]) -> dict[str, list[Document]]:
    """Year -> documents newest first; "" holds the undated ones."""
    years: dict[str, list[Document]] = defaultdict(list)
    for doc in newest_first(documents):
        years[year_of(doc)].append(doc)
    return years


def years_side(years: dict[str, list[Document]], here: str = "") -> dict:
    """The left column's list of years (bounded by the years covered)."""
    links = [(f"{y}年（{len(years[y])}）", year_page(y)) for y in sorted((y for y in years if y), reverse=True)]
    if years.get(""):
        links.append((f"日期不详（{len(years[''])}）", year_page(UNDATED)))
    return context.side_list("按年份", links, here)


def year_pages(documents: Sequence[Document], tree: UnitTree, *, per_page: int) -> dict[str, str]:
    years = by_year(documents)
    pages: dict[str, str] = {}
    lines = []
    for year in sorted((y for y in years if y), reverse=True):
        merge(pages, paginated(
            trail=context.trail_to(YEARS_INDEX),
            front=context.front(YEARS_INDEX, [years_side(years, year_page(year))]),
            base=f"years/{year}",
            title=f"{year}年",
            docs=years[year],
            per_page=per_page,
            tree=tree,
            intro=f"{year}年共 {len(years[year])} 篇文件，按月份排列，最新的在前。\n",
            group=month_of,
            heading=month_label,
        ))
        lines.append(
            f"- {markup.a(f'{year}年', link(YEARS_INDEX, year_page(year)))}（{len(years[year])} 篇）"
        )
    # Undated documents are listed, never dropped: their page always exists
    # so the link from the index and from the home page is stable.
    undated = years.get("", [])
    merge(pages, paginated(
        trail=context.trail_to(YEARS_INDEX),
        front=context.front(YEARS_INDEX, [years_side(years, year_page(UNDATED))]),
        base=f"years/{UNDATED}",
        title="日期不详",
        docs=undated,
        per_page=per_page,
        tree=tree,
        # Either the explanation or the all-clear, never both.
        intro="这些文件无法从正文确定日期，按文件编号排列。\n" if undated else "",
        empty="目前所有文件都已确定日期，本页暂无文件。",
    ))
    if undated:
        lines.append(
            f"- {markup.a('日期不详', link(YEARS_INDEX, year_page(UNDATED)))}（{len(undated)} 篇）"
        )
    body = "按文件日期浏览，每年一页，页内按月份分组。\n\n" + "\n".join(lines) + "\n"
    merge(pages, {YEARS_INDEX: markup.page(
        "按年份浏览", body, crumbs=context.crumbs(YEARS_INDEX, [("首页", HOME)], "按年份"),
        **context.front(YEARS_INDEX, [years_side(years)]),
    )})
    return pages
