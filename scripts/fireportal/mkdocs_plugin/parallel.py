"""Render pages in forked worker processes, ahead of mkdocs' own loop.

mkdocs converts every page's Markdown, then renders every page's template,
one page at a time in one process: at 10,000 documents that is most of the
build, and every other core idles.  Here both steps run first, in worker
processes forked from the build (so they hold the same config, files, nav
and Jinja environment, and run the same plugin events and extensions),
and their results are handed to mkdocs' loop, which then only installs
them.  The pages are the same to the byte; tests/test_parallel_render.py
builds a site both ways and compares every file.

Only an optimisation, never a second renderer: a page whose worker failed,
whose Markdown changed in between, or that this module does not handle
(drafts under `mkdocs serve`) is rendered by mkdocs as always, and errors
come from mkdocs' own code path with its own messages.  Log records a
worker makes (a broken link) are replayed in the build process when its
page is installed, so `--strict` counts them as before.

Only with `fork`, from a process with one thread (`mkdocs serve` runs a
server thread, so it renders in one process), and only for sites large
enough to repay starting the workers.
"""

from __future__ import annotations

import contextlib
import copy
import gc
import hashlib
import logging
import multiprocessing
import os
import pickle
import threading
import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

from mkdocs.commands.build import get_context
from mkdocs.structure.pages import Page

from fireportal.mkdocs_plugin import page_fast
from fireportal.mkdocs_plugin.fragments import first_per_folder
from fireportal.mkdocs_plugin.page_render import PageRenderer

# Below this many pages the workers cost more than they save.
MIN_PAGES = 64
# Pages per task: small enough to balance two workers, large enough that
# the per-task pickling stays small against a page's rendering.
CHUNK = 24
# Pages rendered in the build process before the template workers fork (one per link folder).
WARM_PAGES = 8
# The stand-in template of a page already rendered: prints the worker's HTML.
PREBUILT_TEMPLATE = "fireportal-prebuilt.html"
PREBUILT_VARIABLE = "fireportal_prebuilt"

Record = tuple[str, int, str]  # logger name, level, message


@dataclass(frozen=True)
class Rendered:
    """What `Page.render` leaves on a page, made in a worker."""

    source_length: int  # the Markdown after the front matter, as the tail of the file's text
    source_sha: str
    meta: dict  # the front matter, as read
    markdown_sha: str  # after the plugins' on_page_markdown
    content: str
    toc: object
    title: str | None
    anchors: frozenset[str]
    links: dict[str, dict[str, str]] | None  # linked file's src_uri -> {anchor: link}
    records: tuple[Record, ...]


def workers_for(jobs: int | None, pages: int) -> int:
    """How many processes to render `pages` in; 1 means mkdocs' own loop alone."""
    if pages < MIN_PAGES or threading.active_count() > 1:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(jobs or cores, pages // CHUNK))


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[Record] = []
        self._last: logging.LogRecord | None = None

    def emit(self, record: logging.LogRecord) -> None:
        # Installed on the root logger and on "mkdocs" (which the mkdocs CLI
        # keeps from propagating): a record reaching both is kept once.
        if record is not self._last:
            self._last = record
            self.records.append((record.name, record.levelno, record.getMessage()))


# Set in the build process just before forking; the workers read it.
_JOB: tuple | None = None


def _in_workers(job: tuple, count: int, workers: int, task: Callable) -> dict:
    global _JOB
    _JOB = job
    chunks = [range(start, min(start + CHUNK, count)) for start in range(0, count, CHUNK)]
    results: dict = {}
    try:
        # An executor, not multiprocessing.Pool: a worker killed (out of
        # memory) raises BrokenProcessPool here instead of hanging the build;
        # the pages it had not returned are rendered by mkdocs as usual.
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_quiet_worker) as pool:
            for future in as_completed([pool.submit(task, chunk) for chunk in chunks]):
                results.update(future.result())
    except Exception as exc:  # noqa: BLE001 - an optimisation must never fail the build
        logging.getLogger("mkdocs.plugins.fireportal").debug(f"fireportal: parallel rendering skipped: {exc}")
    finally:
        _JOB = None
    return results


def _quiet_worker() -> None:
    """A worker's log records are collected per page and replayed by the build, not printed twice."""
    collector = _Collect()
    for name in ("mkdocs", ""):
        logging.getLogger(name).handlers = [collector]
    _Collect.current = collector  # type: ignore[attr-defined]


@contextlib.contextmanager
def _rendering(config, page, collector: _Collect):
    """One page's turn in a worker: its own log records, and the page mkdocs'
    config says is current (its YAML loader reads it), as in mkdocs' loop."""
    collector.records = []
    config._current_page = page
    try:
        yield
    finally:
        config._current_page = None


def copy_of_meta(page) -> dict:
    """A deep copy of the front matter `Page.read_source` just read.

    That is what YAML's safe loader makes (dicts, lists, sets, strings,
    numbers, dates, bytes, `!!omap` pairs; shared nodes for anchors), which
    a pickle round trip copies as `copy.deepcopy` does, shared nodes still
    shared, at a quarter of its cost per page.  Anything else (a page class
    that reads its source its own way) is deep-copied.
    """
    if type(page).read_source is Page.read_source:
        try:
            return pickle.loads(pickle.dumps(page.meta, pickle.HIGHEST_PROTOCOL))
        except Exception:  # noqa: BLE001 - then the slow way, which says what went wrong
            pass
    return copy.deepcopy(page.meta)


def _sha(text: str | None) -> str:
    return hashlib.sha256((text or "").encode("utf-8", "surrogatepass")).hexdigest()


# -- step 1: Markdown → HTML ---------------------------------------------------


def render_markdown(pages: Sequence, config, files, workers: int) -> dict[str, Rendered]:
    """Each page's Markdown converted in a worker, by mkdocs' own `_populate_page` steps
    (`Page.render` as page_render.PageRenderer runs it: one Markdown instance per worker;
    a generated page by page_fast, to the same result)."""
    return _in_workers((pages, config, files), len(pages), workers, _markdown_task)


# One per worker process, made on its first task: its Markdown instance
# serves every page the worker converts (see page_render.py).
_RENDERER: PageRenderer | None = None


def _markdown_task(indexes: range) -> dict[str, Rendered]:
    global _RENDERER
    pages, config, files = _JOB
    collector: _Collect = _Collect.current  # type: ignore[attr-defined]
    if _RENDERER is None:
        _RENDERER = PageRenderer()
    done = {}
    for index in indexes:
        page = pages[index]
        try:
            with _rendering(config, page, collector):
                page = config.plugins.on_pre_page(page, config=config, files=files)
                page.read_source(config)
                # A copy: a plugin's on_page_markdown may change the meta in place.
                source = (len(page.markdown), _sha(page.markdown), copy_of_meta(page))
                page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
                # A generated page without Python-Markdown when it can be
                # (page_fast.py); any other page as mkdocs renders it.
                if not page_fast.render(page, config, files):
                    _RENDERER.render(page, config, files)
        except Exception:  # noqa: BLE001 - mkdocs renders it again and reports the error itself
            continue
        links = page.links_to_anchors
        done[page.file.src_uri] = Rendered(
            source_length=source[0],
            source_sha=source[1],
            meta=source[2],
            markdown_sha=_sha(page.markdown),
            content=page.content,
            toc=page.toc,
            title=page._title_from_render,
            anchors=frozenset(page.present_anchor_ids or ()),
            links=None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
            records=tuple(collector.records),
        )
        # This worker's copy of the page is not read again: its text and HTML
        # would otherwise stay in the worker until its last page (about 100 MB
        # a worker at 10,000 documents, at the build's peak).
        page.markdown = page.content = page.toc = page.links_to_anchors = None
        page.meta = {}
    return done


def install_markdown(page, rendered: Rendered, files) -> None:
    """Make mkdocs' coming `page.read_source` and `page.render` take the
    worker's results, each only if the text it started from is still the same."""

    def read_source(config_now) -> None:
        del page.read_source  # back to Page.read_source, for a fallback and for any later build
        text = None if config_now.plugins.events["page_read_source"] else _text_of(page.file)
        # mkdocs' meta.get_data leaves the Markdown as the tail of the text.
        tail = text[len(text) - rendered.source_length:] if text is not None and rendered.source_length else ""
        if text is None or _sha(tail) != rendered.source_sha:
            page.read_source(config_now)
            return
        page.markdown, page.meta = tail, rendered.meta

    def render(config_now, files_now) -> None:
        del page.render  # back to Page.render, for a fallback and for any later build
        if _sha(page.markdown) != rendered.markdown_sha:
            page.render(config_now, files_now)
            return
        page.content = rendered.content
        page.toc = rendered.toc
        page._title_from_render = rendered.title
        page.present_anchor_ids = set(rendered.anchors)
        if rendered.links is not None:
            page.links_to_anchors = {files_now.get_file_from_path(uri): links for uri, links in rendered.links.items()}
        replay(rendered.records)

    # The front matter's YAML, read again in the build process, was most of
    # what mkdocs' loop still spent per page once the rendering moved out.
    page.read_source = read_source
    page.render = render


def _text_of(file) -> str | None:
    try:
        return file.content_string
    except (OSError, ValueError):
        return None  # mkdocs' own read_source reports it


def replay(records: Sequence[Record]) -> None:
    for name, level, message in records:
        logging.getLogger(name).log(level, message)


# -- step 2: the page templates --------------------------------------------------


def render_templates(pages: Sequence, config, nav, env, doc_files, workers: int,
                     shared=None) -> dict[str, tuple[bytes, tuple, dict]]:
    """Each page's HTML from its theme template, as mkdocs' `_build_page` makes it before `on_post_page`.

    Compressed (`html_of` opens it): the build holds every page until
    mkdocs' loop reaches it, 35 KB each uncompressed, 350 MB at 10,000 pages.
    With `shared` (the theme's fragments.Fragments), the shared fragments
    are markers in it, and the third item holds the HTML of markers seen
    for the first time (`shared.receive` them all, then `shared.expand`).
    """
    # A few pages first, here: the templates are compiled and the shared
    # fragments of each link folder rendered once for every worker to
    # inherit, not once in each (a third of a worker's time at 2,000 pages).
    first = set(first_per_folder([page.url for page in pages], WARM_PAGES))
    done = _in_build((pages, config, nav, env, doc_files, shared), first)
    rest = [page for index, page in enumerate(pages) if index not in first]
    gc.collect()
    gc.freeze()  # what the first pages left (templates, fragments): not copied by the workers' collector
    if shared is not None:
        shared.marking = True  # in the workers only: they fork with it on
    try:
        done.update(_in_workers((rest, config, nav, env, doc_files, shared), len(rest), workers, _template_task))
    finally:
        if shared is not None:
            shared.marking = False
    return done


def _in_build(job: tuple, indexes) -> dict:
    """`_template_task` over `indexes` in the build process, its log records kept for the page as in a worker."""
    global _JOB
    collector = _Collect()
    loggers = [logging.getLogger(name) for name in ("mkdocs", "")]
    handlers = [logger.handlers for logger in loggers]
    current = getattr(_Collect, "current", None)
    _JOB, _Collect.current = job, collector  # type: ignore[attr-defined]
    try:
        for logger in loggers:
            logger.handlers = [collector]
        return _template_task(sorted(indexes))
    finally:
        for logger, saved in zip(loggers, handlers):
            logger.handlers = saved
        _JOB, _Collect.current = None, current  # type: ignore[attr-defined]


def html_of(compressed: bytes) -> str:
    return zlib.decompress(compressed).decode("utf-8", "surrogatepass")


def _template_task(indexes: Sequence[int]) -> dict[str, tuple[bytes, tuple, dict]]:
    pages, config, nav, env, doc_files, shared = _JOB
    collector: _Collect = _Collect.current  # type: ignore[attr-defined]
    done = {}
    for index in indexes:
        page = pages[index]
        page.active = True
        try:
            with _rendering(config, page, collector):
                context = get_context(nav, doc_files, config, page)
                template = env.get_template(page.meta.get("template", "main.html"))
                context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
                html = template.render(context).encode("utf-8", "surrogatepass")
            # Taken only for a page that is returned: the fragments a failed
            # page marked first go with the next one.
            fragments = shared.take_unsent() if shared is not None else {}
            done[page.file.src_uri] = (zlib.compress(html, 1), tuple(collector.records), fragments)
        except Exception:  # noqa: BLE001 - mkdocs renders it again and reports the error itself
            continue
        finally:
            page.active = False
    return done
