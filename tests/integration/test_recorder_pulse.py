"""The recorder against a real audio server: PulseAudio with a null sink (see conftest.py).

A real speech clip is played into the sink through its own output stream while the recorder
records the sink's monitor, so what was recorded can be checked against what was played.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from tests.integration.recording import wait_started
from voice_interview.speech.devices import AudioError, device_names, find_device
from voice_interview.speech.recorder import Recorder, marker_path, recover_interrupted
from voice_interview.speech.tts import play_samples

REPO = Path(__file__).resolve().parents[2]
JFK = REPO / "audio_samples" / "real" / "jfk.flac"
RATE = 16000


@pytest.fixture(scope="module")
def jfk() -> np.ndarray:
    """The 11 s clip as 16 kHz int16 samples."""
    from faster_whisper.audio import decode_audio

    return (decode_audio(str(JFK), sampling_rate=RATE) * 32767).astype(np.int16)


@pytest.fixture
def play() -> Iterator[Callable[[np.ndarray], threading.Thread]]:
    """Starts playing samples into the default sink; playback still going at teardown is cut."""
    stop = threading.Event()
    threads: list[threading.Thread] = []

    def start(samples: np.ndarray) -> threading.Thread:
        thread = threading.Thread(
            target=play_samples, args=(samples[:, None], RATE), kwargs={"stop_event": stop}
        )
        thread.start()
        threads.append(thread)
        return thread

    yield start
    stop.set()
    for thread in threads:
        thread.join()


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
        frames = w.getnframes()
        data = w.readframes(frames)
    assert len(data) == frames * 2, "the header promises more audio than the file holds"
    return np.frombuffer(data, dtype="<i2").astype(np.float64)


def best_lag(recorded: np.ndarray, source: np.ndarray) -> int:
    """The lag at which recorded[i + lag] best matches source[i] (FFT cross-correlation)."""
    n = 1 << (len(recorded) + len(source)).bit_length()
    xc = np.fft.irfft(np.fft.rfft(recorded, n) * np.conj(np.fft.rfft(source, n)), n)
    lag = int(np.argmax(xc))
    return lag - n if lag > n // 2 else lag


def aligned_correlation(recorded: np.ndarray, source: np.ndarray, lag: int) -> float:
    """Pearson correlation of the recording and the source where they overlap at `lag`."""
    start = max(0, -lag)
    stop = min(len(source), len(recorded) - lag)
    a, b = recorded[start + lag : stop + lag], source[start:stop]
    assert len(a) > RATE, "less than a second of overlap"
    return float(np.corrcoef(a, b)[0, 1])


@pytest.mark.audio
def test_devices_have_stable_names(pulse_server: str) -> None:
    names = device_names("input")
    assert "ALSA: default" in names
    assert find_device("ALSA: default").name == "ALSA: default"
    assert find_device(None).is_default
    assert find_device("no such microphone").is_default  # an unplugged device falls back
    with pytest.raises(AudioError, match="not found; available: .*'ALSA: default'") as info:
        find_device("no such microphone", fallback=False)
    assert "\n" not in str(info.value)


@pytest.mark.audio
def test_records_what_is_played_and_the_file_is_valid_while_recording(
    pulse_server: str,
    jfk: np.ndarray,
    play: Callable[[np.ndarray], threading.Thread],
    tmp_path: Path,
) -> None:
    path = tmp_path / "answer.wav"
    rec = Recorder()
    rec.start(path)
    assert wait_started(rec, 10), "no audio from the sink's monitor"
    began = time.monotonic()
    player = play(jfk)

    # Mid-answer, the file on disk is already a complete WAV holding the first seconds.
    wait_until(lambda: rec.elapsed_s >= 4, "4 s of recording")
    partial = read_wav(path)
    assert len(partial) >= 2.5 * RATE
    assert marker_path(path).exists()
    assert path.stat().st_mode & 0o777 == 0o600

    player.join()
    played_at = rec.elapsed_s
    wait_until(lambda: rec.elapsed_s >= played_at + 0.5, "the tail of the recording")
    result = rec.stop()
    wall = time.monotonic() - began

    assert not marker_path(path).exists()
    assert result.error is None and not result.device_lost
    assert result.frames == round(rec.elapsed_s * RATE)  # every block queued reached the file
    recorded = read_wav(path)
    assert len(recorded) == result.frames
    assert result.duration_s == pytest.approx(result.frames / RATE)
    assert len(jfk) / RATE < result.duration_s < wall + 0.5
    lag = best_lag(recorded, jfk.astype(np.float64))
    assert aligned_correlation(recorded, jfk.astype(np.float64), lag) > 0.9


@pytest.mark.audio
def test_paused_time_is_not_recorded(
    pulse_server: str,
    jfk: np.ndarray,
    play: Callable[[np.ndarray], threading.Thread],
    tmp_path: Path,
) -> None:
    path = tmp_path / "paused.wav"
    rec = Recorder()
    rec.start(path)
    assert wait_started(rec, 10)
    player = play(jfk)
    wait_until(lambda: rec.elapsed_s >= 3, "3 s of recording")
    rec.pause()
    paused_at = time.monotonic()
    time.sleep(0.2)  # a block already inside the callback may still land
    frozen = rec.elapsed_s
    time.sleep(1.5)
    assert rec.elapsed_s == frozen and rec.level == 0.0
    rec.resume()
    gap_s = time.monotonic() - paused_at
    player.join()
    result = rec.stop()

    recorded, source = read_wav(path), jfk.astype(np.float64)
    split = round(frozen * RATE)
    before, after = recorded[:split], recorded[split:]
    lag_before, lag_after = best_lag(before, source), best_lag(after, source)
    assert aligned_correlation(before, source, lag_before) > 0.9
    assert aligned_correlation(after, source, lag_after) > 0.9
    # The clip jumps forward by the paused stretch where the two parts meet.
    skipped_s = (lag_before - split - lag_after) / RATE
    assert skipped_s == pytest.approx(gap_s, abs=0.25)
    assert result.duration_s == pytest.approx(len(recorded) / RATE)


@pytest.mark.audio
def test_silence_warning_fires_when_nothing_is_played(pulse_server: str, tmp_path: Path) -> None:
    rec = Recorder(silence_window_s=1.0)
    rec.start(tmp_path / "silent.wav")
    assert wait_started(rec, 10)
    wait_until(lambda: rec.elapsed_s >= 1.5, "1.5 s of recording")
    warned, level = rec.silence_warning, rec.level
    rec.stop()
    assert warned
    assert level == 0.0


@pytest.mark.audio
def test_no_silence_warning_while_speech_plays(
    pulse_server: str,
    jfk: np.ndarray,
    play: Callable[[np.ndarray], threading.Thread],
    tmp_path: Path,
) -> None:
    rec = Recorder()  # the defaults: 3 s under -55 dBFS
    rec.start(tmp_path / "speech.wav")
    assert wait_started(rec, 10)
    play(jfk)
    loudest = 0.0

    def enough() -> bool:
        nonlocal loudest
        loudest = max(loudest, rec.level)
        return rec.elapsed_s >= 4

    wait_until(enough, "4 s of recording")
    warned = rec.silence_warning
    rec.stop()
    assert not warned
    assert loudest > 0.5  # speech peaks well above -30 dBFS


_RECORD_UNTIL_KILLED = """
import sys, time
from pathlib import Path
from voice_interview.speech.recorder import Recorder
rec = Recorder()
rec.start(Path(sys.argv[1]))
deadline = time.monotonic() + 10
while rec.elapsed_s <= 0.0 and time.monotonic() < deadline:
    time.sleep(0.01)
assert rec.elapsed_s > 0.0
print("started", flush=True)
while True:
    print(f"{rec.elapsed_s:.3f}", flush=True)
    time.sleep(0.05)
"""


@pytest.mark.audio
def test_kill_9_leaves_a_valid_wav_that_recovery_offers(
    pulse_server: str,
    jfk: np.ndarray,
    play: Callable[[np.ndarray], threading.Thread],
    tmp_path: Path,
) -> None:
    path = tmp_path / "recordings" / "killed.wav"
    path.parent.mkdir()
    child = subprocess.Popen(
        [sys.executable, "-c", _RECORD_UNTIL_KILLED, str(path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "started"
        play(jfk)
        elapsed = 0.0
        while elapsed < 5.5:
            elapsed = float(child.stdout.readline())
        child.kill()  # SIGKILL: no chance to finish the file
    finally:
        child.kill()
        child.wait()

    assert marker_path(path).exists()
    assert len(read_wav(path)) > 0  # valid even before repair: the header is at most ~1 s stale

    assert recover_interrupted(path.parent) == [path]
    assert not marker_path(path).exists()
    recorded = read_wav(path)
    kept_s = len(recorded) / RATE
    assert elapsed - 1.0 <= kept_s <= elapsed + 0.5
    lag = best_lag(recorded, jfk.astype(np.float64))
    assert aligned_correlation(recorded, jfk.astype(np.float64), lag) > 0.9
    assert recover_interrupted(path.parent) == []  # offered once


@pytest.fixture
def quiet_sink(monkeypatch: pytest.MonkeyPatch, pulse_server: str) -> Iterator[str]:
    """A second null sink, recorded through PULSE_SOURCE, that a test may suspend."""
    name = "vi_test_stall"
    loaded = subprocess.run(
        ["pactl", "load-module", "module-null-sink", f"sink_name={name}"],
        capture_output=True,
        text=True,
        check=True,
    )
    monkeypatch.setenv("PULSE_SOURCE", f"{name}.monitor")
    try:
        yield name
    finally:
        subprocess.run(["pactl", "unload-module", loaded.stdout.strip()], check=True)


@pytest.mark.audio
def test_a_device_that_stops_delivering_ends_the_recording_cleanly(
    quiet_sink: str, tmp_path: Path
) -> None:
    path = tmp_path / "lost.wav"
    rec = Recorder(stall_timeout_s=1.0, start_timeout_s=30)
    rec.start(path)
    assert wait_started(rec, 30)
    wait_until(lambda: rec.elapsed_s >= 1.0, "1 s of recording")
    subprocess.run(["pactl", "suspend-sink", quiet_sink, "1"], check=True)
    wait_until(lambda: rec.finished, "the recorder to notice the device went quiet")
    result = rec.stop()

    assert result.device_lost
    assert result.error is not None and "no audio from the input device" in result.error
    assert result.duration_s >= 1.0
    assert len(read_wav(path)) == result.frames
    assert not marker_path(path).exists()


_RECORD_WITH_SIZE_LIMIT = """
import json, resource, signal, sys, time
from pathlib import Path
from voice_interview.speech.recorder import Recorder
# Writes past the limit fail with EFBIG, as they fail with ENOSPC on a full disk.
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = 44 + 2 * 16000 * 2
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
rec = Recorder()
rec.start(Path(sys.argv[1]))
deadline = time.monotonic() + 30
while not rec.finished and time.monotonic() < deadline:
    time.sleep(0.05)
r = rec.stop()
print(json.dumps({"frames": r.frames, "error": r.error, "lost": r.device_lost}))
"""


@pytest.mark.audio
def test_a_write_error_stops_the_recording_and_keeps_a_valid_file(
    pulse_server: str, tmp_path: Path
) -> None:
    path = tmp_path / "full.wav"
    run = subprocess.run(
        [sys.executable, "-c", _RECORD_WITH_SIZE_LIMIT, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["error"] and "cannot write" in result["error"]
    assert "\n" not in result["error"]
    assert not result["lost"]
    kept = read_wav(path)
    assert len(kept) == result["frames"]
    assert 1.0 * RATE <= len(kept) <= 2 * RATE
    assert not marker_path(path).exists()


def _stale_recording(path: Path, pid: int, seconds: float) -> None:
    """A recording as a killed process leaves it: header says 0 frames, data follows."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
    with open(path, "ab") as f:
        f.write(b"\x01\x00" * int(seconds * RATE) + b"\x07")  # and half a sample, torn
    marker_path(path).write_text(json.dumps({"pid": pid}), encoding="utf-8")


def test_recovery_repairs_offers_and_skips_what_it_should(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(dead.stdout)
    _stale_recording(tmp_path / "crashed.wav", dead_pid, 1.5)
    _stale_recording(tmp_path / "empty.wav", dead_pid, 0)
    _stale_recording(tmp_path / "live.wav", os.getpid(), 1.0)  # still being recorded
    (tmp_path / "clean.wav").write_bytes((tmp_path / "crashed.wav").read_bytes())  # no marker

    assert recover_interrupted(tmp_path) == [tmp_path / "crashed.wav"]
    with wave.open(str(tmp_path / "crashed.wav"), "rb") as w:
        assert w.getnframes() == int(1.5 * RATE)
    assert not (tmp_path / "empty.wav").exists()
    assert marker_path(tmp_path / "live.wav").exists()
    assert recover_interrupted(tmp_path / "missing") == []


_WITHOUT_PORTAUDIO = """
import ctypes.util
real = ctypes.util.find_library
ctypes.util.find_library = lambda name: None if "portaudio" in name else real(name)
from voice_interview.errors import VoiceInterviewError
from voice_interview.speech.devices import device_names
try:
    device_names()
except VoiceInterviewError as exc:
    print(exc)
"""


def test_missing_portaudio_is_a_one_line_error_saying_what_to_install() -> None:
    # As on a machine without libportaudio2: the library lookup finds nothing.
    run = subprocess.run(
        [sys.executable, "-c", _WITHOUT_PORTAUDIO], capture_output=True, text=True, check=True
    )
    message = run.stdout.strip()
    assert message.startswith("PortAudio is not installed: install libportaudio2")
    assert "\n" not in message


_WITHOUT_AUDIO_SERVER = """
from pathlib import Path
import sys
from voice_interview.errors import VoiceInterviewError
from voice_interview.speech.devices import device_names
from voice_interview.speech.recorder import Recorder
if device_names():
    print("SKIP: this machine has input devices besides the audio server")
    sys.exit()
try:
    Recorder().start(Path(sys.argv[1]))
except VoiceInterviewError as exc:
    print(exc)
"""


def test_no_input_device_is_a_one_line_error(tmp_path: Path) -> None:
    # An audio server that cannot be reached, on a machine without a sound card (as in CI).
    env = {**os.environ, "PULSE_SERVER": f"unix:{tmp_path}/no-server"}
    run = subprocess.run(
        [sys.executable, "-c", _WITHOUT_AUDIO_SERVER, str(tmp_path / "x.wav")],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    message = run.stdout.strip()
    if message.startswith("SKIP:"):
        pytest.skip(message[5:])
    assert message.startswith("no audio input device found: connect a microphone")
    assert "\n" not in message
    assert not (tmp_path / "x.wav").exists()
