"""Every scored attempt, kept on the user's disk: an SQLite index beside the answers' audio.

Layout of the data directory (`voice_interview.settings.data_dir()`, passed in explicitly):

    history.sqlite3              one row per attempt, with the full report as JSON
    attempts/<id>/answer.wav     the attempt's recording (any scored format keeps its suffix)

Recordings of someone's voice are personal: the directory and every folder are 0700 and every
file 0600, set explicitly so the user's umask does not matter.
"""

from __future__ import annotations

import builtins
import json
import os
import shutil
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from voice_interview.errors import VoiceInterviewError
from voice_interview.models.report import Report

DB_NAME = "history.sqlite3"
ATTEMPTS_DIR = "attempts"
SCHEMA_VERSION = 2
_DIR_MODE, _FILE_MODE = 0o700, 0o600

_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, so a folder name means one attempt
    question_id TEXT NOT NULL,
    started_at TEXT NOT NULL,              -- UTC, ISO 8601 with microseconds: sorts as text
    duration_s REAL,
    score INTEGER NOT NULL,
    verdict TEXT NOT NULL,
    fillers_per_min REAL,
    wpm REAL,
    signals_met INTEGER NOT NULL,
    signals_total INTEGER NOT NULL,
    audio_path TEXT,                       -- relative to the data directory
    report_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_by_question ON attempts (question_id, started_at);
"""
# Version 2: mock interview rounds (voice_interview/round_history.py), each with its state after
# every answer, its debrief once scored, and its turns' recordings in rounds/<id>/.
_ROUNDS_SCHEMA = """
CREATE TABLE IF NOT EXISTS rounds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, so a folder name means one round
    round_id TEXT NOT NULL,
    started_at TEXT NOT NULL,              -- UTC, ISO 8601 with microseconds: sorts as text
    status TEXT NOT NULL,                  -- "open" while it runs, then how it ended
    score INTEGER,                         -- set with the debrief
    verdict TEXT,
    used_s REAL NOT NULL DEFAULT 0,
    state_json TEXT NOT NULL,
    debrief_json TEXT
);
CREATE INDEX IF NOT EXISTS rounds_by_round ON rounds (round_id, started_at);
"""
_COLUMNS = (
    "id, question_id, started_at, duration_s, score, verdict, fillers_per_min, wpm, "
    "signals_met, signals_total, audio_path, report_json"
)


class HistoryError(VoiceInterviewError):
    """An attempt that does not exist, or a history database this version cannot read."""

    exit_code = 2


@dataclass(frozen=True)
class AttemptStats:
    """The numbers of one attempt that comparisons and trends use."""

    id: int
    question_id: str
    started_at: datetime
    score: int
    signals_met: int
    signals_total: int
    fillers_per_min: float | None
    wpm: float | None
    duration_s: float | None


@dataclass(frozen=True)
class Attempt(AttemptStats):
    """One saved attempt. `report` is parsed on first use, so listing many attempts is cheap."""

    verdict: str
    audio_path: Path | None
    """Where the attempt's audio lives now (inside the data directory), or None."""
    report_json: str

    @cached_property
    def report(self) -> Report:
        return Report.model_validate_json(self.report_json)

    def stats(self) -> AttemptStats:
        return AttemptStats(**{f: getattr(self, f) for f in AttemptStats.__dataclass_fields__})


@dataclass(frozen=True)
class Deltas:
    """Attempt b minus attempt a; None where either value is missing."""

    score: int
    signals_met: int
    fillers_per_min: float | None
    wpm: float | None
    duration_s: float | None


@dataclass(frozen=True)
class Comparison:
    a: AttemptStats
    b: AttemptStats
    deltas: Deltas
    same_question: bool


class HistoryStore:
    """Attempts stored under `home` (the data directory). Safe to use from several threads."""

    def __init__(self, home: Path) -> None:
        self.home = Path(home)
        self.db_path = self.home / DB_NAME
        _private_dir(self.home)
        _private_dir(self.home / ATTEMPTS_DIR)
        if not self.db_path.exists():
            os.close(os.open(self.db_path, os.O_WRONLY | os.O_CREAT, _FILE_MODE))
        os.chmod(self.db_path, _FILE_MODE)
        try:
            with self._connect() as con:
                _migrate(con, self.db_path)
        except sqlite3.DatabaseError as exc:
            raise HistoryError(
                f"{self.db_path}: cannot read the history database ({exc}); "
                "move the file aside to start a new history"
            ) from None

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # One short-lived connection per call: sqlite3 connections must not cross threads, and
        # the app calls the store from its worker threads.
        with closing(sqlite3.connect(self.db_path, timeout=10)) as con, con:
            yield con

    def add(
        self,
        question_id: str,
        started_at: datetime,
        report: Report,
        audio: Path | None = None,
        *,
        move: bool = False,
    ) -> Attempt:
        """Save an attempt; its audio is copied (or moved, with move=True) into its own folder.

        started_at: when the answer began; a naive datetime is taken as local time.
        """
        signals = report.rubric.signals
        row = (
            question_id,
            _utc_text(started_at),
            _duration(report),
            report.rubric.score,
            report.rubric.verdict,
            report.delivery.fillers.per_minute,
            report.delivery.wpm,
            sum(1 for s in signals if s.met),
            len(signals),
            report.model_dump_json(),
        )
        folder: Path | None = None
        with self._connect() as con:
            cur = con.execute(
                "INSERT INTO attempts (question_id, started_at, duration_s, score, verdict, "
                "fillers_per_min, wpm, signals_met, signals_total, report_json) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            attempt_id = int(cur.lastrowid or 0)
            if audio is not None:
                folder = self.home / ATTEMPTS_DIR / str(attempt_id)
                try:
                    stored = _store_audio(Path(audio), folder)
                except OSError:
                    shutil.rmtree(folder, ignore_errors=True)
                    raise  # the transaction rolls back: no row without its audio
                relative = stored.relative_to(self.home).as_posix()
                # The report names the recording where it was made; point it at the kept copy
                # so that a re-opened report's exports and playback name a file that exists.
                moved = report.model_copy(
                    update={
                        "source": str(stored),
                        "audio": report.audio.model_copy(update={"path": str(stored)})
                        if report.audio is not None
                        else None,
                    }
                )
                con.execute(
                    "UPDATE attempts SET audio_path = ?, report_json = ? WHERE id = ?",
                    (relative, moved.model_dump_json(), attempt_id),
                )
        if audio is not None and move:
            Path(audio).unlink(missing_ok=True)  # only once the row is safely committed
        return self.get(attempt_id)

    def list(self, question_id: str | None = None) -> list[Attempt]:
        """Every attempt (or those for one question), oldest first."""
        where, args = ("WHERE question_id = ?", (question_id,)) if question_id else ("", ())
        with self._connect() as con:
            rows = con.execute(
                f"SELECT {_COLUMNS} FROM attempts {where} ORDER BY started_at, id", args
            ).fetchall()
        return [self._attempt(r) for r in rows]

    def get(self, attempt_id: int | str) -> Attempt:
        """The attempt with this id; HistoryError if there is none."""
        key = _id(attempt_id)
        with self._connect() as con:
            row = con.execute(f"SELECT {_COLUMNS} FROM attempts WHERE id = ?", (key,)).fetchone()
        if row is None:
            raise HistoryError(f"no attempt {attempt_id} in the history (list the attempts)")
        return self._attempt(row)

    def delete(self, attempt_id: int | str) -> None:
        """Forget an attempt and delete its folder with the audio."""
        key = _id(attempt_id)
        with self._connect() as con:
            if con.execute("DELETE FROM attempts WHERE id = ?", (key,)).rowcount == 0:
                raise HistoryError(f"no attempt {attempt_id} in the history (list the attempts)")
        shutil.rmtree(self.home / ATTEMPTS_DIR / str(key), ignore_errors=True)

    def compare(self, a: int | str, b: int | str) -> Comparison:
        """The numbers of two attempts side by side, with b minus a."""
        first, second = self.get(a).stats(), self.get(b).stats()
        return Comparison(
            a=first,
            b=second,
            deltas=Deltas(
                score=second.score - first.score,
                signals_met=second.signals_met - first.signals_met,
                fillers_per_min=_minus(second.fillers_per_min, first.fillers_per_min),
                wpm=_minus(second.wpm, first.wpm),
                duration_s=_minus(second.duration_s, first.duration_s),
            ),
            same_question=first.question_id == second.question_id,
        )

    def trend(self, question_id: str) -> builtins.list[AttemptStats]:
        """One point per attempt at `question_id`, oldest first."""
        return [a.stats() for a in self.list(question_id)]

    def to_json(self, attempts: Sequence[Attempt] | None = None) -> str:
        """The module's `to_json` of `attempts`, or of every attempt when None."""
        return to_json(self.list() if attempts is None else attempts)

    def _attempt(self, row: tuple[Any, ...]) -> Attempt:
        (id_, qid, started, duration, score, verdict, fpm, wpm, met, total, audio, rjson) = row
        return Attempt(
            id=id_,
            question_id=qid,
            started_at=datetime.fromisoformat(started),
            score=score,
            signals_met=met,
            signals_total=total,
            fillers_per_min=fpm,
            wpm=wpm,
            duration_s=duration,
            verdict=verdict,
            audio_path=self.home / audio if audio else None,
            report_json=rjson,
        )


def to_json(attempts: Sequence[Attempt]) -> str:
    """A JSON array, oldest first: id, question_id, started_at and the full report of each."""
    ordered = sorted(attempts, key=lambda a: (a.started_at, a.id))
    items = [
        {
            "id": a.id,
            "question_id": a.question_id,
            "started_at": a.started_at.isoformat(),
            "report": json.loads(a.report_json),
        }
        for a in ordered
    ]
    return json.dumps(items, indent=2, ensure_ascii=False)


def _migrate(con: sqlite3.Connection, path: Path) -> None:
    version = int(con.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise HistoryError(
            f"{path} was written by a newer voice-interview (schema {version}); upgrade it"
        )
    if version == 0:
        con.executescript(_SCHEMA)
    if version < 2:
        con.executescript(_ROUNDS_SCHEMA)
    if version < SCHEMA_VERSION:
        # The version is set last, so a schema half made by a crash is simply made again.
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    # Later schema versions add their steps here, each from the version before.


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, _DIR_MODE)


def _store_audio(audio: Path, folder: Path) -> Path:
    if not audio.is_file():
        raise FileNotFoundError(f"{audio}: no such audio file")
    shutil.rmtree(folder, ignore_errors=True)  # left by an add that crashed before committing
    _private_dir(folder)
    target = folder / ("answer" + (audio.suffix.lower() or ".wav"))
    shutil.copyfile(audio, target)
    os.chmod(target, _FILE_MODE)
    return target


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _duration(report: Report) -> float | None:
    if report.timing is not None:
        return report.timing.answer_s
    return report.audio.duration_s if report.audio is not None else None


def _id(attempt_id: int | str) -> int:
    try:
        return int(attempt_id)
    except ValueError:
        raise HistoryError(f"{attempt_id!r} is not an attempt id (ids are numbers)") from None


def _minus(b: float | None, a: float | None) -> float | None:
    return None if a is None or b is None else b - a
