"""Saved web pages: the article and its metadata, never the page around it."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("trafilatura")

from fireportal.pipeline import ingest_file  # noqa: E402
from fireportal.read import ReadError, read_source  # noqa: E402
from fireportal.render import render_document  # noqa: E402
from fireportal.taxonomy import load_taxonomy  # noqa: E402

FORMATS = Path(__file__).parent / "fixtures" / "formats"
# Page furniture of the two fixtures: none of it may reach the page.
FURNITURE = ("当前位置", "网站首页", "政务公开", "字号", "打印本页", "关闭窗口", "分享到", "上一篇", "下一篇",
             "版权所有", "ICP备", "网站标识码", "主办单位", "浏览次数", "统计代码", "不应出现", "alert",
             "微信扫一扫", "关注该公众号", "阅读原文", "在看", "正文之外的脚本", "font-size", "color:")


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


def _ingest(name: str, taxonomy, data: bytes | None = None):
    data = data if data is not None else (FORMATS / name).read_bytes()
    result = ingest_file(f"sources/2024/{name}", data, taxonomy=taxonomy)
    assert not [p for p in result.problems if p.level == "error"], [p.line() for p in result.problems]
    assert len(result.documents) == 1
    return result.documents[0]


def test_government_portal_article(taxonomy):
    doc = _ingest("gov_article.html", taxonomy)
    assert doc.meta.title == "盘锦支队建立“五项约谈”机制"
    assert doc.meta.date == "2024-02-28"  # 发布时间 on the page
    assert doc.meta.author == "李明"
    assert doc.meta.unit == "盘锦市消防救援支队"
    assert [b.text[:6] for b in doc.blocks] == ["为深刻吸取近", "一是约谈行业", "二是约谈技术", "三是约谈重点", "下一步，支队"]
    page = render_document(doc)
    for word in FURNITURE:
        assert word not in page, word


def test_gbk_page_is_decoded_by_its_meta_charset():
    data = (FORMATS / "gov_article.html").read_bytes()
    assert b"charset=gb2312" in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    raw = read_source("sources/2024/gov_article.html", data)
    assert raw.text.startswith("盘锦支队建立“五项约谈”机制\n发布时间：2024-02-28")
    assert raw.encoding == "html/gb18030"


def test_page_without_declared_charset_is_detected(taxonomy):
    data = (FORMATS / "gov_article.html").read_bytes().replace(b"; charset=gb2312", b"")
    assert _ingest("nocharset.htm", taxonomy, data).meta.title == "盘锦支队建立“五项约谈”机制"


def test_wechat_article(taxonomy):
    raw = read_source("sources/2024/wechat_article.html", (FORMATS / "wechat_article.html").read_bytes())
    assert raw.text.split("\n")[:2] == ["全市消防救援队伍召开冬春火灾防控工作部署会",
                                        "发布时间：2023-11-18 08:00 来源：盘锦消防 作者：宣传科"]
    doc = _ingest("wechat_article.html", taxonomy)
    assert doc.meta.title == "全市消防救援队伍召开冬春火灾防控工作部署会"
    assert doc.meta.date == "2023-11-17"  # the lead's 11月17日, its year from the publication time
    assert doc.meta.doc_type == "会议"
    # 宣传科 in the author slot is an office; the page's 编辑：王丽 names a person.
    assert doc.meta.author == "王丽"
    assert [b.marker for b in doc.blocks if b.marker] == ["一、", "二、", "三、"]
    page = render_document(doc)
    for word in FURNITURE:
        assert word not in page, word


def test_wechat_time_from_the_script_when_the_page_lacks_it(taxonomy):
    data = (FORMATS / "wechat_article.html").read_bytes().replace(
        b'<em id="publish_time" class="rich_media_meta rich_media_meta_text">2023-11-18 08:00</em>', b"")
    raw = read_source("sources/2024/w.html", data)
    assert raw.text.split("\n")[1] == "发布时间：2023-11-18 来源：盘锦消防 作者：宣传科"


def test_mhtml_single_file_page(taxonomy):
    html = (FORMATS / "wechat_article.html").read_bytes()
    import quopri

    body = quopri.encodestring(html).decode("ascii")
    mhtml = (
        "From: <Saved by Blink>\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; type="text/html"; boundary="----B"\r\n\r\n'
        "------B\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n"
        "Content-Location: https://mp.weixin.qq.com/s/x\r\n\r\n" + body + "\r\n------B--\r\n"
    ).encode("ascii")
    doc = _ingest("w.mhtml", taxonomy, mhtml)
    assert doc.meta.title == "全市消防救援队伍召开冬春火灾防控工作部署会"


def test_page_without_an_article_is_an_error(taxonomy):
    data = "<html><head><title>首页</title></head><body><ul><li>首页</li><li>消防新闻</li></ul></body></html>"
    result = ingest_file("sources/2024/empty.html", data.encode("utf-8"), taxonomy=taxonomy)
    assert not result.documents
    assert [p.message for p in result.problems] == [
        "网页里没有找到正文：请在浏览器里打开这个网页，把正文复制存为 .txt（UTF-8）后再提交"]


def test_script_in_the_article_never_reaches_the_text():
    data = ("<html><body><article><h1>标题</h1><p>盘锦市消防救援支队召开会议，部署冬季火灾防控工作，要求各级认真落实。</p>"
            "<script>document.write('恶意脚本')</script><style>p{color:red}</style>"
            "<p>会议强调，要压实责任，确保消防安全形势持续稳定。</p></article></body></html>")
    text = read_source("sources/2024/s.html", data.encode("utf-8")).text
    assert "恶意脚本" not in text and "color" not in text
    assert "会议强调" in text


def test_legacy_and_non_document_types_say_what_to_do():
    for suffix, words in ((".doc", "另存为"), (".wps", ".docx"), (".et", "不是文档"), (".xls", "不是文档"),
                          (".ppt", "不是文档")):
        with pytest.raises(ReadError) as found:
            read_source(f"sources/2024/x{suffix}", b"\xd0\xcf\x11\xe0 binary")
        assert words in str(found.value) and "\n" not in str(found.value)


@pytest.mark.parametrize("name", ["~$会议纪要.docx", "Thumbs.db", ".DS_Store", "desktop.ini", "简报.txt~",
                                  "简报.bak", ".简报.txt.swp", ".~lock.简报.docx#", "~WRL0001.tmp"])
def test_files_that_are_not_documents_are_skipped_silently(tmp_path, name):
    from fireportal.pipeline import walk_sources

    year = tmp_path / "sources" / "2024"
    year.mkdir(parents=True)
    (year / "简报.txt").write_text("盘锦支队召开会议。", encoding="utf-8")
    (year / name).write_bytes(b"\x00\x01lock")
    files, problems = walk_sources(tmp_path / "sources", tmp_path)
    assert [f.name for f in files] == ["简报.txt"]
    assert problems == []
