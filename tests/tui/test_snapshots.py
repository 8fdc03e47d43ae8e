"""What the main screens look like, compared with approved SVG snapshots.

Every value on screen is fixed: fake recorder figures, hand-built reports with fixed dates,
text-to-speech off, local time set to UTC. Update with `pytest tests/tui --snapshot-update`
after checking the new pictures in the report pytest-textual-snapshot writes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import Kit, wait_for, wait_for_screen
from tests.tui.data import FIXED_TIME, make_report, questions
from tests.tui.fakes import FakeHistory
from voice_interview.tui.screens.answer import AnswerScreen
from voice_interview.tui.screens.history import HistoryScreen
from voice_interview.tui.screens.report import ReportScreen

SIZE = (110, 32)
Snap = Callable[..., bool]


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def quiet_kit(kit: Kit) -> Kit:
    kit.settings = kit.settings.model_copy(
        update={"tts": kit.settings.tts.model_copy(update={"enabled": False})}
    )
    return kit


async def filter_focused(pilot: Pilot[Any]) -> None:
    """The picker has mounted and given its filter the focus (on a loaded machine the first
    frame can come before that, without the filter's cursor)."""
    await wait_for(pilot, lambda: getattr(pilot.app.focused, "id", None) == "filter")


def test_picker(snap_compare: Snap, quiet_kit: Kit) -> None:
    assert snap_compare(quiet_kit.app(), run_before=filter_focused, terminal_size=SIZE)


def test_picker_filtered(snap_compare: Snap, quiet_kit: Kit) -> None:
    assert snap_compare(
        quiet_kit.app(), run_before=filter_focused, press=list("meta"), terminal_size=SIZE
    )


def answering(elapsed_s: float) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await wait_for_screen(pilot, AnswerScreen)
        await pilot.press("space")
        await wait_for(pilot, lambda: screen.state == "recording")
        recorder = pilot.app.active_recorder  # type: ignore[attr-defined]
        recorder.elapsed_s = elapsed_s
        screen._tick()
        await pilot.pause()

    return run_before


def test_answer_in_progress(snap_compare: Snap, quiet_kit: Kit) -> None:
    quiet_kit.recorders.level = 0.62
    app = quiet_kit.app("amazon-ownership-drop")
    assert snap_compare(app, terminal_size=SIZE, run_before=answering(330.0))


def test_answer_over_time(snap_compare: Snap, quiet_kit: Kit) -> None:
    app = quiet_kit.app("meta-move-fast")
    assert snap_compare(app, terminal_size=SIZE, run_before=answering(200.0))


def test_answer_phased_interview(snap_compare: Snap, quiet_kit: Kit) -> None:
    app = quiet_kit.app("model-eval-loop")
    assert snap_compare(app, terminal_size=SIZE, run_before=answering(6 * 60 + 5))


def showing_report(*keys: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.open_report(make_report(questions()[0]))  # type: ignore[attr-defined]
        await wait_for_screen(pilot, ReportScreen)
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


def test_report_scorecard(snap_compare: Snap, quiet_kit: Kit) -> None:
    assert snap_compare(quiet_kit.app(), terminal_size=SIZE, run_before=showing_report())


def test_report_fillers(snap_compare: Snap, quiet_kit: Kit) -> None:
    assert snap_compare(quiet_kit.app(), terminal_size=SIZE, run_before=showing_report("2"))


def test_report_pacing(snap_compare: Snap, quiet_kit: Kit) -> None:
    assert snap_compare(quiet_kit.app(), terminal_size=SIZE, run_before=showing_report("3"))


def history_of_four(history: FakeHistory) -> None:
    story, fast, _ = questions()
    history.seed(
        [
            make_report(story, score=58, created_at=FIXED_TIME, wpm=172, fillers_per_min=5.5),
            make_report(fast, score=64, created_at=FIXED_TIME + timedelta(days=1)),
            make_report(story, score=70, created_at=FIXED_TIME + timedelta(days=2)),
            make_report(
                story,
                score=81,
                created_at=FIXED_TIME + timedelta(days=3),
                duration_s=350,
                wpm=146,
                fillers_per_min=2.1,
            ),
        ]
    )


async def _history(pilot: Pilot[Any], *keys: str) -> None:
    await pilot.press("f3")
    screen = await wait_for_screen(pilot, HistoryScreen)
    await wait_for(pilot, lambda: len(screen.attempts) == 4)
    await pilot.press(*keys)
    await pilot.pause()


def test_history(snap_compare: Snap, quiet_kit: Kit) -> None:
    history_of_four(quiet_kit.history)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _history(pilot, "space", "up", "up", "up", "space")

    assert snap_compare(quiet_kit.app(), terminal_size=SIZE, run_before=run_before)


def test_history_compare(snap_compare: Snap, quiet_kit: Kit) -> None:
    history_of_four(quiet_kit.history)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _history(pilot, "space", "up", "up", "up", "space", "c")

    assert snap_compare(quiet_kit.app(), terminal_size=SIZE, run_before=run_before)


def test_too_small(snap_compare: Snap, quiet_kit: Kit) -> None:
    assert snap_compare(quiet_kit.app(), terminal_size=(50, 16))
