"""A whole quick-drill-15 round in the real app, answered through a real audio path.

The app is built as `voice-interview round quick-drill-15` builds it (`build_real_app`: the
real recorder with live transcription, the Whisper scorer, the round store). Each answer is a
short espeak-ng recording (audio_samples/rounds/) played by `paplay` into this test's own
PulseAudio null sink, whose monitor is the app's input, as a microphone's sound would arrive.
The answer played to each follow-up is the one written for the gap it aims at.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jiwer
import pytest
from textual.pilot import Pilot

from tests.audio_util import SAMPLES
from tests.integration.cli_util import run_cli
from tests.integration.test_app_e2e import (  # noqa: F401 - fixtures
    _NORMALISE,
    home,
    playable_wav,
    recorder_seconds,
    sink,
    wait_until,
)
from voice_interview.core.rounds.coverage import cover, flag_gaps, signal_gaps
from voice_interview.core.rounds.probing import rank
from voice_interview.round_history import RoundStore
from voice_interview.settings import Settings, TTSSettings, data_dir
from voice_interview.tui.app import VoiceInterviewApp
from voice_interview.tui.screens.debrief import DebriefScreen
from voice_interview.tui.screens.round import RoundScreen
from voice_interview.tui.wiring import build_real_app

pytestmark = [pytest.mark.audio, pytest.mark.model]

ROUND = SAMPLES / "rounds"
STORY = ROUND / "drill-1-story.flac"
FOR_GAP = {
    "mechanism": "drill-2-lasting",
    "permanent_change": "drill-2-lasting",
    "first_24_hours": "drill-3-first-day",
}
OTHERWISE = "drill-4-cause"
MAX_WER = 0.35
"""Word error rate allowed for each answer against its text (synthetic speech, live path)."""
SCORING_DEADLINE_S = 180.0


def tail_done(pilot: Pilot[Any], until: float) -> Callable[[], bool]:
    return lambda: recorder_seconds(pilot) >= until


def scored(app: VoiceInterviewApp, answered: int) -> Callable[[], bool]:
    """True once the round holds one more answer, or has ended in its debrief."""

    def done() -> bool:
        screen = app.screen
        if isinstance(screen, DebriefScreen):
            return True
        return isinstance(screen, RoundScreen) and len(screen.session.state.answers) > answered

    return done


def answer_for(target: str | None) -> Path:
    return ROUND / f"{FOR_GAP.get(target or '', OTHERWISE)}.flac"


async def test_quick_drill_answered_out_loud(sink: str, home: Path, tmp_path: Path) -> None:  # noqa: F811
    settings = Settings(tts=TTSSettings(enabled=False))  # the interviewer's turns are read
    app = build_real_app(settings, None, "quick-drill-15")
    played: list[Path] = []

    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, RoundScreen), "the round", 60)
        screen = app.screen
        assert isinstance(screen, RoundScreen)
        session = screen.session
        while isinstance(app.screen, RoundScreen):
            await wait_until(pilot, lambda: screen.state == "ready", "the next turn", 60)
            turn = session.turn
            assert turn is not None
            clip = (
                STORY if turn.kind == "main" else answer_for(turn.why.target if turn.why else None)
            )
            playable = tmp_path / f"{len(played)}.wav"
            seconds = playable_wav(clip, playable)
            answered = len(session.state.answers)
            await pilot.press("space")
            await wait_until(pilot, lambda: screen.state == "recording", "recording", 30)
            await wait_until(pilot, lambda: recorder_seconds(pilot) > 0, "the first block", 30)
            player = await asyncio.create_subprocess_exec(
                "paplay", f"--device={sink}", str(playable), stderr=asyncio.subprocess.PIPE
            )
            _, err = await asyncio.wait_for(player.communicate(), timeout=seconds + 60)
            assert player.returncode == 0, err.decode()
            tail_until = recorder_seconds(pilot) + 1.0  # a second of silence after the clip
            await wait_until(pilot, tail_done(pilot, tail_until), "the tail", 30)
            await pilot.press("space")
            played.append(clip)
            started = time.monotonic()
            await wait_until(
                pilot, scored(app, answered), "the answer to be scored", SCORING_DEADLINE_S
            )
            assert time.monotonic() - started < SCORING_DEADLINE_S
            assert len(played) <= 4, "a quick drill asks at most one story and three probes"
        await wait_until(pilot, lambda: isinstance(app.screen, DebriefScreen), "the debrief", 60)
        shown = app.screen
        assert isinstance(shown, DebriefScreen)
        debrief = shown.debrief

    # The interviewer followed up, and the first follow-up aimed at the story's largest gap.
    state = session.state
    assert state.ending == "finished"
    probes = [t for t in state.asked if t.kind == "probe"]
    assert 1 <= len(probes) <= 3 and all(p.why is not None for p in probes)
    first_report = state.answers[0].report
    assert first_report is not None
    main = state.asked[0]
    gaps = signal_gaps(cover([(main, first_report)])) + flag_gaps([first_report], 2.0)
    largest = [g for g in rank(gaps) if g.target != "star_structure"][0]
    assert probes[0].why is not None and probes[0].why.target == largest.target

    # Every answer was heard, each close to its own text.
    for answer, clip in zip(state.answers, played, strict=True):
        assert answer.report is not None
        reference = clip.with_suffix(".txt").read_text(encoding="utf-8")
        error = jiwer.wer(
            reference,
            answer.report.transcript.text,
            reference_transform=_NORMALISE,
            hypothesis_transform=_NORMALISE,
        )
        assert error <= MAX_WER, (clip.name, answer.report.transcript.text)

    # Kept with every answer's recording, private, and listed by the real command.
    kept = RoundStore(data_dir()).get(1)
    assert kept.status == "finished" and kept.debrief == debrief
    for answer in state.answers:
        recording = kept.recording(answer.turn)
        assert recording is not None and recording.stat().st_mode & 0o777 == 0o600
    assert list((home / "data" / "recordings").glob("*.wav")) == []
    listed = run_cli("history", "--rounds", "--json", home=home, timeout=120)
    assert listed.returncode == 0, listed.stderr
    (item,) = json.loads(listed.stdout)
    assert item["id"] == "r1" and item["debrief"]["score"] == debrief.score
