"""The main thread's side of Ctrl+C (voice_interview/interrupt.py): waiting for work in short
steps, giving up on it soon after the cancel event, and handing its result or error over."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from voice_interview.errors import Cancelled, InputError
from voice_interview.interrupt import Background, ctrl_c_cancels


def test_the_result_and_the_error_of_the_work_are_handed_over() -> None:
    assert Background(lambda: 42, "test").wait(threading.Event()) == 42

    def fail() -> int:
        raise InputError("bad file")

    with pytest.raises(InputError, match="bad file"):
        Background(fail, "test").wait(threading.Event())


def test_work_that_does_not_stop_is_left_behind_once_cancelled() -> None:
    release = threading.Event()
    cancel = threading.Event()
    background = Background(lambda: release.wait(30), "test")
    assert background.poll(cancel) is False
    cancel.set()
    with pytest.raises(Cancelled):
        background.poll(cancel)
    assert background.busy
    release.set()


def test_work_that_stops_when_cancelled_reports_it() -> None:
    cancel = threading.Event()

    def work() -> None:
        cancel.wait(30)
        raise Cancelled("scoring cancelled")

    background = Background(work, "test")
    cancel.set()
    with pytest.raises(Cancelled, match="scoring cancelled"):
        background.wait(cancel)
    assert not background.busy


def test_ctrl_c_sets_the_event_instead_of_raising() -> None:
    before = signal.getsignal(signal.SIGINT)
    with ctrl_c_cancels() as cancel:
        os.kill(os.getpid(), signal.SIGINT)
        assert cancel.wait(5)
    assert signal.getsignal(signal.SIGINT) is before
