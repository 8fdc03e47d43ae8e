"""Scoring an answer from the transcript made while it was spoken.

A recorder that feeds the live transcriber as it writes (LiveRecorder), the transcribers open by
recording (LiveSessions), and a scorer that finishes the live transcript instead of starting over
from the file (LiveScorer). With the answer transcribed while it is spoken, only the last seconds
remain when the candidate stops, so the report appears within seconds instead of after a pass
over the whole recording. Anything that stops the live path (an unusual sample rate, a failure in
the worker) falls back to scoring the file, which holds the same audio.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from voice_interview.errors import VoiceInterviewError
from voice_interview.models.question import Question
from voice_interview.models.report import AudioInfo, Report
from voice_interview.models.transcript import Transcribed, Word
from voice_interview.pipeline.lost_words import recover_lost_words
from voice_interview.pipeline.saved import ProgressFn, score_audio
from voice_interview.pipeline.scoring import report_for_recording
from voice_interview.settings import ModelSettings, Settings

if TYPE_CHECKING:
    from voice_interview.speech.live import LiveSettings
    from voice_interview.speech.transcriber import WhisperTranscriber

LIVE_RATE = 16000
"""The live path takes audio at the model's rate; a device that forces another rate falls back."""

BlockListener = Callable[[bytes, int], None]
"""listener(16-bit little-endian PCM block, sample rate), called from the recorder's writer."""


class LiveTranscription(Protocol):
    """What the live path needs from speech.live.LiveTranscriber."""

    @property
    def words(self) -> list[Word]: ...

    @property
    def received_s(self) -> float: ...

    @property
    def samples(self) -> np.ndarray: ...

    def feed(self, block: np.ndarray) -> None: ...

    def finish(self, cancel: threading.Event | None = None) -> Transcribed: ...


class ListenedRecorder(Protocol):
    """A recorder (speech.recorder.Recorder) that hands each block it writes to `listener`, and
    drops the listener (sets it to None) if it fails."""

    listener: BlockListener | None

    @property
    def level(self) -> float: ...

    @property
    def elapsed_s(self) -> float: ...

    @property
    def silence_warning(self) -> bool: ...

    @property
    def error(self) -> str | None: ...

    def start(self, path: Path, device: str | None, samplerate: int) -> None: ...

    def pause(self) -> None: ...

    def resume(self) -> None: ...

    def stop(self) -> object: ...


def live_settings(settings: Settings) -> LiveSettings:
    """The live transcriber's thresholds, from the user's audio settings."""
    from voice_interview.speech.live import LiveSettings

    audio = settings.audio
    return LiveSettings(
        window_s=audio.live_window_s,
        overlap_s=audio.live_overlap_s,
        draft_s=audio.live_min_chunk_s,
        cut_silence_s=audio.live_cut_silence_s,
        vad_threshold=audio.vad_threshold,
    )


class LiveSessions:
    """Live transcribers by recording path, shared by the recorder and the scorer.

    One model serves every answer; it is loaded again only when the model settings change.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._by_path: dict[Path, LiveTranscription] = {}
        self._lock = threading.Lock()
        self._transcriber: WhisperTranscriber | None = None
        self._model: ModelSettings | None = None

    def open(self, path: Path) -> LiveTranscription:
        """A new live transcriber for the recording at `path`."""
        from voice_interview.speech.live import LiveTranscriber

        live = LiveTranscriber(
            self.transcriber(),
            live_settings(self.settings),
            fillers=self.settings.filled_pauses,
        )
        with self._lock:
            self.adopt(path, live)
        return live

    def transcriber(self) -> WhisperTranscriber:
        """The model the live transcribers use, for transcribing a lost stretch again."""
        from voice_interview.speech.transcriber import WhisperTranscriber

        with self._lock:
            if self._transcriber is None or self._model != self.settings.model:
                self._transcriber = WhisperTranscriber(self.settings.model)
                self._model = self.settings.model
            return self._transcriber

    def adopt(self, path: Path, live: LiveTranscription) -> None:
        """Take `live` as the transcription of the recording at `path`."""
        self._by_path[path] = live

    def take(self, path: Path) -> LiveTranscription | None:
        """The recording's live transcription, handed over once (None if there is none)."""
        with self._lock:
            return self._by_path.pop(path, None)


class LiveRecorder:
    """A recorder whose audio also goes, block by block, to a live transcriber."""

    def __init__(self, recorder: ListenedRecorder, sessions: LiveSessions) -> None:
        self._recorder = recorder
        self._sessions = sessions
        self._live: LiveTranscription | None = None
        self._path: Path | None = None

    @property
    def level(self) -> float:
        return self._recorder.level

    @property
    def elapsed_s(self) -> float:
        return self._recorder.elapsed_s

    @property
    def silence_warning(self) -> bool:
        return self._recorder.silence_warning

    @property
    def error(self) -> str | None:
        return self._recorder.error

    @property
    def live_words(self) -> list[Word]:
        """The words transcribed so far (empty when the live path is off)."""
        return self._live.words if self._live is not None else []

    def pause(self) -> None:
        self._recorder.pause()

    def resume(self) -> None:
        self._recorder.resume()

    def start(self, path: Path, device: str | None, samplerate: int) -> None:
        self._recorder.start(path, device, samplerate)
        self._path = Path(path)
        try:
            live = self._sessions.open(self._path)
        except Exception:
            # The model could not be prepared: record anyway; scoring reports the model error.
            self._live = None
            return
        self._live = live

        def feed(block: bytes, rate: int) -> None:
            if rate != LIVE_RATE:
                raise ValueError("live transcription needs 16 kHz audio")
            live.feed(np.frombuffer(block, dtype="<i2").astype(np.float32) / 32768.0)

        self._recorder.listener = feed

    def stop(self) -> object:
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
        live = self.sessions.take(Path(path))
        if live is not None and progress is not None:
            progress(0.5, "finishing the live transcript")
        finished = _finish(live, cancel) if live is not None else None
        if live is None or finished is None:
            return score_audio(
                path, question, settings=self.settings, progress=progress, cancel=cancel
            )
        info = AudioInfo(
            path=str(path),
            duration_s=round(live.received_s, 3),
            sample_rate=LIVE_RATE,
            channels=1,
        )
        finished = recover_lost_words(
            finished,
            live.samples,
            self.sessions.transcriber(),
            settings=self.settings,
            cancel=cancel,
        )
        report = report_for_recording(info, finished, question, settings=self.settings)
        if progress is not None:
            progress(1.0, "done")
        return report


def _finish(live: LiveTranscription, cancel: threading.Event | None) -> Transcribed | None:
    """The live result, or None when the file should be scored instead."""
    try:
        transcribed = live.finish(cancel)
    except VoiceInterviewError:
        raise  # cancelled, or the model cannot load: the file would fail the same way
    except Exception:
        return None  # a failure in the live worker: the file holds the same audio
    return transcribed if live.received_s > 0 else None
