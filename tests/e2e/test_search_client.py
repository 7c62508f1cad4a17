"""The search client JS in Chromium returns exactly what the Python mirror returns."""

from __future__ import annotations

import json
import random

import pytest

from fireportal.search import ROOT, build_search_files, search
from test_search_index import BROWSER_QUERIES, SAMPLE, doc

pytestmark = pytest.mark.e2e


def test_browser_client_matches_python(tmp_path, browser):
    rng = random.Random(3)
    words = ["消防", "安全", "火灾", "隐患", "约谈", "第31次", "119", "盘锦", "支队", "，", "。", " "]
    corpus = SAMPLE + [doc(f"r{i}/", "".join(rng.choice(words) for _ in range(rng.randint(5, 60))),
                           date=f"20{rng.randint(10, 25)}") for i in range(60)]
    files = build_search_files(corpus)
    for rel, content in files.items():
        target = tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    page_file = tmp_path / "index.html"
    page_file.write_text(f'<!doctype html><meta charset="utf-8"><script src="{ROOT}search.js"></script>',
                         encoding="utf-8")
    queries = BROWSER_QUERIES + ["火灾隐患", "安全火灾", "支队 119", "全火", "火", "标", "火，灾"]
    errors: list[str] = []
    page = browser.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_file.as_uri())
    for query in queries:
        got = page.evaluate(
            """q => window.__fpSearch.search(q, 100).then(s => JSON.stringify({
                 hits: s.hits.map(h => [h.url, h.title, h.meta, h.snippet]),
                 total: s.total, candidates: s.candidates, tooShort: s.tooShort, titleOnly: s.titleOnly}))""", query)
        py = search(files, query, limit=100)
        want = {"hits": [[h.url, [list(s) for s in h.title], [[list(s) for s in m] for m in h.meta],
                          [list(s) for s in h.snippet]] for h in py.hits],
                "total": py.total, "candidates": py.candidates, "tooShort": py.too_short,
                "titleOnly": py.title_only}
        assert json.loads(got) == want, query
    page.close()
    assert errors == []
