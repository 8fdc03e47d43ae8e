"""Whisper's word pieces joined the way Whisper spaces them (speech/whole_words.py)."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from voice_interview.speech.whole_words import whole_words


class Piece(NamedTuple):
    """The shape of faster_whisper.transcribe.Word."""

    word: str
    start: float
    end: float
    probability: float


def pieces(*spec: tuple[str, float]) -> list[Piece]:
    """Pieces 0.2 s apart, each 0.2 s long, with the given text and probability."""
    return [Piece(text, 0.2 * i, 0.2 * i + 0.2, p) for i, (text, p) in enumerate(spec)]


@pytest.mark.parametrize(
    ("spoken", "written"),
    [
        ([" from", " 0", ".41", " to", " 0", ".44"], ["from", "0.41", "to", "0.44"]),
        ([" 9", ".1", "%", " to", " 8", ".6%."], ["9.1%", "to", "8.6%."]),
        ([" about", " 10", ",000", " users"], ["about", "10,000", "users"]),
        ([" a", " gradient", "-boosted", " model"], ["a", "gradient-boosted", "model"]),
        ([" the", " p", "99", " latency"], ["the", "p99", "latency"]),
        ([" 97", "%", " accuracy,"], ["97%", "accuracy,"]),
    ],
)
def test_pieces_without_a_space_continue_the_word(spoken: list[str], written: list[str]) -> None:
    words = whole_words(pieces(*((t, 0.9) for t in spoken)))
    assert [w.text for w in words] == written


def test_a_joined_word_spans_its_pieces_and_is_as_sure_as_its_least_sure_piece() -> None:
    words = whole_words(pieces((" dropped", 0.95), (" 9", 0.9), (".1", 0.4), ("%", 0.8)))
    assert [w.text for w in words] == ["dropped", "9.1%"]
    number = words[1]
    assert (number.start, number.end) == pytest.approx((0.2, 0.8))
    assert number.probability == pytest.approx(0.4)
    assert words[0].probability == pytest.approx(0.95)


def test_the_first_piece_starts_a_word_even_without_a_space() -> None:
    words = whole_words(pieces((".5", 0.9), (" threshold", 0.9)))
    assert [w.text for w in words] == [".5", "threshold"]


def test_separate_words_keep_their_own_times() -> None:
    words = whole_words(pieces((" we", 0.9), (" rolled", 0.8), (" back", 0.7)))
    assert [(w.text, w.start, w.end, w.probability) for w in words] == [
        ("we", 0.0, 0.2, 0.9),
        ("rolled", 0.2, 0.4, 0.8),
        ("back", 0.4, pytest.approx(0.6), 0.7),
    ]


def test_empty_pieces_leave_no_empty_words() -> None:
    assert [w.text for w in whole_words(pieces((" ", 0.9), (" ok", 0.9)))] == ["ok"]
    assert [w.text for w in whole_words(pieces((" ", 0.5), ("%", 0.5)))] == ["%"]
