"""One Ctrl+C stops `score` and `transcribe` promptly, keeps every report already finished,
leaves no partial output and says what was kept: the real command in a subprocess, sent SIGINT.

The bound on the exit is a correctness check of the promise (about a second), generous enough
for a machine busy with other work; the time itself is not a speed figure.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from tests.audio_util import REAL, REPO, SAMPLES, write_wav
from voice_interview.speech.audio import load_audio

EXIT_BOUND_S = 3.0
"""Stated bound from SIGINT to the process gone (the promise is within a second)."""

ANSWERS = [
    "amazon-mle-ownership-offline-online--strong.wav",
    "mle-model-evaluation-review-queue--strong.wav",
    "meta-mle-move-fast-ambiguity--weak.wav",
]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture(scope="module")
def long_answer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 6.6-minute answer: three spoken sample answers end to end."""
    samples = np.concatenate([load_audio(SAMPLES / "answers" / a).samples for a in ANSWERS])
    return write_wav(tmp_path_factory.mktemp("long") / "long-answer.wav", samples)


def _start(*args: str | Path, home: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "VOICE_INTERVIEW_HOME": str(home), "HF_HUB_OFFLINE": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "voice_interview", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )


def _interrupt(process: subprocess.Popen[str]) -> tuple[float, str, str]:
    """Send one SIGINT; (seconds until the process ended, stdout, stderr)."""
    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    try:
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    # communicate() also waits for the pipes to close; the exit itself is what is bounded.
    return time.monotonic() - sent, out, err


def _wait_for(condition: object, timeout: float) -> None:
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the command to get going"
        time.sleep(0.1)


def test_score_stops_at_once_and_keeps_the_finished_reports(
    home: Path, tmp_path: Path, long_answer: Path
) -> None:
    out = tmp_path / "reports"
    short = REAL / "jfk.flac"
    process = _start(
        "score", short, long_answer, "--out", out, "--format", "json", "--keep", home=home
    )
    first = out / "jfk.json"
    _wait_for(lambda: first.exists() or process.poll() is not None, timeout=300)
    assert process.poll() is None, process.communicate()
    time.sleep(1.5)  # well into the long answer: model calls are running
    took, stdout, stderr = _interrupt(process)
    assert process.returncode == 130, stderr
    assert took <= EXIT_BOUND_S, f"took {took:.1f} s to stop"
    assert "Traceback" not in stderr, stderr
    # The finished report is kept whole; nothing else, and no temporary file, is left.
    assert sorted(p.name for p in out.iterdir()) == ["jfk.json"]
    assert json.loads(first.read_text())["transcript"]["text"]
    said = [line for line in stderr.splitlines() if "interrupted" in line]
    assert len(said) == 1, stderr
    assert "jfk.flac" in said[0] and "history" in said[0], said
    assert "not scored: long-answer.wav" in said[0], said
    history = subprocess.run(
        [sys.executable, "-m", "voice_interview", "history", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "VOICE_INTERVIEW_HOME": str(home)},
        cwd=REPO,
        timeout=120,
    )
    assert len(json.loads(history.stdout)) == 1, history.stdout


def test_transcribe_stops_at_once_and_prints_nothing(home: Path, long_answer: Path) -> None:
    process = _start("transcribe", long_answer, home=home)
    # Well into the decoding, which takes half a minute or more: the start (imports, decoding
    # the file, loading the model) takes a few seconds, more on a busy machine.
    time.sleep(10.0)
    assert process.poll() is None, process.communicate()
    took, stdout, stderr = _interrupt(process)
    assert process.returncode == 130, stderr
    assert took <= EXIT_BOUND_S, f"took {took:.1f} s to stop"
    assert stdout == ""
    assert "Traceback" not in stderr, stderr
    assert "interrupted: nothing was transcribed" in stderr, stderr
