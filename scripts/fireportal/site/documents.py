"""Document pages: the rendered document plus a metadata panel and neighbours.

The panel and the previous/next links are Markdown in the page body, not a
theme template, so an engine that runs no mkdocs plugin and knows nothing of
our templates still shows them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..model import Document
from . import context, markup
from .order import chronological, shown_date
from .paths import (
    UNDATED,
    UNKNOWN_UNIT,
    YEARS_INDEX,
    campaign_page,
    doc_page,
    link,
    original_path,
    unit_page,
    year_page,
)
from .tree import UnitTree
from .years import by_year

_FRONT = "---\n"


def originals(documents: Sequence[Document]) -> dict[str, str]:
    """Site path of each original -> its repo-relative source path.

    A file holding several documents is published once, named after the
    slug of its first part, and every part links to that copy.
    """
    first: dict[str, Document] = {}
    for doc in sorted(documents, key=lambda d: (d.part, d.slug)):
        if doc.meta.source:
            first.setdefault(doc.meta.source, doc)
    return {original_path(d.slug, src): src for src, d in first.items()}


def _original_of(documents: Sequence[Document]) -> dict[str, str]:
    """Document slug -> site path of its original."""
    by_source = {src: path for path, src in originals(documents).items()}
    return {d.slug: by_source[d.meta.source] for d in documents if d.meta.source}


def panel(
    doc: Document, tree: UnitTree, campaigns: dict[str, tuple[str, str]], original: str
) -> str:
    """信息公开: the fields a government portal shows for an article.

    Every value escaped; empty optional fields left out.  成文日期 is the
    document's own date; a 发布日期 (first published) is not shown until the
    pipeline knows it: the build date would be a wrong one.
    """
    here = doc_page(doc.slug)
    entry = tree.of(doc)
    unit = (
        markup.a(entry.name, link(here, unit_page(entry.code)))
        if entry
        else markup.a("单位不详", link(here, unit_page(UNKNOWN_UNIT)))
    )
    rows = [("发布机构", unit)]
    number = getattr(doc.meta, "doc_number", "")
    if number:
        rows.append(("文号", markup.text(number)))
    rows.append(("成文日期", markup.text(shown_date(doc))))
    if doc.meta.doc_type:
        rows.append(("主题分类", markup.text(doc.meta.doc_type)))
    if doc.meta.campaigns:
        # Two aliases of one campaign give one link.
        found = dict.fromkeys(campaigns[c] for c in doc.meta.campaigns)
        links = (markup.a(name, link(here, campaign_page(code))) for name, code in found)
        rows.append(("专项行动", "、".join(links)))
    if doc.meta.departments:
        rows.append(("责任部门", "、".join(markup.text(d) for d in doc.meta.departments)))
    validity = getattr(doc.meta, "validity", "")
    if validity:
        rows.append(("有效性", markup.text(validity)))
    if doc.meta.author:
        rows.append(("作者", markup.text(doc.meta.author)))
    if doc.parts > 1:
        rows.append(("篇目", f"同一原文中的第 {doc.part} / {doc.parts} 篇"))
    if original:
        rows.append(("原文", f"[下载原文]({link(here, original)})（未经任何改动的原始文件）"))
    items = "\n".join(
        f'<dt>{label}</dt>\n<dd markdown="span">{value}</dd>' for label, value in rows
    )
    # A <dl> (styled by the theme's .fp-meta) whose values are Markdown
    # spans, so the links in them are resolved and checked like any other.
    return (
        '<div class="fp-info" markdown="1">\n<p class="fp-info__title">信息公开</p>\n'
        f'<dl class="fp-meta" markdown>\n{{items}}\n</dl>\n</div>\n'
    ).replace("{items}", items)


def neighbours(doc: Document, before: Document | None, after: Document | None) -> str:
    here = doc_page(doc.slug)
    parts = []
    if before is not None:
        parts.append(
            f"上一篇：{markup.a(before.meta.title or before.slug, link(here, doc_page(before.slug)))}"
        )
    if after is not None:
        parts.append(
            f"下一篇：{markup.a(after.meta.title or after.slug, link(here, doc_page(after.slug)))}"
        )
    if not parts:
        return ""
    lines = "\n\n".join(parts)
    return f'<div class="fp-prevnext" markdown>\n\n{lines}\n\n</div>\n'


def _split(rendered: str) -> tuple[str, str]:
    """(front matter block, body) of a rendered page."""
    if rendered.startswith(_FRONT):
        end = rendered.find("\n---\n", len(_FRONT) - 1)
        if end != -1:
            cut = end + len("\n---\n")
            return rendered[:cut], rendered[cut:]
    return "", rendered


def with_front(front: str, extra: dict) -> str:
    """The rendered front-matter block with `extra` keys added at its end."""
    if not extra:
        return front
    added = markup.front_matter(extra)[len(_FRONT):]
    if not front:
        return _FRONT + added
    return front[: -len(_FRONT)] + added


def with_panel(rendered: str, top: str, bottom: str, *, crumbs: str = "", extra: dict | None = None) -> str:
    """Put the panel under the H1 (or first, when the body has none), the
    breadcrumb above the H1 and `extra` keys into the front matter."""
    front, body = _split(rendered)
    front = with_front(front, extra or {})
    body = body.lstrip("\n")
    lines = body.split("\n")
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if line.startswith("# "):
            # A subtitle belongs with its title, above the panel.
            after = [j for j in range(i + 1, len(lines)) if lines[j].strip()]
            if after and lines[after[0]].startswith('<p class="fp-subtitle">'):
                i = after[0]
            head, rest = "\n".join(lines[: i + 1]), "\n".join(lines[i + 1 :])
            body = f"{head}\n\n{top}\n{rest.lstrip(chr(10))}"
        else:
            body = f"{top}\n{body}"
        break
    else:
        body = top
    body = crumbs + body
    return f"{front}\n{body.rstrip()}\n\n{bottom}" if bottom else f"{front}\n{body.rstrip()}\n"


def _year_pages(documents: Sequence[Document], per_page: int) -> dict[str, tuple[str, str]]:
    """Document slug -> (label, path) of the year listing page that lists it."""
    out = {}
    for year, docs in by_year(documents).items():
        label = f"{year}年" if year else "日期不详"
        for i, doc in enumerate(docs):
            out[doc.slug] = (label, year_page(year or UNDATED, i // per_page + 1))
    return out


def _side(doc: Document, tree: UnitTree, campaigns: dict[str, tuple[str, str]], year: tuple[str, str]) -> list[dict]:
    """本文所属: the document's year, unit and campaigns."""
    entry = tree.of(doc)
    links = [year, (entry.name, unit_page(entry.code)) if entry else ("单位不详", unit_page(UNKNOWN_UNIT))]
    links += [(name, campaign_page(code)) for name, code in dict.fromkeys(campaigns[c] for c in doc.meta.campaigns)]
    return [context.side_list("本文所属", links)]


def document_pages(
    documents: Sequence[Document],
    tree: UnitTree,
    campaigns: dict[str, tuple[str, str]],
    render: Callable[[Document], str],
    *,
    per_page: int = 50,
) -> dict[str, str]:
    """doc/<slug>.md for every document.

    `campaigns` maps every campaign name a document uses (as written) to
    (canonical name, page code); `render` is fireportal.render.render_document.
    The breadcrumb goes 首页 › 按年份 › <year> (the listing page, at
    `per_page`, that holds the document) › title.
    """
    order = chronological(documents)
    original = _original_of(documents)
    years = _year_pages(documents, per_page)
    pages = {}
    for i, doc in enumerate(order):
        before = order[i - 1] if i > 0 else None
        after = order[i + 1] if i + 1 < len(order) else None
        here = doc_page(doc.slug)
        top = panel(doc, tree, campaigns, original.get(doc.slug, ""))
        trail = context.trail_to(YEARS_INDEX, years[doc.slug])
        extra = {"fp_page": "document", **context.front(YEARS_INDEX, _side(doc, tree, campaigns, years[doc.slug]))}
        pages[here] = with_panel(
            render(doc), top, neighbours(doc, before, after),
            crumbs=context.crumbs(here, trail, doc.meta.title or doc.slug), extra=extra,
        )
    return pages
