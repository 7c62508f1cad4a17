"""The front matter a Markdown worker keeps (parallel.copy_of_meta) is a deep
copy, as copy.deepcopy makes it, of whatever YAML front matter mkdocs read."""

from __future__ import annotations

import copy
import math

import pytest
from mkdocs.structure.pages import Page
from mkdocs.utils import meta as mkdocs_meta

from fireportal.mkdocs_plugin.parallel import copy_of_meta

FRONT_MATTERS = [
    "title: 标题\nfp_side:\n- title: 本文所属\n  links:\n  - label: 2024年\n    path: years/2024.md\n",
    "a: &shared {x: [1, 2]}\nb: *shared\nc: [*shared, *shared]\n",
    "d: 2019-01-01\ne: 2020-01-01 10:00:00+08:00\nf: 2021-02-03t04:05:06\n",
    "s: !!set {a, b}\no: !!omap [{k: 1}, {j: 2}]\np: !!pairs [{k: 1}, {k: 2}]\n",
    "bin: !!binary aGk=\nn: null\nt: true\ni: 12\nh: 0x1f\nfl: 1.5e3\ninf: .inf\nnan: .nan\n",
    "deep: [[[[[[{a: [[[]]]}]]]]]]\nempty: {}\n'1': 一\n2: 二\n",
]


class _Page:
    """Stands in for mkdocs' Page where only `meta` and the class are read."""

    read_source = Page.read_source

    def __init__(self, meta):
        self.meta = meta


def _mutables(value, found=None):
    found = [] if found is None else found
    if isinstance(value, (dict, list, set)):
        found.append(value)
        for item in (value.values() if isinstance(value, dict) else value):
            _mutables(item, found)
    return found


def _same(a, b) -> bool:
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    if isinstance(a, dict):
        return type(b) is dict and list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("front", FRONT_MATTERS)
def test_a_copy_like_deepcopy(front):
    _text, meta = mkdocs_meta.get_data(f"---\n{front}---\n\n正文\n")
    assert meta, front
    page = _Page(meta)
    copied = copy_of_meta(page)
    assert _same(copied, copy.deepcopy(meta)) and _same(copied, meta)
    # Nothing mutable is shared with the page's own meta ...
    originals = {id(m) for m in _mutables(meta)}
    assert not originals & {id(m) for m in _mutables(copied)}
    # ... and what the YAML shared is still shared, as deepcopy keeps it.
    if "b" in meta and meta.get("a") is meta["b"]:
        assert copied["a"] is copied["b"] and copied["c"][0] is copied["a"]


def test_another_page_class_is_deep_copied():
    class Odd(_Page):
        def read_source(self, config):
            pass

    class Unpicklable:
        def __deepcopy__(self, memo):
            return "deep-copied"

    assert copy_of_meta(Odd({"x": Unpicklable()})) == {"x": "deep-copied"}
    assert copy_of_meta(_Page({"x": lambda: 1}))["x"]() == 1  # cannot pickle: deepcopy
