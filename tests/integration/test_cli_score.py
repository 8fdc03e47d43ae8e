"""The command line on real recordings with the real bundled model."""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from tests.audio_util import REAL, encode
from tests.integration.cli_util import assert_one_line_error, run_cli

JFK_TEXT = (
    "And so, my fellow Americans ask not what your country can do for you "
    "ask what you can do for your country."
)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def test_transcribe_real_clip_exactly(home: Path) -> None:
    result = run_cli("transcribe", REAL / "jfk.flac", home=home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == JFK_TEXT


def test_transcribe_json_srt_vtt(home: Path) -> None:
    as_json = json.loads(run_cli("transcribe", REAL / "jfk.flac", "-f", "json", home=home).stdout)
    words = as_json["words"]
    assert [w["text"].strip(",.") for w in words][:3] == ["And", "so", "my"]
    assert all(w["start"] <= w["end"] for w in words)
    assert words[-1]["end"] <= 11.0
    srt = run_cli("transcribe", REAL / "jfk.flac", "-f", "srt", home=home).stdout
    assert srt.startswith("1\n00:00:00,000 --> ")
    vtt = run_cli("transcribe", REAL / "jfk.flac", "-f", "vtt", home=home).stdout
    assert vtt.startswith("WEBVTT") and " --> " in vtt


@pytest.mark.parametrize(
    ("suffix", "rate", "channels"),
    [
        (".wav", 48000, 2),
        (".flac", 8000, 1),
        (".mp3", 44100, 2),
        (".ogg", 24000, 1),
        (".m4a", 22050, 2),
    ],
)
def test_every_format_rate_and_channel_count(
    home: Path, tmp_path: Path, suffix: str, rate: int, channels: int
) -> None:
    from faster_whisper.audio import decode_audio

    samples = decode_audio(str(REAL / "jfk.flac"), sampling_rate=rate)
    path = encode(tmp_path / f"jfk{suffix}", samples, rate, channels)
    result = run_cli("score", path, "--format", "json", home=home)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["audio"]["sample_rate"] == (48000 if suffix == ".ogg" else rate)
    assert report["audio"]["channels"] == channels
    assert abs(report["audio"]["duration_s"] - 11.0) < 0.1
    text = report["transcript"]["text"].lower()
    assert "ask not what your country can do for you" in text


def test_score_json_contract(home: Path) -> None:
    result = run_cli("score", REAL / "mfa_acoustic_corpus.wav", "--format", "json", home=home)
    assert result.returncode == 0, result.stderr
    r = json.loads(result.stdout)
    assert r["schema_version"] == 2
    assert r["question_id"] == "star-story"
    assert r["audio"]["duration_s"] == pytest.approx(26.72, abs=0.05)
    assert r["transcript"]["text"].lower().startswith("this is the acoustic corpus")
    for w in r["transcript"]["words"]:
        assert set(w) >= {"text", "start", "end", "probability"}
    timing = r["timing"]
    assert timing["answer_s"] == pytest.approx(26.72, abs=0.05)
    assert (timing["target_min_s"], timing["target_max_s"]) == (120, 180)
    assert timing["verdict"] == "short"
    d = r["delivery"]
    assert d["wpm"] > 0 and d["articulation_wpm"] >= d["wpm"]
    assert d["fillers"]["count"] >= 1  # at least the "you know"
    for item in d["fillers"]["items"]:
        assert set(item) >= {"text", "start", "end", "kind"}
        assert item["kind"] in ("filled_pause", "discourse")
    assert d["fillers"]["per_minute"] is not None
    pauses = d["pauses"]["items"]
    assert pauses, "the clip has a 1.2 s pause"
    for p in pauses:
        assert set(p) >= {"start", "end", "duration_s", "mid_sentence"}
    # The longest pause of the forced alignment is 17.19-18.35 s.
    assert any(abs(p["start"] - 17.19) < 0.15 and abs(p["end"] - 18.35) < 0.15 for p in pauses)
    rubric = r["rubric"]
    assert 0 <= rubric["score"] <= 100
    assert rubric["verdict"] in ("raises_the_bar", "meets", "below_the_bar")
    ids = [s["id"] for s in rubric["signals"]]
    assert {"metric_specificity", "ownership", "specific_story", "star_structure"} <= set(ids)
    for s in rubric["signals"]:
        assert set(s) >= {"id", "label", "met", "strength", "evidence", "advice", "maybe_misheard"}
        if not s["met"]:
            assert s["advice"]
    assert set(rubric) >= {"content_verdict", "verdict_reasons", "red_flags", "length"}
    # 27 s against a 2-3 minute target: under half the minimum, so the length lowers the verdict.
    length = rubric["length"]
    assert (length["estimated"], length["verdict"], length["capped"]) == (False, "short", True)
    assert length["advice"].startswith("Expand the")


def test_score_text_has_null_timing(home: Path, tmp_path: Path) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text(
        "Last spring I owned the ranking model. I added an alarm on feature skew and it caught "
        "a 4% drop in CTR within 48 hours. I fixed the join and shipped within a week."
    )
    result = run_cli("score", "--text", answer, "--format", "json", home=home)
    assert result.returncode == 0, result.stderr
    r = json.loads(result.stdout)
    assert r["audio"] is None and r["timing"] is None
    assert r["delivery"]["wpm"] is None and r["delivery"]["articulation_wpm"] is None
    assert r["delivery"]["pauses"] is None and r["delivery"]["fillers"]["per_minute"] is None
    assert all(w["start"] is None for w in r["transcript"]["words"])


def test_text_and_markdown_reports_are_written(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    for fmt, ext in (("text", "txt"), ("markdown", "md")):
        result = run_cli("score", REAL / "jfk.flac", "-f", fmt, "--out", out, home=home)
        assert result.returncode == 0, result.stderr
        body = (out / f"jfk.{ext}").read_text()
        assert "ask not what your country" in body
        assert "Scorecard" in body
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_questions_and_schema(home: Path) -> None:
    rows = json.loads(run_cli("questions", "--json", home=home).stdout)
    ids = {row["id"] for row in rows}
    assert {
        "amazon-mle-ownership-offline-online",
        "meta-mle-move-fast-ambiguity",
        "mle-model-evaluation-review-queue",
        "star-story",
    } <= ids
    schema = json.loads(run_cli("schema", home=home).stdout)
    assert "rubric" in schema["properties"] and "schema_version" in schema["properties"]


def test_sixty_minute_recording(home: Path, tmp_path: Path) -> None:
    """An hour-long file is decoded, transcribed and scored, with a progress bar."""
    from faster_whisper.audio import decode_audio

    speech = decode_audio(str(REAL / "jfk.flac"))
    rate = 16000
    hour = np.zeros(rate * 3600, dtype=np.float32)
    for at_s in (5, 1800, 3580):
        hour[at_s * rate : at_s * rate + len(speech)] = speech
    path = encode(tmp_path / "hour.flac", hour, rate, 1)
    result = run_cli("score", path, "--format", "json", "--out", tmp_path / "out", home=home)
    assert result.returncode == 0, result.stderr
    assert "hour.flac" in result.stderr  # the progress bar names the file
    r = json.loads((tmp_path / "out" / "hour.json").read_text())
    assert r["audio"]["duration_s"] == pytest.approx(3600, abs=0.5)
    starts = [w["start"] for w in r["transcript"]["words"]]
    assert min(starts) < 20 and any(1800 < s < 1815 for s in starts) and max(starts) > 3580
    assert r["transcript"]["text"].lower().count("what your country can do for you") == 3
    assert r["timing"]["verdict"] == "long"


def test_score_keep_saves_the_attempt_with_its_recording(home: Path, tmp_path: Path) -> None:
    clip = tmp_path / "answer.flac"
    shutil.copyfile(REAL / "jfk.flac", clip)
    recorded = datetime(2026, 3, 2, 9, 0, 11, tzinfo=UTC).timestamp()
    os.utime(clip, (recorded, recorded))  # the file was last written when the answer ended
    result = run_cli("score", clip, "-f", "json", "--keep", home=home)
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert f"kept {clip} as attempt 1" in result.stderr
    listed = json.loads(run_cli("history", "--json", home=home).stdout)
    assert [a["id"] for a in listed] == [1]
    kept = listed[0]
    assert kept["question_id"] == "star-story"
    # Dated when the answer began: the file's time less its 11 s.
    began = datetime.fromisoformat(kept["started_at"])
    assert abs((began - datetime(2026, 3, 2, 9, 0, tzinfo=UTC)).total_seconds()) < 0.1
    assert kept["report"]["transcript"] == printed["transcript"]
    assert kept["report"]["rubric"]["score"] == printed["rubric"]["score"]
    stored = Path(kept["report"]["audio"]["path"])
    assert stored == home / "data" / "attempts" / "1" / "answer.flac"
    assert stored.read_bytes() == clip.read_bytes()
    table = run_cli("history", home=home)
    assert "star-story" in table.stdout and "0:11" in table.stdout


def test_score_text_keep_and_an_unreadable_history(home: Path, tmp_path: Path) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text("I owned the rollback and cut the error rate from 4% to 1% in a week.\n")
    result = run_cli("score", "--text", answer, "--keep", home=home)
    assert result.returncode == 0, result.stderr
    assert "kept" in result.stderr and "as attempt 1" in result.stderr
    listed = json.loads(run_cli("history", "--json", home=home).stdout)
    assert listed[0]["report"]["audio"] is None
    # A history that cannot be read is reported before any scoring, in one line.
    (home / "data" / "history.sqlite3").write_bytes(b"not a database" * 100)
    broken = run_cli("score", REAL / "jfk.flac", "--keep", home=home)
    assert broken.stdout == ""
    assert_one_line_error(broken, "cannot read the history database")
