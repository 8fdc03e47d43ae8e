"""Transcript types: words with times, as produced by the transcriber or read from text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    # Only a type here: report.py imports this module, so a runtime import would be a cycle.
    from voice_interview.models.report import FillerItem

FillerDetector = Literal["transcript+audio", "transcript"]
"""How fillers were counted: from the transcript and the sound, or from the transcript alone."""


class Word(BaseModel):
    """One transcribed word. Times are seconds from the start of the recording."""

    model_config = ConfigDict(frozen=True)

    text: str
    """The word as written by the transcriber, punctuation attached, no leading space."""
    start: float | None = None
    """Start time in seconds; None when the transcript was typed, not spoken."""
    end: float | None = None
    """End time in seconds; None when the transcript was typed."""
    probability: float | None = None
    """The transcriber's confidence in this word (0-1); None for typed text."""


class Interval(BaseModel):
    """A stretch of time, in seconds (used for voice activity)."""

    model_config = ConfigDict(frozen=True)

    start: float
    end: float

    @property
    def duration(self) -> float:
        return self.end - self.start


class Transcript(BaseModel):
    """The words of an answer, with the text they make up."""

    model_config = ConfigDict(frozen=True)

    text: str
    words: list[Word] = Field(default_factory=list)
    timed: bool = True
    """False for a typed transcript: no word has a time."""
    model: str | None = None
    """Which transcription model produced it (a name or a directory)."""
    language: str | None = None

    @classmethod
    def from_text(cls, text: str) -> Transcript:
        """A transcript for typed text: words split on whitespace, no times."""
        words = [Word(text=w) for w in text.split()]
        return cls(text=" ".join(w.text for w in words), words=words, timed=False)


class Transcribed(NamedTuple):
    """What transcribing a recording gives, by every path (a saved file in one pass or in parts,
    live while it is spoken, with or without the filled-pause detector)."""

    transcript: Transcript
    speech: list[Interval]
    """Speech found by voice-activity detection, in recording time."""
    fillers: list[FillerItem]
    """Filled pauses the transcript left out (source "audio")."""
    detector: FillerDetector
    """ "transcript+audio" when the filled-pause detector listened to the sound, else
    "transcript"."""
