"""Decoding: every encoding staff files arrive in, and clear errors for the rest."""

from __future__ import annotations

import codecs

import pytest

from fireportal.structure import HINT_CELL, HINT_TABLE

from fireportal.read import ReadError, decode, read_source

TEXT = "盘锦市消防救援支队召开5月份办公会，听取各大队工作汇报。"
TRADITIONAL = "曲靖市消防救援支隊召開全市消防安全專項整治三年行動動員部署會。"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
        # Read as Big5-HKSCS, the superset: 〇 and Hong Kong characters too.
        (TRADITIONAL.encode("big5"), "big5hkscs"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_decodes(data, encoding):
    text, found = decode(data)
    assert found == encoding
    assert text in (TEXT, TRADITIONAL)


def test_big5_text_with_ling_reads_as_written():
    # Plain Big5 has no 〇: it reads the bytes as kana (二ま二四年).
    text = "二〇二四年八月，消防救援支隊召開全市消防安全會議。" * 3
    assert decode(text.encode("big5hkscs")) == (text, "big5hkscs")


def test_crlf_survives_decoding_for_the_cleanup_to_handle():
    text, _ = decode("盘锦支队召开会议\r\n听取汇报".encode("gb18030"))
    assert text == "盘锦支队召开会议\r\n听取汇报"


@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        ("a.txt", b"", "文件是空的：请放入文档正文，或删除这个文件"),
        ("a.txt", b"  \n\r\n ", "文件是空的：请放入文档正文，或删除这个文件"),
        ("a.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "这是二进制文件，不是文本：请另存为 .txt（UTF-8）或 .docx 后再提交"),
        ("a.doc", "正文".encode(), "不支持的文件类型 .doc：旧版 Word 格式：请用 Word 或 WPS 打开，点“文件 → 另存为”，保存类型选 .docx，再提交 .docx 文件"),
        ("a.xyz", "正文".encode(), "不支持的文件类型 .xyz：支持的格式：.txt、.docx、.pdf、.html、.md"),
        ("a.docx", b"PK\x03\x04 not really a zip", "不是有效的 .docx 文件：请用 Word 或 WPS 打开后另存为 .docx"),
    ],
)
def test_bad_input_messages(path, data, message):
    with pytest.raises(ReadError) as info:
        read_source(path, data)
    assert str(info.value) == message


def test_undecodable_bytes_are_reported_not_mangled():
    # Valid UTF-8 Chinese with random high bytes in the middle: no encoding fits.
    data = TEXT.encode("utf-8") + bytes(range(0x80, 0xA0)) * 4 + TEXT.encode("utf-8")
    with pytest.raises(ReadError) as info:
        read_source("bad.txt", data)
    assert "另存为 UTF-8" in str(info.value)


def test_huge_file_is_refused_with_the_limit():
    with pytest.raises(ReadError) as info:
        read_source("big.txt", "消".encode() * (11 * 1024 * 1024 // 3), max_bytes=10 * 1024 * 1024)
    assert str(info.value) == "文件过大（11.0 MB，上限 10 MB）：请确认这是单篇文档；多篇合集请拆成多个文件"


def test_markdown_front_matter():
    raw = read_source("a.md", "---\ntitle: 标题\ndate: 2024-03-01\n---\n正文".encode())
    assert raw.front_matter["title"] == "标题"
    assert raw.text == "正文"


def test_markdown_bad_front_matter():
    with pytest.raises(ReadError) as info:
        read_source("a.md", "---\ntitle: [未闭合\n---\n正文".encode())
    assert str(info.value) == "文件开头的 YAML 元数据第 2 行有语法错误：请检查冒号、引号和缩进"


def test_docx_paragraphs_and_tables_in_order(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("盘锦支队关于开展检查的通知")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "单位"
    table.rows[0].cells[1].text = "防火监督科"
    document.add_paragraph("一、全面排查。")
    path = tmp_path / "a.docx"
    document.save(path)
    raw = read_source("a.docx", path.read_bytes())
    assert raw.text.split("\n") == ["盘锦支队关于开展检查的通知", HINT_TABLE + "单位" + HINT_CELL + "防火监督科", "一、全面排查。"]


def _samples():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "sources"
    return sorted(root.rglob("*.txt"))


@pytest.mark.parametrize("encoding", ["gb18030", "big5", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("sample", _samples(), ids=lambda p: p.name[:3])
def test_every_sample_reencoded_decodes_back(sample, encoding):
    import opencc

    text = sample.read_text(encoding="utf-8")
    if encoding == "big5":
        # Big5 holds traditional characters only; staff Big5 files are traditional.
        text = opencc.OpenCC("s2t").convert(text)
    data = text.encode(encoding, errors="ignore")
    decoded, found = decode(data)
    assert found == ("big5hkscs" if encoding == "big5" else encoding)
    assert decoded == data.decode(encoding)
