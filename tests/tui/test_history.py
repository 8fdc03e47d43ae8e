"""History: list past attempts, re-open one, compare two, trend, delete."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from rich.text import Text
from textual.widgets import DataTable

from tests.tui.conftest import Kit, wait_for, wait_for_screen
from tests.tui.data import FIXED_TIME, bank, make_report, questions, write_wav
from tests.tui.fakes import FakeHistory
from voice_interview.render.attempts import attempt_rows, comparison_rows, trend, trend_text
from voice_interview.tui.screens.compare import CompareScreen
from voice_interview.tui.screens.dialogs import ConfirmScreen
from voice_interview.tui.screens.history import HistoryScreen
from voice_interview.tui.screens.report import ReportScreen


def seed_three(history: FakeHistory) -> FakeHistory:
    """Ids 1-3: the story question at 58, the fast one at 64, the story again at 81."""
    story, fast, _ = questions()
    return history.seed(
        [
            make_report(story, score=58, created_at=FIXED_TIME, wpm=172, fillers_per_min=5.5),
            make_report(fast, score=64, created_at=FIXED_TIME + timedelta(days=1)),
            make_report(
                story,
                score=81,
                created_at=FIXED_TIME + timedelta(days=2),
                duration_s=350,
                wpm=146,
                fillers_per_min=2.1,
            ),
        ]
    )


def test_rows_are_oldest_first_with_titles_from_the_bank(kit: Kit) -> None:
    """One order everywhere: the app lists attempts as the command line does."""
    rows = attempt_rows(seed_three(kit.history).list(), bank().all())
    assert [(r.id, r.title, r.score) for r in rows] == [
        ("1", "Offline gain, online loss", 58),
        ("2", "Shipped without all the data", 64),
        ("3", "Offline gain, online loss", 81),
    ]


def test_comparison_rows_put_the_older_attempt_first(kit: Kit) -> None:
    rows = attempt_rows(seed_three(kit.history).list(), bank().all())
    older, newer = rows[0], rows[2]
    table = {name: (a, b, change) for name, a, b, change in comparison_rows(newer, older)}
    assert table["Score"] == ("58", "81", "+23 better")
    assert table["Signals met"] == ("2/3", "2/3", "same")
    assert table["Fillers/min"] == ("5.5", "2.1", "-3.4 better")
    assert table["Pace"] == ("172", "146", "-26")
    assert table["Recorded"] == (older.when, newer.when, "")
    assert table["Length"] == ("5:12", "5:50", "")


def test_trend_is_per_question_oldest_first(kit: Kit) -> None:
    rows = attempt_rows(seed_three(kit.history).list(), bank().all())
    points = trend(rows, "amazon-ownership-drop")
    assert [p.score for p in points] == [58, 81]
    assert trend_text(points) == (
        "Trend for 'Offline gain, online loss' (2 attempts): score 58 → 81, best 81; "
        "signals met 2 → 2; fillers/min 5.5 → 2.1"
    )
    assert trend_text(points[:1]) == "Trend for 'Offline gain, online loss' (1 attempt): score 58"


async def open_history(kit: Kit, pilot: object) -> HistoryScreen:
    await pilot.press("f3")  # type: ignore[attr-defined]
    screen = await wait_for_screen(pilot, HistoryScreen)  # type: ignore[arg-type]
    await wait_for(pilot, lambda: screen.attempts != [])  # type: ignore[arg-type]
    return screen


async def test_lists_attempts_and_reopens_one(kit: Kit) -> None:
    seed_three(kit.history)
    app = kit.app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_history(kit, pilot)
        assert [a.id for a in screen.attempts] == ["1", "2", "3"]
        table = screen.query_one("#history-table")
        assert table.cursor_row == 2  # type: ignore[attr-defined] # on the latest attempt
        assert "score 58 → 81" in str(screen.query_one("#history-trend").render())
        await pilot.press("up")
        assert "Shipped without all the data" in str(screen.query_one("#history-trend").render())
        await pilot.press("enter")
        report_screen = await wait_for_screen(pilot, ReportScreen)
        assert report_screen.report == kit.history.get(2).report
        await pilot.press("escape")
        assert await wait_for_screen(pilot, HistoryScreen) is screen


async def test_mark_two_and_compare_side_by_side(kit: Kit) -> None:
    seed_three(kit.history)
    app = kit.app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_history(kit, pilot)
        await pilot.press("space", "up", "space", "c")  # 3 and 2: different questions
        assert any("same question" in n.message for n in app._notifications)
        await pilot.press("space", "up", "space")  # unmark 2, mark 1
        assert screen.marked == ["3", "1"]
        await pilot.press("c")
        compare = await wait_for_screen(pilot, CompareScreen)
        assert (compare.older.id, compare.newer.id) == ("1", "3")
        figures = compare.query_one("#compare-table")
        assert figures.get_row_at(1) == ["Score", "58", "81", "+23 better"]  # type: ignore[attr-defined]
        headers = [str(c.label) for c in figures.columns.values()]  # type: ignore[attr-defined]
        assert headers == ["", "Attempt 1", "Attempt 3", "Change"]
        signals = compare.query_one("#compare-signals")
        row = [str(c) for c in signals.get_row_at(2)]  # type: ignore[attr-defined]
        assert row == ["Quantifies the result", "✗ missing 30%", "✗ missing 30%"]


async def test_compare_needs_two_marks(kit: Kit) -> None:
    seed_three(kit.history)
    app = kit.app()
    async with app.run_test(size=(120, 30)) as pilot:
        await open_history(kit, pilot)
        await pilot.press("space", "c")
        assert any("Mark two attempts" in n.message for n in app._notifications)


async def test_delete_asks_first(kit: Kit) -> None:
    seed_three(kit.history)
    app = kit.app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_history(kit, pilot)
        await pilot.press("d")
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.press("n")
        await wait_for_screen(pilot, HistoryScreen)
        assert "3" in kit.history.reports
        await pilot.press("d", "y")
        await wait_for(pilot, lambda: len(screen.attempts) == 2)
        assert "3" not in kit.history.reports


async def test_empty_history_says_how_to_start(kit: Kit) -> None:
    app = kit.app()
    async with app.run_test() as pilot:
        await pilot.press("f3")
        screen = await wait_for_screen(pilot, HistoryScreen)
        trend_line = screen.query_one("#history-trend")
        await wait_for(pilot, lambda: "No attempts yet" in str(trend_line.render()))


# Fitting the terminal ----------------------------------------------------------------------------


def table_fits(table: DataTable[Any]) -> None:
    """Every column wide enough for its longest cell, and all of them inside the table."""
    for column in table.columns.values():
        key = column.key.value
        cells = [table.get_cell(row, column.key) for row in table.rows]
        widest = max(
            (Text.from_markup(c).cell_len if isinstance(c, str) else c.cell_len for c in cells),
            default=0,
        )
        if key != "question":  # the title is a label: it may be cut, figures never
            room = column.content_width if column.auto_width else column.width
            assert widest <= room, (key, widest, room)
    used = sum(c.get_render_width(table) for c in table.columns.values())
    assert used <= table.scrollable_content_region.width, (used, table.size.width)


@pytest.mark.parametrize("size", [(80, 24), (140, 40)])
async def test_history_and_compare_fit_without_cutting_figures(
    kit: Kit, size: tuple[int, int]
) -> None:
    story, fast, _ = questions()
    kit.history.seed(
        [
            make_report(story, score=100, wpm=172, fillers_per_min=12.5, duration_s=725),
            make_report(fast, score=8, created_at=FIXED_TIME + timedelta(days=1)),
            make_report(story, score=81, created_at=FIXED_TIME + timedelta(days=2)),
        ]
    )
    recording = kit.tmp / "take.wav"
    recording.write_bytes(b"RIFF")
    kit.history.add_unscored(story.id, FIXED_TIME + timedelta(days=3), recording, "cancelled")
    app = kit.app()
    async with app.run_test(size=size) as pilot:
        screen = await open_history(kit, pilot)
        table = screen.query_one("#history-table", DataTable)
        await pilot.pause()
        table_fits(table)
        shown = {str(c) for row in table.rows for c in table.get_row(row)}
        assert {"2025-03-14 09:30", "12:05", "12.5", "172"} <= shown
        assert any("100" in c for c in shown) and any("not scored" in c.lower() for c in shown)
        await pilot.press("up", "space", "up", "up", "space", "c")
        compare = await wait_for_screen(pilot, CompareScreen)
        await pilot.pause()
        for table in compare.query(DataTable):
            table_fits(table)
        figures = compare.query_one("#compare-table", DataTable)
        region = figures.scrollable_content_region.height
        assert figures.row_count + 1 <= region  # every figure row on screen


# Attempts not scored ---------------------------------------------------------------------------


async def test_an_attempt_not_scored_is_listed_and_scored_from_the_history(kit: Kit) -> None:
    story = questions()[0]
    kit.history.seed([make_report(story, score=58)])
    recording = kit.tmp / "answer.wav"
    write_wav(recording)
    kit.history.add_unscored(story.id, FIXED_TIME + timedelta(days=1), recording, "model missing")
    app = kit.app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_history(kit, pilot)
        assert [a.id for a in screen.attempts] == ["1", "2"]
        trend_line = str(screen.query_one("#history-trend").render())
        assert "Attempt 2 was not scored (model missing): Enter scores it now." in trend_line
        await pilot.press("enter")
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.press("y")
        report = await wait_for_screen(pilot, ReportScreen)
        assert report.attempt_id == 2
    assert kit.history.unscored() == [] and set(kit.history.reports) == {"1", "2"}
    assert kit.history.get(2).started_at == FIXED_TIME + timedelta(days=1)
