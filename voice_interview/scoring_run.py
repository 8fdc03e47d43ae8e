"""Score many recordings in one run: one model load, a progress display, failures kept apart."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
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

from voice_interview.errors import ModelError, VoiceInterviewError
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


def score_files(
    files: list[Path], question: Question, settings: Settings, *, show_progress: bool
) -> tuple[list[tuple[Path, Report]], list[Failure]]:
    """Score each file; a file that fails is reported and the others still run.

    A model that cannot be loaded fails every file the same way, so it stops the run at once.
    """
    transcriber = WhisperTranscriber(settings.model, workers=parallel_workers(settings.model))
    results: list[tuple[Path, Report]] = []
    failures: list[Failure] = []
    with _progress(show_progress, len(files)) as progress:
        for path in files:
            progress.start(path.name)
            try:
                report = score_audio(
                    path,
                    question,
                    settings=settings,
                    transcriber=transcriber,
                    progress=progress.update,
                )
            except ModelError:
                raise
            except VoiceInterviewError as exc:
                failures.append((path, _without_path(str(exc), path)))
                progress.finish(ok=False)
                continue
            if report.transcript.no_speech:
                failures.append((path, "no speech detected: the recording is silent or too quiet"))
                progress.finish(ok=False)
            else:
                results.append((path, report))
                progress.finish(ok=True)
    return results, failures


def _without_path(message: str, path: Path) -> str:
    # Errors from the audio layer start with the path; the caller prints it once itself.
    prefix = f"{path}: "
    return message[len(prefix) :] if message.startswith(prefix) else message
