"""The plain forms that the conversion's shortcuts are tested against.

Each is the computation a shortcut replaced, written the slow, obvious way;
several test modules compare the fast code with the same plain form.
"""

from __future__ import annotations

import operator
import re
from collections import Counter

from fireportal import clean as C
from fireportal import split as S
from fireportal.metadata import campaigns
from fireportal.search.phrases import FieldRuns
from fireportal.search.text import FLAG_META, FLAG_TITLE, word_runs


# `pipeline.skipped_name` as one pattern over a relative path: a path is
# skipped when any part of it is (hidden, _private, ~lock files, READMEs,
# Thumbs.db, desktop.ini) or its name ends as a sidecar, backup or download does.
SKIP_PLAIN = re.compile(
    r"(?:^|/)(?:\.|_|~)|\.meta\.ya?ml$|(?:^|/)README(?:\.md)?$"
    r"|(?:^|/)(?:Thumbs\.db|ehthumbs\.db|desktop\.ini)$"
    r"|~$|\.(?:bak|old|swp|swo|tmp|temp|crdownload|part)$",
    re.I,
)


def signs_of_several_plain(text: str) -> str:
    """`split.signs_of_several` reading every paragraph whole."""
    paragraphs = [re.sub(r"[ \t]*\n[ \t]*", "", p).strip() for p in re.split(r"\n[ \t]*\n", text)]
    first = next((p for p in paragraphs if p), "")
    if S._COLLECTION.search(first[:60]) and not S._SENTENCE_END.search(first[:60]):
        return f"第一行“{first[:24]}”说这是汇编"
    for paragraph in paragraphs:
        joins = len(S._ITEM_JOIN.findall(paragraph))
        if joins >= 3:
            return f"有一段里 {joins + 1} 条消息连在一起（句号后空格再开始新的一条）"
    return ""


def drop_cjk_spaces_plain(text: str) -> tuple[str, int]:
    """`clean.drop_cjk_spaces` on the whole text at once, credits found anywhere."""
    out, count, at = [], 0, 0
    for credit in C._CREDIT_SPAN.finditer(text):
        fixed, n = C._SPACE_IN_CJK.subn("", text[at:credit.start()])
        out += [fixed, credit.group()]
        count += n
        at = credit.end()
    fixed, n = C._SPACE_IN_CJK.subn("", text[at:])
    return "".join([*out, fixed]), count + n


def campaign_shapes_plain(text: str):
    """Every campaign shape of the whole text, each followed by the shapes joined to it."""
    for match in campaigns.CAMPAIGN_SHAPE.finditer(text):
        yield match
        following = campaigns._SHAPE_AT.match(text, match.end())
        while following:
            yield following
            following = campaigns._SHAPE_AT.match(text, following.end())


def to_simplified_plain(text: str) -> tuple[str, int]:
    """`clean.to_simplified` calling OpenCC on every pass, whatever the text holds."""
    converted = text
    for _ in range(3):
        again = C._converter().convert(converted)
        if again == converted:
            break
        converted = again
    return converted, sum(map(operator.ne, text, converted)) + abs(len(text) - len(converted))


def web_meta_line_plain(line: str) -> bool:
    """`clean._web_meta_line` taking the timestamps out of every line with a year."""
    body = line.strip(" -▌|·•")
    if ("发表于" in body or "发布于" in body) and C._POSTED.match(body) or C._SPACED_CREDITS.match(body):
        return True
    has_year = "19" in body or "20" in body
    stamp = C._BARE_STAMP.search(body) if has_year else None
    rest = C.WEB_TIMESTAMP.sub(" ", body) if has_year else body
    fields = list(C.WEB_FIELD.finditer(rest)) if C._FIELD_MARK.search(rest) else []
    if not fields:
        if not stamp:
            return False
        around = (body[: stamp.start()] + body[stamp.end():]).strip()
        return not around or bool(C._STAMP_COMPANION.fullmatch(around))
    if rest[: fields[0].start()].strip():
        return False
    ends = [f.start() for f in fields[1:]] + [len(rest)]
    if any(len(rest[f.end():end].strip()) > 40 for f, end in zip(fields, ends)):
        return False
    labels = {f["label"] for f in fields}
    return bool(labels & C._WEB_ONLY) or stamp is not None or len(fields) >= 2


def furniture_words_plain(text: str) -> bool:
    """`clean._furniture_words` asking _CONTROLS of every line, its timestamps taken out."""
    if C._LEADS.match(text) or C._is_crumb_trail(text):
        return True
    bare = C.WEB_TIMESTAMP.sub("", text) if "19" in text or "20" in text else text
    if C._CONTROLS.match(bare) or web_meta_line_plain(text):
        return True
    return C._has_footer(text) or (len(text) <= 100 and C._has_preface(text))


def field_runs_plain(texts: list[str], counts: dict[str, int], flags: dict[str, int], cap: int) -> FieldRuns:
    """`phrases.field_runs` with each run looked for in each longer one and
    its bigrams looked up one by one."""
    runs = sorted({run for text in texts for run in word_runs(text) if len(run) >= 3}, key=lambda r: (-len(r), r))
    out = []
    for n, run in enumerate(runs):
        if any(run in longer for longer in runs[:n]):
            continue
        packed = tuple(min(counts[run[i : i + 2]], cap) * 8 + flags[run[i : i + 2]] for i in range(len(run) - 1))
        out.append((run, packed))
    return FieldRuns(runs=tuple(out))


def _rank_key_plain(packed: tuple[int, ...], start: int, length: int) -> tuple[int, int]:
    """(field class, -fewest occurrences) of the covering bigrams of the
    phrase run[start:start+length] (every other one, and the last)."""
    last = start + length - 2
    common = packed[last]
    fewest = common >> 3
    for p in range(start, last, 2):
        value = packed[p]
        common &= value
        if value >> 3 < fewest:
            fewest = value >> 3
    return (0 if common & FLAG_TITLE else 1 if common & FLAG_META else 2), -fewest


def phrase_leads_plain(docs: list[FieldRuns], min_docs: int, max_chars: int) -> dict[str, tuple[int, int]]:
    """`phrases.phrase_leads` per document and per run: each length counted
    over every document's own runs, each common phrase ranked at each of its
    starts in each document."""
    leads: dict[str, tuple[int, int]] = {}
    alive = [[range(len(run) - 2) for run, _ in doc.runs] for doc in docs]
    for length in range(3, max_chars + 1):
        count: Counter[str] = Counter()
        starts_of: list[list[list[int]]] = []
        for doc, doc_alive in zip(docs, alive, strict=True):
            doc_starts = []
            phrases = set()
            for (run, _), starts in zip(doc.runs, doc_alive, strict=True):
                end = len(run) - length
                if length > 3:
                    later = set(starts)
                    starts = [st for st in starts if st <= end and st + 1 in later]
                doc_starts.append(starts)
                phrases.update(run[st : st + length] for st in starts)
            count.update(phrases)
            starts_of.append(doc_starts)
        common = {phrase for phrase, n in count.items() if n >= min_docs}
        if not common:
            break
        best: dict[str, tuple[int, int, int]] = {}
        alive = []
        for ident, (doc, doc_starts) in enumerate(zip(docs, starts_of, strict=True)):
            doc_alive = []
            for (run, packed), starts in zip(doc.runs, doc_starts, strict=True):
                kept = []
                for st in starts:
                    phrase = run[st : st + length]
                    if phrase in common:
                        kept.append(st)
                        key = (*_rank_key_plain(packed, st, length), ident)
                        if key < best.get(phrase, (3, 0, 0)):
                            best[phrase] = key
                doc_alive.append(kept)
            alive.append(doc_alive)
        for phrase in sorted(common):
            leads[phrase] = (count[phrase], best[phrase][2])
    return leads
