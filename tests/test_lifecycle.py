"""What a published document keeps: git dates, old URLs, 有效性, feeds, and
previous/next within its unit and year.

Git tests build a real repository in a temporary folder (init, commit,
rename, commit) and read it with the same code the mkdocs plugin runs.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from msgspec.structs import replace as replace_struct

from fireportal import history as history_mod
from fireportal.history import file_history, parse_log
from fireportal.model import Document, Lifecycle, Metadata, TitleBlock
from fireportal.pipeline import ingest_tree, make_slug
from fireportal.sidecar import lifecycle_of, parse_sidecar, validate
from fireportal.site import build_pages, extra_files, lifecycle_problems, lost_urls, with_history
from fireportal.site.lifecycle import redirects
from fireportal.site.markup import text
from fireportal.taxonomy import load_taxonomy

REPO = Path(__file__).resolve().parents[1]
ATOM = "{http://www.w3.org/2005/Atom}"
GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed")

BODY = "盘锦支队召开消防安全工作会议\n2024年3月5日，盘锦市消防救援支队召开会议，部署春季火灾防控工作。\n一、压实责任。各大队要逐级落实。\n"


def doc(slug, date="", unit="", title="", campaigns=(), lifecycle=None, **meta):
    return Document(
        slug=slug, part=1, parts=1,
        meta=Metadata(title=title or f"文件{slug}", date=date, unit=unit, campaigns=tuple(campaigns),
                      source=f"sources/{slug}.txt", **meta),
        origins={}, head=TitleBlock(), blocks=(), lifecycle=lifecycle or Lifecycle(),
    )


def fake_render(d: Document) -> str:
    return f"---\ntitle: {d.meta.title!r}\n---\n\n# {text(d.meta.title)}\n\n正文。\n"


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(None)


# --- sidecar fields -------------------------------------------------------------


def test_sidecar_lifecycle_fields_are_read_and_sanitised():
    found = parse_sidecar("a.meta.yml", (
        "status: 已撤回\nreason: 内容有误\nwithdrawn_on: 2025年3月12日\n"
        "replaced_by: sources/2025/新通知.docx\naliases: [doc/old-one/, 'https://x.org/doc/old-two.html', old-three]\n"
    ))
    assert not found.errors and not found.unknown
    assert found.lifecycle == Lifecycle(status="已撤回", reason="内容有误", withdrawn_on="2025-03-12",
                                        replaced_by="sources/2025/新通知.docx",
                                        aliases=("old-one", "old-two", "old-three"))


@pytest.mark.parametrize("text, field", [
    ("status: 作废\n", "status"),
    ("withdrawn_on: 下周\n", "withdrawn_on"),
    ("replaced_by: ../../etc/passwd\n", "replaced_by"),
    ("replaced_by: /etc/passwd\n", "replaced_by"),
    ("aliases: [../../index]\n", "aliases"),
    ("aliases: [doc/a/../../b/]\n", "aliases"),
    ("aliases: {a: b}\n", "aliases"),
    ("reason: [1, 2]\n", "reason"),
])
def test_a_bad_lifecycle_field_is_dropped_with_its_own_error(text, field):
    found = parse_sidecar("a.meta.yml", text + "title: 标题\n")
    assert len(found.errors) == 1 and f"a.meta.yml: {field}" in found.errors[0]
    assert getattr(found.lifecycle, field) in ("", ())
    assert found.fields == {"title": "标题"}  # the other fields still apply


def test_front_matter_takes_the_same_fields_and_the_sidecar_wins():
    front = validate("a.md", {"status": "已废止", "reason": "见新文件"}, sidecar=False)
    side = parse_sidecar("a.meta.yml", "status: 已修改\n")
    assert not front.unknown and not front.errors
    assert lifecycle_of(front, side) == Lifecycle(status="已修改", reason="见新文件")


# --- git history ------------------------------------------------------------------


def git(root: Path, *args: str, date: str = "") -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run([GIT, "-C", str(root), *args], check=True, capture_output=True, env=env)


@pytest.fixture()
def renamed_repo(tmp_path):
    """sources/2024/旧名.txt committed 2024-03-05, renamed (with its sidecar) on
    2024-04-01, its sidecar edited 2024-05-20 (Beijing dates)."""
    root = tmp_path / "portal"
    sources = root / "sources" / "2024"
    sources.mkdir(parents=True)
    git(root, "init", "-q")
    (sources / "旧名.txt").write_text(BODY, encoding="utf-8")
    (sources / "旧名.meta.yml").write_text("doc_type: 会议\n", encoding="utf-8")
    (sources / "other.txt").write_text(BODY.replace("春季", "秋季"), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "add", date="2024-03-04T18:00:00+00:00")  # 03-05 02:00 in Beijing
    git(root, "mv", "sources/2024/旧名.txt", "sources/2024/new-name.txt")
    git(root, "mv", "sources/2024/旧名.meta.yml", "sources/2024/new-name.meta.yml")
    git(root, "commit", "-qm", "rename", date="2024-04-01T10:00:00+08:00")
    (sources / "new-name.meta.yml").write_text("doc_type: 会议\ntitle: 改过的标题\n", encoding="utf-8")
    git(root, "commit", "-qam", "edit", date="2024-05-20T10:00:00+08:00")
    return root


@needs_git
def test_history_follows_renames_and_dates_are_china_time(renamed_repo):
    found = file_history(renamed_repo)
    assert not found.shallow
    moved = found.files["sources/2024/new-name.txt"]
    assert moved.former == ("sources/2024/旧名.txt",)
    assert history_mod.day(moved.first) == "2024-03-05"  # Beijing date, not the UTC 03-04
    assert history_mod.day(moved.last) == "2024-03-05"  # a pure rename is not a change of content
    assert history_mod.day(found.files["sources/2024/new-name.meta.yml"].last) == "2024-05-20"
    assert "sources/2024/旧名.txt" not in found.files


@needs_git
def test_history_is_one_git_log_whatever_the_number_of_files(renamed_repo, monkeypatch):
    for i in range(40):
        (renamed_repo / "sources" / "2024" / f"f{i}.txt").write_text(f"{i}", encoding="utf-8")
    git(renamed_repo, "add", "-A")
    git(renamed_repo, "commit", "-qm", "many")
    calls = []
    real = subprocess.run
    monkeypatch.setattr(history_mod.subprocess, "run", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    found = file_history(renamed_repo)
    assert len(found.files) >= 43
    assert sum("log" in c for c in calls) == 1 and len(calls) == 2  # rev-parse + one log


def test_history_outside_git_is_empty(tmp_path):
    (tmp_path / "sources").mkdir()
    assert file_history(tmp_path).files == {}


def test_parse_log_deleted_then_added_again_starts_afresh():
    log = "@100\0\nA\0s/a.txt\0@200\0\nD\0s/a.txt\0@300\0\nA\0s/a.txt\0"
    assert parse_log(log)["s/a.txt"].first == 300


@needs_git
def test_renamed_source_keeps_dates_and_old_url(renamed_repo, taxonomy):
    result = ingest_tree(renamed_repo / "sources", root=renamed_repo, taxonomy=taxonomy)
    docs = with_history(result.documents, file_history(renamed_repo), make_slug)
    moved = next(d for d in docs if d.meta.source.endswith("new-name.txt"))
    old_slug = make_slug("sources/2024/旧名.txt")
    assert moved.lifecycle.renamed_from == (old_slug,)
    assert moved.lifecycle.first_published == "2024-03-05"
    assert moved.lifecycle.last_updated == "2024-05-20"  # the sidecar's edit

    page = build_pages(docs, taxonomy)[f"doc/{moved.slug}.md"]
    assert "<dt>发布日期</dt>\n<dd markdown=\"span\">2024-03-05</dd>" in page
    assert "<dt>更新日期</dt>\n<dd markdown=\"span\">2024-05-20</dd>" in page
    assert "<dt>成文日期</dt>\n<dd markdown=\"span\">2024-03-05</dd>" in page  # the document's own date

    for directory_urls, where, target in ((True, f"doc/{old_slug}/index.html", f"../{moved.slug}/"),
                                          (False, f"doc/{old_slug}.html", f"{moved.slug}.html")):
        html = extra_files(docs, taxonomy, directory_urls=directory_urls)[where]
        assert f'<meta http-equiv="refresh" content="0; url={target}">' in html
        assert f'<link rel="canonical" href="{target}">' in html
        assert f'本页已迁移到新的网址：<a href="{target}">' in html


@needs_git
def test_a_deleted_source_is_a_lost_url_until_an_alias_keeps_it(renamed_repo, taxonomy):
    (renamed_repo / "sources" / "2024" / "other.txt").unlink()
    git(renamed_repo, "commit", "-qam", "delete")
    found = file_history(renamed_repo)
    assert "sources/2024/other.txt" in found.deleted
    result = ingest_tree(renamed_repo / "sources", root=renamed_repo, taxonomy=taxonomy)
    docs = with_history(result.documents, found, make_slug)
    lost = lost_urls(docs, found, make_slug)
    assert [p.path for p in lost] == ["sources/2024/other.txt"]
    assert f"aliases: [{make_slug('sources/2024/other.txt')}]" in lost[0].message
    # The rename is not a loss: git followed it.
    keeper = replace_struct(docs[0], lifecycle=replace_struct(docs[0].lifecycle, aliases=(make_slug("sources/2024/other.txt"),)))
    assert lost_urls([keeper, *docs[1:]], found, make_slug) == []


def test_no_dates_without_git_and_none_invented(taxonomy):
    page = build_pages([doc("a", "2024-03-05", "盘锦市消防救援支队")], taxonomy, render=fake_render)["doc/a.md"]
    assert "发布日期" not in page and "更新日期" not in page and "成文日期" in page


# --- old URLs -----------------------------------------------------------------------


def test_alias_never_takes_a_live_url_or_one_claimed_twice():
    docs = [
        doc("a", lifecycle=Lifecycle(aliases=("b", "old", "shared"))),
        doc("b"),
        doc("c", lifecycle=Lifecycle(aliases=("shared",))),
    ]
    found, problems = redirects(docs)
    assert set(found) == {"old"} and found["old"].slug == "a"
    messages = " ".join(p.message for p in problems)
    assert "doc/b/" in messages and "doc/shared/" in messages


def test_redirect_page_escapes_the_title(taxonomy):
    evil = doc("new", title='"><script>alert(1)</script>', lifecycle=Lifecycle(aliases=("old",)))
    html = extra_files([evil], taxonomy)["doc/old/index.html"]
    assert "<script>" not in html and "&lt;script&gt;" in html


# --- 有效性 ----------------------------------------------------------------------------

PJ = "盘锦市消防救援支队"


@pytest.fixture(scope="module")
def statuses(taxonomy):
    docs = [
        doc("old-rule", "2023-01-10", PJ, "旧规定", ["除患攻坚大整治行动"], doc_type="通知",
            lifecycle=Lifecycle(status="已废止", replaced_by="sources/new-rule.txt", reason="由新规定代替")),
        doc("new-rule", "2024-01-10", PJ, "新规定", doc_type="通知", lifecycle=Lifecycle(status="有效")),
        doc("pulled", "2024-02-01", PJ, "撤回的<b>简报</b>", ["除患攻坚大整治行动"],
            lifecycle=Lifecycle(status="已撤回", reason="数据有误", last_updated="2024-06-01")),
        doc("kept", "2024-03-01", PJ, "普通文件"),
    ]
    return docs, build_pages(docs, taxonomy, per_page=50, render=fake_render), extra_files(docs, taxonomy)


def test_withdrawn_leaves_every_list_feed_and_the_site_map(statuses):
    _, pages, files = statuses
    for path, body in pages.items():
        if path != "doc/pulled.md":
            assert "pulled.md" not in body and "撤回的" not in body, path
    assert "共收录 3 篇" in pages["sitemap.md"]
    for path, body in files.items():
        if path.endswith(".xml"):
            assert "doc:pulled" not in body and "撤回的" not in body, path


def test_withdrawn_url_keeps_a_notice_saying_when_and_why(statuses):
    _, pages, _ = statuses
    notice = pages["doc/pulled.md"]
    assert "本文件已于 2024-06-01 撤回" in notice  # the git date: no withdrawn_on
    assert "撤回原因：数据有误" in notice
    assert "正文" not in notice and "下载原文" not in notice
    assert "<b>" not in notice  # the title stays literal


def test_withdrawn_on_wins_over_the_git_date(taxonomy):
    gone = doc("g", "2024", lifecycle=Lifecycle(status="已撤回", withdrawn_on="2024-05-05", last_updated="2024-06-01"))
    assert "已于 2024-05-05 撤回" in build_pages([gone], taxonomy, render=fake_render)["doc/g.md"]


def test_repealed_stays_with_a_banner_a_link_and_a_mark(statuses):
    _, pages, _ = statuses
    page = pages["doc/old-rule.md"]
    assert '<p class="admonition-title">已废止</p>' in page
    assert "现行文件：[新规定](new-rule.md)" in page and "说明：由新规定代替" in page
    assert "<dt>有效性</dt>\n<dd markdown=\"span\">已废止</dd>" in page
    assert page.index("已废止") < page.index("信息公开")  # the banner comes first
    assert "[旧规定](../doc/old-rule.md)（已废止）" in pages["years/2023.md"]
    assert "<dt>有效性</dt>\n<dd markdown=\"span\">有效</dd>" in pages["doc/new-rule.md"]
    assert "admonition" not in pages["doc/new-rule.md"]  # 有效: no banner


def test_lifecycle_problems_name_the_sidecar_and_the_fix():
    docs = [
        doc("a", lifecycle=Lifecycle(status="已废止", replaced_by="sources/missing.txt")),
        doc("b", lifecycle=Lifecycle(status="已撤回")),
        doc("c", lifecycle=Lifecycle(replaced_by="a")),
    ]
    lines = [p.line() for p in lifecycle_problems(docs)]
    assert any("sources/a.meta.yml" in l and "找不到这篇文件" in l for l in lines)
    assert any("sources/b.meta.yml" in l and "withdrawn_on" in l for l in lines)
    assert any("sources/b.meta.yml" in l and "reason" in l for l in lines)
    assert any("sources/c.meta.yml" in l and "status: 已废止" in l for l in lines)


# --- feeds ---------------------------------------------------------------------------


def test_unit_and_campaign_feeds_are_valid_relative_and_linked(statuses, taxonomy):
    docs, pages, files = statuses
    feeds = {p: ET.fromstring(c.encode()) for p, c in files.items() if p.endswith(".xml")}
    assert "feed.xml" in feeds
    unit_feeds = [p for p in feeds if p.startswith("feeds/units/")]
    campaign_feeds = [p for p in feeds if p.startswith("feeds/campaigns/")]
    assert unit_feeds and campaign_feeds
    for path, root in feeds.items():
        # From the documents, never the build time.
        newest = max(e.find(f"{ATOM}updated").text for e in root.findall(f"{ATOM}entry"))
        assert root.find(f"{ATOM}updated").text == newest and newest[:4] in ("2023", "2024")
        for entry in root.findall(f"{ATOM}entry"):
            href = entry.find(f"{ATOM}link").get("href")
            assert "://" not in href and not href.startswith("/")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), href))
            assert target.startswith("doc/") and f"{target.removeprefix('doc/').rstrip('/')}" in {d.slug for d in docs}
    # Each listing page names its own feed in front matter (overrides/main.html links it).
    for path in unit_feeds + campaign_feeds:
        kind, code = path.removeprefix("feeds/").removesuffix(".xml").split("/")
        assert f"fp_feed: {path}" in pages[f"{kind}/{code}.md"]
    assert extra_files(docs, taxonomy) == files  # deterministic


def test_feed_dates_come_from_metadata_and_git(taxonomy):
    d = doc("a", "2024-03-05", PJ, lifecycle=Lifecycle(first_published="2024-03-06", last_updated="2024-05-20"))
    entry = ET.fromstring(extra_files([d], taxonomy)["feed.xml"].encode()).find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}updated").text == "2024-05-20T00:00:00+08:00"
    assert entry.find(f"{ATOM}published").text == "2024-03-06T00:00:00+08:00"


def test_feed_survives_control_characters_in_a_title(taxonomy):
    d = doc("a", "2024-03-05", PJ, title="标题\x0b\x1f<&>")
    root = ET.fromstring(extra_files([d], taxonomy)["feed.xml"].encode())
    assert root.find(f"{ATOM}entry/{ATOM}title").text == "标题<&>"


# --- previous / next --------------------------------------------------------------------


def test_previous_next_stay_within_unit_and_year(taxonomy):
    docs = [
        doc("pj-a", "2024-01-01", PJ, "一月"),
        doc("pj-b", "2024-02-01", PJ, "二月 *不是强调*"),
        doc("pj-c", "2024-03-01", PJ, "三月"),
        doc("pj-2023", "2023-12-01", PJ, "去年"),
        doc("ln-a", "2024-01-15", "辽宁省消防救援总队", "总队"),
    ]
    pages = build_pages(docs, taxonomy, render=fake_render)
    middle = pages["doc/pj-b.md"]
    assert "上一篇：[一月](pj-a.md)" in middle and "下一篇：[三月](pj-c.md)" in middle
    assert "上一篇：[二月 &#42;不是强调&#42;](pj-b.md)" in pages["doc/pj-c.md"]
    assert "下一篇" not in pages["doc/pj-c.md"]
    assert "上一篇" not in pages["doc/pj-a.md"]  # 2023 and the other unit are other groups
    for alone in ("pj-2023", "ln-a"):
        assert "fp-prevnext" not in pages[f"doc/{alone}.md"]


# --- the sidecar reaches the document ---------------------------------------------------


def test_sidecar_status_reaches_the_document(tmp_path, taxonomy):
    sources = tmp_path / "sources" / "2024"
    sources.mkdir(parents=True)
    (sources / "a.txt").write_text(BODY, encoding="utf-8")
    (sources / "a.meta.yml").write_text("status: 已撤回\nreason: 数据有误\n", encoding="utf-8")
    result = ingest_tree(tmp_path / "sources", root=tmp_path, taxonomy=taxonomy)
    assert result.documents[0].lifecycle.status == "已撤回"


# --- the whole portal, built by mkdocs from a git checkout ------------------------------------


def add_portal_files(repo: Path) -> None:
    """The repo's mkdocs.yml, theme overrides and hand-written pages, beside the sources."""
    for name in ("mkdocs.yml", "overrides", "docs"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, repo / name)


def build_portal(repo: Path) -> Path:
    """`mkdocs build --strict` of the repo, as CI runs it; the site folder."""
    site = repo / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    run = subprocess.run([str(Path(sys.executable).with_name("mkdocs")), "build", "--strict",
                          "-f", str(repo / "mkdocs.yml"), "-d", str(site)],
                         capture_output=True, text=True, env=env, timeout=600, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    return site


@needs_git
def test_mkdocs_build_from_git_keeps_the_old_url(renamed_repo):
    add_portal_files(renamed_repo)
    site = build_portal(renamed_repo)
    new_slug = make_slug("sources/2024/new-name.txt")
    old_slug = make_slug("sources/2024/旧名.txt")
    # The repo's mkdocs.yml runs the offline plugin: flat URLs (doc/<slug>.html).
    old = site / "doc" / f"{old_slug}.html"
    html = old.read_text(encoding="utf-8")
    assert f'url={new_slug}.html"' in html
    assert (old.parent / f"{new_slug}.html").is_file()
    page = (site / "doc" / f"{new_slug}.html").read_text(encoding="utf-8")
    assert "发布日期" in page and "2024-03-05" in page and "2024-05-20" in page
    unit_pages = [p for p in (site / "units").glob("*.html") if "feeds/units/" in p.read_text(encoding="utf-8")]
    assert unit_pages, "no unit page links its feed"
    for page_file in unit_pages:
        body = page_file.read_text(encoding="utf-8")
        href = body.split('href="../feeds/units/', 1)[1].split('"', 1)[0]
        assert (site / "feeds" / "units" / href).is_file()
    ET.parse(site / "feed.xml")


@needs_git
def test_mkdocs_build_withdrawn_document_leaves_lists_search_and_feeds(renamed_repo):
    add_portal_files(renamed_repo)
    (renamed_repo / "sources" / "2024" / "other.meta.yml").write_text(
        "status: 已撤回\nreason: 数据有误\nwithdrawn_on: 2024-06-01\n", encoding="utf-8")
    git(renamed_repo, "add", "-A")
    git(renamed_repo, "commit", "-qm", "withdraw", date="2024-06-02T10:00:00+08:00")
    site = build_portal(renamed_repo)
    slug = make_slug("sources/2024/other.txt")
    notice = (site / "doc" / f"{slug}.html").read_text(encoding="utf-8")
    assert "本文件已于 2024-06-01 撤回" in notice and "撤回原因：数据有误" in notice
    assert "夏季" not in notice  # no text of the withdrawn document
    for path in site.rglob("*"):
        # sitemap.xml (for robots, written by mkdocs) still lists the notice page, which is a page.
        if (path.is_file() and path.suffix in (".html", ".xml", ".js", ".json")
                and path.name not in (f"{slug}.html", "sitemap.xml")):
            body = path.read_text(encoding="utf-8", errors="replace")
            assert f"{slug}.html" not in body and "夏季火灾" not in body, path
    assert not list((site / "originals").glob(f"{slug}.*"))
