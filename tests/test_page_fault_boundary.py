"""A document whose page cannot be made fails alone, wherever pages are made.

The ingest of a folder (`ingest_tree`) does not render pages; whoever makes
them (the mkdocs plugin, `fireportal ingest` and `pages`) renders each once
through `render_all`, and `fireportal check` renders them as the build will.
No real source makes rendering fail, so the tests make it fail for one
document: its title holds BROKEN.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from fireportal import pipeline
from fireportal import render as render_module
from fireportal.checking import check_tree
from fireportal.cli import main
from fireportal.pipeline import ingest_file, ingest_tree
from fireportal.render import render_all, render_document
from fireportal.taxonomy import load_taxonomy

REPO = Path(__file__).resolve().parents[1]
MKDOCS = Path(sys.executable).with_name("mkdocs")
TAXONOMY = load_taxonomy(REPO / "taxonomy.yml")
BROKEN = "无法成页"
GOOD = "盘锦市消防救援支队召开夏季消防检查部署会\n\n6月3日，盘锦市消防救援支队召开夏季消防检查部署会。\n\n一、全面排查隐患。\n"
BAD = f"盘锦市消防救援支队{BROKEN}专题会\n\n6月4日，盘锦市消防救援支队召开专题会。\n\n一、加强值守。\n"
MESSAGE = "页面无法生成（程序内部错误 ValueError），没有发布：请检查文件内容；如果文件没有问题，请把它发给维护人员"


def failing_render(doc):
    if BROKEN in doc.meta.title:
        raise ValueError("cannot render")
    return render_document(doc)


@pytest.fixture
def broken_render(monkeypatch):
    """render_document failing for the document titled with BROKEN, wherever it is called from."""
    monkeypatch.setattr(render_module, "render_document", failing_render)
    monkeypatch.setattr(pipeline, "render_document", failing_render)  # ingest_file's own check


def project(root: Path) -> Path:
    sources = root / "sources" / "2024"
    sources.mkdir(parents=True)
    (sources / "good.txt").write_text(GOOD, encoding="utf-8")
    (sources / "bad.txt").write_text(BAD, encoding="utf-8")
    shutil.copy(REPO / "taxonomy.yml", root / "taxonomy.yml")
    return root


def test_render_all_leaves_out_only_the_document_that_fails():
    documents = [*ingest_file("sources/2024/good.txt", GOOD.encode(), taxonomy=TAXONOMY).documents,
                 *ingest_file("sources/2024/bad.txt", BAD.encode(), taxonomy=TAXONOMY).documents]
    assert len(documents) == 2
    rendered = render_all(documents, failing_render)
    assert [d.meta.source for d in rendered.documents] == ["sources/2024/good.txt"]
    assert list(rendered.pages) == [documents[0].slug]
    assert rendered.pages[documents[0].slug] == render_document(documents[0])
    assert [p.line() for p in rendered.problems] == [f"错误 sources/2024/bad.txt: {MESSAGE}"]


def test_a_part_is_named_by_its_number():
    text = f"{GOOD}\n{BAD}".encode()
    documents = ingest_file("sources/2024/two.txt", text, taxonomy=TAXONOMY, sidecar_text="split: auto\n").documents
    assert len(documents) == 2

    def second_fails(doc):
        if doc.part == 2:
            raise ValueError("cannot render")
        return render_document(doc)

    rendered = render_all(documents, second_fails)
    assert [d.part for d in rendered.documents] == [1]
    assert rendered.problems[0].path == "sources/2024/two.txt"
    assert rendered.problems[0].message.startswith("第 2 篇无法生成（程序内部错误 ValueError）")


def test_the_ingest_of_a_folder_does_not_render(tmp_path, broken_render):
    root = project(tmp_path)
    result = ingest_tree(root / "sources", root=root, taxonomy=TAXONOMY, jobs=1)
    # Converted and kept: the failure belongs to whoever makes the pages.
    assert len(result.documents) == 2 and not result.errors
    # A single file still fails at once (`fireportal add`, `inspect`, `promote`).
    alone = ingest_file("sources/2024/bad.txt", BAD.encode(), taxonomy=TAXONOMY)
    assert not alone.documents and [p.level for p in alone.problems] == ["error"]


def test_fireportal_pages_and_ingest_leave_it_out(tmp_path, broken_render, monkeypatch, capsys):
    root = project(tmp_path)
    monkeypatch.chdir(root)
    assert main(["pages", "sources", "--out", "out", "--taxonomy", "taxonomy.yml", "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert f"错误 sources/2024/bad.txt: {MESSAGE}" in err
    pages = {p.relative_to(root / "out").as_posix(): p.read_text(encoding="utf-8")
             for p in (root / "out").rglob("*.md")}
    documents = [path for path in pages if path.startswith("doc/")]
    assert len(documents) == 1 and "夏季消防检查部署会" in pages[documents[0]]
    assert not any(BROKEN in text for text in pages.values())  # in no listing either
    assert main(["ingest", "sources", "--out", "raw", "--taxonomy", "taxonomy.yml", "--jobs", "1"]) == 1
    assert f"错误 sources/2024/bad.txt: {MESSAGE}" in capsys.readouterr().err
    assert len(list((root / "raw").glob("*.md"))) == 1


def test_check_reports_it(tmp_path, broken_render):
    root = project(tmp_path)
    result = check_tree(root / "sources", root=root, taxonomy=TAXONOMY, jobs=1)
    assert f"错误 sources/2024/bad.txt: {MESSAGE}" in [p.line() for p in result.problems]


def test_mkdocs_build_leaves_it_out(tmp_path):
    """The plugin, in a real `mkdocs build`: render_document fails for one
    document (patched in that process by a sitecustomize module)."""
    root = project(tmp_path / "project")
    for name in ("mkdocs.yml", "overrides", "docs"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    patch = tmp_path / "patch"
    patch.mkdir()
    (patch / "sitecustomize.py").write_text(textwrap.dedent(f"""
        import fireportal.render as render
        plain = render.render_document
        def failing(doc):
            if {BROKEN!r} in doc.meta.title:
                raise ValueError("cannot render")
            return plain(doc)
        render.render_document = failing
    """), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(patch), os.environ.get("PYTHONPATH")]))}
    env.pop("SITE_URL", None)
    site = root / "site"
    run = subprocess.run([str(MKDOCS), "build", "-f", str(root / "mkdocs.yml"), "-d", str(site)],
                         capture_output=True, text=True, env=env, timeout=600, check=False)
    assert run.returncode == 0, run.stderr
    assert f"sources/2024/bad.txt: {MESSAGE}" in run.stderr
    html = "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "夏季消防检查部署会" in html
    assert BROKEN not in html  # no page, no listing, no search entry
    search = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                       for p in (site / "assets" / "fireportal-search").rglob("*") if p.is_file())
    assert BROKEN not in search and "夏季消防检查部署会" in search
