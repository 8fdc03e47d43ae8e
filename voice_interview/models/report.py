"""The scoring report: the one result every front end shows and `score --format json` prints.

Field names listed in the project's JSON contract are stable; new fields may be added. Bump
SCHEMA_VERSION when a field changes meaning or is removed, so saved reports can be re-read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from voice_interview.models.transcript import Interval, Word

SCHEMA_VERSION = 2
"""2: red flags have an id and a label; the rubric has the verdict from content alone, the
reasons the verdict was lowered and the length check; signals list words that may be misheard.
Reports of version 1 load with those fields empty (red flags without an id become
`question_phrasing`)."""

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
    """How sure the detector is that this filler was said, 0-1: 1 for a transcribed word the
    sound does not contradict; for a filled pause found in the sound, the probability the
    transcription model gave it (docs/fillers.md)."""
    heard: tuple[float, float] | None = Field(default=None, exclude=True)
    """Only in the detector's output, for a transcribed filler it re-judged: where its sound
    starts and ends, in seconds from `start` (Whisper's times in a run of fillers are off by up
    to a second; relative, so moving an item moves its sound with it). merge_fillers moves the
    transcript's item there. Not saved."""


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
    """The fillers counted: those with a confidence of at least `min_confidence`."""
    min_confidence: float = 0.0
    """The confidence a filler needs to be counted (settings: fillers.min_confidence)."""
    unsure: list[FillerItem] = Field(default_factory=list)
    """Fillers the detector found less sure than `min_confidence`: listed, not counted."""


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


class UnsureWord(_Frozen):
    """A word the transcriber was unsure of, near where a missing signal's cues were looked for."""

    text: str
    start: float | None = None
    end: float | None = None
    probability: float
    """The transcriber's confidence in the word (0-1)."""


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
    maybe_misheard: list[UnsureWord] = Field(default_factory=list)
    """When the signal is missing: words the transcriber was unsure of in the sentences where its
    cues were looked for. The miss may be a transcription error there."""


class RedFlag(Evidence):
    """A red flag the answer raised: which one, and the words (with their time) that raised it."""

    id: str = "question_phrasing"
    """Stable: follow-up questions refer to it ("hypothetical", "handed_off", a question's own)."""
    label: str = "Phrasing this question warns about"
    origin: Literal["shared", "question"] = "question"
    """Shared by every behavioural question (cues.toml), or the question's own."""
    advice: str | None = None
    """What to say instead."""


class LengthCheck(_Frozen):
    """The answer's length against the question's target, and what it did to the verdict."""

    seconds: float
    """Spoken length; for a typed answer, its estimated speaking time."""
    estimated: bool = False
    """True for a typed answer: words divided by the typed-answer speaking rate."""
    target_min_s: float
    target_max_s: float
    verdict: TimingVerdict
    capped: bool = False
    """True when the length lowered the verdict one level (spoken answers only)."""
    shares: dict[str, float] = Field(default_factory=dict)
    """Share of the answer in each STAR part: of the time when spoken, of the words when typed."""
    advice: str = ""
    """What to expand or cut, by STAR part; empty when the length is on target."""


class Rubric(_Frozen):
    score: int
    """0-100, the weighted share of signal strength."""
    verdict: RubricVerdict
    """The verdict after red flags and length (see verdict_reasons)."""
    content_verdict: RubricVerdict | None = None
    """The verdict the score alone gives."""
    verdict_reasons: list[str] = Field(default_factory=list)
    """Why the verdict is below the content verdict, one sentence each."""
    signals: list[SignalResult] = Field(default_factory=list)
    red_flags: list[RedFlag] = Field(default_factory=list)
    """Every red flag raised, with its quote and time."""
    length: LengthCheck | None = None


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
