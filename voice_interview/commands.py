"""What each CLI command does; argument parsing stays in cli.py."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from voice_interview.errors import InputError, NoSpeechError, VoiceInterviewError
from voice_interview.models.question import Question
from voice_interview.models.report import Report
from voice_interview.output import check_out_dir, write_atomic
from voice_interview.settings import Settings, load_settings, questions_dir

if TYPE_CHECKING:
    from voice_interview.history import HistoryStore

_EXT = {"text": "txt", "json": "json", "markdown": "md"}
# A recording longer than this gets a progress display even when it is the only file.
_LONG_AUDIO_S = 120.0


def _bank():  # type: ignore[no-untyped-def]
    from voice_interview.core.questions import load_bank

    return load_bank(questions_dir())


def _settings(model: str | None) -> Settings:
    settings = load_settings()
    if model:
        settings = settings.model_copy(
            update={"model": settings.model.model_copy(update={"name": model})}
        )
    return settings


def practice(question_id: str | None) -> int:
    settings = load_settings()
    if question_id is not None:
        _bank().get(question_id)  # fail here, with suggestions, before the app starts
    from voice_interview.tui.app import run_app

    return run_app(settings, question_id=question_id)


def list_questions(*, as_json: bool) -> int:
    questions: list[Question] = _bank().all()
    if as_json:
        rows = [
            {
                "id": q.id,
                "title": q.title,
                "company": q.company,
                "role": q.role,
                "competency": q.competency,
                "kind": q.kind,
                "target_min_s": q.target_min_s,
                "target_max_s": q.target_max_s,
                "prompt": q.prompt,
            }
            for q in questions
        ]
        print(json.dumps(rows, indent=2))
        return 0
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for col in ("id", "company", "competency", "target", "title"):
        table.add_column(col, overflow="fold")
    for q in questions:
        target = f"{q.target_min_s / 60:g}-{q.target_max_s / 60:g} min"
        table.add_row(q.id, q.company, q.competency, target, q.title)
    Console().print(table)
    Console(stderr=True).print(f"Add your own questions as TOML files in {questions_dir()}")
    return 0


def score(
    *,
    files: list[Path],
    text: Path | None,
    question_id: str,
    fmt: str,
    out: Path | None,
    model: str | None,
    keep: bool = False,
) -> int:
    if text is None and not files:
        raise InputError("give one or more recordings to score, or --text FILE for a transcript")
    if text is not None and files:
        raise InputError("give either recordings or --text FILE, not both")
    question = _bank().get(question_id)
    if out is not None:
        check_out_dir(out)
    settings = _settings(model)
    # Opened first, so that an unreadable history is reported before minutes of scoring.
    store = _history_store() if keep else None
    if text is not None:
        report = _score_text_file(text, question, settings)
        _emit([(text, report)], fmt, out)
        return 0 if store is None else _keep(store, [(text, report)], recordings=False)
    from voice_interview.scoring_run import score_files

    results, failures = score_files(files, question, settings, show_progress=_wants_bar(files))
    _emit(results, fmt, out)
    kept = 0 if store is None else _keep(store, results, recordings=True)
    for path, message in failures:
        print(f"voice-interview: {path}: {message}", file=sys.stderr)
    if failures and len(files) > 1:
        print(f"voice-interview: {len(failures)} of {len(files)} files failed", file=sys.stderr)
    return 1 if failures or kept else 0


def _history_store() -> HistoryStore:
    from voice_interview.history import HistoryStore
    from voice_interview.settings import data_dir

    return HistoryStore(data_dir())


def _keep(store: HistoryStore, results: list[tuple[Path, Report]], *, recordings: bool) -> int:
    """Save each scored answer as an attempt (with a copy of its recording); 1 if one failed.

    The attempt is dated when the recording began, as far as the file tells: its last change
    minus its length, so that answers recorded elsewhere and scored later sort as they were given.
    """
    failed = 0
    for path, report in results:
        duration = report.audio.duration_s if report.audio is not None else 0.0
        began = datetime.fromtimestamp(path.stat().st_mtime, UTC) - timedelta(seconds=duration)
        try:
            attempt = store.add(report.question_id, began, report, path if recordings else None)
        except OSError as exc:
            print(
                f"voice-interview: {path}: could not keep it in the history: {exc}", file=sys.stderr
            )
            failed = 1
            continue
        print(f"kept {path} as attempt {attempt.id} (voice-interview history)", file=sys.stderr)
    return failed


def _wants_bar(files: list[Path]) -> bool:
    if len(files) > 1:
        return True
    from voice_interview.speech.audio import probe_seconds

    seconds = probe_seconds(files[0]) if files[0].is_file() else None
    return seconds is not None and seconds > _LONG_AUDIO_S


def _score_text_file(path: Path, question: Question, settings: Settings) -> Report:
    from voice_interview.pipeline import score_text

    if not path.is_file():
        raise InputError(f"{path}: file not found (check the path)")
    try:
        content = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(
            f"{path}: not a UTF-8 text file; save the transcript as plain text"
        ) from None
    if not content.strip():
        raise InputError(f"{path}: the transcript is empty")
    return score_text(content, question, settings=settings, source=str(path))


def _emit(results: list[tuple[Path, Report]], fmt: str, out: Path | None) -> None:
    from voice_interview.render.markdown import render_markdown
    from voice_interview.render.text import render_text, report_renderable

    if out is not None:
        for path, report in results:
            body = {
                "json": lambda r: r.model_dump_json(indent=2) + "\n",
                "markdown": render_markdown,
                "text": render_text,
            }[fmt](report)
            target = out / f"{path.stem}.{_EXT[fmt]}"
            write_atomic(target, body)
            print(f"wrote {target}")
        return
    if fmt == "json":
        reports = [json.loads(r.model_dump_json()) for _, r in results]
        if len(results) == 1:
            print(json.dumps(reports[0], indent=2))
        elif results:
            print(json.dumps(reports, indent=2))
        return
    console = Console()
    for _path, report in results:
        if fmt == "markdown":
            print(render_markdown(report))
        else:
            console.print(report_renderable(report))


def transcribe(path: Path, *, fmt: str, model: str | None) -> int:
    from voice_interview.pipeline import transcribe_saved
    from voice_interview.render.subtitles import render_srt, render_vtt
    from voice_interview.speech.audio import load_audio

    settings = _settings(model)
    audio = load_audio(path)
    transcript = transcribe_saved(audio.samples, settings=settings, fillers=False).transcript
    if not transcript.words:
        raise NoSpeechError(f"{path}: no speech detected (check the recording's volume)")
    if fmt == "json":
        print(transcript.model_dump_json(indent=2))
    elif fmt == "srt":
        print(render_srt(transcript.words))
    elif fmt == "vtt":
        print(render_vtt(transcript.words))
    else:
        print(transcript.text)
    return 0


def history(
    *,
    as_json: bool,
    question_id: str | None = None,
    compare: Sequence[str] | None = None,
    show: str | None = None,
    rounds: bool = False,
) -> int:
    from voice_interview.round_history import is_round_key

    if rounds or (show and is_round_key(show)) or any(is_round_key(c) for c in compare or ()):
        if question_id:
            raise InputError("--question lists attempts: use it without --rounds or round ids")
        from voice_interview import round_commands

        return round_commands.history(
            as_json=as_json, show=show, compare=list(compare) if compare else None
        )
    from voice_interview.history import to_json
    from voice_interview.render.attempts import attempt_rows
    from voice_interview.render.history_text import comparison_renderable, history_renderable
    from voice_interview.render.text import report_renderable

    if compare and (as_json or question_id or show):
        raise InputError(
            "--compare shows two attempts side by side: use it without --json, --question or --show"
        )
    if show and question_id:
        raise InputError("--show prints one attempt's report: use it without --question")
    store = _history_store()
    if show:
        report = store.get(show).report
        if as_json:
            print(report.model_dump_json(indent=2))
        else:
            Console().print(report_renderable(report))
        return 0
    if compare:
        first, second = (store.get(attempt_id) for attempt_id in compare)
        if first.id == second.id:
            raise InputError("give two different attempts to compare (ids from 'history')")
        rows = {r.id: r for r in attempt_rows([first, second], _titles())}
        renderable = comparison_renderable(
            rows[str(first.id)], rows[str(second.id)], first.report, second.report
        )
        Console().print(renderable)
        return 0
    attempts = store.list(question_id)
    if question_id is not None and not attempts:
        _bank().get(question_id)  # an unknown id is an error, with the nearest ids suggested
    if as_json:
        print(to_json(attempts))
        return 0
    if not attempts:
        which = f" at {question_id}" if question_id else ""
        print(
            f"No attempts{which} yet: run 'voice-interview' to practise, or keep a scored "
            "recording with 'voice-interview score FILE --keep'."
        )
        return 0
    Console().print(history_renderable(attempt_rows(attempts, _titles())))
    return 0


def _titles() -> list[Question]:
    """The bank's questions, for titles; a broken question pack must not hide the history."""
    try:
        return list(_bank().all())
    except VoiceInterviewError:
        return []


__all__ = ["VoiceInterviewError", "practice", "list_questions", "score", "transcribe", "history"]
