"""The sources walk against its plain definition: every file, filtered by the whole path, sorted by path.

`pipeline.walk` lists each folder in name order and tests only a file's own
name against the skip pattern (a hidden folder hides what is below it); the
plain form below lists everything, tests each relative path whole and sorts
the lot, as the walk did before.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fireportal.pipeline import SIDECAR_SUFFIX, _name_key, skipped_name, walk
from plain_forms import SKIP_PLAIN as _SKIP


def plain_walk(sources: Path) -> list[tuple[str, str]]:
    """(relative path, sidecar path or "") of every document file, the slow and obvious way."""
    found = []
    for here, folders, names in os.walk(sources):
        folders[:] = [name for name in folders if not os.path.islink(os.path.join(here, name))]
        for name in names:
            path = os.path.join(here, name)
            rel = Path(path).relative_to(sources).as_posix()
            if os.path.islink(path) or not os.path.isfile(path) or _SKIP.search(rel):
                continue
            stem = name.rsplit(".", 1)[0] if 0 < name.rfind(".") < len(name) - 1 else name
            sidecar = os.path.join(here, stem + SIDECAR_SUFFIX)
            found.append((rel, sidecar if os.path.lexists(sidecar) else ""))
    return sorted(found, key=lambda item: _name_key(item[0]))


def walked(sources: Path) -> list[tuple[str, str]]:
    return [(Path(source.path).relative_to(sources).as_posix(), source.sidecar)
            for source in walk(sources, sources, stats=True).files]


def make(sources: Path, files: list[str]) -> None:
    for rel in files:
        path = sources / rel
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(rel.encode())


def test_hidden_folders_prefixes_sidecars_and_links(tmp_path):
    sources = tmp_path / "sources"
    make(sources, [
        "a.txt", "a-b.txt", "a/b.txt", "a/.b.txt", "a/_c/d.txt", "a/x.meta.yml", "a/x.txt", "a/x.docx",
        ".git/config.txt", "_drafts/2024/e.txt", "~old/f.txt", "b/_/g.txt", "b/README.md", "b/README.txt",
        "b/c.bak", "b/h.txt~", "c/Thumbs.db", "c/i.TXT", "2024/10.txt", "2024/9.txt", "2024/9/j.txt",
    ])
    (sources / "b" / "link.txt").symlink_to(sources / "a.txt")
    (sources / "linked").symlink_to(sources / "a", target_is_directory=True)
    expected = plain_walk(sources)
    assert walked(sources) == expected
    assert [rel for rel, _ in expected] == [
        "2024/10.txt", "2024/9/j.txt", "2024/9.txt", "a/b.txt", "a/x.docx", "a/x.txt", "a-b.txt", "a.txt",
        "b/README.txt", "c/i.TXT"]
    assert dict(expected)["a/x.txt"] == str(sources / "a" / "x.meta.yml")
    assert {problem.path for problem in walk(sources, sources).refused} == {"b/link.txt", "linked"}


_NAME = st.sampled_from(["a", "a.txt", "a-b.txt", "_a", ".a", "~a", "b.txt", "b.meta.yml", "b", "B.txt",
                         "README", "x.bak", "10.txt", "9.txt", "中.txt", "中"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(_NAME, min_size=1, max_size=4), max_size=12))
def test_any_tree_is_walked_as_its_plain_definition_says(paths):
    with tempfile.TemporaryDirectory() as folder:
        sources = Path(folder) / "sources"
        sources.mkdir()
        for parts in paths:
            path = sources.joinpath(*parts)
            # A name already taken by a file cannot be a folder, and the reverse.
            if any(sources.joinpath(*parts[:i]).is_file() for i in range(1, len(parts))) or path.is_dir():
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"x")
        assert walked(sources) == plain_walk(sources)
        shutil.rmtree(sources)


# Pieces of the names `_SKIP` knows, in odd cases and with the letters that
# match ASCII ones without case (ſ is s, K is k, ı is i, İ is i), and the
# newline `$` may stand before.
_PIECES = st.sampled_from([
    ".", "_", "~", "/", "\n", "a", "I", "ı", "İ", "ſ", "K", "README", "readme", ".md", ".MD", "Thumbs.db", "tHUMBS.DB",
    "ehthumbs.db", "desktop.ini", "DESKTOP.İNİ", ".meta.yml", ".meta.yaml", ".META.YML", ".meta.yam", ".bak", ".old",
    ".swp", ".swo", ".tmp", ".temp", ".TEMP", ".crdownload", ".part", ".ſwp", ".txt", ".docx", "000016_1574bd",
])


@given(st.lists(_PIECES, max_size=6))
def test_the_name_test_agrees_with_the_skip_pattern(pieces):
    name = "".join(pieces).replace("/", "")  # one part of a path
    assert skipped_name(name) == bool(_SKIP.search(name))


def test_the_name_test_agrees_on_the_names_a_portal_holds():
    for name in ("000016_1574bddb75c7.txt", "a.TXT", "README", "readme.md\n", "x.meta.yaml", ".x", "x~\n",
                 "Thumbs.db", "a.bak.txt", "xREADME", "READMEx", "x.crdownloa", "ſ.ſwp", "x.ſwp", "DESKTOP.İNİ"):
        assert skipped_name(name) == bool(_SKIP.search(name)), name
