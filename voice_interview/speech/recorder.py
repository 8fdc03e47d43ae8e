"""Record an answer to a WAV file that is valid on disk at every moment.

Three parts, so that nothing ever waits inside the audio callback (PortAudio drops input when the
callback is late):

- the stream callback copies each block into a queue (put_nowait) and stores the block's level;
- a writer thread drains the queue into a 16-bit mono WAV and, about once a second, rewrites the
  header's two size fields and fsyncs, so a crash, Ctrl-C or kill -9 loses at most that second;
- the caller (the app) reads `level`, `elapsed_s` and `silence_warning` whenever it likes.

While a recording runs, a marker file `NAME.wav.partial` sits beside it; `stop()` removes it. A
marker left behind means the process died mid-answer: `recover_interrupted` repairs those files
from their length so the app can offer them on its next start.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import math
import os
import queue
import threading
import time
import wave
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from voice_interview.speech.devices import AudioError, find_device, import_sounddevice

MARKER_SUFFIX = ".partial"
_HEADER_BYTES = 44  # wave writes the canonical PCM header: RIFF size at 4, data size at 40
_STOP = b""  # sentinel: the writer drains the queue up to here, then finishes the file


@dataclass(frozen=True)
class RecordingResult:
    """What `Recorder.stop` hands back: the file is complete and valid whatever happened."""

    path: Path
    duration_s: float
    """Seconds of audio in the file (paused time is not in it)."""
    frames: int
    samplerate: int
    device: str
    """Stable name of the device that was recorded."""
    device_lost: bool = False
    """True if the recording ended because the device disappeared or stopped delivering audio."""
    error: str | None = None
    """One line saying why the recording ended early (device lost, disk full), else None."""


class Recorder:
    """Records one answer at a time from an input device into a WAV file.

    Every method returns quickly; the audio runs on PortAudio's thread and a writer thread.
    Poll `finished`: it turns true when the recording ended on its own (device unplugged, disk
    full), with the reason in `error`; `stop()` then returns what was kept.
    """

    def __init__(
        self,
        *,
        silence_window_s: float = 3.0,
        silence_threshold_dbfs: float = -55.0,
        meter_floor_dbfs: float = -60.0,
        sync_interval_s: float = 1.0,
        stall_timeout_s: float = 2.0,
        start_timeout_s: float = 5.0,
        block_s: float = 0.05,
    ) -> None:
        """Settings, all optional.

        silence_window_s: how much audio, from the start, must stay below silence_threshold_dbfs
            before `silence_warning` turns on (default 3 s).
        silence_threshold_dbfs: RMS level (dB relative to full scale) under which a block counts as
            silence (default -55 dBFS: below the noise floor of a working microphone in a room, far
            above the digital zero of a muted or missing one).
        meter_floor_dbfs: level shown as 0 by `level`; 0 dBFS shows as 1 (default -60).
        sync_interval_s: how often the header is updated and the file fsynced: at most about this
            much audio is lost if the process is killed (default 1 s).
        stall_timeout_s: a device that delivers nothing for this long counts as lost (default 2 s).
        start_timeout_s: the same for the first block, which an audio server that has just woken
            up can take a second or two to deliver (default 5 s).
        block_s: length of the audio blocks handed to the callback (default 50 ms).
        """
        self.silence_window_s = silence_window_s
        self.silence_threshold_dbfs = silence_threshold_dbfs
        self.meter_floor_dbfs = meter_floor_dbfs
        self.sync_interval_s = sync_interval_s
        self.stall_timeout_s = stall_timeout_s
        self.start_timeout_s = start_timeout_s
        self.block_s = block_s
        self.listener: Callable[[bytes, int], None] | None = None
        """Called on the writer thread with each block written (16-bit mono PCM bytes and the
        sample rate): how live transcription sees the audio without touching the callback."""
        self._stream: Any = None
        self._writer: threading.Thread | None = None
        self._queue: queue.Queue[bytes] = queue.Queue()
        self._lock = threading.Lock()
        self._abort_exc: type[BaseException] = Exception
        self._reset(None, "", 0)

    def _reset(self, path: Path | None, device: str, samplerate: int) -> None:
        self._path = path
        self._device = device
        self._samplerate = samplerate
        self._paused = False
        self._stopping = False
        self._finished = threading.Event()
        self._first_block = threading.Event()
        self._frames_in = 0  # frames queued by the callback
        self._frames_written = 0  # frames the writer has handed to the file
        self._loud_seen = False
        self._level_dbfs = -math.inf
        self._last_callback = time.monotonic()
        self._device_lost = False
        self._error: str | None = None

    # -- what the app reads -----------------------------------------------------------------

    @property
    def level(self) -> float:
        """Latest block's level on a 0..1 scale (meter_floor_dbfs..0 dBFS); 0 while paused."""
        if self._paused:
            return 0.0
        fraction = (self._level_dbfs - self.meter_floor_dbfs) / -self.meter_floor_dbfs
        return min(1.0, max(0.0, fraction))

    @property
    def elapsed_s(self) -> float:
        """Seconds of audio recorded so far, not counting pauses."""
        return self._frames_in / self._samplerate if self._samplerate else 0.0

    @property
    def silence_warning(self) -> bool:
        """True once silence_window_s of audio came in with no block above the threshold.

        It turns off as soon as a louder block arrives (the user fixed the microphone).
        """
        if not self._samplerate or self._loud_seen:
            return False
        return self._frames_in >= self.silence_window_s * self._samplerate

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def finished(self) -> bool:
        """True once the recording has ended on its own (device lost, disk full)."""
        return self._finished.is_set() and not self._stopping

    @property
    def error(self) -> str | None:
        """One line saying why the recording ended early, or None."""
        return self._error

    # -- control ----------------------------------------------------------------------------

    def start(self, path: Path, device: str | None = None, samplerate: int = 16000) -> None:
        """Start recording into `path` (created with mode 0600; its folder must exist).

        device: a stable name from `devices.device_names()`, or None for the default input.
        samplerate: the wanted rate; if the device refuses it, the device's own default rate is
        used instead (the file records its rate and the transcriber resamples).
        """
        with self._lock:
            if self._stream is not None:
                raise RuntimeError("already recording; call stop() first")
            sd = import_sounddevice()
            chosen = find_device(device, "input")
            rate = _supported_rate(sd, chosen.index, samplerate, chosen.default_samplerate)
            self._reset(Path(path), chosen.name, rate)
            self._queue = queue.Queue()
            self._abort_exc = sd.CallbackAbort
            fileobj = _create_wav(Path(path), rate)
            _write_marker(Path(path), rate, chosen.name)
            try:
                self._stream = sd.InputStream(
                    samplerate=rate,
                    blocksize=max(1, int(rate * self.block_s)),
                    device=chosen.index,
                    channels=1,
                    dtype="int16",
                    callback=self._callback,
                    finished_callback=self._on_finished,
                )
                self._stream.start()
            except sd.PortAudioError as exc:
                self._stream = None
                fileobj.close()
                marker_path(Path(path)).unlink(missing_ok=True)
                raise AudioError(
                    f"cannot record from {chosen.name!r}: {exc} "
                    "(check the microphone is connected, or pick another input device)"
                ) from None
            self._writer = threading.Thread(
                target=self._write_loop, args=(fileobj,), name="recorder-writer", daemon=True
            )
            self._writer.start()

    def pause(self) -> None:
        """Stop keeping audio. The stream stays open, so resuming is instant and loses nothing."""
        self._paused = True

    def resume(self) -> None:
        self._paused = False

    def stop(self) -> RecordingResult:
        """Stop, finish the file and remove its marker. Also call it after `finished` turns true."""
        with self._lock:
            if self._stream is None or self._path is None:
                raise RuntimeError("stop() called but nothing is recording")
            self._stopping = True
            stream, self._stream = self._stream, None
            with contextlib.suppress(Exception):  # a lost device may fail to stop; close anyway
                # abort() drops the block in flight but never waits on a device that went quiet.
                if self._device_lost:
                    stream.abort()
                else:
                    stream.stop()
            with contextlib.suppress(Exception):
                stream.close()
            self._queue.put(_STOP)
            if self._writer is not None:
                self._writer.join()
            marker_path(self._path).unlink(missing_ok=True)
            return RecordingResult(
                path=self._path,
                duration_s=self._frames_written / self._samplerate,
                frames=self._frames_written,
                samplerate=self._samplerate,
                device=self._device,
                device_lost=self._device_lost,
                error=self._error,
            )

    # -- PortAudio's thread -----------------------------------------------------------------

    def _callback(self, indata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        # Only cheap, non-blocking work here: PortAudio drops input when the callback is late.
        self._last_callback = time.monotonic()
        if self._error is not None:
            raise self._abort_exc
        self._first_block.set()
        if self._paused:
            return
        samples = indata[:, 0]
        self._queue.put_nowait(samples.tobytes())
        rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
        dbfs = 20 * math.log10(rms / 32768) if rms > 0 else -math.inf
        if dbfs >= self.silence_threshold_dbfs:
            self._loud_seen = True
        self._level_dbfs = dbfs
        self._frames_in += frames

    def _on_finished(self) -> None:
        # PortAudio ends the stream by itself when the device goes away or the server dies.
        if not self._stopping and self._error is None:
            self._lose_device("the input device went away (unplugged, or the audio server ended)")
        self._finished.set()

    def _check_stall(self, now: float) -> None:
        started = self._first_block.is_set()
        limit = self.stall_timeout_s if started else self.start_timeout_s
        if now - self._last_callback > limit and not self._stopping and self._error is None:
            self._lose_device(f"no audio from the input device for {limit:g} s")

    def _lose_device(self, why: str) -> None:
        self._device_lost = True
        self._error = f"recording stopped: {why}; the audio up to then was kept"
        self._finished.set()

    # -- the writer thread ------------------------------------------------------------------

    def _tell_listener(self, block: bytes) -> None:
        listener = self.listener
        if listener is None:
            return
        try:
            listener(block, self._samplerate)
        except Exception:
            # A failing listener (live transcription) must never cost the recording itself:
            # drop it, and the answer is transcribed from the file after it ends instead.
            self.listener = None

    def _write_loop(self, fileobj: BinaryIO) -> None:
        last_sync = time.monotonic()
        try:
            while True:
                try:
                    block = self._queue.get(timeout=0.1)
                except queue.Empty:
                    block = None
                if block == _STOP:
                    break
                if block:
                    fileobj.write(block)
                    self._frames_written += len(block) // 2
                    self._tell_listener(block)
                now = time.monotonic()
                if now - last_sync >= self.sync_interval_s:
                    _sync(fileobj, self._frames_written)
                    last_sync = now
                self._check_stall(now)
            _sync(fileobj, self._frames_written)
            fileobj.close()
        except OSError as exc:
            # Disk full or similar: what reached the disk stays, with a header that matches it.
            self._error = _disk_error(exc, self._path)
            self._finished.set()
            with contextlib.suppress(OSError):
                fileobj.close()
            if self._path is not None:
                with contextlib.suppress(OSError, ValueError):
                    self._frames_written = repair_wav(self._path)


def _supported_rate(sd: Any, index: int, wanted: int, default: float) -> int:
    try:
        sd.check_input_settings(device=index, channels=1, dtype="int16", samplerate=wanted)
    except sd.PortAudioError:  # e.g. a raw ALSA "hw:" device that only does 44.1/48 kHz
        return int(default)
    return wanted


def _wav_header(samplerate: int) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(samplerate)
    return buf.getvalue()


def _create_wav(path: Path, samplerate: int) -> BinaryIO:
    """A new 0600 WAV holding its header, already on disk: valid (and empty) from the start."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)  # O_CREAT's mode goes through the umask and is ignored for old files
        fileobj = os.fdopen(fd, "wb")
        fileobj.write(_wav_header(samplerate))
        _sync(fileobj, 0)
    except OSError as exc:
        raise AudioError(_disk_error(exc, path)) from None
    return fileobj


def _sync(fileobj: BinaryIO, frames: int) -> None:
    """Make the header's sizes match the data written so far, then push it all to the disk."""
    fileobj.flush()
    end = fileobj.tell()
    data_bytes = frames * 2
    fileobj.seek(4)
    fileobj.write((36 + data_bytes).to_bytes(4, "little"))
    fileobj.seek(40)
    fileobj.write(data_bytes.to_bytes(4, "little"))
    fileobj.seek(end)
    fileobj.flush()
    os.fsync(fileobj.fileno())


def _write_marker(path: Path, samplerate: int, device: str) -> None:
    info = {
        "pid": os.getpid(),
        "samplerate": samplerate,
        "device": device,
        "started_at": datetime.now(UTC).isoformat(),
    }
    fd = os.open(marker_path(path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(info, f)


def _disk_error(exc: OSError, path: Path | None) -> str:
    if exc.errno == errno.ENOSPC:
        where = path.parent if path is not None else "the recordings folder"
        return (
            f"recording stopped: the disk is full at {where}; free some space (audio so far kept)"
        )
    return f"recording stopped: cannot write {path}: {exc.strerror or exc} (audio so far kept)"


# -- crash recovery -------------------------------------------------------------------------


def marker_path(wav: Path) -> Path:
    """The marker that exists beside `wav` while it is being recorded."""
    return wav.with_name(wav.name + MARKER_SUFFIX)


def repair_wav(path: Path) -> int:
    """Set the size fields of a WAV written by `Recorder` from the file's length.

    A torn last sample is cut off. Returns the number of frames. Raises ValueError when the file
    does not start with the header `Recorder` writes.
    """
    with open(path, "r+b") as f:
        header = f.read(_HEADER_BYTES)
        if len(header) < _HEADER_BYTES or header[:4] != b"RIFF" or header[36:40] != b"data":
            raise ValueError(f"{path}: not a WAV file written by the recorder")
        block_align = int.from_bytes(header[32:34], "little") or 1
        size = os.fstat(f.fileno()).st_size
        data_bytes = (size - _HEADER_BYTES) // block_align * block_align
        f.truncate(_HEADER_BYTES + data_bytes)
        f.seek(4)
        f.write((36 + data_bytes).to_bytes(4, "little"))
        f.seek(40)
        f.write(data_bytes.to_bytes(4, "little"))
        f.flush()
        os.fsync(f.fileno())
    return data_bytes // block_align


def recover_interrupted(directory: Path) -> list[Path]:
    """Recordings in `directory` cut off by a crash, repaired and ready to offer, oldest first.

    Each one's marker is removed once its file is repaired, so a recording is offered once; an
    empty one is deleted. A marker whose recording process is still alive (another window
    recording right now) is left alone.
    """
    if not directory.is_dir():
        return []
    found: list[tuple[float, Path]] = []
    for marker in directory.glob("*.wav" + MARKER_SUFFIX):
        wav = marker.with_name(marker.name[: -len(MARKER_SUFFIX)])
        if _recording_alive(marker):
            continue
        try:
            frames = repair_wav(wav)
        except (OSError, ValueError):
            marker.unlink(missing_ok=True)  # not ours, or gone: nothing to offer
            continue
        marker.unlink(missing_ok=True)
        if frames == 0:
            wav.unlink(missing_ok=True)
            continue
        found.append((wav.stat().st_mtime, wav))
    return [wav for _, wav in sorted(found)]


def _recording_alive(marker: Path) -> bool:
    try:
        pid = int(json.loads(marker.read_text(encoding="utf-8"))["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    return True
