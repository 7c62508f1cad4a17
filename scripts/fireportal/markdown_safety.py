"""A Python-Markdown extension: every page's HTML is checked after rendering.

Source text is escaped before it becomes Markdown (fireportal.inert), but a
curated `.md` page keeps its Markdown, and a link only exists once Markdown
has resolved it: reference style (`[t][1]` … `[1]: javascript:…`), entities
(`&#106;avascript:`, `javascript&colon;`), control characters before the
scheme.  So the final HTML of every page goes through an allowlist sanitizer
(nh3, the Python binding of the Rust crate ammonia, which parses the HTML as
a browser does, entities and all) as the last step of the conversion:

- links may be `http`, `https`, `mailto` or relative; anything else loses its
  `href` and shows as text;
- images load from the site only: an outside or `data:` source is dropped, so
  no page makes a request to another host;
- no event handlers, `style` (but table alignment), `http-equiv`, forms,
  frames, scripts or other live elements survive.

Listed under `markdown_extensions:` in mkdocs.yml, so any engine that reads it
and runs Python-Markdown applies it, with or without the fireportal plugin.
It imports Python-Markdown, never mkdocs.
"""

from __future__ import annotations

import functools
import html
import re

import nh3
from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

LINK_SCHEMES = frozenset({"http", "https", "mailto"})

# Everything the portal's pages and Python-Markdown's extensions write.
TAGS = frozenset(nh3.ALLOWED_TAGS) - {"area", "map"}
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "download"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "scope", "style"},
    "time": {"datetime"},
}
# The tables extension aligns columns with `style="text-align: …"`.
STYLE_PROPERTIES = frozenset({"text-align"})

# Browsers drop these before reading a scheme (`java\tscript:`, `\x01javascript:`).
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f]+")
_SCHEME = re.compile(r"^(?P<scheme>[a-z][a-z0-9+.\-]*):", re.I)


def _as_browser_reads(url: str) -> str:
    return _IGNORED_IN_URL.sub("", html.unescape(url))


def link_allowed(url: str) -> bool:
    """http, https, mailto or relative (including `#anchor` and `//host/…`)."""
    match = _SCHEME.match(_as_browser_reads(url))
    return match is None or match["scheme"].lower() in LINK_SCHEMES


def resource_allowed(url: str) -> bool:
    """A path inside the site: no scheme, no other host."""
    seen = _as_browser_reads(url)
    return not _SCHEME.match(seen) and not seen.replace("\\", "/").startswith("//")


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    if attribute == "href" and not link_allowed(value):
        return None
    if attribute == "src" and not resource_allowed(value):
        return None
    return value


# The allowlist, as nh3 takes it.
_ALLOWLIST = dict(
    tags=set(TAGS),
    clean_content_tags={"script", "style"},
    attributes={k: set(v) for k, v in ATTRIBUTES.items()},
    attribute_filter=_attribute_filter,
    url_schemes=set(LINK_SCHEMES),
    filter_style_properties=set(STYLE_PROPERTIES),
    link_rel=None,
)
# Built once: `nh3.clean` builds the same ammonia cleaner on every call, which
# costs ten times the cleaning of a heading (the toc extension sends every
# heading through the postprocessors, so a page is cleaned once per heading).
# An nh3 without `Cleaner` cleans the same way, only slower.
_clean = (nh3.Cleaner(**_ALLOWLIST).clean if hasattr(nh3, "Cleaner")
          else functools.partial(nh3.clean, **_ALLOWLIST))

# Text the cleaner would give back unchanged: no markup (`<`), no entity or
# character reference (`&`), nothing the serializer writes as an entity (`>`,
# U+00A0), nothing the HTML parser rewrites (NUL, CR) and no lone surrogate
# (the cleaner refuses it: UTF-8 cannot encode it).  Such text holds no
# element, attribute or link, so there is nothing to clean; tests check the
# claim against the cleaner for every code point.
_NEEDS_CLEANER = re.compile(r"[<>&\x00\r\u00a0\ud800-\udfff]")


def sanitize(page_html: str) -> str:
    """The HTML with only what the allowlist permits."""
    if _NEEDS_CLEANER.search(page_html) is None:
        return page_html
    return _clean(page_html)


_URL_ATTRIBUTE = re.compile(r'\s(?P<name>href|src)="(?P<url>[^"]*)"')
_PAGE_EXTENSIONS = ("toc", "attr_list", "md_in_html", "admonition", "tables")


def refused_urls(markdown_text: str) -> list[tuple[str, str]]:
    """(href|src, URL) of every link or image in the Markdown that `sanitize`
    would drop, as Python-Markdown resolves them (reference links included),
    so staff can be told what their page will not show."""
    rendered = Markdown(extensions=list(_PAGE_EXTENSIONS)).convert(markdown_text)
    refused = []
    for match in _URL_ATTRIBUTE.finditer(rendered):
        allowed = link_allowed if match["name"] == "href" else resource_allowed
        if not allowed(match["url"]):
            refused.append((match["name"], html.unescape(match["url"])))
    return refused


class _Sanitize(Postprocessor):
    def run(self, text: str) -> str:
        return sanitize(text)


class MarkdownSafetyExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API
        # Priority 0: after the raw-HTML postprocessor (30) has put stashed
        # HTML back, so nothing reaches the page unchecked.
        md.postprocessors.register(_Sanitize(md), "fireportal_sanitize", 0)


def makeExtension(**kwargs) -> MarkdownSafetyExtension:  # noqa: N802 - Python-Markdown's API
    return MarkdownSafetyExtension(**kwargs)
