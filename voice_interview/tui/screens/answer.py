"""The answer screen: hear the question, answer out loud against the clock, stop to score.

States (a CSS class on the screen): -ready, -recording, -paused; -speaking while the question is
read aloud. Nothing is recorded while the question is spoken: starting or resuming first stops the
voice, then records once the speaking thread has ended.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState

from voice_interview.errors import VoiceInterviewError
from voice_interview.models.question import Question
from voice_interview.tui.format import model_problem, target_text
from voice_interview.tui.live_text import live_summary
from voice_interview.tui.ports import RecorderLike
from voice_interview.tui.screens.base import AppScreen, private_dir, title_bar
from voice_interview.tui.widgets.level_meter import LevelMeter
from voice_interview.tui.widgets.phase_panel import PhasePanel
from voice_interview.tui.widgets.timer import AnswerTimer

State = Literal["ready", "recording", "paused"]

POLL_S = 0.1
"""How often the level meter, timer and warnings read the recorder (10 Hz)."""
LIVE_EVERY_TICKS = 10
"""The live transcript and its counters refresh once a second: new words arrive in chunks."""

SILENCE_TEXT = "No sound detected: check your microphone"
STAMP_FORMAT = "%Y%m%d-%H%M%S"
"""When the answer began, in its recording's name: `<question id>-<stamp>.wav`."""

_STATUS: dict[State, str] = {
    "ready": "Press space to start your answer.",
    "recording": "● Recording. Space stops and scores; p pauses.",
    "paused": "Paused. p resumes; space stops and scores.",
}


class AnswerScreen(AppScreen):
    """One attempt at one question."""

    BINDINGS = [
        Binding("space", "start", "Start answer"),
        Binding("space", "stop", "Stop & score"),
        Binding("p", "pause", "Pause"),
        Binding("p", "resume", "Resume"),
        Binding("r", "repeat", "Repeat question"),
        Binding("escape", "back", "Back"),
    ]

    state: reactive[State] = reactive("ready", init=False)
    speaking: reactive[bool] = reactive(False, init=False)

    def __init__(self, question: Question) -> None:
        super().__init__()
        self.question = question
        self.recording_path: Path | None = None
        self.started_at: datetime | None = None
        self._recorder: RecorderLike | None = None
        self._after_speech: Callable[[], None] | None = None
        self._poll: Timer | None = None
        # References kept so the poll never queries the DOM (it can fire during shutdown).
        self._timer = AnswerTimer(question.target_min_s, question.target_max_s, id="timer")
        self._meter = LevelMeter(id="level")
        self._status = Static(_STATUS["ready"], id="answer-status")
        self._problem = Static("", id="answer-problem")
        self._live = Static("", id="live-transcript")
        self._ticks = 0
        self._phases = PhasePanel(question, id="phases") if question.phases else None
        self._checking_model = False

    def compose(self) -> ComposeResult:
        q = self.question
        yield title_bar(f"Answer · {q.title}")
        with VerticalScroll(id="answer-question"):
            yield Static(
                f"{q.company} · {q.competency} · target {target_text(q)}", id="answer-meta"
            )
            yield Static(q.title, id="answer-title")
            yield Static(q.prompt, id="answer-prompt")
        with Horizontal(id="answer-body"):
            with Vertical(id="answer-live"):
                yield self._timer
                yield self._meter
                yield Static(SILENCE_TEXT, id="silence-warning")
                yield self._status
                yield self._problem
                yield self._live
            if self._phases is not None:
                yield self._phases
        yield Footer()

    def on_mount(self) -> None:
        self.add_class("-ready")
        self._poll = self.set_interval(POLL_S, self._tick, pause=True)
        if self._phases is not None:
            self._phases.show(0.0)
        if self.vi_app.settings.tts.enabled:
            self._speak()

    def on_unmount(self) -> None:
        if self._poll is not None:
            self._poll.stop()
        if self.speaking:
            self._stop_speaker()

    @property
    def busy_reason(self) -> str | None:  # type: ignore[override]
        if self.state == "ready":
            return None
        return "Stop your answer first (space), or quit with Ctrl+Q: the recording is kept."

    # State --------------------------------------------------------------------------------

    def watch_state(self, old: State, new: State) -> None:
        self.remove_class(f"-{old}")
        self.add_class(f"-{new}")
        self._status.update(_STATUS[new])
        self.refresh_bindings()

    def watch_speaking(self, speaking: bool) -> None:
        self.set_class(speaking, "-speaking")
        if speaking:
            self._status.update("Reading the question aloud… (space skips it and starts)")
        else:
            self._status.update(_STATUS[self.state])
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = self.state
        if action == "start":
            return state == "ready"
        if action == "stop":
            return state in ("recording", "paused")
        if action == "pause":
            return state == "recording"
        if action == "resume":
            return state == "paused"
        if action == "repeat":
            # Shown but dimmed while recording: speaking now would end up in the answer.
            return None if state == "recording" or self.speaking else True
        if action == "back":
            return state == "ready"
        return True

    # Speaking the question ----------------------------------------------------------------

    def _speak(self) -> None:
        speaker = self.vi_app.services.speaker
        text = self.question.prompt

        def speak() -> str | None:
            # Checking the engine loads it and queries the audio devices: not on the UI thread.
            if not speaker.available:
                reason = getattr(speaker, "unavailable_reason", None) or "install espeak-ng"
                return f"Text-to-speech is not available: {reason}."
            speaker.speak(text)
            return None

        self.speaking = True
        self.run_worker(speak, thread=True, group="tts", exclusive=True, exit_on_error=False)

    def _stop_speaker(self) -> None:
        try:
            self.vi_app.services.speaker.stop()
        except Exception:  # noqa: BLE001 - stopping a voice that failed is not an error
            pass

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "tts" or event.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
            WorkerState.CANCELLED,
        ):
            return
        if event.state == WorkerState.ERROR:
            self.vi_app.warn_tts_once(f"Could not speak the question: {event.worker.error}.")
        elif event.state == WorkerState.SUCCESS and isinstance(event.worker.result, str):
            self.vi_app.warn_tts_once(event.worker.result)
        self.speaking = False
        then, self._after_speech = self._after_speech, None
        if then is not None:
            then()

    def _when_quiet(self, action: Callable[[], None]) -> None:
        """Run `action` now, or as soon as the question has stopped being spoken."""
        if self.speaking:
            self._after_speech = action
            self._stop_speaker()
        else:
            action()

    # Recording ----------------------------------------------------------------------------

    def action_start(self) -> None:
        self._when_quiet(self._check_then_begin)

    def _check_then_begin(self) -> None:
        """Record only with a model known to work: a model that cannot load is said now, not
        after the whole answer has been spoken into it."""
        if self.state != "ready" or self._checking_model:
            return
        self._checking_model = True
        self._status.update("Checking the transcription model…")

        def ready() -> None:
            self._checking_model = False
            self._begin()

        def failed(problem: str) -> None:
            self._checking_model = False
            self._status.update(_STATUS[self.state])
            self._show_problem(model_problem(problem))

        self.vi_app.ensure_model(self.vi_app.settings.model, ready, failed)

    def _begin(self) -> None:
        if self.state != "ready" or not self.is_attached:
            return
        app = self.vi_app
        now = datetime.now().astimezone()
        stamp = now.strftime(STAMP_FORMAT)
        path = app.services.recordings_dir / f"{self.question.id}-{stamp}.wav"
        audio = app.settings.audio
        try:
            private_dir(path.parent)
            recorder = app.services.recorder_factory()
            recorder.start(path, audio.input_device, audio.sample_rate)
        except VoiceInterviewError as exc:
            self._show_problem(str(exc))
            return
        except OSError as exc:
            self._show_problem(
                f"Cannot record to {path.parent}: {exc.strerror or exc} "
                "(free some disk space or check the folder's permissions)"
            )
            return
        except Exception as exc:  # noqa: BLE001 - an audio library failing oddly must not end practice
            self._show_problem(f"Could not start recording: {type(exc).__name__}: {exc}")
            return
        self._show_problem("")
        self._recorder, self.recording_path, self.started_at = recorder, path, now
        app.active_recorder, app.active_recording = recorder, path
        self.state = "recording"
        self._tick()
        if self._poll is not None:
            self._poll.resume()

    def _show_problem(self, message: str) -> None:
        self._problem.update(message)
        self.set_class(bool(message), "-problem")
        if message:
            self.notify(message, severity="error", timeout=10)

    def action_pause(self) -> None:
        if self._recorder is not None and self.state == "recording":
            self._recorder.pause()
            self.state = "paused"

    def action_resume(self) -> None:
        def resume() -> None:
            if self._recorder is not None and self.state == "paused":
                self._recorder.resume()
                self.state = "recording"

        self._when_quiet(resume)

    def action_repeat(self) -> None:
        if self.state == "recording" or self.speaking:
            return
        self._speak()

    def action_back(self) -> None:
        if self.state == "ready":
            self._stop_speaker()
            self.dismiss()

    def _tick(self) -> None:
        recorder = self._recorder
        if recorder is None:
            return
        elapsed = recorder.elapsed_s
        self._meter.level = recorder.level if self.state == "recording" else 0.0
        self._timer.show(elapsed)
        if self._phases is not None and self._phases.show(elapsed):
            self.notify(f"Next phase: {self._phases.phase_title}", timeout=6)
        self.set_class(recorder.silence_warning and self.state == "recording", "-silent")
        self._ticks += 1
        words = getattr(recorder, "live_words", None)
        if words is not None and self._ticks % LIVE_EVERY_TICKS == 0:
            self._live.update(live_summary(words, elapsed))
        # A recorder that lost its device or its disk says so here; what it has is kept.
        failure = recorder.error
        if failure:
            self.notify(
                f"{failure[:1].upper()}{failure[1:]}. Scoring what was recorded.",
                severity="error",
                timeout=10,
            )
            self.action_stop()

    def action_stop(self) -> None:
        recorder, path = self._recorder, self.recording_path
        if recorder is None or path is None:
            return
        if self._poll is not None:
            self._poll.pause()
        app = self.vi_app
        self._recorder = None
        app.active_recorder = app.active_recording = None
        try:
            recorder.stop()
        except Exception as exc:  # noqa: BLE001 - whatever happened, score what reached the disk
            self.notify(f"The recording ended with an error: {exc}", severity="error", timeout=10)
        self.state = "ready"
        self.set_class(False, "-silent")
        if not path.exists() or path.stat().st_size == 0:
            self._show_problem(f"Nothing was recorded ({path} is missing or empty). Try again.")
            return
        app.score_recording(path, self.question, replace=True, started_at=self.started_at)


def recorded_at_from_name(path: Path) -> datetime | None:
    """When an answer recorded by the app began, from the stamp the app put in its name."""
    stamp = path.stem[-len("20250314-093000") :]
    try:
        return datetime.strptime(stamp, STAMP_FORMAT).astimezone()
    except ValueError:
        return None
