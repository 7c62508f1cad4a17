"""The stat index: an unchanged file is not read again, and a changed one always is.

Reads are counted (fireportal.pipeline.read_regular_file patched with a
counter) and conversions too, never timed.  The files a test writes are
seconds old at most, so every one of them is in the racy window and would be
read again by design; the tests that need them settled move the window
(cache_stats.RACY_NS) rather than sleep.
"""

from __future__ import annotations

import os
import shutil
import zlib
from pathlib import Path

import pytest

from fireportal import cache_stats, ingest_cache, pipeline
from fireportal.cache_stats import known_key, read_index, settled, signature, write_index
from fireportal.ingest_cache import STAT_INDEX, IngestCache
from fireportal.pipeline import ingest_tree
from fireportal.render import render_document
from fireportal.taxonomy import load_taxonomy

from generated_project import REPO, generated_project

TAXONOMY = load_taxonomy(REPO / "taxonomy.yml")
N = 12


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> Path:
    return generated_project(tmp_path_factory.mktemp("stats-project"), N, seed=5, samples=True)


@pytest.fixture
def project(original, tmp_path) -> Path:
    """A copy each test may change."""
    shutil.copytree(original / "sources", tmp_path / "project" / "sources")
    return tmp_path / "project"


@pytest.fixture
def counted(monkeypatch):
    """The files each run read (sources and sidecars) and the sources it converted."""
    reads: list[str] = []
    conversions: list[str] = []
    real_read, real_convert = pipeline.read_regular_file, pipeline.ingest_file

    def reading(path, limit):
        reads.append(Path(path).name)
        return real_read(path, limit)

    def converting(source, data, **kwargs):
        conversions.append(source)
        return real_convert(source, data, **kwargs)

    monkeypatch.setattr(pipeline, "read_regular_file", reading)
    monkeypatch.setattr(pipeline, "ingest_file", converting)
    return reads, conversions


@pytest.fixture
def settled_files(monkeypatch):
    """The files the test wrote count as settled, as if the build ran a minute after they were written."""
    monkeypatch.setattr(cache_stats, "RACY_NS", -60 * 10**9)


def run(project: Path, cache_dir: Path, taxonomy=TAXONOMY):
    return ingest_tree(project / "sources", root=project, taxonomy=taxonomy, jobs=1, cache_dir=cache_dir)


def uncached(project: Path, taxonomy=TAXONOMY):
    return ingest_tree(project / "sources", root=project, taxonomy=taxonomy, jobs=1)


def index_path(cache_dir: Path) -> Path:
    (path,) = cache_dir.glob(f"ingest-*/{STAT_INDEX}")
    return path


def pages(result) -> list[tuple[str, str]]:
    return [(d.slug, render_document(d)) for d in result.documents]


def rewrite_same_size_dated_back(path: Path, old: bytes, new: bytes) -> None:
    """New bytes of the same length, with the old mtime put back, as `cp -p` or an unpacked archive leave it."""
    assert len(new) == len(old) and new != old
    before = path.stat()
    path.write_bytes(new)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns


def same_size_edit(data: bytes) -> bytes:
    """The same bytes with an ASCII "20" (a year's) made "19", so the length stays."""
    at = next(i for i in range(1, len(data) - 1) if data[i : i + 2] == b"20" and data[i - 1] < 0x80)
    return data[:at] + b"19" + data[at + 2 :]


def encoding_of(data: bytes) -> str:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


# -- the pure parts ---------------------------------------------------------------------

def test_a_signature_covers_size_times_and_identity_and_is_empty_for_anything_but_a_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"x")
    st = path.stat()
    assert signature(st) == (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
    assert signature(tmp_path.stat()) == ()


def test_only_a_file_older_than_the_racy_window_is_settled():
    listed = 100 * 10**9
    old = listed - cache_stats.RACY_NS - 1
    assert settled((1, old, old, 1, 1), listed)
    assert not settled((1, listed - 1, old, 1, 1), listed)  # written just before the folder was listed
    assert not settled((1, old, listed + 5, 1, 1), listed)  # its ctime says it changed since


def test_a_key_is_known_only_when_the_source_and_its_sidecar_look_as_recorded():
    index = {"sources/a.txt": ("k", (1, 2, 3, 4, 5), ())}
    assert known_key(index, "sources/a.txt", (1, 2, 3, 4, 5), ()) == "k"
    assert known_key(index, "sources/a.txt", (1, 2, 9, 4, 5), ()) is None  # ctime changed
    assert known_key(index, "sources/a.txt", (1, 2, 3, 4, 5), (7, 2, 3, 4, 5)) is None  # a sidecar appeared
    assert known_key(index, "sources/a.txt", (1, 2, 3, 4, 5), None) is None  # its sidecar is not a file
    assert known_key(index, "sources/a.txt", (), ()) is None  # not a regular file
    assert known_key(index, "sources/b.txt", (1, 2, 3, 4, 5), ()) is None


def test_the_store_keeps_no_row_for_a_file_changed_too_close_to_the_listing(tmp_path):
    cache = IngestCache(tmp_path / "cache", "salt")
    assert cache.open()
    listed = 1_000 * 10**9
    old = listed - cache_stats.RACY_NS - 1
    cache.keep("sources/old.txt", "k1", (1, old, old, 1, 1), (), listed)
    cache.keep("sources/racy.txt", "k2", (1, old, listed - 10, 2, 1), (), listed)
    cache.keep("sources/racy-sidecar.txt", "k3", (1, old, old, 3, 1), (1, listed, listed, 4, 1), listed)
    cache.keep("sources/carried.txt", "k4", (1, listed, listed, 5, 1), ())  # a row the index already trusted
    cache.close(listed)
    assert set(read_index(cache.entries / STAT_INDEX)) == {"sources/old.txt", "sources/carried.txt"}


def test_an_index_that_is_damaged_or_foreign_reads_as_empty(tmp_path):
    path = tmp_path / "stats.index"
    index = {"sources/a.txt": ("k", (1, 2, 3, 4, 5), ()), "sources/b.txt": ("j", (6, 7, 8, 9, 10), (1, 1, 1, 1, 1))}
    write_index(path, index)
    assert read_index(path) == index
    good = path.read_bytes()
    damaged = bytearray(good)
    damaged[-3] ^= 0x01
    for data in (bytes(damaged), good[:-1], b"", b"not an index", good.replace(b"index 1", b"index 9")):
        path.write_bytes(data)
        assert read_index(path) == {}
    assert read_index(tmp_path / "missing") == {}


# -- through ingest_tree ------------------------------------------------------------------

def test_unchanged_files_are_not_read_and_a_changed_one_is(project, tmp_path, counted, settled_files):
    reads, conversions = counted
    cache_dir = tmp_path / "cache"
    expected = uncached(project)
    run(project, cache_dir)
    assert conversions
    reads.clear()
    conversions.clear()
    warm = run(project, cache_dir)
    assert reads == [] and conversions == []
    assert warm == expected
    changed = sorted((project / "sources").rglob("*.txt"))[3]
    data = changed.read_bytes()
    changed.write_bytes(data + "\n补充一句：本文件已修改。\n".encode(encoding_of(data)))
    after = run(project, cache_dir)
    assert conversions == [changed.relative_to(project).as_posix()]
    assert reads == [changed.name]
    assert after == uncached(project)
    assert "补充一句" in "".join(render for _, render in pages(after))


def test_rendered_pages_are_the_same_cold_and_warm_from_the_stat_index(project, tmp_path, counted, settled_files):
    reads, _ = counted
    cache_dir = tmp_path / "cache"
    cold = run(project, cache_dir)
    reads.clear()
    warm = run(project, cache_dir)
    assert reads == []
    assert pages(warm) == pages(cold) == pages(uncached(project))
    assert warm.problems == cold.problems


def test_a_sidecar_changed_alone_is_read_again(project, tmp_path, counted, settled_files):
    _, conversions = counted
    cache_dir = tmp_path / "cache"
    run(project, cache_dir)
    sidecar = sorted((project / "sources").rglob("*.meta.yml"))[0]
    source = next(p for p in sidecar.parent.iterdir()
                  if p.name.startswith(sidecar.name.removesuffix(".meta.yml") + ".") and p != sidecar)
    conversions.clear()
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "\ntitle: 编辑改过的标题\n", encoding="utf-8")
    after = run(project, cache_dir)
    assert conversions == [source.relative_to(project).as_posix()]
    assert after == uncached(project)


def test_a_file_rewritten_with_the_same_size_and_dated_back_is_converted_again(project, tmp_path, counted,
                                                                              settled_files):
    _, conversions = counted
    cache_dir = tmp_path / "cache"
    run(project, cache_dir)
    changed = sorted((project / "sources").rglob("*.txt"))[2]
    old = changed.read_bytes()
    rewrite_same_size_dated_back(changed, old, same_size_edit(old))
    conversions.clear()
    after = run(project, cache_dir)
    assert conversions == [changed.relative_to(project).as_posix()]  # its ctime moved
    assert after == uncached(project)


def test_a_change_inside_the_racy_window_is_seen_even_when_stat_cannot_see_it(project, tmp_path, counted,
                                                                             monkeypatch):
    # A file system whose ctime and inode say nothing (or a change within one
    # clock tick): size and mtime alone look the same after the edit below.
    monkeypatch.setattr(cache_stats, "signature", lambda st: (st.st_size, st.st_mtime_ns, 0, 0, 0))
    _, conversions = counted
    cache_dir = tmp_path / "cache"
    changed = sorted((project / "sources").rglob("*.txt"))[2]
    old = changed.read_bytes()
    changed.write_bytes(old)  # written just now (the copy kept the original's older mtime)
    run(project, cache_dir)  # so its stat is not recorded: it was written within the racy window
    assert changed.relative_to(project).as_posix() not in read_index(index_path(cache_dir))
    rewrite_same_size_dated_back(changed, old, same_size_edit(old))
    conversions.clear()
    after = run(project, cache_dir)
    assert changed.relative_to(project).as_posix() in conversions
    assert after == uncached(project)


def test_a_damaged_or_forged_stat_index_is_ignored(project, tmp_path, counted, settled_files):
    reads, _ = counted
    cache_dir = tmp_path / "cache"
    expected = uncached(project)
    run(project, cache_dir)
    path = index_path(cache_dir)
    good = path.read_bytes()
    damaged = bytearray(good)
    damaged[len(damaged) // 2] ^= 0x20
    for data in (bytes(damaged), good[: len(good) // 2], b"\0" * 64):
        path.write_bytes(data)
        reads.clear()
        assert run(project, cache_dir) == expected
        assert len(reads) >= expected.files - 1  # read and hashed again
    # A well-formed index that names the wrong key for every file (two keys
    # swapped, say): the packs hold no entry for it, so each file is read.
    run(project, cache_dir)
    index = read_index(path)
    names = sorted(index)
    keys = [index[name][0] for name in names]
    forged = {name: (keys[(i + 1) % len(keys)], *index[name][1:]) for i, name in enumerate(names)}
    write_index(path, forged)
    reads.clear()
    assert run(project, cache_dir) == expected
    assert len(reads) >= len(names)


def test_a_stat_hit_whose_entry_is_gone_is_converted_again(project, tmp_path, counted, settled_files):
    _, conversions = counted
    cache_dir = tmp_path / "cache"
    expected = uncached(project)
    run(project, cache_dir)
    packs = sorted(cache_dir.glob("ingest-*/*.pack"))
    packs[0].write_bytes(packs[0].read_bytes()[:-10])  # its last entry cut short
    packs[1].unlink()
    conversions.clear()
    assert run(project, cache_dir) == expected
    assert conversions  # what the two packs lost, and nothing is wrong


def test_a_taxonomy_change_converts_everything_despite_the_stat_index(project, tmp_path, counted, settled_files):
    _, conversions = counted
    cache_dir = tmp_path / "cache"
    run(project, cache_dir)
    cold = sorted(conversions)
    conversions.clear()
    run(project, cache_dir)
    assert conversions == []
    edited = tmp_path / "taxonomy.yml"
    edited.write_text((REPO / "taxonomy.yml").read_text(encoding="utf-8")
                      + "  - name: 沈阳市和平区消防救援大队\n    aliases: [和平大队]\n", encoding="utf-8")
    changed = load_taxonomy(edited)
    result = run(project, cache_dir, taxonomy=changed)
    assert sorted(conversions) == cold
    assert result == uncached(project, changed)


def test_the_stat_index_is_rewritten_only_when_something_changed(project, tmp_path, settled_files):
    cache_dir = tmp_path / "cache"
    run(project, cache_dir)
    path = index_path(cache_dir)
    first = path.stat()
    run(project, cache_dir)
    assert path.stat().st_ino == first.st_ino and path.stat().st_mtime_ns == first.st_mtime_ns
    gone = sorted((project / "sources").rglob("*.txt"))[0]
    rel = gone.relative_to(project).as_posix()
    assert rel in read_index(path)
    gone.unlink()
    run(project, cache_dir)
    assert rel not in read_index(path)  # rows of deleted files do not pile up


def test_the_index_written_has_a_checksum_over_its_rows(project, tmp_path, settled_files):
    cache_dir = tmp_path / "cache"
    run(project, cache_dir)
    data = index_path(cache_dir).read_bytes()
    head = len(cache_stats.MAGIC)
    assert data[:head] == cache_stats.MAGIC
    assert int.from_bytes(data[head : head + 4], "little") == zlib.crc32(data[head + 4 :])
    assert ingest_cache.STAT_INDEX == index_path(cache_dir).name


def test_a_source_is_read_to_its_end_or_one_byte_past_the_limit_even_if_it_grew(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    data = b"0123456789"
    path.write_bytes(data)
    for limit in (0, 3, 9, 10, 11, 50):
        assert pipeline.read_regular_file(path, limit) == data[: limit + 1]
    # The file grew after its size was taken: what is there now is read all the same.
    real = os.fstat

    def size_taken_earlier(fd):
        st = real(fd)
        return os.stat_result((st.st_mode, st.st_ino, st.st_dev, st.st_nlink, st.st_uid, st.st_gid, 4,
                               st.st_atime, st.st_mtime, st.st_ctime))

    monkeypatch.setattr(pipeline.os, "fstat", size_taken_earlier)
    for limit in (0, 3, 4, 5, 9, 10, 11, 50):
        assert pipeline.read_regular_file(path, limit) == data[: limit + 1]


def test_a_source_read_in_short_pieces_comes_whole(tmp_path, monkeypatch):
    """`os.read` may return less than asked before the end (a signal): the rest is read on."""
    path = tmp_path / "a.txt"
    data = "消防安全".encode() * 50
    path.write_bytes(data)
    real = os.read
    monkeypatch.setattr(pipeline.os, "read", lambda fd, n: real(fd, min(n, 7)))
    assert pipeline.read_regular_file(path, 10_000) == data
    assert pipeline.read_regular_file(path, 100) == data[:101]
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert pipeline.read_regular_file(empty, 100) == b""
