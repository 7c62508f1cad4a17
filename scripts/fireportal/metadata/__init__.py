"""Metadata: outline + context → front-matter fields, one rule per field.

Each rule returns a `Value` that remembers where it came from (text, path,
taxonomy, sidecar, front-matter, shape) and whether it was guessed.  Rules
run in the order of `RULES` and may read the values chosen before them
(doc_type reads the title and the unit).  The policy for what cannot be
determined is the same everywhere: leave it empty and say so, or keep the
best candidate and say it is a guess; never a wrong value without a
warning.  Overrides (sidecar, then front matter) are applied by `extract`
after the rules, so every rule sees only the document.

One module per field: titles, dates, units (unit and unit_level),
campaigns, doc_types, authors, official (doc_number, departments), outlets;
`context` holds what they share.
"""

from __future__ import annotations

from msgspec.structs import replace

from ..model import Metadata, Origin, Problem, Value
from ..source_path import stem_and_suffix
from ..taxonomy import placed_name
from .authors import rule_author
from .campaigns import CAMPAIGN_SHAPE, campaign_mentions, furniture_campaigns, rule_campaigns, suggested_campaigns
from .context import MEETING_LEAD, Context, WebHints, folder_year, short, squash, web_hints
from .dates import parse_date, rule_date
from .doc_types import rule_doc_type, title_type
from .official import rule_departments, rule_doc_number
from .outlets import rule_outlet
from .titles import checked_against_date, rule_title
from .units import STATION_UNIT, level_only, mentions, rule_unit, unit_mentions

__all__ = [
    "CAMPAIGN_SHAPE", "MEETING_LEAD", "RULES", "Context", "WebHints", "campaign_mentions", "extract",
    "folder_year", "mentions", "parse_date", "unit_mentions", "web_hints",
]

# Field → rule, in the order they run.
RULES = {
    "title": rule_title,
    "doc_number": rule_doc_number,
    "date": rule_date,
    "unit": rule_unit,
    "campaigns": rule_campaigns,
    "doc_type": rule_doc_type,
    "departments": rule_departments,
    "author": rule_author,
    "outlet": rule_outlet,
}

_LABELS = {"title": "标题", "date": "日期", "unit": "发文单位", "doc_type": "文档类型",
           "campaigns": "专项行动", "author": "作者", "doc_number": "文号"}
# What a warning about a guessed field asks staff to write in the sidecar:
# the form of the right value, never a sample value, which may be the very
# value the warning doubts (a guessed 新闻 told to write doc_type: 新闻).
_FIXES = {"date": "date: 正确的日期（例如 2024-02-28）",
          "doc_type": "doc_type: 正确的类型（简报、会议、通知、总结、计划、新闻 之一）",
          "campaigns": "campaigns: [正确的专项行动名称]（没有专项行动就写 campaigns: []）",
          "author": "author: 正确的作者姓名（没有作者就写 author: \"\"）",
          "doc_number": "doc_number: 正确的文号（例如 辽消〔2023〕8号）"}


def _run_rules(ctx: Context) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for name, rule in RULES.items():
        values[name] = rule(ctx, values)
    subtitle = ctx.head.subtitle
    title = str(values["title"].value)
    # A subtitle that repeats the title, or became the title, or is a date line, is not one.
    if subtitle and (squash(subtitle) == squash(title) or values["date"].note == "标题下的年月"
                     and subtitle in ctx.head.subtitle and parse_date(subtitle + "1日")):
        subtitle = ""
    values["subtitle"] = Value(value=subtitle, origin="text")
    values["title"] = checked_against_date(ctx, values["title"], values["date"])
    unit = values["unit"]
    if "多于导语" in unit.note and values["title"].note.startswith("导语"):
        values["title"] = replace(values["title"], guessed=True,
                                  note=values["title"].note + f"，但正文写的是{unit.value}")
    return values


def _unplaced(name: str, ctx: Context) -> tuple[str, list[str], str] | None:
    """For a unit whose district several cities have and whose text names
    none of them (or a station of such a unit): the district as written, each
    city's district, and the first as the name a sidecar would give."""
    split = STATION_UNIT.match(name) if name.endswith(("站", "中队")) else None
    unit, tail = split.groups() if split else (name, "")
    rivals = ctx.taxonomy.rival_places(unit) if unit else ()
    if not rivals:
        return None
    choices = [placed_name(d).split("消防救援", 1)[0] for d in rivals]
    return unit.split("消防", 1)[0], choices, placed_name(rivals[0]) + tail


def _warnings(values: dict[str, Value], ctx: Context, given: set[str]) -> list[Problem]:
    """A warning for each field the rules guessed or could not fill; a field
    the sidecar or front matter sets is the staff's word and never warned."""

    def sidecar() -> str:
        # Named only in a warning, and most documents have none: made when asked.
        return f"{stem_and_suffix(ctx.source)[0]}.meta.yml"

    problems: list[Problem] = []

    def warn(message: str) -> None:
        problems.append(Problem(path=ctx.source, level="warning", message=message))

    title = values["title"]
    if "title" in given:
        pass
    elif title.guessed and title.note.startswith("未找到标题"):
        warn(f"没有找到标题，暂用“{title.value}”：请在旁边的 {sidecar()} 里写 title: 正确的标题")
    elif title.guessed:
        warn(f"标题是猜的（{title.note}，取了“{title.value}”）：请核对，不对就在 {sidecar()} 里写 title: 正确的标题")
    unit = values["unit"]
    level = str(values.get("unit_level", Value(value="", origin="text")).value or "")
    if {"unit", "unit_level"} & given or unit.note.startswith("单位名称已匿名"):
        pass
    elif unit.guessed and unit.value:
        warn(f"发文单位是猜的（{unit.note}，取了“{unit.value}”，级别“{level}”）：请核对，"
             f"不对就在 {sidecar()} 里写上正确的单位全称，例如 unit: 某某市消防救援支队")
    elif not unit.value and values.get("unit_level") and level:
        warn(f"没有写明发文单位（{unit.note}），级别暂记为“{level}”：知道是哪个单位，"
             f"就在 {sidecar()} 里写上单位全称，例如 unit: 某某市消防救援支队")
    elif not unit.value:
        warn(f"没有找到发文单位（{unit.note}），也就不知道级别：是消防救援单位发的，"
             f"就在 {sidecar()} 里写上单位全称，例如 unit: 某某市消防救援支队")
    unplaced = _unplaced(str(unit.value or ""), ctx) if not {"unit", "parent_unit"} & given else None
    if unplaced:
        written, choices, example = unplaced
        warn(f"上级单位没有定（“{written}”可以是{'、'.join(choices)}，从正文看不出是哪个市的；"
             f"取了“{unit.value}”，上级单位留空）：知道是哪个，就在 {sidecar()} 里写上带市名的单位全称，"
             f"例如 unit: {example}")
    campaigns = values["campaigns"]
    if campaigns.guessed and not campaigns.value and "campaigns" not in given:
        warn(f"专项行动留空了（{campaigns.note}）：如果它是本文讲的专项行动，"
             f"就在 {sidecar()} 里写 campaigns: [{', '.join(suggested_campaigns(ctx))}]")
    for name in ("date", "doc_type", "campaigns", "author", "doc_number"):
        chosen = values[name]
        if chosen.guessed and chosen.value and name not in given:
            shown = "、".join(chosen.value) if isinstance(chosen.value, tuple) else chosen.value
            warn(f"{_LABELS[name]}是猜的（{chosen.note}，取了“{shown}”）：请核对，"
                 f"不对就在 {sidecar()} 里写 {_FIXES[name]}")
    if not values["doc_type"].value and "doc_type" not in given:
        warn(f"看不出文档类型：请在 {sidecar()} 里写 doc_type: 简报、会议、通知、总结、计划、新闻 之一")
    if not values["date"].value and "date" not in given:
        warn(f"没有日期（{values['date'].note}）：请把文件放进年份文件夹（如 sources/2024/），"
             f"或在 {sidecar()} 里写 date: 2024-02-28")
    return problems


def extract(
    ctx: Context, *, overrides: dict[str, tuple[object, str]]
) -> tuple[Metadata, dict[str, Origin], list[Problem], tuple[str, ...], tuple[str, ...]]:
    """Run every rule, apply overrides, derive unit level and parent.

    `overrides` maps a field to (value, origin) from a sidecar or front
    matter.  Returns the metadata, each field's origin, problems, and the
    units and campaigns found that the taxonomy does not list yet.
    """
    values = _run_rules(ctx)
    found_unit = values["unit"]
    for name, (value, origin) in overrides.items():
        if name in values or name in ("unit_level", "parent_unit", "subtitle"):
            values[name] = Value(value=value, origin=origin)
    given_title = overrides.get("title")
    if given_title and "doc_type" not in overrides and values["doc_type"].guessed:
        # The rules read the text only; a title the staff wrote for a text
        # without one (…工作总结) says the kind the text's headings could only guess.
        by_title = title_type(str(given_title[0]))
        if by_title:
            values["doc_type"] = Value(value=by_title, origin=given_title[1],
                                       note=f"标题“{short(str(given_title[0]))}”")
    unit_name = str(values["unit"].value or "")
    if unit_name:
        unit_name = ctx.taxonomy.canonical_unit(unit_name) or unit_name
        unit = ctx.taxonomy.unit(unit_name)
        guessed = values["unit"].guessed
        values.setdefault("unit_level", Value(value=unit.level, origin="taxonomy", guessed=guessed))
        values.setdefault("parent_unit", Value(value=unit.parent, origin="taxonomy" if unit.known else "shape"))
        values["unit"] = replace(values["unit"], value=unit_name)
    elif values["unit"] is found_unit and level_only(found_unit):
        values.setdefault("unit_level", Value(value=level_only(found_unit), origin="text", note=found_unit.note,
                                              guessed=not found_unit.note.startswith("单位名称已匿名")))
    new_units = () if not unit_name or ctx.taxonomy.unit(unit_name).known else (unit_name,)
    new_campaigns = tuple(c for c in values["campaigns"].value if not ctx.taxonomy.campaign(c).known)
    problems = _warnings(values, ctx, set(overrides))
    date = str(values["date"].value or "")
    meta = Metadata(
        title=str(values["title"].value),
        subtitle=str(values["subtitle"].value or ""),
        date=date,
        unit=unit_name,
        unit_level=str(values.get("unit_level", Value(value="", origin="text")).value or ""),
        parent_unit=str(values.get("parent_unit", Value(value="", origin="text")).value or ""),
        campaigns=tuple(values["campaigns"].value),
        doc_type=str(values["doc_type"].value or ""),
        doc_number=str(values["doc_number"].value or ""),
        departments=tuple(values["departments"].value),
        author=str(values["author"].value or ""),
        outlet=str(values["outlet"].value or ""),
        source=ctx.source,
    )
    origins = {
        name: Origin(origin=v.origin, note=v.note, guessed=v.guessed)
        for name, v in values.items() if getattr(meta, name, None)
    }
    origins["source"] = Origin(origin="path")
    return meta, origins, problems, new_units, new_campaigns
