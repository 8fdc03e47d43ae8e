"""The practice app: pick a question, hear it, answer out loud, read the scorecard.

`make_app` builds the app from its services (question bank, recorder, speaker, scorer, history,
player), so the CLI passes real ones (`run_app`) and tests pass fakes. Screens reach the services
through `app.services` and never import an audio or model library themselves.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial
from pathlib import Path

from textual import events, work
from textual.app import App
from textual.binding import Binding

from voice_interview.errors import VoiceInterviewError
from voice_interview.history import too_little_speech
from voice_interview.models.question import Question
from voice_interview.models.report import Report
from voice_interview.settings import ModelSettings, Settings
from voice_interview.settings import data_dir as default_data_dir
from voice_interview.speech.model_choices import ModelChoice
from voice_interview.tui.format import model_problem
from voice_interview.tui.palette import PracticeCommands
from voice_interview.tui.ports import (
    BankLike,
    Corrector,
    HistoryLike,
    ModelCheck,
    Player,
    RecorderFactory,
    RecorderLike,
    Scorer,
    Services,
    SpeakerLike,
)
from voice_interview.tui.round_services import RoundServices
from voice_interview.tui.screens.answer import AnswerScreen, recorded_at_from_name
from voice_interview.tui.screens.base import MIN_HEIGHT, MIN_WIDTH
from voice_interview.tui.screens.dialogs import ConfirmScreen
from voice_interview.tui.screens.help import HelpScreen
from voice_interview.tui.screens.history import HistoryScreen
from voice_interview.tui.screens.picker import PickerScreen
from voice_interview.tui.screens.report import ReportScreen
from voice_interview.tui.screens.scoring import Scored, ScoringScreen
from voice_interview.tui.screens.settings import SettingsScreen


class VoiceInterviewApp(App[int]):
    """The app; build it with `make_app`."""

    CSS_PATH = "app.tcss"
    TITLE = "voice-interview"
    SUB_TITLE = "local mock-interview practice"
    COMMANDS = App.COMMANDS | {PracticeCommands}
    BINDINGS = [
        # Ctrl-C quits (instead of Textual's "press ctrl+q" hint) because people press it to
        # get out; quitting stops the recorder first so the answer file is complete.
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1", "help", "Help"),
        # Work everywhere (dialogs repeat them: see AppModal); shown in the footer by the
        # question list only, to keep footers short.
        Binding("f2", "questions", "Questions", show=False),
        Binding("f3", "history", "History", show=False),
        Binding("f4", "settings", "Settings", show=False),
        Binding("f5", "rounds", "Rounds", show=False),
    ]

    def __init__(
        self,
        *,
        settings: Settings,
        services: Services,
        start_question: str | None = None,
        start_round: str | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.services = services
        self.start_question = start_question
        self.start_round = start_round
        self.active_recorder: RecorderLike | None = None
        """The recorder while an answer is being recorded, so quitting can finalise its file."""
        self.active_recording: Path | None = None
        self.saved_on_exit: Path | None = None
        """An unfinished answer that was saved when the app quit, for the CLI to mention."""
        self.saved_question: str | None = None
        self.saved_round: str | None = None
        """A round left open by quitting mid-answer (its id in the history), for the CLI."""
        self._tts_warned = False
        self._model_checks: dict[str, str] = {}
        """Per model setting checked: "" when it loads, else what is wrong with it."""
        self._model_waiting: list[tuple[str, Callable[[], None], Callable[[str], None]]] = []

    # Start-up -----------------------------------------------------------------------------

    def get_default_screen(self) -> PickerScreen:
        return PickerScreen()

    def on_mount(self) -> None:
        self._check_size(self.size.width, self.size.height)
        # The model is checked (and loaded, which the first answer then needs no time for) as
        # the app starts: a model that cannot work is said now, not after an answer.
        self.ensure_model(self.settings.model, lambda: None, self._warn_model)
        if self.start_question:
            try:
                question = self.services.bank.get(self.start_question)
            except VoiceInterviewError as exc:
                self.notify(str(exc), severity="error", timeout=10)
            else:
                self.push_screen(AnswerScreen(question))
        if self.start_round:
            self._start_round(self.start_round)
        if self.services.recover is not None:
            self._look_for_interrupted()
        if self.services.rounds is not None and not self.start_round:
            self._mention_open_rounds()

    @work(thread=True, exit_on_error=False, group="recover")
    def _look_for_interrupted(self) -> None:
        assert self.services.recover is not None
        try:
            found = list(self.services.recover(self.services.recordings_dir))
        except (OSError, VoiceInterviewError) as exc:
            self.call_from_thread(self.notify, f"Could not check for interrupted recordings: {exc}")
            return
        if found:
            self.call_from_thread(self._offer_recovered, found)

    def _offer_recovered(self, paths: Sequence[Path]) -> None:
        path = paths[-1]
        more = f" (and {len(paths) - 1} more in {path.parent})" if len(paths) > 1 else ""

        def answer(score_it: bool | None) -> None:
            if score_it:
                self.push_screen(PickerScreen(recovered=path))

        self.push_screen(
            ConfirmScreen(
                f"A recording from an interrupted session was found:\n{path}{more}\n\n"
                "Score it now? You will pick the question it answers.",
                yes="Score it",
                no="Not now",
            ),
            answer,
        )

    # Rounds -------------------------------------------------------------------------------

    def _start_round(self, round_id: str) -> None:
        from voice_interview.tui.round_services import RoundSession
        from voice_interview.tui.screens.round import RoundScreen
        from voice_interview.tui.screens.rounds import RoundsScreen

        if self.services.rounds is None:
            return
        try:
            session = RoundSession.start(self.services.rounds, round_id)
        except (OSError, VoiceInterviewError) as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.push_screen(RoundsScreen())
        self.push_screen(RoundScreen(session))

    def _mention_open_rounds(self) -> None:
        assert self.services.rounds is not None
        try:
            left = list(self.services.rounds.store.unfinished())
        except (OSError, VoiceInterviewError):
            return
        if left:
            self.notify(f"A round was left open ({left[0].key}): F5 resumes it.", timeout=10)

    def action_rounds(self) -> None:
        from voice_interview.tui.screens.rounds import RoundsScreen

        if self.services.rounds is None:
            self.notify("Rounds are not available here.", severity="warning")
            return
        if self._back_to_picker():
            self.push_screen(RoundsScreen())

    # Size ---------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        self.set_class(width < MIN_WIDTH or height < MIN_HEIGHT, "-too-small")

    # Navigation ---------------------------------------------------------------------------

    def _busy_reason(self) -> str | None:
        for screen in reversed(self.screen_stack):
            reason = getattr(screen, "busy_reason", None)
            if reason:
                return str(reason)
        return None

    def _back_to_picker(self) -> bool:
        reason = self._busy_reason()
        if reason:
            self.notify(reason, severity="warning")
            return False
        while len(self.screen_stack) > 1:
            self.pop_screen()
        return True

    def action_questions(self) -> None:
        self._back_to_picker()

    def action_history(self) -> None:
        if self._back_to_picker():
            self.push_screen(HistoryScreen())

    def action_settings(self) -> None:
        if isinstance(self.screen, SettingsScreen):
            return  # already there: do not lose what is being typed
        if self._back_to_picker():
            self.push_screen(SettingsScreen())

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def open_question(self, question: Question, recovered: Path | None = None) -> None:
        """Go to the answer screen for `question` (or straight to scoring a recovered file)."""
        if not self._back_to_picker():
            return
        if recovered is not None:
            self.score_recording(recovered, question, replace=False)
        else:
            self.push_screen(AnswerScreen(question))

    def open_report(
        self, report: Report, audio_path: Path | None = None, attempt_id: int | None = None
    ) -> None:
        self.push_screen(ReportScreen(report, audio_path=audio_path, attempt_id=attempt_id))

    # The transcription model --------------------------------------------------------------

    def ensure_model(
        self, model: ModelSettings, ready: Callable[[], None], failed: Callable[[str], None]
    ) -> None:
        """Call `ready` once `model` is known to load, or `failed` with why it cannot (what is
        wrong with the model; `format.model_problem` says it in full). The check runs once per
        model setting, in a thread worker."""
        check = self.services.check_model
        if check is None:
            ready()
            return
        key = model.model_dump_json()
        known = self._model_checks.get(key)
        if known is not None:
            if known:
                failed(known)
            else:
                ready()
            return
        pending = any(k == key for k, _, _ in self._model_waiting)
        self._model_waiting.append((key, ready, failed))
        if not pending:
            self.run_worker(
                partial(self._check_model, check, model, key),
                thread=True,
                group="model-check",
                exit_on_error=False,
            )

    def _check_model(self, check: ModelCheck, model: ModelSettings, key: str) -> None:
        try:
            check(model)
            problem = ""
        except VoiceInterviewError as exc:
            problem = str(exc) or "it could not be loaded"
        except Exception as exc:  # noqa: BLE001 - a model library failing oddly is still a problem
            problem = f"it could not be loaded ({type(exc).__name__}: {exc})"
        self.call_from_thread(self._model_checked, key, problem)

    def _model_checked(self, key: str, problem: str) -> None:
        self._model_checks[key] = problem
        now = [w for w in self._model_waiting if w[0] == key]
        self._model_waiting = [w for w in self._model_waiting if w[0] != key]
        for _key, ready, failed in now:
            if problem:
                failed(problem)
            else:
                ready()

    def _warn_model(self, problem: str) -> None:
        self.notify(model_problem(problem), severity="error", timeout=20)

    # Scoring ------------------------------------------------------------------------------

    def score_recording(
        self,
        path: Path,
        question: Question,
        *,
        replace: bool,
        started_at: datetime | None = None,
        attempt_id: int | None = None,
    ) -> None:
        """Score `path` behind a progress dialog; on success keep the attempt and show it.

        With `replace`, the report takes the place of the current (answer) screen. A recording
        that is not scored (an error, or Escape) is kept in the history as not scored, to be
        scored later; `attempt_id` names such an attempt being scored again.
        started_at: when the answer began (default: the time in the recording's name, which
        the app gave it when recording began, else now).
        """
        began = started_at or recorded_at_from_name(path) or datetime.now().astimezone()

        def done(outcome: Scored | None) -> None:
            if outcome is not None:
                self._keep(question, began, outcome, replace=replace)

        screen = ScoringScreen(path, question, started_at=began, attempt_id=attempt_id)
        # Pushed from the app's own queue: a dialog's result goes back to the screen that pushed
        # it, and the screen asking for scoring (a picker) may be gone by then.
        self.call_later(self.push_screen, screen, done)

    def _keep(self, question: Question, began: datetime, outcome: Scored, *, replace: bool) -> None:
        """Keep a scored answer in the history and show its report; too short an answer is
        not kept, and the app says so."""
        history = self.services.history
        short = too_little_speech(outcome.report, self.settings.history.min_speech_s)
        if short:
            self._not_kept(outcome, short)
            return
        try:
            if outcome.attempt_id is None:
                stored = history.add(question.id, began, outcome.report, outcome.path, move=True)
            else:
                stored = history.set_report(outcome.attempt_id, outcome.report)
        except (OSError, VoiceInterviewError) as exc:
            self.notify(
                f"The report could not be saved to history: {exc}. Export it with m or j; "
                f"the recording stays at {outcome.path}.",
                severity="error",
                timeout=10,
            )
            screen = ReportScreen(outcome.report, audio_path=outcome.path)
        else:
            screen = ReportScreen(stored.report, audio_path=stored.audio_path, attempt_id=stored.id)
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def _not_kept(self, outcome: Scored, why: str) -> None:
        where = "min_speech_s under [history] in settings.toml"
        if outcome.attempt_id is None:
            # Space pressed twice by mistake: nothing worth keeping, not even the file.
            outcome.path.unlink(missing_ok=True)
            message = f"Not kept: {why} ({where}). Press Space to answer again."
        else:
            self.services.history.set_error(outcome.attempt_id, f"not kept: {why}")
            message = f"Attempt {outcome.attempt_id} not scored: {why} ({where})."
        self.notify(message, severity="warning", timeout=12)

    # Text to speech -----------------------------------------------------------------------

    def warn_tts_once(self, reason: str) -> None:
        """Say that the question cannot be spoken, once per session; the app carries on."""
        if not self._tts_warned:
            self._tts_warned = True
            self.notify(f"{reason} Read the question on screen.", severity="warning", timeout=8)

    def apply_settings(self, settings: Settings) -> None:
        """Use new settings from now on (the next recording, the next spoken question)."""
        self.settings = settings
        if self.services.on_settings is not None:
            self.services.on_settings(settings)

    # Quitting -----------------------------------------------------------------------------

    async def action_quit(self) -> None:
        self.release_audio()
        self.exit(0)

    def on_unmount(self) -> None:
        self.release_audio()

    def release_audio(self) -> None:
        """Stop speaking, playing and recording so the answer file is finalised; safe to repeat."""
        for part in (self.services.speaker, self.services.player):
            stop = getattr(part, "stop", None)
            try:
                if callable(stop):
                    stop()
            except Exception:  # noqa: BLE001 - quitting must not fail because audio output did
                pass
        recorder, path = self.active_recorder, self.active_recording
        self.active_recorder = self.active_recording = None
        if recorder is not None:
            from voice_interview.tui.screens.round import RoundScreen

            answering = [s for s in self.screen_stack if isinstance(s, AnswerScreen)]
            if answering:
                self.saved_question = answering[-1].question.id
            in_round = [s for s in self.screen_stack if isinstance(s, RoundScreen)]
            if in_round:
                self.saved_round = in_round[-1].session.kept.key
            try:
                recorder.stop()
            except Exception:  # noqa: BLE001 - the file is kept even if the device is gone
                pass
            self.saved_on_exit = path


def make_app(
    *,
    settings: Settings,
    bank: BankLike,
    recorder_factory: RecorderFactory,
    speaker: SpeakerLike,
    scorer: Scorer,
    history: HistoryLike,
    start_question: str | None = None,
    player: Player | None = None,
    data_dir: Path | None = None,
    devices: Callable[[], Sequence[str]] | None = None,
    output_devices: Callable[[], Sequence[str]] | None = None,
    recover: Callable[[Path], Sequence[Path]] | None = None,
    save_settings: Callable[[Settings], Path] | None = None,
    on_settings: Callable[[Settings], None] | None = None,
    check_model: ModelCheck | None = None,
    list_models: Callable[[], Sequence[ModelChoice]] | None = None,
    corrector: Corrector | None = None,
    rounds: RoundServices | None = None,
    start_round: str | None = None,
) -> VoiceInterviewApp:
    """Build the app from its services; the CLI passes real ones, tests pass fakes."""
    if player is None:
        from voice_interview.tui.wiring import play_segment

        player = play_segment
    services = Services(
        bank=bank,
        recorder_factory=recorder_factory,
        speaker=speaker,
        scorer=scorer,
        history=history,
        player=player,
        data_dir=data_dir if data_dir is not None else default_data_dir(),
        devices=devices,
        output_devices=output_devices,
        recover=recover,
        save_settings=save_settings,
        on_settings=on_settings,
        check_model=check_model,
        list_models=list_models,
        corrector=corrector,
        rounds=rounds,
    )
    return VoiceInterviewApp(
        settings=settings, services=services, start_question=start_question, start_round=start_round
    )


def run_app(settings: Settings, question_id: str | None = None, round_id: str | None = None) -> int:
    """Build the real services (audio and model libraries load lazily) and run the app."""
    from voice_interview.tui.wiring import build_real_app

    app = build_real_app(settings, question_id, round_id)
    try:
        code = app.run()
    finally:
        # A SIGINT from outside the terminal (kill -INT) ends run() with KeyboardInterrupt
        # without the quit action: still finish the recording's file.
        app.release_audio()
    if app.saved_round is not None:
        print(
            f"Your round is kept as {app.saved_round}, with the answer you were giving: resume "
            "it in the app (F5, Rounds).",
            file=sys.stderr,
        )
    elif app.saved_on_exit is not None:
        question = f" --question {app.saved_question}" if app.saved_question else ""
        print(
            f"Your unfinished answer was saved to {app.saved_on_exit}\n"
            f"Score it with: voice-interview score {app.saved_on_exit}{question}",
            file=sys.stderr,
        )
    return int(code or 0)
