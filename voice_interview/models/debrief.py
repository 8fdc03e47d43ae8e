"""The round's report, in a bar raiser's terms: what every `round` run and the app's debrief show,
and what `--format json` prints (its schema: `voice-interview schema --debrief`).

Field names are stable; new fields may be added. Bump DEBRIEF_VERSION when a field changes
meaning or is removed, so saved debriefs can be re-read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from voice_interview.models.report import Evidence, RubricVerdict
from voice_interview.models.round import Role
from voice_interview.models.round_state import Ending, ProbeReason, TurnKind

DEBRIEF_VERSION = 1

Earned = Literal["unprompted", "after_probe", "missing"]
"""How a signal was earned: offered unasked, given only after a probe, or never."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class DebriefSignal(_Frozen):
    id: str
    label: str
    weight: float
    strength: float
    """The best strength any answer reached, 0-1."""
    credit: float
    """What counts towards the score: the strength given unasked, or a share of it when it
    needed a probe (the round's prompted_credit)."""
    earned: Earned
    turn: int | None = None
    """The turn whose answer first met it."""
    phase: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    evidence_turn: int | None = None
    """The turn whose answer the evidence quotes; its times are within that answer."""
    advice: str | None = None


class DebriefProbe(_Frozen):
    turn: int
    text: str
    why: ProbeReason
    answered: bool
    """An answer was given (not skipped)."""
    closed: bool | None
    """The gap it aimed at was met by its answer; None for a red flag, which no answer clears."""


class StoryDebrief(_Frozen):
    """One main question with its probes: a story, a technical turn, or the opening or closing."""

    main: int
    role: Role
    phase: str
    question_id: str
    title: str
    value: str
    """The competency, value or principle it shows."""
    answered: bool
    """The main question was answered (not skipped, and reached)."""
    score: int
    """0-100 over its answers, what needed a probe counted at the round's prompted_credit."""
    verdict: Literal["raises_the_bar", "meets", "below_the_bar"]
    signals: list[DebriefSignal] = Field(default_factory=list)
    red_flags: list[Evidence] = Field(default_factory=list)
    probes: list[DebriefProbe] = Field(default_factory=list)
    time_s: float
    """Clock time of its turns: the interviewer's questions and the answers."""


class ValueCoverage(_Frozen):
    value: str
    stories: list[int]
    """Indexes of the main questions that show it."""
    best: RubricVerdict


class Inconsistency(_Frozen):
    kind: Literal["same_story", "numbers"]
    detail: str
    turns: list[int]


class PhaseTime(_Frozen):
    id: str
    title: str
    planned_s: float
    used_s: float


class DimensionScore(_Frozen):
    id: str
    title: str
    points: float
    max_points: float
    signals: list[str]
    independent: bool = False


class ChecklistItem(_Frozen):
    id: str
    label: str
    phase: str
    earned: Earned
    strength: float
    turn: int | None = None


class FixFirst(_Frozen):
    label: str
    advice: str
    why: str
    """What makes it worth fixing first: where it was missing, that it needed prompting, or the
    red flag."""


class TurnRecord(_Frozen):
    """One exchange: what the interviewer said and what the candidate answered."""

    index: int
    kind: TurnKind
    main: int
    phase: str
    asked: str
    answer: str | None
    """The transcript of the answer; None when the turn was skipped or never answered."""
    skipped: bool = False
    asked_s: float
    ended_s: float | None = None
    audio: str | None = None
    why: ProbeReason | None = None


class RoundDebrief(_Frozen):
    schema_version: int = DEBRIEF_VERSION
    round_id: str
    round_title: str
    created_at: datetime
    seed: int | None = None
    ending: Ending | None
    """How the round ended; None when it is scored while still open."""
    value_word: str
    planned_s: float
    used_s: float
    score: int
    """0-100: the rubric's points for a round with dimensions, else the mean of its counted
    stories' scores (a skipped story counts 0)."""
    verdict: RubricVerdict
    stories: list[StoryDebrief]
    not_reached: list[str] = Field(default_factory=list)
    """Titles of main questions the round never got to."""
    coverage: list[ValueCoverage] = Field(default_factory=list)
    consistency: list[Inconsistency] = Field(default_factory=list)
    phases: list[PhaseTime] = Field(default_factory=list)
    dimensions: list[DimensionScore] = Field(default_factory=list)
    checklist: list[ChecklistItem] = Field(default_factory=list)
    fix_first: list[FixFirst] = Field(default_factory=list)
    self_check: list[str] = Field(default_factory=list)
    turns: list[TurnRecord] = Field(default_factory=list)
