"""Document pages: the rendered document plus a metadata panel and neighbours.

The panel and the previous/next links are Markdown in the page body, not a
theme template, so an engine that runs no mkdocs plugin and knows nothing of
our templates still shows them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..model import Document
from . import markup
from .order import chronological, shown_date
from .paths import UNKNOWN_UNIT, campaign_page, doc_page, link, original_path, unit_page
from .tree import UnitTree

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
    """文件信息: every value escaped; empty optional fields left out."""
    here = doc_page(doc.slug)
    entry = tree.of(doc)
    unit = (
        markup.a(entry.name, link(here, unit_page(entry.code)))
        if entry
        else markup.a("单位不详", link(here, unit_page(UNKNOWN_UNIT)))
    )
    rows = [("日期", markup.text(shown_date(doc))), ("单位", unit)]
    if doc.meta.campaigns:
        # Two aliases of one campaign give one link.
        found = dict.fromkeys(campaigns[c] for c in doc.meta.campaigns)
        links = (markup.a(name, link(here, campaign_page(code))) for name, code in found)
        rows.append(("专项行动", "、".join(links)))
    if doc.meta.doc_type:
        rows.append(("类型", markup.text(doc.meta.doc_type)))
    if doc.meta.departments:
        rows.append(("责任部门", "、".join(markup.text(d) for d in doc.meta.departments)))
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
    return f'<dl class="fp-meta" markdown>\n{items}\n</dl>\n'


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


def with_panel(rendered: str, top: str, bottom: str) -> str:
    """Put the panel under the H1 (or first, when the body has none)."""
    front, body = _split(rendered)
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
    return f"{front}\n{body.rstrip()}\n\n{bottom}" if bottom else f"{front}\n{body.rstrip()}\n"


def document_pages(
    documents: Sequence[Document],
    tree: UnitTree,
    campaigns: dict[str, tuple[str, str]],
    render: Callable[[Document], str],
) -> dict[str, str]:
    """doc/<slug>.md for every document.

    `campaigns` maps every campaign name a document uses (as written) to
    (canonical name, page code); `render` is fireportal.render.render_document.
    """
    order = chronological(documents)
    original = _original_of(documents)
    pages = {}
    for i, doc in enumerate(order):
        before = order[i - 1] if i > 0 else None
        after = order[i + 1] if i + 1 < len(order) else None
        top = panel(doc, tree, campaigns, original.get(doc.slug, ""))
        pages[doc_page(doc.slug)] = with_panel(render(doc), top, neighbours(doc, before, after))
    return pages
