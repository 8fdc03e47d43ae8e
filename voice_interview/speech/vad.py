"""Voice-activity detection with the Silero model that ships inside faster-whisper's wheel.

Pauses are measured here, in the audio, because Whisper's word timestamps smear across silence.
"""

from __future__ import annotations

import numpy as np

from voice_interview.models.transcript import Interval
from voice_interview.speech.audio import SAMPLE_RATE

# Split speech at silences of 100 ms or more with no padding, so that the core can apply its own
# pause threshold (250 ms by default) to true gaps; Silero's defaults (2 s, 400 ms padding) are
# tuned for chunking audio for Whisper and would hide most pauses.
MIN_SILENCE_MS = 100
SPEECH_PAD_MS = 0
MIN_SPEECH_MS = 100


def detect_speech(samples: np.ndarray, threshold: float = 0.5) -> list[Interval]:
    """Stretches of speech in 16 kHz mono samples, in seconds."""
    if len(samples) == 0:
        return []
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    options = VadOptions(
        threshold=threshold,
        min_silence_duration_ms=MIN_SILENCE_MS,
        speech_pad_ms=SPEECH_PAD_MS,
        min_speech_duration_ms=MIN_SPEECH_MS,
    )
    stamps = get_speech_timestamps(samples, options, sampling_rate=SAMPLE_RATE)
    return [Interval(start=s["start"] / SAMPLE_RATE, end=s["end"] / SAMPLE_RATE) for s in stamps]
