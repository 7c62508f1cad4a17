"""Every page reachable from the home page loads cleanly, offline, in both modes."""

from __future__ import annotations

import pytest
from crawling import Crawl


def _show_first(page, portal, entries: list[str]) -> None:
    """Open the page named first in a failure list so the screenshot shows it."""
    if entries:
        first = entries[0].split(": ", 1)[0].split(" -> ", 1)[0]
        if first.startswith(("http://", "file://")):
            page.goto(first)
        else:
            page.goto(portal.url("" if first == "/" else first))


def test_crawl_reaches_the_whole_site(crawled, portal):
    result: Crawl = crawled["crawl"]
    pages = set(result.pages)
    for expected in ("", "years/", "units/", "campaigns/"):
        found = [p for p in pages if p.startswith(expected)] if expected else [""]
        assert found, f"the crawl from the home page found no page under {expected!r}"
    docs = [p for p in pages if p.startswith("doc/")]
    built = {
        str(path.relative_to(portal.site_dir)).removesuffix("index.html")
        for path in (portal.site_dir / "doc").rglob("*.html")
    }
    assert docs, "the crawl found no document page under doc/"
    assert built <= pages, f"document pages no link reaches: {sorted(built - pages)}"


def test_every_internal_link_resolves(crawled, portal, page):
    result: Crawl = crawled["crawl"]
    _show_first(page, portal, result.broken)
    assert not result.broken, "broken links:\n" + "\n".join(result.broken)


def test_no_console_or_page_errors(crawled, portal, page):
    watch = crawled["watch"]
    problems = watch.console_errors + watch.page_errors
    _show_first(page, portal, problems)
    assert not problems, "\n".join(problems)


def test_no_request_leaves_the_site(crawled, portal):
    watch = crawled["watch"]
    assert watch.requests, "the crawl recorded no request at all"
    assert not watch.outside_requests, (
        f"requests outside {portal.root}:\n" + "\n".join(sorted(set(watch.outside_requests)))
    )


def test_404_page_is_chinese(portal, page, watch):
    if portal.mode == "file":
        pytest.skip("a file:// site has no server to answer a missing page with 404.html")
    response = page.goto(portal.url("no/such/page/"))
    assert response is not None and response.status == 404
    assert page.locator("h1").first.inner_text() == "页面未找到"
    page.locator(".fp-404 button", has_text="搜索文件").click()
    assert page.evaluate("document.getElementById('__search').checked"), "搜索文件 did not open the search"
    page.keyboard.press("Escape")
    home = page.locator(".fp-404 a", has_text="返回首页")
    assert home.count() == 1
    home.click()
    page.wait_for_load_state("load")
    assert page.url in (portal.root, portal.root + "index.html")
    # The browser logs the 404 status itself; anything else is a real problem.
    problems = [p for p in watch.problems() if "status of 404" not in p]
    assert not problems, "\n".join(problems)
