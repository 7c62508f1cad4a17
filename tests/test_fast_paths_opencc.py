"""`clean.t2s` gives what OpenCC's t2s gives, for every text.

t2s calls OpenCC only for a text holding what the gate file
(scripts/fireportal/data/t2s_gate.json) lists; these tests compare it with
the plain call on every character there is, on every key of OpenCC's
dictionaries, on hypothesis-generated text and on every corpus document, and
check the gate file against the installed OpenCC's dictionaries.
"""

from __future__ import annotations

import json
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import opencc_gate
from fireportal import clean as C
from plain_forms import to_simplified_plain
from test_fast_paths_clean import _corpus_texts

SETTINGS = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

needs_tool = pytest.mark.skipif(not opencc_gate.TOOL.exists(),
                                reason=f"OpenCC's dictionary tool is not installed here ({opencc_gate.TOOL})")


def plain(text: str) -> str:
    return C._converter().convert(text)


def _gate() -> dict:
    return json.loads(C._T2S_GATE.read_text("utf-8"))


GATE_CHARACTERS = list("".join(_gate()["characters"]))
# Phrases that change although none of their characters does alone, written
# out here so that a gate file that lost its phrases still fails below.
PHRASES = ["沈浸", "深沈", "浮沈", "反覆", "反反覆覆", "回覆", "瞭解", "一目瞭然", "甦醒", "英哩", "衹得", "打坏", "一坏",
           "藉口", "找藉口", "狐藉虎威"]


def _dictionary_phrases() -> list[str]:
    """Every key longer than one character of t2s's dictionaries (none where
    OpenCC's tool is not installed)."""
    if not opencc_gate.TOOL.exists():
        return []
    return sorted({key for table in opencc_gate.dictionaries() for key in table if len(key) > 1})


WORDS = ["消防救援支队召开会议", "支隊召開會議", "臺灣", "乾隆年間", "沈", "覆盖", "坏了", "陈沈", "來源：", "发布时间：2023-05-12",
         "慰藉", "乾坤", "\n", " ", "\u3000", "a", "1", "\uf900", "\U0002f800", "\U00020000", "😀", "\x00", "\ufeff"]
PIECE = st.one_of(st.sampled_from(GATE_CHARACTERS), st.sampled_from(PHRASES + _dictionary_phrases()),
                  st.sampled_from(list("".join(PHRASES))),
                  st.sampled_from(_gate()["phrases"]), st.sampled_from(WORDS),
                  st.characters(exclude_categories=["Cs"]))  # surrogates: test_a_surrogate_raises_as_opencc_raises
TEXT = st.lists(PIECE, max_size=30).map("".join)


def test_every_character_t2s_leaves_alone_is_its_own_conversion():
    """Every code point the gate lets through unconverted converts to itself.
    All of them in one call: no dictionary key holds a line break, so each
    converts in the joined text as it does alone."""
    kept = [chr(c) for c in range(sys.maxunicode + 1)
            if not 0xD800 <= c <= 0xDFFF and not C._may_change(chr(c))]
    text = "\n".join(kept)
    assert plain(text) == text
    assert len(kept) > 1_000_000  # the gate lets almost everything through


def test_a_surrogate_raises_as_opencc_raises():
    for text in ["\ud800", "支队\udfff"]:
        with pytest.raises(UnicodeEncodeError):
            plain(text)
        with pytest.raises(UnicodeEncodeError):
            C.t2s(text)


@needs_tool
def test_gate_file_agrees_with_the_installed_opencc():
    assert _gate() == opencc_gate.installed_gate(), (
        "the installed OpenCC's dictionaries changed: rewrite the gate file with "
        "`PYTHONPATH=scripts .venv/bin/python tests/opencc_gate.py` and review the diff")


@needs_tool
def test_every_dictionary_key_alone_and_among_others():
    keys = [key for table in opencc_gate.dictionaries() for key in table]
    assert len(keys) > 6000
    for key in keys:
        for text in (key, "陈" + key + "会", key + key[:1], key[-1:] + key):
            assert C.t2s(text) == plain(text), text


@SETTINGS
@given(text=TEXT)
def test_t2s_gives_what_opencc_gives(text):
    assert C.t2s(text) == plain(text)
    assert C.to_simplified(text) == to_simplified_plain(text)


def test_t2s_on_the_corpus():
    opened = 0
    for text in _corpus_texts():
        for piece in (text, *text.split("\n")):
            assert C.t2s(piece) == plain(piece)
        assert C.to_simplified(text) == to_simplified_plain(text)
        opened += C._may_change(text)
    assert opened > 20  # the traditional variants: the test compares some conversions


def test_another_opencc_release_sends_every_text_to_opencc(monkeypatch):
    """The gate lists what one release's dictionaries replace; with another
    release installed it stands aside rather than leave a character unconverted."""
    calls = []
    real = C._converter()

    class Counting:
        def convert(self, text):
            calls.append(text)
            return real.convert(text)

    monkeypatch.setattr(C, "_converter", lambda: Counting())
    C._t2s_gate.cache_clear()
    try:
        assert C.t2s("消防救援支队") == "消防救援支队" and calls == []  # the gate's own release: not called
        monkeypatch.setattr(C, "_opencc_version", lambda: "0.0.0-another")
        C._t2s_gate.cache_clear()
        assert C._t2s_gate() is None
        assert C.t2s("消防救援支队") == "消防救援支队" and calls == ["消防救援支队"]
        assert C.t2s("支隊") == "支队"
    finally:
        C._t2s_gate.cache_clear()


def test_the_opencc_release_is_the_one_installed(monkeypatch):
    """The module's own version is what the installed distribution says, and
    a module without one is asked of the distributions instead."""
    from importlib.metadata import version

    import opencc

    assert C._opencc_version() == version("opencc")
    monkeypatch.delattr(opencc, "__version__")
    assert C._opencc_version() == version("opencc")
