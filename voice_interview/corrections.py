"""Scoring a corrected transcript with the audio timings it came with.

The candidate fixes what the transcriber misheard; the corrected words are laid over the timed
ones (core/realign.py) and the answer is scored again as a recording: the same length, the same
voice activity (measured again in the recording when it is still there, else the gaps between
words), the same um/uh heard in the sound. Nothing is transcribed again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from voice_interview.core.realign import realign
from voice_interview.errors import InputError
from voice_interview.models.question import Question
from voice_interview.models.report import AudioInfo, FillerItem, Report
from voice_interview.models.transcript import (
    FillerDetector,
    Interval,
    Transcribed,
    Transcript,
    Word,
)
from voice_interview.pipeline import report_for_recording, score_text
from voice_interview.settings import Settings

CORRECTED_NOTE = (
    "Transcript corrected by hand and scored again with the recording's timings: words you "
    "changed take their times from the words around them."
)


@dataclass(frozen=True)
class TimedSource:
    """What a corrected transcript is scored against: the recording's facts and the timed words
    the transcriber gave."""

    words: list[Word]
    audio: AudioInfo | None
    """None for a typed answer: then there is nothing to time."""
    speech: list[Interval]
    """Voice activity; empty when the recording is gone (pauses then come from word gaps)."""
    audio_fillers: list[FillerItem]
    detector: FillerDetector
    model: str | None = None


def source_of(report: Report, settings: Settings) -> TimedSource:
    """The timings of a scored report, with the voice activity of its recording if it is there."""
    fillers = report.delivery.fillers
    recording = Path(report.audio.path) if report.audio is not None else None
    return TimedSource(
        words=list(report.transcript.words),
        audio=report.audio,
        speech=speech_in(recording, settings) if recording is not None else [],
        audio_fillers=[f for f in fillers.items if f.source == "audio"],
        detector="transcript+audio" if fillers.detector == "transcript+audio" else "transcript",
        model=report.transcript.model,
    )


def speech_in(recording: Path, settings: Settings) -> list[Interval]:
    """Voice activity of a recording, or nothing when the file is gone or unreadable."""
    if not recording.is_file():
        return []
    from voice_interview.errors import VoiceInterviewError
    from voice_interview.speech.audio import load_audio
    from voice_interview.speech.vad import detect_speech

    try:
        samples = load_audio(recording).samples
    except VoiceInterviewError:
        return []
    return detect_speech(samples, settings.audio.vad_threshold)


def score_corrected(
    source: TimedSource, corrected_text: str, question: Question, settings: Settings
) -> Report:
    """The answer scored again from `corrected_text`, with the timings of `source`."""
    if not corrected_text.split():
        raise InputError("the corrected transcript is empty: nothing to score")
    if source.audio is None:
        report = score_text(corrected_text, question, settings=settings, source="<corrected>")
        return report.model_copy(update={"notes": [*report.notes, CORRECTED_NOTE]})
    words = realign(source.words, corrected_text)
    transcript = Transcript(
        text=" ".join(w.text for w in words),
        words=words,
        model=source.model,
        language=settings.model.language,
    )
    transcribed = Transcribed(
        transcript, list(source.speech), list(source.audio_fillers), source.detector
    )
    report = report_for_recording(source.audio, transcribed, question, settings=settings)
    return report.model_copy(update={"notes": [*report.notes, CORRECTED_NOTE]})


@dataclass(frozen=True)
class TranscriptFile:
    """A transcript JSON read for `score --transcript`: a report, or what `transcribe` wrote."""

    text: str
    """The transcript's text: the candidate's correction, laid over the timed words."""
    words: list[Word]
    report: Report | None
    """The report it came from, when the file is a report."""


def read_transcript_json(path: Path) -> TranscriptFile:
    """Read a report or a `transcribe --format json` transcript, with one-line errors."""
    if not path.is_file():
        raise InputError(f"{path}: file not found (check the path)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(
            f"{path}: not JSON ({_reason(exc)}); give a report or a transcript"
        ) from None
    try:
        if isinstance(data, dict) and "rubric" in data and "transcript" in data:
            report = Report.model_validate(data)
            info = report.transcript
            return TranscriptFile(text=info.text, words=list(info.words), report=report)
        transcript = Transcript.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "the file"
        raise InputError(
            f"{path}: not a report or a transcript as voice-interview writes them ({where}: "
            f"{first['msg'].lower()}); make it with 'voice-interview transcribe FILE --format "
            "json' or 'voice-interview score FILE --format json'"
        ) from None
    return TranscriptFile(text=transcript.text, words=list(transcript.words), report=None)


def _reason(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno}"
    return "not UTF-8 text"


def recording_source(
    words: Sequence[Word], recording: Path, settings: Settings, model: str | None = None
) -> TimedSource:
    """Timings from a recording itself: its length, format and voice activity."""
    from voice_interview.speech.audio import load_audio
    from voice_interview.speech.vad import detect_speech

    audio = load_audio(recording)
    info = AudioInfo(
        path=str(recording),
        duration_s=round(audio.duration_s, 3),
        sample_rate=audio.sample_rate,
        channels=audio.channels,
    )
    return TimedSource(
        words=list(words),
        audio=info,
        speech=detect_speech(audio.samples, settings.audio.vad_threshold),
        audio_fillers=[],
        detector="transcript",
        model=model,
    )
