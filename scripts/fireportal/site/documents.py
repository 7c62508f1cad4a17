"""Document pages: the rendered document plus a metadata panel and neighbours.

The panel, the 有效性 banner and the previous/next links are Markdown in the
page body, not a theme template, so an engine that runs no mkdocs plugin and
knows nothing of our templates still shows them.  A withdrawn document's
page is a short notice instead (`notice_page`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..model import Document
from . import context, markup
from .lifecycle import SUPERSEDED, withdrawn_date
from .order import chronological, shown_date, year_of
from .paths import (
    HOME,
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
    document's own date; 发布日期 (first published) and 更新日期 (last
    changed, shown when later) come from git (fireportal.history) and are
    left out when git does not know them: the build date would be a wrong one.
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
    published, updated = doc.lifecycle.first_published, doc.lifecycle.last_updated
    if published:
        rows.append(("发布日期", markup.text(published)))
    if updated and updated > published:
        rows.append(("更新日期", markup.text(updated)))
    if doc.meta.doc_type:
        rows.append(("主题分类", markup.text(doc.meta.doc_type)))
    if doc.meta.campaigns:
        # Two aliases of one campaign give one link.
        found = dict.fromkeys(campaigns[c] for c in doc.meta.campaigns)
        links = (markup.a(name, link(here, campaign_page(code))) for name, code in found)
        rows.append(("专项行动", "、".join(links)))
    if doc.meta.departments:
        rows.append(("责任部门", "、".join(markup.text(d) for d in doc.meta.departments)))
    if doc.lifecycle.status:
        rows.append(("有效性", markup.text(doc.lifecycle.status)))
    if doc.meta.author:
        rows.append(("作者", markup.text(doc.meta.author)))
    if doc.meta.outlet:
        rows.append(("来源", markup.text(doc.meta.outlet)))
    if doc.parts > 1:
        rows.append(("篇目", f"同一原文中的第 {doc.part} / {doc.parts} 篇"))
    if original:
        # `download`: the file as it is, not shown in whatever charset a server guesses.
        rows.append(("原文", f"[下载原文]({link(here, original)}){{: download }}（未经任何改动的原始文件）"))
    items = "\n".join(
        f'<dt>{label}</dt>\n<dd markdown="span">{value}</dd>' for label, value in rows
    )
    # A <dl> (styled by the theme's .fp-meta) whose values are Markdown
    # spans, so the links in them are resolved and checked like any other.
    return (
        '<div class="fp-info" markdown="1">\n<p class="fp-info__title">信息公开</p>\n'
        f'<dl class="fp-meta" markdown>\n{{items}}\n</dl>\n</div>\n'
    ).replace("{items}", items)


def status_banner(doc: Document, replacement: Document | None) -> str:
    """已废止 / 已修改: a warning under the title, with the document that replaces it."""
    status = doc.lifecycle.status
    if status not in SUPERSEDED:
        return ""
    here = doc_page(doc.slug)
    verb = "已废止" if status == "已废止" else "已被修改"
    lines = [f"本文件{verb}，内容仅供查阅。"]
    if replacement is not None:
        title = replacement.meta.title or replacement.slug
        lines.append(f"现行文件：{markup.a(title, link(here, doc_page(replacement.slug)))}")
    if doc.lifecycle.reason:
        lines.append(f"说明：{markup.text(doc.lifecycle.reason)}")
    body = "\n\n".join(lines)
    # Material's admonition look without the admonition syntax, whose
    # indented body would need every line of it re-indented.
    return (
        f'<div class="admonition warning fp-status" markdown="1">\n<p class="admonition-title">{status}</p>\n\n'
        f"{body}\n\n</div>\n"
    )


def notice_page(doc: Document, replacement: Document | None, crumbs: str, extra: dict) -> str:
    """What stays at a withdrawn document's URL: its title, when and why.

    No text, no original, no metadata panel: the document is no longer
    published, but a bookmarked link must not end in a 404.
    """
    here = doc_page(doc.slug)
    title = doc.meta.title or doc.slug
    when = withdrawn_date(doc)
    said = f"本文件已于 {markup.text(when)} 撤回，不再公开。" if when else "本文件已撤回，不再公开。"
    reason = f"撤回原因：{markup.text(doc.lifecycle.reason)}" if doc.lifecycle.reason else "撤回原因：未说明。"
    lines = [said, reason]
    if replacement is not None:
        lines.append(f"现行文件：{markup.a(replacement.meta.title or replacement.slug, link(here, doc_page(replacement.slug)))}")
    lines.append(f"{markup.a('返回首页', link(here, HOME))}")
    body = (
        '<div class="admonition failure fp-status" markdown="1">\n<p class="admonition-title">已撤回</p>\n\n'
        + "\n\n".join(lines) + "\n\n</div>\n"
    )
    return markup.page(title, body, crumbs=crumbs, fp_page="withdrawn", hide=["toc"], **extra)


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


def unit_year_neighbours(
    documents: Sequence[Document], tree: UnitTree
) -> dict[str, tuple[Document | None, Document | None]]:
    """Slug → (previous, next) by date among the documents of the same unit
    and year (undated ones of a unit form their own group, by slug)."""
    groups: dict[tuple[str, str], list[Document]] = {}
    for doc in chronological(documents):
        groups.setdefault((tree.placement.get(doc.slug, ""), year_of(doc)), []).append(doc)
    out = {}
    for members in groups.values():
        for i, doc in enumerate(members):
            out[doc.slug] = (members[i - 1] if i else None, members[i + 1] if i + 1 < len(members) else None)
    return out


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
    replaced: dict[str, Document] | None = None,
    withdrawn: Sequence[Document] = (),
) -> dict[str, str]:
    """doc/<slug>.md for every document, and a notice for each withdrawn one.

    `documents` are the listed ones (fireportal.site.lifecycle.listed);
    `campaigns` maps every campaign name a document uses (as written) to
    (canonical name, page code); `render` is fireportal.render.render_document;
    `replaced` maps a slug to the document that replaces it.  The breadcrumb
    goes 首页 › 按年份 › <year> (the listing page, at `per_page`, that holds
    the document) › title.
    """
    replaced = replaced or {}
    original = _original_of(documents)
    years = _year_pages(documents, per_page)
    near = unit_year_neighbours(documents, tree)
    pages = {}
    for doc in chronological(documents):
        before, after = near[doc.slug]
        here = doc_page(doc.slug)
        top = status_banner(doc, replaced.get(doc.slug)) + panel(doc, tree, campaigns, original.get(doc.slug, ""))
        trail = context.trail_to(YEARS_INDEX, years[doc.slug])
        extra = {"fp_page": "document", **context.front(YEARS_INDEX, _side(doc, tree, campaigns, years[doc.slug]))}
        pages[here] = with_panel(
            render(doc), top, neighbours(doc, before, after),
            crumbs=context.crumbs(here, trail, doc.meta.title or doc.slug), extra=extra,
        )
    for doc in withdrawn:
        here = doc_page(doc.slug)
        trail = context.trail_to(YEARS_INDEX)
        pages[here] = notice_page(doc, replaced.get(doc.slug), context.crumbs(here, trail, doc.meta.title or doc.slug),
                                  context.front(YEARS_INDEX))
    return pages
