"""A project on disk made of generated raw sources, for the tests that need many files.

benchmarks/gen_corpus.py writes the sources (the same files for the same n
and seed).  With `site=True` the repo's site parts (overrides/, docs/,
taxonomy.yml) are copied beside them, so mkdocs can build the project; with
`samples=True` the repo's own sources (sidecars, .md, .docx) are mixed in
under sources/samples, so the traits the generator does not make are there too.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
import gen_corpus  # noqa: E402


def generated_project(root: Path, n: int, *, seed: int = gen_corpus.DEFAULT_SEED,
                      site: bool = False, samples: bool = False) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    if site:
        for name in ("overrides", "docs"):
            shutil.copytree(REPO / name, root / name)
        shutil.copy(REPO / "taxonomy.yml", root / "taxonomy.yml")
    gen_corpus.write_corpus(root / "sources", n, seed=seed)
    if samples:
        shutil.copytree(REPO / "sources", root / "sources" / "samples")
    return root
