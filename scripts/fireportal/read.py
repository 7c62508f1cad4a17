"""Read: bytes of a source file → text, one reader per format.

Readers are tried in order (as markitdown's converters are); each says
whether it accepts a path and turns bytes into a `RawText`.  A file that
cannot be read yields a `ReadError` whose message names the fix.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

import yaml

from .model import Problem, RawText
from .sidecar import YamlLimitError, load_yaml
from .source_path import stem_and_suffix

DEFAULT_MAX_BYTES = 10 * 1024 * 1024  # a 10 MB text file is ~3 million characters

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_CJK = re.compile(r"[\u4e00-\u9fff]")


class ReadError(ValueError):
    """The file cannot become text; the message says what to do instead."""


@dataclass(frozen=True, kw_only=True)
class Reader:
    name: str
    accepts: Callable[[str], bool]
    read: Callable[[str, bytes], RawText]


@lru_cache(maxsize=4096)
def _suffix(path: str) -> str:
    # Cached: every reader asks for the suffix of the same path in turn.
    return stem_and_suffix(path)[1].lower()


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding name); raises ReadError rather than guess wrong."""
    text, encoding, _ = decode_with_doubt(data)
    return text, encoding


def decode_with_doubt(data: bytes) -> tuple[str, str, str]:
    """`decode`, and a doubt: "" when the bytes have one reading, else what
    staff are told (the reading taken, the other one, and how to settle it)."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, ""
            except UnicodeDecodeError as exc:
                raise ReadError(_undecodable(encoding, exc)) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _decode_legacy(data, exc)
    if len(data) > _SHORT or text.isascii() or _CJK.search(text):
        return text, "utf-8", ""
    # Short valid UTF-8 without one Chinese character: a few GB18030
    # characters can be valid UTF-8 by chance (通讯员 reads as ͨѶԱ), so the
    # Chinese readings compete, UTF-8 winning a tie, and taking another is a
    # doubt staff are told of.  A longer file is valid UTF-8 by chance
    # practically never, and there such a reading would be European text with
    # accents read as Chinese.
    readings = [_Reading("utf-8", text, chinese_score(text)), *_chinese_readings(data)]
    best = max(readings, key=_score)
    # Where nothing reads as Chinese, the bytes are taken as the UTF-8 they are.
    return _taken(best if best.score >= _MIN_SCORE else readings[0], readings, data)


# A reading is taken only if its text reads as Chinese (see chinese_score),
# so a file is never silently decoded into the wrong characters.
_MIN_SCORE = 0.8
# The encodings Chinese documents are saved in, the national standard first,
# read before charset-normalizer is asked for others: its ranking rests on
# statistics a short text does not carry, and it put Big5, CP949 or EUC-JIS
# first for 26 of 2,070 GB18030 texts of 12-32 characters cut from the real
# corpus (benchmarks/bench_encodings.py).  Of the readings, the one that reads
# best as Chinese is taken, the first in this order on a tie.
_CHINESE = ("gb18030", "big5hkscs")
# Up to this many bytes, another reading that reads as Chinese too is a
# doubt staff are told of.  Past 32 characters no other reading of those
# texts read as well as the right one.
_SHORT = 128
# A GB18030 reading this good makes any other reading of a short file
# doubtful: on the same texts that flags every wrong reading, and one right
# Big5 reading of 8-16 characters in ten.
_GB18030_DOUBT = 0.6
# Pinyin with its tone marks: sources annotate characters inline (隊(duì)).
_PINYIN = frozenset("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü")


@cache
def _common(char: str) -> bool:
    """A character ordinary Chinese text is made of.

    Ideographs count when their simplified form is one of GB2312's 3,755
    level-1 characters (the most frequent ones): a wrong decoding produces
    rare characters, a right one, traditional or simplified, does not.
    """
    if "\x21" <= char <= "\x7e" or "\u3000" <= char <= "\u303f" or "\uff01" <= char <= "\uff5e":
        return True
    if char in "“”‘’…—·" or char in _PINYIN:
        return True
    if not _CJK.match(char):
        return False
    simplified = _t2s(char)
    try:
        encoded = simplified.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and 0xB0 <= encoded[0] <= 0xD7


@cache
def _t2s(char: str) -> str:
    from .clean import to_simplified

    return to_simplified(char)[0]


_WHITESPACE = re.compile(r"\s+")  # for a str pattern, \s is exactly str.isspace()


class _Uncommon(dict):
    """A str.translate table that deletes every character `_common` accepts,
    filled as characters are met: translate looks each one up in C, where
    calling `_common` per character cost more than decoding the file."""

    def __missing__(self, code: int) -> int | None:
        kept = self[code] = None if _common(chr(code)) else code
        return kept


_DROP_COMMON = _Uncommon()


def chinese_score(text: str) -> float:
    """The share of `text`'s first 20,000 characters (whitespace aside) that
    ordinary Chinese text is made of (`_common`)."""
    sample = _WHITESPACE.sub("", text[:20000])
    if not sample:
        return 0.0
    return (len(sample) - len(sample.translate(_DROP_COMMON))) / len(sample)


@dataclass(frozen=True, slots=True)
class _Reading:
    encoding: str
    text: str
    score: float


def _chinese_readings(data: bytes) -> list[_Reading]:
    out = []
    for encoding in _CHINESE:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        out.append(_Reading(encoding, text, chinese_score(text)))
    return out


def _other_readings(data: bytes, tried: list[_Reading]) -> list[_Reading]:
    from charset_normalizer import from_bytes

    seen = {r.encoding for r in tried}
    out = []
    for match in from_bytes(data):
        encoding = _canonical_encoding(match.encoding)
        if encoding in seen:
            continue
        seen.add(encoding)
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        out.append(_Reading(encoding, text, chinese_score(text)))
    return out


def _decode_legacy(data: bytes, utf8_error: UnicodeDecodeError) -> tuple[str, str, str]:
    readings = _chinese_readings(data)
    # A first reading of ordinary characters only has no better one: the rest
    # are asked for only when there could be one, or a doubt to tell.
    if not (readings and readings[0].score == 1.0 and len(data) > _SHORT):
        readings += _other_readings(data, readings)
    if readings and (best := max(readings, key=_score)).score >= _MIN_SCORE:
        return _taken(best, readings, data)
    if b"\x00" in data[:8192]:
        raise ReadError("这是二进制文件，不是文本：请另存为 .txt（UTF-8）或 .docx 后再提交")
    if not readings:
        raise ReadError(_undecodable("utf-8", utf8_error))
    raise ReadError(
        "无法确定文件编码（不像 UTF-8、GB18030、Big5 或 UTF-16 的中文）："
        "请用记事本或 WPS 另存为 UTF-8 后再提交"
    )


def _score(reading: _Reading) -> float:
    return reading.score  # max() keeps the first of equal scores: the order of preference


def _taken(best: _Reading, readings: list[_Reading], data: bytes) -> tuple[str, str, str]:
    """The reading taken, and the doubt another reading of a short file leaves."""
    if len(data) > _SHORT:
        return best.text, best.encoding, ""
    rival = next((r for r in readings if r.text != best.text and _rivals(r, best)), None)
    return best.text, best.encoding, _doubt(best, rival) if rival else ""


def _doubt(taken: _Reading, other: _Reading) -> str:
    return (
        f"文件很短，编码无法确定：按 {_label(taken.encoding)} 读作“{_preview(taken.text)}”，"
        f"按 {_label(other.encoding)} 则是“{_preview(other.text)}”。如果网页上的文字不对，"
        "请用记事本打开，另存为“带有 BOM 的 UTF-8”后再提交"
    )


def _rivals(reading: _Reading, best: _Reading) -> bool:
    """Whether another reading of a short file makes the one taken doubtful:
    it reads as Chinese as well; or it is the UTF-8 the bytes are valid as;
    or it is the GB18030 reading and reads mostly as Chinese (a
    three-character GB18030 text with one rare character, 衢州市, read best
    as CP949)."""
    if reading.encoding == "utf-8" or (reading.encoding == "gb18030" and reading.score >= _GB18030_DOUBT):
        return True
    return reading.score >= max(_MIN_SCORE, best.score)


def _label(encoding: str) -> str:
    names = {"gb18030": "GB18030（GBK）", "big5hkscs": "Big5", "utf-8": "UTF-8"}
    return names.get(encoding) or encoding.upper().replace("_", "-")


def _preview(text: str) -> str:
    # Printed to a terminal or CI log: no control character goes with it.
    flat = "".join(c if c.isprintable() else "?" for c in _WHITESPACE.sub(" ", text[:64]).strip())
    return flat if len(flat) <= 16 else flat[:16] + "…"


def _canonical_encoding(name: str) -> str:
    # GB2312 and GBK are subsets of GB18030: decoding with the superset loses nothing.
    if name in ("gb2312", "gbk", "gb18030", "hz"):
        return "gb18030"
    # Big5-HKSCS reads every Big5 character the same and adds 〇 and the Hong
    # Kong characters, which plain Big5 shows as kana (二〇二四年 → 二ま二四年).
    if name in ("big5", "cp950", "big5hkscs"):
        return "big5hkscs"
    return {"utf_16_le": "utf-16-le", "utf_16_be": "utf-16-be"}.get(name, name)


def _undecodable(encoding: str, exc: UnicodeDecodeError) -> str:
    return (
        f"第 {exc.start} 字节处无法按 {encoding} 解码：文件可能已损坏，"
        "请用记事本或 WPS 重新另存为 UTF-8 后再提交"
    )


def _doubts(path: str, doubt: str) -> tuple[Problem, ...]:
    return (Problem(path=path, level="warning", message=doubt),) if doubt else ()


def _read_text(path: str, data: bytes) -> RawText:
    text, encoding, doubt = decode_with_doubt(data)
    return RawText(path=path, text=text, encoding=encoding, problems=_doubts(path, doubt))


def _read_markdown(path: str, data: bytes) -> RawText:
    text, encoding, doubt = decode_with_doubt(data)
    text = text.replace("\r\n", "\n")
    match = _FRONT_MATTER.match(text)
    front_matter: dict = {}
    if match:
        try:
            front_matter = load_yaml(match["yaml"]) or {}
        except YamlLimitError as exc:
            raise ReadError(f"文件开头的 YAML 元数据{exc}") from exc
        except yaml.YAMLError as exc:
            mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
            where = f"第 {mark.line + 2} 行" if mark else ""
            raise ReadError(f"文件开头的 YAML 元数据{where}有语法错误：请检查冒号、引号和缩进") from exc
        if not isinstance(front_matter, dict):
            raise ReadError("文件开头的 YAML 元数据必须是“字段: 值”的形式")
        text = text[match.end() :]
    return RawText(path=path, text=text, encoding=encoding, front_matter=front_matter,
                   problems=_doubts(path, doubt))


def _read_docx(path: str, data: bytes) -> RawText:
    # Imported when a .docx comes: read_docx and docx_safety import ReadError from here.
    from .read_docx import read_docx

    return read_docx(path, data)


# Imported here, below ReadError, which they raise; each imports its
# parsing library (pdfplumber, trafilatura) only when a file needs it.
from .read_html import read_html  # noqa: E402
from .read_pdf import read_pdf  # noqa: E402

READERS = (
    Reader(name="docx", accepts=lambda p: _suffix(p) == ".docx", read=_read_docx),
    Reader(name="pdf", accepts=lambda p: _suffix(p) == ".pdf", read=read_pdf),
    Reader(name="html", accepts=lambda p: _suffix(p) in (".html", ".htm", ".xhtml", ".mhtml", ".mht"), read=read_html),
    Reader(name="markdown", accepts=lambda p: _suffix(p) in (".md", ".markdown"), read=_read_markdown),
    Reader(name="text", accepts=lambda p: _suffix(p) in (".txt", ".text", ""), read=_read_text),
)

_RESAVE_DOCX = "请用 Word 或 WPS 打开，点“文件 → 另存为”，保存类型选 .docx，再提交 .docx 文件"
_NOT_A_DOCUMENT = "门户只发布文档（.txt、.docx、.pdf、.html、.md）"
UNSUPPORTED_HINTS = {
    ".doc": f"旧版 Word 格式：{_RESAVE_DOCX}",
    ".wps": f"WPS 文字格式：{_RESAVE_DOCX}",
    ".rtf": f"RTF 格式：{_RESAVE_DOCX}",
    ".odt": f"OpenDocument 格式：{_RESAVE_DOCX}",
    ".ofd": "OFD 版式文件：请用数科或 WPS 阅读器导出为 PDF 或 .docx 后再提交",
    ".et": f"这是 WPS 表格，不是文档：{_NOT_A_DOCUMENT}；如需发布，请把内容复制到 Word 里另存为 .docx",
    ".xls": f"这是 Excel 表格，不是文档：{_NOT_A_DOCUMENT}；如需发布，请把内容复制到 Word 里另存为 .docx",
    ".xlsx": f"这是 Excel 表格，不是文档：{_NOT_A_DOCUMENT}；如需发布，请把内容复制到 Word 里另存为 .docx",
    ".ppt": f"这是演示文稿，不是文档：{_NOT_A_DOCUMENT}；如需发布，请把文字整理到 Word 里另存为 .docx",
    ".pptx": f"这是演示文稿，不是文档：{_NOT_A_DOCUMENT}；如需发布，请把文字整理到 Word 里另存为 .docx",
    ".dps": f"这是 WPS 演示文稿，不是文档：{_NOT_A_DOCUMENT}；如需发布，请把文字整理到 Word 里另存为 .docx",
    ".jpg": f"这是图片，不是文档：{_NOT_A_DOCUMENT}；扫描件请先用 OCR 转成文字",
    ".jpeg": f"这是图片，不是文档：{_NOT_A_DOCUMENT}；扫描件请先用 OCR 转成文字",
    ".png": f"这是图片，不是文档：{_NOT_A_DOCUMENT}；扫描件请先用 OCR 转成文字",
    ".zip": "这是压缩包：请解压后把其中的文档分别放进 sources/",
    ".rar": "这是压缩包：请解压后把其中的文档分别放进 sources/",
    ".7z": "这是压缩包：请解压后把其中的文档分别放进 sources/",
}


def too_large(size: int, max_bytes: int) -> str:
    return (
        f"文件过大（{size / 1024 / 1024:.1f} MB，上限 {max_bytes // 1024 // 1024} MB）："
        "请确认这是单篇文档；多篇合集请拆成多个文件"
    )


def read_source(path: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawText:
    """Decode one source file; `path` is repo-relative and only used for messages."""
    if not data.strip():
        raise ReadError("文件是空的：请放入文档正文，或删除这个文件")
    if len(data) > max_bytes:
        raise ReadError(too_large(len(data), max_bytes))
    for reader in READERS:
        if reader.accepts(path):
            return reader.read(path, data)
    suffix = _suffix(path)
    hint = UNSUPPORTED_HINTS.get(suffix, "支持的格式：.txt、.docx、.pdf、.html、.md")
    raise ReadError(f"不支持的文件类型 {suffix}：{hint}")
