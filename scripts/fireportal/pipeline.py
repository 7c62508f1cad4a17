"""The pipeline, top to bottom: read → clean → split → structure → metadata.

`ingest_file` turns one source file's bytes into documents and problems;
`ingest_tree` does it for a folder, so that one bad file never stops the
others.  Rendering is separate (`render.py`); only the CLI and the mkdocs
plugin write files.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import operator
import os
import re
import stat
import time
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import NamedTuple
from pathlib import Path, PurePosixPath

import msgspec
from msgspec.structs import replace as replace_struct

from . import cache_stats, ingest_cache, source_path
from .clean import clean, normalize_text
from .faults import ADVICE, reason
from .metadata import Context, extract
from .model import Document, Problem, TitleBlock
from .read import DEFAULT_MAX_BYTES, ReadError, read_source, too_large
from .history import first_added
from .inert import one_line
from .markdown_safety import refused_urls
from .nothing_lost import missing_ideographs
from .render import curated_body, plain_text, render_document
from .sidecar import (
    MAX_PARTS_CEILING,
    MAX_YAML_CHARS,
    LIFECYCLE_FIELDS,
    META_FIELDS,
    NO_OVERRIDES,
    SIDECAR_ONLY,
    SidecarError,
    lifecycle_of,
    parse_sidecar,
    sidecar_path,
    validate,
)
from .split import signs_of_several, split_text
from .structure import structure
from .taxonomy import Taxonomy, ascii_code

MAX_SLUG = 80
# A file that splits into more documents than this is far more likely a list
# (100,000 `一、` lines once made 100,003 pages) than a collection; it is
# refused, and a sidecar `max_parts:` raises the limit for a real collection.
DEFAULT_MAX_PARTS = 30

# A source NAME.x has its fields, when staff confirm or correct them, in NAME.meta.yml.
SIDECAR_SUFFIX = ".meta.yml"

_IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Not documents, skipped without a word: hidden and _private files (.DS_Store,
# LibreOffice's .~lock.x.docx#, vim's .x.swp), sidecars, READMEs, and what
# Windows, Office and editors leave beside documents: Word's lock files
# (~$x.docx) and temporary files (~WRL0001.tmp), Thumbs.db, desktop.ini,
# backups (x.txt~, x.bak) and half-finished downloads.  One pattern for what
# a name starts with, tried there alone, and one for what it ends with, each
# alternative beginning with "." or "~", which the regex engine scans for
# instead of trying the pattern at every position: one pattern over the
# whole path (tests/plain_forms.py keeps it, and tests/test_walk.py compares
# the two) took three times as long and was 7% of a warm ingest.
_SKIP_AT_START = re.compile(r"[._~]|README(?:\.md)?$|(?:Thumbs\.db|ehthumbs\.db|desktop\.ini)$", re.I)
_SKIP_AT_END = re.compile(r"(?:\.meta\.ya?ml|~|\.(?:bak|old|swp|swo|tmp|temp|crdownload|part))$", re.I)


def skipped_name(name: str) -> bool:
    """Whether a file of this name (one path part, no "/") is not a document."""
    return bool(_SKIP_AT_START.match(name) or _SKIP_AT_END.search(name))


class FileResult(msgspec.Struct, frozen=True, kw_only=True):
    """One source file's documents and problems.

    A frozen msgspec Struct like the documents it holds: a warm ingest makes
    one per unchanged source from the cache, and a frozen dataclass, which
    sets each field through object.__setattr__, took six times as long."""

    documents: tuple[Document, ...] = ()
    problems: tuple[Problem, ...] = ()
    # `text_digest` of each document, made where it is converted (in parallel,
    # and kept by the caches): finding duplicates by hashing every document's
    # text again was a fifth of a warm ingest.  () when not known.
    texts: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class IngestResult:
    documents: tuple[Document, ...]
    problems: tuple[Problem, ...]
    files: int

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.level == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.level == "warning")


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def make_slug(source: str, sources_prefix: str = "sources") -> str:
    """A stable ASCII URL segment from the source path alone.

    sources/2022/000_c2bc.txt → 2022-000-c2bc; a Chinese file name becomes
    its pinyin, so editing a title never moves a page.
    """
    parts = list(source_path.parent_parts(source))
    if parts and parts[0] == sources_prefix:
        parts = parts[1:]
    words = []
    for part in [*parts, source_path.stem_and_suffix(source)[0]]:
        ascii_part = _NOT_SLUG.sub("-", part.lower()).strip("-")
        if not part.isascii():
            ascii_part = "-".join(w for w in (ascii_part, ascii_code(part)) if w)
        if ascii_part:
            words.append(ascii_part)
    slug = "-".join(words) or "doc"
    if len(slug) > MAX_SLUG:
        # Long names cut to one length would share a URL; the hash of the whole
        # path keeps them apart and stays the same for the same file.
        digest = hashlib.sha1(source.encode("utf-8", "replace")).hexdigest()[:8]
        slug = f"{slug[: MAX_SLUG - 9].strip('-')}-{digest}"
    return slug


def ideographs(text: str) -> int:
    return len(_IDEOGRAPH.findall(text))


def _error(path: str, message: str) -> FileResult:
    return FileResult(problems=(Problem(path=path, level="error", message=message),))


def ingest_file(
    source: str,
    data: bytes,
    *,
    taxonomy: Taxonomy,
    sidecar_text: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    check_pages: bool = True,
) -> FileResult:
    """One source file (its repo-relative path and bytes) → documents.

    The fault boundary of the pipeline: whatever goes wrong inside, the
    result is an error naming this file, and every other file still goes on.

    `check_pages`: render each document's page here, so that one whose
    values cannot become a page is this file's error.  `ingest_tree` passes
    False: whoever takes its documents renders every page anyway, inside
    the same kind of boundary (`fireportal.render.render_all`), and
    rendering them here as well was a tenth of converting a file.
    """
    try:
        return _ingest_file(source, data, taxonomy=taxonomy, sidecar_text=sidecar_text,
                            max_bytes=max_bytes, check_pages=check_pages)
    except Exception as exc:  # noqa: BLE001 - any failure is this file's, not the build's
        return _error(source, f"无法转换（{reason(exc)}）：{ADVICE}")


def _refused_url_problems(source: str, body: str) -> list[Problem]:
    problems = []
    for kind, url in refused_urls(curated_body(body)):
        shown = one_line(url)[:60]
        if kind == "href":
            message = (f"链接“{shown}”不是 http、https、mailto 或站内地址，页面上只显示链接文字："
                       "请改成网页地址，或删除这个链接")
        else:
            message = (f"图片“{shown}”不在本站，页面上不会显示（门户不从其他网站加载任何内容）："
                       "请把图片文件放在 .md 旁边，用相对路径引用")
        problems.append(Problem(path=source, level="warning", message=message))
    return problems


def _ingest_file(
    source: str,
    data: bytes,
    *,
    taxonomy: Taxonomy,
    sidecar_text: str | None,
    max_bytes: int,
    check_pages: bool,
) -> FileResult:
    problems: list[Problem] = []
    try:
        overrides = parse_sidecar(sidecar_path(source), sidecar_text) if sidecar_text is not None else NO_OVERRIDES
        raw = read_source(source, data, max_bytes=max_bytes)
        front = validate(source, raw.front_matter, sidecar=False) if raw.front_matter else NO_OVERRIDES
    except (ReadError, SidecarError) as exc:
        message = str(exc)
        prefix = f"{sidecar_path(source)}: "
        if message.startswith(prefix):
            return _error(sidecar_path(source), message[len(prefix):])
        if message.startswith(f"{source}: "):
            message = message[len(source) + 2 :]
        return _error(source, message)
    problems.extend(raw.problems)
    for in_sidecar, found, allowed in ((True, overrides, META_FIELDS + SIDECAR_ONLY + LIFECYCLE_FIELDS),
                                       (False, front, META_FIELDS + LIFECYCLE_FIELDS)):
        if not found.errors and not found.unknown:
            continue  # the usual case: nothing to report, so no sidecar path to make
        where = sidecar_path(source) if in_sidecar else source
        # Each bad field is dropped with its own error; the others still apply.
        for error in found.errors:
            problems.append(Problem(path=where, level="error", message=error.removeprefix(f"{where}: ")))
        if found.unknown:
            problems.append(Problem(path=where, level="warning", message=(
                f"不认识的字段 {', '.join(found.unknown)}，已忽略：可用字段为 {', '.join(allowed)}")))

    curated = bool(raw.front_matter) or source.lower().endswith((".md", ".markdown"))
    cleaned = clean(raw.text)
    mode = "none" if curated else (overrides.split or "auto")
    parts = split_text(cleaned.text, mode=mode)
    if not parts:
        return _error(source, "清理后没有正文（只有页码或空白）：请检查文件内容")
    max_parts = overrides.max_parts or DEFAULT_MAX_PARTS
    if len(parts) > max_parts:
        fix = (f"如果确实是多篇合集，请在 {PurePosixPath(sidecar_path(source)).name} 里写 max_parts: {len(parts)}"
               if len(parts) <= MAX_PARTS_CEILING else "如果确实是多篇合集，请把它拆成几个文件")
        # Refused, not published as one page: a file this shape is a list
        # or an attack far more often than a collection.
        return _error(source, f"按“一、”重新开始拆出 {len(parts)} 篇，超过上限 {max_parts} 篇，没有发布：{fix}")
    if len(parts) > 1 and not overrides.split and not overrides.parts:
        # Splitting is read from the numbering alone: staff confirm it once.
        name = PurePosixPath(sidecar_path(source)).name
        second = one_line(parts[1].text.split("\n", 1)[0])[:20]
        problems.append(Problem(path=source, level="warning", message=(
            f"按“一、”重新开始拆成了 {len(parts)} 篇（第 2 篇从“{second}”开始）："
            f"如果这是一篇文档，请在 {name} 里写 split: none；如果拆得对，写 split: auto 确认")))
    # The raw text: cleaning closes the space after 。 that marks run-together items.
    several = signs_of_several(raw.text) if len(parts) == 1 and mode == "auto" and not overrides.split else ""
    if several:
        name = PurePosixPath(sidecar_path(source)).name
        problems.append(Problem(path=source, level="warning", message=(
            f"这个文件可能有几篇文档（{several}），现在发布为一篇：请把每篇存成单独的文件，"
            f"或在 {name} 里用 split: 写出每篇的第一行；确实是一篇就写 split: none")))
    if overrides.parts and len(overrides.parts) != len(parts):
        problems.append(Problem(path=sidecar_path(source), level="warning", message=(
            f"parts 写了 {len(overrides.parts)} 篇，但文件拆出 {len(parts)} 篇：请核对 parts 或用 split: 指明每篇第一行")))

    base_slug = overrides.slug or make_slug(source)
    documents = []
    digests: list[str] = []
    for index, part in enumerate(parts):
        shaped = structure(part.text)
        head = shaped.head
        if curated:
            head = TitleBlock(title=str(front.fields.get("title", "")))
        given: dict[str, tuple[object, str]] = {}
        for name, value in front.fields.items():
            given[name] = (value, "front-matter")
        for name, value in overrides.fields.items():
            given[name] = (value, "sidecar")
        if index < len(overrides.parts):
            for name, value in overrides.parts[index].items():
                given[name] = (value, "sidecar")
        ctx = Context(source=source, head=head, blocks=shaped.blocks, taxonomy=taxonomy,
                      furniture=cleaned.removed)  # a web page's publication line, for metadata
        meta, origins, found, new_units, new_campaigns = extract(ctx, overrides=given)
        slug = base_slug if len(parts) == 1 else f"{base_slug}-p{index + 1}"
        document = Document(
            slug=slug,
            part=index + 1,
            parts=len(parts),
            meta=meta,
            origins=origins,
            head=head,
            blocks=shaped.blocks,
            cleanups=cleaned.fired,
            problems=tuple(found),
            new_units=new_units,
            new_campaigns=new_campaigns,
            curated=curated,
            lifecycle=lifecycle_of(front, overrides),
            # Hand-written Markdown is kept as written: the punctuation and
            # line cleanups would break links and lists in it.
            body=normalize_text(raw.text)[0] if curated else "",
        )
        # Nothing is lost: every character of the part must reach the page.
        # Counted on what the page shows (the H1 and the rendered text), so a
        # title-block line that reaches no page is caught here.
        # Compared character by character (a multiset), and without a title
        # the staff typed, so a sidecar title cannot make up for lost text.
        plain = plain_text(document)
        shown = plain
        typed = origins.get("title")
        if typed is None or typed.origin not in ("sidecar", "front-matter"):
            shown += document.meta.title
        missing = missing_ideographs(part.text, shown)
        if not curated and missing:
            found.append(Problem(path=source, level="error", message=(
                f"第 {index + 1} 篇有 {missing.total()} 个字没有进入页面（程序缺陷）："
                "请把这个文件发给维护人员")))
            document = replace_struct(document, problems=tuple(found))
        if curated:
            found.extend(_refused_url_problems(source, document.body))
        if check_pages:
            # Inside the fault boundary, so a value that cannot become a page
            # fails this file and not whatever made the page.
            render_document(document).encode("utf-8")
        problems.extend(found)
        documents.append(document)
        # text_digest(document), from the plain text made above (its problems, the
        # one field `replace` may have changed, are not part of it).
        digests.append(_digest_of_plain(plain))
    return FileResult(documents=tuple(documents), problems=tuple(problems), texts=tuple(digests))


def text_digest(document: Document) -> str:
    """What two documents share when they hold the same text (wherever they come from)."""
    return _digest_of_plain(plain_text(document))


def _digest_of_plain(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


def relative_path(path: Path, root: Path) -> str:
    # Not resolved: a sources/ that is a symlink still names its files sources/….
    return Path(os.path.relpath(path.absolute(), root.absolute())).as_posix()


def _cache_key(salt: str, rel: str, data: bytes, sidecar_text: str | None) -> str:
    digest = hashlib.sha256()
    for part in (salt.encode(), rel.encode(), data, (sidecar_text or "").encode()):
        digest.update(len(part).to_bytes(8, "little") + part)
    return digest.hexdigest()


def _stem_and_suffix(name: str) -> tuple[str, str]:
    """`PurePath.stem` and `.suffix` of a file name, without making a path."""
    dot = name.rfind(".")
    return (name[:dot], name[dot:]) if 0 < dot < len(name) - 1 else (name, "")


def promoted_pairs(rels: list[str]) -> dict[int, int]:
    """Curated NAME.md → the raw NAME.txt/.docx beside it that it replaces, as positions in `rels`.

    `fireportal promote` writes the converted page as NAME.md so a person can
    edit it; the raw file stays as the original readers download.  `rels` are
    POSIX paths in walk order; of several raw files the first by name is the original.
    """
    if not any(rel[-3:].lower() == ".md" for rel in rels):
        return {}  # nothing curated: most trees, found without splitting every path
    by_stem: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for position, rel in enumerate(rels):
        folder, _, name = rel.rpartition("/")
        stem, suffix = _stem_and_suffix(name)
        by_stem.setdefault((folder, stem), []).append((suffix.lower(), name, position))
    pairs = {}
    for group in by_stem.values():
        if len(group) < 2:
            continue
        curated = [position for suffix, _, position in group if suffix == ".md"]
        raw = sorted((_name_key(name), position) for suffix, name, position in group if suffix != ".md")
        if curated and raw:
            pairs[curated[0]] = raw[0][1]
    return pairs


def promoted_originals(files: list[Path]) -> dict[Path, Path]:
    """`promoted_pairs` for paths: curated NAME.md → the raw file beside it that it replaces."""
    ordered = sorted(files)
    pairs = promoted_pairs([path.as_posix() for path in ordered])
    return {ordered[curated]: ordered[raw] for curated, raw in pairs.items()}


def _as_promoted(result: FileResult, original: str) -> FileResult:
    """The curated page keeps the URL and the source (`original`, root-relative) of the raw file it replaced."""
    documents = []
    for document in result.documents:
        slug = document.slug
        if slug == make_slug(document.meta.source):  # not set by a sidecar
            slug = make_slug(original)
        documents.append(replace_struct(document, slug=slug, meta=replace_struct(document.meta, source=original)))
    return replace_struct(result, documents=tuple(documents))


class NotRegularFile(OSError):
    """A symlink, folder, pipe or device where a source file was expected."""


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file that is not a symlink, at most `limit` + 1 of them.

    O_NOFOLLOW refuses a symlink even if one replaced the file after the
    folder was listed; O_NONBLOCK keeps a named pipe from hanging the build;
    O_BINARY (Windows only) keeps `os.read` from translating line ends.
    """
    flags = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
             | getattr(os, "O_BINARY", 0))
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise  # nothing there, not even a dangling link (O_NOFOLLOW gives ELOOP for any link)
    except OSError as exc:
        if os.path.islink(path):
            raise NotRegularFile(f"{path} is a symlink") from exc
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(f"{path} is not a regular file")
        # Asking for `limit + 1` bytes makes Python allocate that much (10 MB)
        # for each file, which cost twice as much as reading a small one: ask
        # for what is there, and for the rest only if the file grew meanwhile.
        data = _read_fd(fd, min(limit, st.st_size) + 1)
        if len(data) == st.st_size + 1 and len(data) <= limit:
            data += _read_fd(fd, limit + 1 - len(data))
        return data
    finally:
        os.close(fd)


def _read_fd(fd: int, size: int) -> bytes:
    """Up to `size` bytes, fewer only at the end of the file.

    `os.read` on the descriptor, not a file object around it: making and
    closing the object cost more than the read itself (a tenth of a warm
    ingest whose sources all have new times, as after a CI checkout).
    """
    parts = [os.read(fd, size)]
    done = len(parts[0])
    # A short read is the end of a regular file, unless a signal cut it:
    # read on until the file says so, as a buffered read would.
    while 0 < done < size and (more := os.read(fd, size - done)):
        parts.append(more)
        done += len(more)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _symlink_problem(rel: str) -> Problem:
    return Problem(path=rel, level="error", message=(
        "是符号链接（或不是普通文件），不会读取也不会发布：请把文件本身放进 sources/，不要用链接"))


class Source(NamedTuple):
    """A document file found by the walk."""

    path: str  # as the file system names it: the sources folder, then the names below it
    rel: str  # relative to the root, POSIX separators
    stat: os.stat_result | None  # its lstat, when the walk was asked for them
    sidecar: str  # the path of its NAME.meta.yml if the folder has one (of any kind), else ""


class Walk(NamedTuple):
    files: list[Source]  # in path order
    # Every NAME.meta.yml seen, of any kind, by `path`: its lstat when asked
    # for and it is a regular file, else None.
    sidecars: dict[str, os.stat_result | None]
    refused: list[Problem]


if os.name == "nt":
    def _name_key(rel: str) -> list[str]:
        return rel.lower().split("/")  # the order of Windows paths, which compare without case

    def _entry_key(entry: os.DirEntry) -> str:
        return entry.name.lower()
else:
    def _name_key(rel: str) -> list[str]:
        return rel.split("/")  # the order of paths, part by part

    _entry_key = operator.attrgetter("name")


_HIDDEN = (".", "_", "~")


def _listing(folder: str) -> list[os.DirEntry]:
    """A folder's entries in name order ([] when it cannot be read, as os.walk leaves it out)."""
    try:
        with os.scandir(folder) as listing:
            return sorted(listing, key=_entry_key)
    except OSError:
        return []


def _sidecar_names(entries: list[os.DirEntry]) -> set[str]:
    return {entry.name for entry in entries if entry.name.endswith(SIDECAR_SUFFIX)}


def walk(sources: Path, root: Path, *, stats: bool = False) -> Walk:
    """Every document file under `sources`, every sidecar, and a problem for each symlink.

    Nothing outside the sources folder is read: symlinked files, sidecars and
    folders (git keeps symlinks, so a commit can add one to /etc/passwd) are
    refused, and folders are not followed.  `stats`: also the lstat of each
    file and sidecar (one system call each), for the cache's stat index.
    """
    if sources.is_symlink():
        return Walk([], {}, [_symlink_problem(relative_path(sources, root))])
    base = relative_path(sources, root)
    base = "" if base == "." else base + "/"
    found: list[Source] = []
    sidecars: dict[str, os.stat_result | None] = {}
    refused: list[Problem] = []
    # scandir's entries know whether they are links, folders or regular files
    # without a stat per file; strings, not Paths: building and sorting Paths
    # was a fifth of a warm ingest.  Each folder is listed in name order and
    # entered where its name falls, so the files come out in path order
    # without sorting them all by their split paths.
    listing = _listing(str(sources))
    folders = [(iter(listing), str(sources), "", False, _sidecar_names(listing))]
    while folders:
        entries, here, prefix, hidden, sidecar_names = folders[-1]
        for entry in entries:
            name = entry.name
            rel = prefix + name
            if name.endswith(SIDECAR_SUFFIX):
                regular = stats and entry.is_file(follow_symlinks=False)
                sidecars[entry.path] = entry.stat(follow_symlinks=False) if regular else None
            if entry.is_symlink():
                refused.append(_symlink_problem(base + rel))
            elif entry.is_dir(follow_symlinks=False):
                listing = _listing(entry.path)
                # A folder named .x, _x or ~x hides what is below it, as such a file name is skipped.
                folders.append((iter(listing), entry.path, rel + "/", hidden or name.startswith(_HIDDEN),
                                _sidecar_names(listing)))
                break
            elif not hidden and not skipped_name(name):
                if entry.is_file(follow_symlinks=False):
                    sidecar = _stem_and_suffix(name)[0] + SIDECAR_SUFFIX if sidecar_names else ""
                    found.append(Source(entry.path, base + rel, entry.stat(follow_symlinks=False) if stats else None,
                                        os.path.join(here, sidecar) if sidecar in sidecar_names else ""))
                else:
                    # A pipe, socket or device that reading would hang on.
                    refused.append(_symlink_problem(base + rel))
        else:
            folders.pop()
    return Walk(found, sidecars, sorted(refused, key=lambda p: p.path))


def walk_sources(sources: Path, root: Path, sidecars: set[Path] | None = None) -> tuple[list[Path], list[Problem]]:
    """`walk` as paths: every document file under `sources`, and a problem for each symlink.

    Every `NAME.meta.yml` seen, of any kind, is added to `sidecars` when
    given, so readers need not try to open a sidecar for each of the many
    files without one.
    """
    found = walk(sources, root)
    if sidecars is not None:
        sidecars.update(Path(path) for path in found.sidecars)
    return [Path(source.path) for source in found.files], found.refused


def source_files(sources: Path) -> list[Path]:
    """Every file under `sources` that is a document (not a sidecar, hidden or a symlink)."""
    return walk_sources(sources, sources)[0]


def read_one(path: Path, rel: str, *, taxonomy: Taxonomy, max_bytes: int = DEFAULT_MAX_BYTES,
             cache: MutableMapping[str, FileResult] | None = None, cache_salt: str = "",
             used: set[str] | None = None) -> FileResult:
    """One source file and its sidecar, read safely, through the (cached) pipeline."""
    inputs = _read_inputs(path, rel, max_bytes)
    if isinstance(inputs, FileResult):
        return inputs
    data, sidecar_text = inputs
    key = _cache_key(cache_salt, rel, data, sidecar_text)
    if used is not None:
        used.add(key)
    result = cache.get(key) if cache is not None else None
    if result is None:
        result = ingest_file(rel, data, taxonomy=taxonomy, sidecar_text=sidecar_text, max_bytes=max_bytes)
        if cache is not None:
            cache[key] = result
    return result


def ingest_tree(
    sources: Path,
    *,
    root: Path,
    taxonomy: Taxonomy,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[str], None] | None = None,
    cache: MutableMapping[str, FileResult] | None = None,
    cache_salt: str = "",
    jobs: int | None = None,
    cache_dir: Path | None = None,
) -> IngestResult:
    """Every source under `sources`; paths in the result are relative to `root`.

    `cache` (kept by the caller between runs, e.g. under `mkdocs serve`) maps
    a content hash of a file, its sidecar and `cache_salt` (which must change
    with the taxonomy) to that file's result, so unchanged files cost a read
    and a hash.  Entries not used by this run are dropped.

    `cache_dir` adds the persistent cache (fireportal.ingest_cache), which
    outlives the process: keyed by content, versioned with the code and the
    taxonomy.  `jobs` converts the files that neither cache holds in that
    many processes (default: every core this process may use; 1: in this
    process); the result is the same, in the same order, whatever `jobs` is.
    """
    # Before any stat: a file changed after this instant is never trusted by its stat next time.
    listed_ns = time.time_ns()
    store = converter = None
    try:
        with _collector_paused():
            if cache_dir is not None:
                # Not `cache_salt`: the salt already covers the code and the taxonomy, and
                # the CLI and the plugin (which salt their in-memory caches differently)
                # should share one folder.  The size limit changes results, so it counts.
                store = ingest_cache.IngestCache(cache_dir, ingest_cache.salt(taxonomy, f"max_bytes={max_bytes}"))
                if not store.open():
                    store = None
            found = walk(sources, root, stats=store is not None)
            promoted = promoted_pairs([source.rel for source in found.files])
            originals = set(promoted.values())
            # A curated NAME.md stands in for its original, and takes its source path.
            todo = [(source, found.files[promoted[i]].rel if i in promoted else "")
                    for i, source in enumerate(found.files) if i not in originals]
            results: list[FileResult | None] = [None] * len(todo)
            used: set[str] = set()
            if store is not None:
                _from_stat_index(todo, results, found.sidecars, store, cache, cache_salt, used)
        if progress:
            for (source, _), result in zip(todo, results):
                if result is not None:
                    progress(source.rel)
        converter = _Converter(jobs=_jobs(jobs), taxonomy=taxonomy, max_bytes=max_bytes, store=store)
        left = [i for i, result in enumerate(results) if result is None]
        # In batches, so at most one batch of sources is held in memory at a time.
        for start in range(0, len(left), _BATCH):
            positions = left[start : start + _BATCH]
            batch = [todo[i][0] for i in positions]
            done = _ingest_batch(batch, converter, cache, cache_salt, used, found.sidecars, listed_ns)
            for i, result in zip(positions, done, strict=True):
                results[i] = result
                if progress:
                    progress(todo[i][0].rel)
            # The documents kept so far live until the caller is done with
            # them: out of the cyclic collector's sight, they are not scanned
            # again by every full collection the next batches trigger (a
            # third of a warm ingest at 10,000 files).  Thawed below.
            gc.freeze()
        converter.close()
        converter = None
        if store is not None:
            store.close(listed_ns)  # packs what this run wrote, and keeps the stat index
            store = None
        return _assemble(todo, results, found, root, cache, used)
    finally:
        gc.unfreeze()
        if converter is not None:
            converter.close()
        if store is not None:
            store.close()  # on failure: packs what was written, keeps the stat index as it was


def _assemble(todo, results: list[FileResult], found: Walk, root: Path, cache, used: set[str]) -> IngestResult:
    """The run's result from each file's: promoted pages renamed, duplicates and shared URLs taken out."""
    problems: list[Problem] = list(found.refused)
    documents: list[Document] = []
    texts: list[str] = []
    for (_, original), result in zip(todo, results, strict=True):
        problems.extend(result.problems)
        if original:
            result = _as_promoted(result, original)  # the same texts: a page's text names no path
        documents.extend(result.documents)
        texts.extend(result.texts if len(result.texts) == len(result.documents)
                     else map(text_digest, result.documents))
    if cache is not None:
        for stale in set(cache) - used:
            del cache[stale]
    documents, duplicates = _without_duplicates(documents, texts, root)
    problems.extend(duplicates)
    documents, clashes = _without_shared_urls(documents)
    problems.extend(clashes)
    documents.sort(key=_slug_of)
    return IngestResult(documents=tuple(documents), problems=tuple(problems), files=len(found.files))


_slug_of = operator.attrgetter("slug")


@contextlib.contextmanager
def _collector_paused():
    """The cyclic garbage collector off, and what was built meanwhile frozen (the caller thaws it).

    For the work before any conversion: opening the cache, the walk, and
    decoding what the stat index vouches for build only objects without
    cycles.  The collector, left on, scanned the growing heap again and again
    (more than half the time of decoding 10,000 entries), and once back on,
    it would scan them all at its next collection.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _sidecar_of(path: str) -> str:
    """The sidecar's path of a source path, as `Path.with_name(stem + SIDECAR_SUFFIX)` gives it."""
    folder, name = os.path.split(path)
    return os.path.join(folder, _stem_and_suffix(name)[0] + SIDECAR_SUFFIX)


def _signatures(source: Source, sidecars: dict[str, os.stat_result | None]):
    """The stat signatures of a source and of its sidecar (() when it has none, None when it is not a file)."""
    side: tuple | None = ()
    if source.sidecar:
        st = sidecars.get(source.sidecar)
        side = (cache_stats.signature(st) if st is not None else ()) or None
    return (cache_stats.signature(source.stat) if source.stat is not None else ()), side


def _from_stat_index(todo, results: list, sidecars, store, cache, cache_salt: str, used: set[str]) -> None:
    """Fill `results` for the sources whose stat says they are unchanged, from the caches; the rest stay None."""
    wanted: list[tuple[int, str, str, tuple, tuple]] = []
    for i, (source, _) in enumerate(todo):
        sig, side = _signatures(source, sidecars)
        key = store.known_key(source.rel, sig, side)
        if key is None:
            continue
        if cache is not None:  # the in-memory cache of `mkdocs serve`
            memory = _memory_key(cache_salt, key)
            if (result := cache.get(memory)) is not None:
                used.add(memory)
                results[i] = result
                store.keep(source.rel, key, sig, side)
                continue
        wanted.append((i, source.rel, key, sig, side))
    got = store.get_many([(rel, key) for _, rel, key, _, _ in wanted])
    for (i, rel, key, sig, side), result in zip(wanted, got, strict=True):
        if result is None:
            continue  # damaged or gone: read and converted as if its stat had changed
        results[i] = result
        store.keep(rel, key, sig, side)
        if cache is not None:
            memory = _memory_key(cache_salt, key)
            used.add(memory)
            cache[memory] = result


def _memory_key(cache_salt: str, store_key: str) -> str:
    # The store's key covers the path, both files' bytes, the code and the taxonomy.
    return hashlib.sha256(f"{cache_salt}\0{store_key}".encode()).hexdigest()


# Files read (and held in memory) before the misses among them are converted.
_BATCH = 512
# Below this many files to convert, starting processes costs more than it saves.
_MIN_POOL = 24


def _jobs(jobs: int | None) -> int:
    if jobs is not None:
        return max(1, jobs)
    if hasattr(os, "process_cpu_count"):  # Python 3.13+
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):  # the cores this process may run on, not the machine's
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _read_inputs(path: Path | str, rel: str, max_bytes: int,
                 sidecar: str | None = None) -> FileResult | tuple[bytes, str | None]:
    """A source's bytes and its sidecar's text, or the problem that stops reading them.

    Reading only, so the conversion can run in another process (`read_one`
    reads through here too).  `sidecar`: its path as the walk found it, ""
    when the walk saw none; None to look for it.
    """
    try:
        data = read_regular_file(path, max_bytes)
        if len(data) > max_bytes:
            # Refused after reading at most one byte too many: a 50 MB file costs no more.
            return _error(rel, too_large(os.stat(path).st_size, max_bytes))
    except NotRegularFile:
        return FileResult(problems=(_symlink_problem(rel),))
    except OSError as exc:
        return _error(rel, f"无法读取（{exc.strerror or exc}）：请检查文件权限")
    # The folder walk saw every sidecar; without it, one open() says whether
    # there is one (no stat before it).
    if sidecar is None:
        sidecar = _sidecar_of(str(path))
    try:
        if not sidecar:
            raise FileNotFoundError(sidecar)
        sidecar_text = read_regular_file(sidecar, MAX_YAML_CHARS * 4).decode("utf-8")
    except FileNotFoundError:
        sidecar_text = None
    except NotRegularFile:
        return FileResult(problems=(_symlink_problem(sidecar_path(rel)),))
    except OSError as exc:
        return _error(sidecar_path(rel), f"无法读取（{exc.strerror or exc}）：请检查文件权限")
    except UnicodeDecodeError:
        return _error(sidecar_path(rel), "不是 UTF-8 文本：请用 UTF-8 保存这个 .meta.yml")
    return data, sidecar_text


def _ingest_batch(batch: list[Source], converter: _Converter, cache, cache_salt: str, used: set[str],
                  sidecars: dict[str, os.stat_result | None], listed_ns: int) -> list[FileResult]:
    """Results for the sources in order: from a cache when it has them, else converted."""
    store = converter.store
    results: list[FileResult | None] = []
    misses: list[tuple[int, str, bytes, str | None, str]] = []  # index, then a task
    keys: dict[int, str] = {}
    # Reading, hashing and decoding cached entries build nothing with cycles (the
    # conversions below may): see _collector_paused.
    with _collector_paused():
        for index, source in enumerate(batch):
            rel = source.rel
            inputs = _read_inputs(source.path, rel, converter.max_bytes, source.sidecar)
            if isinstance(inputs, FileResult):
                results.append(inputs)
                continue
            data, sidecar_text = inputs
            result = None
            store_key = ""
            if store is not None:
                store_key = _store_key(store, rel, data, sidecar_text)
                sig, side = _signatures(source, sidecars)
                # The walk's stat, taken before reading: if the file changed since,
                # its stat next time differs from this one.
                store.keep(rel, store_key, sig, side, listed_ns)
            if cache is not None:  # the in-memory cache of `mkdocs serve`
                key = (_memory_key(cache_salt, store_key) if store_key
                       else _cache_key(cache_salt, rel, data, sidecar_text))
                used.add(key)
                keys[index] = key
                result = cache.get(key)
            if result is None and store is not None:
                result = store.get(rel, store_key)
                if result is not None and cache is not None:
                    cache[keys[index]] = result
            if result is None:
                misses.append((index, rel, data, sidecar_text, store_key))
            results.append(result)
    for (index, *_), result in zip(misses, converter.convert([m[1:] for m in misses]), strict=True):
        results[index] = result
        if cache is not None:
            cache[keys[index]] = result
    return results  # type: ignore[return-value]


# Set in each worker process by _start_worker: what every conversion needs.
_WORKER: dict = {}


def _start_worker(taxonomy: Taxonomy, max_bytes: int, store) -> None:
    _WORKER.update(taxonomy=taxonomy, max_bytes=max_bytes, store=store)


def _convert_one(task: tuple[str, bytes, str | None, str]) -> FileResult:
    """Convert one file (in a worker or in process) and store it in the persistent cache."""
    rel, data, sidecar_text, store_key = task
    # Not rendered here: ingest_tree's callers render every page (render_all).
    result = ingest_file(rel, data, taxonomy=_WORKER["taxonomy"], sidecar_text=sidecar_text,
                         max_bytes=_WORKER["max_bytes"], check_pages=False)
    store = _WORKER["store"]
    if store is not None:
        # Written by the process that converted it, so writing is parallel too.
        store.put(rel, store_key, result)
    return result


def _store_key(store, rel: str, data: bytes, sidecar_text: str | None) -> str:
    return ingest_cache.entry_key(store.salt, rel, data, sidecar_text)


class _Converter:
    """Converts files in this process or in a pool started on first need."""

    def __init__(self, *, jobs: int, taxonomy: Taxonomy, max_bytes: int, store) -> None:
        self.jobs, self.taxonomy, self.max_bytes, self.store = jobs, taxonomy, max_bytes, store
        self.pool = None

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def convert(self, tasks: list[tuple[str, bytes, str | None, str]]) -> list[FileResult]:
        if not tasks:
            return []
        if self.pool is None and self.jobs > 1 and len(tasks) >= _MIN_POOL:
            self.pool = _pool(self.jobs, self.taxonomy, self.max_bytes, self.store)
        if self.pool is not None:
            from concurrent.futures.process import BrokenProcessPool

            try:
                # map keeps the order of the tasks; chunks keep the overhead per file small.
                chunk = max(1, min(16, len(tasks) // (self.jobs * 4)))
                return list(self.pool.map(_convert_one, tasks, chunksize=chunk))
            except BrokenProcessPool:
                # A worker died (killed for memory, say): finish here, slower but complete.
                self.pool = None
        saved = dict(_WORKER)
        _start_worker(self.taxonomy, self.max_bytes, self.store)
        try:
            return [_convert_one(task) for task in tasks]
        finally:
            _WORKER.clear()
            _WORKER.update(saved)


def _pool(jobs: int, taxonomy: Taxonomy, max_bytes: int, store):
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor

    # fork is the cheapest start, but forking a process with other threads
    # (mkdocs serve's file watcher and web server) can deadlock the child.
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        context = multiprocessing.get_context("fork")
    elif "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
    else:
        context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker,
                               initargs=(taxonomy, max_bytes, store))


def _without_duplicates(documents: list[Document], texts: list[str],
                        root: Path) -> tuple[list[Document], list[Problem]]:
    """One document per text: the copy committed first keeps its page and URL.

    A copy added later is the one reported, whatever its name, so adding a
    duplicate never moves the published page (git tells which came first;
    without it, or between uncommitted files, the path order decides).
    """
    if len(set(texts)) == len(texts) == len(documents):
        return documents, []  # the usual case, found without a list per document
    by_text: dict[str, list[Document]] = {}
    for document, digest in zip(documents, texts, strict=True):  # texts: `text_digest` of each
        by_text.setdefault(digest, []).append(document)
    sources = sorted({d.meta.source for group in by_text.values() if len(group) > 1 for d in group})
    added = first_added(sources, root)
    kept, problems = [], []
    for group in by_text.values():
        if len(group) > 1:
            group.sort(key=lambda d: (d.meta.source not in added, added.get(d.meta.source, 0), d.meta.source))
            for later in group[1:]:
                problems.append(Problem(path=later.meta.source, level="warning", message=(
                    f"内容与已发布的 {group[0].meta.source} 相同，没有发布：请删除重复的文件")))
        kept.append(group[0])
    return kept, problems


def _without_shared_urls(documents: list[Document]) -> tuple[list[Document], list[Problem]]:
    """Documents whose URL no other document claims, and an error per shared URL.

    A shared URL is never settled by giving it to one of the files: which one
    would win could change when a file is added, and readers would silently
    get a different document at a bookmarked address.
    """
    if len(set(map(_slug_of, documents))) == len(documents):
        return documents, []  # the usual case, found without a list per document
    by_slug: dict[str, list[Document]] = {}
    for document in documents:
        by_slug.setdefault(document.slug, []).append(document)
    kept, problems = [], []
    for slug, group in by_slug.items():
        if len(group) == 1:
            kept.extend(group)
            continue
        names = "、".join(sorted({d.meta.source for d in group}))
        for source in sorted({d.meta.source for d in group}):
            problems.append(Problem(path=source, level="error", message=(
                f"与其他文件使用同一网址 doc/{slug}/（{names}），这些文件都没有发布："
                f"请改名其中一个，或在它的 .meta.yml 里写 slug: 另一个网址")))
    return kept, problems


def page_images(documents, root: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, bytes]:
    """Docs-relative path → bytes of every picture a document page shows.

    A .docx page shows its pictures from `doc/<slug>/<name>`, beside
    `doc/<slug>.md`; they are read again from the original here, when the
    site is written, so converted documents carry names and not pictures.
    A source that cannot be read now gives no pictures (its page said so
    when it was converted).
    """
    from .read_docx import images

    found: dict[str, bytes] = {}
    by_source: dict[str, dict[str, bytes]] = {}
    for document in documents:
        source = document.meta.source
        # The source first: only a .docx page shows pictures, and reading a
        # document's blocks decodes them when they come from the cache.
        if not source.lower().endswith(".docx"):
            continue
        wanted = [b.src for b in document.blocks if b.kind == "image" and b.src]
        if not wanted:
            continue
        if source not in by_source:
            try:
                by_source[source] = images(read_regular_file(root / source, max_bytes))
            except (OSError, ReadError):
                by_source[source] = {}
        for name in wanted:
            if name in by_source[source]:
                found[f"doc/{document.slug}/{name}"] = by_source[source][name]
    return found
