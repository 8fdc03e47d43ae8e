"""The attempt history: SQLite index plus private attempt folders, on a temporary data directory."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from contextlib import closing
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from voice_interview.history import (
    DB_NAME,
    SCHEMA_VERSION,
    HistoryError,
    HistoryStore,
    MissingAttempt,
    NotScored,
    to_json,
    too_little_speech,
)
from voice_interview.models.report import (
    AudioInfo,
    CountReport,
    Delivery,
    FillerReport,
    Report,
    Rubric,
    SignalResult,
    Timing,
    TranscriptInfo,
)
from voice_interview.settings import data_dir

T0 = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


def make_report(
    question_id: str = "lp-disagree",
    score: int = 60,
    met: int = 2,
    fillers_per_min: float | None = 4.0,
    wpm: float | None = 140.0,
    answer_s: float = 90.0,
) -> Report:
    """A small but complete report, built by hand."""
    signals = [
        SignalResult(id=f"s{i}", label=f"Signal {i}", met=i < met, strength=1.0 if i < met else 0.2)
        for i in range(4)
    ]
    return Report(
        question_id=question_id,
        question_title="Disagree and commit",
        created_at=T0,
        source="answer.wav",
        audio=AudioInfo(path="answer.wav", duration_s=answer_s, sample_rate=16000, channels=1),
        transcript=TranscriptInfo(text="I pushed back on the launch date with data."),
        timing=Timing(answer_s=answer_s, target_min_s=90, target_max_s=180, verdict="on_target"),
        delivery=Delivery(
            word_count=9,
            wpm=wpm,
            articulation_wpm=wpm,
            fillers=FillerReport(
                count=6,
                per_minute=fillers_per_min,
                per_100_words=3.0,
                filled_pause_count=4,
                discourse_count=2,
            ),
            repeated_words=CountReport(count=0, per_100_words=0.0),
            hedges=CountReport(count=1, per_100_words=0.5),
        ),
        rubric=Rubric(score=score, verdict="meets", signals=signals),
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def audio(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "take.wav"
    path.parent.mkdir()
    path.write_bytes(b"RIFF fake audio bytes")
    return path


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    return HistoryStore(tmp_path / "data")


def test_add_then_get_round_trips_the_report_and_the_numbers(
    store: HistoryStore, audio: Path
) -> None:
    report = make_report(score=72, met=3, fillers_per_min=2.5, wpm=151.0, answer_s=120.0)
    attempt = store.add("lp-disagree", T0, report, audio)

    again = store.get(attempt.id)
    assert again == attempt
    # The full report survives field for field, except that it now names the kept audio.
    kept = str(store.home / "attempts" / str(attempt.id) / "answer.wav")
    assert report.audio is not None
    assert again.report == report.model_copy(
        update={"source": kept, "audio": report.audio.model_copy(update={"path": kept})}
    )
    assert (again.question_id, again.started_at) == ("lp-disagree", T0)
    assert (again.score, again.verdict, again.signals_met, again.signals_total) == (
        72,
        "meets",
        3,
        4,
    )
    assert (again.fillers_per_min, again.wpm, again.duration_s) == (2.5, 151.0, 120.0)
    assert again.audio_path == store.home / "attempts" / str(attempt.id) / "answer.wav"
    assert again.audio_path.read_bytes() == audio.read_bytes()
    assert audio.exists()  # copied, not moved, by default
    assert store.get(str(attempt.id)) == attempt  # ids may come in as text from a UI


def test_move_takes_the_audio_and_no_audio_is_fine(store: HistoryStore, audio: Path) -> None:
    moved = store.add("q", T0, make_report(), audio, move=True)
    assert not audio.exists()
    assert moved.audio_path is not None and moved.audio_path.exists()
    assert store.add("q", T0, make_report(), None).audio_path is None


def test_list_is_oldest_first_and_filters_by_question(store: HistoryStore) -> None:
    # Added out of order and in different time zones: ordered by the instant.
    late = store.add("a", T0 + timedelta(days=2), make_report("a"))
    early = store.add(
        "a", (T0 - timedelta(hours=1)).astimezone(timezone(timedelta(hours=-8))), make_report("a")
    )
    other = store.add("b", T0, make_report("b"))
    assert [x.id for x in store.list()] == [early.id, other.id, late.id]
    assert [x.id for x in store.list("a")] == [early.id, late.id]
    assert store.list("nothing") == []
    assert early.started_at == T0 - timedelta(hours=1)
    assert early.started_at.utcoffset() == timedelta(0)


def test_delete_removes_the_row_and_the_audio(store: HistoryStore, audio: Path) -> None:
    keep = store.add("q", T0, make_report(), audio)
    gone = store.add("q", T0, make_report(), audio)
    assert gone.audio_path is not None
    store.delete(gone.id)

    assert not gone.audio_path.exists()
    assert not (store.home / "attempts" / str(gone.id)).exists()
    assert [a.id for a in store.list()] == [keep.id]
    with pytest.raises(HistoryError, match=f"no attempt {gone.id}"):
        store.get(gone.id)
    with pytest.raises(HistoryError):
        store.delete(gone.id)
    # Ids are never reused, so an attempt folder always belongs to one attempt.
    assert store.add("q", T0, make_report()).id > gone.id


def test_compare_gives_both_sides_and_b_minus_a(store: HistoryStore) -> None:
    a = store.add("q", T0, make_report(score=50, met=1, fillers_per_min=8.0, wpm=190.0))
    b = store.add("q", T0 + timedelta(days=1), make_report(score=75, met=3, fillers_per_min=2.0))
    c = store.add("other", T0, make_report("other", wpm=None, answer_s=60.0))

    cmp = store.compare(a.id, b.id)
    assert (cmp.a.id, cmp.b.id, cmp.same_question) == (a.id, b.id, True)
    assert cmp.deltas.score == 25
    assert cmp.deltas.signals_met == 2
    assert cmp.deltas.fillers_per_min == pytest.approx(-6.0)
    assert cmp.deltas.wpm == pytest.approx(-50.0)
    assert cmp.deltas.duration_s == 0.0

    cross = store.compare(b.id, c.id)
    assert not cross.same_question
    assert cross.deltas.wpm is None  # c has no pace: no delta is made up
    assert cross.deltas.duration_s == pytest.approx(-30.0)


def test_trend_is_one_point_per_attempt_over_time(store: HistoryStore) -> None:
    for day, score in [(3, 80), (1, 40), (2, 65)]:
        store.add("q", T0 + timedelta(days=day), make_report(score=score))
    store.add("other", T0, make_report("other", score=10))
    points = store.trend("q")
    assert [p.score for p in points] == [40, 65, 80]
    assert [p.started_at for p in points] == sorted(p.started_at for p in points)
    assert {p.question_id for p in points} == {"q"}


def test_to_json_is_oldest_first_with_the_full_report(store: HistoryStore) -> None:
    second = store.add("q", T0 + timedelta(minutes=5), make_report(score=70))
    first = store.add("q", T0, make_report(score=30))
    data = json.loads(to_json([second, first]))

    assert [item["id"] for item in data] == [first.id, second.id]
    assert set(data[0]) == {"id", "question_id", "started_at", "report"}
    assert datetime.fromisoformat(data[0]["started_at"]) == T0
    assert Report.model_validate(data[1]["report"]) == second.report
    assert to_json([]) == "[]"
    assert store.to_json() == to_json([first, second])


def test_everything_is_private_whatever_the_umask(tmp_path: Path, audio: Path) -> None:
    old = os.umask(0o000)  # the most permissive umask a user could have
    try:
        store = HistoryStore(tmp_path / "data")
        attempt = store.add("q", T0, make_report(), audio)
    finally:
        os.umask(old)
    assert attempt.audio_path is not None
    assert mode(store.home) == 0o700
    assert mode(store.home / "attempts") == 0o700
    assert mode(attempt.audio_path.parent) == 0o700
    assert mode(attempt.audio_path) == 0o600
    assert mode(store.home / DB_NAME) == 0o600
    for path in store.home.rglob("*"):
        assert mode(path) & 0o077 == 0, path


def test_schema_is_versioned_and_a_newer_one_is_refused(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "data")
    store.add("q", T0, make_report())
    with sqlite3.connect(store.db_path) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert len(HistoryStore(tmp_path / "data").list()) == 1  # reopening keeps the data

    with sqlite3.connect(store.db_path) as con:
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(HistoryError, match="newer voice-interview"):
        HistoryStore(tmp_path / "data")


def test_a_corrupt_database_is_a_one_line_error(tmp_path: Path) -> None:
    home = tmp_path / "data"
    home.mkdir()
    (home / DB_NAME).write_bytes(b"this is not a database" * 100)
    with pytest.raises(HistoryError, match="cannot read the history database") as info:
        HistoryStore(home)
    assert "\n" not in str(info.value)


def test_a_missing_audio_file_adds_nothing(store: HistoryStore, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        store.add("q", T0, make_report(), tmp_path / "nope.wav")
    assert store.list() == []


def test_the_data_dir_follows_voice_interview_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VOICE_INTERVIEW_HOME", str(tmp_path / "portable"))
    store = HistoryStore(data_dir())
    store.add("q", T0, make_report())
    assert (tmp_path / "portable" / "data" / DB_NAME).is_file()
    assert len(HistoryStore(tmp_path / "portable" / "data").list()) == 1


def test_stored_report_names_the_kept_audio(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "data")
    audio = tmp_path / "rec.wav"
    audio.write_bytes(b"RIFF0000WAVE")
    attempt = store.add("q", T0, make_report(), audio, move=True)
    assert attempt.audio_path is not None and attempt.audio_path.is_file()
    reread = store.get(attempt.id).report
    assert reread.source == str(attempt.audio_path)
    assert reread.audio is not None and reread.audio.path == str(attempt.audio_path)


# Attempts not scored yet -----------------------------------------------------------------------


def test_a_recording_whose_scoring_failed_is_kept_and_can_be_scored_later(
    store: HistoryStore, audio: Path
) -> None:
    waiting = store.add_unscored("q", T0, audio, "model 'medium.en' is not on this machine")
    assert waiting.audio_path is not None and waiting.audio_path.read_bytes() == audio.read_bytes()
    assert store.list() == [] and [u.id for u in store.unscored()] == [waiting.id]
    assert store.unscored("other") == []
    with pytest.raises(NotScored, match=f"attempt {waiting.id} is not scored yet"):
        store.get(waiting.id)
    listed = json.loads(store.to_json())
    assert listed == [
        {
            "id": waiting.id,
            "question_id": "q",
            "started_at": T0.isoformat(),
            "report": None,
            "not_scored": "model 'medium.en' is not on this machine",
        }
    ]
    assert store.set_error(waiting.id, "cancelled").error == "cancelled"

    scored = store.set_report(waiting.id, make_report("q", score=66))
    assert (scored.id, scored.score, scored.started_at) == (waiting.id, 66, T0)
    assert scored.audio_path == waiting.audio_path  # the same kept recording
    assert scored.report.source == str(waiting.audio_path)
    assert store.unscored() == []


def test_a_corrected_transcript_keeps_the_report_as_first_scored(store: HistoryStore) -> None:
    first = make_report(score=50)
    attempt = store.add("q", T0, first)
    assert store.original(attempt.id) is None and not attempt.corrected

    fixed = store.correct(attempt.id, make_report(score=70))
    assert fixed.score == 70 and fixed.corrected
    assert store.original(attempt.id) == first
    # A second correction replaces the first correction, never the original.
    again = store.correct(attempt.id, make_report(score=75))
    assert again.score == 75 and store.original(attempt.id) == first
    entry = json.loads(store.to_json())[0]
    assert entry["report"]["rubric"]["score"] == 75
    assert entry["original_report"]["rubric"]["score"] == 50
    # Scoring the recording again starts over: no correction, no original.
    rescored = store.set_report(attempt.id, make_report(score=55))
    assert not rescored.corrected and store.original(attempt.id) is None


def test_deleting_works_for_attempts_not_scored(store: HistoryStore, audio: Path) -> None:
    waiting = store.add_unscored("q", T0, audio, "failed")
    assert waiting.audio_path is not None
    store.delete(waiting.id)
    assert store.unscored() == [] and not waiting.audio_path.parent.exists()
    with pytest.raises(MissingAttempt, match="no attempt"):
        store.get_unscored(waiting.id)


def test_a_version_1_history_is_migrated_in_place(tmp_path: Path) -> None:
    """Rows, ids and the never-reuse-an-id counter survive the rebuild of the table."""
    home = tmp_path / "data"
    home.mkdir()
    report = make_report(score=61)
    with closing(sqlite3.connect(home / DB_NAME)) as con, con:
        con.executescript(_V1_SCHEMA)
        for _ in range(3):
            con.execute(
                "INSERT INTO attempts (question_id, started_at, duration_s, score, verdict, "
                "fillers_per_min, wpm, signals_met, signals_total, report_json) "
                "VALUES ('q', ?, 90, 61, 'meets', 4, 140, 2, 4, ?)",
                (T0.isoformat(), report.model_dump_json()),
            )
        con.execute("DELETE FROM attempts WHERE id = 3")  # the highest id must not come back
        con.execute("PRAGMA user_version = 1")
    store = HistoryStore(home)
    assert [(a.id, a.score) for a in store.list()] == [(1, 61), (2, 61)]
    assert store.get(1).report == report
    assert store.add("q", T0, make_report()).id == 4
    with closing(sqlite3.connect(store.db_path)) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "attempts_v1" not in tables


_V1_SCHEMA = """
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT, question_id TEXT NOT NULL, started_at TEXT NOT NULL,
    duration_s REAL, score INTEGER NOT NULL, verdict TEXT NOT NULL, fillers_per_min REAL,
    wpm REAL, signals_met INTEGER NOT NULL, signals_total INTEGER NOT NULL, audio_path TEXT,
    report_json TEXT NOT NULL
);
CREATE INDEX attempts_by_question ON attempts (question_id, started_at);
"""


@pytest.mark.parametrize(
    ("speaking_span_s", "minimum", "kept"),
    [(0.0, 5.0, False), (4.9, 5.0, False), (5.0, 5.0, True), (1.0, 0.0, True)],
)
def test_an_answer_with_too_little_speech_is_not_kept(
    speaking_span_s: float, minimum: float, kept: bool
) -> None:
    report = make_report()
    assert report.timing is not None
    timed = report.model_copy(
        update={"timing": report.timing.model_copy(update={"speaking_span_s": speaking_span_s})}
    )
    reason = too_little_speech(timed, minimum)
    assert (reason is None) == kept
    if not kept:
        assert f"under the {minimum:g} s an attempt needs" in (reason or "")
    typed = report.model_copy(update={"timing": None, "audio": None})
    assert too_little_speech(typed, 5.0) is None  # a typed answer has no speech to measure
