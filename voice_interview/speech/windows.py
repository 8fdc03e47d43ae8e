"""The model's own view of each 30-second window, kept so a second question about the same audio
costs no second pass through the encoder.

Whisper encodes 30 s of audio at a time and decodes text from that encoding. The encoder is about a
quarter of the transcription time on a CPU, so anything that wants to ask the model more about the
audio (here: whether an um/uh belongs somewhere, see filler_probe.py) reuses the encoder output of
the pass that produced the transcript. faster-whisper does not hand that output out, so the model
class records the last one per thread; the transcriber's loop sees it right after each window's
first segment, before the lazy segment generator encodes the next window.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from voice_interview.speech.audio import SAMPLE_RATE

_WINDOW_FRAMES = 3000  # Whisper's 30-s window in 10-ms mel frames
_SAMPLES_PER_FRAME = 160


@dataclass(frozen=True)
class DecodedWindow:
    """One window as the model decoded it."""

    words: tuple[tuple[str, float, float], ...]
    """The words decoded in this window, as written (leading space kept), with recording times."""
    encoder_output: Any
    """ctranslate2 StorageView: the encoder's output for this window."""
    num_frames: int
    """Mel frames of real audio in the window (the rest is padding)."""
    offset_s: float
    """Where the window starts in the audio the model was given."""
    to_recording: Callable[[float], float]
    """Maps a time in the audio the model was given to a time in the recording."""
    model: Any
    """The faster-whisper model, for its tokenizer and `model.align`."""
    language: str


WindowHook = Callable[[DecodedWindow], None]


@lru_cache(maxsize=1)
def windowed_model_class() -> type:
    """faster-whisper's WhisperModel, recording its last encoder output per thread."""
    from faster_whisper import WhisperModel

    class WindowedWhisperModel(WhisperModel):
        last_encoding = threading.local()

        def encode(self, features: Any) -> Any:
            output = super().encode(features)
            WindowedWhisperModel.last_encoding.value = output
            return output

    return WindowedWhisperModel


def last_encoder_output(model: Any) -> Any:
    """The encoder output the model computed last in this thread, or None."""
    store = getattr(type(model), "last_encoding", None)
    return getattr(store, "value", None) if store is not None else None


@dataclass
class WindowCollector:
    """Groups decoded segments by window and hands each finished window to `hook`."""

    hook: WindowHook
    model: Any
    language: str
    model_samples: int
    """Length of the audio the model was given, in samples."""
    to_recording: Callable[[float], float]
    _seek: int | None = None
    _encoding: Any = None
    _words: list[tuple[str, float, float]] = field(default_factory=list)

    def add(self, segment: Any) -> None:
        """Take one segment (times already in the recording), in the order the model yields them."""
        if segment.seek != self._seek:
            self.finish()
            self._seek = segment.seek
            self._encoding = last_encoder_output(self.model)
        for w in segment.words or []:
            self._words.append((str(w.word), float(w.start), float(w.end)))

    def finish(self) -> None:
        """Hand over the window in progress, if any."""
        if self._seek is not None and self._encoding is not None and self._words:
            total = self.model_samples // _SAMPLES_PER_FRAME
            self.hook(
                DecodedWindow(
                    words=tuple(self._words),
                    encoder_output=self._encoding,
                    num_frames=max(1, min(_WINDOW_FRAMES, total - self._seek)),
                    offset_s=self._seek * _SAMPLES_PER_FRAME / SAMPLE_RATE,
                    to_recording=self.to_recording,
                    model=self.model,
                    language=self.language,
                )
            )
        self._seek, self._encoding, self._words = None, None, []
