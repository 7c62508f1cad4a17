"""date: the document's own date.

Candidates, best first: the unit-and-date line, the 落款 at the end, a
portal catalogue's 成文日期, a 落款 inside the text (a cover notice above
what it issues), a date line under the title (二〇二四年八月), the lead's
event date (its year from this text or the folder; after a wire story's
dateline, the bare day that follows it), the web page's publication time,
the 文号's year, a year in the title, the folder year, and last, as a guess,
the year (or month) the lead opens with or names.  A date chosen from weaker
evidence is marked guessed: a publication time when the lead has an event
date it could not read, a 落款 whose year the body contradicts, a year
inferred from the year a meeting reviews or plans for.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Value
from ..clean import WEB_TIMESTAMP
from ..structure import DATE, ISSUER, is_picture_note
from .context import (LEAD_PREFIX, Context, folder_year, is_caption, lead, paragraphs, sentences, valid_date,
                      web_hints)

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
# Not the end of a span (2024—2026年), which says nothing of when the text was written.
_TITLE_YEAR = re.compile(r"(?<![\d—–－\-~～至到])((?:19|20)\d\d)年(?!度先进|度优秀)")
# Words before a year that make it a year looked back on, not the event's.
_LOOKING_BACK = re.compile(r"回顾|总结|过去|去年|上年|以来|截至|截止|对比|同比|相比|表彰|评选|考评|考核")
# 回顾总结2023年工作 at a meeting early in the year: the meeting is in 2024.
_REVIEWS_YEAR = re.compile(r"(?:回顾|总结)[^，。；]{0,4}?((?:19|20)\d\d)年")
# A 落款 date on its own line: 2023年11月5日, 二〇二三年十一月五日 (a unit may precede it).
_CLOSING_DATE = re.compile(
    r"^.{0,24}?(?:\d{4}|[〇○零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日[）)]?$"
)
# The longest text _CLOSING_DATE can match: 24 characters before the date, a
# four-digit year, 年, two month digits, 月, three day digits, 日, a bracket,
# and a final line break before $.  Longer texts (most paragraphs) need no try.
_CLOSING_DATE_MAX = 24 + 4 + 1 + 2 + 1 + 3 + 1 + 1 + 1
# The issuer line of a signature block (落款) above its date line: Chinese words only (and ISSUER at its end).
_SIGNER_WORDS = re.compile(r"^[\u4e00-\u9fff（）()]{4,30}$")
# 部署2024年工作, 谋划2025年: the year a meeting plans for.
_PLANS_YEAR = re.compile(
    r"(?:部署|谋划|安排|规划|展望)[^，。；]{0,4}?((?:19|20)\d\d)年"
    r"|((?:19|20)\d\d)年度?[^，。；]{0,6}?(?:谋划|部署)会"  # 2025年度工作谋划会
)
# A lead that opens with its year: 2025年，…; 2020年上半年，…; 2024年11月是…
_OPENING_YEAR = re.compile(
    r"^(?P<y>(?:19|20)\d\d)年(?:度)?(?:(?P<m>\d{1,2})月(?!\d{1,2}[日号]))?(?=[，,]|[上下]半年|以来|[\u4e00-\u9fff])"
)
# A bare day opening a clause: 22日，… / 15日上午，…
_BARE_DAY = re.compile(r"(?:^|[，,。）)\s])(?P<d>\d{1,2})日(?:[上下]午|晚上?|早上|凌晨)?[，,]")
_NUMBER_YEAR = re.compile(r"[〔\[［（(【][ ]*((?:19|20)\d\d)[ ]*[〕\]］）)】]")
# A line of its own under the title giving the year and month: 二〇二四年八月, 2024年8月.
_MONTH_LINE = re.compile(r"^(?P<y>\d{4}|[〇○零一二三四五六七八九]{4})年(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})月$")
# The event's date opens a clause (7月5日上午，…); a date inside one is something
# the text refers to (为贯彻落实7月1日…会议精神).
_CLAUSE_START = re.compile(r"(?:^|[，。；：！？）)\s])$")
_CLAUSE_DATE_END = re.compile(r"^(?:[上下中]午|晚上?|早上|凌晨|夜间?|\d{1,2}时(?:\d{1,2}分)?)*[，,]")
# After the date: a range (至10日) or an announcement (将举办, 定于).
_RANGE_AFTER = re.compile(r"^(?:[上下]午)?(?:至|到|—|－|-|~)")
_FUTURE = re.compile(r"将|即将|拟|定于|计划于")
# A lead that dates its event in words the parser cannot read (1210日, 昨天, 近日).
_EVENT_WORDS = re.compile(r"\d+日|昨天|昨日|今天|今日|前日|日前|近日|上午|下午")


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


def _dates(text: str):
    """Each real date in text: (match, year or 0, month, day); placeholders skipped."""
    if "月" not in text:
        return  # every DATE holds 月: most paragraphs are not scanned at all
    for match in DATE.finditer(text):
        month, day = _number(match["m"]), _number(match["d"])
        year = _number(match["y"]) if match["y"] else 0
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        if year and not valid_date(year, month, day):
            continue
        yield match, year, month, day


@lru_cache(maxsize=256)  # the same lead and date lines are asked for again and again
def parse_date(text: str) -> tuple[str, str, str] | None:
    """First real date in text → (year or "", month, day)."""
    for _, year, month, day in _dates(text):
        return (str(year) if year else "", f"{month:02d}", f"{day:02d}")
    return None


def _event_date(text: str):
    """The date the text's event happens on: the first that opens a clause
    (7月5日上午，…), else the first date."""
    found = list(_dates(text))
    for item in found:
        match = item[0]
        if _CLAUSE_START.search(text[: match.start()]) and _CLAUSE_DATE_END.match(text[match.end():]):
            return item
    return found[0] if found else None


# A news lead's opening: 本报讯（记者 …）, 中新网福州1月23日电, 红网张家界12月15日讯,
# 东南网3月26日报道.  Not 通讯员 (a credit), nor 电 or 报道 that no date
# precedes (电动车…, 报道称…).
_NEWS_OPENING = re.compile(r"^[^，。]{0,24}?(?:\d{1,2}日(?:电|报道)|(?<!通)讯(?!员))")
# What ends a news story's dateline after its date: 1月23日电, 12月15日讯, 3月26日报道.
_DATELINE_ENDS = ("电", "讯", "报道")
# A dateline standing as a paragraph of its own: after it only the credits in
# brackets (（福建日报记者 戴敏 通讯员 李袁辉 摄）), the lead in the next paragraph.
_DATELINE_ALONE = re.compile(r"(?:电|讯|报道)?[ ]*(?:[（(][^（()）]{0,60}[)）])?[ ]*")


def _after_dateline(ctx: Context, paragraph: str, end: int) -> str:
    """The text a dateline's event day is read from: the rest of its
    paragraph, or the next paragraph when the dateline stands alone (a page
    sets the dateline and its credits apart above the lead, whose bare day
    (24日，…) is the event's as it is when they share a line)."""
    rest = paragraph[end:]
    if not _DATELINE_ALONE.fullmatch(rest):
        return rest
    texts = [block.text for block in ctx.blocks]
    for number, text in enumerate(texts[:-1]):
        if text.startswith(paragraph):
            return texts[number + 1]
    return rest


def _heading_dateline(ctx: Context) -> str:
    """A dateline short enough that structure set it as a heading above the
    lead (中新网福州1月23日电): a news story's filing line, not a heading, so
    the date is read from it as from a lead that opens with it."""
    for block, below in zip(ctx.blocks[:3], ctx.blocks[1:4]):
        if block.kind != "heading":
            continue
        opening = _NEWS_OPENING.match(block.text)
        if (opening and "日" in opening.group() and below.kind == "paragraph"
                and _DATELINE_ALONE.fullmatch(block.text[opening.end():])):
            return block.text
    return ""


def _bare_day_after(text: str, year: int, month: int, day: int) -> tuple[int, int, int] | None:
    """The bare day (22日，… / 6日上午，…) opening a clause in the 120
    characters after a dateline of year-month-day, if it is another day: that
    day of the same month, or of the month before when it is later (a story
    is filed after its event).  `year` may be 0 (not known yet)."""
    bare = _BARE_DAY.search(text[:120])
    if not bare or int(bare["d"]) == day or not 1 <= int(bare["d"]) <= 31:
        return None
    earlier = int(bare["d"]) > day
    if earlier and month == 1 and year:
        year -= 1
    month = 12 if earlier and month == 1 else month - 1 if earlier else month
    if year and not valid_date(year, month, int(bare["d"])):
        return None
    return year, month, int(bare["d"])


def closing_date_line(text: str) -> bool:
    """Whether a line is a 落款's date line (2024年11月24日, 二〇二四年八月五日)."""
    return len(text) <= _CLOSING_DATE_MAX and _CLOSING_DATE.match(text) is not None


def _closing_date(ctx: Context) -> str:
    """The date that signs off a notice (落款), on one of the last lines."""
    for block in reversed(ctx.blocks[-6:]):
        if closing_date_line(block.text):
            found = parse_date(block.text)
            if found and found[0] and valid_date(*(int(x) for x in found)):
                return "-".join(found)
    return ""


def _signature_date(ctx: Context) -> str:
    """A 落款 inside the text: an issuer line, then a line that is only a date.

    A cover notice (印发…的通知) signs off above the document it issues, so its
    signature is not among the last lines; the first one found is the cover's.
    """
    return first_signature(ctx)[1]


def first_signature(ctx: Context) -> tuple[int, str]:
    """(index of its date line among the blocks, YYYY-MM-DD) of the first
    落款 in the text, as `_signature_date` reads it; (-1, "") when there is none."""
    texts = [b.text.strip() for b in ctx.blocks]
    for at, (above, line) in enumerate(zip(texts, texts[1:]), start=1):
        if len(line) <= 16 and _CLOSING_DATE.match(line) and _SIGNER_WORDS.match(above) and ISSUER.search(above):
            found = parse_date(line)
            if found and found[0] and valid_date(*(int(x) for x in found)):
                return at, "-".join(found)
    return -1, ""


# A post's stamp line kept in the text: a word, a timestamp with its time of
# day, a word (政务 2024-11-14 20:43 内蒙古: a WeChat article's account tag,
# publication time and the province it was posted from).  The page's
# cleaning takes a stamp with one word beside it; with a word on each side
# the line stays in the text, often set as a heading under the title.
_STAMP_LINE = re.compile(
    r"^[\u4e00-\u9fff]{1,8}[ ]*(?P<y>(?:19|20)\d\d)[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
    r"[ ]+\d{1,2}:\d{2}(?::\d{2})?[ ]*[\u4e00-\u9fff]{1,8}$"
)


def _published(ctx: Context) -> str:
    """The page's publication time (YYYY-MM-DD): the stamp among its removed
    lines, else a stamp line of `_STAMP_LINE`'s shape among the first three
    blocks.  A time of day (20:43) is what no document writes with its own
    date in a line of its own; a page prints it when the post went up."""
    published = web_hints(ctx.furniture).published
    if published:
        return published
    for block in ctx.blocks[:3]:
        stamp = _STAMP_LINE.match(block.text.strip()) if len(block.text) <= 40 else None
        if stamp and valid_date(int(stamp["y"]), int(stamp["m"]), int(stamp["d"])):
            return f"{stamp['y']}-{int(stamp['m']):02d}-{int(stamp['d']):02d}"
    return ""


def _year_of_day(year: int, month: int, day: int, its_month: int, its_day: int) -> int:
    """The year of a yearless M月D日 written on a text dated year-month-day:
    that year, or the one before when the day would fall more than two
    months after the text's date (published 2024-01-03 about 12月28日)."""
    return year - 1 if (its_month - month) * 31 + (its_day - day) > 62 else year


def _year_for(ctx: Context, title: str, sentence: str, month: int, day: int) -> tuple[str, str, str, bool]:
    """A year for a lead's M月D日, from this document only: (year, origin, where, guessed).

    A web page's publication time first (a date after it is of the year
    before: published 2024-01-03 about 12月28日), then a year written in the
    same sentence (召开2024年党委扩大会议) or in the title, then the folder;
    last, the year after the one the meeting reviews (回顾总结2023年工作), as a guess.
    """
    published = _published(ctx)
    if published:
        pub_year, pub_month, pub_day = (int(x) for x in published.split("-"))
        # Sooner than two months after the publication is an announcement (即将).
        year = _year_of_day(pub_year, pub_month, pub_day, month, day)
        if valid_date(year, month, day):
            return str(year), "text", "网页发布时间", False
    for text, where in ((sentence, "同一句"), (title, "标题")):
        for found in _TITLE_YEAR.finditer(text):
            # 回顾总结2023年工作 at a 2024 meeting names another year.
            if _LOOKING_BACK.search(text[max(0, found.start() - 6): found.start()]):
                continue
            if valid_date(int(found.group(1)), month, day):
                return found.group(1), "text", where, False
    folder = folder_year(ctx.source)
    if folder and valid_date(int(folder), month, day):
        return folder, "path", f"文件夹 {folder}", False
    around = lead(ctx)[:200]
    reviewed = _REVIEWS_YEAR.search(sentence) or _REVIEWS_YEAR.search(around)
    if reviewed and month <= 4 and valid_date(int(reviewed.group(1)) + 1, month, day):
        return str(int(reviewed.group(1)) + 1), "text", f"推断：会议回顾 {reviewed.group(1)} 年", True
    plans = _PLANS_YEAR.search(sentence) or _PLANS_YEAR.search(around)
    if plans:
        # A meeting late in the year plans the next one (12月18日…谋划2025年).
        planned = plans.group(1) or plans.group(2)
        year = int(planned) - (1 if month >= 10 else 0)
        if valid_date(year, month, day):
            return str(year), "text", f"推断：会议部署 {planned} 年的工作", True
    return "", "", "", False


def _first_sentence_with(text: str, start: int) -> str:
    begin = max(text.rfind(mark, 0, start) for mark in "。！？\n") + 1
    ends = [i for i in (text.find(mark, start) for mark in "。！？\n") if i >= 0]
    return text[begin: min(ends) if ends else len(text)]


def _full_dates_elsewhere(ctx: Context) -> set[tuple[int, int, int]]:
    found = {(y, m, d) for text in paragraphs(ctx)[:3] for _, y, m, d in _dates(text) if y}
    published = _published(ctx)
    if published:
        found.add(tuple(int(x) for x in published.split("-")))
    return found


# A document-sharing site's file details (ID: / 大小:53.00 KB / 页数:3页 /
# 时间:2019-11-20): the time among them is when a member uploaded the file,
# often years after it was written, never the document's own date.  A size
# in KB or MB and a page count are what no document of the genre prints
# about itself, only the site that shares it.
_FILE_DETAIL = re.compile(r"^(?:文件)?大小[:：][ ]*\d+(?:\.\d+)?[ ]*[KMG]B?$|^(?:总)?页数[:：][ ]*\d+[ ]*页?$", re.I)


def _shared_file_details(ctx: Context) -> str:
    """The first file-detail line among the page's removed lines, the title
    block and the body's first blocks (a detail may stand where a title
    would), or ""."""
    for text in (*ctx.furniture, ctx.head.title, ctx.head.subtitle, *(block.text for block in ctx.blocks[:8])):
        text = text.strip()
        if len(text) <= 20 and _FILE_DETAIL.match(text):
            return text
    return ""


# The kinds of document that date themselves (…火灾事故情况通报 / 2024年3月10日):
# under such a title the date line is the document's own, and the day its
# first sentence names is of what it reports on (3月8日，…发生火灾).
_DOCUMENT_KIND = re.compile(r"(?:通知|通告|公告|通报|决定|意见|办法|规定|方案|计划|规划|要点|总结|报告|纪要|简报)$")


def _lead_own_day(ctx: Context, year: int, month: int, day: int) -> tuple[int, int, int] | None:
    """The day a lead's first sentence gives its event (…，12月4日，白城支队…),
    yearless and opening a clause, under a date line of year-month-day.

    A date line printed at the top (an e-paper's issue date, a page's) says
    when the page came out; the lead's own day is when the event happened,
    and a lead writes it without its year because the page's date gives it.
    The year is the date line's, or the one before when the day would fall
    more than two months after it (an issue of 1月3日 about 12月28日).  A
    range (6日至10日) or an announcement (将于…) is not the event's day."""
    return _own_day(lead(ctx), year, month, day)


def _own_day(text: str, year: int, month: int, day: int) -> tuple[int, int, int] | None:
    """`_lead_own_day` on a given text: the yearless day opening a clause of
    its first sentence, with the year of the date line year-month-day."""
    first = sentences(text)[:1]
    if not first:
        return None
    sentence = first[0]
    for match, found_year, found_month, found_day in _dates(sentence):
        if found_year or not _CLAUSE_START.search(sentence[: match.start()]):
            continue
        after = sentence[match.end():]
        if not _CLAUSE_DATE_END.match(after) or _RANGE_AFTER.match(after) or _FUTURE.search(sentence):
            return None
        if (found_month, found_day) == (month, day):
            return None
        own_year = _year_of_day(year, month, day, found_month, found_day)
        return (own_year, found_month, found_day) if valid_date(own_year, found_month, found_day) else None
    return None


# A page's line citing where the text was first printed: 【文章来源】：消防界
# （电子版）。2020,6(11), 出处：…2019年第3期.  The value runs to the next field
# of the line (来源：某某 编辑：某某 2023-12-22 …: the stamp is the page's own).
_CITED_SOURCE = re.compile(r"(?:文章|稿件|消息|信息|原文)?(?:[来來]源|出[处處])[】\]]?[ ]*[:：][ ]*(?P<value>.{0,60})")
_FIELD_LABEL = re.compile(r"(?:编辑|责编|作者|记者|时间|日期|发布|浏览|点击|阅读|访问)[ ]*[:：]")
_CITED_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def cited_source_year(ctx: Context) -> int:
    """The earliest year a source line of the page cites for the text (0 when none).

    A page that copies an article from a journal or a paper cites it with
    its year; the page's own stamp (a timestamp, taken out here) is when the
    copy went up, which for an aggregator is often years later."""
    lines = [*ctx.furniture, *(b.text for b in ctx.blocks if len(b.text) <= 80)]
    years = []
    for line in lines:
        for cited in _CITED_SOURCE.finditer(line):
            value = _FIELD_LABEL.split(cited["value"], maxsplit=1)[0]
            years += [int(y) for y in _CITED_YEAR.findall(WEB_TIMESTAMP.sub("", value))]
    return min(years, default=0)


def story_lead(ctx: Context) -> str:
    """The lead the event's date is read from: `lead`, or, when that is a
    photo's caption naming no date, the first paragraph under it that is no
    caption.  A page puts its top picture's caption over the story; when the
    caption dates nothing, the story's own first paragraph does.  A caption
    with a date keeps it (4月21日，…开展演练。程雪力摄): it is the event's."""
    first = lead(ctx)
    if not first or not is_caption(first) or parse_date(first):
        return first
    texts = [block.text for block in ctx.blocks if block.kind == "paragraph"]
    for text in texts[texts.index(first) + 1:][:3]:
        if not is_caption(text):
            return text
    return first


def rule_date(ctx: Context, found: dict | None = None) -> Value:
    # The title's year counts only when the title is the document's own, not a guess.
    chosen = found.get("title") if found else None
    title = (str(chosen.value) if not chosen.guessed else "") if chosen else ctx.head.title
    dated = parse_date(ctx.head.dateline) if ctx.head.dateline else None
    if dated and dated[0]:
        # A newspaper page's date line above a news lead (本报讯 …6日上午，…):
        # the page is dated when it was printed, the event by the lead's day.
        opening = _NEWS_OPENING.match(lead(ctx)[:160])
        moved = story = None
        if opening:
            story = _after_dateline(ctx, opening.string, opening.end())
            moved = _bare_day_after(story, *map(int, dated))
        if moved:
            year, month, day = moved
            return Value(value=f"{year}-{month:02d}-{day:02d}", origin="text",
                         note=f"日期行之后导语里的“{day}日”")
        dated_kind = _DOCUMENT_KIND.search(title) or _DOCUMENT_KIND.search(ctx.head.title)
        # After a news opening (运城晚报讯 9月26日，…) the story's first
        # sentence is read as a lead's is: a paper's 讯 carries no date of its
        # own, and the yearless day opening the story's first clause is the
        # event's, the page's date line only giving its year.
        own = None if dated_kind else (_own_day(story, *map(int, dated)) if opening
                                       else _lead_own_day(ctx, *map(int, dated)))
        if own:
            year, month, day = own
            return Value(value=f"{year}-{month:02d}-{day:02d}", origin="text",
                         note=f"导语第一句的“{month}月{day}日”，年份取自日期行")
        return Value(value="-".join(dated), origin="text", note="日期行")
    closing = _closing_date(ctx)
    if closing:
        year, month, day = (int(x) for x in closing.split("-"))
        # The same day with another year in the body or the page (a typo in the 落款).
        other = {y for y, m, d in _full_dates_elsewhere(ctx) if (m, d) == (month, day) and y != year}
        if other:
            return Value(value=closing, origin="text", guessed=True,
                         note=f"落款日期，但正文或网页写的是 {min(other)} 年同一天")
        return Value(value=closing, origin="text", note="落款日期")
    # A portal's catalogue entry comes after the document's own 落款, which
    # it sometimes gets wrong (成文日期 set to the day the page went up).
    written = web_hints(ctx.furniture).written
    if written:
        return Value(value=written, origin="text", note="信息公开目录的成文日期")
    # A cover notice signed above the document it issues: the notice's own date,
    # which the page's publication time and the attachment's dates are not.
    signed = _signature_date(ctx)
    if signed:
        return Value(value=signed, origin="text", note="正文中的落款日期")
    first = ctx.blocks[0].text if ctx.blocks else ""
    month_line = next((m for m in map(_MONTH_LINE.match, (ctx.head.subtitle, ctx.head.dateline, first)) if m), None)
    if month_line:
        year, month = _number(month_line["y"]), _number(month_line["m"])
        if 1900 <= year <= 2100 and 1 <= month <= 12:
            return Value(value=f"{year}-{month:02d}", origin="text", note="标题下的年月")
    text_lead = story_lead(ctx)[:160]
    if not parse_date(text_lead):
        text_lead = _heading_dateline(ctx) or text_lead
    # A dated opening sentence may stand in the second paragraph, after a theme line.
    paras = paragraphs(ctx)
    second = paras[1][:80] if len(paras) > 1 else ""
    second = second if parse_date(second) and parse_date(second)[0] and not parse_date(text_lead) else ""
    published = _published(ctx)
    for text, note in ((ctx.head.dateline, "日期行"), (text_lead, "导语日期"), (second, "正文开头的日期")):
        event = _event_date(text) if text else None
        if not event:
            continue
        match, year, month, day = event
        if text[match.end():].startswith(_DATELINE_ENDS):
            # 中新网福州1月23日电 …22日，… (or 红网12月15日讯, 东南网3月26日报道): a news
            # story's dateline is when it was filed; the event is the bare day after it.
            moved = _bare_day_after(_after_dateline(ctx, text, match.end()), year, month, day)
            if moved:
                year, month, day = moved
                note = f"{note}（电头之后的“{day}日”）"
        after = text[match.end(): match.end() + 12]
        sentence = _first_sentence_with(text, match.start())
        guessed = False
        year_from_stamp = False
        if year:
            value = f"{year}-{month:02d}-{day:02d}"
            origin = "text"
        else:
            found_year, origin, source, guessed = _year_for(ctx, title, sentence, month, day)
            if not found_year:
                return Value(value="", origin="text", note=f"{note}“{month}月{day}日”没有年份")
            year, value = int(found_year), f"{found_year}-{month:02d}-{day:02d}"
            note = f"{note}无年份，年份取自{source}"
            year_from_stamp = source == "网页发布时间"
        if _RANGE_AFTER.match(after):
            # 7月6日至10日: the text was written after the period, in that month or later.
            return Value(value=f"{year}-{month:02d}", origin=origin, guessed=True,
                         note=f"{note}是一段时间的开始，只取年月")
        if published and _FUTURE.search(sentence[: sentence.find(match.group()) + 20] + after) and published < value:
            # An announcement (11月9日…将举办) is dated when it was published.
            return Value(value=published, origin="text", note="预告的活动日期之前的网页发布时间")
        if year_from_stamp and published < value:
            # A day the text reports, after the time the page says it went up:
            # the stamp is a later copy's or a wrong one, so its year may not be the day's.
            return Value(value=value, origin=origin, guessed=True, note=f"{note}，但比网页发布时间还晚，年份可能不对")
        return Value(value=value, origin=origin, note=note, guessed=guessed)
    if published:
        detail = _shared_file_details(ctx)
        if detail:
            return Value(value=published, origin="text", guessed=True,
                         note=f"网页上的时间在文库的文件信息（“{detail}”）旁边，是上传时间，不是文档自己的日期")
        cited = cited_source_year(ctx)
        if cited and cited < int(published[:4]):
            # The page is a later copy: the text is of the cited year or
            # after it, the stamp only says when the copy went up.
            return Value(value=published, origin="text", guessed=True,
                         note=f"网页发布时间，但网页写的文章来源是 {cited} 年的，这一页像是后来的转载")
        unread = _EVENT_WORDS.search(text_lead[:80])
        title_year = _TITLE_YEAR.search(title)
        if title_year and title_year.group(1) != published[:4]:
            return Value(value=published, origin="text", guessed=True,
                         note=f"网页发布时间，但标题写的是 {title_year.group(1)} 年")
        if unread:
            return Value(value=published, origin="text", guessed=True,
                         note=f"网页发布时间；导语里的“{unread.group()}”没能读成日期")
        # A picture's note (（资料图片）) is no paragraph of the story's opening.
        opening_day = _paragraph_opening_day([p for p in paras if not is_picture_note(p)][:3], published)
        if opening_day:
            said, value = opening_day
            return Value(value=value, origin="text", guessed=True,
                         note=f"第一段不像导语，取了正文开头一段的“{said}”，年份取自网页发布时间")
        outlets = web_hints(ctx.furniture).link_outlets
        if outlets:
            # The time stands in a list of other outlets' stamps: the page's
            # related links, whose times are other articles', not this one's.
            return Value(value=published, origin="text", guessed=True,
                         note=f"网页上的时间，但它在一串不同来源（{'、'.join(outlets[:3])}）的时间里，像是相关链接的时间")
        return Value(value=published, origin="text", note="网页发布时间")
    numbered = _NUMBER_YEAR.search(str(found["doc_number"].value or "")) if found and found.get("doc_number") else None
    if numbered:
        # 厦府办〔2006〕254号 was issued in 2006, whatever year its title names.
        return Value(value=numbered.group(1), origin="text", note="只知道年份：文号里的年份")
    year = _TITLE_YEAR.search(title)
    if year:
        return Value(value=year.group(1), origin="text", note="标题中的年份")
    folder = folder_year(ctx.source)
    if folder:
        return Value(value=folder, origin="path", note=f"只知道年份：文件夹 {folder}")
    return _year_from_lead(text_lead)


def _paragraph_opening_day(texts: list[str], published: str) -> tuple[str, str] | None:
    """(the words, YYYY-MM-DD) of the yearless M月D日 one of the first
    paragraphs opens its first clause with (8月6日4时50分，…), when it is not
    the publication's day; its year the publication's, or the one before
    when the day would fall more than two months after it.  None when there
    is none.

    A page's first paragraph is not always the lead: a keyword line, a
    standfirst or a caption can stand above it, and then the story's own
    opening date is never read as the lead's.  A news story opens with its
    event's day, so that day is likelier the document's than the page's
    stamp; it stays a guess, since which paragraph is the lead is."""
    pub_year, pub_month, pub_day = (int(x) for x in published.split("-"))
    for text in texts:
        for match, year, month, day in _dates(text[:40]):
            if match.start() or year or not _CLAUSE_DATE_END.match(text[match.end():]):
                break
            if (month, day) == (pub_month, pub_day):
                break
            own_year = _year_of_day(pub_year, pub_month, pub_day, month, day)
            if valid_date(own_year, month, day):
                return match.group(), f"{own_year}-{month:02d}-{day:02d}"
            break
    return None


def _year_from_lead(text: str) -> Value:
    """Only a year (or a month) the lead gives, as a guess: 2025年，…; 2020年上半年，…;
    召开2018年度…会议; 安排部署2024年任务."""
    opening = _OPENING_YEAR.match(LEAD_PREFIX.sub("", text))
    if opening and not _LOOKING_BACK.search(text[: opening.end() + 4]):
        month = int(opening["m"] or 0)
        if 1 <= month <= 12:
            return Value(value=f"{opening['y']}-{month:02d}", origin="text", guessed=True, note="导语开头的年月")
        return Value(value=opening["y"], origin="text", guessed=True, note="只知道年份：导语开头的年份")
    first = sentences(text)[:2]
    for sentence in first:
        for found in _TITLE_YEAR.finditer(sentence):
            if _LOOKING_BACK.search(sentence[max(0, found.start() - 6): found.start()]):
                continue
            return Value(value=found.group(1), origin="text", guessed=True, note="只知道年份：导语里的年份")
    return Value(value="", origin="text", note="正文和路径里都没有日期")
