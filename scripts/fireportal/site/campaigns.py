"""按专项行动: one page per campaign with its units and a timeline of documents."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from ..model import Document
from ..inert import scalar
from . import context, markup
from .feed import campaign_feed
from ..taxonomy import RESERVED_CODES
from .codes import assign_codes
from .listing import chunks, merge, pager, paginated
from .order import newest_first, year_of
from .paths import CAMPAIGNS_INDEX, HOME, campaign_page, link, paged, unit_page
from .tree import UnitTree

_SLOGAN = re.compile(r"“[^”]{2,}”")


def by_campaign(
    documents: Sequence[Document], resolved: dict[str, tuple[str, str]]
) -> dict[str, list[Document]]:
    """Canonical campaign name -> documents newest first.

    A document in two campaigns is listed under both; within one campaign a
    document is listed once even if it names the campaign twice (by aliases).
    """
    found: dict[str, dict[str, Document]] = defaultdict(dict)
    for doc in documents:
        for name in doc.meta.campaigns:
            found[resolved[name][0]][doc.slug] = doc
    return {name: newest_first(docs.values()) for name, docs in found.items()}


def resolve_campaigns(documents: Sequence[Document], taxonomy) -> dict[str, tuple[str, str]]:
    """Every campaign name as written -> (canonical name, unique page code)."""
    written = {name for doc in documents for name in doc.meta.campaigns}
    canonical = {name: taxonomy.campaign(name) for name in written}
    # Names found by their shape that share a quoted slogan are one campaign
    # across documents too (“防风险保平安迎大庆”行动 and “防风险保平安迎大庆”
    # 消防安全执法检查专项行动): the longest name stands for them.
    by_slogan: dict[str, list] = defaultdict(list)
    for campaign in set(canonical.values()):
        slogan = _SLOGAN.search(campaign.name)
        if slogan and not getattr(campaign, "known", True):
            by_slogan[slogan.group()].append(campaign)
    for group in by_slogan.values():
        main = max(group, key=lambda c: (len(c.name), c.name))
        canonical = {name: (main if c in group else c) for name, c in canonical.items()}
    info = {c.name: c for c in canonical.values()}
    codes = assign_codes(
        {n: (c.code, getattr(c, "known", True)) for n, c in info.items()}, reserved=RESERVED_CODES
    )
    return {name: (c.name, codes[c.name]) for name, c in canonical.items()}


def _participants(docs: Sequence[Document], tree: UnitTree, here: str) -> str:
    counts = Counter(e.name for e in map(tree.of, docs) if e is not None)
    ordered = sorted(counts, key=lambda n: (-counts[n], tree.units[n].code))
    lines = [
        f"- {markup.a(n, link(here, unit_page(tree.units[n].code)))}（{counts[n]} 篇）"
        for n in ordered
    ]
    unknown = sum(1 for d in docs if tree.of(d) is None)
    if unknown:
        lines.append(f"- 单位不详（{unknown} 篇）")
    return "\n".join(lines) + "\n"


def _span(docs: Sequence[Document]) -> str:
    years = sorted({year_of(d) for d in docs if year_of(d)})
    if not years:
        return ""
    return f"{years[0]}年" if years[0] == years[-1] else f"{years[0]}—{years[-1]}年"


def campaign_pages(
    documents: Sequence[Document], taxonomy, tree: UnitTree, *, per_page: int
) -> dict[str, str]:
    resolved = resolve_campaigns(documents, taxonomy)
    campaigns = by_campaign(documents, resolved)
    info = {name: taxonomy.campaign(name) for name in campaigns}
    codes = dict(resolved.values())
    pages: dict[str, str] = {}
    order = sorted(campaigns, key=lambda n: (-len(campaigns[n]), codes[n]))

    def side(here: str = "") -> list[dict]:
        top = [(f"{n}（{len(campaigns[n])}）", campaign_page(codes[n])) for n in order[: context.SIDE_CAMPAIGNS]]
        more = ("全部专项行动", CAMPAIGNS_INDEX) if len(order) > context.SIDE_CAMPAIGNS else None
        return [context.side_list("专项行动", top, here, more=more)] if top else []

    for name, docs in campaigns.items():
        here = campaign_page(codes[name])
        intro = ""
        if info[name].description:
            intro += markup.text(info[name].description) + "\n\n"
        if info[name].aliases:
            intro += f"又称：{'、'.join(markup.text(a) for a in info[name].aliases)}\n\n"
        intro += f"## 参与单位\n\n{_participants(docs, tree, here)}\n## 时间线\n\n"
        intro += f"共 {len(docs)} 篇文件，最新的在前。\n"
        feed = {"fp_feed": campaign_feed(codes[name]), "fp_feed_title": scalar(f"{name}：最新文件")}
        merge(pages, paginated(
            trail=context.trail_to(CAMPAIGNS_INDEX),
            front={**context.front(CAMPAIGNS_INDEX, side(here)), **feed},
            base=f"campaigns/{codes[name]}",
            title=name,
            docs=docs,
            per_page=per_page,
            tree=tree,
            intro=intro,
            group=year_of,
            heading=lambda y: f"{y}年" if y else "日期不详",
            level=3,  # years sit under 时间线 in the page outline
        ))
    # Campaigns found by their shape multiply with the corpus, so the index
    # is paginated like any document listing.
    chunked = chunks(order, per_page)
    for number, names in enumerate(chunked, start=1):
        here = paged("campaigns/index", number)
        lines = []
        for n in names:
            span = _span(campaigns[n])
            target = link(here, campaign_page(codes[n]))
            lines.append(
                f"- {markup.a(n, target)}（{len(campaigns[n])} 篇{'，' + span if span else ''}）"
            )
        body = "各单位围绕同一专项行动的文件汇集在一起，按文件数排列。\n\n" if number == 1 else ""
        body += ("\n".join(lines) if lines else "暂无专项行动文件。") + "\n\n"
        body += pager("campaigns/index", number, len(chunked))
        title = "按专项行动浏览" if number == 1 else f"按专项行动浏览（第 {number} 页）"
        current = "按专项行动" if number == 1 else title
        trail = [("首页", HOME)] if number == 1 else context.trail_to(CAMPAIGNS_INDEX)
        merge(pages, {here: markup.page(
            title, body, crumbs=context.crumbs(here, trail, current),
            **context.front(CAMPAIGNS_INDEX, side()),
        )})
    return pages
