"""Coverage of the speech by the transcript (core/coverage.py), and the lost stretches it finds."""

from __future__ import annotations

import pytest

from voice_interview.core.coverage import lost_stretches, measure, uncovered
from voice_interview.models.report import FillerItem
from voice_interview.models.transcript import Interval, Word


def iv(start: float, end: float) -> Interval:
    return Interval(start=start, end=end)


def words_every(start: float, end: float, step: float = 0.4) -> list[Word]:
    """A word of 0.3 s every `step` seconds from start to end."""
    out, at = [], start
    while at + 0.3 <= end + 1e-9:
        out.append(Word(text="word", start=round(at, 3), end=round(at + 0.3, 3)))
        at += step
    return out


def test_a_complete_transcript_covers_all_the_speech() -> None:
    speech = [iv(0.5, 10.0), iv(11.0, 20.0)]
    found = measure(
        words_every(0.5, 10.0) + words_every(11.0, 20.0),
        speech,
        tolerance_s=0.3,
        lost_stretch_s=2.0,
        min_coverage=0.9,
    )
    assert found.voiced_s == pytest.approx(18.5)
    assert found.ratio == pytest.approx(1.0)
    assert found.uncovered == []


def test_a_dropped_window_is_a_lost_stretch_across_its_silences() -> None:
    # Words up to 10 s and from 40 s; the speech between (three stretches) has none.
    speech = [iv(0.0, 10.0), iv(10.5, 20.0), iv(20.6, 30.0), iv(30.4, 40.0), iv(40.5, 50.0)]
    words = words_every(0.0, 10.0) + words_every(40.5, 50.0)
    found = measure(words, speech, tolerance_s=0.3, lost_stretch_s=2.0, min_coverage=0.9)
    assert found.ratio == pytest.approx((50.0 - 1.5 - 28.9) / (50.0 - 1.5), abs=0.01)
    assert [(s.start, s.end) for s in found.uncovered] == [(10.5, 40.0)]


def test_breaths_coughs_and_dropped_fillers_are_not_lost_stretches() -> None:
    speech = [iv(0.0, 5.0), iv(5.2, 6.4), iv(6.6, 12.0)]
    words = words_every(0.0, 5.0) + words_every(6.6, 12.0)
    found = measure(words, speech, tolerance_s=0.3, lost_stretch_s=2.0, min_coverage=0.9)
    assert found.ratio < 1.0  # the 1.2 s between is voiced and has no word...
    assert found.uncovered == []  # ...but it is too short to be a lost window


def test_filled_pauses_found_in_the_sound_cover_their_time() -> None:
    speech = [iv(0.0, 8.0)]
    words = words_every(0.0, 3.0) + words_every(5.0, 8.0)
    um = FillerItem(text="um", start=2.8, end=4.9, kind="filled_pause", source="audio")
    without = measure(words, speech, tolerance_s=0.1, lost_stretch_s=1.0, min_coverage=1.0)
    with_um = measure(words, speech, [um], tolerance_s=0.1, lost_stretch_s=1.0, min_coverage=1.0)
    # The um covers the 2.1 s between the words that the transcript left without one.
    assert with_um.covered_s - without.covered_s == pytest.approx(2.1, abs=0.01)
    assert without.uncovered != [] and with_um.uncovered == []


def test_a_word_between_two_gaps_keeps_them_apart() -> None:
    speech = [iv(0.0, 30.0)]
    words = [Word(text="one", start=14.0, end=14.4)]
    gaps = uncovered(speech, [(14.0, 14.4)], 0.0)
    assert [(g.start, g.end) for g in gaps] == [(0.0, 14.0), (14.4, 30.0)]
    assert len(lost_stretches(gaps, [(14.0, 14.4)], 2.0)) == 2
    assert (
        measure(words, speech, tolerance_s=0.0, lost_stretch_s=20.0, min_coverage=0.9).uncovered
        == []
    )


def test_no_speech_is_fully_covered() -> None:
    found = measure([], [], tolerance_s=0.3, lost_stretch_s=2.0, min_coverage=0.9)
    assert (found.voiced_s, found.ratio, found.uncovered) == (0.0, 1.0, [])


def test_a_window_lost_from_a_long_recording_is_not_averaged_away() -> None:
    # Ten minutes of speech, 20 s of it (4%) without words: the whole is covered 96%, the
    # 30 s around the loss far less.
    speech = [iv(0.0, 600.0)]
    words = words_every(0.0, 300.0) + words_every(320.0, 600.0)
    found = measure(words, speech, tolerance_s=0.3, lost_stretch_s=2.0, min_coverage=0.9)
    assert found.ratio > 0.95
    assert [(round(s.start), round(s.end)) for s in found.uncovered] == [(300, 320)]


def test_a_short_loss_in_a_well_covered_stretch_is_left_alone() -> None:
    # 2.5 s without words in 60 s of speech: every 30 s is still covered over 90%.
    speech = [iv(0.0, 60.0)]
    words = words_every(0.0, 30.0) + words_every(32.5, 60.0)
    found = measure(words, speech, tolerance_s=0.05, lost_stretch_s=2.0, min_coverage=0.9)
    assert found.ratio > 0.95 and found.uncovered == []
    strict = measure(words, speech, tolerance_s=0.05, lost_stretch_s=2.0, min_coverage=0.95)
    assert len(strict.uncovered) == 1
