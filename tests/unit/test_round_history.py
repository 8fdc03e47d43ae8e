"""Rounds in the history: kept after every answer with their recordings, listed, shown and
compared by `voice-interview history`, and read from a history made before rounds existed."""

from __future__ import annotations

import json
import sqlite3
import wave
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.unit.test_round_engine import NOTHING, engine, say
from voice_interview.cli import main
from voice_interview.core.rounds.debrief import build_debrief
from voice_interview.history import DB_NAME, SCHEMA_VERSION, HistoryError, HistoryStore
from voice_interview.models.config import RubricConfig
from voice_interview.round_history import RoundStore, is_round_key
from voice_interview.settings import data_dir

T0 = datetime(2026, 4, 1, 18, 0, tzinfo=UTC)
STORY = (
    "I owned the delivery date model and I had an alarm on late orders. Two days after a retrain "
    "the alarm fired and late orders went up about four percent."
)


def silent_wav(path: Path, seconds: float = 0.5) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\0\0" * int(16000 * seconds))
    return path


@pytest.fixture
def store() -> RoundStore:
    return RoundStore(data_dir())


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def keep_drill(store: RoundStore, tmp_path: Path, *texts: str, finish: bool = True) -> str:
    """A quick drill answered with `texts`, kept as the app keeps it: after every answer."""
    eng = engine("quick-drill-15")
    state = eng.begin()
    kept = store.open(state, T0)
    for i, text in enumerate(texts):
        turn = state.pending
        assert turn is not None
        state = say(eng, state, text, 60)
        name = store.keep_recording(kept.id, turn.index, silent_wav(tmp_path / f"a{i}.wav"))
        last = state.answers[-1].model_copy(update={"audio": name})
        state = state.model_copy(update={"answers": [*state.answers[:-1], last]})
        store.save(kept.id, state)
    if finish:
        state = eng.end(state)
        store.save(kept.id, state, build_debrief(eng, state, RubricConfig(), T0))
    return kept.key


def test_a_round_is_kept_after_every_answer_with_its_recordings(
    store: RoundStore, tmp_path: Path
) -> None:
    key = keep_drill(store, tmp_path, STORY, NOTHING, finish=False)
    kept = store.get(key)
    assert kept.status == "open" and kept.debrief is None
    assert [a.audio for a in kept.state.answers] == ["turn-01.wav", "turn-02.wav"]
    recording = kept.recording(1)
    assert recording is not None and recording.stat().st_mode & 0o777 == 0o600
    assert kept.folder.stat().st_mode & 0o777 == 0o700
    assert store.unfinished() == [kept]
    assert is_round_key(key) and key == "r1"


def test_a_finished_round_holds_its_debrief(store: RoundStore, tmp_path: Path) -> None:
    key = keep_drill(store, tmp_path, STORY, NOTHING)
    kept = store.get(key)
    assert kept.status == "ended_early"
    assert kept.debrief is not None and kept.score == kept.debrief.score
    assert store.unfinished() == []
    store.delete(key)
    assert not kept.folder.exists()
    with pytest.raises(HistoryError, match="no round r1 in the history"):
        store.get(key)


def test_history_lists_shows_and_compares_rounds(
    store: RoundStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = keep_drill(store, tmp_path, NOTHING, NOTHING)
    second = keep_drill(store, tmp_path, STORY, NOTHING, NOTHING, NOTHING)
    open_one = keep_drill(store, tmp_path, STORY, finish=False)
    code, out, _ = run(capsys, "history", "--rounds")
    assert code == 0
    for key in (first, second, open_one):
        assert key in out
    assert "open" in out and "resume it in the app" in " ".join(out.split())

    code, out, _ = run(capsys, "history", "--rounds", "--json")
    items = json.loads(out)
    assert [i["id"] for i in items] == [first, second, open_one]
    assert items[2]["status"] == "open" and items[2]["debrief"]["ending"] is None

    code, out, _ = run(capsys, "history", "--show", second)
    assert code == 0 and "Quick drill, 15 minutes" in out and "Fix first" in out
    code, out, _ = run(capsys, "history", "--show", second, "--json")
    assert json.loads(out)["round_id"] == "quick-drill-15"

    code, out, _ = run(capsys, "history", "--compare", first, second)
    assert code == 0
    assert f"{first} against {second}" in out and "Score" in out and "Signals missing" in out


def test_round_ids_in_history_are_checked(
    store: RoundStore, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "history", "--rounds")
    assert code == 0 and out.startswith("No rounds yet")
    code, out, err = run(capsys, "history", "--show", "r9")
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [
        "voice-interview: error: no round r9 in the history "
        "(list them: voice-interview history --rounds)"
    ]


def test_a_history_from_before_rounds_gains_the_rounds_table(tmp_path: Path) -> None:
    home = tmp_path / "old"
    home.mkdir()
    with sqlite3.connect(home / DB_NAME) as con:
        con.executescript(
            "CREATE TABLE attempts (id INTEGER PRIMARY KEY AUTOINCREMENT, question_id TEXT NOT "
            "NULL, started_at TEXT NOT NULL, duration_s REAL, score INTEGER NOT NULL, verdict "
            "TEXT NOT NULL, fillers_per_min REAL, wpm REAL, signals_met INTEGER NOT NULL, "
            "signals_total INTEGER NOT NULL, audio_path TEXT, report_json TEXT NOT NULL);"
            "PRAGMA user_version = 1;"
        )
    assert HistoryStore(home).list() == []
    store = RoundStore(home)
    assert store.list() == []
    with sqlite3.connect(home / DB_NAME) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    eng = engine("quick-drill-15")
    kept = store.open(eng.begin(), T0)
    assert store.get(kept.id).round_id == "quick-drill-15"
