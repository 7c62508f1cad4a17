"""One job in a forked process while the build goes on.

The search files need only the documents and their URLs, known once the
pages are added (on_files).  Made in the build process they come last
(on_post_build), with every other core idle; in a process of their own
they are made beside building the pages instead, at a lower priority, so
the processes rendering pages keep the cores they need and the job takes
what the build's one-process stretches leave free.

The process is forked early, before the build has read any source, and
waits for its input: a process forked from the build once it holds every
document copies, page by page, whatever it touches of the build's memory
(a reference count is a write), and with the documents scattered among
everything the ingest made that was most of it.  Forked early it shares
little more than the loaded modules, and its input arrives as bytes (a
pickle), which the process drops once it has unpickled them.

Only an optimisation: if the job raises or its process dies, `finish`
says so (None) and the caller does the work in-process, as before.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger("mkdocs.plugins.fireportal")

# Below the page-rendering workers (niceness 0), above nothing else.
NICENESS = 5


@dataclass(frozen=True)
class Job:
    name: str
    process: multiprocessing.process.BaseProcess
    give: object  # the write end of the pipe the input goes through
    receive: object  # the read end of the pipe the result comes through


def start(name: str, work: Callable[[object], object]) -> Job | None:
    """Fork a process that waits for its input (`give`, a pickle), then runs
    `work(the unpickled input)`; None where there is no `fork`.

    A plain forked Process, not an executor: an executor keeps a thread in
    the build process, and forking the page-rendering workers later from a
    process with threads is what parallel.workers_for refuses.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    take, give = context.Pipe(duplex=False)
    # A daemon: a build that stops with an error does not wait for it.
    process = context.Process(target=_run, args=(work, take, send, give, receive),
                              name=f"fireportal-{name}", daemon=True)
    process.start()
    send.close()
    take.close()
    return Job(name=name, process=process, give=give, receive=receive)


def give(job: Job, data: bytes) -> None:
    """Hand the job its input, pickled; it starts working on it."""
    job.give.send_bytes(data)
    job.give.close()


def cancel(job: Job) -> None:
    """End a job that will not be given its input."""
    job.give.close()
    job.receive.close()
    job.process.terminate()
    job.process.join()


def _run(work: Callable[[object], object], take, send, give, receive) -> None:
    # This process's copies of the build's ends of the pipes: closed, so
    # that each side sees the other end when the other closes it.
    give.close()
    receive.close()
    # Everything inherited from the build stays out of the collector's scans,
    # which would otherwise write to (and so copy) every page of it.
    gc.freeze()
    try:
        os.nice(NICENESS)
    except OSError:
        pass
    try:
        data = take.recv_bytes()
    except (EOFError, OSError):
        return  # cancelled, or the build ended first
    finally:
        take.close()
    try:
        # Unpickled here, not by `work`: an argument stays referenced by the
        # caller's frame until the call returns, so bytes handed to `work`
        # would be held through all of it beside the objects made from them
        # (the search's input is 8 MB at 3,000 sources).
        job_input = pickle.loads(data)
        del data
        outcome = ("ok", work(job_input))
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
