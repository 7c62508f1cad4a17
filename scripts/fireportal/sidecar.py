"""Overrides written by people: a `NAME.meta.yml` sidecar or .md front matter.

One schema for both.  Every value is checked here, at the start, and a bad
one becomes an error that names the file, the field and what to write.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import yaml

from .inert import one_line
from .model import DOC_TYPES, UNIT_LEVELS

_ISO = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

TEXT_FIELDS = ("title", "subtitle", "unit", "parent_unit", "author", "doc_number")
LIST_FIELDS = ("campaigns", "departments")
META_FIELDS = (*TEXT_FIELDS, *LIST_FIELDS, "date", "unit_level", "doc_type")
SIDECAR_ONLY = ("split", "parts", "slug", "max_parts")
MAX_PARTS_CEILING = 1000


# Sidecars and front matter are a few lines written by people; anything far
# bigger or deeper is a mistake or an attack, refused before it costs memory
# or recursion (600 nested `[` once took a whole build down).
MAX_YAML_CHARS = 64 * 1024
MAX_YAML_DEPTH = 8
MAX_SCALAR_CHARS = 2000


class YamlLimitError(yaml.YAMLError):
    """The YAML is too big, too deep or uses anchors; the message is for staff."""


class _PlainLoader(yaml.SafeLoader):
    """Strings, lists, mappings, true/false and null; nothing else.

    Numbers and dates stay text (a 5,000-digit number cannot hit Python's
    int conversion limit, and 2024-02-30 gets our message rather than a
    traceback); anchors and aliases are refused; depth and length are capped.
    """

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent) or self.peek_event().anchor is not None:
            raise YamlLimitError("不能使用 & 和 * 引用：请直接写出每个值")
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise YamlLimitError(f"嵌套超过 {MAX_YAML_DEPTH} 层：字段应写成“字段: 值”或简单的列表")
            if self.check_event(yaml.ScalarEvent) and len(self.peek_event().value) > MAX_SCALAR_CHARS:
                raise YamlLimitError(f"有一个值超过 {MAX_SCALAR_CHARS} 个字符：元数据只写标题、日期等短字段")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_KEPT_TAGS = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:null")
_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag in _KEPT_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str, *, max_chars: int = MAX_YAML_CHARS):
    if len(text) > max_chars:
        raise YamlLimitError(f"超过 {max_chars // 1024} KB：元数据只写标题、日期等短字段")
    return yaml.load(text, Loader=_PlainLoader)  # noqa: S506 - a SafeLoader subclass


class SidecarError(ValueError):
    """A sidecar or front matter value is invalid; the message says the fix."""


@dataclass(frozen=True, kw_only=True)
class Overrides:
    fields: dict = field(default_factory=dict)  # field -> value, for every part
    parts: tuple[dict, ...] = ()  # per-part fields, by position
    split: str | list[str] = "auto"
    slug: str = ""
    max_parts: int = 0  # 0: the pipeline's default
    unknown: tuple[str, ...] = ()  # keys we ignored, reported as a warning


def sidecar_path(source: str) -> str:
    path = PurePosixPath(source)
    return str(path.with_name(path.stem + ".meta.yml"))


def parse_sidecar(where: str, text: str) -> Overrides:
    try:
        data = load_yaml(text)
    except YamlLimitError as exc:
        raise SidecarError(f"{where}: {exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = f"第 {mark.line + 1} 行" if mark else ""
        raise SidecarError(f"{where}: {line}不是有效的 YAML：请检查冒号后的空格、引号和缩进") from exc
    if data is None:
        return Overrides()
    if not isinstance(data, dict):
        raise SidecarError(f"{where}: 应写成“字段: 值”的形式，例如 title: 文档标题")
    return validate(where, data, sidecar=True)


def validate(where: str, data: dict, *, sidecar: bool) -> Overrides:
    allowed = META_FIELDS + (SIDECAR_ONLY if sidecar else ())
    fields = _fields(where, data)
    parts: tuple[dict, ...] = ()
    if sidecar and "parts" in data:
        raw_parts = data["parts"]
        if not isinstance(raw_parts, list) or not all(isinstance(p, dict) for p in raw_parts):
            raise SidecarError(f"{where}: parts 应是列表，每项写该篇的字段，例如\nparts:\n  - title: 第一篇标题\n  - title: 第二篇标题")
        parts = tuple(_fields(f"{where}: parts[{i + 1}]", p) for i, p in enumerate(raw_parts))
        for i, p in enumerate(raw_parts):
            extra = sorted(set(p) - set(META_FIELDS))
            if extra:
                raise SidecarError(f"{where}: parts[{i + 1}] 不认识字段 {', '.join(extra)}；可用：{', '.join(META_FIELDS)}")
    split: str | list[str] = "auto"
    if sidecar and "split" in data:
        split = data["split"]
        if split is False:
            split = "none"
        if not (split in ("auto", "none") or (isinstance(split, list) and all(isinstance(s, str) and s.strip() for s in split))):
            raise SidecarError(
                f"{where}: split 只能是 auto、none，或每篇第一行开头文字的列表，例如\nsplit:\n  - 一、改革工作情况\n  - 今年以来"
            )
    slug = ""
    if sidecar and "slug" in data:
        slug = str(data["slug"])
        if not _SLUG.match(slug):
            raise SidecarError(f"{where}: slug “{slug}” 只能用小写字母、数字和连字符，例如 slug: panjin-2024-jianbao-2")
    max_parts = 0
    if sidecar and "max_parts" in data:
        text = str(data["max_parts"]).strip()
        if not (text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_PARTS_CEILING):
            raise SidecarError(
                f"{where}: max_parts “{text[:20]}” 应是 1 到 {MAX_PARTS_CEILING} 之间的整数，例如 max_parts: 60"
            )
        max_parts = int(text)
    unknown = tuple(sorted(str(k) for k in set(data) - set(allowed)))
    return Overrides(fields=fields, parts=parts, split=split, slug=slug, max_parts=max_parts, unknown=unknown)


def _fields(where: str, data: dict) -> dict:
    out: dict = {}
    for name in TEXT_FIELDS:
        if name in data:
            value = data[name]
            if value is None:
                value = ""
            if not isinstance(value, (str, int)):
                raise SidecarError(f"{where}: {name} 应是一段文字，例如 {name}: 盘锦市消防救援支队")
            out[name] = one_line(value)
    for name in LIST_FIELDS:
        if name in data:
            value = data[name]
            if isinstance(value, str):
                value = [value]
            if value is None:
                value = []
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise SidecarError(f"{where}: {name} 应是文字列表，例如 {name}: [防火监督科, 政治部]")
            out[name] = tuple(one_line(v) for v in value if one_line(v))
    if "date" in data:
        out["date"] = _date(where, data["date"])
    if "unit_level" in data:
        if data["unit_level"] not in UNIT_LEVELS:
            raise SidecarError(f"{where}: unit_level “{data['unit_level']}” 无效；只能是 {'、'.join(UNIT_LEVELS)} 之一")
        out["unit_level"] = data["unit_level"]
    if "doc_type" in data:
        if data["doc_type"] not in DOC_TYPES:
            raise SidecarError(f"{where}: doc_type “{data['doc_type']}” 无效；只能是 {'、'.join(DOC_TYPES)} 之一")
        out["doc_type"] = data["doc_type"]
    return out


def _date(where: str, value: object) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip() if value is not None else ""
    match = _ISO.match(text)
    if match:
        try:
            if match["d"]:
                dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
            elif match["m"] and not 1 <= int(match["m"]) <= 12:
                raise ValueError
            return text
        except ValueError:
            pass
    raise SidecarError(f"{where}: date “{text}” 无效：请写成 2024-02-28、2024-02 或 2024")
