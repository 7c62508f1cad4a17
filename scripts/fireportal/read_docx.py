"""Read a .docx: the text Word shows, plus what only Word knows about it.

python-docx opens the package (after `docx_safety.check_package` has checked
it) and `docx_safety.Walker` keeps only what Word shows.  This module adds
the Word semantics a plain text export loses, measured against python-docx,
docx2python and mammoth on the issue's fixtures (BENCHMARKS.md, "Word
reader"): none of them renders Chinese numbering formats or keeps a 落款 apart,
so the numbering is computed here from numbering.xml.

- automatic numbering as the reader sees it (一、 （一） 1. from `w:lvlText`
  and `w:numFmt`, counters per list with restarts and start overrides);
- heading styles and outline levels, the Title style, right-aligned
  paragraphs (落款), tables and pictures, written as hints the structure
  stage reads (see `structure.HINTS`): text that only a reader of the layout
  could tell apart stays apart.

Headers, footers, footnotes and comments are other parts of the package and
never reach the text: only the body is walked.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field

from . import docx_safety as safety
from .docx_safety import _VAL, _child, _small_int, _w, on_off
from .model import Problem, RawText
from .read import ReadError
from .structure import (
    HINT_BREAK,
    HINT_CELL,
    HINT_CLOSING,
    HINT_HEADINGS,
    HINT_IMAGE,
    HINT_ROW,
    HINT_TABLE,
    HINT_TITLE,
    HINTS,
)

_RT_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_V = "urn:schemas-microsoft-com:vml"
_O = "urn:schemas-microsoft-com:office:office"

# Pictures published next to the page: only formats every browser shows,
# recognised by their first bytes (never by the name or content type the
# file claims), each at most MAX_IMAGE_BYTES, at most MAX_IMAGES per file.
MAX_IMAGE_BYTES = 5 * 1024 * 1024  # a phone photo is 2-4 MB
MAX_IMAGES = 100
MAX_COLUMNS = 63  # Word's own limit
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)
# What Word also embeds and browsers do not show, named in the warning.
_OTHER_FORMATS = (
    (b"\x01\x00\x00\x00", "EMF"),
    (b"\xd7\xcd\xc6\x9a", "WMF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"BM", "BMP"),
)
IMAGE_NAME = re.compile(r"^[0-9a-f]{16}\.(?:png|jpg|gif|webp)$")


def image_kind(data: bytes) -> str | None:
    """png/jpg/gif/webp by the file's first bytes, or None."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def image_name(data: bytes, kind: str) -> str:
    """A safe, stable file name: the content hash, never a name from the file."""
    return f"{hashlib.sha256(data).hexdigest()[:16]}.{kind}"


# --------------------------------------------------------------------------
# Numbers as Word writes them

_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _letters(n: int) -> str:
    # Word repeats the letter after Z: 27 → AA, 28 → BB.
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _counting(n: int, digits: str = _CN_DIGITS, ten: str = "十") -> str:
    """chineseCounting: 一 … 十 十一 … 九十九; from 100 on, digit by digit (一〇〇)."""
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else digits[tens]) + ten + (digits[ones] if ones else "")
    return "".join(digits[int(c)] for c in str(n))


def _counting_thousand(n: int, digits: str = _CN_DIGITS, units: str = "十百千", zero: str = "零") -> str:
    """chineseCountingThousand: 一百零一, 一千零一十; 十一 (not 一十一) below twenty."""
    if n < 10:
        return digits[n] if n else zero
    if n >= 10000:
        return "".join(digits[int(c)] for c in str(n))
    out, pending_zero = [], False
    for power in (3, 2, 1, 0):
        digit = n // 10**power % 10
        if digit == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append(zero)
            pending_zero = False
        if not (power == 1 and digit == 1 and not out and units[0] == "十"):
            out.append(digits[digit])
        if power:
            out.append(units[power - 1])
    return "".join(out)


def format_number(n: int, fmt: str) -> str | None:
    """A counter in a `w:numFmt`, as Word shows it; None for a format not known here."""
    if fmt == "none":
        return ""
    if n < 0:
        return str(n)
    if fmt in ("decimal", "decimalHalfWidth", "ordinal", "cardinalText", "ordinalText"):
        return str(n)  # English words (cardinalText …) are not used in Chinese documents
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt in ("upperRoman", "lowerRoman"):
        text = _roman(n) if 0 < n < 4000 else str(n)
        return text if fmt == "upperRoman" else text.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        text = _letters(n) if n > 0 else str(n)
        return text if fmt == "upperLetter" else text.lower()
    if fmt in ("chineseCounting", "japaneseCounting", "taiwaneseCounting"):
        return _counting(n)
    if fmt in ("chineseCountingThousand", "taiwaneseCountingThousand", "japaneseLegal"):
        return _counting_thousand(n)
    if fmt == "chineseLegalSimplified":
        return _counting_thousand(n, _CN_LEGAL, "拾佰仟", "零")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_DIGITS[int(c)] for c in str(n))
    if fmt == "ideographTraditional":
        return _HEAVENLY_STEMS[n - 1] if 1 <= n <= 10 else str(n)
    if fmt == "ideographZodiac":
        return _EARTHLY_BRANCHES[n - 1] if 1 <= n <= 12 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _CIRCLED[n - 1] if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."
    return None


# --------------------------------------------------------------------------
# Styles: outline level, alignment and numbering a paragraph inherits


_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*(?P<level>[1-9])$", re.I)
_TITLE_NAMES = ("title", "标题")


@dataclass
class _Style:
    name: str = ""
    based_on: str | None = None
    outline: int | None = None  # 0-based w:outlineLvl; 9 is body text
    align: str | None = None
    num_id: str | None = None
    ilvl: int | None = None


class Styles:
    """Paragraph styles by id, with what each inherits through `w:basedOn`."""

    def __init__(self, root=None):
        self._styles: dict[str, _Style] = {}
        self.default: str | None = None
        if root is None:
            return
        for element in root.iterchildren(_w("style")):
            style_id = element.get(_w("styleId"))
            if not style_id or element.get(_w("type"), "paragraph") != "paragraph":
                continue
            style = _Style()
            name = _child(element, "name")
            style.name = (name.get(_VAL) or "").strip() if name is not None else ""
            based = _child(element, "basedOn")
            style.based_on = based.get(_VAL) if based is not None else None
            ppr = _child(element, "pPr")
            if ppr is not None:
                style.outline, style.align, style.num_id, style.ilvl = _paragraph_properties(ppr)
            self._styles[style_id] = style
            if safety.on_off_attr(element.get(_w("default"))):
                self.default = style_id

    def _chain(self, style_id: str | None):
        seen: set[str] = set()
        current = style_id if style_id in self._styles else self.default
        while current is not None and current not in seen and current in self._styles:
            seen.add(current)
            yield current, self._styles[current]
            current = self._styles[current].based_on

    def inherited(self, style_id: str | None, attribute: str):
        for _, style in self._chain(style_id):
            value = getattr(style, attribute)
            if value is not None:
                return value
        return None

    def heading_level(self, style_id: str | None) -> int | None:
        """1-based level of a heading style: its outline level, or its name (Heading 2, 标题 2)."""
        outline = self.inherited(style_id, "outline")
        if outline is not None:
            return outline + 1 if outline < 9 else None
        for _, style in self._chain(style_id):
            match = _HEADING_NAME.match(style.name)
            if match:
                return int(match["level"])
        return None

    def is_title(self, style_id: str | None) -> bool:
        return any(style.name.lower() in _TITLE_NAMES for _, style in self._chain(style_id))

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        return self.inherited(style_id, "num_id"), self.inherited(style_id, "ilvl")

    def name(self, style_id: str) -> str:
        style = self._styles.get(style_id)
        return style.name if style else ""


def _paragraph_properties(ppr) -> tuple[int | None, str | None, str | None, int | None]:
    """(outline level, alignment, numId, ilvl) written in a w:pPr (None where absent)."""
    outline = _child(ppr, "outlineLvl")
    jc = _child(ppr, "jc")
    num_pr = _child(ppr, "numPr")
    num_id = ilvl = None
    if num_pr is not None:
        num_element = _child(num_pr, "numId")
        ilvl_element = _child(num_pr, "ilvl")
        num_id = num_element.get(_VAL) if num_element is not None else None
        ilvl = _small_int(ilvl_element.get(_VAL), 0) if ilvl_element is not None else None
    return (
        _small_int(outline.get(_VAL), 9) if outline is not None else None,
        jc.get(_VAL) if jc is not None else None,
        num_id,
        ilvl,
    )


# --------------------------------------------------------------------------
# Numbering


@dataclass(frozen=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None  # w:lvlText; None: Word shows no number
    restart: int | None = None  # w:lvlRestart; None: after any higher level
    legal: bool = False  # w:isLgl: every number in this level's text as decimal
    suffix: str = "tab"
    style: str | None = None  # w:pStyle: the paragraph style linked to this level


def _level(element) -> Level:
    def value(tag: str) -> str | None:
        child = _child(element, tag)
        return child.get(_VAL) if child is not None else None

    restart = value("lvlRestart")
    return Level(
        start=_small_int(value("start"), 1),
        fmt=value("numFmt") or "decimal",
        text=value("lvlText"),
        restart=_small_int(restart, 0) if restart is not None else None,
        legal=bool(on_off(_child(element, "isLgl"))),
        suffix=value("suff") or "tab",
        style=value("pStyle"),
    )


@dataclass
class _List:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)  # lvlOverride/startOverride
    levels: dict[int, Level] = field(default_factory=dict)  # lvlOverride/lvl


class Numbering:
    """numbering.xml: the number each numbered paragraph shows, in document order.

    Counters belong to the abstract list definition, so two w:num that share
    it continue each other (as in Word); a w:num with a start override is
    Word's "restart numbering" and counts on its own.  A level restarts after
    any higher level is used, or after the level its w:lvlRestart names.
    """

    def __init__(self, root, styles: Styles):
        self.styles = styles
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.links: dict[str, str] = {}  # abstractNumId -> numbering style it follows
        self.lists: dict[str, _List] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.unknown_formats: set[str] = set()
        if root is None:
            return
        for abstract in root.iterchildren(_w("abstractNum")):
            abstract_id = abstract.get(_w("abstractNumId"))
            if abstract_id is None:
                continue
            levels = {}
            for lvl in abstract.iterchildren(_w("lvl")):
                levels[_small_int(lvl.get(_w("ilvl")), 0)] = _level(lvl)
            self.abstracts[abstract_id] = levels
            link = _child(abstract, "numStyleLink")
            if link is not None and link.get(_VAL):
                self.links[abstract_id] = link.get(_VAL)
        for num in root.iterchildren(_w("num")):
            num_id = num.get(_w("numId"))
            ref = _child(num, "abstractNumId")
            if num_id is None or ref is None or ref.get(_VAL) is None:
                continue
            entry = _List(abstract=ref.get(_VAL))
            for override in num.iterchildren(_w("lvlOverride")):
                ilvl = _small_int(override.get(_w("ilvl")), 0)
                start = _child(override, "startOverride")
                if start is not None:
                    entry.starts[ilvl] = _small_int(start.get(_VAL), 1)
                lvl = _child(override, "lvl")
                if lvl is not None:
                    entry.levels[ilvl] = _level(lvl)
            self.lists[num_id] = entry

    def _abstract(self, num_id: str) -> str | None:
        entry = self.lists.get(num_id)
        if entry is None:
            return None
        abstract = entry.abstract
        # A list that follows a numbering style (w:numStyleLink) takes its levels
        # from the list that style names; one hop, as Word resolves it.
        if abstract in self.links:
            linked_num, _ = self.styles.numbering(self.links[abstract])
            linked = self.lists.get(linked_num or "")
            if linked is not None and linked.abstract in self.abstracts:
                return linked.abstract
        return abstract if abstract in self.abstracts else None

    def level(self, num_id: str, ilvl: int) -> Level | None:
        entry = self.lists.get(num_id)
        if entry is not None and ilvl in entry.levels:
            return entry.levels[ilvl]
        abstract = self._abstract(num_id)
        return self.abstracts[abstract].get(ilvl) if abstract is not None else None

    def level_for_style(self, num_id: str, style_id: str | None) -> int:
        abstract = self._abstract(num_id)
        if abstract is not None and style_id:
            for ilvl, level in self.abstracts[abstract].items():
                if level.style == style_id:
                    return ilvl
        return 0

    def label(self, num_id: str, ilvl: int) -> tuple[str, str]:
        """(the number text, the separator after it) for the next paragraph of this list."""
        level = self.level(num_id, ilvl)
        entry = self.lists.get(num_id)
        if level is None or entry is None:
            return "", ""
        key = f"num:{num_id}" if entry.starts else f"abstract:{self._abstract(num_id)}"
        counters = self.counters.setdefault(key, {})
        if ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = entry.starts.get(ilvl, level.start)
        for deeper in [d for d in counters if d > ilvl]:
            restart = (self.level(num_id, deeper) or Level()).restart
            if restart is None or (restart != 0 and ilvl <= restart - 1):
                del counters[deeper]
        if level.text is None or level.fmt == "none":
            return "", ""
        if level.fmt == "bullet":
            text = "".join(c if c.isprintable() and not 0xE000 <= ord(c) <= 0xF8FF else "•" for c in level.text)
        else:
            text = re.sub(r"%([1-9])", lambda m: self._number(num_id, int(m[1]) - 1, counters, level.legal),
                          level.text)
        text = text.strip()
        return text, ("" if not text or level.suffix == "nothing" else " ")

    def _number(self, num_id: str, ilvl: int, counters: dict[int, int], legal: bool) -> str:
        level = self.level(num_id, ilvl) or Level()
        entry = self.lists[num_id]
        value = counters.get(ilvl, entry.starts.get(ilvl, level.start))
        fmt = "decimal" if legal and level.fmt not in ("decimalZero",) else level.fmt
        shown = format_number(value, fmt)
        if shown is None:
            self.unknown_formats.add(level.fmt)
            return str(value)
        return shown


# --------------------------------------------------------------------------
# The walk


@dataclass
class _Images:
    """Pictures met in the body, in order; the refused ones counted by reason."""

    names: list[str] = field(default_factory=list)
    refused: dict[str, int] = field(default_factory=dict)

    def refuse(self, reason: str) -> None:
        self.refused[reason] = self.refused.get(reason, 0) + 1


class WordWalker(safety.Walker):
    """The safety walker, with Word's numbering, outline, alignment, tables and pictures."""

    def __init__(self, styles_root, numbering_root, part):
        super().__init__(styles_root)
        self.styles = Styles(styles_root)
        self.numbering = Numbering(numbering_root, self.styles)
        self.part = part
        self.images = _Images()
        self._pending: list[str] = []  # image lines of the paragraph being walked

    # -- paragraphs ---------------------------------------------------------

    def paragraph_lines(self, p, depth: int) -> list[str]:
        self._pending = []
        text = self.paragraph(p, depth)
        images, self._pending = self._pending, []
        if text is None:
            return images
        ppr = _child(p, "pPr")
        style = None
        outline = align = num_id = ilvl = None
        if ppr is not None:
            style_element = _child(ppr, "pStyle")
            style = style_element.get(_VAL) if style_element is not None else None
            outline, align, num_id, ilvl = _paragraph_properties(ppr)
        style_num, style_ilvl = self.styles.numbering(style)
        if num_id is None:
            num_id, ilvl = style_num, ilvl if ilvl is not None else style_ilvl
        if num_id is not None and num_id != "0":
            if ilvl is None:
                ilvl = self.numbering.level_for_style(num_id, style)
            number, gap = self.numbering.label(num_id, min(ilvl, 8))
            if number:
                text = number + gap + text.lstrip()
        text = _without_hints(text)
        if not text.strip():
            return [text, *images] if not images else images
        if outline is None:
            outline = self.styles.inherited(style, "outline")
        level = (outline + 1 if outline < 9 else None) if outline is not None else self.styles.heading_level(style)
        if align is None:
            align = self.styles.inherited(style, "align")
        if self.styles.is_title(style):
            # A title broken by a line break is still one title line.
            lines = [HINT_TITLE + _one_line(text)]
        elif level is not None:
            lines = [HINT_HEADINGS[min(level, 3) - 1] + _one_line(text)]
        elif align in ("right", "end"):
            # 落款: each line of it (unit, date) stands alone and is never a heading.
            lines = [HINT_CLOSING + line.strip() for line in text.split("\n") if line.strip()]
        else:
            lines = [text]
        return [*lines, *images]

    # -- tables ---------------------------------------------------------------

    def table(self, tbl, depth: int) -> list[str]:
        """Rows as hinted lines; a merged cell's text stands in its first cell only.

        Markdown cannot span cells, so the columns a cell spans (w:gridSpan)
        and the cells that continue a vertical merge (w:vMerge) are left
        blank rather than repeated: the text appears once, where Word puts it.
        Pictures inside cells follow the table.
        """
        outer = self._pending
        grid = self.table_grid(tbl, depth)
        # Word allows 63 columns; a damaged grid (w:gridSpan="9999") must not
        # make a page of empty cells.  Text past the last column joins it.
        width = min(MAX_COLUMNS, max((cell.column + cell.span for row in grid for cell in row), default=0))
        rows: list[list[str]] = []
        images: list[str] = []
        for cells in grid:
            row = [""] * width
            for cell in cells:
                kept = []
                for line in cell.text.split("\n"):
                    if line.startswith(HINT_IMAGE):
                        images.append(line)
                    else:
                        kept.append(_without_hints(line.replace(HINT_CELL, "　")).strip())
                text = HINT_BREAK.join(line for line in kept if line)
                column = min(cell.column, width - 1)
                row[column] = f"{row[column]} {text}".strip() if row[column] else text
            rows.append(row)
        self._pending = outer
        if not rows or width == 0:
            return images
        if len(rows) == 1 and width == 1:
            # A one-cell table is a frame around text (a boxed note), not data.
            return [*(line for line in rows[0][0].split(HINT_BREAK) if line), *images]
        lines = [(HINT_TABLE if n == 0 else HINT_ROW) + HINT_CELL.join(row) for n, row in enumerate(rows)]
        return [*lines, *images]

    # -- pictures -------------------------------------------------------------

    def run_object(self, element) -> None:
        for blip, alt in _pictures(element):
            line = self._picture(blip, alt)
            if line:
                self._pending.append(line)

    def _picture(self, rid: str | None, alt: str) -> str | None:
        if not rid:
            self.images.refuse("链接到外部文件")
            return None
        try:
            rel = self.part.rels[rid]
        except KeyError:
            return None
        if rel.is_external:
            self.images.refuse("链接到外部文件")
            return None
        data = rel.target_part.blob
        kind = image_kind(data)
        if kind is None:
            other = next((name for magic, name in _OTHER_FORMATS if data.startswith(magic)), "")
            self.images.refuse(f"{other} 格式" if other else "格式无法识别")
            return None
        if len(data) > MAX_IMAGE_BYTES:
            self.images.refuse(f"超过 {MAX_IMAGE_BYTES // 1024 // 1024} MB")
            return None
        name = image_name(data, kind)
        if name not in self.images.names and len(self.images.names) >= MAX_IMAGES:
            self.images.refuse(f"超过每篇 {MAX_IMAGES} 张的上限")
            return None
        self.images.names.append(name)
        return HINT_IMAGE + name + HINT_CELL + _one_line(_without_hints(alt))


def _pictures(element):
    """(relationship id or None when linked, alt text) of each picture in a run object."""
    for blip in element.iter(f"{{{_A}}}blip"):
        rid = blip.get(f"{{{_R}}}embed")
        yield rid, _alt(blip, element)
    for data in element.iter(f"{{{_V}}}imagedata"):
        rid = data.get(f"{{{_R}}}id")
        shape = data.getparent()
        alt = (shape.get("alt") if shape is not None else None) or data.get(f"{{{_O}}}title") or ""
        yield rid, alt


def _alt(blip, drawing) -> str:
    for doc_pr in drawing.iter(f"{{{_WP}}}docPr"):
        return doc_pr.get("descr") or doc_pr.get("title") or ""
    return ""


_HINT_CHARS = re.compile(f"[{HINTS}]")


def _without_hints(text: str) -> str:
    """Source text never carries our hint characters (a file could hold them)."""
    return _HINT_CHARS.sub("", text)


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.split("\n") if part.strip())


# --------------------------------------------------------------------------
# The reader


def _open(data: bytes):
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - declared dependency
        raise ReadError("读取 .docx 需要 python-docx：pip install python-docx") from exc
    safety.check_package(data)
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types
        raise ReadError(safety.why_not_docx(exc)) from exc


def _related(document, reltype: str):
    try:
        return document.part.part_related_by(reltype)
    except (KeyError, AttributeError):
        return None


def _walk(document) -> tuple[str, WordWalker, list]:
    try:
        parts = list(safety.iter_parts(document.part.package))
        if any(safety.has_dtd(part._element) for part in parts if getattr(part, "_element", None) is not None):
            raise ReadError(safety.HAS_DTD)
        body = document.element.body
        if body is None:
            raise ReadError(safety.NO_BODY)
        styles = _related(document, safety._RT_STYLES)
        numbering = _related(document, _RT_NUMBERING)
        numbering_root = None
        if numbering is not None:
            numbering_root = getattr(numbering, "_element", None)
            if numbering_root is None:
                numbering_root = safety.parse_untrusted(numbering.blob)
        walker = WordWalker(getattr(styles, "_element", None), numbering_root, document.part)
        # The body only, in order: headers, footers and footnotes are other parts.
        text = "\n".join(walker.block_lines(body))
        return text, walker, parts
    except ReadError:
        raise
    except Exception as exc:  # damaged XML python-docx accepted; RecursionError, MemoryError …
        raise ReadError(safety.NOT_DOCX) from exc


def read_docx(path: str, data: bytes) -> RawText:
    """A .docx → the text Word shows with its layout hints, and warnings for what it cannot show.

    Every byte is untrusted: the zip is checked (streamed, with limits)
    before python-docx opens it, and any failure becomes a one-line ReadError.
    """
    document = _open(data)
    text, walker, parts = _walk(document)
    problems = []
    warning = safety.privacy_warning(parts, walker.hidden_runs)
    if warning:
        problems.append(Problem(path=path, level="warning", message=warning))
    if walker.images.refused:
        reasons = "、".join(f"{count} 张{reason}" for reason, count in walker.images.refused.items())
        total = sum(walker.images.refused.values())
        problems.append(Problem(path=path, level="warning", message=(
            f"原文有 {total} 张图片网页上不显示（{reasons}）：网页只显示不超过 {MAX_IMAGE_BYTES // 1024 // 1024} MB 的 "
            "PNG、JPEG、GIF、WebP 图片；请在 Word 里把图片另存为 JPEG 或 PNG 后重新插入（“插入→图片”，不要链接到文件），再提交")))
    if walker.numbering.unknown_formats:
        formats = "、".join(sorted(walker.numbering.unknown_formats))
        problems.append(Problem(path=path, level="warning", message=(
            f"自动编号格式 {formats} 无法按 Word 的样子显示，已改用阿拉伯数字（1、2、3）：请核对页面上的编号；"
            "如需原样显示，请在 Word 里把编号改为“一、二、三”或“1、2、3”格式后再提交")))
    return RawText(path=path, text=text, encoding="docx", problems=tuple(problems))


def images(data: bytes) -> dict[str, bytes]:
    """Every picture a .docx page shows: safe file name → bytes.

    Read again from the original when the site is written, so converted
    documents (and their cache) carry names, not megabytes of pictures.
    """
    _, walker, _ = _walk(_open(data))
    wanted = set(walker.images.names)
    found: dict[str, bytes] = {}
    for rel in walker.part.rels.values():
        if rel.is_external:
            continue
        blob = getattr(rel.target_part, "blob", b"")
        kind = image_kind(blob) if blob else None
        if kind is None or len(blob) > MAX_IMAGE_BYTES:
            continue
        name = image_name(blob, kind)
        if name in wanted:
            found[name] = blob
    return found
