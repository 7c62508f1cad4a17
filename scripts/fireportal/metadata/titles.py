"""title: the document's headline.

Candidates, best first: the title line structure found (unless it is page
furniture: a newspaper's page label, a site's slogan or search box, a list
marker), the line under it when the title line was furniture, a headline
standing at the top of the body (…工作总结和2026年工作计划), a meeting lead
(<unit>召开<meeting>), and last, as a guess, the first heading or sentence.
"""

from __future__ import annotations

import re
from msgspec.structs import replace

from ..model import Value
from ..source_path import stem_and_suffix
from ..structure import is_outlet_name, menu_run, names_the_piece
from .context import CJK, LEAD_PREFIX, MEETING_LEAD, Context, lead, lead_sentences, squash
from .official import leading_doc_number

# Lines a web page or a document-sharing site puts where a title would be.
_FURNITURE_TITLE = re.compile(
    r"^第.{1,4}版[：:]|^目\s*录$|^第[一二三四五六七八九十\d]+(?:部分|章)"
    r"|本站|搜平台|记住我|收藏本|设为首页|文库|登录|注册|上一篇|下一篇|返回首页"
    # A contact line (联系人：张三, 电话：…): a label and its value name no matter.
    r"|^(?:联系人|联系电话|联系方式|电话|手机|传真|[\u4e00-\u9fff]{0,4}地址|邮编|邮箱)[ ]*[：:]"
)
# A document-sharing site's page label after the title: …工作方案_第1页.
_PAGE_LABEL = re.compile(r"[_＿\s]*第\d+页$")
# The words a headline ends with when it names its kind.
_HEADLINE_END = re.compile(
    r"(?:通知|通告|公告|通报|决定|意见|办法|规定|方案|计划|规划|要点|打算|总结|报告|汇报|决算|预算|纪要|简报|会议|会)$"
)
# …党委扩大会议在济南召开: the meeting is the subject.
_MEETING_HELD = re.compile(r"^(?P<meeting>[^，。；]{4,40}?(?:会议|会))(?P<place>在[^，。；]{1,20})?(?P<verb>召开|举行)(?=[，。；]|$)")
_CONVENES = re.compile(r"(?:组织)?召开(?:了)?(?P<meeting>[^，。；]{2,60}?(?:会议|会))(?=[，。；]|$)")


# A year a title names: 2020年, or the first of a range 2021—2025年.
_TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=\s*(?:年|[—–－~至-]\s*(?:19|20)?\d\d))")
_NUMBER = re.compile(r"\d+")


def title_years(text: str) -> list[int]:
    return [int(year) for year in _TITLE_YEAR.findall(text)]


def renumbered_title(ctx: Context, title: str) -> str:
    """A line at the top of the body that is the title with other numbers in
    it: a copied page's headline and the document's own title line, one of
    them re-dated (sites that collect 范文 move the year to the current one)."""
    key = _NUMBER.sub("#", squash(title))
    if "#" not in key:
        return ""
    for block in ctx.blocks[:4]:
        text = clean_title(block.text)
        if not block.marker and text != title and len(text) <= 80 and _NUMBER.sub("#", squash(text)) == key:
            return text
    return ""


def checked_against_date(ctx: Context, title: Value, date: Value) -> Value:
    """The title line against the text below it and the document's date.

    A title line repeated at the top of the body with other numbers is a
    copied page's headline over the document's own title line, one of them
    re-dated: always a doubt, named in the note, and the note says which
    line fits the date when one does.  Without such a line: a work summary
    is written in or after the year it reviews, and nothing the genre writes
    names a year more than one ahead of its date (a plan for next year is
    written this year).  A title that does is either re-dated by the page
    it was copied from or the date is wrong: kept and flagged.
    """
    if title.origin != "text" or not title.note.startswith("标题行"):
        return title
    text = str(title.value)
    years = title_years(text)
    year = int(str(date.value)[:4]) if date.value else None
    renumbered = renumbered_title(ctx, text)
    if renumbered and year in title_years(renumbered) and year not in years:
        return replace(title, guessed=True, note=f"正文开头还有一个只差数字的标题“{renumbered}”，"
                                                 f"它的年份与日期 {date.value} 相符")
    if renumbered and not title.guessed:
        return replace(title, guessed=True, note=f"标题行；正文开头还有一个只差数字的标题“{renumbered}”")
    if year and years and (min(years) > year + 1 or min(years) > year and "总结" in text):
        return replace(title, guessed=True, note=f"标题里的{min(years)}年晚于日期 {date.value}，"
                                                 f"标题和日期有一个不对")
    return title


def is_furniture_title(line: str) -> bool:
    """A line that is never a document's title: no Chinese at all (- 0), a
    newspaper's page label (第04版：县区要闻), a contents heading, a site's
    controls or slogan."""
    return not CJK.search(line) or bool(_FURNITURE_TITLE.search(line))


def clean_title(line: str) -> str:
    if "页" not in line:
        # Every _PAGE_LABEL match holds 页; without it the pattern would still
        # be tried at every position of the line (a paragraph, often).
        return line.strip()
    return _PAGE_LABEL.sub("", line).strip()


def _meeting_title(ctx: Context) -> str:
    """<unit>召开<meeting> or <meeting>在…召开, from the lead's first sentences."""
    from .units import unit_mentions

    for sentence in lead_sentences(ctx):
        sentence = LEAD_PREFIX.sub("", sentence.rstrip("。！？"))
        held = _MEETING_HELD.match(sentence)
        if held:
            return held.group()
        convenes = _CONVENES.search(sentence)
        if not convenes:
            continue
        found = unit_mentions(sentence[: convenes.start()], ctx.taxonomy)
        if found:
            # The unit as the text writes it, not its canonical name.
            start = found[-1][0]
            written = re.match(r"[^，。；、]*?(?:总队|支队|大队|站|局|中队)", sentence[start:])
            subject = written.group() if written else found[-1][1]
            return f"{subject}召开{convenes['meeting']}"
        match = MEETING_LEAD.match(sentence + "。")
        if match:
            return f"{match['subject']}召开{match['meeting']}"
    return ""


_SENTENCE_MARKS = re.compile(r"[。！？；]")


def _headline_in_body(ctx: Context, shortest: int = 6) -> str:
    """A headline standing at the top of the body: a short line, no sentence
    in it, ending with the word for its kind (…工作总结和2026年工作计划)."""
    # A site's menu kept at the top of the body (首页 / 新闻 / 直播) is passed
    # over: it stood above the title line, so the body's top is below it.
    # Only a run as long as structure sets aside as a menu: short lines further
    # down (a briefing's contents: 目录 / 工作动态) are the body's own.
    start = len(menu_run([block.text for block in ctx.blocks], 0))
    for block in ctx.blocks[start:start + 3]:
        text = clean_title(block.text)
        if block.marker or not (shortest <= len(text) <= 60) or _SENTENCE_MARKS.search(text):
            continue
        if _HEADLINE_END.search(text) and not is_furniture_title(text):
            return text
    return ""


def _line_above_story(ctx: Context) -> str:
    """A line shaped as a news headline above the story's first sentence, or "".

    A page whose headline the head missed (a spam line over it, a photo's
    note under it) leaves it as a short paragraph over the story: no clause
    mark in it, naming a place, a unit or an event (`_SHORT_TITLE_EVIDENCE`),
    and a sentence comes under it.  Only a guess: a kicker or a slogan has
    the same shape."""
    for number, block in enumerate(ctx.blocks[:3]):
        if _ABOVE_STORY_MARKS.search(block.text):
            return ""  # the story has started
        text = clean_title(block.text)
        if (block.kind == "paragraph" and _ABOVE_STORY_MIN <= len(text) <= _ABOVE_STORY_MAX
                and not _CLAUSE_MARKS.search(text)
                and _SHORT_TITLE_EVIDENCE.search(text) and not is_furniture_title(text)
                and any(_SENTENCE_MARKS.search(b.text) for b in ctx.blocks[number + 1:number + 3])):
            return text
    return ""


_ABOVE_STORY_MARKS = re.compile(r"[。！？]")
# A salutation (各市（区）安委会，…：) or a list of keywords parts its words so.
_CLAUSE_MARKS = re.compile(r"[，,；;：:、]")
_ABOVE_STORY_MIN, _ABOVE_STORY_MAX = 8, 40


# A time and nothing else: 今年11月, 11月6日上午, 2024年, 近日.  A poster copied
# as text opens with such a line (今年11月 / 是第33个全国消防宣传月 / …); a
# headline always says what happened or what the document is.
_TIME_WORD = (r"(?:(?:19|20)\d\d|[〇○零一二三四五六七八九]{4})年|今年|去年|明年|本年度?|上半年|下半年"
              r"|\d{1,2}月(?:份|上旬|中旬|下旬)?|[一二三四五六七八九十]{1,3}月|\d{1,2}[日号]|[一二三四五六七八九十]{1,3}日"
              r"|[上下]午|中午|凌晨|早上|傍晚|晚上|夜间|当天|当日|今天|昨天|今日|昨日|近日|日前|近期"
              r"|\d{1,2}[时点:：](?:\d{1,2}分?)?")
_TIME_ONLY = re.compile(rf"^(?:{_TIME_WORD})+[，,、]?$")
# A title line ending with a word that needs what follows it (…关于印发《…》的,
# …推进会暨): the rest was lost in the copy, or the line is a fragment of a
# sentence set out line by line.  Only words no phrase ends with: 和, 与, 及,
# 在, 为 end 祥和, 参与, 普及, 所在, 可为, all a headline's last words.
# A kicker (肩题) that reports speech (国家消防救援局党委强调, 某某在…会议上指出)
# ends with its verb, and what was said is the main headline under it: such
# a line alone is half the headline.
_FRAGMENT_END = re.compile(r"(?:的|暨|关于|强调|指出)$")
# What a short headline names and a slogan does not: a unit or place (the
# last character of its name), an event, or the document's kind.
_SHORT_TITLE_EVIDENCE = re.compile(
    r"[市县区省州镇乡村站队局委府院厅部]|召开|开展|举行|启动|挂牌|成立|起火|火灾|救出|扑灭|督导|检查|慰问|演练|部署|表彰"
    r"|通报|通告|公告|通知|决定|意见|办法|规定|方案|计划|规划|要点|总结|报告|简报|纪要|会议"
)
# Campaign slogans are two four-character phrases (全民消防 生命至上, 关注消防
# 珍爱生命): a title line of Chinese words this short that names none of the
# above reads as one.
# A kicker (引题) set above a headline is the same: two such phrases with a
# comma (落实消防责任，防范安全风险), the theme the headline under it serves.
_SLOGAN_SHAPE = re.compile(r"[\u4e00-\u9fff]{1,8}(?:[，,][\u4e00-\u9fff]{2,8})?")
# Two matched phrases, as structure joins a couplet headline: a slogan too
# unless a deck under it names the unit and the piece.
_COUPLET_SHAPE = re.compile(r"[\u4e00-\u9fff]{5,8} [\u4e00-\u9fff]{5,8}")
_SLOGAN_DOUBT = "标题行很短，没有写单位、事由或文种，像是标语"


# The purpose clause a notice's or a report's first sentence opens with
# (为切实增强…意识，…, 为进一步做好…工作，现将…): a headline names the matter and
# never opens with it, so such a "title" is the text's first sentence broken
# over short lines (a WeChat copy), and the lines under it go on with it.
_PURPOSE_OPENING = re.compile(r"^为(?:了|切实|进一步|全面|深入|认真|有效|扎实|持续|着力|更好|确保|加强|做好|推进|提升|提高|增强|落实|贯彻|保障|营造)")


def doubtful_title_line(title: str) -> str:
    """Why a title line may not be the document's title ("" when nothing
    says so): a sentence's opening or fragment, or a line as short as a
    slogan that names no unit, place, event or kind of document."""
    purpose = _PURPOSE_OPENING.match(title)
    if purpose:
        return f"标题行以“{purpose.group()}”开头，像是正文第一句的目的状语"
    fragment = _FRAGMENT_END.search(title)
    if fragment and fragment.group() in ("强调", "指出"):
        return f"标题行以“{fragment.group()}”结尾，像是引题，主标题多半是下面一行"
    if fragment:
        return f"标题行以“{fragment.group()}”结尾，像是半句话"
    if (_SLOGAN_SHAPE.fullmatch(title) or _COUPLET_SHAPE.fullmatch(title)) and not _SHORT_TITLE_EVIDENCE.search(title):
        return _SLOGAN_DOUBT
    return ""


# A site's or channel's line where a headline would be: short names and
# nothing else, set between ASCII or full-width bars (无线济南|济南网 民生).
# A headline with a bar in it is a column label before the headline itself
# (记者节|“11.8”撞上“119”新闻媒体记者走进…), whose headline part is longer than
# a name; 丨 (a CJK character) is how WeChat headlines set that label apart,
# never a site's separator, so it is not one of the bars.
_SITE_LINE = re.compile(r"[\u4e00-\u9fff]{2,10}(?:[|｜][\u4e00-\u9fff]{2,10})+")


def is_site_line(line: str) -> bool:
    """The spaces between a site's names are not counted: the cleanups take
    them out between Chinese characters, before or after this is asked."""
    return ("|" in line or "｜" in line) and bool(_SITE_LINE.fullmatch(re.sub(r"\s+", "", line)))


# A page's <title> or keywords copied as a line: short phrases joined by
# underscores (…在线观看_…精品_…一区二区, 标题_网站名_栏目).  No headline of
# the genre joins its words with _: the character is a site's separator
# (and a spam page's keyword list), so three phrases or more joined by it
# are the page's line, never the document's title.  Each phrase is short
# and no sentence: a run of text with a stray _ in it is not such a line.
_KEYWORD_LINE = re.compile(r"[^\s_＿，。；：！？]{2,16}(?:[_＿][^\s_＿，。；：！？]{2,16}){2,}")


# The same list joined by hyphens or bars (久久精品视频9-…-五月天色婷婷在线,
# 标题|网站名|栏目): a headline of the genre sets a column label apart with one
# bar and writes ranges with one hyphen (2024-2025年), never three phrases
# or more strung on them.  Each phrase here holds a Chinese character, so a
# date (2025-03-17) or a code (GB-50016-2014) is no such list.
_DASH_SEPARATORS = re.compile(r"[-－|｜]")
_DASH_PHRASE = re.compile(r"[^\s_＿，。；：！？]{2,16}")


def _is_dash_keyword_line(line: str) -> bool:
    phrases = _DASH_SEPARATORS.split(line)
    return len(phrases) >= 3 and all(_DASH_PHRASE.fullmatch(p) and CJK.search(p) for p in phrases)


def is_keyword_line(line: str) -> bool:
    line = line.strip()
    if "_" in line or "＿" in line:
        return bool(_KEYWORD_LINE.fullmatch(line))
    return bool(_DASH_SEPARATORS.search(line)) and _is_dash_keyword_line(line)


# A spam page's keyword list set out with commas instead (…在线中乱码，…最新官网，
# …在线观看，…不用下载): three phrases or more, no sentence mark.  A headline
# of the genre with that many clauses still says who, what happened or what
# the document is (勿恐慌，别围观，某某大队提醒…); a list naming none of these
# is the page's line over the headline, not the document's title.
_PHRASE_LIST = re.compile(r"[^\s，,。；：！？]{2,20}(?:[，,][^\s，,。；：！？]{2,20}){2,}")


def is_phrase_list(line: str) -> bool:
    line = line.strip()
    return ("，" in line or "," in line) and bool(_PHRASE_LIST.fullmatch(line)) and not _SHORT_TITLE_EVIDENCE.search(line)


def _headline_under_site_line(ctx: Context) -> str:
    """The line under a site's line: the subtitle structure found, or the
    body's first block when it stands apart and reads as a headline (short,
    no sentence in it).  An outlet's name on its own line (人民网) between
    them is the page's masthead, passed over."""
    below = clean_title(ctx.head.subtitle)
    if below or not ctx.blocks:
        return below
    blocks = ctx.blocks[1:] if is_outlet_name(ctx.blocks[0].text.strip()) else ctx.blocks
    if not blocks:
        return ""
    first = blocks[0]
    text = clean_title(first.text)
    if not first.marker and 6 <= len(text) <= 60 and not _SENTENCE_MARKS.search(text) and "，" not in text:
        return text
    return ""


def _kind_named_below(subtitle: str) -> str:
    """The line under the title line when it reads as a headline naming the
    document's kind (…召开全市基层消防力量建设现场会), else "".

    A page's channel line (中新社内蒙古分社 正文 盟市动态) set right over the
    headline, with no blank line between them (as a PDF typesets it), is read
    as the title and the headline as its subtitle: which one names the
    document is then the same choice as for a headline in the body's first
    lines (`_headline_in_body`), and as flagged.  A deck opening with a dash
    (——记…) is the title's own subtitle."""
    text = clean_title(subtitle)
    if (6 <= len(text) <= 60 and not _SENTENCE_MARKS.search(text) and not text.startswith(("—", "－", "-"))
            and _HEADLINE_END.search(text) and not is_furniture_title(text)):
        return text
    return ""


def _names_what_it_is(deck: str) -> bool:
    """A deck that names the unit or place and the kind of piece
    (化州市消防救援大队2022年工作纪实): under it, a headline of two matched
    phrases is the feature's title, not a slogan."""
    return bool(_SHORT_TITLE_EVIDENCE.search(deck)) and names_the_piece(deck)


def _title_below(line: str, above: str, why: str) -> Value:
    """The line under a title line that is not the title (`why`: a time, a page's column, a site's line)."""
    doubt = doubtful_title_line(line)
    return Value(value=line, origin="text", guessed=bool(doubt),
                 note=doubt or f"标题行（上一行“{above[:12]}”{why}）")


def rule_title(ctx: Context, found: dict | None = None) -> Value:
    title = clean_title(ctx.head.title)
    # A 文号 line the title block joined to the title (金政?2014?8号关于…) is the
    # 红头's, read as doc_number: the title is what follows it.
    title = title[leading_doc_number(title):].strip()
    timed = bool(_TIME_ONLY.match(title))  # a time alone is never a title: read on as for furniture
    site = is_site_line(title)  # a site's name and channel: read on as for furniture
    keywords = not site and (is_keyword_line(title) or is_phrase_list(title))  # a page's title or keyword line: the same
    if title and not timed and not site and not keywords and not is_furniture_title(title):
        other = _headline_in_body(ctx, shortest=4) or _kind_named_below(ctx.head.subtitle)
        if other and not _HEADLINE_END.search(title):
            # A page's headline over a republished notice (…发布紧急通知：…, then
            # the notice's own …关于…的紧急通知): the line naming its kind is the
            # document's own title, the one above the re-poster's words.  Which
            # one names the document is still a choice: flagged.
            return Value(value=other, origin="text", guessed=True,
                         note=f"正文开头的标题行；上面还有网页的标题“{title}”")
        doubt = doubtful_title_line(title)
        if doubt and ctx.head.subtitle and _PURPOSE_OPENING.match(title):
            # The line under a sentence's opening is its next clause, not a subtitle.
            doubt += f"，下面的副标题“{ctx.head.subtitle}”也可能是这句话的一部分"
        if doubt == _SLOGAN_DOUBT and ctx.head.subtitle and _names_what_it_is(ctx.head.subtitle):
            doubt = ""  # a couplet or slogan headline over a deck that says what the piece is
        if doubt:
            return Value(value=title, origin="text", guessed=True, note=doubt)
        return Value(value=title, origin="text", note="标题行")
    if site or keywords:
        headline = _headline_under_site_line(ctx)
        if (headline and not is_furniture_title(headline) and not is_site_line(headline)
                and not is_keyword_line(headline) and not is_phrase_list(headline)):
            below_it = _title_below(headline, title, "是网页标题或关键词" if keywords else "是网站、栏目名")
            if not below_it.guessed and not _SHORT_TITLE_EVIDENCE.search(headline) and is_phrase_list(title):
                # Commas make a weaker sign of a keyword list than underscores:
                # the line read past may have been the headline after all,
                # unless the line under it is the one naming what happened.
                return replace(below_it, guessed=True,
                               note=f"上一行“{title[:12]}”像是网页关键词，取了下面的“{headline[:12]}”，两行都没写单位、事由或文种")
            return below_it
    below = clean_title(ctx.head.subtitle)
    if title and below and not is_furniture_title(below) and not below.startswith(("—", "－", "-")):
        return _title_below(below, title, "只是时间" if timed else "是网页栏目")
    headline = _headline_in_body(ctx)
    if headline:
        return Value(value=headline, origin="text", note="正文开头的标题行")
    meeting = _meeting_title(ctx)
    if meeting:
        return Value(value=meeting, origin="text", note="导语“……召开……会”")
    for block in ctx.blocks:
        if block.kind in ("section", "heading", "subsection", "item") and block.text:
            head = re.split(r"[。！？]", block.text, maxsplit=1)[0]
            return Value(value=head[:40], origin="text", note="未找到标题，暂用第一个小标题", guessed=True)
    above = _line_above_story(ctx)
    if above:
        return Value(value=above, origin="text", note="未找到标题，暂用正文第一句上面像标题的一行", guessed=True)
    first = re.split(r"[。！？：；]", LEAD_PREFIX.sub("", lead(ctx) or ""), maxsplit=1)[0]
    return Value(value=first[:40] or stem_and_suffix(ctx.source)[0], origin="text",
                 note="未找到标题，暂用第一句", guessed=True)
