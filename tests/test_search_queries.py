"""tests/e2e/search_queries.yml through the Python mirror of the search client.

The same expectations are typed into the built site's header box by
tests/e2e/test_search.py; this module checks them in seconds, without a
browser, on the documents the pipeline makes from sources/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from fireportal.search import build_search_files, search

REPO = Path(__file__).resolve().parent.parent
QUERIES = yaml.safe_load((REPO / "tests" / "e2e" / "search_queries.yml").read_text(encoding="utf-8"))

try:
    from fireportal.pipeline import ingest_tree
    from fireportal.search.documents import search_doc
    from fireportal.taxonomy import load_taxonomy
except ImportError as exc:  # the pipeline is built alongside the search
    pytest.skip(f"fireportal.pipeline is not importable yet: {exc}", allow_module_level=True)


@pytest.fixture(scope="module")
def index() -> tuple[dict[str, str], dict[str, str]]:
    """(search files, {page url: source file}) for the sample sources."""
    taxonomy = load_taxonomy(None)
    documents = ingest_tree(REPO / "sources", root=REPO, taxonomy=taxonomy).documents
    docs = [search_doc(d, url=f"doc/{d.slug}/", taxonomy=taxonomy) for d in documents]
    return build_search_files(docs), {f"doc/{d.slug}/": d.meta.source for d in documents}


def test_the_list_is_long_enough():
    assert len(QUERIES) >= 25
    assert all(set(case) == {"query", "expect"} and case["expect"] for case in QUERIES)


@pytest.mark.parametrize("case", QUERIES, ids=[str(c["query"]) for c in QUERIES])
def test_expected_sources_in_the_first_five(index, case):
    files, source_of = index
    result = search(files, str(case["query"]))
    top = {source_of[url] for url in result.urls[:5]}
    missing = [source for source in case["expect"] if source not in top]
    assert not missing, f"{case['query']}: {missing} not in the first five {result.urls[:5]}"
