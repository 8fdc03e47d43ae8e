"""Transcribe a saved recording in parts, one per core, each part decoded the ordinary way.

Whisper decodes a recording window after window, each window conditioned on the text before it,
so one decoding uses the cores only as far as a single matrix product can (measured: 1.77 of 2
cores on the bundled tiny.en, and one thread alone reaches 64% of two). Two independent
decodings, one thread each, keep both cores busy. The recording is cut in silences into parts of
equal length; each part is decoded from a little before its cut (the overlap), so that the model
reaches the cut with the previous sentences as context, as it would in one pass, and the words
decoded before the cut are dropped (the previous part has them). Each part finds its own speech,
held sounds and filled pauses, so that work is shared out too.

Measured on the spoken sample answers (docs/latency.md): the same word error rate against the
reference transcripts as one pass, in about 15% less time on two cores. Decoding without the
overlap was faster still but less accurate, and cutting into 30-second pieces (faster-whisper's
batched pipeline) much less accurate, so neither is used.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from voice_interview.errors import Cancelled
from voice_interview.models.config import FilledPauseConfig
from voice_interview.models.report import FillerItem
from voice_interview.models.transcript import Interval, Transcribed, Transcript, Word
from voice_interview.speech.audio import SAMPLE_RATE
from voice_interview.speech.filled_pauses import transcribe_with_fillers
from voice_interview.speech.transcriber import Transcriber
from voice_interview.speech.vad import detect_speech

ProgressFn = Callable[[float, str], None]

# A cut is looked for this far either side of where equal parts would meet: sentences end every
# few seconds, so a real pause is always near.
_CUT_SEARCH_S = 15.0
# The overlap starts in the longest silence from this much before (cut - overlap) to a little
# after it: the overlap is then between overlap - 2 s and overlap + 4 s long.
_START_SEARCH_BEFORE_S, _START_SEARCH_AFTER_S = 4.0, 2.0


@dataclass(frozen=True)
class Part:
    """One stretch of the recording to decode, in seconds."""

    start: float
    """Decoding starts here (before `keep_from` by the overlap, except for the first part)."""
    keep_from: float
    """Words from here on belong to this part..."""
    keep_to: float
    """...up to here, where decoding stops and the next part's words begin."""

    @property
    def length(self) -> float:
        return self.keep_to - self.start


def part_count(duration_s: float, workers: int, min_part_s: float) -> int:
    """How many parts to cut a recording into: one per worker, none shorter than `min_part_s`."""
    if workers <= 1 or duration_s < 2 * min_part_s:
        return 1
    return max(1, min(workers, math.floor(duration_s / min_part_s)))


def cut_targets(duration_s: float, parts: int, overlap_s: float) -> list[float]:
    """Where cuts would fall if every part (its overlap included) were equally long."""
    length = (duration_s + (parts - 1) * overlap_s) / parts
    return [length + i * (length - overlap_s) for i in range(parts - 1)]


def longest_gap(
    speech: Sequence[Interval], lo: float, hi: float, *, near: float | None = None
) -> float | None:
    """The middle of the longest silence between speech whose middle lies in [lo, hi].

    Ties go to the silence nearest `near`. None if there is no silence between speech there.
    """
    best: tuple[float, float, float] | None = None
    for before, after in zip(speech, speech[1:], strict=False):
        middle = (before.end + after.start) / 2
        if not lo <= middle <= hi:
            continue
        key = (after.start - before.end, -abs(middle - near) if near is not None else 0.0, middle)
        if best is None or key > best:
            best = key
    return None if best is None else best[2]


def plan_parts(
    samples: np.ndarray,
    *,
    workers: int,
    min_part_s: float,
    overlap_s: float,
    vad_threshold: float = 0.5,
) -> list[Part]:
    """Cut the recording in silences into parts of about equal decoding work."""
    duration = len(samples) / SAMPLE_RATE
    count = part_count(duration, workers, min_part_s)
    if count == 1:
        return [Part(start=0.0, keep_from=0.0, keep_to=duration)]
    cuts: list[tuple[float, float]] = []  # (cut, where the next part starts decoding)
    for target in cut_targets(duration, count, overlap_s):
        lo = max(0.0, target - overlap_s - _START_SEARCH_BEFORE_S - _CUT_SEARCH_S)
        hi = min(duration, target + _CUT_SEARCH_S)
        region = samples[int(lo * SAMPLE_RATE) : int(hi * SAMPLE_RATE)]
        speech = [
            Interval(start=iv.start + lo, end=iv.end + lo)
            for iv in detect_speech(region, threshold=vad_threshold)
        ]
        cut = _cut_near(speech, target)
        earliest = cut - overlap_s - _START_SEARCH_BEFORE_S
        begin = longest_gap(speech, earliest, cut - overlap_s + _START_SEARCH_AFTER_S)
        cuts.append((cut, begin if begin is not None else max(0.0, cut - overlap_s)))
    parts: list[Part] = []
    start, keep_from = 0.0, 0.0
    for cut, next_start in cuts:
        parts.append(Part(start=start, keep_from=keep_from, keep_to=cut))
        start, keep_from = next_start, cut
    parts.append(Part(start=start, keep_from=keep_from, keep_to=duration))
    return parts


def _cut_near(speech: Sequence[Interval], target: float) -> float:
    gap = longest_gap(speech, target - _CUT_SEARCH_S, target + _CUT_SEARCH_S, near=target)
    # No pause within reach (unbroken speech or none at all): cut where the parts are equal.
    return gap if gap is not None else target


def transcribe_recording(
    transcriber: Transcriber,
    samples: np.ndarray,
    parts: Sequence[Part],
    *,
    vad_threshold: float = 0.5,
    fillers: FilledPauseConfig | None = None,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> Transcribed:
    """Find speech, transcribe and find filled pauses, each part on its own thread.

    `fillers` None skips the filled-pause detector (a transcript alone).
    """
    if len(parts) == 1:
        speech = detect_speech(samples, threshold=vad_threshold)
        return _transcribe(transcriber, samples, speech, fillers, progress, cancel)
    done = [0.0] * len(parts)
    total = sum(p.length for p in parts)
    lock = threading.Lock()
    # Set when the caller cancels or a part fails, so that the other parts stop too.
    stop = threading.Event()

    def run(index: int) -> Transcribed:
        part = parts[index]

        def part_progress(fraction: float, message: str) -> None:
            with lock:
                done[index] = fraction * part.length
                if progress is not None:
                    progress(sum(done) / total, message)
            if cancel is not None and cancel.is_set():
                stop.set()

        try:
            if cancel is not None and cancel.is_set():
                stop.set()
            region = samples[int(part.start * SAMPLE_RATE) : int(part.keep_to * SAMPLE_RATE)]
            speech = detect_speech(region, threshold=vad_threshold)
            if stop.is_set():
                raise Cancelled("transcription cancelled")
            result = _transcribe(transcriber, region, speech, fillers, part_progress, stop)
            return keep_part(result, part, first=index == 0, last=index == len(parts) - 1)
        except BaseException:
            stop.set()
            raise

    with ThreadPoolExecutor(len(parts), thread_name_prefix="transcribe-part") as pool:
        results = [f.result() for f in [pool.submit(run, i) for i in range(len(parts))]]
    if cancel is not None and cancel.is_set():
        raise Cancelled("transcription cancelled")
    words = [w for r in results for w in r.transcript.words]
    with_words = {r.detector for r in results if r.transcript.words}
    return Transcribed(
        Transcript(
            text=" ".join(w.text for w in words),
            words=words,
            model=results[0].transcript.model,
            language=results[0].transcript.language,
        ),
        [iv for r in results for iv in r.speech],
        [f for r in results for f in r.fillers],
        "transcript+audio" if with_words == {"transcript+audio"} else "transcript",
    )


def _transcribe(
    transcriber: Transcriber,
    samples: np.ndarray,
    speech: list[Interval],
    fillers: FilledPauseConfig | None,
    progress: ProgressFn | None,
    cancel: threading.Event | None,
) -> Transcribed:
    if fillers is None:
        transcript = transcriber.transcribe(samples, speech, progress=progress, cancel=cancel)
        return Transcribed(transcript, speech, [], "transcript")
    return transcribe_with_fillers(
        transcriber, samples, speech, fillers, progress=progress, cancel=cancel
    )


_Timed = TypeVar("_Timed", Word, FillerItem)


def keep_part(result: Transcribed, part: Part, *, first: bool, last: bool) -> Transcribed:
    """The part's own share of what was found in it, moved to recording time.

    A word belongs to the part its middle falls in; cuts lie in silences, so no word straddles
    one. Speech is clipped at the cuts.
    """
    offset = part.start
    # The recording's own ends are not cuts: keep whatever the model placed at them.
    lo = -math.inf if first else part.keep_from
    hi = math.inf if last else part.keep_to

    def shifted(item: _Timed) -> _Timed | None:
        if item.start is None or item.end is None:
            return None
        start, end = item.start + offset, item.end + offset
        if not lo <= (start + end) / 2 < hi:
            return None
        return item.model_copy(update={"start": round(start, 3), "end": round(end, 3)})

    words = [w for w in map(shifted, result.transcript.words) if w is not None]
    found = [f for f in map(shifted, result.fillers) if f is not None]
    speech = []
    for iv in result.speech:
        start = max(iv.start + offset, part.keep_from)
        end = min(iv.end + offset, part.keep_to)
        if end > start:
            speech.append(Interval(start=round(start, 3), end=round(end, 3)))
    transcript = result.transcript.model_copy(
        update={"words": words, "text": " ".join(w.text for w in words)}
    )
    return Transcribed(transcript, speech, found, result.detector)
