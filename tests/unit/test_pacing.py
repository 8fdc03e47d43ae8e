"""Speaking rates, bands, the rolling pace timeline and rushing/dragging stretches."""

from __future__ import annotations

from pathlib import Path

import pytest

from voice_interview.core.pacing import (
    articulation_seconds,
    pace_band,
    pace_timeline,
    speaking_span,
    words_per_minute,
)
from voice_interview.core.pauses import Gap, find_gaps
from voice_interview.models.config import PaceConfig
from voice_interview.models.transcript import Word

from .textgrid import aligned_words, silences, speech_intervals

GRID = (
    Path(__file__).resolve().parents[2] / "audio_samples" / "real" / "mfa_acoustic_corpus.TextGrid"
)


def at_rate(wpm: float, seconds: float, start: float = 0.0) -> list[Word]:
    """Evenly spaced words at `wpm` for `seconds`, each filling 80% of its slot."""
    slot = 60.0 / wpm
    count = round(seconds / slot)
    return [
        Word(text="word", start=start + k * slot, end=start + k * slot + 0.8 * slot)
        for k in range(count)
    ]


@pytest.mark.parametrize(
    ("wpm", "band"),
    [
        (99.9, "flag"),
        (100, "watch"),
        (119.9, "watch"),
        (120, "good"),
        (165, "good"),
        (165.1, "watch"),
        (185, "watch"),
        (185.1, "flag"),
        (None, None),
    ],
)
def test_pace_bands(wpm: float | None, band: str | None) -> None:
    assert pace_band(wpm, PaceConfig()) == band


def test_words_per_minute_needs_time() -> None:
    assert words_per_minute(30, 15.0) == 120.0
    assert words_per_minute(30, 0.0) is None
    assert words_per_minute(30, None) is None


def test_speaking_span_and_articulation_time() -> None:
    words = [Word(text="a", start=1.0, end=1.5), Word(text="b", start=3.0, end=4.0)]
    span = speaking_span(words)
    assert span == (1.0, 4.0)
    assert speaking_span([]) is None
    gaps = [Gap(start=1.5, end=3.0, before=0, after=1), Gap(start=3.5, end=5.0, before=1, after=1)]
    # The second gap runs past the span's end: only its part inside counts.
    assert articulation_seconds((1.0, 4.0), gaps) == pytest.approx(1.0)


def test_an_answer_shorter_than_a_window_gets_one_window() -> None:
    words = at_rate(150, 12.0, start=2.0)
    report = pace_timeline(words, [], PaceConfig())
    assert len(report.timeline) == 1
    window = report.timeline[0]
    assert window.start == 2.0 and window.end == pytest.approx(words[-1].end, abs=1e-3)
    assert window.wpm == pytest.approx(len(words) * 60 / (window.end - window.start), abs=0.1)
    assert report.stretches == []


def test_windows_are_full_length_and_cover_the_span() -> None:
    words = at_rate(150, 62.0)
    report = pace_timeline(words, [], PaceConfig(window_s=20, step_s=5))
    starts = [win.start for win in report.timeline]
    assert starts[:3] == [0.0, 5.0, 10.0]
    assert all(win.end - win.start == pytest.approx(20.0, abs=1e-3) for win in report.timeline)
    assert report.timeline[-1].end == pytest.approx(words[-1].end, abs=1e-3)
    assert all(
        win.wpm == pytest.approx(150, abs=4) and win.band == "good" for win in report.timeline
    )


def test_words_are_counted_by_their_midpoint() -> None:
    # One long word straddles the window edge at 20 s: it belongs where its midpoint is.
    words = [Word(text="a", start=0.0, end=0.5), Word(text="long", start=19.0, end=22.0)]
    words += [Word(text="b", start=39.5, end=40.0)]
    report = pace_timeline(words, [], PaceConfig(window_s=20, step_s=20))
    assert [round(win.wpm, 1) for win in report.timeline] == [3.0, 6.0]


def test_a_fast_stretch_of_twenty_seconds_is_rushing() -> None:
    words = at_rate(150, 30.0) + at_rate(230, 30.0, start=30.0) + at_rate(150, 30.0, start=60.0)
    report = pace_timeline(words, [], PaceConfig())
    (stretch,) = report.stretches
    assert stretch.kind == "rushing"
    # The stretch is the union of the fast windows, which reach a little past the burst.
    assert 15.0 <= stretch.start <= 30.0 and 60.0 <= stretch.end <= 75.0
    assert stretch.mean_wpm > 180


def test_a_fast_burst_shorter_than_the_minimum_is_not_a_stretch() -> None:
    # 6 s at 240 wpm averages under 180 over any 20 s window.
    words = at_rate(150, 40.0) + at_rate(240, 6.0, start=40.0) + at_rate(150, 40.0, start=46.0)
    report = pace_timeline(words, [], PaceConfig())
    assert [s.kind for s in report.stretches] == []
    # With a short window and minimum the same burst is found.
    short = pace_timeline(words, [], PaceConfig(window_s=5, step_s=1, stretch_min_s=5))
    assert [s.kind for s in short.stretches] == ["rushing"]


def test_a_slow_stretch_is_dragging() -> None:
    words = at_rate(150, 30.0) + at_rate(70, 40.0, start=30.0) + at_rate(150, 30.0, start=70.0)
    report = pace_timeline(words, [], PaceConfig())
    assert [s.kind for s in report.stretches] == ["dragging"]
    assert report.stretches[0].mean_wpm < 100


def test_mostly_silent_windows_at_the_start_and_end_are_not_dragging() -> None:
    # One word, 12 s of thinking, a normal answer, then a last word after 12 s.
    words = [Word(text="So", start=0.0, end=0.3)] + at_rate(150, 60.0, start=12.0)
    words += [Word(text="done", start=84.0, end=84.4)]
    gaps, _ = find_gaps(None, words, 0.25)
    report = pace_timeline(words, gaps, PaceConfig())
    assert report.timeline[0].wpm < 100  # the first window is still shown
    assert report.stretches == []
    # Without the edge rule the same windows would be flagged.
    strict = pace_timeline(words, gaps, PaceConfig(edge_voiced_min=0.0))
    assert [s.kind for s in strict.stretches] == ["dragging", "dragging"]


def test_a_paused_answer_is_still_judged_in_its_middle() -> None:
    # Slow throughout: one word every 1.2 s (50 wpm), voiced a third of the time.
    words = [Word(text="w", start=k * 1.2, end=k * 1.2 + 0.4) for k in range(80)]
    gaps, _ = find_gaps(None, words, 0.25)
    report = pace_timeline(words, gaps, PaceConfig())
    (stretch,) = report.stretches
    assert stretch.kind == "dragging"
    last_end = words[-1].end or 0.0
    assert stretch.start >= 20.0 - 1e-6 and stretch.end <= last_end - 20.0 + 1e-6


def test_no_words_gives_an_empty_timeline() -> None:
    report = pace_timeline([], [], PaceConfig())
    assert report.timeline == [] and report.stretches == []
    assert (report.window_s, report.step_s) == (20.0, 5.0)


def test_settings_must_be_positive() -> None:
    with pytest.raises(ValueError):
        PaceConfig(window_s=0)
    with pytest.raises(ValueError):
        PaceConfig(step_s=-1)


# --- real speech ---------------------------------------------------------------------------


def test_rates_on_the_real_alignment() -> None:
    """A spontaneous monologue: fast for about 7 s, then slow, with pauses up to 1.2 s."""
    words = aligned_words(GRID)
    span = speaking_span(words)
    assert span == (1.05, 25.25)
    pause_total = sum(
        b - a for a, b in silences(GRID) if b - a >= 0.25 and 1.05 <= a and b <= 25.25
    )
    gaps, _ = find_gaps(speech_intervals(GRID), words, 0.25)
    voiced = articulation_seconds(span, gaps)
    assert voiced == pytest.approx(24.2 - pause_total, abs=0.05)
    assert words_per_minute(len(words), voiced) == pytest.approx(58 * 60 / voiced, abs=0.1)

    fine = PaceConfig(window_s=5, step_s=1, stretch_min_s=5)
    kinds = [s.kind for s in pace_timeline(words, gaps, fine).stretches]
    assert kinds[0] == "rushing" and "dragging" in kinds
    first = pace_timeline(words, gaps, fine).stretches[0]
    assert first.start == pytest.approx(1.05) and first.end <= 11.0
