"""按年份: an index of years and one paginated page per year, by month."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ..model import Document
from . import markup
from .listing import merge, paginated
from .order import month_label, month_of, newest_first, year_of
from .paths import UNDATED, YEARS_INDEX, link, year_page
from .tree import UnitTree


def by_year(documents: Sequence[Document]) -> dict[str, list[Document]]:
    """Year -> documents newest first; "" holds the undated ones."""
    years: dict[str, list[Document]] = defaultdict(list)
    for doc in newest_first(documents):
        years[year_of(doc)].append(doc)
    return years


def year_pages(documents: Sequence[Document], tree: UnitTree, *, per_page: int) -> dict[str, str]:
    years = by_year(documents)
    pages: dict[str, str] = {}
    lines = []
    for year in sorted((y for y in years if y), reverse=True):
        merge(pages, paginated(
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
        base=f"years/{UNDATED}",
        title="日期不详",
        docs=undated,
        per_page=per_page,
        tree=tree,
        intro="这些文件无法从正文确定日期，按文件编号排列。\n",
        empty="所有文件都已确定日期。",
    ))
    if undated:
        lines.append(
            f"- {markup.a('日期不详', link(YEARS_INDEX, year_page(UNDATED)))}（{len(undated)} 篇）"
        )
    body = "按文件日期浏览，每年一页，页内按月份分组。\n\n" + "\n".join(lines) + "\n"
    merge(pages, {YEARS_INDEX: markup.page("按年份浏览", body)})
    return pages
