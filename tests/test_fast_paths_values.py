"""The values the pipeline builds cheaply (a shared empty one, a Struct in
place of a dataclass) are the values it built before."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fireportal.model import DOC_TYPES, UNIT_LEVELS, Lifecycle, Value
from fireportal.sidecar import LIFECYCLE_FIELDS, NO_OVERRIDES, Overrides, lifecycle_of, parse_sidecar
from fireportal.taxonomy import load_taxonomy


def _lifecycle_of_plain(front: Overrides, sidecar: Overrides) -> Lifecycle:
    return Lifecycle(**{name: getattr(sidecar.lifecycle, name) or getattr(front.lifecycle, name)
                        for name in LIFECYCLE_FIELDS})


def test_nothing_set_twice_is_the_empty_lifecycle():
    assert NO_OVERRIDES == Overrides()
    assert lifecycle_of(NO_OVERRIDES, NO_OVERRIDES) == _lifecycle_of_plain(Overrides(), Overrides()) == Lifecycle()


_LIFECYCLE_TEXTS = st.sampled_from(["", "status: 已废止\n", "status: 已撤回\nreason: 重复\n", "aliases: [old-a]\n",
                                    "replaced_by: sources/2024/x.txt\n", "title: 标题\n"])


@settings(max_examples=100, deadline=None)
@given(_LIFECYCLE_TEXTS, _LIFECYCLE_TEXTS)
def test_the_lifecycle_of_any_two_is_their_merge(front_text, sidecar_text):
    front = parse_sidecar("a.meta.yml", front_text) if front_text else NO_OVERRIDES
    sidecar = parse_sidecar("a.meta.yml", sidecar_text) if sidecar_text else NO_OVERRIDES
    assert lifecycle_of(front, sidecar) == _lifecycle_of_plain(front, sidecar)


def test_a_source_without_sidecar_or_front_matter_has_the_empty_lifecycle():
    from fireportal.pipeline import ingest_file

    result = ingest_file("sources/2024/a.txt", "关于开展消防检查的通知\n\n一、检查范围。".encode(),
                         taxonomy=load_taxonomy(None))
    assert [d.lifecycle for d in result.documents] == [Lifecycle()]


@dataclass(frozen=True, kw_only=True, slots=True)
class _ValueAsDataclass:
    """Value as it was: what the Struct must behave like."""

    value: object
    origin: str
    note: str = ""
    guessed: bool = False


_ANY_VALUE = st.one_of(st.text(max_size=5), st.tuples(st.text(max_size=3)), st.none(), st.integers())


@settings(max_examples=200, deadline=None)
@given(_ANY_VALUE, st.text(max_size=5), st.text(max_size=5), st.booleans(), _ANY_VALUE, st.text(max_size=5))
def test_a_value_compares_and_is_replaced_as_the_dataclass_was(value, origin, note, guessed, other, new_note):
    made = Value(value=value, origin=origin, note=note, guessed=guessed)
    plain = _ValueAsDataclass(value=value, origin=origin, note=note, guessed=guessed)
    assert (made.value, made.origin, made.note, made.guessed) == (plain.value, plain.origin, plain.note, plain.guessed)
    assert Value(value=value, origin=origin) == Value(value=value, origin=origin, note="", guessed=False)
    assert (made == Value(value=other, origin=origin, note=note, guessed=guessed)) == (value == other)
    changed = msgspec.structs.replace(made, note=new_note)
    assert (changed.value, changed.origin, changed.note, changed.guessed) == (value, origin, new_note, guessed)


def test_a_value_is_frozen_and_named_by_keyword():
    made = Value(value="x", origin="text")
    with pytest.raises(AttributeError):
        made.note = "y"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Value("x", "text")  # type: ignore[misc]


@dataclass(frozen=True, kw_only=True, slots=True)
class _TitleBlockAsDataclass:
    """TitleBlock as it was, a dataclass."""

    title: str = ""
    subtitle: str = ""
    publication: str = ""
    issue: str = ""
    dateline: str = ""
    byline: str = ""
    credit: str = ""


_HEAD_FIELDS = st.fixed_dictionaries({}, optional={
    name: st.text(max_size=4) for name in ("title", "subtitle", "publication", "issue", "dateline", "byline", "credit")
})


@settings(max_examples=200, deadline=None)
@given(_HEAD_FIELDS)
def test_a_title_block_holds_what_the_dataclass_held_and_is_cached_as_its_fields(fields):
    from fireportal.model import TitleBlock

    made, plain = TitleBlock(**fields), _TitleBlockAsDataclass(**fields)
    _same_values_stored_as_an_array(made, plain)


def test_a_converted_document_decodes_from_the_cache_and_unpickles_as_itself():
    import pickle

    from fireportal.cache_codec import decode_entry, encode_entry
    from fireportal.pipeline import ingest_file

    text = "消防救援工作简报\n第3期\n盘锦市消防救援支队 2024年2月28日\n关于开展检查的通知\n\n一、检查范围。\n（责任科室：防火科）"
    result = ingest_file("sources/2024/a.txt", text.encode(), taxonomy=load_taxonomy(None))
    entry = decode_entry(encode_entry("k", "p", result.documents, result.problems, result.texts))
    assert entry.documents == result.documents
    # Stored as an array of every field, in the order the class names them.
    for document in result.documents:
        names = [f.name for f in msgspec.structs.fields(type(document))]
        assert names == ["slug", "part", "parts", "meta", "origins", "head", "blocks", "cleanups", "problems",
                         "new_units", "new_campaigns", "curated", "body", "lifecycle"]
        assert msgspec.msgpack.encode(document) == msgspec.msgpack.encode([getattr(document, n) for n in names])
    assert pickle.loads(pickle.dumps(result)) == result


@dataclass(frozen=True, kw_only=True, slots=True)
class _MetadataAsDataclass:
    """Metadata as it was, a dataclass."""

    title: str
    subtitle: str = ""
    date: str = ""
    unit: str = ""
    unit_level: str = ""
    parent_unit: str = ""
    campaigns: tuple[str, ...] = ()
    doc_type: str = ""
    doc_number: str = ""
    departments: tuple[str, ...] = ()
    author: str = ""
    outlet: str = ""
    source: str = ""


_META_FIELDS = st.fixed_dictionaries({"title": st.text(max_size=4)}, optional={
    name: st.text(max_size=4) for name in ("subtitle", "date", "unit", "parent_unit", "doc_number", "author",
                                           "outlet", "source")
} | {name: st.lists(st.text(max_size=3), max_size=3).map(tuple) for name in ("campaigns", "departments")} | {
    # Closed sets: the Struct decodes no other value (test_closed_sets_… below).
    "unit_level": st.sampled_from(("", *UNIT_LEVELS)), "doc_type": st.sampled_from(("", *DOC_TYPES)),
})


@settings(max_examples=200, deadline=None)
@given(_META_FIELDS)
def test_metadata_holds_what_the_dataclass_held_and_is_written_as_it_was(fields):
    from fireportal.model import Metadata

    made, plain = Metadata(**fields), _MetadataAsDataclass(**fields)
    _same_values_stored_as_an_array(made, plain)
    assert made.front_matter() == {k: list(v) if isinstance(v, tuple) else v for k, v in msgspec.structs.asdict(made).items()
                                   if v or k in ("title", "source")}


def _same_values_stored_as_an_array(made, plain) -> None:
    """`made` (a Struct) has the dataclass `plain`'s fields, in its order, with its
    values; the cache stores it as the array of those values and reads it back."""
    values = dataclasses.asdict(plain)
    assert msgspec.structs.asdict(made) == values
    assert list(values) == [f.name for f in msgspec.structs.fields(made)]
    stored = msgspec.msgpack.encode(made)
    assert stored == msgspec.msgpack.encode(list(values.values()))
    assert msgspec.msgpack.decode(stored, type=type(made)) == made


def test_closed_sets_decode_as_the_models_own_strings_and_refuse_others():
    """A stored field of a closed set (a block's kind, an origin, a level, a
    type, a status) comes back as the one string object the model holds, not
    a new string per value; a value outside the set is refused when read, so
    a document holding one is never cached, rather than cached and changed."""
    from typing import get_args

    from fireportal.cache_codec import NotCacheable, decode_entry, encode_entry
    from fireportal.model import ORIGINS, STATUSES, Block, BlockKind, Document, Lifecycle, Metadata, Origin, TitleBlock

    def document(**changes) -> Document:
        fields = dict(slug="a", part=1, parts=1, meta=Metadata(title="标题", unit_level="支队", doc_type="通知"),
                      origins={"title": Origin(origin="text", note="标题行")}, head=TitleBlock(title="标题"),
                      blocks=tuple(Block(kind=kind, text="正文") for kind in get_args(BlockKind)),
                      lifecycle=Lifecycle(status="有效"))
        return Document(**fields | changes)

    written = document()
    back = decode_entry(encode_entry("k", "sources/a.txt", (written,), ())).documents[0]
    assert back == written
    levels = {"支队": back.meta.unit_level, "通知": back.meta.doc_type, "text": back.origins["title"].origin,
              "有效": back.lifecycle.status}
    for name, value in levels.items():
        assert value is next(v for v in (*UNIT_LEVELS, *DOC_TYPES, *ORIGINS, *STATUSES) if v == name)
    kinds = get_args(BlockKind)
    assert all(block.kind is kind for block, kind in zip(back.blocks, kinds, strict=True))

    for odd in (document(blocks=(Block(kind="quote", text="正文"),)),
                document(meta=Metadata(title="标题", unit_level="中队")),
                document(origins={"title": Origin(origin="guess")}),
                document(lifecycle=Lifecycle(status="作废"))):
        with pytest.raises(NotCacheable):
            encode_entry("k", "sources/a.txt", (odd,), ())
