"""Scoring after the answer: progress, cancelling, errors shown with the recording kept."""

from __future__ import annotations

from tests.tui.conftest import Kit, wait_for
from tests.tui.fakes import FakeScorer
from voice_interview.errors import ModelError
from voice_interview.tui.app import VoiceInterviewApp
from voice_interview.tui.screens.answer import AnswerScreen
from voice_interview.tui.screens.report import ReportScreen
from voice_interview.tui.screens.scoring import ScoringScreen


async def record_and_stop(app: VoiceInterviewApp, pilot: object) -> AnswerScreen:
    screen = app.screen
    assert isinstance(screen, AnswerScreen)
    await wait_for(pilot, lambda: not screen.speaking)  # type: ignore[arg-type]
    await pilot.press("space", "space")  # type: ignore[attr-defined]
    return screen


async def test_cancel_with_escape_keeps_the_recording(kit: Kit) -> None:
    kit.scorer = FakeScorer(hold=True)
    app = kit.app("amazon-ownership-drop")
    async with app.run_test() as pilot:
        answer = await record_and_stop(app, pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, ScoringScreen))
        scoring = app.screen
        assert isinstance(scoring, ScoringScreen)
        await wait_for(pilot, lambda: kit.scorer.started.is_set())
        # The progress messages were coalesced and the bar shows the latest one.
        await wait_for(pilot, lambda: scoring.query_one("#scoring-bar").progress == 0.49)  # type: ignore[attr-defined]
        await pilot.press("f3")  # navigation waits while scoring runs
        assert app.screen is scoring
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is answer)
        assert answer.recording_path is not None and answer.recording_path.exists()
        assert any("Scoring cancelled" in n.message for n in app._notifications)
        assert kit.history.reports == {}


async def test_missing_model_is_shown_and_retry_works(kit: Kit) -> None:
    kit.scorer = FakeScorer(fail=ModelError("model 'large-v3' not found (pick another model)"))
    app = kit.app("amazon-ownership-drop")
    async with app.run_test() as pilot:
        await record_and_stop(app, pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, ScoringScreen))
        scoring = app.screen
        assert isinstance(scoring, ScoringScreen)
        await wait_for(pilot, lambda: scoring.has_class("-failed"))
        error = str(scoring.query_one("#scoring-error").render())
        assert "model 'large-v3' not found" in error and "Settings" in error
        assert str(scoring.path) in str(scoring.query_one("#scoring-hint").render())
        kit.scorer.fail = None
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
        assert len(kit.scorer.calls) == 2


async def test_error_dialog_closes_with_escape(kit: Kit) -> None:
    kit.scorer = FakeScorer(fail=ModelError("model missing"))
    app = kit.app("amazon-ownership-drop")
    async with app.run_test() as pilot:
        answer = await record_and_stop(app, pilot)
        await wait_for(pilot, lambda: app.screen.has_class("-failed"))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is answer)
        assert answer.state == "ready"


async def test_history_save_failure_still_shows_the_report(kit: Kit) -> None:
    kit.history.fail = OSError(28, "No space left on device")
    app = kit.app("amazon-ownership-drop")
    async with app.run_test() as pilot:
        await record_and_stop(app, pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
        assert any("could not be saved to history" in n.message for n in app._notifications)
