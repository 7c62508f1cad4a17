"""Reuse the last ingest result while nothing it read has changed.

`mkdocs serve` rebuilds on every edit to the theme or to docs/; re-reading
thousands of sources then costs seconds for nothing.  The fingerprint is the
path, size and modification time of every file under the sources folder and
of the taxonomy file, which is cheap to take and changes with any edit.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def fingerprint(*roots: Path | None) -> tuple:
    entries = []
    for root in roots:
        if root is None or not root.exists():
            entries.append((str(root), None))
            continue
        paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in paths:
            stat = path.stat()
            entries.append((os.fspath(path), stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


@dataclass
class LastResult:
    """One slot: the fingerprint and what was computed from it."""

    key: tuple | None = None
    value: object = None

    def get(self, key: tuple) -> object:
        return self.value if key == self.key else None

    def put(self, key: tuple, value: object) -> None:
        self.key, self.value = key, value

    def clear(self) -> None:
        self.key, self.value = None, None
