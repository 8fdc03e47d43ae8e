"""Score many recordings in one run: one model load, a progress bar, failures kept apart."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
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
from voice_interview.speech.transcriber import WhisperTranscriber

Failure = tuple[Path, str]


def score_files(
    files: list[Path], question: Question, settings: Settings, *, show_progress: bool
) -> tuple[list[tuple[Path, Report]], list[Failure]]:
    """Score each file; a file that fails is reported and the others still run.

    A model that cannot be loaded fails every file the same way, so it stops the run at once.
    """
    transcriber = WhisperTranscriber(settings.model)
    results: list[tuple[Path, Report]] = []
    failures: list[Failure] = []
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=not show_progress,
        transient=False,
    )
    with progress:
        overall = progress.add_task(f"{len(files)} files", total=len(files), visible=len(files) > 1)
        for path in files:
            task = progress.add_task(f"{path.name}: starting", total=1.0)

            def on_progress(
                fraction: float, message: str, task: TaskID = task, name: str = path.name
            ) -> None:
                progress.update(task, completed=fraction, description=f"{name}: {message}")

            try:
                report = score_audio(
                    path, question, settings=settings, transcriber=transcriber, progress=on_progress
                )
            except ModelError:
                raise
            except VoiceInterviewError as exc:
                failures.append((path, _without_path(str(exc), path)))
                progress.update(task, description=f"{path.name}: failed", visible=False)
            else:
                if report.transcript.no_speech:
                    failures.append(
                        (path, "no speech detected: the recording is silent or too quiet")
                    )
                else:
                    results.append((path, report))
            progress.advance(overall)
    return results, failures


def _without_path(message: str, path: Path) -> str:
    # Errors from the audio layer start with the path; the caller prints it once itself.
    prefix = f"{path}: "
    return message[len(prefix) :] if message.startswith(prefix) else message
