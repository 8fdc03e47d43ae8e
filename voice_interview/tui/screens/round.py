"""A round in the app: the interviewer speaks each turn, the candidate answers by voice, the
interviewer follows up or moves on, and the debrief closes the round.

States (a CSS class on the screen): -speaking, -ready, -recording, -paused, -scoring. The round's
clock runs while the interviewer speaks, while the candidate thinks and while they answer; it
stops while paused and while an answer is scored. When a phase's time runs out mid-answer the
candidate is told, and after the round's grace_s the answer ends and the interviewer moves on.
The round is kept after every answer, with the answer's recording, so a quit or a crash loses
nothing; it can be resumed from the rounds screen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState

from voice_interview.core.rubric import score_rubric
from voice_interview.errors import VoiceInterviewError
from voice_interview.models.report import Report
from voice_interview.models.round_state import Turn
from voice_interview.models.transcript import Word
from voice_interview.tui.live_text import live_summary
from voice_interview.tui.ports import RecorderLike
from voice_interview.tui.round_services import RoundSession
from voice_interview.tui.screens.base import AppScreen, private_dir, title_bar
from voice_interview.tui.screens.dialogs import ConfirmScreen
from voice_interview.tui.widgets.level_meter import LevelMeter
from voice_interview.tui.widgets.round_panels import (
    ChecklistPanel,
    PlanPanel,
    checklist_lines,
    plan_lines,
)
from voice_interview.tui.widgets.round_timeline import RoundTimeline

State = Literal["speaking", "ready", "recording", "paused", "scoring"]

POLL_S = 0.1
"""How often the clock, the level meter and the warnings refresh (10 Hz)."""
LIVE_EVERY_TICKS = 10
"""The live transcript refreshes once a second."""
CHECK_EVERY_TICKS = 20
"""The live checklist is scored every two seconds: new words arrive in chunks anyway."""

_STATUS: dict[State, str] = {
    "speaking": "The interviewer is speaking… (space skips to your answer)",
    "ready": "Space starts your answer. r repeats the question, s skips it, e ends the round.",
    "recording": "● Answering. Space when you are done; p pauses.",
    "paused": "Paused: the round's clock is stopped. p resumes.",
    "scoring": "Listening back to your answer…",
}


class RoundScreen(AppScreen):
    """One round, from its first question to its debrief."""

    BINDINGS = [
        Binding("space", "start", "Answer"),
        Binding("space", "stop", "Done"),
        Binding("p", "pause", "Pause"),
        Binding("p", "resume", "Resume"),
        Binding("r", "repeat", "Repeat question"),
        Binding("s", "skip", "Skip turn"),
        Binding("e", "end", "End round"),
        Binding("escape", "leave", "Leave"),
    ]

    state: reactive[State] = reactive("ready", init=False)

    def __init__(self, session: RoundSession, recovered: Path | None = None) -> None:
        """recovered: the answer being given when the round was interrupted, to score first."""
        super().__init__()
        self.session = session
        self._recovered = recovered
        self.round = session.engine.round
        self._recorder: RecorderLike | None = None
        self._recording: Path | None = None
        self._answer_ended_s: float | None = 0.0
        self._phase_warned = False
        self._after_speech: Callable[[], None] | None = None
        self._speaking = False
        self._ticks = 0
        self._live_covered: set[str] = set()
        self._poll: Timer | None = None
        self._cancel = threading.Event()
        self._timeline = RoundTimeline(self.round, id="round-timeline")
        self._turn = Static("", id="round-turn")
        self._why = Static("", id="round-why")
        self._status = Static(_STATUS["ready"], id="round-status")
        self._meter = LevelMeter(id="level")
        self._live = Static("", id="live-transcript")
        self._plan = PlanPanel("", id="round-plan")
        checklist = self.round.checklist
        self._checklist = ChecklistPanel("", id="round-checklist") if checklist else None

    def compose(self) -> ComposeResult:
        yield title_bar(f"Round · {self.round.title}")
        yield self._timeline
        with Horizontal(id="round-body"):
            with Vertical(id="round-main"):
                with VerticalScroll(id="round-turn-box"):
                    yield self._turn
                    yield self._why
                yield self._status
                yield self._meter
                yield self._live
            with VerticalScroll(id="round-side"):
                yield self._plan
                if self._checklist is not None:
                    yield self._checklist
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self._poll = self.set_interval(POLL_S, self._tick)
        recovered, self._recovered = self._recovered, None
        turn = self.session.turn
        if recovered is None or turn is None:
            self._ask()
            return
        # The answer cut short by a quit or a crash: scored as given, its length its own.
        self._show_turn(turn)
        self._refresh_panels()
        self.notify("The answer you were giving when the round stopped is kept and scored.")
        self._recording, self._answer_ended_s = recovered, None
        self.state = "scoring"
        self._score(recovered)

    def on_unmount(self) -> None:
        if self._poll is not None:
            self._poll.stop()
        self._cancel.set()
        if self._speaking:
            self._stop_speaker()

    @property
    def busy_reason(self) -> str | None:  # type: ignore[override]
        if self.state in ("recording", "paused"):
            return "Finish your answer first (space), or quit with Ctrl+Q: the round is kept."
        if self.state == "scoring":
            return "Your answer is being scored; the round goes on in a moment."
        return None

    # State --------------------------------------------------------------------------------

    def watch_state(self, old: State, new: State) -> None:
        self.remove_class(f"-{old}")
        self.add_class(f"-{new}")
        self._status.update(_STATUS[new])
        if new in ("paused", "scoring"):
            self.session.clock.stop()
        else:
            self.session.clock.run()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = self.state
        allowed = {
            "start": state in ("ready", "speaking"),
            "stop": state in ("recording", "paused"),
            "pause": state == "recording",
            "resume": state == "paused",
            "repeat": state in ("ready", "speaking"),
            "skip": state in ("ready", "speaking"),
            "end": state in ("ready", "speaking", "paused"),
            "leave": state in ("ready", "speaking"),
        }
        return allowed.get(action, True)

    # The interviewer ----------------------------------------------------------------------

    def _ask(self) -> None:
        """Show and speak the waiting turn; or, when the round is over, open the debrief."""
        turn = self.session.turn
        if turn is None:
            self._finish()
            return
        self._phase_warned = False
        self._live_covered = set()
        self._live.update("")
        self._show_turn(turn)
        self._refresh_panels()
        if self.vi_app.settings.tts.enabled:
            self._speak(turn.spoken)
        else:
            self.state = "ready"

    def _show_turn(self, turn: Turn) -> None:
        who = f"Follow-up {turn.depth}" if turn.kind == "probe" else "Interviewer"
        lead = f"{turn.transition}\n\n" if turn.transition else ""
        self._turn.update(Content.assemble((f"{who}: ", "bold $text-accent"), lead + turn.text))
        why = turn.why.explanation if turn.why is not None else ""
        self._why.update(Content.assemble(("Why this follow-up: ", "bold"), why) if why else "")

    def _speak(self, text: str) -> None:
        speaker = self.vi_app.services.speaker

        def speak() -> str | None:
            if not speaker.available:
                reason = getattr(speaker, "unavailable_reason", None) or "install espeak-ng"
                return f"Text-to-speech is not available: {reason}."
            speaker.speak(text)
            return None

        self._speaking = True
        self.state = "speaking"
        self.run_worker(speak, thread=True, group="tts", exclusive=True, exit_on_error=False)

    def _stop_speaker(self) -> None:
        try:
            self.vi_app.services.speaker.stop()
        except Exception:  # noqa: BLE001 - stopping a voice that failed is not an error
            pass

    def _spoken(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.vi_app.warn_tts_once(f"Could not speak the question: {event.worker.error}.")
        elif isinstance(event.worker.result, str):
            self.vi_app.warn_tts_once(event.worker.result)
        self._speaking = False
        then, self._after_speech = self._after_speech, None
        if then is not None:
            then()
        elif self.state == "speaking":
            self.state = "ready"

    def _when_quiet(self, action: Callable[[], None]) -> None:
        if self._speaking:
            self._after_speech = action
            self._stop_speaker()
        else:
            action()

    # The candidate's answer ---------------------------------------------------------------

    def action_start(self) -> None:
        self._when_quiet(self._begin)

    def _begin(self) -> None:
        turn = self.session.turn
        if turn is None or self.state not in ("ready", "speaking"):
            return
        app = self.vi_app
        path = self.session.recording_path(turn)
        audio = app.settings.audio
        try:
            private_dir(path.parent)
            recorder = app.services.recorder_factory()
            recorder.start(path, audio.input_device, audio.sample_rate)
        except VoiceInterviewError as exc:
            self._problem(str(exc))
            return
        except OSError as exc:
            self._problem(f"Cannot record to {path.parent}: {exc.strerror or exc}")
            return
        except Exception as exc:  # noqa: BLE001 - an odd audio failure must not end the round
            self._problem(f"Could not start recording: {type(exc).__name__}: {exc}")
            return
        self._recorder, self._recording = recorder, path
        app.active_recorder, app.active_recording = recorder, path
        self.state = "recording"

    def _problem(self, message: str) -> None:
        self.state = "ready"
        self.notify(message, severity="error", timeout=10)

    def action_pause(self) -> None:
        if self._recorder is not None and self.state == "recording":
            self._recorder.pause()
            self.state = "paused"

    def action_resume(self) -> None:
        if self._recorder is not None and self.state == "paused":
            self._recorder.resume()
            self.state = "recording"

    def action_stop(self) -> None:
        recorder, path = self._recorder, self._recording
        if recorder is None or path is None:
            return
        app = self.vi_app
        self._recorder = None
        app.active_recorder = app.active_recording = None
        self._answer_ended_s = self.session.clock.seconds()
        try:
            recorder.stop()
        except Exception as exc:  # noqa: BLE001 - whatever happened, score what reached the disk
            self.notify(f"The recording ended with an error: {exc}", severity="error")
        if not path.exists() or path.stat().st_size <= 44:
            self._problem("Nothing was recorded. Answer again (space), or skip the turn (s).")
            return
        self.state = "scoring"
        self._score(path)

    def _score(self, path: Path) -> None:
        turn = self.session.turn
        assert turn is not None
        question = self.session.question(turn)
        scorer = self.vi_app.services.scorer
        self._cancel = threading.Event()

        def score() -> Report:
            return scorer(path, question, cancel=self._cancel)

        self.run_worker(score, thread=True, group="score", exclusive=True, exit_on_error=False)

    def _scored(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self._problem(
                f"Your answer could not be scored: {error}. Answer again (space) or skip (s)."
            )
            return
        report = event.worker.result
        assert isinstance(report, Report)
        ended = self._answer_ended_s
        if ended is None:  # a recovered answer: it ended its own length after it was asked
            turn = self.session.turn
            length = report.audio.duration_s if report.audio is not None else 0.0
            ended = (turn.asked_s if turn is not None else 0.0) + length
        try:
            self.session.answered(report, self._recording, ended)
        except (OSError, VoiceInterviewError) as exc:
            self.notify(f"The round could not be saved: {exc}", severity="error", timeout=10)
        self._recording = None
        self._ask()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state not in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            return
        if event.worker.group == "tts":
            self._spoken(event)
        elif event.worker.group == "score" and event.state != WorkerState.CANCELLED:
            self._scored(event)

    # Turns the candidate controls ---------------------------------------------------------

    def action_repeat(self) -> None:
        turn = self.session.turn
        if turn is not None and not self._speaking and self.state == "ready":
            self._speak(turn.spoken)

    def action_skip(self) -> None:
        def skip() -> None:
            self.session.skipped(self.session.clock.seconds())
            self._ask()

        self._when_quiet(skip)

    def action_end(self) -> None:
        def answer(yes: bool | None) -> None:
            if yes:
                self._when_quiet(self._end_now)

        self.app.push_screen(
            ConfirmScreen(
                "End the round now? It is scored as it stands.", yes="End it", no="Go on"
            ),
            answer,
        )

    def _end_now(self) -> None:
        if self._recorder is not None:
            self.action_stop_without_scoring()
        self.session.end()
        self._finish()

    def action_stop_without_scoring(self) -> None:
        """Stop a paused answer that will not count (the round is ending)."""
        recorder = self._recorder
        self._recorder = None
        self.vi_app.active_recorder = self.vi_app.active_recording = None
        if recorder is not None:
            try:
                recorder.stop()
            except Exception:  # noqa: BLE001 - the round ends either way
                pass

    def action_leave(self) -> None:
        def answer(yes: bool | None) -> None:
            if yes:
                self._stop_speaker()
                self.dismiss()

        self.app.push_screen(
            ConfirmScreen(
                "Leave the round? It is kept: resume it from Rounds (F5), or see it scored as "
                "it stands.",
                yes="Leave",
                no="Stay",
            ),
            answer,
        )

    def _finish(self) -> None:
        from voice_interview.tui.screens.debrief import DebriefScreen

        debrief = self.session.debrief(self.vi_app.settings.scoring.rubric)
        self.app.switch_screen(DebriefScreen(debrief, self.session.kept.key))

    # Ten times a second -------------------------------------------------------------------

    def _tick(self) -> None:
        seconds = self.session.clock.seconds()
        self._timeline.show(seconds)
        recorder = self._recorder
        if recorder is None:
            self._meter.level = 0.0
            return
        self._meter.level = recorder.level if self.state == "recording" else 0.0
        self._ticks += 1
        words = getattr(recorder, "live_words", None)
        if words is not None and self._ticks % LIVE_EVERY_TICKS == 0:
            self._live.update(live_summary(words, recorder.elapsed_s))
        if words and self._checklist is not None and self._ticks % CHECK_EVERY_TICKS == 0:
            self._live_checklist(words)
        if recorder.error:
            self.notify(f"{recorder.error}. Scoring what was recorded.", severity="error")
            self.action_stop()
            return
        self._watch_phase(seconds)

    def _watch_phase(self, seconds: float) -> None:
        """Tell the candidate when the phase's time is up; move on after the grace period."""
        turn = self.session.turn
        if turn is None or self.state != "recording":
            return
        end = self.session.phase_end_s(turn)
        if seconds >= end and not self._phase_warned:
            self._phase_warned = True
            grace = int(self.round.grace_s)
            self.notify(
                f"Time for {self.round.phase(turn.phase).title} is up: finish your sentence, "
                f"the interviewer moves on in {grace} seconds.",
                severity="warning",
                timeout=grace,
            )
        if seconds >= end + self.round.grace_s:
            self.action_stop()

    def _live_checklist(self, words: Sequence[Word]) -> None:
        checklist = self.round.checklist
        assert checklist is not None
        question = self.session.engine.questions[checklist]
        config = self.vi_app.settings.scoring.rubric
        rubric = score_rubric(words, question, config)
        self._live_covered = {s.id for s in rubric.signals if s.met}
        self._refresh_panels()

    def _refresh_panels(self) -> None:
        state = self.session.state
        self._plan.update(plan_lines(self.round, state))
        if self._checklist is None:
            return
        turn = self.session.turn
        self._checklist.update(
            checklist_lines(
                [(p.id, p.title) for p in self.round.phases],
                self.session.checklist_items(),
                {c.id for c in self.session.checklist() if c.met},
                self._live_covered,
                turn.phase if turn is not None else None,
            )
        )
