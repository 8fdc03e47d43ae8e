"""Question data: what is asked, what the interviewer listens for, and how answers are scored.

Questions live in TOML files (the built-in bank in `voice_interview/questions/`, user packs in the
config directory). These models validate them, so a bad pack is reported field by field.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from voice_interview.models.cues import check_cues

GenericSignalId = str
"""The id of a built-in detector. The detectors declare their ids (core/rubric/registry.py);
the question bank checks a pack's ids against them when it loads."""

LEGACY_RED_FLAG_ID = "question_phrasing"
"""The id given to a pack's red-flag cues written as a plain list (before red flags had ids)."""


class _Strict(BaseModel):
    # Unknown keys are errors: a typo in a user's pack should be reported, not ignored.
    model_config = ConfigDict(frozen=True, extra="forbid")


class GenericSignal(_Strict):
    """Use one of the built-in detectors, with this question's weight and wording."""

    id: GenericSignalId = Field(pattern=r"^[a-z0-9_]+$")
    weight: float = Field(default=1.0, gt=0)
    label: str | None = None
    """Overrides the detector's default label."""
    advice: str | None = None
    """Overrides the detector's default advice when the signal is missing."""


class CueSignal(_Strict):
    """A question-specific signal, found by cue phrases in the transcript.

    The signal is met when, for every group in `all_of`, at least one of its cues occurs in some
    sentence (and, with `needs_number`, that sentence also holds a number).
    """

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    label: str
    weight: float = Field(default=1.0, gt=0)
    any_of: list[str] = Field(default_factory=list)
    """Cue phrases (the syntax of cues.toml; `re:` for a regular expression); one is enough."""
    all_of: list[list[str]] = Field(default_factory=list)
    """Groups of cues; each group must be matched somewhere in the answer."""
    same_sentence: bool = False
    """Every cue group must match within one sentence, for signals that tie two ideas together
    ("launch only if the queue stays under capacity"), where mentions far apart prove nothing."""
    needs_number: bool = False
    """The matching sentence must contain a number ("4%", "four percent", "120 ms")."""
    min_hits: int = Field(default=1, ge=1)
    """How many distinct cue matches are needed for full strength."""
    advice: str
    phase: str | None = None
    """For phased interviews, the id of the phase this checklist item belongs to."""

    @field_validator("any_of")
    @classmethod
    def _any_of_compiles(cls, value: list[str]) -> list[str]:
        return check_cues(value)

    @field_validator("all_of")
    @classmethod
    def _all_of_compiles(cls, value: list[list[str]]) -> list[list[str]]:
        for group in value:
            if not group:
                raise ValueError("a group in all_of needs at least one cue")
            check_cues(group)
        return value

    @model_validator(mode="after")
    def _has_cues(self) -> CueSignal:
        if not self.any_of and not self.all_of:
            raise ValueError("a signal needs cues in any_of or all_of")
        return self


class RedFlagCue(_Strict):
    """One of the question's own red flags: phrases that show it, with a stable id and a label.

    The red flags every behavioural question shares are declared once, in cues.toml; these are
    the question's own, and one of them in an answer means it cannot raise the bar.
    """

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    """Stable: follow-up questions and reports refer to it."""
    label: str
    """What the red flag is, as the report names it."""
    cues: list[str] = Field(min_length=1)
    """Phrases (the syntax of cues.toml) that show it in a sentence."""
    unless: list[str] = Field(default_factory=list)
    """Phrases that cancel a cue they overlap ("I would have" is hindsight, not a plan)."""

    @field_validator("cues", "unless")
    @classmethod
    def _cues_compile(cls, value: list[str]) -> list[str]:
        return check_cues(value)


class Phase(_Strict):
    """A stretch of a timed interview (minutes from its start) with its own checklist items."""

    id: str
    title: str
    start_min: float = Field(ge=0)
    end_min: float = Field(gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> Phase:
        if self.end_min <= self.start_min:
            raise ValueError("end_min must be greater than start_min")
        return self


class InterviewerTurn(_Strict):
    """A follow-up the interviewer asks during a phased interview."""

    title: str
    prompt: str
    phase: str | None = None
    """The id of the phase in which it is asked."""


class Question(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    """A short name for lists."""
    prompt: str
    """The question as the interviewer asks it (spoken aloud in the app)."""
    company: str = "Any"
    role: str = "Any"
    competency: str
    """The competency or Leadership Principle it tests."""
    asked_by: list[str] = Field(default_factory=list)
    probing: str
    """What the interviewer is really trying to learn."""
    kind: Literal["story", "technical"] = "story"
    """A behavioural story ("tell me about a time") or a technical walk-through."""
    target_min_s: float = Field(gt=0)
    target_max_s: float = Field(gt=0)
    generic_signals: list[GenericSignal] = Field(default_factory=list)
    signals: list[CueSignal] = Field(default_factory=list)
    red_flags: list[str] = Field(default_factory=list)
    """What makes interviewers mark an answer down, in plain words."""
    red_flag_cues: list[RedFlagCue] = Field(default_factory=list)
    """The question's own red flags, as `[[question.red_flag_cues]]` tables. A plain list of cues
    (older packs) becomes one red flag with the id `question_phrasing`."""
    self_check: list[str] = Field(default_factory=list)
    follow_ups: list[str] = Field(default_factory=list)
    phases: list[Phase] = Field(default_factory=list)
    turns: list[InterviewerTurn] = Field(default_factory=list)
    source: str = ""
    """Where the question came from (a pack file); filled in by the loader."""

    @field_validator("red_flag_cues", mode="before")
    @classmethod
    def _legacy_red_flag_cues(cls, value: Any) -> Any:
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return [
                {
                    "id": LEGACY_RED_FLAG_ID,
                    "label": "Phrasing this question warns about",
                    "cues": value,
                }
            ]
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        if self.target_max_s < self.target_min_s:
            raise ValueError("target_max_s must not be less than target_min_s")
        ids = [s.id for s in self.generic_signals] + [s.id for s in self.signals]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"signal ids repeat: {', '.join(dupes)}")
        if not ids:
            raise ValueError("a question needs at least one signal")
        flag_ids = [f.id for f in self.red_flag_cues]
        if len(set(flag_ids)) != len(flag_ids):
            raise ValueError("red flag ids repeat")
        phase_ids = {p.id for p in self.phases}
        if len(phase_ids) != len(self.phases):
            raise ValueError("phase ids repeat")
        for s in self.signals:
            if s.phase is not None and s.phase not in phase_ids:
                raise ValueError(f"signal {s.id!r} names unknown phase {s.phase!r}")
        for turn in self.turns:
            if turn.phase is not None and turn.phase not in phase_ids:
                raise ValueError(f"turn {turn.title!r} names unknown phase {turn.phase!r}")
        return self


class QuestionPack(_Strict):
    """One TOML file: a list of questions under `[[question]]`."""

    question: list[Question] = Field(min_length=1)
