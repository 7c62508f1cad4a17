"""The persistent ingest cache and the process pool: same result, less work.

Conversions are counted (fireportal.pipeline.ingest_file patched with a
counter, jobs=1 so every call happens in this process), never timed.
"""

from __future__ import annotations

import math
import os
import pickle
import re
import subprocess
import shutil
import sys
import zlib
from msgspec.structs import replace
from pathlib import Path

import msgspec
import pytest

from fireportal import cache_codec, cache_pack, ingest_cache, pipeline
from fireportal.cache_codec import EXTENSIONS, BadEntry, NotCacheable, decode_entry, encode_entry
from fireportal.cache_pack import Pack
from fireportal.ingest_cache import IngestCache
from fireportal.model import Blocks, Document, Metadata, Origin, Origins, StoredValueError
from fireportal.pipeline import ingest_tree
from fireportal.taxonomy import load_taxonomy

from generated_project import REPO, generated_project

TAXONOMY = load_taxonomy(REPO / "taxonomy.yml")
# Enough files that jobs=2 really starts a pool (pipeline._MIN_POOL).
N = 40


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """Generated raw sources (GB18030, PDF breaks, several per file, sidecars) and the repo's samples."""
    return generated_project(tmp_path_factory.mktemp("cache-project"), N, seed=3, samples=True)


@pytest.fixture(scope="module")
def uncached(project):
    return ingest_tree(project / "sources", root=project, taxonomy=TAXONOMY, jobs=1)


@pytest.fixture
def counted(monkeypatch):
    """The sources each run converted (not read from a cache)."""
    calls: list[str] = []
    real = pipeline.ingest_file

    def counting(source, data, **kwargs):
        calls.append(source)
        return real(source, data, **kwargs)

    monkeypatch.setattr(pipeline, "ingest_file", counting)
    return calls


def run(project: Path, cache_dir: Path, *, taxonomy=TAXONOMY, jobs: int = 1):
    return ingest_tree(project / "sources", root=project, taxonomy=taxonomy, jobs=jobs, cache_dir=cache_dir)


def run_and_pack(project: Path, cache_dir: Path, **kwargs):
    """A run, then what the pipeline's closing call does: its loose entries packed."""
    result = run(project, cache_dir, **kwargs)
    store(cache_dir).close()
    return result


def store(cache_dir: Path, taxonomy=TAXONOMY) -> IngestCache:
    """The store a run with this taxonomy uses (opening it packs what is loose)."""
    cache = IngestCache(cache_dir, ingest_cache.salt(taxonomy, f"max_bytes={pipeline.DEFAULT_MAX_BYTES}"))
    assert cache.open()
    return cache


def entries(cache_dir: Path) -> dict[str, str]:
    """Source path -> key of every entry, in packs and journals."""
    out: dict[str, str] = {}
    for path in sorted(cache_dir.glob("ingest-*/*.pack")):
        pack = Pack(path)
        out.update({rel: row[0] for rel, row in pack.index.items()})
        pack.close()
    for path in loose(cache_dir):
        with path.open("rb") as file:
            for _, data in cache_pack.journal_records(file):
                head = cache_codec.decode_head(data)
                out[head.path] = head.key
    return out


def loose(cache_dir: Path) -> list[Path]:
    """The journals not yet packed."""
    return sorted(cache_dir.glob(f"ingest-*/*{cache_pack.JOURNAL_SUFFIX}"))


def rewrite_entry(pack_path: Path, rel: str, change) -> None:
    """Replace one packed entry's bytes by change(bytes), with a correct CRC (damage the CRC cannot see)."""
    pack = Pack(pack_path)
    stored = pack.entries()
    pack.close()
    key, data = stored[rel]
    stored[rel] = (key, change(data))
    cache_pack.write_pack(pack_path, stored)


def edited(data: bytes, change) -> bytes:
    """An entry's bytes with change(plain values) applied: the surgery a hand or another program could do."""
    plain = msgspec.msgpack.decode(data)
    change(plain)
    return msgspec.msgpack.encode(plain)


def _set(where: dict, **values) -> None:
    where.update(values)


def _set_meta(document: list, **values) -> None:
    """Set fields of a stored Document's Metadata (both are stored as arrays of their fields, in order)."""
    meta = document[Document.__struct_fields__.index("meta")]
    for name, value in values.items():
        meta[Metadata.__struct_fields__.index(name)] = value


def test_the_corpus_is_worth_testing(project, uncached):
    # The generated files carry the traits the cache must carry through.
    assert len(uncached.documents) > N
    assert any(d.parts > 1 for d in uncached.documents)
    assert any(p.level == "warning" for p in uncached.problems)


def test_cached_and_uncached_ingest_give_identical_documents_and_problems(project, uncached, tmp_path, counted):
    cache_dir = tmp_path / "cache"
    cold = run(project, cache_dir)
    converted = len(counted)
    assert converted == uncached.files
    assert len(entries(cache_dir)) == converted
    warm = run(project, cache_dir)  # reads what the cold run left loose, and packs it
    assert loose(cache_dir) == []
    packed = run(project, cache_dir)  # reads packs only
    assert len(counted) == converted, "a warm run converted files again"
    assert cold == uncached
    assert warm == uncached  # documents, problems and their order
    assert packed == uncached


def test_warm_rebuild_after_one_source_changes_converts_only_that_file(project, uncached, tmp_path, counted):
    copy = tmp_path / "project"
    shutil.copytree(project / "sources", copy / "sources")
    cache_dir = tmp_path / "cache"
    run(copy, cache_dir)
    counted.clear()
    changed = sorted((copy / "sources").rglob("*.txt"))[5]
    changed.write_bytes(changed.read_bytes() + "\n补充一句：本文件已修改。\n".encode(
        "gb18030" if b"\xa3\xac" in changed.read_bytes() else "utf-8"))
    second = run(copy, cache_dir)
    assert counted == [changed.relative_to(copy).as_posix()]
    third = run(copy, cache_dir)
    assert counted == [changed.relative_to(copy).as_posix()]
    # The unchanged documents' blocks and origins are not decoded by the ingest (model._Stored).
    from_cache = [d for d in third.documents if d.meta.source != changed.relative_to(copy).as_posix()]
    assert from_cache and all(d.blocks._value is None and d.origins._value is None for d in from_cache)
    assert third == second
    # A sidecar is part of the key too.
    counted.clear()
    changed.with_name(changed.stem + ".meta.yml").write_text("title: 编辑写的标题\n", encoding="utf-8")
    fourth = run(copy, cache_dir)
    assert counted == [changed.relative_to(copy).as_posix()]
    assert "编辑写的标题" in {d.meta.title for d in fourth.documents}


def test_a_corrupt_or_foreign_entry_is_ignored_and_rewritten(project, uncached, tmp_path, counted):
    cache_dir = tmp_path / "cache"
    run_and_pack(project, cache_dir)
    assert loose(cache_dir) == []
    packs = sorted(cache_dir.glob("ingest-*/*.pack"))
    by_pack = {path: sorted(Pack(path).index) for path in packs}
    full = [path for path in packs if len(by_pack[path]) >= 2]
    first, second, third, fourth = full[:4]
    # A byte changed inside an entry, still valid MessagePack of the right types (a
    # date's year): only the CRC tells, and the entry is a miss rather than a wrong date.
    data = bytearray(first.read_bytes())
    # A date is a string of 10 bytes (one-byte head 0xaa), YYYY-MM-DD: the year's "20" ends here.
    at = [found.end() for found in re.finditer(rb"\xaa20(?=\d\d-\d\d-\d\d)", data)][-1]
    assert data[at : at + 1].isdigit()
    data[at] = ord("9") if data[at] != ord("9") else ord("8")
    first.write_bytes(bytes(data))
    pack = Pack(first)
    (damaged,) = [rel for rel, (_, offset, size, _) in pack.index.items()
                  if pack.start + offset <= at < pack.start + offset + size]
    pack.close()
    # Valid MessagePack naming no class of the pipeline where a Document belongs: refused by the typed decoder.
    rewrite_entry(second, by_pack[second][0],
                  lambda b: edited(b, lambda e: e["documents"].insert(0, {"@": "PosixPath", "args": ["/"]})))
    # A field of the wrong type (a number where the title string belongs).
    rewrite_entry(second, by_pack[second][1],
                  lambda b: edited(b, lambda e: _set_meta(e["documents"][0], title=7)))
    # An entry recorded for a different key (stale) and one stored under another path's name.
    rewrite_entry(third, by_pack[third][0], lambda b: edited(b, lambda e: _set(e, key="0" + e["key"])))
    rewrite_entry(third, by_pack[third][1], lambda b: edited(b, lambda e: _set(e, path="x" + e["path"])))
    # A journal whose last record was cut short, as a killed process leaves it: that record is ignored.
    victim, kept = by_pack[fourth][:2]
    rewrite_entry(fourth, victim, lambda b: edited(b, lambda e: _set(e, key="0" + e["key"])))
    rewrite_entry(fourth, kept, lambda b: edited(b, lambda e: _set(e, key="0" + e["key"])))
    pack = Pack(fourth)
    stored = pack.entries()
    pack.close()
    journal = cache_pack.Journal(fourth.parent)
    for rel in (kept, victim):  # the right entries, as a later run wrote them
        key, data = stored[rel]
        assert journal.append(edited(data, lambda e: _set(e, key=e["key"][1:])))
    journal.close()
    (written,) = loose(cache_dir)
    written.write_bytes(written.read_bytes()[:-1])
    counted.clear()
    again = run(project, cache_dir)
    assert sorted(counted) == sorted([damaged, *by_pack[second][:2], *by_pack[third][:2], victim])
    assert kept not in counted  # packed from the journal by the run's opening
    assert again == uncached
    counted.clear()
    assert run(project, cache_dir) == uncached
    assert counted == []  # rewritten by the run that found them bad


def test_a_truncated_or_unreadable_pack_is_a_miss_for_what_it_lost(project, uncached, tmp_path, counted):
    cache_dir = tmp_path / "cache"
    run_and_pack(project, cache_dir)
    packs = sorted(cache_dir.glob("ingest-*/*.pack"))
    cut, garbled = packs[0], packs[1]
    lost = sorted(Pack(cut).index)[-1:] + sorted(Pack(garbled).index)
    cut.write_bytes(cut.read_bytes()[:-10])  # the last entry loses its end
    garbled.write_bytes(b"\x00not a pack" + garbled.read_bytes()[30:])  # nothing of it can be trusted
    counted.clear()
    assert run_and_pack(project, cache_dir) == uncached
    assert sorted(counted) == sorted(lost)
    counted.clear()
    assert run(project, cache_dir) == uncached
    assert counted == []


def test_a_pack_index_pointing_outside_the_file_is_refused(tmp_path):
    path = tmp_path / "00.pack"
    index = msgspec.json.encode([["a", "k", 0, 10**15, 0], ["b", "k", -5, 3, 0], ["c", "k", 0, 4, zlib.crc32(b"data")]])
    path.write_bytes(cache_pack.MAGIC + len(index).to_bytes(8, "little") + index + b"data")
    pack = Pack(path)
    assert pack.read("a", "k") is None  # would allocate a petabyte if trusted
    assert pack.read("b", "k") is None
    assert pack.read("c", "k") == b"data"
    assert pack.read("c", "other key") is None
    pack.close()
    path.write_bytes(cache_pack.MAGIC + (10**12).to_bytes(8, "little") + index)
    assert Pack(path).index == {}


def test_packs_read_through_one_buffer_give_what_each_pack_gives_alone(tmp_path):
    # Small, large, small again, an empty file and a cut one: the buffer grows,
    # is reused, and never hands out bytes left from a pack read before.
    contents = {"small": {"a": ("k1", b"one")}, "large": {f"p{i}": (f"k{i}", bytes([i]) * 5000) for i in range(40)},
                "again": {"b": ("k2", b"two")}}
    paths = {}
    for name, entries in contents.items():
        paths[name] = tmp_path / f"{name}.pack"
        cache_pack.write_pack(paths[name], entries)
    paths["empty"] = tmp_path / "empty.pack"
    paths["empty"].write_bytes(b"")
    paths["cut"] = tmp_path / "cut.pack"
    paths["cut"].write_bytes(paths["large"].read_bytes()[:-100])
    memory = cache_pack.ReadBuffer()
    for name in ("small", "large", "again", "empty", "cut", "small"):
        alone, shared = Pack(paths[name]), Pack(paths[name], whole=memory)
        assert shared.index == alone.index
        for path, (key, *_) in alone.index.items():
            expected = alone.read(path, key)
            got = shared.read(path, key)
            assert (None if got is None else bytes(got)) == expected
            assert expected is not None or name == "cut"
        alone.close()
        shared.close()


def test_a_code_change_invalidates_and_removes_the_old_version(project, uncached, tmp_path, counted, monkeypatch):
    cache_dir = tmp_path / "cache"
    run(project, cache_dir)
    (old,) = cache_dir.glob("ingest-*")
    counted.clear()
    monkeypatch.setattr(ingest_cache, "code_fingerprint", lambda: "a different build of fireportal")
    assert run(project, cache_dir) == uncached
    assert len(counted) == uncached.files
    assert not old.exists()
    assert len(list(cache_dir.glob("ingest-*"))) == 1


def test_the_code_fingerprint_covers_the_package_sources():
    ingest_cache.code_fingerprint.cache_clear()
    before = ingest_cache.code_fingerprint()
    ingest_cache.code_fingerprint.cache_clear()
    assert ingest_cache.code_fingerprint() == before  # stable
    assert ingest_cache.salt(TAXONOMY) != ingest_cache.salt(TAXONOMY, "other")


def test_a_taxonomy_change_invalidates(project, uncached, tmp_path, counted):
    cache_dir = tmp_path / "cache"
    run(project, cache_dir)
    counted.clear()
    edited = tmp_path / "taxonomy.yml"
    edited.write_text((REPO / "taxonomy.yml").read_text(encoding="utf-8")
                      + "  - name: 沈阳市和平区消防救援大队\n    aliases: [和平大队]\n", encoding="utf-8")
    changed = load_taxonomy(edited)
    result = run(project, cache_dir, taxonomy=changed)
    assert len(counted) == uncached.files
    assert result == ingest_tree(project / "sources", root=project, taxonomy=changed, jobs=1)


def test_jobs_2_gives_the_same_result_in_the_same_order_as_jobs_1(project, uncached, tmp_path):
    parallel = ingest_tree(project / "sources", root=project, taxonomy=TAXONOMY, jobs=2)
    assert [d.slug for d in parallel.documents] == [d.slug for d in uncached.documents]
    assert parallel == uncached
    # With the cache, the workers write the entries; a serial warm run reads them.
    cache_dir = tmp_path / "cache"
    assert run(project, cache_dir, jobs=2) == uncached
    assert len(entries(cache_dir)) == uncached.files
    assert run(project, cache_dir, jobs=1) == uncached


def test_a_symlinked_cache_folder_is_not_used(project, uncached, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "link").symlink_to(elsewhere)
    assert run(project, tmp_path / "link") == uncached
    assert list(elsewhere.iterdir()) == []


def test_old_versions_are_removed_only_inside_a_tagged_folder(tmp_path):
    mine = tmp_path / "not-a-cache"
    (mine / "ingest-keep-me").mkdir(parents=True)
    assert IngestCache(mine, "0" * 64).open()
    assert (mine / "ingest-keep-me").is_dir()  # a folder it did not create: left alone


def test_packing_moves_journaled_entries_into_packs_and_the_newest_entry_wins(uncached, tmp_path):
    cache = IngestCache(tmp_path / "cache", "1" * 64)
    assert cache.open()
    results = {}
    for document in uncached.documents[:12]:
        result = pipeline.FileResult(documents=(document,), problems=document.problems)
        results[document.meta.source] = result
        assert cache.put(document.meta.source, "key-1", result)
    assert len(loose(tmp_path / "cache")) == 1  # one journal for the process, not a file per source
    assert entries(tmp_path / "cache") == dict.fromkeys(results, "key-1")
    cache.close()
    assert loose(tmp_path / "cache") == []
    assert entries(tmp_path / "cache") == dict.fromkeys(results, "key-1")
    # The same source converted again (it changed): its new entry replaces the packed one.
    rel = next(iter(results))
    again = IngestCache(tmp_path / "cache", "1" * 64)
    assert again.open()
    changed = pipeline.FileResult(problems=(uncached.problems[0],))
    assert again.put(rel, "key-2", changed)
    again.close()
    assert entries(tmp_path / "cache")[rel] == "key-2"
    third = IngestCache(tmp_path / "cache", "1" * 64)
    assert third.open()
    assert third.get(rel, "key-2") == changed
    assert third.get(rel, "key-1") is None  # one entry per source: the old one is gone
    assert all(third.get(r, "key-1") == result for r, result in results.items() if r != rel)
    third.close()


def test_a_journal_being_written_is_left_alone_by_other_processes_and_packed_later(uncached, tmp_path):
    cache = IngestCache(tmp_path / "cache", "3" * 64)
    assert cache.open()
    result = pipeline.FileResult(documents=uncached.documents[:1])
    assert cache.put("sources/a.txt", "k", result)
    # Another process opening the store meanwhile (a second build) does not pack it.
    subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; from fireportal.ingest_cache import "
                    "IngestCache; c = IngestCache(Path(sys.argv[1]), '3' * 64); assert c.open(); c.close()",
                    str(tmp_path / "cache")], check=True, env={**os.environ, "PYTHONPATH": str(REPO / "scripts")})
    assert len(loose(tmp_path / "cache")) == 1
    assert entries(tmp_path / "cache") == {"sources/a.txt": "k"}  # still only in the journal
    # A later store of this process packs it, even though the first was never closed
    # (stores run one after another; the lock would otherwise last until garbage collection).
    later = IngestCache(tmp_path / "cache", "3" * 64)
    assert later.open()
    assert loose(tmp_path / "cache") == []
    assert later.get("sources/a.txt", "k") == result
    later.close()
    del cache


def test_the_store_sent_to_worker_processes_carries_no_open_files(uncached, tmp_path):
    cache = IngestCache(tmp_path / "cache", "2" * 64)
    assert cache.open()
    cache.put("sources/a.txt", "k", pipeline.FileResult(documents=uncached.documents[:1]))
    cache.close()
    assert cache.get("sources/a.txt", "k") is not None  # opens a pack
    copy = pickle.loads(pickle.dumps(cache))
    assert copy.get("sources/a.txt", "k") == cache.get("sources/a.txt", "k")
    cache.close()
    copy.close()


def test_every_document_survives_the_stored_form(uncached):
    for document in uncached.documents:
        entry = decode_entry(encode_entry("k", document.meta.source, (document,), document.problems))
        assert entry.documents == (document,)
        assert entry.problems == document.problems
    entry = decode_entry(encode_entry("k", "p", (), uncached.problems))
    assert entry.problems == uncached.problems


def test_the_stored_form_refuses_what_it_never_writes(uncached):
    document = uncached.documents[0]
    good = encode_entry("k", "p", (document,), ())
    assert decode_entry(edited(good, lambda e: None)) == decode_entry(good)  # the surgery alone breaks nothing

    def in_document(**values):
        # A Document is stored as an array of its fields, in their order.
        def change(e):
            for name, value in values.items():
                e["documents"][0][Document.__struct_fields__.index(name)] = value
        return change

    for foreign in (b'{"@": "PosixPath"}', msgspec.msgpack.encode({"@": "PosixPath"}), good[:-1], good + b"\x00",
                    edited(good, in_document(blocks=[])),  # blocks as an array, not their stored value
                    edited(good, in_document(blocks=msgspec.msgpack.Ext(max(EXTENSIONS) + 1, b"\x90"))),
                    edited(good, in_document(blocks=msgspec.msgpack.Ext(_code(Origins), b"\x80"))),  # another kind
                    edited(good, in_document(part="1")), b"\x80\x00", b"[]", msgspec.msgpack.encode([]),
                    edited(good, lambda e: e["documents"][0].__setitem__(0, {"@": "Document", "slug": 1})),
                    edited(good, lambda e: _set(e, path=b"p")),  # bytes where a string belongs
                    edited(good, in_document(slug=msgspec.msgpack.Ext(1, b"x")))):
        with pytest.raises(BadEntry):
            decode_entry(foreign)


def test_stored_blocks_are_decoded_when_first_read(uncached):
    document = max(uncached.documents, key=lambda d: len(d.blocks))
    entry = decode_entry(encode_entry("k", "p", (document,), ()))
    stored = entry.documents[0].blocks
    assert isinstance(stored, Blocks) and stored._value is None  # not decoded by decoding the entry
    assert stored == document.blocks and document.blocks == stored
    assert stored[0] == document.blocks[0] and stored[1:] == document.blocks[1:] and len(stored) == len(document.blocks)
    assert stored._value is not None and stored._data is None  # decoded once, the bytes let go
    assert hash(stored) == hash(document.blocks) and repr(stored) == repr(document.blocks)
    assert stored + () == document.blocks and () + stored == document.blocks
    again = decode_entry(encode_entry("k", "p", entry.documents, ()))  # a decoded Blocks stores the same
    assert again.documents == (document,)
    copied = pickle.loads(pickle.dumps(decode_entry(encode_entry("k", "p", (document,), ())).documents[0]))
    assert copied.blocks._value is None and copied == document  # travels undecoded


def test_stored_origins_are_decoded_when_first_read(uncached):
    document = uncached.documents[0]
    stored = decode_entry(encode_entry("k", "p", (document,), ())).documents[0]
    assert isinstance(stored.origins, Origins) and stored.origins._value is None
    assert stored.guessed == document.guessed and stored.origins == document.origins == stored.origins
    assert stored.origins.get("title") == document.origins.get("title") and stored.origins.get("?") is None
    assert {**stored.origins} == document.origins and list(stored.origins) == list(document.origins)
    assert stored.origins._data is None


def _code(kind: type) -> int:
    return next(code for code, stored in EXTENSIONS.items() if stored is kind)


def test_stored_blocks_that_do_not_decode_say_how_to_mend_the_cache(uncached):
    # The entry was checked when written and the pack's CRC covers it: only a hand can do this.
    good = encode_entry("k", "p", uncached.documents[:1], ())
    at = Document.__struct_fields__.index("blocks")
    damaged = decode_entry(edited(good, lambda e: e["documents"][0].__setitem__(
        at, msgspec.msgpack.Ext(_code(Blocks), b"\x91\x01"))))
    with pytest.raises(StoredValueError, match="删除这个文件夹"):
        len(damaged.documents[0].blocks)


def test_values_the_stored_form_would_change_are_not_cached(uncached):
    document = uncached.documents[0]
    # A list where a tuple belongs comes back as a tuple; a NaN never equals
    # itself; a dict where an Origin belongs, or a number where a string
    # belongs, is refused; a number as a key comes back as a string.
    for changed in (replace(document, new_units=["a list", "not a tuple"]),
                    replace(document, origins={**document.origins, "x": Origin(origin=math.nan)}),
                    replace(document, origins={**document.origins, "x": {"origin": "text"}}),
                    replace(document, origins={**document.origins, "x": Origin(origin="text", guessed=1)}),
                    replace(document, origins={1: Origin(origin="text")})):
        with pytest.raises(NotCacheable):
            encode_entry("k", "p", (changed,), ())
    with pytest.raises(NotCacheable):
        encode_entry("k", "p", (replace(document, origins={"x": Origin(origin={1.5j})}),), ())


def test_callers_with_different_memory_salts_share_the_folder(project, uncached, tmp_path, counted):
    # The plugin salts its in-memory cache with the taxonomy file; the CLI does not.
    cache_dir = tmp_path / "cache"
    ingest_tree(project / "sources", root=project, taxonomy=TAXONOMY, jobs=1, cache_dir=cache_dir,
                cache_salt="plugin")
    counted.clear()
    assert run(project, cache_dir) == uncached
    assert counted == []
    # A different size limit can change results: its own entries.
    ingest_tree(project / "sources", root=project, taxonomy=TAXONOMY, jobs=1, cache_dir=cache_dir,
                max_bytes=1024 * 1024)
    assert len(counted) == uncached.files
