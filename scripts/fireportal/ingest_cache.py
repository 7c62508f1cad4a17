"""A persistent cache of per-file ingest results, so a rebuild converts only what changed.

CI and `mkdocs build` start a fresh process every time; the in-memory cache
of `ingest_tree` then helps nothing.  This one keeps each source file's
`FileResult` on disk, under `<cache_dir>/ingest-<salt>/`, where the salt
is a hash of the package version, of every file of the fireportal package
(so any code change invalidates everything) and of the taxonomy.  An entry
also records its own key (the path, the source's bytes and its sidecar's
bytes), so a stale entry is simply a miss.

Why JSON and not pickle: the cache folder is a plain folder next to the
project; a committed `.cache/`, a CI cache restored from another branch or a
shared network folder could hold files somebody else wrote, and unpickling
such a file runs their code.  JSON can only describe data: the decoder
rebuilds the pipeline's own frozen dataclasses from an allowlist and refuses
anything else.  A corrupt, truncated or foreign entry is a miss and is
rewritten; a write that fails leaves the build uncached, never wrong.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
from functools import cache
from pathlib import Path

from . import __version__
from .model import Block, Document, Lifecycle, Metadata, Problem, TitleBlock

# Bumped when the entry format changes.
SCHEMA = 2
DEFAULT_DIR = Path(".cache") / "fireportal"
# Marks a folder as a cache (backup tools skip it, https://bford.info/cachedir/)
# and as ours: old version folders are removed only beside this file.
TAG_NAME = "CACHEDIR.TAG"
TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# fireportal's ingest cache; safe to delete.\n"
_PACKAGE = Path(__file__).resolve().parent
_DATA_SUFFIXES = (".py", ".yml", ".yaml", ".json", ".txt", ".js", ".css", ".html")


@cache
def code_fingerprint() -> str:
    """A hash of the version and of every source and data file of the package."""
    digest = hashlib.sha256(f"{SCHEMA}\0{__version__}\0".encode())
    for path in sorted(_PACKAGE.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file() or path.suffix not in _DATA_SUFFIXES:
            continue
        name = path.relative_to(_PACKAGE).as_posix().encode()
        data = path.read_bytes()
        digest.update(len(name).to_bytes(8, "little") + name + len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


def salt(taxonomy: object, extra: str = "") -> str:
    """What every entry depends on besides its own file: the code and the taxonomy.

    The taxonomy is hashed as loaded (its repr is its full content, in file
    order), so the packaged one and a project's taxonomy.yml both count.
    """
    digest = hashlib.sha256()
    for part in (code_fingerprint(), repr(taxonomy), extra):
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


# -- encoding: the pipeline's dataclasses as JSON, and back --------------------------

_CLASSES = {cls.__name__: cls for cls in (Document, Metadata, TitleBlock, Block, Problem, Lifecycle)}


class NotCacheable(TypeError):
    """A value the JSON form cannot carry exactly; the file is then simply not cached."""


# Fields declared as tuples are written as plain lists and turned back by
# their class: most of a document is tuples, and one parser callback per
# class instead of one per tuple halves the time of a warm build.
_TUPLE_FIELDS = {
    name: frozenset(f.name for f in dataclasses.fields(cls) if str(f.type).startswith("tuple"))
    for name, cls in _CLASSES.items()
}
_FIELDS = {name: frozenset(f.name for f in dataclasses.fields(cls)) for name, cls in _CLASSES.items()}
_ENVELOPE = frozenset(("schema", "key", "path", "documents", "problems"))


_LEAVES = (str, int, bool, type(None))


def encode(value: object) -> object:
    """Plain JSON data for a value made of the allowlisted dataclasses, tuples, dicts, str, int, bool, None."""
    kind = type(value)
    if kind in _LEAVES:  # exact types: a str or int subclass is not written as if it were one
        return value
    if kind is tuple:
        return {"t": [v if type(v) in _LEAVES else encode(v) for v in value]}
    if kind is list:
        return [v if type(v) in _LEAVES else encode(v) for v in value]
    if kind is dict:
        return {"d": [[encode(k), encode(v)] for k, v in value.items()]}
    if kind is float:
        return {"f": value}
    name = kind.__name__
    if _CLASSES.get(name) is kind:
        out: dict[str, object] = {"@": name}
        tuples = _TUPLE_FIELDS[name]
        for field in _FIELDS[name]:
            item = getattr(value, field)
            if field in tuples:
                if type(item) is not tuple:
                    raise NotCacheable(f"{name}.{field} is a {type(item).__name__}, not a tuple")
                out[field] = [v if type(v) in _LEAVES else encode(v) for v in item]
            else:
                out[field] = item if type(item) in _LEAVES else encode(item)
        return out
    raise NotCacheable(f"cannot cache a {kind.__name__}")


def _hook(obj: dict) -> object:
    """Called by the JSON parser on every object, innermost first; refuses what `encode` never writes."""
    name = obj.pop("@", None)
    if name is not None:
        if name not in _CLASSES or obj.keys() != _FIELDS[name]:
            raise ValueError("not a cache value")
        for field in _TUPLE_FIELDS[name]:
            if not isinstance(obj[field], list):
                raise TypeError("not a cache value")
            obj[field] = tuple(obj[field])
        return _CLASSES[name](**obj)
    if len(obj) == 1:
        ((tag, inner),) = obj.items()
        if tag == "t" and isinstance(inner, list):
            return tuple(inner)
        if tag == "d" and isinstance(inner, list):
            return {k: v for k, v in inner}
        if tag == "f" and isinstance(inner, float):
            return inner
    elif obj.keys() == _ENVELOPE:
        return obj
    raise ValueError("not a cache value")


def loads(text: str) -> object:
    """The inverse of `encode` (after json.dumps); ValueError or TypeError for anything `encode` never writes."""
    return json.loads(text, object_hook=_hook)


def decode(data: object) -> object:
    """`encode`'s output back to values (tests; the store parses with `loads`)."""
    return loads(json.dumps(data))


# -- the store ------------------------------------------------------------------------


class IngestCache:
    """One entry per source path under `<folder>/ingest-<salt>/`, holding the key it was made from.

    A changed file replaces its own entry, so the cache never grows past one
    entry per source; entries of deleted files go with the next code or
    taxonomy change, when the whole version folder is removed.
    """

    def __init__(self, folder: Path, salt: str) -> None:
        self.folder = Path(folder)
        self.salt = salt
        self.entries = self.folder / f"ingest-{salt[:24]}"
        self.usable = False
        self._made: set[Path] = set()  # entry subfolders known to exist

    def open(self) -> bool:
        """Create the folders (False: no cache this run, e.g. the folder is a symlink or read-only)."""
        try:
            if self.folder.parent.is_symlink() or self.folder.is_symlink():
                # A committed link could make the build write anywhere.
                return False
            self.folder.mkdir(parents=True, exist_ok=True)
            tag = self.folder / TAG_NAME
            if not tag.exists() and not any(self.folder.iterdir()):
                tag.write_text(TAG, encoding="utf-8")
            if tag.is_file() and not tag.is_symlink():
                self._drop_other_versions()
            self.entries.mkdir(exist_ok=True)
            self.usable = not self.entries.is_symlink()
        except OSError:
            self.usable = False
        return self.usable

    def _drop_other_versions(self) -> None:
        # Only folders this class names, only inside a folder it tagged.
        for child in self.folder.iterdir():
            if child.name.startswith("ingest-") and child != self.entries and child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)

    def _path(self, rel: str) -> Path:
        name = hashlib.sha256(rel.encode("utf-8", "surrogatepass")).hexdigest()
        return self.entries / name[:2] / f"{name[2:32]}.json"

    def get(self, rel: str, key: str):
        """The cached FileResult for this path and key, or None (missing, stale or unreadable)."""
        if not self.usable:
            return None
        from .pipeline import FileResult

        try:
            raw = loads(self._path(rel).read_text(encoding="utf-8"))
            if not (isinstance(raw, dict) and raw.get("schema") == SCHEMA and raw.get("key") == key
                    and raw.get("path") == rel):
                return None
            documents, problems = raw["documents"], raw["problems"]
            if not (isinstance(documents, tuple) and all(isinstance(d, Document) for d in documents)
                    and isinstance(problems, tuple) and all(isinstance(p, Problem) for p in problems)):
                return None
            return FileResult(documents=documents, problems=problems)
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            return None

    def put(self, rel: str, key: str, result) -> bool:
        """Store a result (written to a temporary name, then renamed: readers never see half a file)."""
        if not self.usable:
            return False
        try:
            text = json.dumps({"schema": SCHEMA, "key": key, "path": rel,
                               "documents": encode(result.documents), "problems": encode(result.problems)},
                              ensure_ascii=False, separators=(",", ":"))
        except (NotCacheable, ValueError, RecursionError):
            return False
        target = self._path(rel)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            if target.parent not in self._made:
                target.parent.mkdir(exist_ok=True)
                self._made.add(target.parent)
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, target)
        except OSError:
            temporary.unlink(missing_ok=True)
            return False
        return True


def entry_key(salt: str, rel: str, data: bytes, sidecar_text: str | None) -> str:
    """The content a result depends on: its path, the source's bytes and its sidecar's text."""
    digest = hashlib.sha256()
    for part in (salt.encode(), rel.encode("utf-8", "surrogatepass"), data,
                 b"\1" + sidecar_text.encode("utf-8", "surrogatepass") if sidecar_text is not None else b"\0"):
        digest.update(len(part).to_bytes(8, "little") + part)
    return digest.hexdigest()
