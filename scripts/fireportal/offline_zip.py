"""The offline copy: the built site as one zip, the same bytes for the same site.

Readers unzip it and open index.html (the site works from file://).  Entries
are in path order with a fixed time and mode, so two builds of the same
sources give the same archive and a deployment diff shows real changes only.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

# Where the publish workflows put the copy, and the home page links to it
# (site/offline.zip is https://…/offline.zip once deployed).
OFFLINE_ZIP = "offline.zip"
# The earliest time a zip can store; no build time leaks into the archive.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_UNIX = 3  # "made on Unix", whatever system builds it, so the mode bits are read


class ZipError(ValueError):
    """The site folder cannot be zipped; the message says what to do."""


def site_files(site: Path, *, leave_out: Path | None = None) -> list[tuple[str, Path]]:
    """(path inside the zip, file) for every regular file of the site, in path order.

    Symlinks are refused rather than followed: a link could pull a file from
    outside the site into a copy handed to the public.
    """
    found = []
    skip = leave_out.resolve() if leave_out is not None else None
    for folder, dirnames, filenames in os.walk(site, followlinks=False):
        here = Path(folder)
        for name in [*dirnames, *filenames]:
            if (here / name).is_symlink():
                raise ZipError(f"{here / name}: 是符号链接，不会打包：请重新构建网站（mkdocs build）后再打包")
        for name in filenames:
            path = here / name
            rel = path.relative_to(site).as_posix()
            if rel == OFFLINE_ZIP or (skip is not None and path.resolve() == skip):
                continue  # a copy never holds itself (or an earlier copy)
            found.append((rel, path))
    return sorted(found)


def write_zip(site: Path, out: Path) -> int:
    """Zip `site` into `out` (written beside and renamed, so a reader never
    downloads half a file); the number of files."""
    if not (site / "index.html").is_file():
        raise ZipError(f"{site}: 没有 index.html，不是构建好的网站：请先运行 mkdocs build，再打包")
    files = site_files(site, leave_out=out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, path in files:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.create_system = _UNIX
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    partial.replace(out)
    return len(files)
