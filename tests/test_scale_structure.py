"""Structural guarantees at scale (issue 11), checked on real `mkdocs build`s, never timed.

1,000 generated raw sources (benchmarks/gen_corpus.py) and the first 200 of
them (the generator makes document i the same whatever N is):
- every HTML page of the 1,000-document site is at most 150 KB;
- the navigation (mkdocs' primary nav, which every page repeats) is the same
  size at 200 and at 1,000 documents, and the average document page barely grows;
- every document page is reachable by following links from the home page
  through the listing pages (years, units, campaigns and their continuations).

The conversion runs once, into a persistent ingest cache that both builds
then read, so the test costs about two site builds.
"""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pytest

from fireportal.pipeline import ingest_tree
from fireportal.taxonomy import load_taxonomy

from generated_project import REPO, generated_project

MKDOCS = str(Path(sys.executable).with_name("mkdocs"))
MAX_PAGE = 150 * 1024
SIZES = (200, 1000)
_HREF = re.compile(r'href="([^"#?]*)')
_NAV_TAG = re.compile(r"<(/?)nav\b")


def project(root: Path, n: int, config: str) -> Path:
    """The repo's site config (read once, so both sizes build the same one) over the first n sources."""
    generated_project(root, n, site=True)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[int, tuple[Path, int]]:
    """N → (built site folder, number of documents)."""
    base = tmp_path_factory.mktemp("scale")
    cache = base / "cache"  # shared: the first 200 files are the same in both projects
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      per_page: 50\n" in config
    config = config.replace("      per_page: 50\n", f"      per_page: 50\n      cache_dir: {cache}\n")
    built = {}
    for n in sorted(SIZES, reverse=True):
        root = project(base / f"n{n}", n, config)
        documents = ingest_tree(root / "sources", root=root, taxonomy=load_taxonomy(root / "taxonomy.yml"),
                                cache_dir=cache).documents
        site = root / "site"
        result = subprocess.run([MKDOCS, "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(site)],
                                capture_output=True, text=True, check=False,
                                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        assert result.returncode == 0, result.stderr[-3000:]
        built[n] = (site, len(documents))
    return built


def pages(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*.html")}


def is_document(rel: str) -> bool:
    return rel.startswith("doc/") and rel.count("/") <= 2


def is_listing(rel: str) -> bool:
    return rel.split("/", 1)[0] in ("index.html", "years", "units", "campaigns")


def element(html: str, opening: str) -> str:
    """The <nav> element that starts with `opening`, nested navs included ("" if absent)."""
    start = html.find(opening)
    if start < 0:
        return ""
    depth = 0
    for match in _NAV_TAG.finditer(html, start):
        depth += -1 if match[1] else 1
        if depth == 0:
            return html[start : html.index(">", match.end()) + 1]
    raise AssertionError(f"unclosed {opening}")


# What every page repeats: mkdocs' sidebar, the tabs, and the portal's side panel.
NAVS = ('<nav class="md-nav md-nav--primary', '<nav class="md-tabs', '<nav class="md-nav fp-side')


def nav_bytes(path: Path) -> int:
    html = path.read_text(encoding="utf-8")
    return sum(len(element(html, opening)) for opening in NAVS)


def test_every_page_is_at_most_150_kb(sites):
    site, documents = sites[1000]
    found = pages(site)
    assert sum(1 for rel in found if is_document(rel)) >= documents  # doc pages (and notices) were built
    sizes = {rel: path.stat().st_size for rel, path in found.items()}
    too_big = {rel: size for rel, size in sizes.items() if size > MAX_PAGE}
    assert not too_big, f"pages over 150 KB: {too_big}"


def test_the_navigation_does_not_grow_with_the_number_of_documents(sites):
    fixed, largest, doc_means = {}, {}, {}
    for n, (site, _) in sites.items():
        found = pages(site)
        # Pages whose own content does not depend on N: their navigation must not either.
        fixed[n] = {rel: nav_bytes(found[rel]) for rel in ("index.html", "about.html", "guide.html")}
        largest[n] = max(nav_bytes(path) for rel, path in found.items() if is_document(rel) or is_listing(rel))
        docs = [p.stat().st_size for rel, p in found.items() if is_document(rel)]
        doc_means[n] = sum(docs) / len(docs)
        # The side panel lists years, units and campaigns (bounded by the calendar and
        # the taxonomy), never documents: no navigation links to a document page.
        for rel, path in found.items():
            html = path.read_text(encoding="utf-8")
            for opening in NAVS:
                linked = [h for h in _HREF.findall(element(html, opening)) if is_document(
                    posixpath.normpath(posixpath.join(posixpath.dirname(rel), h)))]
                assert not linked, f"{rel}: {opening}> links to documents {linked[:3]}"
    assert fixed[200] == fixed[1000]
    assert max(largest.values()) < 20_000, largest
    # A document page carries no list that grows with the corpus.
    assert doc_means[1000] < doc_means[200] * 1.15, doc_means


def test_every_document_is_reachable_from_the_listing_pages(sites):
    site, documents = sites[1000]
    found = pages(site)
    reached: set[str] = set()
    seen, queue = {"index.html"}, ["index.html"]
    while queue:
        rel = queue.pop()
        html = found[rel].read_text(encoding="utf-8")
        for href in _HREF.findall(html):
            if not href or "://" in href or href.startswith(("mailto:", "/")):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), href))
            if target.endswith("/") or target in (".", "") or target + "/index.html" in found:
                target = posixpath.join(target, "index.html").removeprefix("./")
            if target not in found:
                continue
            if is_document(target):
                reached.add(target)
            elif is_listing(target) and target not in seen:
                seen.add(target)
                queue.append(target)
    document_pages = {rel for rel in found if is_document(rel)}
    assert len(document_pages) >= documents
    missing = document_pages - reached
    assert not missing, f"{len(missing)} document pages no listing page links to, e.g. {sorted(missing)[:5]}"
