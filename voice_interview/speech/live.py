"""Transcribe an answer while it is being spoken, so the report is ready seconds after it ends.

Audio arrives in blocks (from the recorder's writer thread, or from a file in the benchmark) and a
worker thread transcribes it in two passes:

- **The final text**, which the report is made from, in windows about as long as Whisper's own:
  once `window_s` of audio has gathered past the last cut, the worker finds a silence near its
  end with voice-activity detection and transcribes up to the middle of it, decoding from a pause
  a few seconds before the last cut (the overlap) so that the model reaches the cut with the
  sentences before it as context, as it would in one pass over the file; the words decoded before
  the cut are dropped, as in speech/parts.py. The filled-pause detector runs on each window.
- **A draft** for the running view, in short pieces (`draft_s`), replaced by the final text as
  each window is done.

Short pieces decoded on their own were measured less accurate than the file in one pass (up to
three times the word error rate on some answers); windows with the overlap are as accurate
(docs/latency.md). Cuts fall only in silence, so no word is split or heard twice, and each word
keeps its time in the whole recording. Where each cut falls depends only on the audio, never on
how fast the worker keeps up, so a busy machine gives the same transcript, later. When the
answer ends only the audio after the last final cut is left to transcribe.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from voice_interview.errors import Cancelled
from voice_interview.models.config import FilledPauseConfig
from voice_interview.models.report import FillerItem
from voice_interview.models.transcript import (
    FillerDetector,
    Interval,
    Transcribed,
    Transcript,
    Word,
)
from voice_interview.speech.audio import SAMPLE_RATE
from voice_interview.speech.filled_pauses import transcribe_with_fillers
from voice_interview.speech.parts import Part, keep_part, longest_gap
from voice_interview.speech.transcriber import Transcriber
from voice_interview.speech.vad import detect_speech


@dataclass(frozen=True)
class LiveSettings:
    window_s: float = 12.0
    """Transcribe the final text once this much audio has gathered past the last cut (and a
    silence is found). Shorter windows leave less for the end; the overlap gives each window
    the sentences before it (12 s was as accurate as 16 and 22 s on the sample answers, and
    leaves half as much for the end: docs/latency.md)."""
    overlap_s: float = 5.0
    """Each window is decoded from a pause about this long before its cut, for context."""
    draft_s: float = 6.0
    """The running view is transcribed in pieces of about this length."""
    max_chunk_s: float = 28.0
    """Cut here even without a silence; Whisper's window is 30 s."""
    cut_silence_s: float = 0.3
    """The shortest silence to cut in."""
    guard_s: float = 0.5
    """Ignore silences this close to the newest audio: the speaker may just be drawing breath."""
    vad_threshold: float = 0.5


# After a look that found no silence to cut in, wait for this much more audio.
_RETRY_S = 1.0
# Whisper's window: an answer no longer than this is transcribed whole when it ends.
_WHOLE_S = 30.0
# The overlap starts in the longest silence from this much before (cut - overlap) to a little
# after it, as in speech/parts.py.
_START_SEARCH_BEFORE_S, _START_SEARCH_AFTER_S = 3.0, 2.0

LiveListener = Callable[[Sequence[Word]], None]


class _Cursor:
    """Where one pass has got to: audio before `end` is done; the next look is at `look`."""

    def __init__(self, step_s: float) -> None:
        self.step = int(step_s * SAMPLE_RATE)
        self.end = 0
        self.look = self.step

    def cut_at(self, end: int) -> None:
        self.end = end
        self.look = end + self.step

    def retry(self) -> None:
        self.look += int(_RETRY_S * SAMPLE_RATE)


class LiveTranscriber:
    """Feed it blocks of 16 kHz mono float32 audio; `finish` returns the whole transcript."""

    def __init__(
        self,
        transcriber: Transcriber,
        settings: LiveSettings | None = None,
        on_words: LiveListener | None = None,
        fillers: FilledPauseConfig | None = None,
    ) -> None:
        """on_words: called from the worker with the final words of each window as it is done.
        fillers: settings of the filled-pause detector, run on each window; None transcribes
        only."""
        self._transcriber = transcriber
        self._settings = s = settings or LiveSettings()
        self._fillers_config = fillers
        self._on_words = on_words
        self._blocks: list[np.ndarray] = []
        self._received = 0
        self._audio = np.zeros(0, dtype=np.float32)
        self._final = _Cursor(s.window_s)
        self._draft = _Cursor(s.draft_s)
        self._words: list[Word] = []
        self._drafts: list[Word] = []
        self._speech: list[Interval] = []
        self._fillers: list[FillerItem] = []
        self._detectors: set[FillerDetector] = set()
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._finishing = False
        self._stop = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="live-transcriber", daemon=True)
        self._thread.start()

    def feed(self, block: np.ndarray) -> None:
        """Add audio. Never blocks on transcription: it only appends under a short lock."""
        with self._wake:
            self._blocks.append(np.asarray(block, dtype=np.float32).reshape(-1))
            self._received += len(block)
            if self._received >= min(self._final.look, self._draft.look):
                self._wake.notify()

    @property
    def words(self) -> list[Word]:
        """The words so far, for the running view: the final text, then the draft after it."""
        with self._lock:
            return [*self._words, *self._drafts]

    @property
    def received_s(self) -> float:
        """Seconds of audio fed so far."""
        return self._received / SAMPLE_RATE

    @property
    def pending_s(self) -> float:
        """Seconds of audio fed that the final text does not cover yet."""
        with self._lock:
            return (self._received - self._final.end) / SAMPLE_RATE

    @property
    def samples(self) -> np.ndarray:
        """All the audio fed, once `finish` has returned (what has been gathered before)."""
        return self._audio

    def finish(self, cancel: threading.Event | None = None) -> Transcribed:
        """Transcribe what is left; the whole answer's transcript, speech and filled pauses."""
        with self._wake:
            self._finishing = True
            self._wake.notify()
        while self._thread.is_alive():
            self._thread.join(timeout=0.1)
            if cancel is not None and cancel.is_set():
                self._stop.set()  # the worker stops at its next segment
                raise Cancelled("transcription cancelled")
        if self._error is not None:
            raise self._error
        with self._lock:
            words = list(self._words)
            detector: FillerDetector = (
                "transcript+audio" if self._detectors == {"transcript+audio"} else "transcript"
            )
            transcript = Transcript(
                text=" ".join(w.text for w in words),
                words=words,
                model=self._transcriber.model_label,
            )
            return Transcribed(transcript, list(self._speech), list(self._fillers), detector)

    def _run(self) -> None:
        try:
            while True:
                with self._wake:
                    while not (self._finishing or self._ready(self._final, self._draft)):
                        self._wake.wait()
                    finishing = self._finishing
                    self._gather()
                if self._received_all(self._final):
                    self._final_step()
                elif finishing:
                    self._finish_final()
                    return
                else:
                    self._draft_step()
        except BaseException as exc:  # reported to the caller of finish()
            self._error = exc

    def _ready(self, *cursors: _Cursor) -> bool:
        return any(self._received >= c.look for c in cursors)

    def _received_all(self, cursor: _Cursor) -> bool:
        return len(self._audio) >= cursor.look

    def _gather(self) -> None:
        # Called with the lock held: move fed blocks into one array the worker owns.
        if self._blocks:
            self._audio = np.concatenate([self._audio, *self._blocks])
            self._blocks = []

    def _next_cut(self, cursor: _Cursor, max_chunk_s: float) -> int | None:
        """Where to cut the audio from `cursor.end` to its look, in samples; None to look again
        after a little more audio."""
        s = self._settings
        region = self._audio[cursor.end : cursor.look]
        speech = detect_speech(region, threshold=s.vad_threshold)
        cut = find_cut(speech, len(region) / SAMPLE_RATE, s, max_chunk_s)
        if cut is None:
            cursor.retry()
            return None
        return cursor.end + int(cut * SAMPLE_RATE)

    def _final_step(self) -> None:
        cut = self._next_cut(self._final, self._settings.max_chunk_s)
        if cut is not None:
            self._transcribe_final(cut, last=False)

    def _draft_step(self) -> None:
        cut = self._next_cut(self._draft, self._settings.max_chunk_s)
        if cut is None or self._stop.is_set():
            return
        start = self._draft.end
        region = self._audio[start:cut]
        speech = detect_speech(region, threshold=self._settings.vad_threshold)
        words: list[Word] = []
        if speech:
            found = self._transcriber.transcribe(region, speech, cancel=self._stop).words
            words = [_shifted(w, start / SAMPLE_RATE) for w in found]
        with self._lock:
            if start >= self._final.end:  # not overtaken by the final text meanwhile
                self._drafts.extend(words)
                self._draft.cut_at(cut)

    def _finish_final(self) -> None:
        """Transcribe the rest. An answer that fits in one Whisper window is transcribed whole,
        exactly as the saved file would be: that costs no more than the longest rest can."""
        if len(self._audio) <= _WHOLE_S * SAMPLE_RATE:
            with self._lock:
                self._words, self._speech, self._fillers = [], [], []
                self._detectors = set()
                self._final.cut_at(0)
        self._transcribe_final(len(self._audio), last=True)

    def _transcribe_final(self, end: int, *, last: bool) -> None:
        """Transcribe the final text up to `end` (samples), with the overlap before the cut."""
        keep_from = self._final.end / SAMPLE_RATE
        part = Part(
            start=self._overlap_start(keep_from), keep_from=keep_from, keep_to=end / SAMPLE_RATE
        )
        region = self._audio[int(part.start * SAMPLE_RATE) : end]
        speech = detect_speech(region, threshold=self._settings.vad_threshold)
        result = Transcribed(Transcript(text=""), speech, [], "transcript")
        if speech:
            result = self._transcribe(region, speech)
        kept = keep_part(result, part, first=keep_from == 0, last=last)
        words = kept.transcript.words
        with self._lock:
            self._words.extend(words)
            self._speech.extend(kept.speech)
            self._fillers.extend(kept.fillers)
            if words:
                self._detectors.add(kept.detector)
            self._final.cut_at(end)
            self._drafts = [w for w in self._drafts if (w.start or 0.0) >= part.keep_to]
            if self._draft.end < end:
                self._draft.cut_at(end)
        if words and self._on_words is not None:
            self._on_words(words)

    def _overlap_start(self, cut_s: float) -> float:
        """Where to start decoding for a window whose words begin at `cut_s`: in a pause about
        `overlap_s` before it, found in the speech of the windows already done."""
        if cut_s <= 0:
            return 0.0
        target = cut_s - self._settings.overlap_s
        gap = longest_gap(
            self._speech,
            target - _START_SEARCH_BEFORE_S,
            target + _START_SEARCH_AFTER_S,
            near=target,
        )
        return gap if gap is not None else max(0.0, target)

    def _transcribe(self, region: np.ndarray, speech: list[Interval]) -> Transcribed:
        if self._fillers_config is not None:
            return transcribe_with_fillers(
                self._transcriber, region, speech, self._fillers_config, cancel=self._stop
            )
        transcript = self._transcriber.transcribe(region, speech, cancel=self._stop)
        return Transcribed(transcript, speech, [], "transcript")


def find_cut(
    speech: Sequence[Interval], length_s: float, s: LiveSettings, max_chunk_s: float
) -> float | None:
    """Where to cut the gathered audio (seconds from its start), or None to wait for more."""
    if not speech:
        # Only silence so far: nothing to transcribe, but drop it (keeping the guard) so a long
        # think before the first word does not pile up.
        return max(0.0, length_s - s.guard_s) if length_s > s.guard_s else None
    latest = length_s - s.guard_s
    best: float | None = None
    # Silence after the last speech, if it is long enough and old enough.
    if latest - speech[-1].end >= s.cut_silence_s:
        best = (speech[-1].end + latest) / 2
    else:
        for before, after in zip(reversed(speech[:-1]), reversed(speech[1:]), strict=True):
            if after.start > latest:
                continue
            if after.start - before.end >= s.cut_silence_s:
                best = (before.end + after.start) / 2
                break
    if best is None and length_s >= max_chunk_s:
        pairs = zip(speech[:-1], speech[1:], strict=True)
        gaps = [(a.start - b.end, (a.start + b.end) / 2) for b, a in pairs]
        best = max(gaps)[1] if gaps else latest
    return best


def _shifted(word: Word, offset: float) -> Word:
    return word.model_copy(
        update={
            "start": None if word.start is None else round(word.start + offset, 3),
            "end": None if word.end is None else round(word.end + offset, 3),
        }
    )
