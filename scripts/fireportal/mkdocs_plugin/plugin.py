"""The fireportal mkdocs plugin: sources/ in, generated pages out.

Event handlers only orchestrate: conversion is fireportal.pipeline, pages are
fireportal.site, search files are fireportal.search.  Everything the build
should know about (problems in sources, a missing folder) is reported on the
`mkdocs.plugins.fireportal` logger or as a PluginError, so `mkdocs build
--strict` fails on it and staff read a sentence instead of a traceback.
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import io
import logging
import os
import pickle
import tempfile
from pathlib import Path

from jinja2 import TemplateError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from ..history import file_history
from ..ingest_cache import DEFAULT_DIR as DEFAULT_CACHE_DIR
from ..pipeline import ingest_tree, make_slug, page_images
from ..render import render_all
from ..site import NAV_PAGES, build_pages, doc_page, extra_files, lifecycle_problems, listed, originals, with_history
from ..taxonomy import TaxonomyError, load_taxonomy
from . import background, fragments, parallel
from .cache import LastResult, fingerprint
from .config import FirePortalConfig, check_identity

log = logging.getLogger("mkdocs.plugins.fireportal")

# `mkdocs serve` loads a fresh config, and so a fresh plugin instance, for
# every rebuild; the last ingest result must outlive the instance to be reused.
_LAST_INGEST = LastResult()
# Per-file results by content hash: when one source changes under `mkdocs
# serve`, only that file is converted again.
_FILE_CACHE: dict = {}


class FirePortalPlugin(BasePlugin[FirePortalConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.root = Path.cwd()
        self.sources = Path("sources")
        self.taxonomy_path: Path | None = None
        self.taxonomy = None
        self.documents: tuple = ()
        self.doc_urls: dict[str, str] = {}  # slug -> site-relative URL
        self.serving = False
        self.prebuilt: dict[str, tuple[bytes, tuple]] = {}  # src_uri -> (compressed page HTML, log records)
        self._nav = None
        self._env = None
        self._templates: dict[str, str] = {}  # src_uri -> the theme template a prebuilt page replaced
        self._search_job: background.Job | None = None  # the search files, made beside the pages
        # What the search job reads, pickled, set aside in case it fails (see `_set_aside`).
        self._search_input = None
        self._fragments: fragments.Fragments | None = None  # this build's shared theme fragments
        self._translate = None  # Material's lang.t, once per key (overrides/partials/language.html)

    # Remember whether this is `mkdocs serve`, whose site folder is temporary,
    # so the closing message does not point readers at it.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    # Check options and load the taxonomy: a wrong path should stop the build
    # before any work, with the option named and what to write instead.
    def on_config(self, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return

        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self.sources = self.root / self.config.sources
        if not self.sources.is_dir():
            raise PluginError(
                f"fireportal: option 'sources': folder '{self.config.sources}' does not exist "
                f"next to mkdocs.yml.\n"
                f"Create it and put the raw documents in it, or set `sources:` under "
                f"`plugins: - fireportal:` to the folder that holds them."
            )
        self.taxonomy_path = self._taxonomy_path()
        if self.config.per_page < 1:
            raise PluginError(
                f"fireportal: option 'per_page' must be at least 1, not {self.config.per_page}.\n"
                f"Write e.g. `per_page: 50` (documents per listing page)."
            )
        if "search" in config.plugins:
            log.warning(
                "The built-in 'search' plugin is enabled; the portal ships its own search.\n"
                "Remove `- search` from `plugins:` in mkdocs.yml (it would index every "
                "document a second time and miss words inside Chinese compounds)."
            )
        try:
            self.taxonomy = load_taxonomy(self.taxonomy_path)
        except TaxonomyError as exc:
            # A mistake in a data file staff edit, not a failure of the build:
            # the sentence that says what to write, then a plain stop instead
            # of mkdocs' "Aborted with a BuildError!" (which reads like a crash).
            log.error(f"fireportal: {exc}")
            raise Abort("构建已停止：请按上面一行修改分类文件后重新运行。") from exc
        try:
            problems = check_identity(config.extra.get("fireportal"), site_url=config.site_url or "")
        except ValueError as exc:
            raise PluginError(f"fireportal: {exc}") from exc
        for problem in problems:
            log.warning(f"fireportal: {problem}")

    # Start the search files' process while the build holds little memory
    # (see background.py); it waits for its input until on_files.
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._search_job = None
        # `jobs: 1` renders in one process, so the search files are made there too.
        if self.config.enabled and not self.serving and self.config.jobs != 1:
            site_dir = Path(config.site_dir)
            self._search_job = background.start(
                "search files", lambda docs: self._write_search_files(site_dir, docs))

    def on_build_error(self, *, error: Exception) -> None:
        job, self._search_job = self._search_job, None
        if job is not None:
            background.cancel(job)
        _discard(self._search_input)
        self._search_input = None

    # Convert sources and add every page (run early) - other plugins that
    # look at documentation pages in on_files must see the generated ones.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None

        result = self._ingest()
        log.info(f"fireportal: {result.files} 个源文件 → {len(result.documents)} 篇文档")
        self._report(result.problems)
        dated = tuple(self._with_history(result.documents))
        # Only the documents from here, so that releasing them frees them.
        del result
        for problem in lifecycle_problems(dated):
            (log.error if problem.level == "error" else log.warning)(problem.line())
        # Each page rendered once, here, where a document whose page cannot be
        # made is left out with an error (the ingest does not render them).
        rendered = render_all(dated)
        del dated
        self._report(rendered.problems)
        self.documents = rendered.documents
        if not self.documents:
            log.warning(f"fireportal: no documents found under '{self.config.sources}'.")

        made = rendered.pages
        del rendered
        # Each document's URL, as mkdocs makes it for the page added below.
        self.doc_urls = {d.slug: File.generated(config, doc_page(d.slug), content="").url for d in self.documents}
        self._start_search(files)
        try:
            pages = build_pages(
                self.documents,
                self.taxonomy,
                per_page=self.config.per_page,
                site_name=config.site_name,
                # Each page handed over as it is placed: build_pages keeps its own copy.
                render=lambda doc: made.pop(doc.slug),
            )
        except ValueError as exc:
            raise PluginError(f"fireportal: {exc}") from exc
        del made

        in_nav = _nav_paths(config.nav) if config.nav is not None else set(NAV_PAGES)
        for path, content in pages.items():
            # Only listing indexes belong in the sidebar: every page repeats
            # the whole nav, so a page per document made the site quadratic.
            # NOT_IN_NAV also keeps mkdocs from listing them as omitted.
            inclusion = InclusionLevel.INCLUDED if path in in_nav else InclusionLevel.NOT_IN_NAV
            self._add(files, File.generated(config, path, content=content, inclusion=inclusion))
        # A withdrawn document's original is no longer published either.
        for path, source in originals(listed(self.documents)).items():
            # Copied from the source file as it is, so the download is the
            # byte-identical original (原文) a reader can check against.
            self._add(files, File.generated(config, path, abs_src_path=str(self.root / source)))
        # Pictures of .docx pages, beside each page (doc/<slug>/<name>).
        for path, data in page_images(listed(self.documents), self.root).items():
            self._add(files, File.generated(config, path, content=data))
        # The feeds and the redirect pages link by URL, which depends on
        # use_directory_urls (the offline plugin turns it off in on_config,
        # before this event).
        for path, content in extra_files(self.documents, self.taxonomy, site_name=config.site_name,
                                         directory_urls=config.use_directory_urls).items():
            self._add(files, File.generated(config, path, content=content))
        if self._search_job is not None:
            # Nothing else in the build needs the documents now, and the
            # pages' HTML fills the memory they leave.
            _release_documents(self)
        # What exists now (pages, files) lives until the build ends: out of
        # the cyclic collector's sight, it is not rescanned for every page
        # mkdocs renders next (issue 11's profile: a large share of a
        # 10,000-page build).  Thawed in on_post_build.
        gc.freeze()
        return files

    # Convert every page's Markdown in worker processes before mkdocs' loop
    # reaches it (run last: the nav is final).  See parallel.py.
    @event_priority(-100)
    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        self.prebuilt = {}
        self._nav = nav
        pages, workers = self._parallel_plan(files)
        if workers > 1:
            log.info(f"fireportal: {len(pages)} 个页面在 {workers} 个进程中并行渲染")
            _before_fork()
            done = parallel.render_markdown(pages, config, files, workers)
            log.debug(f"fireportal: {len(done)} 个页面的 Markdown 已在子进程中转换")
            for page in pages:
                if page.file.src_uri in done:
                    parallel.install_markdown(page, done[page.file.src_uri], files)
        return nav

    # Render every page's template in worker processes (run last: other
    # plugins' environment changes are in), then let mkdocs' loop print the
    # result through a stand-in template.
    @event_priority(-100)
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        # Made before the workers fork: each fills its own copy.
        self._fragments = fragments.Fragments() if self.config.enabled else None
        self._translate = None
        language = config.theme.get("language")
        if self.config.enabled and language:
            try:
                self._translate = fragments.translator(env, language)
            except TemplateError:  # not Material's translation files: its language.html looks up its own
                self._translate = None
        pages, workers = self._parallel_plan(files)
        if workers <= 1:
            return env
        from jinja2 import ChoiceLoader, DictLoader

        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        self._templates = {page.file.src_uri: page.meta.get("template", "main.html") for page in pages}
        _drop_sources(pages)
        _before_fork()
        rendered = parallel.render_templates(pages, config, self._nav, env, doc_files, workers, self._fragments)
        self.prebuilt = {}
        for uri, (html, records, shared) in rendered.items():
            self._fragments.receive(shared)
            self.prebuilt[uri] = (html, records)
        del rendered
        log.debug(f"fireportal: {len(self.prebuilt)} 个页面的模板已在子进程中渲染")
        env.loader = ChoiceLoader([DictLoader({parallel.PREBUILT_TEMPLATE: f"{{{{ {parallel.PREBUILT_VARIABLE} | safe }}}}"}),
                                   env.loader])
        self._env = env
        for page in pages:
            if page.file.src_uri in self.prebuilt:
                page.meta["template"] = parallel.PREBUILT_TEMPLATE
        return env

    @event_priority(100)
    def on_page_context(self, context, *, page, config: MkDocsConfig, nav):
        # The theme's shared fragments (overrides/main.html, fragments.py).
        if self._fragments is not None:
            context["fp_shared"] = self._fragments.for_page(page, nav)
        if self._translate is not None:
            context["fp_translate"] = self._translate
        if page.meta.get("template") != parallel.PREBUILT_TEMPLATE:
            return context
        html, records = self.prebuilt.pop(page.file.src_uri, (None, ()))
        # A shared fragment is a marker in the worker's HTML (fragments.py).
        html = self._fragments.expand(parallel.html_of(html)) if html is not None else None
        if html is not None:
            parallel.replay(records)
            context[parallel.PREBUILT_VARIABLE] = html
        else:
            # Not expected (each page is built once per build, and its
            # worker hands over every fragment it marks), but a page must
            # never come out empty: render it here, as mkdocs would.
            page.meta["template"] = self._templates.get(page.file.src_uri, "main.html")
            template = self._env.get_template(page.meta["template"])
            context[parallel.PREBUILT_VARIABLE] = template.render(context)
        return context

    def _parallel_plan(self, files: Files) -> tuple[list, int]:
        """The pages to render in workers, and in how many (1: none, mkdocs' loop does it all)."""
        if not self.config.enabled or self.serving:
            return [], 1
        pages = [f.page for f in files.documentation_pages(inclusion=InclusionLevel.is_included)
                 if f.page is not None and not f.inclusion.is_excluded()]
        return pages, parallel.workers_for(self.config.jobs, len(pages))

    # Rebuild under `mkdocs serve` when a source or the taxonomy changes;
    # mkdocs itself watches only docs/, mkdocs.yml and the theme.
    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if not self.config.enabled:
            return server
        server.watch(str(self.sources))
        if self.taxonomy_path is not None:
            server.watch(str(self.taxonomy_path))
        return server

    # Write the search files (default priority) - they are read only by the
    # browser, so no other plugin's post-build step depends on their order.
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        gc.unfreeze()
        site_dir = Path(config.site_dir)
        job, self._search_job = self._search_job, None
        kept, self._search_input = self._search_input, None
        try:
            if job is None or background.finish(job) is None:
                docs = pickle.loads(_taken_back(kept)) if kept is not None else self._search_docs()
                self._write_search_files(site_dir, docs)
        finally:
            _discard(kept)
        index = site_dir / "index.html"
        if self.serving:
            return
        log.info(
            f"fireportal: 门户已生成在 {site_dir}：用浏览器打开 {index}（复制或打包这个文件夹即可离线浏览）；"
            f"边改边看请运行 mkdocs serve"
        )

    # -------------------------------------------------------------------------

    def _start_search(self, files: Files) -> None:
        """Hand the search's process (started in on_pre_build) its input.

        The search files need only the documents and their URLs, so they are
        made beside the pages instead of after them (see background.py), from
        the search's own records of the documents, handed over as bytes.
        Handed over before the pages' Markdown is built: the 2 s that takes at
        10,000 documents keep one core busy, and the search takes the other.
        A site too small to repay the processes (counted as its documents and
        hand-written pages, fewer than the pages it will have) makes them in
        this process instead, to the same bytes."""
        job, self._search_job = self._search_job, None
        _discard(self._search_input)
        self._search_input = None
        if job is None:
            return
        pages = len(self.documents) + len(files.documentation_pages())
        if parallel.workers_for(self.config.jobs, pages) > 1:
            data = pickle.dumps(self._search_docs(), protocol=pickle.HIGHEST_PROTOCOL)
            background.give(job, data)
            self._search_input = _set_aside(data)
            self._search_job = job
        else:
            background.cancel(job)

    def _search_docs(self) -> list:
        """Every listed document as the search sees it."""
        try:
            from ..search.documents import search_docs
        except ImportError as exc:
            raise _no_search(exc) from exc
        # A withdrawn document is not searchable: only its notice stays.
        return search_docs(listed(self.documents), urls=self.doc_urls, taxonomy=self.taxonomy)

    def _write_search_files(self, site_dir: Path, docs: list) -> int:
        """The search index and its client under site_dir; returns how many files."""
        try:
            from ..search import build_search_files
        except ImportError as exc:
            raise _no_search(exc) from exc
        files = build_search_files(docs)
        for path, content in files.items():
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        return len(files)

    def _taxonomy_path(self) -> Path | None:
        if self.config.taxonomy is None:
            default = self.root / "taxonomy.yml"
            return default if default.is_file() else None
        path = self.root / self.config.taxonomy
        if not path.is_file():
            raise PluginError(
                f"fireportal: option 'taxonomy': file '{self.config.taxonomy}' does not exist "
                f"next to mkdocs.yml.\n"
                f"Write the path of your taxonomy YAML file, or remove the option to use "
                f"taxonomy.yml (if present) or the packaged taxonomy."
            )
        return path

    def _report(self, problems) -> None:
        """Log the sources' problems; with `strict_sources`, stop the build on an error."""
        for problem in problems:
            (log.error if problem.level == "error" else log.warning)(problem.line())
        errors = sum(1 for p in problems if p.level == "error")
        if errors and self.config.strict_sources:
            raise PluginError(
                f"fireportal: {errors} source problem(s) of level 'error' (listed above) and "
                f"option 'strict_sources' is on.\nFix the sources, or set `strict_sources: false`."
            )

    def _with_history(self, documents):
        """发布日期, 更新日期 and former names from git: one `git log` for all sources."""
        folder = Path(os.path.relpath(self.sources, self.root)).as_posix()
        history = file_history(self.root, folder)
        # Said, not warned: a shallow checkout is the default of most CI
        # systems, and --strict must not fail a build for it.
        if history.shallow:
            log.info(
                "fireportal: 这是浅克隆（只有最近的提交），无法确定发布日期、更新日期和改名前的旧网址，页面上都不显示：\n"
                "在 CI 里取完整历史，例如 GitHub Actions 的 actions/checkout 写 fetch-depth: 0，"
                "GitLab CI 设 GIT_DEPTH: 0"
            )
        return with_history(documents, history, make_slug)

    def _ingest(self):
        """Run the pipeline once per build, or reuse the last run if nothing changed."""
        key = (str(self.root), fingerprint(self.sources, self.taxonomy_path))
        result = _LAST_INGEST.get(key)
        if result is None:
            # The persistent cache (fireportal.ingest_cache) makes a rebuild in
            # a new process convert only the sources that changed.
            cache_dir = None
            if self.config.cache_dir != "":
                cache_dir = self.root / (self.config.cache_dir or DEFAULT_CACHE_DIR)
            if self.config.jobs is not None and self.config.jobs < 1:
                raise PluginError(f"fireportal: option 'jobs' must be at least 1, not {self.config.jobs}.\n"
                                  f"Write e.g. `jobs: 2`, or remove it to use every core.")
            result = ingest_tree(self.sources, root=self.root, taxonomy=self.taxonomy,
                                 cache=_FILE_CACHE, cache_salt=_salt(self.taxonomy_path),
                                 jobs=self.config.jobs, cache_dir=cache_dir)
            _LAST_INGEST.put(key, result)
        return result

    def _add(self, files: Files, file: File) -> None:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            raise PluginError(
                f"fireportal: '{config_relative(existing)}' clashes with a page the portal "
                f"generates at '{file.src_uri}'.\n"
                f"Remove or rename the hand-written file; generated pages come from the sources."
            )
        # There is no file in docs/ to edit: the page comes from sources/.
        file.edit_uri = None
        files.append(file)


def _no_search(exc: ImportError) -> PluginError:
    return PluginError(
        f"fireportal: the search package fireportal.search could not be imported "
        f"({exc}).\nReinstall fireportal (`pip install -e .`) so the site has its search."
    )


def _set_aside(data: bytes):
    """`data` in an unnamed temporary file, or in memory where none can be written.

    The search job's input is read again only if the job fails, which is
    not expected; held in memory it stayed in the build process to the end,
    through the peak of the build's processes (8 MB at 3,000 sources).  A
    file that cannot be made or filled (no temporary folder, a full disk)
    keeps the bytes in memory as before (a BytesIO shares them, no copy).
    """
    try:
        spare = tempfile.TemporaryFile()
    except OSError:
        return io.BytesIO(data)
    try:
        spare.write(data)
        spare.flush()
    except OSError:
        spare.close()
        return io.BytesIO(data)
    return spare


def _taken_back(kept) -> bytes:
    """The bytes `_set_aside` was given."""
    kept.seek(0)
    return kept.read()


def _discard(kept) -> None:
    """Close what `_set_aside` made (a temporary file has no name: closing removes it)."""
    if kept is not None:
        kept.close()


def _release_documents(plugin: FirePortalPlugin) -> None:
    """Drop every reference to the converted documents.

    The two caches exist for `mkdocs serve`, which never releases them (it
    renders in one process, with no search job); a later build in the same
    process reads the documents again from the persistent cache.
    """
    plugin.documents = ()
    _LAST_INGEST.clear()
    _FILE_CACHE.clear()
    _trim()


def _trim() -> None:
    """Give the memory just freed back to the system where the C library can.

    Python's small objects return to its own pools (reused by what the
    build makes next); larger blocks go back to malloc, which keeps them
    unless asked.  Only glibc has malloc_trim; elsewhere this does nothing.
    """
    try:
        libc = ctypes.CDLL(None)
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


def _drop_sources(pages) -> None:
    """Forget the Markdown of pages whose HTML is made.

    Read by nothing once mkdocs has converted every page (before on_env);
    the build's largest process held it to the end, about as much memory as
    the pages' HTML.  Generated pages only keep an empty text: a file backed
    by a file on disk has nothing held in memory.
    """
    for page in pages:
        page.markdown = None
        if page.file.generated_by is not None and page.file.abs_src_path is None:
            page.file.content_string = ""
    _trim()


def _before_fork() -> None:
    """Keep forked workers from copying the build's memory page by page.

    A page the build shares with a forked worker stays shared until either
    writes to it, and the cyclic collector writes to every object it scans:
    a worker's first full collection would copy every page holding an
    object the build made since the last freeze (the pages' HTML, tables of
    contents and metadata).  Frozen objects are never scanned; the garbage
    among them is collected first so that it is not kept until on_post_build.
    """
    gc.collect()
    gc.freeze()


def _salt(taxonomy_path: Path | None) -> str:
    """Cached results are only valid for the same taxonomy and the same code."""
    from .. import __version__

    taxonomy = taxonomy_path.read_bytes() if taxonomy_path is not None else b""
    return hashlib.sha256(__version__.encode() + b"\0" + taxonomy).hexdigest()


def config_relative(file: File) -> str:
    return f"docs/{file.src_uri}" if file.src_dir else file.src_uri


def _nav_paths(nav) -> set[str]:
    """Every .md path named in the mkdocs.yml `nav:` (any nesting)."""
    found: set[str] = set()
    stack = [nav]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found
