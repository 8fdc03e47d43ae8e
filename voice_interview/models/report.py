"""The scoring report: the one result every front end shows and `score --format json` prints.

Field names listed in the project's JSON contract are stable; new fields may be added. Bump
SCHEMA_VERSION when a field changes meaning or is removed, so saved reports can be re-read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from voice_interview.models.transcript import Interval, Word

SCHEMA_VERSION = 1

TimingVerdict = Literal["short", "on_target", "long"]
RubricVerdict = Literal["raises_the_bar", "meets", "below_the_bar"]
FillerKind = Literal["filled_pause", "discourse"]
PaceBand = Literal["good", "watch", "flag"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class AudioInfo(_Frozen):
    path: str
    duration_s: float
    sample_rate: int
    """The recording's own sample rate, before resampling for the model."""
    channels: int


class Coverage(_Frozen):
    """How much of the speech voice-activity detection found the transcribed words account for."""

    voiced_s: float
    """Seconds of speech voice-activity detection found."""
    covered_s: float
    """Of those, the seconds transcribed words (or filled pauses found in the sound) cover."""
    ratio: float
    """covered_s / voiced_s; 1 when there is no speech."""
    uncovered: list[Interval] = Field(default_factory=list)
    """Stretches of speech still without words after being transcribed again on their own:
    words may be missing there (or it was not speech: laughter, a cough)."""


class TranscriptInfo(_Frozen):
    text: str
    words: list[Word] = Field(default_factory=list)
    model: str | None = None
    no_speech: bool = False
    """True when voice-activity detection found no speech: the transcript is then empty."""
    coverage: Coverage | None = None
    """None for a typed transcript."""


class Timing(_Frozen):
    answer_s: float
    """Length of the answer: the whole recording."""
    target_min_s: float
    target_max_s: float
    verdict: TimingVerdict
    time_to_first_word_s: float | None = None
    speaking_span_s: float | None = None
    """From the first word's start to the last word's end."""


class Occurrence(_Frozen):
    """A word or phrase found in the transcript, with its time when the transcript is timed."""

    text: str
    start: float | None = None
    end: float | None = None
    context: str = ""
    """A few words around the occurrence, for a reader."""


class FillerItem(Occurrence):
    kind: FillerKind
    source: Literal["transcript", "audio"] = "transcript"
    """How it was found: a transcribed word, or the sound itself."""
    confidence: float = 1.0


class FillerReport(_Frozen):
    count: int
    per_minute: float | None
    """Per minute of answer; None for a typed transcript."""
    per_100_words: float
    filled_pause_count: int
    discourse_count: int
    by_word: dict[str, int] = Field(default_factory=dict)
    band: PaceBand | None = None
    """good / watch / flag against the per-minute bands in the settings."""
    detector: str = "transcript"
    """Which detector ran: "transcript" alone, or "transcript+audio"."""
    lower_bound: bool = True
    """True when fillers come only from the transcript, which drops most um/uh."""
    items: list[FillerItem] = Field(default_factory=list)


class CountReport(_Frozen):
    """Repeated words or hedges: a count, a rate and every occurrence."""

    count: int
    per_100_words: float
    items: list[Occurrence] = Field(default_factory=list)


class PaceWindow(_Frozen):
    start: float
    end: float
    wpm: float
    band: PaceBand


class PaceStretch(_Frozen):
    start: float
    end: float
    kind: Literal["rushing", "dragging"]
    mean_wpm: float


class PaceReport(_Frozen):
    window_s: float
    step_s: float
    timeline: list[PaceWindow] = Field(default_factory=list)
    stretches: list[PaceStretch] = Field(default_factory=list)


class Pause(_Frozen):
    start: float
    end: float
    duration_s: float
    mid_sentence: bool
    long: bool = False
    very_long: bool = False
    """At least very_long_pause_s (2.5 s by default)."""
    before_word: str | None = None
    after_word: str | None = None


class PauseReport(_Frozen):
    min_pause_s: float
    long_pause_s: float
    count: int
    long_count: int
    mid_sentence_long_count: int
    items: list[Pause] = Field(default_factory=list)
    """Every long pause (at least long_pause_s), in time order."""
    source: Literal["vad", "word_gaps"] = "vad"


class Delivery(_Frozen):
    word_count: int
    wpm: float | None
    """Words per minute over the speaking span (first word to last word)."""
    wpm_overall: float | None = None
    """Words per minute over the whole recording."""
    articulation_wpm: float | None
    """Words per minute of voiced time only (pauses removed)."""
    pace_band: PaceBand | None = None
    pace: PaceReport | None = None
    fillers: FillerReport
    repeated_words: CountReport
    hedges: CountReport
    pauses: PauseReport | None = None


class Evidence(_Frozen):
    text: str
    start: float | None = None
    end: float | None = None


class SignalResult(_Frozen):
    id: str
    label: str
    met: bool
    strength: float
    """0 (absent) to 1 (fully present)."""
    weight: float = 1.0
    evidence: list[Evidence] = Field(default_factory=list)
    advice: str | None = None
    """One concrete piece of advice; set when the signal is missing or weak."""
    detail: str = ""
    """Why the scorer decided as it did, in a sentence."""
    phase: str | None = None
    """For phased interviews: the phase this checklist item belongs to."""


class Rubric(_Frozen):
    score: int
    """0-100, the weighted share of signal strength."""
    verdict: RubricVerdict
    signals: list[SignalResult] = Field(default_factory=list)
    red_flags: list[Evidence] = Field(default_factory=list)
    """Phrases that match the question's red flags (e.g. "I would", "the team decided")."""


class Report(_Frozen):
    schema_version: int = SCHEMA_VERSION
    question_id: str
    question_title: str = ""
    created_at: datetime
    source: str
    """The file that was scored."""
    audio: AudioInfo | None
    transcript: TranscriptInfo
    timing: Timing | None
    delivery: Delivery
    rubric: Rubric
    notes: list[str] = Field(default_factory=list)
    """Plain-language caveats, e.g. "No speech detected"."""
