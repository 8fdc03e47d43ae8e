"""Thresholds used by the pure scoring core. Every one is a setting with a documented default.

Defaults and their sources are in docs/thresholds.md (speaking-rate, filler, pause and hedging
norms from coaching practice and research).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class PaceConfig(BaseModel):
    """Speaking-rate bands, applied to words per minute over the speaking span."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    good_min_wpm: float = 120
    """Below this (down to watch_min_wpm) the pace is 'watch'. NCVS conversation range 120-150."""
    good_max_wpm: float = 165
    """Above this (up to watch_max_wpm) the pace is 'watch'. Speaker Coach target tops at 165."""
    watch_min_wpm: float = 100
    """Below this the pace is flagged as dragging (coaching apps: about 100-110 wpm)."""
    watch_max_wpm: float = 185
    """Above this the pace is flagged as rushing (coaching apps: sustained rates above 180)."""
    rushing_wpm: float = 180
    """A stretch faster than this for at least stretch_min_s is flagged as rushing."""
    dragging_wpm: float = 100
    """A stretch slower than this for at least stretch_min_s is flagged as dragging."""
    stretch_min_s: float = 20
    """How long a fast or slow stretch must last to be flagged (proposed norm: 20 s above 180)."""
    window_s: float = Field(default=20, gt=0)
    """Length of each rolling window of the pace timeline."""
    step_s: float = Field(default=5, gt=0)
    """Step between the starts of rolling windows."""
    edge_voiced_min: float = Field(default=0.75, ge=0, le=1)
    """Within one window length of the answer's start or end, windows voiced for less than this
    share of their time are left out of rushing/dragging stretches: a think after the first
    word is not dragging. The real monologue in audio_samples is voiced for 83% of its span."""


class FillerConfig(BaseModel):
    """Filler-rate bands, per minute of the whole recording."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    good_per_min: float = 3
    """At or below this many fillers per minute the rate is 'good' (coaches: under 3 is good)."""
    watch_per_min: float = 6
    """Above good_per_min up to this is 'watch'; above it is flagged (coaches: over 6 is a
    problem; listeners showed no penalty near 5 a minute, harm near 12)."""
    min_confidence: float = Field(default=0.4, ge=0, le=1)
    """A filler counts only when the detector is at least this sure it was said (a transcribed
    word is 1; an um/uh found in the sound carries the model's probability, docs/fillers.md).
    Telling a candidate they said "um" when they did not is worse than missing one."""
    merge_tolerance_s: float = Field(default=0.2, ge=0)
    """An um/uh found in the audio within this many seconds of a transcribed filler is the same
    filler, not a second one: Whisper's word timestamps drift by a few tenths of a second
    around silences (whisperX#896, faster-whisper#120)."""


class PauseConfig(BaseModel):
    """Silent-pause lengths; pauses are found between voice-activity intervals."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    min_pause_s: float = 0.25
    """A silence at least this long between speech counts as a pause (research cut-offs run
    100-1000 ms; 200 ms predicted fluency best in monologue)."""
    long_pause_s: float = 1.0
    """A pause at least this long is listed as long (coaching: over 1 s is long)."""
    very_long_pause_s: float = 2.5
    """A pause at least this long is very long (deliberate pauses run 2-3 s)."""


class TimingConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    default_target_min_s: float = 120
    """Target range used when a question gives none (2-3 minutes for a STAR story)."""
    default_target_max_s: float = 180


class RubricConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    met_strength: float = 0.5
    """A signal is met when its strength reaches this."""
    raises_the_bar_score: int = Field(default=80, ge=0, le=100)
    """An overall score at or above this is 'raises the bar'."""
    meets_score: int = Field(default=55, ge=0, le=100)
    """At or above this (and below raises_the_bar_score) is 'meets'; below is 'below the bar'."""
    evidence_max_words: int = Field(default=25, ge=5)
    """Longest evidence quote, in words; a longer sentence is cut to the clauses around the cue."""
    max_evidence: int = Field(default=3, ge=1)
    """Evidence quotes kept per signal (the STAR signal quotes one sentence per part)."""
    long_sentence_words: int = Field(default=40, ge=10)
    """A sentence longer than this is cut at its commas before scoring (unpunctuated speech)."""
    star_thin_action_share: float = Field(default=0.25, ge=0, le=1)
    """STAR: an action part below this share of the words is too thin for the signal to be met."""
    root_cause_min_detail_words: int = Field(default=4, ge=1)
    """Root cause: distinct detail words after the cause phrase needed for a specific cause."""
    red_flags_no_raise: int = Field(default=1, ge=1)
    """An answer with this many different shared red flags cannot raise the bar (one of the
    question's own red flags always stops it)."""
    red_flags_below: int = Field(default=2, ge=1)
    """An answer with this many different red flags is below the bar whatever its score."""
    short_fraction: float = Field(default=0.5, gt=0, le=1)
    """A spoken answer shorter than this share of the target minimum is capped one level."""
    long_factor: float = Field(default=1.5, ge=1)
    """A spoken answer longer than this many times the target maximum is capped one level."""
    typed_wpm: float = Field(default=150, gt=0)
    """Speaking rate used to estimate how long a typed answer would take to say (conversation
    and presentation coaching put it at 120-160 words per minute)."""
    star_target_shares: dict[str, float] = Field(
        default_factory=lambda: {"situation": 0.15, "task": 0.10, "action": 0.55, "result": 0.20}
    )
    """The share of the answer each STAR part should take; the length advice names the part to
    expand (furthest below its share) or to cut (furthest above it)."""
    misheard_probability: float = Field(default=0.5, gt=0, lt=1)
    """Words the transcriber gave less than this confidence are shown, near a missing signal's
    cues, as a possible transcription error. Measured (docs/rubric.md): 41% of misheard words and
    6.3% of sound words fall below 0.5 on the project's recordings."""
    cues_file: str | None = None
    """A copy of the built-in rubric cues.toml to use instead of it; None for the built-in one."""


class ScoringConfig(BaseModel):
    """Everything the pure core needs, passed in explicitly so scoring stays a pure function."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    pace: PaceConfig = PaceConfig()
    fillers: FillerConfig = FillerConfig()
    pauses: PauseConfig = PauseConfig()
    timing: TimingConfig = TimingConfig()
    rubric: RubricConfig = RubricConfig()


class FilledPauseConfig(BaseModel):
    """Thresholds of the filled-pause detector (measurements behind them in docs/fillers.md)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    enabled: bool = True
    """Look for um/uh the transcript dropped. Adds about 15% to scoring time (docs/fillers.md)."""
    prompt: str = "um uh"
    """Context given to the model before the transcript it scores. Fillers in the prompt tell the
    model that fillers are written here; the short form was measured to work as well as long
    example sentences and costs the fewest tokens."""
    min_probability: float = Field(default=0.3, gt=0, lt=1)
    """Report a filler where the model gives an inserted "um" or "uh" at least this probability.
    Measured (docs/fillers.md): 0.70-0.96 at the real spoken fillers and at most 0.03 at the
    real clips' lengthened words and laughter; 0.27-0.87 at synthetic fillers, and at most 0.21
    in 14 minutes of synthetic filler-free answers except before "a" (see below)."""
    min_probability_before_schwa: float = Field(default=0.7, gt=0, lt=1)
    """The threshold right before "a" or "an": said as a bare schwa, a held "a" is the sound of
    "uh", and the model must be surer. Measured: held "a"/"an" of the synthetic answers scored up
    to 0.65 (before "the", which starts with a consonant, at most 0.21)."""
    min_spacing_words: int = Field(default=2, ge=1)
    """Fewest words between two fillers tried in the same scored text; a filler tried a word
    after another one is judged as a repetition of it."""
    max_passes: int = Field(default=1, ge=1)
    """Scored texts per filler word and 30-s window. Places that do not fit in the first text
    (held sounds a word apart; the longer sound wins) are scored in a second one if allowed.
    Measured: one text adds 14-16% to scoring time, two add 20-21% and found one more synthetic
    filler; one keeps a margin under the 25% budget."""
    max_align_distance_s: float = Field(default=0.5, ge=0)
    """The model's alignment of an inserted filler may miss its held sound by this much (Whisper's
    timing is good to a few tenths of a second)."""
    window_s: float = Field(default=0.2, gt=0)
    """Length of the window in which pitch and spectrum must hold steady; shorter than a filler
    (250-400 ms or more) and longer than a typical vowel (50-150 ms)."""
    min_duration_s: float = Field(default=0.3, ge=0)
    """Shortest held sound tried as a filler. Filled pauses mostly last 250-650 ms (the real ones
    here 0.34-0.59 s); at 0.2 s the synthetic answers gave four times more candidates, mostly
    held syllables, and false insertions scored up to 0.86."""
    max_pitch_spread_st: float = Field(default=2.0, gt=0)
    """Pitch range (10th-90th percentile, semitones) allowed within one window. A filler's pitch is
    flat or drifts slightly down; a coach's rule uses 1.2 semitones over the whole filler, and a
    window allows a little more for creaky, low voices."""
    max_spectral_change_db: float = Field(default=4.0, gt=0)
    """Median change of the spectral shape per 20 ms allowed in a held sound; moving speech
    changes by 5-10 dB."""
    min_voicing: float = Field(default=0.5, gt=0, lt=1)
    """Autocorrelation peak above which a frame counts as voiced (noise stays below 0.3)."""
    max_below_loud_db: float = Field(default=30.0, gt=0)
    """Frames quieter than the recording's loud speech by more than this are not voice."""
    run_margin_s: float = Field(default=0.3, ge=0)
    """A run of transcribed fillers is measured over its words' times give or take this much
    (Whisper's word times in a run are off by a few tenths of a second); a wider span only
    finds more sounds, so it can only make the check more lenient."""
    run_dip_db: float = Field(default=10.0, gt=0)
    """Two hesitations said without a silence between them are separate sounds when the level
    between them falls this far below both (within one held vowel it varies by 3-6 dB)."""
    run_min_sound_s: float = Field(default=0.1, ge=0)
    """Shortest sound that counts as one hesitation of a run (0.1 s keeps out clicks and
    breaths; the hesitations of the real and Piper runs last 0.2-0.8 s)."""
    run_max_spectral_change_db: float = Field(default=2.6, gt=0)
    """A sound of a run counts as a hesitation only if its spectrum holds this steady (median
    change per 20 ms). Measured: the six hesitations of the real run (mfa_uhum) 1.0-2.2 dB and
    the 18 of the Piper runs 1.4-2.2 dB; the words around them 3.0-6.0 dB."""
    run_sound_confidence: float = Field(default=0.6, ge=0, le=1)
    """Confidence given to a steady sound inside a run of transcribed fillers that no written
    filler accounts for (Whisper wrote 3 of the 6 of the real run). The transcript already has
    fillers on both sides, so the model agrees hesitation goes on there; the sound alone decides
    how many, so it is counted, with a lower confidence than a transcribed word."""
    duplicate_tolerance_s: float = Field(default=0.2, ge=0)
    """A found filler within this distance of a transcribed um/uh is that filler, not a new one."""
    acoustic_only: bool = False
    """Without the model (another transcriber), report held sounds from their shape alone. Off:
    measured precision is low, because lengthened words have the same shape."""
    acoustic_min_duration_s: float = Field(default=0.4, ge=0)
    """Acoustic-only mode: shortest held sound reported (the 400 ms of an open-source coach)."""
    acoustic_max_pitch_spread_st: float = Field(default=1.2, gt=0)
    """Acoustic-only mode: largest pitch range over the whole sound (the coach's 1.2 semitones)."""
