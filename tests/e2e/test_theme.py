"""The theme as a reader meets it: fonts, dark mode, print, phone width."""

from __future__ import annotations

import pytest
from truth import doc_slug


@pytest.fixture
def doc_url(crawled, portal) -> str:
    pages = sorted(rel for rel in crawled["crawl"].pages if doc_slug(rel))
    assert pages, "the crawl found no document page"
    return portal.url(pages[0])


def test_cjk_font_stack_and_no_web_fonts(page, portal, watch):
    page.goto(portal.url(""))
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    for name in ("PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC"):
        assert name in family, f"{name} missing from the body font stack: {family}"
    assert page.evaluate("document.documentElement.lang") == "zh"
    fonts = [u for u in watch.requests if u.split("?")[0].endswith((".woff", ".woff2", ".ttf", ".otf"))]
    assert not fonts, f"web fonts requested: {fonts}"
    assert not watch.problems(), "\n".join(watch.problems())


def test_palette_toggle_switches_to_dark_and_back(page, portal, watch):
    page.goto(portal.url(""))
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    first = page.evaluate(scheme)
    page.locator("[data-md-component=palette] label:visible").first.click()
    second = page.evaluate(scheme)
    assert {first, second} == {"default", "slate"}, (first, second)
    page.locator("[data-md-component=palette] label:visible").first.click()
    assert page.evaluate(scheme) == first
    assert not watch.problems(), "\n".join(watch.problems())


def test_print_shows_the_document_without_chrome(page, doc_url):
    page.goto(doc_url)
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-tabs"):
        hidden = page.locator(selector).evaluate_all(
            "els => els.every(e => getComputedStyle(e).display === 'none')"
        )
        assert hidden, f"{selector} is visible in print"
    assert page.locator("article h1").first.is_visible()
    meta = page.locator(".fp-meta")
    if meta.count():
        assert meta.first.is_visible(), "the metadata panel is hidden in print"
    colour = page.evaluate("getComputedStyle(document.querySelector('article')).color")
    assert colour in ("rgb(0, 0, 0)", "rgba(0, 0, 0, 1)"), f"print text colour is {colour}"


def test_phone_width_has_no_horizontal_scroll(browser, portal, doc_url, crawled):
    from conftest import Watch, watched_context

    watch = Watch()
    ctx = watched_context(browser, portal, watch, viewport={"width": 390, "height": 844})
    page = ctx.new_page()
    listings = sorted(rel for rel in crawled["crawl"].pages if rel.startswith("years/"))
    try:
        for url in [portal.url(""), doc_url] + [portal.url(r) for r in listings[:2]]:
            page.goto(url)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"{url} is {width}px wide on a 390px phone"
    finally:
        ctx.close()
    assert not watch.problems(), "\n".join(watch.problems())
