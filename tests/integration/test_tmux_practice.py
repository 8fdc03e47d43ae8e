"""The real `voice-interview practice` command in a real terminal (tmux), driven by key presses.

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

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.audio_util import REAL, REPO
from tests.integration.cli_util import run_cli
from tests.integration.test_app_e2e import playable_wav, private_sink

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None,
    reason="tmux is not installed: apt-get install tmux to run the terminal tests",
)

QUESTION = "amazon-mle-ownership-offline-online"
TITLE = "Offline win, online drop: diagnose it"
SIZE = (110, 32)
START_S = 60.0
"""Deadline for the app to draw its first screen (a busy 2-core machine can be slow)."""
SCORING_DEADLINE_S = 180.0


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


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    term = Terminal(tmp_path, "practice")
    try:
        yield term
    finally:
        term.kill()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def app_env(home: Path, sink: str | None = None) -> dict[str, str]:
    env = {
        "VOICE_INTERVIEW_HOME": str(home),
        "HF_HUB_OFFLINE": "1",
        "VOICE_INTERVIEW_TTS__ENABLED": "false",
    }
    if sink is not None:
        env |= {"PULSE_SINK": sink, "PULSE_SOURCE": f"{sink}.monitor"}
    return env


PRACTICE = [sys.executable, "-m", "voice_interview", "practice"]


@pytest.fixture
def sink(pulse_server: str) -> Iterator[str]:
    """A null sink of this test's own (see test_app_e2e.private_sink)."""
    with private_sink("vi_tmux") as name:
        yield name


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


@pytest.mark.audio
@pytest.mark.model
def test_practice_a_question_in_a_real_terminal(
    terminal: Terminal, home: Path, sink: str, tmp_path: Path
) -> None:
    clip = tmp_path / "answer.wav"
    clip_s = playable_wav(REAL / "jfk.flac", clip)
    terminal.start([*PRACTICE, "--question", QUESTION], app_env(home, sink))

    # The question, read from the screen, with its target against the clock. (Waits are for
    # everything expected at once: a capture can catch the screen half drawn.)
    expected = [
        TITLE,
        "A model you owned looked good in offline evaluation",
        "target 5-7 min",
        "5:00-7:00",
        "Press space to start",
    ]
    terminal.wait(lambda s: all(e in s for e in expected), "the question and its target", START_S)

    terminal.keys("Space")
    terminal.wait(lambda s: "Recording" in s, "the recording state", 30)
    wait_for(recording_started(home), "audio in the answer file", 30)
    subprocess.run(["paplay", f"--device={sink}", str(clip)], check=True, timeout=120)
    time.sleep(1.0)  # a little silence after the answer, as a person pauses before stopping
    terminal.keys("Space")

    headline = re.compile(r"Length (\d+):(\d\d) against a target of 5:00-7:00")
    report = terminal.wait(
        lambda s: headline.search(s) is not None or "Scoring failed" in s,
        "the report",
        SCORING_DEADLINE_S,
    )
    assert "Scoring failed" not in report, report
    length = headline.search(report)
    assert length is not None
    assert int(length[1]) * 60 + int(length[2]) >= int(clip_s), report  # the whole clip
    terminal.keys("2")
    terminal.wait(
        lambda s: re.search(r"\[\d+:\d\d\]", s) is not None and "country" in s.lower(),
        "the timed transcript with the clip's words",
        30,
    )

    terminal.keys("C-q")
    assert_clean_exit(terminal)
    listed = run_cli("history", "--json", home=home, timeout=120)
    assert listed.returncode == 0, listed.stderr
    attempts = json.loads(listed.stdout)
    assert [a["question_id"] for a in attempts] == [QUESTION]
    assert "country" in attempts[0]["report"]["transcript"]["text"].lower()


@pytest.mark.audio
def test_quitting_mid_answer_keeps_the_recording_and_says_where(
    terminal: Terminal, home: Path, sink: str
) -> None:
    terminal.start([*PRACTICE, "--question", QUESTION], app_env(home, sink))
    terminal.wait(lambda s: "Press space to start" in s, "the question", START_S)
    terminal.keys("Space")
    terminal.wait(lambda s: "Recording" in s, "the recording state", 30)
    wait_for(recording_started(home), "audio in the answer file", 30)

    terminal.keys("C-q")
    after = assert_clean_exit(terminal)
    saved = re.search(r"Your unfinished answer was saved to (\S+\.wav)", after)
    assert saved, after
    path = Path(saved.group(1))
    assert f"voice-interview score {path} --question {QUESTION}" in after
    assert path.parent == home / "data" / "recordings"
    assert not path.with_name(path.name + ".partial").exists()  # finished, not crashed
    with wave.open(str(path), "rb") as w:
        assert w.getnframes() > 0
        assert 44 + 2 * w.getnframes() == path.stat().st_size  # the header matches the data


def test_the_picker_lists_questions_and_typing_filters_them(terminal: Terminal, home: Path) -> None:
    terminal.start(PRACTICE, app_env(home))
    questions = json.loads(run_cli("questions", "--json", home=home).stdout)

    def titles(screen: str) -> list[dict[str, str]]:
        return [q for q in questions if q["title"] in screen]

    # Several questions, grouped, each with its target length.
    picker = terminal.wait(
        lambda s: "Type to filter" in s and TITLE in s and "5-7 min" in s and len(titles(s)) >= 5,
        "the question list",
        START_S,
    )
    listed = titles(picker)

    terminal.keys("meta", literal=True)
    narrowed = terminal.wait(
        lambda s: TITLE not in s and "Shipped under ambiguity" in s,  # Meta's question
        "the list to narrow",
        30,
    )
    remaining = titles(narrowed)
    assert len(remaining) < len(listed), narrowed
    # Only questions that mention the word somewhere (company, title, text) are left.
    fields = ("id", "title", "company", "role", "competency", "prompt")
    assert all("meta" in " ".join(q[f] for f in fields).lower() for q in remaining), narrowed

    terminal.keys("C-q")
    assert_clean_exit(terminal)
