"""The build's memory: what the build process stops holding once it no longer needs it.

An 80-source project built with `jobs: 2` (the search files made in the
forked job, the pages in forked workers).  Once the search job has its
input, the build process must hold no converted document (at 10,000
sources they were the largest thing it held, copied into every process it
forks from then on); the pages' Markdown is gone once their HTML is made;
and a search job that dies still leaves the same search files, made from
the input it was given, which the build keeps out of its memory meanwhile.

Each build runs in a fresh Python process: the plugin forks only from a
process with no other thread (parallel.workers_for), and the test process
may hold threads left by earlier tests (the e2e server, the browser).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fireportal.mkdocs_plugin import plugin
from generated_project import REPO, generated_project

pytestmark = pytest.mark.skipif(
    "fork" not in __import__("multiprocessing").get_all_start_methods(), reason="needs fork"
)
SEARCH = "assets/fireportal-search/"

# Builds the project (argv 1) into the site folder (argv 2) and prints what it saw as JSON.
# argv 3: "count" counts the documents alive at on_nav and the pages' Markdown after
# on_env; "kill" ends the search job as soon as it is handed its input.
BUILD = r'''
import gc, json, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
from fireportal.model import Document
from fireportal.mkdocs_plugin import background
from fireportal.mkdocs_plugin.plugin import FirePortalPlugin

project, site, mode = sys.argv[1:4]
seen = {}

def alive(kind):
    gc.unfreeze()  # frozen objects are not listed
    try:
        return sum(1 for o in gc.get_objects() if isinstance(o, kind))
    finally:
        gc.freeze()

if mode == "count":
    on_nav, on_env = FirePortalPlugin.on_nav, FirePortalPlugin.on_env

    def counting_nav(self, nav, *, config, files):
        seen["documents"] = alive(Document)
        return on_nav(self, nav, config=config, files=files)

    def counting_env(self, env, *, config, files):
        env = on_env(self, env, config=config, files=files)
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        seen["markdown"] = sum(1 for p in pages if p.markdown is not None)
        seen["pages"] = len(pages)
        seen["held_bytes"] = sorted(name for name, value in vars(self).items()
                                    if isinstance(value, (bytes, bytearray)) and len(value) > 1000)
        seen["search_input"] = self._search_input is not None
        return env

    counting_nav.mkdocs_priority = on_nav.mkdocs_priority
    counting_env.mkdocs_priority = on_env.mkdocs_priority
    FirePortalPlugin.on_nav, FirePortalPlugin.on_env = counting_nav, counting_env
elif mode == "kill":
    def die(job, data):
        seen.setdefault("given", []).append(len(data))
        job.process.terminate()
        job.process.join()

    background.give = die
build(load_config(project + "/mkdocs.yml", site_dir=site))
print(json.dumps(seen))
'''


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = generated_project(tmp_path_factory.mktemp("memory"), 80, site=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      per_page: 50\n" in config
    config = config.replace("      per_page: 50\n", "      per_page: 50\n      jobs: 2\n      cache_dir: ''\n")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def run(project: Path, site: Path, mode: str) -> tuple[dict, dict[str, bytes]]:
    result = subprocess.run([sys.executable, "-c", BUILD, str(project), str(site), mode],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    return seen, {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def normal(project, tmp_path_factory) -> dict[str, bytes]:
    return run(project, tmp_path_factory.mktemp("site") / "site", "plain")[1]


def test_no_document_is_held_while_the_pages_are_rendered(project, tmp_path, normal):
    seen, site = run(project, tmp_path / "site", "count")
    assert site == normal
    assert seen["documents"] == 0
    assert seen["pages"] > 80 and seen["markdown"] == 0
    # The search's input, kept in case its job fails, is set aside outside the build's memory.
    assert seen["search_input"] and seen["held_bytes"] == []


def test_a_search_job_that_dies_leaves_the_same_search_files(project, tmp_path, normal):
    seen, site = run(project, tmp_path / "site", "kill")
    assert seen.get("given") and seen["given"][0] > 0  # the job was started and handed its input
    assert {k: v for k, v in site.items() if k.startswith(SEARCH)} == {
        k: v for k, v in normal.items() if k.startswith(SEARCH)}
    assert len([k for k in site if k.startswith(SEARCH)]) > 10


def test_the_search_input_set_aside_comes_back_the_same(monkeypatch):
    data = bytes(range(256)) * 4000
    kept = plugin._set_aside(data)
    assert not isinstance(kept, bytes)
    assert plugin._taken_back(kept) == data
    assert plugin._taken_back(kept) == data  # read again from the start
    plugin._discard(kept)
    assert kept.closed


def test_the_search_input_stays_in_memory_where_no_file_can_be_made(monkeypatch):
    def no_file(*args, **kwargs):
        raise OSError("no temporary folder")

    monkeypatch.setattr(plugin.tempfile, "TemporaryFile", no_file)
    data = b"the input" * 100
    kept = plugin._set_aside(data)
    assert plugin._taken_back(kept) == data
    plugin._discard(kept)
