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


def sanitize(page_html: str) -> str:
    """The HTML with only what the allowlist permits."""
    return nh3.clean(
        page_html,
        tags=set(TAGS),
        clean_content_tags={"script", "style"},
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        attribute_filter=_attribute_filter,
        url_schemes=set(LINK_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        link_rel=None,
    )


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
