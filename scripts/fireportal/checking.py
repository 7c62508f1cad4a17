"""`fireportal check`: every problem of the sources, without building the site.

The conversion itself is the pipeline's (`ingest_tree`, `read_one`: every
file's errors and guessed-field warnings, duplicates, shared URLs), and
有效性 and vanished URLs are fireportal.site.lifecycle's, read from git as
the mkdocs plugin reads them.  This module adds what a person publishing
needs to hear beyond that: a unit or campaign typed in a sidecar that the
taxonomy does not know, with the closest names it does know (a typo is the
usual cause), and a sidecar left behind without its document.  Nothing here
prints; the CLI prints one line per problem and sets the exit code.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .history import file_history
from .model import Document, Problem
from .pipeline import IngestResult, ingest_tree, make_slug, read_one, relative_path, source_files
from .read import DEFAULT_MAX_BYTES
from .render import render_all
from .sidecar import sidecar_path
from .site import lifecycle_problems, lost_urls, with_history
from .taxonomy import Taxonomy, campaign_key

SIDECAR_SUFFIX = ".meta.yml"
# Where a value typed by a person comes from (metadata origins).
TYPED = ("sidecar", "front-matter")
CLOSEST = 3  # names offered after 您是不是要写
# difflib's ratio: 盘锦市消防救援支对 → 盘锦市消防救援支队 is 0.94, 安全生产月 → 消防宣传月 0.2.
UNIT_CUTOFF = 0.6
# Campaign names share long generic words (消防安全…专项行动): two different
# campaigns often score 0.67, a name with one or two wrong characters 0.83+.
CAMPAIGN_CUTOFF = 0.8


@dataclass(frozen=True, kw_only=True)
class CheckResult:
    problems: tuple[Problem, ...]
    files: int
    documents: tuple[Document, ...]

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.level == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.level == "warning")


def check_tree(sources: Path, *, root: Path, taxonomy: Taxonomy, max_bytes: int = DEFAULT_MAX_BYTES,
               progress: Callable[[str], None] | None = None, jobs: int | None = None,
               cache_dir: Path | None = None) -> CheckResult:
    """The whole folder: the pipeline's problems (duplicates and shared URLs
    included, which need every file), what the build would say about 有效性
    and published URLs (from git, as the mkdocs plugin reads it), plus the
    checks below."""
    result: IngestResult = ingest_tree(sources, root=root, taxonomy=taxonomy, max_bytes=max_bytes,
                                       progress=progress, jobs=jobs, cache_dir=cache_dir)
    # Every page rendered, as the build renders it: the ingest does not.
    extra = [*render_all(result.documents).problems,
             *typed_name_problems(result.documents, taxonomy),
             *orphan_sidecars(_sidecars_under(sources), root),
             *published_url_problems(result.documents, sources, root)]
    return CheckResult(problems=_grouped([*result.problems, *extra]), files=result.files,
                       documents=result.documents)


def published_url_problems(documents: Sequence[Document], sources: Path, root: Path) -> list[Problem]:
    """有效性 mistakes and published URLs that would disappear (a source deleted
    without a redirect), the same calls the mkdocs plugin makes."""
    history = file_history(root, relative_path(sources, root))
    if history.shallow:
        return [Problem(path=relative_path(sources, root), level="warning", message=(
            "这是浅克隆（只有最近的提交），查不出删除或改名后会失效的网址：在 CI 里取完整历史，"
            "例如 actions/checkout 写 fetch-depth: 0，GitLab CI 设 GIT_DEPTH: 0"))]
    dated = with_history(documents, history, make_slug)
    return [*lifecycle_problems(dated), *lost_urls(dated, history, make_slug)]


def check_files(paths: Sequence[Path], *, root: Path, taxonomy: Taxonomy,
                max_bytes: int = DEFAULT_MAX_BYTES,
                progress: Callable[[str], None] | None = None) -> CheckResult:
    """Only the given files (what a commit stages): each document, the document
    of each given sidecar, each once.  Duplicates and shared URLs need the
    whole folder; `fireportal check sources` (CI) covers them."""
    documents: list[Path] = []
    sidecars: list[Path] = []
    listed: dict[Path, list[Path]] = {}  # folder → its documents, listed once
    for path in paths:
        if path.name.endswith(SIDECAR_SUFFIX):
            owner = document_of_sidecar(path)
            if owner is None:
                sidecars.append(path)
            elif owner not in documents:
                documents.append(owner)
        elif path.is_file() and _is_document(path, listed):
            # A raw file promoted to NAME.md is published as that .md.
            curated = path.with_suffix(".md")
            path = curated if curated != path and curated.is_file() else path
            if path not in documents:
                documents.append(path)
    problems: list[Problem] = []
    found: list[Document] = []
    for path in documents:
        rel = relative_path(path, root)
        if progress:
            progress(rel)
        result = read_one(path, rel, taxonomy=taxonomy, max_bytes=max_bytes)
        problems.extend(result.problems)
        found.extend(result.documents)
    problems.extend(typed_name_problems(found, taxonomy))
    problems.extend(orphan_sidecars(sidecars, root))
    return CheckResult(problems=_grouped(problems), files=len(documents), documents=tuple(found))


def _is_document(path: Path, listed: dict[Path, list[Path]]) -> bool:
    """Not a file the pipeline skips (hidden, ~$lock, Thumbs.db, backups …)."""
    if path.parent not in listed:
        listed[path.parent] = source_files(path.parent)
    return path in listed[path.parent]


def document_of_sidecar(sidecar: Path) -> Path | None:
    """The document `NAME.meta.yml` belongs to: a file NAME.<anything> beside it."""
    stem = sidecar.name[: -len(SIDECAR_SUFFIX)]
    if not sidecar.parent.is_dir():
        return None
    beside = sorted(p for p in sidecar.parent.iterdir()
                    if p.stem == stem and not p.name.endswith(SIDECAR_SUFFIX) and p.is_file())
    # A promoted NAME.md stands in for its raw NAME.txt: that is the page.
    curated = [p for p in beside if p.suffix.lower() == ".md"]
    return (curated or beside or [None])[0]


def _sidecars_under(sources: Path) -> list[Path]:
    if not sources.is_dir() or sources.is_symlink():
        return []
    return sorted(p for p in sources.rglob(f"*{SIDECAR_SUFFIX}") if not p.is_symlink())


def orphan_sidecars(sidecars: Iterable[Path], root: Path) -> list[Problem]:
    """A sidecar whose document was renamed or deleted applies to nothing."""
    problems = []
    for sidecar in sidecars:
        if document_of_sidecar(sidecar) is None:
            stem = sidecar.name[: -len(SIDECAR_SUFFIX)]
            problems.append(Problem(path=relative_path(sidecar, root), level="warning", message=(
                f"旁边没有名为 {stem}.* 的文档，这个旁注文件不起作用：文档改了名就把它改成同样的名字，"
                "文档删了就把它也删掉")))
    return problems


def typed_name_problems(documents: Iterable[Document], taxonomy: Taxonomy) -> list[Problem]:
    """A unit or campaign a person typed (sidecar, front matter) that the
    taxonomy does not know, with the closest names it knows.

    A unit is reported when it is neither listed nor a well-formed unit name
    (锦州市消防救援支队 is a real unit the taxonomy need not list); a campaign
    when a listed one is close enough to suggest a typo (a new local campaign
    is normal and only summarised as a name to add).
    """
    units = _choices({**{u: u for u in taxonomy.units}, **taxonomy.unit_aliases})
    campaigns = _choices({**{campaign_key(c): c for c in taxonomy.campaigns}, **taxonomy.campaign_keys()})
    problems: dict[tuple[str, str], Problem] = {}

    def add(path: str, message: str) -> None:
        problems.setdefault((path, message), Problem(path=path, level="warning", message=message))

    for document in documents:
        source = document.meta.source
        unit = document.meta.unit
        origin = _origin(document, "unit")
        if origin in TYPED and unit and not taxonomy.unit(unit).known and taxonomy.canonical_unit(unit) is None:
            where = sidecar_path(source) if origin == "sidecar" else source
            close = closest(unit, units, UNIT_CUTOFF)
            fix = (f"您是不是要写：{'、'.join(close)}" if close else
                   "请写单位全称，例如 unit: 盘锦市消防救援支队")
            add(where, f"unit “{unit}” 不在分类表里，也不像消防救援单位的全称：{fix}"
                       "（确实是新单位，请把它加入 taxonomy.yml）")
        origin = _origin(document, "campaigns")
        if origin in TYPED:
            where = sidecar_path(source) if origin == "sidecar" else source
            for name in document.meta.campaigns:
                if taxonomy.campaign(name).known:
                    continue
                close = closest(campaign_key(name), campaigns, CAMPAIGN_CUTOFF)
                if close:
                    add(where, f"campaigns 里的“{name}”不在分类表里：您是不是要写：{'、'.join(close)}"
                               "（确实是新的专项行动，请把它加入 taxonomy.yml）")
    return list(problems.values())


def _origin(document: Document, name: str) -> str:
    origin = document.origins.get(name)
    return origin.origin if origin is not None else ""


def _choices(spelled: dict[str, str]) -> dict[str, str]:
    """Every spelling (name or alias) → the canonical name to suggest."""
    return {k: v for k, v in spelled.items() if k}


def closest(typed: str, choices: dict[str, str], cutoff: float) -> list[str]:
    """The canonical names whose spelling is nearest to what was typed, best first."""
    spellings = difflib.get_close_matches(typed, list(choices), n=CLOSEST * 2, cutoff=cutoff)
    return list(dict.fromkeys(choices[s] for s in spellings))[:CLOSEST]


def _grouped(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """Every problem of a file together (errors first), files in path order."""
    return tuple(sorted(problems, key=lambda p: (p.path, p.level != "error")))


def problem_line(problem: Problem) -> str:
    """One line per problem, even when a message shows a YAML example over several lines."""
    return " ".join(part.strip() for part in problem.line().splitlines() if part.strip())
