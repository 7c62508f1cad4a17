"""A file's `texts` (one digest per document, made during its conversion from the
plain text of the nothing-lost check) are what `text_digest` gives for each
document: the duplicate check compares them with digests made either way."""

from __future__ import annotations

from pathlib import Path

import pytest

from fireportal.pipeline import SIDECAR_SUFFIX, _ingest_file, text_digest
from fireportal.taxonomy import load_taxonomy

REPO = Path(__file__).resolve().parents[1]
SOURCES = sorted(p for p in (REPO / "sources").rglob("*") if p.is_file() and not p.name.endswith(SIDECAR_SUFFIX))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_texts_are_each_documents_text_digest(path):
    result = _ingest_file(path.relative_to(REPO).as_posix(), path.read_bytes(),
                          taxonomy=load_taxonomy(REPO / "taxonomy.yml"), sidecar_text=None, max_bytes=10 << 20,
                          check_pages=True)
    assert result.documents
    assert result.texts == tuple(text_digest(d) for d in result.documents)
