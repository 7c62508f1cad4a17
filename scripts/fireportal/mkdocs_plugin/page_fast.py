"""mkdocs' `Page.render` for the portal's own generated pages, without Python-Markdown.

Nearly every page of the portal is a document or listing page that
fireportal wrote in a small, fixed Markdown shape; fireportal.fast_markdown
turns such a text into the HTML Python-Markdown would serialize for it.
`render` adds what needs the site, as the Markdown step does it, and leaves
on the page what `Page.render` leaves:

- heading ids from the configured slugify, made unique with the toc
  extension's own `unique`; the toc tokens as the toc step makes them, nested
  and turned into mkdocs' `TableOfContents` by the same functions;
- every link (permalinks included, in document order) through mkdocs' own
  `_RelativePathTreeprocessor.path_to_url`, which rewrites it, records links
  to anchors and logs a broken one exactly as during a conversion;
- anchors: the heading ids, and what mkdocs' raw-HTML anchor parse finds;
- the title: None, as the page starts with the breadcrumb, not an `<h1>`;
- the content through the same sanitizer (fireportal.markdown_safety) as the
  last step, so no page reaches the site unchecked.

It steps aside (returns False, and the page goes through PageRenderer as
before) for any text fast_markdown does not recognise, for a config with
other extensions or toc settings, and on any Python-Markdown, mkdocs or
pymdownx whose code was not the code it was checked against
(`VERIFIED_SOURCE`).  FIREPORTAL_FAST_MARKDOWN=0 in the environment turns
it off.  tests/test_page_fast.py compares it with `Page.render` page by page.
"""

from __future__ import annotations

import functools
import hashlib
import html
import inspect
import logging
import os

import markdown
import markdown.extensions.attr_list
import markdown.extensions.md_in_html
import markdown.extensions.toc as toc_ext
import pymdownx.slugs
from markdown.serializers import _escape_attrib_html
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure import toc as mkdocs_toc

from fireportal import fast_markdown, markdown_safety
from fireportal.fast_markdown import Heading, Link
from fireportal.mkdocs_plugin import page_render

SWITCH = "FIREPORTAL_FAST_MARKDOWN"

# The extension list mkdocs makes of mkdocs.yml's (its three defaults first).
EXTENSIONS = ("toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition",
              "fireportal.markdown_speed", "fireportal.markdown_safety")
# toc settings whose effect is reproduced (any other keeps its default).
_TOC_KEYS = frozenset({"permalink", "permalink_title", "marker", "slugify"})

# sha256 of the source of the modules whose output fast_markdown and this
# module reproduce (`source_digest()` prints it); read them again before
# adding a value.
VERIFIED_SOURCE = frozenset({
    # Markdown 3.11.3, mkdocs 1.6.1, pymdown-extensions 13.1.2, Python 3.11
    "c95cc5f50127465740793470d9ab59d0217b963fc42f782d958bb1f2f9bc48b7",
})

_MODULES = (
    markdown.core, markdown.preprocessors, markdown.blockparser, markdown.blockprocessors,
    markdown.treeprocessors, markdown.inlinepatterns, markdown.postprocessors, markdown.serializers,
    markdown.util, markdown.htmlparser, toc_ext, markdown.extensions.attr_list,
    markdown.extensions.md_in_html, mkdocs_pages, mkdocs_toc, pymdownx.slugs,
)


def source_digest() -> str:
    return hashlib.sha256("\n".join(inspect.getsource(m) for m in _MODULES).encode("utf-8")).hexdigest()


@functools.cache
def verified() -> bool:
    try:
        return page_render.verified() and source_digest() in VERIFIED_SOURCE
    except (OSError, TypeError):  # no source to read: not checked
        return False


def enabled() -> bool:
    return os.environ.get(SWITCH, "1") != "0"


def _slugify_of(config):
    """The toc's slugify, when the config is one whose output is reproduced."""
    if tuple(config["markdown_extensions"]) != EXTENSIONS:
        return None
    settings = config["mdx_configs"] or {}
    toc = settings.get("toc", {})
    if set(settings) - {"toc"} or set(toc) - _TOC_KEYS:
        return None
    if toc.get("permalink") is not True or toc.get("marker", "[TOC]") != "":
        return None
    if not isinstance(toc.get("permalink_title"), str):
        return None
    slugify = toc.get("slugify")
    if not (isinstance(slugify, functools.partial) and slugify.func is pymdownx.slugs._uslugify
            and not slugify.args and not slugify.keywords.get("percent_encode", False)
            and set(slugify.keywords) <= {"case", "percent_encode", "normalize"}):
        return None
    return slugify


def inner_html(heading: Heading) -> str:
    """The heading's HTML as the toc step reads it (`render_inner_html`): its
    text through the postprocessors, of which only the sanitizer changes
    anything in it (it writes references as characters or entities)."""
    return markdown_safety.sanitize(heading.text).strip()


def _ids(headings: list[Heading], slugify) -> list[str] | None:
    """Each heading's id, as the toc step gives them (unique within the page)."""
    used: set[str] = set()
    counters: dict[str, int] = {}
    ids = []
    for heading in headings:
        name = toc_ext.strip_tags(inner_html(heading))
        ident = toc_ext.unique(slugify(html.unescape(name), "-"), used, counters)
        if ident != toc_ext.unescape(ident):
            return None
        ids.append(ident)
    return ids


def render(page, config, files) -> bool:
    """`page.render(config, files)` for a generated page; False (and nothing
    done) for any other page or config."""
    if not enabled() or type(page).render is not mkdocs_pages.Page.render or page.markdown is None:
        return False
    if not verified():
        return False
    slugify = _slugify_of(config)
    if slugify is None:
        return False
    parts = fast_markdown.page_parts(page.markdown)
    if parts is None:
        return False
    headings = [part for part in parts if isinstance(part, Heading)]
    ids = _ids(headings, slugify)
    if ids is None:
        return False
    # Nothing was logged or changed so far; from here on the page is rendered.
    title = _escape_attrib_html(config["mdx_configs"]["toc"]["permalink_title"])
    relpath = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
    out: list[str] = []
    tokens = []
    numbered = iter(ids)
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Link):
            out.append(_escape_attrib_html(relpath.path_to_url(part.url)))
        else:
            ident = next(numbered)
            # The toc step's permalink (attributes sorted, as the serializer
            # writes them; its `&para;` is what the amp-substitute
            # postprocessor makes of the toc's text).  The heading's own text
            # keeps its references: the sanitizer below writes them out.
            href = _escape_attrib_html(relpath.path_to_url("#" + ident))
            permalink = f'<a class="headerlink" href="{href}" title="{title}">&para;</a>' if title else \
                f'<a class="headerlink" href="{href}">&para;</a>'
            out.append(f'<h{part.level} id="{_escape_attrib_html(ident)}">{part.text}{permalink}</h{part.level}>')
            inner = inner_html(part)
            tokens.append({"level": part.level, "id": toc_ext.unescape(ident), "name": toc_ext.strip_tags(inner),
                           "html": inner, "data-toc-label": ""})
    # The sanitizer is Python-Markdown's last postprocessor here too: every
    # page's HTML goes through it, whichever path made it.
    page.content = markdown_safety.sanitize("".join(out)).strip()
    page.toc = mkdocs_toc.get_toc(toc_ext.nest_toc_tokens(tokens))
    page._title_from_render = None  # the first element is the breadcrumb's <nav>
    anchors = set(ids)
    # mkdocs' raw-HTML anchor parse reads the lines after Python-Markdown's
    # whitespace step, which for a recognised text only adds "\n\n".
    if page_render.may_name_anchor(page.markdown):
        parser = mkdocs_pages._HTMLHandler()
        parser.feed(page.markdown + "\n\n")
        parser.close()
        anchors |= parser.present_anchor_ids
    page.present_anchor_ids = anchors
    if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = relpath.links_to_anchors
    return True
