""".docx as Word shows it: automatic numbering, heading styles, tables, pictures,
the right-aligned 落款, and headers/footers kept out of the body.

Every file is built here with python-docx (tests/fixtures/docx_word.py); the
end-to-end tests go through `fireportal.pipeline` and the site's own Markdown
extensions, and assert what a reader gets.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")

from docx.enum.style import WD_STYLE_TYPE  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))

from fireportal.pipeline import ingest_file, ingest_tree, page_images  # noqa: E402
from fireportal.read import read_source  # noqa: E402
from fireportal.read_docx import IMAGE_NAME, MAX_IMAGE_BYTES, format_number, images  # noqa: E402
from fireportal.render import render_document  # noqa: E402
from fireportal.structure import HINTS  # noqa: E402
from fireportal.taxonomy import load_taxonomy  # noqa: E402
from fixtures.docx_word import (  # noqa: E402
    ALT,
    FOOTER_TEXT,
    HEADER_TEXT,
    OUTLINE,
    TITLE,
    UNIT,
    abstract_of,
    add_list,
    notice,
    numbered,
    png,
    save,
    set_alt,
)

SOURCE = "sources/2025/通知.docx"
_HINT = re.compile(f"[{HINTS}]")


def text_lines(data: bytes) -> list[str]:
    """The reader's lines as a person reads them (layout hints left out)."""
    return [_HINT.sub("", line) for line in read_source(SOURCE, data).text.split("\n")]


def ingest(data: bytes, source: str = SOURCE):
    result = ingest_file(source, data, taxonomy=load_taxonomy())
    (document,) = result.documents
    return document, result.problems


def page_html(markdown: str) -> str:
    """The page body as the site renders it: the same extensions, then the sanitizer."""
    import markdown as md

    body = markdown.split("\n---\n", 1)[1]
    return md.Markdown(extensions=["toc", "attr_list", "md_in_html", "admonition", "tables",
                                   "fireportal.markdown_safety"]).convert(body)


@pytest.fixture(scope="module")
def notice_page():
    data = notice()
    document, problems = ingest(data)
    markdown = render_document(document)
    return data, document, problems, markdown, page_html(markdown)


# --------------------------------------------------------------------------
# Numbers in Word's formats


@pytest.mark.parametrize(("n", "fmt", "shown"), [
    (3, "decimal", "3"),
    (7, "decimalZero", "07"),
    (12, "decimalFullWidth", "１２"),
    (1, "chineseCounting", "一"),
    (10, "chineseCounting", "十"),
    (11, "chineseCounting", "十一"),
    (20, "chineseCounting", "二十"),
    (23, "chineseCounting", "二十三"),
    (100, "chineseCounting", "一〇〇"),
    (11, "chineseCountingThousand", "十一"),
    (101, "chineseCountingThousand", "一百零一"),
    (110, "chineseCountingThousand", "一百一十"),
    (1001, "chineseCountingThousand", "一千零一"),
    (1010, "chineseCountingThousand", "一千零一十"),
    (12, "chineseLegalSimplified", "壹拾贰"),
    (3, "ideographTraditional", "丙"),
    (2, "ideographZodiac", "丑"),
    (2024, "ideographDigital", "二〇二四"),
    (1, "lowerLetter", "a"),
    (27, "upperLetter", "AA"),
    (4, "upperRoman", "IV"),
    (9, "lowerRoman", "ix"),
    (3, "decimalEnclosedCircle", "③"),
    (3, "decimalEnclosedParen", "(3)"),
    (5, "none", ""),
])
def test_numbers_are_written_in_words_format(n, fmt, shown):
    assert format_number(n, fmt) == shown


def test_an_unknown_format_is_none_not_a_guess():
    assert format_number(3, "hebrew1") is None


def test_unknown_format_is_shown_as_digits_with_a_warning():
    document = docx.Document()
    numbered(document, "第一条", add_list(document, [("hebrew1", "%1、")]), 0)
    raw = read_source(SOURCE, save(document))
    assert _HINT.sub("", raw.text) == "1、第一条"
    (problem,) = raw.problems
    assert "hebrew1" in problem.message and "1、2、3" in problem.message


# --------------------------------------------------------------------------
# Automatic numbering as the reader sees it


def test_list_number_paragraphs_in_decimal_and_chinese_counting():
    document = docx.Document()
    decimal = add_list(document, [("decimal", "%1.")])
    chinese = add_list(document, [("chineseCountingThousand", "%1、")])
    for text in ("动员部署", "排查整治", "总结验收"):
        numbered(document, text, decimal, 0, style="List Number")
    for n in range(12):
        numbered(document, f"第{n}项", chinese, 0, style="List Number")
    lines = text_lines(save(document))
    assert lines[:3] == ["1.动员部署", "2.排查整治", "3.总结验收"]
    assert lines[3] == "一、第0项" and lines[12] == "十、第9项" and lines[14] == "十二、第11项"


def test_list_number_style_alone_numbers_the_paragraph():
    # python-docx's template links List Number to a decimal list with a tab after the number.
    document = docx.Document()
    for text in ("第一项", "第二项"):
        document.add_paragraph(text, style="List Number")
    assert text_lines(save(document)) == ["1. 第一项", "2. 第二项"]


def test_multilevel_outline_restarts_lower_levels():
    lines = [line for line in text_lines(notice()) if re.match(r"^(?:[一二三]、|（[一二三]）|\d\.)", line)]
    assert [re.match(r"^(?:[一二三]、|（[一二三]）|\d\.)", line).group() for line in lines] == [
        "一、", "（一）", "1.", "2.", "（二）", "1.", "二、", "（一）",  # 一、 list: restarts under each parent
        "1.", "2.", "1.",  # List Number, then "restart numbering" (a new w:num with startOverride)
    ]


def test_start_override_and_never_restarting_level():
    document = docx.Document()
    outline = add_list(document, [("decimal", "第%1章"), ("decimal", "%2)")], restart={1: 0})
    numbered(document, "总则", outline, 0)
    numbered(document, "甲", outline, 1)
    numbered(document, "附则", outline, 0)
    numbered(document, "乙", outline, 1)  # w:lvlRestart 0: never restarts
    again = add_list(document, [], abstract_id=abstract_of(document, outline), start_override={0: 5})
    numbered(document, "补充", again, 0)
    assert text_lines(save(document)) == ["第1章总则", "1)甲", "第2章附则", "2)乙", "第5章补充"]


def test_legal_numbering_shows_every_level_as_digits():
    document = docx.Document()
    outline = add_list(document, [("chineseCounting", "%1、"), ("decimal", "%1.%2")])
    numbering = document.part.numbering_part.element
    lvl = numbering.findall(qn("w:abstractNum"))[-1].findall(qn("w:lvl"))[1]
    lvl.insert(0, OxmlElement("w:isLgl"))
    numbered(document, "总则", outline, 0)
    numbered(document, "适用范围", outline, 1)
    assert text_lines(save(document)) == ["一、总则", "1.1适用范围"]


def test_hidden_numbered_paragraph_takes_no_number():
    document = docx.Document()
    steps = add_list(document, [("decimal", "%1.")])
    numbered(document, "第一步", steps, 0)
    hidden = numbered(document, "", steps, 0)
    hidden.add_run("隐藏的一步").font.hidden = True
    mark = hidden._p.get_or_add_pPr()
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:vanish"))
    mark.append(rpr)
    numbered(document, "第二步", steps, 0)
    assert text_lines(save(document)) == ["1.第一步", "2.第二步"]


# --------------------------------------------------------------------------
# Headings, 落款, headers and footers


def test_heading_styles_reach_the_outline(notice_page):
    _, document, _, markdown, _ = notice_page
    assert "\n## 总体要求\n" in markdown
    assert "\n### 工作安排\n" in markdown
    kinds = {b.text: b.kind for b in document.blocks}
    assert kinds["总体要求"] == "section" and kinds["工作安排"] == "subsection"
    assert document.meta.title == TITLE


def test_chinese_style_names_and_outline_levels_are_headings():
    document = docx.Document()
    document.add_paragraph(TITLE)
    style = document.styles.add_style("标题 1", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    document.add_paragraph("为做好工作，现通知如下。")
    document.add_paragraph("工作目标", style="标题 1")
    document.add_paragraph("全面提升火灾防控水平，确保全市火灾形势持续稳定。")
    outlined = document.add_paragraph("保障措施")
    level = OxmlElement("w:outlineLvl")
    level.set(qn("w:val"), "1")
    outlined._p.get_or_add_pPr().append(level)
    document.add_paragraph("各单位要加强组织领导，确保各项措施落到实处。")
    page, _ = ingest(save(document))
    kinds = {b.text: b.kind for b in page.blocks}
    assert kinds["工作目标"] == "section"
    assert kinds["保障措施"] == "subsection"


def test_right_aligned_closing_lines_are_the_signature_not_headings(notice_page):
    _, document, _, markdown, _ = notice_page
    assert [(b.kind, b.text) for b in document.blocks[-2:]] == [("closing", UNIT), ("closing", "2025年3月12日")]
    assert markdown.endswith(f'\n\n<p class="fp-closing">{UNIT}</p>\n\n<p class="fp-closing">2025年3月12日</p>\n')
    assert document.meta.date == "2025-03-12" and document.origins["date"].note == "落款日期"
    assert document.meta.unit == UNIT


def test_a_right_aligned_unit_line_would_be_a_heading_without_its_alignment():
    """A unit line with no date under it: left-aligned, the text rules take it
    for a heading (short, followed by a longer line); Word's right alignment
    says it signs the text.  With its date under it, the text rules know the
    落款 either way."""
    def build(aligned: bool, lines: tuple[str, ...]) -> bytes:
        document = docx.Document()
        document.add_paragraph(TITLE)
        document.add_paragraph("为切实做好今冬明春火灾防控工作，请各单位认真抓好落实。")
        for text in lines:
            paragraph = document.add_paragraph(text)
            if aligned:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        return save(document)

    undated = ("消防救援支队", "联系人：张三，电话：0000-0000000，请各单位按时报送。")
    plain, _ = ingest(build(False, undated))
    aligned, _ = ingest(build(True, undated[:1]))
    assert plain.blocks[-2].kind == "heading"
    assert aligned.blocks[-1].kind == "closing"
    for right in (False, True):
        signed, _ = ingest(build(right, ("消防救援支队", "2025年3月12日")))
        assert [b.kind for b in signed.blocks[-2:]] == ["closing", "closing"]


def test_headers_and_footers_never_reach_the_body(notice_page):
    data, document, _, markdown, html = notice_page
    raw = read_source(SOURCE, data)
    for text in (HEADER_TEXT, FOOTER_TEXT):
        assert text not in raw.text and text not in markdown and text not in html
    # …though the file does hold them (the test would pass vacuously otherwise).
    parts = docx.Document(io.BytesIO(data)).sections[0]
    assert parts.header.paragraphs[0].text == HEADER_TEXT and parts.footer.paragraphs[0].text == FOOTER_TEXT


# --------------------------------------------------------------------------
# Tables


def test_table_is_a_markdown_table_with_its_header_row(notice_page):
    _, document, _, markdown, _ = notice_page
    (table,) = [b for b in document.blocks if b.kind == "table"]
    assert table.rows == (
        ("阶段", "时间", "主要内容"),
        ("准备阶段", "3月1日至3月10日", "制定方案<script>alert(1)</script>"),
        ("", "3月11日|3月20日", "*强调* [链接](javascript:alert(1))"),  # merged cell: blank below
    )
    assert (
        "| 阶段 | 时间 | 主要内容 |\n| --- | --- | --- |\n"
        "| 准备阶段 | 3月1日至3月10日 | 制定方案&#60;script&#62;alert(1)&#60;/script&#62; |\n"
        "|  | 3月11日&#124;3月20日 | &#42;强调&#42; &#91;链接&#93;(javascript:alert(1)) |"
    ) in markdown


def test_table_rows_are_never_headings_nor_run_together(notice_page):
    _, document, _, markdown, _ = notice_page
    assert "阶段时间主要内容" not in markdown
    assert not re.search(r"^#+ .*(?:阶段|准备)", markdown, re.M)
    assert "阶段　时间　主要内容" in next(b.text for b in document.blocks if b.kind == "table")


def test_table_cells_show_literally_in_the_page(notice_page):
    *_, html = notice_page
    assert "<table>" in html and "<th>阶段</th>" in html
    assert "<td>制定方案&lt;script&gt;alert(1)&lt;/script&gt;</td>" in html
    assert "<td>3月11日|3月20日</td>" in html
    assert "<td>*强调* [链接](javascript:alert(1))</td>" in html
    assert "<script" not in html and "<em>" not in html and "javascript:" not in html.split("<td>*强调*")[0]


def test_horizontal_merge_leaves_the_spanned_column_blank():
    document = docx.Document()
    document.add_paragraph(TITLE)
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "时间"
    table.cell(0, 2).text = "内容"
    for cell, text in zip(table.rows[1].cells, ("上午", "下午", "检查")):
        cell.text = text
    page, _ = ingest(save(document))
    (block,) = [b for b in page.blocks if b.kind == "table"]
    assert block.rows == (("时间", "", "内容"), ("上午", "下午", "检查"))


def test_a_one_cell_table_is_text_not_a_table():
    document = docx.Document()
    document.add_paragraph(TITLE)
    document.add_table(rows=1, cols=1).cell(0, 0).text = "注：本通知自印发之日起施行。"
    page, _ = ingest(save(document))
    assert [b.kind for b in page.blocks] == ["paragraph"]


# --------------------------------------------------------------------------
# Pictures


def test_picture_is_shown_from_a_safe_name_beside_the_page(notice_page, tmp_path):
    data, document, _, markdown, html = notice_page
    (picture,) = [b for b in document.blocks if b.kind == "image"]
    assert IMAGE_NAME.match(picture.src) and picture.src.endswith(".png") and picture.text == ALT
    assert f"![{ALT}]({document.slug}/{picture.src})" in markdown
    assert f'<img alt="{ALT}" src="{document.slug}/{picture.src}"' in html
    assert images(data) == {picture.src: png()}
    source = tmp_path / SOURCE
    source.parent.mkdir(parents=True)
    source.write_bytes(data)
    assert page_images([document], tmp_path) == {f"doc/{document.slug}/{picture.src}": png()}


def test_picture_name_comes_from_its_bytes_not_from_the_file():
    # A PNG stored as image1.jpeg is published as .png; the name is the content hash.
    document = docx.Document()
    document.add_paragraph(TITLE)
    document.add_picture(io.BytesIO(png(3, 3)))
    data = save(document)
    (name,) = images(data)
    assert name.endswith(".png") and IMAGE_NAME.match(name)


def _with_picture_bytes(blob: bytes) -> bytes:
    """A document with one picture whose stored bytes are `blob`."""
    import zipfile

    document = docx.Document()
    document.add_paragraph(TITLE)
    document.add_paragraph("正文第一段，说明现场情况。")
    set_alt(document.add_picture(io.BytesIO(png())), "<b>图</b>")
    data = save(document)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename.startswith("word/media/"):
                content = blob
            dst.writestr(info, content)
    return out.getvalue()


@pytest.mark.parametrize(("blob", "reason"), [
    (b"\x01\x00\x00\x00" + b"\x00" * 100, "EMF 格式"),
    (b"<svg onload=alert(1)>" + b" " * 100, "格式无法识别"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * (MAX_IMAGE_BYTES + 1), "超过 5 MB"),
])
def test_pictures_browsers_cannot_show_are_left_out_with_a_warning(blob, reason):
    data = _with_picture_bytes(blob)
    document, problems = ingest(data)
    assert not [b for b in document.blocks if b.kind == "image"]
    assert images(data) == {}
    (warning,) = [p for p in problems if "图片" in p.message]
    assert warning.level == "warning" and f"1 张{reason}" in warning.message
    assert "另存为 JPEG 或 PNG" in warning.message


def test_alt_text_is_escaped():
    data = _with_picture_bytes(png())
    document, _ = ingest(data)
    markdown = render_document(document)
    assert "![&#60;b&#62;图&#60;/b&#62;](" in markdown
    assert "<b>" not in page_html(markdown)


# --------------------------------------------------------------------------
# End to end: a tree of sources into Markdown pages


def test_ingest_tree_turns_the_docx_into_the_page_a_reader_gets(tmp_path):
    source = tmp_path / "sources" / "2025" / "通知.docx"
    source.parent.mkdir(parents=True)
    source.write_bytes(notice())
    result = ingest_tree(tmp_path / "sources", root=tmp_path, taxonomy=load_taxonomy())
    assert not result.errors, result.errors
    assert not [p for p in result.warnings if p.path == "sources/2025/通知.docx"], result.warnings
    (document,) = result.documents
    markdown = render_document(document)
    body = markdown.split("\n---\n", 1)[1]
    name = next(b.src for b in document.blocks if b.kind == "image")
    assert body == (
        f"\n# {TITLE}\n\n"
        "各大队、各消防救援站：\n\n"
        "为切实做好今冬明春火灾防控工作，现将有关事项通知如下。\n\n"
        "## 总体要求\n\n"
        "坚持预防为主、防消结合，全面落实消防安全责任制，坚决遏制重特大火灾事故发生。\n\n"
        "## 一、加强组织领导\n\n"
        "### （一）成立工作专班\n\n"
        "**1.支队成立由主要领导任组长的工作专班，统筹推进各项工作。**\n\n"
        "**2.各大队明确一名分管领导具体负责，确保责任落实到人。**\n\n"
        "### （二）健全工作机制\n\n"
        "**1.建立隐患排查整改台账，实行销号管理，逐项跟踪问效。**\n\n"
        "## 二、强化隐患排查\n\n"
        "### （一）开展专项检查\n\n"
        "### 工作安排\n\n"
        "**1.动员部署阶段，各单位制定实施方案并报支队备案。**\n\n"
        "**2.排查整治阶段，全面开展隐患排查整治工作。**\n\n"
        "**1.总结验收阶段，支队组织检查验收并通报情况。**\n\n"
        "| 阶段 | 时间 | 主要内容 |\n| --- | --- | --- |\n"
        "| 准备阶段 | 3月1日至3月10日 | 制定方案&#60;script&#62;alert(1)&#60;/script&#62; |\n"
        "|  | 3月11日&#124;3月20日 | &#42;强调&#42; &#91;链接&#93;(javascript:alert(1)) |\n\n"
        "检查现场照片如下：\n\n"
        f"![{ALT}]({document.slug}/{name})\n\n"
        "请各单位认真抓好落实。\n\n"
        f'<p class="fp-closing">{UNIT}</p>\n\n'
        '<p class="fp-closing">2025年3月12日</p>\n'
    )
    assert document.meta.title == TITLE and document.meta.date == "2025-03-12" and document.meta.unit == UNIT


def test_source_text_cannot_forge_layout_hints():
    """A file holding the hint characters itself gets no table or heading from them."""
    document = docx.Document()
    document.add_paragraph(TITLE)
    document.add_paragraph("\ufdd5伪造\ufdd7表格")
    document.add_paragraph("\ufdd1伪造标题，后面还有很长的一段正文内容。")
    page, _ = ingest(save(document))
    assert [b.text for b in page.blocks] == ["伪造表格", "伪造标题，后面还有很长的一段正文内容。"]
    assert not [b for b in page.blocks if b.kind in ("table", "section")]


def test_outline_list_fixture_levels_match_structure():
    """The numbers Word shows become the outline kinds the text path uses."""
    page, _ = ingest(notice())
    numbered_blocks = [(b.kind, b.marker) for b in page.blocks if b.marker]
    assert numbered_blocks[:8] == [
        ("section", "一、"), ("subsection", "（一）"), ("item", "1."), ("item", "2."),
        ("subsection", "（二）"), ("item", "1."), ("section", "二、"), ("subsection", "（一）"),
    ]
    assert OUTLINE[0] == ("chineseCounting", "%1、")


def test_table_rows_with_web_footer_words_are_kept():
    document = docx.Document()
    document.add_paragraph(TITLE)
    document.add_paragraph("为做好活动组织工作，现将有关安排通知如下。")
    table = document.add_table(rows=3, cols=2)
    for row, cells in enumerate([("项目", "内容"), ("主办单位", UNIT), ("联系我们", "电话0427-1234567")]):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    page, _ = ingest(save(document))
    (block,) = [b for b in page.blocks if b.kind == "table"]
    assert block.rows == (("项目", "内容"), ("主办单位", UNIT), ("联系我们", "电话0427-1234567"))


def test_heading_style_linked_to_a_multilevel_list_is_a_numbered_section():
    """Word's multilevel lists bind their levels to Heading 1/2 (w:pStyle in the
    level, w:numPr in the style): the paragraphs carry no numbering of their own."""
    document = docx.Document()
    outline = add_list(document, [("chineseCounting", "%1、"), ("chineseCounting", "（%2）")])
    numbering = document.part.numbering_part.element
    levels = numbering.findall(qn("w:abstractNum"))[-1].findall(qn("w:lvl"))
    for lvl, style_id in zip(levels, ("Heading1", "Heading2")):
        link = OxmlElement("w:pStyle")
        link.set(qn("w:val"), style_id)
        lvl.append(link)
    for name in ("Heading 1", "Heading 2"):
        num_pr = OxmlElement("w:numPr")
        num_id = OxmlElement("w:numId")
        num_id.set(qn("w:val"), str(outline))
        num_pr.append(num_id)
        document.styles[name].element.get_or_add_pPr().append(num_pr)
    document.add_paragraph(TITLE)
    document.add_paragraph("为切实做好今冬明春火灾防控工作，现将有关事项通知如下。")
    document.add_heading("总体要求", level=1)
    document.add_heading("工作目标", level=2)
    document.add_paragraph("全面提升火灾防控水平，确保火灾形势持续稳定。")
    document.add_heading("保障措施", level=1)
    document.add_paragraph("各单位要加强组织领导，确保各项措施落到实处。")
    page, _ = ingest(save(document))
    assert [(b.kind, b.marker, b.text) for b in page.blocks if b.kind != "paragraph"] == [
        ("section", "一、", "总体要求"), ("subsection", "（一）", "工作目标"), ("section", "二、", "保障措施")]


def test_right_alignment_from_a_paragraph_style_marks_the_closing_lines():
    document = docx.Document()
    style = document.styles.add_style("落款", WD_STYLE_TYPE.PARAGRAPH)
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph(TITLE)
    document.add_paragraph("为切实做好今冬明春火灾防控工作，请各单位认真抓好落实。")
    for text in ("消防救援支队", "2025年3月12日"):
        document.add_paragraph(text, style="落款")
    page, _ = ingest(save(document))
    assert [(b.kind, b.text) for b in page.blocks[-2:]] == [("closing", "消防救援支队"), ("closing", "2025年3月12日")]
