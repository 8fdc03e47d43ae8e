"""The report screen's headline shows why the verdict was lowered and every red flag with its
quote and time; a missing signal shows words the transcriber may have misheard."""

from __future__ import annotations

from tests.tui.conftest import Kit, wait_for_screen
from tests.tui.data import make_report, questions
from voice_interview.models.report import (
    LengthCheck,
    RedFlag,
    Report,
    SignalResult,
    UnsureWord,
)
from voice_interview.tui.screens.report import ReportScreen


def flagged_report() -> Report:
    report = make_report(questions()[0], score=84)
    rubric = report.rubric
    missing = SignalResult(
        id="fix_shipped",
        label="Mitigated, then shipped the fix",
        met=False,
        strength=0.0,
        advice="Say when you rolled back.",
        maybe_misheard=[UnsureWord(text="wrote", start=41.0, end=41.4, probability=0.38)],
    )
    flags = [
        RedFlag(
            id="handed_off",
            label="Hands the work to another team",
            origin="shared",
            advice="Say what you did yourself.",
            text="I'd pass it to the data team,",
            start=62.0,
            end=64.5,
        )
    ]
    length = LengthCheck(
        seconds=134.0,
        target_min_s=300,
        target_max_s=420,
        verdict="short",
        capped=True,
        advice="Expand the action.",
    )
    return report.model_copy(
        update={
            "rubric": rubric.model_copy(
                update={
                    "verdict": "meets",
                    "content_verdict": "raises_the_bar",
                    "verdict_reasons": ["A red flag means it cannot raise the bar: Hands off."],
                    "red_flags": flags,
                    "signals": [*rubric.signals, missing],
                    "length": length,
                }
            )
        }
    )


async def test_headline_shows_reasons_and_red_flags(kit: Kit) -> None:
    async with kit.app().run_test(size=(120, 44)) as pilot:
        pilot.app.open_report(flagged_report())  # type: ignore[attr-defined]
        screen = await wait_for_screen(pilot, ReportScreen)
        head = str(screen.query_one("#report-head").render())
        assert "Meets the bar  84/100" in head
        assert "Content alone: Raises the bar." in head
        assert "cannot raise the bar" in head
        assert "Hands the work to another team" in head and "I'd pass it to the data team" in head
        assert "1:02-1:04" in head
        advice = str(screen.query_one("#advice").render())
        assert "Red flags to avoid" in advice and "Say what you did yourself." in advice


async def test_a_missing_signal_shows_possibly_misheard_words(kit: Kit) -> None:
    async with kit.app().run_test(size=(120, 44)) as pilot:
        pilot.app.open_report(flagged_report())  # type: ignore[attr-defined]
        screen = await wait_for_screen(pilot, ReportScreen)
        for _ in range(3):
            await pilot.press("down")
        detail = str(screen.query_one("#signal-detail").render())
        assert "Mitigated, then shipped the fix" in detail
        assert "May be a transcription error: \u201cwrote\u201d at 0:41 (38% sure)" in detail
