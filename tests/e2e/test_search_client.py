"""The search client JS in Chromium returns exactly what the Python mirror returns,
with and without the year/unit/type filters (results, totals and facet counts)."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest

from fireportal.search import ROOT, Filters, build_search_files, search
from fireportal.search.codec import parse_script
from fireportal.search.query import shard_of
from test_search_index import BROWSER_QUERIES, DW, FILTER_SAMPLE, LN, PJ, QJ, SAMPLE, YN, doc

pytestmark = pytest.mark.e2e

CHAINS = [(), (LN,), (LN, PJ), (LN, PJ, DW), (YN,), (YN, QJ)]
TYPES = ["", "会议", "通知", "简报"]
FILTERS = [
    Filters(),
    Filters(year="2024"),
    Filters(year=""),
    Filters(unit=LN),
    Filters(unit=PJ),
    Filters(unit=""),
    Filters(unit="不存在的单位"),
    Filters(type="会议"),
    Filters(type=""),
    Filters(year="2022", unit=LN, type="通知"),
]


def _corpus() -> list:
    rng = random.Random(3)
    words = ["消防", "安全", "火灾", "隐患", "约谈", "第31次", "119", "盘锦", "支队", "，", "。", " "]
    out = SAMPLE + FILTER_SAMPLE
    for i in range(60):
        chain = rng.choice(CHAINS)
        out.append(doc(f"r{i}/", "".join(rng.choice(words) for _ in range(rng.randint(5, 60))),
                       date=rng.choice([f"20{rng.randint(20, 25)}", f"2024-0{rng.randint(1, 9)}", ""]),
                       unit=chain[-1] if chain else "", units=chain, doc_type=rng.choice(TYPES)))
    return out


def _python(files, query: str, filters: Filters | None) -> dict:
    py = search(files, query, limit=100, filters=filters)
    want = {"hits": [[h.url, [list(s) for s in h.title], [[list(s) for s in m] for m in h.meta],
                      [list(s) for s in h.snippet]] for h in py.hits],
            "total": py.total, "candidates": py.candidates, "tooShort": py.too_short,
            "titleOnly": py.title_only, "facets": None}
    if py.facets is not None:
        want["facets"] = {"years": [list(x) for x in py.facets.years],
                          "units": [list(x) for x in py.facets.units],
                          "types": [list(x) for x in py.facets.types]}
        want["exact"] = py.exact
    return want


def _write_site(folder: Path, page: str) -> dict[str, str]:
    """The search files of the test corpus and an index.html holding `page`,
    under `folder`; the corpus's common bigrams (消防, 安全, ...: a dozen of
    them) in files of their own, as a large corpus's are (index.SOLO_BYTES)."""
    files = build_search_files(_corpus(), solo_bytes=800)
    for rel, content in files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    (folder / "index.html").write_text(page, encoding="utf-8")
    return files


def test_browser_client_matches_python(tmp_path, browser):
    files = _write_site(tmp_path, f'<!doctype html><meta charset="utf-8"><script src="{ROOT}search.js"></script>')
    page_file = tmp_path / "index.html"
    manifest = parse_script(files[ROOT + "manifest.js"])[2]
    assert {"消防", "安全"} <= set(manifest["solo"]) and manifest["shards"] > 1
    queries = BROWSER_QUERIES + ["火灾隐患", "安全火灾", "支队 119", "全火", "火", "标", "火，灾"]
    cases = [(q, None) for q in queries]
    cases += [(q, f) for q in ("消防", "消防安全", "安全 火灾", "火", "，。") for f in FILTERS]
    errors: list[str] = []
    page = browser.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_file.as_uri())
    for query, filters in cases:
        arg = None if filters is None else {k: getattr(filters, k) for k in ("year", "unit", "type")}
        got = page.evaluate(
            """([q, f]) => window.__fpSearch.search(q, 100, f).then(s => JSON.stringify(Object.assign({
                 hits: s.hits.map(h => [h.url, h.title, h.meta, h.snippet]),
                 total: s.total, candidates: s.candidates, tooShort: s.tooShort, titleOnly: s.titleOnly,
                 facets: s.facets}, s.facets ? {exact: s.exact} : {})))""", [query, arg])
        assert json.loads(got) == _python(files, query, filters), (query, filters)
    page.close()
    assert errors == []


# The header box as overrides/partials/header.html renders it (the hooks the
# client reads), with the client included as partials/fireportal-search.html does.
BOX_PAGE = """<!doctype html><html lang="zh"><head><meta charset="utf-8">
<script defer src="assets/fireportal-search/search.js"></script></head><body>
<input type="checkbox" id="__search">
<div data-fp-search><form><input type="text" data-fp-search-input></form>
<div data-fp-search-meta></div><ol data-fp-search-list></ol></div>
</body></html>"""

# Records, per query, whether its first result entered the list without a
# snippet (shown from a shard's head before its document file came).
EARLY_PROBE = """window.__early = {};
new MutationObserver(() => {
  const root = document.querySelector('[data-fp-search]');
  const q = root && root.getAttribute('data-fp-search-query');
  const item = root && root.querySelector('[data-fp-search-list] > li');
  if (item && !(q in window.__early)) window.__early[q] = !item.querySelector('.fp-search__snippet');
}).observe(document, {subtree: true, childList: true, attributes: true});"""


def _segments_text(segments) -> list[list]:
    return [[text, bool(marked)] for text, marked in segments]


def _open_box(browser, folder: Path, probe: str):
    """A fresh context with `probe` run before the page's scripts, the page of
    `folder` open and its search ready, and the list its script errors go to."""
    context = browser.new_context()
    context.add_init_script(probe)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((folder / "index.html").as_uri())
    page.wait_for_function("window.__fpSearch && window.__fpSearch.ready")
    return context, page, errors


def test_results_shown_before_their_files_read_exactly_as_the_final_hits(tmp_path, browser):
    """The first results may be shown from the heads in the shards, without
    snippets; once the page is complete every result has its title, fields and
    snippet exactly as the Python mirror's hits, in the same order."""
    files = _write_site(tmp_path, BOX_PAGE)
    context, page, errors = _open_box(browser, tmp_path, EARLY_PROBE)
    page.click("[data-fp-search-input]")
    early = {}
    for query in ("消防", "安全", "约谈", "火灾隐患", "消防安全", "安全 火灾", "第31次", "火"):
        page.fill("[data-fp-search-input]", "")
        page.keyboard.insert_text(query)
        page.wait_for_function(
            """q => { const r = document.querySelector('[data-fp-search]');
                      return r.getAttribute('data-fp-search-query') === q
                             && r.getAttribute('data-fp-search-state') === 'done'; }""", arg=query)
        shown = json.loads(page.evaluate("""() => JSON.stringify(Array.from(
            document.querySelectorAll('[data-fp-search-list] > li article'), a => [
              Array.from(a.children, c => c.className),
              Array.from(a.querySelectorAll('h1, .fp-search__tag, .fp-search__snippet'), p =>
                Array.from(p.childNodes, n => [n.textContent, n.nodeName === 'MARK']))]))"""))
        hits = search(files, query).hits
        assert [s[1] for s in shown] == [
            [_segments_text(h.title), *(_segments_text(m) for m in h.meta), _segments_text(h.snippet)]
            for h in hits], query
        # The snippet is the article's last part, once.
        assert all(s[0][-1] == "fp-search__snippet" and s[0].count("fp-search__snippet") == 1 for s in shown)
        early[query] = page.evaluate("q => window.__early[q]", query)
    context.close()
    assert errors == []
    # Two-character queries are shown from the heads: the path above is exercised.
    assert early["消防"] and early["安全"], early


# Records every <script src> the client inserts and when it finished loading.
SCRIPT_PROBE = """window.__scripts = [];
const loaded = new Map();
// Capturing on the document: before the client's own onload runs.
document.addEventListener('load', e => {
  if (e.target.tagName === 'SCRIPT' && loaded.has(e.target)) loaded.get(e.target).loaded = performance.now();
}, true);
new MutationObserver(records => {
  for (const r of records) for (const n of r.addedNodes) {
    if (n.tagName === 'SCRIPT' && n.src) {
      const entry = {src: n.src, asked: performance.now(), loaded: null};
      window.__scripts.push(entry);
      loaded.set(n, entry);
    }
  }
}).observe(document, {subtree: true, childList: true});"""


def test_a_first_result_that_needs_files_asks_for_the_best_one_alone(tmp_path, browser):
    """When nothing can be shown from the shards, the best candidate's file
    is asked for first and alone; the rest of the page follows once it is
    in, and the list is still the mirror's."""
    files = _write_site(tmp_path, BOX_PAGE)
    waited = []
    for query in ("火灾隐患", "安全火灾", "隐患约谈", "消防。", "约谈第31次", "支队 119"):
        py = search(files, query)
        context = browser.new_context()
        context.add_init_script(SCRIPT_PROBE + EARLY_PROBE)
        page = context.new_page()
        page.goto((tmp_path / "index.html").as_uri())
        page.wait_for_function("window.__fpSearch && window.__fpSearch.ready")
        page.click("[data-fp-search-input]")
        page.keyboard.insert_text(query)
        page.wait_for_function("() => document.querySelector('[data-fp-search]')"
                               ".getAttribute('data-fp-search-state') === 'done'")
        scripts = page.evaluate("window.__scripts")
        shown = page.evaluate("() => Array.from(document.querySelectorAll('[data-fp-search-list] > li a'), "
                              "a => a.href)")
        early = page.evaluate("q => window.__early[q]", query)
        context.close()
        assert [h.split(f"{tmp_path.as_uri()}/", 1)[1].removesuffix("index.html") for h in shown] == py.urls
        docs = [s for s in scripts if f"/{ROOT}d/" in s["src"]]
        if early is not False or len(docs) < 2:
            continue  # shown from the shards, or a single file: nothing to stage
        waited.append(query)
        first, rest = docs[0], docs[1:]
        assert first["loaded"] is not None
        assert all(s["asked"] >= first["loaded"] for s in rest), (query, docs)
    assert len(waited) >= 2, waited  # the path above is exercised


def _until(page, expression: str, arg=None, timeout: float = 15.0) -> None:
    """Polls from Python: the page's own timers are frozen by page.clock."""
    end = time.monotonic() + timeout
    while not page.evaluate(expression, arg):
        assert time.monotonic() < end, expression
        time.sleep(0.02)


SETTLED = """q => { const r = document.querySelector('[data-fp-search]');
  return r.getAttribute('data-fp-search-query') === q
         && window.__scripts.every(s => s.loaded !== null); }"""
DONE = """q => { const r = document.querySelector('[data-fp-search]');
  return r.getAttribute('data-fp-search-query') === q && r.getAttribute('data-fp-search-state') === 'done'; }"""


def _docs_asked(page) -> list[str]:
    return [s.split("?", 1)[0].rsplit(f"/{ROOT}", 1)[1]
            for s in page.evaluate("window.__scripts.map(s => s.src)") if f"/{ROOT}d/" in s]


def _listed(page, base: str) -> list[str]:
    hrefs = page.evaluate(
        "() => Array.from(document.querySelectorAll('[data-fp-search-list] > li a'), a => a.href)")
    return [h.split(f"{base}/", 1)[1].removesuffix("index.html") for h in hrefs]


# Every file the client has asked for so far is in (a held one is not asked for yet).
LOADED = "() => window.__scripts.length > 0 && window.__scripts.every(s => s.loaded !== null)"


@pytest.mark.parametrize("prefix_shard", ["first", "last"])
def test_keys_typed_in_a_row_ask_for_no_document_file_until_the_typing_stops(tmp_path, browser, prefix_shard):
    """Typed key by key, each prefix shows what the shards loaded so far can,
    but asks for no document file: only once no key has come for a while does
    the query the reader stopped at ask for its own files, whichever order
    the prefixes' shards arrive in. A word committed at once asks for them at
    once.

    The first result of 火灾隐患 (r43) shows from the shards only through a
    window of the prefix 火灾隐's bigram 灾隐, which the query does not look
    up: 隐患's shard has r43's head, but its window there is around the
    first 隐患 of the body, which 火灾 does not precede, and r43 is not among
    火灾's best documents. So whether it shows before the pause ends depends
    on whether 灾隐's shard, asked for on the third key, arrives before the
    query's own shards; from file:// it now and then arrives after them.
    "first": the last key is typed once the prefixes' shards are in, and the
    result shows from the shards. "last": 灾隐's shard is held back until the
    query's own shards are in, and nothing new shows until the pause ends."""
    files = _write_site(tmp_path, BOX_PAGE)
    manifest = parse_script(files[ROOT + "manifest.js"])[2]
    query = "火灾隐患"
    assert shard_of(manifest, "灾隐") not in {shard_of(manifest, g) for g in ("火灾", "隐患")}
    context = browser.new_context()
    context.add_init_script(SCRIPT_PROBE + HOLD_PROBE)
    page = context.new_page()
    page.clock.install()
    page.goto((tmp_path / "index.html").as_uri())
    page.wait_for_function("window.__fpSearch && window.__fpSearch.ready")
    page.click("[data-fp-search-input]")
    # Time stands still from here on: the keys come 0 ms apart, and the
    # client's waits last until the test moves the clock.
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)
    if prefix_shard == "first":
        page.keyboard.type(query[:-1])
        _until(page, LOADED)
        page.keyboard.type(query[-1])
        _until(page, SETTLED, query)
        assert _listed(page, tmp_path.as_uri()), "the shards showed no result for " + query
    else:
        page.evaluate("h => { window.__hold = h; }", f"/{ROOT}s/{shard_of(manifest, '灾隐')}.js")
        page.keyboard.type(query)
        _until(page, LOADED)
        assert page.evaluate("window.__held.length") == 1
        page.evaluate("window.__hold = null; window.__release()")
        _until(page, LOADED)
    page.clock.run_for(100)
    time.sleep(0.3)  # anything the timers set off has had real time to ask for files
    assert _docs_asked(page) == []
    page.clock.run_for(100)
    _until(page, DONE, query)
    want = search(files, query)
    assert sorted(_docs_asked(page)) == sorted(p.split(ROOT, 1)[1] for p in want.loaded if f"{ROOT}d/" in p)
    assert _listed(page, tmp_path.as_uri()) == want.urls

    page.evaluate("window.__scripts.length = 0")
    page.fill("[data-fp-search-input]", "")
    page.keyboard.insert_text("约谈第31次")
    _until(page, SETTLED, "约谈第31次")
    page.clock.run_for(1)
    _until(page, "() => window.__scripts.some(s => s.src.includes('/d/'))")
    page.clock.run_for(1)
    _until(page, DONE, "约谈第31次")
    assert _listed(page, tmp_path.as_uri()) == search(files, "约谈第31次").urls
    context.close()


# Holds back every <script> whose src holds window.__hold (set by the test):
# the file is not even asked for until the test appends it.
HOLD_PROBE = """window.__held = [];
const append = Node.prototype.appendChild;
Node.prototype.appendChild = function (node) {
  if (node.tagName === 'SCRIPT' && window.__hold && node.src.includes(window.__hold)) {
    window.__held.push([this, node]);
    return node;
  }
  return append.call(this, node);
};
window.__release = () => window.__held.splice(0).forEach(([parent, node]) => append.call(parent, node));"""


def test_a_query_with_a_missing_bigram_ends_at_the_shard_that_lacks_it(tmp_path, browser):
    """A query whose bigram is in no document has no result: it is answered
    as soon as that bigram's shard arrives, while another of its shards is
    still on its way, and reads as the mirror's. A query all of whose
    bigrams are somewhere still waits for every shard."""
    files = _write_site(tmp_path, BOX_PAGE)
    manifest = parse_script(files[ROOT + "manifest.js"])[2]
    held = f"/{ROOT}s/{manifest['solo']['消防']}.js"
    context, page, errors = _open_box(browser, tmp_path, HOLD_PROBE)
    page.evaluate("h => { window.__hold = h; }", held)
    page.click("[data-fp-search-input]")

    query = "消防量子"  # 量子 is in no document; 消防's own file is held back
    assert search(files, "量子").candidates == 0 and search(files, "消防").candidates > 0
    page.keyboard.insert_text(query)
    page.wait_for_function(DONE, arg=query, timeout=10_000)
    assert page.evaluate("window.__held.length") == 1
    meta = page.text_content("[data-fp-search-meta]")
    assert meta.startswith("没有找到") and _listed(page, tmp_path.as_uri()) == []
    page.evaluate("window.__release()")

    page.evaluate("h => { window.__hold = h; }", f"/{ROOT}s/{manifest['solo']['安全']}.js")
    page.fill("[data-fp-search-input]", "")
    query = "安全约谈"
    page.keyboard.insert_text(query)
    time.sleep(0.5)
    assert page.evaluate("window.__held.length") == 1
    assert page.get_attribute("[data-fp-search]", "data-fp-search-state") != "done"
    page.evaluate("window.__release()")
    page.wait_for_function(DONE, arg=query)
    assert _listed(page, tmp_path.as_uri()) == search(files, query).urls
    context.close()
    assert errors == []
