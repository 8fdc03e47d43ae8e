"""The delivery report: how the answer sounded, from timed words and voice-activity intervals."""

from __future__ import annotations

from collections.abc import Sequence

from voice_interview.core.fillers import find_fillers, merge_fillers, summarize_fillers
from voice_interview.core.hedges import count_report, find_hedges, find_repeated_words
from voice_interview.core.pacing import (
    articulation_seconds,
    pace_band,
    pace_timeline,
    speaking_span,
    words_per_minute,
)
from voice_interview.core.pauses import find_gaps, find_pauses, timed_words
from voice_interview.core.text import count_words, tokenize
from voice_interview.models.config import ScoringConfig
from voice_interview.models.report import Delivery, FillerItem
from voice_interview.models.transcript import Interval, Word


def build_delivery(
    words: Sequence[Word],
    *,
    duration_s: float | None,
    speech: Sequence[Interval] | None,
    config: ScoringConfig,
    audio_fillers: Sequence[FillerItem] = (),
    detector: str = "transcript",
) -> Delivery:
    """Rates, fillers, hedges, repeated words and pauses for one answer.

    `duration_s` is the recording's length; None means a typed transcript, and then every
    timing field (rates, pace, pauses, fillers per minute) is None. `speech` holds the
    voice-activity intervals; without them pauses come from gaps between word timestamps.
    `audio_fillers` are um/uh found in the sound by `detector` ("transcript+audio"), and
    transcribed ones it re-judged; those that overlap a transcribed filler are not counted twice,
    and only fillers at `config.fillers.min_confidence` are counted (`merge_fillers`,
    `summarize_fillers`).
    """
    word_count = count_words(words)
    tokens = tokenize(words)
    fillers = merge_fillers(
        find_fillers(words, tokens), audio_fillers, config.fillers.merge_tolerance_s
    )
    minutes = duration_s / 60.0 if duration_s else None
    filler_report = summarize_fillers(
        fillers,
        word_count,
        minutes,
        config.fillers,
        detector=detector,
        lower_bound=detector == "transcript",
    )
    repeated = count_report(find_repeated_words(words, tokens), word_count)
    hedges = count_report(find_hedges(words, tokens), word_count)

    timed = timed_words(words) if duration_s is not None else []
    span = speaking_span(timed)
    if duration_s is None or span is None:
        return Delivery(
            word_count=word_count,
            wpm=None,
            wpm_overall=words_per_minute(word_count, duration_s),
            articulation_wpm=None,
            fillers=filler_report,
            repeated_words=repeated,
            hedges=hedges,
        )
    gaps, _source = find_gaps(speech, timed, config.pauses.min_pause_s)
    wpm = words_per_minute(word_count, span[1] - span[0])
    return Delivery(
        word_count=word_count,
        wpm=wpm,
        wpm_overall=words_per_minute(word_count, duration_s),
        articulation_wpm=words_per_minute(word_count, articulation_seconds(span, gaps)),
        pace_band=pace_band(wpm, config.pace),
        pace=pace_timeline(timed, gaps, config.pace),
        fillers=filler_report,
        repeated_words=repeated,
        hedges=hedges,
        pauses=find_pauses(speech, timed, config.pauses),
    )
