"""Cleanups made faster give what their plain forms give.

Each test holds a cleanup beside the computation it stands in for, written
out here as it was before the shortcut, on hypothesis-generated text shaped
like the inputs the shortcut skips (hard-wrapped paragraphs, web pages) and
on every corpus document with its variants.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fireportal import clean as C
from fireportal.structure import HINT_CHARS
from plain_forms import drop_cjk_spaces_plain, furniture_words_plain

sys.path.insert(0, str(Path(__file__).parent / "corpus"))
import variants as V  # noqa: E402

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CHARS = list("中文消防支队隊會議來源發佈，。、；：！？“”（）《》…—· \u3000,;:!?.()|｜>＞»/-0123456789azàü×")
WORDS = ["一、", "（二）", "3、", "。", "：", "来源：", "发布时间：2023-05-12 09:30", "打印 关闭", "首页 > 新闻 > 本地",
         "当前位置：", "责任编辑 王五 二审 李四", "版权所有", "小编", "2024年5月6日", "\ufdd0", "  ", "\u3000\u3000"]
PIECE = st.one_of(st.sampled_from(CHARS), st.sampled_from(WORDS))
LINE = st.lists(PIECE, max_size=30).map("".join)


@st.composite
def wrapped(draw) -> list[str]:
    """Lines as a PDF or a program leaves them: paragraphs cut at a width,
    with headings, short lines, indents and blank lines between."""
    width = draw(st.integers(4, 30))
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["paragraph", "paragraph", "line", "latin", "blank"]))
        if kind == "blank":
            lines.append("")
            continue
        if kind == "latin":
            # Long by its length, narrow on a page: a URL, a list of numbers.
            lines += ["http://119.fj.gov.cn/" + "a1" * draw(st.integers(0, 30))] * draw(st.integers(1, 3))
            continue
        text = draw(LINE)
        if kind == "line":
            lines.append(text)
            continue
        text = draw(st.sampled_from(["", "\u3000\u3000", "  "])) + text * draw(st.integers(1, 4))
        # A PDF's lines stop a few columns short of the margin (a mark that
        # may not start a line, a narrow character): up to four here.
        cuts = [text[i:i + width] for i in range(0, len(text), width)]
        lines += [cut[:len(cut) - draw(st.integers(0, 4))] or cut for cut in cuts]
        if draw(st.booleans()) and lines:
            lines[-1] += draw(st.sampled_from(["。", "：", "”", ""]))
    return lines


def _wrap_by_margin_plain(content: list[str]) -> C.Wrap | None:
    """`_wrap_by_margin` without its shortcut (both measures always measured)."""
    best: C.Wrap | None = None
    best_score = 0
    best_sizes: list[int] = []
    for measure, narrowest, slack, hang in C._MEASURES:
        sizes = [measure(line) for line in content]
        tolerance = int(measure is C.display_width)
        width, _ = C._margin(sizes, narrowest)
        at_margin = sum(1 for size in sizes if width - tolerance <= size <= width)
        score = at_margin - 3 * sum(1 for size in sizes if size > width + hang)
        if width and score > best_score:
            best_score = score
            best = C.Wrap(measure=measure, width=width, slack=slack, hang=hang, tolerance=tolerance)
            best_sizes = sizes
    if best is None:
        return None
    low, high = best.width - best.slack, best.width + best.hang
    if sum(1 for size in best_sizes if low <= size <= high) < 3:
        return None
    if C._mechanical(content, best):
        width = max((size for size in map(best.measure, content) if size <= best.width + best.hang),
                    default=best.width)
        best = C.Wrap(measure=best.measure, width=width, slack=best.tolerance, hang=0, tolerance=best.tolerance)
    full = [line for line in content if best.full(line)]
    wider = sum(1 for line in content if best.measure(line) > best.width + best.hang)
    prose = sum(1 for line in full if C._goes_on_as_prose(line))
    if (
        len(full) < 3
        or (len(full) < 0.25 * len(content) and not C._indent_signature(content, best))
        or wider > max(1, 0.1 * len(full))
        or prose < 3
        or prose < 0.5 * len(full)
    ):
        return None
    return best


def _drop_web_furniture_plain(text: str) -> tuple[str, int]:
    """`drop_web_furniture` asking `is_web_furniture` of every line."""
    lines = text.split("\n")
    texts = [line.strip() for line in lines]
    head = [C._converter().convert(t) for t in texts if t][:C._HEADER_LINES]
    header = max(C._page_header_end(texts, head), C._contact_card_end(texts))
    kept, dropped = [], 0
    for number, (line, stripped) in enumerate(zip(lines, texts)):
        if (number < header and stripped) or C.is_web_furniture(line):
            dropped += 1
            kept.append("")
            continue
        bare = C._CELL_BORDER.sub("", line)
        if bare != line and not re.search("[|｜]", bare) and line.strip()[:1] not in HINT_CHARS:
            dropped += 1
            line = bare
        kept.append(line)
    return "\n".join(kept), dropped


def _corpus_texts() -> list[str]:
    texts = []
    for path in sorted(V.corpus_dir().joinpath("docs").iterdir()):
        if not path.name.endswith(V.TEXT_SUFFIXES):
            continue
        text = V.decode_source(path.read_bytes())
        if text is None:
            continue
        texts.append(text)
        texts += [V.decode_source(variant.data) or "" for variant in V.variants(text) if variant.suffix == ".txt"]
    return texts


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    return _corpus_texts()


def _content(lines: list[str]) -> list[str]:
    return [line.rstrip(" \u3000\u00a0") for line in lines if line.strip()]


@SETTINGS
@given(lines=wrapped())
def test_wrap_by_margin_shortcut(lines):
    content = _content(lines)
    assert C._wrap_by_margin(content) == _wrap_by_margin_plain(content)


def test_wrap_by_margin_shortcut_on_the_corpus(corpus_texts):
    found = 0
    for text in corpus_texts:
        content = _content(C.normalize_text(text)[0].split("\n"))
        wrap = _wrap_by_margin_plain(content)
        assert C._wrap_by_margin(content) == wrap
        found += wrap is not None
    assert found > 50  # the wrapped variants are found wrapped: the test compares something


@SETTINGS
@given(lines=st.lists(LINE, max_size=12))
def test_web_furniture_shortcut(lines):
    text = "\n".join(lines)
    assert C.drop_web_furniture(text) == _drop_web_furniture_plain(text)


def test_web_furniture_shortcut_on_the_corpus(corpus_texts):
    dropped = 0
    for text in corpus_texts:
        text = C.normalize_text(text)[0]
        expected = _drop_web_furniture_plain(text)
        assert C.drop_web_furniture(text) == expected
        dropped += expected[1]
    assert dropped > 100


CREDIT_PIECES = ["记者", "通讯员", "编辑", "摄影", "（", "）", "(", ")", "（完）", "王观博", "李敏", "年", "。", "，",
                 " ", "\u3000", "\u00a0", "2024", "\n", "a"]


@SETTINGS
@given(pieces=st.lists(st.sampled_from(CREDIT_PIECES), max_size=30))
def test_cjk_spaces_shortcuts(pieces):
    text = "".join(pieces)
    assert C.drop_cjk_spaces(text) == drop_cjk_spaces_plain(text)


def test_cjk_spaces_shortcuts_on_the_corpus(corpus_texts):
    for text in corpus_texts:
        text = C.normalize_text(text)[0]
        assert C.drop_cjk_spaces(text) == drop_cjk_spaces_plain(text)


NOTE_PIECES = ["（", "(", "）", ")", "责任", "处室", "：", ":", "。", "；", "2025", "年", "3", "月", "12", "日", "二〇二四",
               "一", "十", "办公室", " ", "x"]


@SETTINGS
@given(pieces=st.lists(st.sampled_from(NOTE_PIECES), max_size=16))
def test_line_end_tests_before_their_searches(pieces):
    line = "".join(pieces)
    note = bool(C._ENDS_WITH_NOTE.search(line))
    assert (line.endswith(C._NOTE_ENDS) and note) == note
    assert (line.endswith("日") and bool(C._ENDS_WITH_DATE.search(line))) == bool(C._ENDS_WITH_DATE.search(line))


PAGE_PIECES = ["\n", " ", "\u3000", "—", "-", "3", "12", "第", "页", "共", "，", "/", "Page", "of", "中文", "。"]


@SETTINGS
@given(pieces=st.lists(st.sampled_from(PAGE_PIECES), max_size=20))
def test_page_number_found_after_a_break(pieces):
    text = "".join(pieces)
    found = bool(C._PAGE_NUMBER.match(text) or C._PAGE_NUMBER_AFTER_BREAK.search(text))
    assert found == bool(C._PAGE_NUMBER.search(text))


# The web-furniture patterns as they were written before their words were
# made to start with a literal (and the year of a stamp taken out in front).
_FOOTER_PLAIN = re.compile(
    r"版权所有|版权声明|[Cc]opyright|©|ICP备|ICP证|公网安备|网站标识码|网站备案|主办单位|承办单位"
    r"|^主办[:：]|^承办[:：]|技术支持[:：]|网站地图|联系我们|免责声明|投稿邮箱|本文地址|本文链接|原文链接"
    r"|转载请注明|不得转载|不代表本站|仅代表作者|官方网站[:：]|制作、?维护|点击蓝字|点击上方|关注我们"
)
_PREFACE_PLAIN = re.compile(
    r"小编|^(?:下面|以下)(?:是|为).{0,60}(?:整理|收集|分享|推荐|精选|提供)"
    r"|供大家参考|仅供参考|欢迎阅读|希望对(?:你|您|大家)有(?:所)?帮助"
)
_STAMP_PLAIN = re.compile(rf"(?:{C._STAMP}|(?:19|20)\d\d年\d{{1,2}}月\d{{1,2}}日[ ]*\d{{1,2}}[:：]\d{{2}}(?:[:：]\d{{2}})?)")

_FURNITURE_WORDS = [
    *_FOOTER_PLAIN.pattern.replace("^", "").replace("[Cc]", "C").replace("[:：]", "：").replace("、?", "、").split("|"),
    "主办:", "copyright", "下面是", "以下为", "整理", "推荐", "希望对大家有所帮助", "希望对你有帮助", "小编", "供大家参考",
    "2024-05-12", "1999/1/2", "2023.5.6", "1012-3-4", "2999.1.2", "2910年1月2日 3:04", "10", "29", " 09:30", "T10:30:15", "2025年3月12日", " 14：05", "：08", "19", "20", "21",
    "2", "1", "0", "9", "年", "月", "日", "-", "/", ".", ":", "：", " ", "，", "。", "中", "文", "版", "主", "下", "以",
]
FURNITURE_LINE = st.lists(st.sampled_from(_FURNITURE_WORDS), max_size=12).map("".join)


@settings(max_examples=800, deadline=None)
@given(FURNITURE_LINE)
def test_footer_preface_and_stamp_patterns_find_what_their_plain_forms_find(line):
    assert C._has_footer(line) == bool(_FOOTER_PLAIN.search(line))
    assert C._has_preface(line) == bool(_PREFACE_PLAIN.search(line))
    found, plain = C._BARE_STAMP.search(line), _STAMP_PLAIN.search(line)
    assert (found and found.span()) == (plain and plain.span())


_CONTROL_PIECES = [*C._CONTROL_WORDS.split("|"), " ", "|", "｜", "/", "·", ":", "：", "[", "】", "<", "＞", "(", "）", "-",
                   "2024-05-12", "2023年07月12日 10:44", "2024/07/05 10:30", "T", "年", "月", "日", "1", "20", ".", "\u3000",
                   "来源：", "作者：", "发布时间：", "浏览次数：", "成文日期：", "编辑 ", "记者 王五 ", "二审 李四",
                   "发表于", "发布于四川", "王", "消防", "，", "。"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_CONTROL_PIECES), max_size=10).map("".join))
def test_furniture_words_asking_controls_and_fields_only_where_they_can_be_are_the_plain_rules(line):
    assert C._furniture_words(line) == furniture_words_plain(line)
    assert C._furniture_words(line.strip()) == furniture_words_plain(line.strip())


def _is_crumb_trail_plain(text: str) -> bool:
    if "<" in text or len(text) > 60 or sum(map(text.count, ">＞»›")) < 2:
        return False
    names = [n.strip() for n in C._CRUMB_SEPARATORS.split(text)]
    if text.strip()[-1:] in (">", "＞", "»", "›"):
        names = names[:-1]  # a trail closed by its separator
        return len(names) >= 2 and all(0 < len(n) <= 12 for n in names)
    return len(names) >= 3 and all(0 < len(n) <= 12 for n in names)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from([">", "＞", "»", "›", ">>", "<", " ", "首页", "消防新闻", "本地", "a", "，"]), max_size=12)
       .map("".join))
def test_a_crumb_trail_found_without_counting_lines_without_a_separator_is_the_plain_one(line):
    assert C._is_crumb_trail(line) == _is_crumb_trail_plain(line)
