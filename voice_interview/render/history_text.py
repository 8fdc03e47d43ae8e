"""Past attempts in the terminal: what `voice-interview history` prints."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from voice_interview.models.report import Report, SignalResult
from voice_interview.render.attempts import AttemptRow, comparison_rows, progress_text, signal_pairs
from voice_interview.render.common import VERDICT_STYLES, clock, number


def history_renderable(rows: Sequence[AttemptRow]) -> RenderableType:
    """`rows` (newest first, as `attempt_rows` gives them) grouped by question, each group
    oldest first with its progress.

    The question answered most recently comes last, next to the prompt. One table per question
    keeps the listing narrow enough for an 80-column terminal and puts progress where it is read.
    """
    groups: dict[str, list[AttemptRow]] = {}  # first seen = answered most recently
    for a in rows:
        groups.setdefault(a.question_id, []).insert(0, a)
    parts: list[RenderableType] = []
    for attempts in reversed(groups.values()):
        parts.append(Text.assemble((attempts[0].question_id, "bold"), f"  {attempts[-1].title}"))
        table = Table(box=None, pad_edge=False, padding=(0, 2, 0, 0))
        for name in ("id", "when", "length", "score", "signals", "fillers/min", "wpm"):
            table.add_column(name, justify="left" if name == "when" else "right", no_wrap=True)
        for a in attempts:
            table.add_row(
                a.id,
                a.when,
                clock(a.duration_s) or "typed",
                Text(str(a.score), style=VERDICT_STYLES[a.verdict]),
                f"{a.signals_met}/{a.signals_total}",
                number(a.fillers_per_min, 1),
                number(a.wpm),
            )
        parts.append(Padding(table, (0, 0, 0, 2), expand=False))
        if len(attempts) > 1:
            parts.append(
                Text(f"  {len(attempts)} attempts: {progress_text(attempts)}", style="dim")
            )
        parts.append(Text(""))
    return Group(*parts[:-1])


def comparison_renderable(
    first: AttemptRow, second: AttemptRow, first_report: Report, second_report: Report
) -> RenderableType:
    """Two attempts side by side, earlier on the left: the figures, then every signal."""
    (older, older_report), (newer, newer_report) = sorted(
        [(first, first_report), (second, second_report)], key=lambda p: p[0].created_at
    )
    figures = Table(title=f"Attempt {older.id} against attempt {newer.id}", pad_edge=False)
    for name in ("", "Earlier", "Later", "Change"):
        figures.add_column(name)
    for row in comparison_rows(older, newer):
        figures.add_row(*row)
    signals = Table(pad_edge=False)
    for name in ("Signal", "Earlier", "Later"):
        signals.add_column(name)
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
