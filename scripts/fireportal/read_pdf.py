"""Read a PDF's text layer, keeping what only the layout knows.

A text export of a PDF loses what a reader sees: which lines are one
paragraph, which are the running header, the page number or the title.
This reader works from the characters and their positions (pdfplumber on
pdfminer.six, both MIT) and writes the text a person would have typed: one
paragraph per line, the title block as lines of their own at the top, no
headers, footers or page numbers, no spaces between Chinese characters.
The later stages then treat it like any hand-typed .txt.

A PDF is untrusted and can be made to stall a parser (deep object graphs,
huge content streams, decompression bombs), so the parsing runs in a child
process with a time and memory limit; pages and characters are capped too.
"""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from .model import Problem, RawText

MAX_PAGES = 300  # a briefing or report; a 300-page PDF is a book
MAX_CHARS = 1_500_000  # ~ 300 dense pages of Chinese
TIME_LIMIT = 60  # seconds per file; a 300-page text PDF takes ~20 s
MEMORY_LIMIT = 1536 * 1024 * 1024  # bytes of address space for the parser

SCANNED = "这是扫描件（没有文字层）：请用 WPS/Acrobat 的 OCR 转成文字后再提交，或提交原始 Word 文件"
ENCRYPTED = "PDF 设置了打开密码，无法读取：请用 WPS/Acrobat 去掉密码后另存为新的 PDF 再提交，或提交原始 Word 文件"
DAMAGED = "PDF 文件已损坏，无法读取：请从原件重新导出 PDF，或提交原始 Word 文件"
GARBLED = ("PDF 的字体没有文字编码，提取出来是乱码：请从原始 Word 文件重新导出 PDF，"
           "或提交原始 Word 文件")
_ERRORS = {
    "scanned": SCANNED,
    "encrypted": ENCRYPTED,
    "damaged": DAMAGED,
    "garbled": GARBLED,
    "pages": f"PDF 超过 {MAX_PAGES} 页，没有发布：请确认这是单篇文档，合集请拆成多个文件",
    "chars": f"PDF 文字超过 {MAX_CHARS:,} 字，没有发布：请确认这是单篇文档，合集请拆成多个文件",
    "time": f"PDF 解析超过 {TIME_LIMIT} 秒，没有发布：文件可能过于复杂或已损坏，请重新导出 PDF，或提交原始 Word 文件",
    "memory": "PDF 解析占用内存过多，没有发布：文件可能过于复杂或已损坏，请重新导出 PDF，或提交原始 Word 文件",
}


class Refused(Exception):
    """Raised while parsing; the message is a key of `_ERRORS`."""


@dataclass(frozen=True, kw_only=True)
class Line:
    """One line of text as printed: where it stands and in what type."""

    page: int  # 0-based
    text: str
    x0: float
    x1: float
    top: float  # distance from the page's top edge
    bottom: float
    size: float  # the font size most of its characters have
    bold: bool
    page_height: float
    # Width of the run the line starts with that a line break cannot split
    # (a number, a Latin word, an opening bracket with what follows): when it
    # did not fit, the line before stopped short of the margin.
    lead: float = 0.0


# --- the child process: PDF bytes → lines ----------------------------------

_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f“”‘’—…·]")
_BOLD_FONT = re.compile(r"bold|heavy|black|semibold|demi|黑体|hei|xbs|biaosong|小标宋", re.I)


def _line_text(chars: list[dict]) -> str:
    """Characters of one line, left to right, with the spaces that show.

    A space is kept where the PDF has one, and put where a gap shows one:
    a word gap between Latin letters, a character's width between Chinese
    ones (a unit-and-date line).  Chinese text never gets spaces between its
    characters otherwise: 2024年3月 stays so.
    """
    out: list[str] = []
    previous = None
    spaced = False
    for char in chars:
        if not char["text"].strip():
            spaced = previous is not None
            continue
        if previous is not None:
            gap = char["x0"] - previous["x1"]
            size = max(char["size"], previous["size"], 1.0)
            wide = _WIDE.match(previous["text"]) or _WIDE.match(char["text"])
            if spaced or gap > (0.9 if wide else 0.2) * size:
                out.append(" ")
        out.append(char["text"])
        previous, spaced = char, False
    return "".join(out)


# What a line break never splits: an opening mark with the number or word it
# opens, a Latin word or number, or a Chinese character with the marks that
# may not start a line.
_UNBREAKABLE = re.compile(
    r"[“‘（(《〈【「『\[]*(?:[A-Za-z0-9\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f.,:%/_\-]*|.)"
    r"[，。、；：！？）)》〉】」』”’…—]*")


def _lead(group: list[dict]) -> float:
    text = "".join(c["text"] for c in group)
    run = _UNBREAKABLE.match(text)
    if not run or not run.group():
        return 0.0
    return group[len(run.group()) - 1]["x1"] - group[0]["x0"]


def _page_lines(page, number: int) -> list[Line]:
    # Rotated text (a diagonal watermark) and text off the page are not the document's.
    chars = [c for c in page.chars if c.get("upright", True) and 0 <= c["top"] <= page.height]
    # Lines by baseline: sort by vertical centre and cut where it jumps by
    # more than a third of the type size.
    chars.sort(key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"]))
    groups: list[list[dict]] = []
    for char in chars:
        middle = (char["top"] + char["bottom"]) / 2
        if groups:
            last = groups[-1]
            last_middle = sum((c["top"] + c["bottom"]) / 2 for c in last[-3:]) / len(last[-3:])
            if abs(middle - last_middle) <= 0.35 * max(char["size"], last[-1]["size"], 1.0):
                last.append(char)
                continue
        groups.append([char])
    lines = []
    for group in groups:
        group.sort(key=lambda c: c["x0"])
        while group and not group[0]["text"].strip():
            group.pop(0)
        if not any(c["text"].strip() for c in group):
            continue
        sizes = Counter(round(c["size"] * 2) / 2 for c in group)
        bold = sum(1 for c in group if _BOLD_FONT.search(c.get("fontname", ""))) > len(group) / 2
        lines.append(Line(
            page=number, text=_line_text(group), x0=group[0]["x0"], x1=max(c["x1"] for c in group),
            top=min(c["top"] for c in group), bottom=max(c["bottom"] for c in group),
            size=sizes.most_common(1)[0][0], bold=bold, page_height=float(page.height),
            lead=_lead(group)))
    return lines


def extract_lines(data: bytes) -> tuple[list[Line], list[int]]:
    """Every printed line, page by page, and the pages that hold only images.

    Raises Refused with a key of `_ERRORS` as its message.
    """
    import io

    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise Refused("encrypted") from None
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many unrelated types
        if "password" in repr(exc).lower() or "encrypt" in repr(exc).lower():
            raise Refused("encrypted") from None
        raise Refused("damaged") from None
    if len(pages) > MAX_PAGES:
        raise Refused("pages")
    lines: list[Line] = []
    imaged: list[int] = []
    total = 0
    try:
        for number, page in enumerate(pages):
            found = _page_lines(page, number)
            total += sum(len(line.text) for line in found)
            if total > MAX_CHARS:
                raise Refused("chars")
            if not found and page.images:
                imaged.append(number)
            lines.extend(found)
            page.close()  # drops the page's parsed objects
    except Refused:
        raise
    except Exception:  # noqa: BLE001
        raise Refused("damaged") from None
    return lines, imaged


def _child() -> None:
    """Entry point of the parsing process: PDF on stdin, JSON on stdout."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    data = sys.stdin.buffer.read()
    try:
        lines, imaged = extract_lines(data)
        result = {"lines": [asdict(line) for line in lines], "imaged": imaged}
    except Refused as exc:
        result = {"error": str(exc)}
    except MemoryError:
        result = {"error": "memory"}
    sys.stdout.write(json.dumps(result, ensure_ascii=False))


def _run_child(data: bytes) -> dict:
    package_root = str(Path(__file__).resolve().parent.parent)
    code = f"import sys; sys.path.insert(0, {package_root!r}); from fireportal.read_pdf import _child; _child()"
    try:
        done = subprocess.run([sys.executable, "-c", code], input=data, capture_output=True,
                              timeout=TIME_LIMIT, check=False)
    except subprocess.TimeoutExpired:
        return {"error": "time"}
    if done.returncode != 0:
        # Killed by the memory limit, or a crash inside the parser.
        return {"error": "memory" if b"MemoryError" in done.stderr else "damaged"}
    return json.loads(done.stdout)


# --- layout: lines → paragraphs -----------------------------------------

_PAGE_NUMBER = re.compile(
    r"^(?:[—–\-－_~·•]*\s*\d{1,4}\s*[—–\-－_~·•]*"  # 3, - 3 -, — 3 —
    r"|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$"
)
_SENTENCE_END = re.compile(r"[。！？；：!?;:][”’」』）)》\"]*$")
_LATIN_END = re.compile(r"[A-Za-z]$")
_LATIN_START = re.compile(r"^[A-Za-z]")


@dataclass(frozen=True, kw_only=True)
class _Block:
    """The text block the body is set in: its margins, type size and line pitch."""

    left: float
    right: float  # where full lines end (justified) or about end (ragged right)
    edge: float  # the farthest a line goes: the room a pushed word did not fit in
    size: float
    pitch: float
    # Paragraphs start with a first-line indent (GB/T 9704): then a flush
    # line never starts one, whatever the line before ends with.
    indents: bool = False

    def full(self, line: Line) -> bool:
        """The line reaches the right edge: a wrapped line that goes on."""
        return line.x1 >= self.right - self.size

    def pushed(self, previous: Line, line: Line) -> bool:
        """`previous` stopped short because what `line` starts with did not fit."""
        return 0 < line.lead and self.edge - previous.x1 < line.lead + 0.3 * self.size

    def indented(self, line: Line) -> bool:
        return line.x0 > self.left + 0.8 * self.size

    def display(self, line: Line) -> bool:
        """Larger than the body: a title, masthead or heading."""
        return line.size >= self.size + 1.5

    def wide(self, line: Line) -> bool:
        return line.x1 - line.x0 >= 0.6 * (self.right - self.left)


def _mask(text: str) -> str:
    return re.sub(r"\d+", "#", text.replace(" ", ""))


def _edges(lines: list[Line]) -> list[tuple[Line, str]]:
    """(line, "top" or "bottom") for the lines where furniture stands: a
    page's first and last line, and the second and second-last when they
    are within the outer eighth of the page too (a header over two lines)."""
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    out = []
    for page in by_page.values():
        for index, line in enumerate(page):
            if index < 2 and (index == 0 or line.bottom < 0.12 * line.page_height):
                out.append((line, "top"))
            elif index >= len(page) - 2 and (index == len(page) - 1 or line.top > 0.88 * line.page_height):
                out.append((line, "bottom"))
    return out


def _pitch(lines: list[Line]) -> float:
    steps = [b.top - a.top for a, b in zip(lines, lines[1:])
             if a.page == b.page and abs(a.size - b.size) < 0.5 and b.top > a.top]
    return statistics.median(steps) if steps else 1.5 * (lines[0].size if lines else 12)


def drop_furniture(lines: list[Line]) -> list[Line]:
    """Lines without running headers, footers and page numbers.

    Furniture stands apart at a page's top or bottom edge and is either a
    page number, or the same text (digits aside) at the same height on
    several pages, or outside the text block every other page keeps to (a
    header only page 2 of a two-page file carries).
    """
    pages = len({line.page for line in lines})
    edges = _edges(lines)
    furniture: set[int] = set()
    seen: dict[tuple[str, str], list[Line]] = {}
    body_size = _body_size(lines)
    for line, where in edges:
        # A page number is never set larger than the text (2021 as a title is not one).
        if _PAGE_NUMBER.match(line.text.strip()) and len(line.text) <= 20 and line.size <= body_size + 0.5:
            furniture.add(id(line))
        seen.setdefault((where, _mask(line.text)), []).append(line)
    for (_, text), group in seen.items():
        if len(text) > 60:
            continue
        # The same text at the same height on two pages or more (a masthead
        # that the running header repeats stays: it stands elsewhere).
        heights = Counter(round(line.top / 4) for line in group)
        for height, count in heights.items():
            pages_at = {line.page for line in group if round(line.top / 4) == height}
            if count >= 2 and len(pages_at) >= 2:
                furniture.update(id(line) for line in group if round(line.top / 4) == height)
    if pages >= 2:
        # Set apart, and outside the block every other page's text keeps to.
        pitch = _pitch(lines)
        by_page: dict[int, list[Line]] = {}
        for line in lines:
            by_page.setdefault(line.page, []).append(line)
        kept = {page: [o for o in group if id(o) not in furniture] for page, group in by_page.items()}
        tops = {page: min((o.top for o in group), default=1e9) for page, group in kept.items()}
        bottoms = {page: max((o.bottom for o in group), default=-1e9) for page, group in kept.items()}
        for line, where in edges:
            if id(line) in furniture or len(line.text) > 60 or not _apart(line, by_page[line.page], where, pitch):
                continue
            if where == "top" and all(line.bottom < top for page, top in tops.items() if page != line.page):
                furniture.add(id(line))
            if where == "bottom" and all(line.top > bottom for page, bottom in bottoms.items() if page != line.page):
                furniture.add(id(line))
    return [line for line in lines if id(line) not in furniture]


def _apart(line: Line, lines: list[Line], where: str, pitch: float) -> bool:
    """Whether the next line inwards on its page is more than a line pitch and a half away."""
    same = [o for o in lines if o.page == line.page and o is not line]
    inward = [o.top - line.top for o in same if o.top > line.top] if where == "top" else \
        [line.top - o.top for o in same if o.top < line.top]
    return not inward or min(inward) >= 1.5 * pitch


def _body_size(lines: list[Line]) -> float:
    """The type size most of the text is set in."""
    weights: Counter[float] = Counter()
    for line in lines:
        weights[line.size] += len(line.text)
    return weights.most_common(1)[0][0] if weights else 0.0


def _block(lines: list[Line]) -> _Block:
    size = _body_size(lines)
    body = [line for line in lines if abs(line.size - size) < 0.5] or lines
    lefts = Counter(round(line.x0) for line in body)
    common = [x for x, n in lefts.items() if n >= max(2, 0.05 * len(body))]
    left = min(common) if common else min(lefts)
    # The right edge from the long lines (within three characters of the
    # longest): justified text ends them all at the margin, ragged text up to
    # a character short of it; the median ignores the odd line that overflows.
    farthest = max(line.x1 for line in body)
    long_ends = sorted(line.x1 for line in body if line.x1 >= farthest - 3 * size)
    right = statistics.median(long_ends)
    edge = long_ends[int(0.9 * (len(long_ends) - 1))]
    # Indented paragraphs: first lines stand 1.5 to 3 characters in, and the
    # lines that carry a full line on are flush.
    first = [line for line in body if 1.5 * size <= line.x0 - left <= 3.2 * size]
    flush = sum(1 for line in body if line.x0 - left < 0.5 * size)
    # One paragraph only: its first line is the body's first line.
    indents = flush >= 2 and (len(first) >= 2 or (len(first) == 1 and first[0] is body[0]))
    return _Block(left=left, right=right, edge=max(edge, right), size=size, pitch=_pitch(body),
                  indents=indents)


def _starts_paragraph(previous: Line, line: Line, block: _Block) -> bool:
    if block.display(previous) or block.display(line):
        # A title wrapped over two lines is one line again; otherwise
        # titles, mastheads and large headings stand alone.
        same = abs(previous.size - line.size) < 0.5 and previous.page == line.page
        close = line.top - previous.top <= 1.8 * max(previous.size, line.size)
        return not (same and close and block.wide(previous) and not _SENTENCE_END.search(previous.text))
    if abs(previous.size - line.size) >= 1:
        return True
    if block.indented(line):
        return True
    if not block.full(previous):
        ends = _SENTENCE_END.search(previous.text) and not block.indents
        if ends or not block.pushed(previous, line):
            return True
    if previous.page == line.page and line.top - previous.top > 1.5 * block.pitch:
        return True
    from .clean import OUTLINE_START

    # Without indents to tell, an outline number after a sentence end opens an item.
    return not block.indents and bool(_SENTENCE_END.search(previous.text) and OUTLINE_START.match(line.text))


def layout(lines: list[Line]) -> str:
    """Printed lines → text with one paragraph per line, titles on their own."""
    lines = drop_furniture(lines)
    if not lines:
        return ""
    block = _block(lines)
    paragraphs: list[str] = []
    previous: Line | None = None
    for line in lines:
        text = line.text.strip()
        if previous is None or _starts_paragraph(previous, line, block):
            paragraphs.append(text)
        else:
            space = " " if _LATIN_END.search(paragraphs[-1]) and _LATIN_START.match(text) else ""
            paragraphs[-1] += space + text
        previous = line
    return "\n".join(paragraphs) + "\n"


# --- the reader ----------------------------------------------------------

_BAD_CHAR = re.compile(r"\(cid:\d+\)|[\ue000-\uf8ff\ufffd]")


def read_pdf(path: str, data: bytes) -> RawText:
    """A PDF → its text, as if typed one paragraph per line."""
    from .read import ReadError  # read.py imports this module to register it
    result = _run_child(data)
    if "error" in result:
        raise ReadError(_ERRORS[result["error"]])
    lines = [Line(**fields) for fields in result["lines"]]
    text = layout(lines)
    letters = re.sub(r"\s", "", text)
    if not letters:
        raise ReadError(SCANNED if result["imaged"] else "PDF 里没有文字：请检查是否导出了空白页，或提交原始 Word 文件")
    if len(_BAD_CHAR.findall(letters)) * 5 > len(letters):  # (cid:12) counts once
        raise ReadError(GARBLED)
    problems = ()
    if result["imaged"]:
        pages = "、".join(str(p + 1) for p in result["imaged"][:10])
        problems = (Problem(path=path, level="warning", message=(
            f"第 {pages} 页是扫描图片，没有文字，这些页的内容没有发布："
            "请用 OCR 转成文字后再提交，或提交原始 Word 文件")),)
    return RawText(path=path, text=text, encoding="pdf", problems=problems)


if __name__ == "__main__":  # pragma: no cover - run by _run_child
    _child()
