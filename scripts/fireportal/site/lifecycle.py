"""What a published document keeps: its dates, its old URLs and its 有效性.

Pure: documents (and what git knows, fireportal.history) in, documents,
redirects and problems out.

- `with_history`: 发布日期 (first commit of the source) and 更新日期 (last
  commit of the source or its sidecar), and the slugs of the source's former
  paths, so a renamed file keeps its old URL.
- `redirects`: old slug → the document now at that URL, from `aliases:` and
  from git renames; an old URL that another live page uses is never taken.
- `listed`: every document except the withdrawn (已撤回) ones, which leave
  lists, search, feeds and the site map and keep only a notice at their URL.
- `replacements`: the document a repealed (已废止) or amended (已修改) one
  points at with `replaced_by:`.
- `lost_urls`: published URLs whose source was deleted with no redirect
  kept, for `fireportal check` to refuse.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import PurePosixPath

from msgspec.structs import replace

from ..history import History, day
from ..model import Document, Problem
from ..sidecar import sidecar_path

WITHDRAWN = "已撤回"
# Still published, with a banner and a mark in lists.
SUPERSEDED = ("已修改", "已废止")


def withdrawn(doc: Document) -> bool:
    return doc.lifecycle.status == WITHDRAWN


def listed(documents: Sequence[Document]) -> list[Document]:
    """The documents lists, search and feeds show: all but the withdrawn."""
    return [d for d in documents if not withdrawn(d)]


def _part_slug(base: str, doc: Document) -> str:
    return base if doc.parts == 1 else f"{base}-p{doc.part}"


def with_history(
    documents: Sequence[Document], history: History, slug_of: Callable[[str], str]
) -> list[Document]:
    """The documents with their git dates and former slugs filled in.

    `slug_of` is fireportal.pipeline.make_slug (a source path → its slug).
    A document whose source git does not know (not committed yet, or no
    git) gets no dates: the build date would be a wrong 发布日期.  A former
    path counts only when the URL comes from the path (no sidecar `slug:`):
    otherwise the URL never moved.
    """
    out = []
    for doc in documents:
        source = doc.meta.source
        own = history.files.get(source)
        if own is None:
            out.append(doc)
            continue
        # A promoted page (NAME.md beside the raw NAME.docx) is edited as the .md.
        curated = str(PurePosixPath(source).with_suffix(".md"))
        related = [own, *(history.files[p] for p in (sidecar_path(source), curated)
                          if p != source and p in history.files)]
        former: tuple[str, ...] = ()
        if doc.slug == _part_slug(slug_of(source), doc):
            current = slug_of(source)
            former = tuple(dict.fromkeys(s for s in map(slug_of, own.former) if s != current))
        out.append(replace(doc, lifecycle=replace(
            doc.lifecycle,
            first_published=day(own.first),
            last_updated=day(max(f.last for f in related)),
            renamed_from=former,
        )))
    return out


def redirects(documents: Sequence[Document]) -> tuple[dict[str, Document], list[Problem]]:
    """Old slug → the document now at that URL, and a problem per refused one.

    For a file of several parts an old slug `x` leads part n from `x-pn`,
    and `x` itself to part 1 (the file may have been one page before).
    """
    live = {d.slug: d for d in documents}
    claims: dict[str, dict[str, Document]] = {}
    written: set[tuple[str, str]] = set()  # (old slug, doc slug) from `aliases:`
    for doc in documents:
        for base in (*doc.lifecycle.aliases, *doc.lifecycle.renamed_from):
            olds = {_part_slug(base, doc)} | ({base} if doc.parts > 1 and doc.part == 1 else set())
            for old in olds:
                claims.setdefault(old, {})[doc.slug] = doc
                if base in doc.lifecycle.aliases:
                    written.add((old, doc.slug))
    out: dict[str, Document] = {}
    problems: list[Problem] = []
    for old in sorted(claims):
        docs = claims[old]
        if old in docs:
            continue  # a document's alias of its own URL: nothing to do
        if old in live:
            for doc in docs.values():
                if (old, doc.slug) in written:
                    problems.append(Problem(path=sidecar_path(doc.meta.source), level="warning", message=(
                        f"aliases 里的 doc/{old}/ 是 {live[old].meta.source} 正在使用的网址，没有做跳转："
                        "请从 aliases 里删去它")))
            continue
        if len(docs) > 1:
            names = "、".join(sorted(d.meta.source for d in docs.values()))
            problems.append(Problem(path=sorted(docs.values(), key=lambda d: d.slug)[0].meta.source,
                                    level="warning", message=(
                f"旧网址 doc/{old}/ 同时指向 {names}，没有做跳转：请只在其中一篇的 aliases 里保留它")))
            continue
        out[old] = next(iter(docs.values()))
    return out, problems


def replacements(documents: Sequence[Document]) -> tuple[dict[str, Document], list[Problem]]:
    """Slug of a document with `replaced_by:` → the (listed) document that replaces it."""
    by_slug = {d.slug: d for d in documents}
    by_source: dict[str, Document] = {}
    for doc in sorted(documents, key=lambda d: (d.part, d.slug)):
        by_source.setdefault(doc.meta.source, doc)
    out: dict[str, Document] = {}
    problems: list[Problem] = []
    for doc in documents:
        wanted = doc.lifecycle.replaced_by
        if not wanted:
            continue
        where = sidecar_path(doc.meta.source)
        target = by_slug.get(wanted) or by_source.get(wanted)
        if target is None or target.slug == doc.slug or withdrawn(target):
            why = "是它自己" if target is not None and target.slug == doc.slug else (
                "已撤回" if target is not None else "找不到这篇文件")
            problems.append(Problem(path=where, level="warning", message=(
                f"replaced_by “{wanted}” {why}，页面上不显示替代文件的链接："
                "请写替代它的文件在 sources/ 里的路径，例如 replaced_by: sources/2025/新通知.docx")))
            continue
        if doc.lifecycle.status not in SUPERSEDED and not withdrawn(doc):
            problems.append(Problem(path=where, level="warning", message=(
                f"写了 replaced_by 但 status 是“{doc.lifecycle.status or '未填写'}”，页面上不显示替代文件："
                "请写 status: 已废止 或 status: 已修改")))
            continue
        out[doc.slug] = target
    return out, problems


def lost_urls(
    documents: Sequence[Document], history: History, slug_of: Callable[[str], str]
) -> list[Problem]:
    """An error for each deleted source whose URL nothing serves any more.

    A file deleted (not renamed) from git once had a page; its URL must go
    on answering: as another document's old URL (`aliases:`), or by keeping
    the file with `status: 已撤回`.  Sidecars and skipped files are not pages.
    """
    served = {d.slug for d in documents} | set(redirects(documents)[0])
    problems = []
    for path in sorted(history.deleted):
        name = PurePosixPath(path).name
        if name.endswith((".meta.yml", ".meta.yaml")) or name.startswith((".", "_", "~", "README")):
            continue
        slug = slug_of(path)
        if slug in served:
            continue
        problems.append(Problem(path=path, level="error", message=(
            f"已删除，但它的网址 doc/{slug}/ 已经公开过，删除后会失效：如果文件改了名或换了位置，"
            f"请在新文件的 .meta.yml 里写 aliases: [{slug}]；如果要撤下这篇文件，请恢复它并在 .meta.yml 里写 "
            "status: 已撤回 和 reason: 撤回原因")))
    return problems


def withdrawn_date(doc: Document) -> str:
    """When it was withdrawn: `withdrawn_on:`, else the git date of its last change."""
    return doc.lifecycle.withdrawn_on or doc.lifecycle.last_updated


def lifecycle_problems(documents: Sequence[Document]) -> list[Problem]:
    """Everything staff should fix about 有效性 and old URLs, each once."""
    problems = redirects(documents)[1] + replacements(documents)[1]
    for doc in documents:
        if not withdrawn(doc) or doc.part > 1:
            continue
        where = sidecar_path(doc.meta.source)
        if not withdrawn_date(doc):
            problems.append(Problem(path=where, level="warning", message=(
                "已撤回，但没有写撤回日期，git 里也查不到：撤回通知不显示日期；请写 withdrawn_on: 2025-03-12")))
        if not doc.lifecycle.reason:
            problems.append(Problem(path=where, level="warning", message=(
                "已撤回，但没有写原因：撤回通知只说“未说明原因”；请写 reason: 撤回的原因")))
    return problems
