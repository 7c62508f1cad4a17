"""What git knows about the source files: when each was published and changed,
and which names it had before.

- `first_added`: for the few files that need it, settles which of two
  identical documents keeps its page (the one published first).
- `file_history`: every file under sources/ in one `git log`, for the
  发布日期 / 更新日期 of each page and the redirects from a renamed
  source's old URL (fireportal.site.lifecycle).

Outside a git work tree, or for files not yet committed, nothing is known
and the caller falls back (no dates shown, an order of its own).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from dataclasses import dataclass, field
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


# Dates are shown as China Standard Time (no daylight saving), whoever made
# the commit and wherever CI runs: the same history always gives the same page.
CHINA = dt.timezone(dt.timedelta(hours=8), "CST")
_STATUS = re.compile(r"^(?P<kind>[AMDTRC])(?P<score>\d*)$")


@dataclass(frozen=True, kw_only=True)
class FileHistory:
    """One file as git knows it, following renames."""

    first: int  # Unix time of the commit that added it (under its first name)
    last: int  # Unix time of the last commit that changed its content
    former: tuple[str, ...] = ()  # earlier paths, oldest first


@dataclass(frozen=True, kw_only=True)
class History:
    """Every file under a folder, from one `git log`; empty outside a git checkout."""

    files: dict[str, FileHistory] = field(default_factory=dict)  # path relative to root
    # Files deleted (not renamed) and not added again: their URLs are gone
    # unless a redirect keeps them (fireportal.site.lifecycle.lost_urls).
    deleted: dict[str, FileHistory] = field(default_factory=dict)
    # A shallow clone (CI's default `fetch-depth: 1`) makes every file look
    # added by the newest commit: its dates would be wrong, so none are kept.
    shallow: bool = False


def day(when: int) -> str:
    """Unix time → YYYY-MM-DD in China time."""
    return dt.datetime.fromtimestamp(when, CHINA).date().isoformat()


def file_history(root: Path, folder: str = "sources") -> History:
    """Added, last changed and former names of every file under `folder`.

    One `git log` over the folder whatever the number of files (10,000
    sources cost one process, not 10,000), renames found by git's `-M`.  Paths
    are relative to `root` (`--relative`), so a portal kept in a subfolder of
    a repository works too.  Outside a git checkout, without git, or when git
    fails, nothing is known: the caller shows no dates and makes no redirects.
    """
    git = shutil.which("git")
    if git is None:
        return History()
    base = [git, "-C", str(root), "-c", "core.quotePath=false"]
    try:
        shallow = subprocess.run([*base, "rev-parse", "--is-shallow-repository"],
                                 capture_output=True, text=True, timeout=30, check=False)
        if shallow.returncode != 0:
            return History()  # not a git checkout
        if shallow.stdout.strip() == "true":
            return History(shallow=True)
        run = subprocess.run(
            [*base, "log", "--reverse", "-M", "--name-status", "-z", "--format=@%ct", "--relative",
             "--", folder],
            capture_output=True, timeout=300, check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return History()
    if run.returncode != 0:
        return History()
    deleted: dict[str, FileHistory] = {}
    files = parse_log(run.stdout.decode("utf-8", "surrogateescape"), deleted=deleted)
    return History(files=files, deleted=deleted)


def parse_log(output: str, *, deleted: dict[str, FileHistory] | None = None) -> dict[str, FileHistory]:
    """`git log --reverse -M --name-status -z --format=@%ct` → path → history.

    `deleted`, when given, receives the files deleted and not added again.

    Oldest commit first: an A starts a file, M/T move its last change, R
    carries its history to the new name (a pure rename, R100, is not a change
    of content), D ends it (a file added again later starts afresh).
    """
    files: dict[str, FileHistory] = {}
    gone = deleted if deleted is not None else {}
    tokens = [t.lstrip("\n") for t in output.split("\0")]
    when = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if token.startswith("@") and token[1:].isdigit():
            when = int(token[1:])
            continue
        status = _STATUS.match(token)
        if not status:
            continue  # the empty token after the last path
        kind = status["kind"]
        if kind in "RC":
            old, new = tokens[i], tokens[i + 1]
            i += 2
            before = files.pop(old, None) if kind == "R" else None
            if before is None:
                files[new] = FileHistory(first=when, last=when)
            else:
                changed = status["score"] != "100"
                files[new] = FileHistory(first=before.first, last=when if changed else before.last,
                                         former=(*before.former, old))
            continue
        path = tokens[i]
        i += 1
        if kind == "A":
            files[path] = FileHistory(first=when, last=when)
            gone.pop(path, None)
        elif kind == "D":
            if path in files:
                gone[path] = files.pop(path)
        elif path in files:
            files[path] = FileHistory(first=files[path].first, last=when, former=files[path].former)
        else:
            files[path] = FileHistory(first=when, last=when)
    return files
