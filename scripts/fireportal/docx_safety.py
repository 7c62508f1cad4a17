"""Reading an untrusted .docx: resource limits, visible text only, privacy.

Three jobs, each before or instead of trusting python-docx:

- `check_package` streams every zip member through its own decompressor
  and counts the bytes that really come out (the sizes written in the zip
  headers are never trusted), so a decompression bomb is refused before
  python-docx inflates anything.  It also counts markup (`<` and `=`) in the
  XML parts, since a small XML file of empty elements or attributes becomes a
  large lxml tree, and refuses DTDs (entity expansion, external entities).
- `Walker` turns the body into text the way Word shows it: hidden runs
  (`w:vanish`, directly or through a style), deleted text (`w:del`,
  `w:moveFrom`) and field instructions are left out; inserted text (`w:ins`,
  `w:moveTo`), hyperlinks, smart tags, content controls and simple fields are
  kept.  python-docx's own `Paragraph.text` does neither.
- `privacy_warning` says what a reader of the published 原文 would find:
  comments, tracked changes, hidden text, author and company names.
"""

from __future__ import annotations

import io
import re
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass

from lxml import etree

from .read import ReadError

MB = 1024 * 1024
# What python-docx may inflate.  A 300-page Word report is ~2-5 MB of XML;
# the limits leave an order of magnitude of room and keep the worst case
# (every limit just met) under ~1 GB of memory.
MAX_MEMBERS = 2000  # a report with many photos has a few hundred parts
MAX_MEMBER_BYTES = 64 * MB  # decompressed, any one member
MAX_TOTAL_BYTES = 200 * MB  # decompressed, all members together
# `<` and `=` in XML parts: each becomes an lxml node (~120-250 bytes), so
# 2 million keep the parsed trees under ~500 MB.  Real Word XML has one per
# ~20 bytes, so this is ~40 MB of ordinary XML, thousands of pages.
MAX_MARKUP = 2_000_000
MAX_NESTING = 200  # body elements inside each other (libxml2 stops at 256)

_CHUNK = 256 * 1024

_RESAVE = "请用 Word 或 WPS 打开后另存为 .docx 再提交"
NOT_DOCX = "不是有效的 .docx 文件：请用 Word 或 WPS 打开后另存为 .docx"


def _damaged(what: str) -> str:
    return f".docx {what}，可能已损坏或不是正常文档：{_RESAVE}"


TOO_MANY_MEMBERS = _damaged(f"内含文件过多（超过 {MAX_MEMBERS} 个）")
MEMBER_TOO_LARGE = _damaged(f"内容解压后过大（其中一个部件超过 {MAX_MEMBER_BYTES // MB} MB）")
TOTAL_TOO_LARGE = _damaged(f"内容解压后过大（合计超过 {MAX_TOTAL_BYTES // MB} MB）")
TOO_MUCH_MARKUP = _damaged(f"排版标记过多（超过 {MAX_MARKUP // 10000} 万个）")
NESTED_TOO_DEEP = _damaged(f"嵌套层级过深（超过 {MAX_NESTING} 层）")
HAS_DTD = _damaged("的 XML 含 DOCTYPE/ENTITY 声明（Word 从不写这些，常见于恶意构造的文件）")
ODD_COMPRESSION = _damaged("使用了 Word 不用的压缩方式")
ENCRYPTED = "这个 .docx 被加密了：请在 Word 里取消密码（文件→信息→保护文档）后另存为 .docx 再提交"
OLE_FILE = (
    "这个文件不是 .docx，而是设置了打开密码的 Word 文档或改了扩展名的旧版 .doc："
    "请在 Word 里取消密码并另存为 .docx 再提交"
)
NO_BODY = _damaged("缺少正文部分（word/document.xml）")
MACRO_OR_TEMPLATE = "这是含宏的文档或模板（.docm/.dotx），不是普通 .docx：请在 Word 里另存为“Word 文档（*.docx）”再提交"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # as zipfile's structFileHeader
_DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
_CARRY = max(len(marker) for marker in _DTD_MARKERS)  # a marker split across two chunks


# --------------------------------------------------------------------------
# The zip container


@dataclass
class _Budget:
    total: int = 0
    markup: int = 0


def check_package(data: bytes) -> None:
    """Refuse a .docx python-docx must not open; never inflates more than the limits."""
    if data.startswith(_OLE_MAGIC):
        raise ReadError(OLE_FILE)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception as exc:  # BadZipFile, EOFError, struct.error, ValueError …
        raise ReadError(NOT_DOCX) from exc
    if len(infos) > MAX_MEMBERS:
        raise ReadError(TOO_MANY_MEMBERS)
    for info in infos:
        if info.flag_bits & 0x41:  # traditional or strong encryption
            raise ReadError(ENCRYPTED)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            # bzip2 and LZMA are inflated by zipfile in one call, whatever the
            # chunk size asked for: they cannot be streamed safely.
            raise ReadError(ODD_COMPRESSION)
    xml_names = _xml_member_names(data, infos)
    budget = _Budget()
    for info in infos:
        _check_member(data, info, info.filename in xml_names, budget)


def _xml_member_names(data: bytes, infos: list[zipfile.ZipInfo]) -> set[str]:
    """Members python-docx may parse as XML: by name, or by [Content_Types].xml."""
    names = {i.filename for i in infos if i.filename.lower().endswith((".xml", ".rels"))}
    # zipfile, and so python-docx, reads the last of several members with one name.
    types = next((i for i in reversed(infos) if i.filename == "[Content_Types].xml"), None)
    if types is None:
        return names
    budget = _Budget()
    content = b"".join(_inflate(data, types, is_xml=True, budget=budget))
    root = parse_untrusted(content)
    by_extension: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for element in root:
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname
        if tag == "Default":
            by_extension[(element.get("Extension") or "").lower()] = element.get("ContentType") or ""
        elif tag == "Override":
            by_name[(element.get("PartName") or "").lstrip("/").lower()] = element.get("ContentType") or ""
    for info in infos:
        name = info.filename.lower()
        content_type = by_name.get(name) or by_extension.get(name.rsplit(".", 1)[-1], "")
        if content_type.endswith("xml"):
            names.add(info.filename)
    return names


def _check_member(data: bytes, info: zipfile.ZipInfo, is_xml: bool, budget: _Budget) -> None:
    for _ in _inflate(data, info, is_xml=is_xml, budget=budget):
        pass


def _inflate(data: bytes, info: zipfile.ZipInfo, *, is_xml: bool, budget: _Budget):
    """Yield a member's decompressed bytes in chunks, counting against the limits.

    The compressed bytes are taken exactly as zipfile takes them (local header,
    then `compress_size` bytes) and inflated here with a cap on each output
    chunk; the uncompressed size and CRC in the headers play no part.
    """
    start = _data_offset(data, info)
    end = min(start + info.compress_size, len(data))
    produced = 0
    carry = b""
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    position = start
    while position < end:
        raw = data[position : min(position + _CHUNK, end)]
        position += len(raw)
        while raw:
            if inflater is None:
                out, raw = raw, b""
            else:
                try:
                    out = inflater.decompress(raw, _CHUNK)
                except zlib.error as exc:
                    raise ReadError(NOT_DOCX) from exc
                raw = inflater.unconsumed_tail
            if out:
                produced += len(out)
                budget.total += len(out)
                if produced > MAX_MEMBER_BYTES:
                    raise ReadError(MEMBER_TOO_LARGE)
                if budget.total > MAX_TOTAL_BYTES:
                    raise ReadError(TOTAL_TOO_LARGE)
                if is_xml:
                    budget.markup += out.count(b"<") + out.count(b"=")
                    if budget.markup > MAX_MARKUP:
                        raise ReadError(TOO_MUCH_MARKUP)
                    # Word never writes a DTD; looking through the whole part
                    # (not only the prolog) costs little and needs no XML parsing.
                    window = carry + out
                    if any(marker in window for marker in _DTD_MARKERS):
                        raise ReadError(HAS_DTD)
                    carry = window[-_CARRY:]
                yield out
            if inflater is not None and inflater.eof:
                return
    if inflater is not None:
        tail = inflater.flush()  # at most one pending match: a few hundred bytes
        if tail:
            budget.total += len(tail)
            if produced + len(tail) > MAX_MEMBER_BYTES or budget.total > MAX_TOTAL_BYTES:
                raise ReadError(MEMBER_TOO_LARGE)
            yield tail


def _data_offset(data: bytes, info: zipfile.ZipInfo) -> int:
    offset = info.header_offset
    header = data[offset : offset + _LOCAL_HEADER.size]
    if len(header) != _LOCAL_HEADER.size or not header.startswith(b"PK\x03\x04"):
        raise ReadError(NOT_DOCX)
    fields = _LOCAL_HEADER.unpack(header)
    return offset + _LOCAL_HEADER.size + fields[-2] + fields[-1]


# --------------------------------------------------------------------------
# The opened document


_RT_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"


def why_not_docx(exc: Exception) -> str:
    """The message for an exception python-docx raised while opening the package."""
    message = str(exc)
    if "macroEnabled" in message or "template" in message:
        return MACRO_OR_TEMPLATE
    if isinstance(exc, KeyError) and "document.xml" in message:
        return NO_BODY
    if "amplification" in message or "entity reference loop" in message.lower():
        return HAS_DTD  # libxml2 stopped an entity expansion the byte check missed
    return NOT_DOCX


# --------------------------------------------------------------------------
# XML


_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_blank_text=True
)


def parse_untrusted(content: bytes):
    try:
        root = etree.fromstring(content, _PARSER)
    except Exception as exc:
        raise ReadError(NOT_DOCX) from exc
    if has_dtd(root):
        raise ReadError(HAS_DTD)
    return root


def has_dtd(element) -> bool:
    info = element.getroottree().docinfo
    return bool(info.doctype) or info.internalDTD is not None or info.externalDTD is not None


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_VAL = _w("val")


_KNOWN = (
    "p", "tbl", "tr", "tc", "sdt", "sdtContent", "customXml", "r", "rPr", "t", "tab", "ptab", "br", "cr",
    "noBreakHyphen", "ruby", "rubyBase", "vanish", "rStyle", "ins", "moveTo", "hyperlink", "smartTag",
    "fldSimple", "dir", "bdo", "drawing", "pict", "object",
)
_LOCAL = {_w(name): name for name in _KNOWN}


def _local(element) -> str | None:
    """The w: local name of the elements the walker uses; None for anything else.

    One dict lookup: comments and processing instructions (whose tag is a
    function), other namespaces and unknown elements all give None.
    """
    return _LOCAL.get(element.tag)


def _child(parent, name: str):
    """The first child w:<name>, or None (faster than find() on a big tree)."""
    return next(parent.iterchildren(_w(name)), None)


def on_off(element) -> bool | None:
    """ST_OnOff: absent element → None; no w:val, or anything but 0/false/off → True."""
    if element is None:
        return None
    value = element.get(_VAL)
    if value is None:
        return True
    return value.strip().lower() not in ("0", "false", "off")


def _small_int(value: str | None, default: int) -> int:
    if value is None or not value.strip().isdigit() or len(value.strip()) > 4:
        return default
    return int(value)


# Containers whose runs Word shows in the paragraph.
_INLINE_CONTAINERS = {"ins", "moveTo", "hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo"}
# Run content and the text it stands for; anything else (w:delText,
# w:instrText, w:fldChar, drawings, footnote marks …) is not text.
_RUN_TEXT = {"tab": "\t", "ptab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}
REVISION_TAGS = tuple(
    _w(tag)
    for tag in (
        "ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange",
        "tblGridChange", "trPrChange", "tcPrChange", "numberingChange", "cellIns", "cellDel", "cellMerge",
    )
)


@dataclass(frozen=True)
class GridCell:
    column: int  # grid column where the cell starts (w:gridBefore and spans counted)
    span: int  # grid columns it covers (w:gridSpan)
    text: str  # its visible text, paragraphs joined by newlines
    merged_text: str = ""  # a vertical-merge continuation: the text of the cell it continues


class Walker:
    """Body XML → lines, as Word shows them; counts the hidden runs it skips."""

    def __init__(self, styles_root=None):
        self.hidden_runs = 0
        self._styles: dict[str, tuple[bool | None, str | None]] = {}
        self._default = {"paragraph": None, "character": None}
        self._doc_default: bool | None = None
        self._resolved: dict[str, bool | None] = {}
        if styles_root is not None:
            self._load_styles(styles_root)

    # -- styles ------------------------------------------------------------

    def _load_styles(self, root) -> None:
        defaults = _child(root, "docDefaults")
        if defaults is not None:
            rpr = defaults.find(f"{_w('rPrDefault')}/{_w('rPr')}")
            if rpr is not None:
                self._doc_default = on_off(_child(rpr, "vanish"))
        for style in root.iterchildren(_w("style")):
            style_id = style.get(_w("styleId"))
            if not style_id:
                continue
            rpr = _child(style, "rPr")
            vanish = on_off(_child(rpr, "vanish")) if rpr is not None else None
            based = _child(style, "basedOn")
            self._styles[style_id] = (vanish, based.get(_VAL) if based is not None else None)
            kind = style.get(_w("type"))
            if kind in self._default and on_off_attr(style.get(_w("default"))):
                self._default[kind] = style_id

    def _style_hidden(self, style_id: str | None) -> bool | None:
        if style_id is None:
            return None
        if style_id in self._resolved:
            return self._resolved[style_id]
        seen: set[str] = set()
        current: str | None = style_id
        found: bool | None = None
        while current is not None and current not in seen and current in self._styles:
            seen.add(current)
            vanish, current_based = self._styles[current]
            if vanish is not None:
                found = vanish
                break
            current = current_based
        self._resolved[style_id] = found
        return found

    def hidden(self, rpr, paragraph_style: str | None) -> bool:
        """Is a run (or a paragraph mark) with these properties hidden?"""
        char_style = None
        if rpr is not None:
            vanish = None
            for child in rpr:
                tag = _local(child)
                if tag == "vanish":
                    vanish = child
                elif tag == "rStyle":
                    char_style = child.get(_VAL)
            direct = on_off(vanish)
            if direct is not None:
                return direct
        by_char = self._style_hidden(char_style or self._default["character"])
        by_paragraph = self._style_hidden(paragraph_style or self._default["paragraph"])
        if by_char or by_paragraph:
            return True
        if by_char is None and by_paragraph is None:
            return bool(self._doc_default)
        return False

    # -- blocks --------------------------------------------------------------

    def block_lines(self, container, depth: int = 0) -> list[str]:
        if depth > MAX_NESTING:
            raise ReadError(NESTED_TOO_DEEP)
        lines: list[str] = []
        for child in container:
            tag = _local(child)
            if tag == "p":
                lines.extend(self.paragraph_lines(child, depth + 1))
            elif tag == "tbl":
                lines.extend(self.table(child, depth + 1))
            elif tag == "sdt":
                content = _sdt_content(child)
                if content is not None:
                    lines.extend(self.block_lines(content, depth + 1))
            elif tag == "customXml":
                lines.extend(self.block_lines(child, depth + 1))
        return lines

    def paragraph_lines(self, p, depth: int) -> list[str]:
        """The lines a paragraph gives (a subclass adds numbering and hints)."""
        line = self.paragraph(p, depth)
        return [] if line is None else [line]

    def paragraph(self, p, depth: int) -> str | None:
        ppr = _child(p, "pPr")
        style = None
        mark_gone = False
        if ppr is not None:
            style_element = _child(ppr, "pStyle")
            style = style_element.get(_VAL) if style_element is not None else None
            mark = _child(ppr, "rPr")
            mark_gone = self.hidden(mark, style) or (mark is not None and _child(mark, "del") is not None)
        elif self.hidden(None, None):
            mark_gone = True
        parts: list[str] = []
        self._inline(p, parts, style, depth + 1)
        text = "".join(parts)
        if not text and mark_gone:
            return None  # a hidden or deleted empty paragraph leaves no empty line
        return text

    def table(self, tbl, depth: int) -> list[str]:
        """One line per row: the distinct non-empty cell texts joined by a full-width space.

        As python-docx's `row.cells`: a cell merged down (`w:vMerge`) repeats the
        text of the cell it continues, so each row line stands on its own.
        """
        lines: list[str] = []
        for cells in self.table_grid(tbl, depth):
            shown = [cell.text or cell.merged_text for cell in cells]
            lines.append("　".join(dict.fromkeys(c for c in shown if c)))
        return lines

    def table_grid(self, tbl, depth: int) -> list[list[GridCell]]:
        """The rows Word shows (deleted rows left out), each as its cells in order.

        A cell knows its grid column and span; a cell that continues a
        vertical merge has no text of its own but knows the text it continues.
        """
        rows: list[list[GridCell]] = []
        above: dict[int, str] = {}
        for tr in _rows(tbl, depth):
            trpr = _child(tr, "trPr")
            offset = 0
            deleted = False
            if trpr is not None:
                before = _child(trpr, "gridBefore")
                offset = _small_int(before.get(_VAL) if before is not None else None, 0)
                deleted = _child(trpr, "del") is not None
            current: dict[int, str] = {}
            cells: list[GridCell] = []
            for tc in _cells(tr, depth):
                tcpr = _child(tc, "tcPr")
                span, merged = 1, False
                if tcpr is not None:
                    span_element = _child(tcpr, "gridSpan")
                    span = max(1, _small_int(span_element.get(_VAL) if span_element is not None else None, 1))
                    vmerge = _child(tcpr, "vMerge")
                    merged = vmerge is not None and vmerge.get(_VAL, "continue") == "continue"
                if merged:
                    cell = GridCell(column=offset, span=span, text="", merged_text=above.get(offset, ""))
                    # The cell's own paragraphs are walked all the same: Word
                    # keeps whatever a continuation cell holds out of sight, but
                    # a subclass may collect objects (images) from them.
                    self.block_lines(tc, depth + 1)
                else:
                    text = "\n".join(self.block_lines(tc, depth + 1)).strip()
                    cell = GridCell(column=offset, span=span, text=text)
                current[offset] = cell.text or cell.merged_text
                cells.append(cell)
                offset += span
            above = current
            if not deleted:
                rows.append(cells)
        return rows

    # -- runs ----------------------------------------------------------------

    def _inline(self, container, parts: list[str], style: str | None, depth: int) -> None:
        if depth > MAX_NESTING:
            raise ReadError(NESTED_TOO_DEEP)
        for child in container:
            tag = _local(child)
            if tag == "r":
                self._run(child, parts, style, depth + 1)
            elif tag in _INLINE_CONTAINERS:
                self._inline(child, parts, style, depth + 1)
            elif tag == "sdt":
                content = _sdt_content(child)
                if content is not None:
                    self._inline(content, parts, style, depth + 1)
            # w:del and w:moveFrom (deleted text), w:pPr, bookmarks, proofing
            # marks, math and anything unknown are left out.

    def _run(self, run, parts: list[str], style: str | None, depth: int) -> None:
        pieces: list[str] = []
        objects: list = []
        rpr = None
        for child in run:
            tag = _local(child)
            if tag == "t":
                pieces.append(child.text or "")
            elif tag in _RUN_TEXT:
                pieces.append(_RUN_TEXT[tag])
            elif tag == "rPr":
                rpr = child
            elif tag == "ruby":  # 拼音指南: the base text, not the annotation
                base = _child(child, "rubyBase")
                if base is not None:
                    self._inline(base, pieces, style, depth + 1)
            elif tag in ("drawing", "pict", "object"):
                objects.append(child)
        text = "".join(pieces)
        if self.hidden(rpr, style):
            if text.strip():
                self.hidden_runs += 1
            return
        parts.append(text)
        for element in objects:
            self.run_object(element)

    def run_object(self, element) -> None:
        """A picture or other object in a shown run; a subclass collects images."""


def on_off_attr(value: str | None) -> bool:
    return value is not None and value.strip().lower() not in ("0", "false", "off")


def _sdt_content(sdt):
    """A content control's content, or None when it only shows its placeholder."""
    properties = _child(sdt, "sdtPr")
    if properties is not None and on_off(_child(properties, "showingPlcHdr")):
        return None
    return _child(sdt, "sdtContent")


def _rows(tbl, depth: int):
    yield from _wrapped(tbl, "tr", depth)


def _cells(tr, depth: int):
    yield from _wrapped(tr, "tc", depth)


def _wrapped(parent, wanted: str, depth: int):
    """Children `w:<wanted>` of parent, also those inside content controls and custom XML."""
    stack = [(iter(parent), depth)]
    while stack:
        children, level = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            continue
        tag = _local(child)
        if tag == wanted:
            yield child
        elif tag in ("sdt", "customXml"):
            if level > MAX_NESTING:
                raise ReadError(NESTED_TOO_DEEP)
            inner = _sdt_content(child) if tag == "sdt" else child
            if inner is not None:
                stack.append((iter(inner), level + 1))


# --------------------------------------------------------------------------
# Privacy


_CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_STORY_TYPES = tuple(_CT_MAIN + kind + "+xml" for kind in ("document.main", "header", "footer", "footnotes", "endnotes"))
_COMMENTS_TYPE = _CT_MAIN + "comments+xml"
_CORE_TYPE = "application/vnd.openxmlformats-package.core-properties+xml"
_APP_TYPE = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
_PERSONAL = (
    (_CORE_TYPE, "{http://purl.org/dc/elements/1.1/}creator", "作者"),
    (_CORE_TYPE, "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastModifiedBy", "最后修改者"),
    (_APP_TYPE, "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Company", "单位"),
    (_APP_TYPE, "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Manager", "经理"),
)


def iter_parts(package):
    """Every part reachable from the package, without python-docx's recursion."""
    seen: set[int] = set()
    pending = [package]
    while pending:
        source = pending.pop()
        for rel in list(source.rels.values()):
            if rel.is_external:
                continue
            part = rel.target_part
            if id(part) in seen:
                continue
            seen.add(id(part))
            yield part
            pending.append(part)


def part_root(part):
    element = getattr(part, "_element", None)
    if element is not None:
        return element
    return parse_untrusted(part.blob)


def quoted(value: str, limit: int = 20) -> str:
    """An untrusted property value made fit for a one-line message."""
    kept = "".join(" " if c.isspace() else c for c in value if unicodedata.category(c)[0] != "C" or c.isspace())
    kept = re.sub(r"\s+", " ", kept).strip()
    if len(kept) > limit:
        kept = kept[:limit] + "…"
    return f"“{kept}”"


def privacy_warning(parts, hidden_runs: int) -> str | None:
    """What the published 原文 carries that the page does not show, and the fix."""
    comments = revisions = 0
    people: list[str] = []
    for part in parts:
        content_type = part.content_type
        if content_type == _COMMENTS_TYPE:
            comments += sum(1 for _ in part_root(part).iter(_w("comment")))
        elif content_type in _STORY_TYPES:
            revisions += sum(1 for _ in part_root(part).iter(*REVISION_TAGS))
        elif content_type in (_CORE_TYPE, _APP_TYPE):
            root = part_root(part)
            for wanted, tag, label in _PERSONAL:
                if content_type != wanted:
                    continue
                element = root.find(tag)
                value = "".join(element.itertext()) if element is not None else ""
                if value.strip():
                    people.append(f"{label}{quoted(value)}")
    found, fixes = [], []
    if comments:
        found.append(f"批注 {comments} 条")
        fixes.append("删除批注")
    if revisions:
        found.append(f"修订记录 {revisions} 处")
        fixes.append("接受或拒绝全部修订")
    if hidden_runs:
        found.append(f"隐藏文字 {hidden_runs} 处")
        fixes.append("删除隐藏文字")
    if people:
        found.extend(people)
        fixes.append("用“文件→信息→检查文档”删除文档属性和个人信息")
    if not found:
        return None
    return (
        f"原文含{'、'.join(found)}，会随“下载原文”一起公开：如不应公开，"
        f"请在 Word 里{'、'.join(fixes)}后另存，再提交"
    )
