"""What a reader of a government information portal expects (issue 10), in
the browser, over http:// and from file://.

Pages are picked from the built site itself (the sample sources have a
document under 2024, a unit with a parent and a campaign), so the tests
also run against another project's sources (FIREPORTAL_E2E_PROJECT).
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest

NARROW = 360


def rel_of(portal, path: Path) -> str:
    return path.relative_to(portal.site_dir).as_posix()


def pages_of(portal, folder: str) -> list[str]:
    found = sorted(portal.site_dir.glob(f"{folder}/*.html")) + sorted(portal.site_dir.glob(f"{folder}/*/index.html"))
    return [rel_of(portal, p) for p in found if p.name != "index.html" or p.parent.name != folder]


@pytest.fixture
def doc_rel(portal) -> str:
    docs = pages_of(portal, "doc")
    assert docs, "the build has no document page"
    # The newest-looking one: sample 2024-… has a campaign and a 简报 masthead.
    return sorted(docs)[-1]


@pytest.fixture
def unit_rel(portal) -> str:
    """A unit page with a parent unit (its breadcrumb has three levels)."""
    for rel in pages_of(portal, "units"):
        html = (portal.site_dir / rel).read_text(encoding="utf-8")
        if "上级单位：" in html and "unknown" not in rel:
            return rel
    pytest.skip("no unit with a parent unit in these sources")


def crumbs(page) -> list[str]:
    return page.locator("article .fp-crumbs li").evaluate_all("els => els.map(e => e.textContent.trim())")


def active_tab(page) -> str:
    return page.locator(".md-tabs__item--active").first.inner_text().strip()


# ------------------------------------------------------------------ 1. English left over


def test_heading_links_say_chinese(page, portal, doc_rel, watch):
    page.goto(portal.url(doc_rel))
    titles = page.locator("a.headerlink").evaluate_all("els => els.map(e => e.title)")
    assert titles and set(titles) == {"本段链接"}, titles
    assert "Permanent link" not in page.content()
    assert not watch.problems(), "\n".join(watch.problems())


def test_undated_page_does_not_contradict_itself(page, portal):
    page.goto(portal.url("years/undated.html"))
    text = page.locator("article").inner_text()
    assert not ("无法从正文确定日期" in text and "都已确定日期" in text), text


# ------------------------------------------------------------------ 2. footer identity


def test_footer_shows_the_configured_identity(page, portal, watch):
    page.goto(portal.url(""))
    footer = page.locator(".md-footer .fp-footer")
    text = footer.inner_text()
    for label in ("主办单位：", "联系电话：", "电子邮箱：", "网站标识码："):
        assert label in text, f"{label} missing from the footer: {text}"
    assert "ICP备" in text and "公网安备" in text
    links = footer.locator("a").evaluate_all("els => els.map(a => a.textContent.trim())")
    assert {"网站地图", "订阅更新（Atom）", "关于本站"} <= set(links), links
    assert not watch.problems(), "\n".join(watch.problems())


def test_about_page_points_at_the_contact_line(page, portal):
    page.goto(portal.url("about.html"))
    link = page.locator("article a[href='#fp-contact']")
    assert link.count() == 1, "the about page has no link to the footer's contact line"
    assert page.locator("#fp-contact").count() == 1
    assert "联系电话" in page.locator("#fp-contact").inner_text()


# ------------------------------------------------------------------ 3. navigation


def test_document_breadcrumb_tab_and_left_column(page, portal, doc_rel, watch):
    page.goto(portal.url(doc_rel))
    trail = crumbs(page)
    h1 = page.locator("article h1").first.evaluate("h => h.firstChild.textContent.trim()")
    assert trail[:2] == ["首页", "按年份"] and re.fullmatch(r"\d{4}年|日期不详", trail[2]), trail
    assert trail[-1] == h1
    assert active_tab(page) == "按年份"
    side = page.locator(".md-sidebar--primary .fp-side").first
    assert side.is_visible(), "the left column is empty on a document page"
    assert side.locator("a").count() >= 2  # year and unit
    # Every breadcrumb link leads to a page of the site.
    page.locator("article .fp-crumbs a").nth(2).click()
    page.wait_for_load_state("load")
    assert page.locator("article h1").first.inner_text().strip().startswith(trail[2])
    assert not watch.problems(), "\n".join(watch.problems())


def test_unit_breadcrumb_walks_the_hierarchy(page, portal, unit_rel):
    page.goto(portal.url(unit_rel))
    trail = crumbs(page)
    assert trail[:2] == ["首页", "按单位"] and len(trail) >= 4, trail
    assert active_tab(page) == "按单位"
    assert page.locator(".md-sidebar--primary .fp-side a[aria-current=page]").count() == 1


def test_listing_pages_highlight_their_tab(page, portal):
    for folder, tab in (("years", "按年份"), ("campaigns", "按专项行动"), ("units", "按单位")):
        listed = pages_of(portal, folder)
        assert listed, folder
        page.goto(portal.url(listed[0]))
        assert active_tab(page) == tab, listed[0]
        assert crumbs(page)[:2] == ["首页", tab]
        assert page.locator(".md-sidebar--primary .fp-side").first.is_visible(), listed[0]


# ------------------------------------------------------------------ 4. 信息公开 panel


def test_information_panel_and_head_meta(page, portal, doc_rel):
    page.goto(portal.url(doc_rel))
    assert page.locator(".fp-info__title").inner_text().strip() == "信息公开"
    labels = page.locator(".fp-meta dt").evaluate_all("els => els.map(e => e.textContent.trim())")
    for label in ("发布机构", "成文日期", "原文"):
        assert label in labels, labels
    assert "日期" not in labels
    if "发布日期" in labels:  # from git history (first commit of the source), never the build date
        published = page.locator(".fp-meta dt:text-is('发布日期') + dd").inner_text().strip()
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", published), published
    assert page.locator(".fp-meta dt:text-is('发布机构') + dd a").count() == 1
    # The original downloads as the file it is (no charset guessed by a server).
    assert page.locator(".fp-meta dt:text-is('原文') + dd a[download]").count() == 1
    meta = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('meta[name]')]
                 .map(m => [m.name, m.content]))"""
    )
    h1 = page.locator("article h1").first.evaluate("h => h.firstChild.textContent.trim()")
    assert meta.get("ArticleTitle") == h1
    assert re.fullmatch(r"\d{4}(-\d\d){0,2}", meta.get("PubDate", "")), meta
    assert meta.get("ContentSource") and meta.get("ColumnName"), meta


# ------------------------------------------------------------------ 5. phones


def test_no_page_overflows_a_360px_phone(browser, portal, crawled):
    from conftest import Watch, watched_context

    watch = Watch()
    ctx = watched_context(browser, portal, watch, viewport={"width": NARROW, "height": 740})
    page = ctx.new_page()
    rels = sorted(r for r in crawled["crawl"].pages if r == "" or r.endswith((".html", "/")))
    wide = []
    try:
        # 404.html is what a web server answers for a missing page (its links
        # are root-absolute, so it only works served).
        for rel in rels + (["no-such-page.html"] if portal.mode == "http" else []):
            page.goto(portal.url(rel))
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > NARROW:
                wide.append(f"{rel or 'home'}: {width}px")
    finally:
        ctx.close()
    assert not wide, "pages wider than a 360px phone: " + ", ".join(wide)
    # The 404 page's own status is logged as a console error by Chromium.
    problems = [p for p in watch.problems() if "no-such-page.html" not in p or "status of 404" not in p]
    assert not problems, "\n".join(problems)


def test_listing_rows_stack_on_a_phone(browser, portal):
    from conftest import Watch, watched_context

    ctx = watched_context(browser, portal, Watch(), viewport={"width": NARROW, "height": 740})
    page = ctx.new_page()
    try:
        page.goto(portal.url(pages_of(portal, "years")[0]))
        row = page.locator(".fp-list tbody tr").first
        cells = row.locator("td")
        assert cells.count() == 4
        for i in range(4):
            box = cells.nth(i).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= NARROW, (i, box)
        assert page.locator(".fp-list thead").first.evaluate("e => e.getBoundingClientRect().height") <= 1
    finally:
        ctx.close()


def test_document_outline_is_in_the_phone_menu(browser, portal, doc_rel):
    from conftest import Watch, watched_context

    ctx = watched_context(browser, portal, Watch(), viewport={"width": 390, "height": 844})
    page = ctx.new_page()
    try:
        page.goto(portal.url(doc_rel))
        outline = page.locator(".md-sidebar--primary .fp-outline")
        assert outline.count() == 1, "no outline in the menu"
        page.locator("label.md-header__button[for=__drawer]").first.click()
        page.wait_for_timeout(400)
        first = outline.locator("a").first
        assert first.is_visible(), "the outline is not visible in the opened menu"
        target = first.get_attribute("href")
        first.click()
        page.wait_for_timeout(300)
        assert urllib.parse.unquote(page.url).endswith(target), (page.url, target)
    finally:
        ctx.close()


# ------------------------------------------------------------------ 6. tools, site map, feed


def test_font_size_control_persists(page, portal, doc_rel, watch):
    page.goto(portal.url(doc_rel))
    size = "() => parseFloat(getComputedStyle(document.querySelector('article.md-typeset')).fontSize)"
    base = page.evaluate(size)
    page.locator("button[data-fp-step='1']").click()
    page.locator("button[data-fp-step='1']").click()
    bigger = page.evaluate(size)
    assert bigger > base * 1.15, (base, bigger)
    page.goto(portal.url(""))  # another page: the size holds
    assert page.evaluate(size) > base * 1.15
    page.locator("button[data-fp-step='0']").click()
    assert page.evaluate(size) == base
    page.locator("button[data-fp-step='-1']").click()
    assert page.evaluate(size) < base
    page.reload()
    assert page.evaluate(size) < base
    assert not watch.problems(), "\n".join(watch.problems())


def test_print_button_prints(page, portal, doc_rel):
    page.goto(portal.url(doc_rel))
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.locator("button[data-fp-print]").click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    assert not page.locator(".fp-tools").is_visible()


def test_site_map_page_lists_every_section(page, portal, watch):
    page.goto(portal.url(""))
    page.locator(".fp-footer a", has_text="网站地图").click()
    page.wait_for_load_state("load")
    assert page.locator("article h1").first.inner_text().startswith("网站地图")
    links = page.locator("article a").evaluate_all("els => els.map(a => a.textContent.trim())")
    for name in ("首页", "按年份浏览", "按单位浏览", "按专项行动浏览", "关于本站"):
        assert name in links, links
    assert not watch.problems(), "\n".join(watch.problems())


def test_atom_feed_is_linked_and_lists_documents(page, portal):
    import xml.etree.ElementTree as ET

    page.goto(portal.url(""))
    head = page.locator("head link[rel~=alternate][type='application/atom+xml']")
    assert head.count() == 1
    body = page.locator("article a[href$='feed.xml']")
    assert body.count() >= 1, "the home page does not link the feed"
    feed_url = head.evaluate("l => l.href")
    assert portal.is_inside(feed_url)
    feed = portal.file_for(feed_url)
    root = ET.parse(feed).getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    entries = root.findall(f"{atom}entry")
    assert 0 < len(entries) <= 50
    for entry in entries:
        href = entry.find(f"{atom}link").get("href")
        assert "://" not in href and not href.startswith("/"), href  # relative: works offline
        assert portal.file_for(portal.root + href).is_file(), href


# ------------------------------------------------------------------ 7. search


def _search(page, portal, query: str) -> str:
    page.goto(portal.url(""))
    box = page.locator("[data-fp-search-input]").first
    box.click()
    box.press_sequentially(query, delay=30)
    page.wait_for_function(
        "() => document.querySelector('[data-fp-search]').getAttribute('data-fp-search-state') === 'done'"
        " && document.querySelector('[data-fp-search]').getAttribute('data-fp-search-query') === "
        + repr(query),
        timeout=15_000,
    )
    return page.locator("[data-fp-search-meta]").inner_text()


def test_snippets_come_from_the_body_only(page, portal, watch):
    _search(page, portal, "约谈")
    snippets = page.locator(".fp-search__snippet").evaluate_all("els => els.map(e => e.textContent)")
    assert snippets
    for snippet in snippets:
        for furniture in ("工作简报", "专刊（", "全员发动治患攻坚"):
            assert furniture not in snippet, snippet
    assert not watch.problems(), "\n".join(watch.problems())


def test_one_character_searches_titles_and_says_so(page, portal):
    meta = _search(page, portal, "会")
    assert "单字只检索标题" in meta, meta
    titles = page.locator(".fp-search__title").evaluate_all("els => els.map(e => e.textContent)")
    assert titles and all("会" in t for t in titles), titles
