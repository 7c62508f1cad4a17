"""The build's forked side job: a result when it works, None (redo in-process) when it does not."""

from __future__ import annotations

import os

import pytest

from fireportal.mkdocs_plugin import background

pytestmark = pytest.mark.skipif(
    "fork" not in __import__("multiprocessing").get_all_start_methods(), reason="needs fork"
)


def test_the_result_comes_back_and_the_process_is_gone():
    shared = {"pages": 3}  # read by the child from the forked memory, never pickled
    job = background.start("count", lambda data: shared["pages"] * int(data))
    background.give(job, b"2")
    assert background.finish(job) == 6
    assert not job.process.is_alive()


def test_the_job_waits_for_its_input_and_sees_only_what_it_is_given():
    # Forked before the build holds the documents: what the build makes
    # afterwards reaches the job only through `give`.
    later = {}
    job = background.start("echo", lambda data: (data, dict(later)))
    later["documents"] = 10_000
    background.give(job, b"the input")
    assert background.finish(job) == (b"the input", {})


def test_an_exception_in_the_job_means_redo(caplog):
    def broken(data):
        raise ValueError("no index")

    job = background.start("search files", broken)
    background.give(job, b"")
    with caplog.at_level("DEBUG", logger="mkdocs.plugins.fireportal"):
        assert background.finish(job) is None
    assert "search files" in caplog.text and "no index" in caplog.text


def test_a_process_that_dies_means_redo():
    job = background.start("search files", lambda data: os._exit(3))
    background.give(job, b"")
    assert background.finish(job) is None
    assert job.process.exitcode == 3


def test_a_cancelled_job_ends_without_running():
    ran = []
    job = background.start("search files", lambda data: ran.append(data) or os._exit(7))
    background.cancel(job)
    assert not job.process.is_alive()
    assert job.process.exitcode != 7


def test_the_job_runs_below_the_build_priority():
    job = background.start("nice", lambda data: os.nice(0))
    background.give(job, b"")
    assert background.finish(job) == min(19, os.nice(0) + background.NICENESS)
