"""What the round screens look like, compared with approved SVG snapshots.

Fixed inputs: the rounds' first draw (no seed), a clock the test sets, typed answers scored by
the real rubric, text-to-speech off. Update with `pytest tests/tui/test_round_snapshots.py
--snapshot-update` after looking at the new pictures.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from tests.tui.conftest import Kit, wait_for, wait_for_screen
from tests.tui.round_kit import FakeClock, TypedScorer, quiet, round_services
from voice_interview.models.transcript import Word
from voice_interview.tui.round_services import RoundSession
from voice_interview.tui.screens.debrief import DebriefScreen
from voice_interview.tui.screens.round import RoundScreen

SIZE = (120, 36)
Snap = Callable[..., bool]
STORY = (
    "I owned the ranking model and I had an alarm on click-through rate. After the launch my "
    "alarm fired and CTR dropped about four percent. I found the root cause, a freshness feature "
    "computed with request time in training but event time in serving."
)


def start(kit: Kit, round_id: str, clock: FakeClock, *, to_probe: bool) -> Callable[..., Any]:
    services = round_services(kit)

    async def run_before(pilot: Pilot[Any]) -> None:
        session = RoundSession.start(services, round_id, now=clock)
        pilot.app.push_screen(RoundScreen(session))
        screen = await wait_for_screen(pilot, RoundScreen)
        await wait_for(pilot, lambda: screen.state == "ready")
        if to_probe:
            await pilot.press("space")
            await wait_for(pilot, lambda: screen.state == "recording")
            clock.now += 95
            await pilot.press("space")
            await wait_for(pilot, lambda: len(session.state.answers) == 1)
            await wait_for(pilot, lambda: screen.state == "ready")
        screen._tick()
        await pilot.pause()

    return run_before


def test_round_follow_up(snap_compare: Snap, kit: Kit) -> None:
    quiet(kit)
    app = kit.app(rounds=round_services(kit), scorer=TypedScorer([STORY]))
    run_before = start(kit, "quick-drill-15", FakeClock(), to_probe=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_round_checklist_live(snap_compare: Snap, kit: Kit) -> None:
    quiet(kit)
    clock = FakeClock()
    app = kit.app(rounds=round_services(kit), scorer=TypedScorer([]))

    async def run_before(pilot: Pilot[Any]) -> None:
        await start(kit, "mle-model-evaluation-30", clock, to_probe=False)(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, RoundScreen)
        await pilot.press("space")
        await wait_for(pilot, lambda: screen.state == "recording")
        clock.now += 7 * 60 + 12
        said = "Accuracy is misleading here because violations are rare, so I would not use it."
        words = [Word(text=w) for w in said.split()]
        screen._live_checklist(words)
        screen._tick()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_round_debrief(snap_compare: Snap, kit: Kit) -> None:
    quiet(kit)
    app = kit.app(rounds=round_services(kit), scorer=TypedScorer([STORY, "I don't remember."]))
    clock = FakeClock()

    async def run_before(pilot: Pilot[Any]) -> None:
        await start(kit, "quick-drill-15", clock, to_probe=True)(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, RoundScreen)
        await pilot.press("space")
        await wait_for(pilot, lambda: screen.state == "recording")
        clock.now += 20
        await pilot.press("space")
        await wait_for(pilot, lambda: len(screen.session.state.answers) == 2)
        await pilot.press("e")
        await pilot.press("y")
        await wait_for_screen(pilot, DebriefScreen)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
