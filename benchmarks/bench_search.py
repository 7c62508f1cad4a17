"""Size and speed of the portal's search index against mkdocs-material's.

Usage:  .venv/bin/python benchmarks/bench_search.py [--sizes 2000 10000] [--material-max 10000]

Builds a synthetic corpus from the sentences of the five sample sources (with
varied units, dates and numbers; seeded, so every run sees the same corpus),
then prints, per corpus size: total bytes of our index, the largest shard,
the bytes a browser downloads for typical queries (manifest + shards + the
per-document files opened for the first page of results), the same with the
filter panel open (facets.js added; no filter, a unit filter, and year + unit
+ type), and the size of the single search_index.json that mkdocs-material's
own search plugin writes for the same pages (by building them with
`plugins: [search]`).
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--material-max", type=int, default=10000,
                        help="build the mkdocs-material comparison only up to this many pages")
    parser.add_argument("--material-timeout", type=float, default=360)
    args = parser.parse_args()
    sentences = sample_sentences()
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
