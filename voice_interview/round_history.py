"""Mock interview rounds kept on the user's disk, beside the attempts (voice_interview/history.py).

A round is saved when it starts and again after every answer, so a crash or a quit loses
nothing: its state holds every turn asked and every answer's report, and its folder every
answer's recording. Once scored it also holds its debrief. Layout in the data directory:

    history.sqlite3                the `rounds` table (schema version 2)
    rounds/<id>/turn-03.wav        the recording that answered turn 3 (counting from 1)

Folders are 0700 and files 0600, like the attempts'.
"""

from __future__ import annotations

import builtins
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from voice_interview.history import HistoryError, HistoryStore
from voice_interview.models.debrief import RoundDebrief
from voice_interview.models.round_state import RoundState

ROUNDS_DIR = "rounds"
OPEN = "open"
PREFIX = "r"
"""Round ids are shown as r1, r2...: they share `history` with attempts, whose ids are numbers."""
_DIR_MODE, _FILE_MODE = 0o700, 0o600
_COLUMNS = "id, round_id, started_at, status, score, verdict, used_s, state_json, debrief_json"


@dataclass(frozen=True)
class KeptRound:
    id: int
    round_id: str
    started_at: datetime
    status: str
    """"open" while the round runs (or was interrupted), then its ending."""
    score: int | None
    verdict: str | None
    used_s: float
    folder: Path
    state_json: str
    debrief_json: str | None

    @property
    def key(self) -> str:
        return f"{PREFIX}{self.id}"

    @cached_property
    def state(self) -> RoundState:
        return RoundState.model_validate_json(self.state_json)

    @cached_property
    def debrief(self) -> RoundDebrief | None:
        if self.debrief_json is None:
            return None
        return RoundDebrief.model_validate_json(self.debrief_json)

    def recording(self, turn: int) -> Path | None:
        """Where the answer to `turn` is kept, if it was recorded."""
        answer = next((a for a in self.state.answers if a.turn == turn), None)
        if answer is None or answer.audio is None:
            return None
        path = self.folder / answer.audio
        return path if path.exists() else None


class RoundStore:
    """Rounds stored under `home` (the data directory). Safe to use from several threads."""

    def __init__(self, home: Path) -> None:
        self.home = Path(home)
        self.db_path = HistoryStore(self.home).db_path  # creates the folders and the schema
        _private_dir(self.home / ROUNDS_DIR)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.db_path, timeout=10)) as con, con:
            yield con

    def open(self, state: RoundState, started_at: datetime) -> KeptRound:
        """Keep a round that has just begun; its folder is made for the recordings."""
        with self._connect() as con:
            cur = con.execute(
                "INSERT INTO rounds (round_id, started_at, status, used_s, state_json) "
                "VALUES (?, ?, ?, ?, ?)",
                (state.round_id, _utc_text(started_at), OPEN, 0.0, state.model_dump_json()),
            )
            key = int(cur.lastrowid or 0)
        _private_dir(self.home / ROUNDS_DIR / str(key))
        return self.get(key)

    def save(self, key: int | str, state: RoundState, debrief: RoundDebrief | None = None) -> None:
        """Write the round's latest state (and its debrief once there is one)."""
        number = _id(key)
        status = state.ending or OPEN
        score = debrief.score if debrief is not None else None
        verdict = debrief.verdict if debrief is not None else None
        body = debrief.model_dump_json() if debrief is not None else None
        with self._connect() as con:
            changed = con.execute(
                "UPDATE rounds SET status = ?, score = ?, verdict = ?, used_s = ?, "
                "state_json = ?, debrief_json = ? WHERE id = ?",
                (status, score, verdict, state.clock_s, state.model_dump_json(), body, number),
            ).rowcount
        if not changed:
            raise HistoryError(f"no round {PREFIX}{number} in the history")

    def keep_recording(self, key: int | str, turn: int, audio: Path, *, move: bool = False) -> str:
        """Copy (or move) the recording that answered `turn` into the round's folder; returns
        its file name there, for the state's answer."""
        folder = self.home / ROUNDS_DIR / str(_id(key))
        _private_dir(folder)
        target = folder / f"turn-{turn + 1:02d}{audio.suffix.lower() or '.wav'}"
        if move:
            shutil.move(str(audio), target)
        else:
            shutil.copyfile(audio, target)
        os.chmod(target, _FILE_MODE)
        return target.name

    def list(self, round_id: str | None = None) -> list[KeptRound]:
        """Every kept round (or those of one round id), oldest first."""
        where, args = ("WHERE round_id = ?", (round_id,)) if round_id else ("", ())
        with self._connect() as con:
            rows = con.execute(
                f"SELECT {_COLUMNS} FROM rounds {where} ORDER BY started_at, id", args
            ).fetchall()
        return [self._kept(r) for r in rows]

    def unfinished(self) -> builtins.list[KeptRound]:
        """Rounds left open by a crash or a quit, newest first."""
        return [r for r in reversed(self.list()) if r.status == OPEN]

    def get(self, key: int | str) -> KeptRound:
        number = _id(key)
        with self._connect() as con:
            row = con.execute(f"SELECT {_COLUMNS} FROM rounds WHERE id = ?", (number,)).fetchone()
        if row is None:
            raise HistoryError(
                f"no round {PREFIX}{number} in the history (list them: voice-interview history "
                "--rounds)"
            )
        return self._kept(row)

    def delete(self, key: int | str) -> None:
        number = _id(key)
        with self._connect() as con:
            if con.execute("DELETE FROM rounds WHERE id = ?", (number,)).rowcount == 0:
                raise HistoryError(f"no round {PREFIX}{number} in the history")
        shutil.rmtree(self.home / ROUNDS_DIR / str(number), ignore_errors=True)

    def _kept(self, row: tuple[Any, ...]) -> KeptRound:
        (id_, round_id, started, status, score, verdict, used, state, debrief) = row
        return KeptRound(
            id=id_,
            round_id=round_id,
            started_at=datetime.fromisoformat(started),
            status=status,
            score=score,
            verdict=verdict,
            used_s=used,
            folder=self.home / ROUNDS_DIR / str(id_),
            state_json=state,
            debrief_json=debrief,
        )


def is_round_key(text: str) -> bool:
    """True for a round's id as `history` shows it ("r3")."""
    return text[:1].lower() == PREFIX and text[1:].isdigit()


def _id(key: int | str) -> int:
    text = str(key)
    if text[:1].lower() == PREFIX:
        text = text[1:]
    try:
        return int(text)
    except ValueError:
        raise HistoryError(f"{key!r} is not a round id (round ids look like r3)") from None


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, _DIR_MODE)


def _utc_text(moment: datetime) -> str:
    from datetime import UTC

    return moment.astimezone(UTC).isoformat(timespec="microseconds")
