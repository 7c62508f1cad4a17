"""How postings and payloads are written into the `<script>` files.

A posting list is a string of base-32 varints (most significant group first;
the first 32 characters of ALPHABET end a number, the last 32 continue it),
two numbers per document: the gap to the previous document id minus one, and
`min(tf, TF_CAP) * 8 + field flags`. A string of plain ASCII letters needs no
escaping in JSON and is about a third of the size of a JSON array of numbers.
"""

from __future__ import annotations

import json
import re

ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
TF_CAP = 9999

# Registration calls; the client defines `window.__fpSearch` before loading.
_PAYLOAD = re.compile(r"^window\.__fpSearch\.(?P<kind>\w+)\((?:(?P<id>\d+),)?(?P<json>.*)\);\n\Z", re.S)


def varint(n: int) -> str:
    groups = [n & 31]
    n >>= 5
    while n:
        groups.append(32 + (n & 31))
        n >>= 5
    return "".join(ALPHABET[g] for g in reversed(groups))


# The varints of small numbers, looked up rather than built: nearly every
# gap and tf * 8 + flags of a posting list is one.
SMALL = tuple(varint(i) for i in range(1024))


def encode_posting(gap: int, tf: int, flags: int) -> str:
    second = min(tf, TF_CAP) * 8 + flags
    return (SMALL[gap] if gap < 1024 else varint(gap)) + (
        SMALL[second] if second < 1024 else varint(second)
    )


_CONTINUE = ALPHABET[32:].encode("ascii")


def posting_count(encoded: bytes | bytearray) -> int:
    """Documents in an encoded list: two numbers each, each ending in one of
    the first 32 characters."""
    return len(encoded.translate(None, _CONTINUE)) // 2


def decode_postings(encoded: str) -> list[tuple[int, int, int]]:
    """[(doc id, tf, flags)] in ascending id order."""
    numbers: list[int] = []
    acc = 0
    for ch in encoded:
        v = _VALUE[ch]
        acc = acc * 32 + (v & 31)
        if v < 32:
            numbers.append(acc)
            acc = 0
    out = []
    doc = -1
    for i in range(0, len(numbers), 2):
        doc += numbers[i] + 1
        out.append((doc, numbers[i + 1] >> 3, numbers[i + 1] & 7))
    return out


def to_json(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # Legal in JSON but a syntax error in pre-2019 JavaScript string literals.
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def script(kind: str, value: object, ident: int | None = None) -> str:
    prefix = f"{ident}," if ident is not None else ""
    return f"window.__fpSearch.{kind}({prefix}{to_json(value)});\n"


def parse_script(content: str) -> tuple[str, int | None, object]:
    m = _PAYLOAD.match(content)
    if not m:
        raise ValueError(f"not a search payload: {content[:60]!r}")
    ident = int(m["id"]) if m["id"] is not None else None
    return m["kind"], ident, json.loads(m["json"])
