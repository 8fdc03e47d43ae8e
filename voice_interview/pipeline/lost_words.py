"""No silently lost words: stretches of speech the transcript has no words for are transcribed
again on their own.

Long-form Whisper decoding can drop a whole window without any error (reported in 2026 for a
7-minute clip that lost about half its words). When the transcribed words cover less than
`min_coverage` of the voiced time voice-activity detection found, in the whole recording or in
any 30 s of it (core/coverage.py), each stretch there of at least `lost_stretch_s` voiced
seconds with no words is decoded again, alone, and the words found in it are added. A stretch
still without words is marked in the report (`transcript.coverage.uncovered`) and a note says so.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from voice_interview.core.coverage import measure
from voice_interview.models.report import Coverage
from voice_interview.models.transcript import Interval, Transcribed, Word
from voice_interview.settings import Settings
from voice_interview.speech.audio import SAMPLE_RATE
from voice_interview.speech.transcriber import Transcriber

if TYPE_CHECKING:
    import numpy as np

# Audio either side of a lost stretch given to the model with it. None: the stretch already
# starts and ends a few tenths of a second from the words either side (the coverage tolerance),
# and with more the model hears those words again and may place one inside the stretch
# (measured: "a liner" written twice on mfa_laughter with a second either side).
_CONTEXT_S = 0.0


def coverage_of(transcribed: Transcribed, settings: Settings) -> Coverage:
    """How much of the speech the transcript covers, with the stretches that have no words."""
    return measure(
        transcribed.transcript.words,
        transcribed.speech,
        transcribed.fillers,
        tolerance_s=settings.model.coverage_tolerance_s,
        lost_stretch_s=settings.model.lost_stretch_s,
        min_coverage=settings.model.min_coverage,
    )


def recover_lost_words(
    transcribed: Transcribed,
    samples: np.ndarray,
    transcriber: Transcriber,
    *,
    settings: Settings,
    cancel: threading.Event | None = None,
) -> Transcribed:
    """`transcribed`, with the words of lost stretches added when its coverage is too low."""
    coverage = coverage_of(transcribed, settings)
    if not coverage.uncovered:
        return transcribed
    found: list[Word] = []
    for stretch in coverage.uncovered:
        found += _transcribe_alone(stretch, samples, transcribed.speech, transcriber, cancel)
    if not found:
        return transcribed
    words = sorted([*transcribed.transcript.words, *found], key=lambda w: w.start or 0.0)
    transcript = transcribed.transcript.model_copy(
        update={"words": words, "text": " ".join(w.text for w in words)}
    )
    return transcribed._replace(transcript=transcript)


def _transcribe_alone(
    stretch: Interval,
    samples: np.ndarray,
    speech: list[Interval],
    transcriber: Transcriber,
    cancel: threading.Event | None,
) -> list[Word]:
    """The words the model hears in `stretch` when given it on its own, in recording time."""
    lo = max(0.0, stretch.start - _CONTEXT_S)
    hi = min(len(samples) / SAMPLE_RATE, stretch.end + _CONTEXT_S)
    inside = [
        Interval(start=max(iv.start, lo) - lo, end=min(iv.end, hi) - lo)
        for iv in speech
        if iv.end > lo and iv.start < hi
    ]
    if not inside:
        return []
    region = samples[int(lo * SAMPLE_RATE) : int(hi * SAMPLE_RATE)]
    words = transcriber.transcribe(region, inside, cancel=cancel).words
    kept = []
    for w in words:
        if w.start is None or w.end is None:
            continue
        start, end = w.start + lo, w.end + lo
        if stretch.start <= (start + end) / 2 <= stretch.end:
            kept.append(w.model_copy(update={"start": round(start, 3), "end": round(end, 3)}))
    return kept
