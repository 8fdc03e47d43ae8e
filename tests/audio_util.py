"""Helpers for tests that need audio files in many formats, encoded with PyAV."""

from __future__ import annotations

import wave
from fractions import Fraction
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "audio_samples"
REAL = SAMPLES / "real"

_CODECS = {".mp3": "libmp3lame", ".m4a": "aac", ".ogg": "libopus", ".flac": "flac"}


def write_wav(path: Path, samples: np.ndarray, rate: int = 16000, channels: int = 1) -> Path:
    """16-bit PCM WAV from float samples in -1..1 (mono; duplicated when channels > 1)."""
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    if channels > 1:
        pcm = np.repeat(pcm[:, None], channels, axis=1).reshape(-1)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return path


def encode(path: Path, samples: np.ndarray, rate: int, channels: int) -> Path:
    """Encode float mono samples (at `rate`) into `path`, its format chosen by the suffix."""
    import av

    if path.suffix == ".wav":
        return write_wav(path, samples, rate, channels)
    codec = _CODECS[path.suffix]
    layout = "mono" if channels == 1 else "stereo"
    out_rate = 48000 if codec == "libopus" else rate
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=out_rate, layout=layout)
        assert isinstance(stream, av.audio.stream.AudioStream)
        resampler = av.audio.resampler.AudioResampler(
            format=stream.codec_context.format, layout=layout, rate=out_rate
        )
        pcm = (np.clip(samples, -1, 1) * 32767).astype(np.int16)
        step = 4096
        for i in range(0, len(pcm), step):
            chunk = pcm[i : i + step]
            frame = av.AudioFrame.from_ndarray(chunk[None, :], format="s16", layout="mono")
            frame.sample_rate = rate
            frame.time_base = Fraction(1, rate)
            frame.pts = i
            for f in resampler.resample(frame):
                for packet in stream.encode(f):
                    container.mux(packet)
        for f in resampler.resample(None):
            for packet in stream.encode(f):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path
