"""Metamorphic tests over the corpus of real documents (tests/corpus/).

No annotation is needed for these: each property compares the pipeline with
itself, on a document and on variants of it made by
tests/corpus/variants.py (hard-wrapped as a PDF export, GB18030, Big5
traditional, UTF-16, pinyin annotations).  For every corpus file:

- test_original_loses_no_character: no error from the pipeline (its own
  nothing-lost check among them), and every Chinese character of the source
  body (after the documented removals: the `drop_*` cleanups) reaches a
  rendered page.
- test_lines_stay_paragraphs (typed text only, not PDF-wrapped sources):
  a source line ending a sentence (。！？, a closing quote may follow) is
  never joined with the next line: no block, title or masthead line holds
  the last characters of the one and the first characters of the other.
- test_variant_same_metadata[file-variant]: the same number of documents
  and, for each, the same title, date, unit, doc_type, campaigns and
  departments as the original.
- test_variant_same_paragraphs[file-variant]: the same masthead, byline and
  sequence of blocks (kind, number, text with whitespace removed, badges).
- test_variant_loses_no_character[file-variant]: no error, and as many of
  the source's characters on the pages as the original has.

"The original" is the corpus file itself, except for the Big5 variant,
whose characters come back through t2s, which is not an exact inverse of
s2t (着→著 stays 著): there it is the round-tripped text, as UTF-8.
Known failures: `tests/corpus/known_failures.yaml` lists, by test id, the
cases the pipeline does not get right yet, each with the reason.  They are
strict xfails: a listed case that starts passing fails the run until it is
taken off the list, so the list only shrinks and never hides a regression
elsewhere.

Variants that cannot be made are skipped with the reason (Big5 for text
that Big5-HKSCS cannot encode; wrapping a source that is already a PDF's
hard-wrapped text).  Point FIREPORTAL_CORPUS at another directory with the
same layout (truth.yaml, docs/) to run these on it.
"""

from __future__ import annotations

import difflib
import re
import sys
from functools import cache
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))

import variants as V  # noqa: E402
from fireportal.cache_codec import NotCacheable, encode_entry  # noqa: E402
from fireportal.pipeline import FileResult, ingest_file  # noqa: E402
from fireportal.taxonomy import load_taxonomy  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = V.corpus_dir()

if not (CORPUS / "truth.yaml").is_file():
    pytest.skip(f"no corpus yet: {CORPUS / 'truth.yaml'} is missing", allow_module_level=True)

TRUTH = V.load_truth(CORPUS)
FILES = [p.name for p in V.corpus_files(CORPUS) if p.name.endswith(V.TEXT_SUFFIXES)]
if not FILES:
    pytest.skip(f"no .txt documents under {CORPUS / 'docs'}", allow_module_level=True)

META_FIELDS = ("title", "date", "unit", "doc_type", "campaigns", "departments")

_KNOWN_PATH = Path(__file__).resolve().parent / "corpus" / "known_failures.yaml"
KNOWN_FAILURES: dict[str, str] = (
    yaml.safe_load(_KNOWN_PATH.read_text(encoding="utf-8")) or {}
    if _KNOWN_PATH.is_file() and CORPUS == _KNOWN_PATH.parent else {}
)


@pytest.fixture(autouse=True)
def _known_failure(request):
    """Marks a case listed in known_failures.yaml as a strict xfail."""
    key = request.node.name
    if key in KNOWN_FAILURES:
        request.applymarker(pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[key]))
_SENTENCE_END = re.compile(r"[。！？][”’」』]?$")
_SPACE = re.compile(r"\s+")
EDGE = 8  # characters either side of a line break that must not share a block


@cache
def taxonomy():
    return load_taxonomy(ROOT / "taxonomy.yml")


@cache
def source_text(name: str) -> str | None:
    return V.decode_source((CORPUS / "docs" / name).read_bytes())


@cache
def made(name: str) -> dict[str, V.Variant]:
    text = source_text(name)
    return {v.name: v for v in V.variants(text)} if text is not None else {}


@cache
def run(name: str, payload: bytes) -> FileResult:
    return ingest_file(f"sources/corpus/{name}", payload, taxonomy=taxonomy())


def original_bytes(name: str) -> bytes:
    return (CORPUS / "docs" / name).read_bytes()


def variant_or_skip(name: str, kind: str) -> V.Variant:
    text = source_text(name)
    if text is None:
        pytest.skip(f"{name}: no decoding (UTF-8, GB18030, Big5-HKSCS) reads it, so no variants")
    if kind.startswith("wrap") and V.is_hard_wrapped(text, TRUTH.get(name)):
        pytest.skip(f"{name} is a hard-wrapped (PDF) text already; wrapping it again is no real input")
    variant = made(name).get(kind)
    if variant is None:
        pytest.skip(f"{name}: Big5-HKSCS cannot encode its traditional text; kept out of the Big5 variant")
    return variant


def baseline(name: str, variant: V.Variant) -> tuple[FileResult, str]:
    """The pipeline's result the variant must equal, and what it is."""
    if variant.baseline == source_text(name):
        return run(name, original_bytes(name)), "the original"
    return run(name, variant.baseline.encode("utf-8")), "the original after s2t→t2s"


def assert_cacheable(result: FileResult) -> None:
    """The persistent cache can store the result as it is: every field of a
    closed set (a block's kind, an origin, a level, a type) holds one of the
    model's values, so a warm build reads it back instead of converting again."""
    try:
        encode_entry("k", "sources/corpus/x", result.documents, result.problems, result.texts)
    except NotCacheable as exc:
        raise AssertionError(f"the cache cannot store this result: {exc}") from None


def errors(result: FileResult) -> list[str]:
    return [p.line() for p in result.problems if p.level == "error"]


def metadata(result: FileResult) -> list[dict]:
    out = []
    for d in result.documents:
        fields = {}
        for name in META_FIELDS:
            value = getattr(d.meta, name)
            fields[name] = sorted(value) if isinstance(value, tuple) else value
        out.append(fields)
    return out


def paragraphs(result: FileResult) -> list[str]:
    """What a page shows below its title, document by document, whitespace removed."""
    lines: list[str] = []
    for n, d in enumerate(result.documents, 1):
        lines.append(f"=== document {n}")
        for label in ("publication", "issue", "dateline", "byline"):
            value = getattr(d.head, label)
            if value:
                lines.append(f"{label}: {_SPACE.sub('', value)}")
        for b in d.blocks:
            badge = f"  [{b.note_label}: {'、'.join(b.departments)}]" if b.departments else ""
            lines.append(f"{b.kind}: {_SPACE.sub('', b.marker + b.text)}{badge}")
    return lines


def kept(name: str, text: str, result: FileResult) -> tuple[int, int]:
    source = V.source_characters(text)
    return V.characters_kept(source, result.documents), sum(source.values())


def case_id(case: tuple[str, str]) -> str:
    return f"{case[0]}-{case[1]}"


CASES = [(name, kind) for name in FILES for kind in V.KINDS]


# --- the original -----------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_original_loses_no_character(name: str) -> None:
    result = run(name, original_bytes(name))
    assert not errors(result), "\n".join(errors(result))
    assert_cacheable(result)
    text = source_text(name)
    if text is None:
        pytest.skip(f"{name}: not decodable here; the pipeline's own check ran above")
    got, total = kept(name, text, result)
    assert got == total, (
        f"{total - got} of {total} Chinese characters of the source body reach no page "
        f"(documented removals allowed: {', '.join(V.documented_removals())})"
    )


def _ideographs(text: str) -> str:
    return "".join(V.IDEOGRAPH.findall(V.to_simplified(text)))


@pytest.mark.parametrize("name", FILES)
def test_lines_stay_paragraphs(name: str) -> None:
    """A typed line that ends a sentence is never joined with the next one.

    Compared by Chinese characters only (the cleanups change punctuation,
    spaces and traditional characters): the last EDGE characters of such a
    line followed by the first EDGE of the next non-empty line must not
    occur in any one block (number + text; a responsibility note is a
    badge, not text), title, subtitle or masthead line, unless that
    sequence is in one source line too.
    """
    text = source_text(name)
    if text is None:
        pytest.skip(f"{name}: not decodable here")
    if V.is_hard_wrapped(text, TRUTH.get(name)):
        pytest.skip(f"{name} is a hard-wrapped (PDF) text: its lines are not paragraphs")
    result = run(name, original_bytes(name))
    shown = []
    for d in result.documents:
        shown += [d.head.title, d.head.subtitle, d.head.publication, d.head.issue, d.head.dateline,
                  d.head.byline]
        shown += [b.marker + b.text for b in d.blocks]
    units = [(u, _ideographs(u)) for u in shown if u]
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    chars = [_ideographs(line) for line in lines]
    joined = []
    content = [i for i, line in enumerate(lines) if chars[i]]
    for i, j in zip(content, content[1:]):
        if not _SENTENCE_END.search(lines[i]):
            continue
        seam = chars[i][-EDGE:] + chars[j][:EDGE]
        if any(seam in c for c in chars):
            continue  # the same characters run on inside one line elsewhere: no evidence
        holder = next((raw for raw, chars_ in units if seam in chars_), None)
        if holder is not None:
            joined.append(f"line {i + 1} “…{lines[i][-16:]}” + line {j + 1} “{lines[j][:16]}…” "
                          f"are one block: “{holder[:50]}…”")
    assert not joined, f"{len(joined)} paragraph lines joined:\n" + "\n".join(joined)


# --- the variants -----------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_variant_same_metadata(case: tuple[str, str]) -> None:
    name, kind = case
    variant = variant_or_skip(name, kind)
    expected, what = baseline(name, variant)
    got = run(name, variant.data)
    want, have = metadata(expected), metadata(got)
    assert len(have) == len(want), f"{kind}: {len(have)} documents, {what} gives {len(want)}"
    diffs = [f"document {n} {field}: {kind} gives {h[field]!r}, {what} {w[field]!r}"
             for n, (w, h) in enumerate(zip(want, have), 1) for field in META_FIELDS if w[field] != h[field]]
    assert not diffs, "\n".join(diffs)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_variant_same_paragraphs(case: tuple[str, str]) -> None:
    name, kind = case
    variant = variant_or_skip(name, kind)
    expected, what = baseline(name, variant)
    want, have = paragraphs(expected), paragraphs(run(name, variant.data))
    if want != have:
        diff = list(difflib.unified_diff(want, have, what, kind, n=0, lineterm=""))
        shown = "\n".join(line[:160] for line in diff[:40])
        more = f"\n… {len(diff) - 40} more diff lines" if len(diff) > 40 else ""
        pytest.fail(f"{kind} gives other paragraphs than {what}:\n{shown}{more}")


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_variant_loses_no_character(case: tuple[str, str]) -> None:
    name, kind = case
    variant = variant_or_skip(name, kind)
    expected, what = baseline(name, variant)
    got = run(name, variant.data)
    assert not errors(got), "\n".join(errors(got))
    assert_cacheable(got)
    want, total = kept(name, variant.baseline, expected)
    have, _ = kept(name, variant.baseline, got)
    assert have == want, (
        f"{kind}: {have} of the source's {total} Chinese characters reach the pages, {what}: {want}"
    )
