"""Rounds in a terminal: the list of rounds, one round's plan, and the conversation as it goes."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from voice_interview.models.question import Question
from voice_interview.models.report import Report
from voice_interview.models.round import Round
from voice_interview.models.round_state import PlannedMain, Turn
from voice_interview.render.common import clock, quote

ANSWER_PREVIEW = 140
"""Characters of each answer's transcript shown as the round goes."""


def rounds_table(rounds: list[Round]) -> Table:
    table = Table(box=None, pad_edge=False)
    for column in ("id", "company", "minutes", "title"):
        table.add_column(column, overflow="fold", no_wrap=column == "id")
    for r in rounds:
        phases = " + ".join(f"{p.end_min - p.start_min:g}" for p in r.phases)
        minutes = f"{r.minutes:g}" + (f" ({phases})" if len(r.phases) > 1 else "")
        table.add_row(r.id, r.company, minutes, r.title)
    return table


def plan_renderable(
    round_: Round, plan: list[PlannedMain], questions: Mapping[str, Question]
) -> RenderableType:
    """One round: what it is, its phases and the main questions in order, with their slots."""
    head = Text(f"{round_.title}\n", style="bold")
    head.append(round_.description + "\n")
    limits = round_.limits
    cap = f", {limits.per_round} in the round" if limits.per_round is not None else ""
    head.append(f"Up to {limits.per_story} probes per main question{cap}.", style="dim")
    table = Table(expand=True)
    table.add_column("slot", width=11)
    table.add_column("phase", ratio=2)
    table.add_column("main question", ratio=4)
    table.add_column("question id", ratio=3, overflow="fold")
    for p in plan:
        slot = f"{clock(p.slot_start_s)}-{clock(p.slot_end_s)}"
        title = p.title + ("" if p.probe else " (no probes)")
        table.add_row(slot, round_.phase(p.phase).title, title, p.question_id)
    pools = [item for item in round_.main if item.pool]
    notes = Text()
    for item in pools:
        names = ", ".join(item.pool)
        notes.append(f"Stories drawn ({item.pick}) from: {names}. ", style="dim")
        notes.append("--seed N starts the draw at the N-th.\n", style="dim")
    return Group(head, table, notes)


def turn_renderable(turn: Turn, round_: Round) -> RenderableType:
    """What the interviewer says, with where it is in the round and, for a probe, why."""
    phase = round_.phase(turn.phase).title
    where = f"probe {turn.depth}" if turn.kind == "probe" else phase
    line = Text(f"\nInterviewer [{clock(turn.asked_s)} · {where}] ", style="bold cyan")
    line.append(turn.spoken)
    if turn.why is not None:
        line.append(f"\n  why: {turn.why.explanation}", style="dim")
    return line


def answer_renderable(path: Path, report: Report | None, problem: str | None) -> RenderableType:
    if report is None:
        return Text(f"  Answer {path.name}: not scored ({problem}); counted as skipped", "red")
    length = report.audio.duration_s if report.audio is not None else None
    line = Text(f"  Answer {path.name}", style="bold")
    line.append(f" ({clock(length)})" if length is not None else " (typed)")
    line.append(": " + quote(report.transcript.text or "(no speech)", ANSWER_PREVIEW))
    return line
