"""What a Markdown render leaves on an mkdocs page, as one comparable value.

Shared by the tests that compare two ways of rendering the same pages
(test_page_render: `Page.render` and PageRenderer; test_page_fast: PageRenderer
and the fast path).
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.pages import Page

# What a render sets on a page; cleared before each render so that nothing
# from an earlier one is read back.
FIELDS = ("content", "toc", "_title_from_render", "present_anchor_ids", "links_to_anchors")


def read_pages(root: Path):
    """(config, files, pages) of the mkdocs project in `root`, every page's source read."""
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    files = get_files(config)
    pages = [Page(None, f, config) for f in files.documentation_pages()]
    for page in pages:
        page.read_source(config)
    return config, files, pages


class _Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append((record.name, record.levelno, record.getMessage()))


def toc_tree(items) -> list:
    return [(i.title, i.id, i.url, i.level, toc_tree(i.children)) for i in items]


def rendered(page, render) -> tuple:
    """(what `render(page)` left on the page, or None when it left no content; the mkdocs log records it made)."""
    handler = _Records()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        for name in FIELDS:
            page.__dict__.pop(name, None)
        render(page)
    finally:
        logger.removeHandler(handler)
    if "content" not in page.__dict__:
        return None, handler.records
    links = page.__dict__.get("links_to_anchors")
    return (page.content, toc_tree(page.toc), page._title_from_render, page.present_anchor_ids,
            None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
            dict(page.meta)), handler.records


def write_project(root: Path, pages: dict[str, str], repo: Path) -> None:
    """An mkdocs project in `root`: the repo's docs/ and overrides/, `pages` on top, and
    the repo's mkdocs.yml without plugins (the Markdown step alone)."""
    import shutil

    docs = root / "docs"
    shutil.copytree(repo / "docs", docs)
    shutil.copytree(repo / "overrides", root / "overrides")
    for rel, text in pages.items():
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    config = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    start, end = config.index("\nplugins:\n"), config.index("\nmarkdown_extensions:")
    (root / "mkdocs.yml").write_text(config[:start] + "\nplugins: []\n" + config[end:], encoding="utf-8")
