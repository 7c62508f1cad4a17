"""The search files' builder drops its working tables before making the files.

The search files (one per document, one per shard) take about as much
memory as the tables they are made from; holding both made the end of
`build_search_files` its peak, in the build's search process beside the
page workers.  Checked by tracking the tables with weak references: the
posting table and the per-document runs must be gone when the first
document file is made, the records when the first shard file is.
"""

from __future__ import annotations

import weakref

from fireportal.search import SearchDoc, build_search_files
from fireportal.search import codec, index


class _Tracked(dict):
    """A dict that a weak reference can follow (a plain dict cannot)."""

    __slots__ = ("__weakref__",)


class _TrackedList(list):
    __slots__ = ("__weakref__",)


def _docs(n: int) -> list[SearchDoc]:
    return [SearchDoc(url=f"doc/{i}.html", title=f"盘锦支队召开第{i}次办公会", date=f"2022-05-{i % 28 + 1:02d}",
                      unit="盘锦市消防救援支队", campaigns=(), text=f"会议要求，各大队要加强消防安全检查{i}。" * 3)
            for i in range(n)]


def test_the_tables_are_gone_before_the_files_are_made(monkeypatch):
    docs = _docs(40)
    plain = build_search_files(docs)
    refs: dict[str, list] = {"tables": [], "records": []}
    seen: dict[str, list] = {"doc": [], "shard": []}
    postings, record, script = index._postings, index._record, codec.script

    def tracked_postings(records):
        table, tops, runs = postings(records)
        table, runs = _Tracked(table), _TrackedList(runs)
        refs["tables"] += [weakref.ref(table), weakref.ref(runs)]
        return table, tops, runs

    def tracked_record(doc):
        made = _Tracked(record(doc))
        refs["records"].append(weakref.ref(made))
        return made

    def watching_script(kind, value, ident=None):
        if kind in seen and not seen[kind]:
            held = refs["tables"] if kind == "doc" else refs["records"][:-1]  # the loop keeps the last
            seen[kind].append(sum(ref() is not None for ref in held))
        return script(kind, value, ident)

    monkeypatch.setattr(index, "_postings", tracked_postings)
    monkeypatch.setattr(index, "_record", tracked_record)
    monkeypatch.setattr(index.codec, "script", watching_script)
    assert build_search_files(docs) == plain
    assert len(refs["tables"]) == 2 and len(refs["records"]) == 40
    assert seen == {"doc": [0], "shard": [0]}
