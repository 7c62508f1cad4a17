"""Render: a Document → a Markdown page with YAML front matter.

Source text is content, never code: every character Markdown, HTML or a
template engine would act on is written as an entity, so the page shows
exactly what the source said.  Output is deterministic (no dates, no
dictionary-order surprises), so the same input gives byte-identical pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import yaml

from .faults import ADVICE, reason
from .inert import markdown_inline, markdown_lines, markdown_text, scalar
from .model import Block, Document, Problem
from .structure import SIGNED_DATE, run_in_heading

_UNSAFE_LINK = re.compile(r"\]\(\s*(?:javascript|vbscript|data):", re.I)


def escape(text: str) -> str:
    """Source text as literal Markdown/HTML (see fireportal.inert)."""
    return markdown_lines(text)


def safe_scalar(text: str) -> str:
    return scalar(text)


# libyaml's emitter when PyYAML has it: the same output, several times faster
# (front matter is written for every page of every build).
SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def front_matter_yaml(mapping: dict) -> str:
    body = _plain_yaml(mapping)
    if body is None:
        body = yaml.dump(mapping, Dumper=SAFE_DUMPER, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{body}---\n"


# A value yaml.dump writes as it is (plain) or in single quotes, with nothing
# to escape: Chinese text, the full-width marks `scalar` leaves, Latin
# letters and digits, and - . / _ and single spaces inside.  It starts with
# none of YAML's indicators and holds none of the marks that start a comment,
# a key or a flow collection (: # , [ ] { }), a quote or a line break, and it
# is short enough that width=10_000 never folds it.
# `[C0](?: ?[C])*`, written as runs of C joined by single spaces, which the
# regex engine takes a run at a time rather than a group per character.
_SIMPLE_SCALAR = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e“”‘’…—·A-Za-z0-9]"
    r"[\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e“”‘’…—·A-Za-z0-9._/-]*"
    r"(?: [\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e“”‘’…—·A-Za-z0-9._/-]+)*"
)
_SIMPLE_KEY = re.compile(r"[a-z][a-z_]*")
_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()  # the tag resolution SAFE_DUMPER uses


@lru_cache(maxsize=1 << 12)
def _plain_means_str(value: str) -> bool:
    """Whether YAML reads `value`, written plain, as a string (2023-05-12 is a
    date and 2023 a number: yaml.dump quotes them)."""
    return _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG


@lru_cache(maxsize=256)
def _simple_key(key: str) -> bool:
    """A key `_plain_yaml` writes itself (the same few keys, on every page)."""
    return bool(_SIMPLE_KEY.fullmatch(key)) and _plain_means_str(key)


# The resolver reads a plain value by the resolvers kept for its first
# character (and any kept for every character, and any path resolver): a
# value starting with a character that has none, as a Chinese one, is a
# string without asking it.
_RESOLVED_FIRST = frozenset(_RESOLVER.yaml_implicit_resolvers)
_BY_FIRST_CHARACTER = (None not in _RESOLVED_FIRST and not _RESOLVER.yaml_path_resolvers
                       and _RESOLVER.DEFAULT_SCALAR_TAG == _STR_TAG)


def _simple_scalar(value: str) -> str | None:
    if len(value) > 1000 or not _SIMPLE_SCALAR.fullmatch(value):
        return None
    if _BY_FIRST_CHARACTER and value[0] not in _RESOLVED_FIRST:
        return value
    return value if _plain_means_str(value) else f"'{value}'"


def _plain_yaml(mapping: dict) -> str | None:
    """What yaml.dump (SAFE_DUMPER, allow_unicode, block style) writes for a
    mapping of simple keys to simple strings or non-empty lists of them,
    written directly; None for anything else, which yaml.dump then writes.
    PyYAML builds the YAML in Python around libyaml's emitter, and front
    matter is written for every page of every build."""
    lines = []
    for key, value in mapping.items():
        # Exact types: yaml.dump refuses a subclass of str or list, and so must this.
        if type(key) is not str or not _simple_key(key):
            return None
        if type(value) is str:
            written = _simple_scalar(value)
            if written is None:
                return None
            lines.append(f"{key}: {written}\n")
        elif type(value) is list and value and all(type(item) is str for item in value):
            items = [_simple_scalar(item) for item in value]
            if None in items:
                return None
            lines.append(f"{key}:\n" + "".join(f"- {item}\n" for item in items))
        else:
            return None
    return "".join(lines) if lines else None


def front_matter(doc: Document) -> dict:
    data = doc.meta.front_matter()
    for key, value in data.items():
        if isinstance(value, str):
            data[key] = safe_scalar(value)
        elif isinstance(value, list):
            data[key] = [safe_scalar(v) for v in value]
    return data


def duty_badge(block: Block) -> str:
    if not block.departments:
        return ""
    depts = "".join(f'<span class="fp-dept">{markdown_text(d)}</span>' for d in block.departments)
    label = markdown_text(block.note_label or "责任单位")
    return f' <span class="fp-duty"><span class="fp-duty__label">{label}</span>{depts}</span>'


def _block_markdown(block: Block) -> str:
    badge = duty_badge(block)
    if block.kind in ("section", "subsection"):
        head, rest = run_in_heading(block)
        hashes = "##" if block.kind == "section" else "###"
        heading = f"{hashes} {markdown_text(block.marker + head)}"
        if rest:
            return f"{heading}\n\n{escape(rest)}{badge}"
        # A heading cannot hold a badge in every engine; put it under the heading.
        return heading + (f"\n\n<p class=\"fp-duty-line\">{badge.strip()}</p>" if badge else "")
    if block.kind == "item":
        head, rest = run_in_heading(block)
        return f"**{markdown_inline(block.marker + head)}**{markdown_inline(rest)}{badge}"
    if block.kind == "heading":
        return f"### {markdown_text(block.text)}" + (f"\n\n{badge.strip()}" if badge else "")
    if block.kind == "closing":
        return f'<p class="fp-closing">{markdown_text(block.text)}</p>'  # the 落款, signed on the right
    return f"{escape(block.text)}{badge}"


def _cell_markdown(text: str) -> str:
    # Escaped as literal text (a `|` too, so it never ends the cell); the
    # lines of a cell stay lines.
    return "<br>".join(markdown_inline(line) for line in text.split("\n") if line.strip())


def table_markdown(block: Block) -> str:
    """A table block as a Markdown table, its first row the header row."""
    width = max(len(row) for row in block.rows)

    def row(cells: tuple[str, ...]) -> str:
        cells = (*cells, *([""] * (width - len(cells))))
        return "| " + " | ".join(_cell_markdown(cell) for cell in cells) + " |"

    return "\n".join([row(block.rows[0]), "|" + " --- |" * width, *(row(cells) for cells in block.rows[1:])])


# A picture's name is made by the reader from its content hash; anything
# else is not shown rather than written into a link.
_IMAGE_SRC = re.compile(r"^[0-9a-f]{16}\.(?:png|jpg|gif|webp)$")


def image_markdown(block: Block, slug: str) -> str:
    """A picture next to the page: `doc/<slug>/<name>` beside `doc/<slug>.md`."""
    if not _IMAGE_SRC.match(block.src) or not re.fullmatch(r"[A-Za-z0-9._-]+", slug):
        return escape(f"［图片：{block.text}］" if block.text else "［图片］")
    return f"![{markdown_inline(block.text)}]({slug}/{block.src})"


def _layout_block_markdown(block: Block, slug: str) -> str:
    if block.kind == "table" and block.rows:
        return table_markdown(block)
    if block.kind == "image":
        return image_markdown(block, slug)
    return _block_markdown(block)


def _dateline_parts(dateline: str) -> list[str]:
    """The unit and the date of a dateline as two items: the cleanups close the
    gap typed between them, and run together they read as one name."""
    found = next((m for m in SIGNED_DATE.finditer(dateline) if m.end() == len(dateline)), None)
    if not found or not dateline[: found.start()].strip():
        return [dateline] if dateline else []
    return [dateline[: found.start()].strip(), found.group()]


def render_body(doc: Document) -> str:
    # The H1 is written here, escaped, rather than left to the theme: the
    # theme would print the front-matter title, whose < > & are full width.
    heading = f"# {markdown_text(doc.meta.title)}"
    if doc.curated:
        body = curated_body(doc.body)
        return body if body.startswith("# ") else f"{heading}\n\n{body}"
    parts: list[str] = [heading]
    if doc.meta.subtitle:
        parts.append(f'<p class="fp-subtitle">{markdown_text(doc.meta.subtitle)}</p>')
    for line in unshown_head_lines(doc):
        parts.append(f'<p class="fp-source-title">{markdown_text(line)}</p>')
    masthead = [doc.head.publication, doc.head.issue, *_dateline_parts(doc.head.dateline)]
    if any(masthead):
        spans = "".join(f"<span>{markdown_text(m)}</span>" for m in masthead if m)
        parts.append(f'<p class="fp-masthead">{spans}</p>')
    parts.extend(_layout_block_markdown(block, doc.slug) for block in doc.blocks)
    if doc.head.byline:
        parts.append(f'<p class="fp-byline">{markdown_text(doc.head.byline)}</p>')
    return "\n\n".join(parts) + "\n"


# The only tags a curated page may hold: the ones render_body itself writes,
# letter for letter, so a promoted page keeps its badges and masthead.
_OWN_TAGS = re.compile(
    r'<span class="fp-(?:duty|duty__label|dept)">|</span>'
    r'|<p class="fp-(?:subtitle|source-title|masthead|byline|duty-line)">|</p>|<span>'
)


def _neutralise(text: str) -> str:
    return text.replace("<", "&lt;").replace("{", "&#123;").replace("}", "&#125;")


def curated_body(markdown: str) -> str:
    """A hand-written page keeps its Markdown, but not raw HTML, templates or script links."""
    out, last = [], 0
    for match in _OWN_TAGS.finditer(markdown):
        out += [_neutralise(markdown[last : match.start()]), match.group()]
        last = match.end()
    out.append(_neutralise(markdown[last:]))
    return _UNSAFE_LINK.sub("](#", "".join(out)).strip("\n") + "\n"


def promoted_markdown(doc: Document) -> str:
    """The page as an editable source: its fields as front matter, its body
    without the H1 (the title is in the front matter) and without `source`
    (the raw file beside it stays the source)."""
    fields = {k: v for k, v in doc.meta.front_matter().items() if k != "source"}
    body = render_body(doc).split("\n", 2)[2] if not doc.curated else doc.body
    return front_matter_yaml(fields) + "\n" + body


def render_document(doc: Document) -> str:
    return front_matter_yaml(front_matter(doc)) + "\n" + render_body(doc)


@dataclass(frozen=True)
class Rendered:
    """The documents' pages, and the documents whose page could not be made."""

    pages: dict[str, str]  # slug → the page's Markdown
    documents: tuple[Document, ...]  # those with a page, in the order given
    problems: tuple[Problem, ...]  # an error for each of the others, naming its source


def render_all(documents: Iterable[Document], render: Callable[[Document], str] | None = None) -> Rendered:
    """Every document's page, each inside a fault boundary.

    Whoever writes the pages renders them here, once: a value that cannot
    become a page fails its own document (an error naming its source file),
    which is then left out of the site like a file that cannot be converted,
    and every other page is still made.
    """
    render = render or render_document
    pages: dict[str, str] = {}
    kept: list[Document] = []
    problems: list[Problem] = []
    for doc in documents:
        try:
            page = render(doc)
            page.encode("utf-8")  # a lone surrogate would fail the file's writing
        except Exception as exc:  # noqa: BLE001 - any failure is this document's, not the build's
            part = f"第 {doc.part} 篇" if doc.parts > 1 else "页面"
            problems.append(Problem(path=doc.meta.source or doc.slug, level="error", message=(
                f"{part}无法生成（{reason(exc)}），没有发布：{ADVICE}")))
            continue
        pages[doc.slug] = page
        kept.append(doc)
    return Rendered(pages=pages, documents=tuple(kept), problems=tuple(problems))


def unshown_head_lines(doc: Document) -> list[str]:
    """Title-block lines the page would otherwise not show: the source's own
    title or subtitle line when a better one (or the sidecar's) is shown
    instead.  Nothing of the source is lost, even a line taken for furniture."""
    shown = {doc.meta.title.strip(), doc.meta.subtitle.strip()}
    return [line for line in (doc.head.title, doc.head.subtitle) if line.strip() and line.strip() not in shown]


def plain_text(doc: Document) -> str:
    """The page's readable text, for search and for the nothing-lost check."""
    if doc.curated:
        return re.sub(r"<[^>\n]*>", "", doc.body)
    lines = [doc.meta.subtitle, *unshown_head_lines(doc), doc.head.publication, doc.head.issue, doc.head.dateline]
    for block in doc.blocks:
        note = f"（{block.note_label}：{'、'.join(block.departments)}）" if block.departments else ""
        lines.append(block.marker + block.text + note)
    lines.append(doc.head.byline)
    return "\n".join(line for line in lines if line)
