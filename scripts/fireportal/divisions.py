"""China's administrative divisions, from the data file the cpca package keeps.

Which province a city is in is data, not something to type by hand, so the
taxonomy asks this module for a 支队's 总队 and a 大队's 支队.  The file is
read directly: importing cpca itself pulls in pandas for nothing we need.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# Longest first, so 自治州 is stripped before 州 and 自治区 before 区.
_SUFFIXES = (
    "维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州",
    "自治县", "地区", "新区", "林区", "省", "市", "州", "盟", "县", "区", "旗",
)


@dataclass(frozen=True, kw_only=True)
class Division:
    code: str  # 12-digit adcode
    name: str  # 盘锦市
    level: int  # 1 province, 2 prefecture, 3 county

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0" * 10

    @property
    def prefecture_code(self) -> str:
        return self.code[:4] + "0" * 8


def short_name(name: str) -> str:
    """盘锦市 → 盘锦, 楚雄彝族自治州 → 楚雄, 兴隆台区 → 兴隆台."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            stem = name[: -len(suffix)]
            # Autonomous areas carry ethnic names: 楚雄彝族自治州 is called 楚雄.
            stripped = _ethnic_pattern().sub("", stem) if suffix.startswith("自治") else stem
            return stripped if len(stripped) >= 2 else stem
    return name


def _data_file() -> Path:
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("缺少行政区划数据：请安装 cpca（pip install cpca）")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"


@cache
def _ethnic_pattern() -> re.Pattern[str]:
    names = (_data_file().parent / "56_nations.csv").read_text(encoding="utf-8").split()
    # 族 is optional: 傣族景颇族 and 哈尼族彝族 drop it between names.
    stems = sorted({n.removesuffix("族") for n in names if n != "汉族"}, key=len, reverse=True)
    return re.compile("(?:(?:" + "|".join(map(re.escape, stems)) + ")族?)+$")


@cache
def _table() -> tuple[dict[str, Division], dict[str, tuple[Division, ...]]]:
    by_code: dict[str, Division] = {}
    by_name: dict[str, list[Division]] = {}
    with _data_file().open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code, name = row["adcode"], row["name"]
            if name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
                continue
            level = 1 if code[2:] == "0" * 10 else 2 if code[4:] == "0" * 8 else 3
            division = Division(code=code, name=name, level=level)
            by_code[code] = division
            for key in {name, short_name(name)}:
                by_name.setdefault(key, []).append(division)
    ordered = {k: tuple(sorted(v, key=lambda d: (d.level, d.code))) for k, v in by_name.items()}
    return by_code, ordered


def find(name: str, level: int | None = None) -> Division | None:
    """The division called `name` (full or short), preferring `level`.

    Ambiguous short names (朝阳 is a city in 辽宁 and a district in 北京) resolve
    to the highest level, which is what a unit name such as 朝阳支队 means.
    """
    candidates = _table()[1].get(name, ())
    if level is not None:
        candidates = tuple(d for d in candidates if d.level == level) or ()
    return candidates[0] if candidates else None


def candidates(name: str, level: int) -> tuple[Division, ...]:
    """Every division of `level` called `name` (full or short), in code order:
    永定区 is one in 龙岩 and one in 张家界."""
    return tuple(d for d in _table()[1].get(name, ()) if d.level == level)


def by_code(code: str) -> Division | None:
    return _table()[0].get(code)


def province_of(division: Division) -> Division | None:
    return by_code(division.province_code)


def prefecture_of(division: Division) -> Division | None:
    if division.level < 3:
        return None
    return by_code(division.prefecture_code)


def city_of(division: Division) -> Division | None:
    """The city a county-level division is in: its prefecture, or the
    province-level city itself (北京 for 朝阳区); None for a county the
    province governs directly (济源) and for higher levels."""
    if division.level < 3:
        return None
    return prefecture_of(division) or (province_of(division) if is_municipal(division) else None)


def within(division: Division, area: Division) -> bool:
    """Whether `division` lies in `area` (a province, city or county)."""
    return division.code[: 2 * area.level] == area.code[: 2 * area.level]


def starts_at_division(text: str) -> bool:
    """Whether `text` begins with the name of a division (盘锦, 兴隆台区, 辽宁省…)."""
    names = _table()[1]
    return any(text[:n] in names for n in range(2, min(len(text), 12) + 1))


# Province-level cities: their districts and counties each have a 支队, the
# city itself a 总队 (北京市西城区消防救援支队, 上海市消防救援总队).
MUNICIPALITIES = ("11", "12", "31", "50")


def is_municipal(division: Division) -> bool:
    return division.code[:2] in MUNICIPALITIES


def unit_kind(division: Division) -> str:
    """The kind of fire unit a division has: 总队, 支队 or 大队."""
    if division.level == 1:
        return "总队"
    if division.level == 2 or is_municipal(division):
        return "支队"
    return "大队"


@cache
def _full_names() -> dict[str, tuple[Division, ...]]:
    out: dict[str, list[Division]] = {}
    for division in _table()[0].values():
        if len(division.name) >= 3:  # 城区, 矿区 are words too
            out.setdefault(division.name, []).append(division)
    return {k: tuple(v) for k, v in out.items()}


def leading_places_end(text: str) -> int:
    """Where the run of divisions' full names opening `text` ends (江西省赣州市…:
    6), 0 when it opens with none.  Full names only (赣州市, not 赣州): a
    short name is often a word as well."""
    names = _full_names()
    at = 0
    while True:
        size = next((n for n in range(min(12, len(text) - at), 2, -1) if text[at: at + n] in names), 0)
        if not size:
            return at
        at += size


@cache
def _full_name_ends() -> re.Pattern[str]:
    """The last characters of the full names (县, 区, 市, 旗 …), any of them."""
    return re.compile("[" + "".join(sorted({re.escape(name[-1]) for name in _full_names()})) + "]")


def named_in(text: str) -> list[tuple[int, Division]]:
    """(position, division) of every division the text names in full
    (盘锦市, 兴隆台区, 神农架林区), longest name first at each position;
    a name two divisions share (朝阳区) is left out.

    Read left to right, a name taken is skipped over, and names are at most
    12 characters.  Every full name ends in one of a few characters, so the
    names are looked up only before those (found in one regex pass), not at
    every position of the text.
    """
    names = _full_names()
    longest: dict[int, int] = {}  # start → length of the longest name there
    for last in _full_name_ends().finditer(text):
        end = last.end()
        for size in range(3, min(12, end) + 1):  # ends come in order: a later one is longer
            if text[end - size: end] in names:
                longest[end - size] = size
    found: list[tuple[int, Division]] = []
    i = 0
    for start in sorted(longest):
        if start < i:
            continue  # inside the name taken before it
        i = start + longest[start]
        hit = names[text[start: i]]
        if len(hit) == 1:
            found.append((start, hit[0]))
    return found
