"""Every scored attempt, kept on the user's disk: an SQLite index beside the answers' audio.

Layout of the data directory (`voice_interview.settings.data_dir()`, passed in explicitly):

    history.sqlite3              one row per attempt, with the full report as JSON
    attempts/<id>/answer.wav     the attempt's recording (any scored format keeps its suffix)

An attempt is either scored (it has a report) or not scored: its recording is kept, with why
scoring failed, so that it can be scored again (`rescore`) instead of being lost. A scored
attempt whose transcript the candidate corrected keeps the report as first scored beside the
corrected one.

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
    score INTEGER,                         -- this and the figures below: NULL until scored
    verdict TEXT,
    fillers_per_min REAL,
    wpm REAL,
    signals_met INTEGER,
    signals_total INTEGER,
    audio_path TEXT,                       -- relative to the data directory
    report_json TEXT,                      -- NULL: not scored yet
    scoring_error TEXT,                    -- why the last scoring failed, while not scored
    original_report_json TEXT              -- the report as first scored, once corrected
);
CREATE INDEX IF NOT EXISTS attempts_by_question ON attempts (question_id, started_at);
"""
# Also in version 2: mock interview rounds (voice_interview/round_history.py), each with its state
# after every answer, its debrief once scored, and its turns' recordings in rounds/<id>/.
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
    "signals_met, signals_total, audio_path, report_json, original_report_json"
)
_UNSCORED_COLUMNS = "id, question_id, started_at, duration_s, audio_path, scoring_error"
# Version 1 required a report for every row; version 2 allows attempts not scored yet, so the
# table is rebuilt (SQLite cannot drop a NOT NULL constraint in place).
_V1_TO_V2 = (
    """
ALTER TABLE attempts RENAME TO attempts_v1;
DROP INDEX IF EXISTS attempts_by_question;
"""
    + _SCHEMA
    + """
INSERT INTO attempts (id, question_id, started_at, duration_s, score, verdict,
    fillers_per_min, wpm, signals_met, signals_total, audio_path, report_json)
SELECT id, question_id, started_at, duration_s, score, verdict, fillers_per_min, wpm,
    signals_met, signals_total, audio_path, report_json FROM attempts_v1;
-- Ids are never reused: carry over the highest id ever given, deleted attempts included.
DELETE FROM sqlite_sequence WHERE name = 'attempts';
UPDATE sqlite_sequence SET name = 'attempts' WHERE name = 'attempts_v1';
DROP TABLE attempts_v1;
"""
)


class HistoryError(VoiceInterviewError):
    """An attempt that does not exist, or a history database this version cannot read."""

    exit_code = 2


class MissingAttempt(HistoryError):
    """No attempt has this id (front ends add how to list the attempts)."""


class NotScored(HistoryError):
    """The attempt exists but has no report yet: its scoring failed or was cancelled."""

    def __init__(self, attempt_id: int) -> None:
        super().__init__(f"attempt {attempt_id} is not scored yet")
        self.attempt_id = attempt_id


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
    original_json: str | None = None
    """The report as first scored, when the candidate has corrected the transcript since."""

    @property
    def corrected(self) -> bool:
        """Whether the report comes from a transcript the candidate corrected."""
        return self.original_json is not None

    @cached_property
    def report(self) -> Report:
        return Report.model_validate_json(self.report_json)

    def stats(self) -> AttemptStats:
        return AttemptStats(**{f: getattr(self, f) for f in AttemptStats.__dataclass_fields__})


@dataclass(frozen=True)
class Unscored:
    """An attempt kept without a report: the recording is there, scoring failed or was stopped."""

    id: int
    question_id: str
    started_at: datetime
    duration_s: float | None
    audio_path: Path | None
    error: str
    """Why it has no report, in the words of the failure."""


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
        with self._connect() as con:
            attempt_id, stored = self._insert(
                con, question_id, started_at, _duration(report), audio
            )
            con.execute(
                f"UPDATE attempts SET {_REPORT_SET} WHERE id = ?",
                (*_report_values(_pointing_at(report, stored)), attempt_id),
            )
        if audio is not None and move:
            Path(audio).unlink(missing_ok=True)  # only once the row is safely committed
        return self.get(attempt_id)

    def add_unscored(
        self,
        question_id: str,
        started_at: datetime,
        audio: Path,
        error: str,
        *,
        duration_s: float | None = None,
        move: bool = False,
    ) -> Unscored:
        """Keep a recording whose scoring failed (or was stopped) as an attempt not scored yet,
        so that it is listed and can be scored again instead of lying forgotten on the disk."""
        with self._connect() as con:
            attempt_id, _stored = self._insert(con, question_id, started_at, duration_s, audio)
            con.execute("UPDATE attempts SET scoring_error = ? WHERE id = ?", (error, attempt_id))
        if move:
            Path(audio).unlink(missing_ok=True)
        return self.get_unscored(attempt_id)

    def set_report(self, attempt_id: int | str, report: Report) -> Attempt:
        """Give an attempt its (new) report: a not-scored attempt scored at last, or a scored
        one scored again from its recording. A corrected transcript is not replaced this way
        (`correct` replaces it)."""
        key = self._existing(attempt_id)
        report = _pointing_at(report, self.audio_of(key))
        with self._connect() as con:
            con.execute(
                f"UPDATE attempts SET {_REPORT_SET}, scoring_error = NULL, "
                "original_report_json = NULL WHERE id = ?",
                (*_report_values(report), key),
            )
        return self.get(key)

    def set_error(self, attempt_id: int | str, error: str) -> Unscored:
        """Record why scoring a not-scored attempt failed again."""
        key = self._existing(attempt_id)
        with self._connect() as con:
            con.execute("UPDATE attempts SET scoring_error = ? WHERE id = ?", (error, key))
        return self.get_unscored(key)

    def correct(self, attempt_id: int | str, report: Report) -> Attempt:
        """Replace a scored attempt's report with one re-scored from a corrected transcript.

        The report as first scored is kept (the first time only: a second correction replaces
        the first correction, never the original), and `original` returns it.
        """
        current = self.get(attempt_id)
        report = _pointing_at(report, current.audio_path)
        with self._connect() as con:
            con.execute(
                f"UPDATE attempts SET {_REPORT_SET}, "
                "original_report_json = coalesce(original_report_json, ?) WHERE id = ?",
                (*_report_values(report), current.report_json, current.id),
            )
        return self.get(current.id)

    def original(self, attempt_id: int | str) -> Report | None:
        """The report as first scored, when the transcript was corrected since; else None."""
        key = self._existing(attempt_id)
        with self._connect() as con:
            row = con.execute(
                "SELECT original_report_json FROM attempts WHERE id = ?", (key,)
            ).fetchone()
        return Report.model_validate_json(row[0]) if row and row[0] else None

    def list(self, question_id: str | None = None) -> list[Attempt]:
        """Every scored attempt (or those for one question), oldest first."""
        where, args = _where(question_id, "report_json IS NOT NULL")
        with self._connect() as con:
            rows = con.execute(
                f"SELECT {_COLUMNS} FROM attempts {where} ORDER BY started_at, id", args
            ).fetchall()
        return [self._attempt(r) for r in rows]

    def unscored(self, question_id: str | None = None) -> builtins.list[Unscored]:
        """Every attempt not scored yet (or those for one question), oldest first."""
        where, args = _where(question_id, "report_json IS NULL")
        with self._connect() as con:
            rows = con.execute(
                f"SELECT {_UNSCORED_COLUMNS} FROM attempts {where} ORDER BY started_at, id", args
            ).fetchall()
        return [self._unscored(r) for r in rows]

    def get(self, attempt_id: int | str) -> Attempt:
        """The scored attempt with this id; MissingAttempt if there is none, NotScored if it has
        no report yet."""
        key = _id(attempt_id)
        with self._connect() as con:
            row = con.execute(f"SELECT {_COLUMNS} FROM attempts WHERE id = ?", (key,)).fetchone()
        if row is None:
            raise MissingAttempt(f"no attempt {attempt_id} in the history")
        if row[_REPORT_COLUMN] is None:
            raise NotScored(key)
        return self._attempt(row)

    def get_unscored(self, attempt_id: int | str) -> Unscored:
        """The not-scored attempt with this id; MissingAttempt if there is none."""
        key = _id(attempt_id)
        with self._connect() as con:
            row = con.execute(
                f"SELECT {_UNSCORED_COLUMNS} FROM attempts WHERE id = ? AND report_json IS NULL",
                (key,),
            ).fetchone()
        if row is None:
            raise MissingAttempt(f"no attempt {attempt_id} waiting to be scored")
        return self._unscored(row)

    def audio_of(self, attempt_id: int | str) -> Path | None:
        """Where an attempt's recording is kept (scored or not); None for a typed answer."""
        key = self._existing(attempt_id)
        with self._connect() as con:
            (audio,) = con.execute(
                "SELECT audio_path FROM attempts WHERE id = ?", (key,)
            ).fetchone()
        return self.home / audio if audio else None

    def delete(self, attempt_id: int | str) -> None:
        """Forget an attempt (scored or not) and delete its folder with the audio."""
        key = _id(attempt_id)
        with self._connect() as con:
            if con.execute("DELETE FROM attempts WHERE id = ?", (key,)).rowcount == 0:
                raise MissingAttempt(f"no attempt {attempt_id} in the history")
        shutil.rmtree(self.home / ATTEMPTS_DIR / str(key), ignore_errors=True)

    def _insert(
        self,
        con: sqlite3.Connection,
        question_id: str,
        started_at: datetime,
        duration_s: float | None,
        audio: Path | None,
    ) -> tuple[int, Path | None]:
        """A new row, with the audio copied into the attempt's folder (inside the caller's
        transaction: if the copy fails, the row rolls back with it)."""
        cur = con.execute(
            "INSERT INTO attempts (question_id, started_at, duration_s) VALUES (?, ?, ?)",
            (question_id, _utc_text(started_at), duration_s),
        )
        attempt_id = int(cur.lastrowid or 0)
        if audio is None:
            return attempt_id, None
        folder = self.home / ATTEMPTS_DIR / str(attempt_id)
        try:
            stored = _store_audio(Path(audio), folder)
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)
            raise  # the transaction rolls back: no row without its audio
        con.execute(
            "UPDATE attempts SET audio_path = ? WHERE id = ?",
            (stored.relative_to(self.home).as_posix(), attempt_id),
        )
        return attempt_id, stored

    def _existing(self, attempt_id: int | str) -> int:
        key = _id(attempt_id)
        with self._connect() as con:
            if con.execute("SELECT 1 FROM attempts WHERE id = ?", (key,)).fetchone() is None:
                raise MissingAttempt(f"no attempt {attempt_id} in the history")
        return key

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
        """The module's `to_json` of `attempts`, or of every attempt (scored or not) when None."""
        if attempts is None:
            return to_json(self.list(), self.unscored())
        return to_json(attempts)

    def _attempt(self, row: tuple[Any, ...]) -> Attempt:
        (id_, qid, started, duration, score, verdict, fpm, wpm, met, total, audio, rjson, fixed) = (
            row
        )
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
            original_json=fixed,
        )

    def _unscored(self, row: tuple[Any, ...]) -> Unscored:
        id_, qid, started, duration, audio, error = row
        return Unscored(
            id=id_,
            question_id=qid,
            started_at=datetime.fromisoformat(started),
            duration_s=duration,
            audio_path=self.home / audio if audio else None,
            error=error or "not scored",
        )


def to_json(attempts: Sequence[Attempt], unscored: Sequence[Unscored] = ()) -> str:
    """A JSON array, oldest first: id, question_id, started_at and the full report of each.

    A corrected attempt also has "original_report", the report as first scored; an attempt not
    scored yet has "report": null and "not_scored": why.
    """
    items: list[tuple[datetime, int, dict[str, Any]]] = []
    for a in attempts:
        item = {
            "id": a.id,
            "question_id": a.question_id,
            "started_at": a.started_at.isoformat(),
            "report": json.loads(a.report_json),
        }
        if a.original_json is not None:
            item["original_report"] = json.loads(a.original_json)
        items.append((a.started_at, a.id, item))
    for u in unscored:
        entry = {
            "id": u.id,
            "question_id": u.question_id,
            "started_at": u.started_at.isoformat(),
            "report": None,
            "not_scored": u.error,
        }
        items.append((u.started_at, u.id, entry))
    ordered = [item for _, _, item in sorted(items, key=lambda t: (t[0], t[1]))]
    return json.dumps(ordered, indent=2, ensure_ascii=False)


def _migrate(con: sqlite3.Connection, path: Path) -> None:
    version = int(con.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise HistoryError(
            f"{path} was written by a newer voice-interview (schema {version}); upgrade it"
        )
    if version == SCHEMA_VERSION:
        return
    exists = con.execute("SELECT 1 FROM sqlite_master WHERE name = 'attempts'").fetchone()
    # Version 0 with a table is a version-1 file whose version was never written (the old code
    # set it after creating the table). Version 2 rebuilds the attempts (not-scored attempts and
    # corrections) and adds the rounds.
    steps = (_V1_TO_V2 if exists else _SCHEMA) + _ROUNDS_SCHEMA
    # One transaction, the version written last inside it: a crash leaves the old file as it was.
    con.commit()
    con.executescript(f"BEGIN;\n{steps}\nPRAGMA user_version = {SCHEMA_VERSION};\nCOMMIT;")


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


_REPORT_SET = (
    "score = ?, verdict = ?, fillers_per_min = ?, wpm = ?, signals_met = ?, signals_total = ?, "
    "duration_s = ?, report_json = ?"
)
_REPORT_COLUMN = 11  # report_json's place in _COLUMNS


def _report_values(report: Report) -> tuple[Any, ...]:
    """The values for _REPORT_SET: the figures lists and trends read without parsing JSON."""
    signals = report.rubric.signals
    return (
        report.rubric.score,
        report.rubric.verdict,
        report.delivery.fillers.per_minute,
        report.delivery.wpm,
        sum(1 for s in signals if s.met),
        len(signals),
        _duration(report),
        report.model_dump_json(),
    )


def too_little_speech(report: Report, min_speech_s: float) -> str | None:
    """Why a spoken answer is too short to keep as an attempt, or None to keep it.

    Speech is the time from the first word to the last (typed answers have none and are kept):
    a recording started and stopped by mistake has a second or two of it at most.
    """
    if report.timing is None or min_speech_s <= 0:
        return None
    speech = report.timing.speaking_span_s or 0.0
    if speech >= min_speech_s:
        return None
    heard = f"only {speech:.1f} s of speech" if speech > 0 else "no speech"
    return f"{heard}, under the {min_speech_s:g} s an attempt needs"


def _pointing_at(report: Report, stored: Path | None) -> Report:
    """The report naming the kept copy of its recording, when the attempt has one, so that a
    re-opened report's exports and playback name a file that exists."""
    if stored is None:
        return report
    audio = report.audio.model_copy(update={"path": str(stored)}) if report.audio else None
    return report.model_copy(update={"source": str(stored), "audio": audio})


def _where(question_id: str | None, condition: str) -> tuple[str, tuple[str, ...]]:
    if question_id:
        return f"WHERE question_id = ? AND {condition}", (question_id,)
    return f"WHERE {condition}", ()


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
        raise MissingAttempt(f"{attempt_id!r} is not an attempt id (ids are numbers)") from None


def _minus(b: float | None, a: float | None) -> float | None:
    return None if a is None or b is None else b - a
