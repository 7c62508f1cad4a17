"""campaigns: the 专项行动 a document reports on.

A name the taxonomy lists (or an alias, quotes or not: 消防安全专项整治“三年行动”)
is known, and so is one that differs from a listed name only in filler words
(消防安全除患攻坚专项整治行动 is 消防安全集中除患攻坚大整治行动).  Otherwise a
campaign is found by its shape: a run of words ending
in what campaign names end in (专项行动, 三年行动, 专项整治, 宣传月 …), cut
at the word that introduces it (开展, 推进, 消防大队以, 第33个), and split
at 暨 (A暨B names two).  A shape-found name the text neither quotes nor puts
in its title is a guess, and says so.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from .. import divisions
from ..model import Value
from ..taxonomy import CAMPAIGN_QUOTES, Taxonomy, campaign_key
from .context import PLACEHOLDER, QUOTED, Context, body_text
from .dates import first_signature

# 专项整治 and 专项治理 take the 行动 that follows them: the run is lazy, and
# an ending that stopped at 专项整治 would cut …专项整治行动 short by a word.
# A quoted slogan names a local campaign, and the few words between it and
# 行动 say what kind (“泉安1号”消防夜查集中统一行动): any such words end a
# name, but not a connector (和, 及, 与, 、: two things named) or 的 (a
# description); tried last, so the listed endings keep their place.
# Fire services also call a campaign a battle, its slogan quoted (“清剿火患”
# 战役, “火患清剿”战役): right after a quoted slogan, 战役 names the campaign
# as 行动 does; unquoted, it is a figure of speech (战役不获全胜绝不收兵).
_SUFFIX = (
    r"专项整治三年行动|治本攻坚三年行动|三年行动|大整治(?:大宣传)?行动"
    r"|(?:整治|宣传|检查|排查|提升|攻坚|专项|百日|清剿)行动|(?<=”)行动|(?<=”)战役"
    r"|专项(?:治理|整治)(?:行动)?|大检查(?:行动)?|宣传月"
    r"|(?<=”)(?:(?![和及与的])[\u4e00-\u9fff]){1,10}?行动"
)
# A campaign named by its shape: a run of characters (quotes allowed) that
# ends in one of the words national and local campaigns end in.  A quoted
# slogan alone may be the run: a clause may open with the name
# (，“泉安1号”消防夜查集中统一行动在…启动), and the slogan says enough to name it.
# (Tried only at a start where the longer run finds nothing, and no run can
# start inside the slogan or its ending: every run found before is still found.)
CAMPAIGN_SHAPE = re.compile(
    rf"(?<![\u4e00-\u9fff“”])(?P<name>(?:“[^”\n]{{1,20}}”|[\u4e00-\u9fff]){{2,50}}?(?:{_SUFFIX})"
    rf"|“[^”\n]{{1,20}}”(?:{_SUFFIX}))"
)
# The run often starts with the verb, scope or subject that introduces the
# name (持续推进…行动, 消防大队以…行动, 第33个…宣传月): cut after the last such word.
# The particle 了 ends a verb whatever the verb (开展了, 发起了“…”行动), and
# no campaign name holds it: it is a lead word too (not 了解, a word of its own).
# A unit's own area said as 我县, 本市 (对我县…行动开展督导) is where the
# campaign runs, never part of its name.  保持 and 继 before a slogan speak
# of a campaign under way or past (保持“火患清剿”战役中的斗志, 继“…”战役后).
_CAMPAIGN_LEAD = re.compile(
    r"^.*(?:了(?!解)|开展|推进|掀起|部署|落实|启动|深化|组织|实施|围绕|结合|参加|参与|印发|确保|做好|抓好|打好|推动|召开|举行|进行|完成|加强|强化|保持|关于"
    r"|按照|根据|通过|借助|聚焦|紧盯|针对|依托|全面|深入|持续|扎实"
    r"|(?:总队|支队|大队|中队|救援站|局)(?:以|在|将|把|于|对)?"
    r"|第?[\d一二三四五六七八九十]+个|[和及与、]|[自在对以从于把将向为继](?=“)|[我本][省市县区旗](?!域))"
)
_CAMPAIGN_SCOPE = re.compile(r"^(?:全国|全省|全市|全区|全县|各地|今年|相继|持续|深入|全面|扎实|认真)+")
# Words that make the run a sentence about a campaign, not its name; a bare
# 专项行动 with no quoted slogan before it names nothing.
_NOT_CAMPAIGN = re.compile(r"此次|本次|该|这|要|是|在|把|将|对|等")
_GENERIC = re.compile(r"^(?:专项|集中|攻坚|大整治)")
# A campaign of this portal is about fire or safety; 城市发展“十大专项”行动 is not.
_ABOUT_SAFETY = re.compile(r"消防|火|安全|隐患|险|生命通道|救援|应急|防控|整治|攻坚|治理|检查|排查|清剿")
_ENFORCEMENT_END = re.compile(r"(?:专项(?:整治|治理)(?:行动)?|专项行动|宣传月)$")


# A day's tag before a campaign's words names another campaign than the
# listed one those words alone are (4·17消防宣传月 is a province's own month,
# not the national 119消防宣传月 that 消防宣传月 alone means): the tag is
# part of the name.
_DATE_TAG_BEFORE = re.compile(r"\d{1,2}[·．.・]\d{1,2}$")


def _date_tag(text: str, start: int) -> str:
    """The day's tag (4·17) written right before text[start:], or ""."""
    found = _DATE_TAG_BEFORE.search(text[max(0, start - 6):start])
    return found.group() if found else ""


def _known_spans(text: str, taxonomy: Taxonomy) -> list[tuple[int, int, str]]:
    """(start, end, canonical) of every listed name or alias, quotes ignored."""
    bare, position = _without_quotes(text)
    spans: list[tuple[int, int, str]] = []
    keys = taxonomy.campaign_key_pattern()
    if keys is None or keys.search(bare) is None:
        # A key anywhere would match the alternation of all keys there or
        # earlier: most texts name no listed campaign, and one scan says so.
        return spans
    for key, canonical in taxonomy.campaign_keys_longest_first():
        if not key or key not in bare:
            continue
        # str.find from the end of the last hit: re.finditer(re.escape(key))'s hits.
        at = bare.find(key)
        while at >= 0:
            start, end = position(at), position(at + len(key) - 1) + 1
            if end < len(text) and text[end] in "”」\"":
                end += 1  # the closing quote belongs to the name
            if not any(s < end and start < e for s, e, _ in spans) and not _date_tag(text, start):
                spans.append((start, end, canonical))
            at = bare.find(key, at + len(key))
    return sorted(spans)


def _without_quotes(text: str):
    """The text with campaign quotes taken out (campaign_key of every
    character), and a function from a position in it to one in `text`."""
    bare = CAMPAIGN_QUOTES.sub("", text)
    if len(bare) == len(text):
        return text, _same_place
    shifts: list[int] = []

    def position(at: int) -> int:
        # The i-th quote stands before every character from position q_i - i on
        # in the text without quotes: a character moves right by the number of
        # those, found by bisection instead of a table over every character.
        # Most texts name no listed campaign: the quotes are found when one is.
        if not shifts:
            shifts.extend(m.start() - i for i, m in enumerate(CAMPAIGN_QUOTES.finditer(text)))
        return at + bisect_right(shifts, at)

    return bare, position


def _same_place(at: int) -> int:
    return at


# _cut and _acceptable are pure functions of a name, and the same names
# recur in every document (each of _CAMPAIGN_LEAD's backtracking tries costs).
@lru_cache(maxsize=4096)
def _cut(name: str) -> str:
    # Never cut inside a quoted slogan (“清楼道、保畅通”专项行动).
    masked = re.sub(r"“[^”]*”", lambda m: "“" + "○" * (len(m.group()) - 2) + "”", name)
    lead = _CAMPAIGN_LEAD.match(masked)
    name = name[lead.end():] if lead else name
    return _CAMPAIGN_SCOPE.sub("", name)


# A campaign named whole inside quotes (部署开展“灭火救援能力建设提质强能三年行动”):
# the quotes mark the words as a name as a slogan's quotes do, but no run
# starts inside them (CAMPAIGN_SHAPE looks behind for a quote), and none ends
# at them.  The quoted words must end in a campaign's ending right at the
# closing quote, so a quoted remark (“…推进专项行动。”) or a slogan with
# its kind after it (“清剿火患”专项行动, read as before) is not taken here.
_QUOTED_WHOLE = re.compile(rf"“(?P<name>[^“”\n]{{2,40}}?(?:{_SUFFIX}))”")


# The longest unquoted name ending in 大检查 taken: a topic and 大检查.
_CHECK_NAME_MAX = 12


@lru_cache(maxsize=4096)
def _acceptable(name: str, *, whole: bool) -> bool:
    unquoted = re.sub(r"“[^”]*”", "", name)
    generic = unquoted == name and _GENERIC.match(name)
    if len(name) < 6 or generic or _NOT_CAMPAIGN.search(unquoted) or PLACEHOLDER.search(name):
        return False
    if whole and not re.search(rf"(?:{_SUFFIX})$", name):
        return False
    if re.search(r"专项(?:整治|治理)(?:行动)?$", name) and "“" not in name:
        # 燃气安全专项整治(行动) is work described; “九小”场所消防安全专项整治 is a name
        return False
    if len(name) > _CHECK_NAME_MAX and "“" not in name and re.search(r"大检查(?:行动)?$", name):
        # A 大检查 is named by its topic (消防安全大检查, 冬春火灾防控大检查): a
        # longer run before it is a clause the cut missed (从两个层面推动…).
        return False
    return bool(_ABOUT_SAFETY.search(name) or _ENFORCEMENT_END.search(name))


# The same shape, anywhere: a run that goes on right after one name (…防控专项行动和“六大”专项治理).
_SHAPE_AT = re.compile(CAMPAIGN_SHAPE.pattern.replace(r"(?<![\u4e00-\u9fff“”])", "", 1))


def _shape_matches(text: str):
    for start, end in _lines_with_suffix_words(text):
        for match in CAMPAIGN_SHAPE.finditer(text, start, end):
            yield match
            following = _SHAPE_AT.match(text, match.end())
            while following:
                yield following
                following = _SHAPE_AT.match(text, following.end())


# Every ending in _SUFFIX holds one of these words.  No two of them, and no
# two of one, can overlap (no word's end is a word's start), so each one's
# str.find hits together are what a regex alternation of them finds.
_SUFFIX_WORDS = ("行动", "专项", "大检查", "宣传月", "战役")


def _lines_with_suffix_words(text: str) -> list[tuple[int, int]]:
    """(start, stop) of each line that holds a word every campaign shape ends in,
    stopping where the last shape the line can hold would end.

    A shape never spans a line break, so CAMPAIGN_SHAPE finds in these lines
    alone what it finds in the whole text; scanning every position of the
    text, with its lazy run of up to 50 items, cost more than the rest of the
    rule.  A shape ends with a _SUFFIX ending, and each ends with one of
    _SUFFIX_WORDS (行动, 宣传月) or two characters after one (专项整治,
    专项治理): no match ends past the line's last such word + 2, so the scan
    stops there, and the runs tried before it are cut where no match could
    end anyway (the same matches: the pattern looks behind, never ahead).
    """
    hits: list[tuple[int, int]] = []
    for word in _SUFFIX_WORDS:
        # str.find runs its fast substring search; a regex alternation tries every position.
        at = text.find(word)
        while at >= 0:
            hits.append((at, at + len(word)))
            at = text.find(word, at + len(word))
    hits.sort()
    lines: list[list[int]] = []  # [start, end of the last word, end of the line]
    for at, after in hits:
        if lines and at < lines[-1][2]:
            lines[-1][1] = after  # in the line already found
            continue
        end = text.find("\n", after)
        lines.append([text.rfind("\n", 0, at) + 1, after, len(text) if end < 0 else end])
    return [(start, min(last + _PAST_LAST_WORD, end)) for start, last, end in lines]


# How far past a _SUFFIX_WORDS word a _SUFFIX ending reaches at most (专项|整治).
_PAST_LAST_WORD = 2


# The words units add, drop and reorder when they write a national campaign's
# name (消防安全除患攻坚专项整治行动 for 消防安全集中除患攻坚大整治行动): what
# is left once they are out is what tells one campaign from another (除患攻坚).
_CAMPAIGN_FILLER = re.compile(r"消防安全|消防|安全|集中|专项|大?整治|大?排查|行动")
# What is left of a name that is only its kind and reach (三年行动, 全国消防
# 宣传月) tells no campaign from another: a bare 三年行动 is any unit's plan.
_KIND_ONLY = re.compile(r"(?:全国|[三3]年|宣传月)*")


def _core(name: str) -> str:
    return _CAMPAIGN_FILLER.sub("", campaign_key(name))


@lru_cache(maxsize=8)
def _listed_cores(keys: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """The core of every listed name and alias → its campaign, for a core
    that only one campaign's names leave (a core two share names neither)."""
    owners: dict[str, set[str]] = {}
    for key, canonical in keys:
        core = _core(key)
        if not _KIND_ONLY.fullmatch(core):
            owners.setdefault(core, set()).add(canonical)
    return {core: names.pop() for core, names in owners.items() if len(names) == 1}


def listed_by_core(name: str, taxonomy: Taxonomy) -> str | None:
    """The listed campaign a shape-found name is, written with other filler
    words (集中, 专项, 大整治 …) than any listed form: the same core, the
    same campaign.  None when no listed campaign leaves that core.

    A unit names a national campaign as it runs it in its own area, the
    place first (赣州市“119”消防安全宣传月 is the 119消防宣传月 in 赣州): a
    place opening the name says where, not which campaign, so the name is
    matched without it too (after the name as written, so a listed campaign
    whose own name opens with a place keeps it)."""
    cores = _listed_cores(taxonomy.campaign_keys_longest_first())
    listed = cores.get(_core(name))
    if listed is None:
        place = divisions.leading_places_end(campaign_key(name))
        listed = cores.get(_core(campaign_key(name)[place:])) if place else None
    return listed


def campaign_mentions(text: str, taxonomy: Taxonomy) -> tuple[list[str], list[str]]:
    """(known canonical names, new names found by shape), in order of appearance."""
    return _names(_found(text, taxonomy))


def _found(text: str, taxonomy: Taxonomy) -> list[tuple[int, str, bool]]:
    """(position, name, whether the taxonomy lists it) of every campaign the text names, in order."""
    return _found_with_spans(text, taxonomy)[0]


# An alias that is a verb and its object (打通生命通道, 畅通消防“生命通道”) is
# also how a text says the work itself (全面打通消防生命通道，集中整治…, a
# task of another plan): it names the campaign only where the text marks it
# as a name, by quotes (“打通生命通道”, 打通“生命通道”) or by a campaign word
# right after it (打通生命通道行动, …集中攻坚; matched at the name's end).
_WORK_VERB = re.compile(r"^(?:打通|畅通|清理|清除|消除|整治|排查|治理|规范|加强|推进|开展)")
_NAME_END = re.compile(r"(?:行动|攻坚|整治|治理|检查|宣传月|工程)$")
_NAME_WORD_AFTER = re.compile(r"[^，。；、,;：:\n]{0,6}?(?:行动|攻坚|专项|工程)")


def _bare_work(text: str, start: int, end: int) -> bool:
    """Whether the listed name at text[start:end] is a work phrase the text does not mark as a name."""
    written = text[start:end]
    bare = CAMPAIGN_QUOTES.sub("", written)
    if not _WORK_VERB.match(bare) or _NAME_END.search(bare) or len(bare) < len(written):
        return False
    return not (start and text[start - 1] in "“「\"" or _NAME_WORD_AFTER.match(text, end))


def _bare_work_names(text: str, spans: list[tuple[int, int, str]]) -> set[str]:
    """The listed campaigns every mention of which is a bare work phrase (`_bare_work`)."""
    marked = {name for start, end, name in spans if not _bare_work(text, start, end)}
    return {name for _, _, name in spans if name not in marked}


def _found_with_spans(text: str, taxonomy: Taxonomy):
    """`_found`, with the listed names' spans (`_known_spans`) it read."""
    spans = _known_spans(text, taxonomy)
    found: list[tuple[int, str, bool]] = [(s, name, True) for s, _, name in spans]
    for match in _shape_matches(text):
        # A暨B names two; a listed name inside a part is counted already: keep
        # what precedes it when it ends a part (…治理暨“打通生命通道”专项行动),
        # what follows it otherwise (“打通生命通道”集中攻坚和高层建筑…提升行动).
        offset = match.start()
        parts = match.group().split("暨")
        for i, part in enumerate(parts):
            start, end = offset, offset + len(part)
            offset = end + 1
            inside = [(s, e) for s, e, _ in spans if s < end and start < e]
            if inside:
                before = text[start: min(s for s, _ in inside)]
                after = text[max(e for _, e in inside): end]
                pieces = [(start, before, True), (end - len(after), after, i == len(parts) - 1)]
            else:
                pieces = [(start, part, i == len(parts) - 1)]
            for at, piece, whole in pieces:
                name = _cut(piece)
                at += len(piece) - len(name)
                if not name:
                    continue
                tag = _date_tag(text, at)
                if tag:
                    name, at = tag + name, at - len(tag)
                campaign = taxonomy.campaign(name) if _acceptable(name, whole=whole) else None
                if campaign is None or not campaign.known:
                    listed = listed_by_core(name, taxonomy)
                    campaign = taxonomy.campaigns[listed] if listed else campaign
                if campaign is not None:
                    found.append((at, campaign.name, campaign.known))
    taken = [at for at, _, _ in found]
    for match in _QUOTED_WHOLE.finditer(text) if "“" in text else ():
        start, end = match.span()
        if any(start <= at < end for at in taken) or any(s < end and start < e for s, e, _ in spans):
            continue  # read already, by a listed name or a shape inside it
        name = _cut(match["name"])
        campaign = taxonomy.campaign(name) if _acceptable(name, whole=True) else None
        if campaign is not None:
            found.append((start + 1 + len(match["name"]) - len(name), campaign.name, campaign.known))
    found.sort()
    return found, spans


def _names(found: list[tuple[int, str, bool]]) -> tuple[list[str], list[str]]:
    """`_found`'s names as `campaign_mentions` gives them."""
    known = [name for _, name, is_known in found if is_known]
    new = _merge_by_slogan([name for _, name, is_known in found if not is_known])
    return list(dict.fromkeys(known)), list(dict.fromkeys(new))


def _merge_by_slogan(names: list[str]) -> list[str]:
    """A local campaign is known by its quoted slogan: “防风险保平安迎大庆”消防执法
    专项行动 and “防风险保平安迎大庆”消防安全执法检查专项行动 are one; keep the
    longer name, in the place the first one stood."""
    def slogan(name: str) -> str:
        found = QUOTED.search(name)
        return found.group() if found else name

    chosen: dict[str, str] = {}
    for name in names:
        key = slogan(name)
        if key not in chosen or len(name) > len(chosen[key]):
            chosen[key] = name
    return list(dict.fromkeys(chosen[slogan(n)] for n in names))


# What may follow a 落款 and still be the document's: what it issues or
# attaches (印发…的通知 above the plan, 附件, 附表).
_ISSUES = re.compile(r"印发|转发|附件|附表")
# A paragraph this long is text written for the document; a related-article
# link, an account's blurb or a reader's comment is shorter.
_TEXT_LENGTH = 80


def furniture_start(ctx: Context) -> int:
    """Index of the first block after the 落款 when what follows it is the
    page's furniture, else len(ctx.blocks).

    A document ends where it signs off (an issuer line, then the date); on a
    web page what comes after is the page's: a WeChat account's 相关阅读
    links (消防宣传月|…), its blurb, 最新文章, comments.  Not when the
    text issues or attaches something (印发, 附件: that follows the 落款),
    nor when a long paragraph or a table follows (another text, not links).
    """
    at, _ = first_signature(ctx)
    tail = ctx.blocks[at + 1:] if at >= 0 else ()
    if not tail or any(b.kind == "table" or len(b.text) >= _TEXT_LENGTH for b in tail):
        return len(ctx.blocks)
    if _ISSUES.search(ctx.head.title) or any(_ISSUES.search(b.text) for b in ctx.blocks):
        return len(ctx.blocks)
    return at + 1


def furniture_campaigns(ctx: Context) -> tuple[str, ...]:
    """The campaigns the page's furniture after the 落款 names (`furniture_start`)."""
    start = furniture_start(ctx)
    if start == len(ctx.blocks):
        return ()
    return tuple(dict.fromkeys(name for _, name, _ in _found(body_text(ctx, start), ctx.taxonomy)))


# A campaign run every year in one season is named by the season
# (夏季消防检查, 冬春火灾防控), and units also write the season's fire work
# in other words (为深入推进夏季火灾防控工作): the same campaign, or the
# season's routine work, which the words cannot tell apart.  Where no
# campaign is named, such words are said, not taken.
_SEASON = re.compile(r"^(?:今冬明春|冬春|夏秋|秋冬|春夏|夏季|春季|秋季|冬季)")
_SEASON_WORK = r"(?:火灾防控|消防安全|消防|防火)"


def seasonal_mentions(text: str, taxonomy: Taxonomy) -> list[tuple[str, str]]:
    """(listed seasonal campaign, the words naming its season's fire work) for
    every listed campaign named by a season the text names with fire work."""
    out = []
    for name in taxonomy.campaigns:
        season = _SEASON.match(name)
        said = season and re.search(season.group() + _SEASON_WORK + r"(?:工作)?", text)
        if said:
            out.append((name, said.group()))
    return out


def suggested_campaigns(ctx: Context) -> tuple[str, ...]:
    """What a warning on an empty campaigns field suggests: the campaigns the
    page's furniture names, else the listed seasonal ones the text speaks of."""
    text = "\n".join([ctx.head.title, body_text(ctx)])
    return furniture_campaigns(ctx) or tuple(name for name, _ in seasonal_mentions(text, ctx.taxonomy))


def rule_campaigns(ctx: Context, found: dict | None = None) -> Value:
    title_line = _title_line(ctx, found)
    head = "\n".join([ctx.head.title, ctx.head.subtitle, ctx.head.issue])
    end = furniture_start(ctx)
    text = "\n".join([head, body_text(ctx, end=end)])
    found, spans = _found_with_spans(text, ctx.taxonomy)
    known, new = _names(found)
    names = tuple(dict.fromkeys([*known, *new]))
    if end < len(ctx.blocks) and not names:
        # A campaign only the page's furniture names is not what the document
        # reports on; left out, but said, in case the links were the text's own.
        after = furniture_campaigns(ctx)
        if after:
            return Value(value=(), origin="text", guessed=True,
                         note=f"落款之后才提到{'、'.join(after)}，多半是网页附带的链接或简介")
    if not names:
        seasonal = seasonal_mentions(text, ctx.taxonomy)
        if seasonal:
            said = "、".join(dict.fromkeys(f"“{words}”" for _, words in seasonal))
            return Value(value=(), origin="text", guessed=True,
                         note=f"正文提到{said}，可能是专项行动“{'、'.join(name for name, _ in seasonal)}”，也可能只是季节性的日常工作")
    # A name found only by its shape is sure when the text quotes it (a
    # slogan in it, or the whole name) or puts it in its title.
    unsure = [n for n in new if "“" not in n and n not in head and f"“{n}”" not in text]
    origin = "taxonomy" if known else "shape" if new else "text"
    note = ("新专项行动：" + "、".join(new)) if new else ""
    if unsure:
        note = f"按名称形状猜的专项行动：{'、'.join(unsure)}"
    work = [n for n in known if n in _bare_work_names(text, spans)] if spans else []
    if work:
        # Said of the work, not named as a campaign: kept, but a guess.
        note = "；".join(filter(None, [note, f"{'、'.join(work)}：正文只写了做这项工作，没有用引号或“行动”等字样点名"]))
        unsure += work
    # A title that names its campaign says what the document is about; others
    # the body names may be what it cites (根据…专项整治三年行动计划) or its context.
    in_head = set().union(*_names(_in_head(found, head, ctx.taxonomy) if not title_line
                                  else _found(title_line, ctx.taxonomy)))
    titled = [n for n in names if n in in_head]
    aside = [n for n in names if n not in titled and n not in unsure]
    if titled and aside:
        note = "；".join(filter(None, [note, f"标题写的是{'、'.join(titled)}，正文还提到{'、'.join(aside)}"]))
    return Value(value=names, origin=origin, note=note, guessed=bool(unsure or (titled and aside)))


# The title rule's note for a headline line it read from the text's first lines.
_HEADLINE_IN_BODY = "正文开头的标题行"


def _title_line(ctx: Context, values: dict | None) -> str:
    """The title the title rule read from the text's first lines when the
    title block found none (a mangled line above it kept it from being
    read as one: 金政?2014?8号), else "".

    A headline line read there is the document's title as much as a title
    block's, and says what the document is about as one does; a title made
    from the lead (its meeting clause, its first sentence) is the lead's
    words, which the body's reading covers already."""
    title = (values or {}).get("title")
    if ctx.head.title or title is None or title.guessed or title.note != _HEADLINE_IN_BODY:
        return ""
    return str(title.value or "")


def _in_head(found: list[tuple[int, str, bool]], head: str, taxonomy: Taxonomy) -> list[tuple[int, str, bool]]:
    """`_found(head)`, read off `found`, what `_found` gave for head + "\\n" + body.

    Nothing found crosses a line break (a shape is one line's characters, and
    a listed name holds no line break), so what starts before the break after
    the head lies in it, and was found there as in the head alone: the same
    names taken, the same overlaps left out, the same cuts.
    """
    if taxonomy.campaign_key_breaks_line():
        return _found(head, taxonomy)  # a name written over two lines: read the head alone
    return [item for item in found if item[0] < len(head)]
