"""A persistent cache of per-file ingest results, so a rebuild converts only what changed.

CI and `mkdocs build` start a fresh process every time; the in-memory cache
of `ingest_tree` then helps nothing.  This one keeps each source file's
`FileResult` on disk, under `<cache_dir>/ingest-<salt>/`, where the salt
is a hash of the package version, of every file of the fireportal package
(so any code change invalidates everything) and of the taxonomy.  An entry
also records its own key (the path, the source's bytes and its sidecar's
bytes), so a stale entry is simply a miss.

Entries are MessagePack decoded by msgspec into the pipeline's own types
(fireportal.cache_codec), never pickle: the cache folder is a plain folder
next to the project; a committed `.cache/`, a CI cache restored from another
branch or a shared network folder could hold files somebody else wrote, and
unpickling such a file runs their code.  They live in packs and journals
(fireportal.cache_pack), not a file per source.  Reading one unchanged
file's entry took 1.16 M instructions (callgrind) when it was a JSON file per
source decoded with a Python object hook, and 0.19 M from a pack with msgspec
(JSON); as MessagePack it takes 0.165 M (valgrind, 10,000 sources, 10,957
documents), three quarters of it building the documents and a tenth the CRC.
A corrupt, truncated or foreign entry is a miss and is
rewritten; a write that fails leaves the build uncached, never wrong.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import zlib
from functools import cache
from pathlib import Path

from . import __version__
from .cache_codec import BadEntry, NotCacheable, decode_entry, decode_head, encode_entry
from .cache_pack import (JOURNAL_SUFFIX, Journal, Pack, ReadBuffer, claim, journal_records, read_record,
                         write_pack)
from .cache_stats import Index, Signature, known_key, read_index, settled, write_index

# Bumped when the entry format changes.
SCHEMA = 6
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


# -- the store ------------------------------------------------------------------------

# Packs per version folder.  A source's pack is fixed by a hash of its path, so
# adding files never moves entries; 64 keeps a pack small enough to rewrite
# on every change (about 1 MB at 10,000 sources, 9 MB at 100,000) and large
# enough that opening packs costs nothing next to reading the entries.
BUCKETS = 64
STAT_INDEX = "stats.index"


def bucket_of(rel: str) -> int:
    """The pack a source path's entry lives in.

    CRC-32, not a cryptographic hash: it only spreads paths over the packs
    (nothing trusts it), and a warm build asks it for every source, where
    sha256 cost a tenth of the time left besides decoding the entries.
    """
    return zlib.crc32(rel.encode("utf-8", "surrogatepass")) % BUCKETS


class IngestCache:
    """Entries under `<folder>/ingest-<salt>/`: packs of many sources, and journals not yet packed.

    `put` appends to this process's journal, so the worker processes of a
    parallel ingest write at the same time without sharing or creating a file
    per source.  `close` (and the next `open`, for what a run that stopped
    early left) moves the journals' entries into their packs, replacing an
    older entry of the same source, so the cache holds one entry per source
    and a warm build opens 64 files, not one per source.  Entries of deleted
    files go with the next code or taxonomy change, when the whole version
    folder is removed.

    Beside them, the stat index (fireportal.cache_stats) gives the key of each
    source whose file has not changed, so a warm build reads neither it nor
    its sidecar: `known_key` asks it, `keep` records what this run saw, and
    `close` stores that (only the sources seen this run) when it differs.
    """

    def __init__(self, folder: Path, salt: str) -> None:
        self.folder = Path(folder)
        self.salt = salt
        self.entries = self.folder / f"ingest-{salt[:24]}"
        self.usable = False
        self._packs: dict[int, Pack] = {}
        self._journal: Journal | None = None
        self._stats: Index = {}  # as the last run left it
        self._seen: Index = {}  # as this run found it

    def __getstate__(self) -> dict:
        # Sent to worker processes, which write their own journals and read no packs.
        return {**self.__dict__, "_packs": {}, "_journal": None, "_stats": {}, "_seen": {}}

    def __del__(self) -> None:
        with contextlib.suppress(AttributeError, OSError):  # half-built, or at interpreter exit
            self._release()

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
        if self.usable:
            self.pack()  # what a run that stopped early (or did not close) left in journals
            self._stats = read_index(self.entries / STAT_INDEX)
        return self.usable

    def close(self, listed_ns: int | None = None) -> None:
        """Pack what this run wrote, so the next run reads it from packs; safe to call twice.

        `listed_ns`: the sources were all walked and kept (`keep`) since that
        time, so the stat index becomes what this run saw.
        """
        self._release()
        if self.usable:
            self.pack()
            if listed_ns is not None and self._seen != self._stats:
                with contextlib.suppress(OSError):  # no index: the next run hashes every file, no more
                    write_index(self.entries / STAT_INDEX, self._seen)
                self._stats = self._seen
            self._seen = {}

    def known_key(self, rel: str, source: Signature, sidecar: Signature | None) -> str | None:
        """The key of a source whose file and sidecar are as the stat index recorded them, else None."""
        return known_key(self._stats, rel, source, sidecar)

    def keep(self, rel: str, key: str, source: Signature, sidecar: Signature | None,
             listed_ns: int | None = None) -> None:
        """Record a source's key and stat for the next run's stat index.

        `listed_ns`: when the stat was taken from a fresh walk, the time the
        walk began; a file changed too close to it is left out ("racy"), so
        the next run reads and hashes it.  Without it, a row the index already
        trusted is carried over.
        """
        if not source or sidecar is None:
            return
        if listed_ns is not None and not (settled(source, listed_ns) and (not sidecar or settled(sidecar, listed_ns))):
            return
        self._seen[rel] = (key, source, sidecar)

    def _release(self) -> None:
        for pack in self._packs.values():
            pack.close()
        self._packs.clear()
        if self._journal is not None:
            self._journal.close()
            self._journal = None

    def _drop_other_versions(self) -> None:
        # Only folders this class names, only inside a folder it tagged.
        for child in self.folder.iterdir():
            if child.name.startswith("ingest-") and child != self.entries and child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)

    def _pack_path(self, bucket: int) -> Path:
        return self.entries / f"{bucket:02d}.pack"

    def get(self, rel: str, key: str):
        """The cached FileResult for this path and key, or None (missing, stale or unreadable)."""
        if not self.usable:
            return None
        bucket = bucket_of(rel)
        pack = self._packs.get(bucket)
        if pack is None:
            pack = self._packs[bucket] = Pack(self._pack_path(bucket))
        entry = self._entry(pack, rel, key)
        if entry is None:
            return None
        from .pipeline import FileResult

        return FileResult(documents=entry.documents, problems=entry.problems, texts=entry.texts)

    def get_many(self, wanted: list[tuple[str, str]]) -> list:
        """`get` for many (path, key) pairs: each pack read once, whole; a list in the same order."""
        results: list = [None] * len(wanted)
        if not self.usable or not wanted:
            return results
        from .pipeline import FileResult

        by_bucket: dict[int, list[int]] = {}
        for i, (rel, _) in enumerate(wanted):
            by_bucket.setdefault(bucket_of(rel), []).append(i)
        memory = ReadBuffer()
        for bucket, positions in sorted(by_bucket.items()):
            # One pack in memory at a time: at 100,000 sources they hold 550 MB.
            pack = Pack(self._pack_path(bucket), whole=memory)
            try:
                for i in positions:
                    rel, key = wanted[i]
                    entry = self._entry(pack, rel, key)
                    if entry is not None:
                        results[i] = FileResult(documents=entry.documents, problems=entry.problems,
                                                texts=entry.texts)
            finally:
                pack.close()
        return results

    @staticmethod
    def _entry(pack: Pack, rel: str, key: str):
        data = pack.read(rel, key)
        if data is None:
            return None
        try:
            entry = decode_entry(data)
        except BadEntry:
            return None
        if entry.key != key or entry.path != rel:
            return None  # a damaged index pointing at another entry
        return entry

    def put(self, rel: str, key: str, result) -> bool:
        """Store a result in this process's journal (packed by `close` or the next `open`)."""
        if not self.usable:
            return False
        try:
            data = encode_entry(key, rel, result.documents, result.problems, result.texts)
        except NotCacheable:
            return False
        if self._journal is None or self._journal.pid != os.getpid():
            # First write, or a forked worker: each process appends to its own journal.
            self._journal = Journal(self.entries)
        return self._journal.append(data)

    def pack(self) -> None:
        """Move the journals' entries into their packs (on failure they stay: slower, never wrong).

        Memory holds one pack at a time, not the journals: a cold run at
        100,000 sources journals about 550 MB.
        """
        claimed = []
        try:
            names = sorted(os.listdir(self.entries))
        except OSError:
            return
        try:
            mine = f"{os.getpid()}-"
            for name in names:
                if not name.endswith(JOURNAL_SUFFIX):
                    continue
                if (file := claim(self.entries / name, mine=name.startswith(mine))) is not None:
                    claimed.append((os.fstat(file.fileno()).st_mtime_ns, name, file))
            claimed.sort(key=lambda item: item[:2])  # oldest first: of two entries for a source, the later wins
            found: dict[int, dict[str, tuple[object, int, int, str]]] = {}
            for _, _, file in claimed:
                for offset, data in journal_records(file):
                    try:
                        head = decode_head(data)
                    except BadEntry:
                        continue
                    found.setdefault(bucket_of(head.path), {})[head.path] = (file, offset, len(data), head.key)
            for bucket, new in sorted(found.items()):
                if not self._merge(bucket, new):
                    return  # journals kept: packed on a later try
            for _, name, _ in claimed:
                (self.entries / name).unlink(missing_ok=True)
        except OSError:
            return
        finally:
            for _, _, file in claimed:
                file.close()

    def _merge(self, bucket: int, new: dict[str, tuple[object, int, int, str]]) -> bool:
        pack = self._packs.pop(bucket, None) or Pack(self._pack_path(bucket))
        try:
            entries = pack.entries()  # a damaged pack keeps its intact entries
        finally:
            pack.close()
        for rel, (file, offset, size, key) in new.items():
            entries[rel] = (key, read_record(file, offset, size))
        try:
            write_pack(self._pack_path(bucket), entries)
        except OSError:
            return False
        return True


def entry_key(salt: str, rel: str, data: bytes, sidecar_text: str | None) -> str:
    """The content a result depends on: its path, the source's bytes and its sidecar's text."""
    digest = hashlib.sha256()
    for part in (salt.encode(), rel.encode("utf-8", "surrogatepass"), data,
                 b"\1" + sidecar_text.encode("utf-8", "surrogatepass") if sidecar_text is not None else b"\0"):
        digest.update(len(part).to_bytes(8, "little") + part)
    return digest.hexdigest()
