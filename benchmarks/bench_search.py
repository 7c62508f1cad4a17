"""Size and speed of the portal's search index against mkdocs-material's.

Usage:  .venv/bin/python benchmarks/bench_search.py [--sizes 2000 10000] [--material-max 10000]

Builds a synthetic corpus from the sentences of the five sample sources (with
varied units, dates and numbers; seeded, so every run sees the same corpus),
then prints, per corpus size: total bytes of our index, the largest shard,
the bytes a browser downloads for typical queries (the shards and the
per-document files opened for the first page of results; the manifest comes
with search.js), the same with the
filter panel open (facets.js added; no filter, a unit filter, and year + unit
+ type), and the size of the single search_index.json that mkdocs-material's
own search plugin writes for the same pages (by building them with
`plugins: [search]`).

Browser mode (3.5-4.5 min at 10,000 on the shared 2-core machine, of which
60-90 s build the files):

    .venv/bin/python benchmarks/bench_search.py --browser [--n 10000] [--repeat R] [--profile] [--typing commit]
        [--keep DIR | --site DIR]

Writes the search files for N documents of the same corpus and a minimal page
that loads the real client as the portal does (partials/fireportal-search.html:
search.css + a deferred search.js, and header.html's search box markup), then
in headless Debian Chromium (shutil.which("chromium"), never a downloaded
one), over http (a local http.server in a process of its own) and from file://, types each of
BROWSER_QUERIES into the box and measures, inside the page: ms from the last
keystroke's input event to the first result element in the list, to that
result's snippet (a result may be shown from its shard's head before its
document file brings the snippet), and to the complete first page (a MutationObserver and performance.now(), so
Playwright's round trips are not counted), and the bytes of the search files
the page asked for (file sizes of every <script src> inserted, the same over
http and file://; http.server does not compress). "cold": a fresh browser
context (empty cache) and page, the box clicked, the query typed; "next": the
same page, box cleared, the next query of the list typed. Each query is typed
two ways (see TYPING). Prints median and max per column, per query which
search files had loaded before its first result showed (its shards alone, or
document files too: a figure the machine's load does not change), and, with
--profile, when each query's shards and documents were asked for, answered
(over http: the end of each response) and run.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import multiprocessing
import multiprocessing.connection
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

from fireportal.search import ROOT, Filters, SearchDoc, build_search_files, search  # noqa: E402

SEED = 20240228
QUERIES = (
    "消防安全", "火灾隐患", "盘锦支队", "第31次", "119", "办公会", "约谈",
    "专项整治三年行动", "防火监督科", "贾鹏", "安全", "5月份办公会",
)
CITIES = (
    "盘锦", "大连", "沈阳", "鞍山", "抚顺", "本溪", "丹东", "锦州", "营口", "阜新",
    "辽阳", "铁岭", "朝阳", "葫芦岛", "曲靖", "昆明", "玉溪", "保山", "昭通", "丽江",
)
LEVELS = ("市消防救援支队", "经济区消防救援大队", "县消防救援大队")
CAMPAIGNS = (
    "消防安全集中除患攻坚大整治行动", "消防安全专项整治三年行动", "冬春火灾防控",
    "打通生命通道集中攻坚行动", "消防安全大检查", "",
)
KINDS = ("办公会", "工作简报", "工作总结", "工作计划", "通知", "动员部署会")
# For the filters; derived from the draws above (no extra random draws, so the
# corpus, and every unfiltered number, is the same as before the filters).
PROVINCES = ("辽宁省消防救援总队",) * 10 + ("云南省消防救援总队",) * 10  # per CITIES entry
KIND_TYPE = {"办公会": "会议", "工作简报": "简报", "工作总结": "总结", "工作计划": "计划",
             "通知": "通知", "动员部署会": "会议"}
FILTERED = {
    "panel open, no filter": Filters(),
    "unit 辽宁省消防救援总队": Filters(unit="辽宁省消防救援总队"),
    "2024 + 盘锦市消防救援支队 + 会议": Filters(year="2024", unit="盘锦市消防救援支队", type="会议"),
}
PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")
DIGITS = re.compile(r"\d+")


def sample_sentences() -> list[str]:
    import opencc  # a project dependency; the site shows 004 in simplified Chinese

    t2s = opencc.OpenCC("t2s")
    out: list[str] = []
    for path in sorted((REPO / "sources").rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        text = t2s.convert(PINYIN.sub("", text)).replace(",,", "，")
        out.extend(s.strip() for s in SENTENCE.findall(text) if len(s.strip()) >= 8)
    return out


def corpus(n: int, sentences: list[str]) -> list[SearchDoc]:
    rng = random.Random(SEED)
    docs = []
    for i in range(n):
        city = rng.choice(CITIES)
        unit = city + rng.choice(LEVELS)
        year = rng.randint(2018, 2025)
        month = rng.randint(1, 12)
        date = f"{year}-{month:02d}-{rng.randint(1, 28):02d}"
        kind = rng.choice(KINDS)
        title = f"{unit}{month}月份{kind}（第{rng.randint(1, 60)}次）"
        body = []
        for _ in range(rng.randint(12, 40)):
            s = rng.choice(sentences)
            s = DIGITS.sub(lambda m: str(rng.randint(1, 120)), s)
            body.append(s.replace("盘锦", city))
        paragraphs = ["".join(body[j : j + 4]) for j in range(0, len(body), 4)]
        campaign = rng.choice(CAMPAIGNS)
        city_unit = city + LEVELS[0]
        units = (PROVINCES[CITIES.index(city)], city_unit) + ((unit,) if unit != city_unit else ())
        docs.append(
            SearchDoc(
                url=f"doc/{year}-{i:05d}/",
                title=title,
                date=date,
                unit=unit,
                campaigns=(campaign,) if campaign else (),
                text="\n\n".join(paragraphs),
                extra=(city + ("支队" if "支队" in unit else "大队"), kind),
                units=units,
                doc_type=KIND_TYPE[kind],
            )
        )
    return docs


def material_index_bytes(docs: list[SearchDoc], timeout: float) -> tuple[int | None, float]:
    """Build the pages with mkdocs-material and its search plugin; return the
    size of search/search_index.json and the build time."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "docs" / "d").mkdir(parents=True)
        (root / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
        for i, doc in enumerate(docs):
            page = f"# {doc.title}\n\n{doc.date} {doc.unit}\n\n{doc.text}\n"
            (root / "docs" / "d" / f"{i}.md").write_text(page, encoding="utf-8")
        # Pages stay out of the nav so the build is linear, as in the portal.
        (root / "mkdocs.yml").write_text(
            "site_name: bench\ntheme:\n  name: material\n  language: zh\n"
            "plugins:\n  - search\nnav:\n  - index.md\n"
            "validation:\n  nav:\n    omitted_files: ignore\n",
            encoding="utf-8",
        )
        start = time.perf_counter()
        try:
            subprocess.run(
                [str(Path(sys.executable).parent / "mkdocs"), "build", "-q"],
                cwd=root, check=True, timeout=timeout, capture_output=True,
                env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
            )
        except subprocess.TimeoutExpired:
            return None, time.perf_counter() - start
        elapsed = time.perf_counter() - start
        return (root / "site" / "search" / "search_index.json").stat().st_size, elapsed


def kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB" if n < 1024 * 1024 * 10 else f"{n / 1024 / 1024:,.1f} MB"


def measure(n: int, sentences: list[str], material: bool, timeout: float) -> dict:
    docs = corpus(n, sentences)
    start = time.perf_counter()
    files = build_search_files(docs)
    build_s = time.perf_counter() - start
    sizes = {path: len(content.encode()) for path, content in files.items()}
    shards = [s for p, s in sizes.items() if p.startswith(ROOT + "s/")]
    texts = [s for p, s in sizes.items() if p.startswith(ROOT + "d/")]
    client = sizes[ROOT + "search.js"] + sizes[ROOT + "search.css"]
    per_query = {}
    for q in QUERIES:
        result = search(files, q)
        per_query[q] = (sum(sizes[p] for p in result.loaded), len(result.loaded), result.total)
    filtered = {}
    for name, f in FILTERED.items():
        filtered[name] = [sum(sizes[p] for p in search(files, q, filters=f).loaded) for q in QUERIES]
    mat_bytes, mat_s = material_index_bytes(docs, timeout) if material else (None, 0.0)
    return {
        "n": n,
        "total": sum(sizes.values()),
        "postings": sum(shards),
        "texts": sum(texts),
        "shards": len(shards),
        "largest_shard": max(shards),
        "client": client,
        "per_query": per_query,
        "median_query": statistics.median(v[0] for v in per_query.values()),
        "max_query": max(v[0] for v in per_query.values()),
        "facets": sizes[ROOT + "facets.js"],
        "filtered": filtered,
        "build_s": build_s,
        "material": mat_bytes,
        "material_s": mat_s,
    }


# ------------------------------------------------------------------ browser

# The typical queries: frequent words, a numbered meeting, a campaign
# word, a unit name, a 2- and a 4+-character query, and one without a result.
BROWSER_QUERIES = (
    "消防", "安全", "第31次", "除患攻坚", "盘锦市消防救援支队", "约谈", "专项整治三年行动",
    "火灾隐患", "5月份办公会", "量子纠缠",
)
CLIENT = ("search.js", "search.css")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--no-first-run"]

# The box as overrides/partials/header.html renders it (the hooks search.js
# reads), with the client included as partials/fireportal-search.html does.
PAGE = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>search bench</title>
<link rel="stylesheet" href="assets/fireportal-search/search.css">
<script defer src="assets/fireportal-search/search.js"></script>
</head><body>
<input class="md-toggle" type="checkbox" id="__search">
<div class="md-search" data-fp-search role="dialog" aria-label="搜索">
  <div class="md-search__inner" role="search">
    <form class="md-search__form" name="fp-search">
      <input type="text" class="md-search__input" name="query" autocomplete="off" data-fp-search-input required>
    </form>
    <div class="md-search__output"><div class="md-search__scrollwrap"><div class="md-search-result" data-fp-search-result>
      <div class="fp-search__bar">
        <div class="md-search-result__meta" data-fp-search-meta role="status">键入以开始搜索</div>
        <button type="button" class="fp-search__toggle" data-fp-search-filter-toggle hidden>筛选</button>
      </div>
      <div class="fp-search__filters" data-fp-search-filters hidden>
        <select data-fp-search-filter="year"><option value="">全部年份</option></select>
        <select data-fp-search-filter="unit"><option value="">全部单位</option></select>
        <select data-fp-search-filter="type"><option value="">全部类型</option></select>
        <button type="button" data-fp-search-filter-clear disabled>清除筛选</button>
        <p data-fp-search-filter-hint></p>
      </div>
      <ol class="md-search-result__list" data-fp-search-list></ol>
    </div></div></div>
  </div>
</div>
</body></html>
"""

# Runs in the page before any of its scripts. Records, with performance.now():
# every input event (the keystrokes), every <script src> the client inserts
# and when it finished loading, and, per query (the box's value the list is
# shown for), when its first result element entered the list and when the
# list was complete (state "done"), with the summary line.
PROBE = """
(() => {
  const b = window.__bench = {inputs: [], scripts: [], loads: {}, first: {}, snippet: {}, done: {}};
  document.addEventListener('input', e => b.inputs.push([performance.now(), e.target.value]), true);
  document.addEventListener('load', e => {
    if (e.target.tagName === 'SCRIPT' && e.target.src) b.loads[e.target.src] = performance.now();
  }, true);
  new MutationObserver(records => {
    const t = performance.now();
    for (const r of records) for (const n of r.addedNodes) {
      if (n.tagName === 'SCRIPT' && n.src) b.scripts.push([t, n.src]);
    }
    const root = document.querySelector('[data-fp-search]');
    if (!root) return;
    const q = root.getAttribute('data-fp-search-query');
    const item = root.querySelector('[data-fp-search-list] > li.md-search-result__item:not(.fp-search__more-item)');
    if (item && !(q in b.first)) b.first[q] = t;
    if (item && item.querySelector('.fp-search__snippet') && !(q in b.snippet)) b.snippet[q] = t;
    if (root.getAttribute('data-fp-search-state') !== 'done' || q in b.done) return;
    b.done[q] = {t: t, hit: !!item, meta: root.querySelector('[data-fp-search-meta]').textContent};
  }).observe(document, {subtree: true, childList: true, attributes: true});
})();
"""


def write_site(files: dict[str, str], out: Path) -> None:
    for rel, content in files.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode())
    (out / "index.html").write_text(PAGE, encoding="utf-8")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as any real server
    # http.server sends the headers and the body in two writes; with Nagle's
    # algorithm on, the body then waits for the browser's delayed ACK of the
    # headers, 40 ms on Linux, on every request of a reused connection (44 ms
    # per document file, against 0.3 ms without). Static servers set
    # TCP_NODELAY (nginx's tcp_nodelay is on by default), so this one does too.
    disable_nagle_algorithm = True

    def log_message(self, *args) -> None:
        pass


def _serve_forever(root: str, port: multiprocessing.connection.Connection) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=root))
    port.send(server.server_address[1])
    server.serve_forever()


def serve(root: Path) -> tuple[multiprocessing.Process, int]:
    """The folder over http on 127.0.0.1, from a process of its own, and its port.

    Not a thread of this process: that one also drives Playwright, and on a
    busy machine the two took turns at the interpreter lock, so the server
    answered all of a query's files 20-70 ms late at once, which a static
    server (a process of its own) does not do.
    """
    receive, send = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.Process(target=_serve_forever, args=(str(root), send), daemon=True)
    process.start()
    if not receive.poll(30):
        process.kill()
        raise RuntimeError("the benchmark's http server did not start")
    return process, receive.recv()


def _rel(url: str, base: str) -> str:
    return url.split("?", 1)[0][len(base):] if url.startswith(base) else url


def _query_figures(bench: dict, query: str, since: float, base: str, sizes: dict[str, int]) -> dict:
    """ms from the last keystroke to the first result, and bytes of the files
    inserted since `since` (the start of this query's typing, or page load)."""
    last_input = max(t for t, value in bench["inputs"] if value == query)
    done = bench["done"][query]
    asked = [(t, src) for t, src in bench["scripts"] if t >= since]
    urls = list(dict.fromkeys(src for t, src in asked))
    # The client itself (search.js, search.css) is counted apart.
    urls = [u for u in urls if _rel(u, base).rsplit("/", 1)[-1] not in CLIENT]
    rels = [_rel(u, base) for u in urls]
    first = bench["first"].get(query, done["t"])
    # Independent of the machine's load: what the first result waited for.
    before = [r for u, r in zip(urls, rels, strict=True) if bench["loads"].get(u, first + 1) <= first]
    return {
        "query": query,
        # To the first result; with no result, to the "not found" line.
        "ms": first - last_input,
        "complete_ms": done["t"] - last_input,
        # To the first result's snippet (the same as ms when it came with the result).
        "snippet_ms": bench["snippet"].get(query, done["t"]) - last_input,
        "hit": done["hit"],
        "meta": done["meta"],
        "bytes": sum(sizes.get(r, 0) for r in rels),
        "files": len(rels),
        "docs": sum(r.startswith(ROOT + "d/") for r in rels),
        "shards": sum(r.startswith(ROOT + "s/") for r in rels),
        # The files loaded before the first result showed: its shards alone,
        # or document files too (the document round).
        "first_docs": sum(r.startswith(ROOT + "d/") for r in before),
        "first_files": len(before),
        "first_bytes": sum(sizes.get(r, 0) for r in before),
        # Typed key by key: the document files asked for before the last key,
        # for prefixes the reader typed on from (none when committed at once).
        "prefix_docs": len({src for t, src in asked
                            if t < last_input and _rel(src, base).startswith(ROOT + "d/")}),
        # Where the time went: when the shards and documents were asked for and loaded.
        "phases": _phases(bench, urls, rels, last_input),
        "last_input": last_input,
        "done": done["t"],
    }


def _phases(bench: dict, urls: list[str], rels: list[str], since: float) -> str:
    """'shards asked +a answered +r..s loaded +b..c, docs ...' (ms after
    `since`). answered: the last byte of each file's response (Resource
    Timing; over http only, file:// has none): before it the wait is the
    network or the server, after it the page's own turn to run the file
    (a script's load event fires right after it has run)."""
    asked = {src: t for t, src in reversed(bench["scripts"])}
    answered = {name: end for name, end in bench.get("timing", ()) if end}
    out = []
    for label, prefix in (("shards", ROOT + "s/"), ("docs", ROOT + "d/")):
        mine = [u for u, r in zip(urls, rels, strict=True) if r.startswith(prefix) and asked.get(u, 0) >= since]
        if not mine:
            continue
        a = min(asked[u] for u in mine) - since
        loaded = [bench["loads"][u] - since for u in mine if u in bench["loads"]]
        ends = [answered[u] - since for u in mine if u in answered]
        response = f" answered +{min(ends):.0f}..{max(ends):.0f}" if ends else ""
        out.append(f"{label} asked +{a:.0f}{response} loaded +{min(loaded, default=0):.0f}..{max(loaded, default=0):.0f}")
    return ", ".join(out)


# How the query reaches the box. "commit": in one input event, as a Chinese
# IME commits a word (keyboard.insert_text); "keys": one input event per
# character, back to back (keyboard.type), as fast typing of digits or pinyin
# without an IME; every prefix is then searched on its way, and its downloads
# are counted.
TYPING = ("commit", "keys")


def _type(page, query: str, typing: str) -> dict:
    if typing == "commit":
        page.keyboard.insert_text(query)
    else:
        page.keyboard.type(query)
    page.wait_for_function("q => q in window.__bench.done", arg=query, timeout=30_000)
    # With when each file's response ended (http only), for --profile.
    return page.evaluate("Object.assign({timing: performance.getEntriesByType('resource')"
                         ".map(e => [e.name, e.responseEnd])}, window.__bench)")


def browser_run(browser, base_url: str, sizes: dict[str, int], typing: str) -> list[dict]:
    """Per query of BROWSER_QUERIES: a cold measurement, and a next-query one
    (the following query typed on the same page after the box was cleared):
    [{"cold": figures of query i, "next": figures of query i + 1}]."""
    rows = []
    for i, query in enumerate(BROWSER_QUERIES):
        following = BROWSER_QUERIES[(i + 1) % len(BROWSER_QUERIES)]
        context = browser.new_context()  # an empty cache
        context.add_init_script(PROBE)
        page = context.new_page()
        page.goto(base_url + "index.html")
        page.wait_for_function("window.__fpSearch && window.__fpSearch.ready")
        page.click("[data-fp-search-input]")  # as a reader does: the box, then the keys
        cold = _query_figures(_type(page, query, typing), query, 0.0, base_url, sizes)
        page.fill("[data-fp-search-input]", "")
        page.wait_for_function(
            "document.querySelector('[data-fp-search]').getAttribute('data-fp-search-state') === 'idle'")
        since = page.evaluate("performance.now()")
        nxt = _query_figures(_type(page, following, typing), following, since, base_url, sizes)
        rows.append({"cold": cold, "next": nxt})
        context.close()
    return rows


def measure_browser(site: Path, sizes: dict[str, int], typings: tuple[str, ...] = TYPING,
                    repeat: int = 1) -> dict:
    """{(http|file, typing): [rows of browser_run] * repeat} for the site
    written by write_site; the repeats are interleaved."""
    import shutil

    from playwright.sync_api import sync_playwright

    server, port = serve(site)
    targets = {"http": f"http://127.0.0.1:{port}/", "file": site.resolve().as_uri() + "/"}
    results: dict = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            try:
                for _ in range(repeat):
                    for typing in typings:
                        for name, base_url in targets.items():
                            runs = results.setdefault((name, typing), [])
                            runs.append(browser_run(browser, base_url, sizes, typing))
            finally:
                browser.close()
    finally:
        server.kill()
        server.join()
    return results


def _ms_cell(values: list[float]) -> str:
    return f"{statistics.median(values):,.0f} / {max(values):,.0f}"


def _kb_cell(values: list[int]) -> str:
    return f"{statistics.median(values) / 1024:,.0f} / {max(values) / 1024:,.0f}"


def _per_query(runs: list[list[dict]]) -> list[tuple[list[dict], list[dict]]]:
    """Per query of BROWSER_QUERIES: (its cold figures, its next figures), one per repeat."""
    count = len(BROWSER_QUERIES)
    return [([run[i]["cold"] for run in runs], [run[(i - 1) % count]["next"] for run in runs])
            for i in range(count)]


def _before_first(rows: list[dict]) -> str:
    """What the first result waited for, per repeat: the search files
    loaded before it showed, of them document files, and their size, e.g.
    '3 files (1 docs) 41 KB'."""
    return "; ".join(f"{r['first_files']} files ({r['first_docs']} docs) {r['first_bytes'] / 1024:.0f} KB"
                     for r in rows)


def print_browser(n: int, results: dict, sizes: dict[str, int], profile: bool) -> None:
    client = sum(sizes[ROOT + name] for name in CLIENT)
    repeat = len(next(iter(results.values())))
    print(f"\n## Search in Chromium, {n:,} documents, {len(BROWSER_QUERIES)} queries × {repeat}, median / max\n")
    print(f"KB: the search files a query downloaded (shards, documents, manifest.js if asked for; with 'keys' also those "
          f"of the prefixes typed on the way); the client (search.js + search.css, {client / 1024:,.0f} KB) "
          f"is loaded once with the page and is not in them.")
    print("ms: from the last keystroke to the first result in the list (or to the 'not found' line); "
          "snippet: to the first result's snippet; page: to the whole first page of results.\n")
    print("| typing | over | cold ms | next ms | cold KB | next KB | cold ms, snippet | next ms, snippet "
          "| cold ms, page | next ms, page |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for (name, typing), runs in results.items():
        cold = [r["cold"] for run in runs for r in run]
        nxt = [r["next"] for run in runs for r in run]
        print(f"| {typing} | {name} | {_ms_cell([c['ms'] for c in cold])} | {_ms_cell([c['ms'] for c in nxt])} "
              f"| {_kb_cell([c['bytes'] for c in cold])} | {_kb_cell([c['bytes'] for c in nxt])} "
              f"| {_ms_cell([c['snippet_ms'] for c in cold])} | {_ms_cell([c['snippet_ms'] for c in nxt])} "
              f"| {_ms_cell([c['complete_ms'] for c in cold])} | {_ms_cell([c['complete_ms'] for c in nxt])} |")
    for typing in dict.fromkeys(t for _, t in results):
        http, file = _per_query(results["http", typing]), _per_query(results["file", typing])
        print(f"\n{typing}, per query (medians): ms cold http [file], ms next http [file], KB cold "
              "(shards + documents), result line")
        for i, query in enumerate(BROWSER_QUERIES):
            (hc, hn), (fc, fn) = http[i], file[i]

            def med(rows: list[dict], key: str) -> float:
                return statistics.median(r[key] for r in rows)

            h = hc[0]
            print(f"  {query:<10} {med(hc, 'ms'):5.0f} [{med(fc, 'ms'):4.0f}]  "
                  f"{med(hn, 'ms'):5.0f} [{med(fn, 'ms'):4.0f}]  {med(hc, 'bytes') / 1024:4.0f} KB "
                  f"({h['shards']} shards + {h['docs']} docs)  {h['meta']}")
            print(f"      before the first result: cold {_before_first(hc)} [{_before_first(fc)}], "
                  f"next {_before_first(hn)} [{_before_first(fn)}]")
            if typing == "keys":
                prefix = [r["prefix_docs"] for r in (*hc, *hn, *fc, *fn)]
                print(f"      document files asked for by its prefixes: {sum(prefix)} in {len(prefix)} runs "
                      f"(at most {max(prefix)})")
            if profile:
                for label, rows in (("http cold", hc), ("http next", hn), ("file cold", fc), ("file next", fn)):
                    for r in rows:
                        print(f"      {label}: first +{r['ms']:.0f} ms, snippet +{r['snippet_ms']:.0f} ms, "
                              f"page +{r['complete_ms']:.0f} ms; "
                              f"{r['phases']}")


def site_sizes(site: Path) -> dict[str, int]:
    """{site-relative path: bytes} of the search files a site written by
    write_site holds."""
    return {p.relative_to(site).as_posix(): p.stat().st_size for p in (site / ROOT).rglob("*") if p.is_file()}


def browser_bench(n: int, sentences: list[str], profile: bool, keep: Path | None, repeat: int,
                  typings: tuple[str, ...] = TYPING, site: Path | None = None) -> None:
    import os
    import platform

    if site is None:
        docs = corpus(n, sentences)
        start = time.perf_counter()
        files = build_search_files(docs)
        print(f"{n:,} documents: search files built in {time.perf_counter() - start:.1f} s, "
              f"{len(files):,} files, {sum(len(c.encode()) for c in files.values()) / 2**20:,.1f} MB")
        sizes = {path: len(content.encode()) for path, content in files.items()}
    else:
        sizes = site_sizes(site)
        n = int(re.search(r'"docs":(\d+)', (site / ROOT / "manifest.js").read_text(encoding="utf-8"))[1])
        print(f"{n:,} documents: search files of {site} (not rebuilt), {len(sizes):,} files, "
              f"{sum(sizes.values()) / 2**20:,.1f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        if site is None:
            site = keep or Path(tmp) / "site"
            write_site(files, site)
        start = time.perf_counter()
        load = os.getloadavg()[0]
        results = measure_browser(site, sizes, typings, repeat=repeat)
        print(f"measured in {time.perf_counter() - start:.0f} s; load average {load:.1f} before, "
              f"{os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores ({platform.processor() or platform.machine()})")
    print_browser(n, results, sizes, profile)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--material-max", type=int, default=10000,
                        help="build the mkdocs-material comparison only up to this many pages")
    parser.add_argument("--material-timeout", type=float, default=360)
    parser.add_argument("--browser", action="store_true",
                        help="measure typed queries in headless Chromium instead (http and file://)")
    parser.add_argument("--n", type=int, default=10000, help="documents for --browser")
    parser.add_argument("--profile", action="store_true", help="with --browser: where each query's ms went")
    parser.add_argument("--keep", type=Path, help="with --browser: write the site here and keep it")
    parser.add_argument("--site", type=Path,
                        help="with --browser: measure the site an earlier --keep wrote (its search files and "
                             "client as they are), without building; for before/after runs of one corpus")
    parser.add_argument("--repeat", type=int, default=1, help="with --browser: measure every query R times")
    parser.add_argument("--typing", choices=TYPING, nargs="+", default=list(TYPING),
                        help="with --browser: how the queries are typed (default: both)")
    args = parser.parse_args()
    sentences = sample_sentences()
    if args.browser:
        browser_bench(args.n, sentences, args.profile, args.keep, args.repeat, tuple(args.typing), args.site)
        return
    rows = [measure(n, sentences, n <= args.material_max, args.material_timeout) for n in args.sizes]
    for r in rows:
        print(f"\n## {r['n']:,} documents")
        print(f"  our index, all files          {kb(r['total'])} "
              f"(postings {kb(r['postings'])} in {r['shards']} shards, texts {kb(r['texts'])})")
        print(f"  largest shard                 {kb(r['largest_shard'])}")
        print(f"  client JS+CSS (once)          {kb(r['client'])}")
        print(f"  download per query, median    {kb(r['median_query'])}  (max {kb(r['max_query'])})")
        for q, (b, files, total) in r["per_query"].items():
            print(f"      {q:<12} {kb(b):>9} in {files:>2} files, total={total}")
        print(f"  facets.js (filters, once)     {kb(r['facets'])}")
        for name, sizes in r["filtered"].items():
            print(f"  per query, {name:<26} median {kb(statistics.median(sizes))}, max {kb(max(sizes))}")
        print(f"  Python index build            {r['build_s']:.1f} s "
              f"({r['build_s'] / r['n'] * 1000:.2f} s per 1,000 docs)")
        if r["material"] is not None:
            print(f"  mkdocs-material search_index  {kb(r['material'])} "
                  f"(site build {r['material_s']:.0f} s)")
            print(f"  ratio material / our query    {r['material'] / r['median_query']:,.0f}x (median query)")
            print(f"  ratio material / our total    {r['material'] / r['total']:.2f}x")
        elif args.material_max >= r["n"]:
            print(f"  mkdocs-material build timed out after {r['material_s']:.0f} s")


if __name__ == "__main__":
    main()
