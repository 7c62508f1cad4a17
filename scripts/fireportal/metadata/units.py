"""unit and unit_level: which fire-and-rescue unit issued the document, or
the one a news item is about.

Every place the text names a unit is a mention: a name the taxonomy lists
(an alias), a name by its shape (盘锦市消防救援支队, 盘锦支队, 海城市消防救援局),
a station with its own name (广川特勤站, 长城路卫星消防站), or a name without
its place (市消防救援总队, 区消防救援支队, 县消防救援局) that the places the
text names complete.  Each mention is evidence of a kind (the title, the
落款, the lead's subject, the page's 来源, the body), and the unit with the
most weight wins; a choice without strong evidence is marked guessed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

from .. import divisions
from ..model import Value
from ..structure import is_furniture_line
from ..taxonomy import NATIONAL, UNIT_SHAPE, UNIT_SHORT, Taxonomy, placed_name
from .context import (
    BOOK_TITLE,
    MEETING_LEAD,
    PLACEHOLDER,
    Context,
    lead_sentences,
    paragraphs,
    web_hints,
)

# A zone's or a functional unit's own place words: 经济区消防大队, 高新消防救援大队, 特勤支队.
_ZONE_PLACE = re.compile(r"[\u4e00-\u9fff]{0,4}(?:经济|开发|高新|保税|工业|自贸)(?:技术开发)?区?|特勤|战勤保障")
# 消防救援局 alone is the national bureau; 县消防救援局 is a county's (since 2024).
_LOCAL_CHARS = "省市区县州盟旗"
_LOCAL_BEFORE = re.compile(f"[{_LOCAL_CHARS}]$")
# Words after which a unit is where something happens, not who does it:
# …启动仪式在长宁消防中队举行, 记者走进…特勤站, 前往…大队调研.
_VENUE_BEFORE = re.compile(r"(?:在|走进|来到|到|赴|前往|深入|莅临|慰问|走访|参观|看望|调研|视察|检查)$")

_VISITS = re.compile(r"(?:走进|来到|前往|深入|莅临|慰问|走访|参观|看望|调研|视察)[^，。；]*$")
# A station with its own name: 广川特勤站, 长城路卫星消防站, 天水郡消防救援站, 腾鳌消防救援站.
_STATION_WORD = re.compile(r"消防救援站|特勤消防站|卫星消防站|消防站|特勤站|消防中队")
# What stands before a station's own name in a sentence (在长宁消防中队, 接到…).
_BEFORE_OWN = re.compile(
    r"^.*(?:走进|来到|前往|深入|位于|接到|联合|组织|带领|和|与|及|的|是|由|向|为|把|将|让|经|于|在|到|对|赴|了)"
)
_GENERIC_OWN = frozenset(
    "微型 城市 小型 专职 乡镇 企业 社区 志愿 政府专职 特勤 普通 标准 一级 二级 三级 水上 航空 战勤 多功能"
    " 街道 农村 村级 镇级 专业 民营 单位 景区 园区 智慧 新建 现有 辖区 全区 该站 各站 示范 小区 国家 基层 合同制".split()
)
# Words no station's own name holds: it would be a phrase (加快推动规划内消防站).
_VERBISH = re.compile(r"推|总结|认真|深入|建设|新建|规划|完成|开展|加快|落实|组织|实现|提升|加强|配备|投入|启用|成立|辖区|城区|所有|现有|一批|[0-9一二三四五六七八九十]+[座个所]")
_OWN_PREFIX = re.compile(r"^(?:各|全|本|该|我|其|这|此|所|每|新|一|二|三|多|个|座|级|县|区|市|省)")

# A unit written without its place: 市消防救援总队, 区消防救援支队, 县消防救援局, 消防大队.
_PLACELESS = re.compile(r"(?P<scope>[省市区县])?(?:公安)?消防(?:救援)?(?P<kind>总队|支队|大队|局)")
# Its end, found fast; the name starts 0 to 3 characters before it (scope, 公安).
_PLACELESS_END = re.compile(r"消防(?:救援)?(?:总队|支队|大队|局)")
# What may stand just before such a name (start, punctuation, a function word):
# not a place, which would make it a named unit, nor 各/全 (各支队, 全市…).
_PLACELESS_BEFORE = re.compile(r"(?:^|[^\u4e00-\u9fff]|[的和与及由在向对被经我本该并为将是，、])$")
# The unit a text names in its own words when it names no place at all:
# 我大队, 本支队, xx区大队, 消防大队 (the level is still clear).
_LEVEL_ONLY = re.compile(
    r"(?:^|[^\u4e00-\u9fff]|[我本该的在由和与])(?:[省市区县][xX×]*|[xX×]+[市区县])?(?:公安)?(?:消防(?:救援)?)?(?P<kind>总队|支队|大队)"
)
# A title whose subject is a whole province, city or county: 全省…会 is the 总队's.
_SCOPE_TITLE = re.compile(r"^(?:[\d]{4}年)?全(?P<scope>省|市|州|县|区)")
_SCOPE_LEVEL = {"省": "总队", "市": "支队", "州": "支队", "县": "大队", "区": "大队"}


class Mention(NamedTuple):
    # A NamedTuple, immutable like the frozen dataclasses elsewhere: tens of
    # thousands are made per thousand documents, and a frozen dataclass's
    # __init__ (one object.__setattr__ per field) costs ten times as much.
    start: int
    end: int
    name: str  # canonical; "" for a place-less name no place completes
    level: str
    how: str  # "named", "station" or "placeless"
    venue: bool = False  # where something happens (在…, 走进…), not who does it


def unit_mentions(text: str, taxonomy: Taxonomy) -> list[tuple[int, str]]:
    """(position, canonical name) of every unit the text names."""
    return [(m.start, m.name) for m in mentions(text, taxonomy) if m.name and m.how != "placeless"]


def mentions(text: str, taxonomy: Taxonomy, places: str | None = None) -> list[Mention]:
    """Every unit mention in `text`, in order; `places` is the text whose
    place names complete place-less mentions (the whole document)."""
    if _UNIT_WORD.search(text) is None:
        aliases = taxonomy.unit_alias_pattern()
        if aliases is None or aliases.search(text) is None:
            return []  # most sentences and paragraph openings name no unit: skip every pass
    found, placeless = _found_in(text, taxonomy)
    found = _placed_by_city(found, taxonomy, text if places is None else places)
    if not placeless:
        return list(found)
    named_places = _divisions_named(text if places is None else places)
    completed = (_completed(p, named_places) for p in placeless)
    return sorted([*found, *completed], key=lambda m: m.start)


# The unit a station's name starts with: 永定区消防救援大队 of 永定区消防救援大队城南消防站.
STATION_UNIT = re.compile(r"^(.+?消防救援(?:支队|大队))(.+)$")


def _placed_by_city(found: tuple[Mention, ...], taxonomy: Taxonomy, places: str) -> tuple[Mention, ...]:
    """`found`, with each unit whose district several cities have (永定区,
    鼓楼区) placed in the one of those cities the document names.

    A text about a county's brigade is local news: the brigade is the one of
    the city the text writes (红网时刻张家界…讯, 张家界市消防救援支队, 张家界市永定区),
    never of another city with a district of that name, which such a text has
    no cause to write.  When it names several or none, the unit stays unplaced.
    """
    placed = None
    for at, mention in enumerate(found):
        name = mention[2]
        unit, tail = name, ""
        if mention[4] == "station":
            split = STATION_UNIT.match(name)
            if split is None:
                continue
            unit, tail = split.groups()
        rivals = taxonomy.rival_places(unit)
        if not rivals:
            continue  # nearly every mention: its place is one division
        division = _city_named(rivals, places)
        if division is None:
            continue
        if placed is None:
            placed = list(found)
        placed[at] = mention._replace(name=placed_name(division) + tail)
    return found if placed is None else tuple(placed)


# A city's short name names the city where it stands apart from the words
# around it on one side at least: after a mark or at a line's start (龙岩、张家界两地,
# 张家界日报), or before one, or before a unit's or a dateline's word (红网时刻张家界12月15日讯,
# 张家界消防, 张家界支队, 张家界讯); not inside a phrase it begins (确保社会长治久安).
_SHORT_APART = "(?:(?<![\u4e00-\u9fff]){0}|{0}(?=[^\u4e00-\u9fff]|[市消支大讯站]|$))"


@lru_cache(maxsize=64)
def _city_named(rivals: tuple[divisions.Division, ...], places: str) -> divisions.Division | None:
    """The one of `rivals` whose city `places` names: written just before the
    district (张家界市永定区, 张家界永定区) first, else anywhere (张家界市, or
    张家界 standing as a name); None when several are named or none."""
    cities = [(d, c, divisions.short_name(c.name)) for d, c in ((d, divisions.city_of(d)) for d in rivals) if c]
    beside = [d for d, c, short in cities
              if any(f"{n}{p}" in places for n in {c.name, short} for p in {d.name, divisions.short_name(d.name)})]
    if beside:
        return beside[0] if len(beside) == 1 else None
    anywhere = [d for d, c, short in cities
                if c.name in places or (len(short) >= 2 and re.search(_SHORT_APART.format(re.escape(short)), places))]
    return anywhere[0] if len(anywhere) == 1 else None


# Short texts (titles, 落款 lines, paragraph openings) recur from document to
# document; what they name, but for the places that complete place-less
# names, is remembered for texts up to this long (longer ones are one-offs).
_REMEMBERED_CHARS = 200
_REMEMBERED_TEXTS = 20_000


def _found_in(text: str, taxonomy: Taxonomy) -> tuple[tuple[Mention, ...], tuple[_Placeless, ...]]:
    """What `text` names on its own: its units in order, each marked venue or
    not, and the place-less names the document's places may complete."""
    if len(text) > _REMEMBERED_CHARS:
        return _find(text, taxonomy)
    memo = taxonomy.memo("units.found_in", limit=_REMEMBERED_TEXTS)
    found = memo.get(text)
    if found is None:
        found = memo[text] = _find(text, taxonomy)
    return found


def _find(text: str, taxonomy: Taxonomy) -> tuple[tuple[Mention, ...], tuple[_Placeless, ...]]:
    # Names inside 《》 are titles of documents and standards, not issuers.
    masked = BOOK_TITLE.sub(lambda m: " " * len(m.group()), text) if "《" in text else text
    candidates = _named(masked, taxonomy)
    candidates += _stations(masked, taxonomy, candidates)
    taken, spans = _longest_first(candidates)
    if _FOREST_BRIGADE in masked:
        taken = _forest_links(masked, taken, taxonomy)
    found = sorted([m._replace(venue=True) if _is_venue(masked, m[0]) else m for m in taken], key=_start)
    return tuple(found), tuple(_placeless(masked, spans))


_FOREST_BRIGADE = "森林消防总队"
# A place and a kind right after a forest brigade's name (…总队伊犁支队).
_FOREST_UNIT_AFTER = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:支队|大队)")


def _forest_links(text: str, taken: list[Mention], taxonomy: Taxonomy) -> list[Mention]:
    """`taken`, with each forest brigade written with one of its units right
    after it (新疆森林消防总队伊犁支队) made one mention of that unit.

    The forest brigades are a system of their own: the shape alone would
    read the unit after the brigade (伊犁支队) as the place's 消防救援支队,
    another unit, and the brigade as the subject.  The text names the
    brigade's unit, as 白城支队通榆大队 names the 大队 (`_last_link`)."""
    for mention in [m for m in taken if m.level == "总队" and m.name.endswith(_FOREST_BRIGADE)]:
        after = _FOREST_UNIT_AFTER.match(text, mention.end)
        name = taxonomy.canonical_unit(text[mention.start: after.end()]) if after else None
        if name is None:
            continue
        end = after.end()
        taken = [m for m in taken if m is not mention and not (m.start < end and mention.end <= m.start)]
        taken.append(Mention(start=mention.start, end=end, name=name, level=taxonomy.unit(name).level, how="named"))
    return taken


# Every unit name but an alias ends in one of these (总队, 中队, 消防站, 局):
# the shapes, the stations and the place-less names.
_UNIT_WORD = re.compile(r"[队站局]")


def _longest_first(candidates: list[Mention]) -> tuple[list[Mention], _Spans]:
    """The longest mentions, then shorter ones that overlap none taken, in that
    order; and the spans taken."""
    taken: list[Mention] = []
    spans = _Spans()
    starts, ends = spans.starts, spans.ends
    if len(candidates) == 1:  # a title or a 落款 line names one unit: nothing to sort or overlap
        starts.append(candidates[0][0])
        ends.append(candidates[0][1])
        return list(candidates), spans
    for found in sorted(candidates, key=_longest_key):
        # spans.overlaps and spans.add, inlined (a call each per candidate cost a third of this loop).
        start, end = found[0], found[1]
        at = bisect_right(starts, start)
        if (at and starts[at - 1] < end and start < ends[at - 1]) or (at < len(starts) and starts[at] < end and start < ends[at]):
            continue
        starts.insert(at, start)
        ends.insert(at, end)
        taken.append(found)
    return taken, spans


def _longest_key(m: Mention) -> tuple[int, int]:
    return m[0] - m[1], m[0]


class _Spans:
    """Spans that do not overlap, kept sorted: whether a new one overlaps any
    is a look at its two neighbours (found by bisection), not a pass over all."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        at = bisect_right(self.starts, start)
        return bool((at and self.starts[at - 1] < end and start < self.ends[at - 1])
                    or (at < len(self.starts) and self.starts[at] < end and start < self.ends[at]))

    def covers(self, start: int, end: int) -> bool:
        """Whether one span holds all of start…end."""
        at = bisect_right(self.starts, start) - 1
        return at >= 0 and end <= self.ends[at]

    def add(self, start: int, end: int) -> None:
        at = bisect_right(self.starts, start)
        self.starts.insert(at, start)
        self.ends.insert(at, end)


# What ends a clause, for the words just before a mention.
_CLAUSE_END = frozenset("，。；：！？\n")


def _is_venue(text: str, at: int) -> bool:
    """Whether a unit named at `at` is where something happens, not who does it."""
    # The clause it stands in, up to it: a step back to the last clause end
    # costs the clause, not the whole text before it.
    start = at
    while start and text[start - 1] not in _CLAUSE_END:
        start -= 1
    clause = text[start: at]
    # 前往大武口区消防大队、大武口特勤中队、石嘴山支队: every place in the list is visited.
    return bool(_VENUE_BEFORE.search(clause[-2:]) or _VISITS.search(clause))


def _named(text: str, taxonomy: Taxonomy) -> list[Mention]:
    found: list[Mention] = []
    aliases = taxonomy.unit_alias_pattern()
    # The alternation of every alias finds none only where no alias stands
    # (an alias at any position would match there or earlier): one scan in
    # place of a substring search per alias, for the texts that name none.
    listed = taxonomy.unit_aliases_longest_first() if aliases is not None and aliases.search(text) else ()
    for alias, canonical in listed:
        if alias not in text:
            continue  # most aliases are in no text: skip the search
        level = taxonomy.unit(canonical).level
        # str.find from the end of the last hit: the non-overlapping hits
        # re.finditer(re.escape(alias)) would give, without a regex per alias.
        at = text.find(alias)
        while at >= 0:
            end = at + len(alias)
            # 县消防救援局 is the county's, not the national bureau
            # (_LOCAL_BEFORE can only match in the last two characters before it).
            if not (alias.startswith("消防") and _LOCAL_BEFORE.search(text, max(0, at - 2), at)):
                found.append(Mention(start=at, end=end, name=canonical, level=level, how="named"))
            at = text.find(alias, end)
    # What a shape names depends only on its words, whether a word stands just
    # before them, and the taxonomy; the same names recur in every document.
    memo = taxonomy.memo("units._shape_name")
    remembered = memo.get
    for pattern, ends, before in _SHAPES:
        for match in _anchored(pattern, ends, before, text):
            start, end = match.span()
            # _is_cjk(text[start - 1]), inlined: this loop runs for every 支队 and 大队 of every text.
            key = (match[0], match["place"], start == 0 or not "\u4e00" <= text[start - 1] <= "\u9fff")
            chosen = remembered(key, _UNSEEN)
            if chosen is _UNSEEN:
                chosen = memo[key] = _shape_name(*key, taxonomy)
            if chosen is not None:
                cut, canonical, level = chosen
                found.append(_mention((start + cut, end, canonical, level, "named", False)))
    return found


def _mention(fields: tuple) -> Mention:
    """Mention(*fields) without the Python-level __new__ a NamedTuple adds:
    the shape loop makes one for nearly every 支队 of every text."""
    return _new_tuple(Mention, fields)


_new_tuple = tuple.__new__
_start = itemgetter(0)  # a Mention's start


_UNSEEN = object()


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"  # CJK.match, without a regex call


# The end of each shape (消防救援支队, 支队), and how many characters before it
# the shape starts: its place, of 2 to 12 characters (14 with 公安 before 消防).
_SHAPE_END = re.compile(r"消防(?:救援)?(?:总队|支队|大队|中队|救援站|站|局)")
_SHORT_END = re.compile(r"总队|支队|大队")
_SHAPES = ((UNIT_SHAPE, _SHAPE_END, (2, 14)), (UNIT_SHORT, _SHORT_END, (2, 8)))


def _anchored(pattern: re.Pattern[str], ends: re.Pattern[str], before: tuple[int, int], text: str):
    """The matches `pattern.finditer(text)` gives, found from their ends.

    Scanning every position with a lazy place group costs a dozen steps a
    character; the ends are literal words found in one fast pass.  A match
    ends at one of them and starts `before` (least, most) characters before
    it, so searching from there (and no further than that end) skips only
    positions where no match can start: the same matches, in the same order.
    """
    least, most = before
    pos = 0
    for end in ends.finditer(text):
        at = end.start()
        if at < pos + least:
            continue  # no match starting after the last one can end here
        match = pattern.search(text, at - most if at - most > pos else pos, end.end())
        if match is not None:
            yield match
            pos = match.end()


def _shape_name(words: str, place: str, clean_before: bool,
                taxonomy: Taxonomy) -> tuple[int, str, str] | None:
    """(offset, canonical name, level) of the unit a shape match names, or None.

    The lazy place group can swallow words before the name
    (认真落实应急管理部…); try ever shorter starts.
    """
    for cut in range(0, len(place) - 1):
        candidate = words[cut:]
        if PLACEHOLDER.search(candidate):
            break
        canonical = taxonomy.canonical_unit(candidate)
        if not canonical:
            continue
        if canonical in taxonomy.units or candidate in taxonomy.unit_aliases or _at_place(
                place[cut:], starts_clean=cut == 0 and clean_before):
            return cut, canonical, taxonomy.unit(canonical).level
    return None


def _at_place(place: str, *, starts_clean: bool) -> bool:
    # A unit's name starts at a place (盘锦…, 兴隆台区…) or is a zone's
    # own (经济区, 高新, 特勤); never at a word before it (由, 记者来到).
    return bool(divisions.starts_at_division(place)
                or (starts_clean and _ZONE_PLACE.fullmatch(place)))


def _stations(text: str, taxonomy: Taxonomy, named: list[Mention]) -> list[Mention]:
    """Stations with their own names, as written under the unit before them."""
    found: list[Mention] = []
    if "站" not in text and "中队" not in text:
        return found  # every _STATION_WORD holds one of them
    ends = {m.end: m for m in named if m.level in ("支队", "大队")}
    for word in _STATION_WORD.finditer(text):
        run_start = word.start()
        while run_start > 0 and _is_cjk(text[run_start - 1]) and word.start() - run_start < 12:
            run_start -= 1
        parent = next((ends[e] for e in range(run_start, word.start() - 1) if e in ends), None)
        own_start = parent.end if parent else run_start
        own = text[own_start: word.start()]
        if not parent:
            trimmed = _BEFORE_OWN.sub("", own)
            # Its own name starts a clause or follows a word like 在/走进: never mid-phrase.
            if trimmed == own and own_start > 0 and _is_cjk(text[own_start - 1]):
                continue
            own_start += len(own) - len(trimmed)
            own = trimmed
        if not (2 <= len(own) <= 8) or own in _GENERIC_OWN or _OWN_PREFIX.match(own) or "消防" in own:
            continue
        if _VERBISH.search(own):
            continue
        if re.search(r"[级型性]$", own) or PLACEHOLDER.search(own):
            continue
        kind = "消防救援站" if word.group() == "消防中队" else word.group()
        name = f"{parent.name if parent else ''}{own}{kind}"
        found.append(Mention(start=parent.start if parent else own_start, end=word.end(),
                             name=name, level="站", how="station"))
    return found


class _Placeless(NamedTuple):
    """A unit named without its place (市消防救援支队), before the places complete it."""

    start: int
    end: int
    scope: str  # 省, 市, 区, 县 or ""
    kind: str  # 总队, 支队, 大队 or 局
    venue: bool


def _placeless(text: str, taken: _Spans) -> list[_Placeless]:
    found: list[_Placeless] = []
    pos = 0
    # _anchored(_PLACELESS, _PLACELESS_END, (0, 3), text), but an end inside a
    # unit taken already is passed over without its search: the name found
    # there (one always is, every part before 消防 is optional) would overlap
    # that unit and be dropped, and the next one starts after this end.
    for word in _PLACELESS_END.finditer(text):
        at, after = word.span()
        if at < pos:
            continue
        if taken.covers(at, after):
            pos = after
            continue
        match = _PLACELESS.search(text, max(pos, at - 3), after)
        if match is None:
            continue
        pos = match.end()
        start, end = match.span()
        if taken.overlaps(start, end):
            continue
        if not _PLACELESS_BEFORE.search(text[max(0, start - 1): start]):
            continue
        found.append(_Placeless(start=start, end=end, scope=match["scope"] or "",
                                kind=match["kind"], venue=_is_venue(text, start)))
    return found


def _completed(placeless: _Placeless, named_places: tuple[divisions.Division, ...]) -> Mention:
    """The mention of a place-less name, completed by the one place that fits, if any."""
    division = _complete(placeless.scope, placeless.kind, named_places)
    if division is not None:
        level = divisions.unit_kind(division)
        name = f"{division.name}消防救援{level}"
    else:
        name, level = "", "" if placeless.kind == "局" else placeless.kind
    return Mention(start=placeless.start, end=placeless.end, name=name, level=level,
                   how="placeless", venue=placeless.venue)


@lru_cache(maxsize=8)
def _divisions_named(places: str) -> tuple[divisions.Division, ...]:
    # Every mention in a document (its title, its 落款, each paragraph's
    # opening) is completed from the same whole text: read its places once.
    return tuple(d for _, d in divisions.named_in(places))


def _complete(scope: str, kind: str,
              named: tuple[divisions.Division, ...]) -> divisions.Division | None:
    """The one division the text names that a place-less unit can belong to."""
    def fits(d: divisions.Division) -> bool:
        if kind != "局" and divisions.unit_kind(d) != kind:
            return False
        if scope == "省":
            return d.level == 1 and not divisions.is_municipal(d)
        if scope == "市":
            return d.name.endswith("市")
        if scope in ("区", "县"):
            return d.level == 3 and d.name.endswith(scope)
        return kind != "局"

    fitting = {d.code: d for d in named if fits(d)}
    if not fitting and scope == "省" and kind in ("总队", "局"):
        # 省消防救援总队 in a text about 廊坊 and 邢台: their one province.
        provinces = {p.code: p for p in (divisions.province_of(d) for d in named) if p and not divisions.is_municipal(p)}
        fitting = provinces
    return next(iter(fitting.values())) if len(fitting) == 1 else None


# --- the choice ------------------------------------------------------------


@dataclass
class _Evidence:
    weight: float = 0.0
    notes: list[str] | None = None
    count: int = 0
    opens: int = 0  # paragraphs it opens as their subject
    inferred: bool = True  # only place-less mentions named it

    @property
    def presence(self) -> int:
        return self.count + self.opens

    def add(self, weight: float, note: str, mention: Mention) -> None:
        self.weight += weight
        self.notes = [*(self.notes or []), note]
        self.inferred = self.inferred and mention.how == "placeless"


# Weights of each kind of evidence; a unit needs STRONG to be taken unflagged.
TITLE, DATELINE, CLOSING, MEETING, LEAD, TITLE_PLACE, OUTLET, BODY, BODY_CAP = 100, 90, 85, 60, 50, 40, 30, 6, 24
SUBJECT, SUBJECT_CAP = 15, 45
# What may stand before a paragraph's subject: nothing, or a clause (一年来，今年以来，x月x日，).
_SUBJECT_BEFORE = re.compile(r"^(?:[^，。；]{0,12}[，,])?$")
STRONG = 50
# Compiled once: the rule asks them of every document's last lines.
_SENTENCE_MARK = re.compile(r"[，。；！？：]")
_DATE_CHARS = re.compile(r"[\d〇○零一二三四五六七八九十年月日\s]")


def _closing_lines(ctx: Context, places: str) -> list[tuple[str, int, tuple[str, ...]]]:
    """The 落款: short lines at the end that are not sentences, each with where
    it starts in `places` (which ends with the blocks' texts, one a line) and
    the lines that follow it."""
    found = []
    end = len(places)
    last = [block.text for block in ctx.blocks[-6:]]
    for index in range(len(last) - 1, -1, -1):
        text = last[index]
        start = end - len(text)
        if len(text) <= 40 and not _SENTENCE_MARK.search(text):
            found.append((text, start, tuple(last[index + 1:])))
        end = start - 1
    return found[::-1]


# A note in brackets on a line of its own: （此件公开发布）.
_BRACKETED = re.compile(r"^[（(][^（()）]*[）)]$")


def _signs_off(following: tuple[str, ...], taxonomy: Taxonomy) -> bool:
    """Whether a unit's line with these lines after it can be the 落款.

    A 落款 closes the text: what follows it is its date, a co-signer's
    name, a bracketed note, then, after the date, only the page's own
    lines (links, comments, footers).  A unit's name with the text going on
    after it (荆州支队 / 隐患单位名称：…) heads a section of a list by unit."""
    for line in following:
        line = line.strip()
        if line and not _DATE_CHARS.sub("", line):  # its date (2023年5月1日, 二〇二三年十一月五日)
            return True
        if is_furniture_line(line) or _BRACKETED.match(line):
            continue
        named = [m for m in mentions(line, taxonomy) if m.name and m.start == 0]
        if not (named and not _DATE_CHARS.sub("", line[named[0].end:])):
            return False
    return True


def _line_mentions(every: list[Mention], line: str, start: int, places: str, taxonomy: Taxonomy) -> list[Mention]:
    """`mentions(line, taxonomy, places)` for a line of `places` (it starts at
    `start`, after a line break or at 0, and a line break or the end follows
    it), read off `every`, what `mentions(places, taxonomy)` found.

    Exact because nothing a mention is found by reaches across a line break:
    no shape, station word, place-less name or name in 《》 holds one; each
    look before a name (venue clause, a station's own name, a place-less
    name's neighbour, a shape's clean start) stops at one as at the text's
    start; overlaps are settled among mentions that overlap, within a line;
    and the places that complete a place-less name, or place a district
    several cities have, are read from `places` both ways.  Two cases are
    asked of the line itself: an alias holding a line break, and a line
    opening with 消防 after a line ending in _LOCAL_CHARS, where
    _LOCAL_BEFORE's $ matches before the break between them and drops an
    alias (消防救援局) the line alone keeps.
    """
    if taxonomy.unit_alias_breaks_line() or (
            start >= 2 and places[start - 2] in _LOCAL_CHARS and line.startswith("消防")):
        return mentions(line, taxonomy, places)
    end = start + len(line)
    return [_mention((m[0] - start, m[1] - start, *m[2:])) for m in every if start <= m[0] and m[1] <= end]


# The national bureau is cited by every unit (按照国家消防救援局部署); it is the
# subject only when a clause opens with it and it acts (国家消防救援局制定本方案,
# 应急管理部消防救援局近日发文), not when its 党委, its 部署 or its 微博 follows.
_NOT_ACTING = re.compile(r"^(?:的|党委|官方|部署|要求|统一|关于|和|与|及|、)")


# The bureau followed by one of its offices, a rank and a person's name
# (国家消防救援局党建指导司二级专员弓立新、…出席会议): a guest introduced by
# affiliation in a list of those attending a unit's meeting, not the bureau
# acting.  The genre names an official of the bureau's 司/处/室/中心 this way
# only as a visitor; the bureau itself acts without an office and a person
# between it and its verb (国家消防救援局制定本方案).
_GUEST_OFFICIAL = re.compile(
    r"^[\u4e00-\u9fff]{1,10}?(?:司|处|室|中心)"
    r"(?:[一二三四]级)?(?:专员|巡视员|调研员|副?(?:司长|处长|主任|局长|科长|组长)|负责人)"
    r"[\u4e00-\u9fff·]{2,4}?(?=[、，,]|等|同志|一行|出席|参加|莅临|到会|应邀|受邀)"
)


def _national_acts(sentence: str, mention: Mention) -> bool:
    clause = re.split(r"[，。；：！？,]", sentence[: mention.start])[-1].strip()
    # The mention may be the alias 消防救援局 inside 国家消防救援局.
    clause = re.sub(r"(?:国家|应急管理部)$", "", clause)
    after = sentence[mention.end:]
    return not clause and not _NOT_ACTING.match(after) and not _GUEST_OFFICIAL.match(after)


# The rank of each level, highest first, for a chain of units written one
# after the other.
_RANK_OF = {"总队": 1, "支队": 2, "大队": 3, "站": 4}


def _last_link(found: list[Mention], first: Mention) -> Mention:
    """The unit that acts when `first` opens a chain of units written one
    right after the other, each under the one before (白城支队通榆大队,
    盘锦支队兴隆台区大队): the text names the lower unit by its parents, as a
    station is named under its unit (葫芦岛支队特勤站), and the lowest, the
    last link, is the one the sentence is about."""
    link = first
    for mention in found:
        if (mention.start == link.end and mention.name
                and _RANK_OF.get(link.level, 9) < _RANK_OF.get(mention.level, 0)):
            link = mention
    return link


def _lead_subject(ctx: Context, places: str, body: list[Mention]) -> tuple[Mention | None, str]:
    """The unit the lead's first sentences are about, and how it was found;
    a unit the lead only visits (来到忠县消防救援大队) when it names no other."""
    tax = ctx.taxonomy
    visited: Mention | None = None
    for index, sentence in enumerate(lead_sentences(ctx)):
        # MEETING_LEAD's every match holds 召开, which the 。 added cannot complete.
        meeting = MEETING_LEAD.match(sentence.rstrip("。！？") + "。") if "召开" in sentence else None
        if meeting:
            found = [m for m in mentions(meeting["subject"], tax, places) if m.name]
            if found:
                return found[0], "导语主语（召开会议）"
        named = [m for m in mentions(sentence, tax, places)
                 if m.name and (m.name != NATIONAL or _national_acts(sentence, m))]
        found = [m for m in named if not m.venue]
        if found:
            return _last_link(found, found[0]), "导语第一句" if index == 0 else "导语开头"
        visited = visited or (named[0] if named else None)
    if visited and {m.name for m in body} == {visited.name}:
        return visited, "导语里去往的单位（全文只提到它）"
    return None, ""


def rule_unit(ctx: Context, found: dict | None = None) -> Value:
    tax = ctx.taxonomy
    places = "\n".join([ctx.head.title, ctx.head.subtitle, ctx.head.dateline, *[b.text for b in ctx.blocks]])
    # What the whole text names, read once: the title's, the date line's and
    # the 落款's mentions are read off it, and the lead's subject and the
    # body's counts need it.
    every = mentions(places, tax)
    evidence: dict[str, _Evidence] = {}

    def add(mention: Mention, weight: float, note: str) -> None:
        if mention.how == "placeless":
            weight *= 0.6  # its place came from elsewhere in the text
        evidence.setdefault(mention.name, _Evidence()).add(weight, note, mention)

    dateline_at = len(ctx.head.title) + 1 + len(ctx.head.subtitle) + 1
    for text, start, weight, note in ((ctx.head.title, 0, TITLE, "标题"),
                                      (ctx.head.dateline, dateline_at, DATELINE, "日期行")):
        subject = [m for m in _line_mentions(every, text, start, places, tax) if m.name and not m.venue]
        if subject:
            add(_last_link(subject, subject[0]), weight, note)
    for line, start, following in _closing_lines(ctx, places):
        # The 落款 is the unit's name alone (a date may follow): not a caption naming it.
        named = [m for m in _line_mentions(every, line, start, places, tax) if m.name and m.start == 0
                 and not _DATE_CHARS.sub("", line[m.end:])]
        if named and _signs_off(following, tax):
            add(named[0], CLOSING, "落款单位")
            break
    body = [m for m in every if m.name]
    subject, how = _lead_subject(ctx, places, body)
    if subject:
        add(subject, MEETING if "会议" in how else LEAD, how)
    outlet = web_hints(ctx.furniture).outlet
    named = [m for m in mentions(outlet, tax) if m.name and m.how != "placeless"] if outlet else []
    if named:
        add(named[0], OUTLET, "网页来源")
    # Each name's count and first mention, in the order names first appear (a Counter's order), in one pass.
    counts: dict[str, int] = {}
    first: dict[str, Mention] = {}
    for m in body:
        if m.name in counts:
            counts[m.name] += 1
        else:
            counts[m.name] = 1
            first[m.name] = m
    for name, count in counts.items():
        add(first[name], min(BODY_CAP, BODY * count), f"正文提到 {count} 次")
        evidence[name].count = count
    # A unit that opens paragraph after paragraph (一年来，经济区消防大队坚持…) is
    # their subject; the lead's own subject is counted above already.
    subjects = Counter(
        m.name for para in paragraphs(ctx)[1:40] for m in mentions(para[:24], tax, places)
        if m.name and not m.venue and _SUBJECT_BEFORE.match(para[: m.start])
    )
    for name, count in subjects.items():
        if name in evidence:
            evidence[name].opens = count
        if count >= 2:
            add(first[name] if name in counts else Mention(
                start=0, end=0, name=name, level=tax.unit(name).level, how="named"),
                min(SUBJECT_CAP, SUBJECT * count), f"{count} 段以它开头")
    title_places = [d for _, d in divisions.named_in(ctx.head.title)]
    for name, ev in evidence.items():
        if any(name.startswith(d.name) for d in title_places):
            ev.weight += TITLE_PLACE
            ev.notes = [*(ev.notes or []), "标题里的地名"]
    scope = _SCOPE_TITLE.match(ctx.head.title)
    if scope:
        for name, ev in evidence.items():
            if tax.unit(name).level == _SCOPE_LEVEL[scope["scope"]]:
                ev.weight += TITLE_PLACE
                ev.notes = [*(ev.notes or []), f"标题“全{scope['scope']}”"]
    # The national bureau is cited by every unit (按照国家消防救援局部署): it
    # issues a text only when the title, the 落款 or the lead says so.
    if NATIONAL in evidence and evidence[NATIONAL].weight < STRONG:
        del evidence[NATIONAL]
    if not evidence:
        return _no_unit(ctx, places)
    ranked = sorted(evidence.items(), key=lambda kv: -kv[1].weight)
    best, ev = ranked[0]
    note = "、".join(dict.fromkeys(ev.notes or []))
    guessed = ev.weight < STRONG or ev.inferred
    # A lead about a higher unit's meeting may be a story about one of its
    # units, named again and again (总队党委会 … 德州支队被表彰): take that one, unsure.
    dominant = max(evidence.items(), key=lambda kv: kv[1].presence)
    if (dominant[0] != best and dominant[1].presence >= 3 and dominant[1].presence > ev.presence
            and ev.weight < TITLE and "落款单位" not in note):
        best, note, guessed = dominant[0], f"正文提到 {dominant[1].count} 次，多于导语里的“{best}”", True
    elif len(ranked) > 1 and ranked[1][1].weight >= ev.weight - 10 and ev.weight < TITLE:
        guessed = True
        note += f"；“{ranked[1][0]}”也有可能"
    return _rank_checked(Value(value=best, origin="text", note=note, guessed=guessed), every, places, tax)


# A rank names its unit's kind: 大队长 and 副大队长 lead a 大队, 支队政委 a 支队.
_RANK = re.compile(r"副?(总|支|大)队(?:长|政委|政治委员|教导员)")
_KIND_WRITTEN = re.compile(r"总队|支队|大队")


def _rank_checked(chosen: Value, every: list[Mention], places: str, tax: Taxonomy) -> Value:
    """The unit, checked against the ranks the text gives its people.

    A unit written without its kind (忠县消防救援局, 忠县消防) takes the kind
    the divisions data gives its place, and that is an assumption: a
    province-level city's counties and districts are not all alike (重庆's
    忠县 has a 大队, 上海's 静安区 a 支队).  When every rank the text names
    is of one other kind (会议由副大队长主持), the text knows better: a
    province-level city's unit takes that kind, any other is flagged."""
    name = str(chosen.value)
    level = tax.unit(name).level
    if level not in ("总队", "支队", "大队") or "队" not in places:
        return chosen
    found = list(_RANK.finditer(places))
    ranks = {f"{m.group(1)}队" for m in found}
    if len(ranks) != 1 or level in ranks:
        return chosen
    if any(_KIND_WRITTEN.search(places[m.start:m.end]) for m in every if m.name == name):
        return chosen  # the text writes the kind itself
    (rank,) = ranks
    place = name.split("消防", 1)[0]
    division = divisions.find(place, 3)
    note = f"{chosen.note}；名称里没写级别，正文有“{found[0].group()}”"
    if division is not None and divisions.is_municipal(division) and rank != "总队":
        return Value(value=f"{place}消防救援{rank}", origin="text", guessed=True,
                     note=f"{note}，按“{rank}”算")
    return Value(value=name, origin="text", guessed=True, note=note)


# A unit name with its place replaced by a placeholder: xx消防大队, X市消防救援支队, xx区大队.
_ANONYMISED = re.compile(r"[xX×＊*]{1,4}[省市区县州]?(?:公安)?(?:消防(?:救援)?)?(?P<kind>总队|支队|大队)")


def _no_unit(ctx: Context, places: str) -> Value:
    """No unit named: say which level the text's own words show, if any.
    A copy whose unit is anonymised (xx消防大队) is right to name none."""
    # Both patterns end every match in 总队, 支队 or 大队: a text without 队 is not scanned.
    for text in (ctx.head.title, ctx.head.subtitle, places):
        hidden = [m["kind"] for m in _ANONYMISED.finditer(text)] if "队" in text else []
        if hidden:
            level = hidden[0] if text is not places else Counter(hidden).most_common(1)[0][0]
            return Value(value="", origin="text", note=f"单位名称已匿名（“{level}”）")
    for text in (ctx.head.title, ctx.head.subtitle, places):
        levels = [m["kind"] for m in _LEVEL_ONLY.finditer(BOOK_TITLE.sub("", text))] if "队" in text else []
        if levels:
            level = Counter(levels).most_common(1)[0][0]
            return Value(value="", origin="text", note=f"只写了“{level}”，没写是哪个{level}", guessed=True)
    return Value(value="", origin="text", note="正文没有写明消防救援单位")


def level_only(unit: Value) -> str:
    """The level a unit-less text shows (我大队, 县消防救援大队, xx消防大队), or ""."""
    found = re.match(r"(?:只写了|单位名称已匿名（)“(总队|支队|大队)”", unit.note)
    return found.group(1) if found and not unit.value else ""
