"""What each CLI command does; argument parsing stays in cli.py."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from voice_interview.errors import Cancelled, InputError, NoSpeechError, VoiceInterviewError
from voice_interview.models.question import Question
from voice_interview.models.report import Report
from voice_interview.output import check_out_dir, is_terminal, plain_columns, write_atomic
from voice_interview.settings import Settings, load_settings, questions_dir, settings_for_model

if TYPE_CHECKING:
    from voice_interview.history import HistoryStore
    from voice_interview.models.transcript import Transcript

DEFAULT_QUESTION = "star-story"
"""Scored against when no question is named: the generic STAR rubric."""
_EXT = {"text": "txt", "json": "json", "markdown": "md"}
# A recording longer than this gets a progress display even when it is the only file.
_LONG_AUDIO_S = 120.0


def _bank():  # type: ignore[no-untyped-def]
    from voice_interview.core.questions import load_bank

    return load_bank(questions_dir())


def need_terminal(instead: str) -> None:
    """Refuse to start the app without a terminal, saying what to run instead."""
    if not (is_terminal() and sys.stdin.isatty()):
        # Drawn into a pipe or a file, the app is a garble of escape codes, and it waits for
        # keys that cannot come: say so at once instead.
        raise InputError(
            "the practice app needs a terminal, and this one's input or output is a pipe or a "
            f"file: run it in a terminal ({instead})"
        )


def practice(question_id: str | None) -> int:
    need_terminal("to score a recording without the app, use 'voice-interview score FILE'")
    settings = load_settings()
    if question_id is not None:
        _bank().get(question_id)  # fail here, with suggestions, before the app starts
    from voice_interview.tui.app import run_app

    return run_app(settings, question_id=question_id)


def list_questions(*, as_json: bool) -> int:
    questions: list[Question] = _bank().all()
    if as_json:
        records = [
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
        print(json.dumps(records, indent=2))
        return 0
    header = ("id", "company", "competency", "target", "title")
    rows = [
        (
            q.id,
            q.company,
            q.competency,
            f"{q.target_min_s / 60:g}-{q.target_max_s / 60:g} min",
            q.title,
        )
        for q in questions
    ]
    if not is_terminal():
        # A pipe or a file: one question a line, ids whole, so `| grep offline` finds them.
        print(plain_columns(header, rows))
    else:
        from rich.table import Table

        table = Table(box=None, pad_edge=False)
        for col in header:
            # Ids are never folded (they are typed back); the title folds instead.
            table.add_column(col, no_wrap=col != "title", overflow="fold")
        for row in rows:
            table.add_row(*row)
        Console().print(table)
    Console(stderr=True).print(f"Add your own questions as TOML files in {questions_dir()}")
    return 0


def score(
    *,
    files: list[Path],
    text: Path | None,
    question_id: str | None,
    fmt: str,
    out: Path | None,
    model: str | None,
    keep: bool = False,
    transcript: Path | None = None,
) -> int:
    inputs = sum(x is not None for x in (text, transcript))
    if inputs == 0 and not files:
        raise InputError(
            "give one or more recordings to score, --text FILE for a typed answer, or "
            "--transcript FILE.json for a corrected transcript"
        )
    if inputs > 1 or (text is not None and files):
        raise InputError(
            "give either recordings or --text FILE, not both (--transcript FILE.json may take "
            "its recording)"
        )
    if transcript is not None:
        if len(files) > 1:
            raise InputError("--transcript scores one answer: give at most one recording with it")
        if keep:
            raise InputError(
                "--keep does not go with --transcript: correct a kept attempt with "
                "'voice-interview history --edit ID'"
            )
        return _score_transcript(transcript, files[0] if files else None, question_id, fmt, out)
    question = _bank().get(question_id or DEFAULT_QUESTION)
    if out is not None:
        check_out_dir(out)
    settings = settings_for_model(model)
    # Opened first, so that an unreadable history is reported before minutes of scoring.
    store = _history_store() if keep else None
    if text is not None:
        report = _score_text_file(text, question, settings)
        _emit([(text, report)], fmt, out, settings)
        return 0 if store is None else _keep(store, [(text, report)], settings, recordings=False)
    from voice_interview.interrupt import ctrl_c_cancels, exit_now
    from voice_interview.scoring_run import score_files

    kept = 0

    def finished(path: Path, report: Report) -> None:
        # Each report is written (and kept) as soon as it is done, so an interruption or a
        # later failure cannot cost it.
        nonlocal kept
        if out is not None:
            _emit([(path, report)], fmt, out, settings)
        if store is not None:
            kept |= _keep(store, [(path, report)], settings, recordings=True)

    with ctrl_c_cancels() as cancel:
        run = score_files(
            files,
            question,
            settings,
            show_progress=wants_progress(files),
            cancel=cancel,
            on_report=finished,
        )
        if out is None:
            _emit(run.results, fmt, out, settings)
        for path, message in run.failures:
            print(f"voice-interview: {path}: {message}", file=sys.stderr)
        if run.failures and len(files) > 1:
            failed = len(run.failures)
            print(f"voice-interview: {failed} of {len(files)} files failed", file=sys.stderr)
        if cancel.is_set():
            print(_interrupted_line(run.results, run.not_scored, out, store), file=sys.stderr)
    code = 130 if cancel.is_set() else 1 if run.failures or kept else 0
    if run.busy:
        exit_now(code)  # a model call still running cannot be cut short: do not wait for it
    return code


def _interrupted_line(
    results: list[tuple[Path, Report]],
    not_scored: list[Path],
    out: Path | None,
    store: HistoryStore | None,
) -> str:
    """What an interruption kept and what it did not, in one line."""
    if not results:
        return "voice-interview: interrupted: no report was finished, nothing was written"
    where = f"in {out}" if out is not None else "above"
    if store is not None:
        where += " and in the history"
    names = ", ".join(path.name for path, _ in results)
    left = ", ".join(path.name for path in not_scored)
    reports = "report" if len(results) == 1 else "reports"
    kept = f"kept the {len(results)} finished {reports} ({names}) {where}"
    return f"voice-interview: interrupted: {kept}" + (f"; not scored: {left}" if left else "")


def _score_transcript(
    path: Path, recording: Path | None, question_id: str | None, fmt: str, out: Path | None
) -> int:
    """Score a transcript JSON (a report, or what `transcribe --format json` wrote), its text
    laid over its timed words: the way to re-score a corrected transcript with its timings."""
    from voice_interview.corrections import (
        read_transcript_json,
        recording_source,
        score_corrected,
        source_of,
    )

    found = read_transcript_json(path)
    settings = load_settings()
    if recording is not None:
        source = recording_source(found.words, recording, settings)
    elif found.report is not None:
        source = source_of(found.report, settings)
    else:
        raise InputError(
            f"{path} is a transcript without its recording's length: give the recording too "
            f"('voice-interview score --transcript {path} ANSWER.wav')"
        )
    default = found.report.question_id if found.report is not None else DEFAULT_QUESTION
    question = _bank().get(question_id or default)
    if out is not None:
        check_out_dir(out)
    report = score_corrected(source, found.text, question, settings)
    _emit([(path, report)], fmt, out, settings)
    return 0


def _history_store() -> HistoryStore:
    from voice_interview.history import HistoryStore
    from voice_interview.settings import data_dir

    return HistoryStore(data_dir())


def _keep(
    store: HistoryStore,
    results: list[tuple[Path, Report]],
    settings: Settings,
    *,
    recordings: bool,
) -> int:
    """Save each scored answer as an attempt (with a copy of its recording); 1 if one failed.

    An attempt is dated when it was recorded, as the recording itself says (its creation-time
    tag), else when it is scored now: never by the file's modification time, which a copy or a
    download changes. An answer with too little speech is not kept (history.min_speech_s).
    """
    from voice_interview.history import too_little_speech

    failed = 0
    for path, report in results:
        short = too_little_speech(report, settings.history.min_speech_s)
        if short:
            print(f"voice-interview: {path}: not kept in the history: {short}", file=sys.stderr)
            failed = 1
            continue
        began = _recorded(path) if recordings else None
        try:
            attempt = store.add(
                report.question_id,
                began or datetime.now(UTC),
                report,
                path if recordings else None,
            )
        except OSError as exc:
            print(
                f"voice-interview: {path}: could not keep it in the history: {exc}", file=sys.stderr
            )
            failed = 1
            continue
        print(f"kept {path} as attempt {attempt.id} (voice-interview history)", file=sys.stderr)
    return failed


def _recorded(path: Path) -> datetime | None:
    """When the recording says it was made; None when it does not say (or says the future)."""
    from voice_interview.speech.recorded_at import recorded_at

    moment = recorded_at(path)
    return moment if moment is not None and moment <= datetime.now(UTC) else None


def wants_progress(files: list[Path]) -> bool:
    """Several files, or one long recording, get a progress display while they are scored."""
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


def _emit(
    results: list[tuple[Path, Report]], fmt: str, out: Path | None, settings: Settings
) -> None:
    from voice_interview.render.markdown import render_markdown
    from voice_interview.render.text import render_text, report_renderable

    pace = settings.scoring.pace
    if out is not None:
        for path, report in results:
            if fmt == "json":
                body = report.model_dump_json(indent=2) + "\n"
            elif fmt == "markdown":
                body = render_markdown(report, pace)
            else:
                body = render_text(report, pace_config=pace)
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
            print(render_markdown(report, pace))
        else:
            console.print(report_renderable(report, pace))


def transcribe(path: Path, *, fmt: str, model: str | None) -> int:
    from voice_interview.interrupt import Background, ctrl_c_cancels, exit_now
    from voice_interview.pipeline import transcribe_saved
    from voice_interview.render.subtitles import render_srt, render_vtt
    from voice_interview.speech.audio import load_audio

    settings = settings_for_model(model)
    with ctrl_c_cancels() as cancel:
        audio = load_audio(path)

        def work() -> Transcript:
            found = transcribe_saved(audio.samples, settings=settings, fillers=False, cancel=cancel)
            return found.transcript

        background = Background(work, "transcribe")
        try:
            transcript = background.wait(cancel)
        except Cancelled:
            print(
                "voice-interview: interrupted: nothing was transcribed (the transcript is "
                "printed when the whole recording is done)",
                file=sys.stderr,
            )
            if background.busy:
                exit_now(130)
            return 130
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
    original: bool = False,
    rescore: str | None = None,
    edit: str | None = None,
    model: str | None = None,
    rounds: bool = False,
) -> int:
    from voice_interview.round_history import is_round_key

    if rounds or (show and is_round_key(show)) or any(is_round_key(c) for c in compare or ()):
        if question_id or original or rescore or edit:
            raise InputError(
                "--question, --original, --rescore and --edit are for attempts: use them without "
                "--rounds or round ids"
            )
        from voice_interview import round_commands

        return round_commands.history(
            as_json=as_json, show=show, compare=list(compare) if compare else None
        )
    from voice_interview.history_command import HistoryArgs, run

    return run(
        HistoryArgs(
            as_json=as_json,
            question_id=question_id,
            compare=compare,
            show=show,
            original=original,
            rescore=rescore,
            edit=edit,
            model=model,
        )
    )


__all__ = ["VoiceInterviewError", "practice", "list_questions", "score", "transcribe", "history"]
