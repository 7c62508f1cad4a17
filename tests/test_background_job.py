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
    job = background.start("count", lambda: shared["pages"] * 2)
    assert background.finish(job) == 6
    assert not job.process.is_alive()


def test_an_exception_in_the_job_means_redo(caplog):
    def broken():
        raise ValueError("no index")

    with caplog.at_level("DEBUG", logger="mkdocs.plugins.fireportal"):
        assert background.finish(background.start("search files", broken)) is None
    assert "search files" in caplog.text and "no index" in caplog.text


def test_a_process_that_dies_means_redo():
    job = background.start("search files", lambda: os._exit(3))
    assert background.finish(job) is None
    assert job.process.exitcode == 3


def test_the_job_runs_below_the_build_priority():
    job = background.start("nice", lambda: os.nice(0))
    assert background.finish(job) == min(19, os.nice(0) + background.NICENESS)
