"""fireportal.site.build_pages on hand-made documents: no mkdocs, no sources."""

from __future__ import annotations

import posixpath
import random
import re
from dataclasses import dataclass
from typing import ClassVar

import html as htmlmod

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fireportal.model import Document, Metadata, TitleBlock
from fireportal.site import build_pages, originals
from fireportal.site.markup import text
from fireportal.site.tree import build_unit_tree
from fireportal.taxonomy import load_taxonomy

LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")


def doc(slug, date="", unit="", title="", campaigns=(), source=None, part=1, parts=1, **meta):
    return Document(
        slug=slug,
        part=part,
        parts=parts,
        meta=Metadata(
            title=title or f"文件{slug}",
            date=date,
            unit=unit,
            campaigns=tuple(campaigns),
            source=source if source is not None else f"sources/{slug}.txt",
            **meta,
        ),
        origins={},
        head=TitleBlock(),
        blocks=(),
    )


def fake_render(d: Document) -> str:
    # Stands in for fireportal.render.render_document: front matter + H1 + body.
    return f"---\ntitle: {d.meta.title!r}\n---\n\n# {text(d.meta.title)}\n\n正文。\n\n## 一、情况\n\n内容。\n"


CORPUS = (
    doc(
        "pj-2022-05",
        "2022-05-06",
        "盘锦市消防救援支队",
        "5月份办公会",
        ["消防安全专项整治3年行动"],
        doc_type="会议",
        departments=("防火监督科",),
        author="张三",
        doc_number="辽消〔2022〕8号",
    ),
    doc(
        "pj-2024-02",
        "2024-02-28",
        "盘锦市消防救援支队",
        "五项约谈",
        ["除患攻坚大整治行动"],
        doc_type="简报",
    ),
    doc("ln-2022", "2022", "辽宁省消防救援总队", "关于第31次办公会议的通知", doc_type="通知"),
    doc(
        "qj-2020-04", "2020-04-17", "曲靖市消防救援支队", "动员部署会", ["消防安全专项整治三年行动"]
    ),
    doc("xlt-2020", "2020", "兴隆台区消防救援大队", "大队总结"),
    doc("nodate", "", "", "无日期无单位"),
    doc(
        "evil",
        "2024-03-01",
        "盘锦市消防救援支队",
        '<script>alert("x")</script> *强调* [链接](http://e.com) | 表格 {{ jinja }}',
    ),
)


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(None)


@pytest.fixture(scope="module")
def pages(taxonomy):
    return build_pages(CORPUS, taxonomy, per_page=2, render=fake_render)


def doc_links(page_path: str, markdown_text: str) -> list[str]:
    """Slugs of documents linked from a page, resolved against its folder."""
    out = []
    for match in LINK.finditer(markdown_text):
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), match["target"]))
        if target.startswith("doc/") and target.endswith(".md"):
            out.append(target[len("doc/") : -len(".md")])
    return out


def listed(pages: dict[str, str], folder: str) -> list[str]:
    """Document slugs linked from every listing page in a folder but its index."""
    slugs = []
    for path, body in pages.items():
        if path.startswith(folder + "/") and path != f"{folder}/index.md":
            slugs += doc_links(path, body)
    return slugs


def test_every_document_once_across_year_pages(pages):
    assert sorted(listed(pages, "years")) == sorted(d.slug for d in CORPUS)


def test_every_document_once_across_unit_pages(pages):
    assert sorted(listed(pages, "units")) == sorted(d.slug for d in CORPUS)


def test_undated_and_unitless_are_listed_not_dropped(pages):
    assert "nodate" in listed(
        {k: v for k, v in pages.items() if k.startswith("years/undated")}, "years"
    )
    assert "nodate" in listed(
        {k: v for k, v in pages.items() if k.startswith("units/unknown")}, "units"
    )
    assert "日期不详" in pages["years/index.md"]


def test_year_only_dates_go_under_unknown_month(pages):
    body = pages["years/2020.md"]
    assert body.index("## 4月") < body.index("## 月份不详")
    assert "xlt-2020" in body.split("## 月份不详")[1]


def test_months_newest_first(pages):
    body = pages["years/2024.md"]
    assert body.index("## 3月") < body.index("## 2月")


def test_counts_roll_up(taxonomy):
    tree = build_unit_tree(CORPUS, taxonomy)
    national = tree.units["国家消防救援局"]
    with_unit = [d for d in CORPUS if d.meta.unit]
    assert national.total == len(with_unit)
    for entry in tree.units.values():
        assert entry.total == len(entry.documents) + sum(
            tree.units[c].total for c in entry.children
        )
    assert tree.units["盘锦市消防救援支队"].total == 4  # 3 own + 兴隆台区大队's 1
    assert [d.slug for d in tree.unknown] == ["nodate"]


def test_unit_pages_link_parent_and_children(pages, taxonomy):
    tree = build_unit_tree(CORPUS, taxonomy)
    pj = tree.units["盘锦市消防救援支队"]
    body = pages[f"units/{pj.code}.md"]
    assert f"({tree.units[pj.parent].code}.md)" in body
    assert f"({tree.units['兴隆台区消防救援大队'].code}.md)" in body


def test_pagination_splits_at_per_page(taxonomy):
    many = [doc(f"d{i:02}", f"2023-0{1 + i % 9}-01", "盘锦市消防救援支队") for i in range(7)]
    out = build_pages(many, taxonomy, per_page=3, render=fake_render)
    year = [p for p in out if p.startswith("years/2023")]
    assert year == ["years/2023-2.md", "years/2023-3.md", "years/2023.md"]
    for path in year:
        assert 1 <= len(doc_links(path, out[path])) <= 3
    assert "第 2 / 3 页" in out["years/2023-2.md"]
    assert "years/2023-4.md" not in out
    unit = [p for p in out if p.startswith("units/") and p != "units/index.md"]
    assert sum(len(doc_links(p, out[p])) for p in unit) == 7


def test_paths_and_links_are_ascii_and_resolve(pages):
    # feed.xml is written by the mkdocs plugin, about.md and guide.md are hand-written in docs/
    targets = set(pages) | set(originals(CORPUS)) | {"feed.xml", "about.md", "guide.md"}
    for path, body in pages.items():
        assert path.isascii(), path
        for match in LINK.finditer(body):
            target = match["target"]
            assert target.isascii(), (path, target)
            if "://" in target:
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            assert resolved in targets, f"{path} links to missing {resolved}"


def test_every_document_has_a_page_with_panel(pages):
    for d in CORPUS:
        body = pages[f"doc/{d.slug}.md"]
        assert '<dl class="fp-meta" markdown>' in body
        assert "[下载原文](../originals/" in body
    panel = pages["doc/pj-2022-05.md"]
    labels = re.findall(r"<dt>(.*?)</dt>", panel)
    assert labels == ["发布机构", "文号", "成文日期", "主题分类", "专项行动", "责任部门", "作者", "原文"]
    assert '<dd markdown="span">辽消〔2022〕8号</dd>' in panel
    assert '<p class="fp-info__title">信息公开</p>' in panel
    # A document without 文号 has no empty row for it.
    assert "<dt>文号</dt>" not in pages["doc/pj-2024-02.md"]
    # The panel sits under the H1 so the outline (TOC) still starts with it.
    assert panel.index("# 5月份办公会") < panel.index("fp-meta") < panel.index("## 一、情况")


def test_html_and_markdown_in_titles_stay_literal(pages):
    extensions = ["toc", "attr_list", "md_in_html", "admonition", "tables"]
    for path, body in pages.items():
        if path.startswith("doc/"):
            continue  # the body comes from render_document, which tests/test_hardening.py checks with hostile text
        html = markdown.markdown(body.split("---\n", 2)[2], extensions=extensions)
        assert "<script>" not in html, path
        assert "<em>强调</em>" not in html, path
        assert 'href="http://e.com"' not in html, path
    home = markdown.markdown(pages["index.md"].split("---\n", 2)[2], extensions=extensions)
    shown = htmlmod.unescape(home)
    assert "<script>" in shown and "*强调*" in shown and "{{ jinja }}" in shown


def test_prev_next_stay_within_unit_and_year(pages):
    assert doc_links("doc/pj-2024-02.md", pages["doc/pj-2024-02.md"].split("下一篇：")[1]) == ["evil"]
    assert doc_links("doc/evil.md", pages["doc/evil.md"].split("上一篇：")[1]) == ["pj-2024-02"]
    for slug in ("pj-2022-05", "ln-2022", "qj-2020-04", "xlt-2020", "nodate"):
        assert "fp-prevnext" not in pages[f"doc/{slug}.md"], slug


def test_deterministic_whatever_the_input_order(taxonomy):
    shuffled = list(CORPUS)
    random.Random(4).shuffle(shuffled)
    assert build_pages(shuffled, taxonomy, per_page=2, render=fake_render) == build_pages(
        CORPUS, taxonomy, per_page=2, render=fake_render
    )


def test_nav_pages_exist(pages):
    for path in ("index.md", "years/index.md", "units/index.md", "campaigns/index.md"):
        assert path in pages


def test_campaign_page_has_description_units_and_timeline(pages, taxonomy):
    campaign = taxonomy.campaign("消防安全专项整治三年行动")
    body = pages[f"campaigns/{campaign.code}.md"]
    assert "专项整治三年行动" in body and "## 参与单位" in body and "### 2022年" in body
    # Two aliases of one campaign are one campaign.
    assert sorted(doc_links(f"campaigns/{campaign.code}.md", body)) == ["pj-2022-05", "qj-2020-04"]


def test_originals_one_per_source_and_never_a_page():
    parts = [
        doc("multi", source="sources/a/b.TXT", part=1, parts=2),
        doc("multi-2", source="sources/a/b.TXT", part=2, parts=2),
        doc("cur", source="sources/c.md"),
        doc("odd", source="sources/x.文档"),
    ]
    assert originals(parts) == {
        "originals/multi.txt": "sources/a/b.TXT",
        "originals/cur.md.txt": "sources/c.md",
        "originals/odd.bin": "sources/x.文档",
    }


def test_duplicate_slugs_are_refused(taxonomy):
    with pytest.raises(ValueError, match="同一网址"):
        build_pages([doc("a"), doc("a", source="sources/other.txt")], taxonomy, render=fake_render)


@dataclass(frozen=True)
class FakeUnit:
    name: str
    level: str
    parent: str
    code: str
    aliases: tuple = ()
    known: bool = False


class LoopTaxonomy:
    """A's parent is B and B's parent is A; C and D derive the same code."""

    table: ClassVar[dict] = {
        "甲支队": FakeUnit("甲支队", "支队", "乙总队", "jia"),
        "乙总队": FakeUnit("乙总队", "总队", "甲支队", "yi"),
        "丙大队": FakeUnit("丙大队", "大队", "", "same"),
        "丁大队": FakeUnit("丁大队", "大队", "", "same"),
    }

    def unit(self, name):
        return self.table.get(name, FakeUnit(name, "", "", "other"))

    def campaign(self, name):
        raise AssertionError("no campaigns here")


def test_parent_loops_and_code_clashes_do_not_lose_documents():
    docs = [
        doc("a", unit="甲支队"),
        doc("b", unit="乙总队"),
        doc("c", unit="丙大队"),
        doc("d", unit="丁大队"),
    ]
    out = build_pages(docs, LoopTaxonomy(), render=fake_render)
    assert sorted(listed(out, "units")) == ["a", "b", "c", "d"]
    same = sorted(p for p in out if p.startswith("units/same"))
    assert len(same) == 2 and "units/same.md" not in same


def test_campaign_index_is_paginated(taxonomy):
    docs = [doc(f"c{i}", "2023-01-01", campaigns=[f"“第{i}号某某”专项行动"]) for i in range(5)]
    out = build_pages(docs, taxonomy, per_page=2, render=fake_render)
    assert {"campaigns/index.md", "campaigns/index-2.md", "campaigns/index-3.md"} <= set(out)
    assert "campaigns/index-4.md" not in out


def test_pager_does_not_grow_with_the_number_of_pages():
    from fireportal.site.listing import pager

    small, large = pager("years/2024", 50, 100), pager("years/2024", 50, 10_000)
    assert "[1](2024.md)" in large and "[10000](2024-10000.md)" in large
    assert abs(len(large) - len(small)) < 40


# --------------------------------------------------------------- issue 10: portal pieces


def test_breadcrumbs_and_tabs_on_generated_pages(pages):
    import yaml

    def front(path):
        return yaml.safe_load(pages[path].split("---\n", 2)[1]) or {}

    doc_page = pages["doc/pj-2024-02.md"]
    crumbs = re.search(r'<nav class="fp-crumbs"[^>]*>(.*?)</nav>', doc_page, re.S).group(1)
    assert re.findall(r"\[(.*?)\]", crumbs) == ["首页", "按年份", "2024年"]
    assert crumbs.strip().splitlines()[-1] == "- 五项约谈"
    assert doc_page.index("fp-crumbs") < doc_page.index("\n# 五项约谈")
    assert front("doc/pj-2024-02.md")["fp_tab"] == "years/index.md"
    assert front("doc/pj-2024-02.md")["fp_page"] == "document"
    # A unit's breadcrumb walks up its hierarchy.
    (panjin,) = [p for p in pages if p.startswith("units/") and "\n# 盘锦市消防救援支队\n" in pages[p]]
    assert "[辽宁省消防救援总队]" in pages[panjin].split("</nav>")[0]
    for path in pages:
        if path == "index.md":
            continue
        assert "fp-crumbs" in pages[path], path
        section = path.split("/")[0]
        if section in ("years", "units", "campaigns", "doc"):
            tab = {"doc": "years"}.get(section, section) + "/index.md"
            assert front(path)["fp_tab"] == tab, path


def test_side_lists_are_escaped_and_bounded(pages):
    import yaml

    for path, page in pages.items():
        meta = yaml.safe_load(page.split("---\n", 2)[1]) or {}
        for group in meta.get("fp_side", []):
            assert len(group["links"]) <= 40, path
            for entry in group["links"]:
                assert not re.search(r"[\"'<>&]", entry["label"]), (path, entry)
                assert entry["path"].endswith(".md")


def test_evil_title_stays_literal_in_breadcrumb(pages):
    page = pages["doc/evil.md"]
    crumbs = page[page.index('<nav class="fp-crumbs"') : page.index("</nav>")]
    assert "<script>" not in crumbs and "&#60;script&#62;" in crumbs


def test_site_map_page(pages):
    page = pages["sitemap.md"]
    for target in ("years/index.md", "units/index.md", "campaigns/index.md", "about.md"):
        assert f"]({target})" in page, target
    assert '<a href="feed.xml"' in page
    assert "(years/2022.md)" in page


def test_atom_feed_is_relative_escaped_and_bounded():
    import xml.etree.ElementTree as ET

    from fireportal.site import atom_feed

    docs = [doc(f"d{i:03}", f"2023-01-{i % 28 + 1:02}", "盘锦市消防救援支队") for i in range(60)]
    docs.append(CORPUS[-1])  # the evil title
    urls = {d.slug: f"doc/{d.slug}/" for d in docs}
    feed = atom_feed(docs, urls, site_name="门户")
    root = ET.fromstring(feed)
    atom = "{http://www.w3.org/2005/Atom}"
    entries = root.findall(f"{atom}entry")
    assert len(entries) == 50
    assert entries[0].find(f"{atom}title").text == CORPUS[-1].meta.title  # newest, literal
    assert "<script>" not in feed
    for entry in entries:
        href = entry.find(f"{atom}link").get("href")
        assert href.startswith("doc/") and "://" not in href
    assert atom_feed(docs, urls, site_name="门户") == feed  # deterministic


def test_undated_page_says_one_thing(taxonomy):
    dated = build_pages([d for d in CORPUS if d.meta.date], taxonomy, render=fake_render)
    undated = dated["years/undated.md"]
    assert "本页暂无文件" in undated and "无法从正文确定日期" not in undated
    with_undated = build_pages(CORPUS, taxonomy, render=fake_render)["years/undated.md"]
    assert "无法从正文确定日期" in with_undated and "本页暂无文件" not in with_undated


def test_shape_found_campaigns_sharing_a_slogan_are_one_page():
    from fireportal.site.campaigns import resolve_campaigns

    def doc(slug, campaign):
        meta = Metadata(title=slug, date="2024-01-01", campaigns=(campaign,), source=f"sources/{slug}.txt")
        return Document(slug=slug, part=1, parts=1, meta=meta, origins={}, head=TitleBlock(), blocks=())

    long_name = "“防风险保平安迎大庆”消防安全执法检查专项行动"
    resolved = resolve_campaigns([doc("a", long_name), doc("b", "“防风险保平安迎大庆”行动")], load_taxonomy())
    assert set(resolved.values()) == {resolved[long_name]} and resolved[long_name][0] == long_name


_SEGMENT = st.sampled_from(["doc", "years", "units", "a", "b", "2024", "x.md", "index.md", "originals"])
_PATH = st.lists(_SEGMENT, min_size=1, max_size=4).map("/".join)


@settings(max_examples=400, deadline=None)
@given(_PATH, _PATH)
def test_link_agrees_with_posixpath_relpath(from_page, to_path):
    from fireportal.site.paths import link

    assert link(from_page, to_path) == posixpath.relpath(to_path, posixpath.dirname(from_page) or ".")


def test_a_district_two_cities_have_is_a_unit_under_each_city(taxonomy):
    # 永定区 is a district of 张家界 and of 龙岩: each city's brigade is its
    # own unit under its own 支队; one whose text did not say which is under neither.
    docs = [doc("zjj", "2020-12-14", "张家界市永定区消防救援大队"), doc("ly", "2021-03-01", "龙岩市永定区消防救援大队"),
            doc("yd", "2021-04-01", "永定区消防救援大队")]
    tree = build_unit_tree(docs, taxonomy)
    assert tree.units["张家界市永定区消防救援大队"].parent == "张家界市消防救援支队"
    assert tree.units["龙岩市永定区消防救援大队"].parent == "龙岩市消防救援支队"
    assert tree.units["永定区消防救援大队"].parent == ""
    assert len({tree.units[n].code for n in ("张家界市永定区消防救援大队", "龙岩市永定区消防救援大队",
                                             "永定区消防救援大队")}) == 3
