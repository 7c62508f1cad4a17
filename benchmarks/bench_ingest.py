"""Ingest benchmarks, measured side by side in one run.

1. Encoding detection: the five samples (whole, and their first 200 and 40
   characters) re-encoded as GB18030, Big5 (traditional), UTF-16-LE and
   UTF-16-BE: charset-normalizer alone against fireportal.read.decode
   (charset-normalizer plus the check that the text reads as Chinese), how
   many each gets right, and the time per MB the check adds.
2. Line widths (the hot loop of join_wrapped_lines): the regex count in
   clean.display_width against a per-character unicodedata lookup, on the
   lines of the samples.
3. Ingest scaling: ingest_tree (jobs=1) over N and 4N generated raw sources
   (benchmarks/gen_corpus.py); the time ratio should be close to 4.

Run: .venv/bin/python benchmarks/bench_ingest.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import opencc
from charset_normalizer import from_bytes

from fireportal.pipeline import ingest_tree
from fireportal.read import decode
from fireportal.taxonomy import load_taxonomy

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen_corpus

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "sources").rglob("*.txt"))
ENCODINGS = ("gb18030", "big5", "utf-16-le", "utf-16-be")
NAMES = {"gb18030": "gb18030", "big5": "big5", "utf-16-le": "utf_16_le", "utf-16-be": "utf_16_be"}


def encoded_samples(chars: int | None) -> list[tuple[str, str, bytes]]:
    """Each sample (or its first `chars` characters: short notices exist) in each encoding."""
    to_traditional = opencc.OpenCC("s2t")
    cases = []
    for sample in SAMPLES:
        text = sample.read_text(encoding="utf-8").strip()[:chars]
        for encoding in ENCODINGS:
            source = to_traditional.convert(text) if encoding == "big5" else text
            cases.append((sample.name[:3], encoding, source.encode(encoding, errors="ignore")))
    return cases


def bench_encodings(chars: int | None) -> None:
    cases = encoded_samples(chars)
    megabytes = sum(len(data) for *_, data in cases) / 1e6
    results = {}
    for name, detect in (
        ("charset-normalizer", lambda data: (from_bytes(data).best() or type("x", (), {"encoding": None})).encoding),
        ("fireportal.read.decode", lambda data: decode(data)[1]),
    ):
        right = 0
        start = time.perf_counter()
        for _, encoding, data in cases:
            try:
                found = detect(data)
            except Exception:  # noqa: BLE001 - a refusal counts as a miss
                found = None
            right += found in (encoding, NAMES[encoding])
        elapsed = time.perf_counter() - start
        results[name] = (right, elapsed / megabytes)
    label = "whole files" if chars is None else f"first {chars} characters"
    print(f"encoding detection, {label}, {len(cases)} cases ({megabytes:.3f} MB):")
    for name, (right, per_mb) in results.items():
        print(f"  {name:<24} {right:>2}/{len(cases)} right   {per_mb * 1000:8.1f} ms/MB")
    ours, theirs = results["fireportal.read.decode"], results["charset-normalizer"]
    print(f"  time ratio fireportal / charset-normalizer: {ours[1] / theirs[1]:.2f}")


def bench_widths() -> None:
    import unicodedata

    from fireportal.clean import display_width

    def per_character(line: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in line)

    lines = [line for s in SAMPLES for line in s.read_text(encoding="utf-8").split("\n")] * 50
    timings = {}
    for name, width in (("unicodedata per character", per_character), ("clean.display_width", display_width)):
        start = time.perf_counter()
        for line in lines:
            width(line)
        timings[name] = time.perf_counter() - start
    agree = sum(per_character(line) == display_width(line) for line in lines[: len(lines) // 50])
    print(f"line widths over {len(lines)} lines: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in timings.items())
          + f"; ratio {timings['unicodedata per character'] / timings['clean.display_width']:.1f}; "
          f"same result on {agree}/{len(lines) // 50} sample lines")


def bench_scaling(n: int) -> None:
    taxonomy = load_taxonomy(ROOT / "taxonomy.yml")
    timings = {}
    for count in (n, 4 * n):
        with tempfile.TemporaryDirectory() as tmp:
            sources = Path(tmp) / "sources"
            # Realistic raw files (gen_corpus.py): title blocks, PDF breaks, GB18030 …
            gen_corpus.write_corpus(sources, count)
            start = time.perf_counter()
            result = ingest_tree(sources, root=Path(tmp), taxonomy=taxonomy, jobs=1)
            timings[count] = (time.perf_counter() - start, len(result.documents))
            shutil.rmtree(sources)
    (t1, d1), (t4, d4) = timings[n], timings[4 * n]
    print(f"ingest scaling (jobs=1): {n} files → {d1} docs in {t1:.2f} s ({d1 / t1:.0f} docs/s); "
          f"{4 * n} files → {d4} docs in {t4:.2f} s ({d4 / t4:.0f} docs/s); time ratio {t4 / t1:.2f} (linear ≈ 4)")


if __name__ == "__main__":
    for chars in (None, 200, 40):
        bench_encodings(chars)
    bench_widths()
    bench_scaling(int(sys.argv[1]) if len(sys.argv) > 1 else 250)
