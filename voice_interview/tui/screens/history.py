"""Past attempts: re-open a report, mark two attempts to compare, see the score trend, score
again an attempt that was not scored.

The store is read in a thread worker (a long history means many files), then shown in a table,
oldest first as everywhere, with the cursor on the latest. The columns fit the terminal's width:
on a narrow one the labels shorten (the verdict joins the score as one word, headers abbreviate,
the question's title is cut) but no figure is ever cut.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Footer, Static

from voice_interview.core.pacing import PACE_LABEL
from voice_interview.errors import VoiceInterviewError
from voice_interview.render.attempts import (
    NOT_SCORED,
    AttemptRow,
    Row,
    UnscoredRow,
    all_rows,
    trend,
    trend_text,
)
from voice_interview.render.common import VERDICT_LABELS, clock, number
from voice_interview.tui.screens.base import AppScreen, title_bar
from voice_interview.tui.screens.compare import CompareScreen
from voice_interview.tui.screens.dialogs import ConfirmScreen
from voice_interview.tui.widgets.trend_chart import TrendChart

MARK = "●"
MARK_COLUMN = "mark"
VERDICT_SHORT = {"raises_the_bar": "Raises", "meets": "Meets", "below_the_bar": "Below"}
"""The verdicts in one word, beside the score, where the full labels do not fit."""
_CHROME = 2 + 2  # the table's border, and room for its vertical scrollbar
_PADDING = 2  # DataTable's cell padding, one each side
_MIN_TITLE = 20
"""Below this much room for the question's title, the narrow layout is used."""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int


# (key, label, width) of each column but the question's, in the wide and the narrow layout. The
# widths are those of the longest value each column can hold ("2025-03-14 09:30", "Raises the
# bar", "10/12", "12:05"...), so no figure is ever cut.
_WIDE = (
    (MARK_COLUMN, "", 1),
    ("recorded", "Recorded", 16),
    ("question", "Question", 0),
    ("score", "Score", 5),
    ("verdict", "Verdict", 14),
    ("met", "Met", 5),
    ("fillers", "Fillers/min", 11),
    ("pace", PACE_LABEL, 4),
    ("length", "Length", 6),
)
_NARROW = (
    (MARK_COLUMN, "", 1),
    ("recorded", "Recorded", 16),
    ("question", "Question", 0),
    ("score", "Score", 10),
    ("met", "Met", 5),
    ("fillers", "Fil/min", 7),
    ("pace", PACE_LABEL, 4),
    ("length", "Len", 5),
)


def history_columns(width: int) -> list[Column]:
    """The columns for a table `width` cells wide: the wide layout when the question's title
    has room, else the narrow one; the title takes what is left."""
    for layout in (_WIDE, _NARROW):
        fixed = sum(w for _, _, w in layout) + _PADDING * len(layout) + _CHROME
        room = width - fixed
        if room >= _MIN_TITLE or layout is _NARROW:
            return [Column(k, label, w or max(8, room)) for k, label, w in layout]
    raise AssertionError("unreachable")


def history_cells(row: Row, columns: list[Column], marked: bool) -> list[str | Text]:
    """The cells of one attempt for these columns."""
    keys = [c.key for c in columns]
    narrow = "verdict" not in keys
    title_width = next(c.width for c in columns if c.key == "question")
    if isinstance(row, UnscoredRow):
        values: dict[str, str | Text] = {
            "score": Text(NOT_SCORED, style="yellow") if narrow else "",
            "verdict": Text(NOT_SCORED.capitalize(), style="yellow"),
            "met": "",
            "fillers": "",
            "pace": "",
        }
    else:
        verdict = VERDICT_SHORT[row.verdict] if narrow else VERDICT_LABELS[row.verdict]
        values = {
            "score": f"{row.score} {verdict}" if narrow else str(row.score),
            "verdict": verdict,
            "met": f"{row.signals_met}/{row.signals_total}",
            "fillers": number(row.fillers_per_min, 1) if row.fillers_per_min is not None else "",
            "pace": number(row.wpm) if row.wpm is not None else "",
        }
    typed = isinstance(row, AttemptRow) and row.duration_s is None
    values |= {
        MARK_COLUMN: MARK if marked else "",
        "recorded": row.when,
        "question": _cut(row.title, title_width),
        "length": "typed" if typed else clock(row.duration_s),
    }
    return [values[k] for k in keys]


def _cut(label: str, width: int) -> str:
    return label if len(label) <= width else label[: max(0, width - 1)] + "…"


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
        self.attempts: list[Row] = []
        self.marked: list[str] = []
        self.columns: list[Column] = []
        self._table: DataTable[str | Text] = DataTable(id="history-table", cursor_type="row")
        self._trend = Static("Loading history…", id="history-trend")
        self._chart = TrendChart(id="trend-chart")

    def compose(self) -> ComposeResult:
        yield title_bar("History")
        yield self._table
        yield self._trend
        yield self._chart
        yield Footer()

    def on_mount(self) -> None:
        self._layout(self.app.size.width)
        self._table.focus()
        self._load()

    def on_screen_resume(self) -> None:
        self._load()  # an attempt may have been scored or corrected meanwhile

    def on_resize(self, event: events.Resize) -> None:
        if history_columns(event.size.width) != self.columns:
            self._layout(event.size.width)
            self._show(self.attempts)

    def _layout(self, width: int) -> None:
        self.columns = history_columns(width)
        self._table.clear(columns=True)
        for column in self.columns:
            self._table.add_column(column.label, key=column.key, width=column.width)

    @work(thread=True, exit_on_error=False, group="history", exclusive=True)
    def _load(self) -> None:
        try:
            history, bank = self.vi_app.services.history, self.vi_app.services.bank
            rows = all_rows(history.list(), history.unscored(), bank.all())
        except (OSError, VoiceInterviewError) as exc:
            self.app.call_from_thread(self._trend.update, f"Could not read the history: {exc}")
            return
        self.app.call_from_thread(self._show, rows)

    def _show(self, attempts: list[Row]) -> None:
        current = self._current()
        self.attempts = attempts
        self._table.clear()
        for a in attempts:
            cells = history_cells(a, self.columns, a.id in self.marked)
            self._table.add_row(*cells, key=a.id)
        if not attempts:
            self._trend.update("No attempts yet: pick a question (F2) and answer it.")
            self._chart.show([], [])
            return
        # Oldest first, as everywhere; the cursor starts on the latest attempt.
        ids = [a.id for a in attempts]
        row = ids.index(current.id) if current is not None and current.id in ids else len(ids) - 1
        self._table.move_cursor(row=row)
        self._show_trend(attempts[row])

    def _current(self) -> Row | None:
        if not self.attempts or self._table.row_count == 0:
            return None
        row = self._table.cursor_row
        key = self._table.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value
        return next((a for a in self.attempts if a.id == key), None)

    def _show_trend(self, attempt: Row) -> None:
        points = trend(self.attempts, attempt.question_id)
        text = trend_text(points) if points else ""
        if isinstance(attempt, UnscoredRow):
            text = (
                f"Attempt {attempt.id} was not scored ({attempt.error}): Enter scores it now."
                + (f"\n{text}" if text else "")
            )
        self._trend.update(text)
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
        if isinstance(current, UnscoredRow):
            self._offer_scoring(current)
            return
        try:
            stored = self.vi_app.services.history.get(current.id)
            report = stored.report
        except (OSError, ValueError, VoiceInterviewError) as exc:
            self.notify(f"Could not open that attempt: {exc}", severity="error")
            return
        self.vi_app.open_report(report, audio_path=stored.audio_path, attempt_id=stored.id)

    def _offer_scoring(self, row: UnscoredRow) -> None:
        app = self.vi_app
        try:
            waiting = app.services.history.get_unscored(row.id)
            question = app.services.bank.get(row.question_id)
        except (OSError, VoiceInterviewError) as exc:
            self.notify(f"Cannot score attempt {row.id}: {exc}", severity="error")
            return
        audio = waiting.audio_path
        if audio is None or not audio.exists():
            self.notify(f"Attempt {row.id} has no recording left to score.", severity="error")
            return

        def answer(yes: bool | None) -> None:
            if yes:
                app.score_recording(
                    audio, question, replace=False, started_at=row.created_at, attempt_id=waiting.id
                )

        self.app.push_screen(
            ConfirmScreen(
                f"Attempt {row.id} at '{row.title}' ({row.when}) was not scored: "
                f"{waiting.error}.\n\nScore it now, with the model in Settings?",
                yes="Score it",
                no="Not now",
            ),
            answer,
        )

    def action_mark(self) -> None:
        """Mark or unmark the current attempt; marking a third drops the oldest mark."""
        current = self._current()
        if current is None or isinstance(current, UnscoredRow):
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
        chosen = [a for a in self.attempts if a.id in self.marked and isinstance(a, AttemptRow)]
        if len(chosen) != 2:
            self.notify("Mark two attempts with space, then press c.", severity="warning")
            return
        if chosen[0].question_id != chosen[1].question_id:
            self.notify("Compare two attempts at the same question.", severity="warning")
            return
        history = self.vi_app.services.history
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
                self.vi_app.services.history.delete(current.id)
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
