"""Round data: a mock interview of several turns, with its phases, main questions and probes.

Rounds live in TOML files (the built-in ones in `voice_interview/rounds/`, a user's in the
`rounds` folder of the config directory), one round per file, validated by these models so a bad
file is reported with its field. How the interviewer talks (the probe families, their wording and
the transitions) is declared once, in `voice_interview/core/rounds/interviewer.toml`, and read
into `InterviewerScript`.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from voice_interview.models.question import Question

Role = Literal["opening", "story", "technical", "hypothetical", "closing"]
"""What a main question is for. Stories, technical turns and hypotheticals count towards the
round's score; the opening and the candidate's own questions are shown but not counted."""
COUNTED_ROLES: frozenset[str] = frozenset({"story", "technical", "hypothetical"})

_ID = r"^[a-z0-9][a-z0-9_-]*$"


class _Strict(BaseModel):
    # Unknown keys are errors: a typo in a user's round should be reported, not ignored.
    model_config = ConfigDict(frozen=True, extra="forbid")


def _compiles(patterns: list[str]) -> list[str]:
    for pattern in patterns:
        try:
            re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"{pattern!r} is not a valid regular expression: {exc}") from exc
    return patterns


class RoundPhase(_Strict):
    """A stretch of the round's clock, in minutes from its start."""

    id: str = Field(pattern=_ID)
    title: str
    start_min: float = Field(ge=0)
    end_min: float = Field(gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> RoundPhase:
        if self.end_min <= self.start_min:
            raise ValueError("end_min must be greater than start_min")
        return self


class MainItem(_Strict):
    """One entry of the round's plan; it becomes one or more main questions when the round starts.

    Exactly one of `question` and `pool` names what is asked. With `turns`, the question's own
    interviewer turns are asked one by one (each in its phase), its prompt read first as the
    scenario. With `pool`, `pick` questions are drawn from it (in order, or shuffled by the round's
    seed), each its own main question.
    """

    phase: str
    role: Role = "story"
    question: str | None = None
    """A question id (the question bank, or a question defined in a round file)."""
    pool: list[str] = Field(default_factory=list)
    pick: int = Field(default=1, ge=1)
    turns: bool = False
    ask: str | None = None
    """What the interviewer says instead of the question's prompt. A hypothetical's wording may
    use {story} (the title of the story it is rooted in), {said} (the candidate's words from it)
    and {twist}."""
    twists: list[str] = Field(default_factory=list)
    """Hypotheticals only: the changed circumstance, one per round seed in turn."""
    minutes: float | None = Field(default=None, gt=0)
    """Length of each main question's slot; default: an equal share of what its phase has left."""
    probe: bool = True
    """Whether the interviewer follows up on this main question's gaps."""
    values: dict[str, str] = Field(default_factory=dict)
    """The value or principle each question shows in this round (question id -> name), where the
    question's own competency is not what this round calls it."""
    focus: dict[str, list[str]] = Field(default_factory=dict)
    """With `turns`: the checklist items each turn (by title) is meant to draw out. Follow-ups
    after a turn aim only at its items, leaving the phase's other items to the turns that ask
    about them; a turn not listed follows up on every item of its phase."""

    @model_validator(mode="after")
    def _one_source(self) -> MainItem:
        if (self.question is None) == (not self.pool):
            raise ValueError("give either question or pool")
        if self.pool and self.pick > len(self.pool):
            raise ValueError(f"pick is {self.pick} but the pool has {len(self.pool)} questions")
        if self.turns and self.question is None:
            raise ValueError("turns needs a question")
        if self.role == "hypothetical" and not (self.ask and self.twists):
            raise ValueError("a hypothetical needs ask and twists")
        return self


class SignalProbe(_Strict):
    """A follow-up written for particular signals or red flags, in a round or the script."""

    signals: list[str] = Field(default_factory=list)
    """The signal ids it asks about."""
    red_flags: list[str] = Field(default_factory=list)
    """Patterns naming the red flags it asks about (matched against a red flag's id and words)."""
    ask: str
    ground: list[str] = Field(default_factory=list)
    """Patterns that find the candidate's words to quote; with a match, `ask_grounded` is used."""
    ask_grounded: str | None = None
    """The follow-up with the candidate's words: {said} is replaced by them."""

    _red_flags_compile = field_validator("red_flags")(_compiles)
    _ground_compiles = field_validator("ground")(_compiles)

    @model_validator(mode="after")
    def _targets(self) -> SignalProbe:
        if not self.signals and not self.red_flags:
            raise ValueError("a probe needs signals or red_flags to aim at")
        if bool(self.ground) != bool(self.ask_grounded):
            raise ValueError("ground and ask_grounded go together")
        if self.ask_grounded is not None and "{said}" not in self.ask_grounded:
            raise ValueError("ask_grounded must contain {said}")
        return self


class Dimension(_Strict):
    """A rubric dimension with its points, earned from the checklist items it lists."""

    id: str = Field(pattern=_ID)
    title: str
    points: float = Field(gt=0)
    signals: list[str] = Field(min_length=1)
    independent: bool = False
    """Items count fully only when offered unprompted: for dimensions that reward seeing the
    point yourself (the seed's level-specific expectations). Otherwise `prompted_credit`."""


class ProbeLimits(_Strict):
    per_story: int = Field(default=3, ge=0)
    """Layered probes after one main question, at most."""
    per_round: int | None = Field(default=None, ge=0)
    """Probes in the whole round, at most; None for no limit beyond per_story."""
    answer_s: float = Field(default=90, gt=0)
    """Time a probe's answer is expected to take: no probe is asked with less left in the main
    question's slot (1-2 minutes; the seed's 3-5 minute stories take their probes in less)."""
    min_gap: float = Field(default=0.3, ge=0)
    """Smallest gap worth a probe: weight x (1 - strength) of a signal. A weight-1 signal half
    met (0.5) is not a gap; one at 0.6 of a weight-1.5 signal (0.6) is."""
    red_flag_weight: float = Field(default=2.0, gt=0)
    """The gap a red flag counts as: as large as a missing signal of the heaviest built-in weight
    (2.0), and ahead of it on a tie, since a red flag is what bar raisers check first."""
    prompted_credit: float = Field(default=0.5, ge=0, le=1)
    """Share of a signal's credit kept when it was earned only after a probe: a bar raiser notes
    what needed prompting and credits it less."""


class Round(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    company: str = "Any"
    description: str
    """What the round is and what it tests, for lists and the start screen."""
    phases: list[RoundPhase] = Field(min_length=1)
    main: list[MainItem] = Field(min_length=1)
    probes: list[SignalProbe] = Field(default_factory=list)
    families: list[str] = Field(default_factory=list)
    """Ids of the interviewer's probe families this round uses, in order of preference."""
    limits: ProbeLimits = ProbeLimits()
    checklist: str | None = None
    """A question whose phased signals are the round's checklist, ticked as they are covered."""
    dimensions: list[Dimension] = Field(default_factory=list)
    value_word: str = "Competency"
    """What the round calls a story's competency in the debrief ("Leadership Principle")."""
    opening: str = ""
    """What the interviewer says before the first question."""
    closing: str = "That's all the time we have. Thank you."
    grace_s: float = Field(default=15, ge=0)
    """In the app: when a phase's time runs out mid-answer, the candidate is told and has this
    long to finish the sentence before the interviewer moves on."""
    interviewer_wpm: float = Field(default=160, gt=0)
    """How fast the interviewer's turns are taken to last on a recorded-answers run (the app
    measures real time): 160 wpm, the top of the 140-160 band of comfortable speech."""
    same_story_overlap: float = Field(default=0.5, gt=0, le=1)
    """Two stories sharing at least this share of their distinctive words are flagged as the
    same story told twice. Measured on the sample answers: 0.33 at most between different
    stories, 0.73 for one story retold in other words (docs/rounds.md)."""
    typed_wpm: float = Field(default=150, gt=0)
    """A typed answer is taken to last its words at this rate (conversational speech, 120-150)."""
    source: str = ""
    """The file the round came from; filled in by the loader."""

    @property
    def minutes(self) -> float:
        return self.phases[-1].end_min

    def phase(self, phase_id: str) -> RoundPhase:
        return next(p for p in self.phases if p.id == phase_id)

    @model_validator(mode="after")
    def _consistent(self) -> Round:
        ids = [p.id for p in self.phases]
        if len(set(ids)) != len(ids):
            raise ValueError("phase ids repeat")
        for before, after in zip(self.phases, self.phases[1:], strict=False):
            if after.start_min != before.end_min:
                raise ValueError(f"phase {after.id!r} must start when {before.id!r} ends")
        if self.phases[0].start_min != 0:
            raise ValueError("the first phase must start at minute 0")
        order = {p: i for i, p in enumerate(ids)}
        last = 0
        for item in self.main:
            if item.phase not in order:
                raise ValueError(f"a main question names unknown phase {item.phase!r}")
            if order[item.phase] < last:
                raise ValueError("main questions must follow the order of the phases")
            last = order[item.phase]
        if self.dimensions and self.checklist is None:
            raise ValueError("dimensions score the checklist: name the checklist question")
        return self


class RoundFile(_Strict):
    """One TOML file: a `[round]` table, and optionally `[[question]]` tables of turns that
    exist only in rounds (an introduction, the candidate's own questions)."""

    round: Round | None = None
    question: list[Question] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_empty(self) -> RoundFile:
        if self.round is None and not self.question:
            raise ValueError("no round (a [round] table) and no [[question]] tables")
        return self


class ProbeFamily(_Strict):
    """A kind of follow-up a bar raiser asks, with the gaps it answers and its wording."""

    id: str = Field(pattern=_ID)
    title: str
    signals: list[str] = Field(default_factory=list)
    """Signal ids it asks about (the generic detectors' and questions' own)."""
    labels: list[str] = Field(default_factory=list)
    """Patterns on a question's own signal label that make the signal this family's."""
    red_flags: list[str] = Field(default_factory=list)
    """Patterns on a red flag (its id and words) that make it this family's."""
    follow_ups: list[str] = Field(default_factory=list)
    """Patterns that make one of a question's follow-ups this family's."""
    ground: str | list[str] | None = None
    """How to find the candidate's words to quote: "number" (a result number with its words),
    or patterns; None when this family is never grounded."""
    ask_grounded: list[str] = Field(default_factory=list)
    ask: list[str] = Field(min_length=1)
    fix: str = ""
    """Advice for the debrief when one of this family's red flags was raised."""

    _labels_compile = field_validator("labels", "red_flags", "follow_ups")(_compiles)

    @field_validator("ground")
    @classmethod
    def _ground(cls, value: str | list[str] | None) -> str | list[str] | None:
        if isinstance(value, str) and value != "number":
            raise ValueError('ground is "number" or a list of patterns')
        return _compiles(value) if isinstance(value, list) else value

    @model_validator(mode="after")
    def _grounded_wording(self) -> ProbeFamily:
        if bool(self.ground) != bool(self.ask_grounded):
            raise ValueError("ground and ask_grounded go together")
        if any("{said}" not in text for text in self.ask_grounded):
            raise ValueError("every ask_grounded must contain {said}")
        return self


class Transitions(_Strict):
    """What the interviewer says between turns; each list is used in turn, deterministically."""

    next_main: list[str] = Field(min_length=1)
    """Moving to the next main question because the story is complete."""
    time_short: list[str] = Field(min_length=1)
    """Moving on because the main question's time is used up."""
    next_phase: list[str] = Field(min_length=1)
    """Moving into a new phase; may use {phase}."""
    probe: list[str] = Field(min_length=1)
    """Before a follow-up (an empty string says nothing)."""
    skipped: list[str] = Field(min_length=1)
    """After the candidate skipped a turn."""


class InterviewerScript(_Strict):
    family: list[ProbeFamily] = Field(min_length=1)
    probe: list[SignalProbe] = Field(default_factory=list)
    """Follow-ups for signals that no family's wording fits; a round's own probes come first."""
    transitions: Transitions

    def get(self, family_id: str) -> ProbeFamily:
        return next(f for f in self.family if f.id == family_id)
