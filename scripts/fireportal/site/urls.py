"""Site-relative URLs of generated pages, for the files mkdocs does not link for us.

Markdown pages link each other by `.md` path and mkdocs turns those into
URLs; a feed or a redirect page is not Markdown, so its links are written
here, as mkdocs would write them: `doc/x/` with `use_directory_urls` (http)
or `doc/x.html` without it (the offline plugin, file://).  Always relative,
so the files work wherever the site is served or copied.
"""

from __future__ import annotations

import posixpath


def page_url(path: str, directory_urls: bool = True) -> str:
    """A docs-relative .md path → its URL relative to the site root."""
    stem = path[: -len(".md")] if path.endswith(".md") else path
    if stem == "index" or stem.endswith("/index"):
        folder = stem[: -len("index")]
        return folder if directory_urls else f"{folder}index.html"
    return f"{stem}/" if directory_urls else f"{stem}.html"


def output_file(path: str, directory_urls: bool = True) -> str:
    """The file that serves the URL of a docs-relative .md path."""
    url = page_url(path, directory_urls)
    return f"{url}index.html" if url.endswith("/") or not url else url


def relative_url(from_file: str, to_url: str) -> str:
    """`to_url` (site-relative) as seen from the file `from_file` (site-relative)."""
    target = posixpath.relpath(to_url or ".", posixpath.dirname(from_file) or ".")
    if (to_url.endswith("/") or not to_url) and not target.endswith("/"):
        target += "/"
    return "./" if target == "./" else target
