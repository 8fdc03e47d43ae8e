"""What the round screens need besides the app's usual services: the rounds and where they are kept.

`RoundServices` is built by the wiring (the real round book and store) or by tests; `RoundSession`
runs one round for a screen: the engine's state, the round's clock, and saving after every
answer, so a quit or a crash loses nothing. No widget code here.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from voice_interview.core.rounds.coverage import Covered
from voice_interview.core.rounds.debrief import build_debrief
from voice_interview.core.rounds.engine import RoundEngine
from voice_interview.core.rounds.loader import RoundBook
from voice_interview.models.config import RubricConfig
from voice_interview.models.debrief import RoundDebrief
from voice_interview.models.question import Question
from voice_interview.models.report import Report
from voice_interview.models.round_state import RoundState, Turn
from voice_interview.round_history import KeptRound


class RoundStoreLike(Protocol):
    """Kept rounds: `voice_interview.round_history.RoundStore`."""

    def open(self, state: RoundState, started_at: datetime) -> KeptRound: ...

    def save(
        self, key: int | str, state: RoundState, debrief: RoundDebrief | None = None
    ) -> None: ...

    def get(self, key: int | str) -> KeptRound: ...

    def list(self, round_id: str | None = None) -> Sequence[KeptRound]: ...

    def unfinished(self) -> Sequence[KeptRound]: ...


@dataclass(frozen=True)
class RoundServices:
    book: RoundBook
    store: RoundStoreLike


class RoundClock:
    """The round's clock: seconds of interview so far, stopped while paused or scoring."""

    def __init__(self, start_s: float, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self._base = start_s
        self._since: float | None = None

    @property
    def running(self) -> bool:
        return self._since is not None

    def run(self) -> None:
        if self._since is None:
            self._since = self._now()

    def stop(self) -> None:
        if self._since is not None:
            self._base += self._now() - self._since
            self._since = None

    def set(self, seconds: float) -> None:
        """Move the clock to `seconds` (the engine's clock after an answer), keeping it stopped."""
        self.stop()
        self._base = seconds

    def seconds(self) -> float:
        running = self._now() - self._since if self._since is not None else 0.0
        return self._base + running


class RoundSession:
    """One round in the app: the engine, its state, its place in the history, and its clock."""

    def __init__(
        self,
        engine: RoundEngine,
        store: RoundStoreLike,
        kept: KeptRound,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.engine = engine
        self.store = store
        self.kept = kept
        self.state = kept.state
        self.clock = RoundClock(self.state.clock_s, now)

    @classmethod
    def start(
        cls,
        services: RoundServices,
        round_id: str,
        seed: int | None = None,
        now: Callable[[], float] = time.monotonic,
    ) -> RoundSession:
        book = services.book
        engine = RoundEngine(book.get(round_id), book.questions, book.script)
        kept = services.store.open(engine.begin(seed), datetime.now(UTC))
        return cls(engine, services.store, kept, now)

    @classmethod
    def resume(
        cls, services: RoundServices, kept: KeptRound, now: Callable[[], float] = time.monotonic
    ) -> RoundSession:
        book = services.book
        engine = RoundEngine(book.get(kept.round_id), book.questions, book.script)
        return cls(engine, services.store, kept, now)

    @property
    def turn(self) -> Turn | None:
        return self.state.pending

    def question(self, turn: Turn) -> Question:
        return self.engine.questions[turn.question_id]

    def recording_path(self, turn: Turn) -> Path:
        """Where the answer to `turn` is recorded: in the round's own folder."""
        return self.kept.folder / f"turn-{turn.index + 1:02d}.wav"

    def phase_end_s(self, turn: Turn) -> float:
        return self.engine.round.phase(turn.phase).end_min * 60

    def answered(self, report: Report, recording: Path | None, ended_s: float) -> None:
        """Record the answer to the waiting turn, and keep the round as it now stands."""
        state = self.engine.answer(self.state, report, ended_s)
        if recording is not None:
            last = state.answers[-1].model_copy(update={"audio": recording.name})
            state = state.model_copy(update={"answers": [*state.answers[:-1], last]})
        self._saved(state)

    def skipped(self, ended_s: float) -> None:
        self._saved(self.engine.skip(self.state, ended_s))

    def end(self) -> None:
        self._saved(self.engine.end(self.state))

    def debrief(self, config: RubricConfig) -> RoundDebrief:
        """The round's debrief as it stands; kept with the round."""
        debrief = build_debrief(self.engine, self.state, config, datetime.now(UTC))
        self.store.save(self.kept.id, self.state, debrief)
        return debrief

    def checklist(self) -> list[Covered]:
        """The checklist items the round has covered so far, and how."""
        return self.engine.checklist(self.state)

    def checklist_items(self) -> list[tuple[str, str, str]]:
        """Every checklist item as (id, label, phase id), covered or not; empty without one."""
        if self.engine.round.checklist is None:
            return []
        question = self.engine.questions[self.engine.round.checklist]
        return [(s.id, s.label, s.phase) for s in question.signals if s.phase is not None]

    def _saved(self, state: RoundState) -> None:
        self.state = state
        self.clock.set(state.clock_s)
        self.store.save(self.kept.id, state)
