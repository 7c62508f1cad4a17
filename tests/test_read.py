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


# Short GB18030 texts cut from the real corpus, which charset-normalizer's
# first guess read as CP949, Big5 or EUC-JIS (and one it offered no reading of).
@pytest.mark.parametrize(
    "text",
    [
        "发布时间:2024-11-2805:41:38来源:sp2024",
        "2026-01-2310:36:44来源:参考消",
        "系电话:0564-3263056,892953833@qq.co",
        "下吕浦消防救援站#忠诚#担当#传承#奉献2025年,鹿城区下吕浦",
        "灭火指挥部办公室联系方式网站标识码:bm37000011京ICP",
        "油、水、电、气、灭火剂”,确保人",
        # Inline pinyin with its tone marks, as sources annotate characters.
        "發(fā)布時(shí)",
    ],
)
def test_short_gb18030_text_reads_as_written(text):
    assert decode(text.encode("gb18030")) == (text, "gb18030")


def test_gb18030_bytes_that_happen_to_be_valid_utf8_read_as_chinese():
    # CD A8 D1 B6 D4 B1 is also UTF-8 for ͨѶԱ, which no Chinese reader wrote.
    assert decode("通讯员".encode("gb18030")) == ("通讯员", "gb18030")
    assert decode("同时,".encode("gb18030")) == ("同时,", "gb18030")
    # UTF-8 that reads as well as any other reading keeps UTF-8.
    assert decode("“”".encode("utf-8")) == ("“”", "utf-8")


def test_valid_utf8_is_never_passed_over_without_a_warning():
    # España in UTF-8 is 帽 in GB18030, which reads better as Chinese: the
    # GB18030 reading is taken, and the UTF-8 one is shown beside it.
    raw = read_source("a.txt", "España".encode("utf-8"))
    assert raw.encoding == "gb18030"
    assert "按 UTF-8 则是“España”" in raw.problems[0].message
    # Past a short file, valid UTF-8 is what it says, whatever else it could be.
    long = ("España, " * 20).encode("utf-8")
    assert decode(long) == (long.decode("utf-8"), "utf-8")


def test_a_file_too_short_to_tell_its_encoding_is_read_with_a_warning():
    raw = read_source("sources/a.txt", "楼主".encode("gb18030"))
    assert raw.text == "楼主"
    (problem,) = raw.problems
    assert problem.level == "warning" and problem.path == "sources/a.txt"
    assert "编码无法确定：按 GB18030（GBK） 读作“楼主”" in problem.message
    assert "另存为“带有 BOM 的 UTF-8”" in problem.message
    # The doubt is told whichever reading is taken: here a CP949 one.
    raw = read_source("sources/b.md", "衢州市".encode("gb18030"))
    assert "按 GB18030（GBK） 则是“衢州市”" in raw.problems[0].message


def test_a_file_long_enough_has_no_doubt():
    for data in (TEXT.encode("gb18030"), TRADITIONAL.encode("big5"), TEXT.encode("utf-8")):
        assert read_source("a.txt", data).problems == ()


def test_short_legacy_texts_of_the_corpus_are_read_right_or_with_a_warning():
    # The real corpus's texts cut short at three places, in the two legacy
    # encodings: none of 12 characters or more is read wrong, and a wrong
    # reading of a shorter one always carries its warning.
    import re
    from pathlib import Path

    from fireportal.read import decode_with_doubt

    folder = Path(__file__).resolve().parent / "corpus" / "docs"
    texts = [re.sub(r"\s+", "", p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]
    wrong = []
    for encoding in ("gb18030", "big5"):
        for length in (3, 6, 12, 24):
            for text in texts:
                for start in (0, 131, 401):
                    piece = text[start : start + length]
                    try:
                        data = piece.encode(encoding)
                    except UnicodeEncodeError:
                        continue
                    try:
                        got, _, doubt = decode_with_doubt(data)
                    except ReadError:
                        continue  # refused, with the fix: never wrong
                    if got != piece and (length >= 12 or not doubt):
                        wrong.append((encoding, piece, got))
    assert wrong == []
