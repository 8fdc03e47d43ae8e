"""Measure how quickly the practice app starts and how much its live answer screen costs.

Usage:
    .venv/bin/python scripts/tui_timing.py [--seconds S]

Runs the app headless with the test fakes (no audio device, no model) and prints one JSON line:
start_s (app start to the question list shown), open_answer_s (Enter to the answer screen ready),
live_cpu_fraction (share of one core the app uses while recording, with the timer, level meter
and warnings updated ten times a second, over S seconds), report_s (a report with a 5-minute
transcript shown).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


async def measure(seconds: float) -> dict[str, float]:
    from tests.tui.conftest import Kit, wait_for, wait_for_screen
    from tests.tui.data import make_report, questions
    from voice_interview.tui.screens.answer import AnswerScreen
    from voice_interview.tui.screens.picker import PickerScreen
    from voice_interview.tui.screens.report import ReportScreen

    kit = Kit(tmp=Path(tempfile.mkdtemp(prefix="tui-timing-")))
    kit.settings = kit.settings.model_copy(
        update={"tts": kit.settings.tts.model_copy(update={"enabled": False})}
    )
    app = kit.app()
    began = time.perf_counter()
    async with app.run_test(size=(110, 32)) as pilot:
        await wait_for_screen(pilot, PickerScreen)
        start_s = time.perf_counter() - began
        began = time.perf_counter()
        await pilot.press("enter")
        answer = await wait_for_screen(pilot, AnswerScreen)
        open_answer_s = time.perf_counter() - began
        await pilot.press("space")
        await wait_for(pilot, lambda: answer.state == "recording")
        recorder = kit.recorders.made[0]
        # Let the screen's own 10 Hz poll run while the recording "grows", and see how much
        # processor time the app takes meanwhile.
        cpu, wall = time.process_time(), time.perf_counter()
        while time.perf_counter() - wall < seconds:
            recorder.elapsed_s = time.perf_counter() - wall
            recorder.level = (recorder.elapsed_s * 3) % 1.0
            await asyncio.sleep(0.05)
        live_cpu = (time.process_time() - cpu) / (time.perf_counter() - wall)
        await pilot.press("escape")  # refused while recording: stays put
        app.release_audio()
        began = time.perf_counter()
        app.open_report(make_report(questions()[0]))
        await wait_for_screen(pilot, ReportScreen)
        report_s = time.perf_counter() - began
    return {
        "start_s": round(start_s, 3),
        "open_answer_s": round(open_answer_s, 3),
        "live_cpu_fraction": round(live_cpu, 3),
        "report_s": round(report_s, 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    os.environ["VOICE_INTERVIEW_HOME"] = tempfile.mkdtemp(prefix="tui-timing-home-")
    print(json.dumps(asyncio.run(measure(args.seconds))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
