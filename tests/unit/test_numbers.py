"""Numbers as digits or spelled out, with their kind, unit and whether they are background."""

from __future__ import annotations

import pytest

from voice_interview.core.numbers import NumberMention, find_numbers


def one(text: str) -> NumberMention:
    found = find_numbers(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "spelled, digits",
    [
        ("four percent", "4%"),
        ("four per cent", "4 percent"),
        ("forty-eight hours", "48 hours"),
        ("forty eight hours", "48h"),
        ("seventy-two hours", "72-hour"),
        ("zero point three", "0.3"),
        ("one point eight points", "1.8-point"),
        ("three point one percent", "3.1%"),
        ("one hundred and twenty milliseconds", "120ms"),
        ("two million dollars", "$2M"),
        ("one point two million dollars", "$1.2M"),
        ("ten times faster", "10x faster"),
        ("nine days.", "9 days"),
        ("a week", "1 week"),
        ("two and a half weeks", "2.5 weeks"),
    ],
)
def test_spelled_and_digit_forms_are_equal(spelled: str, digits: str) -> None:
    assert one(spelled) == one(digits)


@pytest.mark.parametrize(
    "text, value, kind, unit",
    [
        ("CTR dropped 4%.", 4.0, "percent", "%"),
        ("a 1.8-point NDCG gain", 1.8, "points", "points"),
        ("up two percentage points", 2.0, "points", "points"),
        ("a budget of 120ms", 120.0, "latency", "ms"),
        ("latency stayed at 2 seconds", 2.0, "latency", "seconds"),
        ("within 72 hours", 72.0, "duration", "hours"),
        ("saved $2M", 2e6, "money", "$"),
        ("queue volume went up 3x", 3.0, "multiplier", "x"),
        ("it was twice as fast", 2.0, "multiplier", "x"),
        ("latency halved", 0.5, "multiplier", "x"),
        ("a third of traffic", 1 / 3, "fraction", None),
        ("half of the users", 0.5, "fraction", None),
        ("two thirds of the queue", 2 / 3, "fraction", None),
        ("AUC of 0.82", 0.82, "other", None),
        ("we retried three times", 3.0, "count", None),
        ("1,000 requests", 1000.0, "count", None),
    ],
)
def test_kind_and_unit(text: str, value: float, kind: str, unit: str | None) -> None:
    found = one(text)
    assert found.value == pytest.approx(value)
    assert (found.kind, found.unit) == (kind, unit)
    assert found.incidental is None


@pytest.mark.parametrize(
    "text, reason",
    [
        ("a 100-million-parameter model", "model size"),
        ("we trained on 8 GPUs", "model size"),
        ("five engineers worked on it", "team size"),
        ("a team of five", "team size"),
        ("two ML engineers", "team size"),
        ("only two weeks of training data", "amount of data"),
        ("three weeks of clean labels", "amount of data"),
        ("two years ago", "when it happened"),
        ("in 2023", "calendar year"),
        ("p99", "percentile name"),
    ],
)
def test_background_numbers_are_incidental(text: str, reason: str) -> None:
    assert one(text).incidental == reason


@pytest.mark.parametrize(
    "text",
    [
        "one of the models",
        "at one point we paused",
        "a second model",
        "the third attempt",
        "Oh, the alarm",
        "an A/B test",
        "we came 1st",
    ],
)
def test_words_that_are_not_quantities(text: str) -> None:
    assert find_numbers(text) == []


def test_range_gives_the_unit_to_both_ends() -> None:
    low, high = find_numbers("error rate from 28 to 3 percent")
    assert (low.value, low.kind, high.value, high.kind) == (28.0, "percent", 3.0, "percent")


def test_from_to_with_window() -> None:
    found = find_numbers("from 28% to 3% over two months")
    assert [(n.value, n.kind) for n in found] == [
        (28.0, "percent"),
        (3.0, "percent"),
        (2.0, "duration"),
    ]


def test_positions_refer_to_the_words() -> None:
    words = "CTR dropped roughly four percent in the first forty-eight hours.".split()
    pct, window = find_numbers(words)
    assert (pct.first, pct.end, pct.text) == (3, 5, "four percent")
    assert (window.first, window.end, window.text) == (8, 10, "forty-eight hours.")


def test_percentile_list_in_one_token() -> None:
    assert [n.value for n in find_numbers("P50/P90/P99 latency")] == [50.0, 90.0, 99.0]


def test_string_and_word_list_agree() -> None:
    text = "engagement up 3.1% within 72 hours, p99 under 120 milliseconds"
    assert find_numbers(text) == find_numbers(text.split())


# --- numbers split by the transcriber, thresholds --------------------------------------------


@pytest.mark.parametrize(
    "split, whole",
    [
        ("0 .41", "0.41"),
        ("9 .1 %", "9.1%"),
        ("9 .1%", "9.1%"),
        ("10 ,000", "10,000"),
        ("$1 ,200", "$1,200"),
        ("3 .5 %", "three point five percent"),
    ],
)
def test_numbers_split_into_tokens_read_as_one(split: str, whole: str) -> None:
    number = one(split)
    assert number == one(whole)
    assert number.text.replace(" ", "") == split.replace(" ", "")


def test_split_numbers_keep_their_word_positions_and_range() -> None:
    low, high = find_numbers("AUC went from 0 .41 to 0 .44 in a week")[:2]
    assert (low.value, low.first, low.end, low.text) == (0.41, 3, 5, "0.41")
    assert (high.value, high.first, high.end, high.text) == (0.44, 6, 8, "0.44")


def test_a_comma_between_two_numbers_is_not_a_thousands_separator() -> None:
    assert [n.value for n in find_numbers("in 2019 , 40 people")] == [2019.0, 40.0]
    assert [n.value for n in find_numbers("1 ,5")] == [1.0, 5.0]


@pytest.mark.parametrize(
    "text",
    [
        "we set an alert if click-through drops two percent",
        "a 120 ms latency budget",
        "a 1% engagement floor",
        "p99 latency had to stay under 80 milliseconds",
        "click-through could not drop more than 0.5%",
        "it paged whoever was on call when declines moved more than 1.5 points",
        "block the launch unless recall stays above 90%",
        "the goal was to cut latency by 30%",
    ],
)
def test_limits_set_in_advance_are_thresholds(text: str) -> None:
    numbers = [n for n in find_numbers(text) if n.kind != "percentile"]
    assert numbers and all(n.threshold for n in numbers), numbers


@pytest.mark.parametrize(
    "text",
    [
        "When we launched, conversion fell 4%",
        "revenue grew by more than 20%",
        "click-through was up 2.2% after 48 hours",
        "the alarm fired and declines were at 4.8%",
        "I ramped up to 50% of traffic",
    ],
)
def test_results_are_not_thresholds(text: str) -> None:
    assert not any(n.threshold for n in find_numbers(text))
