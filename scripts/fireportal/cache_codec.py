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

A document's blocks and the origins of its fields are each stored as one
MessagePack extension value holding their own MessagePack, and decoded into
`model.Blocks` and `model.Origins`, which decode them when first read:
decoding the 10,000 entries of a generated portal then takes about half as
long (alternating runs in fresh processes), and the ingest reads neither;
the page and the search text read the blocks later, `inspect` and the
page's notes the origins.  An extension value is refused anywhere else, as
is a code this module does not name.
"""

from __future__ import annotations

import msgspec

from .model import Blocks, Document, Origins, Problem


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


# The MessagePack extension codes of the values a document's entry stores
# as one value each, decoded when first read (fireportal.model._Stored).
EXTENSIONS: dict[int, type] = {1: Blocks, 2: Origins}
_CODES = {kind: code for code, kind in EXTENSIONS.items()}


def _as_extension(value: object) -> msgspec.msgpack.Ext:
    code = _CODES.get(type(value))
    if code is None:
        raise NotCacheable(f"{type(value).__name__} is not a stored type")
    return msgspec.msgpack.Ext(code, value.encoded())


def _from_extension(code: int, data: memoryview):
    kind = EXTENSIONS.get(code)
    if kind is None:
        raise ValueError(f"unknown extension {code}")
    # A copy: the pack is read into a buffer the next pack reuses.
    return kind.stored(bytes(data))


_ENCODER = msgspec.msgpack.Encoder(enc_hook=_as_extension)
_DECODER = msgspec.msgpack.Decoder(Entry, ext_hook=_from_extension)
_HEAD_DECODER = msgspec.msgpack.Decoder(Head)


def _stored_form(document: Document) -> Document:
    """The document with its blocks and origins as the types the entry stores as one value each."""
    changed = {}
    if not isinstance(document.blocks, Blocks):
        changed["blocks"] = Blocks(document.blocks)
    if not isinstance(document.origins, Origins):
        changed["origins"] = Origins(document.origins)
    return msgspec.structs.replace(document, **changed) if changed else document


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
        stored = tuple(map(_stored_form, documents))
        data = _ENCODER.encode(Entry(key=key, path=path, documents=stored, problems=problems, texts=texts))
        back = _DECODER.decode(data)
        # Comparing decodes the values stored as one each (model.StoredValueError is a ValueError).
        same = back.documents == documents and back.problems == problems and back.texts == texts
    except (msgspec.MsgspecError, ValueError, TypeError, RecursionError) as exc:
        raise NotCacheable(str(exc)) from exc
    if not same:
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
