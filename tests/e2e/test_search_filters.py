"""Filtering search results by year, unit and type, in the built site, by keyboard.

Over http:// and from file://. What the panel must show is computed from the
site's own index files with the Python mirror (fireportal.search.search), so
the tests also hold for another project's sources (FIREPORTAL_E2E_PROJECT).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fireportal.search import ROOT, Filters, search
from fireportal.search.codec import parse_script

BOX = "[data-fp-search-input]"
TOGGLE = "[data-fp-search-filter-toggle]"
PANEL = "[data-fp-search-filters]"
LINKS = "[data-fp-search-list] a.md-search-result__link"
QUERY = "消防"  # a two-character word: exact counts, and in every sample document
NARROW = 360


@pytest.fixture(scope="session")
def files(site_dir: Path) -> dict[str, str]:
    """The built index, as the mirror reads it."""
    root = site_dir / ROOT
    return {f"{ROOT}{p.relative_to(root).as_posix()}": p.read_text(encoding="utf-8")
            for p in root.rglob("*.js") if p.name != "search.js"}


@pytest.fixture(scope="session")
def facets(files) -> dict:
    return parse_script(files[ROOT + "facets.js"])[2]


@pytest.fixture(scope="session")
def parent_unit(files, facets) -> str:
    """A unit whose results include documents of a unit under it."""
    units = facets["units"]
    table = search(files, QUERY, limit=1000, filters=Filters())
    if not table.hits:
        pytest.skip(f"no document contains {QUERY!r}")
    shown = {name for name, _, _ in table.facets.units}
    for i, name in enumerate(units["names"]):
        kids = [units["names"][j] for j, p in enumerate(units["parents"]) if p == i]
        if name in shown and any(k in shown for k in kids):
            return name
    pytest.skip("no unit with documents under it in this site")


def wait_done(page, text: str = "") -> str:
    """Wait until the list shows the final result (and the summary holds `text`)."""
    page.wait_for_function(
        """t => { const r = document.querySelector('[data-fp-search]');
                  const m = document.querySelector('[data-fp-search-meta]');
                  const box = document.querySelector('[data-fp-search-input]');
                  return r.getAttribute('data-fp-search-state') === 'done' && m.textContent.includes(t)
                    && r.getAttribute('data-fp-search-query') === box.value; }""",
        arg=text, timeout=15_000,
    )
    return page.locator("[data-fp-search-meta]").inner_text()


def type_query(page, portal, query: str = QUERY) -> None:
    """Open the search with its keyboard shortcut and type, no mouse."""
    page.goto(portal.url(""))
    page.keyboard.press("/")
    page.keyboard.type(query, delay=30)
    wait_done(page)


def shown_urls(page, portal) -> list[str]:
    return [portal.rel(h) for h in page.locator(LINKS).evaluate_all("as => as.map(a => a.href)")]


def focused(page) -> str:
    return page.evaluate("""() => { const a = document.activeElement;
                                    return a.id || a.getAttribute('data-fp-search-filter-toggle') !== null
                                      && 'toggle' || a.tagName; }""")


def choose_by_keyboard(page, select_id: str, value: str) -> None:
    """Move a focused <select> to the option for `value` with the arrow keys."""
    assert focused(page) == select_id
    options = page.locator(f"#{select_id} option").evaluate_all("os => os.map(o => o.value)")
    target = options.index("=" + value if value else "none")
    current = options.index(page.locator(f"#{select_id}").input_value())
    key = "ArrowDown" if target > current else "ArrowUp"
    for _ in range(abs(target - current)):
        page.keyboard.press(key)


def test_filters_by_keyboard_only(page, portal, watch, files, parent_unit):
    type_query(page, portal)
    assert page.evaluate("document.getElementById('__search').checked")
    page.keyboard.press("Tab")
    assert focused(page) == "toggle"
    assert page.locator(TOGGLE).get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert page.locator(TOGGLE).get_attribute("aria-expanded") == "true"
    assert page.locator(PANEL).is_visible()
    wait_done(page)

    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past 年份 to 单位
    choose_by_keyboard(page, "__fp-search-unit", parent_unit)
    meta = wait_done(page, f"已筛选：{parent_unit}")
    want = search(files, QUERY, limit=10, filters=Filters(unit=parent_unit))
    assert shown_urls(page, portal) == want.urls, meta
    assert f"共 {want.total} 篇" in meta
    # The unit's own name is not all that is listed: units under it count too.
    assert {h.unit for h in want.hits} - {parent_unit}, "no result from a unit under it"

    # The year list offers only years that the unit has for this query.
    years = page.locator("#__fp-search-year option").evaluate_all("os => os.map(o => o.value)")
    assert years[1:] == ["=" + y if y else "none" for y, _ in want.facets.years]

    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked"), "Esc left the search open"
    assert not page.evaluate("document.querySelector('[data-fp-search]').contains(document.activeElement)")
    assert not watch.problems(), "\n".join(watch.problems())


def test_space_opens_the_panel_and_clear_resets(page, portal, files, facets):
    type_query(page, portal)
    page.keyboard.press("Tab")
    page.keyboard.press(" ")
    assert page.locator(TOGGLE).get_attribute("aria-expanded") == "true"
    wait_done(page)
    year = search(files, QUERY, limit=1, filters=Filters()).facets.years[-1][0]
    page.keyboard.press("Tab")
    choose_by_keyboard(page, "__fp-search-year", year)
    wait_done(page, "已筛选：")
    want = search(files, QUERY, limit=10, filters=Filters(year=year))
    assert shown_urls(page, portal) == want.urls
    assert page.locator(TOGGLE).inner_text().startswith("筛选（已选 1 项）")
    for _ in range(3):  # 单位, 类型, 清除筛选
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.hasAttribute('data-fp-search-filter-clear')")
    page.keyboard.press("Enter")
    wait_done(page)
    assert "已筛选" not in page.locator("[data-fp-search-meta]").inner_text()
    assert shown_urls(page, portal) == search(files, QUERY, limit=10).urls
    # Closing the panel keeps the search open; a second Space opens it again.
    for _ in range(4):
        page.keyboard.press("Shift+Tab")
    assert focused(page) == "toggle"
    page.keyboard.press(" ")
    assert page.locator(TOGGLE).get_attribute("aria-expanded") == "false"
    assert not page.locator(PANEL).is_visible()


def test_tab_out_of_the_search_closes_it(page, portal):
    type_query(page, portal)
    page.keyboard.press("Shift+Tab")
    page.wait_for_timeout(100)
    assert not page.evaluate("document.getElementById('__search').checked"), "search still open after Shift+Tab"


def test_results_are_reachable_with_tab_and_arrows(page, portal, files):
    type_query(page, portal)
    urls = search(files, QUERY, limit=10).urls
    page.keyboard.press("Tab")  # 筛选
    page.keyboard.press("Tab")  # first result (the panel is closed)
    assert portal.rel(page.evaluate("document.activeElement.href")) == urls[0]
    page.keyboard.press("ArrowDown")
    if len(urls) > 1:
        assert portal.rel(page.evaluate("document.activeElement.href")) == urls[1]


def test_a_plain_query_does_not_load_the_filter_data(page, portal, watch):
    type_query(page, portal)
    assert not [u for u in watch.requests if "facets.js" in u]
    page.locator(TOGGLE).click()
    wait_done(page)
    page.wait_for_function("document.querySelectorAll('#__fp-search-year option').length > 1")
    assert [u for u in watch.requests if "facets.js" in u]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_open_filters_fit_a_360px_phone(browser, portal, scheme):
    from conftest import Watch, wait_settled, watched_context

    watch = Watch()
    ctx = watched_context(browser, portal, watch, viewport={"width": NARROW, "height": 740}, color_scheme=scheme)
    try:
        page = ctx.new_page()
        page.goto(portal.url(""))
        page.locator("label.md-header__button[for=__search]:visible").first.click()
        page.locator(BOX).press_sequentially(QUERY, delay=30)
        wait_done(page)
        page.locator(TOGGLE).click()
        page.wait_for_function("document.querySelectorAll('#__fp-search-unit option').length > 1")
        assert page.locator(PANEL).is_visible()
        wait_settled(page)
        wide = page.evaluate(
            """() => [document.documentElement.scrollWidth,
                      ...Array.from(document.querySelectorAll('[data-fp-search] select, [data-fp-search] button'))
                        .filter(e => e.offsetParent).map(e => Math.ceil(e.getBoundingClientRect().right))]""")
        if max(wide) > NARROW:
            # Name what sticks out, so a failure says where to look.
            out = page.evaluate(
                """n => Array.from(document.querySelectorAll('body *'))
                      .filter(e => e.getBoundingClientRect().right > n)
                      .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' +
                        Math.ceil(e.getBoundingClientRect().right))""", NARROW)
            pytest.fail(f"wider than {NARROW}px with the filters open: {wide}; sticking out: {out}")
        box = page.locator(".md-search__scrollwrap")
        assert box.evaluate("e => e.scrollWidth <= e.clientWidth"), "the results box scrolls sideways"
    finally:
        ctx.close()
    assert not watch.problems(), "\n".join(watch.problems())
