"""How much of the speech in a recording the transcript accounts for.

Long-form Whisper decoding can drop a whole window of speech without any error. Voice-activity
detection finds the voiced time independently of the model, so the share of it that transcribed
words cover shows a loss: a normal transcript covers nearly all of it (the gaps are breaths and
the um/uh Whisper leaves out, which the filled-pause detector finds in the sound), a dropped
window leaves a long voiced stretch with no words.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence

from voice_interview.models.report import Coverage, Occurrence
from voice_interview.models.transcript import Interval, Word

WINDOW_S = 30.0
"""Coverage is also checked over each stretch this long (Whisper's window: what it can drop)."""


def _merged(spans: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        elif end > start:
            out.append((start, end))
    return out


def uncovered(
    speech: Sequence[Interval], covering: Iterable[tuple[float, float]], tolerance_s: float
) -> list[Interval]:
    """The parts of `speech` that no covering span reaches, each span widened by `tolerance_s`
    (word times are good to a few tenths of a second)."""
    spans = _merged((a - tolerance_s, b + tolerance_s) for a, b in covering)
    gaps: list[Interval] = []
    i = 0
    for iv in speech:
        at = iv.start
        while i < len(spans) and spans[i][1] <= at:
            i += 1
        j = i
        while j < len(spans) and spans[j][0] < iv.end:
            if spans[j][0] > at:
                gaps.append(Interval(start=round(at, 3), end=round(spans[j][0], 3)))
            at = max(at, spans[j][1])
            j += 1
        if at < iv.end:
            gaps.append(Interval(start=round(at, 3), end=round(iv.end, 3)))
    return gaps


def voiced_seconds(speech: Sequence[Interval]) -> float:
    return sum(iv.duration for iv in speech)


def lost_stretches(
    gaps: Sequence[Interval], covering: Sequence[tuple[float, float]], min_s: float
) -> list[Interval]:
    """Uncovered gaps joined across the silences between them (never across a word), keeping
    those with at least `min_s` voiced seconds: a lost window, not a breath or a cough."""
    starts = sorted(a for a, _ in covering)
    groups: list[list[Interval]] = []
    for gap in gaps:
        if groups and not _any_between(starts, covering, groups[-1][-1].end, gap.start):
            groups[-1].append(gap)
        else:
            groups.append([gap])
    return [
        Interval(start=group[0].start, end=group[-1].end)
        for group in groups
        if voiced_seconds(group) >= min_s - 1e-9
    ]


def _any_between(
    starts: list[float], covering: Sequence[tuple[float, float]], lo: float, hi: float
) -> bool:
    i = bisect_left(starts, lo)
    return i < len(starts) and starts[i] < hi


def measure(
    words: Sequence[Word],
    speech: Sequence[Interval],
    found: Sequence[Occurrence] = (),
    *,
    tolerance_s: float,
    lost_stretch_s: float,
    min_coverage: float,
    window_s: float = WINDOW_S,
) -> Coverage:
    """The coverage of `speech` by the timed words and the filled pauses `found` in the sound.

    `uncovered` lists the stretches of at least `lost_stretch_s` voiced seconds with no words that
    lie in a stretch of the recording covered less than `min_coverage`: the whole recording, or
    any `window_s` of it, so that a window lost from a long recording is not averaged away.
    """
    covering = _spans([*words, *found])
    gaps = uncovered(speech, covering, tolerance_s)
    voiced, missing = voiced_seconds(speech), voiced_seconds(gaps)
    ratio = (voiced - missing) / voiced if voiced > 0 else 1.0
    widened = [(a - tolerance_s, b + tolerance_s) for a, b in covering]
    lost = lost_stretches(gaps, widened, lost_stretch_s)
    if ratio >= min_coverage:
        low = _low_windows(speech, gaps, min_coverage, window_s)
        lost = [iv for iv in lost if any(iv.start < hi and lo < iv.end for lo, hi in low)]
    return Coverage(
        voiced_s=round(voiced, 3),
        covered_s=round(voiced - missing, 3),
        ratio=round(ratio, 4),
        uncovered=lost,
    )


def _low_windows(
    speech: Sequence[Interval], gaps: Sequence[Interval], min_coverage: float, window_s: float
) -> list[tuple[float, float]]:
    """The windows of the recording whose voiced time is covered less than `min_coverage`."""
    if not speech:
        return []
    low = []
    start, end = speech[0].start, speech[-1].end
    while start < end:
        window = (start, start + window_s)
        voiced = _within(speech, window)
        if voiced > 0 and (voiced - _within(gaps, window)) / voiced < min_coverage:
            low.append(window)
        start += window_s / 2  # overlapping, so a loss across a window edge is not split
    return low


def _within(intervals: Sequence[Interval], window: tuple[float, float]) -> float:
    lo, hi = window
    return sum(max(0.0, min(iv.end, hi) - max(iv.start, lo)) for iv in intervals)


def _spans(items: Iterable[Word | Occurrence]) -> list[tuple[float, float]]:
    return sorted(
        (item.start, item.end) for item in items if item.start is not None and item.end is not None
    )
