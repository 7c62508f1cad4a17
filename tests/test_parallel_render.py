"""Pages rendered in worker processes (fireportal.mkdocs_plugin.parallel) are the pages mkdocs makes.

The same project (80 generated raw sources and a hand-written page with a
broken link) is built with `jobs: 1` (mkdocs renders every page itself) and
`jobs: 2` (the Markdown and the templates are rendered in two forked
workers first).  Every file of the two sites must be byte-identical, the
parallel build must say that it rendered in parallel (else this test would
pass on a plugin that never forks), and the broken link's warning, made
inside a worker, must still reach the build's log and count for `--strict`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generated_project import REPO, generated_project

MKDOCS = str(Path(sys.executable).with_name("mkdocs"))
BROKEN = "这一页有一个坏链接：[不存在的页面](no-such-page.md)。\n"


def build(root: Path, jobs: int, *, strict: bool = False) -> tuple[Path, subprocess.CompletedProcess]:
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      per_page: 50\n" in config
    config = config.replace("      per_page: 50\n", f"      per_page: 50\n      jobs: {jobs}\n      cache_dir: ''\n")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    site = root / f"site-{jobs}"
    command = [MKDOCS, "build", "-f", str(root / "mkdocs.yml"), "-d", str(site)] + (["--strict"] if strict else [])
    result = subprocess.run(command, capture_output=True, text=True, check=False,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return site, result


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = generated_project(tmp_path_factory.mktemp("parallel"), 80, site=True)
    about = root / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n" + BROKEN, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def builds(project) -> dict[int, tuple[Path, subprocess.CompletedProcess]]:
    return {jobs: build(project, jobs) for jobs in (1, 2)}


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_both_builds_succeed_and_only_the_second_forks(builds):
    for jobs, (_, result) in builds.items():
        assert result.returncode == 0, result.stderr[-3000:]
    assert "个进程中并行渲染" not in builds[1][1].stderr
    assert "在 2 个进程中并行渲染" in builds[2][1].stderr


def test_every_file_is_byte_identical(builds):
    serial, parallel = files(builds[1][0]), files(builds[2][0])
    assert len(serial) > 150
    assert sorted(serial) == sorted(parallel)
    different = [rel for rel in serial if serial[rel] != parallel[rel]]
    assert not different, different[:10]


def test_a_warning_made_in_a_worker_reaches_the_build_log(builds):
    for jobs, (_, result) in builds.items():
        warnings = [line for line in result.stderr.splitlines() if "no-such-page.md" in line]
        assert len(warnings) == 1, (jobs, warnings)
        assert warnings[0].startswith("WARNING"), warnings


def test_strict_counts_the_warnings_made_in_workers(project, builds):
    # Every warning of the serial build (the sources' guesses and the broken
    # link) must be counted by --strict when the pages render in workers.
    expected = sum(1 for line in builds[1][1].stderr.splitlines() if line.startswith("WARNING"))
    _, result = build(project, 2, strict=True)
    assert "在 2 个进程中并行渲染" in result.stderr
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert f"Aborted with {expected} warnings in strict mode" in output, output[-500:]
