"""Silent pauses inside an answer, found from voice activity (or, failing that, word gaps).

Whisper's word timestamps stretch across silences, so the preferred source is a voice-activity
detector's speech intervals; gaps between word timestamps are a fallback that misses pauses.
A pause counts only between two words of the answer: the silence before the first word is the
time to first word, reported separately, and the silence after the last word is not a pause.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from voice_interview.core.fillers import is_filled_pause
from voice_interview.core.text import ends_clause, ends_sentence, normalize
from voice_interview.models.config import PauseConfig
from voice_interview.models.report import Pause, PauseReport
from voice_interview.models.transcript import Interval, Word

_EPS = 1e-6  # times come as floats: 0.25 s written as 0.25 must count as 0.25 s

PauseSource = Literal["vad", "word_gaps"]


@dataclass(frozen=True)
class Gap:
    """A silence between two words of the answer; `before`/`after` index the timed words."""

    start: float
    end: float
    before: int
    after: int

    @property
    def duration(self) -> float:
        return self.end - self.start


def timed_words(words: Sequence[Word]) -> list[Word]:
    """The words that carry both times, in time order."""
    timed = [w for w in words if w.start is not None and w.end is not None]
    return sorted(timed, key=lambda w: w.start or 0.0)


def merge_intervals(speech: Sequence[Interval]) -> list[tuple[float, float]]:
    """Speech intervals sorted, with overlapping or touching ones joined."""
    merged: list[tuple[float, float]] = []
    for iv in sorted(speech, key=lambda iv: iv.start):
        if merged and iv.start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], iv.end))
        else:
            merged.append((iv.start, iv.end))
    return merged


def find_gaps(
    speech: Sequence[Interval] | None, words: Sequence[Word], min_pause_s: float
) -> tuple[list[Gap], PauseSource]:
    """Every silence of at least min_pause_s between two words, and the source used.

    With speech intervals the silences are the gaps between them ("vad"); without, the gaps
    between consecutive word timestamps ("word_gaps").
    """
    timed = timed_words(words)
    source: PauseSource = "vad" if speech else "word_gaps"
    if len(timed) < 2:
        return [], source
    if speech:
        merged = merge_intervals(speech)
        spans = [(merged[k][1], merged[k + 1][0]) for k in range(len(merged) - 1)]
    else:
        spans = [(timed[k].end or 0.0, timed[k + 1].start or 0.0) for k in range(len(timed) - 1)]
    # A gap belongs to the words whose midpoints fall either side of its own midpoint, which
    # stays right when a smeared word timestamp runs into the silence.
    mids = [((w.start or 0.0) + (w.end or 0.0)) / 2 for w in timed]
    gaps: list[Gap] = []
    for start, end in spans:
        if end - start < min_pause_s - _EPS:
            continue
        after = bisect_left(mids, (start + end) / 2)
        if 0 < after < len(timed):
            gaps.append(Gap(start=start, end=end, before=after - 1, after=after))
    return gaps, source


def find_pauses(
    speech: Sequence[Interval] | None, words: Sequence[Word], config: PauseConfig
) -> PauseReport:
    """Pauses of at least min_pause_s; long ones (at least long_pause_s) listed in time order.

    A long pause is `mid_sentence` when the word before it does not end a sentence or clause
    (no . ? ! , ; : or dash in the transcriber's punctuation): a pause inside a clause sounds
    like hesitation, one between sentences like planning. After a filled pause, see
    `_inside_clause`.
    """
    gaps, source = find_gaps(speech, words, config.min_pause_s)
    timed = timed_words(words)
    items: list[Pause] = []
    for gap in gaps:
        if gap.duration < config.long_pause_s - _EPS:
            continue
        before, after = timed[gap.before].text, timed[gap.after].text
        items.append(
            Pause(
                start=round(gap.start, 3),
                end=round(gap.end, 3),
                duration_s=round(gap.duration, 3),
                mid_sentence=_inside_clause(timed, gap.before),
                long=True,
                very_long=gap.duration >= config.very_long_pause_s - _EPS,
                before_word=before,
                after_word=after,
            )
        )
    return PauseReport(
        min_pause_s=config.min_pause_s,
        long_pause_s=config.long_pause_s,
        count=len(gaps),
        long_count=len(items),
        mid_sentence_long_count=sum(1 for p in items if p.mid_sentence),
        items=items,
        source=source,
    )


def _inside_clause(timed: Sequence[Word], before: int) -> bool:
    """True when the pause after word `before` falls inside a sentence or clause.

    Whisper sets um/uh off with commas ("forced, um, [pause] a liner"), so after a filled pause
    only a sentence end before the fillers marks a boundary: "...bad. Um, [pause]" is planning,
    "...forced, um, [pause]" is hesitation.
    """
    k = before
    while k >= 0 and is_filled_pause(normalize(timed[k].text)):
        k -= 1
    if k == before:
        return not ends_clause(timed[k].text)
    return k >= 0 and not ends_sentence(timed[k].text)


def time_to_first_word(
    words: Sequence[Word], speech: Sequence[Interval] | None = None
) -> float | None:
    """Seconds from the start of the recording to the first word; None for an untimed transcript.

    Whisper often stretches the first word back into the silence before it, so when speech
    intervals are known the start of the speech that holds the first word is used instead.
    """
    timed = timed_words(words)
    if not timed:
        return None
    first = timed[0].start or 0.0
    for start, end in merge_intervals(speech or ()):
        if end > first:
            return round(max(start, first), 3)
    return round(first, 3)
