"""Variants of a corpus document, made by code, never by hand.

Each variant is what a member of staff could commit for the same document:
the same words in another encoding, another script, another layout.  The
metamorphic tests (`tests/test_corpus.py`) and the fidelity benchmark
(`benchmarks/bench_fidelity.py`) run every corpus document and each of its
variants through the pipeline and expect the same result.

Every function is pure: text in, `Variant` (name, bytes, the text the
variant should convert like) out, or None where the variant cannot be made.

| name      | what it is                                                           |
|-----------|----------------------------------------------------------------------|
| wrap20 …  | hard-wrapped at 20/28/34/40 CJK characters, as a PDF text export     |
| gb18030   | the text as GB18030 bytes                                            |
| big5      | traditional characters (OpenCC s2t, then t2tw) as Big5 (or Big5-HKSCS)|
| utf16     | UTF-16-LE with a BOM and CRLF line ends (Windows Notepad "Unicode")  |
| pinyin    | a tone-marked pinyin annotation `字(zì)` after every 50th character  |

Only two variants change which characters the page should show, and both
are removals the pipeline documents: the page-number lines of the wrapped
variants (`— 3 —`, no Chinese characters) and the pinyin annotations (no
Chinese characters).  The Big5 variant's characters come back through the
pipeline's traditional→simplified step, which is not an exact inverse of
s2t (`着`→`著`→`著`), so its `baseline` is the text after that round trip.
"""

from __future__ import annotations

import codecs
import datetime
import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath

WRAP_WIDTHS = (20, 28, 34, 40)  # in CJK characters; twice that in display columns
PAGE_LINES = 40  # lines of text per PDF page
PINYIN_EVERY = 50

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_TONE_MARKS = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ")


@dataclass(frozen=True, kw_only=True)
class Variant:
    name: str  # e.g. "wrap28", "big5"; the benchmark's row
    data: bytes  # the bytes a member of staff would commit
    baseline: str  # the text whose conversion this variant must equal
    note: str = ""  # e.g. the codec actually used
    suffix: str = ".txt"  # the file type staff would commit: .txt, .pdf, .docx


# --- reading the corpus file itself ---------------------------------------


def decode_source(data: bytes) -> str | None:
    """The text of a corpus file, decoded here without the pipeline's reader.

    BOMs, then strict UTF-8, GB18030 and Big5-HKSCS; None when none of them
    decodes the bytes (the file is then tested as an original only).
    """
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    for codec in ("utf-8", "gb18030", "big5hkscs"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return None


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


# --- (a) hard-wrapped, as a PDF's text export ------------------------------


@cache
def char_width(char: str) -> int:
    """Display columns of one character: wide, full-width and ambiguous = 2.

    Ambiguous-width marks (“ ” … — ·) take two columns in Chinese fonts.
    Combining marks take none.
    """
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F", "A") else 1


def text_width(text: str) -> int:
    return sum(char_width(c) for c in text)


def page_number_line(number: int, columns: int) -> str:
    label = f"— {number} —"
    return " " * max(0, (columns - text_width(label)) // 2) + label


# A run of Latin letters and digits (2024, 10:30, v1.2, a pinyin annotation
# (xiàng)) is one word to a word processor: it moves to the next line whole.
_WORD = re.compile(r"[(（]?[0-9A-Za-z\u00c0-\u024f.:%/_-]+[)）]?|.", re.S)
_LONGEST_WORD = 12  # columns; a longer run is cut like Chinese text


# Official documents set every paragraph with a two-character first-line
# indent (GB/T 9704), and PDF text exports keep it as leading full-width
# spaces: the one mark that tells a paragraph ending near the margin from a
# wrapped line.
INDENT = "\u3000\u3000"


def wrap_text(text: str, width: int, *, page_lines: int = PAGE_LINES, indent: str = INDENT) -> str:
    """The text as a PDF text export shows it, `width` CJK characters wide.

    Every line of the source (a paragraph, a heading) is cut into lines of
    exactly `2 * width` display columns; the last piece of each is shorter.
    A line stops one column short when the next character is wide, and a
    few columns short when a run of Latin letters or digits (2024, (xiàng))
    does not fit: a word processor moves it to the next line whole.
    Punctuation gets no line-breaking rules (a line may start with ，), so
    every full line is exactly as wide as the page.  Trailing spaces go,
    leading ones (an indent) stay and count.  Blank lines stay.  After every
    `page_lines` lines comes a page break: a blank line, a centred page
    number `— N —` and a blank line; the last page gets its number too.
    Every source line not already indented starts with `indent`.
    """
    columns = 2 * width
    body: list[str] = []
    for line in _lines(text):
        line = line.rstrip()
        if not line:
            body.append("")
            continue
        if indent and not line[:1].isspace():
            line = indent + line
        piece, used = "", 0
        for word in _WORD.findall(line):
            chars = [word] if text_width(word) <= _LONGEST_WORD else list(word)
            for chunk in chars:
                w = text_width(chunk)
                if used + w > columns and piece:
                    body.append(piece)
                    piece, used = "", 0
                piece += chunk
                used += w
        body.append(piece)
    while body and not body[-1]:
        body.pop()
    out: list[str] = []
    for start in range(0, len(body), page_lines):
        page = start // page_lines + 1
        out.extend(body[start:start + page_lines])
        out.extend(["", page_number_line(page, columns), ""])
    return "\n".join(out)


def wrapped(text: str, width: int) -> Variant:
    return Variant(name=f"wrap{width}", data=wrap_text(text, width).encode("utf-8"), baseline=text)


# --- (b) GB18030 -----------------------------------------------------------


def gb18030(text: str) -> Variant:
    """GB18030 encodes every Unicode character, so this never fails."""
    return Variant(name="gb18030", data=text.encode("gb18030"), baseline=text)


# --- (c) traditional characters in Big5 ------------------------------------


@cache
def _opencc(config: str):
    import opencc  # as clean.py does: `opencc.OpenCC("t2s")`

    return opencc.OpenCC(config)


def to_traditional(text: str) -> str:
    """OpenCC `s2t`, then `t2tw` (the character forms Taiwan's Big5 has).

    s2t writes OpenCC's standard forms (爲 羣 衆 裏 僞 啓), which Big5 does
    not encode; t2tw turns them into the forms a Big5 user types (為 群 眾
    裡 偽 啟), character for character.
    """
    return _opencc("t2tw").convert(_opencc("s2t").convert(text))


def to_simplified(text: str) -> str:
    """OpenCC `t2s` to a fixed point (what the pipeline's to_simplified does)."""
    for _ in range(3):
        again = _opencc("t2s").convert(text)
        if again == text:
            break
        text = again
    return text


def big5(text: str) -> Variant | None:
    """Traditional text as Big5; Big5-HKSCS when Big5 lacks a character.

    Big5 has no `〇` (二〇二三年) and no accented Latin letters; a document
    holding such a character is encoded as Big5-HKSCS (a superset of Big5
    used in Hong Kong; the variant's `note` says so).  Symbols even
    Big5-HKSCS lacks (© ® ㈠) become `?`, as an editor saving to Big5 writes
    them; a document with a Chinese character that Big5-HKSCS cannot encode
    is kept out of this variant (None).  The
    baseline is the traditional text brought back by t2s, since s2t→t2s
    is not the identity (着→著 stays 著).
    """
    traditional = to_traditional(text)
    for codec in ("big5", "big5hkscs"):
        try:
            data = traditional.encode(codec)
        except UnicodeEncodeError:
            continue
        return Variant(name="big5", data=data, baseline=to_simplified(traditional),
                       note="" if codec == "big5" else codec)
    missing = {c for c in traditional if not _encodes(c, "big5hkscs")}
    if any(_CJK.match(c) for c in missing):
        return None
    # Symbols only (© ® ㈠): saved as `?`, as an editor saving to Big5 does.
    replaced = "".join("?" if c in missing else c for c in traditional)
    return Variant(name="big5", data=replaced.encode("big5hkscs"), baseline=to_simplified(replaced),
                   note=f"big5hkscs, {''.join(sorted(missing))} saved as ?")


def _encodes(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


# --- (d) UTF-16 with a BOM --------------------------------------------------


def utf16(text: str) -> Variant:
    """UTF-16-LE with a BOM and CRLF line ends, as Windows Notepad saves "Unicode"."""
    crlf = "\r\n".join(_lines(text))
    return Variant(name="utf16", data=codecs.BOM_UTF16_LE + crlf.encode("utf-16-le"), baseline=text)


# --- (e) pinyin annotations ------------------------------------------------


def _syllable(char: str) -> str:
    from pypinyin import Style, pinyin

    readings = pinyin(char, style=Style.TONE, errors="ignore")
    return readings[0][0] if readings and readings[0] else ""


def annotate_pinyin(text: str, every: int = PINYIN_EVERY) -> str:
    """`字(zì)` after every `every`-th Chinese character (counted over the text).

    A character whose reading carries no tone mark (的 de, 了 le: neutral
    tone) passes the annotation to the next character that has one, since
    the pipeline documents that it removes only toned pinyin (`(de)` could
    be text).  Characters already followed by a bracket are skipped too.
    """
    out: list[str] = []
    count = 0
    pending = False
    for i, char in enumerate(text):
        out.append(char)
        if not _CJK.match(char):
            continue
        count += 1
        if count % every == 0:
            pending = True
        if pending:
            following = text[i + 1] if i + 1 < len(text) else ""
            syllable = _syllable(char)
            if following not in "(（" and any(c in _TONE_MARKS for c in syllable):
                out.append(f"({syllable})")
                pending = False
    return "".join(out)


def pinyin(text: str) -> Variant:
    return Variant(name="pinyin", data=annotate_pinyin(text).encode("utf-8"), baseline=text)


# --- all of them -----------------------------------------------------------

KINDS = (*(f"wrap{w}" for w in WRAP_WIDTHS), "gb18030", "big5", "utf16", "pinyin")


def variants(text: str) -> list[Variant]:
    """Every variant of one document's text, in the order of `KINDS`.

    A variant that cannot be made (Big5 for a document Big5-HKSCS cannot
    encode) is left out.
    """
    made: list[Variant | None] = [wrapped(text, w) for w in WRAP_WIDTHS]
    made += [gb18030(text), big5(text), utf16(text), pinyin(text)]
    return [v for v in made if v is not None]


# --- the same text in the other formats staff have (benchmark rows) --------

FORMAT_KINDS = ("pdf", "docx")
_FORMATS = Path(__file__).resolve().parent.parent / "fixtures" / "formats"


def pdf(text: str) -> Variant:
    """Typeset as an office prints it: one paragraph per line, running header
    and page numbers (tests/fixtures/formats/pdf_maker.py, ReportLab)."""
    import sys

    if str(_FORMATS) not in sys.path:
        sys.path.insert(0, str(_FORMATS))
    from pdf_maker import make_pdf

    return Variant(name="pdf", data=make_pdf(text), baseline=text, suffix=".pdf")


def docx(text: str) -> Variant:
    """Typed into Word: one paragraph per non-blank line (python-docx)."""
    import io

    import docx as python_docx

    document = python_docx.Document()
    for line in _lines(text):
        if line.strip():
            document.add_paragraph(line.strip(" \u3000\t"))
    buffer = io.BytesIO()
    document.save(buffer)
    return Variant(name="docx", data=buffer.getvalue(), baseline=text, suffix=".docx")


def format_variants(text: str) -> list[Variant]:
    """The text as a PDF and as a .docx, in the order of `FORMAT_KINDS`."""
    return [pdf(text), docx(text)]


# --- the corpus on disk (shared by the benchmark and the tests) ------------

CORPUS = Path(__file__).resolve().parent
# Another corpus laid out the same way (truth.yaml, docs/), e.g. for trying
# the tools before tests/corpus has entries: FIREPORTAL_CORPUS=/tmp/corpus.
CORPUS_ENV = "FIREPORTAL_CORPUS"
TEXT_SUFFIXES = (".txt",)


def corpus_dir() -> Path:
    return Path(os.environ.get(CORPUS_ENV) or CORPUS)


def _plain(value: object) -> object:
    """YAML values as the pipeline writes them: dates and years as strings."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


_NAME_KEYS = ("file", "name", "path", "id", "source")


def load_truth(corpus: Path | None = None) -> dict[str, dict]:
    """truth.yaml → {file name in docs/: its annotation}.

    Accepts a mapping keyed by file name (`001.txt:` or `"001":`), or a list
    of entries naming their file under `file`/`name`/`path`/`id` (at the top
    level or under `documents:`/`entries:`/`files:`).  Missing file → {}.
    """
    corpus = corpus or corpus_dir()
    path = corpus / "truth.yaml"
    if not path.is_file():
        return {}
    import yaml

    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries: list[tuple[str, dict]] = []
    if isinstance(raw, dict):
        listed = next((raw[k] for k in ("documents", "entries", "files", "docs")
                       if isinstance(raw.get(k), list)), None)
        if listed is None:
            entries = [(str(k), v) for k, v in raw.items() if isinstance(v, dict)]
        else:
            raw = listed
    if isinstance(raw, list):
        for item in raw:
            if isinstance(item, dict):
                key = next((item[k] for k in _NAME_KEYS if item.get(k)), None)
                if key is not None:
                    entries.append((str(key), item))
    docs = corpus / "docs"
    truth = {}
    for key, entry in entries:
        name = _resolve(docs, key)
        if name:
            truth[name] = _plain(entry)
    return truth


def _resolve(docs: Path, key: str) -> str | None:
    name = PurePosixPath(key).name
    if (docs / name).is_file():
        return name
    if name.isdigit():
        name = name.zfill(3)
    for candidate in sorted(docs.glob(f"{name}.*")):
        if not candidate.name.endswith((".meta.yml", ".meta.yaml")):
            return candidate.name
    return None


def corpus_files(corpus: Path | None = None) -> list[Path]:
    """Every document under docs/ (sidecars and hidden files left out)."""
    docs = (corpus or corpus_dir()) / "docs"
    if not docs.is_dir():
        return []
    return sorted(p for p in docs.iterdir() if p.is_file() and not p.name.startswith((".", "_"))
                  and not p.name.endswith((".meta.yml", ".meta.yaml")))


def is_hard_wrapped(text: str, entry: dict | None = None) -> bool:
    """Whether the source itself is a hard-wrapped (PDF) text.

    The annotation decides when it says so (`wrapped`, `hard_wrapped`, or
    `layout: pdf`); otherwise: at least 5 lines, and a quarter of the
    non-empty lines, end within two characters of one common width of 30+
    columns, mostly in mid-sentence.
    """
    entry = entry or {}
    for key in ("wrapped", "hard_wrapped"):
        if key in entry:
            return bool(entry[key])
    if str(entry.get("layout", "")).lower() in ("pdf", "wrapped"):
        return True
    lines = [line.strip() for line in _lines(text) if line.strip()]
    widths = [text_width(line) for line in lines]
    common = Counter(w for w in widths if w >= 30)
    if not common:
        return False
    width = max(common, key=lambda w: (common[w], w))
    full = [line for line, w in zip(lines, widths) if width - 4 <= w <= width + 2]
    mid = sum(1 for line in full if line[-1] not in "。！？；：”）")
    return len(full) >= 5 and len(full) >= 0.25 * len(lines) and mid >= 0.6 * len(full)


# --- what reaches the page --------------------------------------------------

IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def documented_removals() -> tuple[str, ...]:
    """The cleanups allowed to remove characters: those named `drop_*`
    (page numbers and running headers, pinyin, any web-page furniture)."""
    from fireportal.clean import CLEANUPS

    return tuple(c.name for c in CLEANUPS if c.name.startswith("drop_"))


def source_characters(text: str) -> Counter:
    """Chinese characters of the source body, as simplified characters, after
    the documented removals (and nothing else) have run."""
    from fireportal.clean import CLEANUPS, normalize_text

    text = normalize_text(text)[0]
    removals = set(documented_removals())
    for cleanup in CLEANUPS:
        if cleanup.name in removals:
            text = cleanup.apply(text)[0]
    return Counter(IDEOGRAPH.findall(to_simplified(text)))


def page_characters(documents) -> Counter:
    """Chinese characters of the rendered pages (front matter and body)."""
    from fireportal.render import render_document

    return Counter(IDEOGRAPH.findall("".join(render_document(d) for d in documents)))


def characters_kept(source: Counter, documents) -> int:
    """How many of the source's characters reach a page (as a multiset, so a
    title repeated in the front matter counts once)."""
    return sum((source & page_characters(documents)).values())
