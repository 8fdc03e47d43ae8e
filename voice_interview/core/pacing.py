"""Speaking rate: words per minute three ways, a rolling timeline and rushing/dragging stretches.

"Words per minute" is ambiguous, so three rates are reported (docs/thresholds.md):
- overall: words over the whole recording;
- speaking span: words from the first word's start to the last word's end (the one banded);
- articulation: words over voiced time only, the speaking span less its pauses.

Every front end names them the same way, from the labels below: the speaking-span rate is *the*
pace, the one figure a candidate compares between attempts; the other two are shown beside it,
labelled with what they leave in or out.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import Literal

from voice_interview.core.pauses import Gap
from voice_interview.models.config import PaceConfig
from voice_interview.models.report import PaceBand, PaceReport, PaceStretch, PaceWindow
from voice_interview.models.transcript import Word

_EPS = 1e-6

PACE_LABEL = "Pace"
"""The one pace figure (words per minute from the first word to the last), wherever it shows."""
PACE_UNIT = "words/min"
PACE_MEANING = "from your first word to your last"
ARTICULATION_LABEL = "Speaking-time rate"
ARTICULATION_MEANING = "pauses left out"
OVERALL_LABEL = "Whole-recording rate"
OVERALL_MEANING = "the silence before your first word and after your last included"

StretchKind = Literal["rushing", "dragging"]


def speaking_span(timed: Sequence[Word]) -> tuple[float, float] | None:
    """First word start and last word end of time-ordered timed words; None without words."""
    if not timed:
        return None
    return timed[0].start or 0.0, max(w.end or 0.0 for w in timed)


def words_per_minute(count: int, seconds: float | None) -> float | None:
    """count / minutes, rounded to 0.1; None when there is no time to divide by."""
    if seconds is None or seconds <= 0:
        return None
    return round(count * 60.0 / seconds, 1)


def articulation_seconds(span: tuple[float, float], gaps: Sequence[Gap]) -> float:
    """Voiced time: the speaking span less the pauses inside it."""
    start, end = span
    paused = sum(max(0.0, min(g.end, end) - max(g.start, start)) for g in gaps)
    return max(0.0, end - start - paused)


def pace_band(wpm: float | None, config: PaceConfig) -> PaceBand | None:
    """good inside the good range, watch just outside it, flag beyond the watch range."""
    if wpm is None:
        return None
    if config.good_min_wpm <= wpm <= config.good_max_wpm:
        return "good"
    if config.watch_min_wpm <= wpm <= config.watch_max_wpm:
        return "watch"
    return "flag"


def band_words(wpm: float | None, band: PaceBand | None, config: PaceConfig) -> str:
    """The band in words a candidate acts on, with the good range: "a little fast (good:
    120-165)". Empty when there is no pace (a typed answer)."""
    if wpm is None or band is None:
        return ""
    good = f"good: {config.good_min_wpm:g}-{config.good_max_wpm:g}"
    if band == "good":
        return f"good ({config.good_min_wpm:g}-{config.good_max_wpm:g})"
    direction = "fast" if wpm > config.good_max_wpm else "slow"
    degree = "a little " if band == "watch" else "too "
    return f"{degree}{direction} ({good})"


def pace_timeline(timed: Sequence[Word], gaps: Sequence[Gap], config: PaceConfig) -> PaceReport:
    """Rolling windows over the speaking span and the stretches that rush or drag.

    A word belongs to the window holding its midpoint. Windows all last window_s: the last one
    is pulled back to end at the last word. An answer shorter than a window gets one window
    over its whole span.
    """
    span = speaking_span(timed)
    if span is None or span[1] - span[0] <= _EPS:
        return PaceReport(window_s=config.window_s, step_s=config.step_s)
    mids = sorted(((w.start or 0.0) + (w.end or 0.0)) / 2 for w in timed)
    gap_ends = [g.end for g in gaps]  # gaps are in time order and never overlap
    timeline: list[PaceWindow] = []
    voiced: list[float] = []
    for lo, hi in _window_bounds(span, config.window_s, config.step_s):
        count = _count_between(mids, lo, hi, inclusive_end=hi >= span[1] - _EPS)
        wpm = words_per_minute(count, hi - lo) or 0.0
        band = pace_band(wpm, config) or "flag"
        timeline.append(PaceWindow(start=round(lo, 3), end=round(hi, 3), wpm=wpm, band=band))
        # Only the gaps that end after the window starts can overlap it.
        inside: list[Gap] = []
        k = bisect_left(gap_ends, lo)
        while k < len(gaps) and gaps[k].start < hi:
            inside.append(gaps[k])
            k += 1
        voiced.append(articulation_seconds((lo, hi), inside) / (hi - lo))
    stretches = _stretches(timeline, voiced, mids, span, config)
    return PaceReport(
        window_s=config.window_s, step_s=config.step_s, timeline=timeline, stretches=stretches
    )


def _window_bounds(
    span: tuple[float, float], window_s: float, step_s: float
) -> list[tuple[float, float]]:
    start, end = span
    if end - start <= window_s + _EPS:
        return [(start, end)]
    bounds: list[tuple[float, float]] = []
    n = 0
    while start + n * step_s + window_s < end - _EPS:  # multiply, so steps do not drift
        lo = start + n * step_s
        bounds.append((lo, lo + window_s))
        n += 1
    bounds.append((end - window_s, end))
    return bounds


def _count_between(mids: Sequence[float], lo: float, hi: float, inclusive_end: bool) -> int:
    right = bisect_left(mids, hi + (_EPS if inclusive_end else 0.0))
    return right - bisect_left(mids, lo)


def _stretches(
    timeline: Sequence[PaceWindow],
    voiced: Sequence[float],
    mids: Sequence[float],
    span: tuple[float, float],
    config: PaceConfig,
) -> list[PaceStretch]:
    # Silent-heavy windows at the very start and end are thinking or trailing off, not pace.
    # Only windows within one window length of the edges may be skipped, so an answer that is
    # paused throughout still has its middle judged.
    head_limit, tail_limit = span[0] + config.window_s, span[1] - config.window_s
    first, last = 0, len(timeline)
    while (
        first < last
        and timeline[first].start < head_limit
        and voiced[first] < config.edge_voiced_min
    ):
        first += 1
    while (
        last > first
        and timeline[last - 1].end > tail_limit
        and voiced[last - 1] < config.edge_voiced_min
    ):
        last -= 1
    stretches: list[PaceStretch] = []
    run_start: int | None = None
    run_kind: StretchKind | None = None
    for k in range(first, last + 1):
        kind = _window_kind(timeline[k].wpm, config) if k < last else None
        if kind == run_kind:
            continue
        if run_start is not None and run_kind is not None:
            stretch = _stretch(timeline, run_start, k - 1, run_kind, mids, span, config)
            if stretch is not None:
                stretches.append(stretch)
        run_start, run_kind = k, kind
    return stretches


def _window_kind(wpm: float, config: PaceConfig) -> StretchKind | None:
    if wpm > config.rushing_wpm:
        return "rushing"
    if wpm < config.dragging_wpm:
        return "dragging"
    return None


def _stretch(
    timeline: Sequence[PaceWindow],
    first: int,
    last: int,
    kind: StretchKind,
    mids: Sequence[float],
    span: tuple[float, float],
    config: PaceConfig,
) -> PaceStretch | None:
    start, end = timeline[first].start, timeline[last].end
    if end - start < config.stretch_min_s - _EPS:
        return None
    count = _count_between(mids, start, end, inclusive_end=end >= span[1] - 1e-3)
    return PaceStretch(
        start=start,
        end=end,
        kind=kind,
        mean_wpm=words_per_minute(count, end - start) or 0.0,
    )
