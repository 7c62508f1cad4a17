"""fireportal.markdown_speed and the sanitizer's shortcuts change no byte of
the HTML: every comparison here is against plain Python-Markdown and plain
`nh3.clean`, on hand-written inline constructs, the hostile fragments, the
pages the pipeline generates, and text hypothesis makes up."""

from __future__ import annotations

import re
import sys

import markdown
import nh3
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hostile_corpus import FRAGMENTS, REPO, write_hostile_sources

from fireportal import markdown_safety
from fireportal.markdown_speed import SkippingInlineProcessor, literal_prefixes, pattern_prefixes

# The list and toc settings of mkdocs.yml, read from it so the two cannot drift.
# Only that section: the rest of the file holds mkdocs' own tags (!ENV).
_SECTION = re.search(r"^markdown_extensions:\n(?:[ #].*\n|\n)*",
                     (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.M)[0]
_ENTRIES = yaml.load(_SECTION, Loader=yaml.Loader)["markdown_extensions"]
_NAMES = [e if isinstance(e, str) else next(iter(e)) for e in _ENTRIES]
_SETTINGS = {next(iter(e)): next(iter(e.values())) for e in _ENTRIES if isinstance(e, dict)}
SPEED = "fireportal.markdown_speed"


def _convert(text: str, *, fast: bool, extra=()) -> tuple[str, str, list]:
    names = [n for n in _NAMES if fast or n != SPEED] + list(extra)
    md = markdown.Markdown(extensions=names, extension_configs=_SETTINGS)
    return md.convert(text), md.toc, md.toc_tokens


def _outcome(function, *args, **kwargs):
    """The result, or the error it raises (a lone surrogate cannot be encoded)."""
    try:
        return function(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - the error is the outcome compared
        return type(error), str(error)


def assert_same(text: str, extra=()) -> None:
    fast = _outcome(_convert, text, fast=True, extra=extra)
    assert fast == _outcome(_convert, text, fast=False, extra=extra), repr(text)


def test_the_site_lists_the_extension_and_it_replaces_the_inline_step():
    assert SPEED in _NAMES
    md = markdown.Markdown(extensions=_NAMES, extension_configs=_SETTINGS)
    assert type(md.treeprocessors["inline"]) is SkippingInlineProcessor
    # Every pattern the site registers is understood, or nothing is skipped.
    unread = [type(p).__name__ for p in md.inlinePatterns if pattern_prefixes(p) is None]
    assert unread == []


@pytest.mark.parametrize(("regex", "expected"), [
    (r"\\(.)", {"\\"}),
    (r"(?<!\!)\[", {"["}),
    (r"\!\[", {"!["}),
    (r"  \n", {"  \n"}),
    (r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)", {"\\", "`"}),
    (r"\*|_", {"*", "_"}),
    (r"((^|(?<=\s))(\*{1,3}|_{1,3})(?=\s|$))", {"*", "_"}),
    (r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>", {"<"}),
    (r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)", {"&"}),
    (r"ab(?=c)d", {"abd"}),
    (r"[xy]z", {"xz", "yz"}),
    (r"(?>ab)c", {"abc"}),
    (r"a++b", {"a"}),
])
def test_prefixes_of_regexes(regex, expected):
    assert literal_prefixes(regex) == frozenset(expected)


@pytest.mark.parametrize("regex", [
    r".", r"a*b", r"a?b", r"[^a]", r"\w", r"\s+x", r"(?i)abc", r"(a)?\1", r"", r"(?=a)", r"[\x00-\uffff]",
    r"(?i:a)b",
])
def test_unsure_regexes_are_always_tried(regex):
    assert literal_prefixes(regex) is None


def test_case_insensitive_flag_is_unsure():
    assert literal_prefixes("abc", re.IGNORECASE) is None


# A small regex grammar: literals, classes, groups, alternation, repeats,
# anchors and lookarounds, all over a tiny alphabet so matches are common.
_ATOMS = st.sampled_from(["a", "b", r"\*", "_", "[ab]", "[a-c]", ".", r"\s", "^", "$", r"(?=a)", r"(?<!b)", r"(?!a)"])


def _regexes():
    def extend(inner):
        return st.one_of(
            st.tuples(inner, inner).map("".join),
            st.tuples(inner, inner).map(lambda t: f"(?:{t[0]}|{t[1]})"),
            inner.map(lambda r: f"({r})"),
            st.tuples(inner, st.sampled_from(["*", "+", "?", "{2}", "{1,3}", "+?", "*+", "++"]))
              .map(lambda t: f"(?:{t[0]}){t[1]}"),
            inner.map(lambda r: f"(?>{r})"),
        )
    return st.recursive(_ATOMS, extend, max_leaves=8)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_regexes(), st.text(alphabet="ab*_ c\n", max_size=30))
def test_every_match_begins_with_a_prefix(regex, text):
    prefixes = literal_prefixes(regex)
    if prefixes is None:
        return
    for start in range(len(text) + 1):
        for match in re.compile(regex, re.DOTALL).finditer(text, start):
            assert any(text.startswith(p, match.start()) for p in prefixes), (regex, text, match)


# Every inline construct Python-Markdown and the site's extensions know, alone,
# nested, next to each other and next to Chinese text.
INLINE = [
    "`code`", "``co`de``", "\\`not code\\`", "\\\\`x`", "\\*", "\\[", "\\_", "\\\\",
    "*em*", "_em_", "**strong**", "__strong__", "***both***", "*a **b** c*", "**a *b* c**",
    "* not em *", "a*b*c", "a_b_c", "**未闭合", "*", "_", "***", "中*文*字", "__中__文",
    "[链接](https://example.org)", "[链接](a.md \"标题\")", "[链接][1]\n\n[1]: b.md",
    "[短引用]\n\n[短引用]: c.md", "![图](i.png)", "![图][2]\n\n[2]: i.png", "![短图]\n\n[短图]: j.png",
    "<https://example.org>", "<mail@example.org>", "<mailto:mail@example.org>",
    "一行  \n二行", "一行 \n二行", "末尾  ", "<b>粗</b>", "<!-- 注释 -->", "&amp; &#169; &#xA9; &copy;", "& 单独",
    "<span>未闭合", "a < b > c", "[[嵌套]](x.md)", "[`代码`](x.md)", "**[链接](x.md)**",
    "[a](x.md){: download }", "*x*{: .c }", "# 标题 *强调* `代码`", "## [链接标题](x.md)",
    "### 标题 {#自定义}", "| a | *b* |\n|---|---|\n| `c` | [d](e.md) |",
    "!!! note \"注意 *事项*\"\n    正文 **粗体**", "<div markdown>**x** [y](z.md)</div>",
    "<dl markdown>\n<dd markdown=\"span\">[a](b.md)（*c*）</dd>\n</dl>",
    "\x02klzzwxh:0000\x03", "\x02wzxhzdk:0\x03", "（责任单位：办公室）", "一、总体要求。",
]


@pytest.mark.parametrize("text", INLINE)
def test_inline_constructs_alone(text):
    assert_same(text)


def test_inline_constructs_together():
    assert_same("\n\n".join(INLINE))
    assert_same(" ".join(c for c in INLINE if "\n" not in c))
    assert_same("".join(c for c in INLINE if "\n" not in c))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(INLINE + list(FRAGMENTS)), min_size=1, max_size=8),
       st.sampled_from(["", " ", "  \n", "\n", "\n\n", "中文"]))
def test_fragments_combined(parts, glue):
    assert_same(glue.join(parts))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="`\\*_[]()!<>&#;:/ \n\t字ab1{}=.\"'", max_size=60))
def test_made_up_text(text):
    assert_same(text)


def test_an_unsure_pattern_is_still_tried():
    """A pattern the prefix reader cannot read (case-insensitive here) runs
    everywhere, as without the extension."""
    from markdown.extensions import Extension
    from markdown.inlinepatterns import SimpleTagInlineProcessor

    class Shout(Extension):
        def extendMarkdown(self, md):  # noqa: N802
            md.inlinePatterns.register(SimpleTagInlineProcessor(r"(?i)()(x)(x)", "ins"), "shout", 200)

    assert "<ins>" in _convert("中XX文", fast=True, extra=[Shout()])[0]
    assert_same("中XX文 xx [a](b.md)", extra=[Shout()])


def test_another_inline_step_is_left_alone():
    from markdown.extensions import Extension
    from markdown.treeprocessors import InlineProcessor

    class Mine(InlineProcessor):
        pass

    class Replace(Extension):
        def extendMarkdown(self, md):  # noqa: N802
            md.treeprocessors.register(Mine(md), "inline", 20)

    md = markdown.Markdown(extensions=[Replace(), SPEED])
    assert type(md.treeprocessors["inline"]) is Mine


@pytest.fixture(scope="module")
def generated_pages(tmp_path_factory):
    """The pages the pipeline writes for the sample and the hostile sources."""
    import shutil

    from fireportal.pipeline import ingest_tree
    from fireportal.site import build_pages
    from fireportal.taxonomy import load_taxonomy

    project = tmp_path_factory.mktemp("speed")
    shutil.copytree(REPO / "sources", project / "sources")
    write_hostile_sources(project / "sources", heavy=False)
    taxonomy = load_taxonomy(REPO / "taxonomy.yml")
    documents = ingest_tree(project / "sources", root=project, taxonomy=taxonomy).documents
    pages = build_pages(documents, taxonomy, per_page=3)
    hand = {str(p.relative_to(REPO)): p.read_text(encoding="utf-8") for p in (REPO / "docs").rglob("*.md")}
    return {**pages, **hand}


def test_generated_and_hand_written_pages(generated_pages):
    assert len(generated_pages) > 20
    for path, page in generated_pages.items():
        body = page.split("\n---\n", 1)[1] if page.startswith("---\n") else page
        assert _outcome(_convert, body, fast=True) == _outcome(_convert, body, fast=False), path


# -- the sanitizer -------------------------------------------------------------------


def _plain_clean(text: str) -> str:
    """The sanitizer as it was: nh3.clean with the allowlist, no shortcut."""
    return nh3.clean(
        text,
        tags=set(markdown_safety.TAGS),
        clean_content_tags={"script", "style"},
        attributes={k: set(v) for k, v in markdown_safety.ATTRIBUTES.items()},
        attribute_filter=markdown_safety._attribute_filter,
        url_schemes=set(markdown_safety.LINK_SCHEMES),
        filter_style_properties=set(markdown_safety.STYLE_PROPERTIES),
        link_rel=None,
    )


def test_text_without_markup_is_what_the_cleaner_returns():
    """The shortcut's claim, for every code point it lets through."""
    through = [chr(c) for c in range(sys.maxunicode + 1)
               if not 0xD800 <= c <= 0xDFFF and markdown_safety._NEEDS_CLEANER.search(chr(c)) is None]
    for i in range(0, len(through), 2048):
        chunk = " " + "x".join(through[i:i + 2048]) + "\n"
        assert _plain_clean(chunk) == chunk, i
    # And the characters it holds back are ones the cleaner does change.
    for held in "<>&\x00\r\u00a0\ud800\udfff":
        assert _outcome(_plain_clean, f"a{held}b") != f"a{held}b", repr(held)


def test_sanitize_is_the_cleaner(generated_pages):
    samples = list(FRAGMENTS) + INLINE + ["", " ", "纯文本", "a > b", "<p>段</p>\n"]
    for path, page in generated_pages.items():
        body = page.split("\n---\n", 1)[1] if page.startswith("---\n") else page
        samples.append(body)
        samples.append(_convert(body, fast=False)[0])
    for text in samples:
        assert _outcome(markdown_safety.sanitize, text) == _outcome(_plain_clean, text), text[:200]


def test_headings_are_still_sanitized_for_the_toc():
    html, toc, tokens = _convert("# 标题<script>SECRET</script><img src=x onerror=alert(1)>\n", fast=True)
    for text in (html, toc, repr(tokens)):
        assert "SECRET" not in text and "onerror" not in text and "<script" not in text


def test_an_unverified_markdown_release_keeps_the_normal_inline_step(monkeypatch):
    from markdown.treeprocessors import InlineProcessor

    from fireportal import markdown_speed

    monkeypatch.setattr(markdown_speed, "VERIFIED", frozenset())
    md = markdown.Markdown(extensions=_NAMES, extension_configs=_SETTINGS)
    assert type(md.treeprocessors["inline"]) is InlineProcessor
