"""A round in progress: its plan, every turn asked and every answer given, serialisable so a round
can be saved after each answer and resumed after a crash or a quit.

Times are seconds on the round's clock: from the first question, pauses not counted.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from voice_interview.models.report import Report
from voice_interview.models.round import Role

STATE_VERSION = 1

TurnKind = Literal["main", "probe"]
GapKind = Literal["missing", "weak", "red_flag"]
ProbeSource = Literal["round", "signal", "grounded", "follow_up", "family"]
Ending = Literal["finished", "time_up", "ended_early"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class PlannedMain(_Frozen):
    """A main question as the round's plan fixed it when the round began."""

    index: int
    phase: str
    role: Role
    question_id: str
    """The question whose rubric scores the answers to this main question and its probes."""
    title: str
    ask: str
    """What the interviewer says (a hypothetical's wording is completed when it is asked)."""
    value: str
    """The competency, value or principle it shows."""
    slot_start_s: float
    slot_end_s: float
    probe: bool
    twist: str = ""
    focus: list[str] = Field(default_factory=list)
    """In a round with a checklist: the items this main question is meant to draw out (empty:
    every item of its phase)."""


class ProbeReason(_Frozen):
    """Why a follow-up was asked: the gap it aims at and where its wording came from."""

    target: str
    """A signal id, or a red flag's id or words."""
    target_label: str
    kind: GapKind
    strength: float
    weight: float
    gap: float
    """weight x (1 - strength) for a signal; the round's red_flag_weight for a red flag."""
    family: str | None
    source: ProbeSource
    said: str | None = None
    """The candidate's own words the follow-up quotes, as they said them."""
    said_at_s: float | None = None
    """Where those words start in the answer's recording."""
    explanation: str
    """One sentence for the report."""


class Turn(_Frozen):
    """One thing the interviewer asked."""

    index: int
    kind: TurnKind
    main: int
    """Index of the main question it belongs to (a probe: the one it follows up)."""
    depth: int = 0
    """0 for a main question; 1, 2, ... for the layered probes after it."""
    phase: str
    question_id: str
    transition: str = ""
    """What the interviewer says first, moving the conversation on."""
    text: str
    """The question itself."""
    why: ProbeReason | None = None
    asked_s: float = 0.0

    @property
    def spoken(self) -> str:
        """Everything the interviewer says for this turn."""
        return f"{self.transition} {self.text}".strip()


class TurnAnswer(_Frozen):
    turn: int
    """Index of the turn it answers."""
    started_s: float
    ended_s: float
    skipped: bool = False
    report: Report | None = None
    """The answer's scored report; None when the turn was skipped."""
    audio: str | None = None
    """The recording's file name (inside the round's folder), when there is one."""


class RoundState(_Frozen):
    schema_version: int = STATE_VERSION
    round_id: str
    seed: int | None = None
    plan: list[PlannedMain]
    asked: list[Turn] = Field(default_factory=list)
    answers: list[TurnAnswer] = Field(default_factory=list)
    ending: Ending | None = None
    """Set once the round is over."""
    closing: str = ""
    """The interviewer's last words, once the round is over."""

    @property
    def pending(self) -> Turn | None:
        """The turn waiting for an answer, if any."""
        if self.ending is not None or len(self.asked) == len(self.answers):
            return None
        return self.asked[-1]

    @property
    def clock_s(self) -> float:
        """The round's clock at the end of the last answer."""
        return self.answers[-1].ended_s if self.answers else 0.0

    @property
    def over(self) -> bool:
        return self.ending is not None
