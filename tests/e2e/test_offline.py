"""The built files name no outside host: the portal works with no network at all.

Every src/href/srcset/action/poster/data attribute of every built page must
stay inside the site. One exception: `<link rel="canonical">` and
`<link rel="alternate">` may name the site's own `site_url` (they are never
fetched; search engines read them), and nothing else.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import yaml

URL_ATTRS = {"src", "href", "srcset", "action", "poster", "data", "formaction"}
OUTSIDE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*["']?\s*(?:https?:)?//|@import\s+["']?(?:https?:)?//""", re.I)
METADATA_RELS = {"canonical", "alternate"}


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str, str]] = []  # (tag, attr, value, rel)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        rel = (values.get("rel") or "").lower()
        for name, value in attrs:
            if name in URL_ATTRS and value:
                parts = value.split(",") if name == "srcset" else [value]
                for part in parts:
                    if OUTSIDE.match(part) or part.strip().lower().startswith(("http:", "https:")):
                        self.found.append((tag, name, part.strip(), rel))


def _site_host(project_dir) -> str:
    class _Loader(yaml.SafeLoader):
        pass

    def env(loader, node):
        """`!ENV [NAME, default]`: the default, as a build without NAME set uses."""
        if isinstance(node, yaml.SequenceNode):
            return (loader.construct_sequence(node) or [None])[-1]
        return None

    _Loader.add_constructor("!ENV", env)
    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((project_dir / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    return urlsplit(str((config or {}).get("site_url") or "")).netloc


def test_no_page_references_an_outside_host(site_dir, project_dir):
    own = _site_host(project_dir)
    found = []
    for path in sorted(site_dir.rglob("*.html")):
        parser = _Refs()
        parser.feed(path.read_text(encoding="utf-8"))
        for tag, attr, value, rel in parser.found:
            if tag == "link" and rel in METADATA_RELS and own and urlsplit(value).netloc == own:
                continue
            found.append(f"{path.relative_to(site_dir)}: <{tag} {attr}={value!r}>")
    assert not found, "outside references in the built site:\n" + "\n".join(found[:50])


def test_stylesheets_load_nothing_from_outside(site_dir):
    found = [
        str(path.relative_to(site_dir))
        for path in sorted(site_dir.rglob("*.css"))
        if CSS_URL.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert not found, f"stylesheets with an outside url() or @import: {found}"


def test_offline_shim_is_vendored(site_dir):
    shim = site_dir / "assets/javascripts/vendor/iframe-worker/shim.js"
    assert shim.is_file(), "the iframe-worker shim was not copied into the site"
    for path in sorted(site_dir.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        assert "unpkg.com" not in text, f"{path}: the offline plugin's CDN shim is still linked"
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert "assets/javascripts/vendor/iframe-worker/shim.js" in home
