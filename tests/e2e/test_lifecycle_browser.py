"""A unit's own feed and previous/next within a unit and year, in the browser,
over http:// and from file:// (the built sample site, see conftest)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from test_portal import pages_of

ATOM = "{http://www.w3.org/2005/Atom}"


def _panel(page) -> dict[str, str]:
    """信息公开 as label → text."""
    labels = page.locator(".fp-meta dt").all_inner_texts()
    values = page.locator(".fp-meta dd").all_inner_texts()
    return dict(zip(labels, values))


def test_unit_page_links_a_feed_of_its_own(page, portal, watch):
    for rel in pages_of(portal, "units"):
        page.goto(portal.url(rel))
        feeds = page.locator("head link[rel~=alternate][type='application/atom+xml']")
        if feeds.count() < 2:
            continue  # a unit with no documents of its own has no feed
        href = feeds.nth(1).evaluate("l => l.href")
        assert portal.is_inside(href) and "/feeds/units/" in href, href
        feed = portal.file_for(href)
        root = ET.parse(feed).getroot()
        entries = root.findall(f"{ATOM}entry")
        assert entries, feed
        for entry in entries:
            link = entry.find(f"{ATOM}link").get("href")
            assert "://" not in link and not link.startswith("/"), link
            # Relative to the feed's own address, as a feed reader resolves it.
            target = portal.file_for(href.rsplit("/", 1)[0] + "/" + link)
            assert target.resolve().is_file(), link
        assert not watch.problems(), "\n".join(watch.problems())
        return
    pytest.fail("no unit page links a feed of its own")


def test_next_document_is_of_the_same_unit_and_year(page, portal, watch):
    for rel in pages_of(portal, "doc"):
        page.goto(portal.url(rel))
        after = page.locator(".fp-prevnext p", has_text="下一篇：").locator("a")
        if after.count() == 0:
            continue
        here = _panel(page)
        title = after.first.inner_text()
        after.first.click()
        page.wait_for_load_state()
        there = _panel(page)
        assert page.locator("article h1").first.inner_text().startswith(title)
        assert there["发布机构"] == here["发布机构"]
        assert there["成文日期"][:4] == here["成文日期"][:4]
        back = page.locator(".fp-prevnext p", has_text="上一篇：").locator("a")
        assert back.count() == 1
        assert not watch.problems(), "\n".join(watch.problems())
        return
    pytest.fail("no document page has a 下一篇 link")
