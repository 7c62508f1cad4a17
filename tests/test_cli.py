"""The command line as staff and CI use it: exact messages and exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fireportal.cli import _parser, main
from fireportal.model import FIELDS

ROOT = Path(__file__).resolve().parent.parent
GOOD = "5月6日，盘锦市消防救援支队组织召开5月份办公会。\n1、抓好防火检查。（责任科室：防火监督科）\n"


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """A repo-like folder with one good source per year and every kind of bad one."""
    monkeypatch.chdir(tmp_path)
    sources = tmp_path / "sources"
    (sources / "2022").mkdir(parents=True)
    (sources / "2022" / "good.txt").write_text(GOOD, encoding="utf-8")
    (sources / "2022" / "empty.txt").write_bytes(b"")
    (sources / "2022" / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (sources / "2022" / "bad-sidecar.txt").write_text(GOOD.replace("5月份", "6月份"), encoding="utf-8")
    (sources / "2022" / "bad-sidecar.meta.yml").write_text("title: [未闭合\n", encoding="utf-8")
    (sources / "2022" / "bad-field.txt").write_text(GOOD.replace("5月份", "7月份"), encoding="utf-8")
    (sources / "2022" / "bad-field.meta.yml").write_text("doc_type: 新闻稿\n", encoding="utf-8")
    with (sources / "2022" / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    (sources / "undated.txt").write_text("1、抓好防火检查。\n2、加强宣传。\n", encoding="utf-8")
    return tmp_path


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fireportal.cli", *args], capture_output=True, text=True)


def test_every_command_has_help():
    parser = _parser()
    subparsers = next(a for a in parser._actions if a.choices and isinstance(a.choices, dict))
    for name, command in subparsers.choices.items():
        assert command.description, f"{name} lacks a description"
        assert command.epilog and "例子" in command.epilog, f"{name} lacks examples"
        for action in command._actions:
            if action.dest != "help":
                assert action.help, f"{name} {action.dest} lacks help text"


def test_help_runs():
    result = run("--help")
    assert result.returncode == 0
    assert "ingest" in result.stdout and "inspect" in result.stdout


def test_ingest_reports_each_bad_file_and_builds_the_rest(tree, capsys):
    code = main(["ingest", "sources", "--out", "out", "--report", "report.json"])
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        "错误 sources/2022/bad-field.meta.yml: doc_type “新闻稿” 无效；只能是 简报、会议、通知、总结、计划、新闻 之一",
        "错误 sources/2022/bad-sidecar.meta.yml: 第 1 行不是有效的 YAML：请检查冒号后的空格、引号和缩进",
        "错误 sources/2022/binary.txt: 这是二进制文件，不是文本：请另存为 .txt（UTF-8）或 .docx 后再提交",
        "错误 sources/2022/empty.txt: 文件是空的：请放入文档正文，或删除这个文件",
        "错误 sources/2022/huge.txt: 文件过大（50.0 MB，上限 10 MB）：请确认这是单篇文档；多篇合集请拆成多个文件",
        "警告 sources/undated.txt: 没有找到标题，暂用“抓好防火检查”：请在旁边的 undated.meta.yml 里写 title: 正确的标题",
        "警告 sources/undated.txt: 没有找到发文单位（正文没有写明消防救援单位）：是消防救援单位发的，就在 undated.meta.yml 里写 unit: 盘锦市消防救援支队",
        "警告 sources/undated.txt: 看不出文档类型：请在 undated.meta.yml 里写 doc_type: 简报、会议、通知、总结、计划、新闻 之一",
        "警告 sources/undated.txt: 没有日期（正文和路径里都没有日期）：请把文件放进年份文件夹（如 sources/2024/），或在 undated.meta.yml 里写 date: 2024-02-28",
    ]
    # A sidecar with one bad field still publishes its document, without that field.
    assert out.splitlines()[0] == "完成：7 个源文件 → 3 篇文档，写入 out/；5 个错误，4 个警告。"
    assert code == 1
    written = sorted(p.name for p in Path("out").iterdir())
    assert written == ["2022-bad-field.md", "2022-good.md", "undated.md"]
    report = json.loads(Path("report.json").read_text(encoding="utf-8"))
    assert [d["source"] for d in report["documents"]] == [
        "sources/2022/bad-field.txt", "sources/2022/good.txt", "sources/undated.txt"]
    assert len(report["problems"]) == 9


def test_strict_fails_on_warnings_only_when_asked(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "undated.txt").write_text(GOOD.replace("5月6日，", ""), encoding="utf-8")
    assert main(["ingest", "sources", "--out", "out"]) == 0
    assert main(["ingest", "sources", "--out", "out", "--strict"]) == 1
    assert "没有日期" in capsys.readouterr().err


def test_ingest_is_deterministic(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["ingest", "sources", "--out", str(tmp_path / "a")]) == 0
    assert main(["ingest", "sources", "--out", str(tmp_path / "b"), "--strict"]) == 0
    first = {p.name: p.read_bytes() for p in (tmp_path / "a").iterdir()}
    second = {p.name: p.read_bytes() for p in (tmp_path / "b").iterdir()}
    assert first == second and len(first) == 7


def test_missing_folder_message(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["ingest", "nowhere", "--out", "out"]) == 2
    assert capsys.readouterr().err.strip() == (
        "错误 nowhere: 不是文件夹：请给出源文件夹，例如 fireportal ingest sources --out build/pages"
    )


def test_bad_taxonomy_message(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sources").mkdir()
    (tmp_path / "taxonomy.yml").write_text("units:\n  - name: 盘锦市消防救援支队\n    level: 中队\n", encoding="utf-8")
    assert main(["ingest", "sources", "--out", "out"]) == 2
    assert capsys.readouterr().err.strip() == (
        "错误 taxonomy.yml: units[0]: level “中队” 不是 局/总队/支队/大队/站 之一"
    )


def test_inspect_json_uses_the_front_matter_field_names(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main(["inspect", "sources/2022/000_c2bcaf24751ad1bb.txt", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(FIELDS) <= set(data)
    assert data["date"] == "2022-05-06"
    assert data["origins"]["date"]["origin"] == "path"
    assert data["origins"]["unit_level"]["origin"] == "taxonomy"
    assert len([b for b in data["outline"] if b["kind"] == "item"]) == 12


def test_inspect_json_is_a_list_when_the_file_splits(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main(["inspect", "sources/2020/002_6b45c9dfb0b252fa.txt", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list) and len(data) == 3
    assert all(d["origins"]["title"]["origin"] == "sidecar" for d in data)


def test_inspect_text_shows_cleanups_and_outline(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main(["inspect", "sources/2020/004_9f6941860e8a0aa4.txt"]) == 0
    out = capsys.readouterr().out
    assert "drop_annotations ×191" in out
    assert "to_simplified" in out
    assert "author       卢成良  [text：署名行]" in out


def test_inspect_bad_file_exit_code(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["inspect", "empty.txt"]) == 1
    assert capsys.readouterr().out.strip().endswith("错误 empty.txt: 文件是空的：请放入文档正文，或删除这个文件")


def test_console_script_is_installed():
    assert shutil.which("fireportal") or (Path(sys.executable).parent / "fireportal").exists()


def test_pages_writes_a_whole_docs_dir_with_originals(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "docs"
    assert main(["pages", "sources", "--out", str(out), "--strict"]) == 0
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {"index.md", "years/index.md", "units/index.md", "campaigns/index.md"} <= written
    assert len([p for p in written if p.startswith("doc/")]) == 7
    copies = [p for p in written if p.startswith("originals/")]
    assert len(copies) == 5  # 002 holds three documents but is one original
    for rel in copies:
        data = (out / rel).read_bytes()
        assert any(data == s.read_bytes() for s in (ROOT / "sources").rglob("*.txt"))
    assert capsys.readouterr().out.startswith("完成：")


def test_ingest_cache_converts_only_changed_files(tmp_path, monkeypatch):
    import fireportal.pipeline as pipeline
    from fireportal.taxonomy import load_taxonomy

    sources = tmp_path / "sources" / "2022"
    sources.mkdir(parents=True)
    (sources / "a.txt").write_text(GOOD, encoding="utf-8")
    (sources / "b.txt").write_text(GOOD.replace("5月份", "6月份"), encoding="utf-8")
    converted: list[str] = []
    real = pipeline.ingest_file
    monkeypatch.setattr(pipeline, "ingest_file", lambda rel, *a, **k: converted.append(rel) or real(rel, *a, **k))
    cache: dict = {}
    taxonomy = load_taxonomy(None)

    def run(salt: str = "t1"):
        return pipeline.ingest_tree(tmp_path / "sources", root=tmp_path, taxonomy=taxonomy, cache=cache, cache_salt=salt)

    first = run()
    assert converted == ["sources/2022/a.txt", "sources/2022/b.txt"]
    converted.clear()
    assert run() == first and converted == []
    (sources / "b.txt").write_text(GOOD.replace("5月份", "7月份"), encoding="utf-8")
    (sources / "b.meta.yml").write_text("doc_type: 会议\n", encoding="utf-8")
    run()
    assert converted == ["sources/2022/b.txt"]
    converted.clear()
    run(salt="t2")  # a new taxonomy invalidates everything
    assert converted == ["sources/2022/a.txt", "sources/2022/b.txt"]
    assert len(cache) == 2


def test_promote_keeps_the_page_and_makes_it_editable(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "sources" / "2024"
    folder.mkdir(parents=True)
    raw = ROOT / "sources" / "2024" / "003_a0327b19cb06463e.txt"
    shutil.copy(raw, folder)
    assert main(["ingest", "sources", "--out", "before"]) == 0
    capsys.readouterr()
    assert main(["promote", "sources/2024/003_a0327b19cb06463e.txt"]) == 0
    assert capsys.readouterr().out.startswith("已写入 sources/2024/003_a0327b19cb06463e.md")
    assert main(["ingest", "sources", "--out", "after"]) == 0
    # Same URL, same source (the raw file, still the download), same page.
    assert [p.name for p in Path("after").iterdir()] == ["2024-003-a0327b19cb06463e.md"]
    assert Path("after/2024-003-a0327b19cb06463e.md").read_text(encoding="utf-8") == \
        Path("before/2024-003-a0327b19cb06463e.md").read_text(encoding="utf-8")
    # An edit to the curated file is what the page shows from now on.
    curated = folder / "003_a0327b19cb06463e.md"
    curated.write_text(curated.read_text(encoding="utf-8").replace("五项约谈", "五项约谈（修订）", 1), encoding="utf-8")
    assert main(["ingest", "sources", "--out", "edited"]) == 0
    assert "五项约谈（修订）" in Path("edited/2024-003-a0327b19cb06463e.md").read_text(encoding="utf-8")
    assert (folder / raw.name).read_bytes() == raw.read_bytes()


def test_promote_refusals(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    monkeypatch.chdir(tmp_path)
    assert main(["promote", "sources/2020/002_6b45c9dfb0b252fa.txt"]) == 1
    assert capsys.readouterr().err.strip().endswith(
        "错误 sources/2020/002_6b45c9dfb0b252fa.txt: 这个文件拆成 3 篇：promote 只处理单篇文件；请先把各篇分别存成单独的源文件")
    assert main(["promote", "sources/2022/000_c2bcaf24751ad1bb.txt"]) == 0
    assert main(["promote", "sources/2022/000_c2bcaf24751ad1bb.txt"]) == 2
    assert capsys.readouterr().err.strip() == (
        "错误 sources/2022/000_c2bcaf24751ad1bb.md: 已经存在：直接修改它，或加 --force 重新生成（会覆盖修改）")
