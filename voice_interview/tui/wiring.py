"""The real services behind the app: recorder, speaker, scorer, history, player, device list.

Everything that loads an audio or model library is imported inside the function that needs it,
so building the app costs nothing until a part is first used (a machine without PortAudio still
gets the app, and the error when it tries to record).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from voice_interview.models.question import Question
from voice_interview.models.report import Report
from voice_interview.settings import ModelSettings, Settings, data_dir, questions_dir, rounds_dir
from voice_interview.speech.model_choices import ModelChoice
from voice_interview.tui.ports import RecorderLike

if TYPE_CHECKING:
    from voice_interview.pipeline import ListenedRecorder
    from voice_interview.tui.app import VoiceInterviewApp


class SegmentPlayer:
    """Plays a stretch of a recording on an output device (None: the default); `stop` cuts it
    short."""

    def __init__(self, device: str | None = None) -> None:
        self.device = device
        self._stop = threading.Event()

    def __call__(self, path: Path, start: float, end: float) -> None:
        from voice_interview.speech.tts import play_wav

        self._stop.clear()
        play_wav(path, start_s=start, end_s=end, device=self.device, stop_event=self._stop)

    def stop(self) -> None:
        self._stop.set()


def play_segment(path: Path, start: float, end: float) -> None:
    """play(path, start, end) with the default output device; blocks until the stretch ends."""
    SegmentPlayer()(path, start, end)


def new_recorder(settings: Settings | None = None) -> ListenedRecorder:
    """The real recorder, which can also hand its blocks to a live transcriber."""
    from voice_interview.speech.recorder import Recorder

    audio = (settings or Settings()).audio
    return Recorder(
        silence_window_s=audio.silence_warning_s,
        silence_threshold_dbfs=audio.silence_threshold_dbfs,
    )


def input_device_names() -> list[str]:
    from voice_interview.speech.devices import device_names

    return device_names("input")


def output_device_names() -> list[str]:
    from voice_interview.speech.devices import device_names

    return device_names("output")


def check_model(model: ModelSettings) -> str:
    from voice_interview.speech.model_choices import check_model as check

    return check(model)


def list_models() -> Sequence[ModelChoice]:
    from voice_interview.speech.model_choices import available_models

    return available_models()


class SettingsCorrector:
    """Scores a corrected transcript with the app's current settings."""

    def __init__(self, settings: Callable[[], Settings]) -> None:
        self._settings = settings

    def __call__(self, report: Report, corrected_text: str, question: Question) -> Report:
        from voice_interview.corrections import score_corrected, source_of

        settings = self._settings()
        return score_corrected(source_of(report, settings), corrected_text, question, settings)


def find_interrupted(folder: Path) -> Sequence[Path]:
    """Recordings a crash left behind in `folder`, repaired so they can be scored."""
    if not folder.is_dir():
        return []
    from voice_interview.speech.recorder import recover_interrupted

    return [Path(p) for p in recover_interrupted(folder)]


def build_real_app(
    settings: Settings, question_id: str | None, round_id: str | None = None
) -> VoiceInterviewApp:
    """The app with the real recorder, speaker, Whisper scorer and history store."""
    from voice_interview.core.questions import load_bank
    from voice_interview.core.rounds.loader import load_rounds
    from voice_interview.history import HistoryStore
    from voice_interview.pipeline import LiveRecorder, LiveScorer, LiveSessions
    from voice_interview.round_history import RoundStore
    from voice_interview.speech.piper_voice import make_speaker
    from voice_interview.tui.app import make_app
    from voice_interview.tui.round_services import RoundServices

    output = settings.audio.output_device
    # espeak-ng, or Piper's natural voice when the settings choose it (espeak-ng its fallback).
    speaker = make_speaker(settings.tts, output)
    player = SegmentPlayer(output)
    # Answers are transcribed while they are spoken; the scorer finishes that transcript.
    sessions = LiveSessions(settings)
    scorer = LiveScorer(sessions)

    def new_live_recorder() -> RecorderLike:
        return LiveRecorder(new_recorder(sessions.settings), sessions)

    def on_settings(new: Settings) -> None:
        speaker.voice, speaker.rate = new.tts.voice, new.tts.rate
        speaker.use_output(new.audio.output_device)
        player.device = new.audio.output_device
        scorer.settings = new

    bank = load_bank(questions_dir())
    rounds = RoundServices(load_rounds(bank, rounds_dir()), RoundStore(data_dir()))
    return make_app(
        settings=settings,
        bank=bank,
        recorder_factory=new_live_recorder,
        speaker=speaker,
        scorer=scorer,
        history=HistoryStore(data_dir()),
        start_question=question_id,
        player=player,
        data_dir=data_dir(),
        devices=input_device_names,
        output_devices=output_device_names,
        recover=find_interrupted,
        on_settings=on_settings,
        check_model=check_model,
        list_models=list_models,
        corrector=SettingsCorrector(lambda: sessions.settings),
        rounds=rounds,
        start_round=round_id,
    )
