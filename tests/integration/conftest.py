"""The PulseAudio server that the audio tests record from and play into.

`scripts/test.sh` starts it (scripts/pulse.sh) before pytest. If it is not running, the
`pulse_server` fixture starts it once and stops it at the end; it skips the audio tests only when
PulseAudio is not installed at all (set VOICE_INTERVIEW_REQUIRE_AUDIO=1 to fail instead, as CI
should). Tests play into the null sink "vspeaker" and record its monitor, chosen with PULSE_SINK
and PULSE_SOURCE, so on a desktop they never use the real speakers or microphone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PULSE_SH = REPO / "scripts" / "pulse.sh"
SINK = "vspeaker"


def _address() -> str:
    """PULSE_SERVER for the server scripts/pulse.sh started ("" for a session's own server)."""
    run = subprocess.run(
        ["bash", str(PULSE_SH), "address"], capture_output=True, text=True, timeout=30
    )
    return run.stdout.strip()


def _pactl(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if address := _address():
        env["PULSE_SERVER"] = address
    return subprocess.run(["pactl", *args], capture_output=True, text=True, timeout=10, env=env)


def _ready() -> bool:
    """The server answers and has the test sink."""
    if shutil.which("pactl") is None or _pactl("info").returncode != 0:
        return False
    sinks = _pactl("list", "short", "sinks").stdout.split("\n")
    return any(line.split("\t")[1:2] == [SINK] for line in sinks)


@pytest.fixture(scope="session")
def pulse_server() -> Iterator[str]:
    """A running PulseAudio server with the null sink; yields the sink's name."""
    started = False
    if not _ready():
        if shutil.which("pulseaudio") is None or shutil.which("pactl") is None:
            reason = (
                "PulseAudio is not installed: apt-get install pulseaudio pulseaudio-utils "
                "libasound2-plugins to run the audio tests"
            )
            if os.environ.get("VOICE_INTERVIEW_REQUIRE_AUDIO"):
                pytest.fail(reason)
            pytest.skip(reason)
        run = subprocess.run(
            ["bash", str(PULSE_SH), "start"], capture_output=True, text=True, timeout=60
        )
        if run.returncode != 0 or not _ready():
            pytest.fail(f"scripts/pulse.sh start failed: {run.stdout}{run.stderr}")
        started = True
    with pytest.MonkeyPatch.context() as env:
        # libpulse reads these whenever a stream opens, so they pick the test sink and source
        # for sounddevice (through ALSA's pulse plugin) and for any child process.
        env.setenv("PULSE_SINK", SINK)
        env.setenv("PULSE_SOURCE", f"{SINK}.monitor")
        if address := _address():
            # The script's server listens in its state folder, not under HOME (scripts/pulse.sh).
            env.setenv("PULSE_SERVER", address)
        yield SINK
    if started:
        subprocess.run(["bash", str(PULSE_SH), "stop"], capture_output=True, timeout=60)
