"""Plain data passed between the pipeline stages.

Every stage takes and returns these frozen values; only the CLI and the
mkdocs plugin touch the file system.

They have slots and no `__dict__`: a warm build decodes every document from
the cache, and without a dict per object that is a fifth faster and a third
less memory.  Nothing may set other attributes on them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

import msgspec

# The closed sets a stored field may hold are Literal types, not plain `str`:
# msgspec then decodes each from the cache as the one string object this
# module holds instead of building a new string per value (about twenty a
# document), and refuses any other value on the way.  A value outside its
# set can still be built; its entry then fails the cache's round-trip check
# and the file is converted again next time, never handed back changed.

# Where a metadata value came from; `inspect` shows it next to each field.
OriginName = Literal["text", "path", "taxonomy", "sidecar", "front-matter", "shape"]
ORIGINS = get_args(OriginName)

DocType = Literal["", "简报", "会议", "通知", "总结", "计划", "新闻"]
DOC_TYPES = get_args(DocType)[1:]
UnitLevel = Literal["", "局", "总队", "支队", "大队", "站"]
UNIT_LEVELS = get_args(UnitLevel)[1:]
BlockKind = Literal["section", "subsection", "item", "heading", "paragraph", "closing", "table", "image"]

# The front-matter field names, in the order they are written.
FIELDS = (
    "title",
    "subtitle",
    "date",
    "unit",
    "unit_level",
    "parent_unit",
    "campaigns",
    "doc_type",
    "doc_number",
    "departments",
    "author",
    "outlet",
    "source",
)


@dataclass(frozen=True, kw_only=True, slots=True)
class Problem:
    """A message for staff: which file, what is wrong, what to do."""

    path: str
    level: str  # "error" or "warning"
    message: str

    def line(self) -> str:
        label = "错误" if self.level == "error" else "警告"
        return f"{label} {self.path}: {self.message}"


class RawText(msgspec.Struct, frozen=True, kw_only=True):
    """A source file decoded to text, before any cleanup.

    This, `Cleaned`, `TitleBlock` and `Structured` are frozen msgspec Structs,
    like `Block` and `Value` (the same keyword construction, == and repr;
    `msgspec.structs.replace` for a changed copy): one of each is made per
    file or document, and a Struct is built in C many times as fast as a
    frozen dataclass, which sets each field through object.__setattr__.
    """

    path: str  # repo-relative, POSIX separators
    text: str
    encoding: str
    front_matter: dict = msgspec.field(default_factory=dict)  # only .md sources have it
    problems: tuple[Problem, ...] = ()


class Cleaned(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    text: str
    fired: tuple[tuple[str, int], ...]  # (cleanup name, times it changed something)
    # Lines the furniture cleanups removed (page numbers, a web page's
    # publication line …): metadata reads them, the no-loss count allows them.
    removed: tuple[str, ...] = ()


class Block(msgspec.Struct, frozen=True, kw_only=True, array_like=True, gc=False):
    """One unit of the outline.

    kind: "section" (一、), "subsection" (（一）), "item" (1、 / （1）),
    "heading" (an unnumbered short heading line), "paragraph" or "closing"
    (the 落款 at the end: issuer lines, then the date); a reader that knows
    the layout adds "table" and "image".

    A frozen msgspec Struct, not a dataclass like the others (the same
    keyword construction, ==, hash and repr; `msgspec.structs.replace` for a
    changed copy): a warm build decodes about ten per document from the cache,
    and a Struct is built in C straight from an array of its fields, twice as
    fast as a dataclass from an object of named ones.  It holds only strings
    and tuples of them, so it can have no cycles and stays out of the cyclic
    collector's sight (gc=False).
    """

    kind: BlockKind
    marker: str = ""  # the number as written, e.g. "一、" or "（一）"
    text: str
    departments: tuple[str, ...] = ()
    note_label: str = ""  # e.g. 责任处室, kept so the page says what the source said
    # kind "table" (from a .docx): its rows of cell texts, the first the header
    # row; `text` then holds the cells as one plain line, for metadata and search.
    rows: tuple[tuple[str, ...], ...] = ()
    # kind "image": the picture's file name next to the page; `text` is its alt text.
    src: str = ""


class StoredValueError(ValueError):
    """A stored value that does not decode: the cache folder was altered after the entry was written."""


class _Stored:
    """A document's value that the persistent cache stores as one MessagePack value, decoded when first read.

    A warm build takes every unchanged document from the cache, and building
    a document's blocks (ten or so `Block`s) and the origins of its fields
    (eight or so `Origin`s) was about half of decoding it, for values only
    the page, the search text and `inspect` read later.  So the cache
    (fireportal.cache_codec) stores each as one value and hands back this
    holder of its bytes; the first read decodes them, once, and lets the
    bytes go.  Otherwise it is the plain value (a tuple, a dict): equal to
    it, the same repr, and it reads like it.  A document converted now holds
    the plain value.

    The bytes were decoded back and compared when the entry was written, and
    the entry's CRC-32 covers them, so a decoding that fails here means the
    cache folder was altered by hand: StoredValueError, naming the fix.
    """

    __slots__ = ("_data", "_value")
    _decoder: msgspec.msgpack.Decoder
    _plain: type

    def __init__(self, value=None) -> None:
        self._data: bytes | None = None
        self._value = self._plain(value) if value is not None else self._plain()

    @classmethod
    def stored(cls, data: bytes):
        """The value whose MessagePack bytes are decoded when first read."""
        self = cls.__new__(cls)
        self._data, self._value = data, None
        return self

    def encoded(self) -> bytes:
        """The value as MessagePack (the stored bytes themselves while they are undecoded)."""
        return self._data if self._value is None else _ENCODER.encode(self._value)

    @property
    def value(self):
        value = self._value
        if value is None:
            data = self._data
            if data is None:  # another thread decoded it meanwhile (it sets the value first)
                return self._value
            try:
                value = self._decoder.decode(data)
            except (msgspec.MsgspecError, ValueError, TypeError, RecursionError) as exc:
                raise StoredValueError(
                    "缓存文件夹（默认 .cache/fireportal）中的数据已损坏：请删除这个文件夹后重新构建") from exc
            self._value = value
            self._data = None
        return value

    def __len__(self) -> int:
        return len(self.value)

    def __iter__(self):
        return iter(self.value)

    def __contains__(self, item) -> bool:
        return item in self.value

    def __eq__(self, other) -> bool:
        if isinstance(other, type(self)):
            return self.value == other.value
        if isinstance(other, self._plain):
            return self.value == other
        return NotImplemented

    def __repr__(self) -> str:
        return repr(self.value)

    def __reduce__(self):
        # Undecoded, it travels as its bytes: a process that never reads it never decodes it.
        return (type(self).stored, (self._data,)) if self._value is None else (type(self), (self._value,))


_ENCODER = msgspec.msgpack.Encoder()


class Blocks(_Stored, Sequence):
    """A document's blocks as the cache stored them (see `_Stored`): a tuple of Block once read."""

    __slots__ = ()
    _decoder = msgspec.msgpack.Decoder(tuple[Block, ...])
    _plain = tuple

    def __getitem__(self, index):
        return self.value[index]

    def __reversed__(self):
        return reversed(self.value)

    def __hash__(self) -> int:
        return hash(self.value)

    def __add__(self, other):
        return self.value + tuple(other) if isinstance(other, (tuple, Blocks)) else NotImplemented

    def __radd__(self, other):
        return tuple(other) + self.value if isinstance(other, tuple) else NotImplemented


class TitleBlock(msgspec.Struct, frozen=True, kw_only=True, array_like=True, gc=False):
    """What sits above the body: publication, issue, unit/date line, title.

    Only strings (no cycles, so out of the cyclic
    collector's sight, as `Block`); stored in the cache as an array of its
    fields, as `Block` is (see fireportal.cache_codec).
    """

    title: str = ""
    subtitle: str = ""
    publication: str = ""  # e.g. 消防救援工作简报
    issue: str = ""  # e.g. 专刊（2）
    dateline: str = ""  # the unit-and-date line as written
    byline: str = ""  # e.g. 作者：卢成良, read into `author`
    # A credit inside the text, left there (not shown apart): （记者 王杰学 通讯员
    # 苏延斌） after a lead's 讯, or （见习记者 姚亚婷） closing the last paragraph.
    credit: str = ""


class Structured(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    head: TitleBlock
    blocks: tuple[Block, ...]


class Value(msgspec.Struct, frozen=True, kw_only=True):
    """One field's value as a rule chose it, and where it came from.

    A frozen msgspec Struct, like `Block` (the same keyword construction, ==
    and repr; `msgspec.structs.replace` for a changed copy): the rules make
    about seventeen per document, never stored, and a Struct is built in C
    ten times as fast as a frozen dataclass, which sets each field through
    object.__setattr__.
    """

    value: object
    origin: str  # one of ORIGINS
    note: str = ""  # where in the text, in words staff read: 标题行, 落款日期 …
    # Chosen without evidence that it is right (the first sentence as a title,
    # the unit the body names most): `ingest` warns and names the sidecar fix.
    guessed: bool = False


class Origin(msgspec.Struct, frozen=True, kw_only=True, array_like=True, gc=False):
    """Where one field's value came from, as `inspect` and a new sidecar's comments show it.

    A frozen Struct stored as an array, like `Block`, for the same reason: a
    warm build decodes about eight per document.  As plain dicts, built one
    key at a time, they were a sixth of decoding an entry; as Structs they
    decode in 40% less time and hold 13 MB less at 10,000 sources.  Only
    strings and a bool, so no cycles (gc=False).
    """

    origin: OriginName
    note: str = ""  # as in Value
    guessed: bool = False

    def as_dict(self) -> dict:
        """The plain form `inspect --json` prints, keys in this order."""
        return {"origin": self.origin, "note": self.note, "guessed": self.guessed}


class Origins(_Stored, Mapping):
    """Where each field's value came from, as the cache stored it (see `_Stored`): a dict once read."""

    __slots__ = ()
    _decoder = msgspec.msgpack.Decoder(dict[str, Origin])
    _plain = dict
    __hash__ = None  # as a dict's

    def __getitem__(self, name: str) -> Origin:
        return self.value[name]

    def get(self, name: str, default=None):
        return self.value.get(name, default)

    def items(self):
        return self.value.items()

    def keys(self):
        return self.value.keys()

    def values(self):
        return self.value.values()


class Metadata(msgspec.Struct, frozen=True, kw_only=True, array_like=True, gc=False):
    """A document's front-matter fields.

    A frozen msgspec Struct like `TitleBlock` (one per document, built in C;
    only strings and tuples of them), cached as an array of its fields."""

    title: str
    subtitle: str = ""
    date: str = ""  # YYYY-MM-DD, YYYY-MM or YYYY; "" when unknown
    unit: str = ""
    unit_level: UnitLevel = ""
    parent_unit: str = ""
    campaigns: tuple[str, ...] = ()
    doc_type: DocType = ""
    doc_number: str = ""  # 文号, e.g. 辽消〔2023〕8号
    departments: tuple[str, ...] = ()
    author: str = ""
    outlet: str = ""  # 来源: the newspaper, site or account a copied page names
    source: str = ""

    def front_matter(self) -> dict:
        """The fields as written to YAML, empty optional ones left out."""
        out: dict = {}
        for name in FIELDS:
            value = getattr(self, name)
            if isinstance(value, tuple):
                value = list(value)
            if value or name in ("title", "source"):
                out[name] = value
        return out


# 有效性 as a sidecar or front matter writes it: in force, amended, repealed,
# withdrawn.  Only 已撤回 takes a document off the lists (fireportal.site.lifecycle).
Status = Literal["", "有效", "已修改", "已废止", "已撤回"]
STATUSES = get_args(Status)[1:]


class Lifecycle(msgspec.Struct, frozen=True, kw_only=True, array_like=True, gc=False):
    """What happened to a document after it was published.

    The first five come from a sidecar or front matter; the dates from git
    (fireportal.history), "" when not known, so nothing is ever invented.
    A frozen msgspec Struct like `Metadata` (one per document, cached as an
    array of its fields; `msgspec.structs.replace` for a changed copy).
    """

    status: Status = ""  # "" when not set (nothing shown)
    replaced_by: str = ""  # another document's source path or slug
    withdrawn_on: str = ""  # YYYY-MM-DD as written; else the git date of the last change
    reason: str = ""  # why it was withdrawn, amended or repealed
    aliases: tuple[str, ...] = ()  # old slugs whose URLs lead here
    renamed_from: tuple[str, ...] = ()  # old slugs of the source's former paths (git renames)
    first_published: str = ""  # YYYY-MM-DD (China time) of the first commit of the source
    last_updated: str = ""  # YYYY-MM-DD of the last commit of the source or its sidecar


class Document(msgspec.Struct, frozen=True, kw_only=True, array_like=True):
    """One published document: a whole source file or one part of it.

    A frozen msgspec Struct like `Metadata` (built in C; `msgspec.structs.replace`
    for a changed copy), cached as an array of its fields: a warm build decodes
    one per unchanged document, and an array spares msgspec matching each
    field's name."""

    slug: str  # stable ASCII path segment, from the source path only
    part: int  # 1-based part number within its source file
    parts: int  # how many documents the source file held
    meta: Metadata
    # Field name -> where its value came from, for `inspect` and the page's
    # notes: a dict when converted now, Origins (the same, decoded when first
    # read) when taken from the persistent cache.
    origins: Origins
    head: TitleBlock
    # A tuple of Block when converted now; Blocks (the same sequence, decoded
    # when first read) when taken from the persistent cache.
    blocks: Blocks
    cleanups: tuple[tuple[str, int], ...] = ()
    problems: tuple[Problem, ...] = ()
    new_units: tuple[str, ...] = ()  # found by shape, not in the taxonomy
    new_campaigns: tuple[str, ...] = ()
    curated: bool = False  # a hand-written .md page: body kept as written
    body: str = ""  # curated Markdown body, only when curated
    lifecycle: Lifecycle = msgspec.field(default_factory=Lifecycle)

    @property
    def year(self) -> str:
        return self.meta.date[:4]

    @property
    def guessed(self) -> tuple[str, ...]:
        """Names of the fields chosen without firm evidence (each has a warning)."""
        return tuple(name for name, o in self.origins.items() if o.guessed)
