"""The stat index: the content key each source had when its file last looked a certain way.

A warm build that reads and hashes every source to find its cache entry
spends most of its time doing that; git's index showed the way out.  For each
source this file keeps the `lstat` of the source and of its sidecar (size,
mtime, ctime, inode, device) and the entry key their bytes gave.  A file whose
stat is the same is taken to hold the same bytes, so its key is known without
reading it.  The key is still checked against the pack's entry, so a stat hit
can only ever name an entry that exists for this exact path and content; it
is a shortcut to the content key, never a replacement for it.

ctime cannot be set by programs (`touch -d`, `os.utime`, `cp -p`, `tar x`
all set it to now), so a file rewritten and dated back still looks changed.
What stat cannot see is a change inside the clock tick in which the file was
last seen ("racy git"): a file whose mtime or ctime is not older than the
time the folder was listed by RACY_NS is not recorded, so it is read and
hashed again next time.  RACY_NS also covers file systems whose times are
coarse (FAT: 2 s) and a kernel clock that runs a tick behind `time_ns`.

The index lives in the cache's version folder, so a code or taxonomy change
drops it with the entries.  One that is missing, damaged or of another
format is empty: every source is then read and hashed, as on a fresh CI
checkout, where every mtime is new anyway.
"""

from __future__ import annotations

import os
import stat
import zlib
from pathlib import Path

import msgspec

MAGIC = b"fireportal stat index 1\n"
RACY_NS = 2_000_000_000

# size, mtime_ns, ctime_ns, inode, device; () for "no sidecar".
Signature = tuple[int, ...]
# path -> (entry key, the source's signature, its sidecar's signature)
Index = dict[str, tuple[str, Signature, Signature]]

_ROWS = list[tuple[str, str, tuple[int, ...], tuple[int, ...]]]
_ENCODER = msgspec.msgpack.Encoder()
_DECODER = msgspec.msgpack.Decoder(_ROWS)
_CRC = 4


def signature(st: os.stat_result) -> Signature:
    """What a regular file's `lstat` says about its bytes; () for anything else (never trusted)."""
    if not stat.S_ISREG(st.st_mode):
        return ()
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def settled(sig: Signature, listed_ns: int) -> bool:
    """Whether a signature taken after `listed_ns` may be trusted next time: its times are well before it."""
    return max(sig[1], sig[2]) < listed_ns - RACY_NS


def known_key(index: Index, path: str, source: Signature, sidecar: Signature | None) -> str | None:
    """The key recorded for this path if neither file changed since, else None.

    `sidecar` is None when the sidecar's name is there but is not a regular
    file (the reader reports it): such a source is always read.
    """
    row = index.get(path)
    if row is None or not source or sidecar is None or row[1] != source or row[2] != sidecar:
        return None
    return row[0]


def read_index(path: Path) -> Index:
    """The index stored at `path`, or {} when there is none or it is not one this code wrote whole."""
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError:
        return {}
    head = len(MAGIC) + _CRC
    if len(data) < head or data[: len(MAGIC)] != MAGIC:
        return {}
    body = memoryview(data)[head:]
    if zlib.crc32(body) != int.from_bytes(data[len(MAGIC):head], "little"):
        return {}
    try:
        rows = _DECODER.decode(body)
    except (msgspec.MsgspecError, ValueError, TypeError):
        return {}
    return {name: (key, tuple(source), tuple(sidecar)) for name, key, source, sidecar in rows}


def write_index(path: Path, index: Index) -> None:
    """Store the index atomically (a reader sees the old one or the new one); OSError when it cannot."""
    body = _ENCODER.encode([(name, *index[name]) for name in sorted(index)])
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as file:
            file.write(MAGIC + zlib.crc32(body).to_bytes(_CRC, "little") + body)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
