"""What `voice-interview history` does: list, show, compare, score again, correct a transcript.

Argument parsing stays in cli.py; the store is history.py; the renderers are in render/.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console

from voice_interview.errors import InputError, VoiceInterviewError
from voice_interview.history import (
    Attempt,
    HistoryError,
    HistoryStore,
    MissingAttempt,
    NotScored,
    Unscored,
    to_json,
)
from voice_interview.models.question import Question
from voice_interview.output import listing_console
from voice_interview.render.common import VERDICT_LABELS
from voice_interview.settings import (
    data_dir,
    load_settings,
    questions_dir,
    settings_for_model,
)

LIST_HINT = "list them with 'voice-interview history'"


@dataclass(frozen=True)
class HistoryArgs:
    as_json: bool = False
    question_id: str | None = None
    compare: Sequence[str] | None = None
    show: str | None = None
    original: bool = False
    rescore: str | None = None
    edit: str | None = None
    model: str | None = None


def run(args: HistoryArgs) -> int:
    _check_combination(args)
    store = HistoryStore(data_dir())
    try:
        if args.show:
            return _show(store, args.show, as_json=args.as_json, original=args.original)
        if args.compare:
            return _compare(store, args.compare)
        if args.rescore:
            return _rescore(store, args.rescore, args.model, as_json=args.as_json)
        if args.edit:
            return _edit(store, args.edit, args.model)
        return _list(store, args.question_id, as_json=args.as_json)
    except MissingAttempt as exc:
        raise HistoryError(f"{exc} ({LIST_HINT})") from None
    except NotScored as exc:
        raise HistoryError(
            f"{exc}: score it with 'voice-interview history --rescore {exc.attempt_id}'"
        ) from None


def _check_combination(args: HistoryArgs) -> None:
    actions = [
        name
        for name, value in (
            ("--show", args.show),
            ("--compare", args.compare),
            ("--rescore", args.rescore),
            ("--edit", args.edit),
        )
        if value
    ]
    if len(actions) > 1:
        raise InputError(f"use one of {', '.join(actions)} at a time")
    if args.compare and (args.as_json or args.question_id):
        raise InputError(
            "--compare shows two attempts side by side: use it without --json or --question"
        )
    if actions and args.question_id:
        raise InputError(f"{actions[0]} works on one attempt: use it without --question")
    if args.original and not args.show:
        raise InputError("--original goes with --show ID: the report as first scored")
    if args.model and not (args.rescore or args.edit):
        raise InputError("--model goes with --rescore ID (the model to transcribe it with)")
    if args.edit and args.as_json:
        raise InputError("--edit opens the transcript in your editor: use it without --json")


def _list(store: HistoryStore, question_id: str | None, *, as_json: bool) -> int:
    from voice_interview.render.attempts import all_rows
    from voice_interview.render.history_text import history_renderable

    attempts, waiting = store.list(question_id), store.unscored(question_id)
    if question_id is not None and not attempts and not waiting:
        _bank().get(question_id)  # an unknown id is an error, with the nearest ids suggested
    if as_json:
        print(to_json(attempts, waiting))
        return 0
    if not attempts and not waiting:
        which = f" at {question_id}" if question_id else ""
        print(
            f"No attempts{which} yet: run 'voice-interview' to practise, or keep a scored "
            "recording with 'voice-interview score FILE --keep'."
        )
        return 0
    listing_console().print(history_renderable(all_rows(attempts, waiting, _titles())))
    return 0


def _show(store: HistoryStore, attempt_id: str, *, as_json: bool, original: bool) -> int:
    from voice_interview.render.text import report_renderable

    attempt = store.get(attempt_id)
    report = attempt.report
    if original:
        first = store.original(attempt.id)
        if first is None:
            raise InputError(
                f"attempt {attempt.id} was never corrected: its report is the one first scored "
                f"('voice-interview history --show {attempt.id}')"
            )
        report = first
    if as_json:
        print(report.model_dump_json(indent=2))
    else:
        Console().print(report_renderable(report, load_settings().scoring.pace))
    return 0


def _compare(store: HistoryStore, ids: Sequence[str]) -> int:
    from voice_interview.render.attempts import attempt_rows
    from voice_interview.render.history_text import comparison_renderable

    first, second = (store.get(attempt_id) for attempt_id in ids)
    if first.id == second.id:
        raise InputError(f"give two different attempts to compare ({LIST_HINT})")
    rows = {r.id: r for r in attempt_rows([first, second], _titles())}
    renderable = comparison_renderable(
        rows[str(first.id)], rows[str(second.id)], first.report, second.report
    )
    listing_console().print(renderable)
    return 0


def _rescore(store: HistoryStore, attempt_id: str, model: str | None, *, as_json: bool) -> int:
    """Score a kept recording again (a not-scored attempt, or a scored one with a new model)."""
    from voice_interview.commands import wants_progress
    from voice_interview.render.text import report_renderable
    from voice_interview.scoring_run import score_files

    key, question_id, before = _rescore_target(store, attempt_id)
    audio = store.audio_of(key)
    if audio is None or not audio.is_file():
        raise InputError(
            f"attempt {key} has no recording to score again (a typed answer, or its file was "
            f"removed from {store.home})"
        )
    question = _bank().get(question_id)
    settings = settings_for_model(model)
    try:
        run = score_files([audio], question, settings, show_progress=wants_progress([audio]))
    except VoiceInterviewError as exc:  # the model: it fails every file the same way
        if before is None:
            store.set_error(key, str(exc))
        raise
    if run.failures:
        _path, message = run.failures[0]
        if before is None:
            store.set_error(key, message)
        raise InputError(f"attempt {key}: {message}")
    report = run.results[0][1]
    attempt = store.set_report(key, report)
    if as_json:
        print(attempt.report.model_dump_json(indent=2))
    else:
        Console().print(report_renderable(attempt.report, settings.scoring.pace))
    change = f"{before} → {attempt.score}" if before is not None else str(attempt.score)
    print(
        f"scored attempt {key} again: {change} ({VERDICT_LABELS[attempt.verdict]})",
        file=sys.stderr,
    )
    return 0


def _rescore_target(store: HistoryStore, attempt_id: str) -> tuple[int, str, int | None]:
    """(id, question id, score before or None when not scored); a corrected attempt is refused."""
    try:
        attempt = store.get(attempt_id)
    except NotScored:
        waiting: Unscored = store.get_unscored(attempt_id)
        return waiting.id, waiting.question_id, None
    if attempt.corrected:
        raise InputError(
            f"attempt {attempt.id} is scored from a transcript you corrected; scoring its "
            "recording again would drop that correction (delete the attempt in the app to start "
            "over, or correct it again with --edit)"
        )
    return attempt.id, attempt.question_id, attempt.score


def _edit(store: HistoryStore, attempt_id: str, model: str | None) -> int:
    """Open the attempt's transcript in $EDITOR; score the corrected words with its timings."""
    from voice_interview.corrections import score_corrected, source_of
    from voice_interview.editor import edit_text

    attempt = store.get(attempt_id)
    report = attempt.report
    corrected = edit_text(report.transcript.text, name=f"attempt-{attempt.id}-transcript")
    if corrected is None or corrected.split() == report.transcript.text.split():
        print(f"attempt {attempt.id}: the transcript is unchanged, nothing scored again")
        return 0
    settings = settings_for_model(model)
    question = _question_of(attempt)
    new = score_corrected(source_of(report, settings), corrected, question, settings)
    saved = store.correct(attempt.id, new)
    print(
        f"attempt {attempt.id} scored again from your corrected transcript: "
        f"{attempt.score} → {saved.score} ({VERDICT_LABELS[saved.verdict]}). The report as "
        f"first scored is kept: 'voice-interview history --show {attempt.id} --original'."
    )
    return 0


def _question_of(attempt: Attempt) -> Question:
    try:
        return _bank().get(attempt.question_id)
    except VoiceInterviewError:
        raise InputError(
            f"attempt {attempt.id} answers '{attempt.question_id}', which is not in the question "
            "bank any more: restore its question pack to score it again"
        ) from None


def _bank():  # type: ignore[no-untyped-def]
    from voice_interview.core.questions import load_bank

    return load_bank(questions_dir())


def _titles() -> list[Question]:
    """The bank's questions, for titles; a broken question pack must not hide the history."""
    try:
        return list(_bank().all())
    except VoiceInterviewError:
        return []
