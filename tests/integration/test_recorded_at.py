"""When a recording was made, read from the file's own tags (real files written by FFmpeg)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from tests.audio_util import REAL
from voice_interview.speech.recorded_at import recorded_at


def tagged(path: Path, tags: dict[str, str], options: dict[str, str] | None = None) -> Path:
    """One second of silence in `path`'s format, with these container tags."""
    import av

    codec = {".wav": "pcm_s16le", ".flac": "flac", ".m4a": "aac", ".mp3": "libmp3lame"}
    with av.open(str(path), "w", options=options or {}) as container:
        container.metadata.update(tags)
        stream = container.add_stream(codec[path.suffix], rate=16000, layout="mono")
        assert isinstance(stream, av.audio.stream.AudioStream)
        frame = av.AudioFrame.from_ndarray(
            np.zeros((1, 16000), dtype=np.int16), format="s16", layout="mono"
        )
        frame.sample_rate = 16000
        resampler = av.audio.resampler.AudioResampler(
            format=stream.codec_context.format, layout="mono", rate=16000
        )
        for f in [*resampler.resample(frame), *resampler.resample(None)]:
            for packet in stream.encode(f):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path


MOMENT = datetime(2025, 11, 20, 8, 15, 30, tzinfo=UTC)


@pytest.mark.parametrize("suffix", [".m4a", ".flac", ".mp3"])
def test_a_creation_time_tag(tmp_path: Path, suffix: str) -> None:
    path = tagged(tmp_path / f"memo{suffix}", {"creation_time": "2025-11-20T08:15:30.000000Z"})
    assert recorded_at(path) == MOMENT


def test_a_broadcast_wav_origination_date_and_time(tmp_path: Path) -> None:
    path = tagged(
        tmp_path / "field.wav",
        {"origination_date": "2025-11-20", "origination_time": "08:15:30"},
        {"write_bext": "1"},
    )
    found = recorded_at(path)
    # The recorder's local time: the same wall-clock reading, in this machine's zone.
    assert found is not None and found.replace(tzinfo=None) == datetime(2025, 11, 20, 8, 15, 30)


def test_a_date_alone_gives_the_day(tmp_path: Path) -> None:
    path = tagged(tmp_path / "dated.flac", {"date": "2025-11-20"})
    found = recorded_at(path)
    assert found is not None and found.astimezone().date().isoformat() == "2025-11-20"


def test_no_tag_no_time_whatever_the_file_time(tmp_path: Path) -> None:
    copy = tmp_path / "copy.flac"
    shutil.copyfile(REAL / "jfk.flac", copy)
    assert recorded_at(copy) is None  # the copy's modification time is never taken for it
    assert recorded_at(tagged(tmp_path / "year.mp3", {"date": "2025"})) is None
    assert recorded_at(tmp_path / "missing.wav") is None
