"""Waiting for a real recorder to receive its first audio from the audio server."""

from __future__ import annotations

import time

from voice_interview.speech.recorder import Recorder


def wait_started(recorder: Recorder, timeout: float = 10.0) -> bool:
    """True once the recorder has counted some audio; False if `timeout` seconds pass first."""
    deadline = time.monotonic() + timeout
    while recorder.elapsed_s <= 0.0:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True
