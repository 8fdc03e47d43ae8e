"""What the `rounds` and `round` commands do; argument parsing stays in cli.py."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from voice_interview.errors import InputError, VoiceInterviewError
from voice_interview.output import listing_console, write_atomic
from voice_interview.settings import (
    data_dir,
    load_settings,
    questions_dir,
    rounds_dir,
    settings_for_model,
)

if TYPE_CHECKING:
    from voice_interview.core.rounds.engine import RoundEngine
    from voice_interview.core.rounds.loader import RoundBook
    from voice_interview.models.debrief import RoundDebrief
    from voice_interview.models.round_state import RoundState
    from voice_interview.render.round_history_text import RoundRow
    from voice_interview.round_history import KeptRound, RoundStore


def load_book() -> RoundBook:
    from voice_interview.core.questions import load_bank
    from voice_interview.core.rounds.loader import load_rounds

    return load_rounds(load_bank(questions_dir()), rounds_dir())


def engine_for(book: RoundBook, round_id: str) -> RoundEngine:
    from voice_interview.core.rounds.engine import RoundEngine

    return RoundEngine(book.get(round_id), book.questions, book.script)


def list_rounds(round_id: str | None, *, as_json: bool, seed: int | None = None) -> int:
    """Every round (or one round's plan)."""
    from voice_interview.core.rounds.plan import make_plan
    from voice_interview.render.round_text import plan_renderable, rounds_table

    book = load_book()
    if round_id is not None:
        round_ = book.get(round_id)
        plan = make_plan(round_, book.questions, seed)
        if as_json:
            body = {"round": round_.model_dump(mode="json"), "plan": [p.model_dump() for p in plan]}
            print(json.dumps(body, indent=2))
        else:
            Console().print(plan_renderable(round_, plan, book.questions))
        return 0
    if as_json:
        print(json.dumps([r.model_dump(mode="json") for r in book], indent=2))
        return 0
    listing_console().print(rounds_table(book.all()))
    Console(stderr=True).print(
        f"Run one with: voice-interview round ID --answers FILE ...  "
        f"Add your own rounds as TOML files in {rounds_dir()}"
    )
    return 0


def run_round(
    round_id: str,
    *,
    answers: list[Path],
    seed: int | None,
    fmt: str,
    out: Path | None,
    model: str | None,
    keep: bool = False,
) -> int:
    """Play a round on recorded answers, printing each turn as it is asked, then the debrief."""
    from voice_interview.core.rounds.debrief import build_debrief
    from voice_interview.render.round_text import answer_renderable, turn_renderable
    from voice_interview.round_run import check_answers, run_recorded

    book = load_book()
    engine = engine_for(book, round_id)
    if not answers:
        # No recordings: the round runs in the app, answered out loud.
        from voice_interview.commands import need_terminal
        from voice_interview.tui.app import run_app

        need_terminal(
            f"to play the round on recorded answers, use 'voice-interview round {round_id} "
            "--answers FILE...'"
        )
        return run_app(load_settings(), round_id=round_id)
    check_answers(answers)
    if out is not None:
        _check_out_file(out)
    settings = settings_for_model(model)
    # Opened first, so that an unreadable history is reported before minutes of scoring.
    store = _store() if keep else None
    # The conversation goes where it does not mix with a debrief meant for a program or a file.
    talk = Console(stderr=fmt != "text" or out is not None, highlight=False)
    result = run_recorded(
        engine,
        answers,
        settings,
        seed=seed,
        on_turn=lambda turn, _state: talk.print(turn_renderable(turn, engine.round)),
        on_answer=lambda _turn, path, report, problem: talk.print(
            answer_renderable(path, report, problem)
        ),
    )
    now = datetime.now(UTC)
    state = result.state
    kept = _keep(store, state, now) if store is not None else None
    if kept is not None:
        state = kept.state
    debrief = build_debrief(engine, state, settings.scoring.rubric, now)
    if store is not None and kept is not None:
        store.save(kept.id, state, debrief)
        print(f"kept the round as {kept.key} (voice-interview history --rounds)", file=sys.stderr)
    if result.state.ending == "ended_early":
        talk.print(
            f"\nThe answers ran out: the round ends early after {len(result.state.answers)} "
            "turns, scored as it stands."
        )
    else:
        talk.print(f"\nInterviewer: {result.state.closing}\n")
    _emit(debrief, fmt, out)
    for _path, problem in result.failures:
        print(f"voice-interview: {problem}", file=sys.stderr)
    if result.unused:
        names = " ".join(str(p) for p in result.unused)
        print(
            f"voice-interview: the round finished after {len(result.state.answers)} answers; "
            f"{len(result.unused)} not used: {names}",
            file=sys.stderr,
        )
    return 1 if result.failures or result.unused else 0


def _emit(debrief: RoundDebrief, fmt: str, out: Path | None) -> None:
    from voice_interview.render.debrief_markdown import render_debrief_markdown
    from voice_interview.render.debrief_text import debrief_renderable, render_debrief_text

    if fmt == "json":
        body = debrief.model_dump_json(indent=2) + "\n"
    elif fmt == "markdown":
        body = render_debrief_markdown(debrief)
    elif out is not None:
        body = render_debrief_text(debrief)
    else:
        Console().print(debrief_renderable(debrief))
        return
    if out is None:
        sys.stdout.write(body)
        return
    write_atomic(out, body)
    print(f"wrote {out}", file=sys.stderr)


def _store() -> RoundStore:
    from voice_interview.round_history import RoundStore

    return RoundStore(data_dir())


def _keep(store: RoundStore, state: RoundState, now: datetime) -> KeptRound:
    """The round in the history, with a copy of every recorded answer in its folder."""
    from datetime import timedelta

    from voice_interview.round_run import TEXT_SUFFIXES

    kept = store.open(state, now - timedelta(seconds=state.clock_s))
    answers = []
    for answer in state.answers:
        source = Path(answer.audio) if answer.audio else None
        name = None
        if source is not None and source.suffix.lower() not in TEXT_SUFFIXES:
            name = store.keep_recording(kept.id, answer.turn, source)
        answers.append(answer.model_copy(update={"audio": name}))
    state = state.model_copy(update={"answers": answers})
    store.save(kept.id, state)
    return store.get(kept.id)


def history(*, as_json: bool, show: str | None = None, compare: list[str] | None = None) -> int:
    """`history --rounds`, and --show / --compare with round ids (r3)."""
    from voice_interview.render.debrief_text import debrief_renderable
    from voice_interview.render.round_history_text import round_comparison, rounds_list

    store = _store()
    if show:
        debrief = _debrief_of(store.get(show))
        if as_json:
            print(debrief.model_dump_json(indent=2))
        else:
            Console().print(debrief_renderable(debrief))
        return 0
    if compare:
        first, second = (store.get(key) for key in compare)
        if first.id == second.id:
            raise InputError("give two different rounds to compare (ids from 'history --rounds')")
        Console().print(round_comparison(_row(first), _row(second)))
        return 0
    kept = store.list()
    if as_json:
        items = [
            {"id": k.key, "round_id": k.round_id, "started_at": k.started_at.isoformat(),
             "status": k.status, "folder": str(k.folder),
             "debrief": json.loads(_debrief_of(k).model_dump_json())}
            for k in kept
        ]  # fmt: skip
        print(json.dumps(items, indent=2, ensure_ascii=False))
        return 0
    if not kept:
        print(
            "No rounds yet: run one in the app, or keep one played on recordings with "
            "'voice-interview round ID --answers FILE... --keep'."
        )
        return 0
    Console().print(rounds_list([_row(k) for k in kept]))
    return 0


def _row(kept: KeptRound) -> RoundRow:
    from voice_interview.render.round_history_text import RoundRow

    started = kept.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
    return RoundRow(kept.key, kept.round_id, started, _debrief_of(kept))


def _debrief_of(kept: KeptRound) -> RoundDebrief:
    """The round's debrief: as it was kept, or, for a round left open, as it stands now."""
    if kept.debrief is not None:
        return kept.debrief
    from voice_interview.core.rounds.debrief import build_debrief

    try:
        engine = engine_for(load_book(), kept.round_id)
    except VoiceInterviewError as exc:
        raise InputError(
            f"round {kept.key} ({kept.round_id}) cannot be scored now: {exc}"
        ) from None
    rubric = load_settings().scoring.rubric
    return build_debrief(engine, kept.state, rubric, kept.started_at)


def _check_out_file(out: Path) -> None:
    """The debrief can be written to `out`, checked before minutes of transcription."""
    if out.is_dir():
        raise InputError(f"--out {out} is a folder; give the file to write the debrief to")
    folder = out.parent
    if not folder.is_dir():
        raise InputError(f"--out {out}: the folder {folder} does not exist; create it first")
    import os

    if not os.access(folder, os.W_OK):
        raise InputError(f"--out {out}: cannot write in {folder}; choose another place")
