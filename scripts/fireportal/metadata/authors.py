"""author: who wrote the document (记者, 通讯员, 作者) and who edited it
(责任编辑, 编辑), as bylines write them.

Credits stand in many places: the byline under the title or at the end
(structure hands it over), in brackets after a news lead's 讯
(（记者 王杰学 通讯员 苏延斌）), in brackets closing the last paragraph
(（薄克国 李新伟）, （责任编辑：…）), on the web page's metadata line, among
the lines above the story (文图 陈伟 赵仁澜, a platform's 美友60041527).  An
organisation (（全媒体中心）, 桃江县消防救援大队) or a word (消息) is never an
author; reviewers (审核, 校对, 二审, 审批人) are not authors either.  Where
only the shape says a name is one (a name before the page's time, a name
run on after the last sentence, two names run together), it is a guess.
"""

from __future__ import annotations

import re

from ..clean import WEB_TIMESTAMP
from ..model import Value
from .context import AUTHOR_LABELS, Context, is_caption, is_picture_caption, lead, paragraphs, web_hints

# A reporter's title may name the newsroom first: 全媒体记者, 泉州晚报融媒体记者,
# and a story one outlet reprints from another names the paper, station or
# site its reporter works for (福建日报记者 戴敏, 中央电视台记者, 人民网记者):
# a newsroom's name ends with what it is.
_REPORTER = (
    r"(?:(?:[\u4e00-\u9fff]{0,6}?(?:[全融新]媒体|报|台|网))?(?:特约|见习|首席|本报|本台|本刊|本网|实习)?(?:记者|采访人员|通讯员))"
)
_ROLE = (
    rf"(?:{_REPORTER}"
    r"|作者|撰稿|撰文|起草人|拟稿人|拟稿|摄影|摄像|供稿"
    r"|文/图|图/文|文／图|图／文|文图|责任编辑|责编|编辑|(?:文|图)(?=[：:／/]))"
)
# An office's sign-off chain under its text names the drafter (起草人, 拟稿)
# among those who approved it (审批人, 核稿人): only the drafter wrote it.
_REVIEWER = r"(?:审核|审校|审稿|审批人?|核稿人?|校对|初审|二审|三审|终审|签发|监制|出品)"
# After the role a colon, a space, the bar WeChat credits use (编辑|鲍寿霞),
# or the slash a news app's credit line uses (编辑/赵红信, as in 文/图).
_SEGMENT = re.compile(rf"(?P<role>{_ROLE})[：:\s|｜丨/／]*(?P<names>.*?)(?={_ROLE}|{_REVIEWER}|$)")
_EDITOR = re.compile(r"编辑|责编")
# A credit in brackets: in a lead after 讯/电, or closing a paragraph.
_BRACKETED = re.compile(rf"[（(](?P<credit>{_ROLE}[^（()）]{{1,60}})[）)]")
# Closing a story, the bracket may name the outlet before the credit, as a
# wire copy signs it: （中国新闻网 作者范丰辉 孙钊）.  The outlet is no person
# and is left out; what follows it is an ordinary credit.  A sign-off chain
# may open with an approver: （审批人：孙俊伟 核稿人：刘茂林 起草人：马宁宁）.
_CLOSING_BRACKETED = re.compile(
    rf"[（(](?:[\u4e00-\u9fff]{{1,8}}?(?:网|报|台|社)[ ]?)?(?P<credit>(?:{_ROLE}|{_REVIEWER})[^（()）]{{1,60}})[）)]")
# A copied page's related links under the story (年均灭火60余起 昆明市森林消防...,
# 所有频道): short lines with no sentence in them.
_LINK_LIKE = re.compile(r"[^。！？]{1,30}")
# A site's footer under them (地址：…一号楼八楼 邮编:101501 电话:0471-…): its
# contact fields, and no sentence either, however long.
_FOOTER_LIKE = re.compile(r"[^。！？]*(?:地址|邮编|电话|传真|邮箱|版权所有|备案号|ICP备)[：:][^。！？]*")
# A WeChat account's closing appeal under a copied post (温馨提示：由于微信修改了
# 推送规则，没有经常点“在看”的，会慢慢收不到推送。如果你还想看到…请将…设为星标):
# boilerplate the platform's accounts share, asking to star, follow or press
# 在看 — words a story's own last sentences have no use for.  It holds
# sentences, so only these words tell it from the story's end.
_APPEAL_LIKE = re.compile(r"推送规则|设为?[“\"]?星标|[“\"]在看[”\"]|点击上方[“\"]?蓝字|长按(?:识别)?二维码")
_APPEAL_MAX = 150
# 通讯员杨雨、鲁刚报道：…
_REPORTED = re.compile(rf"(?P<credit>{_ROLE}[^，。：:]{{2,30}}?)报道[：:]")
# Bare names in brackets closing the text: …的步伐。（尹岩） / （薄克国 李新伟 徐光亮）（完）.
# A county's media centre or a paper signs its reporter's copy with its name
# first (（江口县融媒体中心 曾锣强）): the outlet, ending with what it is, is no
# person and is left out.  Cleaning drops the space after it (it is not a
# credit's), so the outlet is read up to its last such ending (人民日报社张三:
# 人民日报社), and a paper, station or site needs two characters before it,
# so that a name holding 台 or 报 (刘台明) is never cut as an outlet.
_CLOSING_OUTLET = r"(?:(?:[\u4e00-\u9fff]{1,10}(?:融媒体中心|新闻中心)|[\u4e00-\u9fff]{2,10}(?:报|台|网|社))[ ]?)?"
_CLOSING_NAMES = re.compile(r"[。！？”][（(]" + _CLOSING_OUTLET + r"(?P<names>[\u4e00-\u9fff]{2,4}(?:[ 、，][\u4e00-\u9fff]{2,4}){0,4})[）)](?:[（(]完[）)])?$")
# Two names closing the text run together when the copy lost the space
# between them: …戒备状态。（王雅妮庞兴航）.  Six characters are two names of
# three, the commonest length, but only a run whose halves both open with a
# common surname is taken (a remark in brackets, （内容有所删减）, opens with
# none), and as a guess, the split being one.
_CLOSING_RUN = re.compile(r"[。！？”][（(](?P<names>[\u4e00-\u9fff]{6})[）)](?:[（(]完[）)])?$")
# 。（ + six characters + ）（完）: twelve characters at most, all at the end.
_CLOSING_RUN_MAX = 12
# A name run on after the story's last sentence, the line break before it
# lost (…筑牢所辖区的消防安全屏障。金禹廷): two or three characters opening
# with a common surname, and only as a guess (a closing 谢谢 is no one).  A
# paper may set a slash before it (…基础。/房宇悍), as before a reporter line.
_RUN_ON_NAME = re.compile(r"[。！？][/／]?(?P<name>(?!谢谢)[\u4e00-\u9fff]{2,3})$")
# The commonest Chinese surnames (well over four people in five bear one).
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌"
    "毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简车项连芦"
    "麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖"
    "巩明佘池查麻苑迟邝"
)
# 。（ + an outlet of up to fifteen characters and its space + five names of
# up to four characters and their four separators + ） + （完） + a final line break.
_CLOSING_NAMES_MAX = 2 + 16 + 5 * 4 + 4 + 1 + 3 + 1
# What follows the names on a reporter line: a place and 报道, 电, 摄.
_TAIL = re.compile(r"(?:[\u4e00-\u9fff]{0,4}(?:报道|电|摄|供图)|视频来源.*|图片来源.*)$")
_NOT_A_NAME = re.compile(
    r"(?:中心|部|处|科|室|队|局|站|办|委|网|报|台|社|院|媒体|新闻|频道|公司|集团|政府|单位|编辑部|工作室)$"
    r"|^(?:消息|本网|本报|本台|佚名|匿名|原创|admin|管理员|网友|综合|来源|转载|图片|视频)$"
)
# A news story's reporters in brackets right after its dateline, names only:
# a wire's …1月23日电 (郑江洛)按照…, a paper's 日报头条讯（田雨）为落实….  The
# dateline's 讯 or 消息 opens the lead (an outlet and a place before it, as
# LEAD_PREFIX reads it), and what the genre brackets right after it is who
# reported, nothing else; a role word there (（记者丁安）) is a credit the
# credit patterns read, never part of a name.
_WIRE_REPORTER = re.compile(
    rf"(?:\d{{1,2}}月\d{{1,2}}日电|^[^，。：:（(]{{0,24}}?(?<![通资])(?:讯|消息))[ ]*[（(](?!{_ROLE})"
    r"(?P<names>[\u4e00-\u9fff]{2,4}(?:[ 、][\u4e00-\u9fff]{2,4}){0,3})[）)]"
)
# A credit run into the end of the last paragraph (…屏障。作者：程雪力、朱永林),
# or an editor's tag after it (（完）【编辑：付子豪】).
_TRAILING_CREDIT = re.compile(rf"[。！？”)）】](?P<credit>{_ROLE}[：:][^。！？：:]{{2,40}})$")
# A reporter line run into the end of the last paragraph without colon or
# bracket, as a local paper's page closes a story (…调查之中。记者 赵文家 张三
# 摄影报道): only a reporter's title can open it, and 报道 must end the text,
# so no sentence about reporters is taken.  Mid-paragraph the copy's spaces
# between the names are gone, so only one name of two or three characters is
# sure; anything left unread (a garbled character) makes the value a guess.
# A sentence about the reporters (记者将继续跟踪报道, 记者从现场了解到…报道)
# goes on with a verb or an adverb where a byline has a surname.
_NOT_A_SURNAME = r"(?!将|从|在|了|获悉|对|还|也|会|正|已|就|跟踪|持续|继续|采访|现场|进行|一|随|等|们)"
# A page may set a slash between the story and its reporter line
# (…意识。/城市晚报全媒体记者 吕闯 报道), as a slash parts a credit's roles
# (文/图): it belongs to the credit, not to a sentence.
_RAN_ON_CREDIT = re.compile(rf"[。！？”][/／]?(?P<credit>{_REPORTER}{_NOT_A_SURNAME}(?P<names>[^。！，,：:；;]{{2,30}}?))(?:摄影|摄像)?报道$")
# A feature or a series may open with the editor's note (编者按：2021年是…).
_EDITORS_NOTE = re.compile(r"^[【\[（(]?(?:编者按|编者的话|编前语|编者)[】\]）)]?[：:\s]")
# A blog or feed prints the reposting account's stat line above the story
# (facai369 2024-11-08 生活百科 2 次浏览 0个评论): a stamp and a count of
# views, reads or comments, no sentence.  It is the page's, never a lead, so
# the story's own lead, with its reporters, is the paragraph after it.
_STAT_COUNT = re.compile(r"\d+[ ]*[次个条]?(?:浏览|阅读|点击|评论|点赞)|(?:浏览|阅读|点击|评论|点赞)(?:量|数|次数)?[ ]*[：:]?[ ]*\d+")
_STAT_LINE_MAX = 60
# A headline runs to a line (as `structure` reads title lines).
_HEADLINE_MAX = 60
_TAGGED_CREDIT = re.compile(rf"【(?P<credit>{_ROLE}[：:][^】]{{2,30}})】$")
# A post's account name alone on the line under its title, as a sharing
# platform prints it: the platform's default handle, a word and a number
# (美友60041527).  A line of a word and four digits or more says nothing
# else there (an issue says 期 or opens with 第, a date says 年).
_POSTER = re.compile(r"(?!总?第)[\u4e00-\u9fff]{2,6}\d{4,12}")
_HANDLE = re.compile(r"^[A-Za-z0-9_.\-]{3,30}$|^[\u4e00-\u9fff]{1,6}\d{3,12}$")


def _names(chunk: str) -> tuple[list[str], bool]:
    """The person names in a credit's name list, and whether any was a guess
    (names run together after their spaces were lost: 黄亚楠朱金娟)."""
    chunk = _TAIL.sub("", chunk.strip(" ：:（）()【】[]"))
    out: list[str] = []
    unsure = False
    for token in re.split(r"[\s、，,/／;；]+", chunk):
        token = token.strip("·")
        if not token or _NOT_A_NAME.search(token):
            continue
        if _HANDLE.match(token):
            out.append(token)
        elif re.fullmatch(r"[\u4e00-\u9fff·]{2,4}", token):
            out.append(token)
        elif re.fullmatch(r"[\u4e00-\u9fff]{6}", token):
            out += [token[:3], token[3:]]  # two three-character names, most likely
            unsure = True
        elif re.fullmatch(r"[\u4e00-\u9fff]{5,12}", token):
            out.append(token)
            unsure = True
    return out, unsure


def _unread(chunk: str, names: list[str]) -> bool:
    """Whether a credit's name list holds more than the names read from it
    (张？zhí)N强: a character the copy lost, with a gloss)."""
    rest = _TAIL.sub("", chunk.strip())
    for name in sorted(names, key=len, reverse=True):
        rest = rest.replace(name, "")
    return bool(re.sub(r"[\s、，,/／;；·]+", "", rest))


def _stat_line(para: str) -> bool:
    """Whether a paragraph is a page's stat line (`_STAT_COUNT`), not the story's lead."""
    return (len(para) <= _STAT_LINE_MAX and not re.search(r"[。！？]", para)
            and bool(WEB_TIMESTAMP.search(para)) and bool(_STAT_COUNT.search(para)))


def _story_start(blocks) -> int:
    """Index of the first block holding a sentence end: where the story starts."""
    return next((n for n, block in enumerate(blocks) if re.search(r"[。！？]", block.text)), len(blocks))


def _after(paras: list[str], para: str) -> str:
    """The paragraph after `para`, or "" when it is the last."""
    for number, text in enumerate(paras[:-1]):
        if text == para:
            return paras[number + 1]
    return ""


def _wire_under_headline(ctx: Context, opening: str) -> re.Match | None:
    """The wire dateline's reporters (`_WIRE_REPORTER`) in the paragraph under
    a lead that is a headline or a photo's credited caption, or None.

    A page whose head took a channel's name as the title leaves the story's
    own headline as the first paragraph: a line of no sentence, short as a
    headline is.  A page may set its top picture's caption, closed by the
    photographer's credit (…作业。李国焘摄), over the story too.  The dateline
    opens the story, so it stands under either (past the pictures' captions),
    never in it."""
    first = lead(ctx)
    headline = bool(opening) and len(opening) <= _HEADLINE_MAX and not re.search(r"[。！？]", opening)
    if not first or not (headline or is_caption(first)):
        return None
    paras = paragraphs(ctx)
    below = paras[paras.index(first) + 1:]
    story = next((text for text in below if not is_picture_caption(text) and not is_caption(text)), "")
    return _WIRE_REPORTER.search(story[:80])


def _run_together(name: str, names: list[str]) -> bool:
    """Whether `name` is two or more of the other names written without a space."""
    others = sorted((n for n in names if n != name and n in name), key=len, reverse=True)
    rest = name
    for other in others:
        rest = rest.replace(other, "")
    return len(others) >= 2 and not rest


# A copied page's related-links list opens with its header (相关新闻, 相关链接);
# under it stand other stories' headlines and stamps, each a short line,
# even where a headline holds a ！ (住得安心，子女放心！原州区…).
_LINKS_HEADER = re.compile(r"(?:相关|推荐|延伸|更多|热点|热门)(?:新闻|链接|阅读|文章|报道|推荐)|往期回顾|猜你喜欢")
_HEADLINE_MAX = 50


def _story_paragraphs(blocks) -> list[str]:
    """The paragraphs above a related-links list's header (a paragraph or a
    heading), when every block under it is headline-short; else all."""
    for at in range(len(blocks) - 1, -1, -1):
        if len(blocks[at].text) > _HEADLINE_MAX:
            break  # a paragraph of text: no list from here on up
        if _LINKS_HEADER.fullmatch(blocks[at].text):
            blocks = blocks[:at]
            break
    return [b.text for b in blocks if b.kind == "paragraph"]


def story_end(paras: list[str]) -> str:
    """The story's last paragraph: the last one, or the last before a run of
    related-link lines, a footer or an account's appeal a copied page put
    under it.  Only whole sentences end a story, and a link line or a footer
    holds none, so the credit stays with the text."""
    for para in reversed(paras):
        if (not _LINK_LIKE.fullmatch(para) and not _FOOTER_LIKE.fullmatch(para)
                and not (len(para) <= _APPEAL_MAX and _APPEAL_LIKE.search(para))):
            return para
    return paras[-1] if paras else ""


def credits(text: str) -> tuple[list[tuple[str, str]], bool]:
    """(role, name) of every person a credit names, reviewers left out."""
    out: list[tuple[str, str]] = []
    unsure = False
    for segment in _SEGMENT.finditer(text):
        names, guessed = _names(segment["names"])
        unsure |= guessed and bool(names)
        out += [(segment["role"], n) for n in names]
    return out, unsure


def _field_credits(label: str, value: str) -> tuple[list[tuple[str, str]], bool]:
    """(role, name) of everyone a page's author field names.  The field holds
    a credit chain as a byline writes it (作者:记者 李新苓 吕新颖 通讯员 宏姣):
    each role word opens the next run of names and is no name itself, so the
    field is read as a credit is; names before any role word are the label's."""
    first = _SEGMENT.search(value)
    before = value[: first.start()] if first else value
    names, guessed = _names(before)
    got = [(label, n) for n in names]
    if first:
        more, unsure = credits(value[first.start():])
        got += more
        guessed |= unsure
    return got, guessed


# A reprint's closing credit line may run its outlets and reporters together
# without colons (莫申云 李翔 市场星报 安徽财经网记者 沈娟娟): the paper that
# ran it, the site that reprinted it, a reporter's title, each a word of its
# own between the names.
_OUTLET_WORD = re.compile(rf"[\u4e00-\u9fff]{{1,10}}(?:融媒体中心|新闻中心|报|网|台|社)|{_REPORTER}")
_MIXED_LINE_MAX = 40


def _outlets_and_names(line: str) -> list[str]:
    """The names of a short line made of outlets and names alone, spaces
    between them, with at least one outlet (`_OUTLET_WORD`); [] for any other
    line.  A name here has no role before it, so it must look like one: two
    or three characters opening with a common surname."""
    words = line.split()
    if len(line) > _MIXED_LINE_MAX or len(words) < 2:
        return []
    outlets = [w for w in words if _OUTLET_WORD.fullmatch(w)]
    names = [w for w in words if not _OUTLET_WORD.fullmatch(w)]
    if not outlets or not names:
        return []
    if not all(re.fullmatch(r"[\u4e00-\u9fff]{2,3}", n) and n[0] in _SURNAMES and not _NOT_A_NAME.search(n)
               for n in names):
        return []
    return names


_ROLE_LINE = re.compile(_ROLE + r"[：:\s|｜丨/／]")
# A credit line with its colon or bar (编辑：陆波), which no sentence starts
# with: it counts wherever it stands after the lead, since a copied page puts
# channel lists and related links after it.  Pages bracket the whole line
# as well ((编辑:于东洋; 责任编辑:杨秉鑫; 终审:郑富强)), which is no sentence either.
_LABELLED_LINE = re.compile(_ROLE + r"[：:|｜丨/／]")
# Bare names in brackets on a line of their own closing the text: （李占会）.
_NAMES_ONLY = re.compile(r"[（(](?P<names>[\u4e00-\u9fff]{2,4}(?:[ 、，][\u4e00-\u9fff]{2,4}){0,4})[）)]")


def rule_author(ctx: Context, found: dict | None = None) -> Value:
    people: list[tuple[str, str]] = []
    doubtful: set[str] = set()  # names from a credit whose names ran together
    garbled: list[str] = []  # credits holding characters no name could be read from
    unlabelled: list[str] = []  # what is said of names taken with no role given
    where: list[str] = []

    def add(got: list[tuple[str, str]], guessed: bool, note: str) -> None:
        if got:
            people.extend(got)
            if guessed:
                doubtful.update(n for _, n in got)
            where.append(note)

    def take(text: str, note: str) -> None:
        add(*credits(text), note)

    def reporters(names_and_guess: tuple[list[str], bool], note: str) -> None:
        names, guessed = names_and_guess
        add([("记者", n) for n in names], guessed, note)

    if ctx.head.byline:
        take(ctx.head.byline, "署名行")
    if ctx.head.title and ctx.blocks and _POSTER.fullmatch(ctx.blocks[0].text):
        add([("作者", ctx.blocks[0].text)], False, "标题下的账号名")
    if ctx.head.credit:
        take(ctx.head.credit.strip("（）()"), "正文里的署名")
        bare = _NAMES_ONLY.fullmatch(ctx.head.credit.strip())
        if bare and not people:
            reporters(_names(bare["names"]), "结尾括号里的名字")
    opening = lead(ctx)[:80]
    if _EDITORS_NOTE.match(opening) or _stat_line(lead(ctx)):
        # An editor's note or a page's stat line stands above the story;
        # the story's own lead, with its reporters, is the paragraph after it.
        opening = _after(paragraphs(ctx), lead(ctx))[:80]
    wire = _WIRE_REPORTER.search(opening) or _wire_under_headline(ctx, opening)
    if wire:
        reporters(_names(wire["names"]), "电头后括号里的记者")
    for pattern in (_BRACKETED, _REPORTED):
        # Every _REPORTED match holds 报道: most leads need not be scanned for one.
        match = pattern.search(opening) if pattern is _BRACKETED or "报道" in opening else None
        if match:
            take(match["credit"], "导语里的署名")
            break
    last = story_end(_story_paragraphs(ctx.blocks))
    for match in _CLOSING_BRACKETED.finditer(last[-80:]):
        take(match["credit"], "结尾的署名")
    trailing = _TRAILING_CREDIT.search(last[-60:])
    if trailing:
        take(trailing["credit"], "结尾的署名")
    ran_on = not trailing and _RAN_ON_CREDIT.search(last[-60:])
    if ran_on:
        got, guessed = credits(ran_on["credit"])
        unread = _unread(ran_on["names"], [n for _, n in got])
        add(got, guessed or unread or any(len(n) != 2 and len(n) != 3 for _, n in got), "结尾的记者署名")
        if unread:
            garbled.append(ran_on["names"])
    for block in ctx.blocks:
        # 【编辑：付子豪】 ends a story, whatever a copying site put after it.
        tagged = block.text.endswith("】") and _TAGGED_CREDIT.search(block.text[-40:])
        if tagged:
            take(tagged["credit"], "结尾的署名")
    # Only the end can hold it (the pattern ends at $ and is at most
    # _CLOSING_NAMES_MAX long): no search from every 。 of a long paragraph.
    closing = _CLOSING_NAMES.search(last, max(0, len(last) - _CLOSING_NAMES_MAX))
    if closing and not any(n for _, n in people):
        reporters(_names(closing["names"]), "结尾括号里的名字")
    run = not closing and _CLOSING_RUN.search(last[-_CLOSING_RUN_MAX:])
    if run and not any(n for _, n in people) and run["names"][0] in _SURNAMES and run["names"][3] in _SURNAMES:
        reporters(_names(run["names"]), "结尾括号里的名字")
    story = _story_start(ctx.blocks)
    for number, block in enumerate(ctx.blocks):
        if number and len(block.text) <= 40 and (
                _LABELLED_LINE.match(block.text.lstrip("（(【["))
                or number >= len(ctx.blocks) - 3 and _ROLE_LINE.match(block.text)):
            take(block.text, "结尾的署名")
        elif number and number < story and len(block.text) <= 40 and _ROLE_LINE.match(block.text):
            # A line above the story's first sentence, with the magazine's
            # issue and keywords (消防界（电子版）2021年9期, 关键词：…): none of
            # them is a sentence, and one opening with a role is the byline.
            take(block.text, "标题下的署名")
    mixed = None if people else next(
        (names for block in ctx.blocks[max(story, len(ctx.blocks) - 3):] if (names := _outlets_and_names(block.text))), None)
    if mixed:
        add([("记者", n) for n in mixed], False, "结尾报社和名字混在一起的署名行")
        unlabelled.append(f"（“{'、'.join(mixed)}”是按名字的样子从报社、网站名之间取的）")
    hints = web_hints(ctx.furniture)
    for label, value in hints.people:
        if label in AUTHOR_LABELS:
            got, guessed = _field_credits(label, value)
            add(got, guessed, "网页的作者/编辑")
    for cell in hints.bare_cells:
        # A page may list its reporters in a cell of their own, without a
        # label (|来源:六安新闻网 | 黄雪彦 岳阳 隋文进 |责任编辑:沈晔), but a
        # cell of short words may be a place or a column as well, and a
        # place may open with a surname (岳阳): names only, and as a guess.
        if all(len(w) <= 3 and w[0] in _SURNAMES and not _NOT_A_NAME.search(w) for w in cell):
            add([("作者", w) for w in cell], False, "网页信息栏里的名字")
            unlabelled.append(f"（“{' '.join(cell)}”没有标签，多半是记者，也可能是地名或栏目名）")
    run_on = not people and _RUN_ON_NAME.search(last[-5:])
    if run_on and run_on["name"][0] in _SURNAMES and not _NOT_A_NAME.search(run_on["name"]):
        name = run_on["name"]
        return Value(value=name, origin="text", guessed=True, note=f"正文最后一句后面的“{name}”，多半是作者署名")
    stamped = hints.stamped_name
    if not people and 2 <= len(stamped) <= 3 and stamped[0] in _SURNAMES and not _NOT_A_NAME.search(stamped):
        # A page prints who posted the story before its time, under the title
        # (关业慧 2017-1-17 8:08:53), but a column or a place as well (专题资讯,
        # 江苏 2020-…): a person's name, of two or three characters opening
        # with a surname, is taken, and as a guess.
        return Value(value=stamped, origin="text", guessed=True,
                     note=f"网页时间前的名字“{stamped}”，多半是作者，也可能是栏目名")
    # Writers first, then editors, each once.
    ordered = [n for r, n in people if not _EDITOR.search(r)] + [n for r, n in people if _EDITOR.search(r)]
    names = list(dict.fromkeys(ordered))
    # 郭鸿儒吴杰 on a credit line whose spaces were lost, when the lead's
    # bracket names 郭鸿儒 and 吴杰: the same people, not a third.
    names = [n for n in names if not _run_together(n, names)]
    if not names:
        return Value(value="", origin="text")
    note = "、".join(dict.fromkeys(where))
    unsure = any(n in doubtful for n in names)
    if unsure:
        note += "（名字连在一起，按每人三个字拆开或未拆）"
    if garbled:
        note += f"（结尾的记者署名“{garbled[0]}”里有认不出的名字，没有取）"
        unsure = True
    if unlabelled:
        note += unlabelled[0]
        unsure = True
    return Value(value=", ".join(names), origin="text", note=note, guessed=unsure)
