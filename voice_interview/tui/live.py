"""Live transcription for the practice app: a recorder that feeds the live transcriber as it
writes, and a scorer that finishes the live transcript instead of starting over from the file.

With the answer transcribed while it is spoken, only the last seconds remain when the candidate
stops, so the report appears within seconds instead of after a pass over the whole recording.
Anything that stops the live path (an unusual sample rate, a failure in the worker) falls back to
scoring the file, which holds the same audio.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np

from voice_interview.models.question import Question
from voice_interview.models.report import AudioInfo, Report
from voice_interview.models.transcript import Word
from voice_interview.settings import Settings
from voice_interview.tui.ports import ProgressFn

LIVE_RATE = 16000
"""The live path takes audio at the model's rate; a device that forces another rate falls back."""


def live_settings(settings: Settings) -> Any:
    """The live transcriber's thresholds, from the user's audio settings."""
    from voice_interview.speech.live import LiveSettings

    audio = settings.audio
    return LiveSettings(
        min_chunk_s=audio.live_min_chunk_s,
        cut_silence_s=audio.live_cut_silence_s,
        vad_threshold=audio.vad_threshold,
    )


class LiveSessions:
    """Live transcribers by recording path, shared by the recorder wrapper and the scorer."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._by_path: dict[Path, Any] = {}
        self._lock = threading.Lock()
        self._transcriber: Any = None
        self._transcriber_settings: Any = None

    def open(self, path: Path) -> Any:
        from voice_interview.speech.live import LiveTranscriber
        from voice_interview.speech.transcriber import WhisperTranscriber

        with self._lock:
            if self._transcriber is None or self._transcriber_settings != self.settings.model:
                self._transcriber = WhisperTranscriber(self.settings.model)
                self._transcriber_settings = self.settings.model
            live = LiveTranscriber(
                self._transcriber,
                live_settings(self.settings),
                fillers=self.settings.filled_pauses,
            )
            self._by_path[path] = live
            return live

    def take(self, path: Path) -> Any:
        with self._lock:
            return self._by_path.pop(path, None)


class LiveRecorder:
    """A `Recorder` whose audio also goes, block by block, to a live transcriber."""

    def __init__(self, recorder: Any, sessions: LiveSessions) -> None:
        self._recorder = recorder
        self._sessions = sessions
        self._live: Any = None
        self._path: Path | None = None

    def __getattr__(self, name: str) -> Any:
        # level, elapsed_s, silence_warning, error, pause, resume...: the recorder's own.
        return getattr(self._recorder, name)

    @property
    def live_words(self) -> list[Word]:
        """The words transcribed so far (empty when the live path is off)."""
        return self._live.words if self._live is not None else []

    def start(self, path: Path, device: str | None, samplerate: int) -> None:
        self._recorder.start(path, device, samplerate)
        self._path = Path(path)
        try:
            self._live = self._sessions.open(Path(path))
        except Exception:
            # The model could not be prepared: record anyway; scoring reports the model error.
            self._live = None
            return
        live = self._live

        def feed(block: bytes, rate: int) -> None:
            if rate != LIVE_RATE:
                raise ValueError("live transcription needs 16 kHz audio")
            live.feed(np.frombuffer(block, dtype="<i2").astype(np.float32) / 32768.0)

        self._recorder.listener = feed

    def stop(self) -> Any:
        result = self._recorder.stop()
        if self._live is not None and self._recorder.listener is None and self._path is not None:
            # The recorder dropped the listener after a failure, so the live transcript has a
            # gap: forget it, and the scorer transcribes the file instead.
            self._sessions.take(self._path)
        return result


class LiveScorer:
    """Scores an answer from its live transcript when there is one, else from the file."""

    def __init__(self, sessions: LiveSessions) -> None:
        self.sessions = sessions

    @property
    def settings(self) -> Settings:
        return self.sessions.settings

    @settings.setter
    def settings(self, new: Settings) -> None:
        self.sessions.settings = new

    def __call__(
        self,
        path: Path,
        question: Question,
        *,
        progress: ProgressFn | None = None,
        cancel: threading.Event | None = None,
    ) -> Report:
        from voice_interview.pipeline import report_for_recording, score_audio

        live = self.sessions.take(Path(path))
        if live is not None and progress is not None:
            progress(0.5, "finishing the live transcript")
        finished = _finish(live, cancel) if live is not None else None
        if finished is not None:
            audio, transcript, speech = finished
            info = AudioInfo(
                path=str(path),
                duration_s=round(len(audio) / LIVE_RATE, 3),
                sample_rate=LIVE_RATE,
                channels=1,
            )
            report = report_for_recording(
                info,
                transcript,
                speech,
                question,
                settings=self.settings,
                audio_fillers=live.audio_fillers,
                detector=live.detector,
            )
            if progress is not None:
                progress(1.0, "done")
            return report
        return score_audio(path, question, settings=self.settings, progress=progress, cancel=cancel)


def _finish(live: Any, cancel: threading.Event | None) -> Any:
    """The live result, or None when the file should be scored instead."""
    from voice_interview.errors import VoiceInterviewError

    try:
        audio, transcript, speech = live.finish(cancel)
    except VoiceInterviewError:
        raise  # cancelled, or the model cannot load: the file would fail the same way
    except Exception:
        return None  # a failure in the live worker: the file holds the same audio
    return (audio, transcript, speech) if len(audio) else None


LIVE_TAIL_WORDS = 30
"""How many of the latest words the answer screen shows while the candidate speaks."""


def live_summary(words: list[Word], elapsed_s: float) -> str:
    """One line of running figures and the latest words, for the answer screen."""
    from collections import Counter

    from voice_interview.core.fillers import find_fillers

    if not words:
        return "Live transcript: listening…"
    fillers = find_fillers(words)
    counts = Counter(f.text.lower() for f in fillers)
    wpm = len(words) / (elapsed_s / 60) if elapsed_s > 5 else None
    parts = [f"{len(words)} words"]
    if wpm is not None:
        parts.append(f"{wpm:.0f} wpm")
    detail = ", ".join(f"{w} {n}" for w, n in counts.most_common(3))
    parts.append(f"fillers {len(fillers)}" + (f" ({detail})" if detail else ""))
    tail = " ".join(w.text for w in words[-LIVE_TAIL_WORDS:])
    return " · ".join(parts) + f"\n…{tail}"
