"""Two attempts at one question side by side: the figures, then every signal in each.

The attempt recorded earlier is on the left, whichever order they were marked in, and each
column is titled with its attempt's id (its date is the first row). Cells are rich Text, which
the table measures, so each column is as wide as its longest value; the signal's label takes
the room that is left and is the only thing cut.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer

from voice_interview.models.report import Report, SignalResult
from voice_interview.render.attempts import (
    AttemptRow,
    comparison_header,
    comparison_rows,
    in_order,
    signal_pairs,
)
from voice_interview.tui.screens.base import AppScreen, title_bar

_CELL = len("✗ missing 100%")
"""The widest signal cell."""
_CHROME = 2 + 2 + 2  # the screen's margins, a scrollbar, and the label's padding


def signal_cell(signal: SignalResult | None) -> Text:
    if signal is None:
        return Text("-")
    if signal.met:
        return Text.assemble(("✓ met", "green"), f" {signal.strength:.0%}")
    return Text.assemble(("✗ missing", "red"), f" {signal.strength:.0%}")


def signal_rows(older: Report, newer: Report) -> list[tuple[str, Text, Text]]:
    """(label, earlier, later) for every signal in either report, in the newer one's order."""
    return [
        (label, signal_cell(before), signal_cell(after))
        for label, before, after in signal_pairs(older, newer)
    ]


def label_width(screen_width: int) -> int:
    """Room for a signal's label beside the two attempts' cells."""
    return max(12, screen_width - _CHROME - 2 * (_CELL + 2))


class CompareScreen(AppScreen):
    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(
        self, first: AttemptRow, second: AttemptRow, first_report: Report, second_report: Report
    ) -> None:
        super().__init__()
        reports = {first.id: first_report, second.id: second_report}
        self.older, self.newer = in_order(first, second)
        self.older_report, self.newer_report = reports[self.older.id], reports[self.newer.id]
        self._signals: DataTable[str | Text] = DataTable(id="compare-signals", cursor_type="row")

    def compose(self) -> ComposeResult:
        yield title_bar(f"Compare · {self.newer.title}")
        header = comparison_header(self.older, self.newer)
        figures: DataTable[str] = DataTable(id="compare-table", cursor_type="none")
        figures.add_columns(*header)
        for row in comparison_rows(self.older, self.newer):
            figures.add_row(*row)
        yield figures
        yield self._signals
        yield Footer()

    def on_mount(self) -> None:
        self._fill_signals(self.app.size.width)

    def on_resize(self) -> None:
        self._fill_signals(self.app.size.width)

    def _fill_signals(self, width: int) -> None:
        room = label_width(width)
        table = self._signals
        table.clear(columns=True)
        _, older, newer, _ = comparison_header(self.older, self.newer)
        table.add_column("Signal", width=room)
        table.add_column(older, width=_CELL)
        table.add_column(newer, width=_CELL)
        for label, earlier, later in signal_rows(self.older_report, self.newer_report):
            shown = label if len(label) <= room else label[: room - 1] + "…"
            table.add_row(shown, earlier, later)

    def action_back(self) -> None:
        self.dismiss()
