"""History: list past attempts, re-open one, compare two, trend, delete."""

from __future__ import annotations

from datetime import timedelta

from tests.tui.conftest import Kit, wait_for, wait_for_screen
from tests.tui.data import FIXED_TIME, bank, make_report, questions
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


def test_rows_are_newest_first_with_titles_from_the_bank(kit: Kit) -> None:
    rows = attempt_rows(seed_three(kit.history).list(), bank().all())
    assert [(r.id, r.title, r.score) for r in rows] == [
        ("3", "Offline gain, online loss", 81),
        ("2", "Shipped without all the data", 64),
        ("1", "Offline gain, online loss", 58),
    ]


def test_comparison_rows_put_the_older_attempt_first(kit: Kit) -> None:
    rows = attempt_rows(seed_three(kit.history).list(), bank().all())
    newer, older = rows[0], rows[2]
    table = {name: (a, b, change) for name, a, b, change in comparison_rows(newer, older)}
    assert table["Score"] == ("58", "81", "+23 better")
    assert table["Signals met"] == ("2/3", "2/3", "same")
    assert table["Fillers/min"] == ("5.5", "2.1", "-3.4 better")
    assert table["Words/min"] == ("172", "146", "-26")
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
        assert [a.id for a in screen.attempts] == ["3", "2", "1"]
        assert "score 58 → 81" in str(screen.query_one("#history-trend").render())
        await pilot.press("down")
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
        await pilot.press("space", "down", "space", "c")  # 3 and 2: different questions
        assert any("same question" in n.message for n in app._notifications)
        await pilot.press("space", "down", "space")  # unmark 2, mark 1
        assert screen.marked == ["3", "1"]
        await pilot.press("c")
        compare = await wait_for_screen(pilot, CompareScreen)
        assert (compare.older.id, compare.newer.id) == ("1", "3")
        figures = compare.query_one("#compare-table")
        assert figures.get_row_at(1) == ["Score", "58", "81", "+23 better"]  # type: ignore[attr-defined]
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
