"""Ctrl+C for the long commands (`score`, `transcribe`): stop within a second, keep what is
finished, leave no partial output.

Python runs a signal handler in the main thread only, between bytecodes, and a CTranslate2 call
cannot be interrupted midway (one 30-s window takes about a second, more on a busy machine); the
parts of a long recording also decode on threads of their own, which the interpreter would wait
for at exit. So the work runs on a daemon thread, the main thread waits for it in short steps,
and Ctrl+C only sets an event: the work stops at its next check, the main thread stops waiting at
once, writes what is finished (never half a file, since writes happen on the main thread after
the flag is seen), says what was kept, and ends the process without waiting for a model call
still running. Further presses of Ctrl+C meanwhile are absorbed: the exit is already under way.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Generic, NoReturn, TypeVar

from voice_interview.errors import Cancelled

T = TypeVar("T")

GRACE_S = 0.3
"""How long the main thread waits, after Ctrl+C, for the work to stop on its own."""
_STEP_S = 0.05


@contextmanager
def ctrl_c_cancels() -> Iterator[threading.Event]:
    """While inside, Ctrl+C sets the event it yields instead of raising KeyboardInterrupt."""
    cancel = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield cancel  # signals reach the main thread only; nothing to install here
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        cancel.set()

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield cancel
    finally:
        signal.signal(signal.SIGINT, previous)


class Background(Generic[T]):
    """`work` running on a daemon thread, waited for in short steps by the main thread."""

    def __init__(self, work: Callable[[], T], name: str) -> None:
        self._work = work
        self._result: list[T] = []
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    @property
    def busy(self) -> bool:
        """Whether the work is still running (a model call that cannot be cut short)."""
        return self._thread.is_alive()

    def _run(self) -> None:
        try:
            self._result.append(self._work())
        except BaseException as exc:  # handed to the waiting thread
            self._error = exc

    def poll(self, cancel: threading.Event) -> bool:
        """Wait a moment: True once the work has finished (its error, if any, is raised here);
        Cancelled once `cancel` is set and the work has not stopped within GRACE_S."""
        self._thread.join(_STEP_S)
        if self._thread.is_alive() and cancel.is_set():
            self._thread.join(GRACE_S)
            if self._thread.is_alive():
                raise Cancelled("interrupted")
        if self._thread.is_alive():
            return False
        if self._error is not None:
            raise self._error
        return True

    def wait(self, cancel: threading.Event) -> T:
        """The work's result (or its error); Cancelled soon after `cancel` is set."""
        while not self.poll(cancel):
            pass
        return self._result[0]


def exit_now(code: int) -> NoReturn:
    """End the process at once, without waiting for threads still inside a model call.

    Everything worth keeping has been written and closed by now; the interpreter's own exit
    would join the decoding threads and run library teardown under a running native call.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
