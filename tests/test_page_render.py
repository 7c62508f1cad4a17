"""fireportal.mkdocs_plugin.page_render leaves on every page what mkdocs'
own `Page.render` leaves: the same HTML, toc, title, anchors, links and log
records, page after page through one reused Markdown instance, in any order
(a value kept from the page before would show up as a difference), and it
steps aside wherever it was not checked."""

from __future__ import annotations

import random
import re
import shutil
import sys

import markdown
import pytest
from hostile_corpus import REPO, write_hostile_sources
from hypothesis import given, settings
from rendered_page import read_pages, rendered, write_project
from hypothesis import strategies as st
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.pages import Page

from fireportal.mkdocs_plugin import page_fast, page_render
from fireportal.mkdocs_plugin.page_render import PageRenderer, may_name_anchor

# Pages made to catch state carried from one page to the next: a reference
# defined on one page and used on another, the same heading on two pages
# (ids are made unique per page), a title on one page and none on the next,
# an empty page after a full one, lists that start at another number.
CRAFTED = {
    "refdef.md": "[r]: https://example.org/\n\n见[这里][r]。\n\n# 标题\n\n## 标题\n\n## 标题\n",
    "refuse.md": "见[这里][r]与[r]。\n\n## 标题\n\n# 标题\n",
    "empty.md": "",
    "blank.md": "\n\n   \n",
    "anchors.md": (
        '<div id="box" class="c" markdown>\n\n内容 [自身](#box) [顶部](#top)\n\n</div>\n\n'
        '<a name="top"></a>\n\n<p ID="upper">x</p>\n\n<p\tNaMe="n1" id=\'q\'>y</p>\n\n'
        '[到别页](refdef.md#标题) [到别页的错锚点](refdef.md#没有) [到自己](#upper)\n\n'
        '<span id="inl">内联</span> 和 <a name="inline-a">a</a>\n'
    ),
    "noanchor.md": "<div class=\"zhidui\" markdown>\n\n支队 [链接](anchors.md)\n\n</div>\n\n<p>video idea named</p>\n",
    "lists.md": "3. 三\n4. 四\n\n- 甲\n- 乙\n\n1. 一\n\n    1. 嵌套\n\n7. 七\n",
    "admonition.md": '!!! note "注意"\n    内容\n\n    - 列表\n\n        续\n\n段落\n\n!!! warning\n    二\n',
    "tables.md": "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n单列\n\n| x |\n|---|\n| y |\n",
    "inline.md": "**粗** *斜* ***两*** _下_ __双__ `码` <b>b</b> &amp; &copy; 行尾两空格  \n换行\\*\n",
    "code.md": "```\n<a id=\"incode\">\n```\n\n    <p id=\"indented\">\n\n`<a name=\"span\">`\n",
    "h1.md": "# 第一页标题\n\n正文\n",
    "noh1.md": "正文在前\n\n# 后面的标题\n",
    "links.md": (
        "[坏](nope.md) [绝对](/abs.md) [邮件](someone@example.org) [外](https://x.org) "
        "[无扩展](refdef) [目录](sub/) ![图](pic.png) [查询](h1.md?x=1#a)\n"
    ),
    "sub/index.md": "# 子目录\n\n[上一级](../h1.md) [同级](other.md) [自己](./)\n",
    "sub/other.md": "## 其他 {#custom-id .cls}\n\n段落 {: #para-id }\n",
}


@pytest.fixture(autouse=True)
def _verified_afresh():
    """Whether the installed code is the checked one, asked again after each test.

    Both answers are cached, and page_fast's asks page_render's: a test that
    patches what they read (VERIFIED_SOURCE, Page.render for `_falls_back`)
    would otherwise leave its answer to every later test in the session (the
    fast page tests then fail when they run after these).  Set up before the
    test's monkeypatch, so this runs after it is undone.
    """
    yield
    page_render.verified.cache_clear()
    page_fast.verified.cache_clear()


def _pages_dir(tmp_path_factory):
    """The repo's own pages, the pipeline's pages for the sample and hostile
    sources, and the crafted ones, as one mkdocs project."""
    from fireportal.pipeline import ingest_tree
    from fireportal.site import build_pages
    from fireportal.taxonomy import load_taxonomy

    project = tmp_path_factory.mktemp("page_render")
    shutil.copytree(REPO / "sources", project / "sources")
    write_hostile_sources(project / "sources", heavy=False)
    taxonomy = load_taxonomy(REPO / "taxonomy.yml")
    documents = ingest_tree(project / "sources", root=project, taxonomy=taxonomy).documents
    write_project(project, {**build_pages(documents, taxonomy, per_page=3), **CRAFTED}, REPO)
    (project / "docs" / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return project


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    config, files, pages = read_pages(_pages_dir(tmp_path_factory))
    assert len(pages) > 40
    return config, files, pages


@pytest.fixture(scope="module")
def plain(project):
    config, files, pages = project
    return {p.file.src_uri: rendered(p, lambda page: page.render(config, files)) for p in pages}


def test_the_checked_versions_are_the_installed_ones():
    # Else every test below would compare mkdocs with itself.
    assert page_render.verified(), page_render.source_digest()


@pytest.mark.parametrize("order", ["forward", "backward", "shuffled", "shuffled again"])
def test_one_instance_page_after_page_is_mkdocs(project, plain, order):
    config, files, pages = project
    pages = list(pages)
    if order == "backward":
        pages.reverse()
    elif order.startswith("shuffled"):
        random.Random(len(order)).shuffle(pages)
    renderer = PageRenderer()
    for page in pages:
        assert rendered(page, lambda p: renderer.render(p, config, files)) == plain[page.file.src_uri], \
            page.file.src_uri
    assert renderer._md is not None  # the fast path ran, not page.render


def test_the_crafted_pages_show_what_they_test(plain):
    # The comparisons above only mean something if these differ between pages.
    # plain[page] is (content, toc, title, anchors, links, meta), log records.
    values = {page: value for page, (value, _) in plain.items()}
    assert "example.org" in values["refdef.md"][0] and "example.org" not in values["refuse.md"][0]
    assert values["h1.md"][2] == "第一页标题" and values["noh1.md"][2] is None
    assert {"box", "top", "upper", "q", "inl", "inline-a"} <= values["anchors.md"][3]
    # mkdocs reads anchors from the whole text, code included (not fenced
    # code: that is stashed before), so the filter must look at all of it.
    assert {"indented", "span"} <= values["code.md"][3] and "incode" not in values["code.md"][3]
    assert plain["links.md"][1]  # warnings, made during the conversion
    assert values["empty.md"][0] == ""


def test_the_registries_keep_mkdocs_order(project):
    config, files, pages = project

    def names(md):
        registries = (md.preprocessors, md.parser.blockprocessors, md.treeprocessors,
                      md.inlinePatterns, md.postprocessors)
        return [[type(item).__name__ for item in r] for r in registries]

    renderer = PageRenderer()
    for page in pages[:3]:
        renderer.render(page, config, files)
    fresh = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])
    for register in (mkdocs_pages._RawHTMLPreprocessor(),
                     mkdocs_pages._ExtractAnchorsTreeprocessor(pages[0].file, files, config),
                     mkdocs_pages._RelativePathTreeprocessor(pages[0].file, files, config),
                     mkdocs_pages._ExtractTitleTreeprocessor()):
        register._register(fresh)
    assert names(renderer._md) == names(fresh)


def test_a_failed_conversion_drops_the_instance(project, monkeypatch):
    config, files, pages = project
    renderer = PageRenderer()
    renderer.render(pages[0], config, files)
    first = renderer._md
    monkeypatch.setattr(first, "convert", lambda text: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        renderer.render(pages[1], config, files)
    assert renderer._md is None
    renderer.render(pages[1], config, files)
    assert renderer._md is not None and renderer._md is not first


def test_a_toc_marker_keeps_the_toc_html(project, plain, monkeypatch):
    # With a marker the toc's HTML goes into the page: then it is made.
    config, files, pages = project
    by_uri = {p.file.src_uri: p for p in pages}
    renderer = PageRenderer()
    renderer.render(by_uri["h1.md"], config, files)
    assert renderer._md.toc == "<div></div>"  # left out without a marker
    settings = {**config["mdx_configs"], "toc": {**config["mdx_configs"]["toc"], "marker": "[TOC]"}}
    monkeypatch.setitem(config, "mdx_configs", settings)
    page = by_uri["refdef.md"]
    monkeypatch.setattr(page, "markdown", "[TOC]\n\n" + page.markdown)
    expected = rendered(page, lambda p: p.render(config, files))
    got = rendered(page, lambda p: renderer.render(p, config, files))
    assert got == expected and '<div class="toc">' in got[0][0]
    assert "<ul>" in renderer._md.toc


def _falls_back(project, monkeypatch) -> None:
    config, files, pages = project
    calls = []
    original = Page.render
    monkeypatch.setattr(Page, "render", lambda self, c, f: calls.append(self) or original(self, c, f))
    PageRenderer().render(pages[0], config, files)
    assert calls == [pages[0]]


def test_unverified_code_is_left_to_mkdocs(project, monkeypatch):
    monkeypatch.setattr(page_render, "VERIFIED_SOURCE", frozenset())
    page_render.verified.cache_clear()
    _falls_back(project, monkeypatch)


def test_an_unchecked_extension_is_left_to_mkdocs(project, monkeypatch):
    config, _files, _pages = project
    monkeypatch.setitem(config, "markdown_extensions", [*config["markdown_extensions"], "footnotes"])
    _falls_back(project, monkeypatch)


def test_every_processor_of_the_site_was_checked(project):
    config, _files, _pages = project
    md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])
    assert page_render.reusable(config["markdown_extensions"], md)


# -- the anchor parse ---------------------------------------------------------------


def _parsed_anchors(text: str) -> set[str]:
    parser = mkdocs_pages._HTMLHandler()
    parser.feed(text)
    parser.close()
    return parser.present_anchor_ids


def test_only_ascii_letters_lower_to_the_letters_of_id_and_name():
    # The filter matches `id`/`name` by ASCII letters; the parser lower-cases
    # attribute names with str.lower().
    letters = set("idname")
    odd = [c for c in map(chr, range(sys.maxunicode + 1))
           if not c.isascii() and any(ch in letters for ch in c.lower())]
    assert all(c.lower() not in {"i", "d", "n", "a", "m", "e"} and len(c.lower()) > 1 for c in odd), odd


@pytest.mark.parametrize("text", [
    '<a id="x">', "<a ID=x>", "<a\tiD='x'>", "<p/id=x>", "<a NAME=top>", "<a x\u3000id=y>",
    "<a x id>", '<a class="c"id="x">', "<a\nname\n=\nx>", "<img id=x/>", "<br id=x />",
])
def test_anchors_the_parser_finds_are_never_skipped(text):
    assert _parsed_anchors(text)
    assert may_name_anchor(text)


@pytest.mark.parametrize("text", ["<p>支队 zhidui</p>", "<div class=\"video\" data-idx=1>", "<p>named</p>", ""])
def test_text_without_id_or_name_is_skipped(text):
    assert not may_name_anchor(text)
    assert not _parsed_anchors(text)


_SOUP = st.lists(st.sampled_from(list("<>/=\"' \t\nidnameIDNAMEpx1-_.:\u3000\u00a0")
                                 + ["id", "name", "<a ", "<p ", "ID=", "=x"]), max_size=30).map("".join)


@settings(max_examples=3000, deadline=None)
@given(_SOUP)
def test_made_up_tags(text):
    if _parsed_anchors(text):
        assert may_name_anchor(text), repr(text)


def test_the_skip_is_taken_on_generated_pages(project):
    # Else the filter would be correct and useless: the portal's pages name
    # no anchor in their HTML, though "zhidui" holds an "id".
    _config, _files, pages = project
    doc = [p for p in pages if p.file.src_uri.startswith("doc/")]
    assert doc and any("id" in p.markdown for p in doc)
    assert all(not may_name_anchor(p.markdown) for p in doc if not re.search(r"\bid\b|\bname\b", p.markdown))
    assert sum(not may_name_anchor(p.markdown) for p in doc) > len(doc) // 2
