"""Site build cost: listing-only sidebar vs every document in the sidebar.

Generates N synthetic documents (curated .md sources whose paragraphs are
drawn from the real files under sources/), builds the repo's mkdocs.yml
twice per N in one run, and prints build time, total HTML size and average
HTML bytes per page side by side with their ratios.

    .venv/bin/python benchmarks/bench_site.py            # N = 500 and 2000
    .venv/bin/python benchmarks/bench_site.py 200 1000   # other sizes

The "all-in-nav" variant is the same config with one `nav:` entry per
document, which is what a plain mkdocs site gets by default.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen_corpus

MKDOCS = Path(sys.executable).with_name("mkdocs")


# The synthetic sources: curated .md files with front matter, so this
# benchmark measures the site and not the conversion (gen_corpus.py).
def write_sources(folder: Path, n: int, rng: random.Random) -> None:
    gen_corpus.write_curated(folder, n, rng)


def project(root: Path, sources: Path, *, all_in_nav: bool) -> Path:
    """A copy of the repo's site config pointing at the synthetic sources."""
    root.mkdir(parents=True)
    for name in ("overrides", "docs"):
        shutil.copytree(REPO / name, root / name)
    # A copy, not a symlink: the pipeline records source paths relative to
    # the project and resolves links, so a symlinked folder would sit outside it.
    shutil.copytree(sources, root / "sources")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if all_in_nav:
        docs = sorted(p.relative_to(sources) for p in sources.rglob("*.md"))
        # Slugs as the pipeline makes them: <folder>-<stem>.
        entries = "".join(f"      - doc/{p.parent.as_posix()}-{p.stem}.md\n" for p in docs)
        config = config.replace(
            "  - 关于本站: about.md\n", f"  - 关于本站: about.md\n  - 全部文件:\n{entries}"
        )
        assert "全部文件" in config
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def build(root: Path) -> dict:
    site = root / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    result = subprocess.run(
        [str(MKDOCS), "build", "-f", str(root / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(result.stderr[-3000:])
    pages = list(site.rglob("*.html"))
    total = sum(p.stat().st_size for p in pages)
    doc_pages = [p for p in pages if p.parent.name == "doc" or p.parent.parent.name == "doc"]
    return {
        "seconds": seconds,
        "pages": len(pages),
        "html_bytes": total,
        "avg_bytes": total / len(pages),
        "avg_doc_bytes": sum(p.stat().st_size for p in doc_pages) / max(1, len(doc_pages)),
        "doc_pages": len(doc_pages),
    }


def main(sizes: list[int]) -> None:
    print(
        f"{'N':>6} {'variant':<13} {'build s':>8} {'pages':>6} {'HTML MB':>9} "
        f"{'avg KB/page':>12} {'avg KB/doc':>11}"
    )
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
            sources = Path(tmp) / "sources"
            write_sources(sources, n, random.Random(n))
            rows = {}
            for variant, all_in_nav in (("listing-nav", False), ("all-in-nav", True)):
                rows[variant] = build(project(Path(tmp) / variant, sources, all_in_nav=all_in_nav))
                r = rows[variant]
                print(
                    f"{n:>6} {variant:<13} {r['seconds']:>8.1f} {r['pages']:>6} "
                    f"{r['html_bytes'] / 1e6:>9.1f} {r['avg_bytes'] / 1e3:>12.1f} "
                    f"{r['avg_doc_bytes'] / 1e3:>11.1f}",
                    flush=True,
                )
            a, b = rows["all-in-nav"], rows["listing-nav"]
            print(
                f"{n:>6} {'ratio all/ls':<13} {a['seconds'] / b['seconds']:>8.2f} {'':>6} "
                f"{a['html_bytes'] / b['html_bytes']:>9.2f} {a['avg_bytes'] / b['avg_bytes']:>12.2f} "
                f"{a['avg_doc_bytes'] / b['avg_doc_bytes']:>11.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [500, 2000])
