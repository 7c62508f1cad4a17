"""`fireportal add`: where a new document goes, and the sidecar to review.

Pure functions over the pipeline's result: a safe file name, the year folder,
the sidecar text (every detected field as a commented line, so nothing is
confirmed until a person takes the `# ` away) and the page summary.  The CLI
copies the file and writes the sidecar, never over an existing file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import PurePosixPath

import yaml

from .inert import one_line
from .model import Document, Origin

# Characters Windows, macOS or a shell choke on, and control characters.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_SPACES = re.compile(r"\s+")
# A name the pipeline would skip (hidden, _private, ~$lock) starts with these.
_LEADING = re.compile(r"^[._~\-\s]+")
MAX_STEM = 60

_ORIGIN = {"text": "正文", "path": "年份文件夹", "taxonomy": "分类表", "sidecar": "旁注文件",
           "front-matter": "文件开头的元数据", "shape": "按名称形态识别"}
# A field with no recorded origin: said as "已识别", like an origin this table does not name.
_UNKNOWN = Origin(origin="")
# The fields a sidecar is offered for, in the order the README documents them.
_SIDECAR_FIELDS = ("title", "subtitle", "date", "unit", "doc_type", "campaigns", "doc_number", "author")
_LABEL = {"title": "标题", "subtitle": "副标题", "date": "日期", "unit": "发文单位", "doc_type": "文档类型",
          "campaigns": "专项行动", "doc_number": "文号", "author": "作者"}
_EXAMPLE = {"title": "正确的标题", "subtitle": "副标题", "date": "2024-02-28", "unit": "盘锦市消防救援支队",
            "doc_type": "简报", "campaigns": "[消防安全集中除患攻坚大整治行动]", "doc_number": "辽消〔2023〕8号",
            "author": "张三"}


def safe_name(name: str) -> str:
    """A file name that works on every system and that the pipeline reads.

    Chinese stays (the URL is made from it in pinyin); separators, reserved
    and control characters become `_`; a leading `.`, `_` or `~` (hidden or
    lock files, which the pipeline skips) is dropped; the suffix is lower case.
    """
    name = unicodedata.normalize("NFC", PurePosixPath(name.replace("\\", "/")).name)
    path = PurePosixPath(name)
    suffix = path.suffix.lower() if re.fullmatch(r"\.[A-Za-z0-9]{1,8}", path.suffix) else ""
    stem = name[: len(name) - len(path.suffix)] if suffix else name
    stem = stem.removesuffix(".meta")
    stem = _SPACES.sub("_", _UNSAFE.sub("_", stem))
    stem = _LEADING.sub("", stem).rstrip(". _")
    stem = re.sub(r"_+", "_", stem)[:MAX_STEM].rstrip(". _") or "文档"
    return stem + suffix


def year_of(documents: Sequence[Document]) -> str:
    """The year folder: the first dated part's year ('' when none has a date)."""
    for document in documents:
        if re.fullmatch(r"\d{4}", document.meta.date[:4]):
            return document.meta.date[:4]
    return ""


def _yaml_line(name: str, value: object) -> str:
    """`name: value` exactly as YAML reads it back once uncommented."""
    if isinstance(value, tuple):
        value = list(value)
    if name == "date" and re.fullmatch(r"\d{4}(?:-\d{2}){0,2}", str(value)):
        return f"date: {value}"  # the sidecar reads dates as text: no quotes needed
    text = yaml.safe_dump({name: value}, allow_unicode=True, default_flow_style=True, width=10_000).strip()
    return text[1:-1] if text.startswith("{") and text.endswith("}") else text


def _field_lines(document: Document) -> list[tuple[str, str]]:
    """(what the program says about the field, the YAML line for it or ''), field by field.

    A field the program did not find gets no value line: an example value
    there would be published by a person who uncomments the whole block.
    """
    lines = []
    for name in _SIDECAR_FIELDS:
        value = getattr(document.meta, name)
        origin = document.origins.get(name, _UNKNOWN)
        if not value:
            if name in ("title", "date", "unit", "doc_type"):
                lines.append((f"{_LABEL[name]}：没有识别出来：知道的话请补写一行，例如 {name}: {_EXAMPLE[name]}", ""))
            continue
        where = _ORIGIN.get(origin.origin, "")
        note = one_line(origin.note)
        said = (f"来自{where}" + (f"（{note}）" if note else "")) if where else "已识别"
        if origin.guessed:
            said = f"猜的，{said}：请核对，对就去掉值那一行开头的“# ”确认，不对就改"
        lines.append((f"{_LABEL[name]}：{said}", _yaml_line(name, value)))
    return lines


def sidecar_text(source: str, documents: Sequence[Document]) -> str:
    """A sidecar that changes nothing until reviewed: every line is a comment,
    and taking `# ` off a value line gives valid YAML."""
    name = PurePosixPath(source).name
    lines = [
        f"# {name} 的旁注文件（由 fireportal add 生成，请核对）。",
        "# 下面是程序从文件里识别出的内容，都写成了注释（行首有“# ”），不起作用。",
        "# 识别得对：不用改；标着“猜的”的字段，去掉值那一行开头的“# ”就表示确认。",
        "# 识别错了：去掉行首的“# ”，把值改对。字段的写法见门户的“发布指南”页。",
        "",
    ]
    if len(documents) == 1:
        for said, value in _field_lines(documents[0]):
            lines += [f"# {said}", *([f"# {value}"] if value else [])]
        return "\n".join(lines) + "\n"
    lines += [
        f"# 这个文件按“一、”重新开始拆成了 {len(documents)} 篇。",
        "# 拆得对：去掉下一行开头的“# ”确认；其实是一篇：改成 split: none。",
        "# split: auto",
        "# 每篇的字段按顺序写在 parts 下面；要改，就去掉 parts: 和整段各行开头的“# ”。",
        "# parts:",
    ]
    for document in documents:
        lines.append(f"#   # 第 {document.part} 篇")
        first = True
        for said, value in _field_lines(document):
            lines.append(f"#     # {said}")
            if value:
                lines.append(f"#   - {value}" if first else f"#     {value}")
                first = False
        if first:
            lines.append("#   - {}")  # keeps the parts in order when uncommented
    return "\n".join(lines) + "\n"


def page_summary(documents: Sequence[Document]) -> list[str]:
    """What the portal will show for each page: title, date, unit, campaigns, URL."""
    lines = []
    for document in documents:
        meta = document.meta
        if document.parts > 1:
            lines.append(f"第 {document.part}/{document.parts} 篇")
        lines += [
            f"标题：{meta.title or '（没有）'}",
            f"日期：{meta.date or '（没有）'}",
            f"单位：{meta.unit or '（没有）'}",
            f"专项行动：{'、'.join(meta.campaigns) or '（没有）'}",
            f"网址：doc/{document.slug}/",
        ]
    return lines
