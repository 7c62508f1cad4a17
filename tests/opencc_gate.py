"""What a text must hold for OpenCC's t2s to change it.

`fireportal.clean.t2s` calls OpenCC only for a text holding a character of
the `characters` of scripts/fireportal/data/t2s_gate.json that stands in no
phrase of its `phrases`, or one of those phrases.  This module writes that
file from the installed OpenCC's own dictionaries, read with the
`opencc_dict` tool OpenCC installs beside them (no other reader of their
format is needed, and the values come with the keys);
tests/test_fast_paths_opencc.py fails when the file and the dictionaries no
longer agree.  To rewrite the file after an OpenCC upgrade:

    PYTHONPATH=scripts .venv/bin/python tests/opencc_gate.py

Why that is exact: t2s (opencc/clib/share/opencc/t2s.json) is a chain of
conversions (the normalization of compatibility ideographs, then the group
TSPhrases, TSCharactersExt, TSCharacters); each one walks the text and,
where a key of its dictionary starts, writes that key's first value in its
place, else copies the character.  A conversion therefore changes a text
only where a key whose first value differs from it occurs.  Such a key of
one character is among the characters, and a longer key holding one of them
is found by it; the others (沈浸 → 沉浸, although 沈 alone stays 沈) are
the phrases.  One character of each phrase is among the characters too, so
a text holding none of the characters is passed at once, and only a text
holding one of those (沈, a common surname) is searched for the phrases.
"""

from __future__ import annotations

import json
from importlib import metadata
import subprocess
import sys
import tempfile
from collections import Counter
from functools import cache
from pathlib import Path

import opencc

DATA = Path(__file__).resolve().parent.parent / "scripts" / "fireportal" / "data" / "t2s_gate.json"
_OPENCC = Path(opencc.__file__).resolve().parent / "clib"
CONFIG = _OPENCC / "share" / "opencc" / "t2s.json"
TOOL = _OPENCC / "bin" / "opencc_dict"
ABOUT = [
    "What a text must hold for OpenCC's t2s to change it: a character of `characters`, the one-character",
    "keys t2s replaces by something else and one character of each phrase of `phrases`, the longer keys",
    "it replaces whose characters none is replaced alone (沈浸 → 沉浸, 沈 stays 沈).",
    "Written by tests/opencc_gate.py from the installed OpenCC's dictionaries (rerun it after an OpenCC",
    "upgrade); tests/test_fast_paths_opencc.py checks it.  `opencc` is the release it was made from: with",
    "any other release installed, fireportal sends every text to OpenCC.",
]
_PER_LINE = 64


def dictionary_files(node: object = None) -> list[str]:
    """The .ocd2 files t2s.json names, in the order it names them."""
    if node is None:
        node = json.loads(CONFIG.read_text("utf-8"))
    if isinstance(node, dict):
        found = [node["file"]] if node.get("type") == "ocd2" else []
        return found + [name for value in node.values() for name in dictionary_files(value)]
    if isinstance(node, list):
        return [name for value in node for name in dictionary_files(value)]
    return []


def entries(name: str) -> dict[str, str]:
    """Key → first value of one of OpenCC's dictionaries (the value t2s writes)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "dict.txt"
        subprocess.run([str(TOOL), "-i", str(CONFIG.parent / name), "-o", str(out), "-f", "ocd2", "-t", "text"],
                       check=True, capture_output=True)
        lines = out.read_text("utf-8").split("\n")
    return {key: values.split(" ")[0] for key, values in (line.split("\t") for line in lines if line)}


@cache
def dictionaries() -> tuple[dict[str, str], ...]:
    """Every dictionary t2s reads, as key → first value."""
    return tuple(entries(name) for name in dictionary_files())


def changing_keys() -> list[str]:
    """Every key of a t2s dictionary whose first value differs from it."""
    return sorted({key for table in dictionaries() for key, value in table.items() if value != key})


def pivots(phrases: list[str], listed: set[str]) -> set[str]:
    """One or more characters of each phrase, chosen greedily: first one the
    dictionaries list (`listed`: a traditional or variant form, rare in a
    simplified text, so the gate seldom opens for nothing), then the one the
    most phrases not yet covered hold, then the lowest code point (the same
    choice on every run)."""
    chosen: set[str] = set()
    rest = list(phrases)
    while rest:
        held = Counter(char for phrase in rest for char in set(phrase))
        char = min(held, key=lambda c: (c not in listed, -held[c], c))
        chosen.add(char)
        rest = [phrase for phrase in rest if char not in phrase]
    return chosen


def gate(keys: list[str], listed: set[str]) -> dict[str, object]:
    """The gate file's content for the changing `keys`."""
    singles = {key for key in keys if len(key) == 1}
    phrases = [key for key in keys if len(key) > 1 and singles.isdisjoint(key)]
    characters = "".join(sorted(singles | pivots(phrases, listed)))
    return {"about": ABOUT, "opencc": metadata.version("opencc"), "phrases": phrases,
            "characters": [characters[i:i + _PER_LINE] for i in range(0, len(characters), _PER_LINE)]}


def installed_gate() -> dict[str, object]:
    """The gate of the installed OpenCC."""
    listed = {key for table in dictionaries() for key in table if len(key) == 1}
    return gate(changing_keys(), listed)


def gate_file_text(content: dict[str, object]) -> str:
    return json.dumps(content, ensure_ascii=False, indent=1) + "\n"


def main() -> int:
    content = installed_gate()
    DATA.write_text(gate_file_text(content), "utf-8")
    print(f"{sum(map(len, content['characters']))} characters and {len(content['phrases'])} phrases written to {DATA}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
