"""Each format staff have, end to end in the browser (issue 8).

One small portal is built once (`mkdocs build --strict` in a subprocess, the
repo's mkdocs.yml/overrides/docs/taxonomy.yml copied beside a temporary
sources/2025/) from a Word file made with python-docx, a two-page PDF typeset
with ReportLab and a saved web page with its furniture. Its three pages are
then opened in headless Chromium over http:// and from file://: what each
format holds must be on the page, what is not the document must not be, the
page must make no request outside the site and log no error, and the 原文
link must download the committed file byte for byte. `fireportal inspect`
must read each of the three files too.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, Portal, Watch, serve, watched_context

pytest.importorskip("docx")
pytest.importorskip("reportlab")
pytest.importorskip("pdfplumber")
pytest.importorskip("trafilatura")

sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "tests" / "fixtures" / "formats"))
import docx  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from fixtures.docx_word import add_list, numbered, png, save, set_alt  # noqa: E402
from pdf_maker import make_pdf  # noqa: E402

from fireportal.pipeline import make_slug  # noqa: E402

UNIT = "盘锦市消防救援支队"

# ---------------------------------------------------------------- the Word file

DOCX_TITLE = "盘锦市消防救援支队关于开展冬季消防安全检查的通知"
STEPS = ("动员部署阶段，各大队制定检查方案并报支队备案。",
         "全面检查阶段，逐一检查辖区重点单位并建立台账。",
         "总结提高阶段，支队汇总检查情况并通报全市。")
HEADER_CELLS = ("阶段", "时间", "内容")
SCRIPT_CELL = "制定方案<script>alert(1)</script>"
PIPE_CELL = "12月1日|12月10日"
ALT = "冬季检查现场照片"
DOCX_DATE = "2025年11月20日"


def word_file() -> bytes:
    document = docx.Document()
    document.add_paragraph(DOCX_TITLE, style="Title")
    document.add_paragraph("各大队、各消防救援站：")
    document.add_paragraph("为做好今冬消防安全工作，支队决定开展冬季消防安全检查，现将有关事项通知如下。")
    steps = add_list(document, [("decimal", "%1.")])
    for text in STEPS:
        numbered(document, text, steps, 0, style="List Number")
    table = document.add_table(rows=3, cols=3)
    for cell, text in zip(table.rows[0].cells, HEADER_CELLS):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("准备阶段", "11月21日至11月30日", SCRIPT_CELL)):
        cell.text = text
    for cell, text in zip(table.rows[2].cells, ("检查阶段", PIPE_CELL, "检查重点单位")):
        cell.text = text
    document.add_paragraph("检查现场照片如下：")
    set_alt(document.add_picture(io.BytesIO(png(8, 6))), ALT)
    document.add_paragraph("请各单位认真抓好落实。")
    for text in (UNIT, DOCX_DATE):
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return save(document)


# ---------------------------------------------------------------- the PDF

PDF_TITLE = "盘锦支队召开冬季火灾防控工作推进会"
PDF_HEADER = "盘锦消防工作简报"
PDF_PARAGRAPHS = [
    "2025年12月3日，盘锦市消防救援支队召开冬季火灾防控工作推进会，听取各大队工作情况汇报，"
    "部署下一阶段重点工作，要求各单位把冬季火灾防控作为当前首要任务抓实抓细。",
] + [
    f"第{n}项，要持续加强冬季火灾防控工作的组织领导，细化工作措施，明确责任分工，强化督导检查，"
    "确保各项任务按时保质完成，对工作中发现的问题建立台账、逐一销号，推动工作落实落地见效。"
    for n in range(1, 15)
]


def pdf_file() -> bytes:
    return make_pdf("\n".join([PDF_TITLE, *PDF_PARAGRAPHS]), header=PDF_HEADER)


# ---------------------------------------------------------------- the saved web page

HTML_TITLE = "盘锦支队开展冬季消防宣传进社区活动"
HTML_PARAGRAPHS = (
    "为提高群众冬季防火意识，盘锦市消防救援支队组织宣传小分队走进辖区社区，开展消防宣传进社区活动。",
    "活动中，宣传人员向居民发放宣传资料，讲解家庭火灾预防和初起火灾扑救常识。",
    "下一步，支队将持续深化消防宣传工作，推动消防安全知识进万家。",
)
# Page furniture around the article: none of it may reach the page.
FURNITURE = ("网站首页", "办事服务", "互动交流", "当前位置", "分享到", "QQ空间", "打印本页", "11月份办公会",
             "版权所有", "统计代码", "不应出现")
SCRIPT_MARK = "__fromSavedPage"


def web_page() -> bytes:
    body = "\n".join(f"      <p>　　{p}</p>" for p in HTML_PARAGRAPHS)
    html = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{HTML_TITLE}_消防新闻_盘锦市消防救援支队</title>
<style>.nav{{color:red}} body{{font-size:14px}}</style>
<script>window.{SCRIPT_MARK} = 1; document.write("统计代码");</script>
</head>
<body>
<div class="top"><a href="/">网站首页</a> | <a href="/gk">政务公开</a> | <a href="/bs">办事服务</a> | <a href="/hd">互动交流</a></div>
<div class="nav"><ul><li>首页</li><li>消防新闻</li><li>通知公告</li><li>政策法规</li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/xw">消防新闻</a> &gt; 正文</div>
<div class="main">
  <div class="article">
    <h1 class="title">{HTML_TITLE}</h1>
    <div class="info">发布时间：2025-12-01 09:30:15　来源：盘锦市消防救援支队　作者：李明</div>
    <div class="fontsize">字号：[<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>]　<a href="javascript:window.print()">打印本页</a></div>
    <div class="content" id="zoom">
{body}
      <script>window.{SCRIPT_MARK} = 2; alert("不应出现在正文里");</script>
    </div>
    <div class="share">分享到：<a>微信</a> <a>微博</a> <a>QQ空间</a></div>
    <div class="prevnext"><p>上一篇：盘锦支队召开11月份办公会</p><p>下一篇：全市冬季火灾防控推进会召开</p></div>
  </div>
</div>
<div class="footer"><p>版权所有 © 2025 盘锦市消防救援支队　辽ICP备12345678号</p></div>
</body>
</html>
"""
    # Saved as such portals serve their pages: GB2312, declared in a meta tag.
    return html.encode("gb18030")


# ---------------------------------------------------------------- the build

FILES = {
    "通知.docx": (word_file, DOCX_TITLE),
    "简报.pdf": (pdf_file, PDF_TITLE),
    "新闻.html": (web_page, HTML_TITLE),
}


@pytest.fixture(scope="module")
def formats_project(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("formats-project")
    for name in ("mkdocs.yml", "overrides", "docs", "taxonomy.yml"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / name)
    folder = project / "sources" / "2025"
    folder.mkdir(parents=True)
    for name, (make, _) in FILES.items():
        (folder / name).write_bytes(make())
    return project


@pytest.fixture(scope="module")
def formats_site(formats_project: Path) -> Path:
    site = formats_project / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict",
         "-f", str(formats_project / "mkdocs.yml"), "-d", str(site)],
        cwd=formats_project, capture_output=True, text=True, env=env, timeout=600, check=False,
    )
    if run.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed (exit {run.returncode}):\n"
                    f"{run.stdout}\n{run.stderr[-4000:]}", pytrace=False)
    return site


def page_rel(name: str) -> str:
    # The repo's mkdocs.yml runs the offline plugin: flat URLs (doc/<slug>.html).
    return f"doc/{make_slug(f'sources/2025/{name}')}.html"


def test_the_sources_hold_what_the_pages_must_drop(formats_project: Path):
    """The checks below mean something only if the furniture is really in the files."""
    import pdfplumber

    folder = formats_project / "sources" / "2025"
    with pdfplumber.open(folder / "简报.pdf") as pdf:
        assert len(pdf.pages) == 2
        second = pdf.pages[1].extract_text()
    assert PDF_HEADER in second and "— 2 —" in second
    html = (folder / "新闻.html").read_bytes().decode("gb18030")
    for word in FURNITURE:
        assert word in html, word
    assert html.count("<script>") == 2


def test_every_file_has_its_page(formats_site: Path):
    for name in FILES:
        assert (formats_site / page_rel(name)).is_file(), name


@pytest.mark.parametrize("name", list(FILES))
def test_inspect_reads_the_file_and_prints_its_title(formats_project: Path, name: str):
    run = subprocess.run(
        [str(Path(sys.executable).with_name("fireportal")), "inspect", f"sources/2025/{name}"],
        cwd=formats_project, capture_output=True, text=True, timeout=300, check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert FILES[name][1] in run.stdout, run.stdout


# ---------------------------------------------------------------- the browser


@pytest.fixture(scope="module")
def formats_http(formats_site: Path):
    with serve(formats_site) as root:
        yield root


@pytest.fixture(scope="module", params=["http", "file"])
def mode(request) -> str:
    return request.param


@pytest.fixture
def fmt_portal(mode: str, formats_site: Path, request) -> Portal:
    if mode == "http":
        root = request.getfixturevalue("formats_http")
    else:
        root = formats_site.as_uri() + "/"
    return Portal(mode=mode, root=root, site_dir=formats_site)


@pytest.fixture
def fmt_watch() -> Watch:
    return Watch()


@pytest.fixture
def opened(browser, fmt_portal: Portal, fmt_watch: Watch):
    """open(name) → the page of that source, loaded; the watch is checked at the end."""
    ctx = watched_context(browser, fmt_portal, fmt_watch, accept_downloads=True)

    def open_(name: str):
        page = ctx.new_page()
        page.goto(fmt_portal.url(page_rel(name)))
        page.wait_for_load_state("load")
        return page

    yield open_
    ctx.close()
    assert not fmt_watch.problems(), "\n".join(fmt_watch.problems())


def _article_text(page) -> str:
    return page.locator("article").first.inner_text()


def test_word_page_has_its_table_picture_numbers_and_signature(opened):
    page = opened("通知.docx")
    article = page.locator("article").first
    table = article.locator("table").filter(has_text=HEADER_CELLS[0])
    assert table.count() == 1, "the Word table is not an HTML <table>"
    assert table.locator("th").all_inner_texts() == list(HEADER_CELLS)
    cells = table.locator("td").all_inner_texts()
    # Markup and the Markdown table separator in a cell are text, shown as typed.
    assert SCRIPT_CELL in cells, cells
    assert PIPE_CELL in cells, cells
    assert table.locator("script").count() == 0
    picture = article.locator(f'img[alt="{ALT}"]')
    assert picture.count() == 1
    loaded = picture.evaluate("img => img.complete && img.naturalWidth")
    assert loaded > 0, "the picture did not load"
    text = _article_text(page)
    # Word's automatic numbers are what a reader sees: text on the page, not a list marker.
    for number, step in enumerate(STEPS, 1):
        assert f"{number}.{step}" in text.replace(" ", ""), (number, text)
    headings = " ".join(article.locator("h1, h2, h3, h4, h5, h6").all_inner_texts())
    assert DOCX_TITLE in page.locator("h1").first.inner_text()
    for line in (UNIT, DOCX_DATE):
        assert line in text, line
        assert line not in headings.replace(DOCX_TITLE, ""), f"落款 {line} is a heading: {headings}"


def test_pdf_page_has_its_paragraphs_without_header_or_page_numbers(opened):
    page = opened("简报.pdf")
    text = _article_text(page)
    assert PDF_TITLE in page.locator("h1").first.inner_text()
    paragraphs = [p.strip() for p in page.locator("article p").all_inner_texts()]
    for expected in PDF_PARAGRAPHS:
        assert expected in paragraphs, expected[:20]
    assert PDF_HEADER not in text
    body = page.locator("body").inner_text()
    assert "— 2 —" not in body and "— 1 —" not in body


def test_web_page_has_the_article_and_none_of_its_furniture(opened):
    page = opened("新闻.html")
    assert HTML_TITLE in page.locator("h1").first.inner_text()
    text = _article_text(page)
    for paragraph in HTML_PARAGRAPHS:
        assert paragraph in text, paragraph[:20]
    body = page.locator("body").inner_text()
    for word in FURNITURE:
        assert word not in body, word
    # The saved page's scripts are neither on the page nor run.
    assert page.evaluate(f"window.{SCRIPT_MARK} === undefined")
    scripts = page.locator("script").evaluate_all(
        "all => all.map(s => s.src + s.textContent).join('\\n')")
    assert SCRIPT_MARK not in scripts and "不应出现" not in scripts


def test_the_original_downloads_byte_for_byte(browser, formats_site: Path, formats_http: str,
                                               formats_project: Path):
    """Over http (from file:// the browser is handed the file itself): each 原文 link downloads."""
    portal = Portal(mode="http", root=formats_http, site_dir=formats_site)
    watch = Watch()
    ctx = watched_context(browser, portal, watch, accept_downloads=True)
    try:
        for name in FILES:
            page = ctx.new_page()
            page.goto(portal.url(page_rel(name)))
            link = page.locator("a[download]", has_text="下载原文")
            assert link.count() == 1, name
            with page.expect_download() as info:
                link.click()
            got = Path(info.value.path()).read_bytes()
            assert got == (formats_project / "sources" / "2025" / name).read_bytes(), name
            page.close()
    finally:
        ctx.close()
    assert not watch.problems(), "\n".join(watch.problems())
