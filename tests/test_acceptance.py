"""The ingest issue's acceptance list, read back from the generated front matter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from fireportal.clean import clean
from fireportal.pipeline import ideographs, ingest_tree
from fireportal.read import read_source
from fireportal.render import plain_text, render_document
from fireportal.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def pages():
    result = ingest_tree(ROOT / "sources", root=ROOT, taxonomy=load_taxonomy(ROOT / "taxonomy.yml"))
    assert not result.problems, [p.line() for p in result.problems]
    out = {}
    for document in result.documents:
        text = render_document(document)
        _, front, body = text.split("---\n", 2)
        out.setdefault(Path(document.meta.source).name[:3], []).append(
            {"meta": yaml.safe_load(front), "body": body, "doc": document}
        )
    return out


def one(pages, key):
    assert len(pages[key]) == 1
    return pages[key][0]


def test_000_meeting(pages):
    page = one(pages, "000")
    meta = page["meta"]
    assert "盘锦市消防救援支队" in meta["title"] and "召开" in meta["title"] and "5月份办公会" in meta["title"]
    assert meta["date"] == "2022-05-06"  # 5月6日, year from the folder
    assert (meta["unit"], meta["unit_level"], meta["parent_unit"]) == ("盘锦市消防救援支队", "支队", "辽宁省消防救援总队")
    assert meta["doc_type"] == "会议"
    items = [b for b in page["doc"].blocks if b.kind == "item"]
    assert [b.marker for b in items] == [f"{n}、" for n in range(1, 13)]
    # Item 12 has no responsibility note in the source; the other eleven do.
    assert all(b.departments for b in items[:11]) and not items[11].departments
    assert items[0].departments == ("防火监督科",) and items[1].departments == ("政治部",)
    assert page["body"].count('class="fp-duty"') == 11


def test_001_notice(pages):
    meta = one(pages, "001")["meta"]
    assert meta["title"] == "辽宁省消防救援总队关于2022年第31次办公会议工作要求的通知"
    assert meta["date"] == "2022"
    assert (meta["unit"], meta["unit_level"]) == ("辽宁省消防救援总队", "总队")
    assert meta["doc_type"] == "通知"
    sections = [b for b in one(pages, "001")["doc"].blocks if b.kind == "section"]
    assert len(sections) == 6 and all(b.departments for b in sections)


def test_002_three_documents_nothing_lost_or_duplicated(pages):
    parts = pages["002"]
    assert len(parts) == 3
    raw = read_source("002", (ROOT / "sources/2020/002_6b45c9dfb0b252fa.txt").read_bytes()).text
    cleaned = clean(raw).text
    texts = [plain_text(p["doc"]) for p in parts]
    assert sum(ideographs(t) for t in texts) == ideographs(cleaned)
    # In order, each part's text continues where the previous ended.
    flat = re.sub(r"\s", "", "".join(texts))
    assert flat == re.sub(r"\s", "", cleaned)


def test_003_briefing(pages):
    page = one(pages, "003")
    meta = page["meta"]
    assert meta["title"] == "盘锦支队建立“五项约谈”机制"
    assert meta["subtitle"] == "全员发动治患攻坚"
    assert meta["date"] == "2024-02-28"
    assert meta["unit"] == "盘锦市消防救援支队"
    assert meta["doc_type"] == "简报"
    assert meta["campaigns"] == ["消防安全集中除患攻坚大整治行动"]
    headings = [line for line in page["body"].splitlines() if line.startswith("## ")]
    assert "## 四、大队组织重点单位消防安全责任人、管理人集中约谈" in headings
    paragraphs = [p.strip() for p in page["body"].split("\n\n") if p.strip()]
    assert len(paragraphs) > 10
    for paragraph in paragraphs:
        if not paragraph.startswith(("<", "#")):
            assert "\n" not in paragraph, paragraph
            assert paragraph[-1] in "。；！？”", f"paragraph broken mid-sentence: {paragraph[-20:]}"


def test_004_traditional_with_pinyin(pages):
    page = one(pages, "004")
    meta, body = page["meta"], page["body"]
    assert not re.search(r"[a-zA-Z]", body.replace('class="fp-byline"', "").replace("<p", "").replace("</p>", ""))
    assert not re.search(r"[,;:!?()]", body.split('<p class="fp-byline">')[0])
    for traditional in "隊會議專項動說":
        assert traditional not in body
    assert meta["unit"] == "曲靖市消防救援支队"
    assert "消防安全专项整治三年行动" in meta["campaigns"]
    assert meta["author"] == "卢成良"
