"""A source's path taken apart without PurePosixPath gives what PurePosixPath gives."""

from __future__ import annotations

from pathlib import PurePosixPath

from hypothesis import given, settings
from hypothesis import strategies as st

from fireportal import source_path

_PIECES = ["sources", "2024", "通知", "a", "b.txt", "文件.TXT", ".hidden", "x.", "..", ".", "", "/", "a.b.c", " ", "."]
paths = st.lists(st.sampled_from(_PIECES), max_size=8).map("".join)
slashed = st.lists(st.sampled_from(_PIECES), max_size=6).map("/".join)


@settings(max_examples=500, deadline=None)
@given(st.one_of(paths, slashed))
def test_parts_stem_and_suffix_are_pathlibs(path):
    pure = PurePosixPath(path)
    assert source_path.parent_parts(path) == pure.parent.parts
    assert source_path.stem_and_suffix(path) == (pure.stem, pure.suffix)


def test_a_path_as_the_walk_gives_it():
    assert source_path.parent_parts("sources/2022/000_c2bc.txt") == ("sources", "2022")
    assert source_path.stem_and_suffix("sources/2022/000_c2bc.txt") == ("000_c2bc", ".txt")
    assert source_path.stem_and_suffix("sources/通知/关于.开展.docx") == ("关于.开展", ".docx")
