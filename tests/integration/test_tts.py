"""Text to speech with the real espeak-ng, and its playback into the PulseAudio test sink."""

from __future__ import annotations

import shutil
import threading
import time
import wave
from pathlib import Path
from typing import Literal

import numpy as np
import pytest

from tests.integration.recording import wait_started
from voice_interview.speech.devices import AudioError
from voice_interview.speech.recorder import Recorder
from voice_interview.speech.tts import (
    NO_PLAYER,
    Pyttsx3Speaker,
    list_voices,
    synthesize_to_file,
)

pytestmark = pytest.mark.skipif(
    shutil.which("espeak-ng") is None,
    reason="espeak-ng is not installed (apt-get install espeak-ng)",
)

SHORT = "Tell me about a time you disagreed with your manager."
LONG = (
    "Walk me through how you would evaluate a new ranking model before launch. Which offline "
    "metrics would you trust, which would you not, and how would you decide that an online "
    "experiment is worth running? Then tell me what result would make you stop the launch."
)


ANSWER = Path(__file__).parents[2] / "audio_samples/answers/meta-mle-move-fast-ambiguity--weak.wav"


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
        return w.getnframes() / w.getframerate()


def voiced_span(path: Path) -> float:
    """Seconds from the first to the last clearly audible sample of a 16-kHz recording."""
    with wave.open(str(path), "rb") as w:
        heard = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64)
    voiced = np.flatnonzero(np.abs(heard) > 500)
    return float(voiced[-1] - voiced[0]) / 16000 if len(voiced) else 0.0


def plausible_seconds(text: str, rate: int) -> tuple[float, float]:
    minutes = len(text.split()) / rate
    return 0.6 * minutes * 60, 1.6 * minutes * 60 + 1.0


def test_synthesize_to_file_is_complete_when_it_returns(tmp_path: Path) -> None:
    # Back to back, as the app does it: each file must be whole the moment the call returns.
    for i, (text, rate) in enumerate([(SHORT, 170), (LONG, 170), (SHORT, 120), (LONG, 240)]):
        path = synthesize_to_file(text, tmp_path / f"{i}.wav", rate=rate)
        low, high = plausible_seconds(text, rate)
        assert low <= wav_seconds(path) <= high, (text[:20], rate, wav_seconds(path))


def median_pitch_hz(path: Path) -> float:
    """Median pitch of the voiced frames, by autocorrelation."""
    with wave.open(str(path), "rb") as w:
        rate = w.getframerate()
        audio = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64)
    pitches = []
    for i in range(0, len(audio) - 1024, 512):
        frame = audio[i : i + 1024] - audio[i : i + 1024].mean()
        if np.sqrt(np.mean(frame**2)) < 1000:
            continue
        corr = np.correlate(frame, frame, "full")[1023:]
        low, high = rate // 400, rate // 60
        pitches.append(rate / (low + int(np.argmax(corr[low:high]))))
    return float(np.median(pitches))


def test_rate_and_voice_settings_take_effect_on_every_call(tmp_path: Path) -> None:
    seconds = {
        rate: wav_seconds(synthesize_to_file(LONG, tmp_path / f"{i}.wav", rate=rate))
        for i, rate in enumerate([120, 240, 170])
    }
    assert seconds[120] > seconds[170] > seconds[240]
    assert seconds[120] > 1.6 * seconds[240]
    male, female, male_again = (
        median_pitch_hz(synthesize_to_file(SHORT, tmp_path / f"v{i}.wav", voice=voice))
        for i, voice in enumerate(["gmw/en-us", "gmw/en-us+f3", "gmw/en-us"])
    )
    assert female > 1.5 * male
    assert male_again == pytest.approx(male, rel=0.1)
    assert "gmw/en-us" in {v.id for v in list_voices()}


def test_an_unknown_voice_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="unknown voice 'no-such-voice'"):
        synthesize_to_file(SHORT, tmp_path / "x.wav", voice="no-such-voice")


def test_a_missing_player_is_reported(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no aplay anywhere on the PATH
    speaker = Pyttsx3Speaker(player="aplay")
    assert not speaker.available
    assert speaker.unavailable_reason == NO_PLAYER


@pytest.mark.audio
@pytest.mark.parametrize("player", ["sounddevice", "aplay"])
def test_speech_is_heard_in_full(
    pulse_server: str, player: Literal["sounddevice", "aplay"], tmp_path: Path
) -> None:
    if player == "aplay" and shutil.which("aplay") is None:
        pytest.skip("aplay is not installed (apt-get install alsa-utils)")
    speaker = Pyttsx3Speaker(rate=200, player=player)
    assert speaker.available, speaker.unavailable_reason
    reference = synthesize_to_file(SHORT, tmp_path / "reference.wav", rate=200)
    rec = Recorder()
    rec.start(tmp_path / "heard.wav")
    assert wait_started(rec, 10)
    speaker.speak(SHORT)
    time.sleep(0.3)  # let the end of the sound reach the monitor
    result = rec.stop()

    spoken = wav_seconds(reference)
    # The whole sentence came through (the reference includes a short silence at each end).
    assert spoken - 0.6 <= voiced_span(result.path) <= spoken + 0.3


@pytest.mark.audio
def test_speech_plays_on_the_output_device_chosen(pulse_server: str, tmp_path: Path) -> None:
    speaker = Pyttsx3Speaker(rate=200)
    speaker.use_output("ALSA: pulse")  # not the default device ("ALSA: default")
    assert speaker.available, speaker.unavailable_reason
    rec = Recorder()
    rec.start(tmp_path / "heard.wav")
    assert wait_started(rec, 10)
    speaker.speak(SHORT)
    time.sleep(0.3)
    assert voiced_span(rec.stop().path) > 1.5


@pytest.mark.audio
@pytest.mark.parametrize("device", ["ALSA: pulse", "an output unplugged since"])
def test_evidence_plays_on_the_saved_output_or_the_default(
    pulse_server: str, device: str, tmp_path: Path
) -> None:
    """The report's player: the saved output device, or the default when it is not there."""
    from voice_interview.tui.wiring import SegmentPlayer

    rec = Recorder()
    rec.start(tmp_path / "heard.wav")
    assert wait_started(rec, 10)
    SegmentPlayer(device)(ANSWER, 2.0, 5.0)
    time.sleep(0.3)
    # Three seconds of continuous speech, give or take its first and last syllables.
    assert 2.4 <= voiced_span(rec.stop().path) <= 3.3


@pytest.mark.audio
def test_stop_cuts_speech_short(pulse_server: str) -> None:
    speaker = Pyttsx3Speaker(rate=150)
    assert speaker.available, speaker.unavailable_reason
    thread = threading.Thread(target=speaker.speak, args=(LONG * 2,))
    thread.start()
    time.sleep(1.0)
    speaker.stop()
    thread.join(timeout=5)  # the text takes about a minute to say in full
    assert not thread.is_alive()
