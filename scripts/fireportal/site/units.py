"""按单位: the unit tree with rolled-up counts and one paginated page per unit."""

from __future__ import annotations

from ..inert import scalar
from . import context, markup
from .feed import unit_feed
from .listing import merge, paginated
from .paths import HOME, UNITS_INDEX, UNKNOWN_UNIT, link, unit_page
from .tree import UnitEntry, UnitTree


def _tree_lines(tree: UnitTree, name: str, depth: int) -> list[str]:
    """Nested list items; four spaces per level is what Python-Markdown nests."""
    entry = tree.units[name]
    label = markup.a(entry.name, link(UNITS_INDEX, unit_page(entry.code)))
    counts = f"（共 {entry.total} 篇" + (
        f"，本级 {len(entry.documents)} 篇）" if entry.children else "）"
    )
    lines = ["    " * depth + f"- {label}{counts}"]
    # An explicit stack would be needed only for chains deeper than the five
    # levels; recursion depth here is the depth of the unit tree.
    for child in entry.children:
        lines += _tree_lines(tree, child, depth + 1)
    return lines


def _header(tree: UnitTree, entry: UnitEntry, here: str) -> str:
    lines = []
    if entry.level:
        lines.append(f"- 层级：{markup.text(entry.level)}")
    if entry.parent:
        up = tree.units[entry.parent]
        lines.append(f"- 上级单位：{markup.a(up.name, link(here, unit_page(up.code)))}")
    if entry.aliases:
        lines.append(f"- 又称：{'、'.join(markup.text(a) for a in entry.aliases)}")
    lines.append(f"- 文件：本单位 {len(entry.documents)} 篇，含下级单位共 {entry.total} 篇")
    out = "\n".join(lines) + "\n"
    if entry.children:
        subs = [
            f"- {markup.a(tree.units[c].name, link(here, unit_page(tree.units[c].code)))}"
            f"（共 {tree.units[c].total} 篇）"
            for c in entry.children
        ]
        out += "\n## 下级单位\n\n" + "\n".join(subs) + "\n"
    return out + "\n## 本单位文件\n"


def ancestors(tree: UnitTree, entry: UnitEntry) -> list[UnitEntry]:
    """Parent first, root last; stops at a loop (the tree breaks loops anyway)."""
    out: list[UnitEntry] = []
    node = entry
    while node.parent and node.parent in tree.units and tree.units[node.parent] not in out:
        node = tree.units[node.parent]
        out.append(node)
    return out


def unit_trail(tree: UnitTree, entry: UnitEntry) -> list[tuple[str, str]]:
    """首页 › 按单位 › 总队 › 支队 (the unit itself not included)."""
    up = [(u.name, unit_page(u.code)) for u in reversed(ancestors(tree, entry))]
    return context.trail_to(UNITS_INDEX, *up)


def _unit_side(tree: UnitTree, entry: UnitEntry) -> list[dict]:
    here = unit_page(entry.code)
    sides = []
    if entry.parent:
        up = tree.units[entry.parent]
        sides.append(context.side_list("上级单位", [(up.name, unit_page(up.code))]))
    siblings = tree.units[entry.parent].children if entry.parent else tree.roots
    sides.append(context.side_list(
        "同级单位" if entry.parent else "单位",
        [(tree.units[n].name, unit_page(tree.units[n].code)) for n in siblings],
        here,
        more=("全部单位", UNITS_INDEX),
    ))
    if entry.children:
        sides.append(context.side_list(
            "下级单位", [(tree.units[c].name, unit_page(tree.units[c].code)) for c in entry.children]
        ))
    return sides


def unit_pages(tree: UnitTree, *, per_page: int) -> dict[str, str]:
    pages: dict[str, str] = {}
    roots = context.side_list("单位", [(tree.units[r].name, unit_page(tree.units[r].code)) for r in tree.roots])
    for entry in tree.units.values():
        # A unit with documents of its own has an Atom feed of them (site.feed).
        feed = {"fp_feed": unit_feed(entry.code), "fp_feed_title": scalar(f"{entry.name}：最新文件")} if entry.documents else {}
        merge(pages, paginated(
            trail=unit_trail(tree, entry),
            front={**context.front(UNITS_INDEX, _unit_side(tree, entry)), **feed},
            base=f"units/{entry.code}",
            title=entry.name,
            docs=entry.documents,
            per_page=per_page,
            tree=tree,
            intro=_header(tree, entry, unit_page(entry.code)),
            empty="本单位没有直接署名的文件，请查看下级单位。",
        ))
    merge(pages, paginated(
        trail=context.trail_to(UNITS_INDEX),
        front=context.front(UNITS_INDEX, [roots]),
        base=f"units/{UNKNOWN_UNIT}",
        title="单位不详",
        docs=tree.unknown,
        per_page=per_page,
        tree=tree,
        intro="这些文件无法从正文确定发文单位。\n" if tree.unknown else "",
        empty="目前所有文件都已确定发文单位，本页暂无文件。",
    ))
    lines = []
    for root in tree.roots:
        lines += _tree_lines(tree, root, 0)
    if tree.unknown:
        unknown = markup.a("单位不详", link(UNITS_INDEX, unit_page(UNKNOWN_UNIT)))
        lines.append(f"- {unknown}（{len(tree.unknown)} 篇）")
    body = (
        "按发文单位浏览：局 → 总队 → 支队 → 大队 → 站。"
        "“共”含下级单位的文件，“本级”只计本单位署名的文件。\n\n" + "\n".join(lines) + "\n"
    )
    merge(pages, {UNITS_INDEX: markup.page(
        "按单位浏览", body, crumbs=context.crumbs(UNITS_INDEX, [("首页", HOME)], "按单位"),
        **context.front(UNITS_INDEX, [roots]),
    )})
    return pages
