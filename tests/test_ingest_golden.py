"""Every sample source and every fixture against its reviewed Markdown."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from fireportal.pipeline import ingest_file, ingest_tree
from fireportal.render import render_document
from fireportal.taxonomy import load_taxonomy
from golden_compare import check_golden

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "ingest"
TAXONOMY = load_taxonomy(ROOT / "taxonomy.yml")


def _sample_documents():
    return ingest_tree(ROOT / "sources", root=ROOT, taxonomy=TAXONOMY).documents


@pytest.mark.parametrize("document", _sample_documents(), ids=lambda d: d.slug)
def test_sample_matches_golden(document, update_golden):
    check_golden(ROOT / "tests" / "golden" / f"{document.slug}.md", render_document(document),
                 update=update_golden)


def test_every_golden_file_still_has_a_document():
    slugs = {d.slug for d in _sample_documents()}
    stale = sorted(p.stem for p in (ROOT / "tests" / "golden").glob("*.md") if p.stem not in slugs)
    assert not stale, f"golden files without a document (delete them): {stale}"


def _cases():
    return sorted(p for p in FIXTURES.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.name)
def test_fixture(case: Path, update_golden):
    """tests/fixtures/ingest/<case>/: one input file, its optional sidecar,
    case.yml (the path it pretends to live at), and expected-N.md per document."""
    spec = yaml.safe_load((case / "case.yml").read_text(encoding="utf-8"))
    source = next(p for p in case.iterdir() if p.name.startswith("input") and not p.name.endswith(".meta.yml"))
    sidecar = source.with_name(source.stem + ".meta.yml")
    result = ingest_file(
        spec["path"], source.read_bytes(), taxonomy=TAXONOMY,
        sidecar_text=sidecar.read_text(encoding="utf-8") if sidecar.exists() else None,
    )
    messages = sorted(p.line() for p in result.problems)
    assert messages == sorted(spec.get("problems", [])), messages
    for n, document in enumerate(result.documents, 1):
        check_golden(case / f"expected-{n}.md", render_document(document), update=update_golden)
    assert len(result.documents) == spec.get("documents", 1)
