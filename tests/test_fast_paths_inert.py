"""The escaping functions' shortcut (text they would not change is returned
as it is) gives what their plain forms give, on text made of the characters
they act on: controls, surrogates, noncharacters, every kind of whitespace,
Markdown and HTML syntax, digits before a dot."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fireportal import inert
from fireportal import render as R

SETTINGS = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ALPHABET = list("中文消防支队，。：“”（）《》…—·０１ａ 　\u00a0\u2028\u0085\t\n\r\x0b\x0c\x00\x1f\x7f\x9f\ud800\ufdd0\uffff")
ALPHABET += list(inert._INLINE) + list("#-+=!:.)0123456789azAZ/_")
TEXT = st.text(alphabet=st.sampled_from(ALPHABET), max_size=30)
VALUE = st.one_of(TEXT, st.integers(), st.none())


def _one_line(text: object) -> str:
    return inert._SPACE_RUN.sub(" ", inert.printable(text)).strip()


@SETTINGS
@given(text=VALUE)
def test_escaping_shortcuts(text):
    line = _one_line(text)
    assert inert.one_line(text) == line
    assert inert.markdown_text(text) == inert._SYNTAX.sub(inert._reference, line)
    assert inert.markdown_inline(text) == inert._INLINE_RE.sub(inert._reference, line)
    assert inert.markdown_lines(text) == inert._SYNTAX.sub(inert._reference, inert.printable(text))
    assert inert.scalar(text) == line.translate(inert._FULL_WIDTH)


class Named(str):
    """A str subclass: the shortcut is for exact str only."""


@pytest.mark.parametrize("text", ["中文", " 中文", "中文\n", "1. 中文", "a*b", "\x00中", "#标题", ""])
def test_escaping_shortcuts_cases(text):
    for value in (text, Named(text)):
        line = _one_line(value)
        assert inert.markdown_text(value) == inert._SYNTAX.sub(inert._reference, line)
        assert inert.markdown_lines(value) == inert._SYNTAX.sub(inert._reference, inert.printable(value))
        assert type(inert.one_line(value)) is str


_SIMPLE_SCALAR_PLAIN = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e“”‘’…—·A-Za-z0-9]"
    r"(?: ?[\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e“”‘’…—·A-Za-z0-9._/-])*"
)


@SETTINGS
@given(text=st.text(alphabet=st.sampled_from(list("中文　。A0._/- :#'\n")), max_size=12))
def test_simple_scalar_runs_equal_its_plain_form(text):
    assert bool(R._SIMPLE_SCALAR.fullmatch(text)) == bool(_SIMPLE_SCALAR_PLAIN.fullmatch(text))


@SETTINGS
@given(text=st.text(alphabet=st.sampled_from(list("中文０Ａ.0123456789-+~<=!&*yYnNtTfFoO:eE_/ ")), min_size=1, max_size=12))
def test_simple_scalar_first_character_shortcut(text):
    plain = None
    if len(text) <= 1000 and R._SIMPLE_SCALAR.fullmatch(text):
        plain = text if R._plain_means_str(text) else f"'{text}'"
    assert R._simple_scalar(text) == plain
