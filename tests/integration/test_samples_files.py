"""The synthetic sample answers in audio_samples/answers/ match answers.toml and regenerate."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import wave
from pathlib import Path

import pytest

from voice_interview.core.rubric import detector_ids

ROOT = Path(__file__).resolve().parents[2]
ANSWERS_DIR = ROOT / "audio_samples" / "answers"
ANSWERS_TOML = ANSWERS_DIR / "answers.toml"
SCRIPT = ROOT / "scripts" / "make_samples.py"
KINDS = ("strong", "weak")

# The questions the samples were written for; a renamed question id must be renamed here too.
EXPECTED_IDS = {
    "amazon-mle-ownership-offline-online",
    "meta-mle-move-fast-ambiguity",
    "mle-model-evaluation-review-queue",
    "amazon-ai-lp-production-regression",
    "amazon-ai-lp-disagree-and-commit",
    "amazon-ai-lp-responsible-ai",
    "amazon-ai-lp-simplify-cost-latency",
    "amazon-ai-lp-platform-scale",
}

# Question-specific signal ids the samples name; the question bank must define them with these ids.
QUESTION_SIGNAL_IDS = {
    # meta-mle-move-fast-ambiguity
    "launch_thresholds",
    "automated_rollback",
    "staged_rollout",
    "online_result_cycle_time",
    # mle-model-evaluation-review-queue (the 15-item checklist)
    "assumptions_stated",
    "rejects_accuracy",
    "metric_choice_justified",
    "multiple_thresholds",
    "calibration",
    "temporal_group_split",
    "untouched_test_set",
    "segment_coverage",
    "offline_online_causes",
    "concrete_checks",
    "launch_criteria",
    "limited_risk_rollout",
    "production_monitors",
    "alert_rollback_conditions",
    "stakeholder_reporting",
}
KNOWN_SIGNAL_IDS = set(detector_ids()) | QUESTION_SIGNAL_IDS

# Sanity band only: espeak-ng at 150-160 wpm gives about 0.4 s per word.
MIN_S_PER_WORD = 0.25
MAX_S_PER_WORD = 0.7


def _load() -> dict[str, dict[str, object]]:
    with ANSWERS_TOML.open("rb") as fh:
        answers: dict[str, dict[str, object]] = tomllib.load(fh)["answers"]
    return answers


ANSWERS = _load()
SAMPLES = [(qid, kind) for qid in ANSWERS for kind in KINDS]


def _text(qid: str, kind: str) -> str:
    raw = ANSWERS[qid][kind]
    assert isinstance(raw, str)
    # The script stores and speaks the text with whitespace collapsed.
    return " ".join(raw.split())


def _duration(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        assert wav.getnchannels() == 1
        assert wav.getsampwidth() == 2
        assert wav.getframerate() in (16000, 22050)
        assert wav.getnframes() > 0
        return wav.getnframes() / wav.getframerate()


def test_answers_cover_the_expected_questions() -> None:
    assert set(ANSWERS) == EXPECTED_IDS


@pytest.mark.parametrize("qid", sorted(ANSWERS))
def test_signal_lists_are_well_formed(qid: str) -> None:
    for key in ("strong_met", "weak_missing"):
        ids = ANSWERS[qid][key]
        assert isinstance(ids, list) and ids, f"{qid}: {key} must be a non-empty list"
        assert len(set(ids)) == len(ids), f"{qid}: {key} repeats an id"
        unknown = set(ids) - KNOWN_SIGNAL_IDS
        assert not unknown, f"{qid}: {key} names unknown signal ids {sorted(unknown)}"


@pytest.mark.parametrize(("qid", "kind"), SAMPLES)
def test_txt_matches_toml(qid: str, kind: str) -> None:
    txt = ANSWERS_DIR / f"{qid}--{kind}.txt"
    assert txt.is_file(), f"missing {txt.name}: run scripts/make_samples.py"
    assert txt.read_text(encoding="utf-8") == _text(qid, kind) + "\n", (
        f"{txt.name} is stale: run scripts/make_samples.py --only {qid}"
    )


@pytest.mark.parametrize(("qid", "kind"), SAMPLES)
def test_wav_duration_fits_word_count(qid: str, kind: str) -> None:
    wav = ANSWERS_DIR / f"{qid}--{kind}.wav"
    assert wav.is_file(), f"missing {wav.name}: run scripts/make_samples.py"
    words = len(_text(qid, kind).split())
    per_word = _duration(wav) / words
    assert MIN_S_PER_WORD <= per_word <= MAX_S_PER_WORD, f"{wav.name}: {per_word:.2f} s per word"


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_regenerating_a_sample_gives_the_same_audio_length(tmp_path: Path) -> None:
    # The shortest answer keeps the test quick; espeak-ng is deterministic for a text and rate.
    qid, kind = min(SAMPLES, key=lambda s: len(_text(*s)))
    subprocess.run(
        [sys.executable, str(SCRIPT), "--only", qid, "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    fresh = _duration(tmp_path / f"{qid}--{kind}.wav")
    committed = _duration(ANSWERS_DIR / f"{qid}--{kind}.wav")
    assert fresh == pytest.approx(committed, rel=0.01)
    assert (tmp_path / f"{qid}--{kind}.txt").read_text(encoding="utf-8") == _text(qid, kind) + "\n"
