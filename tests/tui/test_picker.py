"""The question picker: grouping, filter as you type, target times, Enter opens the answer."""

from __future__ import annotations

from tests.tui.conftest import Kit, wait_for
from tests.tui.data import questions
from voice_interview.tui.format import target_text
from voice_interview.tui.screens.answer import AnswerScreen
from voice_interview.tui.screens.picker import PickerScreen, grouped, matches, ranked


def test_target_text_reads_as_minutes() -> None:
    story, fast, phased = questions()
    assert target_text(story) == "5-7 min"
    assert target_text(fast) == "2-3 min"
    assert target_text(phased) == "25-30 min"


def test_matches_needs_every_word() -> None:
    story = questions()[0]
    assert matches(story, "amazon own")
    assert matches(story, "OFFLINE")
    assert not matches(story, "amazon meta")


def test_ranked_puts_title_and_competency_matches_before_text_matches() -> None:
    # "model" is in the phased question's title but only in the story question's text.
    assert [q.id for q in ranked(questions(), "model")] == [
        "model-eval-loop",
        "amazon-ownership-drop",
    ]


def test_grouped_by_company_and_competency() -> None:
    assert list(grouped(questions())) == [
        ("Amazon", "Ownership"),
        ("Meta", "Move Fast"),
        ("Any", "Model evaluation"),
    ]


async def test_lists_every_question_under_group_headings(kit: Kit) -> None:
    app = kit.app()
    async with app.run_test() as pilot:
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        assert screen.shown_ids == ["amazon-ownership-drop", "meta-move-fast", "model-eval-loop"]
        prompts = [str(o.prompt) for o in screen.query_one("#questions").options]  # type: ignore[attr-defined]
        assert "Amazon · Ownership" in prompts
        assert any("Offline gain, online loss" in p and "5-7 min" in p for p in prompts)
        await pilot.pause()


async def test_filter_as_you_type_then_enter_opens_answer(kit: Kit) -> None:
    kit.settings = kit.settings.model_copy(
        update={"tts": kit.settings.tts.model_copy(update={"enabled": False})}
    )
    app = kit.app()
    async with app.run_test() as pilot:
        await pilot.press(*"meta")
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        assert screen.shown_ids == ["meta-move-fast"]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, AnswerScreen))
        assert app.screen.question.id == "meta-move-fast"  # type: ignore[attr-defined]


async def test_arrow_into_list_and_pick_another(kit: Kit) -> None:
    app = kit.app()
    async with app.run_test() as pilot:
        await pilot.press("down", "down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, AnswerScreen))
        assert app.screen.question.id == "meta-move-fast"  # type: ignore[attr-defined]


async def test_filter_with_no_match_says_so(kit: Kit) -> None:
    app = kit.app()
    async with app.run_test() as pilot:
        await pilot.press(*"zzz", "enter")
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        assert screen.shown_ids == []
        assert any("No question matches" in n.message for n in app._notifications)


async def test_back_on_the_list_down_lands_on_the_first_match(kit: Kit) -> None:
    """Open the second question from the list, come back: Down then Enter opens the first match
    (not the question after the one opened last)."""
    kit.settings = kit.settings.model_copy(
        update={"tts": kit.settings.tts.model_copy(update={"enabled": False})}
    )
    app = kit.app()
    async with app.run_test() as pilot:
        await pilot.press("m")  # matches every test question
        await pilot.press("down", "down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, AnswerScreen))
        assert app.screen.question.id == "meta-move-fast"  # type: ignore[attr-defined]
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        await pilot.pause()
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, AnswerScreen))
        assert app.screen.question.id == "amazon-ownership-drop"  # type: ignore[attr-defined]
        # The same from the filter after typing a new one.
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        await pilot.pause()
        await pilot.press("backspace", *"fast", "down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, AnswerScreen))
        assert app.screen.question.id == "meta-move-fast"  # type: ignore[attr-defined]
