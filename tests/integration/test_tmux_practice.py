"""The real `voice-interview practice` command in a real terminal (tmux), driven by key presses
(tests/integration/terminal.py)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.audio_util import REAL
from tests.integration.cli_util import run_cli
from tests.integration.terminal import (
    PRACTICE,
    SCORING_DEADLINE_S,
    START_S,
    Terminal,
    app_env,
    assert_clean_exit,
    recording_started,
    wait_for,
)
from tests.integration.test_app_e2e import playable_wav, private_sink

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None,
    reason="tmux is not installed: apt-get install tmux to run the terminal tests",
)

QUESTION = "amazon-mle-ownership-offline-online"
TITLE = "Offline win, online drop: diagnose it"


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


@pytest.fixture
def sink(pulse_server: str) -> Iterator[str]:
    """A null sink of this test's own (see test_app_e2e.private_sink)."""
    with private_sink("vi_tmux") as name:
        yield name


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
