"""Kept rounds in a terminal: the list, and two rounds side by side."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from voice_interview.models.debrief import RoundDebrief
from voice_interview.render.common import VERDICT_LABELS, clock

STATUS = {"finished": "finished", "time_up": "time up", "ended_early": "ended early", None: "open"}


class RoundRow:
    """What the list shows of one kept round."""

    def __init__(self, key: str, round_id: str, started: str, debrief: RoundDebrief) -> None:
        self.key, self.round_id, self.started, self.debrief = key, round_id, started, debrief


def rounds_list(rows: Sequence[RoundRow]) -> RenderableType:
    table = Table(title="Rounds", expand=True)
    for column in ("id", "round", "started", "status", "score", "vote", "probes", "time"):
        table.add_column(column, overflow="fold")
    for row in rows:
        d = row.debrief
        probes = sum(1 for t in d.turns if t.kind == "probe")
        table.add_row(
            row.key,
            row.round_id,
            row.started,
            STATUS[d.ending],
            str(d.score),
            VERDICT_LABELS[d.verdict],
            str(probes),
            f"{clock(d.used_s)} / {clock(d.planned_s)}",
        )
    if not any(row.debrief.ending is None for row in rows):
        return table
    note = Text(
        "An open round was left by a quit or a crash: resume it in the app, or see it scored "
        "as it stands with --show.",
        style="dim",
    )
    return Group(table, note)


def round_comparison(a: RoundRow, b: RoundRow) -> RenderableType:
    """Two rounds side by side: the figures, each story's score, each dimension's points."""
    first, second = a.debrief, b.debrief
    table = Table(title=f"{a.key} against {b.key}", expand=True)
    table.add_column("", ratio=3)
    table.add_column(f"{a.key} · {a.started}", ratio=2)
    table.add_column(f"{b.key} · {b.started}", ratio=2)
    table.add_column("change", ratio=1, justify="right")
    table.add_row("Round", first.round_title, second.round_title, "")
    table.add_row("Score", str(first.score), str(second.score), f"{second.score - first.score:+d}")
    table.add_row("Vote", VERDICT_LABELS[first.verdict], VERDICT_LABELS[second.verdict], "")
    for label, earned in (
        ("Signals given unasked", "unprompted"),
        ("Signals given after a probe", "after_probe"),
        ("Signals missing", "missing"),
    ):
        x, y = _count(first, earned), _count(second, earned)
        table.add_row(label, str(x), str(y), f"{y - x:+d}")
    probes = [sum(1 for t in d.turns if t.kind == "probe") for d in (first, second)]
    table.add_row("Probes asked", str(probes[0]), str(probes[1]), f"{probes[1] - probes[0]:+d}")
    table.add_row("Time used", clock(first.used_s), clock(second.used_s), "")
    for d_a, d_b in zip(first.dimensions, second.dimensions, strict=False):
        if d_a.id == d_b.id:
            change = f"{d_b.points - d_a.points:+g}"
            table.add_row(d_a.title, f"{d_a.points:g}", f"{d_b.points:g}", change)
    for s_a, s_b in zip(first.stories, second.stories, strict=False):
        same = s_a.question_id == s_b.question_id
        name = s_a.title if same else f"{s_a.title} / {s_b.title}"
        change = f"{s_b.score - s_a.score:+d}" if same else ""
        table.add_row(name, str(s_a.score), str(s_b.score), change)
    parts: list[RenderableType] = [table]
    if first.round_id != second.round_id:
        parts.append(Text("These are different rounds: compare with care.", style="yellow"))
    fixes = Text()
    fixes.append("Fix first, then and now\n", style="bold")
    for row in (a, b):
        labels = "; ".join(f.label for f in row.debrief.fix_first) or "nothing"
        fixes.append(f"  {row.key}: {labels}\n")
    parts.append(fixes)
    return Group(*parts)


def _count(debrief: RoundDebrief, earned: str) -> int:
    return sum(1 for s in debrief.stories for x in s.signals if x.earned == earned)
