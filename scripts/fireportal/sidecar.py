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
from .model import DOC_TYPES, STATUSES, UNIT_LEVELS, Lifecycle

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

TEXT_FIELDS = ("title", "subtitle", "unit", "parent_unit", "author", "doc_number", "outlet")
LIST_FIELDS = ("campaigns", "departments")
META_FIELDS = (*TEXT_FIELDS, *LIST_FIELDS, "date", "unit_level", "doc_type")
SIDECAR_ONLY = ("split", "parts", "slug", "max_parts")
# What happened after publication (有效性, old URLs); the same in a sidecar
# and in front matter, for the whole file (every part of it).
LIFECYCLE_FIELDS = ("status", "replaced_by", "withdrawn_on", "reason", "aliases")
MAX_ALIASES = 20
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
    split: str | list[str] = ""  # "" when the sidecar does not say: split automatically
    slug: str = ""
    max_parts: int = 0  # 0: the pipeline's default
    errors: tuple[str, ...] = ()  # "where: what to write", one per bad field (dropped)
    unknown: tuple[str, ...] = ()  # keys we ignored, reported as a warning
    lifecycle: Lifecycle = field(default_factory=Lifecycle)


# What a source without a sidecar (or a text without front matter) sets:
# nothing.  One shared value, since most sources have none and the pipeline
# asks for it twice per file; it is frozen and nothing changes its dict.
NO_OVERRIDES = Overrides()


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
        return NO_OVERRIDES
    if not isinstance(data, dict):
        raise SidecarError(f"{where}: 应写成“字段: 值”的形式，例如 title: 文档标题")
    return validate(where, data, sidecar=True)


def validate(where: str, data: dict, *, sidecar: bool) -> Overrides:
    """The fields of a sidecar or front matter; a bad field is dropped and
    named in `errors` (all of them at once), the others still apply."""
    errors: list[str] = []
    allowed = META_FIELDS + LIFECYCLE_FIELDS + (SIDECAR_ONLY if sidecar else ())
    fields = _fields(where, data, errors)
    parts: tuple[dict, ...] = ()
    if sidecar and "parts" in data:
        raw_parts = data["parts"]
        if not isinstance(raw_parts, list) or not all(isinstance(p, dict) for p in raw_parts):
            errors.append(f"{where}: parts 应是列表，每项写该篇的字段，例如\nparts:\n  - title: 第一篇标题\n  - title: 第二篇标题")
        else:
            parts = tuple(_fields(f"{where}: parts[{i + 1}]", p, errors) for i, p in enumerate(raw_parts))
            for i, p in enumerate(raw_parts):
                extra = sorted(str(k) for k in set(p) - set(META_FIELDS))
                if extra:
                    errors.append(f"{where}: parts[{i + 1}] 不认识字段 {', '.join(extra)}；可用：{', '.join(META_FIELDS)}")
    split: str | list[str] = ""
    if sidecar and "split" in data:
        wanted = "none" if data["split"] is False else data["split"]
        if wanted in ("auto", "none") or (
            isinstance(wanted, list) and wanted and all(isinstance(s, str) and s.strip() for s in wanted)
        ):
            split = wanted
        else:
            errors.append(
                f"{where}: split 只能是 auto、none，或每篇第一行开头文字的列表，例如\nsplit:\n  - 一、改革工作情况\n  - 今年以来"
            )
    slug = ""
    if sidecar and "slug" in data:
        wanted = str(data["slug"])
        if _SLUG.match(wanted):
            slug = wanted
        else:
            errors.append(f"{where}: slug “{one_line(wanted)[:40]}” 只能用小写字母、数字和连字符，例如 slug: panjin-2024-jianbao-2")
    max_parts = 0
    if sidecar and "max_parts" in data:
        text = str(data["max_parts"]).strip()
        if text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_PARTS_CEILING:
            max_parts = int(text)
        else:
            errors.append(
                f"{where}: max_parts “{one_line(text)[:20]}” 应是 1 到 {MAX_PARTS_CEILING} 之间的整数，例如 max_parts: 60"
            )
    unknown = tuple(sorted(str(k) for k in set(data) - set(allowed)))
    lifecycle = _lifecycle(where, data, errors)
    return Overrides(fields=fields, parts=parts, split=split, slug=slug, max_parts=max_parts,
                     unknown=unknown, errors=tuple(errors), lifecycle=lifecycle)


def lifecycle_of(front: Overrides, sidecar: Overrides) -> Lifecycle:
    """The document's lifecycle fields: the sidecar's where it sets them, else the front matter's."""
    if front is NO_OVERRIDES and sidecar is NO_OVERRIDES:
        # Neither sets a field (most documents): merging nothing with nothing
        # gives the empty lifecycle, the one they share.
        return NO_OVERRIDES.lifecycle
    merged = {
        name: getattr(sidecar.lifecycle, name) or getattr(front.lifecycle, name)
        for name in LIFECYCLE_FIELDS
    }
    return Lifecycle(**merged)


# An old address as people may paste it: the slug, doc/<slug>/, /doc/<slug>.html,
# or a whole URL ending in one of those.  Only the slug is kept, so an alias
# can never name a path outside doc/ (no "..", no other folder, no scheme).
_OLD_URL = re.compile(r"^(?:[a-z]+://[^/]+)?/?(?:.*/)?doc/(?P<slug>[^/]+?)(?:/(?:index\.html)?|\.html)?$")
# A source path as replaced_by may name it: sources/…/name.ext, no "..".
_SOURCE_PATH = re.compile(r"^sources/(?:[^/\\]+/)*[^/\\]+$")


def alias_slug(value: str) -> str:
    """An old URL or slug → the slug; "" when it is neither."""
    text = value.strip()
    match = _OLD_URL.match(text)
    slug = match["slug"] if match else text
    return slug if _SLUG.match(slug) else ""


def _lifecycle(where: str, data: dict, errors: list[str]) -> Lifecycle:
    found: dict = {}
    if "status" in data:
        value = one_line("" if data["status"] is None else data["status"])
        if value in STATUSES:
            found["status"] = value
        else:
            errors.append(f"{where}: status “{value[:20]}” 无效：只能是 {'、'.join(STATUSES)} 之一，例如 status: 已废止")
    if "reason" in data:
        if isinstance(data["reason"], str):
            found["reason"] = one_line(data["reason"])
        else:
            errors.append(f"{where}: reason 应是一段文字，例如 reason: 内容有误，已重新发布")
    if "withdrawn_on" in data:
        date = parse_date(data["withdrawn_on"])
        if date is None:
            shown = one_line("" if data["withdrawn_on"] is None else data["withdrawn_on"])[:40]
            errors.append(f"{where}: withdrawn_on “{shown}” 无效：请写撤回的日期，例如 withdrawn_on: 2025-03-12")
        else:
            found["withdrawn_on"] = date
    if "replaced_by" in data:
        value = one_line("" if data["replaced_by"] is None else data["replaced_by"])
        if _SLUG.match(value) or (_SOURCE_PATH.match(value) and ".." not in value.split("/")):
            found["replaced_by"] = value
        elif alias_slug(value):
            found["replaced_by"] = alias_slug(value)
        else:
            errors.append(
                f"{where}: replaced_by “{value[:60]}” 无效：请写替代它的文件在 sources/ 里的路径，"
                "例如 replaced_by: sources/2025/新通知.docx，或它的网址，例如 replaced_by: 2025-xin-tongzhi"
            )
    if "aliases" in data:
        raw = data["aliases"]
        raw = [raw] if isinstance(raw, str) else ([] if raw is None else raw)
        slugs = [alias_slug(v) if isinstance(v, str) else "" for v in raw] if isinstance(raw, list) else [""]
        if not isinstance(raw, list) or "" in slugs or len(slugs) > MAX_ALIASES:
            errors.append(
                f"{where}: aliases 应是这篇文件以前的网址（最多 {MAX_ALIASES} 个），每个只含小写字母、数字和连字符，"
                "例如\naliases:\n  - doc/2024-jiu-mingzi/\n  - 2023-geng-zao-de-mingzi"
            )
        else:
            found["aliases"] = tuple(dict.fromkeys(slugs))
    return Lifecycle(**found)


def _fields(where: str, data: dict, errors: list[str]) -> dict:
    out: dict = {}
    for name in TEXT_FIELDS:
        if name in data:
            value = "" if data[name] is None else data[name]
            if isinstance(value, str):
                out[name] = one_line(value)
            else:
                errors.append(f"{where}: {name} 应是一段文字，例如 {name}: 盘锦市消防救援支队")
    for name in LIST_FIELDS:
        if name in data:
            value = data[name]
            value = [value] if isinstance(value, str) else ([] if value is None else value)
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                out[name] = tuple(one_line(v) for v in value if one_line(v))
            else:
                errors.append(f"{where}: {name} 应是文字列表，例如 {name}: [防火监督科, 政治部]")
    if "date" in data:
        date = parse_date(data["date"])
        if date is None:
            shown = one_line("" if data["date"] is None else data["date"])[:40]
            errors.append(f"{where}: date “{shown}” 无效：请写成 2024-02-28（也可写 2024年2月28日、2024.2.28、2024/2/28）、2024-02 或 2024")
        else:
            out["date"] = date
    for name, allowed in (("unit_level", UNIT_LEVELS), ("doc_type", DOC_TYPES)):
        if name in data:
            if data[name] in allowed:
                out[name] = data[name]
            else:
                shown = one_line("" if data[name] is None else data[name])[:20]
                errors.append(f"{where}: {name} “{shown}” 无效；只能是 {'、'.join(allowed)} 之一")
    return out


# What people type for a date: 2024-02-28, 2024年2月28日, 2024.2.28, 2024/2/28,
# and the same with only a month or a year.
_TYPED_DATE = re.compile(
    r"^(?P<y>\d{4})(?:(?:[-./]|年)(?P<m>\d{1,2})(?:月)?(?:(?:[-./])?(?P<d>\d{1,2})(?:日|号)?)?)?(?:年)?$"
)


def parse_date(value: object) -> str | None:
    """A date as people write it → 2024-02-28, 2024-02 or 2024; None if it is not one."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = re.sub(r"\s+", "", str(value)) if value is not None else ""
    match = _TYPED_DATE.match(text)
    if not match:
        return None
    year, month, day = match["y"], match["m"], match["d"]
    try:
        if day:
            return dt.date(int(year), int(month), int(day)).isoformat()
        if month:
            return f"{year}-{int(month):02d}" if 1 <= int(month) <= 12 else None
        return year
    except ValueError:
        return None
