"""The round's timeline: its phases as a bar, how far the clock has gone, and what is left.

A widget of its own so the screen can call `show` ten times a second; the bar redraws only when
the shown second changes.
"""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from voice_interview.models.round import Round, RoundPhase
from voice_interview.tui.format import clock


def phase_at(round_: Round, seconds: float) -> RoundPhase:
    """The phase whose window holds this moment (past the end: the last one)."""
    minute = seconds / 60
    for phase in round_.phases:
        if minute < phase.end_min:
            return phase
    return round_.phases[-1]


class RoundTimeline(Widget):
    """Two lines: where the round is, in words; then the phase plan with the clock's mark."""

    seconds: reactive[int] = reactive(0)

    def __init__(self, round_: Round, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.round = round_

    def show(self, seconds: float) -> None:
        self.seconds = int(seconds)

    def render(self) -> RenderResult:
        total = self.round.minutes * 60
        now = self.seconds
        phase = phase_at(self.round, now)
        left = phase.end_min * 60 - now
        over = now >= total
        head = Content.assemble(
            (f"{clock(now)} of {clock(total)}", "bold $error" if over else "bold"),
            "  ·  ",
            (phase.title, "bold $text-accent"),
            (f" ({clock(phase.start_min * 60)}-{clock(phase.end_min * 60)})", "$foreground-muted"),
            "  ·  ",
            (
                f"{clock(left)} left in this phase" if left > 0 else "this phase's time is up",
                "$foreground-muted" if left > 60 else "$text-warning",
            ),
        )
        width = max(10, self.size.width)
        parts: list[tuple[str, str]] = []
        for p in self.round.phases:
            cells = max(1, round(width * (p.end_min - p.start_min) * 60 / total))
            for i in range(cells):
                at = p.start_min * 60 + (i + 0.5) * (p.end_min - p.start_min) * 60 / cells
                colour = "$text-accent" if p is phase else "$foreground"
                parts.append(("━", colour) if at <= now else ("─", f"{colour} 40%"))
            parts.append(("│", "$foreground-muted"))
        bar = Content.assemble(*parts[:width])
        return Content("\n").join([head, bar])
