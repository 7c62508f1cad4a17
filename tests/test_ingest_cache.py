"""The persistent ingest cache and the process pool: same result, less work.

Conversions are counted (fireportal.pipeline.ingest_file patched with a
counter, jobs=1 so every call happens in this process), never timed.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from fireportal import ingest_cache, pipeline
from fireportal.ingest_cache import IngestCache, decode, encode
from fireportal.pipeline import ingest_tree
from fireportal.taxonomy import load_taxonomy

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
import gen_corpus

TAXONOMY = load_taxonomy(REPO / "taxonomy.yml")
# Enough files that jobs=2 really starts a pool (pipeline._MIN_POOL).
N = 40


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """Generated raw sources (GB18030, PDF breaks, several per file, sidecars) and the repo's samples."""
    root = tmp_path_factory.mktemp("cache-project")
    gen_corpus.write_corpus(root / "sources", N, seed=3)
    shutil.copytree(REPO / "sources", root / "sources" / "samples")
    return root


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


def entries(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("ingest-*/*/*.json"))


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
    warm = run(project, cache_dir)
    assert len(counted) == converted, "the warm run converted files again"
    assert cold == uncached
    assert warm == uncached  # documents, problems and their order


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
    assert third == second
    # A sidecar is part of the key too.
    counted.clear()
    changed.with_name(changed.stem + ".meta.yml").write_text("title: 编辑写的标题\n", encoding="utf-8")
    fourth = run(copy, cache_dir)
    assert counted == [changed.relative_to(copy).as_posix()]
    assert "编辑写的标题" in {d.meta.title for d in fourth.documents}


def test_a_corrupt_or_foreign_entry_is_ignored_and_rewritten(project, uncached, tmp_path, counted):
    cache_dir = tmp_path / "cache"
    run(project, cache_dir)
    first, second, third, fourth = entries(cache_dir)[:4]
    first.write_bytes(first.read_bytes()[:100])  # truncated
    second.write_text("\x00not json", encoding="latin-1")
    # Well-formed JSON naming a class outside the allowlist: refused, not built.
    raw = json.loads(third.read_text(encoding="utf-8"))
    raw["documents"] = [{"@": "PosixPath"}]
    third.write_text(json.dumps(raw), encoding="utf-8")
    # An entry whose recorded key does not match (stale): a miss.
    raw = json.loads(fourth.read_text(encoding="utf-8"))
    raw["key"] = "0" * 64
    fourth.write_text(json.dumps(raw), encoding="utf-8")
    counted.clear()
    again = run(project, cache_dir)
    assert len(counted) == 4
    assert again == uncached
    counted.clear()
    assert run(project, cache_dir) == uncached
    assert counted == []  # rewritten by the run that found them bad


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


def test_every_document_survives_the_json_form(uncached):
    for document in uncached.documents:
        assert decode(encode(document)) == document
    assert decode(encode(uncached.problems)) == uncached.problems


def test_the_json_form_refuses_what_it_never_writes():
    for foreign in ('{"@": "PosixPath"}', '{"@": "Document", "blocks": 1}', '{"@": "Problem", "path": "x"}', '{"x": 1}',
                    '{"@": "Problem", "path": "a", "level": "error", "message": "m", "extra": 1}'):
        with pytest.raises((ValueError, TypeError)):
            ingest_cache.loads(foreign)
    with pytest.raises(ingest_cache.NotCacheable):
        encode({"a": {1.5j}})


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
