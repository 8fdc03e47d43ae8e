"""The round screen's side panels: the plan of main questions, and the live checklist.

Both are Static widgets updated by the screen with plain data; they never reach into the round.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.content import Content
from textual.widgets import Static

from voice_interview.models.round import Round
from voice_interview.models.round_state import RoundState

CHECKLIST_MARKS = {"covered": ("✓", "$text-success"), "live": ("✓", "$text-warning")}


def plan_lines(round_: Round, state: RoundState) -> Content:
    """Each main question: done, current (with its probes so far), skipped or still to come."""
    asked = {t.main for t in state.asked}
    answered = {state.asked[a.turn].main for a in state.answers if not a.skipped}
    current = state.pending.main if state.pending is not None else None
    lines: list[Content] = [Content.assemble(("Plan", "bold"))]
    for main in state.plan:
        probes = sum(1 for t in state.asked if t.kind == "probe" and t.main == main.index)
        if main.index == current:
            mark, style = "▶", "bold $text-accent"
        elif main.index in answered:
            mark, style = "✓", "$text-success"
        elif main.index in asked or (current is not None and main.index < current):
            mark, style = "–", "$foreground-muted"
        else:
            mark, style = "·", "$foreground-muted"
        limit = round_.limits.per_story if main.probe else 0
        extra = f"  probes {probes}/{limit}" if main.index in asked and limit else ""
        lines.append(
            Content.assemble((f"{mark} {main.title}", style), (extra, "$foreground-muted"))
        )
    return Content("\n").join(lines)


def checklist_lines(
    phases: Sequence[tuple[str, str]],
    items: Iterable[tuple[str, str, str]],
    covered: set[str],
    live: set[str],
    current_phase: str | None,
) -> Content:
    """The checklist by phase: phases (id, title), items (id, label, phase id); an item is ticked
    once the round has covered it, and ticked in another colour while the answer being given
    covers it."""
    items = list(items)
    lines: list[Content] = [Content.assemble(("Checklist", "bold"))]
    for phase_id, title in phases:
        style = "bold $text-accent" if phase_id == current_phase else "bold $foreground-muted"
        lines.append(Content.assemble((title, style)))
        for item_id, label, phase in items:
            if phase != phase_id:
                continue
            if item_id in covered:
                mark, colour = CHECKLIST_MARKS["covered"]
            elif item_id in live:
                mark, colour = CHECKLIST_MARKS["live"]
            else:
                mark, colour = "☐", "$foreground-muted"
            lines.append(Content.assemble((f" {mark} ", colour), label))
    return Content("\n").join(lines)


class PlanPanel(Static):
    pass


class ChecklistPanel(Static):
    pass
