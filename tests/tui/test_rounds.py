"""The round screens with Pilot: picking a round, the conversation (speaking, answering, follow-
ups with their reasons), pause, repeat, skip, ending early, the phase clock moving the round on,
live checklist ticks, resuming a round left open, and the debrief."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import Kit, wait_for, wait_for_screen
from tests.tui.data import write_wav
from tests.tui.round_kit import FakeClock, LiveRecorder, TypedScorer, quiet, round_services
from voice_interview.core.questions import load_bank
from voice_interview.core.rounds.loader import load_rounds
from voice_interview.models.transcript import Word
from voice_interview.tui.round_services import RoundServices, RoundSession
from voice_interview.tui.screens.debrief import DebriefScreen
from voice_interview.tui.screens.dialogs import ConfirmScreen
from voice_interview.tui.screens.round import RoundScreen
from voice_interview.tui.screens.rounds import RoundsScreen

SIZE = (120, 40)
STORY = (
    "I owned the ranking model and I had an alarm on click-through rate. After the launch my "
    "alarm fired and CTR dropped about four percent. I found the root cause, a freshness feature "
    "computed with request time in training but event time in serving."
)


def shown(screen: RoundScreen) -> str:
    return str(screen.query_one("#round-turn").render())


async def open_round(pilot: Pilot[Any], round_id: str) -> RoundScreen:
    await pilot.press("f5")
    rounds = await wait_for_screen(pilot, RoundsScreen)
    rounds._list.highlighted = rounds._list.get_option_index(f"round:{round_id}")
    await pilot.press("enter")
    screen = await wait_for_screen(pilot, RoundScreen)
    await wait_for(pilot, lambda: screen.state == "ready")
    return screen


async def answer(pilot: Pilot[Any], screen: RoundScreen) -> None:
    """Record an answer (the fake recorder writes a second of silence); wait for the next turn."""
    asked = len(screen.session.state.asked)
    await pilot.press("space")
    await wait_for(pilot, lambda: screen.state == "recording")
    await pilot.press("space")
    await wait_for(
        pilot,
        lambda: (
            not screen.is_current
            or (screen.state in ("ready", "speaking") and len(screen.session.state.asked) > asked)
        ),
    )


async def test_a_round_asks_follows_up_and_keeps_every_answer(kit: Kit) -> None:
    scorer = TypedScorer([STORY])
    services = round_services(kit)
    app = kit.app(rounds=services, scorer=scorer)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_round(pilot, "quick-drill-15")
        first = screen.session.turn
        assert first is not None and first.kind == "main"
        assert kit.speaker.spoken == [first.spoken]  # the interviewer read the question aloud
        await answer(pilot, screen)
        probe = screen.session.turn
        assert probe is not None and probe.kind == "probe" and probe.why is not None
        assert probe.text in shown(screen)
        assert "Asked because" in str(screen.query_one("#round-why").render())
        assert kit.speaker.spoken[-1] == probe.spoken
        # Recording only ever starts after the interviewer has stopped speaking.
        assert kit.recorders.log[:3] == ["speak", "quiet", "record"]
        kept = services.store.get(screen.session.kept.id)
        assert kept.status == "open" and len(kept.state.answers) == 1
        recording = kept.recording(0)
        assert recording is not None and recording.name == "turn-01.wav"
        assert scorer.calls[0] == (recording, screen.session.state.plan[0].question_id)


async def test_pause_repeat_and_skip(kit: Kit) -> None:
    services = round_services(kit)
    clock = FakeClock()
    app = kit.app(rounds=services, scorer=TypedScorer([STORY]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await wait_for_screen(pilot, RoundsScreen)
        session = RoundSession.start(services, "quick-drill-15", now=clock)
        app.push_screen(RoundScreen(session))
        screen = await wait_for_screen(pilot, RoundScreen)
        await wait_for(pilot, lambda: screen.state == "ready")
        await pilot.press("r")  # repeat the question
        await wait_for(pilot, lambda: len(kit.speaker.spoken) == 2)
        assert kit.speaker.spoken[0] == kit.speaker.spoken[1]
        await wait_for(pilot, lambda: screen.state == "ready")
        clock.now += 30
        await pilot.press("space")
        await wait_for(pilot, lambda: screen.state == "recording")
        clock.now += 60
        await pilot.press("p")
        await wait_for(pilot, lambda: screen.state == "paused")
        clock.now += 500  # a long pause does not count on the round's clock
        assert session.clock.seconds() == 90
        await pilot.press("p")
        assert kit.recorders.made[-1].calls[1:3] == [("pause",), ("resume",)]
        clock.now += 10
        await pilot.press("space")
        await wait_for(pilot, lambda: len(session.state.answers) == 1 and screen.state == "ready")
        assert session.state.answers[0].ended_s == 100
        # Skipping the follow-up: the drill has no other main question, so the round ends.
        await pilot.press("s")
        debrief = await wait_for_screen(pilot, DebriefScreen)
        assert debrief.debrief.ending == "finished"
        assert debrief.debrief.turns[1].skipped


async def test_ending_early_goes_to_the_debrief_and_keeps_it(kit: Kit) -> None:
    services = round_services(kit)
    app = kit.app(rounds=services, scorer=TypedScorer([STORY]))
    quiet(kit)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_round(pilot, "amazon-lp-loop-60")
        await answer(pilot, screen)
        await pilot.press("e")
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.press("y")
        debrief = await wait_for_screen(pilot, DebriefScreen)
        assert debrief.debrief.ending == "ended_early"
        assert "Debrief" in str(debrief.query_one(".title-bar").render())
        kept = services.store.get(debrief.key)
        assert kept.status == "ended_early" and kept.debrief == debrief.debrief
        await pilot.press("m")
        exports = list((kit.data_dir / "exports").glob("amazon-lp-loop-60-r1-*.md"))
        assert len(exports) == 1 and exports[0].read_text().startswith("# Amazon Leadership")


async def test_the_interviewer_moves_on_when_the_phase_runs_out(kit: Kit) -> None:
    services = round_services(kit)
    clock = FakeClock()
    quiet(kit)
    app = kit.app(rounds=services, scorer=TypedScorer(["I would look at accuracy first."]))
    async with app.run_test(size=SIZE) as pilot:
        session = RoundSession.start(services, "mle-model-evaluation-30", now=clock)
        app.push_screen(RoundScreen(session))
        screen = await wait_for_screen(pilot, RoundScreen)
        await wait_for(pilot, lambda: screen.state == "ready")
        await pilot.press("space")
        await wait_for(pilot, lambda: screen.state == "recording")
        clock.now += 10 * 60  # the framing phase's ten minutes
        await wait_for(pilot, lambda: screen._phase_warned)
        assert screen.state == "recording"  # told, with time to finish the sentence
        clock.now += session.engine.round.grace_s
        await wait_for(pilot, lambda: len(session.state.answers) == 1)
        turn = session.turn
        assert turn is not None
        assert (turn.kind, turn.phase) == ("main", "validation")


async def test_checklist_items_tick_while_the_candidate_speaks(kit: Kit) -> None:
    services = round_services(kit)
    quiet(kit)
    recorder = LiveRecorder()
    app = kit.app(rounds=services, scorer=TypedScorer([]), recorder_factory=lambda: recorder)
    async with app.run_test(size=SIZE) as pilot:
        session = RoundSession.start(services, "mle-model-evaluation-30")
        app.push_screen(RoundScreen(session))
        screen = await wait_for_screen(pilot, RoundScreen)
        await wait_for(pilot, lambda: screen.state == "ready")
        panel = screen.query_one("#round-checklist")
        assert str(panel.render()).count("☐") == 15
        await pilot.press("space")
        await wait_for(pilot, lambda: screen.state == "recording")
        said = (
            "Accuracy is misleading here because violations are rare, so I would not use it. "
            "I would calibrate the scores with isotonic regression."
        )
        recorder.live_words = [Word(text=w, start=i * 0.3) for i, w in enumerate(said.split())]
        await wait_for(pilot, lambda: "calibration" in screen._live_covered, tries=600)
        assert {"rejects_accuracy", "calibration"} <= screen._live_covered
        assert str(panel.render()).count("☐") <= 13


async def test_a_round_left_open_resumes_with_the_answer_it_was_given(kit: Kit) -> None:
    services = round_services(kit)
    quiet(kit)
    # A round that stopped while the candidate was answering its first question.
    left = RoundSession.start(services, "quick-drill-15")
    turn = left.turn
    assert turn is not None
    write_wav(left.recording_path(turn), seconds=2.0)
    scorer = TypedScorer([STORY])
    app = kit.app(rounds=services, scorer=scorer)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: any("left open" in n.message for n in app._notifications))
        await pilot.press("f5")
        rounds = await wait_for_screen(pilot, RoundsScreen)
        rounds._list.highlighted = rounds._list.get_option_index(f"open:{left.kept.key}")
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, RoundScreen)
        await wait_for(pilot, lambda: len(screen.session.state.answers) == 1)
        assert scorer.calls[0][0] == left.recording_path(turn)
        assert screen.session.turn is not None and screen.session.turn.kind == "probe"


async def test_a_round_left_open_can_be_scored_as_it_stands(kit: Kit) -> None:
    services: RoundServices = round_services(kit)
    quiet(kit)
    app = kit.app(rounds=services, scorer=TypedScorer([STORY]))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_round(pilot, "quick-drill-15")
        await answer(pilot, screen)
        await pilot.press("escape")
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.press("y")
        rounds = await wait_for_screen(pilot, RoundsScreen)
        key = screen.session.kept.key
        rounds._list.highlighted = rounds._list.get_option_index(f"open:{key}")
        await pilot.press("d")
        debrief = await wait_for_screen(pilot, DebriefScreen)
        assert debrief.debrief.ending == "ended_early"
        assert len(debrief.debrief.turns) == 2
        assert services.store.get(key).status == "ended_early"


async def test_quitting_mid_answer_keeps_the_round(kit: Kit) -> None:
    services = round_services(kit)
    quiet(kit)
    app = kit.app(rounds=services, scorer=TypedScorer([STORY]))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_round(pilot, "quick-drill-15")
        await pilot.press("space")
        await wait_for(pilot, lambda: screen.state == "recording")
        await pilot.press("ctrl+q")
    assert app.saved_round == "r1"
    assert ("stop",) in kit.recorders.made[-1].calls
    assert services.store.get("r1").status == "open"


BUILT_IN = [r.id for r in load_rounds(load_bank(None))]


@pytest.mark.parametrize("round_id", BUILT_IN)
async def test_every_built_in_round_runs_to_its_debrief(kit: Kit, round_id: str) -> None:
    """Each round the product ships, answered turn by turn in the app, ends in a debrief that
    accounts for every turn it asked, and is kept as finished."""
    services = round_services(kit)
    app = kit.app(rounds=services, scorer=TypedScorer([STORY] * 40))
    quiet(kit)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_round(pilot, round_id)
        turns = 0
        while screen.is_current:
            turns += 1
            assert turns <= 40, "the round keeps asking"
            await answer(pilot, screen)
        debrief = await wait_for_screen(pilot, DebriefScreen)
        kept = services.store.get(debrief.key)
        assert kept.status == "finished" and debrief.debrief.ending == "finished"
        assert len(kept.state.answers) == turns
        assert "Debrief" in str(debrief.query_one(".title-bar").render())
