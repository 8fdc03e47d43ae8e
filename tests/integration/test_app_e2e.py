"""The practice app end to end, on a real audio path: an answer is spoken into it and scored.

The app is built exactly as `voice-interview practice` builds it (`build_real_app`: the real
recorder, Whisper scorer and history store) and driven with Pilot key presses. A real recorded
answer is played by a separate `paplay` process into a PulseAudio null sink whose monitor is the
app's default input, so the audio goes through PortAudio, ALSA's pulse plugin and the audio
server as a microphone's would. The test then reads the saved attempt back from the history, and
through the real `voice-interview history --json` command.

Each test loads its own null sink into the server (see `private_sink`): several test runs may
share one audio server on a machine, and one run's clip must not leak into another's answer.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import subprocess
import time
import wave
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jiwer
import numpy as np
import pytest
from textual.pilot import Pilot
from textual.widgets import Static, TabbedContent

from tests.audio_util import REAL, write_wav
from tests.integration.cli_util import run_cli
from tests.integration.test_recorder_pulse import best_lag
from voice_interview.history import HistoryStore
from voice_interview.settings import Settings, TTSSettings, data_dir
from voice_interview.tui.screens.answer import AnswerScreen
from voice_interview.tui.screens.report import ReportScreen
from voice_interview.tui.screens.scoring import ScoringScreen
from voice_interview.tui.wiring import build_real_app

pytestmark = [pytest.mark.audio, pytest.mark.model]

QUESTION = "amazon-mle-ownership-offline-online"
RATE = 16000
MAX_WER = 0.35
"""Word error rate allowed against the clip's reference text, after normalising both."""
SCORING_DEADLINE_S = 180.0
"""How long the report may take after Space stops the answer: generous, not a speed test."""

# Whisper leaves out most "um" and "uh" (the report says its count is a lower bound), and the
# aligner's transcript spells "you know" as one word: compare the words, not those choices.
_NORMALISE = jiwer.Compose(
    [
        jiwer.ToLowerCase(),
        jiwer.SubstituteWords({"yknow": "you know"}),
        jiwer.RemovePunctuation(),
        jiwer.RemoveSpecificWords(["um", "uh"]),
        jiwer.RemoveMultipleSpaces(),
        jiwer.Strip(),
        jiwer.ReduceToListOfListOfWords(),
    ]
)


@dataclass(frozen=True)
class Clip:
    """A real recorded answer and what the saved attempt must show for it."""

    file: str
    fillers: dict[str, float] = field(default_factory=dict)
    """Filler words that must be counted, each with its start time in the clip (seconds)."""

    @property
    def path(self) -> Path:
        return REAL / self.file

    @property
    def reference(self) -> str:
        return self.path.with_suffix(".txt").read_text(encoding="utf-8")


CLIPS = [
    # JFK's inaugural line: clean read speech, the words must come out nearly exactly.
    Clip("jfk.flac"),
    # Spontaneous speech with pauses, speech errors and a "you know" at 5.85 s (forced alignment
    # in mfa_acoustic_corpus.TextGrid).
    Clip("mfa_acoustic_corpus.wav", fillers={"you know": 5.85}),
]


@contextmanager
def private_sink(prefix: str) -> Iterator[str]:
    """A null sink of this test's own in the running server, with a keep-alive stream into it.

    Yields its name; PULSE_SINK=name and PULSE_SOURCE=name.monitor point a process at it. The
    keep-alive (silence) makes the monitor deliver its first block at once (see docs/audio.md).
    """
    name = f"{prefix}_{os.getpid()}_{secrets.token_hex(3)}"
    loaded = subprocess.run(
        ["pactl", "load-module", "module-null-sink", f"sink_name={name}"],
        capture_output=True,
        text=True,
        timeout=10,
    )
    if loaded.returncode != 0:
        pytest.fail(f"could not load a null sink: {loaded.stderr.strip()}")
    module = loaded.stdout.strip()
    keepalive: subprocess.Popen[bytes] | None = None
    try:
        with open(os.devnull, "wb") as null, open("/dev/zero", "rb") as zero:
            keepalive = subprocess.Popen(
                ["pacat", "-p", f"--device={name}", "--latency-msec=20", "--raw"]
                + ["--format=s16le", "--rate=16000", "--channels=1"],
                stdin=zero,
                stdout=null,
                stderr=null,
            )
        yield name
    finally:
        if keepalive is not None:
            keepalive.terminate()
            keepalive.wait(timeout=10)
        subprocess.run(["pactl", "unload-module", module], capture_output=True, timeout=10)


@pytest.fixture
def sink(pulse_server: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """This test's own sink, recorded by the app through the default input device."""
    with private_sink("vi_e2e") as name:
        monkeypatch.setenv("PULSE_SINK", name)
        monkeypatch.setenv("PULSE_SOURCE", f"{name}.monitor")
        yield name


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty VOICE_INTERVIEW_HOME: no settings file, no history, no other VOICE_* setting."""
    for name in list(os.environ):
        if name.startswith("VOICE_INTERVIEW_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("VOICE_INTERVIEW_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return tmp_path / "home"


def playable_wav(source: Path, target: Path) -> float:
    """Write `source` as a 16 kHz mono WAV for paplay; returns its length in seconds.

    paplay reads files with libsndfile, which played 2 s of the 11 s jfk.flac; PyAV (the
    project's own decoder) reads it correctly.
    """
    samples, _ = read_audio(source, RATE)
    write_wav(target, samples / 32767, RATE)
    return len(samples) / RATE


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
        rate, frames = w.getframerate(), w.getnframes()
        data = w.readframes(frames)
    assert len(data) == 2 * frames, "the WAV header promises more audio than the file holds"
    return np.frombuffer(data, dtype="<i2").astype(np.float64), rate


def read_audio(path: Path, rate: int) -> tuple[np.ndarray, int]:
    """Any audio file as mono samples at `rate`, on the int16 scale of `read_wav`."""
    from faster_whisper.audio import decode_audio

    return decode_audio(str(path), sampling_rate=rate).astype(np.float64) * 32767, rate


async def wait_until(
    pilot: Pilot[Any], condition: Callable[[], bool], what: str, timeout: float
) -> None:
    """Let the app run until `condition` holds; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        screen = pilot.app.screen
        if isinstance(screen, ScoringScreen) and screen.has_class("-failed"):
            error = screen.query_one("#scoring-error", Static).content
            pytest.fail(f"scoring failed while waiting for {what}: {error}")
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout:.0f} s for {what}; the screen is {screen!r}")
        await pilot.pause(0.05)


def recorder_seconds(pilot: Pilot[Any]) -> float:
    recorder = pilot.app.active_recorder  # type: ignore[attr-defined]
    return float(recorder.elapsed_s) if recorder is not None else 0.0


@pytest.mark.parametrize("clip", CLIPS, ids=lambda c: c.file)
async def test_an_answer_spoken_into_the_app_is_scored_and_saved(
    clip: Clip, sink: str, home: Path, tmp_path: Path
) -> None:
    playable = tmp_path / "answer.wav"
    played_s = playable_wav(clip.path, playable)
    settings = Settings(tts=TTSSettings(enabled=False))  # no question read aloud to wait for
    app = build_real_app(settings, QUESTION)

    async with app.run_test(size=(110, 32)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, AnswerScreen), "the question", 30)
        answer = app.screen
        assert isinstance(answer, AnswerScreen)
        await pilot.press("space")
        await wait_until(pilot, lambda: answer.state == "recording", "recording to start", 30)
        # The first block proves the input stream runs: anything played from now on is heard.
        await wait_until(pilot, lambda: recorder_seconds(pilot) > 0, "the first audio block", 30)
        began = time.monotonic()

        player = await asyncio.create_subprocess_exec(
            "paplay", f"--device={sink}", str(playable), stderr=asyncio.subprocess.PIPE
        )
        _, err = await asyncio.wait_for(player.communicate(), timeout=played_s + 60)
        assert player.returncode == 0, err.decode()
        heard = recorder_seconds(pilot)
        # A second of silence after the clip, counted in recorded audio rather than wall time.
        await wait_until(pilot, lambda: recorder_seconds(pilot) >= heard + 1.0, "the tail", 30)
        assert answer.state == "recording"
        await pilot.press("space")
        wall_s = time.monotonic() - began
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, ReportScreen),
            "the report",
            SCORING_DEADLINE_S,
        )
        shown = app.screen
        assert isinstance(shown, ReportScreen)
        shown_text, shown_audio = shown.report.transcript.text, shown.audio_path
        # The report is live: its tabs answer the keys (and it is fully mounted before the
        # test ends the app).
        await wait_until(pilot, lambda: bool(shown.query("#report-tabs")), "the report's tabs", 30)
        tabs = shown.query_one("#report-tabs", TabbedContent)
        await wait_until(pilot, lambda: tabs.active == "tab-scorecard", "the scorecard tab", 30)
        await pilot.press("2")
        await wait_until(pilot, lambda: tabs.active == "tab-fillers", "the fillers tab", 30)

    attempts = HistoryStore(data_dir()).list()
    assert len(attempts) == 1
    attempt = attempts[0]
    report = attempt.report
    assert attempt.question_id == QUESTION == report.question_id
    assert report.transcript.text == shown_text  # the report on screen is the one saved

    # The words of the clip, as they were played through the audio server.
    error_rate = jiwer.wer(
        clip.reference,
        report.transcript.text,
        reference_transform=_NORMALISE,
        hypothesis_transform=_NORMALISE,
    )
    assert error_rate <= MAX_WER, (report.transcript.text, error_rate)
    assert report.delivery.word_count >= 0.8 * len(_NORMALISE(clip.reference)[0])

    # The recording holds the whole clip, plus the lead-in before it and the tail after it.
    assert attempt.duration_s is not None
    assert played_s <= attempt.duration_s <= wall_s + 0.5

    # The recording is kept with the attempt, private, and no copy is left behind.
    audio = attempt.audio_path
    assert (
        audio is not None and audio == home / "data" / "attempts" / str(attempt.id) / "answer.wav"
    )
    assert audio.stat().st_mode & 0o777 == 0o600
    assert list((home / "data" / "recordings").glob("*.wav")) == []
    assert shown_audio == audio  # what Enter on a signal plays
    kept, rate = read_wav(audio)
    assert len(kept) / rate == pytest.approx(attempt.duration_s, abs=0.1)

    # Each filler of the clip is counted, at the moment it was said in the recording.
    fillers = report.delivery.fillers
    if clip.fillers:
        source, _ = read_audio(clip.path, rate)
        offset_s = best_lag(kept, source) / rate  # where the clip starts in the recording
        for word, at_s in clip.fillers.items():
            assert fillers.by_word.get(word, 0) >= 1, fillers.by_word
            times = [
                i.start for i in fillers.items if i.text.lower() == word and i.start is not None
            ]
            assert any(abs(t - (offset_s + at_s)) < 1.0 for t in times), (times, offset_s)
        assert fillers.count >= len(clip.fillers)

    # The real command lists the attempt with its full report.
    listed = run_cli("history", "--json", home=home, timeout=120)
    assert listed.returncode == 0, listed.stderr
    items = json.loads(listed.stdout)
    assert [(i["id"], i["question_id"]) for i in items] == [(attempt.id, QUESTION)]
    assert items[0]["report"]["transcript"]["text"] == report.transcript.text
    assert items[0]["report"]["delivery"]["fillers"]["count"] == fillers.count
    assert items[0]["report"]["audio"]["path"] == str(audio)
