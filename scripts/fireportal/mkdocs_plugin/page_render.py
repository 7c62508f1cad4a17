"""mkdocs' `Page.render` for many pages in a row, with less work per page.

`Page.render` builds a new `markdown.Markdown` with every extension for each
page (about 8% of a page's Markdown time at 2,000 documents), and parses the
whole page a second time with an HTML parser, only to collect `id="…"` and
`<a name="…">` anchors.  `PageRenderer.render` does the same steps and leaves
the same values on the page, with three differences:

- one Markdown instance per config, `reset()` between pages, which is what
  Python-Markdown documents for converting more than one text.  Only when
  every extension and every processor in it is one whose state between two
  texts was checked (below: `STATELESS`): nothing, or only what
  `Markdown.reset()` clears.  mkdocs' four per-page processors (they hold the
  page, its files and what they collect) are made new for every page, as
  `Page.render` makes them.  After a conversion that raised, the instance is
  dropped: a half-run parse may leave state behind.
- the anchor parse is skipped on a text in which `id` or `name` never stands
  as a word of its own: the parser only reports attributes named exactly
  that (lower-cased), and an attribute name is a run of characters that
  starts after a quote, a space or `/` and ends before a space, `/`, `=` or
  `>`, so it is never glued to an ASCII letter or digit.
- the toc extension's table of contents as HTML (`md.toc`, serialized and
  sanitized for every page) is not made when no marker could put it into
  the page: mkdocs only reads the toc's tokens.

It repeats `Page.render`, so it only does so on the mkdocs and Markdown
versions whose code it was checked against (`VERIFIED_SOURCE`: the text of
the functions it repeats or relies on); anywhere else, for a page of another
class, or a config with an extension not listed, it calls `page.render` and
the pages come out as always.  tests/test_page_render.py compares both ways
on varied pages, in several orders.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import logging
import re
import xml.etree.ElementTree as etree

import markdown
import markdown.htmlparser
import mkdocs
from markdown.extensions.toc import TocTreeprocessor
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.toc import get_toc

# sha256 of the source of what this module repeats (Page.render) or relies
# on (the anchor parser and the attribute regex it reads names with,
# Markdown.reset, the toc step whose HTML table it leaves out); read that
# code again before adding a value (`source_digest()` prints it).
VERIFIED_SOURCE = frozenset({
    "af3605b2dc53db7f3cd7cd7abdd60b51a72affcdae39d42626d4f010741fe640",  # mkdocs 1.6.1, Markdown 3.11.3, Python 3.11
})
# The releases (major, minor) whose processors `STATELESS` was read against.
VERIFIED_MARKDOWN = frozenset({(3, 11)})
VERIFIED_MKDOCS = frozenset({(1, 6)})

# Extensions and processors whose objects keep nothing from one text to the
# next: configuration only, state set in `test` and always consumed by the
# `run` that follows, or a new helper object per run.
STATELESS = frozenset({
    # Python-Markdown core
    "markdown.preprocessors.NormalizeWhitespace",
    "markdown.blockprocessors.EmptyBlockProcessor",
    "markdown.blockprocessors.ListIndentProcessor",  # parser.state: set and reset within run
    "markdown.blockprocessors.CodeBlockProcessor",
    "markdown.blockprocessors.HashHeaderProcessor",
    "markdown.blockprocessors.SetextHeaderProcessor",
    "markdown.blockprocessors.HRProcessor",  # `match`: set by test, read by the run after it
    "markdown.blockprocessors.OListProcessor",  # STARTSWITH: set in run before it is read
    "markdown.blockprocessors.UListProcessor",
    "markdown.blockprocessors.BlockQuoteProcessor",
    "markdown.blockprocessors.ReferenceProcessor",  # writes md.references (reset clears)
    "markdown.blockprocessors.ParagraphProcessor",
    "markdown.treeprocessors.InlineProcessor",  # run() starts its own stash and maps
    "markdown.treeprocessors.PrettifyTreeprocessor",
    "markdown.treeprocessors.UnescapeTreeprocessor",
    "markdown.inlinepatterns.BacktickInlineProcessor",
    "markdown.inlinepatterns.EscapeInlineProcessor",
    "markdown.inlinepatterns.ReferenceInlineProcessor",  # reads md.references
    "markdown.inlinepatterns.LinkInlineProcessor",
    "markdown.inlinepatterns.ImageInlineProcessor",
    "markdown.inlinepatterns.ImageReferenceInlineProcessor",
    "markdown.inlinepatterns.ShortReferenceInlineProcessor",
    "markdown.inlinepatterns.ShortImageReferenceInlineProcessor",
    "markdown.inlinepatterns.AutolinkInlineProcessor",
    "markdown.inlinepatterns.AutomailInlineProcessor",
    "markdown.inlinepatterns.SubstituteTagInlineProcessor",
    "markdown.inlinepatterns.HtmlInlineProcessor",  # writes md.htmlStash (reset clears)
    "markdown.inlinepatterns.DelimiterProcessor",  # md.delimiters: reset() clears its cache
    "markdown.postprocessors.AndSubstitutePostprocessor",
    "markdown.postprocessors.RawHtmlPostprocessor",  # reads md.htmlStash
    "markdown.postprocessors.UnescapePostprocessor",
    # Python-Markdown extensions in mkdocs' defaults and mkdocs.yml
    "markdown.extensions.toc.TocExtension",  # reset(): md.toc, md.toc_tokens
    "markdown.extensions.toc.TocTreeprocessor",  # ids made unique per run, from that text
    "markdown.extensions.tables.TableExtension",
    "markdown.extensions.tables.TableProcessor",  # border, separator: set by test for run
    "markdown.extensions.fenced_code.FencedCodeExtension",
    "markdown.extensions.fenced_code.FencedBlockPreprocessor",  # reads registeredExtensions once
    "markdown.extensions.attr_list.AttrListExtension",
    "markdown.extensions.attr_list.AttrListTreeprocessor",
    "markdown.extensions.md_in_html.MarkdownInHtmlExtension",
    "markdown.extensions.md_in_html.HtmlBlockPreprocessor",  # a new parser per run
    "markdown.extensions.md_in_html.MarkdownInHtmlProcessor",  # reads md.htmlStash
    "markdown.extensions.md_in_html.MarkdownInHTMLPostprocessor",
    "markdown.extensions.admonition.AdmonitionExtension",
    "markdown.extensions.admonition.AdmonitionProcessor",  # current_sibling: set by test for run
    # the portal's own
    "fireportal.markdown_speed.MarkdownSpeedExtension",
    "fireportal.markdown_speed.SkippingInlineProcessor",  # run() reads the registry afresh
    "fireportal.markdown_safety.MarkdownSafetyExtension",
    "fireportal.markdown_safety._Sanitize",
})

# The names mkdocs may list under `markdown_extensions` for the classes above
# (an extension object, or any other name, and Page.render is used as is).
KNOWN_EXTENSIONS = frozenset({
    *(f"{prefix}{name}" for prefix in ("", "markdown.extensions.")
      for name in ("toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition")),
    "fireportal.markdown_speed", "fireportal.markdown_safety",
})

# `id` or `name` as a word of its own (see the module's docstring).
_MAY_NAME_ANCHOR = re.compile(r"(?<![A-Za-z0-9])(?:[iI][dD]|[nN][aA][mM][eE])(?![A-Za-z0-9])")


def _qualified(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def source_digest() -> str:
    """sha256 over the source of everything `VERIFIED_SOURCE` vouches for."""
    parts = [
        inspect.getsource(mkdocs_pages.Page.render),
        inspect.getsource(mkdocs_pages._RawHTMLPreprocessor),
        inspect.getsource(mkdocs_pages._HTMLHandler),
        inspect.getsource(markdown.Markdown.reset),
        inspect.getsource(TocTreeprocessor.run),
        inspect.getsource(TocTreeprocessor.build_toc_div),
        markdown.htmlparser.htmlparser.attrfind_tolerant.pattern,
    ]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


@functools.cache
def verified() -> bool:
    try:
        return (tuple(markdown.__version_info__[:2]) in VERIFIED_MARKDOWN
                and tuple(int(part) for part in mkdocs.__version__.split(".")[:2]) in VERIFIED_MKDOCS
                and source_digest() in VERIFIED_SOURCE)
    except (OSError, TypeError, AttributeError, ValueError):  # no source to read: not checked
        return False


def may_name_anchor(text: str) -> bool:
    """False only when the HTML parser cannot find an `id` or `name` attribute in `text`."""
    return _MAY_NAME_ANCHOR.search(text) is not None


class _RawHTMLPreprocessor(mkdocs_pages._RawHTMLPreprocessor):
    """mkdocs' anchor collector, which does not parse a text that names no anchor."""

    def run(self, lines: list[str]) -> list[str]:
        if not may_name_anchor("\n".join(lines)):
            self.present_anchor_ids = set()
            return lines
        return super().run(lines)


def _no_toc_html(toc_list: list) -> etree.Element:
    return etree.Element("div")


def skip_toc_html(md: markdown.Markdown) -> None:
    """The toc step without its table of contents as HTML (`md.toc`).

    The toc extension serializes and sanitizes its table after every page;
    mkdocs reads only `md.toc_tokens`, which are made before it.  Without a
    marker the table is never put into the page either, so then it is left
    out (md.toc holds an empty div): the same page, toc and tokens.
    """
    toc = md.treeprocessors["toc"] if "toc" in md.treeprocessors else None
    if type(toc) is TocTreeprocessor and not toc.marker:
        toc.build_toc_div = _no_toc_html


def _processors(md: markdown.Markdown):
    for registry in (md.preprocessors, md.parser.blockprocessors, md.treeprocessors,
                     md.inlinePatterns, md.postprocessors):
        yield from (registry[name] for name in list(registry._data))


def reusable(extensions, md: markdown.Markdown) -> bool:
    """Every extension and processor of `md` keeps nothing between texts beyond what `reset()` clears."""
    if not all(isinstance(name, str) and name in KNOWN_EXTENSIONS for name in extensions):
        return False
    objects = [*md.registeredExtensions, *_processors(md)]
    return all(_qualified(type(o)) in STATELESS for o in objects)


class PageRenderer:
    """`page.render(config, files)`, page after page, sharing one Markdown instance."""

    def __init__(self) -> None:
        self._md: markdown.Markdown | None = None
        self._key: tuple | None = None

    def render(self, page, config, files) -> None:
        md = self._markdown(page, config)
        if md is None:
            page.render(config, files)
            return
        try:
            self._render(md, page, config, files)
        except BaseException:
            self._md = self._key = None
            raise

    def _markdown(self, page, config) -> markdown.Markdown | None:
        if not verified() or type(page).render is not mkdocs_pages.Page.render:
            return None
        # The config object, and what it held when the instance was built
        # (a plugin may change the extensions between builds).
        key = (config, list(config["markdown_extensions"]), repr(config["mdx_configs"]))
        if self._key is None or self._key[0] is not config or self._key[1:] != key[1:]:
            md = markdown.Markdown(extensions=config["markdown_extensions"],
                                   extension_configs=config["mdx_configs"] or {})
            if not reusable(config["markdown_extensions"], md):
                self._md, self._key = None, key
                return None
            skip_toc_html(md)
            self._md, self._key = md, key
        return self._md

    @staticmethod
    def _render(md: markdown.Markdown, page, config, files) -> None:
        # Page.render, step by step, on a reset instance.
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md.reset()
        raw_html_ext = _RawHTMLPreprocessor()
        raw_html_ext._register(md)
        extract_anchors_ext = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        extract_anchors_ext._register(md)
        relative_path_ext = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
        relative_path_ext._register(md)
        extract_title_ext = mkdocs_pages._ExtractTitleTreeprocessor()
        extract_title_ext._register(md)

        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = extract_title_ext.title
        page.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative_path_ext.links_to_anchors
