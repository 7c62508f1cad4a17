"""The build's forked side job: a result when it works, None (redo in-process) when it does not."""

from __future__ import annotations

import os
import pickle
import sys

import pytest

from fireportal.mkdocs_plugin import background

pytestmark = pytest.mark.skipif(
    "fork" not in __import__("multiprocessing").get_all_start_methods(), reason="needs fork"
)


def test_the_result_comes_back_and_the_process_is_gone():
    shared = {"pages": 3}  # read by the child from the forked memory, never pickled
    job = background.start("count", lambda data: shared["pages"] * data)
    background.give(job, pickle.dumps(2))
    assert background.finish(job) == 6
    assert not job.process.is_alive()


def test_the_job_waits_for_its_input_and_sees_only_what_it_is_given():
    # Forked before the build holds the documents: what the build makes
    # afterwards reaches the job only through `give`.
    later = {}
    job = background.start("echo", lambda data: (data, dict(later)))
    later["documents"] = 10_000
    background.give(job, pickle.dumps("the input"))
    assert background.finish(job) == ("the input", {})


def test_an_exception_in_the_job_means_redo(caplog):
    def broken(data):
        raise ValueError("no index")

    job = background.start("search files", broken)
    background.give(job, pickle.dumps(None))
    with caplog.at_level("DEBUG", logger="mkdocs.plugins.fireportal"):
        assert background.finish(job) is None
    assert "search files" in caplog.text and "no index" in caplog.text


def test_a_process_that_dies_means_redo():
    job = background.start("search files", lambda data: os._exit(3))
    background.give(job, pickle.dumps(None))
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
    background.give(job, pickle.dumps(None))
    assert background.finish(job) == min(19, os.nice(0) + background.NICENESS)


def test_the_input_bytes_are_gone_while_the_job_works():
    # The job's input is unpickled and its bytes dropped before the work
    # starts: no frame under the work still holds them (they would stay
    # alive through it, beside the objects made from them).
    def held_bytes(_input):
        frame, found = sys._getframe(1), []
        while frame is not None:
            found += [len(v) for v in frame.f_locals.values() if isinstance(v, (bytes, bytearray, memoryview))]
            frame = frame.f_back
        return found

    job = background.start("search files", held_bytes)
    background.give(job, pickle.dumps(["some text"] * 1000))
    assert background.finish(job) == []
