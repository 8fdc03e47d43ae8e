"""Make the README's pictures of the practice app: SVG screenshots in docs/images/.

Usage:
    .venv/bin/python scripts/screenshots.py            # write docs/images/practice-*.svg
    .venv/bin/python scripts/screenshots.py --check    # exit 1 if a picture is out of date

The app runs headless at 110 x 32 with the fake parts and fixed data of the snapshot tests
(tests/tui: a fake recorder showing a fixed time and level, a hand-built report with fixed
dates, text-to-speech off, local time UTC), so every run on every machine draws the same
pictures. The question list and the answer screen show the built-in question bank. Prints one
JSON line: the files written (or out of date).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "images"
SIZE = (110, 32)
ANSWER_QUESTION = "amazon-mle-ownership-offline-online"
ANSWER_AT_S = 330.0
"""The answer screen is drawn 5:30 into a 5-7 minute answer: inside the target zone."""

Steps = Callable[[Any], Awaitable[None]]


def _fixed_environment(home: Path) -> None:
    """UTC, and settings from an empty home folder only (no user settings or questions)."""
    for name in list(os.environ):
        if name.startswith("VOICE_INTERVIEW_"):
            del os.environ[name]
    os.environ["VOICE_INTERVIEW_HOME"] = str(home)
    os.environ["TZ"] = "UTC"
    time.tzset()


async def _shoot(app: Any, steps: Steps) -> str:
    """Run `app` headless, take `steps`, and return the screen as SVG."""
    async with app.run_test(size=SIZE) as pilot:
        await steps(pilot)
        # The same settling as pytest-textual-snapshot, so pictures match the snapshot tests.
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        svg: str = app.export_screenshot(title=app.title, simplify=True)
    return svg


def _pictures(home: Path) -> dict[str, str]:
    # Imported here: the environment must be fixed before settings are read.
    sys.path.insert(0, str(REPO))
    from tests.tui.conftest import Kit, wait_for, wait_for_screen
    from tests.tui.data import make_report, questions
    from voice_interview.core.questions import load_bank
    from voice_interview.settings import Settings, TTSSettings, questions_dir
    from voice_interview.tui.screens.answer import AnswerScreen
    from voice_interview.tui.screens.report import ReportScreen

    def kit() -> Kit:
        made = Kit(tmp=home, settings=Settings(tts=TTSSettings(enabled=False)))
        made.recorders.level = 0.62
        return made

    real_bank = load_bank(questions_dir())

    async def nothing(pilot: Any) -> None:
        await pilot.pause()

    async def answering(pilot: Any) -> None:
        screen = await wait_for_screen(pilot, AnswerScreen)
        await pilot.press("space")
        await wait_for(pilot, lambda: screen.state == "recording")
        pilot.app.active_recorder.elapsed_s = ANSWER_AT_S
        # The screen reads the recorder ten times a second.
        await pilot.pause(0.3)

    def report(*keys: str) -> Steps:
        async def steps(pilot: Any) -> None:
            pilot.app.open_report(make_report(questions()[0]))
            await wait_for_screen(pilot, ReportScreen)
            await pilot.press(*keys)

        return steps

    shots: dict[str, tuple[Any, Steps]] = {
        "practice-questions": (kit().app(bank=real_bank), nothing),
        "practice-answer": (kit().app(ANSWER_QUESTION, bank=real_bank), answering),
        "practice-report": (kit().app(), report()),
        "practice-fillers": (kit().app(), report("2")),
    }
    return {name: asyncio.run(_shoot(app, steps)) for name, (app, steps) in shots.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report out-of-date pictures")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="vi-screenshots-") as tmp:
        _fixed_environment(Path(tmp) / "home")
        pictures = _pictures(Path(tmp))
    changed = [
        name
        for name, svg in pictures.items()
        if not (OUT / f"{name}.svg").exists()
        or (OUT / f"{name}.svg").read_text(encoding="utf-8") != svg
    ]
    if not args.check:
        OUT.mkdir(parents=True, exist_ok=True)
        for name in changed:
            (OUT / f"{name}.svg").write_text(pictures[name], encoding="utf-8")
    key = "out_of_date" if args.check else "written"
    print(json.dumps({key: [f"docs/images/{n}.svg" for n in changed], "pictures": len(pictures)}))
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
