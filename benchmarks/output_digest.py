"""Is the conversion's output unchanged?  The guard for speed work.

A speed change must not change a single byte of what the pipeline makes.
This script converts a fixed set of inputs and records, for every file, the
rendered page of each document (front matter and body, `render_document`)
and every problem it reported.  `--save` writes that record; `--compare`
converts again and names every file whose output differs, with the first
differing line, so a faster rule that changes a result is caught before the
fidelity benchmark would even notice it.

The inputs: every corpus document (tests/corpus/docs) with its text
variants (wrapped, GB18030, Big5, UTF-16, pinyin: tests/corpus/variants.py),
the sample sources (sources/), and a generated corpus
(benchmarks/gen_corpus.py, `--n` sources, seed 1).

    .venv/bin/python benchmarks/output_digest.py --save /tmp/before.json
    ... change the code ...
    .venv/bin/python benchmarks/output_digest.py --compare /tmp/before.json
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "corpus"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import variants as V  # noqa: E402
from fireportal.model import Origin  # noqa: E402
from fireportal.pipeline import ingest_file  # noqa: E402
from fireportal.render import render_document  # noqa: E402
from fireportal.taxonomy import load_taxonomy  # noqa: E402

_TAXONOMY = None


def _tree(base: Path) -> list[tuple[str, bytes, str | None]]:
    found = []
    for path in sorted((base / "sources").rglob("*")):
        if path.is_file() and not path.name.endswith(".meta.yml"):
            sidecar = path.with_name(path.stem + ".meta.yml")
            found.append((path.relative_to(base).as_posix(), path.read_bytes(),
                          sidecar.read_text("utf-8") if sidecar.exists() else None))
    return found


def inputs(generated: int) -> list[tuple[str, bytes, str | None]]:
    """(source path as committed, bytes, sidecar text) for every input."""
    found: list[tuple[str, bytes, str | None]] = []
    for path in sorted(V.corpus_dir().joinpath("docs").iterdir()):
        data = path.read_bytes()
        found.append((f"sources/corpus/{path.name}", data, None))
        text = V.decode_source(data) if path.name.endswith(V.TEXT_SUFFIXES) else None
        if text is None:
            continue
        for variant in V.variants(text):
            found.append((f"sources/corpus/{variant.name}-{path.name}", variant.data, None))
    found += _tree(ROOT)
    if generated:
        import gen_corpus

        with tempfile.TemporaryDirectory() as tmp:
            gen_corpus.write_corpus(Path(tmp) / "sources", n=generated, seed=1)
            found += _tree(Path(tmp))
    return found


def _plain(value: object) -> object:
    """An origin as the dict it was before it had a class (the same digest); anything else as its repr."""
    return value.as_dict() if isinstance(value, Origin) else repr(value)


def _convert(item: tuple[str, bytes, str | None]) -> tuple[str, str]:
    global _TAXONOMY
    if _TAXONOMY is None:
        _TAXONOMY = load_taxonomy(ROOT / "taxonomy.yml")
    source, data, sidecar = item
    result = ingest_file(source, data, taxonomy=_TAXONOMY, sidecar_text=sidecar)
    parts = [p.line() for p in result.problems]
    for document in result.documents:
        parts.append(render_document(document))
        parts += [p.line() for p in document.problems]
        parts.append("origins: " + json.dumps(document.origins, ensure_ascii=False, sort_keys=True, default=_plain))
    return source, "\n".join(parts)


def outputs(generated: int, jobs: int) -> dict[str, str]:
    items = inputs(generated)
    with ProcessPoolExecutor(jobs) as pool:
        return dict(pool.map(_convert, items, chunksize=16))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--save", type=Path, metavar="FILE")
    what.add_argument("--compare", type=Path, metavar="FILE")
    parser.add_argument("--generated", type=int, default=400, help="generated sources to add (default 400)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    now = outputs(args.generated, args.jobs)
    if args.save:
        args.save.write_text(json.dumps(now, ensure_ascii=False, sort_keys=True), "utf-8")
        print(f"{len(now)} files recorded in {args.save}")
        return 0
    before = json.loads(args.compare.read_text("utf-8"))
    changed = sorted(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))
    for source in changed:
        print(f"\n== {source}")
        diff = difflib.unified_diff((before.get(source) or "").splitlines(), (now.get(source) or "").splitlines(),
                                    "before", "now", n=1, lineterm="")
        print("\n".join(list(diff)[:12]))
    print(f"\n{len(now)} files converted; {len(changed)} differ from {args.compare}")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
