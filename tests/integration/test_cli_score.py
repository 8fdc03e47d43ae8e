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
    # A typed answer's length is an estimate from its word count, and says so.
    assert r["rubric"]["length"]["estimated"] is True
    # The reports for a person leave out what a typed answer cannot have, instead of "n/a", and
    # the only length they show is that estimate, marked as one.
    for fmt in ("text", "markdown"):
        shown = run_cli("score", "--text", answer, "--format", fmt, home=home).stdout
        for absent in ("n/a", "wpm", "/min", "per minute", "Pace"):
            assert absent not in shown, (fmt, absent)
        length_lines = [line for line in shown.splitlines() if "Length" in line]
        assert length_lines and all("about" in x and "(typed)" in x for x in length_lines), fmt
        assert "Words" in shown and "Fillers" in shown


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


def with_creation_time(source: Path, target: Path, moment: datetime) -> Path:
    """A copy of `source` in `target`'s format, tagged with the creation time phones write."""
    import av

    from voice_interview.speech.audio import load_audio

    encode(target, load_audio(source).samples, 16000, 1)
    tagged = target.with_name(f"tagged-{target.name}")
    with av.open(str(target)) as src, av.open(str(tagged), "w") as dst:
        dst.metadata["creation_time"] = moment.strftime("%Y-%m-%dT%H:%M:%S.000000Z")
        stream = dst.add_stream_from_template(src.streams.audio[0])
        for packet in src.demux(src.streams.audio[0]):
            if packet.dts is not None:
                packet.stream = stream
                dst.mux(packet)
    return tagged


def test_score_keep_saves_the_attempt_with_its_recording(home: Path, tmp_path: Path) -> None:
    clip = tmp_path / "answer.flac"
    shutil.copyfile(REAL / "jfk.flac", clip)
    copied = datetime(2026, 3, 2, 9, 0, 11, tzinfo=UTC).timestamp()
    os.utime(clip, (copied, copied))  # a copy's time says nothing about when it was recorded
    before = datetime.now(UTC)
    result = run_cli("score", clip, "-f", "json", "--keep", home=home)
    after = datetime.now(UTC)
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert f"kept {clip} as attempt 1" in result.stderr
    listed = json.loads(run_cli("history", "--json", home=home).stdout)
    assert [a["id"] for a in listed] == [1]
    kept = listed[0]
    assert kept["question_id"] == "star-story"
    # The file names no recording time: dated when it was scored, never by the file's time.
    assert before <= datetime.fromisoformat(kept["started_at"]) <= after
    assert kept["report"]["transcript"] == printed["transcript"]
    assert kept["report"]["rubric"]["score"] == printed["rubric"]["score"]
    stored = Path(kept["report"]["audio"]["path"])
    assert stored == home / "data" / "attempts" / "1" / "answer.flac"
    assert stored.read_bytes() == clip.read_bytes()
    table = run_cli("history", home=home)
    assert "star-story" in table.stdout and "0:11" in table.stdout


def test_score_keep_dates_a_phone_recording_by_its_own_creation_time(
    home: Path, tmp_path: Path
) -> None:
    recorded = datetime(2025, 11, 20, 8, 15, tzinfo=UTC)
    phone = with_creation_time(REAL / "jfk.flac", tmp_path / "memo.m4a", recorded)
    plain = tmp_path / "later.flac"
    shutil.copyfile(REAL / "jfk.flac", plain)
    # Scored in the "wrong" order: the later recording first, the phone memo after it.
    assert run_cli("score", plain, "--keep", home=home).returncode == 0
    assert run_cli("score", phone, "--keep", home=home).returncode == 0
    listed = json.loads(run_cli("history", "--json", home=home).stdout)
    assert [a["id"] for a in listed] == [2, 1]  # one order: when recorded
    assert datetime.fromisoformat(listed[0]["started_at"]) == recorded
    compared = run_cli("history", "--compare", "1", "2", home=home)
    header = next(line for line in compared.stdout.splitlines() if "Attempt" in line)
    assert header.index("Attempt 2") < header.index("Attempt 1")
    assert "2025-11-20" in compared.stdout


def test_an_answer_with_too_little_speech_is_not_kept(home: Path, tmp_path: Path) -> None:
    from voice_interview.speech.audio import load_audio

    samples = load_audio(REAL / "jfk.flac").samples
    short = encode(tmp_path / "oops.flac", samples[: 16000 * 3], 16000, 1)  # "And so, my fellow"
    result = run_cli("score", short, "--keep", home=home)
    assert result.returncode == 1, result.stderr
    assert "not kept in the history" in result.stderr
    assert "s an attempt needs" in result.stderr and "Traceback" not in result.stderr
    assert json.loads(run_cli("history", "--json", home=home).stdout) == []


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


def test_questions_piped_are_one_question_a_line(home: Path) -> None:
    """`voice-interview questions | grep offline` finds whole ids: a pipe never wraps."""
    listed = run_cli("questions", home=home, env={"COLUMNS": "40"})
    assert listed.returncode == 0
    ids = [row["id"] for row in json.loads(run_cli("questions", "--json", home=home).stdout)]
    lines = listed.stdout.splitlines()
    assert len(lines) == len(ids) + 1  # a header, then one line each
    assert [line.split()[0] for line in lines[1:]] == ids
    assert any(line.startswith("amazon-mle-ownership-offline-online ") for line in lines)


def test_score_a_corrected_report_with_its_timings(home: Path, tmp_path: Path) -> None:
    """A report's text corrected by hand is scored again without transcribing: the words kept
    keep their times, the recording's length and pauses stay."""
    clip = tmp_path / "jfk.flac"
    shutil.copyfile(REAL / "jfk.flac", clip)
    first = run_cli("score", clip, "-f", "json", home=home)
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    text = report["transcript"]["text"]
    assert "country" in text
    report["transcript"]["text"] = text.replace("country", "company")
    corrected = tmp_path / "corrected.json"
    corrected.write_text(json.dumps(report))
    result = run_cli("score", "--transcript", corrected, "-f", "json", home=home)
    assert result.returncode == 0, result.stderr
    again = json.loads(result.stdout)
    assert again["transcript"]["text"] == report["transcript"]["text"]
    assert again["audio"] == report["audio"] and again["question_id"] == report["question_id"]
    assert again["timing"]["answer_s"] == report["timing"]["answer_s"]
    assert again["delivery"]["pauses"]["source"] == "vad"  # the recording's own voice activity
    for before, after in zip(
        report["transcript"]["words"], again["transcript"]["words"], strict=True
    ):
        assert (before["start"], before["end"]) == (after["start"], after["end"])
        if before["text"] != after["text"]:
            assert "company" in after["text"] and after["probability"] is None
    assert any("corrected" in note.lower() for note in again["notes"])


def test_score_a_transcript_json_with_its_recording(home: Path, tmp_path: Path) -> None:
    made = run_cli("transcribe", REAL / "jfk.flac", "--format", "json", home=home)
    transcript = tmp_path / "jfk.json"
    transcript.write_text(made.stdout)
    alone = run_cli("score", "--transcript", transcript, home=home)
    assert_one_line_error(alone, "give the recording too")
    result = run_cli(
        "score", "--transcript", transcript, REAL / "jfk.flac", "-f", "json", home=home
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["audio"]["duration_s"] == pytest.approx(11.0, abs=0.1)
    assert report["transcript"]["text"] == json.loads(made.stdout)["text"]


def test_history_rescore_scores_a_kept_recording_that_was_not_scored(
    home: Path, tmp_path: Path
) -> None:
    from voice_interview.history import HistoryStore

    store = HistoryStore(home / "data")
    recorded = datetime(2026, 1, 5, 18, 0, tzinfo=UTC)
    waiting = store.add_unscored("star-story", recorded, REAL / "jfk.flac", "scoring cancelled")
    failed = run_cli("history", "--rescore", str(waiting.id), "--model", "medium.en", home=home)
    assert_one_line_error(failed, "not on this machine")
    assert "not on this machine" in store.get_unscored(waiting.id).error  # still kept, and why

    result = run_cli("history", "--rescore", str(waiting.id), home=home)
    assert result.returncode == 0, result.stderr
    assert f"scored attempt {waiting.id} again" in result.stderr
    assert "ask not what your country" in result.stdout.lower()
    scored = store.get(waiting.id)
    assert scored.started_at == recorded and store.unscored() == []
    assert "not scored" not in run_cli("history", home=home).stdout
