"""From a transcript to a Report: the pure, fast last step of every path (saved file, live, typed).

Everything slow (decoding, voice activity, the model) happened before; this only scores.
"""

from __future__ import annotations

from datetime import UTC, datetime

from voice_interview.core.delivery import build_delivery
from voice_interview.core.fillers import filler_note
from voice_interview.core.rubric import score_rubric
from voice_interview.core.timing import timing_for
from voice_interview.models.question import Question
from voice_interview.models.report import AudioInfo, Coverage, Report, TranscriptInfo
from voice_interview.models.transcript import Transcribed, Transcript
from voice_interview.pipeline.lost_words import coverage_of
from voice_interview.settings import Settings

NO_SPEECH_NOTE = "No speech detected: the recording is silent or too quiet to transcribe."
TYPED_NOTE = "Typed transcript: no timing, pace or pause figures."


def report_for_recording(
    audio: AudioInfo,
    transcribed: Transcribed,
    question: Question,
    *,
    settings: Settings,
) -> Report:
    """Score a recording already transcribed (after the fact, or live while it was spoken)."""
    transcript, speech = transcribed.transcript, transcribed.speech
    duration = audio.duration_s
    delivery = build_delivery(
        transcript.words,
        duration_s=duration,
        speech=speech,
        config=settings.scoring,
        audio_fillers=transcribed.fillers,
        detector=transcribed.detector,
    )
    notes: list[str] = []
    no_speech = not transcript.words
    if no_speech:
        notes.append(NO_SPEECH_NOTE)
    else:
        notes.append(filler_note(delivery.fillers))
    coverage = coverage_of(transcribed, settings)
    if coverage.uncovered and not no_speech:
        notes.append(lost_words_note(coverage))
    return Report(
        question_id=question.id,
        question_title=question.title,
        created_at=datetime.now(UTC),
        source=audio.path,
        audio=audio,
        transcript=_transcript_info(transcript, no_speech, coverage),
        timing=timing_for(
            duration, question.target_min_s, question.target_max_s, transcript.words, speech
        ),
        delivery=delivery,
        rubric=score_rubric(transcript.words, question, settings.scoring.rubric, spoken_s=duration),
        notes=notes,
    )


def score_text(
    text: str, question: Question, *, settings: Settings, source: str = "<text>"
) -> Report:
    """Score a typed transcript: rubric and word-based delivery figures, no timing."""
    transcript = Transcript.from_text(text)
    delivery = build_delivery(
        transcript.words, duration_s=None, speech=None, config=settings.scoring
    )
    notes = [TYPED_NOTE]
    if not transcript.words:
        notes.insert(0, "The transcript is empty.")
    return Report(
        question_id=question.id,
        question_title=question.title,
        created_at=datetime.now(UTC),
        source=source,
        audio=None,
        transcript=_transcript_info(transcript, no_speech=False),
        timing=None,
        delivery=delivery,
        rubric=score_rubric(transcript.words, question, settings.scoring.rubric),
        notes=notes,
    )


def lost_words_note(coverage: Coverage) -> str:
    """What the report says about speech that still has no words."""
    seconds = sum(iv.duration for iv in coverage.uncovered)
    where = ", ".join(f"{_clock(iv.start)}-{_clock(iv.end)}" for iv in coverage.uncovered)
    return (
        f"{seconds:.0f} s of speech ({where}) has no words in the transcript, even transcribed "
        "again on its own: words may be missing there, or it was not speech (laughter, a cough). "
        f"The transcript covers {coverage.ratio:.0%} of the speech."
    )


def _clock(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}:{rest:02d}"


def _transcript_info(
    transcript: Transcript, no_speech: bool, coverage: Coverage | None = None
) -> TranscriptInfo:
    return TranscriptInfo(
        text=transcript.text,
        words=transcript.words,
        model=transcript.model,
        no_speech=no_speech,
        coverage=coverage,
    )
