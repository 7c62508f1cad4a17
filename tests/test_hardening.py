"""Attacks on the pipeline: nothing from a source runs, leaves the repo, or
takes the build down.  The browser half is tests/e2e/test_hostile_site.py."""

from __future__ import annotations

import html
import re
import resource
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hostile_corpus import FRAGMENTS, REPO, write_hostile_project

from fireportal.markdown_safety import link_allowed, resource_allowed, sanitize
from fireportal.model import Block, Document, Metadata, TitleBlock
from fireportal.pipeline import ingest_file, ingest_tree, make_slug
from fireportal.render import render_document
from fireportal.site import build_pages
from fireportal.taxonomy import TaxonomyError, load_taxonomy

TAXONOMY = load_taxonomy(REPO / "taxonomy.yml")

# The site's Markdown, as mkdocs.yml configures it, without and with the
# sanitizer: generated pages must be inert through escaping alone.
_BASE = ["toc", "attr_list", "md_in_html", "admonition", "tables"]
_CONFIG = {"toc": {"permalink": True, "marker": ""}}


def to_html(page: str, *, sanitized: bool = True) -> str:
    body = page.split("\n---\n", 1)[1] if page.startswith("---\n") else page
    extensions = _BASE + (["fireportal.markdown_safety"] if sanitized else [])
    return markdown.markdown(body, extensions=extensions, extension_configs=_CONFIG)


_LIVE_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "meta", "link", "base", "form", "style"}
_LIVE_ATTRIBUTES = {"http-equiv", "srcdoc", "formaction", "action", "srcset", "style"}


class _Live(HTMLParser):
    """Reads the HTML as a browser does and notes what could run or load."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _LIVE_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") or (name in _LIVE_ATTRIBUTES and not (
                    name == "style" and tag in ("th", "td") and value.startswith("text-align"))):
                self.found.append(f"<{tag} {name}={value!r}>")
            # convert_charrefs has decoded entities, as the browser does.
            if name == "href" and not link_allowed(value):
                self.found.append(f"<{tag} href={value!r}>")
            if name == "src" and not resource_allowed(value):
                self.found.append(f"<{tag} src={value!r}>")


def live_markup(page_html: str) -> list[str]:
    """Everything in the HTML that could run, redirect or load from elsewhere."""
    parser = _Live()
    parser.feed(page_html)
    parser.close()
    return parser.found


def test_live_markup_detector_catches_what_it_must():
    # The detector itself must not pass everything.
    assert live_markup('<em autofocus onfocus="x">a</em>')
    assert live_markup('<meta name="author" content="0" http-equiv="refresh">')
    assert live_markup('<a href="&#106;avascript:alert(1)">x</a>')
    assert live_markup('<img src="https://evil.example/x.png">')
    assert not live_markup('<a href="../doc/x.html#y">x</a> <img src="img/a.png" alt="">')


# --------------------------------------------------------------------------- property

_cjk = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4E50), max_size=4)
_hostile = st.lists(st.one_of(st.sampled_from(FRAGMENTS), _cjk, st.text(max_size=6)), max_size=6).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(_hostile, min_size=12, max_size=12))
def test_no_field_can_make_a_page_live(values):
    (title, subtitle, unit, author, dept, campaign, text, marker, label,
     masthead, dateline, byline) = values
    meta = Metadata(title=title or "t", subtitle=subtitle, date="2024-03-01", unit=unit,
                    campaigns=(campaign,) if campaign else (), doc_type="通知",
                    departments=(dept,) if dept else (), author=author, source="sources/2024/x.txt")
    doc = Document(
        slug="2024-x", part=1, parts=1, meta=meta, origins={},
        head=TitleBlock(title=title, publication=masthead, dateline=dateline, byline=byline),
        blocks=(
            Block(kind="section", marker=marker, text=text, departments=(dept,) if dept else (), note_label=label),
            Block(kind="item", marker=marker, text=text),
            Block(kind="heading", text=text),
            Block(kind="paragraph", text=text, departments=(dept,) if dept else ()),
        ),
    )
    pages = build_pages([doc], TAXONOMY)
    for path, page in pages.items():
        # Escaping alone makes generated pages inert; the sanitizer is a second wall.
        assert not live_markup(to_html(page, sanitized=False)), path
        # The front matter ends at a line that is "---" alone, as mkdocs reads it; a
        # value may end in "---" where yaml folds a long line.
        assert page.startswith("---\n"), path
        front = yaml.safe_load(page[4:].split("\n---\n", 1)[0]) or {}
        for key, value in front.items():
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str):
                    assert not re.search(r"[\"'<>&\n\r\x00-\x1f\ud800-\udfff]", item), (path, key, item)
        page.encode("utf-8")  # no lone surrogate survives


@settings(max_examples=150, deadline=None)
@given(body=st.lists(st.one_of(st.sampled_from(FRAGMENTS), _cjk, st.just("\n")), max_size=12).map("".join))
def test_curated_markdown_is_inert_after_rendering(body):
    source = f"---\ntitle: 标题\ndate: 2024-01-01\n---\n\n{body}\n"
    result = ingest_file("sources/2024/c.md", source.encode("utf-8", "surrogatepass"), taxonomy=TAXONOMY)
    for doc in result.documents:
        assert not live_markup(to_html(render_document(doc))), body


# --------------------------------------------------------------------------- sanitizer


@pytest.mark.parametrize("url", [
    "javascript:x", "JaVaScRiPt:x", " javascript:x", "\x01javascript:x", "java\tscript:x",
    "&#106;avascript:x", "javascript&colon;x", "&#x6A;avascript:x", "vbscript:x",
    "data:text/html,x", "file:///etc/passwd",
])
def test_links_outside_the_allowlist_are_refused(url):
    assert not link_allowed(url)
    assert "href" not in sanitize(f'<a href="{html.escape(url)}">x</a>')


@pytest.mark.parametrize("url", ["https://www.119.gov.cn/", "http://e.org", "mailto:a@b.cn",
                                 "../doc/x.md#y", "#top", "x.html", "//e.org/a"])
def test_ordinary_links_stay(url):
    assert link_allowed(url)


@pytest.mark.parametrize("url", ["https://evil.example/t.png", "//evil.example/t.png",
                                 "\\\\evil.example/t.png", "data:image/png;base64,AA", " http://e/x"])
def test_images_from_elsewhere_are_refused(url):
    assert not resource_allowed(url)
    assert "src" not in sanitize(f'<img src="{html.escape(url)}" alt="x">')


# --------------------------------------------------------------------------- the hostile tree


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    project = write_hostile_project(tmp_path_factory.mktemp("hostile"), heavy=False)
    taxonomy = load_taxonomy(project / "taxonomy.yml")
    result = ingest_tree(project / "sources", root=project, taxonomy=taxonomy)
    return project, result, build_pages(result.documents, taxonomy)


def _messages(result, fragment: str) -> list[str]:
    return [p.line() for p in result.problems if fragment in p.path]


def test_every_good_document_is_published(hostile):
    _, result, _ = hostile
    good = ingest_tree(REPO / "sources", root=REPO, taxonomy=TAXONOMY)
    assert good.documents
    published = {d.slug for d in result.documents}
    assert {d.slug for d in good.documents} <= published
    # And the fine files beside the bad sidecars are published too.
    for name in ("deep", "digits", "surrogate", "multiline", "quotes", "anchors"):
        assert any(name in d.meta.source for d in result.documents) or _messages(result, f"sidecar-{name}.meta.yml"), name


def test_nothing_live_and_nothing_secret_in_any_page(hostile):
    _, _, pages = hostile
    for path, page in pages.items():
        rendered = to_html(page)
        assert not live_markup(rendered), (path, live_markup(rendered))
        for secret in ("SECRET", "root:x:0", "PATH=", "/bin/bash"):
            assert secret not in page, (path, secret)


def test_symlinks_and_pipes_are_refused_by_name(hostile):
    _, result, _ = hostile
    for name in ("passwd.txt", "environ.txt", "links/etc", "dangling.txt", "pipe.txt", "fine.meta.yml"):
        lines = [p for p in result.problems if p.path.endswith(name)]
        assert lines and all(p.level == "error" and "符号链接" in p.message for p in lines), name
    assert not any("links/fine" in d.meta.source for d in result.documents)  # its sidecar is a link


def test_sidecar_attacks_are_errors_naming_the_sidecar(hostile):
    _, result, _ = hostile
    expected = {"deep": "嵌套超过", "digits": "超过 2000 个字符", "anchors": "不能使用 & 和 * 引用"}
    for name, words in expected.items():
        lines = _messages(result, f"sidecar-{name}.meta.yml")
        assert lines and words in lines[0], (name, lines)


def test_quotes_newlines_and_surrogates_from_sidecars_are_flattened(hostile):
    _, result, pages = hostile
    by_source = {d.meta.source: d for d in result.documents}
    multiline = by_source["sources/2024/sidecar-multiline.txt"]
    assert "\n" not in multiline.meta.subtitle and "第二行" in multiline.meta.subtitle
    surrogate = by_source["sources/2024/sidecar-surrogate.txt"]
    assert surrogate.meta.title == "标题结尾"
    quotes = pages[f"doc/{by_source['sources/2024/sidecar-quotes.txt'].slug}.md"]
    front = yaml.safe_load(quotes.split("---\n", 2)[1])
    assert '"' not in front["author"] and "＂" in front["author"]


def test_long_names_keep_distinct_urls(hostile):
    _, result, _ = hostile
    slugs = [d.slug for d in result.documents if "shi-shi-yi-jian" in d.slug or "关于进一步" in d.meta.source]
    assert len(slugs) == 3 and len(set(slugs)) == 3
    assert all(len(s) <= 80 for s in slugs)


def test_a_shared_url_is_an_error_for_both_files_and_given_to_neither(hostile):
    _, result, _ = hostile
    assert not any(Path(d.meta.source).stem == "通知" for d in result.documents)
    for suffix in (".txt", ".docx"):
        lines = _messages(result, f"通知{suffix}")
        assert any("同一网址" in line for line in lines), suffix


def test_make_slug_is_stable_and_bounded():
    long = "sources/2024/" + "长" * 200 + ".txt"
    assert make_slug(long) == make_slug(long) and len(make_slug(long)) == 80
    assert make_slug("sources/2024/" + "长" * 200 + "甲.txt") != make_slug("sources/2024/" + "长" * 200 + "乙.txt")


# --------------------------------------------------------------------------- fault boundary


def test_any_exception_in_one_file_is_that_files_error(monkeypatch):
    import fireportal.pipeline as pipeline

    def explode(text):
        raise RecursionError("deep")

    monkeypatch.setattr(pipeline, "structure", explode)
    result = ingest_file("sources/2024/x.txt", "一、内容。\n".encode(), taxonomy=TAXONOMY)
    assert [p.line() for p in result.problems] == [
        "错误 sources/2024/x.txt: 无法转换（结构嵌套过深）：请检查文件内容；如果文件没有问题，请把它发给维护人员"
    ]


def test_too_many_parts_are_an_error_unless_the_sidecar_allows_them():
    text = "".join(f"一、第{i}项工作\n" for i in range(200))
    result = ingest_file("sources/2024/list.txt", text.encode(), taxonomy=TAXONOMY)
    assert not result.documents
    assert [p.line() for p in result.problems] == [
        "错误 sources/2024/list.txt: 按“一、”重新开始拆出 200 篇，超过上限 30 篇，没有发布："
        "如果确实是多篇合集，请在 list.meta.yml 里写 max_parts: 200"
    ]
    raised = ingest_file("sources/2024/list.txt", text.encode(), taxonomy=TAXONOMY,
                         sidecar_text="max_parts: 200\n")
    assert len(raised.documents) == 200


@pytest.mark.parametrize("code", ["index", "unknown", "undated", "panjin-2"])
def test_taxonomy_codes_cannot_take_the_portals_own_pages(tmp_path, code):
    path = tmp_path / "taxonomy.yml"
    path.write_text(f"units:\n  - name: 盘锦市消防救援支队\n    code: {code}\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="门户自己页面的名字"):
        load_taxonomy(path)


def test_a_symlinked_taxonomy_is_refused(tmp_path):
    (tmp_path / "taxonomy.yml").symlink_to("/etc/passwd")
    with pytest.raises(TaxonomyError, match="符号链接"):
        load_taxonomy(tmp_path / "taxonomy.yml")


# --------------------------------------------------------------------------- resources


def _peak_rss_mb(code: str) -> tuple[float, str]:
    """Run `code` in a fresh interpreter; its peak memory in MB and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    run = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                         text=True, timeout=300, cwd=REPO)
    assert run.returncode == 0, run.stderr
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(peak, before) / 1024, run.stdout


def test_the_heavy_attacks_are_refused_cheaply(tmp_path):
    project = write_hostile_project(tmp_path, heavy=True)
    peak, out = _peak_rss_mb(f"""
        from pathlib import Path
        from fireportal.pipeline import ingest_tree
        from fireportal.taxonomy import load_taxonomy
        root = Path({str(project)!r})
        result = ingest_tree(root / "sources", root=root, taxonomy=load_taxonomy(root / "taxonomy.yml"))
        for p in result.problems:
            if "bomb" in p.path or "many-parts" in p.path:
                print(p.line())
        print("documents", len(result.documents))
    """)
    assert peak < 1500, f"peak memory {peak:.0f} MB"
    assert "错误 sources/2024/bomb.docx" in out, out
    assert "many-parts.txt: 按“一、”重新开始拆出 100000 篇，超过上限 30 篇，没有发布：如果确实是多篇合集，请把它拆成几个文件" in out, out


def test_a_later_duplicate_never_takes_the_place_of_the_published_copy(tmp_path):
    text = "3月5日，盘锦市消防救援支队召开安全会议。\n会议强调，要做好防火工作。\n"
    sources = tmp_path / "sources" / "2024"
    sources.mkdir(parents=True)
    (sources / "zz-old.txt").write_text(text, encoding="utf-8")
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@e"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "old", "--date=2024-01-01T00:00:00"], check=True,
                   env={"GIT_COMMITTER_DATE": "2024-01-01T00:00:00", "PATH": "/usr/bin:/bin"})
    (sources / "aa-new.txt").write_text(text, encoding="utf-8")  # sorts first, added later
    result = ingest_tree(tmp_path / "sources", root=tmp_path, taxonomy=TAXONOMY)
    assert [d.meta.source for d in result.documents] == ["sources/2024/zz-old.txt"]
    assert [p.line() for p in result.problems if "相同" in p.message] == [
        "警告 sources/2024/aa-new.txt: 内容与已发布的 sources/2024/zz-old.txt 相同，没有发布：请删除重复的文件"
    ]
