"""Past attempts in the terminal: what `voice-interview history` prints."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from voice_interview.models.report import Report, SignalResult
from voice_interview.render.attempts import (
    NOT_SCORED,
    AttemptRow,
    Row,
    UnscoredRow,
    comparison_header,
    comparison_rows,
    in_order,
    progress_text,
    scored,
    signal_pairs,
)
from voice_interview.render.common import VERDICT_STYLES, clock, number


def history_renderable(rows: Sequence[Row]) -> RenderableType:
    """`rows` (oldest first, as `all_rows` gives them) grouped by question, each group oldest
    first with its progress.

    The question answered most recently comes last, next to the prompt. One table per question
    keeps the listing narrow enough for an 80-column terminal and puts progress where it is read.
    """
    groups: dict[str, list[Row]] = {}
    for a in rows:
        groups.setdefault(a.question_id, []).append(a)
    parts: list[RenderableType] = []
    for attempts in sorted(groups.values(), key=lambda g: g[-1].order):
        parts.append(Text.assemble((attempts[0].question_id, "bold"), f"  {attempts[-1].title}"))
        table = Table(box=None, pad_edge=False, padding=(0, 2, 0, 0))
        for name in ("id", "recorded", "length", "score", "signals", "fillers/min", "pace"):
            table.add_column(name, justify="left" if name == "recorded" else "right", no_wrap=True)
        for a in attempts:
            table.add_row(*_cells(a))
        parts.append(Padding(table, (0, 0, 0, 2), expand=False))
        done = scored(attempts)
        if len(done) > 1:
            parts.append(Text(f"  {len(done)} attempts: {progress_text(done)}", style="dim"))
        for a in attempts:
            if isinstance(a, UnscoredRow):
                parts.append(
                    Text(
                        f"  attempt {a.id} is {NOT_SCORED} ({a.error}): score it with "
                        f"'voice-interview history --rescore {a.id}'",
                        style="yellow",
                    )
                )
        parts.append(Text(""))
    if any(isinstance(a, AttemptRow) and a.corrected for a in rows):
        parts.append(Text(CORRECTED_NOTE, style="dim"))
    else:
        parts.pop()
    return Group(*parts)


def _cells(a: Row) -> tuple[str | Text, ...]:
    if isinstance(a, UnscoredRow):
        return (
            a.id,
            a.when,
            clock(a.duration_s) or "",
            Text(NOT_SCORED, style="yellow"),
            "",
            "",
            "",
        )
    return (
        a.id + ("*" if a.corrected else ""),
        a.when,
        clock(a.duration_s) or "typed",
        Text(str(a.score), style=VERDICT_STYLES[a.verdict]),
        f"{a.signals_met}/{a.signals_total}",
        number(a.fillers_per_min, 1) if a.fillers_per_min is not None else "",
        number(a.wpm) if a.wpm is not None else "",
    )


CORRECTED_NOTE = "* scored from a transcript you corrected (--show ID --original: as first scored)"


def comparison_renderable(
    first: AttemptRow, second: AttemptRow, first_report: Report, second_report: Report
) -> RenderableType:
    """Two attempts side by side, the one recorded earlier on the left: the figures, then every
    signal."""
    reports = {first.id: first_report, second.id: second_report}
    older, newer = in_order(first, second)
    older_report, newer_report = reports[older.id], reports[newer.id]
    header = comparison_header(older, newer)
    figures = Table(pad_edge=False)
    for name in header:
        figures.add_column(name, no_wrap=True)
    for row in comparison_rows(older, newer):
        figures.add_row(*row)
    signals = Table(pad_edge=False)
    for name in ("Signal", *header[1:3]):
        signals.add_column(name, no_wrap=name != "Signal")
    for label, before, after in signal_pairs(older_report, newer_report):
        signals.add_row(label, _signal(before), _signal(after))
    parts: list[RenderableType] = []
    if older.question_id != newer.question_id:
        parts.append(
            Text(
                f"These attempts answer different questions ({older.question_id}, "
                f"{newer.question_id}): their signals are not the same list.",
                style="yellow",
            )
        )
    return Group(*parts, figures, signals)


def _signal(signal: SignalResult | None) -> Text:
    if signal is None:
        return Text("-")
    if signal.met:
        return Text.assemble(("✓ met", "green"), f" {signal.strength:.0%}")
    return Text.assemble(("✗ missing", "red"), f" {signal.strength:.0%}")
