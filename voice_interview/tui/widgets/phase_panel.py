"""For phased interviews: the phase plan with boundaries and the current phase's checklist."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from voice_interview.models.question import Phase, Question
from voice_interview.tui.format import clock


def current_phase(phases: list[Phase], elapsed_s: float) -> Phase | None:
    """The phase whose window holds this moment; past the last boundary, the last phase."""
    if not phases:
        return None
    minute = elapsed_s / 60
    for phase in phases:
        if phase.start_min <= minute < phase.end_min:
            return phase
    return phases[-1] if minute >= phases[-1].end_min else phases[0]


def render_phases(question: Question, phase: Phase | None) -> Content:
    """The plan (one line a phase, the current one marked) and what to cover in it."""
    lines: list[Content] = []
    for p in question.phases:
        here = p is phase
        window = f"{clock(p.start_min * 60)}-{clock(p.end_min * 60)}"
        style = "bold $text-accent" if here else "$foreground-muted"
        lines.append(
            Content.assemble(("▶ " if here else "  ", style), (f"{window}  {p.title}", style))
        )
    if phase is not None:
        for turn in question.turns:
            if turn.phase == phase.id:
                lines.append(Content(""))
                lines.append(Content.assemble(("Interviewer: ", "bold"), turn.prompt))
        items = [s for s in question.signals if s.phase == phase.id]
        if items:
            lines.append(Content(""))
            lines.append(Content.assemble((f"Cover in '{phase.title}':", "bold")))
            lines.extend(Content(f"  ☐ {s.label}") for s in items)
    return Content("\n").join(lines)


class PhasePanel(Static):
    """Re-renders only when the phase changes, though the screen calls `show` ten times a second."""

    def __init__(self, question: Question, *, id: str | None = None) -> None:  # noqa: A002 - Textual\'s name
        super().__init__("", id=id)
        self.question = question
        self._phase_id: str | None = "\0"  # differs from every id, so the first show renders

    @property
    def phase_id(self) -> str | None:
        return self._phase_id

    @property
    def phase_title(self) -> str:
        phase = next((p for p in self.question.phases if p.id == self._phase_id), None)
        return phase.title if phase else ""

    def show(self, elapsed_s: float) -> bool:
        """Show the phase at this moment; True when it differs from the one shown before."""
        phase = current_phase(list(self.question.phases), elapsed_s)
        new_id = phase.id if phase else None
        if new_id == self._phase_id:
            return False
        first = self._phase_id == "\0"
        self._phase_id = new_id
        self.update(render_phases(self.question, phase))
        return not first
