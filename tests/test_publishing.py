"""Publishing: the CI workflows run only what the README documents, the
offline zip of a real build opens and holds the site, and a data mistake in
taxonomy.yml stops the build with a sentence, not a crash report."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from fireportal.site.home import OFFLINE_ZIP_ENV, offline_section, offline_zip_href
from test_site_build import build

REPO = Path(__file__).resolve().parents[1]
FIREPORTAL = Path(sys.executable).with_name("fireportal")
WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"
GITLAB = REPO / ".gitlab-ci.yml"
PRE_COMMIT = REPO / ".pre-commit-config.yaml"


# --------------------------------------------------------------------------- the README's commands


def commands(text: str) -> list[str]:
    """A shell line → its simple commands (split at && ; |), each normalised:
    `.venv/bin/` dropped (the README writes both), spacing collapsed."""
    found = []
    for part in re.split(r"&&|\|\||;|\n|\|", text):
        words = shlex.split(part, comments=True)
        if not words:
            continue
        words[0] = words[0].removeprefix(".venv/bin/")
        found.append(" ".join(words))
    return found


def documented() -> set[str]:
    """Every command in the README's code blocks and `inline code`."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", readme, re.M | re.S)
    inline = re.findall(r"`([^`\n]+)`", re.sub(r"^```.*?^```", "", readme, flags=re.M | re.S))
    out: set[str] = set()
    for snippet in [*blocks, *inline]:
        try:
            out.update(commands(snippet))
        except ValueError:
            continue  # not shell (a YAML example, a message with quotes)
    return out


def github_steps() -> list[dict]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return [step for job in data["jobs"].values() for step in job.get("steps", [])]


def github_runs() -> list[str]:
    return [c for step in github_steps() if "run" in step for c in commands(step["run"])]


def gitlab_scripts() -> list[str]:
    job = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["pages"]
    lines = [*job.get("before_script", []), *job["script"], *job.get("after_script", [])]
    return [c for line in lines for c in commands(line)]


@pytest.mark.parametrize("source", ["github", "gitlab", "pre-commit"])
def test_ci_runs_only_commands_the_readme_documents(source):
    if source == "github":
        run = github_runs()
    elif source == "gitlab":
        run = gitlab_scripts()
    else:
        hooks = [h for repo in yaml.safe_load(PRE_COMMIT.read_text(encoding="utf-8"))["repos"]
                 for h in repo["hooks"]]
        run = [c for h in hooks for c in commands(h["entry"])]
    assert run, f"no command found in the {source} configuration"
    known = documented()
    undocumented = [c for c in run if c not in known]
    assert not undocumented, f"{source} runs commands the README does not show: {undocumented}"


def test_a_command_the_readme_does_not_show_is_caught():
    """The check above can fail: a plausible command that is not in the README."""
    assert "fireportal check sources --fix" not in documented()
    assert "mkdocs gh-deploy" not in documented()


def test_github_workflow_checks_builds_deploys_and_keeps_the_zip():
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # PyYAML reads the key `on` as the boolean True.
    trigger = data.get("on", data.get(True))
    assert trigger["push"]["branches"] == ["main"]
    runs = github_runs()
    assert runs[:2] == ["python3 -m venv .venv", "pip install -q -e ."]  # the README's install
    order = [runs.index(c) for c in ("fireportal check --strict sources", "mkdocs build --strict",
                                     "fireportal zip --site site --out site/offline.zip")]
    assert order == sorted(order), runs
    uses = [step.get("uses", "").split("@")[0] for step in github_steps()]
    for action in ("actions/checkout", "actions/upload-pages-artifact", "actions/deploy-pages",
                   "actions/upload-artifact"):
        assert action in uses, action
    artifact = next(s for s in github_steps() if s.get("uses", "").startswith("actions/upload-artifact"))
    assert artifact["with"]["path"] == "site/offline.zip"
    checkout = next(s for s in github_steps() if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # git history: first published, renames
    assert data["jobs"]["build"]["env"][OFFLINE_ZIP_ENV] == "offline.zip"
    assert {"pages": "write", "id-token": "write"}.items() <= data["permissions"].items()


def test_gitlab_pages_job_matches():
    job = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["pages"]
    scripts = gitlab_scripts()
    assert scripts.index("fireportal check --strict sources") < scripts.index(
        "mkdocs build --strict --site-dir public")
    assert "fireportal zip --site public --out public/offline.zip" in scripts
    assert job["artifacts"]["paths"] == ["public"]
    assert job["variables"][OFFLINE_ZIP_ENV] == "offline.zip"
    assert job["variables"]["GIT_DEPTH"] == "0"


def test_pre_commit_checks_staged_sources():
    hook = yaml.safe_load(PRE_COMMIT.read_text(encoding="utf-8"))["repos"][0]["hooks"][0]
    assert hook["files"] == "^sources/"
    assert commands(hook["entry"]) == ["fireportal check --strict"]
    assert hook.get("pass_filenames", True) is True


# --------------------------------------------------------------------------- the offline copy


@pytest.fixture(scope="module")
def deployed_site(tmp_path_factory):
    """The repo's site built as the publish workflow builds it (offline zip announced)."""
    site = tmp_path_factory.mktemp("deployed") / "site"
    old = os.environ.get(OFFLINE_ZIP_ENV)
    os.environ[OFFLINE_ZIP_ENV] = "offline.zip"
    try:
        result = build(REPO, site)
    finally:
        if old is None:
            os.environ.pop(OFFLINE_ZIP_ENV, None)
        else:
            os.environ[OFFLINE_ZIP_ENV] = old
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def test_offline_zip_opens_and_holds_the_site(deployed_site, tmp_path):
    run = subprocess.run([str(FIREPORTAL), "zip", "--site", str(deployed_site)],
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    archive_path = deployed_site / "offline.zip"
    with zipfile.ZipFile(archive_path) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert "index.html" in names and "offline.zip" not in names
        assert names == sorted(names)
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        home = archive.read("index.html").decode("utf-8")
        built = sorted(p.relative_to(deployed_site).as_posix() for p in deployed_site.rglob("*")
                       if p.is_file() and p != archive_path)
        assert names == built
    # The deployed home page links to it; the file is where the link points.
    assert re.search(r'<a href="offline\.zip"[^>]*>下载离线版（zip）</a>', home)
    again = tmp_path / "again.zip"
    subprocess.run([str(FIREPORTAL), "zip", "--site", str(deployed_site), "--out", str(again)],
                   check=True, capture_output=True, timeout=300)
    assert again.read_bytes() == archive_path.read_bytes()


def test_a_local_build_does_not_link_a_missing_zip(monkeypatch):
    monkeypatch.delenv(OFFLINE_ZIP_ENV, raising=False)
    assert offline_zip_href() == ""
    assert "<a" not in offline_section(offline_zip_href()) and "fireportal zip" in offline_section("")
    for unsafe in ("https://evil.example/x.zip", "../x.zip", 'x.zip" onclick="x', "javascript:a.zip"):
        monkeypatch.setenv(OFFLINE_ZIP_ENV, unsafe)
        assert offline_zip_href() == "", unsafe
    monkeypatch.setenv(OFFLINE_ZIP_ENV, "offline.zip")
    assert 'href="offline.zip"' in offline_section(offline_zip_href())


# --------------------------------------------------------------------------- data mistakes stop the build politely


def test_a_taxonomy_mistake_stops_mkdocs_with_a_sentence(tmp_path):
    for name in ("mkdocs.yml", "docs", "overrides"):
        source = REPO / name
        target = tmp_path / name
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.write_bytes(source.read_bytes())
    (tmp_path / "sources").mkdir()
    (tmp_path / "taxonomy.yml").write_text(
        "units:\n  - name: 盘锦市消防救援支队\n    code: Panjin\n", encoding="utf-8")
    result = build(tmp_path, tmp_path / "site")
    assert result.returncode == 1
    assert "Aborted with a BuildError" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert "taxonomy.yml: 第 2 行，单位“盘锦市消防救援支队”: code “Panjin” 只能用小写字母、数字和连字符：" \
           "请写成 code: panjin" in result.stderr
    # mkdocs prints the closing line of an Abort on stdout.
    assert result.stdout.strip() == "构建已停止：请按上面一行修改分类文件后重新运行。"
