"""Canonical names of units and campaigns, from a YAML file staff can edit.

The packaged `data/taxonomy.yml` holds the national bodies and campaigns; a
repo's own `taxonomy.yml` adds or overrides entries by name.  Units missing
from both are still recognised by their shape (`…消防救援支队`) and placed in
the hierarchy from China's administrative divisions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import yaml
from pypinyin import lazy_pinyin

from . import divisions
from .model import UNIT_LEVELS
from .inert import one_line
from .sidecar import YamlLimitError, load_yaml

PACKAGED = Path(__file__).parent / "data" / "taxonomy.yml"
NATIONAL = "国家消防救援局"

_LEVEL_CODES = {"局": "ju", "总队": "zongdui", "支队": "zhidui", "大队": "dadui", "站": "zhan"}
_ASCII_CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Names the portal's own listing pages use under units/ and campaigns/.
RESERVED_CODES = ("index", "unknown", "undated")
_PAGE_SUFFIX = re.compile(r"-\d+$")

# A unit as written: place + (old 公安) 消防(救援) + kind.  Kinds are listed
# longest first so 消防救援站 is not read as 消防 + 救援站.
UNIT_SHAPE = re.compile(
    r"(?P<place>[\u4e00-\u9fff]{2,12}?)(?P<old>公安)?消防(?:救援)?"
    r"(?P<kind>总队|支队|大队|中队|救援站|站|局)"
)
# Short forms: 盘锦支队, 辽宁总队; the place must be a real division.
UNIT_SHORT = re.compile(r"(?P<place>[\u4e00-\u9fff]{2,8}?)(?P<kind>总队|支队|大队)")


# Quotes units put around a campaign's words, or leave out: 打通“生命通道” is 打通生命通道.
CAMPAIGN_QUOTES = re.compile(r"[“”\"‘’「」『』]")


def campaign_key(name: str) -> str:
    """A campaign name as compared: quotes out (消防安全专项整治“三年行动”)."""
    return CAMPAIGN_QUOTES.sub("", name)


# A seasonal campaign is named by its season, which units write short or
# long: 冬春火灾防控 is 今冬明春火灾防控 (this winter and next spring), the
# same yearly campaign.  Each listed name or alias holding the short form
# is known in the long one too, so no taxonomy has to list both.
_SEASONS = (("冬春", "今冬明春"),)


def season_forms(key: str) -> list[str]:
    """The other written forms of a campaign key's season (none for most keys)."""
    return [key.replace(short, long) for short, long in _SEASONS if short in key and long not in key]


class TaxonomyError(ValueError):
    """The taxonomy file is malformed; the message says where and what to write."""


@dataclass(frozen=True, kw_only=True)
class Unit:
    name: str
    level: str
    parent: str = ""
    code: str
    aliases: tuple[str, ...] = ()
    known: bool = True  # listed in a taxonomy file, not only derived from its shape


@dataclass(frozen=True, kw_only=True)
class Campaign:
    name: str
    code: str
    description: str = ""
    aliases: tuple[str, ...] = ()
    known: bool = True


# Remembered: the same folder names and unit names recur in every file's
# slug, and a pinyin lookup costs as much as converting a short document.
@lru_cache(maxsize=4096)
def ascii_code(name: str) -> str:
    """A URL-safe code for a Chinese name: its pinyin, hyphen-free."""
    letters = "".join(lazy_pinyin(name, errors="ignore"))
    letters = re.sub(r"[^a-z0-9]", "", letters.lower())
    return letters or "x"


def level_of(name: str) -> str:
    for level in ("总队", "支队", "大队"):
        if name.endswith(level):
            return level
    if name.endswith("站") or name.endswith("中队"):
        return "站"
    if name.endswith("局"):
        return "局"
    return ""


# Entries a Taxonomy.memo holds before it is emptied (a few MB of short names).
MEMO_LIMIT = 100_000
_MISSING = object()


@dataclass(frozen=True, kw_only=True)
class Taxonomy:
    units: dict[str, Unit] = field(default_factory=dict)
    campaigns: dict[str, Campaign] = field(default_factory=dict)
    unit_aliases: dict[str, str] = field(default_factory=dict)  # alias -> canonical
    campaign_aliases: dict[str, str] = field(default_factory=dict)

    def unit(self, name: str) -> Unit:
        """The unit for a canonical name, derived from its shape if not listed."""
        canonical = self.unit_aliases.get(name, name)
        if canonical in self.units:
            return self.units[canonical]
        return _derived_unit(canonical)

    def campaign_keys(self) -> dict[str, str]:
        """Every canonical name and alias, quotes out → canonical name, and
        each in the other written forms of its season (`season_forms`)."""
        keys = self.__dict__.get("_campaign_keys")
        if keys is None:
            keys = {campaign_key(c): c for c in self.campaigns}
            keys |= {campaign_key(a): c for a, c in self.campaign_aliases.items()}
            for key, canonical in list(keys.items()):
                for form in season_forms(key):
                    keys.setdefault(form, canonical)
            object.__setattr__(self, "_campaign_keys", keys)
        return keys

    def campaign_keys_longest_first(self) -> tuple[tuple[str, str], ...]:
        """`campaign_keys()` as (key, canonical), longest key first (ties in file order)."""
        return self._derived("campaign_keys_longest_first", lambda: tuple(
            sorted(self.campaign_keys().items(), key=lambda kv: -len(kv[0]))))

    def campaign_key_pattern(self) -> re.Pattern[str] | None:
        """A regex finding any non-empty campaign key, or None when there are none."""
        return self._derived("campaign_key_pattern", lambda: _any_of(
            k for k, _ in self.campaign_keys_longest_first() if k))

    def campaign_key_breaks_line(self) -> bool:
        """Whether a campaign key holds a line break (asked of every document)."""
        return self._derived("campaign_key_breaks_line", lambda: any(
            "\n" in key for key, _ in self.campaign_keys_longest_first()))

    def unit_aliases_longest_first(self) -> tuple[tuple[str, str], ...]:
        """`unit_aliases` as (alias, canonical), longest alias first (ties in file order)."""
        return self._derived("unit_aliases_longest_first", lambda: tuple(
            sorted(self.unit_aliases.items(), key=lambda kv: len(kv[0]), reverse=True)))

    def unit_alias_breaks_line(self) -> bool:
        """Whether a unit alias holds a line break (asked of every document)."""
        return self._derived("unit_alias_breaks_line", lambda: any("\n" in alias for alias in self.unit_aliases))

    def unit_alias_pattern(self) -> re.Pattern[str] | None:
        """A regex finding any unit alias, or None when there are none."""
        return self._derived("unit_alias_pattern", lambda: _any_of(
            a for a, _ in self.unit_aliases_longest_first()))

    def memo(self, name: str, limit: int = MEMO_LIMIT) -> dict:
        """A cache named `name` for a pure function of a text and this taxonomy.

        Mentions recur in every document (the same units, the same places), so
        the rules remember what they found for each.  Emptied when it grows past
        `limit` entries, so a long `mkdocs serve` stays bounded; not part of
        the taxonomy's value (repr, equality, pickling).
        """
        memo = self._derived("memo " + name, dict)
        if len(memo) > limit:
            memo.clear()
        return memo

    def _derived(self, name: str, make):
        # A frozen dataclass: derived values are kept beside the fields, in
        # __dict__, which neither repr nor == reads; the taxonomy's dicts are
        # never changed once loaded, so they stay valid.
        derived = self.__dict__.get("_caches")
        if derived is None:
            derived = self.__dict__["_caches"] = {}
        value = derived.get(name, _MISSING)
        if value is _MISSING:
            value = derived[name] = make()
        return value

    def __getstate__(self) -> dict:
        # Workers get the taxonomy, not the caches the parent has filled.
        return {k: v for k, v in self.__dict__.items() if k not in ("_caches", "_campaign_keys")}

    def rival_places(self, name: str) -> tuple[divisions.Division, ...]:
        """The divisions a unit's name can equally be placed in (永定区消防救援大队);
        () when it names one, or the taxonomy lists it (the staff placed it)."""
        return () if name in self.units else rival_places(name)

    def canonical_unit(self, mention: str) -> str | None:
        """The canonical name a mention in the text refers to, or None.

        盘锦支队, 盘锦消防救援支队 and 盘锦市公安消防支队 all give
        盘锦市消防救援支队; a mention that names no place (各支队) gives None.
        """
        memo = self.memo("canonical_unit")
        if mention not in memo:
            memo[mention] = self._canonical_unit(mention)
        return memo[mention]

    def _canonical_unit(self, mention: str) -> str | None:
        if mention in self.unit_aliases:
            return self.unit_aliases[mention]
        forest = FOREST_BELOW.fullmatch(mention)
        if forest:
            return forest_unit(forest["brigade"], forest["place"], forest["kind"])
        forest = FOREST_DETACHMENT.fullmatch(mention)
        if forest:
            return forest_detachment(forest["place"])
        match = UNIT_SHAPE.fullmatch(mention)
        if match:
            return _canonical_from_shape(match["place"], match["kind"], strict=False) or _own_station(mention)
        match = UNIT_SHORT.fullmatch(mention)
        if match:
            return _canonical_from_shape(match["place"], match["kind"], strict=True)
        return None

    def campaign(self, name: str) -> Campaign:
        memo = self.memo("campaign")  # a new campaign's code is its pinyin: slow to make
        if name not in memo:
            memo[name] = self._campaign(name)
        return memo[name]

    def _campaign(self, name: str) -> Campaign:
        canonical = self.campaign_aliases.get(name) or self.campaign_keys().get(campaign_key(name), name)
        if canonical in self.campaigns:
            return self.campaigns[canonical]
        return Campaign(name=canonical, code=ascii_code(canonical)[:40], known=False)


# What a unit's place ends in when it is not a division of the cpca data.
_ZONE = re.compile(r"(?:区|县|市|州|旗|盟|镇|乡|街道|港|园|特勤|战勤保障|机场|林区|垦区)$")
_GENERIC_PLACES = frozenset("城市 农村 城区 市区 辖区 社区 园区 景区 小区 乡镇 城乡 地市 县区 县市 省市".split())
# A zone's own name is short and names a place; 周口市人民政府关于对市 is a phrase.
_NOT_ZONE = re.compile(r"^.{9,}$|[市州盟]$|政府|关于|[对的和与在将把是为向]")
_PLACE_PREFIX = re.compile(r"^(?:各|全|本|该|原|市|县|区|省|我|其|贵|所属)")
# A station named by its own words, not a place (红果子消防中队): the 2018
# reform renamed every 消防中队 a 消防救援站, and the text's reading names it
# so (metadata/units.py), so the same station written the old way, in a
# sidecar or an annotation, is that station.  A word before a station (各, 该,
# 本, 全) is no own name, nor one holding 消防 (a unit above it written first),
# nor a place's name (尧都消防中队): a place's station is the place's unit,
# which the place alone may not fix (尧都 without its city), so
# _canonical_from_shape decides it, as before.
_OLD_STATION = re.compile(r"(?P<own>(?![各全本该我其这此所每原])[\u4e00-\u9fff]{2,8}?)(?:公安)?消防中队")


def _own_station(mention: str) -> str | None:
    """A station named by its own words under its pre-reform name
    (`_OLD_STATION`) by its name now (红果子消防救援站), or None."""
    station = _OLD_STATION.fullmatch(mention)
    if station is None or "消防" in station["own"] or divisions.starts_at_division(station["own"]):
        return None
    return f"{station['own']}消防救援站"


# A unit of a province's forest brigade, named under it: 新疆森林消防总队伊犁支队,
# 四川省森林消防总队成都大队.  The forest brigades (森林消防总队) are a
# system of their own beside the 消防救援 units: their 支队 and 大队 are
# named by the brigade and a place, and are never the place's 消防救援支队.
FOREST_BELOW = re.compile(r"(?P<brigade>[\u4e00-\u9fff]{2,12}?森林消防总队)(?P<place>[\u4e00-\u9fff]{2,8}?)(?P<kind>支队|大队)")
_FOREST_BRIGADE = "森林消防总队"


# A forest brigade's 支队 named by its prefecture alone: 林芝市森林消防支队.
# The forest brigades have their 支队 at the prefectures; a county's or a
# city's own 森林消防大队 may be a local team of its 应急管理局, so a
# 大队 is read as the brigade's only when written under it (FOREST_BELOW).
FOREST_DETACHMENT = re.compile(r"(?P<place>[\u4e00-\u9fff]{2,8}?)森林消防支队")


def forest_unit(brigade: str, place: str, kind: str) -> str | None:
    """The canonical name of the forest brigade's unit at `place`: the
    brigade's canonical name, then the place's short name and the kind
    (伊犁支队, 成都大队: the units are named so, not by the divisions' full
    names).  None unless the place is a division of the brigade's province
    (新疆森林消防总队召开支队… names no unit)."""
    head = _canonical_from_shape(brigade[: -len(_FOREST_BRIGADE)] + "森林", "总队", strict=False)
    division = divisions.find(place)
    if head is None or division is None:
        return None
    province = divisions.province_of(division)
    if province is None or not head.startswith(province.name):
        return None
    return f"{head}{divisions.short_name(division.name)}{kind}"


def forest_detachment(place: str) -> str | None:
    """The canonical name of the forest 支队 of a prefecture (林芝市 → 西藏自治区森林消防总队林芝支队)."""
    division = divisions.find(place, 2)
    province = divisions.province_of(division) if division is not None else None
    if province is None or divisions.is_municipal(province):
        return None
    return forest_unit(f"{province.name}{_FOREST_BRIGADE}", place, "支队")


def _canonical_from_shape(place: str, kind: str, *, strict: bool) -> str | None:
    # 公安消防大队 is an old name with no place (公安县 is a county, but not here).
    # 各支队, 全市…, 原…(former): words, not places; but 原州区, 贵阳, 本溪 are places.
    if (_PLACE_PREFIX.match(place) and not divisions.starts_at_division(place)) or place == "公安":
        return None
    kind = "站" if kind in ("中队", "救援站") else kind
    if kind == "总队" and place.endswith("森林") and len(place) > 3:
        # 云南省森林消防总队, 西藏森林消防总队: a province's forest brigade.
        province = divisions.find(place[:-2], 1)
        return f"{province.name}森林消防总队" if province else None
    division, rivals, written = _placed(place, kind)
    if division is not None:
        return _unit_name(division, rivals, written)
    if strict or kind == "局" or not _ZONE.search(place) or place in _GENERIC_PLACES or _NOT_ZONE.search(place):
        return None
    # Zone and functional units (经济区消防大队, 特勤支队) keep their own words.
    return f"{place}消防救援{kind}"


def _unit_name(division: divisions.Division, rivals: tuple[divisions.Division, ...], written: str) -> str:
    """The canonical name of the fire unit of `division` (since 2024 every
    总队/支队/大队 is also its place's 消防救援局, so a 局 takes its kind).

    Some county-level names are used in several cities (永定区 in 龙岩 and in
    张家界; 鼓楼区 in four): the unit of such a district is named with its
    city (张家界市永定区消防救援大队), as the units sign themselves, and keeps
    its city in every name the portal gives it.  While the place can be any
    of them (`rivals`), the name is the one written (永定区消防救援大队; the
    short place 东港 when 东港市 and 东港区 share it), with no city to put it
    under: a guess by code order would file it under another city unsaid.
    """
    kind = divisions.unit_kind(division)
    if rivals:
        same_name = all(d.name == division.name for d in rivals)
        return f"{division.name if same_name else written}消防救援{kind}"
    return f"{_named_with_city(division)}消防救援{kind}"


def _named_with_city(division: divisions.Division) -> str:
    """盘锦市, 兴隆台区; 张家界市永定区 for a name other divisions share."""
    if division.level == 3 and sum(d.name == division.name for d in divisions.candidates(division.name, 3)) > 1:
        city = divisions.city_of(division)
        return f"{city.name}{division.name}" if city else division.name
    return division.name


def placed_name(division: divisions.Division) -> str:
    """The canonical name of `division`'s own fire unit, its place known."""
    return _unit_name(division, (), division.name)


def _placed(place: str, kind: str) -> tuple[divisions.Division | None, tuple[divisions.Division, ...], str]:
    """The division whose fire unit of this kind the place names: the whole
    place, or its last division after a province or city (广东省潮州市);
    the other divisions it names as well, when the place does not tell them
    apart (永定区 alone); and the place as written without that prefix.

    The division is the first in code order, as a lookup by name gives it;
    a prefix keeps only the divisions inside it (张家界市永定区), and the
    written kind only those with a unit of that kind (和平区消防救援大队 is
    沈阳's: 天津's 和平区 has a 支队).  A place one division has gives what
    it gave before either narrowed it.
    """
    def fits(division: divisions.Division) -> bool:
        return kind == "局" or divisions.unit_kind(division) == kind

    # A 局 is any level's: the highest level a name has comes first, as a
    # lookup by name alone gives it (朝阳消防救援局 is 朝阳市's).
    levels = {"总队": (1,), "支队": (2, 3), "大队": (3,), "局": (1, 2, 3)}.get(kind)
    if not levels:
        return None, (), place
    for start in range(0, len(place) - 1):
        area = divisions.find(place[:start]) if start else None
        if start and area is None:
            continue
        for level in levels:
            named = divisions.candidates(place[start:], level)
            if area is not None:
                # Only when one lies in it: 北京市朝阳区消防救援大队 is no other
                # city's 朝阳区, and 北京市兴隆台区 is read as before.
                named = tuple(d for d in named if divisions.within(d, area)) or named
            fitting = tuple(d for d in named if fits(d))
            if fitting and kind == "局":
                # A 局 of a place two cities have, one with a 支队 and one with
                # a 大队 (江北区: 重庆's and 宁波's), has no one name while
                # unplaced; it stays the first's, as it was.
                fitting = tuple(d for d in fitting if divisions.unit_kind(d) == divisions.unit_kind(fitting[0]))
            if fitting:
                return fitting[0], fitting[1:], place[start:]
    return None, (), place


# Remembered: asked of every unit mention; a pure function of the name.
@lru_cache(maxsize=4096)
def rival_places(name: str) -> tuple[divisions.Division, ...]:
    """The divisions an unlisted unit's name can equally be placed in
    (永定区消防救援大队: 龙岩's 永定区 and 张家界's), or () when it names one."""
    level = level_of(name)
    if level not in ("支队", "大队"):
        return ()
    division, rivals, _ = _placed(name.split("消防", 1)[0], level)
    return (division, *rivals) if rivals else ()


@cache
def _any_of(words) -> re.Pattern[str] | None:
    """One regex finding any of `words` (a pre-check: it says whether any
    stands in a text, in one scan), or None when there are none."""
    escaped = [re.escape(word) for word in words]
    return re.compile("|".join(escaped)) if escaped else None


# Remembered: every document whose unit the taxonomy does not list asks for
# it twice (its level and parent, whether it is new), and the same few names
# recur.  Exact: a pure function of the name (the divisions are fixed data,
# `ascii_code` is one too), and a Unit is frozen, so one may be shared.
@lru_cache(maxsize=4096)
def _derived_unit(name: str) -> Unit:
    level = level_of(name)
    forest = FOREST_BELOW.fullmatch(name) if level in ("支队", "大队") else None
    if forest:
        # A forest brigade's unit (新疆维吾尔自治区森林消防总队伊犁支队): under
        # the brigade, its code from the brigade's place and its own.
        place = forest["brigade"][: -len(_FOREST_BRIGADE)] + forest["place"]
        return Unit(name=name, level=level, parent=forest["brigade"],
                    code=f"{ascii_code(place)}-senlin-{_LEVEL_CODES[level]}", known=False)
    place = name.split("消防", 1)[0]
    parent = ""
    division, rivals, _ = _placed(place, level) if level in ("总队", "支队", "大队") else (None, (), place)
    if rivals:
        # A district several cities have, its city unsaid: no parent rather
        # than the first city's in code order (龙岩 for 张家界's 永定区).
        division = None
    if division is not None and level == "总队":
        parent = NATIONAL
    elif division is not None and (level == "大队" or divisions.is_municipal(division)):
        # A county's 大队 is under its city's 支队; a municipal district's 支队 under the 总队.
        up = divisions.prefecture_of(division) if level == "大队" else divisions.province_of(division)
        parent = f"{up.name}消防救援{divisions.unit_kind(up)}" if up else ""
    elif division is not None:
        province = divisions.province_of(division)
        parent = f"{province.name}消防救援总队" if province else ""
    elif level == "总队":
        parent = NATIONAL
    if level == "站":
        # 德州市消防救援支队广川特勤站: the unit written before the station's own name.
        written = re.match(r"^.+?消防救援(?:支队|大队)", name)
        parent = written.group() if written and written.group() != name else ""
    code = f"{ascii_code(place)}-{_LEVEL_CODES.get(level, 'x')}"
    return Unit(name=name, level=level, parent=parent, code=code, known=False)


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """The packaged taxonomy, extended by `path` when given."""
    entries = [_read(PACKAGED)]
    if path is not None:
        entries.append(_read(path))
    units: dict[str, Unit] = {}
    campaigns: dict[str, Campaign] = {}
    for source, data, lines in entries:
        for i, raw in enumerate(data.get("units") or []):
            unit = _unit(raw, _where(source, "units", i, raw, lines))
            units[unit.name] = unit
        for i, raw in enumerate(data.get("campaigns") or []):
            campaign = _campaign(raw, _where(source, "campaigns", i, raw, lines))
            campaigns[campaign.name] = campaign
    unit_aliases = {a: u.name for u in units.values() for a in u.aliases}
    campaign_aliases = {a: c.name for c in campaigns.values() for a in c.aliases}
    return Taxonomy(
        units=units,
        campaigns=campaigns,
        unit_aliases=unit_aliases,
        campaign_aliases=campaign_aliases,
    )


_KIND = {"units": "单位", "campaigns": "专项行动"}


def _where(source: str, section: str, index: int, raw: object, lines: dict[str, list[int]]) -> str:
    """How staff find an entry: its 1-based line in the file and its name
    (a zero-based `units[3]` means nothing to a person with an editor)."""
    numbers = lines.get(section, [])
    line = f"第 {numbers[index]} 行" if index < len(numbers) else f"{section} 的第 {index + 1} 项"
    name = raw.get("name") if isinstance(raw, dict) else None
    named = f"{_KIND[section]}“{one_line(name)[:40]}”" if isinstance(name, str) and name.strip() else \
        f"{section} 的第 {index + 1} 项"
    return f"{source}: {line}，{named}"


def _entry_lines(text: str) -> dict[str, list[int]]:
    """1-based line of each entry of the `units:` and `campaigns:` lists.

    Read from PyYAML's nodes, which keep where each entry starts; the text has
    already been loaded (and its limits checked), so composing it cannot fail
    in a new way, and any failure here only costs the line numbers.
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[str, list[int]] = {}
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if isinstance(value, yaml.SequenceNode):
                lines[str(key.value)] = [item.start_mark.line + 1 for item in value.value]
    return lines


def _read(path: Path) -> tuple[str, dict, dict[str, list[int]]]:
    # Same loader as sidecars (no numbers, no anchors, bounded depth), with
    # room for a province's list of units.
    if path.is_symlink():
        raise TaxonomyError(f"{path}: 是符号链接：请把分类文件本身放进仓库，不要用链接")
    try:
        text = path.read_text(encoding="utf-8")
        data = load_yaml(text, max_chars=4 * 1024 * 1024) or {}
    except OSError as exc:
        raise TaxonomyError(f"{path}: 无法读取分类文件（{exc.strerror}）：请检查文件是否存在、有没有读取权限") from exc
    except UnicodeDecodeError as exc:
        raise TaxonomyError(f"{path}: 不是 UTF-8 文本：请用 UTF-8 保存分类文件") from exc
    except YamlLimitError as exc:
        raise TaxonomyError(f"{path}: {exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = f"第 {mark.line + 1} 行" if mark else ""
        raise TaxonomyError(
            f"{path}: {line}不是有效的 YAML：请检查冒号后的空格、引号和缩进（每项以“- name: 名称”开头）"
        ) from exc
    if not isinstance(data, dict) or set(data) - {"units", "campaigns"}:
        extra = "、".join(sorted(str(k) for k in data)) if isinstance(data, dict) else ""
        raise TaxonomyError(
            f"{path}: 顶层只能有 units: 和 campaigns: 两个列表"
            + (f"（这里有 {extra}）" if extra else "")
            + "：请把其他内容删掉或缩进到某个单位、专项行动下面"
        )
    for section in ("units", "campaigns"):
        if data.get(section) is not None and not isinstance(data[section], list):
            raise TaxonomyError(
                f"{path}: {section}: 应是列表，每项以“- name: 名称”开头，例如 - name: "
                + ("盘锦市消防救援支队" if section == "units" else "消防安全集中除患攻坚大整治行动")
            )
    return str(path), data, _entry_lines(text)


_EXAMPLE = {"name": "盘锦市消防救援支队", "parent": "辽宁省消防救援总队", "code": "panjin-zhidui",
            "level": "支队", "description": "一句话说明这个专项行动"}


def _text(raw: dict, key: str, where: str, *, required: bool = False) -> str:
    value = raw.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise TaxonomyError(f"{where}: {key} 必须是一段文字：请写成 {key}: {_EXAMPLE.get(key, '…')}")
    return value.strip()


def _aliases(raw: dict, where: str, example: str = "[盘锦支队, 盘锦消防]") -> tuple[str, ...]:
    value = raw.get("aliases") or []
    if not isinstance(value, list) or not all(isinstance(a, str) and a for a in value):
        raise TaxonomyError(f"{where}: aliases 必须是文字列表：请写成 aliases: {example}")
    return tuple(value)


def _code(raw: dict, name: str, where: str, default: str) -> str:
    code = _text(raw, "code", where) or default
    if not _ASCII_CODE.match(code):
        raise TaxonomyError(
            f"{where}: code “{one_line(code)[:40]}” 只能用小写字母、数字和连字符：请写成 code: {_suggest_code(code, name)}"
        )
    if code in RESERVED_CODES or _PAGE_SUFFIX.search(code):
        # units/index.md is the unit index: a unit coded `index` would replace
        # it; units/x-2.md is page 2 of the listing of x.
        raise TaxonomyError(
            f"{where}: code “{code}” 是门户自己页面的名字（{'、'.join(RESERVED_CODES)}，或以“-数字”结尾的分页）："
            f"请换一个，例如 code: {code.rstrip('0123456789-') or 'x'}-zd"
        )
    return code


def _suggest_code(code: str, name: str) -> str:
    """The code as it should be written: `Panjin_ZD` → panjin-zd; a Chinese one → the name's pinyin."""
    fixed = re.sub(r"[^a-z0-9]+", "-", code.lower()).strip("-")
    if code.isascii() and fixed:
        return fixed
    return _derived_unit(name).code if level_of(name) else ascii_code(name)[:40]


def _unit(raw: object, where: str) -> Unit:
    if not isinstance(raw, dict):
        raise TaxonomyError(
            f"{where}: 每个单位应以“- name: 全称”开头（例如 - name: 盘锦市消防救援支队），"
            "下面缩进写 level:、parent:、code:、aliases:"
        )
    name = _text(raw, "name", where, required=True)
    level = _text(raw, "level", where) or level_of(name)
    if not level:
        raise TaxonomyError(f"{where}: 从名称看不出级别：请写全称（如 盘锦市消防救援支队），或加一行 level: 支队")
    if level not in UNIT_LEVELS:
        raise TaxonomyError(
            f"{where}: level “{one_line(level)[:20]}” 不是 {'/'.join(UNIT_LEVELS)} 之一：请写成 level: "
            f"{level_of(name) or '支队'}（中队写作 站）"
        )
    derived = _derived_unit(name)
    return Unit(
        name=name,
        level=level,
        parent=_text(raw, "parent", where) or derived.parent,
        code=_code(raw, name, where, derived.code),
        aliases=_aliases(raw, where),
    )


def _campaign(raw: object, where: str) -> Campaign:
    if not isinstance(raw, dict):
        raise TaxonomyError(
            f"{where}: 每个专项行动应以“- name: 名称”开头（例如 - name: 消防安全集中除患攻坚大整治行动），"
            "下面缩进写 code:、description:、aliases:"
        )
    name = _text(raw, "name", where, required=True)
    return Campaign(
        name=name,
        code=_code(raw, name, where, ascii_code(name)[:40]),
        description=_text(raw, "description", where),
        aliases=_aliases(raw, where, "[除患攻坚行动, 集中除患行动]"),
    )
