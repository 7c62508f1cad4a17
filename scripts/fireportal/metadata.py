"""Metadata: outline + context → front-matter fields, one rule per field.

Each rule returns a `Value` that remembers where it came from (text, path,
taxonomy, sidecar, front-matter, shape).  The policy for what cannot be
determined is the same everywhere: leave it empty and say so; never invent.
Overrides (sidecar, then front matter) are applied by `extract` after the
rules, so every rule sees only the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from .model import Block, Metadata, Problem, TitleBlock, Value
from .structure import BYLINE, DATE, FULL_DATE_LINE
from .taxonomy import UNIT_SHAPE, UNIT_SHORT, Taxonomy

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
_YEAR_DIR = re.compile(r"^(19|20)\d\d$")
_TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年")
_PLACEHOLDER = re.compile(r"[xX×＊*]{1,}")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_BOOK_TITLE = re.compile(r"《[^》\n]{0,80}》")
_QUOTED = re.compile(r"“[^”]+”")

# M月D日，<subject>（组织）召开<meeting>。 — the lead of a meeting report.
MEETING_LEAD = re.compile(
    r"^(?:[^，。]{0,20}?[\dxX]{1,2}月[\dxX]{1,2}日(?:[上下]午)?，)?"
    r"(?P<subject>[^，。；]{2,40}?)(?:组织|在[^，。]{1,20})?召开(?:了)?(?P<meeting>[^，。；]{2,60}?(?:会议|会))(?=[，。；])"
)
# A campaign named by its shape: a run of characters (quotes allowed) that
# ends in one of the words national and local campaigns end in.
CAMPAIGN_SHAPE = re.compile(
    r"(?<![\u4e00-\u9fff“”])(?P<name>(?:“[^”\n]{1,20}”|[\u4e00-\u9fff]){2,40}?"
    r"(?:专项整治三年行动|治本攻坚三年行动|大整治行动|集中攻坚行动|攻坚行动|专项行动|宣传月))"
)
# The run often starts with the verb or scope that introduces the name
# (持续推进…行动, 全区…行动): cut after the last such word.
_CAMPAIGN_LEAD = re.compile(
    r"^.*(?:开展|推进|部署|落实|启动|深化|组织|实施|围绕|结合|参加|参与|印发|确保|做好|抓好|打好|推动|召开|举行|进行|完成|加强|强化|关于)"
)
_CAMPAIGN_SCOPE = re.compile(r"^(?:全国|全省|全市|全区|全县|各地|今年|相继|持续|深入|全面|扎实|认真)+")
# Words that make the run a sentence about a campaign, not its name; a bare
# 专项行动 with no quoted slogan before it names nothing.
_NOT_CAMPAIGN = re.compile(r"此次|本次|该|这|要|是|在|把|将|对|等")
_GENERIC = re.compile(r"^(?:专项|集中|攻坚|大整治)")

DOC_TYPE_RULES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    # (doc_type, pattern, which text it reads: head / title / body / lead)
    ("简报", re.compile(r"简报|快报|专刊|第.{1,6}期"), "head"),
    ("通知", re.compile(r"(?:通知|通告|通报)$"), "title"),
    ("计划", re.compile(r"工作要点|工作计划|实施方案|行动方案"), "title"),
    ("总结", re.compile(r"总结|汇报|述职|分析报告"), "title"),
    ("会议", re.compile(r"办公会|党委会|常委会|部署会|调度会|推进会|例会|联席会议|座谈会|会议"), "title"),
    ("总结", re.compile(r"工作总结|汇报如下|总结如下|工作情况|下一步工作|存在的(?:突出)?问题"), "body"),
    ("会议", MEETING_LEAD, "lead"),
    ("新闻", re.compile(r"^(?:记者|通讯员)"), "byline"),
    ("新闻", re.compile(r"^(?:本报讯|本台讯|新华社|[^，。]{2,12}\d{1,2}月\d{1,2}日电)"), "lead"),
)


@dataclass(frozen=True, kw_only=True)
class Context:
    """What the rules may read besides the outline."""

    source: str  # repo-relative path
    head: TitleBlock
    blocks: tuple[Block, ...]
    taxonomy: Taxonomy


def _body_text(ctx: Context) -> str:
    return "\n".join(b.marker + b.text for b in ctx.blocks)


def _lead(ctx: Context) -> str:
    for block in ctx.blocks:
        if block.kind == "paragraph":
            return block.text
        if block.kind != "heading":
            return ""
    return ""


# --- title ---------------------------------------------------------------


def rule_title(ctx: Context) -> Value:
    if ctx.head.title:
        return Value(value=ctx.head.title, origin="text", note="标题行")
    match = MEETING_LEAD.match(_lead(ctx))
    if match:
        subject = match["subject"]
        return Value(value=f"{subject}召开{match['meeting']}", origin="text", note="导语“……召开……会”")
    for block in ctx.blocks:
        if block.kind in ("section", "heading", "subsection", "item") and block.text:
            head = re.split(r"[。！？]", block.text, maxsplit=1)[0]
            return Value(value=head[:40], origin="text", note="未找到标题，暂用第一个小标题")
    first = re.split(r"[。！？：；]", _lead(ctx) or "", maxsplit=1)[0]
    first = re.sub(r"^(?:本报讯|本台讯|本网讯|讯)", "", first)
    return Value(value=first[:40] or PurePosixPath(ctx.source).stem, origin="text", note="未找到标题，暂用第一句")


# --- date ----------------------------------------------------------------


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if all(c in _CN_DIGITS for c in text) and len(text) == 4:  # 二〇二三
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    # 十一, 二十八, 三十一
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(text, 0)


def _valid(year: int, month: int, day: int) -> bool:
    import calendar

    if not (1900 <= year <= 2100 and 1 <= month <= 12):
        return False
    return 1 <= day <= calendar.monthrange(year, month)[1]


def folder_year(source: str) -> str:
    for part in reversed(PurePosixPath(source).parts[:-1]):
        if _YEAR_DIR.match(part):
            return part
    return ""


def parse_date(text: str) -> tuple[str, str, str] | None:
    """First real date in text → (year or "", month, day); placeholders skipped."""
    for match in DATE.finditer(text):
        month, day = _number(match["m"]), _number(match["d"])
        year = _number(match["y"]) if match["y"] else 0
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        if year and not _valid(year, month, day):
            continue
        return (str(year) if year else "", f"{month:02d}", f"{day:02d}")
    return None


def _closing_date(ctx: Context) -> str:
    """The date that signs off a notice (落款), on one of the last lines."""
    for block in ctx.blocks[-3:]:
        if block.kind == "paragraph" and FULL_DATE_LINE.match(block.text):
            found = parse_date(block.text)
            if found and found[0]:
                return "-".join(found)
    return ""


def rule_date(ctx: Context) -> Value:
    folder = folder_year(ctx.source)
    for text, note in ((ctx.head.dateline, "日期行"), (_lead(ctx)[:80], "导语日期")):
        found = parse_date(text) if text else None
        if not found:
            continue
        year, month, day = found
        if year:
            return Value(value=f"{year}-{month}-{day}", origin="text", note=note)
        if folder and _valid(int(folder), int(month), int(day)):
            return Value(value=f"{folder}-{month}-{day}", origin="path", note=f"{note}无年份，年份取自文件夹 {folder}")
        return Value(value="", origin="text", note=f"{note}“{int(month)}月{int(day)}日”没有年份")
    closing = _closing_date(ctx)
    if closing:
        return Value(value=closing, origin="text", note="落款日期")
    year = _TITLE_YEAR.search(ctx.head.title)
    if year:
        return Value(value=year.group(1), origin="text", note="标题中的年份")
    if folder:
        return Value(value=folder, origin="path", note=f"只知道年份：文件夹 {folder}")
    return Value(value="", origin="text", note="正文和路径里都没有日期")


# --- unit ----------------------------------------------------------------


def unit_mentions(text: str, taxonomy: Taxonomy) -> list[tuple[int, str]]:
    """(position, canonical name) of every unit the text names."""
    # Names inside 《》 are titles of documents and standards, not issuers.
    text = _BOOK_TITLE.sub(lambda m: " " * len(m.group()), text)
    found: dict[int, str] = {}
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    # Longest aliases first, so 应急管理部消防救援局 is not also read as 消防救援局.
    for alias in sorted(taxonomy.unit_aliases, key=len, reverse=True):
        for match in re.finditer(re.escape(alias), text):
            if free(*match.span()):
                found[match.start()] = taxonomy.unit_aliases[alias]
                taken.append(match.span())
    for pattern in (UNIT_SHAPE, UNIT_SHORT):
        for match in pattern.finditer(text):
            mention = match.group()
            # The lazy place group can swallow words before the name
            # (认真落实应急管理部…); try ever shorter starts.
            for cut in range(0, len(match["place"]) - 1):
                candidate = mention[cut:]
                start = match.start() + cut
                if _PLACEHOLDER.search(candidate) or not free(start, match.end()):
                    break
                canonical = taxonomy.canonical_unit(candidate)
                starts_clean = cut == 0 and (match.start() == 0 or not _CJK.match(text[match.start() - 1]))
                known = canonical and (
                    canonical in taxonomy.units
                    or candidate in taxonomy.unit_aliases
                    or taxonomy.unit(canonical).parent
                    or starts_clean
                )
                if known:
                    found[start] = canonical
                    taken.append((start, match.end()))
                    break
    return sorted(found.items())


def rule_unit(ctx: Context) -> Value:
    tax = ctx.taxonomy
    for text, note in ((ctx.head.title, "标题"), (ctx.head.dateline, "日期行")):
        mentions = unit_mentions(text, tax)
        if mentions:
            return Value(value=mentions[0][1], origin="text", note=note)
    lead = MEETING_LEAD.match(_lead(ctx))
    if lead:
        mentions = unit_mentions(lead["subject"], tax)
        if mentions:
            return Value(value=mentions[0][1], origin="text", note="导语主语")
    mentions = unit_mentions(_body_text(ctx), tax)
    named = [name for _, name in mentions if tax.unit(name).level != "局"] or [n for _, n in mentions]
    if named:
        best = max(dict.fromkeys(named), key=named.count)
        return Value(value=best, origin="text", note="正文中最常提到的单位")
    return Value(value="", origin="text", note="正文没有写明发文单位")


# --- campaigns -----------------------------------------------------------


def campaign_mentions(text: str, taxonomy: Taxonomy) -> tuple[list[str], list[str]]:
    """(known canonical names, new names found by shape), in order of appearance."""
    spans: list[tuple[int, int, str]] = []
    names = {c.name: c.name for c in taxonomy.campaigns.values()} | taxonomy.campaign_aliases
    for written in sorted(names, key=len, reverse=True):
        for match in re.finditer(re.escape(written), text):
            if not any(s <= match.start() < e for s, e, _ in spans):
                spans.append((match.start(), match.end(), names[written]))
    known = [name for _, _, name in sorted(spans)]
    new: list[str] = []
    for match in CAMPAIGN_SHAPE.finditer(text):
        start, end = match.span()
        if any(s < end and start < e for s, e, _ in spans):
            continue
        name = _CAMPAIGN_SCOPE.sub("", _CAMPAIGN_LEAD.sub("", match["name"]))
        unquoted = re.sub(r"“[^”]*”", "", name)
        generic = unquoted == name and _GENERIC.match(name)
        if len(name) < 6 or generic or _NOT_CAMPAIGN.search(unquoted) or _PLACEHOLDER.search(name):
            continue
        canonical = taxonomy.campaign(name).name
        (known if canonical in taxonomy.campaigns else new).append(canonical)
    new = _merge_by_slogan(new)
    return list(dict.fromkeys(known)), list(dict.fromkeys(new))


def _merge_by_slogan(names: list[str]) -> list[str]:
    """A local campaign is known by its quoted slogan: “防风险保平安迎大庆”消防执法
    专项行动 and “防风险保平安迎大庆”消防安全执法检查专项行动 are one; keep the
    longer name, in the place the first one stood."""
    def slogan(name: str) -> str:
        found = _QUOTED.search(name)
        return found.group() if found else name

    chosen: dict[str, str] = {}
    for name in names:
        key = slogan(name)
        if key not in chosen or len(name) > len(chosen[key]):
            chosen[key] = name
    return list(dict.fromkeys(chosen[slogan(n)] for n in names))


def rule_campaigns(ctx: Context) -> Value:
    text = "\n".join([ctx.head.title, ctx.head.subtitle, ctx.head.issue, _body_text(ctx)])
    known, new = campaign_mentions(text, ctx.taxonomy)
    names = tuple(dict.fromkeys([*known, *new]))
    origin = "taxonomy" if known else "shape" if new else "text"
    return Value(value=names, origin=origin, note=("新专项行动：" + "、".join(new)) if new else "")


# --- the rest --------------------------------------------------------------


_WHERE = {"head": "刊头", "title": "标题", "body": "小标题", "lead": "导语", "byline": "署名"}


def rule_doc_type(ctx: Context) -> Value:
    sources = {
        "head": "\n".join([ctx.head.publication, ctx.head.issue]),
        "title": ctx.head.title,
        "body": "\n".join(b.text for b in ctx.blocks if b.kind != "paragraph") + "\n" + _lead(ctx),
        "lead": _lead(ctx),
        "byline": ctx.head.byline,
    }
    for doc_type, pattern, where in DOC_TYPE_RULES:
        if sources[where] and pattern.search(sources[where]):
            found = pattern.search(sources[where]).group()
            return Value(value=doc_type, origin="text", note=f"{_WHERE[where]}“{found[:16]}{'…' if len(found) > 16 else ''}”")
    return Value(value="", origin="text", note="看不出文档类型")


def rule_departments(ctx: Context) -> Value:
    names = tuple(dict.fromkeys(d for b in ctx.blocks for d in b.departments))
    return Value(value=names, origin="text", note="责任处室/单位注释" if names else "")


def rule_author(ctx: Context) -> Value:
    match = BYLINE.match(ctx.head.byline)
    if match:
        names = (match["names"] or match["bare_names"]).strip()
        return Value(value=names, origin="text", note="署名行")
    return Value(value="", origin="text")


RULES = {
    "title": rule_title,
    "date": rule_date,
    "unit": rule_unit,
    "campaigns": rule_campaigns,
    "doc_type": rule_doc_type,
    "departments": rule_departments,
    "author": rule_author,
}


def extract(
    ctx: Context, *, overrides: dict[str, tuple[object, str]]
) -> tuple[Metadata, dict[str, str], list[Problem], tuple[str, ...], tuple[str, ...]]:
    """Run every rule, apply overrides, derive unit level and parent.

    `overrides` maps a field to (value, origin) from a sidecar or front
    matter.  Returns the metadata, each field's origin, problems, and the
    units and campaigns found that the taxonomy does not list yet.
    """
    values: dict[str, Value] = {name: rule(ctx) for name, rule in RULES.items()}
    values["subtitle"] = Value(value=ctx.head.subtitle, origin="text")
    for name, (value, origin) in overrides.items():
        if name in values or name in ("unit_level", "parent_unit", "subtitle"):
            values[name] = Value(value=value, origin=origin)
    problems: list[Problem] = []
    unit_name = str(values["unit"].value or "")
    if unit_name:
        unit_name = ctx.taxonomy.canonical_unit(unit_name) or unit_name
        unit = ctx.taxonomy.unit(unit_name)
        values.setdefault("unit_level", Value(value=unit.level, origin="taxonomy"))
        values.setdefault("parent_unit", Value(value=unit.parent, origin="taxonomy" if unit.known else "shape"))
        values["unit"] = Value(value=unit_name, origin=values["unit"].origin, note=values["unit"].note)
    new_units = () if not unit_name or ctx.taxonomy.unit(unit_name).known else (unit_name,)
    new_campaigns = tuple(c for c in values["campaigns"].value if not ctx.taxonomy.campaign(c).known)

    if values["title"].note.startswith("未找到标题"):
        problems.append(Problem(path=ctx.source, level="warning", message=(
            f"没有找到标题，暂用“{values['title'].value}”：请在旁边的 "
            f"{PurePosixPath(ctx.source).stem}.meta.yml 里写 title: 正确的标题")))
    date = str(values["date"].value or "")
    if not date:
        problems.append(Problem(path=ctx.source, level="warning", message=(
            f"没有日期（{values['date'].note}）：请把文件放进年份文件夹（如 sources/2024/），"
            f"或在 {PurePosixPath(ctx.source).stem}.meta.yml 里写 date: 2024-02-28")))

    meta = Metadata(
        title=str(values["title"].value),
        subtitle=str(values["subtitle"].value or ""),
        date=date,
        unit=unit_name,
        unit_level=str(values.get("unit_level", Value(value="", origin="text")).value or ""),
        parent_unit=str(values.get("parent_unit", Value(value="", origin="text")).value or ""),
        campaigns=tuple(values["campaigns"].value),
        doc_type=str(values["doc_type"].value or ""),
        departments=tuple(values["departments"].value),
        author=str(values["author"].value or ""),
        source=ctx.source,
    )
    origins = {
        name: {"origin": v.origin, "note": v.note} for name, v in values.items() if getattr(meta, name, None)
    }
    origins["source"] = {"origin": "path", "note": ""}
    return meta, origins, problems, new_units, new_campaigns
