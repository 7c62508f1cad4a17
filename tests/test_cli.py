"""The command line as staff and CI use it: exact messages and exit codes."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
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
        "警告 sources/undated.txt: 没有找到发文单位（正文没有写明消防救援单位），也就不知道级别：是消防救援单位发的，就在 undated.meta.yml 里写上单位全称，例如 unit: 某某市消防救援支队",
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
        "错误 taxonomy.yml: 第 2 行，单位“盘锦市消防救援支队”: level “中队” 不是 局/总队/支队/大队/站 之一："
        "请写成 level: 支队（中队写作 站）"
    )


def test_inspect_json_uses_the_front_matter_field_names(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main(["inspect", "sources/2022/000_c2bcaf24751ad1bb.txt", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(FIELDS) <= set(data)
    assert data["date"] == "2022-05-06"
    assert data["origins"]["date"] == {"origin": "path", "note": "导语日期无年份，年份取自文件夹 2022", "guessed": False}
    assert list(data["origins"]["date"]) == ["origin", "note", "guessed"]
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
    # Same URL, same source (the raw file, still the download), same fields
    # and the same words; only the theme's classes are gone from the body.
    assert [p.name for p in Path("after").iterdir()] == ["2024-003-a0327b19cb06463e.md"]
    before = Path("before/2024-003-a0327b19cb06463e.md").read_text(encoding="utf-8")
    after = Path("after/2024-003-a0327b19cb06463e.md").read_text(encoding="utf-8")
    assert after.split("\n---\n", 1)[0] == before.split("\n---\n", 1)[0]
    assert re.sub(r"<[^>]+>|[\s*#（）：、　]", "", after) == re.sub(r"<[^>]+>|[\s*#（）：、　]", "", before)
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


# --------------------------------------------------------------------------- check, add, zip, promote
# Run as staff run them: the installed `fireportal` console script, in a
# folder laid out like the repo.

FIREPORTAL = Path(sys.executable).with_name("fireportal")
BRIEFING = (ROOT / "sources" / "2024" / "003_a0327b19cb06463e.txt").read_text(encoding="utf-8")


def fireportal(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(FIREPORTAL), *args], capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.fixture
def staff_tree(tmp_path):
    """A repo with a good source, one with a sidecar holding three mistakes, a
    sidecar naming a unit and a campaign with a typo, a copy of a published
    text and a sidecar whose document is gone."""
    shutil.copy(ROOT / "taxonomy.yml", tmp_path / "taxonomy.yml")
    folder = tmp_path / "sources" / "2024"
    folder.mkdir(parents=True)
    (folder / "briefing.txt").write_text(BRIEFING, encoding="utf-8")
    (folder / "meeting.txt").write_text(GOOD, encoding="utf-8")
    (folder / "meeting.meta.yml").write_text(
        "date: 2024-13-01\ndoc_type: 新闻稿\nslug: Bad Slug\ntitle: 五月份办公会\n", encoding="utf-8")
    (folder / "typo.txt").write_text(GOOD.replace("5月份", "6月份"), encoding="utf-8")
    (folder / "typo.meta.yml").write_text(
        "unit: 盘锦市消防救援支对\ncampaigns: [消防安全集中除患攻坚大整治形动]\n", encoding="utf-8")
    (folder / "zz-copy.txt").write_text(BRIEFING, encoding="utf-8")
    (folder / "gone.meta.yml").write_text("title: 旧文件\n", encoding="utf-8")
    return tmp_path


def test_check_lists_every_problem_of_every_file(staff_tree):
    result = fireportal("check", cwd=staff_tree)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        "警告 sources/2024/gone.meta.yml: 旁边没有名为 gone.* 的文档，这个旁注文件不起作用：文档改了名就把它改成同样的名字，文档删了就把它也删掉",
        # Three mistakes in one sidecar: all of them in one run, the document still published.
        "错误 sources/2024/meeting.meta.yml: date “2024-13-01” 无效：请写成 2024-02-28（也可写 2024年2月28日、2024.2.28、2024/2/28）、2024-02 或 2024",
        "错误 sources/2024/meeting.meta.yml: doc_type “新闻稿” 无效；只能是 简报、会议、通知、总结、计划、新闻 之一",
        "错误 sources/2024/meeting.meta.yml: slug “Bad Slug” 只能用小写字母、数字和连字符，例如 slug: panjin-2024-jianbao-2",
        "警告 sources/2024/typo.meta.yml: unit “盘锦市消防救援支对” 不在分类表里，也不像消防救援单位的全称："
        "您是不是要写：盘锦市消防救援支队、曲靖市消防救援支队（确实是新单位，请把它加入 taxonomy.yml）",
        "警告 sources/2024/typo.meta.yml: campaigns 里的“消防安全集中除患攻坚大整治形动”不在分类表里："
        "您是不是要写：消防安全集中除患攻坚大整治行动（确实是新的专项行动，请把它加入 taxonomy.yml）",
        "警告 sources/2024/zz-copy.txt: 内容与已发布的 sources/2024/briefing.txt 相同，没有发布：请删除重复的文件",
        "检查了 4 个源文件：3 个错误，4 个警告。",
        "分类表里没有的单位（可加入 taxonomy.yml）：盘锦市消防救援支对",
        "分类表里没有的专项行动（可加入 taxonomy.yml）：消防安全集中除患攻坚大整治形动",
    ]
    # Not a terminal: no progress bar on stderr.
    assert result.stderr == ""


def test_check_exit_codes(staff_tree):
    folder = staff_tree / "sources" / "2024"
    for name in ("meeting.txt", "meeting.meta.yml", "zz-copy.txt", "typo.meta.yml", "gone.meta.yml"):
        (folder / name).unlink()
    clean = fireportal("check", "sources", cwd=staff_tree)
    assert clean.returncode == 0, clean.stdout
    assert clean.stdout.splitlines()[0] == "检查了 2 个源文件：没有发现问题。"
    (folder / "undated.txt").write_text("1、抓好防火检查。\n2、加强宣传。\n", encoding="utf-8")
    shutil.move(folder / "undated.txt", staff_tree / "sources" / "undated.txt")
    warned = fireportal("check", cwd=staff_tree)
    assert warned.returncode == 0 and "警告 sources/undated.txt: 没有日期" in warned.stdout
    assert fireportal("check", "--strict", cwd=staff_tree).returncode == 1
    missing = fireportal("check", "nowhere", cwd=staff_tree)
    assert missing.returncode == 2
    assert missing.stderr.strip() == "错误 nowhere: 找不到这个文件或文件夹：检查路径，例如 fireportal check sources"


def test_check_given_files_checks_those_and_their_documents(staff_tree):
    """What pre-commit passes: staged files; a sidecar brings its document along."""
    result = fireportal("check", "sources/2024/typo.meta.yml", "sources/2024/briefing.txt",
                        "sources/2024/gone.meta.yml", cwd=staff_tree)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("警告 sources/2024/gone.meta.yml: 旁边没有名为 gone.* 的文档")
    assert lines[1].startswith("警告 sources/2024/typo.meta.yml: unit “盘锦市消防救援支对”")
    assert lines[3] == "检查了 2 个源文件：0 个错误，3 个警告。"
    assert not any("meeting" in line or "zz-copy" in line for line in lines)
    assert fireportal("check", "--strict", "sources/2024/typo.meta.yml", cwd=staff_tree).returncode == 1


def test_check_names_the_taxonomy_line_to_fix(staff_tree):
    (staff_tree / "taxonomy.yml").write_text(
        "units:\n  - name: 盘锦市消防救援支队\n    code: panjin-zhidui\n"
        "campaigns:\n  - name: 除患攻坚\n    code: Chu Huan\n", encoding="utf-8")
    result = fireportal("check", cwd=staff_tree)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "错误 taxonomy.yml: 第 5 行，专项行动“除患攻坚”: code “Chu Huan” 只能用小写字母、数字和连字符："
        "请写成 code: chu-huan")


def test_add_copies_writes_a_sidecar_to_review_and_shows_the_page(tmp_path):
    (tmp_path / "sources").mkdir()
    incoming = tmp_path / "下载"
    incoming.mkdir()
    (incoming / "盘锦 简报:第2期.TXT").write_text(BRIEFING, encoding="gb18030")
    result = fireportal("add", "下载/盘锦 简报:第2期.TXT", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    target = tmp_path / "sources" / "2024" / "盘锦_简报_第2期.txt"
    assert target.read_bytes() == (incoming / "盘锦 简报:第2期.TXT").read_bytes()
    assert result.stdout.splitlines() == [
        "已复制到 sources/2024/盘锦_简报_第2期.txt，旁注写在 sources/2024/盘锦_简报_第2期.meta.yml（请核对）。将生成 1 个页面：",
        "  标题：盘锦支队建立“五项约谈”机制",
        "  日期：2024-02-28",
        "  单位：盘锦市消防救援支队",
        "  专项行动：消防安全集中除患攻坚大整治行动",
        "  网址：doc/2024-2-panjinjianbaodiqi/",
        "下一步：核对旁注文件，运行 fireportal check sources，用 mkdocs serve 预览，然后提交。",
    ]
    sidecar = (target.parent / "盘锦_简报_第2期.meta.yml").read_text(encoding="utf-8")
    # Every line a comment: nothing is confirmed until a person says so.
    assert all(not line or line.startswith("#") for line in sidecar.splitlines())
    assert "# date: 2024-02-28" in sidecar and "# unit: 盘锦市消防救援支队" in sidecar
    # Uncommenting a value line is valid sidecar YAML.
    from fireportal.sidecar import parse_sidecar
    values = "\n".join(line[2:] for line in sidecar.splitlines() if re.match(r"# [a-z_]+: ", line))
    parsed = parse_sidecar("x.meta.yml", values)
    assert not parsed.errors and parsed.fields["title"] == "盘锦支队建立“五项约谈”机制"
    assert fireportal("check", "--strict", cwd=tmp_path).returncode == 0

    again = fireportal("add", "下载/盘锦 简报:第2期.TXT", cwd=tmp_path)
    assert again.returncode == 1
    assert again.stderr.strip() == (
        "错误 sources/2024/盘锦_简报_第2期.txt: 已经存在，不会覆盖：如果是同一份文件就不用再加；否则请先给要加的文件改个名字")
    assert target.read_bytes() == (incoming / "盘锦 简报:第2期.TXT").read_bytes()


def test_add_asks_for_the_year_when_the_text_has_no_date(tmp_path):
    (tmp_path / "sources").mkdir()
    (tmp_path / "x.txt").write_text(GOOD.replace("5月6日，", ""), encoding="utf-8")
    result = fireportal("add", "x.txt", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().endswith(
        "错误 x.txt: 看不出文档的日期，不知道放进哪个年份文件夹：请加 --year，例如 fireportal add x.txt --year 2024")
    assert list((tmp_path / "sources").iterdir()) == []
    assert fireportal("add", "x.txt", "--year", "2023", cwd=tmp_path).returncode == 0
    assert (tmp_path / "sources" / "2023" / "x.txt").is_file()
    bad = fireportal("add", "x.txt", "--year", "23", cwd=tmp_path)
    assert bad.returncode == 2 and "年份应写成四位数字" in bad.stderr


def test_add_refuses_a_file_the_portal_cannot_publish(tmp_path):
    (tmp_path / "sources").mkdir()
    (tmp_path / "x.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    result = fireportal("add", "x.doc", "--year", "2024", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "没有复制 x.doc：请先按上面的提示处理。"
    assert not (tmp_path / "sources" / "2024").exists()


def test_add_splits_are_offered_as_parts(tmp_path):
    (tmp_path / "sources").mkdir()
    shutil.copy(ROOT / "sources" / "2020" / "002_6b45c9dfb0b252fa.txt", tmp_path / "three.txt")
    result = fireportal("add", "three.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "将生成 3 个页面" in result.stdout
    sidecar = (tmp_path / "sources" / "2020" / "three.meta.yml").read_text(encoding="utf-8")
    # Taking `# ` off `split:` and the parts block gives a sidecar that confirms the split.
    lines, inside = [], False
    for line in sidecar.splitlines():
        inside = inside or line == "# parts:"
        if line == "# split: auto" or inside:
            lines.append(line[2:])
    from fireportal.sidecar import parse_sidecar
    parsed = parse_sidecar("three.meta.yml", "\n".join(lines))
    assert not parsed.errors and parsed.split == "auto" and len(parsed.parts) == 3


def test_zip_without_a_built_site(tmp_path):
    result = fireportal("zip", "--site", "site", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == "错误 site: 没有 index.html，不是构建好的网站：请先运行 mkdocs build，再打包"


def test_zip_is_the_same_for_the_same_site(tmp_path):
    site = tmp_path / "site"
    (site / "doc" / "a").mkdir(parents=True)
    (site / "index.html").write_text("<h1>首页</h1>", encoding="utf-8")
    (site / "doc" / "a" / "index.html").write_text("<p>正文</p>", encoding="utf-8")
    first = fireportal("zip", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("已写入 site/offline.zip：2 个文件")
    data = (site / "offline.zip").read_bytes()
    os_time = (site / "index.html").stat().st_mtime
    import os
    os.utime(site / "index.html", (os_time + 3600, os_time + 3600))
    assert fireportal("zip", cwd=tmp_path).returncode == 0
    assert (site / "offline.zip").read_bytes() == data  # no time, and not itself
    with zipfile.ZipFile(site / "offline.zip") as archive:
        assert archive.namelist() == ["doc/a/index.html", "index.html"]


def test_promote_writes_markdown_a_person_can_edit(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    shutil.copy(ROOT / "sources" / "2024" / "003_a0327b19cb06463e.txt", tmp_path / "briefing.txt")
    shutil.copy(ROOT / "sources" / "2022" / "000_c2bcaf24751ad1bb.txt", tmp_path / "meeting.txt")
    (tmp_path / "plan.txt").write_text(
        "关于印发工作规划的通知\n\n一、\n\n发展环境\n\n今年以来，火灾形势平稳。\n\n二、主要任务\n\n加强宣传。\n",
        encoding="utf-8")
    for name in ("briefing", "meeting", "plan"):
        assert main(["promote", f"{name}.txt", "--taxonomy", str(ROOT / "taxonomy.yml")]) == 0
        text = Path(f"{name}.md").read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[1]
        assert not re.search(r"<(?:p|span)\b", body), (name, re.findall(r"<[^>]+>", body)[:3])
        assert not re.search(r"^#{1,6}\s*(?:[（(]?[一二三四五六七八九十\d]+[、.）)]?)?\s*$", body, re.M), name
    assert "**全员发动治患攻坚**" in Path("briefing.md").read_text(encoding="utf-8")
    assert "（责任处室：防火监督科）" in Path("meeting.md").read_text(encoding="utf-8")


def test_check_fails_when_a_published_url_would_disappear(staff_tree):
    """A source deleted from git without a redirect: its public URL would 404."""
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    folder = staff_tree / "sources" / "2024"
    for name in ("meeting.txt", "meeting.meta.yml", "zz-copy.txt", "typo.meta.yml", "gone.meta.yml"):
        (folder / name).unlink()

    def commit(message: str) -> None:
        for args in (["add", "-A"], ["commit", "-q", "-m", message]):
            subprocess.run([git, *args], cwd=staff_tree, check=True, capture_output=True, env={
                "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(staff_tree), "PATH": "/usr/bin:/bin"})

    subprocess.run([git, "init", "-q"], cwd=staff_tree, check=True)
    commit("publish")
    assert fireportal("check", "--strict", cwd=staff_tree).returncode == 0
    (folder / "typo.txt").unlink()
    commit("delete")
    result = fireportal("check", cwd=staff_tree)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith(
        "错误 sources/2024/typo.txt: 已删除，但它的网址 doc/2024-typo/ 已经公开过")
