"""One job in a forked process while the build goes on.

The search files need only the documents and their URLs, known once the
pages are added (on_files).  Made in the build process they come last
(on_post_build), with every other core idle; forked at on_files, the job
runs beside building the pages instead, at a lower priority, so the
processes rendering pages keep the cores they need and the job takes
what the build's one-process stretches leave free.

Only an optimisation: if the job raises or its process dies, `finish`
says so (None) and the caller does the work in-process, as before.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger("mkdocs.plugins.fireportal")

# Below the page-rendering workers (niceness 0), above nothing else.
NICENESS = 5


@dataclass(frozen=True)
class Job:
    name: str
    process: multiprocessing.process.BaseProcess
    receive: object  # the read end of the pipe the result comes through


def start(name: str, work: Callable[[], object]) -> Job | None:
    """Fork a process running `work()`; None where there is no `fork`.

    A plain forked Process, not an executor: an executor keeps a thread in
    the build process, and forking the page-rendering workers later from a
    process with threads is what parallel.workers_for refuses.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    # A daemon: a build that stops with an error does not wait for it.
    process = context.Process(target=_run, args=(work, send), name=f"fireportal-{name}", daemon=True)
    process.start()
    send.close()
    return Job(name=name, process=process, receive=receive)


def _run(work: Callable[[], object], send) -> None:
    try:
        os.nice(NICENESS)
    except OSError:
        pass
    try:
        outcome = ("ok", work())
    except BaseException as exc:  # noqa: BLE001 - reported to the build, which redoes the work
        outcome = ("error", f"{type(exc).__name__}: {exc}")
    send.send(outcome)
    send.close()


def finish(job: Job) -> object | None:
    """The job's result, waiting for it; None if it failed (logged at debug level)."""
    try:
        status, value = job.receive.recv()
    except (EOFError, OSError):
        status, value = "error", f"its process ended early (exit code {job.process.exitcode})"
    finally:
        job.receive.close()
        job.process.join()
    if status == "ok":
        return value
    log.debug(f"fireportal: {job.name} made in the build process instead: {value}")
    return None
