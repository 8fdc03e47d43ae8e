"""Thresholds used by the pure scoring core. Every one is a setting with a documented default.

Defaults and their sources are in docs/thresholds.md (speaking-rate, filler, pause and hedging
norms from coaching practice and research).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class PaceConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    good_min_wpm: float = 120
    """Below this (down to watch_min_wpm) the pace is 'watch'. NCVS conversation range 120-150."""
    good_max_wpm: float = 165
    """Above this (up to watch_max_wpm) the pace is 'watch'. Speaker Coach target tops at 165."""
    watch_min_wpm: float = 100
    """Below this the pace is flagged as dragging."""
    watch_max_wpm: float = 185
    """Above this the pace is flagged as rushing."""
    rushing_wpm: float = 180
    """A stretch faster than this for at least stretch_min_s is flagged as rushing."""
    dragging_wpm: float = 100
    """A stretch slower than this for at least stretch_min_s is flagged as dragging."""
    stretch_min_s: float = 20
    """How long a fast or slow stretch must last to be flagged."""
    window_s: float = 20
    """Length of each rolling window of the pace timeline."""
    step_s: float = 5
    """Step between the starts of rolling windows."""


class FillerConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    good_per_min: float = 3
    """At or below this many fillers per minute the rate is 'good'."""
    watch_per_min: float = 6
    """Above good_per_min up to this is 'watch'; above it is flagged."""


class PauseConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    min_pause_s: float = 0.25
    """A silence at least this long between speech counts as a pause."""
    long_pause_s: float = 1.0
    """A pause at least this long is listed as long."""
    very_long_pause_s: float = 2.5
    """A pause at least this long is very long."""


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


class ScoringConfig(BaseModel):
    """Everything the pure core needs, passed in explicitly so scoring stays a pure function."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    pace: PaceConfig = PaceConfig()
    fillers: FillerConfig = FillerConfig()
    pauses: PauseConfig = PauseConfig()
    timing: TimingConfig = TimingConfig()
    rubric: RubricConfig = RubricConfig()
