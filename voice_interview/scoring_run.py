"""Score many recordings in one run: one model load, a progress display, failures kept apart,
and a prompt stop on Ctrl+C that keeps every report already finished."""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from voice_interview.errors import Cancelled, ModelError, VoiceInterviewError
from voice_interview.interrupt import Background
from voice_interview.models.question import Question
from voice_interview.models.report import Report
from voice_interview.pipeline import score_audio
from voice_interview.settings import Settings
from voice_interview.speech.transcriber import WhisperTranscriber, parallel_workers

Failure = tuple[Path, str]
# Without a terminal (a log, CI), progress is printed as plain lines at these steps.
_LINE_STEP = 0.1


class _FileProgress(Protocol):
    def start(self, name: str) -> None: ...
    def update(self, fraction: float, message: str) -> None: ...
    def finish(self, ok: bool) -> None: ...


class _Bar:
    """A rich progress bar per file, and an overall one for several files."""

    def __init__(self, progress: Progress, total: int) -> None:
        self._p = progress
        self._overall = progress.add_task(f"{total} files", total=total, visible=total > 1)
        self._task = self._overall
        self._name = ""

    def start(self, name: str) -> None:
        self._name = name
        self._task = self._p.add_task(f"{name}: starting", total=1.0)

    def update(self, fraction: float, message: str) -> None:
        self._p.update(self._task, completed=fraction, description=f"{self._name}: {message}")

    def finish(self, ok: bool) -> None:
        if not ok:
            self._p.update(self._task, description=f"{self._name}: failed")
        self._p.advance(self._overall)


class _Lines:
    """Plain progress lines on stderr, for when it is not a terminal."""

    def __init__(self, total: int) -> None:
        self._total, self._done, self._name, self._next = total, 0, "", 0.0

    def start(self, name: str) -> None:
        self._name, self._next = name, 0.0

    def update(self, fraction: float, message: str) -> None:
        if fraction + 1e-9 >= self._next:
            print(f"{self._name}: {message} {fraction:.0%}", file=sys.stderr, flush=True)
            self._next = (int(fraction / _LINE_STEP) + 1) * _LINE_STEP

    def finish(self, ok: bool) -> None:
        self._done += 1
        if self._total > 1:
            print(f"{self._done}/{self._total} files done", file=sys.stderr, flush=True)


class _Quiet:
    def start(self, name: str) -> None: ...
    def update(self, fraction: float, message: str) -> None: ...
    def finish(self, ok: bool) -> None: ...


@contextmanager
def _progress(show: bool, total: int) -> Iterator[_FileProgress]:
    if not show:
        yield _Quiet()
        return
    console = Console(stderr=True)
    if not console.is_terminal:
        yield _Lines(total)
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console) as progress:
        yield _Bar(progress, total)


@dataclass
class ScoreRun:
    """What a run of `score_files` gave: reports, failures, and what an interruption left."""

    results: list[tuple[Path, Report]] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    not_scored: list[Path] = field(default_factory=list)
    """Files not finished when the run was interrupted (none when it ran to the end)."""
    busy: bool = False
    """A model call was still running when the run stopped (exit without waiting for it)."""


OnReport = Callable[[Path, Report], None]


def score_files(
    files: list[Path],
    question: Question,
    settings: Settings,
    *,
    show_progress: bool,
    cancel: threading.Event | None = None,
    on_report: OnReport | None = None,
) -> ScoreRun:
    """Score each file; a file that fails is reported and the others still run.

    The scoring runs on a thread of its own (voice_interview/interrupt.py): `on_report` is called
    on the calling thread with each report as it is finished, so whatever it writes is whole.
    Once `cancel` is set the run stops within a moment, and `ScoreRun.not_scored` lists the
    files it did not finish. A model that cannot be loaded fails every file the same way, so it
    stops the run at once.
    """
    cancel = cancel or threading.Event()
    transcriber = WhisperTranscriber(settings.model, workers=parallel_workers(settings.model))
    run = ScoreRun()
    finished: queue.Queue[tuple[Path, Report | None, str]] = queue.Queue()

    def take_finished() -> None:
        while not finished.empty():
            path, report, problem = finished.get_nowait()
            if report is None:
                run.failures.append((path, problem))
                continue
            run.results.append((path, report))
            if on_report is not None:
                on_report(path, report)

    with _progress(show_progress, len(files)) as progress:

        def work() -> None:
            for path in files:
                if cancel.is_set():
                    return
                progress.start(path.name)
                report, problem = _score_one(
                    path, question, settings, transcriber, progress, cancel
                )
                progress.finish(ok=report is not None)
                finished.put((path, report, problem))

        background = Background(work, "score")
        try:
            while not background.poll(cancel):
                take_finished()
        except Cancelled:
            run.busy = background.busy
        take_finished()
    done = {path for path, _ in run.results} | {path for path, _ in run.failures}
    run.not_scored = [path for path in files if path not in done]
    return run


def _score_one(
    path: Path,
    question: Question,
    settings: Settings,
    transcriber: WhisperTranscriber,
    progress: _FileProgress,
    cancel: threading.Event,
) -> tuple[Report | None, str]:
    """(the report, "") or (None, what went wrong with this file). Cancelled and a model that
    cannot be loaded end the whole run."""
    try:
        report = score_audio(
            path,
            question,
            settings=settings,
            transcriber=transcriber,
            progress=progress.update,
            cancel=cancel,
        )
    except (ModelError, Cancelled):
        raise
    except VoiceInterviewError as exc:
        return None, _without_path(str(exc), path)
    if report.transcript.no_speech:
        return None, "no speech detected: the recording is silent or too quiet"
    return report, ""


def _without_path(message: str, path: Path) -> str:
    # Errors from the audio layer start with the path; the caller prints it once itself.
    prefix = f"{path}: "
    return message[len(prefix) :] if message.startswith(prefix) else message
