"""A real terminal for the app's end-to-end tests: a private tmux server running one command.

Each test starts its own tmux server (a private socket, no user config) running the command,
types into it with `send-keys` and reads the screen with `capture-pane`, as a person would see
it. The pane stays after the command ends (`remain-on-exit`), so the test can check what was
printed on the way out. Every wait has a deadline; the tmux server is killed, by its socket
name, whatever happens.

The exit status is written to a file by the shell that runs the command, rather than read from
tmux's `pane_dead_status`: tmux 3.3a now and then left the finished app an unreaped zombie, its
pane never marked dead (about one run in four of the quit-while-recording test).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.audio_util import REPO

SIZE = (110, 32)
START_S = 60.0
"""Deadline for the app to draw its first screen (a busy 2-core machine can be slow)."""
SCORING_DEADLINE_S = 180.0
PRACTICE = [sys.executable, "-m", "voice_interview", "practice"]


class Terminal:
    """One tmux server with one session running a command; read with `screen()`."""

    def __init__(self, tmp: Path, name: str) -> None:
        self.name = name
        self.socket = f"vi-test-{os.getpid()}-{name}"
        self.config = tmp / "tmux.conf"
        self.status_file = tmp / "exit-status"
        self.socket_path: Path | None = None
        # No status line (the app gets every row), and the pane survives the command's end.
        self.config.write_text("set -g status off\nset -g remain-on-exit on\n", encoding="utf-8")

    def tmux(self, *args: str) -> subprocess.CompletedProcess[str]:
        # The server inherits this environment: no settings of the person running the tests,
        # and no enclosing tmux session.
        env = {
            k: v
            for k, v in os.environ.items()
            if k != "TMUX" and not k.startswith("VOICE_INTERVIEW_")
        }
        return subprocess.run(
            ["tmux", "-u", "-L", self.socket, "-f", str(self.config), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=30,
        )

    def start(self, command: list[str], env: dict[str, str]) -> None:
        """Run `command` with exactly these extra environment variables, in the repository."""
        line = shlex.join(["env", *(f"{k}={v}" for k, v in env.items()), *command])
        status, partial = shlex.quote(str(self.status_file)), shlex.quote(f"{self.status_file}~")
        line += f"; echo $? > {partial} && mv {partial} {status}"
        width, height = SIZE
        run = self.tmux(
            "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height),
            "-c", str(REPO), line,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        where = self.tmux("display-message", "-p", "#{socket_path}").stdout.strip()
        self.socket_path = Path(where) if where else None

    def screen(self, history: bool = False) -> str:
        """What the pane shows now, wrapped lines joined; with `history`, what scrolled off too."""
        since = ["-S", "-"] if history else []
        return self.tmux("capture-pane", "-p", "-J", *since, "-t", self.name).stdout

    def keys(self, *keys: str, literal: bool = False) -> None:
        run = self.tmux("send-keys", "-t", self.name, *(["-l"] if literal else []), *keys)
        assert run.returncode == 0, run.stderr

    def exit_status(self) -> int | None:
        """The command's exit status once it has ended, else None."""
        if not self.status_file.exists():
            return None
        return int(self.status_file.read_text(encoding="utf-8"))

    def wait(self, condition: Callable[[str], bool], what: str, timeout: float) -> str:
        """Poll the screen until `condition(screen)`; fail, showing the screen, at the deadline."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            if condition(text):
                return text
            if self.exit_status() is not None:
                pytest.fail(f"the app ended while waiting for {what}:\n{text}")
            if time.monotonic() > deadline:
                pytest.fail(f"waited {timeout:.0f} s for {what}; the screen shows:\n{text}")
            time.sleep(0.2)

    def wait_exit(self, timeout: float = 30) -> int:
        deadline = time.monotonic() + timeout
        while (status := self.exit_status()) is None:
            if time.monotonic() > deadline:
                pytest.fail(f"the app did not exit within {timeout:.0f} s:\n{self.screen()}")
            time.sleep(0.1)
        return status

    def kill(self) -> None:
        """End the session and its private server (and with them the app, if still running)."""
        self.tmux("kill-session", "-t", self.name)
        self.tmux("kill-server")
        if self.socket_path is not None:
            self.socket_path.unlink(missing_ok=True)  # tmux leaves it behind


def app_env(home: Path, sink: str | None = None) -> dict[str, str]:
    env = {
        "VOICE_INTERVIEW_HOME": str(home),
        "HF_HUB_OFFLINE": "1",
        "VOICE_INTERVIEW_TTS__ENABLED": "false",
    }
    if sink is not None:
        env |= {"PULSE_SINK": sink, "PULSE_SOURCE": f"{sink}.monitor"}
    return env


def recording_started(home: Path) -> Callable[[], bool]:
    """True once the answer file holds audio beyond its header: the input is delivering."""

    def started() -> bool:
        files = list((home / "data" / "recordings").glob("*.wav"))
        return any(f.stat().st_size > 44 + 3200 for f in files)  # 0.1 s at 16 kHz

    return started


def wait_for(condition: Callable[[], bool], what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout:.0f} s for {what}")
        time.sleep(0.1)


def assert_clean_exit(terminal: Terminal) -> str:
    assert terminal.wait_exit() == 0
    after = terminal.screen(history=True)
    assert "Traceback" not in after and "Error" not in after, after
    return after
