"""Is the cost linear in N?  Ingest and the search index at 1,000 / 10,000 / 100,000 documents.

    .venv/bin/python benchmarks/bench_linear.py                      # 1,000 10,000 100,000
    .venv/bin/python benchmarks/bench_linear.py --n 1000 10000 --keep /tmp/linear

For each N, a generated corpus (benchmarks/gen_corpus.py, the same seed, so
the first 1,000 files of every N are the same files) is converted by
`ingest_tree` with every core and no cache, in a child process, and the
portal's search files are built from the result (`search_docs` and
`build_search_files`, what the mkdocs plugin runs after the build).  Each
row prints wall seconds and microseconds per document for both, the search
files' bytes per document and the child's peak memory (sampled from /proc,
the whole process tree).  Linear cost shows as a flat "µs per document"
column; the memory column says how far one process goes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen_corpus  # noqa: E402
from bench_scale import PYTHON, REPO, measure  # noqa: E402


def _child(root: Path, jobs: int | None) -> None:
    """`--child ROOT JOBS`: ingest, then the search files; the figures as JSON on stdout."""
    from fireportal.pipeline import ingest_tree
    from fireportal.search import build_search_files
    from fireportal.search.documents import search_docs
    from fireportal.site.paths import doc_page
    from fireportal.site.urls import page_url
    from fireportal.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(REPO / "taxonomy.yml")
    start = time.perf_counter()
    result = ingest_tree(root / "sources", root=root, taxonomy=taxonomy, jobs=jobs, cache_dir=None)
    ingest = time.perf_counter() - start
    start = time.perf_counter()
    docs = search_docs(result.documents, urls={d.slug: page_url(doc_page(d.slug)) for d in result.documents}, taxonomy=taxonomy)
    files = build_search_files(docs)
    search = time.perf_counter() - start
    size = sum(len(text.encode("utf-8")) for text in files.values())
    print(json.dumps({"ingest": ingest, "search": search, "documents": len(result.documents),
                      "files": result.files, "search_bytes": size, "search_files": len(files)}))


def corpus(folder: Path, n: int, seed: int) -> Path:
    root = folder / f"n{n}"
    marker = root / f".complete-{seed}"
    if not marker.exists():
        shutil.rmtree(root, ignore_errors=True)
        gen_corpus.write_corpus(root / "sources", n, seed=seed)
        marker.touch()
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--seed", type=int, default=gen_corpus.DEFAULT_SEED)
    parser.add_argument("--jobs", type=int, default=None, help="ingest processes (default: every core)")
    parser.add_argument("--keep", type=Path, help="keep the corpora here (reused by a later run)")
    parser.add_argument("--child", nargs=2, metavar=("ROOT", "JOBS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(Path(args.child[0]), int(args.child[1]) or None)
        return

    folder = args.keep or Path(tempfile.mkdtemp(prefix="fp-linear-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"cores: {os.cpu_count()}, ingest jobs: {args.jobs or 'every core'}, seed {args.seed}\n")
    print("| sources | documents | ingest s | ingest µs/doc | docs/s | search index s | search µs/doc "
          "| search KB/doc | peak RSS (tree) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    try:
        for n in sorted(args.n):
            root = corpus(folder, n, args.seed)
            run = measure([PYTHON, __file__, "--child", str(root), str(args.jobs or 0)])
            got = json.loads(run["stdout"].strip().splitlines()[-1])
            docs = got["documents"]
            print(f"| {n:,} | {docs:,} | {got['ingest']:.1f} | {got['ingest'] / docs * 1e6:,.0f} "
                  f"| {docs / got['ingest']:,.0f} | {got['search']:.1f} | {got['search'] / docs * 1e6:,.0f} "
                  f"| {got['search_bytes'] / docs / 1024:.2f} | {run['tree_rss'] / 2**20:,.0f} MB |", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
