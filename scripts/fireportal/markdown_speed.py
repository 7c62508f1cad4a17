"""A Python-Markdown extension: the same HTML, with less work per page.

Python-Markdown's inline step tries every inline pattern (14 with the portal's
extensions) on every piece of text, and after every match starts again at the
first pattern; at 2,000 documents that is 1.4 million regex searches, almost
all on Chinese text that holds none of the characters any pattern begins with.
This extension swaps in a subclass of the inline step that first asks whether
a pattern can match at all: each registered pattern's regex is read once and,
when every match must begin with one of a few literal strings (`[`, `![`,
`\\`, `<`, `&`, `*`, `_`, a backtick, the two spaces and newline of a hard
break …), the pattern is skipped wherever none of them occurs in the rest of
the text.  Skipping a pattern that cannot match is exactly what the normal
path does after a failed search, so the result is the same, byte for byte.  A
pattern whose regex the reader is not sure of (case-insensitive, or able to
begin with any character) is always tried, as before.

It replaces one private method of Python-Markdown's `InlineProcessor`
(`__handleInline`), so it only does so on the Markdown versions whose method
it was checked against (VERIFIED); on any other it leaves the normal inline
step in place and the pages come out the same, only slower.  It imports
Python-Markdown, never mkdocs.
"""

from __future__ import annotations

import functools
import re
from re import _constants as sre_constants  # the parsed form of a regex (stdlib, 3.11+)
from re import _parser as sre_parse

import markdown
from markdown import Extension, Markdown, util
from markdown.treeprocessors import InlineProcessor

# Markdown releases (major, minor) whose `InlineProcessor.__handleInline` the
# replacement below repeats; check the method before adding one.
VERIFIED = frozenset({(3, 11)})

# More alternatives than this and the pattern is simply always tried.
_MAX_PREFIXES = 32

_ZERO_WIDTH = {sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT}
_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT}
_GROUPS = {sre_constants.SUBPATTERN}
if hasattr(sre_constants, "POSSESSIVE_REPEAT"):  # Python 3.11+: `x*+`, `(?>…)`
    _REPEATS.add(sre_constants.POSSESSIVE_REPEAT)
    _GROUPS.add(sre_constants.ATOMIC_GROUP)


class _Unsure(Exception):
    """The regex holds something the prefix reader does not model."""


def _join(heads: frozenset[str], tails: frozenset[str]) -> frozenset[str]:
    joined = frozenset(h + t for h in heads for t in tails)
    if len(joined) > _MAX_PREFIXES:
        raise _Unsure
    return joined


def _class_chars(items) -> frozenset[str]:
    """The characters of a `[…]` class made of single characters and small ranges."""
    chars = set()
    for op, av in items:
        if op is sre_constants.LITERAL:
            chars.add(chr(av))
        elif op is sre_constants.RANGE and av[1] - av[0] < _MAX_PREFIXES:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:  # NEGATE, categories (\s, \w …), wide ranges
            raise _Unsure
    if len(chars) > _MAX_PREFIXES:
        raise _Unsure
    return frozenset(chars)


def _sequence(items) -> tuple[frozenset[str], bool]:
    """(prefixes, whole): every match of the sequence begins with one of the
    prefixes; `whole` when the prefixes are the entire match (the caller may
    go on appending what follows)."""
    prefixes = frozenset({""})
    for op, av in items:
        if op in _ZERO_WIDTH:
            # Anchors and lookarounds consume nothing: the literals before and
            # after them stay adjacent in the matched text.
            continue
        try:
            if op is sre_constants.LITERAL:
                prefixes = _join(prefixes, frozenset(chr(av)))
                continue
            if op is sre_constants.IN:
                prefixes = _join(prefixes, _class_chars(av))
                continue
            if op in _GROUPS:
                if op is sre_constants.SUBPATTERN:
                    _group, add_flags, _del_flags, body = av
                    if add_flags & re.IGNORECASE:
                        raise _Unsure
                else:
                    body = av
                inner, whole = _sequence(body)
            elif op is sre_constants.BRANCH:
                results = [_sequence(branch) for branch in av[1]]
                inner = frozenset().union(*(r[0] for r in results))
                whole = all(r[1] for r in results)
            elif op in _REPEATS and av[0] >= 1:
                inner, whole = _sequence(av[2])
                whole = whole and av[0] == av[1] == 1
            else:  # `.`, `x*`, `[^…]`, backreferences …: nothing more is certain
                raise _Unsure
            prefixes = _join(prefixes, inner)
        except _Unsure:
            if "" in prefixes:
                raise
            return prefixes, False
        if not whole:
            if "" in prefixes:
                raise _Unsure
            return prefixes, False
    return prefixes, True


@functools.lru_cache(maxsize=256)
def literal_prefixes(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Literal strings one of which every match of `pattern` begins with, or
    None when that cannot be said for sure (then the pattern is always tried)."""
    if flags & re.IGNORECASE:
        return None
    try:
        parsed = sre_parse.parse(pattern, flags)
        if parsed.state.flags & re.IGNORECASE:
            return None
        prefixes, _whole = _sequence(parsed)
    except (_Unsure, re.error, RecursionError):
        return None
    if not prefixes or "" in prefixes:
        return None
    return prefixes


def pattern_prefixes(pattern) -> frozenset[str] | None:
    """`literal_prefixes` of a registered inline pattern, as it searches."""
    compiled = pattern.getCompiledRegExp()
    if not isinstance(compiled, re.Pattern) or not isinstance(compiled.pattern, str):
        return None
    return literal_prefixes(compiled.pattern, compiled.flags)


@functools.lru_cache(maxsize=256)
def _finder(prefixes: frozenset[str] | None) -> re.Pattern | None:
    """One regex finding any of the prefixes (longest first, though any will do)."""
    if prefixes is None:
        return None
    return re.compile("|".join(re.escape(p) for p in sorted(prefixes, key=lambda p: (-len(p), p))))


@functools.lru_cache(maxsize=64)
def _plan(prefixes: tuple[frozenset[str] | None, ...]):
    """Per pattern index: a finder for that pattern, and one for it and every
    pattern after it (None where any of them is always tried)."""
    own = tuple(_finder(p) for p in prefixes)
    rest = []
    for index in range(len(prefixes)):
        tail = prefixes[index:]
        rest.append(None if None in tail else _finder(frozenset().union(*tail)))
    rest.append(None)
    return own, tuple(rest)


class SkippingInlineProcessor(InlineProcessor):
    """Python-Markdown's inline step, skipping patterns that cannot match."""

    def run(self, tree, ancestors=None):
        # The registry is read per conversion (extensions may add patterns
        # after this step was built), and indexed as a list: the registry's
        # own `[]` re-checks its sort order on every call.
        self._patterns = list(self.inlinePatterns)
        self._own, self._rest = _plan(tuple(pattern_prefixes(p) for p in self._patterns))
        return super().run(tree, ancestors)

    # Python-Markdown's private `__handleInline`, under its mangled name so
    # that the base class's own calls (also from `__applyPattern`) come here.
    # The loop is the original's; a pattern whose prefixes do not occur from
    # `startIndex` on is treated as the failed search it would be (next
    # pattern, from index 0), and once none of the remaining patterns'
    # prefixes occurs anywhere, the text is returned as it stands.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        if isinstance(data, util.AtomicString):
            return data
        apply = self._InlineProcessor__applyPattern
        patterns, own, rest = self._patterns, self._own, self._rest
        count = len(patterns)
        startIndex = 0  # noqa: N806 - the names of the method this replaces
        if patternIndex < count and rest[patternIndex] is not None \
                and rest[patternIndex].search(data) is None:
            return data
        while patternIndex < count:
            finder = own[patternIndex]
            if finder is not None and finder.search(data, startIndex) is None:
                patternIndex += 1
                startIndex = 0  # noqa: N806
                if rest[patternIndex] is not None and rest[patternIndex].search(data) is None:
                    break
                continue
            data, matched, startIndex = apply(patterns[patternIndex], data, patternIndex, startIndex)
            if not matched:
                patternIndex += 1
        return data


def _replaceable(md: Markdown) -> bool:
    return (
        tuple(markdown.__version_info__[:2]) in VERIFIED
        and "inline" in md.treeprocessors
        and type(md.treeprocessors["inline"]) is InlineProcessor
        and callable(getattr(InlineProcessor, "_InlineProcessor__handleInline", None))
        and callable(getattr(InlineProcessor, "_InlineProcessor__applyPattern", None))
    )


class MarkdownSpeedExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API
        if _replaceable(md):
            priority = md.treeprocessors.get_index_for_name("inline")
            priority = md.treeprocessors._priority[priority].priority
            md.treeprocessors.register(SkippingInlineProcessor(md), "inline", priority)


def makeExtension(**kwargs) -> MarkdownSpeedExtension:  # noqa: N802 - Python-Markdown's API
    return MarkdownSpeedExtension(**kwargs)
