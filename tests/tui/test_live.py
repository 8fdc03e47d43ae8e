"""Live transcription in the app: the running figures while speaking, and the pipeline's scorer
that finishes the live transcript (or falls back to the file)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.tui.conftest import Kit, wait_for
from tests.tui.data import bank
from tests.tui.fakes import FakeRecorder
from voice_interview.models.report import Report
from voice_interview.models.transcript import Interval, Transcribed, Transcript, Word
from voice_interview.pipeline import LiveScorer, LiveSessions
from voice_interview.settings import Settings
from voice_interview.tui.live_text import live_summary
from voice_interview.tui.screens.answer import AnswerScreen

WORDS = [
    Word(text=t, start=i * 0.4, end=i * 0.4 + 0.3)
    for i, t in enumerate("So, um, I owned the ranking model and I added an alarm.".split())
]


def test_live_summary_counts_words_pace_and_fillers() -> None:
    line = live_summary(WORDS, elapsed_s=30.0)
    assert line.startswith("12 words · 24 wpm · fillers 2")
    assert "um" in line and "alarm." in line
    assert live_summary([], elapsed_s=3.0) == "Live transcript: listening…"


class LiveFakeRecorder(FakeRecorder):
    live_words: list[Word] = WORDS


async def test_answer_screen_shows_the_live_transcript(kit: Kit) -> None:
    kit.recorders.made.clear()
    app = kit.app("amazon-ownership-drop", recorder_factory=lambda: LiveFakeRecorder(elapsed_s=30))
    async with app.run_test() as pilot:
        screen = app.screen
        assert isinstance(screen, AnswerScreen)
        await wait_for(pilot, lambda: not screen.speaking)
        await pilot.press("space")
        await wait_for(pilot, lambda: "12 words" in str(screen._live.render()))


class FinishedLive:
    """A live transcription of 6 s of audio, already transcribed (or failing to finish)."""

    words: list[Word] = WORDS
    received_s = 6.0
    samples = np.zeros(16000 * 6, dtype=np.float32)

    def __init__(self, fail: BaseException | None = None) -> None:
        self.fail = fail

    def feed(self, block: np.ndarray) -> None:
        raise AssertionError("the scorer never feeds audio")

    def finish(self, cancel: threading.Event | None = None) -> Transcribed:
        if self.fail is not None:
            raise self.fail
        transcript = Transcript(text=" ".join(w.text for w in WORDS), words=WORDS)
        return Transcribed(transcript, [Interval(start=0.0, end=4.4)], [], "transcript")


def _sessions_with(path: Path, live: FinishedLive) -> LiveSessions:
    sessions = LiveSessions(Settings())
    sessions.adopt(path, live)
    return sessions


def test_scorer_finishes_the_live_transcript(tmp_path: Path) -> None:
    path = tmp_path / "answer.wav"
    question = bank().get("amazon-ownership-drop")
    report = LiveScorer(_sessions_with(path, FinishedLive()))(path, question)
    assert report.transcript.text.startswith("So, um, I owned")
    assert report.audio is not None and report.audio.duration_s == 6.0
    assert report.delivery.fillers.count >= 2


def test_scorer_falls_back_to_the_file_when_the_live_worker_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "answer.wav"
    question = bank().get("amazon-ownership-drop")
    scored: list[Path] = []

    def from_file(p: Path, q: Any, **kwargs: Any) -> Report:
        scored.append(p)
        raise RuntimeError("stop here")

    monkeypatch.setattr("voice_interview.pipeline.live_scoring.score_audio", from_file)
    with pytest.raises(RuntimeError, match="stop here"):
        LiveScorer(_sessions_with(path, FinishedLive(fail=ValueError("boom"))))(path, question)
    assert scored == [path]


def test_live_thresholds_come_from_the_settings() -> None:
    from voice_interview.pipeline import live_settings
    from voice_interview.settings import AudioSettings

    audio = AudioSettings(
        live_window_s=20.0, live_overlap_s=4.0, live_min_chunk_s=9.0, live_cut_silence_s=0.5
    )
    chosen = live_settings(Settings(audio=audio))
    assert (chosen.window_s, chosen.overlap_s, chosen.draft_s, chosen.cut_silence_s) == (
        20.0,
        4.0,
        9.0,
        0.5,
    )
