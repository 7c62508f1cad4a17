"""Read a saved web page: the article and what the page says about it.

Staff republish news saved from websites and WeChat (`.html`/`.htm`, or a
browser's single-file `.mhtml`).  The article is extracted with
trafilatura (Apache-2.0; its date finder htmldate), so navigation,
scripts, styles, share bars and footers never reach the text.  What the
page knows about the article (title, publication time, outlet, author) is
written as the first two lines, in the form the later stages already read
from text copied off a web page:

    盘锦支队建立“五项约谈”机制
    发布时间：2024-02-28 来源：盘锦市消防救援支队 作者：李明

The cleanup drops that second line as page furniture, and the metadata
stage reads the date, outlet and author from it (`metadata.web_hints`).
"""

from __future__ import annotations

import codecs
import datetime
import email
import email.policy
import re

from .model import RawText

NO_ARTICLE = "网页里没有找到正文：请在浏览器里打开这个网页，把正文复制存为 .txt（UTF-8）后再提交"
NOT_A_PAGE = "不是网页文件（打不开其中的 HTML）：请在浏览器里用“另存为 → 网页，仅 HTML”重新保存后再提交"

# The page's declared encoding: <meta charset="gbk"> or http-equiv's content="…; charset=gb2312".
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
# Furniture trafilatura can take for text: share bars, QR codes, WeChat's tool bar.
_PRUNE = [
    "//*[contains(@class, 'share') or contains(@id, 'share')]",
    "//*[contains(@class, 'qr_code') or contains(@class, 'qrcode') or contains(@id, 'qrcode')]",
    "//*[contains(@class, 'rich_media_tool') or @id='js_pc_qr_code' or @id='js_profile_qrcode']",
    "//*[contains(@class, 'prevnext') or contains(@class, 'pre-next') or contains(@class, 'fontsize')]",
]
# The labels of a page's publication line (as clean.WEB_FIELD reads them).
_PUBLICATION_LINE = re.compile(r"(?:发布时间|发布日期|发表时间|来源|作者|信息来源|文章来源|稿件来源)[ \u3000]*[:：]")
_SPACE = re.compile(r"[ \t\u3000\u00a0\r\n]+")
# WeChat keeps the publication time as a Unix time in a script: var ct = "1700265600".
_WECHAT_CT = re.compile(r"""\bvar\s+ct\s*=\s*["']?(\d{9,11})""")
_CHINA = datetime.timezone(datetime.timedelta(hours=8))


def decode_page(data: bytes) -> tuple[str, str]:
    """Bytes of a page → (text, encoding): BOM, then the declared charset, then detection."""
    from .read import ReadError, decode

    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        # GB2312 and GBK pages are GB18030, their superset; pages often
        # declare gb2312 and use GBK characters.
        encoding = "gb18030" if name in ("gb2312", "gbk", "gb18030", "x-gbk") else name
        try:
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: detect instead
    try:
        return decode(data)
    except ReadError:
        raise ReadError("无法确定网页的编码：请在浏览器里打开，另存为“网页，仅 HTML”（UTF-8）后再提交") from None


def _from_mhtml(data: bytes) -> bytes:
    """The HTML part of a browser's single-file page (.mhtml), as bytes with a charset meta."""
    from .read import ReadError

    message = email.message_from_bytes(data, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            body = part.get_payload(decode=True) or b""
            charset = part.get_content_charset()
            if charset and not _META_CHARSET.search(body[:4096]):
                body = f'<meta charset="{charset}">'.encode("ascii") + body
            return body
    raise ReadError(NOT_A_PAGE)


def _text_of(tree, xpath: str) -> str:
    found = tree.xpath(xpath)
    return _SPACE.sub(" ", found[0].text_content()).strip() if found else ""


def _wechat(tree, html: str) -> dict[str, str]:
    """What a WeChat article page says: title, account (outlet), author, time."""
    if not tree.xpath("//*[@id='js_content']"):
        return {}
    found = {
        "title": _text_of(tree, "//*[@id='activity-name']") or _text_of(tree, "//*[contains(@class,'rich_media_title')]"),
        "outlet": _text_of(tree, "//*[@id='js_name']"),
        "author": _text_of(tree, "//*[@id='js_author_name']")
        or _text_of(tree, "//*[@id='meta_content']/span[contains(@class,'rich_media_meta_text')]"),
        "date": _text_of(tree, "//*[@id='publish_time']"),
    }
    stamp = _WECHAT_CT.search(html)
    if not re.match(r"\d{4}-\d{1,2}-\d{1,2}", found["date"]) and stamp:
        found["date"] = datetime.datetime.fromtimestamp(int(stamp.group(1)), _CHINA).strftime("%Y-%m-%d")
    return found


def _publication_line(tree) -> str:
    """The page's own line saying when, where from and by whom (发布时间：… 来源：…)."""
    for element in tree.iter("div", "p", "span", "td", "li", "section", "header"):
        text = _SPACE.sub(" ", element.text_content()).strip()
        if len(text) <= 120 and len(_PUBLICATION_LINE.findall(text)) >= 1 and re.search(r"\d{4}", text):
            return text
    return ""


def _tree(html: str):
    import lxml.html

    tree = lxml.html.fromstring(html)
    for element in tree.xpath("//script|//style|//noscript|//template"):
        element.drop_tree()
    return tree


def read_html(path: str, data: bytes) -> RawText:
    """A saved web page → its title, a publication line and the article text."""
    from .read import ReadError

    try:
        import trafilatura
        from trafilatura.settings import use_config
    except ImportError as exc:  # pragma: no cover - declared dependency
        raise ReadError("读取网页需要 trafilatura：pip install trafilatura") from exc
    if path.lower().endswith((".mhtml", ".mht")):
        data = _from_mhtml(data)
    html, encoding = decode_page(data)
    try:
        tree = _tree(html)
    except Exception as exc:  # noqa: BLE001 - lxml raises several types on non-HTML
        raise ReadError(NOT_A_PAGE) from exc
    config = use_config()
    # Chinese is dense: a 100-character notice is a whole article.
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "40")
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "10")
    found = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True,
        include_images=False, include_links=False, prune_xpath=_PRUNE, config=config)
    body = (getattr(found, "text", "") or "").strip() if found else ""
    if not body:
        raise ReadError(NO_ARTICLE)
    wechat = _wechat(tree, html)
    title = wechat.get("title") or (found.title or "").strip()
    line = "" if wechat else _publication_line(tree)
    if not line:
        fields = (("发布时间", wechat.get("date") or found.date), ("来源", wechat.get("outlet") or ""),
                  ("作者", wechat.get("author") or found.author))
        line = " ".join(f"{label}：{_SPACE.sub(' ', value).strip()}" for label, value in fields if value)
    lines = [_SPACE.sub(" ", text).strip() for text in body.split("\n")]
    lines = [text for text in lines if text]
    if lines and title and lines[0] == title:
        lines = lines[1:]  # the article's own heading, already the first line
    head = [text for text in (title, line) if text]
    return RawText(path=path, text="\n".join(head) + "\n\n" + "\n".join(lines) + "\n", encoding=f"html/{encoding}")
