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
        assert any("Scoring cancelled" in n.message for n in app._notifications)
        assert kit.history.reports == {}
        # Kept in the history as not scored, with its recording, to be scored later.
        (waiting,) = kit.history.unscored()
        assert (
            waiting.error == "scoring cancelled" and waiting.question_id == "amazon-ownership-drop"
        )
        assert waiting.audio_path is not None and waiting.audio_path.exists()
        assert answer.started_at is not None
        assert waiting.started_at == answer.started_at


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
        assert "model 'large-v3' not found" in error and "Settings (F4)" in error
        assert "--model" not in error
        hint = str(scoring.query_one("#scoring-hint").render())
        assert "kept in the history as attempt 1, not scored" in hint
        (waiting,) = kit.history.unscored()
        assert scoring.path == waiting.audio_path and scoring.path.exists()
        kit.scorer.fail = None
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
        assert len(kit.scorer.calls) == 2
        # Scored at last: the same attempt, now with its report.
        assert kit.history.unscored() == [] and list(kit.history.reports) == ["1"]


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


async def test_an_answer_with_too_little_speech_is_not_kept(kit: Kit) -> None:
    """Space pressed twice by mistake: no 0:00 attempt in the history, and the app says so."""
    kit.scorer = FakeScorer(duration_s=4.0)  # 1 s of speech, under the 5 s default
    app = kit.app("amazon-ownership-drop")
    async with app.run_test() as pilot:
        answer = await record_and_stop(app, pilot)
        await wait_for(pilot, lambda: any("Not kept" in n.message for n in app._notifications))
        assert app.screen is answer and answer.state == "ready"
        message = next(n.message for n in app._notifications if "Not kept" in n.message)
        assert "only 1.0 s of speech, under the 5 s an attempt needs" in message
        assert "Press Space to answer again" in message
        assert kit.history.reports == {} and kit.history.unscored() == []
        assert answer.recording_path is not None and not answer.recording_path.exists()
