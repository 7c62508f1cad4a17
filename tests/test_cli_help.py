"""`fireportal --help`, each command's help and argparse's errors are all Chinese.

argparse writes `usage:`, `positional arguments`, `options`, `show this help
message and exit` and its error messages in English; staff read Chinese.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

ENGLISH = re.compile(r"[A-Za-z]{3,}")
# Words that are names, not English prose: commands, options, metavars, file names.
ALLOWED = {
    "fireportal", "ingest", "jobs", "no", "cache", "pages", "promote", "inspect", "help", "version", "strict", "report",
    "taxonomy", "json", "force", "out", "per", "page", "max", "COMMAND", "SOURCES", "DIR", "FILE",
    "JSON", "sources", "build", "txt", "docx", "meta", "mkdocs", "Markdown", "YAML", "ASCII",
    "UTF", "docs", "NAME", "text", "path", "sidecar", "front", "matter", "shape", "yml", "cp",
    "docs_dir", "CI", "report.json", "check", "add", "zip", "site", "serve", "index.html", "html",
    "pdf", "md", "offline.zip", "TXT", "year", "index",
}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fireportal.cli", *args], capture_output=True, text=True)


def english_words(text: str) -> list[str]:
    text = re.sub(r"[^\s（）]*[/_][^\s（）]*", "", text)  # file paths in the examples
    return [w for w in ENGLISH.findall(text) if w not in ALLOWED]


@pytest.mark.parametrize(
    "command", [[], ["ingest"], ["pages"], ["promote"], ["inspect"], ["check"], ["add"], ["zip"]])
def test_help_is_chinese(command):
    result = run(*command, "--help")
    assert result.returncode == 0
    out = result.stdout
    assert out.startswith("用法：fireportal"), out[:80]
    for word in ("usage:", "positional arguments", "options:", "show this help", "examples"):
        assert word not in out, f"{word!r} in `fireportal {' '.join(command)} --help`"
    assert "选项：" in out
    assert not english_words(out), english_words(out)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["ingest"], "fireportal ingest：错误：缺少必需的参数：SOURCES, --out"),
        (["bogus"], "fireportal：错误：参数 COMMAND：没有 'bogus' 这个选项"),
        (["pages", "x", "--out", "y", "--per-page", "q"], "fireportal pages：错误：参数 --per-page：'q' 不是有效的值（应为整数）"),
        (["ingest", "x", "--out", "y", "--nope"], "fireportal：错误：无法识别的参数：--nope"),
        (["add"], "fireportal add：错误：缺少必需的参数：FILE"),
        (["zip", "--site"], "fireportal zip：错误：参数 --site 后面需要一个值"),
    ],
)
def test_errors_are_chinese(args, expected):
    result = run(*args)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("用法：fireportal")
    assert lines[-1].startswith(expected), lines[-1]
