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
from collections import Counter
from dataclasses import dataclass

from .. import divisions
from ..model import Value
from ..taxonomy import NATIONAL, UNIT_SHAPE, UNIT_SHORT, Taxonomy
from .context import (
    BOOK_TITLE,
    CJK,
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
_LOCAL_BEFORE = re.compile(r"[省市区县州盟旗]$")
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


@dataclass(frozen=True, kw_only=True)
class Mention:
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
    # Names inside 《》 are titles of documents and standards, not issuers.
    masked = BOOK_TITLE.sub(lambda m: " " * len(m.group()), text)
    candidates = _named(masked, taxonomy)
    candidates += _stations(masked, taxonomy, candidates)
    taken: list[Mention] = []
    for found in sorted(candidates, key=lambda m: (m.start - m.end, m.start)):
        if all(found.end <= t.start or t.end <= found.start for t in taken):
            taken.append(found)
    taken += _placeless(masked, taken, text if places is None else places)
    return sorted((_with_venue(m, masked) for m in taken), key=lambda m: m.start)


def _with_venue(mention: Mention, text: str) -> Mention:
    clause = re.split(r"[，。；：！？\n]", text[: mention.start])[-1]
    # 前往大武口区消防大队、大武口特勤中队、石嘴山支队: every place in the list is visited.
    venue = bool(_VENUE_BEFORE.search(clause[-2:]) or _VISITS.search(clause))
    return Mention(**{**mention.__dict__, "venue": venue})


def _named(text: str, taxonomy: Taxonomy) -> list[Mention]:
    found: list[Mention] = []
    for alias in sorted(taxonomy.unit_aliases, key=len, reverse=True):
        if alias not in text:
            continue  # most aliases are in no text: skip the regex
        canonical = taxonomy.unit_aliases[alias]
        for match in re.finditer(re.escape(alias), text):
            if alias.startswith("消防") and _LOCAL_BEFORE.search(text[: match.start()]):
                continue  # 县消防救援局 is the county's, not the national bureau
            found.append(Mention(start=match.start(), end=match.end(), name=canonical,
                                 level=taxonomy.unit(canonical).level, how="named"))
    for pattern in (UNIT_SHAPE, UNIT_SHORT):
        for match in pattern.finditer(text):
            mention = match.group()
            # The lazy place group can swallow words before the name
            # (认真落实应急管理部…); try ever shorter starts.
            for cut in range(0, len(match["place"]) - 1):
                candidate = mention[cut:]
                start = match.start() + cut
                if PLACEHOLDER.search(candidate):
                    break
                canonical = taxonomy.canonical_unit(candidate)
                starts_clean = cut == 0 and (match.start() == 0 or not CJK.match(text[match.start() - 1]))
                place = match["place"][cut:]
                # A unit's name starts at a place (盘锦…, 兴隆台区…) or is a zone's
                # own (经济区, 高新, 特勤); never at a word before it (由, 记者来到).
                at_place = divisions.starts_at_division(place) or (starts_clean and _ZONE_PLACE.fullmatch(place))
                if canonical and (canonical in taxonomy.units or candidate in taxonomy.unit_aliases or at_place):
                    found.append(Mention(start=start, end=match.end(), name=canonical,
                                         level=taxonomy.unit(canonical).level, how="named"))
                    break
    return found


def _stations(text: str, taxonomy: Taxonomy, named: list[Mention]) -> list[Mention]:
    """Stations with their own names, as written under the unit before them."""
    found: list[Mention] = []
    ends = {m.end: m for m in named if m.level in ("支队", "大队")}
    for word in _STATION_WORD.finditer(text):
        run_start = word.start()
        while run_start > 0 and CJK.match(text[run_start - 1]) and word.start() - run_start < 12:
            run_start -= 1
        parent = next((ends[e] for e in range(run_start, word.start() - 1) if e in ends), None)
        own_start = parent.end if parent else run_start
        own = text[own_start: word.start()]
        if not parent:
            trimmed = _BEFORE_OWN.sub("", own)
            # Its own name starts a clause or follows a word like 在/走进: never mid-phrase.
            if trimmed == own and own_start > 0 and CJK.match(text[own_start - 1]):
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


def _placeless(text: str, taken: list[Mention], places: str) -> list[Mention]:
    found: list[Mention] = []
    named_places = None
    for match in _PLACELESS.finditer(text):
        start, end = match.span()
        if any(t.start < end and start < t.end for t in taken):
            continue
        if not _PLACELESS_BEFORE.search(text[max(0, start - 1): start]):
            continue
        if named_places is None:
            named_places = [d for _, d in divisions.named_in(places)]
        division = _complete(match["scope"] or "", match["kind"], named_places)
        kind = match["kind"]
        if division is not None:
            level = divisions.unit_kind(division)
            name = f"{division.name}消防救援{level}"
        else:
            name, level = "", "" if kind == "局" else kind
        found.append(Mention(start=start, end=end, name=name, level=level, how="placeless"))
    return found


def _complete(scope: str, kind: str, named: list[divisions.Division]) -> divisions.Division | None:
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


def _closing_lines(ctx: Context) -> list[str]:
    """The 落款: short lines at the end that are not sentences."""
    tail = [b.text for b in ctx.blocks[-6:] if len(b.text) <= 40 and not re.search(r"[，。；！？：]", b.text)]
    return tail


# The national bureau is cited by every unit (按照国家消防救援局部署); it is the
# subject only when a clause opens with it and it acts (国家消防救援局制定本方案,
# 应急管理部消防救援局近日发文), not when its 党委, its 部署 or its 微博 follows.
_NOT_ACTING = re.compile(r"^(?:的|党委|官方|部署|要求|统一|关于|和|与|及|、)")


def _national_acts(sentence: str, mention: Mention) -> bool:
    clause = re.split(r"[，。；：！？,]", sentence[: mention.start])[-1].strip()
    # The mention may be the alias 消防救援局 inside 国家消防救援局.
    clause = re.sub(r"(?:国家|应急管理部)$", "", clause)
    return not clause and not _NOT_ACTING.match(sentence[mention.end:])


def _lead_subject(ctx: Context, places: str) -> tuple[Mention | None, str]:
    """The unit the lead's first sentences are about, and how it was found;
    a unit the lead only visits (来到忠县消防救援大队) when it names no other."""
    tax = ctx.taxonomy
    visited: Mention | None = None
    for sentence in lead_sentences(ctx):
        meeting = MEETING_LEAD.match(sentence.rstrip("。！？") + "。")
        if meeting:
            found = [m for m in mentions(meeting["subject"], tax, places) if m.name]
            if found:
                return found[0], "导语主语（召开会议）"
        named = [m for m in mentions(sentence, tax, places)
                 if m.name and (m.name != NATIONAL or _national_acts(sentence, m))]
        found = [m for m in named if not m.venue]
        if found:
            return found[0], "导语第一句" if sentence is lead_sentences(ctx)[0] else "导语开头"
        visited = visited or (named[0] if named else None)
    if visited and {m.name for m in mentions(places, tax) if m.name} == {visited.name}:
        return visited, "导语里去往的单位（全文只提到它）"
    return None, ""


def rule_unit(ctx: Context, found: dict | None = None) -> Value:
    tax = ctx.taxonomy
    places = "\n".join([ctx.head.title, ctx.head.subtitle, ctx.head.dateline, *(b.text for b in ctx.blocks)])
    evidence: dict[str, _Evidence] = {}

    def add(mention: Mention, weight: float, note: str) -> None:
        if mention.how == "placeless":
            weight *= 0.6  # its place came from elsewhere in the text
        evidence.setdefault(mention.name, _Evidence()).add(weight, note, mention)

    for text, weight, note in ((ctx.head.title, TITLE, "标题"), (ctx.head.dateline, DATELINE, "日期行")):
        subject = [m for m in mentions(text, tax, places) if m.name and not m.venue]
        if subject:
            add(subject[0], weight, note)
    for line in _closing_lines(ctx):
        # The 落款 is the unit's name alone (a date may follow): not a caption naming it.
        named = [m for m in mentions(line, tax, places) if m.name and m.start == 0
                 and not re.sub(r"[\d〇○零一二三四五六七八九十年月日\s]", "", line[m.end:])]
        if named:
            add(named[0], CLOSING, "落款单位")
            break
    subject, how = _lead_subject(ctx, places)
    if subject:
        add(subject, MEETING if "会议" in how else LEAD, how)
    outlet = web_hints(ctx.furniture).outlet
    named = [m for m in mentions(outlet, tax) if m.name and m.how != "placeless"] if outlet else []
    if named:
        add(named[0], OUTLET, "网页来源")
    body = [m for m in mentions(places, tax) if m.name]
    counts = Counter(m.name for m in body)
    for name, count in counts.items():
        mention = next(m for m in body if m.name == name)
        add(mention, min(BODY_CAP, BODY * count), f"正文提到 {count} 次")
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
            add(next(m for m in body if m.name == name) if name in counts else Mention(
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
    return Value(value=best, origin="text", note=note, guessed=guessed)


# A unit name with its place replaced by a placeholder: xx消防大队, X市消防救援支队, xx区大队.
_ANONYMISED = re.compile(r"[xX×＊*]{1,4}[省市区县州]?(?:公安)?(?:消防(?:救援)?)?(?P<kind>总队|支队|大队)")


def _no_unit(ctx: Context, places: str) -> Value:
    """No unit named: say which level the text's own words show, if any.
    A copy whose unit is anonymised (xx消防大队) is right to name none."""
    for text in (ctx.head.title, ctx.head.subtitle, places):
        hidden = [m["kind"] for m in _ANONYMISED.finditer(text)]
        if hidden:
            level = hidden[0] if text is not places else Counter(hidden).most_common(1)[0][0]
            return Value(value="", origin="text", note=f"单位名称已匿名（“{level}”）")
    for text in (ctx.head.title, ctx.head.subtitle, places):
        levels = [m["kind"] for m in _LEVEL_ONLY.finditer(BOOK_TITLE.sub("", text))]
        if levels:
            level = Counter(levels).most_common(1)[0][0]
            return Value(value="", origin="text", note=f"只写了“{level}”，没写是哪个{level}", guessed=True)
    return Value(value="", origin="text", note="正文没有写明消防救援单位")


def level_only(unit: Value) -> str:
    """The level a unit-less text shows (我大队, 县消防救援大队, xx消防大队), or ""."""
    found = re.match(r"(?:只写了|单位名称已匿名（)“(总队|支队|大队)”", unit.note)
    return found.group(1) if found and not unit.value else ""
