"""When a source file was first committed, from git, for the few files that need it.

Used only to settle which of two identical documents keeps its page: the one
published first.  Outside a git work tree, or for files not yet committed,
nothing is known and the caller falls back to an order of its own.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def first_added(paths: list[str], root: Path) -> dict[str, int]:
    """Repo-relative path → Unix time of the commit that added it, where git knows."""
    git = shutil.which("git")
    if not paths or git is None:
        return {}
    try:
        run = subprocess.run(
            [git, "-C", str(root), "log", "--diff-filter=A", "--format=@%ct", "--name-only", "--", *paths],
            capture_output=True, text=True, timeout=30, check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if run.returncode != 0:
        return {}
    added: dict[str, int] = {}
    when = 0
    # Newest commit first, so the last time a path is seen is when it was added.
    for line in run.stdout.splitlines():
        if line.startswith("@"):
            when = int(line[1:])
        elif line.strip() in paths:
            added[line.strip()] = when
    return added
