"""The build's memory: what the build process stops holding once it no longer needs it.

An 80-source project built in this process with `jobs: 2` (the search
files made in the forked job, the pages in forked workers).  Once the
search job has its input, the build process must hold no converted
document (at 10,000 sources they were the largest thing it held, copied
into every process it forks from then on); the pages' Markdown is gone
once their HTML is made; and a search job that dies still leaves the
same search files, made from the input it was given.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from fireportal.model import Document
from fireportal.mkdocs_plugin import background
from fireportal.mkdocs_plugin.plugin import FirePortalPlugin
from generated_project import REPO, generated_project

pytestmark = pytest.mark.skipif(
    "fork" not in __import__("multiprocessing").get_all_start_methods(), reason="needs fork"
)
SEARCH = "assets/fireportal-search/"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = generated_project(tmp_path_factory.mktemp("memory"), 80, site=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      per_page: 50\n" in config
    config = config.replace("      per_page: 50\n", "      per_page: 50\n      jobs: 2\n      cache_dir: ''\n")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def run(project: Path, site: Path) -> dict[str, bytes]:
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)))
    gc.unfreeze()  # a failed build leaves its objects frozen
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def alive(kind: type) -> int:
    gc.unfreeze()  # frozen objects are not listed
    try:
        return sum(1 for o in gc.get_objects() if isinstance(o, kind))
    finally:
        gc.freeze()


@pytest.fixture(scope="module")
def normal(project, tmp_path_factory) -> dict[str, bytes]:
    return run(project, tmp_path_factory.mktemp("site") / "site")


def test_no_document_is_held_while_the_pages_are_rendered(project, tmp_path, monkeypatch, normal):
    seen = {}
    on_nav, on_env = FirePortalPlugin.on_nav, FirePortalPlugin.on_env

    def counting_nav(self, nav, *, config, files):
        seen["documents"] = alive(Document)
        return on_nav(self, nav, config=config, files=files)

    def counting_env(self, env, *, config, files):
        env = on_env(self, env, config=config, files=files)
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        seen["markdown"] = sum(1 for p in pages if p.markdown is not None)
        seen["pages"] = len(pages)
        return env

    counting_nav.mkdocs_priority = on_nav.mkdocs_priority
    counting_env.mkdocs_priority = on_env.mkdocs_priority
    monkeypatch.setattr(FirePortalPlugin, "on_nav", counting_nav)
    monkeypatch.setattr(FirePortalPlugin, "on_env", counting_env)
    assert run(project, tmp_path / "site") == normal
    assert seen["documents"] == 0
    assert seen["pages"] > 80 and seen["markdown"] == 0


def test_a_search_job_that_dies_leaves_the_same_search_files(project, tmp_path, monkeypatch, normal):
    given = []

    def die(job, data):
        given.append(len(data))
        job.process.terminate()
        job.process.join()

    monkeypatch.setattr(background, "give", die)
    site = run(project, tmp_path / "site")
    assert given and given[0] > 0  # the job was started and handed its input
    assert {k: v for k, v in site.items() if k.startswith(SEARCH)} == {
        k: v for k, v in normal.items() if k.startswith(SEARCH)}
    assert len([k for k in site if k.startswith(SEARCH)]) > 10
