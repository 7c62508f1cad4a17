"""Year, unit and campaign pages list exactly the documents the ingest produced.

Read from the pages as the browser rendered them during the crawl (so only
what a reader can reach from the home page counts), compared with
`fireportal.pipeline.ingest_tree`. A document counts once per list row
(<tr> or <li>) that links to it inside the article.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest
from truth import Doc, doc_slug, ingested, listing_base


@pytest.fixture(scope="session")
def documents(project_dir) -> list[Doc]:
    docs = ingested(project_dir)
    assert docs, "the ingest produced no document"
    return docs


def _groups(crawl, section: str) -> dict[str, dict]:
    """Listing groups under `section`/: base path -> {title, rows: Counter(slug)}."""
    groups: dict[str, dict] = defaultdict(lambda: {"title": "", "rows": Counter(), "pages": []})
    for rel, facts in crawl.pages.items():
        found = listing_base(rel)
        if found is None or not found[0].startswith(section + "/"):
            continue
        base, number = found
        group = groups[base]
        group["pages"].append(rel)
        if number == 1:
            group["title"] = facts.title
        rows = {(link.row, doc_slug(link.rel)) for link in facts.links if link.rel is not None}
        for row, slug in rows:
            if row >= 0 and slug:
                group["rows"][slug] += 1
    return groups


def _totals(groups: dict[str, dict]) -> Counter:
    total: Counter = Counter()
    for group in groups.values():
        total.update(group["rows"])
    return total


def _assert_each_listed_once(crawled, documents, section: str, expected_title) -> None:
    """Every document on exactly one page of `section`, the one titled
    expected_title(doc), and nothing listed that the ingest did not produce."""
    groups = _groups(crawled["crawl"], section)
    assert groups, f"the crawl reached no {section} page"
    totals = _totals(groups)
    wrong = {d.slug: totals[d.slug] for d in documents if totals[d.slug] != 1}
    assert not wrong, f"documents not listed exactly once across {section} pages: {wrong}"
    extra = set(totals) - {d.slug for d in documents}
    assert not extra, f"{section} pages list documents the ingest did not produce: {sorted(extra)}"
    for doc in documents:
        holders = [g["title"] for g in groups.values() if g["rows"][doc.slug]]
        expected = expected_title(doc)
        assert holders == [expected], f"{doc.slug} ({doc.source}) is listed under {holders}, not {expected}"


def test_each_document_once_across_year_pages(crawled, documents):
    _assert_each_listed_once(crawled, documents, "years",
                             lambda doc: f"{doc.year}年" if doc.year else "日期不详")


def test_each_document_once_across_unit_pages(crawled, documents):
    _assert_each_listed_once(crawled, documents, "units", lambda doc: doc.unit or "单位不详")


def test_each_document_on_each_of_its_campaign_pages(crawled, documents):
    groups = _groups(crawled["crawl"], "campaigns")
    by_title = {g["title"]: g for g in groups.values()}
    missing = []
    for doc in documents:
        for campaign in doc.campaigns:
            group = by_title.get(campaign)
            if group is None:
                missing.append(f"{doc.slug}: no page titled {campaign}")
            elif group["rows"][doc.slug] != 1:
                missing.append(f"{doc.slug}: listed {group['rows'][doc.slug]} times on {campaign}")
    assert not missing, "\n".join(missing)
    expected = {(c, d.slug) for d in documents for c in d.campaigns}
    shown = {(g["title"], slug) for g in groups.values() for slug in g["rows"]}
    assert shown <= expected, f"campaign pages list documents not in that campaign: {sorted(shown - expected)}"
