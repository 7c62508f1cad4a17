"""A source's path taken apart as PurePosixPath takes it, without making one.

Each file's path is read several times per conversion (its reader goes by
its suffix, its slug by its folders and stem), and a PurePosixPath costs many
times the string operations.  A path as the walk gives it (sources/2022/a.txt:
no leading /, no empty or "." part) is already in the form PurePosixPath
would put it in, so its parts are its pieces between slashes; any other path,
and any name whose stem and suffix depend on how a Python version reads a dot
at its start or end, is handed to PurePosixPath.
"""

from __future__ import annotations

from pathlib import PurePosixPath


def _pieces(path: str) -> list[str] | None:
    """The pieces between slashes, or None when PurePosixPath would change them."""
    pieces = path.split("/")
    return None if "" in pieces or "." in pieces else pieces  # a leading /, a doubled / or a ./


def parent_parts(path: str) -> tuple[str, ...]:
    """`PurePosixPath(path).parent.parts`."""
    pieces = _pieces(path)
    return tuple(pieces[:-1]) if pieces is not None else PurePosixPath(path).parent.parts


def stem_and_suffix(path: str) -> tuple[str, str]:
    """`(PurePosixPath(path).stem, PurePosixPath(path).suffix)`."""
    pieces = _pieces(path)
    if pieces is not None:
        name = pieces[-1]
        dot = name.rfind(".")
        if dot < 0:
            return name, ""
        if 0 < dot < len(name) - 1:
            return name[:dot], name[dot:]
    pure = PurePosixPath(path)  # and .bashrc, name., ..: left to pathlib
    return pure.stem, pure.suffix
