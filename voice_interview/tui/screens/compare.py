"""Two attempts at one question side by side: the figures, then every signal in each."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Footer

from voice_interview.models.report import Report, SignalResult
from voice_interview.render.attempts import AttemptRow, comparison_rows, signal_pairs
from voice_interview.tui.screens.base import AppScreen, title_bar


def signal_cell(signal: SignalResult | None) -> Content:
    if signal is None:
        return Content("-")
    if signal.met:
        return Content.assemble(("✓ met", "$text-success"), f" {signal.strength:.0%}")
    return Content.assemble(("✗ missing", "$text-error"), f" {signal.strength:.0%}")


def signal_rows(older: Report, newer: Report) -> list[tuple[str, Content, Content]]:
    """(label, earlier, later) for every signal in either report, in the newer one's order."""
    return [
        (label, signal_cell(before), signal_cell(after))
        for label, before, after in signal_pairs(older, newer)
    ]


class CompareScreen(AppScreen):
    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(
        self, first: AttemptRow, second: AttemptRow, first_report: Report, second_report: Report
    ) -> None:
        super().__init__()
        # Older on the left, newer on the right, whichever order they were marked in.
        pairs = sorted(
            [(first, first_report), (second, second_report)], key=lambda p: p[0].created_at
        )
        (self.older, self.older_report), (self.newer, self.newer_report) = pairs

    def compose(self) -> ComposeResult:
        yield title_bar(f"Compare · {self.newer.title}")
        figures: DataTable[str] = DataTable(id="compare-table", cursor_type="none")
        figures.add_columns("", "Earlier", "Later", "Change")
        for row in comparison_rows(self.older, self.newer):
            figures.add_row(*row)
        yield figures
        signals: DataTable[str | Content] = DataTable(id="compare-signals", cursor_type="row")
        signals.add_columns("Signal", "Earlier", "Later")
        for label, earlier, later in signal_rows(self.older_report, self.newer_report):
            signals.add_row(label, earlier, later)
        yield signals
        yield Footer()

    def action_back(self) -> None:
        self.dismiss()
