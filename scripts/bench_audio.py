"""Audio helpers shared by the benchmark and evaluation scripts (not a script itself)."""

from __future__ import annotations

import wave
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from voice_interview.speech.audio import SAMPLE_RATE, load_audio


def joined(paths: Sequence[Path]) -> np.ndarray:
    """The recordings decoded to 16 kHz mono and joined end to end, as one answer."""
    return np.concatenate([load_audio(Path(p)).samples for p in paths])


def write_wav(path: Path, samples: np.ndarray) -> Path:
    """Save 16 kHz mono float samples as a 16-bit WAV file, as the recorder does."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return path
