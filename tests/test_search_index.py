"""The Chinese search index and its query algorithm.

`fireportal.search.search` runs the browser client's algorithm on the built
files, so these tests cover ranking and false-positive removal without a
browser; `test_browser_client_matches_python` then runs the real search.js in
headless Chromium from file:// and checks it returns the same.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fireportal.search import ROOT, Filters, SearchDoc, build_search_files, search
from fireportal.search.codec import decode_postings, encode_posting, parse_script, posting_count
from fireportal.search.index import SHARD_OTHERS_BYTES, TOP_HEADS, TOP_IDS, WINDOW, shard_count
from fireportal.search.query import rank, shard_of
from fireportal.search.text import bigrams, display, fold, query_terms, shard_hash


def doc(url: str, text: str = "", *, title: str = "标题", date: str = "2022-01-01",
        unit: str = "", campaigns: tuple[str, ...] = (), extra: tuple[str, ...] = (),
        units: tuple[str, ...] = (), doc_type: str = "") -> SearchDoc:
    return SearchDoc(url=url, title=title, date=date, unit=unit, campaigns=campaigns,
                     text=text, extra=extra, units=units, doc_type=doc_type)


SAMPLE = [
    doc("a/", "5月6日，盘锦市消防救援支队组织召开5月份办公会，贾鹏政委参加会议。", title="盘锦支队召开办公会",
        date="2022-05-06", unit="盘锦市消防救援支队", extra=("盘锦支队",)),
    doc("b/", "近日，消防救援局召开第31次局务会，研究消防奖评选，119消防奖。", title="第31次办公会议的通知",
        date="2022", unit="辽宁省消防救援总队"),
    doc("c/", "全面落实消防安全主体责任。", title="简报", date="2024-02-28"),
    # 消防, 防安 and 安全 all occur, never as 消防安全.
    doc("d/", "加强消防工作。做好预防安排。安全第一。", title="其他", date="2023"),
    # Hard-wrapped 简报 lines and the spaced date of a scanned header.
    doc("e/", "推进全市消防安全集中\n\n除患攻坚行动\n盘锦消防救援支队 2024 年 2 月 28 日", title="专刊",
        date="2024-02-28"),
    doc("f/", "使用ＡＢＣ系统和 Fire Safety 平台。", title="系统", date="2021"),
]


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return build_search_files(SAMPLE)


@pytest.mark.parametrize(
    ("query", "urls"),
    [
        ("安全", ["c/", "e/", "d/"]),  # inside 消防安全, and d/ has 安全第一
        ("消防安全", ["c/", "e/"]),
        ("第31次", ["b/"]),
        ("119", ["b/"]),
        ("119消防奖", ["b/"]),
        ("5月份办公会", ["a/"]),
        ("贾鹏", ["a/"]),
        ("盘锦支队", ["a/"]),  # only in the title and the alias, not the body
        ("集中除患攻坚", ["e/"]),  # across a hard line break
        ("2024年2月28日", ["e/"]),  # the source has spaces around the digits
        ("abc", ["f/"]),  # full-width letters, any case
        ("fire safety", ["f/"]),  # two terms
        ("FIRE", ["f/"]),
        ("消防 办公会", ["a/", "b/"]),  # every term must occur, in any field
        ("贾鹏 119", []),
        ("不存在", []),
    ],
)
def test_finds_every_document_containing_the_query(files, query, urls):
    assert sorted(search(files, query).urls) == sorted(urls)


def test_bigrams_that_occur_apart_are_not_a_hit(files):
    result = search(files, "消防安全")
    assert "d/" not in result.urls
    assert result.candidates == 3  # d/ holds all three bigrams ...
    assert result.total == 2  # ... and was removed by checking the text


def test_two_character_terms_need_no_check_and_count_exactly(files):
    result = search(files, "消防")
    assert result.total == result.candidates == len(result.hits) == 5


def test_a_single_character_searches_titles_and_says_so(files):
    result = search(files, "会")
    assert sorted(result.urls) == ["a/", "b/"]  # 办公会, 会议; not c/ (body only)
    assert result.title_only and not result.too_short
    assert result.total == result.candidates == 2
    assert result.hits[0].title  # highlighted in the title
    assert search(files, "安").urls == []  # 安全 is in bodies, never in a title
    assert not search(files, "安全").title_only


def test_single_character_term_is_looked_up_in_titles(files):
    # 日 is in bodies (近日, 5月6日, 28 日) but in no title.
    assert search(files, "消防 日").urls == []
    assert sorted(search(files, "消防 会").urls) == ["a/", "b/"]


def test_nothing_to_look_up_is_too_short(files):
    result = search(files, "，。")
    assert result.too_short and result.hits == () and result.loaded == ()


def test_rank_title_then_fields_then_occurrences_then_newer():
    docs = [
        doc("body-old/", "约谈约谈约谈", date="2020"),
        doc("body-new/", "约谈", date="2024"),
        doc("body-new-many/", "约谈，约谈", date="2023"),
        doc("meta/", "无关", campaigns=("五项约谈",), date="2019"),
        doc("title/", "无关", title="约谈机制", date="2018"),
    ]
    result = search(build_search_files(docs), "约谈")
    assert result.urls == ["title/", "meta/", "body-old/", "body-new-many/", "body-new/"]


def test_newer_first_among_equals():
    docs = [doc(f"{y}/", "消防", date=str(y)) for y in (2019, 2024, 2021)]
    assert search(build_search_files(docs), "消防").urls == ["2024/", "2021/", "2019/"]


def test_highlights_and_snippet(files):
    hit = search(files, "第31次").hits[0]
    assert ("第31次", True) in hit.snippet
    assert ("第31次", True) in hit.title
    text = "".join(s for s, _ in hit.snippet)
    assert "第31次" in text and len(text) <= 112


def test_paging_continues_where_the_first_page_stopped():
    docs = [doc(f"{i:02d}/", "消防安全" if i % 3 else "消防，预防安排，安全", date=f"2020-01-{i + 1:02d}")
            for i in range(25)]
    files = build_search_files(docs)
    first = search(files, "消防安全", limit=5)
    everything = search(files, "消防安全", limit=100)
    assert first.urls == everything.urls[:5]
    assert first.total is None and first.candidates == 25
    assert everything.total == len(everything.hits) == 16


def test_output_is_deterministic_and_independent_of_input_order():
    shuffled = SAMPLE[:]
    random.Random(7).shuffle(shuffled)
    assert build_search_files(SAMPLE) == build_search_files(shuffled)


def test_every_file_is_under_the_root_and_parses(files):
    assert all(path.startswith(ROOT) for path in files)
    for path, content in files.items():
        if path.endswith((".js")) and not path.endswith("search.js"):
            kind, _, _ = parse_script(content)
            assert kind in ("manifest", "shard", "doc", "facets")
    assert {ROOT + "search.js", ROOT + "search.css", ROOT + "manifest.js", ROOT + "facets.js"} <= set(files)


def test_the_client_carries_the_manifest(files):
    """A first query asks for its shards at once, not for manifest.js first."""
    manifest = files[ROOT + "manifest.js"]
    assert files[ROOT + "search.js"].endswith("})();\n" + manifest)
    data = parse_script(manifest)[2]
    assert data["shards"] + len(set(data["solo"].values())) == sum(p.startswith(ROOT + "s/") for p in files)
    assert ROOT + "manifest.js" not in search(files, "安全").loaded


def test_document_text_is_stored_as_shown_not_as_html():
    files = build_search_files([doc("x/", "<script>alert(1)</script>\u2028安全")])
    content = files[ROOT + "d/0.js"]
    assert "\u2028" not in content
    assert parse_script(content)[2]["x"] == "<script>alert(1)</script>安全"


def _shard_payloads(files: dict[str, str]) -> list[dict]:
    return [parse_script(c)[2] for p, c in sorted(files.items()) if p.startswith(ROOT + "s/")]


def _top_corpus() -> list[SearchDoc]:
    """Ties of class and count, counts above TF_CAP and lists shorter and
    longer than TOP_IDS, so the order of the tops is really tested."""
    rng = random.Random(5)
    words = ["消防", "安全", "火灾", "隐患", "约谈", "第31次", "119", "。"]
    out = []
    for i in range(120):
        body = "".join(rng.choice(words) for _ in range(rng.randint(1, 30)))
        if i % 40 == 0:
            body += "消防" * 10_050
        title = "".join(rng.choice(words) for _ in range(rng.randint(0, 3))) or "标题"
        out.append(doc(f"t{i}/", body, title=title, date=f"20{rng.randint(10, 25)}",
                       unit=rng.choice(["", "盘锦市消防救援支队"]), extra=rng.choice([(), ("约谈",)])))
    return out


def test_each_bigram_names_its_best_documents_in_the_order_a_query_of_it_ranks_them():
    files = build_search_files(_top_corpus())
    checked = 0
    for shard in _shard_payloads(files):
        assert set(shard["t"]) == set(shard["k"])
        for gram, encoded in shard["k"].items():
            postings = decode_postings(encoded)
            ranked = rank({gram: {d: (tf, f) for d, tf, f in postings}}, [[gram]])
            assert shard["t"][gram] == [len(postings), *ranked[:TOP_IDS]] == [posting_count(encoded.encode()),
                                                                               *ranked[:TOP_IDS]]
            checked += len(postings) > TOP_IDS
    assert checked >= 5  # lists long enough to be cut


def test_a_shard_carries_the_heads_of_its_bigrams_best_documents():
    files = build_search_files(_top_corpus())
    for shard in _shard_payloads(files):
        wanted = {i for top in shard["t"].values() for i in top[1 : 1 + TOP_HEADS]}
        # And the first documents of common phrases (tested below).
        assert {int(i) for i in shard["h"]} >= wanted
        for ident, head in shard["h"].items():
            record = parse_script(files[f"{ROOT}d/{ident}.js"])[2]
            # A document file without its body: everything a result shows but the snippet.
            assert head == {k: v for k, v in record.items() if k != "x"}


def test_a_shard_carries_the_body_around_each_bigram_in_its_best_documents():
    files = build_search_files(_top_corpus() + [doc("w/", "前言。重大火灾隐蔽整治工作的通知，另有一些文字，隐蔽排查")])
    windows = 0
    for shard in _shard_payloads(files):
        assert set(shard["w"]) <= set(shard["t"])
        for gram, texts in shard["w"].items():
            best = shard["t"][gram][1 : 1 + TOP_HEADS]
            assert 0 < len(texts) <= len(best) and texts[-1]
            for ident, text in zip(best, texts + [""] * (len(best) - len(texts)), strict=True):
                body = parse_script(files[f"{ROOT}d/{ident}.js"])[2]["x"]
                at = fold(body).find(gram)
                # The first place of the bigram, WINDOW characters either side, or nothing.
                assert text == ("" if at < 0 else body[max(0, at - WINDOW) : at + 2 + WINDOW]), (gram, ident)
                windows += bool(text)
    assert windows > 100
    # The bigram's first place, not a later one.
    shard = next(s for s in _shard_payloads(files) if "隐蔽" in s["w"])
    assert shard["w"]["隐蔽"] == ["前言。重大火灾隐蔽整治工作的通知，"]


def _phrase_corpus() -> list[SearchDoc]:
    """Titles of numbered meetings (第31次 among 第3x次 and x1次) whose
    bodies repeat the bigrams apart, so a phrase's first document is not
    among its bigrams' best few, and campaign names in the fields."""
    rng = random.Random(11)
    # Many other bigrams, so the index has many shards and each carries few heads.
    filler = [chr(c) for c in range(0x4E00, 0x4E00 + 600)]
    out = []
    for i in range(1000):
        month, number = rng.randint(1, 12), rng.randint(1, 60)
        body = "".join(rng.choice(["第3季度", "共1次", "5月", "会议", "行动", "三年来", "。", *filler[:40]])
                       + "".join(rng.choices(filler, k=3)) for _ in range(rng.randint(0, 40)))
        campaign = rng.choice(["消防安全专项整治三年行动", "冬春火灾防控", ""])
        out.append(doc(f"p{i}/", body, title=f"{rng.choice(['盘锦', '大连'])}支队{month}月份办公会（第{number}次）",
                       date=f"20{rng.randint(10, 25)}-{month:02d}-01", campaigns=(campaign,) if campaign else ()))
    return out


def _shown_from_shards(files: dict[str, str], query: str) -> bool:
    """As search.js's showFirst: the query's first result, known from the
    shards it loads, certainly holds the query in the head they carry."""
    from fireportal.search.query import matches
    from fireportal.search.text import query_grams

    terms = query_terms(query)
    grams = sorted({g for t in terms for g in query_grams(t)[0]})
    manifest = parse_script(files[ROOT + "manifest.js"])[2]
    shards = {s: parse_script(files[f"{ROOT}s/{s}.js"])[2] for s in {shard_of(manifest, g) for g in grams}}
    first = search(files, query, limit=1).hits[0].id
    heads = {int(i): h for shard in shards.values() for i, h in shard["h"].items()}
    return first in heads and matches(heads[first], terms)


@pytest.fixture(scope="module")
def phrase_files() -> tuple[dict[str, str], dict[str, str]]:
    """The files of _phrase_corpus, with and without the phrase heads."""
    from fireportal.search import index

    docs = _phrase_corpus()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(index, "phrase_heads", lambda leads, tops: {})
        without = build_search_files(docs)
    return build_search_files(docs), without


# The first three wait for a document file without the phrase heads.
PHRASES = ["第31次", "5月份办公会", "盘锦支队5月份", "专项整治三年行动", "支队3月份办公会", "第1次"]


@pytest.mark.parametrize("query", PHRASES)
def test_a_common_field_phrase_shows_its_first_result_from_its_shards(phrase_files, query):
    files, without = phrase_files
    assert _shown_from_shards(files, query)
    assert search(files, query).urls == search(without, query).urls
    if query in PHRASES[:3]:
        assert not _shown_from_shards(without, query)


def test_phrase_leads_are_each_common_phrases_first_document_among_those_holding_it():
    from fireportal.search.index import _doc_bigrams, _ordered, _record
    from fireportal.search.phrases import PHRASE_MIN_DOCS, field_runs, phrase_leads
    from fireportal.search.query import matches
    from fireportal.search.text import word_runs

    docs = _phrase_corpus()[:300]
    records = [_record(d) for d in _ordered(docs)]
    runs = []
    for r in records:
        counts, flags = _doc_bigrams(r)
        runs.append(field_runs([fold(t) for t in (r["t"], r["n"], *r["m"])], counts, flags, 9999))
    leads = phrase_leads(runs, max_chars=8)
    # Brute force: every substring of 3 to 8 letters and digits of the fields,
    # the documents whose fields hold it, and the first of them as a query ranks.
    holders: dict[str, set[int]] = {}
    for ident, r in enumerate(records):
        for text in (r["t"], r["n"], *r["m"]):
            for run in word_runs(fold(text)):
                for a in range(len(run)):
                    for b in range(a + 3, min(len(run), a + 8) + 1):
                        holders.setdefault(run[a:b], set()).add(ident)
    common = {p: ids for p, ids in holders.items() if len(ids) >= PHRASE_MIN_DOCS}
    assert set(leads) == set(common) and len(common) > 100
    files = build_search_files(docs)
    for phrase in ["第31次", "5月份办公会", "专项整治三年行动", "月份办公会", "盘锦支队1"]:
        ranked = [h.id for h in search(files, phrase, limit=len(docs)).hits]
        holding = [i for i in ranked if matches({"t": records[i]["t"], "n": records[i]["n"], "m": records[i]["m"]},
                                                 [phrase])]
        assert leads[phrase] == (len(common[phrase]), holding[0]), phrase


def test_a_head_matches_on_the_fields_it_has_and_never_on_the_body():
    from fireportal.search.index import head
    from fireportal.search.query import matches

    record = {"d": "2022", "m": ["消防安全专项整治三年行动"], "n": "盘锦市消防救援支队", "t": "第31次办公会",
              "u": "a/", "x": "火灾隐患排查"}
    assert matches(head(record), ["第31次", "三年行动"]) and matches(record, ["火灾隐患"])
    # Only the document file can tell: a result waits for it.
    assert not matches(head(record), ["火灾隐患"])


def synthetic(n: int, seed: int = 1) -> list[SearchDoc]:
    rng = random.Random(seed)
    chars = [chr(c) for c in range(0x4E00, 0x4E00 + 2500)]
    return [doc(f"d{i}/", "".join(rng.choice(chars) for _ in range(rng.randint(200, 3000))),
                date=f"20{rng.randint(10, 25)}") for i in range(n)]


def test_shards_stay_small_as_the_corpus_grows():
    files = build_search_files(synthetic(400))
    shards = _shard_payloads(files)
    assert len(shards) > 10
    for content, shard in zip((c for p, c in sorted(files.items()) if p.startswith(ROOT + "s/")), shards, strict=True):
        # Besides its longest list (a few hundred bytes of heads here aside).
        assert len(content.encode()) - max(len(k) for k in shard["k"].values()) <= SHARD_OTHERS_BYTES + 2_000


@given(st.dictionaries(st.text("消防安全火灾隐患约谈", min_size=2, max_size=2),
                       st.integers(1, 80_000), min_size=1, max_size=40))
def test_no_shard_holds_more_than_the_limit_besides_its_largest_bigram(costs):
    hashes = {g: shard_hash(g) for g in costs}
    n = shard_count(costs, hashes)
    sizes: dict[int, list[int]] = {}
    for g, cost in costs.items():
        sizes.setdefault(hashes[g] % n, []).append(cost)
    # More shards than bigrams would not help: the count stops there.
    assert n >= len(costs) or all(sum(c) - max(c) <= SHARD_OTHERS_BYTES for c in sizes.values())


def test_a_common_bigram_has_a_file_the_manifest_names_and_results_do_not_change():
    """Bigrams that cost a shard solo_bytes or more each get a file the
    manifest names; the rest are hashed into the first `shards` files. A
    query then loads the common bigram's file alone, and finds and ranks
    exactly as with every bigram hashed."""
    from fireportal.search.index import SOLO_BYTES

    docs = _top_corpus()
    files = build_search_files(docs, solo_bytes=1_000)
    hashed_only = build_search_files(docs, solo_bytes=10**9)
    manifest = parse_script(files[ROOT + "manifest.js"])[2]
    assert parse_script(hashed_only[ROOT + "manifest.js"])[2]["solo"] == {}
    assert SOLO_BYTES > 1_000 and {"安全", "隐患"} <= set(manifest["solo"])
    count = manifest["shards"]
    _assert_files_hold_what_the_manifest_names(files)
    for ident in range(count):
        grams = parse_script(files[f"{ROOT}s/{ident}.js"])[2]["k"]
        assert all(shard_hash(g) % count == ident and g not in manifest["solo"] for g in grams)
    assert search(files, "安全").loaded[0] == f"{ROOT}s/{manifest['solo']['安全']}.js"
    for query in ("消防", "安全", "隐患", "消防安全", "火灾隐患", "约谈", "第31次", "119", "盘锦", "消", "安全 约谈"):
        got, want = search(files, query, limit=30), search(hashed_only, query, limit=30)
        assert replace(got, loaded=()) == replace(want, loaded=()), query


def _assert_files_hold_what_the_manifest_names(files: dict[str, str]) -> None:
    """The common bigrams' files follow the hashed shards without a gap, and
    each holds exactly the bigrams the manifest sends to it."""
    manifest = parse_script(files[ROOT + "manifest.js"])[2]
    count, solo = manifest["shards"], manifest["solo"]
    numbers = sorted(set(solo.values()))
    assert numbers == list(range(count, count + len(numbers)))
    assert sum(p.startswith(ROOT + "s/") for p in files) == count + len(numbers)
    for ident in numbers:
        held = parse_script(files[f"{ROOT}s/{ident}.js"])[2]["k"]
        assert sorted(held) == sorted(g for g, i in solo.items() if i == ident)


def _field_corpus() -> list[SearchDoc]:
    """Unit names and campaigns on many documents, so that with a low
    solo_bytes their bigrams get files of their own."""
    rng = random.Random(7)
    words = ["消防", "安全", "火灾", "隐患", "约谈", "。", "检查"]
    out = []
    for i in range(80):
        unit = rng.choice(["盘锦市消防救援支队", "大连市消防救援支队", "铁岭县消防救援大队"])
        campaigns = rng.choice([("专项整治三年行动",), ("冬春火灾防控",), ()])
        body = "".join(rng.choice(words) for _ in range(rng.randint(5, 40)))
        out.append(doc(f"g{i}/", body, title=unit[:2] + "工作简报", date=f"20{rng.randint(10, 25)}",
                       unit=unit, campaigns=campaigns))
    return out


def test_bigrams_that_fields_use_together_share_a_file_and_results_do_not_change():
    """A unit name or a campaign then loads fewer files, and every query
    finds and ranks exactly as with one bigram a file."""
    docs = _field_corpus()
    grouped = build_search_files(docs, solo_bytes=400, group_bytes=3_000)
    single = build_search_files(docs, solo_bytes=400, group_bytes=0)
    for files in (grouped, single):
        _assert_files_hold_what_the_manifest_names(files)
    solo = parse_script(single[ROOT + "manifest.js"])[2]["solo"]
    assert len(set(solo.values())) == len(solo)
    assert parse_script(grouped[ROOT + "manifest.js"])[2]["solo"].keys() == solo.keys()

    def shard_files(files, query):
        return len([p for p in search(files, query).loaded if p.startswith(ROOT + "s/")])

    for query, before, after in (("盘锦市消防救援支队", 5, 2), ("专项整治三年行动", 4, 1)):
        assert (shard_files(single, query), shard_files(grouped, query)) == (before, after), query
    for query in ("盘锦市消防救援支队", "专项整治三年行动", "消防安全", "约谈", "支队", "铁岭", "火灾防控",
                  "三年 盘锦", "检查", "盘"):
        got, want = search(grouped, query, limit=30), search(single, query, limit=30)
        assert replace(got, loaded=()) == replace(want, loaded=()), query


@given(st.dictionaries(st.text("消防安全救援支队专项", min_size=2, max_size=2), st.integers(1, 4_000),
                       min_size=1, max_size=25),
       st.lists(st.integers(0, 3), min_size=300, max_size=300),
       st.integers(0, 10_000), st.randoms(use_true_random=False))
def test_shared_files_hold_each_bigram_once_within_the_cap(costs, weights, cap, rng):
    from fireportal.search.index import MEMBER_SHARE, solo_groups

    grams = sorted(costs)
    # Weight 0: the two bigrams are never used together.
    combos = [(a, b) for i, a in enumerate(grams) for b in grams[i + 1 :]]
    pairs = {ab: w for ab, w in zip(combos, weights) if w}
    groups = solo_groups(costs, pairs, cap)
    assert sorted(g for group in groups for g in group) == grams
    for group in groups:
        assert group == sorted(group)
        if len(group) > 1:
            assert sum(costs[g] for g in group) <= cap
            assert all(costs[g] <= cap * MEMBER_SHARE for g in group)
            # Joined only along pairs used together.
            assert all(any((min(a, b), max(a, b)) in pairs for b in group if b != a) for a in group)
    assert groups == sorted(groups, key=lambda group: group[0])
    # The same costs and pairs in another order: the same files.
    shuffled_costs = list(costs.items())
    rng.shuffle(shuffled_costs)
    shuffled_pairs = list(pairs.items())
    rng.shuffle(shuffled_pairs)
    assert solo_groups(dict(shuffled_costs), dict(shuffled_pairs), cap) == groups


def test_only_the_costliest_bigrams_get_files_of_their_own(monkeypatch):
    """The manifest (part of search.js) names at most SOLO_MAX of them."""
    from fireportal.search import index

    docs = _top_corpus()
    every = parse_script(build_search_files(docs, solo_bytes=1_000)[ROOT + "manifest.js"])[2]["solo"]
    monkeypatch.setattr(index, "SOLO_MAX", 1)
    files = build_search_files(docs, solo_bytes=1_000)
    solo = parse_script(files[ROOT + "manifest.js"])[2]["solo"]
    assert len(every) > 1 and len(solo) == 1 and set(solo) < set(every)
    assert search(files, "安全 约谈").urls == search(build_search_files(docs), "安全 约谈").urls


def test_a_huge_list_does_not_split_the_index_into_one_file_per_bigram():
    costs = {"消防": 60_000} | {chr(0x4E00 + i) * 2: 100 for i in range(100)}
    assert shard_count(costs, {g: shard_hash(g) for g in costs}) <= 10


@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(1, 20000), st.integers(0, 7)),
                min_size=1, max_size=50))
def test_postings_round_trip(postings):
    docs = sorted({d: (tf, f) for d, tf, f in postings}.items())
    encoded, prev = "", -1
    for d, (tf, f) in docs:
        encoded += encode_posting(d - prev - 1, tf, f)
        prev = d
    assert decode_postings(encoded) == [(d, min(tf, 9999), f) for d, (tf, f) in docs]


ALPHABET = "消防安全火灾31 \n，"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(ALPHABET, max_size=40), min_size=1, max_size=8),
       st.text(ALPHABET, min_size=2, max_size=5))
def test_results_are_exactly_the_documents_containing_every_term(texts, query):
    docs = [doc(f"{i}/", t, title="无") for i, t in enumerate(texts)]
    result = search(build_search_files(docs), query, limit=100)
    terms = query_terms(query)
    if result.too_short:
        assert not terms
        return

    def found(term: str, text: str) -> bool:
        if not bigrams(term):  # one character: titles only
            return term in "无"
        return term in fold(display(text)) or term in "无"

    expected = {f"{i}/" for i, t in enumerate(texts) if all(found(term, t) for term in terms)}
    assert set(result.urls) == expected
    assert result.total in (None, len(expected))


def test_display_keeps_words_apart_only_between_ascii():
    assert display("Fire  Safety\n消防 安全 2024 年") == "Fire Safety消防安全2024年"
    assert display("e\u0301") == unicodedata.normalize("NFC", "e\u0301")


# --------------------------------------------------------------- filters

LN, PJ, DW, YN, QJ = ("辽宁省消防救援总队", "盘锦市消防救援支队", "大洼区消防救援大队",
                      "云南省消防救援总队", "曲靖市消防救援支队")
FILTER_SAMPLE = [
    doc("p1/", "消防安全检查", date="2024-02-28", unit=PJ, units=(LN, PJ), doc_type="简报"),
    doc("p2/", "消防安全会议", date="2022-05-06", unit=PJ, units=(LN, PJ), doc_type="会议"),
    doc("l1/", "消防安全通知", date="2022", unit=LN, units=(LN,), doc_type="通知"),
    doc("d1/", "消防安全总结", date="2020", unit=DW, units=(LN, PJ, DW), doc_type="总结"),
    doc("q1/", "消防安全部署", date="2020-04-17", unit=QJ, units=(YN, QJ), doc_type="会议"),
    doc("n1/", "消防安全材料", date=""),
    # 消防 and 安全 apart: a candidate for 消防安全 that the text check removes.
    doc("x1/", "消防工作，安全第一", date="2022", unit=PJ, units=(LN, PJ), doc_type="会议"),
]


@pytest.fixture(scope="module")
def filter_files() -> dict[str, str]:
    return build_search_files(FILTER_SAMPLE)


def brute_force(docs: list[SearchDoc], query: str, f: Filters) -> set[str]:
    """The documents a filtered query must return, from the SearchDocs alone."""
    terms = query_terms(query)

    def ok(d: SearchDoc) -> bool:
        chain = d.units or ((d.unit,) if d.unit else ())
        year = d.date[:4] if d.date[:4].isdigit() else ""
        return ((f.year is None or year == f.year)
                and (f.unit is None or (f.unit in chain if f.unit else not chain))
                and (f.type is None or d.doc_type == f.type))

    def found(term: str, d: SearchDoc) -> bool:
        if not bigrams(term):  # one character: titles only
            return term in fold(display(d.title))
        return any(term in fold(display(x)) for x in (d.title, d.unit, *d.campaigns, *d.extra, d.text))

    return {d.url for d in docs if ok(d) and all(found(t, d) for t in terms)}


@pytest.mark.parametrize(
    ("filters", "urls"),
    [
        (Filters(year="2022"), ["l1/", "p2/"]),
        (Filters(year="2020"), ["d1/", "q1/"]),
        (Filters(year=""), ["n1/"]),  # 日期不详
        (Filters(unit=LN), ["d1/", "l1/", "p1/", "p2/"]),  # the 总队 takes its 支队 and 大队
        (Filters(unit=PJ), ["d1/", "p1/", "p2/"]),
        (Filters(unit=DW), ["d1/"]),
        (Filters(unit=YN), ["q1/"]),
        (Filters(unit=""), ["n1/"]),  # 单位不详
        (Filters(unit="不存在的单位"), []),
        (Filters(type="会议"), ["p2/", "q1/"]),
        (Filters(type=""), ["n1/"]),  # 类型不详
        (Filters(unit=LN, type="会议"), ["p2/"]),
        (Filters(year="2020", unit=LN), ["d1/"]),
        (Filters(), ["d1/", "l1/", "n1/", "p1/", "p2/", "q1/"]),
    ],
)
def test_filters_narrow_the_results(filter_files, filters, urls):
    result = search(filter_files, "消防安全", limit=100, filters=filters)
    assert sorted(result.urls) == urls
    assert set(urls) == brute_force(FILTER_SAMPLE, "消防安全", filters)


def test_facet_counts_leave_out_each_dimensions_own_choice(filter_files):
    # 消防 is exact (one bigram): the counts are the result counts.
    result = search(filter_files, "消防", limit=100, filters=Filters(year="2022"))
    facets = result.facets
    assert result.exact and sorted(result.urls) == ["l1/", "p2/", "x1/"]
    assert facets.years == (("2024", 1), ("2022", 3), ("2020", 2), ("", 1))  # all years: its own choice
    assert facets.units == ((LN, 0, 3), (PJ, 1, 2))  # 2022 only; LN rolls PJ up
    assert facets.types == (("会议", 2), ("通知", 1))
    unfiltered = search(filter_files, "消防", limit=100, filters=Filters()).facets
    assert unfiltered.units == ((LN, 0, 5), (PJ, 1, 4), (DW, 2, 1), (YN, 0, 1), (QJ, 1, 1), ("", 0, 1))
    assert unfiltered.types == (("会议", 3), ("总结", 1), ("简报", 1), ("通知", 1), ("", 1))


def test_facet_counts_of_longer_terms_count_candidates(filter_files):
    # x1/ holds 消防 and 安全 apart: a candidate, counted, never a hit.
    result = search(filter_files, "消防安全", limit=100, filters=Filters(type="会议"))
    assert not result.exact
    assert sorted(result.urls) == ["p2/", "q1/"]
    assert ("会议", 3) in result.facets.types
    assert result.total == 2


def test_a_plain_query_does_not_download_the_facets(filter_files):
    plain = search(filter_files, "消防安全")
    assert ROOT + "facets.js" not in plain.loaded and plain.facets is None
    opened = search(filter_files, "消防安全", filters=Filters())
    assert ROOT + "facets.js" in opened.loaded
    assert opened.urls == plain.urls
    assert [p for p in opened.loaded if p != ROOT + "facets.js"] == list(plain.loaded)


def test_a_filter_opens_only_the_documents_that_pass(filter_files):
    result = search(filter_files, "消防安全", filters=Filters(unit=YN))
    opened = [p for p in result.loaded if p.startswith(ROOT + "d/")]
    assert len(opened) == 1 and result.urls == ["q1/"]


def test_facets_file_units_point_to_earlier_parents_and_widen_past_63():
    from fireportal.search.codec import parse_script
    from fireportal.search.facets import FacetTable

    docs = [doc(f"u{i}/", "消防", unit=f"第{i}支队", units=("总队", f"第{i}支队"), doc_type=f"类{i % 70}",
                date=f"20{10 + i % 9}") for i in range(150)]
    files = build_search_files(docs)
    payload = parse_script(files[ROOT + "facets.js"])[2]
    assert payload["units"]["width"] == 2 and payload["types"]["width"] == 2
    assert all(p < i for i, p in enumerate(payload["units"]["parents"]))
    table = FacetTable.read(payload)
    by_url = {d.url: d for d in docs}
    result = search(files, "消防", limit=200, filters=Filters(unit="第77支队"))
    assert result.urls == ["u77/"]
    for ident, hit_url in enumerate(search(files, "消防", limit=200, filters=Filters()).urls):
        assert table.unit_names[table.unit[ident]] == by_url[hit_url].units[-1]
        assert table.type_names[table.type[ident]] == by_url[hit_url].doc_type


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.text("消防安全火灾", max_size=12),
                          st.sampled_from(["2024-01-02", "2022", "2022-07", ""]),
                          st.sampled_from([(), (LN,), (LN, PJ), (LN, PJ, DW), (YN, QJ)]),
                          st.sampled_from(["", "会议", "通知"])),
                min_size=1, max_size=12),
       st.sampled_from(["消防", "安全", "消防安全", "火灾 安全"]),
       st.sampled_from([None, "2022", "2024", ""]),
       st.sampled_from([None, LN, PJ, YN, ""]),
       st.sampled_from([None, "会议", ""]))
def test_filtered_results_are_exactly_the_matching_documents(rows, query, year, unit, kind):
    docs = [doc(f"{i}/", text, title="无", date=date, unit=units[-1] if units else "", units=units, doc_type=t)
            for i, (text, date, units, t) in enumerate(rows)]
    f = Filters(year=year, unit=unit, type=kind)
    result = search(build_search_files(docs), query, limit=100, filters=f)
    assert set(result.urls) == brute_force(docs, query, f)


# --------------------------------------------------------------- in Chromium

BROWSER_QUERIES = ["安全", "消防安全", "第31次", "119", "5月份办公会", "盘锦支队", "集中除患攻坚",
                   "2024年2月28日", "ＡＢＣ", "fire safety", "消防 日", "消", "会", "消防 会", "约谈", "不存在"]


@pytest.mark.parametrize(
    ("term", "grams"),
    [("消防", ["消防"]), ("办公会", ["办公", "公会"]), ("专项整治三年行动", ["专项", "整治", "三年", "行动"]),
     ("第31次", ["第3", "1次"]), ("消防，安全", ["消防", "安全"]), ("消", [])],
)
def test_a_query_looks_up_only_the_bigrams_that_cover_it(term, grams):
    from fireportal.search.text import covering_bigrams

    assert covering_bigrams(term) == grams
