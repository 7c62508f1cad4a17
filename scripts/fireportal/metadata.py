"""Metadata: outline + context → front-matter fields, one rule per field.

Each rule returns a `Value` that remembers where it came from (text, path,
taxonomy, sidecar, front-matter, shape).  The policy for what cannot be
determined is the same everywhere: leave it empty and say so; never invent.
Overrides (sidecar, then front matter) are applied by `extract` after the
rules, so every rule sees only the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from .clean import WEB_FIELD, WEB_TIMESTAMP, drop_annotations, to_simplified
from .model import Block, Metadata, Problem, TitleBlock, Value
from .structure import BYLINE, DATE, DOC_NUMBER, FULL_DATE_LINE
from .divisions import starts_at_division
from .taxonomy import UNIT_SHAPE, UNIT_SHORT, Taxonomy

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
_YEAR_DIR = re.compile(r"^(19|20)\d\d$")
_TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年")
# Words before a year that make it a year looked back on, not the event's.
_LOOKING_BACK = re.compile(r"回顾|总结|过去|去年|上年|以来|截至|截止|对比|同比|相比")
# A 落款 date on its own line: 2023年11月5日, 二〇二三年十一月五日 (a unit may precede it).
_CLOSING_DATE = re.compile(
    r"^.{0,24}?(?:\d{4}|[〇○零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日[）)]?$"
)
_PLACEHOLDER = re.compile(r"[xX×＊*]{1,}")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# A zone's or a functional unit's own place words: 经济区消防大队, 高新消防救援大队, 特勤支队.
_ZONE_PLACE = re.compile(r"[\u4e00-\u9fff]{0,4}(?:经济|开发|高新|保税|工业|自贸)(?:技术开发)?区?|特勤|战勤保障")
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

# doc_type from the title line: the word it ends with decides (关于召开…会议的
# 通知 is a 通知), else a word it holds (…党委扩大会议召开 is a 会议).
_TITLE_ENDS_TYPE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("通知", re.compile(r"(?:通知|通告|通报|公告|决定|意见|办法|规定|批复)$")),
    ("计划", re.compile(r"(?:要点|计划|规划|方案)$")),
    ("总结", re.compile(r"(?:总结|报告|汇报|述职报告|工作情况)$")),
)
_TITLE_HOLDS_TYPE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("简报", re.compile(r"简报|快报")),
    ("会议", re.compile(r"会议|[办例部署推进调度座谈联席总结表彰动员党委]会|召开")),
    ("总结", re.compile(r"总结|汇报|报告")),
    ("计划", re.compile(r"工作要点|工作计划|实施方案|行动方案")),
    ("通知", re.compile(r"通知|通告|通报|公告")),
)
# A lead that reports a meeting: 3月5日，…召开…会议 / …党委扩大会议召开 / 举行…会.
_MEETING_IN_LEAD = re.compile(
    r"(?:召开|举行|举办)(?:了)?[^。！？]{0,40}?会(?:议)?|会议[^，。]{0,12}召开|会在[^，。]{1,20}召开"
)
# A news item's own marks: an outlet's dateline or 讯, a reporter.
_NEWS_LEAD = re.compile(
    r"^(?:本报讯|本台讯|本网讯|新华社|中新网|[^，。]{0,20}?讯[（(]|[^，。]{1,24}?\d{1,2}月\d{1,2}日电"
    r"|[^，。]{0,16}[（(](?:记者|通讯员))|记者[^，。]{0,12}(?:获悉|了解到)|据[^，。]{2,24}(?:消息|微博|报道)"
)
_SUMMARY_BODY = re.compile(r"工作总结|汇报如下|总结如下|报告如下|工作情况|下一步工作|存在的(?:突出)?问题")
_BRIEFING_HEAD = re.compile(r"简报|快报|专刊|第.{1,6}期")


@dataclass(frozen=True, kw_only=True)
class Context:
    """What the rules may read besides the outline."""

    source: str  # repo-relative path
    head: TitleBlock
    blocks: tuple[Block, ...]
    taxonomy: Taxonomy
    # Lines the furniture cleanups removed: a web page's publication line
    # (2023-05-12 来源：… 作者：…) still says when, who and where.
    furniture: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class WebHints:
    """What a web page's own lines say about the document."""

    published: str = ""  # YYYY-MM-DD
    author: str = ""
    outlet: str = ""  # 来源
    doc_number: str = ""  # 发文字号


# The labels whose value names a person, best first: the writer, then the editor.
_AUTHOR_LABELS = ("作者", "记者", "通讯员", "责任编辑", "编辑")
_OUTLET_LABELS = ("来源", "信息来源", "文章来源", "稿件来源", "消息来源")
_PUBLISHED_LABELS = ("发布时间", "发布日期", "发表时间", "时间", "日期", "发布", "更新时间")


def web_hints(furniture: tuple[str, ...]) -> WebHints:
    fields: dict[str, str] = {}
    published = ""
    for raw in furniture:
        line = to_simplified(drop_annotations(raw)[0])[0]
        stamp = WEB_TIMESTAMP.search(line)
        if stamp and not published:
            y, m, d = (stamp["y"], stamp["m"], stamp["d"]) if stamp["y"] else (stamp["cy"], stamp["cm"], stamp["cd"])
            if _valid(int(y), int(m), int(d)):
                published = f"{y}-{int(m):02d}-{int(d):02d}"
        found = list(WEB_FIELD.finditer(line))
        ends = [f.start() for f in found[1:]] + [len(line)]
        for field, end in zip(found, ends):
            value = WEB_TIMESTAMP.sub("", line[field.end():end]).strip(" 【】[]（）()")
            if value and field["label"] not in fields:
                fields[field["label"]] = value
    author = next((fields[k] for k in _AUTHOR_LABELS if fields.get(k)), "")
    outlet = next((fields[k] for k in _OUTLET_LABELS if fields.get(k)), "")
    number = DOC_NUMBER.search(fields.get("发文字号", "") or fields.get("文号", ""))
    return WebHints(published=published, author=author, outlet=outlet,
                    doc_number=number["number"] if number else "")


def _body_text(ctx: Context) -> str:
    return "\n".join(b.marker + b.text for b in ctx.blocks)


def _paragraphs(ctx: Context) -> list[str]:
    return [b.text for b in ctx.blocks if b.kind == "paragraph"]


def _lead(ctx: Context) -> str:
    for block in ctx.blocks:
        if block.kind == "paragraph":
            return block.text
        if block.kind != "heading":
            return ""
    return ""


# --- title ---------------------------------------------------------------


# What opens a news lead before its first clause: the outlet's dateline or
# 讯/消息, the reporters, the time (中新网3月25日电, 现代快报讯（通讯员…记者…）, 3月5日上午，).
_LEAD_PREFIX = re.compile(
    r"^(?:[^，。]{0,24}?(?:\d{1,2}月\d{1,2}日电|讯|消息)[ ]*)?"
    r"(?:[（(](?:记者|通讯员)[^）)]{0,40}[）)])?"
    r"(?:(?:近日|日前|近期|[\dxX]{1,2}月[\dxX]{1,2}日(?:[上下]午|晚上?|早上)?(?:\d{1,2}时(?:\d{1,2}分)?)?)[，,]?)?"
)
# …党委扩大会议在济南召开: the meeting is the subject.
_MEETING_HELD = re.compile(r"^(?P<meeting>[^，。；]{4,40}?(?:会议|会))(?P<place>在[^，。；]{1,20})?(?P<verb>召开|举行)(?=[，。；]|$)")
_CONVENES = re.compile(r"(?:组织)?召开(?:了)?(?P<meeting>[^，。；]{2,60}?(?:会议|会))(?=[，。；]|$)")


def _meeting_title(ctx: Context) -> str:
    """<unit>召开<meeting> or <meeting>在…召开, from the lead's first clause(s)."""
    lead = _LEAD_PREFIX.sub("", _lead(ctx))
    sentence = re.split(r"[。！？]", lead, maxsplit=1)[0]
    held = _MEETING_HELD.match(sentence)
    if held:
        return held.group()
    convenes = _CONVENES.search(sentence)
    if not convenes:
        return ""
    mentions = unit_mentions(sentence[: convenes.start()], ctx.taxonomy)
    if mentions:
        # The unit as the text writes it, not its canonical name.
        start = mentions[-1][0]
        written = re.match(r"[^，。；、]*?(?:总队|支队|大队|站|局|中队)", sentence[start:])
        subject = written.group() if written else mentions[-1][1]
        return f"{subject}召开{convenes['meeting']}"
    match = MEETING_LEAD.match(sentence + "。")
    return f"{match['subject']}召开{match['meeting']}" if match else ""


def rule_title(ctx: Context) -> Value:
    if ctx.head.title:
        return Value(value=ctx.head.title, origin="text", note="标题行")
    meeting = _meeting_title(ctx)
    if meeting:
        return Value(value=meeting, origin="text", note="导语“……召开……会”")
    for block in ctx.blocks:
        if block.kind in ("section", "heading", "subsection", "item") and block.text:
            head = re.split(r"[。！？]", block.text, maxsplit=1)[0]
            return Value(value=head[:40], origin="text", note="未找到标题，暂用第一个小标题")
    first = re.split(r"[。！？：；]", _LEAD_PREFIX.sub("", _lead(ctx) or ""), maxsplit=1)[0]
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
    for block in reversed(ctx.blocks[-5:]):
        if block.kind == "paragraph" and _CLOSING_DATE.match(block.text):
            found = parse_date(block.text)
            if found and found[0] and _valid(*(int(x) for x in found)):
                return "-".join(found)
    return ""


def _year_for(ctx: Context, sentence: str, month: int, day: int) -> tuple[str, str, str]:
    """A year for a lead's M月D日, from this document only: (year, origin, where).

    A web page's publication time first (a date after it is of the year
    before: published 2024-01-03 about 12月28日), then a year written in the
    same sentence (召开2024年党委扩大会议) or in the title, then the folder.
    """
    published = web_hints(ctx.furniture).published
    if published:
        year, pub_month, pub_day = (int(x) for x in published.split("-"))
        # Two months after the publication is last year's date (published
        # 2024-01-03 about 12月28日); sooner is an announcement (即将).
        if (month - pub_month) * 31 + (day - pub_day) > 62:
            year -= 1
        if _valid(year, month, day):
            return str(year), "text", "网页发布时间"
    for text, where in ((sentence, "同一句"), (ctx.head.title, "标题")):
        for found in _TITLE_YEAR.finditer(text):
            # 回顾总结2023年工作 at a 2024 meeting names another year.
            if _LOOKING_BACK.search(text[max(0, found.start() - 6): found.start()]):
                continue
            if _valid(int(found.group(1)), month, day):
                return found.group(1), "text", where
    folder = folder_year(ctx.source)
    if folder and _valid(int(folder), month, day):
        return folder, "path", f"文件夹 {folder}"
    return "", "", ""


def _first_sentence_with(text: str, start: int) -> str:
    begin = max(text.rfind(mark, 0, start) for mark in "。！？\n") + 1
    ends = [i for i in (text.find(mark, start) for mark in "。！？\n") if i >= 0]
    return text[begin: min(ends) if ends else len(text)]


def rule_date(ctx: Context) -> Value:
    """Candidates, best first: the unit-and-date line, the 落款, the lead's
    M月D日 (its year from this text or the folder, never a guess), the web
    page's publication time, a year in the title, the folder year."""
    dated = parse_date(ctx.head.dateline) if ctx.head.dateline else None
    if dated and dated[0]:
        return Value(value="-".join(dated), origin="text", note="日期行")
    closing = _closing_date(ctx)
    if closing:
        return Value(value=closing, origin="text", note="落款日期")
    lead = _lead(ctx)[:120]
    # A dated opening sentence may stand in the second paragraph, after a theme line.
    second = _paragraphs(ctx)[1][:60] if len(_paragraphs(ctx)) > 1 else ""
    second = second if parse_date(second) and parse_date(second)[0] and not parse_date(lead) else ""
    for text, note in ((ctx.head.dateline, "日期行"), (lead, "导语日期"), (second, "正文开头的日期")):
        found = parse_date(text) if text else None
        if not found:
            continue
        year, month, day = found
        if year:
            return Value(value=f"{year}-{month}-{day}", origin="text", note=note)
        where = DATE.search(text)
        sentence = _first_sentence_with(text, where.start() if where else 0)
        year, origin, source = _year_for(ctx, sentence, int(month), int(day))
        if year:
            return Value(value=f"{year}-{month}-{day}", origin=origin, note=f"{note}无年份，年份取自{source}")
        return Value(value="", origin="text", note=f"{note}“{int(month)}月{int(day)}日”没有年份")
    published = web_hints(ctx.furniture).published
    if published:
        return Value(value=published, origin="text", note="网页发布时间")
    year = _TITLE_YEAR.search(ctx.head.title)
    if year:
        return Value(value=year.group(1), origin="text", note="标题中的年份")
    folder = folder_year(ctx.source)
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
                place = match["place"][cut:]
                # A unit's name starts at a place (盘锦…, 兴隆台区…) or is a zone's
                # own (经济区, 高新, 特勤); never at a word before it (由, 记者来到).
                at_place = starts_at_division(place) or (starts_clean and _ZONE_PLACE.fullmatch(place))
                known = canonical and (
                    canonical in taxonomy.units
                    or candidate in taxonomy.unit_aliases
                    or at_place
                )
                if known:
                    found[start] = canonical
                    taken.append((start, match.end()))
                    break
    return sorted(found.items())


def _closing_unit(ctx: Context) -> str:
    """The unit that signs a notice (落款): a short line naming only a unit,
    just above or beside the closing date."""
    tail = [b for b in ctx.blocks[-5:] if b.kind == "paragraph" and len(b.text) <= 40]
    for block in reversed(tail):
        mentions = unit_mentions(block.text, ctx.taxonomy)
        if mentions and not re.search(r"[，。；]", block.text):
            return mentions[0][1]
    return ""


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
    # A news lead's first sentence names the unit the item is about (not the
    # newspaper: its dateline is cut off first).
    opening = re.split(r"[。！？]", _LEAD_PREFIX.sub("", _lead(ctx)), maxsplit=1)[0]
    named = [name for _, name in unit_mentions(opening, tax) if tax.unit(name).level != "局"]
    if named:
        return Value(value=named[0], origin="text", note="导语第一句")
    closing = _closing_unit(ctx)
    if closing:
        return Value(value=closing, origin="text", note="落款单位")
    mentions = unit_mentions(_body_text(ctx), tax)
    named = [name for _, name in mentions if tax.unit(name).level != "局"] or [n for _, n in mentions]
    if named:
        best = max(dict.fromkeys(named), key=named.count)
        # Named once, or only the national bureau (whose 部署 every unit cites):
        # the text does not say it is the issuer.
        weak = named.count(best) < 2 or tax.unit(best).level == "局"
        return Value(value=best, origin="text", note=f"正文提到 {named.count(best)} 次", guessed=weak)
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




def rule_doc_type(ctx: Context) -> Value:
    """The masthead, then the title line's last word, the lead (a meeting, a
    news dateline), the headings (汇报如下, 存在的问题), a byline or a web
    page's outlet.  A plain report of an event with none of these is taken
    for 新闻, and said to be a guess."""
    head = "\n".join([ctx.head.publication, ctx.head.issue])
    if _BRIEFING_HEAD.search(head):
        return Value(value="简报", origin="text", note=f"刊头“{_short(head.strip())}”")
    title = ctx.head.title
    for rules in (_TITLE_ENDS_TYPE, _TITLE_HOLDS_TYPE):
        for doc_type, pattern in rules:
            if title and pattern.search(title):
                return Value(value=doc_type, origin="text", note=f"标题“{_short(title)}”")
    lead = _lead(ctx)
    opening = re.split(r"[。！？]", lead, maxsplit=1)[0]
    if _MEETING_IN_LEAD.search(opening) or MEETING_LEAD.match(lead):
        return Value(value="会议", origin="text", note=f"导语“{_short(opening)}”")
    if _NEWS_LEAD.search(opening[:60]):
        return Value(value="新闻", origin="text", note=f"导语“{_short(opening)}”")
    headings = "\n".join(b.text for b in ctx.blocks if b.kind != "paragraph") + "\n" + lead
    found = _SUMMARY_BODY.search(headings)
    if found:
        return Value(value="总结", origin="text", note=f"小标题“{found.group()}”")
    if re.match(r"^(?:记者|通讯员)", ctx.head.byline) or web_hints(ctx.furniture).outlet:
        return Value(value="新闻", origin="text", note="署名或网页来源")
    if lead:
        return Value(value="新闻", origin="text", note="一篇事件报道，没有标题类型词", guessed=True)
    return Value(value="", origin="text", note="看不出文档类型")


def _short(text: str) -> str:
    return text[:16] + ("…" if len(text) > 16 else "")


def rule_departments(ctx: Context) -> Value:
    names = tuple(dict.fromkeys(d for b in ctx.blocks for d in b.departments))
    return Value(value=names, origin="text", note="责任处室/单位注释" if names else "")


def rule_author(ctx: Context) -> Value:
    match = BYLINE.match(ctx.head.byline)
    if match:
        names = (match["names"] or match["bare_names"]).strip()
        return Value(value=names, origin="text", note="署名行")
    author = web_hints(ctx.furniture).author
    if author:
        return Value(value=author, origin="text", note="网页的作者/编辑")
    return Value(value="", origin="text")


def rule_doc_number(ctx: Context) -> Value:
    """The 文号 under the 红头 (辽消〔2023〕8号), or the one a web page lists (发文字号)."""
    found = DOC_NUMBER.fullmatch(ctx.head.issue.strip()) if ctx.head.issue else None
    if found:
        return Value(value=found["number"].replace(" ", ""), origin="text", note="文号行")
    number = web_hints(ctx.furniture).doc_number
    if number:
        return Value(value=number, origin="text", note="网页的发文字号")
    return Value(value="", origin="text")


RULES = {
    "title": rule_title,
    "doc_number": rule_doc_number,
    "date": rule_date,
    "unit": rule_unit,
    "campaigns": rule_campaigns,
    "doc_type": rule_doc_type,
    "departments": rule_departments,
    "author": rule_author,
}


_LABELS = {"title": "标题", "date": "日期", "unit": "发文单位", "doc_type": "文档类型"}


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
        values["unit"] = replace(values["unit"], value=unit_name)
    new_units = () if not unit_name or ctx.taxonomy.unit(unit_name).known else (unit_name,)
    new_campaigns = tuple(c for c in values["campaigns"].value if not ctx.taxonomy.campaign(c).known)

    sidecar = f"{PurePosixPath(ctx.source).stem}.meta.yml"
    if values["title"].note.startswith("未找到标题"):
        values["title"] = replace(values["title"], guessed=True)
        problems.append(Problem(path=ctx.source, level="warning", message=(
            f"没有找到标题，暂用“{values['title'].value}”：请在旁边的 "
            f"{sidecar} 里写 title: 正确的标题")))
    for name, example in (("unit", "盘锦市消防救援支队"), ("doc_type", "新闻")):
        chosen = values[name]
        if chosen.guessed:
            problems.append(Problem(path=ctx.source, level="warning", message=(
                f"{_LABELS[name]}是猜的（{chosen.note}，取了“{chosen.value}”）：请核对，"
                f"不对就在 {sidecar} 里写 {name}: {example}")))
        elif not chosen.value and name == "doc_type":
            problems.append(Problem(path=ctx.source, level="warning", message=(
                f"看不出文档类型：请在 {sidecar} 里写 doc_type: 简报、会议、通知、总结、计划、新闻 之一")))
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
        doc_number=str(values["doc_number"].value or ""),
        departments=tuple(values["departments"].value),
        author=str(values["author"].value or ""),
        source=ctx.source,
    )
    origins = {
        name: {"origin": v.origin, "note": v.note, "guessed": v.guessed}
        for name, v in values.items() if getattr(meta, name, None)
    }
    origins["source"] = {"origin": "path", "note": "", "guessed": False}
    return meta, origins, problems, new_units, new_campaigns
