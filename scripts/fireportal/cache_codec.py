"""One file's ingest result as bytes and back, for the persistent cache.

The bytes are MessagePack.  The decoder is msgspec's, given the exact types
of the pipeline's frozen Structs and dataclasses (`Document`, `Problem` and
what they hold): it builds those and nothing else, checks every field's type on the way
(a `str` field holding a number, a missing required field, a string where a
list belongs, bytes or an extension type anywhere: refused), and never runs
code named by the data, unlike pickle or marshal.  The cache folder may hold
files written by someone else (a CI cache restored from another branch), so
that matters.  Fields the data adds beyond the classes are ignored, so such
data can only change values the cache would hand back anyway, which the
entry's key and checksum already guard.

msgspec decodes straight into these classes in C: 3-5× faster than
`json.loads` with a Python object hook, which was most of a warm rebuild.
A `Block` (a msgspec Struct, about ten a document) is stored as an array of
its fields, not an object of named ones: decoding blocks was half of a warm
ingest, and arrays decode in half the time.  So is each `Origin` (about eight
a document), which were plain dicts built one key at a time, and so are the
`Document`, its `Metadata`, `TitleBlock` and `Lifecycle`, Structs stored as
arrays too: a dataclass is filled one attribute at a time, and matching
field names is work an array spares.  An array's fields are read in the
classes' order, which the cache's version (the code's hash) pins.

MessagePack rather than JSON: every string carries its length, so the
decoder neither scans it for its closing quote and escapes nor builds an
array in a list before making it a tuple.  Decoding the 10,000 entries of a
generated portal (10,957 documents) took 1,520 M instructions from JSON and
1,260 M from MessagePack (valgrind), and the entries are a tenth smaller
(42 MB, not 47).  What is left is mostly building the strings: the UTF-8
of the Chinese text alone is about half of it.  The fields that hold one of
a closed set (a block's kind, an origin, a level, a type, a status: about
twenty a document) are Literal types in the model, which the decoder hands
back as the model's own strings: the documents of those entries then take
79 MB of memory instead of 91, and a warm ingest touches that much less.
"""

from __future__ import annotations

import msgspec

from .model import Document, Problem


class NotCacheable(TypeError):
    """A value the stored form cannot carry exactly; the file is then simply not cached."""


class BadEntry(ValueError):
    """Bytes that are not an entry this code wrote: a miss, never an error for staff."""


class Entry(msgspec.Struct, frozen=True):
    """What one source file's entry holds: its key and path (checked on reading), and its result."""

    key: str
    path: str
    documents: tuple[Document, ...]
    problems: tuple[Problem, ...]
    texts: tuple[str, ...] = ()  # FileResult.texts: a hash of each document's text


class Head(msgspec.Struct, frozen=True):
    """An entry's key and path alone, for sorting entries into packs without building documents."""

    key: str
    path: str


_ENCODER = msgspec.msgpack.Encoder()
_DECODER = msgspec.msgpack.Decoder(Entry)
_HEAD_DECODER = msgspec.msgpack.Decoder(Head)


def encode_entry(key: str, path: str, documents: tuple, problems: tuple, texts: tuple = ()) -> bytes:
    """The entry's bytes, or NotCacheable when decoding them would not give these exact values back.

    Checked by decoding, because the stored form cannot keep a float NaN equal
    to itself, nor a value of the wrong type where a field is typed (a list
    comes back as a tuple, a number in a `str` field is refused); a result
    the cache would change is not cached.  The check costs
    about as much as a warm read of the file (tens of µs), a few percent of
    converting it.
    """
    try:
        data = _ENCODER.encode(Entry(key=key, path=path, documents=documents, problems=problems, texts=texts))
        back = _DECODER.decode(data)
    except (msgspec.MsgspecError, ValueError, TypeError, RecursionError) as exc:
        raise NotCacheable(str(exc)) from exc
    if back.documents != documents or back.problems != problems or back.texts != texts:
        raise NotCacheable("the stored form does not give the same values back")
    return data


def decode_entry(data: bytes | memoryview) -> Entry:
    """An entry's values; BadEntry for anything `encode_entry` never writes (truncated, corrupt, foreign)."""
    try:
        return _DECODER.decode(data)
    except (msgspec.MsgspecError, ValueError, TypeError, RecursionError) as exc:
        raise BadEntry(str(exc)) from exc


def decode_head(data: bytes | memoryview) -> Head:
    """An entry's key and path (the rest is only scanned); BadEntry if it is not an entry."""
    try:
        return _HEAD_DECODER.decode(data)
    except (msgspec.MsgspecError, ValueError, TypeError, RecursionError) as exc:
        raise BadEntry(str(exc)) from exc
