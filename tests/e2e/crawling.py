"""Crawl the built portal in a real browser, page by page, from the home page."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from dataclasses import dataclass, field

# Run in each page: every link with its resolved URL, every element id, and
# for links inside the article, the list row or table row holding them.
_PAGE_FACTS = """
() => {
  const article = document.querySelector("article.md-content__inner") || document.body;
  const rows = new Map();
  const links = [...document.querySelectorAll("a[href]")].map(a => {
    const raw = a.getAttribute("href");
    let row = -1;
    if (article.contains(a)) {
      const holder = a.closest("tr, li") || a;
      if (!rows.has(holder)) rows.set(holder, rows.size);
      row = rows.get(holder);
    }
    let section = "";
    if (article.contains(a)) {
      const marked = a.closest("[data-fp-list], [class*='fp-list']");
      if (marked) section = marked.getAttribute("data-fp-list") || marked.className;
    }
    return {raw, url: a.href, row, section, text: a.textContent.trim()};
  });
  const ids = [...document.querySelectorAll("[id]")].map(e => e.id)
    .concat([...document.querySelectorAll("a[name]")].map(e => e.name));
  let title = document.title;
  const h1 = document.querySelector("article h1");
  if (h1) {
    const copy = h1.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach(e => e.remove());
    title = copy.textContent.trim();
  }
  return {links, ids, title};
}
"""

PAGE_SUFFIXES = (".html", "/")


@dataclass
class Link:
    raw: str  # the href as written
    url: str  # resolved by the browser
    row: int  # index of its <tr>/<li> in the article, -1 outside the article
    section: str
    text: str
    rel: str | None = None  # site-relative target without fragment; None if outside


@dataclass
class PageFacts:
    rel: str
    title: str
    links: list[Link]
    ids: set[str]


@dataclass
class Crawl:
    pages: dict[str, PageFacts] = field(default_factory=dict)  # rel -> facts
    files: set[str] = field(default_factory=set)  # non-HTML targets that resolved
    broken: list[str] = field(default_factory=list)  # "from-page -> href: reason"


def is_page(rel: str) -> bool:
    return rel == "" or rel.endswith(PAGE_SUFFIXES)


def _http_status(url: str) -> int:
    request = urllib.request.Request(url, method="HEAD")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback only
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def crawl(page, portal) -> Crawl:
    """Visit every page reachable from the home page through <a href> in the site."""
    result = Crawl()
    queue = deque([portal.url("")])
    seen = {portal.rel(queue[0])}
    fragments: list[tuple[str, str, str]] = []  # (from, target rel, fragment)

    while queue:
        url = queue.popleft()
        rel = portal.rel(url)
        response = page.goto(url, wait_until="load")
        if portal.mode == "http" and (response is None or response.status != 200):
            status = response.status if response else "no response"
            result.broken.append(f"{rel or '/'}: status {status}")
            continue
        facts = page.evaluate(_PAGE_FACTS)
        links = [Link(**link) for link in facts["links"]]
        for link in links:
            if portal.is_inside(link.url):
                link.rel = portal.rel(link.url)
        result.pages[rel] = PageFacts(
            rel=rel, title=facts["title"], links=links, ids=set(facts["ids"])
        )
        for link in links:
            if not portal.is_inside(link.url):
                continue
            target, fragment = link.url.split("#", 1) if "#" in link.url else (link.url, "")
            target_rel = portal.rel(target)
            if fragment:
                fragments.append((rel, target_rel, fragment))
            if target_rel in seen:
                continue
            seen.add(target_rel)
            if portal.mode == "file":
                path = portal.file_for(target)
                if not path.is_file():
                    result.broken.append(f"{rel or '/'} -> {link.raw}: no file {path}")
                    continue
            if is_page(target_rel):
                queue.append(target)
            else:
                if portal.mode == "http":
                    status = _http_status(target)
                    if status != 200:
                        result.broken.append(f"{rel or '/'} -> {link.raw}: status {status}")
                        continue
                result.files.add(target_rel)

    for source, target_rel, fragment in fragments:
        facts = result.pages.get(target_rel)
        if facts is None:
            continue  # not a page, or already reported broken
        name = urllib.parse.unquote(fragment)
        if name and name not in facts.ids:
            result.broken.append(f"{source or '/'} -> {target_rel}#{name}: no such anchor")
    return result
