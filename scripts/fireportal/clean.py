"""Clean: text → text, as an ordered list of small named cleanups.

Each cleanup returns the new text and how many changes it made, so
`fireportal inspect` can say which fired.  Each is idempotent (the tests
check it with hypothesis): running the pipeline on its own output changes
nothing.  Only two cleanups remove Chinese characters, and only the ones
they document: `drop_page_furniture` (页码 lines such as 第3页) and nothing
else; `drop_annotations` removes Latin pinyin and zhuyin, never ideographs.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from .model import Cleaned

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Full-width punctuation that sits inside Chinese text.
CJK_PUNCT = "，、。；：！？“”‘’（）《》〈〉【】…—·「」『』〔〕"
_HAN_OR_PUNCT = f"[{CJK}{CJK_PUNCT}]"


@dataclass(frozen=True, kw_only=True)
class Cleanup:
    name: str
    describe: str  # one line for `inspect` and the docs
    apply: Callable[[str], tuple[str, int]]


def _subn(pattern: re.Pattern[str], repl, text: str) -> tuple[str, int]:
    return pattern.subn(repl, text)


# --- normalise -----------------------------------------------------------

_INVISIBLE = re.compile("[\ufeff\u200b\u200c\u200d\u2060\u00ad]")


def normalize_text(text: str) -> tuple[str, int]:
    # NFC only: NFKC would turn ，（）： into ASCII punctuation.
    fixed = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    fixed = fixed.replace("\t", " ").replace("\f", "\n").replace("\v", "\n")
    fixed, invisible = _INVISIBLE.subn("", fixed)
    changes = invisible + (fixed != text and not invisible)
    return fixed, int(changes)


# --- page furniture ------------------------------------------------------

_PAGE_NUMBER = re.compile(
    r"^[ \u3000]*(?:"
    r"[—–\-－]{1,2}[ \u3000]*\d{1,4}[ \u3000]*[—–\-－]{1,2}"  # — 3 —  - 3 -
    r"|第[ \u3000]*\d{1,4}[ \u3000]*页(?:[ \u3000]*[，,]?[ \u3000]*共[ \u3000]*\d{1,4}[ \u3000]*页)?"
    r"|\d{1,4}[ \u3000]*/[ \u3000]*\d{1,4}"  # 3/10
    r"|[Pp]age[ \u3000]*\d{1,4}(?:[ \u3000]*of[ \u3000]*\d{1,4})?"
    r")[ \u3000]*$",
    re.M,
)


def drop_page_furniture(text: str) -> tuple[str, int]:
    """Page numbers on their own line, and running headers next to them.

    A running header or footer is a short line repeated at least three times,
    each time right beside a page number: that is what a PDF page break
    leaves behind, and ordinary text never looks like it.
    """
    lines = text.split("\n")
    is_number = [bool(_PAGE_NUMBER.match(line)) for line in lines]
    if not any(is_number):
        return text, 0

    def near_number(i: int) -> bool:
        neighbours = [j for j in range(i - 2, i + 3) if 0 <= j < len(lines) and j != i]
        return any(is_number[j] for j in neighbours)

    repeated = Counter(
        line.strip() for i, line in enumerate(lines) if line.strip() and near_number(i)
    )
    furniture = {line for line, n in repeated.items() if n >= 3 and len(line) <= 40}
    kept, dropped = [], 0
    for i, line in enumerate(lines):
        if is_number[i] or (line.strip() in furniture and near_number(i)):
            dropped += 1
            continue
        kept.append(line)
    return "\n".join(kept), dropped


# --- whitespace ----------------------------------------------------------

_EDGE_SPACE = re.compile(r"^[ \u3000\u00a0]+|[ \u3000\u00a0]+$", re.M)


def trim_lines(text: str) -> tuple[str, int]:
    """Leading and trailing spaces: PDF page starts and 　　 indents."""
    return _subn(_EDGE_SPACE, "", text)


# --- annotations ---------------------------------------------------------

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    rf"[aeiouv{_TONED}]{{1,4}}(?:ng|n|r)?"
)
# A pinyin annotation: one syllable in brackets right after a character,
# carrying a tone mark or a tone digit so that (xx) and (a) stay text.
_PINYIN = re.compile(
    rf"(?<=[{CJK}])[(（](?=[a-z{_TONED}]*[{_TONED}]|[a-z]+[1-5][)）])"
    rf"{_SYLLABLE}[1-5]?[)）]"
)
_ZHUYIN = re.compile(r"(?<=[" + CJK + r"])[(（][\u3105-\u312f\u31a0-\u31bfˊˇˋ˙]{1,5}[)）]")


def drop_annotations(text: str) -> tuple[str, int]:
    """Inline pronunciation after a character: 支隊(duì), 會(huì), 會(ㄏㄨㄟˋ).

    Repeated until none is left, since 會(huì)(ㄏㄨㄟˋ) carries two.
    """
    total = 0
    while True:
        text, pinyin = _PINYIN.subn("", text)
        text, zhuyin = _ZHUYIN.subn("", text)
        if not pinyin + zhuyin:
            return text, total
        total += pinyin + zhuyin


# --- traditional → simplified -------------------------------------------


@cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> tuple[str, int]:
    """Traditional → simplified with OpenCC's t2s, to a fixed point."""
    converted = text
    for _ in range(3):  # t2s maps a few characters in two steps
        again = _converter().convert(converted)
        if again == converted:
            break
        converted = again
    changed = sum(1 for a, b in zip(text, converted) if a != b) + abs(len(text) - len(converted))
    return converted, changed


# --- punctuation ---------------------------------------------------------

_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
# Half-width mark touching a Chinese character or full-width mark on either
# side; `:` only before, so 10:30 and URLs keep theirs.
_HALF_PUNCT = re.compile(
    rf"(?<={_HAN_OR_PUNCT})[ ]*[,;!?:](?![0-9]{{2}})|[,;!?](?=[ ]*{_HAN_OR_PUNCT})"
)
_HALF_PARENS = re.compile(r"\(([^()\n]{0,80}?)\)")
# A full stop typed as `.` after a Chinese character (事故.现将): not 45.8 or 1.
_HALF_STOP = re.compile(rf"(?<=[{CJK}”’）%])\.(?![0-9A-Za-z.])")


def fullwidth_punctuation(text: str) -> tuple[str, int]:
    """`,` `;` `:` `!` `?` `( )` in Chinese text become ， ； ： ！ ？ （ ）, and a
    `.` ending a Chinese sentence becomes 。"""
    count = 0

    # Brackets first: a new ） can make the mark after it Chinese context.
    def parens(match: re.Match[str]) -> str:
        nonlocal count
        inner = match.group(1)
        start, end = match.span()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if re.search(f"[{CJK}]", inner + before + after):
            count += 1
            return f"（{inner}）"
        return match.group()

    text = _HALF_PARENS.sub(parens, text)

    def punct(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return _HALF_TO_FULL[match.group().strip()]

    text, stops = _HALF_STOP.subn("。", text)
    count += stops
    # A run such as 消,, converts one mark per pass: each pass makes the next
    # mark's neighbour full width.
    while True:
        converted = _HALF_PUNCT.sub(punct, text)
        if converted == text:
            return text, count
        text = converted


_SEPARATORS = "，、；：。！？"
_RUN = re.compile(f"[{_SEPARATORS}](?:[ \u3000\u00a0]*[{_SEPARATORS}])+")


def collapse_punctuation(text: str) -> tuple[str, int]:
    """Doubled or stacked marks (，， ，、 ，； ，。) keep one.

    A run that holds a sentence end keeps that end; otherwise the last mark
    wins, because the stray one is the comma typed before the real mark.
    """

    def one(match: re.Match[str]) -> str:
        marks = re.sub("[ \u3000\u00a0]", "", match.group())
        for end in "。！？":
            if end in marks:
                return end
        return marks[-1]

    return _RUN.subn(one, text)


_SPACE_IN_CJK = re.compile(
    rf"(?<={_HAN_OR_PUNCT})[ \u3000\u00a0]+(?=[{CJK}{CJK_PUNCT}0-9])"
    rf"|(?<=[0-9])[ \u3000\u00a0]+(?=[{CJK}{CJK_PUNCT}])"
)


def drop_cjk_spaces(text: str) -> tuple[str, int]:
    """Spaces between Chinese characters, and between them and digits (2024 年)."""
    return _subn(_SPACE_IN_CJK, "", text)


# --- hard line breaks ----------------------------------------------------

# A line that starts one of these is never the tail of the line before.
OUTLINE_START = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]"
    r"|\d{1,2}[、.．](?!\d)|[（(]\d{1,2}[）)]|[①-⑳])"
)
_SENTENCE_END = "。！？；：”』」）"


_NARROW = re.compile("[\u0000-\u10ff]")


def display_width(line: str) -> int:
    """Columns on a page: Chinese characters and marks (“ ” … —) take two.

    Everything from U+1100 (Hangul, CJK, general punctuation) counts as wide,
    which is what Chinese fonts do with the ambiguous-width marks; it is a
    regex count because a per-character unicodedata lookup was 65 % of the
    cleaning time.
    """
    return 2 * len(line) - len(_NARROW.findall(line))


# How far short of the page width a wrapped line may stop: a paragraph's
# first line is indented two characters, and a line cannot start with some
# marks, so a wrapped line can end up to three characters early.
_SLACK = 6


def _is_full(line_width: int, width: int) -> bool:
    # +2: a closing mark may hang past the margin.
    return width - _SLACK <= line_width <= width + 2


def _wrap_width(lines: list[str]) -> int:
    """The column a PDF wrapped at, or 0 when the text is not hard-wrapped.

    Wrapped text has many lines of the same width that stop mid-sentence;
    text with one paragraph per line has widths all over the place and
    lines that end with a full stop.
    """
    widths = [display_width(line) for line in lines if line]
    counts = Counter(w for w in widths if w >= 20)
    if not counts:
        return 0
    # Most wrapped lines end exactly at the page width.
    width = max(counts, key=lambda w: (counts[w], w))
    content = [line for line in lines if line]
    full = [line for line, w in zip(content, widths) if _is_full(w, width)]
    mid_sentence = sum(1 for line in full if line[-1] not in _SENTENCE_END)
    if width > 120 or len(full) < 3 or len(full) < 0.25 * len(content) or mid_sentence < 0.6 * len(full):
        return 0
    return width


def _continues(previous: str, line: str, width: int) -> bool:
    if not _is_full(display_width(previous), width) or OUTLINE_START.match(line):
        return False
    # A numbered heading that fills the line ends there unless what follows
    # is its short remainder (四、…集中约 / 谈); a full line after it is a new paragraph.
    if OUTLINE_START.match(previous) and _is_full(display_width(line), width):
        return False
    return True


def join_wrapped_lines(text: str) -> tuple[str, int]:
    """Undo a PDF's hard line breaks (and the blank lines between them).

    Only when most lines end at the same column: a line that reaches that
    column continues on the next one, unless the next line opens an outline
    item (一、 （一） 1、).  Text that was not hard-wrapped is left alone.
    """
    lines = text.split("\n")
    width = _wrap_width(lines)
    if not width:
        return text, 0
    out: list[str] = []
    joins = 0
    last = ""  # the previous physical line: its width, not the joined one's, tells
    for line in lines:
        if not line:
            continue
        if out and _continues(last, line, width):
            out[-1] += line
            joins += 1
        else:
            out.append(line)
        last = line
    # Blank lines in a wrapped text carried no meaning; paragraphs are lines now.
    return "\n".join(out), joins


_BLANKS = re.compile(r"\n{3,}")


def collapse_blank_lines(text: str) -> tuple[str, int]:
    text = text.strip("\n")
    return _BLANKS.subn("\n\n", text)


CLEANUPS: tuple[Cleanup, ...] = (
    Cleanup(name="normalize_text", describe="换行统一为 LF，Unicode NFC，去掉 BOM 和零宽字符", apply=normalize_text),
    Cleanup(name="drop_page_furniture", describe="删除页码行（— 3 —、第3页）和紧挨页码重复出现的页眉页脚", apply=drop_page_furniture),
    Cleanup(name="trim_lines", describe="删除行首行尾空格（PDF 页首空格、全角缩进）", apply=trim_lines),
    Cleanup(name="drop_annotations", describe="删除字后的拼音/注音注释，如 隊(duì)", apply=drop_annotations),
    Cleanup(name="to_simplified", describe="繁体转简体（OpenCC t2s）", apply=to_simplified),
    Cleanup(name="fullwidth_punctuation", describe="中文里的半角标点 , ; : ! ? ( ) . 改为全角", apply=fullwidth_punctuation),
    Cleanup(name="collapse_punctuation", describe="重复或叠加的标点（，， ，、 ，；）只留一个", apply=collapse_punctuation),
    Cleanup(name="drop_cjk_spaces", describe="删除汉字之间、汉字与数字之间的空格", apply=drop_cjk_spaces),
    Cleanup(name="join_wrapped_lines", describe="合并 PDF 硬换行（句子、标题被折断的行）", apply=join_wrapped_lines),
    Cleanup(name="collapse_blank_lines", describe="多个空行合并为一个，去掉首尾空行", apply=collapse_blank_lines),
)


def clean(text: str, cleanups: tuple[Cleanup, ...] = CLEANUPS) -> Cleaned:
    """Run every cleanup in order; report those that changed something."""
    fired: list[tuple[str, int]] = []
    for cleanup in cleanups:
        text, count = cleanup.apply(text)
        if count:
            fired.append((cleanup.name, count))
    return Cleaned(text=text, fired=tuple(fired))
