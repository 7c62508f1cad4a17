"""doc_type: 简报, 会议, 通知, 总结, 计划 or 新闻.

The masthead, then the title's last word, the closing formula (特此通告),
the lead (a meeting, a news dateline), the headings (汇报如下, 存在的问题), a
byline or a web page's outlet.  A plain report of an event with none of
these is taken for 新闻, and said to be a guess; so is a type the body
contradicts (a 总结 that says 现通报如下).
"""

from __future__ import annotations

import re

from ..model import Value
from .context import CJK, MEETING_LEAD, Context, lead, lead_sentences, short, web_hints
from .dates import closing_date_line

# doc_type from the title line: the word it ends with decides (关于召开…会议的
# 通知 is a 通知), else a word it holds (…党委扩大会议召开 is a 会议).
_TITLE_ENDS_TYPE: tuple[tuple[str, re.Pattern[str]], ...] = (
    # …工作总结和2026年工作计划: a report on the year, with the next year's plan.
    ("总结", re.compile(r"总结[^，。]{0,4}(?:和|及|与|暨)[^，。]{0,16}(?:计划|打算|安排|思路)$")),
    ("通知", re.compile(r"(?:通知|通告|通报|公告|决定|意见|办法|规定|批复)$")),
    ("计划", re.compile(r"(?:要点|计划|规划|方案|打算|预算)$")),
    ("总结", re.compile(r"(?:总结|报告|汇报|述职报告|工作情况|形势分析|情况分析|决算)$")),
)
_TITLE_HOLDS_TYPE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("简报", re.compile(r"简报|快报")),
    ("会议", re.compile(r"会议|[办例部署推进调度座谈联席总结表彰动员党委]会|召开")),
    ("总结", re.compile(r"总结|汇报|报告")),
    ("计划", re.compile(r"工作要点|工作计划|实施方案|行动方案")),
    ("通知", re.compile(r"通知|通告|通报|公告")),
)
# A lead that reports a meeting: 3月5日，…召开…会议 / …党委扩大会议召开 / 举行…会
# (the 会 ends the meeting's name: not 主会场).
_MEETING_IN_LEAD = re.compile(
    r"(?:召开|举行|举办)(?:了)?[^。！？]{0,40}?会(?:议)?(?=[，。；、]|$|上|在|于)|会议[^，。]{0,12}召开|会在[^，。]{1,20}召开"
)
# A news item's own marks: an outlet's dateline or 讯, a reporter.
_NEWS_LEAD = re.compile(
    r"^(?:本报讯|本台讯|本网讯|新华社|中新网|[^，。]{0,20}?讯[（(]|[^，。]{1,24}?\d{1,2}月\d{1,2}日(?:电|消息)"
    r"|[^，。]{0,16}[（(](?:记者|通讯员))|记者[^，。]{0,12}(?:获悉|了解到)|据[^，。]{2,24}(?:消息|微博|报道)"
)
_SUMMARY_BODY = re.compile(r"工作总结|汇报如下|总结如下|报告如下|分析如下|工作情况|下一步工作|存在的(?:突出)?问题")
# Of those, the headings of a part that plans share with summaries: a
# 规划 or 方案 reviews the work done and its problems before its tasks
# (“十三五”时期消防工作存在的问题).  The formulas (汇报如下) and 工作总结
# name the text itself.
_SHARED_HEADING = re.compile(r"^(?:工作情况|下一步工作|存在的(?:突出)?问题)$")
_NOTICE_BODY = re.compile(r"通报如下|通知如下|通告如下|公告如下")
_BRIEFING_HEAD = re.compile(r"简报|快报|专刊|第.{1,6}期")
# The formula that closes a notice.
_CLOSING_FORMULA = re.compile(r"^特此(?:通知|通告|公告|通报)[。！]?$")


def _signed_off(ctx: Context) -> bool:
    """特此通知 closes the text: on one of its last lines, or just above a
    date line (its 落款), which a copied page's footer and related links may
    follow by any number of lines."""
    texts = [b.text.strip() for b in ctx.blocks]
    last = len(texts) - 6
    return any(_CLOSING_FORMULA.match(text)
               and (number >= last or any(map(closing_date_line, texts[number + 1: number + 4])))
               for number, text in enumerate(texts))


# A press conference (新闻发布会, 媒体通气会, 记者见面会) tells the media what
# a unit did: a story reported as news, not one of the meetings the genre's
# 会议 reports (办公会, 党委会, 部署会), where a unit's own people decide.
# Cut with the verb that holds it (召开…新闻发布会), and never past another
# 会 (召开工作会议暨新闻发布会 still holds its 工作会议).
_PRESS_EVENT = re.compile(r"(?:(?:召开|举行|举办)了?[^，。；会]{0,40}?)?(?:(?:新闻)?发布会|(?:新闻|媒体)通气会|(?:记者|媒体)见面会|记者会)")


# A meeting asked for or yet to come (支队提请市府召开…部署会, 建议召开…会议,
# 拟于下周召开…会): the text reports the request or the plan, not a meeting
# held, which is what the genre's 会议 reports.  The verb of asking or of
# the future governs the 召开 within its clause.
_ASKED_MEETING = re.compile(
    r"(?:提请|建议|请求|申请|提议|拟|将|即将|准备|筹备|计划|定于)[^，。；：:！？]{0,10}?(?:召开|举行|举办)了?"
    r"[^，。；：:！？]{0,40}?会(?:议)?"
)


# A document a title cites by name (张贴《…的通告》, 学习《…实施方案》) is
# not the document itself: a type word inside book-title marks says what the
# cited one is.  Only a 简报 names itself so (《消防工作简报》第3期).
_CITED = re.compile(r"《[^《》]*》")
# A title reporting that someone heard a report (区领导专题听取消防工作汇报)
# is about the hearing, not the report: it ends as a 总结 would, but a
# report is heard at a meeting (a 专题会), which is what the text reports.
_HEARD_REPORT = re.compile(r"听取[^，。；]{0,24}(?:汇报|报告)$")


def title_type(title: str) -> str:
    cited_out = _CITED.sub("", title)
    if not CJK.search(cited_out):
        # A title set whole in the marks (a copied page's 《2019年消防工作计划》) is its own.
        cited_out = title.strip("《》")
    for rules in (_TITLE_ENDS_TYPE, _TITLE_HOLDS_TYPE):
        for doc_type, pattern in rules:
            text = title if doc_type == "简报" else cited_out
            if doc_type == "会议" and not _is_meeting(text, pattern):
                continue
            if doc_type == "总结" and _HEARD_REPORT.search(text):
                return "会议"
            if pattern.search(text):
                return doc_type
    return ""


def _is_meeting(text: str, pattern: re.Pattern[str]) -> bool:
    """Whether `text` names a meeting by `pattern` once its press events and
    the meetings it only asks for or announces are out."""
    if "会" not in text:
        return bool(pattern.search(text))
    if _PRESS_EVENT.search(text):
        text = _PRESS_EVENT.sub("", text)
    if _ASKED_MEETING.search(text):
        text = _ASKED_MEETING.sub("", text)
    return bool(pattern.search(text))


def rule_doc_type(ctx: Context, found: dict | None = None) -> Value:
    head = "\n".join([ctx.head.publication, ctx.head.issue])
    if _BRIEFING_HEAD.search(head):
        return Value(value="简报", origin="text", note=f"刊头“{short(head.strip())}”")
    title_value = found.get("title") if found else None
    unit = found.get("unit") if found else None
    if title_value and unit and title_value.note.startswith("导语") and "多于导语" in unit.note:
        # The lead's meeting is the occasion; the story is about another unit.
        return Value(value="新闻", origin="text", guessed=True, note=f"导语是一次会议，但正文写的是{unit.value}")
    title = str(title_value.value) if title_value and not title_value.guessed else ctx.head.title
    body_head = "\n".join(b.text for b in ctx.blocks[:4])
    by_title = title_type(title) if title else ""
    asked = _ASKED_MEETING.search(title) if title and not by_title else None
    if asked:
        # The title's only meeting is one asked for or to come: what the
        # piece reports is the request, most likely a news item; flagged.
        return Value(value="新闻", origin="text", guessed=True,
                     note=f"标题里的“{short(asked.group())}”是提请或将要召开的会，不是开过的会")
    if by_title:
        contradicted = by_title == "总结" and _NOTICE_BODY.search(body_head)
        if contradicted:
            return Value(value=by_title, origin="text", guessed=True,
                         note=f"标题“{short(title)}”，但正文写“{contradicted.group()}”")
        return Value(value=by_title, origin="text", note=f"标题“{short(title)}”")
    if _signed_off(ctx):
        return Value(value="通知", origin="text", note="结尾“特此通告/通知”")
    text_lead = lead(ctx)
    opening = "".join(lead_sentences(ctx, 2))
    if _is_meeting(opening, _MEETING_IN_LEAD) or _is_meeting(text_lead, MEETING_LEAD):
        if unit is not None and "多于导语" in unit.note:
            # The lead's meeting is the occasion; the story is about another unit.
            return Value(value="新闻", origin="text", guessed=True,
                         note=f"导语是一次会议，但正文写的是{unit.value}")
        # The first sentence with words in it (a stray ？ copied before a lead is none).
        first = next((sentence for sentence in lead_sentences(ctx, 2) if CJK.search(sentence)), "")
        if not (_is_meeting(first, _MEETING_IN_LEAD) or _is_meeting(text_lead, MEETING_LEAD)):
            # A meeting report opens with its meeting (3月5日，…召开…会议); one
            # named only in the second sentence, under a title that names
            # none, may be one step of what the story reports (核心提示：…
            # 保税支队迅速采取措施。管委会召开安全工作会议…).
            return Value(value="会议", origin="text", guessed=True,
                         note=f"导语第二句才写到开会（“{short(opening.split(first, 1)[-1])}”），标题里没有会议")
        return Value(value="会议", origin="text", note=f"导语“{short(opening)}”")
    if _NEWS_LEAD.search(text_lead[:60]):
        return Value(value="新闻", origin="text", note=f"导语“{short(text_lead)}”")
    headings = "\n".join(b.text for b in ctx.blocks if b.kind not in ("paragraph", "closing")) + "\n" + text_lead
    said = [m.group() for m in _SUMMARY_BODY.finditer(headings)]
    if said:
        # With no title of its own to say what the text is, headings a plan
        # may hold as well are only a hint; a formula that names the text is not.
        naming = [word for word in said if not _SHARED_HEADING.match(word)]
        untitled = not ctx.head.title or title_value is None or title_value.guessed
        if untitled and not naming:
            return Value(value="总结", origin="text", guessed=True, note=f"没有标题，只有小标题“{said[0]}”")
        return Value(value="总结", origin="text", note=f"小标题“{(naming or said)[0]}”")
    notice = _NOTICE_BODY.search(body_head)
    if notice:
        return Value(value="通知", origin="text", note=f"正文“{notice.group()}”")
    if ctx.head.byline.startswith(("记者", "通讯员")) or web_hints(ctx.furniture).outlet:
        return Value(value="新闻", origin="text", note="署名或网页来源")
    if text_lead:
        return Value(value="新闻", origin="text", note="一篇事件报道，没有标题类型词", guessed=True)
    return Value(value="", origin="text", note="看不出文档类型")
