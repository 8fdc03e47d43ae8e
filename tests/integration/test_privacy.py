"""Nothing the product runs reaches the network, proven at the operating-system level.

Each test runs a real command under strace (tests/integration/nettrace.py) and fails on any DNS
query, name lookup or connection to an address other than this machine's loopback, whichever
library or native code made it. The commands run without the offline switches in their
environment, so the product must set them itself (voice_interview/offline.py). The first test
shows that the tracer does see a lookup, so a silent tracer cannot pass the others.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.audio_util import REAL, REPO, SAMPLES
from tests.integration.nettrace import (
    FILE_SYSCALLS,
    NET_SYSCALLS,
    need_strace,
    network_events,
    strace_command,
    written_paths,
)
from tests.integration.terminal import (
    PRACTICE,
    SCORING_DEADLINE_S,
    START_S,
    Terminal,
    recording_started,
    wait_for,
)
from tests.integration.test_app_e2e import playable_wav, private_sink

ANSWER = SAMPLES / "answers" / "meta-mle-move-fast-ambiguity--weak.wav"
QUESTION = "meta-mle-move-fast-ambiguity"
# Switches the product must set itself; the traced commands run without them.
SWITCHES = ("ORT_DISABLE_TELEMETRY", "HF_HUB_OFFLINE", "HF_HUB_DISABLE_TELEMETRY")


@pytest.fixture(autouse=True)
def _strace() -> None:
    need_strace()


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SWITCHES}
    env = {k: v for k, v in env.items() if not k.startswith("VOICE_INTERVIEW_")}
    return env | {"VOICE_INTERVIEW_HOME": str(home)}


def _traced(
    tmp_path: Path, *args: str | Path, syscalls: str = NET_SYSCALLS
) -> tuple[subprocess.CompletedProcess[str], Path]:
    trace = tmp_path / "trace.txt"
    run = subprocess.run(
        [
            *strace_command(trace, syscalls),
            sys.executable,
            "-m",
            "voice_interview",
            *map(str, args),
        ],
        capture_output=True,
        text=True,
        env=_env(tmp_path / "home"),
        cwd=REPO,
        timeout=600,
    )
    return run, trace


def _assert_offline(trace: Path) -> None:
    events = network_events(trace)
    assert not events, "\n".join(f"{e.why}: {e.line}" for e in events)


def test_the_tracer_sees_a_name_lookup(tmp_path: Path) -> None:
    trace = tmp_path / "trace.txt"
    lookup = (
        "import socket\n"
        "try:\n    socket.getaddrinfo('voice-interview.invalid', 443)\n"
        "except OSError:\n    pass\n"
    )
    subprocess.run(
        [*strace_command(trace, NET_SYSCALLS), sys.executable, "-c", lookup],
        capture_output=True,
        timeout=120,
    )
    assert any(
        e.why in ("DNS query", "name lookup through a system service")
        for e in network_events(trace)
    )


@pytest.mark.model
def test_scoring_a_recording_makes_no_connection(tmp_path: Path) -> None:
    run, trace = _traced(tmp_path, "score", ANSWER, "--question", QUESTION, "--keep")
    assert run.returncode == 0, run.stderr
    assert "Specific outcome numbers" in run.stdout or "signal" in run.stdout.lower()
    _assert_offline(trace)


@pytest.mark.model
def test_transcribing_makes_no_connection(tmp_path: Path) -> None:
    run, trace = _traced(tmp_path, "transcribe", REAL / "jfk.flac", "--format", "srt")
    assert run.returncode == 0, run.stderr
    assert "country" in run.stdout.lower()
    _assert_offline(trace)


def test_scoring_typed_text_makes_no_connection(tmp_path: Path) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text((SAMPLES / "answers" / f"{QUESTION}--strong.txt").read_text("utf-8"), "utf-8")
    run, trace = _traced(tmp_path, "score", "--text", answer, "--question", QUESTION)
    assert run.returncode == 0, run.stderr
    _assert_offline(trace)


def test_scoring_writes_only_in_the_chosen_folders(tmp_path: Path) -> None:
    """The product writes its history under its home; nothing else outside temporary files."""
    answer = tmp_path / "answer.txt"
    answer.write_text((SAMPLES / "answers" / f"{QUESTION}--strong.txt").read_text("utf-8"), "utf-8")
    run, trace = _traced(
        tmp_path, "score", "--text", answer, "-q", QUESTION, "--keep", syscalls=FILE_SYSCALLS
    )
    assert run.returncode == 0, run.stderr
    _assert_writes_within(trace, tmp_path / "home")


def _assert_writes_within(trace: Path, home: Path, *allowed: Path) -> None:
    roots = (home, Path("/tmp"), Path("/dev"), Path("/proc"), *allowed)
    outside = sorted(
        str(p)
        for p in written_paths(trace)
        if p.is_absolute() and not any(p == r or r in p.parents for r in roots)
    )
    assert not outside, outside


@pytest.mark.audio
@pytest.mark.model
def test_a_rehearsal_in_the_app_makes_no_connection(pulse_server: str, tmp_path: Path) -> None:
    """The real app, in a real terminal: the question spoken, an answer recorded and scored."""
    home = tmp_path / "home"
    trace = tmp_path / "trace.txt"
    clip = tmp_path / "answer.wav"
    playable_wav(REAL / "jfk.flac", clip)
    terminal = Terminal(tmp_path, "privacy")
    unset = [arg for name in SWITCHES for arg in ("-u", name)]
    with private_sink("vi_privacy") as sink:
        try:
            terminal.start(
                ["env", *unset, *strace_command(trace, f"{NET_SYSCALLS},{FILE_SYSCALLS}")]
                + [*PRACTICE, "--question", QUESTION],
                {
                    "VOICE_INTERVIEW_HOME": str(home),
                    "VOICE_INTERVIEW_TTS__ENABLED": "true",
                    "PULSE_SINK": sink,
                    "PULSE_SOURCE": f"{sink}.monitor",
                },
            )
            terminal.wait(lambda s: "Press space to start" in s, "the question", START_S)
            time.sleep(2.0)  # part of the question is spoken before the answer starts
            terminal.keys("Space")
            terminal.wait(lambda s: "Recording" in s, "the recording state", 30)
            wait_for(recording_started(home), "audio in the answer file", 30)
            subprocess.run(["paplay", f"--device={sink}", str(clip)], check=True, timeout=120)
            terminal.keys("Space")
            terminal.wait(
                lambda s: "Length" in s or "Scoring failed" in s, "the report", SCORING_DEADLINE_S
            )
            assert "Scoring failed" not in terminal.screen()
            terminal.keys("C-q")
            assert terminal.wait_exit() == 0
        finally:
            terminal.kill()
    _assert_offline(trace)
    # The audio system's client keeps its cookie in the user's own config: that is PulseAudio's
    # doing, the same for every program that plays a sound, and it holds nothing of the answer.
    pulse = Path(os.environ.get("HOME", "/root")) / ".config" / "pulse"
    _assert_writes_within(trace, home, pulse)


def test_a_recording_named_like_an_address_is_read_from_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FFmpeg takes "http:" at the start of a name as a protocol; the decoder never lets it."""
    from voice_interview.speech.audio import load_audio

    folder = tmp_path / "http:"
    folder.mkdir()
    (folder / "jfk.flac").write_bytes((REAL / "jfk.flac").read_bytes())
    monkeypatch.chdir(tmp_path)
    audio = load_audio(Path("http:/jfk.flac"))
    assert 10.5 < audio.duration_s < 11.5
