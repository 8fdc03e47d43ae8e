"""Hedges and repeated words: what counts, what does not, and the occurrences' times."""

from __future__ import annotations

import pytest

from voice_interview.core.hedges import count_report, find_hedges, find_repeated_words
from voice_interview.models.transcript import Transcript, Word


def typed(text: str) -> list[Word]:
    return Transcript.from_text(text).words


def hedges(text: str) -> list[str]:
    return [o.text for o in find_hedges(typed(text))]


def repeats(text: str) -> list[str]:
    return [o.text for o in find_repeated_words(typed(text))]


# --- hedges --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It was sort of slow.", ["sort of"]),
        ("We kind of rewrote it.", ["kind of"]),
        ("It was kinda slow and sorta broken.", ["kinda", "sorta"]),
        ("I think we should ship.", ["I think"]),
        ("I guess it worked.", ["I guess"]),
        ("I believe the data was stale.", ["I believe"]),
        ("I suppose it helped.", ["I suppose"]),
        ("Maybe the cache was cold.", ["Maybe"]),
        ("It was probably the cache.", ["probably"]),
        ("Perhaps we should wait.", ["Perhaps"]),
        ("It possibly regressed.", ["possibly"]),
        ("It was somewhat better.", ["somewhat"]),
        ("I'm not sure, but it was the cache.", ["I'm not sure"]),
        ("I am not sure it helped.", ["I am not sure"]),
        ("Not sure it helped.", ["Not sure"]),
        ("I don't know, it just worked.", ["I don't know"]),
        ("I could be wrong here.", ["I could be wrong"]),
        ("I'd say it worked.", ["I'd say"]),
        ("I feel like it was slow.", ["I feel like"]),
        ("It was more or less done.", ["more or less"]),
        ("That was the right call, right?", ["right?"]),
        ("We shipped it, correct?", ["correct?"]),
        ("It was slow, wasn't it?", ["wasn't it?"]),
        ("It was the data, don't you think?", ["don't you think?"]),
    ],
)
def test_hedges_are_found(text: str, expected: list[str]) -> None:
    assert hedges(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "It is a kind of model that ranks items.",
        "What sort of data did you use?",
        "This kind of test catches drift.",
        "We picked the right kind of metric.",
        "There are many kinds of errors.",
        "I thought about the design for a week.",
        "I think about latency first.",
        "I believe in small launches.",
        "I don't know the answer to that question yet.",
        "Right? That was the question.",
        "Isn't it strange?",
        "We made sure the data was fresh.",
        "The estimated lift was probably 2 percent.",
        "It was maybe 3 points, within the 95% confidence interval.",
        "The lift was significant at p < 0.05, perhaps more.",
        "The p95 latency was probably 120 ms.",
    ],
)
def test_non_hedges_and_technical_uncertainty_are_not_counted(text: str) -> None:
    assert hedges(text) == []


def test_hedge_in_a_different_sentence_from_the_statistics_still_counts() -> None:
    text = "I think it worked. The confidence interval was narrow."
    assert hedges(text) == ["I think"]


def test_hedge_occurrences_have_times_and_context() -> None:
    words = [
        Word(text=t, start=i * 0.5, end=i * 0.5 + 0.4)
        for i, t in enumerate("so I think it was kind of slow".split())
    ]
    found = find_hedges(words)
    assert [(o.text, o.start, o.end) for o in found] == [
        ("I think", 0.5, 1.4),
        ("kind of", 2.5, 3.4),
    ]
    assert found[0].context == "so I think it was kind of"


def test_count_report_rates_per_100_words() -> None:
    report = count_report(find_hedges(typed("Maybe it was probably fine.")), 5)
    assert (report.count, report.per_100_words) == (2, 40.0)
    assert count_report([], 0).per_100_words == 0.0


# --- repeated words ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I, I think it broke.", ["I, I"]),
        ("We checked the the logs.", ["the the"]),
        ("The The logs were empty.", ["The The"]),
        ("We, we shipped it.", ["We, we"]),
        ("I I I did not know.", ["I I I"]),
        ("It was in in the logs.", ["in in"]),
        ("The problem is is that nobody owned it.", ["is is"]),
        ("I knew that, that was wrong.", ["that, that"]),
        ("We trained the mo- model overnight.", ["mo- model"]),
        ("We checked the- the logs.", ["the- the"]),
    ],
)
def test_repetitions_are_found(text: str, expected: list[str]) -> None:
    assert repeats(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I knew that that was wrong.",
        "We had had two outages.",
        "What we do do is test.",
        "It was very very slow.",
        "It was really, really slow.",
        "No no, it was fine.",
        "What it is is a cache.",
        "It was in twenty twenty.",
        "It took 20 20 minutes.",
        "Um um we shipped.",
        "We were done. Done.",
        "We shipped the model and the logs.",
    ],
)
def test_normal_doubles_are_not_repetitions(text: str) -> None:
    assert repeats(text) == []


def test_repetition_times_span_the_run() -> None:
    words = [
        Word(text="I,", start=1.0, end=1.1),
        Word(text="I", start=1.3, end=1.4),
        Word(text="shipped", start=1.5, end=1.9),
    ]
    (item,) = find_repeated_words(words)
    assert (item.text, item.start, item.end) == ("I, I", 1.0, 1.4)


def test_two_separate_repetitions_are_two_occurrences() -> None:
    assert repeats("I I shipped the the model.") == ["I I", "the the"]
