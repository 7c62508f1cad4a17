"""The header search finds the expected documents, typed as a reader types.

Queries and expectations come from tests/e2e/search_queries.yml (kept by the
search helper):

    - query: 安全
      expect: [sources/2022/000_c2bcaf24751ad1bb.txt]

For each expected source file, at least one document made from it must be
among the first five results (a source split into several documents counts
when any of its parts is there). Sources are mapped to document slugs with
`fireportal.pipeline.ingest_tree`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from truth import doc_slug, ingested

QUERIES = Path(__file__).with_name("search_queries.yml")
INPUT = "[data-fp-search-input], .md-search__input"
RESULTS = ".md-search-result__list .md-search-result__item a.md-search-result__link"
META = "[data-fp-search-meta], .md-search-result__meta"
DONE = re.compile(r"共|最多|没有找到")


def _cases() -> list[dict]:
    if not QUERIES.is_file():
        return []
    return yaml.safe_load(QUERIES.read_text(encoding="utf-8")) or []


CASES = _cases()


@pytest.fixture(scope="session")
def slugs_by_source(project_dir) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for doc in ingested(project_dir):
        out.setdefault(doc.source, set()).add(doc.slug)
    return out


def search(page, portal, query: str) -> list[str]:
    """Type `query` into the header search box; the slugs of the first five hits."""
    page.goto(portal.url(""))
    box = page.locator(INPUT).first
    box.click()
    box.press_sequentially(query, delay=30)
    # The list must be the final one for the whole query: typed slowly (a
    # loaded machine), the first characters are searched on their own first.
    page.wait_for_function(
        """([meta, pattern, query]) => {
             const node = document.querySelector(meta);
             const root = document.querySelector('[data-fp-search]');
             const final = !root || (root.getAttribute('data-fp-search-state') === 'done'
                                     && root.getAttribute('data-fp-search-query') === query);
             return final && node && new RegExp(pattern).test(node.textContent);
           }""",
        arg=[META, DONE.pattern, query],
        timeout=15_000,
    )
    hrefs = page.locator(RESULTS).evaluate_all("links => links.map(a => a.href)")
    return [doc_slug(portal.rel(href)) or href for href in hrefs[:5]]


@pytest.mark.skipif(not CASES, reason=f"no search queries in {QUERIES.name} yet")
@pytest.mark.parametrize("case", CASES, ids=[c["query"] for c in CASES])
def test_query_finds_expected_documents(case, page, portal, watch, slugs_by_source):
    top = search(page, portal, case["query"])
    missing = []
    for source in case["expect"]:
        wanted = slugs_by_source.get(source)
        assert wanted, f"{source} (expected for {case['query']!r}) produced no document"
        if not wanted & set(top):
            missing.append(f"{source} {sorted(wanted)}")
    assert not missing, f"{case['query']!r}: top 5 {top} lacks " + "; ".join(missing)
    assert not watch.problems(), "\n".join(watch.problems())


def test_search_result_opens_its_document(page, portal, watch):
    """Clicking a hit loads the document page, also from file://."""
    if not CASES:
        pytest.skip(f"no search queries in {QUERIES.name} yet")
    top = search(page, portal, CASES[0]["query"])
    assert top, f"no result for {CASES[0]['query']!r}"
    page.locator(RESULTS).first.click()
    page.wait_for_load_state("load")
    assert doc_slug(portal.rel(page.url)) == top[0]
    assert page.locator("article h1").count() >= 1
    assert not watch.problems(), "\n".join(watch.problems())


def test_phone_search_icon_opens_the_search(browser, portal):
    """On a phone the box hides behind the header's search icon; tapping it opens the search."""
    from conftest import Watch, watched_context

    watch = Watch()
    ctx = watched_context(browser, portal, watch, viewport={"width": 390, "height": 844})
    try:
        page = ctx.new_page()
        page.goto(portal.url(""))
        page.locator("label.md-header__button[for=__search]:visible").first.click()
        page.wait_for_timeout(300)
        assert page.evaluate("document.getElementById('__search').checked"), "search closed"
        assert page.locator(INPUT).first.is_visible()
    finally:
        ctx.close()
