"""The one place the rounds read an answer's report: its signals, its red flags and its words.

Everything else in `core/rounds` goes through these functions, so a change to the report's shape
(red flags becoming structured items with ids) is a change here only.
"""

from __future__ import annotations

from dataclasses import dataclass

from voice_interview.models.report import Report, SignalResult
from voice_interview.models.transcript import Word


@dataclass(frozen=True)
class Flag:
    """A red flag raised by an answer."""

    key: str
    """What identifies it across answers: today its words (the report gives quotes only)."""
    text: str
    """The words that raised it."""
    start: float | None = None
    end: float | None = None


def signals(report: Report) -> list[SignalResult]:
    """The answer's signals, in the question's order."""
    return list(report.rubric.signals)


def flags(report: Report) -> list[Flag]:
    """The red flags the answer raised, in the order they were said."""
    return [
        Flag(key=" ".join(e.text.lower().split()), text=e.text, start=e.start, end=e.end)
        for e in report.rubric.red_flags
    ]


def words(report: Report) -> list[Word]:
    return list(report.transcript.words)


def text(report: Report) -> str:
    """The answer's transcript."""
    return report.transcript.text


def duration_s(report: Report) -> float | None:
    """How long the answer took, when it was spoken; None for a typed one."""
    if report.timing is not None:
        return report.timing.answer_s
    return report.audio.duration_s if report.audio is not None else None
