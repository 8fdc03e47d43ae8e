"""Past attempts: re-open a report, mark two attempts to compare, see the score trend.

The store is read in a thread worker (a long history means many files), then shown in a table.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Footer, Static

from voice_interview.errors import VoiceInterviewError
from voice_interview.render.attempts import AttemptRow, attempt_rows, trend, trend_text
from voice_interview.render.common import VERDICT_LABELS, clock, number
from voice_interview.tui.screens.base import AppScreen, title_bar
from voice_interview.tui.screens.compare import CompareScreen
from voice_interview.tui.screens.dialogs import ConfirmScreen
from voice_interview.tui.widgets.trend_chart import TrendChart

MARK = "●"
COLUMNS = ("", "When", "Question", "Score", "Verdict", "Met", "Fillers/min", "WPM", "Length")
MARK_COLUMN = "mark"


class HistoryScreen(AppScreen):
    BINDINGS = [
        Binding("enter", "open", "Open report", show=False),
        Binding("space", "mark", "Mark"),
        Binding("c", "compare", "Compare marked"),
        Binding("d", "delete", "Delete"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.attempts: list[AttemptRow] = []
        self.marked: list[str] = []
        self._table: DataTable[str] = DataTable(id="history-table", cursor_type="row")
        self._trend = Static("Loading history…", id="history-trend")
        self._chart = TrendChart(id="trend-chart")

    def compose(self) -> ComposeResult:
        yield title_bar("History")
        yield self._table
        yield self._trend
        yield self._chart
        yield Footer()

    def on_mount(self) -> None:
        for i, label in enumerate(COLUMNS):
            if i == 0:
                self._table.add_column(label, key=MARK_COLUMN, width=1)
            else:
                self._table.add_column(label, key=label)
        self._table.focus()
        self._load()

    @work(thread=True, exit_on_error=False, group="history")
    def _load(self) -> None:
        try:
            parts = self.vi_app.parts
            attempts = attempt_rows(parts.history.list(), parts.bank.all())
        except (OSError, VoiceInterviewError) as exc:
            self.app.call_from_thread(self._trend.update, f"Could not read the history: {exc}")
            return
        self.app.call_from_thread(self._show, attempts)

    def _show(self, attempts: list[AttemptRow]) -> None:
        self.attempts = attempts
        self._table.clear()
        for a in attempts:
            self._table.add_row(
                MARK if a.id in self.marked else "",
                a.when,
                a.title,
                str(a.score),
                VERDICT_LABELS[a.verdict],
                f"{a.signals_met}/{a.signals_total}",
                number(a.fillers_per_min, 1),
                number(a.wpm),
                clock(a.duration_s) or "n/a",
                key=a.id,
            )
        if not attempts:
            self._trend.update("No attempts yet: pick a question (F2) and answer it.")
            self._chart.show([], [])
        else:
            self._show_trend(attempts[0])

    def _current(self) -> AttemptRow | None:
        if not self.attempts or self._table.row_count == 0:
            return None
        row = self._table.cursor_row
        key = self._table.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value
        return next((a for a in self.attempts if a.id == key), None)

    def _show_trend(self, attempt: AttemptRow) -> None:
        points = trend(self.attempts, attempt.question_id)
        self._trend.update(trend_text(points))
        self._chart.show(
            [p.created_at.astimezone().strftime("%m-%d") for p in points],
            [float(p.score) for p in points],
        )

    @on(DataTable.RowHighlighted, "#history-table")
    def _highlighted(self) -> None:
        current = self._current()
        if current is not None:
            self._show_trend(current)

    @on(DataTable.RowSelected, "#history-table")
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        current = self._current()
        if current is None:
            return
        try:
            stored = self.vi_app.parts.history.get(current.id)
            report = stored.report
        except (OSError, ValueError, VoiceInterviewError) as exc:
            self.notify(f"Could not open that attempt: {exc}", severity="error")
            return
        self.vi_app.open_report(report, audio_path=stored.audio_path)

    def action_mark(self) -> None:
        """Mark or unmark the current attempt; marking a third drops the oldest mark."""
        current = self._current()
        if current is None:
            return
        if current.id in self.marked:
            self.marked.remove(current.id)
        else:
            self.marked.append(current.id)
            if len(self.marked) > 2:
                dropped = self.marked.pop(0)
                self._table.update_cell(dropped, MARK_COLUMN, "")
        self._table.update_cell(current.id, MARK_COLUMN, MARK if current.id in self.marked else "")

    def action_compare(self) -> None:
        chosen = [a for a in self.attempts if a.id in self.marked]
        if len(chosen) != 2:
            self.notify("Mark two attempts with space, then press c.", severity="warning")
            return
        if chosen[0].question_id != chosen[1].question_id:
            self.notify("Compare two attempts at the same question.", severity="warning")
            return
        history = self.vi_app.parts.history
        try:
            reports = [history.get(a.id).report for a in chosen]
        except (OSError, ValueError, VoiceInterviewError) as exc:
            self.notify(f"Could not open the attempts: {exc}", severity="error")
            return
        self.app.push_screen(CompareScreen(chosen[0], chosen[1], reports[0], reports[1]))

    def action_delete(self) -> None:
        current = self._current()
        if current is None:
            return

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.vi_app.parts.history.delete(current.id)
            except (OSError, VoiceInterviewError) as exc:
                self.notify(f"Could not delete: {exc}", severity="error")
                return
            if current.id in self.marked:
                self.marked.remove(current.id)
            self._show([a for a in self.attempts if a.id != current.id])

        self.app.push_screen(
            ConfirmScreen(
                f"Delete the attempt at '{current.title}' from {current.when}, with its recording?"
            ),
            answer,
        )

    def action_back(self) -> None:
        self.dismiss()
