"""The terminal report: what a person reads after `voice-interview score`."""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from voice_interview.core.pacing import (
    ARTICULATION_LABEL,
    ARTICULATION_MEANING,
    OVERALL_LABEL,
    OVERALL_MEANING,
    PACE_LABEL,
    PACE_MEANING,
    PACE_UNIT,
    band_words,
)
from voice_interview.models.config import PaceConfig
from voice_interview.models.report import Report, SignalResult
from voice_interview.render.common import (
    VERDICT_LABELS,
    VERDICT_STYLES,
    clock,
    flag_groups,
    flag_line,
    misheard_text,
    number,
    quote,
    span,
    target_text,
    verdict_lines,
)

_BAND_STYLE = {"good": "green", "watch": "yellow", "flag": "red"}


def report_renderable(report: Report, pace_config: PaceConfig | None = None) -> RenderableType:
    """The whole report; `pace_config` gives the pace bands' ranges (the defaults if None)."""
    r = report.rubric
    head = Text.assemble(
        (VERDICT_LABELS[r.verdict], VERDICT_STYLES[r.verdict]),
        f"   score {r.score}/100",
    )
    for line in verdict_lines(report):
        head.append(f"\n{line}")
    if report.timing is not None or r.length is not None:  # typed: its estimated speaking time
        head.append("\nLength: ", style="bold")
        head.append(target_text(report))
    if r.red_flags:
        head.append("\nRed flags", style="bold red")
        for flag, count in flag_groups(r.red_flags):
            head.append(f"\n  {flag_line(flag, count)}")
    for note in report.notes:
        head.append(f"\n{note}", style="italic")
    title = report.question_title or report.question_id
    parts: list[RenderableType] = [
        Panel(head, title=title, subtitle=report.source, expand=True),
        _scorecard(report.rubric.signals),
        _delivery(report, pace_config or PaceConfig()),
    ]
    transcript = report.transcript.text or "(no speech)"
    parts.append(Panel(Text(transcript), title="Transcript", expand=True))
    return Group(*parts)


def _scorecard(signals: list[SignalResult]) -> Table:
    table = Table(title="Scorecard", expand=True, show_lines=True)
    table.add_column("", width=2)
    table.add_column("Signal", ratio=2)
    table.add_column("Evidence and advice", ratio=5)
    for s in signals:
        cell = Text()
        if s.detail:
            cell.append(s.detail + "\n", style="dim")
        for e in s.evidence[:3]:
            when = span(e.start, e.end)
            cell.append(f"{quote(e.text, 140)}" + (f" at {when}" if when else "") + "\n")
        if s.maybe_misheard:
            cell.append(misheard_text(s.maybe_misheard) + "\n", style="yellow")
        if s.advice:
            cell.append("Advice: ", style="bold")
            cell.append(s.advice)
        name = Text(s.label)
        name.append(f"\n{s.strength:.0%}" + (f" · {s.phase}" if s.phase else ""), style="dim")
        mark = Text("✓", style="green") if s.met else Text("✗", style="red")
        table.add_row(mark, name, cell)
    return table


def _delivery(report: Report, pace_config: PaceConfig) -> Table:
    d = report.delivery
    table = Table(title="Delivery", expand=True, show_header=False)
    table.add_column("What", style="bold", ratio=1)
    table.add_column("Figures", ratio=4)
    table.add_row("Words", str(d.word_count))
    if d.wpm is not None:  # a typed answer has no pace: nothing to show, not "n/a"
        table.add_row(PACE_LABEL, _pace(report, pace_config))
    f = d.fillers
    rate = f", {f.per_minute:.1f}/min" if f.per_minute is not None else ""
    fill = Text(f"{f.count} fillers{rate}, {f.per_100_words:.1f}/100 words")
    if f.band:
        fill.append(f" ({f.band})", style=_BAND_STYLE[f.band])
    fill.append(f"\n{f.filled_pause_count} filled pauses, {f.discourse_count} discourse fillers")
    if f.by_word:
        fill.append("\n" + ", ".join(f"{w} ×{n}" for w, n in f.by_word.items()))
    if f.items:
        shown = ", ".join(f"{i.text} {clock(i.start)}".strip() for i in f.items[:12])
        fill.append(f"\n{shown}" + (" …" if len(f.items) > 12 else ""), style="dim")
    if report.audio is not None:
        fill.append(f"\nDetector: {f.detector}" + (" (a lower bound)" if f.lower_bound else ""))
    table.add_row("Fillers", fill)
    if d.pauses is not None:
        p = d.pauses
        pauses = Text(
            f"{p.count} pauses of {p.min_pause_s:g} s or more; {p.long_count} long, "
            f"{p.mid_sentence_long_count} mid-sentence"
        )
        for item in p.items[:10]:
            where = "mid-sentence" if item.mid_sentence else "between sentences"
            pauses.append(f"\n{clock(item.start)} {item.duration_s:.1f} s {where}", style="dim")
        table.add_row("Pauses", pauses)
    if report.timing and report.timing.time_to_first_word_s is not None:
        table.add_row("First word", f"after {report.timing.time_to_first_word_s:.1f} s")
    table.add_row(
        "Hedges",
        f"{d.hedges.count} ({d.hedges.per_100_words:.1f}/100 words); "
        f"repeated words {d.repeated_words.count}",
    )
    return table


def _pace(report: Report, config: PaceConfig) -> Text:
    """The pace, named and banded as everywhere, then the two other rates, each labelled."""
    d = report.delivery
    pace = Text(f"{number(d.wpm)} {PACE_UNIT} {PACE_MEANING}")
    if d.pace_band:
        pace.append(f": {band_words(d.wpm, d.pace_band, config)}", style=_BAND_STYLE[d.pace_band])
    pace.append(
        f"\n{ARTICULATION_LABEL} {number(d.articulation_wpm)} ({ARTICULATION_MEANING}); "
        f"{OVERALL_LABEL.lower()} {number(d.wpm_overall)} ({OVERALL_MEANING})",
        style="dim",
    )
    if d.pace is not None:
        for st in d.pace.stretches:
            pace.append(f"\n{st.kind} {span(st.start, st.end)} at {st.mean_wpm:.0f} {PACE_UNIT}")
    return pace


def render_text(report: Report, width: int = 100, pace_config: PaceConfig | None = None) -> str:
    """The report as plain text (no colour), for files written with --out."""
    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None, legacy_windows=False).print(
        report_renderable(report, pace_config)
    )
    return buffer.getvalue()
