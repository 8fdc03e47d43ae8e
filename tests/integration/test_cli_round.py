"""`voice-interview round ID --answers` on spoken answers, with the real bundled model.

The answers are short espeak-ng recordings of one quick-drill round (audio_samples/rounds/,
made by scripts/make_round_samples.py). The interviewer's first follow-up must aim at the largest
gap that the `score` command itself finds in the first answer.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.audio_util import SAMPLES
from tests.integration.cli_util import run_cli

pytestmark = pytest.mark.model

ROUND = SAMPLES / "rounds"
ANSWERS = sorted(ROUND.glob("drill-*.flac"))
STORY_QUESTION = "amazon-ai-lp-production-regression"
RED_FLAG_WEIGHT = 2.0  # quick-drill-15's limits.red_flag_weight (the default)


def seconds(path: Path) -> float:
    from voice_interview.speech.audio import probe_seconds

    found = probe_seconds(path)
    assert found is not None
    return found


def largest_gap(report: dict[str, object]) -> str:
    """The target the first probe must have: the largest unmet signal or red flag."""
    rubric = report["rubric"]
    assert isinstance(rubric, dict)
    gaps: list[tuple[float, int, int, str]] = []
    for i, flag in enumerate(rubric["red_flags"]):
        gaps.append((-RED_FLAG_WEIGHT, 0, i, " ".join(flag["text"].lower().split())))
    for i, signal in enumerate(rubric["signals"]):
        if not signal["met"] and signal["id"] != "star_structure":
            size = round(signal["weight"] * (1 - signal["strength"]), 3)
            gaps.append((-size, 1 if signal["strength"] == 0 else 2, i, signal["id"]))
    return sorted(gaps)[0][3]


def test_a_round_on_spoken_answers(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert len(ANSWERS) == 4
    result = run_cli(
        "round", "quick-drill-15", "--answers", *ANSWERS, "-f", "json", "--keep", home=home
    )
    assert result.returncode == 0, result.stderr
    debrief = json.loads(result.stdout)
    turns = debrief["turns"]

    # Every answer was used, for the turns the interviewer asked, which were printed in order.
    assert [t["kind"] for t in turns] == ["main", "probe", "probe", "probe"]
    # Kept in the history, every answer's recording in the round's own folder.
    assert [t["audio"] for t in turns] == [f"turn-0{i}.flac" for i in range(1, 5)]
    flat = " ".join(result.stderr.split())
    positions = [flat.find(" ".join(t["asked"].split())) for t in turns]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    assert debrief["ending"] == "finished"

    # The first probe aims at the largest gap the scorer finds in the first answer.
    scored = run_cli("score", ANSWERS[0], "-q", STORY_QUESTION, "-f", "json", home=home)
    assert scored.returncode == 0, scored.stderr
    report = json.loads(scored.stdout)
    assert report["transcript"]["text"] == turns[0]["answer"]
    assert turns[1]["why"]["target"] == largest_gap(report)

    # Each probe says why; the answers closed gaps, and the debrief marks them as prompted.
    story = debrief["stories"][0]
    assert all(p["why"]["explanation"].startswith("Asked because") for p in story["probes"])
    assert any(p["closed"] for p in story["probes"])
    assert any(s["earned"] == "after_probe" for s in story["signals"])
    assert 1 <= len(debrief["fix_first"]) <= 3

    # The round's clock is the answers' own length plus the interviewer's turns.
    spoken = sum(seconds(a) for a in ANSWERS)
    assert spoken <= debrief["used_s"] <= spoken + 120

    listed = run_cli("history", "--rounds", "--json", home=home)
    assert listed.returncode == 0, listed.stderr
    (kept,) = json.loads(listed.stdout)
    assert kept["id"] == "r1" and kept["status"] == "finished"
    assert kept["debrief"]["score"] == debrief["score"]
    folder = Path(kept["folder"])
    for turn, answer in zip(turns, ANSWERS, strict=True):
        copy = folder / turn["audio"]
        assert copy.read_bytes() == answer.read_bytes()
        assert copy.stat().st_mode & 0o777 == 0o600


def test_help_lists_the_round_commands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "voice_interview", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "rounds" in result.stdout and "round" in result.stdout
