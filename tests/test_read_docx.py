""".docx from strangers: bombs, hidden and deleted text, privacy warnings, damaged files.

Every file here is built in the test (python-docx, then raw zip edits), and
every assertion is one the old reader (python-docx's `Paragraph.text`, no
limits) fails.
"""

from __future__ import annotations

import io
import json
import os
import random
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")

from docx.enum.style import WD_STYLE_TYPE  # noqa: E402

from fireportal import docx_safety as safety  # noqa: E402
from fireportal.model import RawText  # noqa: E402
from fireportal.read import ReadError, read_source  # noqa: E402
from fireportal.structure import HINT_CELL, HINT_ROW, HINT_TABLE  # noqa: E402

SOURCE = "sources/2024/通知.docx"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCUMENT_XML = "word/document.xml"
FIXED_TIME = (2024, 6, 1, 0, 0, 0)  # same bytes on every run
SCRIPTS = str(Path(__file__).resolve().parent.parent / "scripts")


# --------------------------------------------------------------------------
# Building test files


def make_docx(build=None, *, author: str = "", last_modified_by: str = "") -> bytes:
    """A python-docx document, personal properties blank unless given."""
    document = docx.Document()
    if build is not None:
        build(document)
    document.core_properties.author = author
    document.core_properties.last_modified_by = last_modified_by
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rezip(data: bytes, *, replace: dict | None = None, drop: tuple = (), add: dict | None = None,
          compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", compression) as dst:
        for info in src.infolist():
            if info.filename in drop:
                continue
            content = replace.get(info.filename, src.read(info.filename))
            if callable(content):
                content = content(src.read(info.filename))
            dst.writestr(zipfile.ZipInfo(info.filename, FIXED_TIME), content, compression)
        for name, content in (add or {}).items():
            dst.writestr(zipfile.ZipInfo(name, FIXED_TIME), content, compression)
    return out.getvalue()


def with_body(body_xml: str, data: bytes | None = None) -> bytes:
    """A valid package whose document.xml body is `body_xml` (w: prefix bound)."""
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<w:body>{body_xml}<w:sectPr/></w:body></w:document>"
    )
    return rezip(data or make_docx(), replace={DOCUMENT_XML: xml.encode()})


def read(data: bytes) -> RawText:
    return read_source(SOURCE, data)


def lines(data: bytes) -> list[str]:
    return read(data).text.split("\n")


def refused(data: bytes) -> str:
    with pytest.raises(ReadError) as info:
        read(data)
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def p(*runs: str, ppr: str = "") -> str:
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def r(text: str, rpr: str = "") -> str:
    return f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


# --------------------------------------------------------------------------
# Decompression bombs: measured in a fresh process, so the peak is the read's


PROBE = r"""
import json, resource, sys, time
import docx, lxml.etree
from fireportal import docx_safety
from fireportal.read import ReadError, read_source
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    read_source("sources/2024/bomb.docx", data)
    error = None
except ReadError as exc:
    error = str(exc)
seconds = time.perf_counter() - start
grew = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
print(json.dumps({"seconds": seconds, "grew_mb": grew, "error": error}))
"""


def probe(path: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=SCRIPTS + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True,
                          timeout=120, env=env, check=True)
    return json.loads(done.stdout)


BOMB_MB = 300


def write_bomb(path: Path, *, megabytes: int = BOMB_MB) -> None:
    """A .docx whose document.xml is `megabytes` MB of ordinary-looking paragraphs."""
    base = make_docx(lambda d: d.add_paragraph("盘锦支队"))
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != DOCUMENT_XML:
                dst.writestr(info.filename, src.read(info.filename))
        paragraph = ("<w:p><w:r><w:t>" + "一" * 350_000 + "</w:t></w:r></w:p>").encode()  # ~1 MB
        with dst.open(DOCUMENT_XML, "w") as out:
            out.write(f'<w:document xmlns:w="{W_NS}"><w:body>'.encode())
            for _ in range(megabytes):
                out.write(paragraph)
            out.write(b"<w:sectPr/></w:body></w:document>")


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "bomb.docx"
    write_bomb(path)
    return path


def test_bomb_is_small_on_disk_and_really_inflates(bomb):
    assert bomb.stat().st_size < 1024 * 1024
    with zipfile.ZipFile(bomb) as archive:
        assert archive.getinfo(DOCUMENT_XML).file_size > BOMB_MB * 1024 * 1024


def test_bomb_is_refused_fast_without_inflating(bomb):
    result = probe(bomb)
    assert result["grew_mb"] < 40, result
    assert result["seconds"] < 5, result
    assert result["error"] == (
        ".docx 内容解压后过大（其中一个部件超过 64 MB），可能已损坏或不是正常文档："
        "请用 Word 或 WPS 打开后另存为 .docx 再提交"
    )


def _patch_sizes(data: bytearray, name: bytes, *, crc: int, size: int) -> int:
    """Rewrite CRC and uncompressed size of `name` in its local and central headers."""
    patched = 0
    start = 0
    while (at := data.find(name, start)) != -1:
        start = at + 1
        if data[at - 46 : at - 42] == b"PK\x01\x02":  # central directory entry
            struct.pack_into("<L", data, at - 46 + 16, crc)
            struct.pack_into("<L", data, at - 46 + 24, size)
            patched += 1
        elif data[at - 30 : at - 26] == b"PK\x03\x04":  # local header
            struct.pack_into("<L", data, at - 30 + 14, crc)
            struct.pack_into("<L", data, at - 30 + 22, size)
            patched += 1
    return patched


def test_member_whose_header_lies_about_its_size_is_still_refused(bomb, tmp_path):
    # The headers say document.xml is 4 KB, with the CRC of its first 4 KB:
    # zipfile then believes it.  But zipfile inflates all the compressed data
    # in one call before cutting at the header size, so only counting the
    # bytes that really come out protects memory.
    with zipfile.ZipFile(bomb) as archive, archive.open(DOCUMENT_XML) as member:
        head = member.read(4096)
    data = bytearray(bomb.read_bytes())
    assert _patch_sizes(data, DOCUMENT_XML.encode(), crc=zlib.crc32(head), size=4096) == 2
    liar = tmp_path / "liar.docx"
    liar.write_bytes(bytes(data))
    with zipfile.ZipFile(liar) as archive:
        assert archive.getinfo(DOCUMENT_XML).file_size == 4096
        with archive.open(DOCUMENT_XML) as member:  # zipfile is fooled, CRC and all
            assert member.read(8192) == head
    result = probe(liar)
    assert result["grew_mb"] < 40, result
    assert result["seconds"] < 5, result
    assert result["error"] == safety.MEMBER_TOO_LARGE


def test_total_decompressed_size_is_limited_across_members():
    # Five 50 MB members: each under the per-member limit, 250 MB together.
    # python-docx would never read them (no relationship points at them).
    out = io.BytesIO(make_docx(lambda d: d.add_paragraph("正文")))
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        for index in range(5):
            with archive.open(f"word/media/padding{index}.bin", "w") as member:
                for _ in range(50):
                    member.write(bytes(1024 * 1024))
    assert len(out.getvalue()) < 2 * 1024 * 1024
    assert refused(out.getvalue()) == safety.TOTAL_TOO_LARGE
    assert "200 MB" in safety.TOTAL_TOO_LARGE


def test_too_many_members():
    data = make_docx(lambda d: d.add_paragraph("正文"))
    extra = {f"word/extra{index}.xml": b"<a/>" for index in range(safety.MAX_MEMBERS)}
    assert refused(rezip(data, add=extra)) == safety.TOO_MANY_MEMBERS


def test_many_empty_elements_are_refused_before_parsing():
    # 13 MB of <w:p/> deflates to ~30 KB but would be 2 million lxml nodes.
    body = "<w:p/>" * (safety.MAX_MARKUP + 10)
    assert refused(with_body(body)) == safety.TOO_MUCH_MARKUP


def test_many_attributes_are_refused_before_parsing():
    attributes = "".join(f' w:a{index}=""' for index in range(1000))
    body = f"<w:p{attributes}/>" * (safety.MAX_MARKUP // 1000 + 10)
    assert refused(with_body(body)) == safety.TOO_MUCH_MARKUP


def test_a_large_ordinary_document_is_not_refused():
    # ~6,000 paragraphs of Word-like markup (rsids, fonts, sizes): a 300-page report.
    rpr = '<w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:hint="eastAsia"/><w:sz w:val="32"/><w:szCs w:val="32"/>'
    paragraph = (
        '<w:p w:rsidR="00A1B2C3" w:rsidRDefault="00A1B2C3" w:rsidP="00D4E5F6">'
        '<w:pPr><w:spacing w:line="560" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/>'
        f"<w:rPr>{rpr}</w:rPr></w:pPr>"
        + r("盘锦支队组织开展夏季消防检查，全面排查火灾隐患。", rpr) * 3
        + "</w:p>"
    )
    raw = read(with_body(paragraph * 6000))
    assert raw.text.count("\n") == 5999
    assert raw.text.startswith("盘锦支队组织开展夏季消防检查")


@pytest.mark.parametrize("compression", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_compression_that_cannot_be_streamed_is_refused(compression):
    # zipfile inflates bzip2/LZMA members in one call whatever chunk size is
    # asked for; Word only writes stored and deflated members.
    data = rezip(make_docx(lambda d: d.add_paragraph("正文")), compression=compression)
    assert refused(data) == safety.ODD_COMPRESSION


def test_encrypted_member_is_refused():
    data = bytearray(make_docx(lambda d: d.add_paragraph("正文")))
    at = data.find(b"PK\x01\x02")
    struct.pack_into("<H", data, at + 8, struct.unpack_from("<H", data, at + 8)[0] | 1)
    assert refused(bytes(data)) == safety.ENCRYPTED


def test_password_protected_word_file_is_named():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000)
    assert refused(ole) == safety.OLE_FILE


# --------------------------------------------------------------------------
# XML attacks


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a0 "消防消防消防消防消防">'
    + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    + f']><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&a9;</w:t></w:r></w:p></w:body></w:document>'
)


def test_billion_laughs_is_refused():
    data = rezip(make_docx(), replace={DOCUMENT_XML: BILLION_LAUGHS.encode()})
    assert refused(data) == safety.HAS_DTD


def test_billion_laughs_in_utf16_is_refused():
    data = rezip(make_docx(), replace={DOCUMENT_XML: BILLION_LAUGHS.replace('"1.0"', '"1.0" encoding="UTF-16"').encode("utf-16")})
    assert refused(data) == safety.HAS_DTD


def test_external_entity_is_refused_and_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("PASSWORD=hunter2")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "{secret.as_uri()}">]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>'
    )
    message = refused(rezip(make_docx(), replace={DOCUMENT_XML: xml.encode()}))
    assert message == safety.HAS_DTD
    assert "hunter2" not in message


def _dtd_in_styles(content: bytes) -> bytes:
    head, rest = content.split(b"?>", 1)
    return head + b'?><!DOCTYPE w:styles [<!ENTITY x "y">]>' + rest


def test_dtd_in_another_part_is_refused():
    data = rezip(make_docx(lambda d: d.add_paragraph("正文")), replace={"word/styles.xml": _dtd_in_styles})
    assert refused(data) == safety.HAS_DTD


def test_dtd_after_a_long_prolog_is_refused():
    padding = "<!--" + "x" * 1_000_000 + "-->"
    xml = BILLION_LAUGHS.replace("<!DOCTYPE", padding + "<!DOCTYPE", 1)
    assert refused(rezip(make_docx(), replace={DOCUMENT_XML: xml.encode()})) == safety.HAS_DTD


@pytest.mark.parametrize("where", ["document-harmless", "document-laughs", "styles"])
def test_dtd_missed_by_the_stream_check_is_refused_after_parsing(where, monkeypatch):
    # Second layer: were the streamed byte check fooled, the parsed trees are
    # checked too (and libxml2, with entities unresolved, stops the expansion).
    monkeypatch.setattr(safety, "_DTD_MARKERS", ())
    base = make_docx(lambda d: d.add_paragraph("正文"))
    if where == "styles":
        data = rezip(base, replace={"word/styles.xml": _dtd_in_styles})
    elif where == "document-laughs":
        data = rezip(base, replace={DOCUMENT_XML: BILLION_LAUGHS.encode()})
    else:
        dtd, root = BILLION_LAUGHS.split("]>", 1)
        harmless = dtd.split("<!ENTITY a1")[0] + "]>" + root.replace("&a9;", "&a0;")
        data = rezip(base, replace={DOCUMENT_XML: harmless.encode()})
    assert refused(data) == safety.HAS_DTD


def nested_controls(levels: int) -> str:
    return "<w:sdt><w:sdtContent>" * levels + p(r("正文")) + "</w:sdtContent></w:sdt>" * levels


def test_nested_content_controls_are_read():
    assert read(with_body(nested_controls(100))).text == "正文"


def test_too_deep_nesting_is_an_error_not_a_crash():
    assert refused(with_body(nested_controls(300))) == safety.NOT_DOCX  # libxml2 stops at 256


def test_nesting_limit_of_the_walker_itself(monkeypatch):
    # Should lxml be built without libxml2's depth limit, the walker has its own.
    monkeypatch.setattr(safety, "MAX_NESTING", 50)
    assert refused(with_body(nested_controls(100))) == safety.NESTED_TOO_DEEP


# --------------------------------------------------------------------------
# Damaged files: always a one-line ReadError


def test_not_a_zip():
    assert refused(b"PK\x03\x04 not really a zip") == "不是有效的 .docx 文件：请用 Word 或 WPS 打开后另存为 .docx"


def test_a_zip_that_is_not_a_docx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "消防")
    assert refused(out.getvalue()) == safety.NOT_DOCX


def test_missing_document_xml():
    data = rezip(make_docx(lambda d: d.add_paragraph("正文")), drop=(DOCUMENT_XML,))
    assert refused(data) == safety.NO_BODY


def test_broken_xml():
    data = rezip(make_docx(), replace={DOCUMENT_XML: b'<w:document xmlns:w="' + W_NS.encode() + b'"><w:body><w:p>'})
    assert refused(data) == safety.NOT_DOCX


def test_macro_document_renamed_to_docx():
    def to_docm(content: bytes) -> bytes:
        return content.replace(b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")

    data = rezip(make_docx(lambda d: d.add_paragraph("正文")), replace={"[Content_Types].xml": to_docm})
    assert refused(data) == safety.MACRO_OR_TEMPLATE


def test_vertical_merge_in_the_first_row_does_not_crash():
    # python-docx's row.cells raises ValueError on this; Word shows the text.
    table = (
        "<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr>" + p(r("单位")) + "</w:tc>"
        "<w:tc>" + p(r("盘锦支队")) + "</w:tc></w:tr></w:tbl>"
    )
    assert lines(with_body(table)) == [HINT_TABLE + HINT_CELL + "盘锦支队"]


def test_huge_numbers_in_table_properties_do_not_crash():
    table = (
        '<w:tbl><w:tr><w:trPr><w:gridBefore w:val="' + "9" * 5000 + '"/></w:trPr>'
        '<w:tc><w:tcPr><w:gridSpan w:val="' + "9" * 5000 + '"/></w:tcPr>' + p(r("单位")) + "</w:tc>"
        "<w:tc>" + p(r("盘锦支队")) + "</w:tc></w:tr></w:tbl>"
    )
    assert lines(with_body(table)) == [HINT_TABLE + "单位" + HINT_CELL + "盘锦支队"]


@pytest.mark.parametrize("stored", [False, True], ids=["deflated", "stored"])
def test_random_damage_gives_text_or_a_read_error(stored):
    def build(document):
        document.add_paragraph("盘锦支队关于开展检查的通知")
        table = document.add_table(rows=2, cols=2)
        table.rows[0].cells[0].text = "单位"
        table.rows[1].cells[1].text = "防火监督科"
        document.add_paragraph("一、全面排查。")

    # Stored: the damage lands in the XML itself, not only in compressed bytes.
    data = rezip(make_docx(build), compression=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    rng = random.Random(20240601)
    outcomes = set()
    for _ in range(300):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            at = rng.randrange(len(damaged))
            damaged[at] = rng.choice([rng.randrange(256), ord("<"), ord(">"), ord('"'), ord("&")])
        try:
            result = read(bytes(damaged))
        except ReadError as exc:
            assert "\n" not in str(exc)
            outcomes.add("error")
        else:
            assert isinstance(result, RawText)
            outcomes.add("text")
    assert outcomes == {"error", "text"}


# --------------------------------------------------------------------------
# Text: what Word shows, and only that


def test_directly_hidden_run_is_left_out():
    body = p(r("公开的文字"), r("内部人员名单：张三", "<w:vanish/>"), r("，继续公开。"))
    raw = read(with_body(body))
    assert raw.text == "公开的文字，继续公开。"
    assert "张三" not in raw.text


@pytest.mark.parametrize("value", ["0", "false", "off"])
def test_vanish_switched_off_is_shown(value):
    body = p(r("公开"), r("也公开", f'<w:vanish w:val="{value}"/>'))
    assert read(with_body(body)).text == "公开也公开"


@pytest.mark.parametrize("value", ["1", "true", "on"])
def test_vanish_switched_on_is_hidden(value):
    body = p(r("公开"), r("秘密", f'<w:vanish w:val="{value}"/>'))
    assert read(with_body(body)).text == "公开"


def test_hidden_through_character_style_and_its_base_style():
    def build(document):
        secret = document.styles.add_style("内部", WD_STYLE_TYPE.CHARACTER)
        secret.font.hidden = True
        derived = document.styles.add_style("内部派生", WD_STYLE_TYPE.CHARACTER)
        derived.base_style = secret
        paragraph = document.add_paragraph()
        paragraph.add_run("公开")
        paragraph.add_run("甲秘密").style = secret
        paragraph.add_run("乙秘密").style = derived
        shown = paragraph.add_run("丙公开")
        shown.style = derived
        shown.font.hidden = False  # direct formatting wins over the style

    assert read(make_docx(build)).text == "公开丙公开"


def test_hidden_through_paragraph_style():
    def build(document):
        secret = document.styles.add_style("内部段落", WD_STYLE_TYPE.PARAGRAPH)
        secret.font.hidden = True
        document.add_paragraph("第一段")
        document.add_paragraph("整段隐藏", style=secret)
        document.add_paragraph("第三段")

    assert lines(make_docx(build)) == ["第一段", "第三段"]


def test_tracked_changes_show_insertions_not_deletions():
    body = p(
        r("会议由"),
        '<w:del w:id="1" w:author="李四" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>王局长</w:delText></w:r></w:del>',
        '<w:ins w:id="2" w:author="李四" w:date="2024-01-01T00:00:00Z">' + r("张支队长") + "</w:ins>",
        r("主持。"),
        '<w:moveFrom w:id="3" w:author="李四">' + r("旧位置") + "</w:moveFrom>",
        '<w:moveTo w:id="4" w:author="李四">' + r("新位置") + "</w:moveTo>",
    )
    assert read(with_body(body)).text == "会议由张支队长主持。新位置"


def test_text_in_links_tags_controls_and_fields_is_kept():
    body = p(
        '<w:hyperlink r:id="rId99">' + r("链接文字") + "</w:hyperlink>",
        '<w:smartTag w:uri="urn:x" w:element="place">' + r("盘锦") + "</w:smartTag>",
        "<w:sdt><w:sdtPr><w:alias w:val=\"别名\"/></w:sdtPr><w:sdtContent>" + r("控件内容") + "</w:sdtContent></w:sdt>",
        '<w:fldSimple w:instr=" DATE ">' + r("2024年6月1日") + "</w:fldSimple>",
        r("，完。"),
    )
    assert read(with_body(body)).text == "链接文字盘锦控件内容2024年6月1日，完。"


def test_field_instructions_are_not_text():
    body = p(
        r("第"),
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE \\* MERGEFORMAT </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r("3") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        r("页"),
    )
    assert read(with_body(body)).text == "第3页"


def test_tabs_and_breaks():
    body = p(
        "<w:r><w:t>单位</w:t><w:tab/><w:t>盘锦支队</w:t><w:br/><w:t>第二行</w:t><w:cr/><w:t>第三行</w:t></w:r>"
    )
    assert lines(with_body(body)) == ["单位\t盘锦支队", "第二行", "第三行"]


def test_content_control_placeholder_is_not_text():
    body = (
        "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
        + p(r("单击或点击此处输入文字。"))
        + "</w:sdtContent></w:sdt>"
        + p(r("正文"))
    )
    assert lines(with_body(body)) == ["正文"]


def test_block_content_controls_keep_their_paragraphs_and_tables_in_order():
    body = (
        p(r("标题"))
        + "<w:sdt><w:sdtContent>" + p(r("控件段落"))
        + "<w:tbl><w:tr><w:tc>" + p(r("甲")) + "</w:tc><w:tc>" + p(r("乙")) + "</w:tc></w:tr></w:tbl>"
        + "</w:sdtContent></w:sdt>"
        + p(r("结尾"))
    )
    assert lines(with_body(body)) == ["标题", "控件段落", HINT_TABLE + "甲" + HINT_CELL + "乙", "结尾"]


def test_tables_keep_their_place_and_hidden_cells_text_is_left_out():
    def build(document):
        document.add_paragraph("盘锦支队关于开展检查的通知")
        table = document.add_table(rows=2, cols=3)
        table.rows[0].cells[0].text = "单位"
        table.rows[0].cells[1].text = "防火监督科"
        table.rows[1].cells[0].text = "联系人"
        cell = table.rows[1].cells[1]
        cell.paragraphs[0].add_run("王五")
        cell.paragraphs[0].add_run("（手机13800000000）").font.hidden = True
        table.cell(0, 2).merge(table.cell(1, 2)).text = "备注"  # a vertical merge
        document.add_paragraph("一、全面排查。")

    assert lines(make_docx(build)) == [
        "盘锦支队关于开展检查的通知",
        # The merged cell's text stands once, in its first cell (see test_docx_word).
        HINT_TABLE + HINT_CELL.join(["单位", "防火监督科", "备注"]),
        HINT_ROW + HINT_CELL.join(["联系人", "王五", ""]),
        "一、全面排查。",
    ]


def test_hidden_text_is_warned_about_because_the_original_still_has_it():
    raw = read(with_body(p(r("公开"), r("秘密", "<w:vanish/>"), r("另一段秘密", "<w:vanish/>"))))
    (problem,) = raw.problems
    assert problem.level == "warning" and problem.path == SOURCE
    assert "隐藏文字 2 处" in problem.message
    assert "会随“下载原文”一起公开" in problem.message


# --------------------------------------------------------------------------
# Privacy warnings


def test_clean_document_has_no_warning():
    raw = read(make_docx(lambda d: d.add_paragraph("正文")))
    assert raw.text == "正文"
    assert raw.problems == ()


def test_comments_tracked_changes_and_personal_properties_are_warned_about():
    def build(document):
        paragraph = document.add_paragraph()
        first = paragraph.add_run("盘锦支队")
        second = paragraph.add_run("召开会议")
        document.add_comment(first, text="这句要改", author="王五", initials="W")
        document.add_comment(second, text="日期不对", author="王五", initials="W")

    data = make_docx(build, author="张三", last_modified_by="李四")
    tracked = rezip(data, replace={DOCUMENT_XML: lambda xml: xml.replace(
        b"</w:body>",
        b'<w:p><w:ins w:id="7" w:author="\xe6\x9d\x8e\xe5\x9b\x9b"><w:r><w:t>\xe8\xa1\xa5\xe5\x85\x85</w:t></w:r></w:ins></w:p></w:body>',
    )})
    raw = read(tracked)
    assert raw.text.split("\n") == ["盘锦支队召开会议", "补充"]
    (problem,) = raw.problems
    assert problem.level == "warning" and problem.path == SOURCE
    assert problem.line() == (
        f"警告 {SOURCE}: 原文含批注 2 条、修订记录 1 处、作者“张三”、最后修改者“李四”，"
        "会随“下载原文”一起公开：如不应公开，请在 Word 里删除批注、接受或拒绝全部修订、"
        "用“文件→信息→检查文档”删除文档属性和个人信息后另存，再提交"
    )


def test_company_and_manager_are_warned_about():
    def fill(app: bytes) -> bytes:
        return app.replace(b"<Manager/>", "<Manager>王五</Manager>".encode()).replace(
            b"<Company/>", "<Company>某市消防救援支队</Company>".encode())

    raw = read(rezip(make_docx(lambda d: d.add_paragraph("正文")), replace={"docProps/app.xml": fill}))
    (problem,) = raw.problems
    assert "单位“某市消防救援支队”" in problem.message
    assert "经理“王五”" in problem.message


def test_property_values_cannot_break_the_message():
    creator = "张三\n\u202e错误 伪造\u200b\t" + "很长" * 40
    data = rezip(make_docx(lambda d: d.add_paragraph("正文")), replace={"docProps/core.xml": lambda xml: xml.replace(
        b"<dc:creator></dc:creator>", f"<dc:creator>{creator}</dc:creator>".encode())})
    (problem,) = read(data).problems
    for bad in ("\n", "\u202e", "\u200b", "\t"):
        assert bad not in problem.message
    assert "作者“张三 错误 伪造 很长很长很长很长很长很…”" in problem.message


def test_deleted_text_counts_as_a_tracked_change():
    body = p(r("保留"), '<w:del w:id="1" w:author="李四"><w:r><w:delText>删掉的人名</w:delText></w:r></w:del>')
    raw = read(with_body(body))
    assert raw.text == "保留"
    (problem,) = raw.problems
    assert "修订记录 1 处" in problem.message


def test_hidden_paragraph_mark_with_nothing_visible_leaves_no_empty_line():
    hidden_mark = "<w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr>"
    body = (
        p(r("第一段"))
        + p(r("隐藏段落", "<w:vanish/>"), ppr=hidden_mark)  # wholly hidden: gone
        + p(r("隐藏文字", "<w:vanish/>"))  # the mark still shows: an empty line
        + p(r("第三段"))
    )
    assert lines(with_body(body)) == ["第一段", "", "第三段"]


def test_ingest_reports_the_privacy_warning_and_publishes_only_visible_text():
    from fireportal.pipeline import ingest_file
    from fireportal.taxonomy import load_taxonomy

    def build(document):
        document.add_paragraph("盘锦市消防救援支队召开夏季消防检查部署会")
        paragraph = document.add_paragraph("2024年6月1日，支队召开会议，部署夏季消防检查工作。")
        paragraph.add_run("（内部：联系人张三，手机13800000000）").font.hidden = True

    result = ingest_file(SOURCE, make_docx(build, author="张三"), taxonomy=load_taxonomy())
    assert [p.line() for p in result.problems if p.level == "warning" and "原文含" in p.message] == [
        f"警告 {SOURCE}: 原文含隐藏文字 1 处、作者“张三”，会随“下载原文”一起公开："
        "如不应公开，请在 Word 里删除隐藏文字、用“文件→信息→检查文档”删除文档属性和个人信息后另存，再提交"
    ]
    published = repr(result.documents)
    assert "13800000000" not in published and "部署夏季消防检查工作" in published
