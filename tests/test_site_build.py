"""`mkdocs build --strict` end to end: the repo's own sources, and a small
project whose sources try to smuggle HTML and templates into the site.

Runs the venv's mkdocs in a subprocess, as staff and CI do.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from fireportal.pipeline import ingest_tree
from fireportal.site import originals
from fireportal.taxonomy import load_taxonomy

REPO = Path(__file__).resolve().parents[1]
MKDOCS = Path(sys.executable).with_name("mkdocs")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# <link rel=…> values that make the browser fetch nothing.
NO_FETCH_RELS = {"canonical", "alternate", "author", "license", "sitemap"}


def build(project: Path, site: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    return subprocess.run(
        [str(MKDOCS), "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


def page_file(site: Path, src_uri: str) -> Path:
    """The HTML file for a docs-relative .md path, with or without directory URLs
    (Material's offline plugin turns them off)."""
    stem = src_uri[: -len(".md")]
    flat = site / f"{stem}.html"
    return flat if flat.exists() else site / stem / "index.html"


class Refs(HTMLParser):
    """Collects outside URLs that a page would fetch (scripts, styles, images…)."""

    def __init__(self) -> None:
        super().__init__()
        self.remote: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            return  # a link the reader may follow, not an asset the page loads
        if tag == "link" and set((attrs.get("rel") or "").split()) & NO_FETCH_RELS:
            return
        for name in ("src", "href", "srcset", "poster", "data", "action"):
            value = (attrs.get(name) or "").strip()
            if value.startswith(("http://", "https://", "//")):
                self.remote.append(f"<{tag} {name}={value}>")
        if "url(http" in (attrs.get("style") or ""):
            self.remote.append(f"<{tag} style=…url(http…>")


def check_output(project: Path, site: Path) -> None:
    taxonomy_file = project / "taxonomy.yml"
    taxonomy = load_taxonomy(taxonomy_file if taxonomy_file.is_file() else None)
    documents = ingest_tree(project / "sources", root=project, taxonomy=taxonomy).documents
    assert documents, "the sources gave no documents"

    # Every document has a page.
    for doc in documents:
        assert page_file(site, f"doc/{doc.slug}.md").is_file(), doc.slug

    # Originals are the source files, byte for byte.
    copies = originals(documents)
    assert copies
    for rel, source in copies.items():
        assert (site / rel).read_bytes() == (project / source).read_bytes(), rel

    # The sitemap lists the document pages under site_url.
    locs = {e.text for e in ET.parse(site / "sitemap.xml").iter(f"{SITEMAP}loc")}
    assert all(loc.startswith("https://fireportal.example.org/") for loc in locs)
    for doc in documents:
        rel = page_file(site, f"doc/{doc.slug}.md").relative_to(site).as_posix()
        url = rel[: -len("index.html")] if rel.endswith("/index.html") else rel
        assert f"https://fireportal.example.org/{url}" in locs, url

    # No page loads anything from outside the site (offline and file:// use).
    for html_file in site.rglob("*.html"):
        parser = Refs()
        parser.feed(html_file.read_text(encoding="utf-8"))
        assert not parser.remote, f"{html_file.relative_to(site)}: {parser.remote[:3]}"

    # The sidebar holds listing pages only: no document page links to
    # another document from its navigation, so pages stay small.
    for doc in documents:
        html = page_file(site, f"doc/{doc.slug}.md").read_text(encoding="utf-8")
        nav = html.split("md-nav--primary", 1)[1].split("md-sidebar--secondary", 1)[0]
        assert "doc/" not in nav, doc.slug

    # The search files were written after the build.
    assert (site / "assets" / "fireportal-search").is_dir()


# --- the repo as it is ---------------------------------------------------------


@pytest.fixture(scope="module")
def repo_build(tmp_path_factory):
    site = tmp_path_factory.mktemp("repo-site")
    return build(REPO, site), site


def test_repo_builds_with_strict(repo_build):
    result, _ = repo_build
    assert result.returncode == 0, result.stderr[-4000:]
    assert "WARNING" not in result.stderr


def test_repo_output(repo_build):
    _, site = repo_build
    check_output(REPO, site)


# --- a small project with hostile sources ------------------------------------------

HOSTILE_TXT = """\
盘锦支队测试<script>alert(1)</script>通报
5月6日，盘锦支队召开会议。点击[这里](javascript:alert(1))查看 **加粗** *强调* {{ config.site_name }} {% raw %}。
1、落实整改。（责任单位：<b>办公室</b>）
"""

HOSTILE = """\
---
title: <script>alert("x")</script> *强调* 关于开展夏季消防检查的通知
date: 2023-06-01
unit: 盘锦市消防救援支队
doc_type: 通知
campaigns: [夏季消防检查]
---

各大队：

为做好夏季火灾防控工作，现就开展夏季消防检查通知如下。<img src=x onerror=alert(1)> {{ config.site_name }}

一、全面排查隐患。
"""


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    project = tmp_path_factory.mktemp("project")
    for name in ("mkdocs.yml", "overrides", "docs"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / name)
    sources = project / "sources" / "2023"
    sources.mkdir(parents=True)
    (sources / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    (sources / "raw-hostile.txt").write_text(HOSTILE_TXT, encoding="utf-8")
    # Not under a year folder: the folder name would give it a year.
    misc = project / "sources" / "misc"
    misc.mkdir()
    (misc / "undated.md").write_text(
        "---\ntitle: 没有日期的文件\n---\n\n正文。\n", encoding="utf-8"
    )
    site = project / "site"
    return project, site, build(project, site)


def test_sample_warns_only_about_the_undated_source(sample):
    # The pipeline warns on a document without a date (so --strict fails and
    # staff add one); everything else in the sample must build cleanly.
    _, _, result = sample
    warnings = [
        line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))
    ]
    assert warnings and all("sources/misc/undated.md" in line for line in warnings), warnings


def test_sample_output(sample):
    project, site, _ = sample
    check_output(project, site)


def test_source_html_never_reaches_the_page(sample):
    _, site, _ = sample
    for html_file in site.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        assert "<script>alert" not in html, html_file
        assert "<img src=x" not in html, html_file
        assert "<em>强调</em>" not in html, html_file


def test_raw_text_source_shows_markup_literally(sample):
    """A .txt source's HTML, Markdown, Jinja and script links reach the reader as text."""
    _, site, _ = sample
    page = next(site.glob("doc/2023-raw-hostile.html"), None) or next(site.glob("doc/2023-raw-hostile/index.html"))
    html = page.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<b>办公室</b>" not in html
    assert 'href="javascript:' not in html
    assert "<strong>加粗</strong>" not in html and "<em>强调</em>" not in html

    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts: list[str] = []

        def handle_data(self, data):
            self.parts.append(data)

    reader = Text()
    reader.feed(html)
    shown = "".join(reader.parts)
    for literal in ("<script>alert(1)</script>", "[这里](javascript:alert(1))", "**加粗**",
                    "{{ config.site_name }}", "{% raw %}", "<b>办公室</b>"):
        assert literal in shown, literal


def test_undated_document_is_listed(sample):
    _, site, _ = sample
    assert "没有日期的文件" in page_file(site, "years/undated.md").read_text(encoding="utf-8")


def test_bad_option_names_the_option_and_the_fix(sample, tmp_path):
    project, _, _ = sample
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    broken = tmp_path / "mkdocs.yml"
    broken.write_text(
        config.replace("sources: sources", "sources: no-such-folder"), encoding="utf-8"
    )
    for name in ("overrides", "docs"):
        shutil.copytree(project / name, tmp_path / name)
    result = build(tmp_path, tmp_path / "site")
    assert result.returncode == 1
    assert "fireportal: option 'sources': folder 'no-such-folder' does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_pages_build_without_the_plugin(tmp_path):
    """Material's successor reads mkdocs.yml but runs no mkdocs plugins: the
    pages `fireportal pages` writes must build on their own, without warnings."""
    import re

    docs = tmp_path / "docs"
    subprocess.run([sys.executable, "-m", "fireportal.cli", "pages", "sources", "--out", str(docs), "--strict"],
                   cwd=REPO, check=True, capture_output=True)
    for page in (REPO / "docs").iterdir():
        shutil.copy(page, docs / page.name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"  - fireportal:\n(?:      .*\n)+", "", config)
    config = config.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    assert "fireportal" not in config.split("plugins:")[1].split("markdown_extensions:")[0]
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = build(tmp_path, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "doc" / "2022-000-c2bcaf24751ad1bb.html").is_file()


def test_serve_watches_sources_and_taxonomy(monkeypatch):
    """`mkdocs serve` rebuilds when a source, a sidecar or the taxonomy changes:
    mkdocs itself only watches docs/, mkdocs.yml and the theme."""
    from mkdocs.config import load_config

    monkeypatch.chdir(REPO)
    config = load_config(str(REPO / "mkdocs.yml"))
    plugin = config.plugins["fireportal"]
    plugin.on_config(config)

    class Server:
        watched: list[str] = []

        def watch(self, path, *args, **kwargs):
            self.watched.append(path)

    server = plugin.on_serve(Server(), config=config, builder=None)
    assert set(server.watched) == {str(REPO / "sources"), str(REPO / "taxonomy.yml")}


# --- the portal's identity (extra.fireportal.footer) ------------------------------


def test_footer_identity_is_checked():
    from fireportal.mkdocs_plugin.config import check_identity

    good = {"footer": {"主办单位": "盘锦市消防救援支队", "网站标识码": "2111000001"}}
    assert check_identity(good, site_url="https://fire.example.gov.cn/") == []
    assert check_identity(None, site_url="https://fireportal.example.org/") == []  # sample build
    missing = check_identity({"footer": {"主办单位": "x"}}, site_url="https://fire.example.gov.cn/")
    assert len(missing) == 1 and "网站标识码" in missing[0]
    examples = check_identity({"footer": {"主办单位": "示例支队（示例）", "网站标识码": "1"}},
                              site_url="https://fire.example.gov.cn/")
    assert len(examples) == 1 and "示例" in examples[0]
    with pytest.raises(ValueError, match="主管单位"):
        check_identity({"footer": {"主管单位": "x"}}, site_url="")
    with pytest.raises(ValueError, match="公安备案链接"):
        check_identity({"footer": {"公安备案链接": "javascript:alert(1)"}}, site_url="")
    with pytest.raises(ValueError, match="unknown key"):
        check_identity({"foot": {}}, site_url="")


def test_repo_footer_and_feed(repo_build):
    _, site = repo_build
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "主办单位：示例市消防救援支队（示例）" in home
    assert 'id="fp-contact"' in home
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.findall("{http://www.w3.org/2005/Atom}entry")
