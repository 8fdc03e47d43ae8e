"""Transcribe an answer while it is being spoken, so the report is ready seconds after it ends.

Audio arrives in blocks (from the recorder's writer thread, or from a file in the benchmark). A
worker thread waits until a few seconds have gathered past the last cut, finds a silence near the
end of them with voice-activity detection, and transcribes up to the middle of that silence. Cuts
fall only in silence, so no word is split or heard twice, and each word keeps its time in the
whole recording. When the answer ends only the audio after the last cut is left to transcribe.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

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
from voice_interview.speech.transcriber import Transcriber
from voice_interview.speech.vad import detect_speech


@dataclass(frozen=True)
class LiveSettings:
    min_chunk_s: float = 6.0
    """Transcribe once this much audio has gathered past the last cut (and a silence is found).
    Shorter chunks leave less for the end but give Whisper less context; 6 s keeps the tail that
    is left at the end to a second or two of model time on two cores."""
    max_chunk_s: float = 28.0
    """Cut here even without a silence; Whisper's window is 30 s."""
    cut_silence_s: float = 0.3
    """The shortest silence to cut in."""
    guard_s: float = 0.5
    """Ignore silences this close to the newest audio: the speaker may just be drawing breath."""
    vad_threshold: float = 0.5


# After a look that found no silence to cut in, wait for this much more audio.
_RETRY_S = 1.0

_Timed = TypeVar("_Timed", Word, FillerItem)

LiveListener = Callable[[Sequence[Word]], None]


class LiveTranscriber:
    """Feed it blocks of 16 kHz mono float32 audio; `finish` returns the whole transcript."""

    def __init__(
        self,
        transcriber: Transcriber,
        settings: LiveSettings | None = None,
        on_words: LiveListener | None = None,
        fillers: FilledPauseConfig | None = None,
    ) -> None:
        """fillers: settings of the filled-pause detector, run on each chunk as it is
        transcribed; None transcribes only."""
        self._transcriber = transcriber
        self._settings = settings or LiveSettings()
        self._fillers_config = fillers
        self._audio_fillers: list[FillerItem] = []
        self._detectors: set[FillerDetector] = set()
        self._on_words = on_words
        self._blocks: list[np.ndarray] = []
        self._received = 0
        self._audio = np.zeros(0, dtype=np.float32)
        self._committed = 0
        """Samples before this index have been transcribed."""
        self._words: list[Word] = []
        self._speech: list[Interval] = []
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._finishing = False
        self._retry_at = 0
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="live-transcriber", daemon=True)
        self._thread.start()

    def feed(self, block: np.ndarray) -> None:
        """Add audio. Never blocks on transcription: it only appends under a short lock."""
        with self._wake:
            self._blocks.append(np.asarray(block, dtype=np.float32).reshape(-1))
            self._received += len(block)
            if self._ready():
                self._wake.notify()

    @property
    def words(self) -> list[Word]:
        """The words transcribed so far (a copy)."""
        with self._lock:
            return list(self._words)

    @property
    def audio_fillers(self) -> list[FillerItem]:
        """Filled pauses found in the sound that the transcript left out (after `finish`)."""
        with self._lock:
            return list(self._audio_fillers)

    @property
    def detector(self) -> FillerDetector:
        """ "transcript+audio" when the filled-pause detector ran on every chunk with words."""
        with self._lock:
            return "transcript+audio" if self._detectors == {"transcript+audio"} else "transcript"

    @property
    def received_s(self) -> float:
        """Seconds of audio fed so far."""
        return self._received / SAMPLE_RATE

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
                raise Cancelled("transcription cancelled")
        if self._error is not None:
            raise self._error
        words = list(self._words)
        transcript = Transcript(
            text=" ".join(w.text for w in words),
            words=words,
            model=self._transcriber.model_label,
        )
        return Transcribed(transcript, list(self._speech), self.audio_fillers, self.detector)

    def _run(self) -> None:
        try:
            while True:
                with self._wake:
                    while not self._finishing and not self._ready():
                        self._wake.wait()
                    finishing = self._finishing
                    self._gather()
                if finishing:
                    self._transcribe_to(len(self._audio), final=True)
                    return
                self._step()
        except BaseException as exc:  # reported to the caller of finish()
            self._error = exc

    def _ready(self) -> bool:
        enough = self._received - self._committed >= self._settings.min_chunk_s * SAMPLE_RATE
        return enough and self._received >= self._retry_at

    def _gather(self) -> None:
        # Called with the lock held: move fed blocks into one array the worker owns.
        if self._blocks:
            self._audio = np.concatenate([self._audio, *self._blocks])
            self._blocks = []

    def _step(self) -> None:
        s = self._settings
        region = self._audio[self._committed :]
        speech = detect_speech(region, threshold=s.vad_threshold)
        cut = _find_cut(speech, len(region) / SAMPLE_RATE, s)
        if cut is None:
            # No silence to cut in yet: look again after a little more audio, not on every block.
            self._retry_at = self._committed + len(region) + int(_RETRY_S * SAMPLE_RATE)
            return
        self._transcribe_to(self._committed + int(cut * SAMPLE_RATE), final=False, speech=speech)

    def _transcribe_to(
        self, end: int, *, final: bool, speech: list[Interval] | None = None
    ) -> None:
        start = self._committed
        region = self._audio[start:end]
        if speech is None:
            speech = detect_speech(region, threshold=self._settings.vad_threshold)
        limit = (end - start) / SAMPLE_RATE
        inside = [
            Interval(start=iv.start, end=min(iv.end, limit)) for iv in speech if iv.start < limit
        ]
        offset = start / SAMPLE_RATE
        words: list[Word] = []
        found: list[FillerItem] = []
        detector: FillerDetector | None = None
        if inside and len(region):
            if self._fillers_config is not None:
                result = transcribe_with_fillers(
                    self._transcriber, region, inside, self._fillers_config
                )
                transcript, detector = result.transcript, result.detector
                found = [_shift(f, offset) for f in result.fillers]
            else:
                transcript = self._transcriber.transcribe(region, inside)
                detector = "transcript"
            words = [_shift(w, offset) for w in transcript.words]
        shifted = [Interval(start=iv.start + offset, end=iv.end + offset) for iv in inside]
        with self._lock:
            self._words.extend(words)
            self._audio_fillers.extend(found)
            if words and detector is not None:
                self._detectors.add(detector)
            self._speech.extend(shifted)
            self._committed = end
        if words and self._on_words is not None:
            self._on_words(words)


def _find_cut(speech: Sequence[Interval], length_s: float, s: LiveSettings) -> float | None:
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
    if best is None and length_s >= s.max_chunk_s:
        pairs = zip(speech[:-1], speech[1:], strict=True)
        gaps = [(a.start - b.end, (a.start + b.end) / 2) for b, a in pairs]
        best = max(gaps)[1] if gaps else latest
    return best


def _shift(word: _Timed, offset: float) -> _Timed:
    return word.model_copy(
        update={
            "start": None if word.start is None else round(word.start + offset, 3),
            "end": None if word.end is None else round(word.end + offset, 3),
        }
    )
