"""The debrief for a terminal: what `voice-interview round` prints at the end of a round."""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from voice_interview.models.debrief import RoundDebrief, StoryDebrief
from voice_interview.render.common import VERDICT_LABELS, VERDICT_STYLES, clock, quote, span
from voice_interview.render.debrief_common import (
    EARNED_MARKS,
    EARNED_STYLES,
    headline,
    probe_result,
    story_line,
)


def debrief_renderable(debrief: RoundDebrief) -> RenderableType:
    head = Text.assemble(
        (VERDICT_LABELS[debrief.verdict], VERDICT_STYLES[debrief.verdict]),
        f"   score {debrief.score}/100\n",
        headline(debrief),
    )
    parts: list[RenderableType] = [Panel(head, title=debrief.round_title, expand=True)]
    if debrief.fix_first:
        fixes = Text()
        fixes.append("Fix first\n", style="bold")
        for i, fix in enumerate(debrief.fix_first, 1):
            fixes.append(f"{i}. {fix.label}: ", style="bold")
            fixes.append(f"{fix.advice}\n")
            fixes.append(f"   {fix.why}\n", style="dim")
        parts.append(fixes)
    parts.append(_phases(debrief))
    if debrief.dimensions:
        table = Table(title="Rubric", expand=True)
        table.add_column("Dimension", ratio=3)
        table.add_column("Points", justify="right", ratio=1)
        for d in debrief.dimensions:
            note = " (unprompted only)" if d.independent else ""
            table.add_row(d.title + note, f"{d.points:g} / {d.max_points:g}")
        parts.append(table)
    if debrief.checklist:
        parts.append(_checklist(debrief))
    parts += [_story(debrief, s) for s in debrief.stories]
    parts.append(_round_notes(debrief))
    return Group(*parts)


def _phases(debrief: RoundDebrief) -> Table:
    table = Table(title="Time per phase", expand=True)
    table.add_column("Phase", ratio=3)
    table.add_column("Planned", justify="right", ratio=1)
    table.add_column("Used", justify="right", ratio=1)
    for p in debrief.phases:
        over = p.used_s > p.planned_s
        used = Text(clock(p.used_s), style="red" if over else "")
        table.add_row(p.title, clock(p.planned_s), used)
    return table


def _checklist(debrief: RoundDebrief) -> Table:
    table = Table(title="Checklist", expand=True, show_header=False)
    table.add_column("", width=16)
    table.add_column("Item", ratio=4)
    table.add_column("Phase", ratio=1)
    for item in debrief.checklist:
        mark = Text(EARNED_MARKS[item.earned], style=EARNED_STYLES[item.earned])
        table.add_row(mark, item.label, item.phase)
    return table


def _story(debrief: RoundDebrief, story: StoryDebrief) -> RenderableType:
    verdict = VERDICT_LABELS[story.verdict] if story.answered else "not answered"
    title = Text(story_line(debrief, story) + "   ", style="bold")
    title.append(f"{story.score}/100 {verdict}", style=VERDICT_STYLES[story.verdict])
    table = Table(expand=True, show_lines=False, show_header=False)
    table.add_column("", width=16)
    table.add_column("Signal", ratio=2)
    table.add_column("Evidence and advice", ratio=4)
    for s in story.signals:
        cell = Text()
        answer = f"turn {s.evidence_turn + 1}" if s.evidence_turn is not None else "answer"
        for e in s.evidence[:2]:
            when = span(e.start, e.end)
            cell.append(quote(e.text, 120) + f" ({answer}" + (f" {when}" if when else "") + ")\n")
        if s.advice:
            cell.append("Advice: ", style="bold")
            cell.append(s.advice)
        mark = Text(EARNED_MARKS[s.earned], style=EARNED_STYLES[s.earned])
        table.add_row(mark, Text(f"{s.label}\n{s.strength:.0%}"), cell)
    body: list[RenderableType] = [title]
    if story.signals:
        body.append(table)
    for probe in story.probes:
        line = Text(f"  Probe (turn {probe.turn + 1}): ", style="bold")
        line.append(probe.text)
        line.append(f"\n    Why: {probe.why.explanation}", style="dim")
        line.append(f"\n    {probe_result(probe)}", style="dim")
        body.append(line)
    for flag in story.red_flags:
        where = span(flag.start, flag.end)
        body.append(Text(f"  Red flag: {quote(flag.text, 110)} {where}".rstrip(), style="red"))
    return Group(*body)


def _round_notes(debrief: RoundDebrief) -> RenderableType:
    out = Text()
    if debrief.coverage:
        out.append(f"{debrief.value_word} coverage\n", style="bold")
        for c in debrief.coverage:
            stories = ", ".join(str(i + 1) for i in c.stories)
            out.append(f"  {c.value}: story {stories}, best {VERDICT_LABELS[c.best].lower()}\n")
    if debrief.not_reached:
        out.append("Not reached: ", style="bold")
        out.append("; ".join(debrief.not_reached) + "\n")
    if debrief.consistency:
        out.append("Consistency\n", style="bold")
        for item in debrief.consistency:
            out.append(f"  {item.detail}\n")
    if debrief.self_check:
        out.append("Self-check\n", style="bold")
        for question in debrief.self_check:
            out.append(f"  - {question}\n")
    return out


def render_debrief_text(debrief: RoundDebrief, width: int = 100) -> str:
    """The debrief as plain text (no colour), for files written with --out."""
    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None, legacy_windows=False).print(
        debrief_renderable(debrief)
    )
    return buffer.getvalue()
