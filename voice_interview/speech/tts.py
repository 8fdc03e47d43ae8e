"""Speak a question aloud: espeak-ng (through pyttsx3) makes the sound, we play it.

pyttsx3's own `engine.say` is not used. Measured with pyttsx3 2.99 and espeak-ng on Linux (see
docs/audio.md): the first `say` + `runAndWait` of a process returns before anything is heard, one
utterance in three was lost when saying several in a row, `stop()` took 4 s and the next `say` then
hung, and after one `save_to_file` every later `say` writes that file instead of playing. Playback
goes through `aplay` in a shell, which cannot be stopped or pointed at a device.

So `Pyttsx3Speaker` renders the text to a WAV with `synthesize_to_file` (fast: about 0.03 s for a
question) and plays it itself, through sounddevice on the chosen output device, or through an
`aplay` process when PortAudio has no output device. Both can be stopped at once.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from voice_interview.settings import TTSSettings
from voice_interview.speech.devices import AudioError, find_device, import_sounddevice

# espeak-ng keeps one global synthesiser per process and pyttsx3 one engine per driver: every use
# of either goes through this lock.
_ENGINE_LOCK = threading.Lock()
_engine: Any = None
# pyttsx3 drives espeak-ng everywhere but Windows (SAPI 5) and macOS (NSSpeechSynthesizer).
_ESPEAK = sys.platform not in ("win32", "darwin")
_FILE_WAIT_S = 2.0
"""How long synthesize_to_file waits for the WAV after espeak says it is done (normally 0)."""

NO_ESPEAK = "espeak-ng is not installed: install it (apt-get install espeak-ng) to hear questions"
NO_PLAYER = (
    "no way to play sound: no audio output device, and aplay is missing "
    "(connect a speaker, start PulseAudio/PipeWire, or apt-get install alsa-utils)"
)


@dataclass(frozen=True)
class VoiceInfo:
    id: str
    """What the `tts.voice` setting takes, e.g. "gmw/en-us"."""
    name: str
    languages: tuple[str, ...] = ()


class Speaker(Protocol):
    """Text to speech. `speak` blocks until the text has been heard or `stop` is called."""

    @property
    def available(self) -> bool: ...

    @property
    def unavailable_reason(self) -> str | None:
        """One line saying what to install or connect; None when available."""
        ...

    def speak(self, text: str) -> None: ...

    def stop(self) -> None:
        """Cut the speech short; callable from any thread."""
        ...

    def voices(self) -> list[VoiceInfo]: ...


def _get_engine() -> Any:
    """pyttsx3's engine, created once; RuntimeError when espeak-ng is missing. Hold the lock."""
    global _engine
    if _engine is None:
        import pyttsx3

        _engine = pyttsx3.init()
    return _engine


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    # pyttsx3's espeak driver prints "Audio saved to ..." on every file; keep it off the terminal.
    with contextlib.redirect_stdout(io.StringIO()):
        yield


def synthesize_to_file(text: str, path: Path, voice: str | None = None, rate: int = 170) -> Path:
    """Render `text` to a 16-bit mono WAV at `path` with espeak-ng, and return when it is complete.

    voice: a voice id from `voices()` (None keeps espeak's default); rate: words per minute.
    Raises RuntimeError when espeak-ng is missing or produced no audio.
    """
    path = Path(path)
    path.unlink(missing_ok=True)  # a stale file would look like a finished one
    with _ENGINE_LOCK:
        engine = _get_engine()
        _set_voice_and_rate(engine, voice, rate)
        with _quiet():
            engine.save_to_file(text, str(path))
            engine.runAndWait()
            if _ESPEAK:
                from pyttsx3.drivers import _espeak

                # runAndWait returns before espeak's thread has written the file: wait for it.
                _espeak.Synchronize()
    deadline = time.monotonic() + _FILE_WAIT_S
    while not _complete_wav(path):
        if time.monotonic() > deadline:
            raise RuntimeError(f"espeak-ng produced no audio for {text[:40]!r}")
        time.sleep(0.02)
    return path


def _set_voice_and_rate(engine: Any, voice: str | None, rate: int) -> None:
    if not _ESPEAK:
        if voice:
            engine.setProperty("voice", voice)
        engine.setProperty("rate", rate)
        return
    from pyttsx3.drivers import _espeak
    from pyttsx3.drivers.espeak import EspeakDriver

    # Set in espeak directly, then wait until espeak has applied it: espeak queues the change,
    # and runAndWait cancels whatever is still queued (pyttsx3 2.99), so without the wait the
    # rate and voice of every call after the first were dropped at random.
    if voice:
        try:
            EspeakDriver.setProperty("voice", voice)
        except ValueError:
            raise AudioError(
                f"unknown voice {voice!r}: set tts.voice to an id from the voice list "
                "(e.g. gmw/en-us), or leave it empty for the default"
            ) from None
    EspeakDriver.setProperty("rate", rate)
    _espeak.Synchronize()


def _complete_wav(path: Path) -> bool:
    try:
        with wave.open(str(path), "rb") as w:
            return w.getnframes() > 0
    except (OSError, EOFError, wave.Error):
        return False


def list_voices() -> list[VoiceInfo]:
    """The voices espeak-ng offers; RuntimeError when it is missing."""
    with _ENGINE_LOCK:
        raw = _get_engine().getProperty("voices")
    return [VoiceInfo(v.id, v.name, tuple(v.languages or ())) for v in raw]


class Pyttsx3Speaker:
    """Speaks with espeak-ng through pyttsx3; plays through sounddevice, or aplay as a fallback.

    Call `speak` from a worker thread (it blocks while the question is heard) and `stop` from any.
    """

    def __init__(
        self,
        voice: str | None = None,
        rate: int = 170,
        output_device: str | None = None,
        player: Literal["auto", "sounddevice", "aplay"] = "auto",
    ) -> None:
        """voice/rate: the `tts` settings; output_device: a stable output name, None = default;
        player: "auto" tries sounddevice first and falls back to aplay."""
        self.voice, self.rate, self.output_device = voice, rate, output_device
        self._player_choice = player
        self._player: str | None = None
        self._reason: str | None = None
        self._checked = False
        self._stop = threading.Event()
        self._proc: subprocess.Popen[bytes] | None = None

    def use_output(self, device: str | None) -> None:
        """Play on another output device from the next question on (checked again then)."""
        if device != self.output_device:
            self.output_device = device
            self._checked = False

    @classmethod
    def from_settings(cls, tts: TTSSettings, output_device: str | None = None) -> Pyttsx3Speaker:
        """A speaker with the user's `tts` settings (voice and rate)."""
        return cls(voice=tts.voice, rate=tts.rate, output_device=output_device)

    @property
    def available(self) -> bool:
        return self.unavailable_reason is None

    @property
    def unavailable_reason(self) -> str | None:
        if not self._checked:
            self._player, self._reason = self._check()
            self._checked = True
        return self._reason

    @property
    def player(self) -> str | None:
        """ "sounddevice" or "aplay": how speech is played; None when unavailable."""
        return self._player if self.available else None

    def _check(self) -> tuple[str | None, str | None]:
        try:
            with _ENGINE_LOCK:
                _get_engine()
        except (RuntimeError, OSError, ImportError):
            return None, NO_ESPEAK
        if self._player_choice in ("auto", "sounddevice"):
            try:
                find_device(self.output_device, "output")
                return "sounddevice", None
            except AudioError as exc:
                if self._player_choice == "sounddevice":
                    return None, str(exc)
        if shutil.which("aplay"):
            return "aplay", None
        return None, NO_PLAYER

    def voices(self) -> list[VoiceInfo]:
        try:
            return list_voices()
        except RuntimeError:
            return []

    def speak(self, text: str) -> None:
        """Say `text`; returns when it has been played to the end or `stop` was called."""
        reason = self.unavailable_reason
        if reason is not None:
            raise AudioError(reason)
        self._stop.clear()
        with tempfile.TemporaryDirectory(prefix="voice-interview-tts-") as tmp:
            wav = self._render(text, Path(tmp) / "speech.wav")
            if self._stop.is_set():
                return
            if self._player == "sounddevice":
                play_wav(wav, device=self.output_device, stop_event=self._stop)
            else:
                self._play_aplay(wav)

    def _render(self, text: str, path: Path) -> Path:
        """The text as a WAV file; a speaker with another voice renders it its own way."""
        return synthesize_to_file(text, path, self.voice, self.rate)

    def stop(self) -> None:
        """Cut short the speech in progress (a stop before `speak` starts is not remembered)."""
        self._stop.set()
        proc = self._proc
        if proc is not None:
            with contextlib.suppress(OSError):
                proc.terminate()

    def _play_aplay(self, wav: Path) -> None:
        self._proc = subprocess.Popen(["aplay", "-q", str(wav)], stderr=subprocess.DEVNULL)
        try:
            if self._stop.is_set():  # stop() came between the check and Popen
                self._proc.terminate()
            self._proc.wait()
        finally:
            self._proc = None


def play_wav(
    path: Path,
    *,
    start_s: float = 0.0,
    end_s: float | None = None,
    device: str | None = None,
    stop_event: threading.Event | None = None,
) -> None:
    """Play a 16-bit PCM WAV (or a stretch of it) on an output device; blocks until done/stopped.

    Uses its own output stream, so it never disturbs a recording in progress.
    """
    with wave.open(str(path), "rb") as w:
        rate, channels = w.getframerate(), w.getnchannels()
        if w.getsampwidth() != 2:
            raise AudioError(f"{path}: only 16-bit PCM WAV files can be played")
        w.setpos(min(w.getnframes(), int(start_s * rate)))
        count = w.getnframes() - w.tell()
        if end_s is not None:
            count = max(0, min(count, int((end_s - start_s) * rate)))
        samples = np.frombuffer(w.readframes(count), dtype="<i2").reshape(-1, channels)
    play_samples(samples, rate, device=device, stop_event=stop_event)


def play_samples(
    samples: np.ndarray,
    samplerate: int,
    *,
    device: str | None = None,
    stop_event: threading.Event | None = None,
) -> None:
    """Play int16 samples shaped (frames, channels); blocks until done or `stop_event` is set."""
    sd = import_sounddevice()
    out = find_device(device, "output")
    done = threading.Event()
    position = 0

    def callback(outdata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        nonlocal position
        chunk = samples[position : position + frames]
        outdata[: len(chunk)] = chunk
        outdata[len(chunk) :] = 0
        position += len(chunk)
        if len(chunk) < frames:
            raise sd.CallbackStop  # PortAudio plays what is buffered, then finishes

    try:
        stream = sd.OutputStream(
            samplerate=samplerate,
            device=out.index,
            channels=samples.shape[1],
            dtype="int16",
            # A fixed block size: with PortAudio's variable blocks ALSA's pulse plugin underran
            # hundreds of times per clip, which tore the sound (measured, see docs/audio.md).
            blocksize=max(1, samplerate // 20),
            latency="high",
            callback=callback,
            finished_callback=done.set,
        )
    except sd.PortAudioError as exc:
        raise AudioError(f"cannot play on {out.name!r}: {exc} (pick another output)") from None
    with stream:
        while not done.wait(0.05):
            if stop_event is not None and stop_event.is_set():
                stream.abort()
                break
