"""fireportal.mkdocs_plugin.page_fast leaves on a page exactly what
Python-Markdown's path (page_render.PageRenderer, which tests/test_page_render.py
compares with mkdocs' own `Page.render`) leaves: content, toc, title, meta,
anchors, links to anchors and log records.

Every page of three portals (the sample sources with the hostile ones, the
corpus of real documents, generated projects of two seeds) is rendered both
ways; a page the fast path takes must come out the same, and on generated
document pages it must take nearly all, else the comparison proves nothing.
Made-up documents full of Markdown and HTML syntax, rendered by
fireportal.render into pages, must be either declined or the same.
"""

from __future__ import annotations

import collections
import functools
import shutil
import string

import pytest
from generated_project import REPO, generated_project
from hostile_corpus import write_hostile_sources
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rendered_page import read_pages, rendered, write_project
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from fireportal import fast_markdown
from fireportal.mkdocs_plugin import page_fast
from fireportal.mkdocs_plugin.page_render import PageRenderer

def _portal(root, sources, per_page=50):
    """The generated pages of `sources` (and the repo's docs/) as a mkdocs project."""
    from fireportal.pipeline import ingest_tree
    from fireportal.site import build_pages
    from fireportal.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(REPO / "taxonomy.yml")
    documents = ingest_tree(sources, root=sources.parent, taxonomy=taxonomy).documents
    write_project(root, build_pages(documents, taxonomy, per_page=per_page), REPO)
    return read_pages(root)


def compare(config, files, pages, renderer) -> tuple[int, int, int]:
    """(document pages, document pages taken, other pages taken); asserts every taken page is the same."""
    documents = fast = other = 0
    for page in pages:
        slow = rendered(page, lambda p: renderer.render(p, config, files))
        taken = []
        got = rendered(page, lambda p: taken.append(page_fast.render(p, config, files)))
        is_document = page.file.src_uri.startswith("doc/")
        documents += is_document
        if not taken[0]:
            assert got == (None, []), page.file.src_uri  # declined: nothing done, nothing logged
            continue
        assert got == slow, page.file.src_uri
        fast += is_document
        other += not is_document
    return documents, fast, other


@pytest.fixture(scope="module")
def renderer():
    return PageRenderer()


def test_the_checked_versions_are_the_installed_ones():
    # Else every comparison below would only see declines.
    assert page_fast.verified(), page_fast.source_digest()


def test_sample_and_hostile_portal(tmp_path, renderer):
    sources = tmp_path / "sources"
    shutil.copytree(REPO / "sources", sources)
    write_hostile_sources(sources, heavy=False)
    documents, fast, _other = compare(*_portal(tmp_path, sources), renderer)
    # The hostile documents are meant to be declined; the sample ones taken.
    assert documents >= 10 and fast >= documents // 2, (documents, fast)


def test_corpus_portal(tmp_path, renderer):
    sources = tmp_path / "sources" / "corpus"
    sources.mkdir(parents=True)
    for path in sorted((REPO / "tests" / "corpus" / "docs").iterdir()):
        shutil.copy(path, sources / path.name)
    documents, fast, _other = compare(*_portal(tmp_path, sources.parent), renderer)
    assert documents >= 80 and fast >= documents * 0.6, (documents, fast)


@pytest.mark.parametrize("seed", [1, 20260101])
def test_generated_portal(tmp_path, renderer, seed):
    root = generated_project(tmp_path / "g", 300, seed=seed)
    # Short listing pages: many of them, with pagers.
    config, files, pages = _portal(tmp_path, root / "sources", per_page=7)
    assert sum('class="fp-pager"' in p.markdown for p in pages) > 20
    documents, fast, other = compare(config, files, pages, renderer)
    assert documents >= 300 and fast >= documents * 0.9, (documents, fast)
    assert other >= (len(pages) - documents) * 0.8, (len(pages) - documents, other)


def test_the_switch_turns_it_off(tmp_path, monkeypatch, renderer):
    root = generated_project(tmp_path / "g", 3)
    config, files, pages = _portal(tmp_path, root / "sources")
    page = next(p for p in pages if p.file.src_uri.startswith("doc/"))
    assert page_fast.render(page, config, files)
    monkeypatch.setenv(page_fast.SWITCH, "0")
    assert not page_fast.render(page, config, files)


def test_another_config_is_declined(tmp_path, monkeypatch):
    root = generated_project(tmp_path / "g", 3)
    config, files, pages = _portal(tmp_path, root / "sources")
    page = next(p for p in pages if p.file.src_uri.startswith("doc/"))
    toc = config["mdx_configs"]["toc"]
    for changed in ({**toc, "toc_depth": 2}, {**toc, "permalink": "#"}, {**toc, "marker": "[TOC]"},
                    {k: v for k, v in toc.items() if k != "slugify"}):
        monkeypatch.setitem(config["mdx_configs"], "toc", changed)
        assert not page_fast.render(page, config, files), changed
    monkeypatch.setitem(config["mdx_configs"], "toc", toc)
    monkeypatch.setitem(config, "markdown_extensions", [*config["markdown_extensions"], "footnotes"])
    assert not page_fast.render(page, config, files)


def test_unverified_code_is_declined(tmp_path, monkeypatch):
    root = generated_project(tmp_path / "g", 3)
    config, files, pages = _portal(tmp_path, root / "sources")
    page = next(p for p in pages if p.file.src_uri.startswith("doc/"))
    monkeypatch.setattr(page_fast, "VERIFIED_SOURCE", frozenset())
    page_fast.verified.cache_clear()
    try:
        assert not page_fast.render(page, config, files)
    finally:
        page_fast.verified.cache_clear()


@pytest.mark.parametrize("text", [
    "",
    "# 标题\n",
    '<nav class="fp-crumbs" title="当前位置" markdown="1">\n\n- 首页\n\n</nav>\n\n# x\n',  # no link before the current page
    '<nav class="fp-crumbs" title="当前位置" markdown="1">\n\n- [首页](../index.md)\n- 当前\n\n</nav>\n\n'
    "正文\n\n\n正文\n",  # two blank lines
    '<nav class="fp-crumbs" title="当前位置" markdown="1">\n\n- [首页](../index.md)\n- 当前\n\n</nav>\n\n'
    "一行\n两行\n",
    '<nav class="fp-crumbs" title="当前位置" markdown="1">\n\n- [首页](../index.md)\n- 当前\n\n</nav>\n\n'
    "## 标题 #\n",
    '<nav class="fp-crumbs" title="当前位置" markdown="1">\n\n- [首页](../index.md)\n- 当前\n\n</nav>\n\n'
    "- 列表\n\n- 空行后的列表\n",  # one loose list
    '<nav class="fp-crumbs" title="当前位置" markdown="1">\n\n- [首页](../index.md)\n- 当前\n\n</nav>\n\n'
    "- 列表\n    - 嵌套\n",
    '<nav class="fp-crumbs" title="当前位置" markdown="1">\n\n- [首页](../index.md)\n- 当前\n\n</nav>\n\n'
    "- 1. 列表中的列表\n",
    '<nav class="fp-crumbs" title="当前位置" markdown="1">\n\n- [首页](../index.md)\n- 当前\n\n</nav>\n\n'
    "| a |\n",
    '<nav class="fp-crumbs" title="当前位置" markdown="1">\n\n- [首页](../index.md)\n- 当前\n\n</nav>\n\n'
    "正文 *强调*\n",
    '<nav class="fp-crumbs" title="当前位置" markdown="1">\n\n- [首页](../index.md)\n- 当前\n\n</nav>\n\n'
    "正文&amp;\n",
])
def test_what_is_not_recognised_is_declined(text):
    assert fast_markdown.page_parts(text) is None


def test_a_generated_page_is_recognised():
    # The shape the parametrized declines above differ from.
    text = ('<nav class="fp-crumbs" title="当前位置" markdown="1">\n\n- [首页](../index.md)\n- 当前\n\n</nav>\n\n'
            "# 标题\n\n正文&#42;\n")
    assert fast_markdown.page_parts(text) is not None


# -- made-up documents ---------------------------------------------------------------

_SYNTAX = [*string.punctuation, "\\", "<b>", "</p>", "&amp;", "&#42;", "&lt;", "javascript:", "**", "__", "``",
           "[x](y)", "{: .c }", "{#i}", "|", "  ", "\u3000", "\u00a0", "，", "。", "（", "）", "“", "”", "＜", "＆",
           "１", "Ａ", "1.", "1)", "一、", "（一）", "#", "- ", "> ", "    ", "!!! ", "id", "name"]
_WORDS = st.lists(st.sampled_from([*_SYNTAX, "消防", "救援", "支队", "检查", "2024年", "a", "Z", "9"]),
                  min_size=1, max_size=8).map("".join)
_LINE = _WORDS.map(lambda s: s.replace("\n", " "))


@functools.cache
def _bare_config():
    import tempfile
    from pathlib import Path

    from fireportal.taxonomy import load_taxonomy

    root = Path(tempfile.mkdtemp(prefix="page_fast_"))
    write_project(root, {}, REPO)
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    config.plugins._current_plugin = None  # read by File.generated, set by mkdocs during a build
    return config, load_taxonomy(REPO / "taxonomy.yml")


def _document_text(title, lines, head, credit):
    # With `head`, a briefing's title block (the masthead paragraph); with a
    # credit line under the title, a byline; both raw `<p>` blocks.
    top = ["消防救援工作简报", "第9期", "盘锦市消防救援支队　　2024年3月1日"] if head else []
    body = [*top, title, *([f"记者 {credit}"] if credit else []), "盘锦市消防救援支队", *lines,
            "盘锦市消防救援支队", "2024年3月1日"]
    return "\n".join(body).encode("utf-8")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_LINE,
       lines=st.lists(st.one_of(_LINE, _LINE.map(lambda s: "一、" + s), _LINE.map(lambda s: "（二）" + s),
                                _LINE.map(lambda s: "1、" + s + "。" + s),
                                _LINE.map(lambda s: s + "（责任单位：" + s + "）")), min_size=1, max_size=6),
       unit=_LINE, author=_LINE, head=st.booleans(), credit=st.none() | _LINE)
def test_made_up_documents(title, lines, unit, author, head, credit):
    _made_up(title, lines, unit, author, head, credit)


def test_a_document_full_of_syntax_is_taken():
    # The made-up documents above are only a check if such pages are taken.
    syntax = string.punctuation + " <b>x</b> &amp; [a](javascript:b) {: .c } \\ ＜＆（"
    taken = _made_up("标题" + syntax, ["一、小标题" + syntax, "正文" + syntax, "1、要点。" + syntax],
                     "单位" + syntax, "作者" + syntax, True, "张三" + syntax)
    assert taken["doc/", True] == 1 and taken["listing", True] >= 5, taken


def _made_up(title, lines, unit, author, head, credit) -> collections.Counter:
    """Every page of a portal of one document; (kind, taken) counts."""
    from fireportal.pipeline import ingest_file
    from fireportal.site import build_pages

    config, taxonomy = _bare_config()
    sidecar = "\n".join(f'{k}: "{_yaml(v)}"' for k, v in (("title", title), ("unit", unit), ("author", author),
                                                                   ("doc_number", title)))
    source = _document_text(title, lines, head, credit)
    result = ingest_file("sources/2024/001_x.txt", source, taxonomy=taxonomy, sidecar_text=sidecar)
    if not result.documents:
        result = ingest_file("sources/2024/001_x.txt", source, taxonomy=taxonomy)
    taken = collections.Counter()
    if not result.documents:
        return taken
    pages = build_pages(result.documents, taxonomy)
    files = Files([File.generated(config, rel, content=markdown) for rel, markdown in pages.items()])
    renderer = PageRenderer()
    for file in files.documentation_pages():
        page = Page(None, file, config)
        page.read_source(config)
        slow = rendered(page, lambda p: renderer.render(p, config, files))
        took = []
        got = rendered(page, lambda p: took.append(page_fast.render(p, config, files)))
        assert got == slow if took[0] else got == (None, []), page.markdown
        taken["doc/" if file.src_uri.startswith("doc/") else "listing", took[0]] += 1
    return taken


def _yaml(value: str) -> str:
    """A double-quoted YAML scalar's inside."""
    return value.replace("\\", "\\\\").replace('"', '\\"')
