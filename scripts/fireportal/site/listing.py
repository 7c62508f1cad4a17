"""Paginated document listings: the shared body of year, unit and campaign pages.

No listing page grows with the corpus: each holds at most `per_page`
documents and links to its neighbours, so a page costs the same to render
and download at 500 documents as at 10,000.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..model import Document
from . import context, markup
from .order import shown_date
from .paths import UNKNOWN_UNIT, doc_page, link, paged, unit_page
from .tree import UnitTree

HEADER = ("日期", "标题", "单位", "类型")
PAGER_WINDOW = 3  # page numbers shown on each side of the current one


def chunks(items: Sequence, per_page: int) -> list[Sequence]:
    """Split into pages; an empty listing is still one (empty) page."""
    if per_page < 1:
        raise ValueError(f"per_page 必须是正整数，现在是 {per_page}")
    return [items[i : i + per_page] for i in range(0, len(items), per_page)] or [items[:0]]


def title_link(doc: Document, from_page: str) -> str:
    return markup.a(doc.meta.title or doc.slug, link(from_page, doc_page(doc.slug)))


def marked_title(doc: Document, from_page: str) -> str:
    """The title link, with 已废止 / 已修改 after it: still listed, no longer in force."""
    status = doc.lifecycle.status
    mark = f"（{status}）" if status in ("已修改", "已废止") else ""
    return title_link(doc, from_page) + mark


def unit_link(doc: Document, from_page: str, tree: UnitTree) -> str:
    entry = tree.of(doc)
    if entry is None:
        return markup.a("单位不详", link(from_page, unit_page(UNKNOWN_UNIT)))
    return markup.a(entry.name, link(from_page, unit_page(entry.code)))


def doc_table(docs: Sequence[Document], from_page: str, tree: UnitTree) -> str:
    rows = [
        (
            markup.text(shown_date(doc)),
            marked_title(doc, from_page),
            unit_link(doc, from_page, tree),
            markup.text(doc.meta.doc_type or "—"),
        )
        for doc in docs
    ]
    # The wrapper lets the theme turn rows into stacked cards on phones
    # (fp-list), and tells the browser tests which links are listing rows.
    return f'<div class="fp-list" markdown="1">\n\n{markup.table(HEADER, rows)}\n</div>\n'


def grouped(docs: Sequence[Document], key: Callable[[Document], object]) -> list[tuple]:
    """Runs of consecutive documents sharing `key`, in the given order."""
    groups: list[tuple[object, list[Document]]] = []
    for doc in docs:
        value = key(doc)
        if not groups or groups[-1][0] != value:
            groups.append((value, []))
        groups[-1][1].append(doc)
    return groups


def pager(base: str, page: int, pages: int) -> str:
    """上一页 · 第 n / m 页 · 下一页, only when there is more than one page."""
    if pages <= 1:
        return ""
    here = paged(base, page)
    parts = []
    if page > 1:
        parts.append(f"[← 上一页]({link(here, paged(base, page - 1))})")
    parts.append(f"第 {page} / {pages} 页")
    if page < pages:
        parts.append(f"[下一页 →]({link(here, paged(base, page + 1))})")
    # First, last and a window around the current page: listing every
    # number would make the pager itself grow with the corpus.
    shown = sorted(
        {1, pages, *range(max(1, page - PAGER_WINDOW), min(pages, page + PAGER_WINDOW) + 1)}
    )
    items: list[str] = []
    previous = 0
    for n in shown:
        if n - previous > 1:
            items.append("…")
        items.append(str(n) if n == page else f"[{n}]({link(here, paged(base, n))})")
        previous = n
    numbers = " ".join(items)
    # A plain paragraph inside a div: the browser helper styles .fp-pager,
    # and an engine without md_in_html still shows working links.
    return f'<div class="fp-pager" markdown>\n\n{" · ".join(parts)}\n\n{numbers}\n\n</div>\n'


def paginated(
    *,
    base: str,
    title: str,
    docs: Sequence[Document],
    per_page: int,
    tree: UnitTree,
    intro: str = "",
    group: Callable[[Document], object] | None = None,
    heading: Callable[[object], str] = str,
    empty: str = "暂无文件。",
    level: int = 2,
    trail: Sequence[tuple[str, str]] = (),
    front: dict | None = None,
) -> dict[str, str]:
    """All pages of one listing: `<base>.md`, `<base>-2.md`, …

    `intro` (already Markdown) goes on the first page only.  `trail` is the
    breadcrumb above this listing (fireportal.site.context) and `front` the
    extra front matter (tab, side column) of each of its pages.  With `group`,
    each page repeats the heading of the group it continues, so a month that
    spans two pages is labelled on both.
    """
    pages = chunks(docs, per_page)
    out: dict[str, str] = {}
    for number, chunk in enumerate(pages, start=1):
        path = paged(base, number)
        body = [intro] if number == 1 and intro else []
        if not chunk:
            body.append(empty)
        elif group is None:
            body.append(doc_table(chunk, path, tree))
        else:
            for value, members in grouped(chunk, group):
                mark = "#" * level
                body.append(
                    f"{mark} {markup.text(heading(value))}\n\n" + doc_table(members, path, tree)
                )
        body.append(pager(base, number, len(pages)))
        page_title = title if number == 1 else f"{title}（第 {number} 页）"
        top = context.crumbs(path, trail, page_title) if trail else ""
        out[path] = markup.page(page_title, "\n".join(b for b in body if b), crumbs=top, **(front or {}))
    return out


def merge(pages: dict[str, str], more: dict[str, str]) -> None:
    """Add `more` to `pages`; a path generated twice is a bug or a taxonomy
    code that reads as another page (`units/x-2.md`), never silently overwritten."""
    clash = pages.keys() & more.keys()
    if clash:
        raise ValueError(
            f"两个页面使用同一路径：{', '.join(sorted(clash))}：请在 taxonomy.yml 里给相关单位或专项行动换一个 code"
        )
    pages.update(more)
