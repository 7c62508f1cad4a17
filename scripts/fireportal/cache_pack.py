"""The cache's two file formats: packs, read by path, and journals, appended to while converting.

Opening a small file costs about as much as decoding a cache entry (20-40 µs
here), so a warm rebuild that opens one entry file per source spends a third
of its time in `open`; creating one costs 0.1-0.9 ms on this shared disk,
more than converting a document should.  So neither format has a file per
source.

A pack holds the entries of many sources:

    MAGIC, the index's length (8 bytes, little-endian), the index (JSON:
    [[path, key, offset, length, crc32], ...], offsets counted from the end of
    the index), then the entries' bytes (MessagePack, fireportal.cache_codec)
    one after another.

A reader reads the index once and then only the entry asked for.  Every entry
carries its CRC-32, so a pack that is truncated or damaged yields misses for
the entries it damaged, never wrong values; an index that cannot be read makes
the whole pack empty.  Packs are written to a temporary name and renamed, so a
reader sees the old pack or the new one, whole.

A journal is what one process appends the entries it converts to, one
`os.write` each (so a parallel ingest's workers never share a file and never
create one per source):

    JOURNAL_MAGIC, then records: the entry's length and CRC-32 (4 bytes each,
    little-endian), then the entry's bytes.

A record cut short (the process was killed mid-write) and everything after it
are ignored.  While a process writes its journal it holds an exclusive
`flock` on it, so another process packing the folder leaves it alone.
"""

from __future__ import annotations

import os
import secrets
import zlib
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; an open journal cannot be deleted there anyway
    fcntl = None

import msgspec

MAGIC = b"fireportal ingest pack 1\n"
_LENGTH = 8
# Far above any real index (about 200 bytes a source); a larger claimed length is damage.
MAX_INDEX = 1 << 30

_Index = list[tuple[str, str, int, int, int]]
_INDEX_DECODER = msgspec.json.Decoder(_Index)
_INDEX_ENCODER = msgspec.json.Encoder()


class ReadBuffer:
    """Memory that packs are read into whole, one after another.

    A warm build reads every pack once, between decoding thousands of
    entries: a new buffer for each pack (about 1 MB at 10,000 sources) was
    fresh memory from the system every time, and reading 50 MB that way took
    as long as decoding a fifth of the entries.
    """

    def __init__(self) -> None:
        self._memory = bytearray()

    def read(self, file) -> memoryview:
        """The whole of an open file (as much as it holds now), in this buffer."""
        size = os.fstat(file.fileno()).st_size
        if len(self._memory) < size:
            # A new one, not resized: views into the old one may still be held.
            self._memory = bytearray(size)
        view = memoryview(self._memory)[:size]
        done = 0
        while done < size and (count := file.readinto(view[done:])):
            done += count
        return view[:done]


class Pack:
    """An open pack: its index in memory, entries read on demand.

    `whole`: read the whole file at once, for a reader that wants most of its
    entries (one read instead of one `pread` each); the bytes stay in memory
    until `close`.  Given a `ReadBuffer`, the file is read into it instead of
    into new memory, and what `read` returns holds only until the next pack
    is read into the same buffer.
    """

    def __init__(self, path: Path, *, whole: bool | ReadBuffer = False) -> None:
        self.index: dict[str, tuple[str, int, int, int]] = {}
        self._file = None
        self._data: memoryview | None = None
        self.start = self._end = 0  # where the entries begin, and the file's end
        try:
            file = open(path, "rb")  # noqa: SIM115 - held open between reads, closed by close()
        except OSError:
            return
        try:
            if whole:
                self._data = whole.read(file) if isinstance(whole, ReadBuffer) else memoryview(file.read())
                head = self._data[: len(MAGIC) + _LENGTH].tobytes()
                size = len(self._data)
            else:
                head = file.read(len(MAGIC) + _LENGTH)
                size = os.fstat(file.fileno()).st_size
            length = int.from_bytes(head[len(MAGIC):], "little")
            if head[: len(MAGIC)] != MAGIC or len(head) != len(MAGIC) + _LENGTH or length > min(size, MAX_INDEX):
                raise ValueError("not a pack")
            start = len(MAGIC) + _LENGTH
            rows = _INDEX_DECODER.decode(self._data[start : start + length] if whole else file.read(length))
        except (OSError, ValueError):  # msgspec's DecodeError is a ValueError
            file.close()
            self._data = None
            return
        self.index = {path: (key, offset, size, crc) for path, key, offset, size, crc in rows}
        self._file = file
        self.start = len(MAGIC) + _LENGTH + length
        self._end = size

    def read(self, path: str, key: str) -> bytes | memoryview | None:
        """The entry stored for `path` if it was made from `key` and is intact, else None."""
        found = self.index.get(path)
        if found is None or found[0] != key or self._file is None:
            return None
        _, offset, size, crc = found
        if offset < 0 or size < 0 or self.start + offset + size > self._end:
            return None  # a damaged index must not make us allocate or seek anywhere
        if self._data is not None:
            data = self._data[self.start + offset : self.start + offset + size]
        else:
            try:
                data = _pread(self._file, size, self.start + offset)
            except (OSError, ValueError, OverflowError):
                return None
        if len(data) != size or zlib.crc32(data) != crc:
            return None
        return data

    def entries(self) -> dict[str, tuple[str, bytes]]:
        """Every intact entry, path -> (key, bytes): what a rewrite of this pack starts from."""
        out: dict[str, tuple[str, bytes]] = {}
        for path, (key, *_) in self.index.items():
            data = self.read(path, key)
            if data is not None:
                out[path] = (key, data)
        return out

    def close(self) -> None:
        self._data = None
        if self._file is not None:
            self._file.close()
            self._file = None


if hasattr(os, "pread"):
    def _pread(file, size: int, offset: int) -> bytes:
        # One call, and no shared file position (a forked worker holds the same descriptor).
        return os.pread(file.fileno(), size, offset)
else:  # Windows
    def _pread(file, size: int, offset: int) -> bytes:
        file.seek(offset)
        return file.read(size)


def write_pack(path: Path, entries: dict[str, tuple[str, bytes]]) -> None:
    """Write the entries (path -> (key, bytes)) as a pack, atomically; OSError when it cannot."""
    rows = []
    offset = 0
    names = sorted(entries)  # the same entries give the same file
    for name in names:
        key, data = entries[name]
        rows.append((name, key, offset, len(data), zlib.crc32(data)))
        offset += len(data)
    index = _INDEX_ENCODER.encode(rows)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as file:
            file.write(MAGIC + len(index).to_bytes(_LENGTH, "little") + index)
            file.writelines(entries[name][1] for name in names)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


JOURNAL_MAGIC = b"fireportal ingest journal 1\n"
JOURNAL_SUFFIX = ".journal"
_RECORD = 8


class Journal:
    """This process's journal in `folder`, created on the first append, locked while open."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pid = os.getpid()
        self._fd: int | None = None
        self.broken = False

    def append(self, data: bytes) -> bool:
        """Add one entry (False: not stored, e.g. the disk is full; the journal then stops)."""
        if self.broken:
            return False
        try:
            if self._fd is None:
                self._open()
            record = len(data).to_bytes(4, "little") + zlib.crc32(data).to_bytes(4, "little") + data
            # One call: O_APPEND places it whole at the end, after any earlier record.
            if os.write(self._fd, record) != len(record):
                raise OSError("short write")
        except (OSError, OverflowError):
            self.broken = True  # a half-written record ends what readers take from this journal
            self.close()
            return False
        return True

    def _open(self) -> None:
        path = self.folder / f"{self.pid}-{secrets.token_hex(6)}{JOURNAL_SUFFIX}"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | getattr(os, "O_BINARY", 0), 0o644)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.write(fd, JOURNAL_MAGIC)
        except OSError:
            os.close(fd)
            raise
        self._fd = fd

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            if self.pid == os.getpid():  # a forked child leaves its parent's journal to the parent
                os.close(fd)


def claim(path: Path, *, mine: bool = False):
    """Open a journal to read it, locked so no one else packs it at the same time; None if in use.

    `mine`: written by this process, by a store that is done with it (stores
    run one after another) but may not have been closed yet, whose lock would
    otherwise keep it from being packed until the garbage collector frees it.
    """
    try:
        file = open(path, "rb")  # noqa: SIM115 - returned to the caller, who closes it
    except OSError:
        return None
    if fcntl is not None:
        try:
            fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # its writer is still running
            if not mine:
                file.close()
                return None
    return file


def journal_records(file) -> Iterator[tuple[int, bytes]]:
    """(offset, bytes) of each intact record of an open journal, in order; stops at the first damaged one."""
    end = os.fstat(file.fileno()).st_size
    file.seek(0)
    if file.read(len(JOURNAL_MAGIC)) != JOURNAL_MAGIC:
        return
    offset = len(JOURNAL_MAGIC)
    while True:
        head = file.read(_RECORD)
        if len(head) != _RECORD:
            return
        size, crc = int.from_bytes(head[:4], "little"), int.from_bytes(head[4:], "little")
        if offset + _RECORD + size > end:
            return  # cut short (or a damaged length): nothing to allocate for
        data = file.read(size)
        if len(data) != size or zlib.crc32(data) != crc:
            return
        yield offset + _RECORD, data
        offset += _RECORD + size


def read_record(file, offset: int, size: int) -> bytes:
    return _pread(file, size, offset)
