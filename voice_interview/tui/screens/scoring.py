"""Scoring a recording behind a progress dialog; Escape cancels, errors are shown, nothing is lost.

The scorer runs in a thread worker. Its progress reaches the UI as messages that replace each other
while they wait in the queue (`can_replace`), so a transcriber reporting every segment cannot flood
the app; the bar shows the latest value. A recording that is not scored (an error, or Escape) is
kept in the history at once as "not scored", so that it is listed and can be scored later, even
if the app is left right away.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import ProgressBar, Static
from textual.worker import Worker, WorkerState

from voice_interview.errors import Cancelled, ModelError, VoiceInterviewError
from voice_interview.models.question import Question
from voice_interview.models.report import Report
from voice_interview.tui.format import model_problem
from voice_interview.tui.screens.base import AppModal


class ScoreProgress(Message):
    """Posted from the scoring thread; a newer one replaces an older one still queued."""

    def __init__(self, fraction: float, text: str) -> None:
        super().__init__()
        self.fraction = fraction
        self.text = text

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ScoreProgress)


@dataclass(frozen=True)
class Scored:
    """What the dialog ends with when scoring succeeded."""

    report: Report
    path: Path
    """Where the recording is now (inside the history when it was kept as not scored first)."""
    attempt_id: int | None
    """The attempt kept as not scored, now to be given its report; None for a new answer."""


@dataclass(frozen=True)
class _Outcome:
    report: Report | None = None
    error: str | None = None
    cancelled: bool = False


class ScoringScreen(AppModal):
    """Dismisses with a Scored, or None when cancelled or abandoned after an error (the
    recording then kept in the history as not scored)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("r", "retry", "Retry"),
    ]

    def __init__(
        self,
        path: Path,
        question: Question,
        *,
        started_at: datetime | None = None,
        attempt_id: int | None = None,
    ) -> None:
        super().__init__()
        self.path = path
        self.question = question
        self.started_at = started_at or datetime.now().astimezone()
        self.attempt_id = attempt_id
        """The attempt this recording is kept as, once it has been kept as not scored."""
        self.cancel_event = threading.Event()
        self.running = False
        self._bar = ProgressBar(total=1.0, show_eta=False, id="scoring-bar")
        self._message = Static("Starting…", id="scoring-message")
        self._error = Static("", id="scoring-error")
        self._hint = Static("", id="scoring-hint")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="scoring-box"):
            yield Static(f"Scoring your answer to '{self.question.title}'", id="scoring-title")
            yield self._bar
            yield self._message
            yield self._error
            yield self._hint

    def on_mount(self) -> None:
        self._start()

    def on_unmount(self) -> None:
        # Quitting mid-scoring: stop the thread at its next progress report.
        self.cancel_event.set()

    @property
    def busy_reason(self) -> str | None:  # type: ignore[override]
        return "Scoring is running: Escape cancels it." if self.running else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return not self.running
        return True

    def _start(self) -> None:
        self.running = True
        self.cancel_event = threading.Event()
        self.remove_class("-failed")
        self._error.update("")
        self._hint.update("Escape cancels; the recording is kept in the history either way.")
        self._bar.update(progress=0.0)
        self.refresh_bindings()
        self.run_worker(
            self._score, thread=True, group="score", exclusive=True, exit_on_error=False
        )

    def _score(self) -> _Outcome:
        def progress(fraction: float, text: str) -> None:
            self.post_message(ScoreProgress(fraction, text))

        scorer = self.vi_app.services.scorer
        try:
            report = scorer(self.path, self.question, progress=progress, cancel=self.cancel_event)
        except Cancelled:
            return _Outcome(cancelled=True)
        except ModelError as exc:
            return _Outcome(error=model_problem(str(exc)))
        except VoiceInterviewError as exc:
            if self.cancel_event.is_set():
                return _Outcome(cancelled=True)
            return _Outcome(error=str(exc))
        except Exception as exc:  # noqa: BLE001 - an unexpected failure must not lose the answer
            return _Outcome(error=f"Scoring failed unexpectedly: {type(exc).__name__}: {exc}")
        return _Outcome(report=report)

    @on(ScoreProgress)
    def _progress(self, event: ScoreProgress) -> None:
        if self.running:
            self._bar.update(progress=max(0.0, min(1.0, event.fraction)))
            self._message.update(event.text.capitalize() + "…")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "score":
            return
        if event.state == WorkerState.SUCCESS:
            outcome = event.worker.result
            assert isinstance(outcome, _Outcome)
            self._finish(outcome)
        elif event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self._finish(_Outcome(error=str(event.worker.error or "scoring stopped")))

    def _finish(self, outcome: _Outcome) -> None:
        self.running = False
        self.refresh_bindings()
        if outcome.report is not None:
            self.dismiss(Scored(outcome.report, self.path, self.attempt_id))
            return
        kept = self._keep_unscored("scoring cancelled" if outcome.cancelled else outcome.error)
        if outcome.cancelled:
            self.notify(f"Scoring cancelled. {kept}", timeout=10)
            self.dismiss(None)
        else:
            self.add_class("-failed")
            self._message.update("Scoring failed.")
            self._error.update(outcome.error or "")
            self._hint.update(f"{kept}\nr retries now; Escape closes; F4 opens Settings.")

    def _keep_unscored(self, why: str | None) -> str:
        """Keep the recording in the history as not scored (or note why again); say where."""
        history = self.vi_app.services.history
        reason = (why or "scoring failed").splitlines()[0]
        try:
            if self.attempt_id is None:
                kept = history.add_unscored(
                    self.question.id, self.started_at, self.path, reason, move=True
                )
                self.attempt_id = kept.id
                self.path = kept.audio_path or self.path
            else:
                history.set_error(self.attempt_id, reason)
        except (OSError, VoiceInterviewError) as exc:
            return f"The recording is kept at {self.path} (not in the history: {exc})."
        return (
            f"The recording is kept in the history as attempt {self.attempt_id}, not scored: "
            "F3 lists it, and Enter there scores it."
        )

    def action_cancel(self) -> None:
        if self.running:
            self.cancel_event.set()
            self._message.update("Cancelling…")
        else:
            self.dismiss(None)

    def action_retry(self) -> None:
        if not self.running:
            self._start()
