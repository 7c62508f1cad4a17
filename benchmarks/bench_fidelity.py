"""Conversion fidelity on the corpus of real documents (tests/corpus/).

Every corpus document, and each variant of it made by
tests/corpus/variants.py (hard-wrapped at 20/28/34/40 characters with page
numbers, GB18030, Big5 traditional, UTF-16, pinyin annotations), goes
through `ingest_file` as `sources/corpus/<name>` with the repo's
taxonomy.yml (no year folder, so no year comes from the path).  Each field
of the result is compared with the hand annotation in tests/corpus/truth.yaml:

- RIGHT: the value matches the annotation (title and subtitle: difflib
  ratio >= 0.8 and the same numbers in the same order, since a title
  naming another year or issue names another document; date, unit (the annotation canonicalised by the same
  taxonomy, `canonical_unit`, because the portal deliberately publishes old,
  short and 2024 消防救援局 names under the current canonical one:
  福州市公安消防支队 and 福州市消防救援局 are 福州市消防救援支队; an annotation of a
  district several cities have, written without its city, matches that
  district in any of them, as the annotation does not say which), unit_level,
  doc_type, doc_number: exact; author: the same names; campaigns (quote
  marks ignored: the annotations type "…", the taxonomy writes “…”) and
  departments: the same set; documents: the file gives that many documents),
  after removing whitespace and converting both sides to simplified
  characters (OpenCC t2s, as the pipeline does).
  An annotation of null or [] is matched by an empty value.
- FLAGGED: not right, but the pipeline said so: the field is in the
  document's `guessed` tuple, or one of its problems names the field (the
  Chinese words of `FIELD_WORDS`, outside quoted text).
- SILENTLY WRONG: a non-empty wrong value (or a value where the annotation
  is null) with no flag.  SILENTLY MISSING: empty, no flag, but the
  annotation has a value.
A field the annotation leaves out is not counted.  A file annotated
`documents: N` (a number) compares its first document with the annotation's
fields; `documents: [ {...}, {...} ]` compares part i with entry i (the
file-level fields are defaults for every part).  "title, has line" is the
title's share right over the documents annotated `has_title_line: true`.
"chars kept" is the share of the source body's Chinese characters (after
the documented removals: the `drop_*` cleanups) that reach the rendered
pages, counted as a multiset.  "silent docs" is the share of documents with
at least one silently wrong value.

Run:
    .venv/bin/python benchmarks/bench_fidelity.py [--no-variants] [--json FILE] [--field FIELD]
(FIREPORTAL_CORPUS=DIR measures another corpus laid out the same way.)
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "corpus"))

import variants as V  # noqa: E402
from fireportal.model import Origin  # noqa: E402
from fireportal.pipeline import ingest_file  # noqa: E402
from fireportal.taxonomy import load_taxonomy, placed_name  # noqa: E402

FIELDS = ("title", "subtitle", "date", "unit", "unit_level", "doc_type", "doc_number",
          "campaigns", "departments", "author", "documents")
ROWS = ("original", *V.KINDS, *V.FORMAT_KINDS)

# Words the pipeline's messages use for each field (metadata.py): a problem
# naming one flags that field.  Quoted text (“…”) is ignored, since a
# message quotes the document.  The field's own name counts too (messages
# say what to write in the sidecar: `date: 2024-02-28`).
FIELD_WORDS = {
    "title": r"(?<!副)标题(?!类型词)|题目",  # 标题类型词: the type word of a title, a doc_type message
    "subtitle": r"副标题",
    "date": r"日期|时间|年份",
    "unit": r"(?<!责任)单位|发文机关|机构",
    "unit_level": r"级别|层级",
    "doc_type": r"类型|文种",
    "doc_number": r"文号",
    "campaigns": r"专项行动|行动名",
    "departments": r"处室|科室|部门|责任单位",
    "author": r"作者|记者|署名",
    "documents": r"拆|几篇|分篇",
}
_FIELD_NAMES = {"documents": r"\b(?:split|parts)\b", "campaigns": r"\bcampaigns?\b",
                "departments": r"\bdepartments?\b"}
FLAG_PATTERNS = {
    name: re.compile(rf"{words}|{_FIELD_NAMES.get(name, rf'(?<![A-Za-z_]){name}(?![A-Za-z_])')}")
    for name, words in FIELD_WORDS.items()
}
_QUOTED = re.compile(r"“[^”]*”|「[^」]*」")


@dataclass
class Tally:
    right: int = 0
    flagged: int = 0
    silently_wrong: int = 0
    silently_missing: int = 0

    @property
    def n(self) -> int:
        return self.right + self.flagged + self.silently_wrong + self.silently_missing


@dataclass
class Row:
    fields: dict = field(default_factory=lambda: {f: Tally() for f in FIELDS})
    title_line: Tally = field(default_factory=Tally)
    kept: int = 0
    source: int = 0
    documents: int = 0
    silent_documents: int = 0
    files: int = 0
    skipped: list = field(default_factory=list)


# --- comparing ---------------------------------------------------------------


def _squash(text: object) -> str:
    """Whitespace removed and simplified: the pipeline writes simplified
    characters, an annotation may keep the document's traditional ones."""
    return V.to_simplified(re.sub(r"\s+", "", str(text or "")))


def _names(value: object) -> set[str]:
    items = value if isinstance(value, (list, tuple)) else re.split(r"[\s、，,;；/]+", str(value or ""))
    return {_squash(v) for v in items if _squash(v)}


_QUOTES = re.compile(r"[\"'“”‘’「」『』]")


_NUMBERS = re.compile(r"\d+")


def is_right(name: str, expected: object, got: object, taxonomy) -> bool:
    if name == "campaigns":
        # Annotations were typed with ASCII quotes, the taxonomy writes “”.
        return {_QUOTES.sub("", n) for n in _names(expected)} == {_QUOTES.sub("", n) for n in _names(got)}
    if name == "departments":
        return _names(expected) == _names(got)
    if name == "author":
        return _names(expected) == _names(got)
    expected, got = _squash(expected), _squash(got)
    if not expected or not got:
        return expected == got
    if name in ("title", "subtitle"):
        return (_NUMBERS.findall(expected) == _NUMBERS.findall(got)
                and difflib.SequenceMatcher(None, expected, got).ratio() >= 0.8)
    if name == "unit":
        want = taxonomy.canonical_unit(expected) or expected
        # An annotation naming a district several cities have without its
        # city (永定消防大队, as written) says nothing of the city: the bench
        # cannot judge the city the pipeline adds from the text (张家界市永定区
        # 消防救援大队), so it compares the unit as annotated, the district.
        return want == got or got in {placed_name(d) for d in taxonomy.rival_places(want)}
    return expected == got


def is_empty(value: object) -> bool:
    return not _names(value) if isinstance(value, (list, tuple)) else not _squash(value)


def flagged_fields(document, file_problems) -> set[str]:
    flags = set(getattr(document, "guessed", ()) or ()) | set(getattr(document.meta, "guessed", ()) or ())
    for problem in (*document.problems, *file_problems):
        message = _QUOTED.sub("", problem.message)
        flags |= {name for name, pattern in FLAG_PATTERNS.items() if pattern.search(message)}
    return flags


def value_of(document, name: str) -> object:
    value = getattr(document.meta, name, "")
    return list(value) if isinstance(value, tuple) else value


def truth_parts(entry: dict) -> tuple[int, list[dict]]:
    """(documents expected, the annotation of each document compared)."""
    listed = entry.get("documents")
    defaults = {k: v for k, v in entry.items() if k != "documents"}
    if isinstance(listed, list):
        return len(listed), [{**defaults, **(part or {})} for part in listed]
    try:
        count = int(listed) if listed is not None else 1
    except (TypeError, ValueError):
        count = 1
    return count, [defaults]


# --- running (in worker processes) ---------------------------------------------

_TAXONOMY = None


def _taxonomy():
    global _TAXONOMY
    if _TAXONOMY is None:
        _TAXONOMY = load_taxonomy(ROOT / "taxonomy.yml")
    return _TAXONOMY


def run_file(path: str, entry: dict, with_variants: bool) -> list[dict]:
    """One corpus file and its variants → one outcome per row, as plain data."""
    taxonomy = _taxonomy()
    name = Path(path).name
    data = Path(path).read_bytes()
    text = V.decode_source(data) if name.endswith(V.TEXT_SUFFIXES) else None
    runs: list[tuple[str, bytes, str | None, str, str]] = [("original", data, text, "", name)]
    if with_variants:
        if text is None:
            reason = "not a text file" if not name.endswith(V.TEXT_SUFFIXES) else "undecodable"
            runs += [(kind, b"", None, reason, name) for kind in (*V.KINDS, *V.FORMAT_KINDS)]
        else:
            made = {v.name: v for v in V.variants(text)}
            wrapped_source = V.is_hard_wrapped(text, entry)
            if not wrapped_source:
                # A hard-wrapped source's lines are not paragraphs: typeset or
                # typed into Word line by line it would be another document.
                made |= {v.name: v for v in V.format_variants(text)}
            for kind in (*V.KINDS, *V.FORMAT_KINDS):
                variant = made.get(kind)
                if kind.startswith("wrap") and wrapped_source or variant is None and wrapped_source:
                    runs.append((kind, b"", None, "the source is hard-wrapped already", name))
                elif variant is None:
                    runs.append((kind, b"", None, "Big5-HKSCS cannot encode it", name))
                else:
                    runs.append((kind, variant.data, variant.baseline, variant.note,
                                 Path(name).stem + variant.suffix))
    expected_count, parts = truth_parts(entry)
    outcomes = []
    for kind, payload, baseline, note, committed_as in runs:
        if not payload:
            outcomes.append({"row": kind, "file": name, "skipped": note})
            continue
        result = ingest_file(f"sources/corpus/{committed_as}", payload, taxonomy=taxonomy)
        in_docs = {id(p) for d in result.documents for p in d.problems}
        file_problems = [p for p in result.problems if id(p) not in in_docs]
        source = V.source_characters(baseline) if baseline is not None else Counter()
        kept = V.characters_kept(source, result.documents) if baseline is not None else 0
        outcome = {"row": kind, "file": name, "note": note, "kept": kept,
                   "source": sum(source.values()), "documents": [],
                   "problems": [p.line() for p in result.problems]}
        got_count = len(result.documents)
        count_flag = any(FLAG_PATTERNS["documents"].search(_QUOTED.sub("", p.message))
                         for p in result.problems)
        for index, truth in enumerate(parts):
            document = result.documents[index] if index < len(result.documents) else None
            # A part the pipeline did not make: flagged only if the split was.
            flags = (flagged_fields(document, file_problems) if document is not None
                     else set(FIELDS) if count_flag else set())
            verdicts = {}
            for name_ in FIELDS:
                if name_ == "documents":
                    if index:
                        continue
                    expected, got = expected_count, got_count
                    right = expected == got
                    flagged = count_flag
                else:
                    if name_ not in truth:
                        continue
                    expected = truth[name_]
                    got = value_of(document, name_) if document is not None else ""
                    right = is_right(name_, expected, got, taxonomy)
                    flagged = name_ in flags
                if right:
                    verdict = "right"
                elif flagged:
                    verdict = "flagged"
                elif name_ != "documents" and is_empty(got):
                    verdict = "silently_missing"
                else:
                    verdict = "silently_wrong"
                origin = (document.origins.get(name_) if document is not None else None) or Origin(origin="")
                verdicts[name_] = {"verdict": verdict, "expected": expected, "got": got,
                                   "origin": origin.origin, "note": origin.note}
            outcome["documents"].append({"part": index + 1, "has_title_line": truth.get("has_title_line"),
                                         "fields": verdicts})
        outcomes.append(outcome)
    return outcomes


# --- reporting -------------------------------------------------------------


def tally(outcomes: list[dict]) -> dict[str, Row]:
    rows = {kind: Row() for kind in ROWS}
    for outcome in outcomes:
        row = rows[outcome["row"]]
        if "skipped" in outcome:
            row.skipped.append(f"{outcome['file']}: {outcome['skipped']}")
            continue
        row.files += 1
        row.kept += outcome["kept"]
        row.source += outcome["source"]
        for document in outcome["documents"]:
            row.documents += 1
            verdicts = document["fields"]
            row.silent_documents += any(v["verdict"] == "silently_wrong" for v in verdicts.values())
            for name, v in verdicts.items():
                t = row.fields[name]
                setattr(t, v["verdict"], getattr(t, v["verdict"]) + 1)
            if document["has_title_line"] and "title" in verdicts:
                t = row.title_line
                setattr(t, verdicts["title"]["verdict"], getattr(t, verdicts["title"]["verdict"]) + 1)
    return rows


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


def markdown(rows: dict[str, Row], with_variants: bool) -> str:
    original = rows["original"]
    out = [f"Originals: {original.files} files, {original.documents} documents compared.", "",
           "| field | n | right | flagged | silently wrong | silently missing |",
           "|---|---:|---:|---:|---:|---:|"]
    for name in FIELDS:
        t = original.fields[name]
        out.append(f"| {name} | {t.n} | {_pct(t.right, t.n)} | {_pct(t.flagged, t.n)} "
                   f"| {t.silently_wrong} | {t.silently_missing} |")
    t = original.title_line
    out.append(f"| title, has line | {t.n} | {_pct(t.right, t.n)} | {_pct(t.flagged, t.n)} "
               f"| {t.silently_wrong} | {t.silently_missing} |")
    out += ["", f"Characters kept: {_pct(original.kept, original.source)} "
            f"({original.kept} of {original.source}); documents with a silently wrong value: "
            f"{original.silent_documents} of {original.documents} "
            f"({_pct(original.silent_documents, original.documents)})."]
    if not with_variants:
        return "\n".join(out)
    short = {"unit_level": "level", "doc_type": "type", "doc_number": "number",
             "campaigns": "campaigns", "departments": "depts", "documents": "docs"}
    out += ["", "Each cell: right % / flagged % / silently wrong / silently missing.", "",
            "| row | docs | " + " | ".join(short.get(f, f) for f in FIELDS)
            + " | title, has line | chars kept | silent docs |",
            "|---|---:|" + "---|" * (len(FIELDS) + 1) + "---:|---:|"]
    for kind in ROWS:
        row = rows[kind]
        cells = []
        for t in (*(row.fields[f] for f in FIELDS), row.title_line):
            cells.append(f"{_pct(t.right, t.n)}/{_pct(t.flagged, t.n)}/{t.silently_wrong}/{t.silently_missing}"
                         if t.n else "–")
        out.append(f"| {kind} | {row.documents} | " + " | ".join(cells)
                   + f" | {_pct(row.kept, row.source)} | {_pct(row.silent_documents, row.documents)} |")
    skipped = {kind: rows[kind].skipped for kind in ROWS if rows[kind].skipped}
    if skipped:
        out += ["", "Not made: " + "; ".join(f"{kind} for {', '.join(s)}" for kind, s in skipped.items())]
    return "\n".join(out)


def failures(outcomes: list[dict], name: str) -> list[str]:
    lines = []
    for outcome in outcomes:
        for document in outcome.get("documents", []):
            v = document["fields"].get(name)
            if v and v["verdict"] != "right":
                part = f"#{document['part']}" if document["part"] > 1 else ""
                lines.append(f"{outcome['file']}{part} [{outcome['row']}] {v['verdict']}: "
                             f"expected {v['expected']!r}, got {v['got']!r}"
                             + (f" ({v['origin']}: {v['note']})" if v["origin"] or v["note"] else ""))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variants", action=argparse.BooleanOptionalAction, default=True,
                        help="also measure every variant of every document (default: yes)")
    parser.add_argument("--json", metavar="FILE", help="write the numbers and every verdict here")
    parser.add_argument("--field", choices=FIELDS, help="list each failure of this field")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args(argv)

    corpus = V.corpus_dir()
    truth = V.load_truth(corpus)
    if not truth:
        print(f"no annotated documents: {corpus / 'truth.yaml'} is missing or empty", file=sys.stderr)
        return 1
    files = [corpus / "docs" / name for name in sorted(truth)]
    start = time.perf_counter()
    outcomes: list[dict] = []
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            for result in pool.map(run_file, map(str, files), (truth[f.name] for f in files),
                                   [args.variants] * len(files)):
                outcomes += result
    else:
        for f in files:
            outcomes += run_file(str(f), truth[f.name], args.variants)
    elapsed = time.perf_counter() - start
    rows = tally(outcomes)
    print(markdown(rows, args.variants))
    print(f"\n({len(files)} files, {sum(1 for o in outcomes if 'skipped' not in o)} conversions, "
          f"{elapsed:.1f} s; removals allowed: {', '.join(V.documented_removals())})")
    if args.field:
        lines = failures(outcomes, args.field)
        print(f"\n{args.field}: {len(lines)} not right")
        print("\n".join(lines))
    if args.json:
        summary = {
            kind: {
                "files": row.files, "documents": row.documents,
                "fields": {f: vars(t) for f, t in row.fields.items()},
                "title_has_line": vars(row.title_line),
                "characters_kept": row.kept, "characters_source": row.source,
                "silent_documents": row.silent_documents, "skipped": row.skipped,
            }
            for kind, row in rows.items()
        }
        Path(args.json).write_text(json.dumps({"rows": summary, "outcomes": outcomes},
                                              ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
