"""Fakes of the app's services for Pilot and snapshot tests.

Each fake records what the app asked of it, so tests can check the app's behaviour, and can be
told to fail the way the real part fails (no device, no TTS, missing model, full disk).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from tests.tui.data import make_report, write_wav
from voice_interview.errors import Cancelled, VoiceInterviewError
from voice_interview.history import Attempt, HistoryStore
from voice_interview.models.question import Question
from voice_interview.models.report import Report
from voice_interview.tui.ports import ProgressFn


class FakeRecorder:
    """Stands in for speech.recorder.Recorder: writes a short WAV, reports set values."""

    def __init__(
        self, *, elapsed_s: float = 0.0, level: float = 0.5, log: list[str] | None = None
    ) -> None:
        self.log = log if log is not None else []
        self.elapsed_s = elapsed_s
        self.level = level
        self.silence_warning = False
        self.error: str | None = None
        self.calls: list[tuple[Any, ...]] = []
        self.path: Path | None = None

    def start(self, path: Path, device: str | None, samplerate: int) -> None:
        self.calls.append(("start", path, device, samplerate))
        self.log.append("record")
        self.path = path
        write_wav(path)

    def pause(self) -> None:
        self.calls.append(("pause",))

    def resume(self) -> None:
        self.calls.append(("resume",))

    def stop(self) -> Any:
        self.calls.append(("stop",))
        return self.path


@dataclass
class RecorderFactory:
    """Makes FakeRecorders; `fail` makes it raise as a machine without a microphone does."""

    elapsed_s: float = 0.0
    level: float = 0.5
    fail: VoiceInterviewError | None = None
    made: list[FakeRecorder] = field(default_factory=list)
    log: list[str] = field(default_factory=list)
    """Shared with the speaker, to check the order of speaking and recording."""

    def __call__(self) -> FakeRecorder:
        if self.fail is not None:
            raise self.fail
        recorder = FakeRecorder(elapsed_s=self.elapsed_s, level=self.level, log=self.log)
        self.made.append(recorder)
        return recorder


class FakeSpeaker:
    """Records what it was asked to say; with `hold`, speaking lasts until stop() is called."""

    def __init__(
        self,
        *,
        available: bool = True,
        hold: bool = False,
        fail: Exception | None = None,
        log: list[str] | None = None,
    ) -> None:
        self.log = log if log is not None else []
        self.available = available
        self.hold = hold
        self.fail = fail
        self.spoken: list[str] = []
        self.stops = 0
        self._stopped = threading.Event()

    def speak(self, text: str) -> None:
        self.spoken.append(text)
        self.log.append("speak")
        try:
            if self.fail is not None:
                raise self.fail
            if self.hold:
                self._stopped.wait(timeout=10)
                self._stopped.clear()
        finally:
            self.log.append("quiet")

    def stop(self) -> None:
        self.stops += 1
        self._stopped.set()

    def voices(self) -> Sequence[Any]:
        return ["en-us", "en-gb"]


class FakeScorer:
    """Returns a hand-built report; can fail like the real pipeline, or wait to be cancelled."""

    def __init__(
        self,
        *,
        fail: VoiceInterviewError | None = None,
        hold: bool = False,
        duration_s: float = 312.0,
    ) -> None:
        self.fail = fail
        self.hold = hold
        self.duration_s = duration_s
        """The length of the answer in the reports it makes (speech: 3 s less)."""
        self.calls: list[tuple[Path, str]] = []
        self.started = threading.Event()

    def __call__(
        self,
        path: Path,
        question: Question,
        *,
        progress: ProgressFn | None = None,
        cancel: threading.Event | None = None,
    ) -> Report:
        self.calls.append((path, question.id))
        self.started.set()
        if progress is not None:
            for i in range(50):  # many quick updates: the app must coalesce them
                progress(i / 100, "transcribing")
        if self.hold:
            assert cancel is not None
            cancel.wait(timeout=10)
        if cancel is not None and cancel.is_set():
            raise Cancelled("scoring cancelled")
        if self.fail is not None:
            raise self.fail
        return make_report(question, audio_path=path, duration_s=self.duration_s)


class FakePlayer:
    def __init__(self) -> None:
        self.played: list[tuple[Path, float, float]] = []
        self.done = threading.Event()

    def __call__(self, path: Path, start: float, end: float) -> None:
        self.played.append((path, start, end))
        self.done.set()


class FakeHistory(HistoryStore):
    """The real store in a test folder, which can be told to fail like a full disk."""

    def __init__(self, home: Path) -> None:
        super().__init__(home)
        self.fail: OSError | None = None

    def add(
        self,
        question_id: str,
        started_at: datetime,
        report: Report,
        audio: Path | None = None,
        *,
        move: bool = False,
    ) -> Attempt:
        if self.fail is not None:
            raise self.fail
        return super().add(question_id, started_at, report, audio, move=move)

    def seed(self, reports: Sequence[Report]) -> FakeHistory:
        """Add reports as past attempts, started at their creation time."""
        for report in reports:
            self.add(report.question_id, report.created_at, report)
        return self

    @property
    def reports(self) -> dict[str, Report]:
        return {str(a.id): a.report for a in self.list()}
