"""Theme fragments rendered once per build and reused by every page that reads the same.

Most of the portal's pages (documents, years, units, campaigns) are not in
the nav, so the sidebar's nav, the tabs, most of the header and the footer
come out the same for every such page whose links resolve from the same
folder: rendering them for each page was most of the template time.  The
theme marks such a fragment with a call block,

    {% call fp_shared("tabs", fp_tab) %} … {% endcall %}

and this module gives the page context an `fp_shared` that renders the
block the first time and returns the same HTML for every later page with
the same key.  Without the plugin the theme's own `fp_shared` macro renders
the block every time, so the templates build the same pages alone.

The key is everything a shared fragment may read from the page:
- the folder its relative links are resolved from (mkdocs' `url` filter,
  `base_url`), as mkdocs' own `get_relative_url` takes it from `page.url`;
- the extra value the template passes (e.g. the page's `fp_tab`);
- that the page is not in the nav and no nav item is active, so the nav's
  active marks, `previous_page`/`next_page` and the nav's own table of
  contents are the same (none) for every page that shares.  A page in the
  nav has none of this shared: its fragments are rendered for it alone.
Whatever else a shared block reads (config, nav, features, translations) is
the same for the whole build, and a store lives for one build.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable, Hashable

# Stored fragments per build.  Pages share a key only if their links resolve
# from the same folder: with `use_directory_urls` each document is its own
# folder, so without a bound a 10,000-page site would keep a copy per page.
MAX_STORED = 2048


def link_base(url: str) -> str:
    """The folder mkdocs resolves a page's relative links from: `page.url` as
    mkdocs.utils.get_relative_url takes it (a last part with a dot is a file)."""
    folder, _, name = url.rpartition("/")
    return folder if "." in name else url


def first_per_folder(urls, limit: int) -> list[int]:
    """The index of the first URL of each link folder, at most `limit` of them."""
    seen: set[str] = set()
    found: list[int] = []
    for index, url in enumerate(urls):
        if len(found) == limit:
            break
        folder = link_base(url)
        if folder not in seen:
            seen.add(folder)
            found.append(index)
    return found


def _nav_items(nav) -> list:
    found, stack = [], list(nav.items)
    while stack:
        item = stack.pop()
        found.append(item)
        stack.extend(getattr(item, "children", None) or ())
    return found


def page_key(page, nav) -> Hashable | None:
    """What the shared fragments read from `page`, or None when they must be rendered for it alone."""
    if page is None or nav is None:
        return None
    items = _nav_items(nav)
    if any(item is page or getattr(item, "active", False) for item in items):
        return None
    if page.previous_page is not None or page.next_page is not None:
        return None
    return link_base(page.url)


def frozen(value) -> Hashable:
    """`value` (front matter: dicts, lists, scalars) as a key: equal only if it prints the same.

    Types are kept where Python's equality would merge what prints apart
    (True == 1 == 1.0; a list and a tuple of the same items)."""
    if value is None or type(value) is str:
        return value
    if isinstance(value, dict):
        return (dict, tuple((frozen(k), frozen(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return (type(value), tuple(frozen(v) for v in value))
    hash(value)  # anything else must be hashable as it is (TypeError otherwise)
    return (type(value), value)


def translator(env, language: str) -> Callable[[str], str]:
    """Material's `lang.t`: a key's text in the theme's language, else in English, else the key.

    What Material's partials/language.html returns, read from the same
    translation templates (a theme folder may override them), each key
    worked out once: Material's macros build a language's whole table for
    every word they look up, several times per page.
    """
    lang = env.get_template(f"partials/languages/{language}.html").module
    fallback = env.get_template("partials/languages/en.html").module
    known: dict[str, str] = {}

    def translate(key: str) -> str:
        text = known.get(key)
        if text is None:
            text = known[key] = str(lang.t(key) or fallback.t(key) or key)
        return text

    return translate


def _render(name: str, extra: Hashable = None, *, caller: Callable[[], str]) -> str:
    return caller()


class Fragments:
    """One build's store of shared fragments: (name, page key, extra) -> HTML.

    In forked workers (`marking` on) a fragment a page shares with an
    earlier one prints as a marker instead of its HTML: a page's HTML
    travels to the build process compressed, and the shared fragments were
    half of every page's bytes, compressed again for every page.  The worker hands each fragment's HTML
    over once (`take_unsent`, attached to a page's result), and the build
    process puts it back (`receive`, `expand`) before mkdocs sees the page.
    The marker holds a random word made once per build, so no text of a
    page can be taken for one.
    """

    def __init__(self) -> None:
        self._html: dict[tuple, str] = {}
        self.marking = False
        self._nonce = secrets.token_hex(8)
        self._marker = re.compile(f"\x00fp{self._nonce}:([0-9a-f]{{32}})\x00")
        self._marks: dict[tuple, str] = {}  # entry -> its marker (marking only)
        self._unsent: dict[str, str] = {}  # marker id -> HTML, not yet handed over
        self._received: dict[str, str] = {}  # marker id -> HTML, in the build process
        self._depth = 0  # fragments being rendered, one inside another

    def for_page(self, page, nav) -> Callable[..., str]:
        """The `fp_shared` of one page's context."""
        key = page_key(page, nav)
        if key is None:
            return _render

        def shared(name: str, extra: Hashable = None, *, caller: Callable[[], str]) -> str:
            try:
                entry = (name, key, frozen(extra))
            except TypeError:  # an unhashable value: nothing to share it by
                return caller()
            html = self._html.get(entry)
            if html is None:
                self._depth += 1
                try:
                    html = caller()
                finally:
                    self._depth -= 1
                if len(self._html) < MAX_STORED:
                    self._html[entry] = html
                return html
            # Inside another fragment being rendered, the HTML itself: a
            # stored fragment never holds a marker.
            if not self.marking or self._depth:
                return html
            # Marked from its second page on: a fragment no other page
            # shares (with directory URLs, a document's own folder) travels
            # inside its page, compressed, as before.
            mark = self._marks.get(entry)
            if mark is None:
                mark = self._marks[entry] = self._mark(html)
            return mark

        return shared

    def _mark(self, html: str) -> str:
        ident = hashlib.blake2b(html.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        self._unsent[ident] = html
        return f"\x00fp{self._nonce}:{ident}\x00"

    def take_unsent(self) -> dict[str, str]:
        """The HTML of the markers printed since the last call (a worker, after a page it returns)."""
        unsent, self._unsent = self._unsent, {}
        return unsent

    def receive(self, texts: dict[str, str]) -> None:
        self._received.update(texts)

    def expand(self, html: str) -> str | None:
        """`html` with every marker replaced by its fragment; None if one was never received."""
        parts = self._marker.split(html)
        for index in range(1, len(parts), 2):
            text = self._received.get(parts[index])
            if text is None:
                return None
            parts[index] = text
        return "".join(parts)
