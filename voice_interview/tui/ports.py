"""What the app needs from the services around it, as small protocols.

The app is built by `make_app` from these services, so the CLI passes the real recorder, speaker,
scorer and history store while tests pass fakes. Each protocol names only what the screens use.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from voice_interview.history import Attempt as StoredAttempt
from voice_interview.history import Unscored
from voice_interview.models.question import Question
from voice_interview.models.report import Report
from voice_interview.settings import ModelSettings, Settings
from voice_interview.speech.model_choices import ModelChoice

if TYPE_CHECKING:
    from voice_interview.tui.round_services import RoundServices

ProgressFn = Callable[[float, str], None]
"""progress(fraction 0..1, message), called from the scoring thread."""


class BankLike(Protocol):
    """The question bank: every question, and one by id."""

    def all(self) -> Sequence[Question]: ...

    def get(self, question_id: str) -> Question: ...


class RecorderLike(Protocol):
    """One recording at a time; every call returns quickly (the audio runs on its own thread)."""

    @property
    def level(self) -> float:
        """The latest input level, 0 (silence) to 1 (full scale)."""
        ...

    @property
    def elapsed_s(self) -> float:
        """Seconds recorded so far, not counting pauses."""
        ...

    @property
    def silence_warning(self) -> bool:
        """True while the input has been silent for too long to be a real microphone."""
        ...

    @property
    def error(self) -> str | None:
        """Why the recording ended on its own (device lost, disk full); None while it runs."""
        ...

    def start(self, path: Path, device: str | None, samplerate: int) -> None: ...

    def pause(self) -> None: ...

    def resume(self) -> None: ...

    def stop(self) -> Any: ...


class SpeakerLike(Protocol):
    """Text to speech: `speak` blocks until the text has been spoken or `stop` is called."""

    @property
    def available(self) -> bool: ...

    def speak(self, text: str) -> None: ...

    def stop(self) -> None: ...

    def voices(self) -> Sequence[Any]: ...


class Scorer(Protocol):
    """Scores one recorded answer: `pipeline.score_audio` with the settings already bound."""

    def __call__(
        self,
        path: Path,
        question: Question,
        *,
        progress: ProgressFn | None = None,
        cancel: threading.Event | None = None,
    ) -> Report: ...


class HistoryLike(Protocol):
    """Past attempts: `voice_interview.history.HistoryStore`."""

    def add(
        self,
        question_id: str,
        started_at: datetime,
        report: Report,
        audio: Path | None = None,
        *,
        move: bool = False,
    ) -> StoredAttempt: ...

    def add_unscored(
        self,
        question_id: str,
        started_at: datetime,
        audio: Path,
        error: str,
        *,
        duration_s: float | None = None,
        move: bool = False,
    ) -> Unscored: ...

    def list(self) -> Sequence[StoredAttempt]: ...

    def unscored(self) -> Sequence[Unscored]: ...

    def get(self, attempt_id: int | str) -> StoredAttempt: ...

    def get_unscored(self, attempt_id: int | str) -> Unscored: ...

    def set_report(self, attempt_id: int | str, report: Report) -> StoredAttempt: ...

    def set_error(self, attempt_id: int | str, error: str) -> Unscored: ...

    def correct(self, attempt_id: int | str, report: Report) -> StoredAttempt: ...

    def original(self, attempt_id: int | str) -> Report | None: ...

    def delete(self, attempt_id: int | str) -> None: ...


class Corrector(Protocol):
    """Scores a kept answer again from a corrected transcript, with its recording's timings
    (`voice_interview.corrections`); called from a thread worker."""

    def __call__(self, report: Report, corrected_text: str, question: Question) -> Report: ...


ModelCheck = Callable[[ModelSettings], str]
"""Finds and loads the model the settings name (slow: call it from a thread worker); returns
its label, or raises ModelError saying what is wrong with it."""

Player = Callable[[Path, float, float], None]
"""play(path, start_s, end_s): plays a stretch of a recording and returns when it ends."""

RecorderFactory = Callable[[], RecorderLike]
"""Makes a recorder; raises VoiceInterviewError when there is no audio library or input device."""


@dataclass(frozen=True)
class Services:
    """Everything the screens use, gathered so a screen reaches it through `app.services`."""

    bank: BankLike
    recorder_factory: RecorderFactory
    speaker: SpeakerLike
    scorer: Scorer
    history: HistoryLike
    player: Player
    data_dir: Path
    """Recordings go in `recordings/`, exports in `exports/`."""
    devices: Callable[[], Sequence[str]] | None = None
    """Names of the input devices, for the settings screen; None when unknown."""
    output_devices: Callable[[], Sequence[str]] | None = None
    """Names of the output devices, for the settings screen; None when unknown."""
    recover: Callable[[Path], Sequence[Path]] | None = None
    """Finds recordings left by a crash in a directory; None to skip the check."""
    save_settings: Callable[[Settings], Path] | None = None
    """Writes the settings; None uses `voice_interview.settings.save_settings`."""
    on_settings: Callable[[Settings], None] | None = None
    """Called after the settings change, e.g. to give the speaker its new voice and rate."""
    check_model: ModelCheck | None = None
    """Checks a model before it is saved and before anyone records with it; None: no check."""
    list_models: Callable[[], Sequence[ModelChoice]] | None = None
    """The models on this machine, for the settings screen; None when unknown."""
    corrector: Corrector | None = None
    """Scores a corrected transcript; None hides the correction (e to correct)."""
    rounds: RoundServices | None = None
    """The mock interview rounds and where they are kept; None hides them."""

    @property
    def recordings_dir(self) -> Path:
        return self.data_dir / "recordings"

    @property
    def exports_dir(self) -> Path:
        return self.data_dir / "exports"
