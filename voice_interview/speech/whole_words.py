"""Whisper's words put back together the way Whisper spaces them.

faster-whisper splits its text into words at spaces and at punctuation, so a number or a
hyphenated word comes out in pieces: " 0" ".41", " 9" ".1" "%", " 10" ",000", " gradient"
"-boosted". Whisper writes a space before every word it starts, so a piece without a leading
space continues the word before it. Joining them gives the transcript, the evidence, the exports
and the number parser whole words ("0.41", "9.1%", "10,000", "gradient-boosted").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from voice_interview.models.transcript import Word


class WordPiece(Protocol):
    """One word as faster-whisper gives it (faster_whisper.transcribe.Word)."""

    @property
    def word(self) -> str: ...

    @property
    def start(self) -> float: ...

    @property
    def end(self) -> float: ...

    @property
    def probability(self) -> float: ...


def whole_words(pieces: Iterable[WordPiece]) -> list[Word]:
    """The words of one segment, each piece without a leading space joined to the one before.

    A joined word spans from its first piece's start to its last piece's end. Its probability is
    the lowest of its pieces': a number is only as sure as its least sure digit, and the report
    points at low-probability words as possible mishearings, which a mean would hide. A segment's
    first piece always starts a word: a segment boundary is a time the model put between words.
    """
    words: list[Word] = []
    for piece in pieces:
        text, start, end = piece.word, float(piece.start), float(piece.end)
        probability = float(piece.probability)
        if words and text and not text[0].isspace():
            last = words[-1]
            words[-1] = Word(
                text=last.text + text.strip(),
                start=last.start,
                end=max(last.end or end, round(end, 3)),
                probability=min(last.probability or 1.0, round(probability, 4)),
            )
            continue
        words.append(
            Word(
                text=text.strip(),
                start=round(start, 3),
                end=round(end, 3),
                probability=round(probability, 4),
            )
        )
    return [w for w in words if w.text]
