"""Decode a recording into 16 kHz mono samples, with clear errors for files that cannot be used.

PyAV (FFmpeg) does the decoding, so any sample rate and channel count works. faster-whisper's own
`decode_audio` silently skips undecodable frames; we decode ourselves so that a truncated or
corrupt file is reported instead of being scored as if it were the whole answer.
"""

from __future__ import annotations

import gc
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from voice_interview.errors import InputError

SAMPLE_RATE = 16000
SUPPORTED_SUFFIXES = (".wav", ".flac", ".mp3", ".ogg", ".oga", ".opus", ".m4a", ".webm")
_SUPPORTED_TEXT = "wav, flac, mp3, ogg or m4a"
# A file whose decoded length falls short of its declared length by more than this is truncated.
_TRUNCATION_TOLERANCE_S = 0.5


@dataclass(frozen=True)
class DecodedAudio:
    samples: np.ndarray
    """float32 mono samples at SAMPLE_RATE, in -1..1."""
    sample_rate: int
    """The file's own sample rate."""
    channels: int
    """The file's own channel count."""

    @property
    def duration_s(self) -> float:
        return len(self.samples) / SAMPLE_RATE


def check_audio_path(path: Path) -> None:
    """Raise InputError with one line if `path` cannot be an audio file we read."""
    if not path.exists():
        raise InputError(f"{path}: file not found (check the path)")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not an audio file")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise InputError(
            f"{path}: unsupported format '{path.suffix or '(none)'}'; "
            f"use {_SUPPORTED_TEXT} (or 'score --text' for a typed transcript)"
        )
    if path.stat().st_size == 0:
        raise InputError(f"{path}: the file is empty (0 bytes); record the answer again")


def _local(path: Path) -> str:
    """The path as FFmpeg must read it: absolute, so that a name such as "http:/host/a.wav" is
    never taken for a network address (FFmpeg reads "scheme:" at the start as a protocol)."""
    return str(path.resolve())


def load_audio(path: Path) -> DecodedAudio:
    """Decode `path` to 16 kHz mono float32, or raise InputError saying what is wrong."""
    check_audio_path(path)
    import av  # deferred: PyAV is heavy and only needed for audio input

    try:
        with av.open(_local(path), mode="r", metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise InputError(f"{path}: holds no audio stream; export the answer as audio")
            stream = container.streams.audio[0]
            rate = int(stream.rate or 0)
            channels = int(stream.channels or 0)
            declared = _wav_declared_seconds(path) or _declared_seconds(stream, container)
            chunks = _decode_stream(container, path)
    except av.error.FFmpegError:
        raise InputError(
            f"{path}: not a readable audio file (corrupt, or not audio despite its name); "
            f"use a {_SUPPORTED_TEXT} recording"
        ) from None
    finally:
        # PyAV's resampler objects are only freed by a collection (faster-whisper issue 390).
        gc.collect()
    samples = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)
    decoded = DecodedAudio(samples=samples, sample_rate=rate, channels=channels)
    if decoded.duration_s == 0:
        raise InputError(f"{path}: no audio could be decoded (corrupt or truncated file)")
    if declared is not None and declared - decoded.duration_s > _TRUNCATION_TOLERANCE_S:
        raise InputError(
            f"{path}: truncated or corrupt: it declares {declared:.1f} s but only "
            f"{decoded.duration_s:.1f} s could be decoded; re-export or re-record it"
        )
    return decoded


def _declared_seconds(stream: object, container: object) -> float | None:
    duration = getattr(stream, "duration", None)
    time_base = getattr(stream, "time_base", None)
    if duration and time_base:
        return float(duration * time_base)
    container_duration = getattr(container, "duration", None)
    if container_duration:
        return float(container_duration) / 1_000_000  # AV_TIME_BASE is microseconds
    return None


def probe_seconds(path: Path) -> float | None:
    """The declared length of a recording without decoding it; None if it cannot be read."""
    import av

    try:
        with av.open(_local(path), mode="r", metadata_errors="ignore") as container:
            if not container.streams.audio:
                return None
            return _declared_seconds(container.streams.audio[0], container)
    except (av.error.FFmpegError, OSError):
        return None


def _wav_declared_seconds(path: Path) -> float | None:
    """The length a WAV header declares. FFmpeg estimates a WAV's length from the file size, so
    it cannot see that a file was cut short; the header's data size can."""
    if path.suffix.lower() != ".wav":
        return None
    with path.open("rb") as fh:
        head = fh.read(12)
        if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            return None
        byte_rate = 0
        while True:
            chunk = fh.read(8)
            if len(chunk) < 8:
                return None
            cid, size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
            if cid == b"fmt ":
                fmt = fh.read(size + (size & 1))
                byte_rate = struct.unpack("<I", fmt[8:12])[0] if len(fmt) >= 12 else 0
            elif cid == b"data":
                # 0 and 0xFFFFFFFF mean "unknown length" (a stream still being written).
                if not byte_rate or size in (0, 0xFFFFFFFF):
                    return None
                return size / byte_rate
            else:
                fh.seek(size + (size & 1), 1)


def _decode_stream(container: object, path: Path) -> list[np.ndarray]:
    import av

    resampler = av.audio.resampler.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
    chunks: list[np.ndarray] = []
    try:
        for frame in container.decode(audio=0):  # type: ignore[attr-defined]
            for out in resampler.resample(frame):
                chunks.append(out.to_ndarray().reshape(-1).astype(np.float32) / 32768.0)
    except av.error.InvalidDataError:
        # Keep what decoded; the length check in load_audio reports the file as truncated.
        pass
    for out in resampler.resample(None):
        chunks.append(out.to_ndarray().reshape(-1).astype(np.float32) / 32768.0)
    return chunks
