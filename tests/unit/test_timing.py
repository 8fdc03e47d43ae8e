"""Answer length against the target range, time to first word and speaking span."""

from __future__ import annotations

import pytest

from voice_interview.core.timing import timing_for, timing_verdict
from voice_interview.models.transcript import Interval, Word


@pytest.mark.parametrize(
    ("duration", "verdict"),
    [(0.0, "short"), (119.9, "short"), (120.0, "on_target"), (180.0, "on_target"), (180.1, "long")],
)
def test_verdict_against_the_target_range(duration: float, verdict: str) -> None:
    assert timing_verdict(duration, 120.0, 180.0) == verdict


def test_timing_for_a_spoken_answer() -> None:
    words = [Word(text="So,", start=2.5, end=2.8), Word(text="we", start=3.0, end=150.25)]
    timing = timing_for(151.0, 120.0, 180.0, words)
    assert timing.answer_s == 151.0
    assert (timing.target_min_s, timing.target_max_s) == (120.0, 180.0)
    assert timing.verdict == "on_target"
    assert timing.time_to_first_word_s == 2.5
    assert timing.speaking_span_s == 147.75


def test_voice_activity_corrects_a_first_word_stretched_into_silence() -> None:
    words = [Word(text="So,", start=0.0, end=4.2), Word(text="we", start=4.3, end=5.0)]
    timing = timing_for(60.0, 120.0, 180.0, words, speech=[Interval(start=3.9, end=5.0)])
    assert timing.time_to_first_word_s == 3.9
    assert timing.verdict == "short"


def test_untimed_words_have_no_first_word_time_or_span() -> None:
    timing = timing_for(200.0, 120.0, 180.0, [Word(text="typed")])
    assert timing.time_to_first_word_s is None and timing.speaking_span_s is None
    assert timing.verdict == "long"


def test_a_reversed_target_range_is_refused() -> None:
    with pytest.raises(ValueError, match="reversed"):
        timing_for(100.0, 180.0, 120.0, [])
