"""`mkdocs build --strict` of a tiny site whose one source is a .docx: its table
is an HTML table and its picture is served by the site, beside the page."""

from __future__ import annotations

import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest

pytest.importorskip("docx")

sys.path.insert(0, str(Path(__file__).parent))

from fireportal.pipeline import ingest_tree  # noqa: E402
from fireportal.taxonomy import load_taxonomy  # noqa: E402
from fixtures.docx_word import ALT, notice, png  # noqa: E402
from test_site_build import REPO, build, page_file  # noqa: E402


class Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.found.append(dict(attrs))


@pytest.fixture(scope="module")
def docx_site(tmp_path_factory):
    project = tmp_path_factory.mktemp("docx-project")
    for name in ("mkdocs.yml", "overrides", "docs"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / name)
    sources = project / "sources" / "2025"
    sources.mkdir(parents=True)
    (sources / "通知.docx").write_bytes(notice())
    site = project / "site"
    return project, site, build(project, site)


def test_docx_site_builds_strict(docx_site):
    _, _, result = docx_site
    assert result.returncode == 0, result.stderr


def test_docx_page_has_a_table_and_a_served_picture(docx_site):
    project, site, _ = docx_site
    (document,) = ingest_tree(project / "sources", root=project, taxonomy=load_taxonomy()).documents
    page = page_file(site, f"doc/{document.slug}.md")
    html = page.read_text(encoding="utf-8")
    assert "<table>" in html and "<th>阶段</th>" in html
    assert "<td>制定方案&lt;script&gt;alert(1)&lt;/script&gt;</td>" in html
    assert "阶段时间主要内容" not in html
    parser = Images()
    parser.feed(html)
    pictures = [img for img in parser.found if img.get("alt") == ALT]
    assert len(pictures) == 1
    # Resolved as the browser resolves it, from the page's own address.
    served = Path(unquote(urljoin(page.as_uri(), pictures[0]["src"])).removeprefix("file://"))
    assert served.read_bytes() == png()
    # Beside the page: doc/<slug>/<name> (doc/<slug>.html or doc/<slug>/index.html).
    assert served.parent == site / "doc" / document.slug
