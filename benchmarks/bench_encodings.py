"""How short a legacy-encoded file can be and still be read right.

A staff member's text file may be GB18030 (GBK) or Big5, with no mark of
which.  Every text of the real corpus (tests/corpus/docs) is cut at seven
places to N non-space characters, encoded GB18030 and Big5 (and UTF-8, which
must stay untouched), and read back two ways, side by side:

- charset-normalizer first: strict UTF-8, else the first of charset-normalizer's
  candidates whose text reads as Chinese (fireportal.read.chinese_score);
- the portal: fireportal.read.decode_with_doubt.

For each, how many pieces come back right, wrong, or refused (an error that
names the fix); for the portal also how many carry a warning that the
encoding is in doubt ("+doubt").  A wrong reading without a warning is the
one outcome that must not happen.

    .venv/bin/python benchmarks/bench_encodings.py
"""

from __future__ import annotations

import collections
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from fireportal.read import ReadError, _canonical_encoding, chinese_score, decode_with_doubt  # noqa: E402

LENGTHS = (2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64)
STARTS = (0, 57, 131, 277, 401, 613, 797)


def charset_normalizer_first(data: bytes) -> str:
    from charset_normalizer import from_bytes

    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for match in from_bytes(data):
        try:
            text = data.decode(_canonical_encoding(match.encoding))
        except (UnicodeDecodeError, LookupError):
            continue
        if chinese_score(text) >= 0.8:
            return text
    raise ReadError("no reading")


def main() -> None:
    folder = ROOT / "tests" / "corpus" / "docs"
    texts = [re.sub(r"\s+", "", p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]
    print(f"{len(texts)} corpus texts, cut at {len(STARTS)} places\n")
    print("| encoding | N | pieces | charset-normalizer first: right / WRONG / refused "
          "| the portal: right / right+doubt / WRONG / WRONG+doubt / refused |")
    print("|---|---:|---:|---|---|")
    silent = 0
    for encoding in ("gb18030", "big5", "utf-8"):
        for length in LENGTHS:
            before: collections.Counter = collections.Counter()
            now: collections.Counter = collections.Counter()
            for text in texts:
                for start in STARTS:
                    piece = text[start : start + length]
                    if len(piece) < length:
                        continue
                    try:
                        data = piece.encode(encoding)
                    except UnicodeEncodeError:
                        continue
                    try:
                        before["right" if charset_normalizer_first(data) == piece else "wrong"] += 1
                    except ReadError:
                        before["refused"] += 1
                    try:
                        got, _, doubt = decode_with_doubt(data)
                    except ReadError:
                        now["refused"] += 1
                        continue
                    outcome = ("right" if got == piece else "wrong") + ("+doubt" if doubt else "")
                    now[outcome] += 1
            silent += now["wrong"]
            total = sum(before.values())
            print(f"| {encoding} | {length} | {total} | {before['right']} / {before['wrong']} / {before['refused']} "
                  f"| {now['right']} / {now['right+doubt']} / {now['wrong']} / {now['wrong+doubt']} / {now['refused']} |")
    print(f"\nwrong without a warning (the portal): {silent}")


if __name__ == "__main__":
    main()
