"""Quoting the candidate back: the words chosen, and how they are turned to the second person."""

from __future__ import annotations

import pytest

from voice_interview.core.rounds.grounding import (
    quote_number,
    quote_pattern,
    second_person,
    shorten,
)
from voice_interview.models.transcript import Word


def words(text: str, step: float | None = None) -> list[Word]:
    if step is None:
        return [Word(text=w) for w in text.split()]
    return [Word(text=w, start=i * step, end=i * step + step) for i, w in enumerate(text.split())]


@pytest.mark.parametrize(
    ("said", "repeated"),
    [
        ("I was on call and my alarm fired", "you were on call and your alarm fired"),
        ("we rolled it back ourselves", "you rolled it back ourselves"),
        ("I'm sure our CTR fell", "you're sure your CTR fell"),
        ("the team decided", "the team decided"),
    ],
)
def test_second_person(said: str, repeated: str) -> None:
    assert second_person(said) == repeated


def test_a_result_number_is_quoted_with_its_clause_and_time() -> None:
    answer = words(
        "I owned ranking for two years. After the launch my alarm fired and CTR dropped about "
        "four percent in two days, which hurt.",
        step=0.5,
    )
    quote = quote_number(answer)
    assert quote is not None
    # "two years" is when the story happened, not a result: the percentage is quoted.
    assert quote.text == "After the launch my alarm fired and CTR dropped about four percent"
    assert quote.start == 3.0
    assert quote.repeated == "After the launch your alarm fired and CTR dropped about four percent"


def test_a_short_clause_takes_in_the_one_before_it() -> None:
    quote = quote_number(words("We argued and then the model shipped, up twelve percent."))
    assert quote is not None
    assert quote.text == "We argued and then the model shipped, up twelve percent"


def test_a_phrase_is_quoted_from_the_first_sentence_that_has_it() -> None:
    answer = words("Nothing broke at first. Then the dashboard I built showed a spike in errors.")
    quote = quote_pattern(answer, [r"\bdashboards?\b"])
    assert quote is not None
    assert quote.text == "Then the dashboard I built showed a spike in errors"
    assert quote_pattern(answer, [r"\balarm\b"]) is None


def test_shorten_stops_at_a_clause_or_the_limit() -> None:
    assert shorten("In general I'd say react fast, and, you know, roll back.") == (
        "In general I'd say react fast"
    )
    assert len(shorten(" ".join(["word"] * 40)).split()) == 14
