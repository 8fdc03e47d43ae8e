"""Answer length against the question's target range, and when the answer started."""

from __future__ import annotations

from collections.abc import Sequence

from voice_interview.core.pacing import speaking_span
from voice_interview.core.pauses import time_to_first_word, timed_words
from voice_interview.models.report import Timing, TimingVerdict
from voice_interview.models.transcript import Interval, Word


def timing_verdict(duration_s: float, target_min_s: float, target_max_s: float) -> TimingVerdict:
    """short below the target range, long above it, on_target inside it (ends included)."""
    if duration_s < target_min_s:
        return "short"
    if duration_s > target_max_s:
        return "long"
    return "on_target"


def timing_for(
    duration_s: float,
    target_min_s: float,
    target_max_s: float,
    words: Sequence[Word],
    speech: Sequence[Interval] | None = None,
) -> Timing:
    """The answer's length (the whole recording), its verdict, time to first word and span.

    `speech` (voice-activity intervals) sharpens the time to first word when Whisper stretched
    the first word back into the silence before it.
    """
    if target_min_s > target_max_s:
        raise ValueError(f"target range {target_min_s}-{target_max_s} s is reversed")
    span = speaking_span(timed_words(words))
    return Timing(
        answer_s=round(duration_s, 3),
        target_min_s=target_min_s,
        target_max_s=target_max_s,
        verdict=timing_verdict(duration_s, target_min_s, target_max_s),
        time_to_first_word_s=time_to_first_word(words, speech),
        speaking_span_s=round(span[1] - span[0], 3) if span else None,
    )
