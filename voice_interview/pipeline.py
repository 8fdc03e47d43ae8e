"""One function per job, shared by the CLI and the app: audio or text in, a Report out.

The pipeline is where the adapters (decoding, voice activity, transcription) meet the pure core
(delivery and rubric scoring). It never prints; progress goes to a callback.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from voice_interview.core.delivery import build_delivery
from voice_interview.core.fillers import filler_note
from voice_interview.core.rubric import score_rubric
from voice_interview.core.timing import timing_for
from voice_interview.errors import Cancelled
from voice_interview.models.question import Question
from voice_interview.models.report import AudioInfo, FillerItem, Report, TranscriptInfo
from voice_interview.models.transcript import Interval, Transcript
from voice_interview.settings import Settings
from voice_interview.speech.transcriber import Transcriber

if TYPE_CHECKING:
    import numpy as np

    from voice_interview.speech.parts import Transcribed

ProgressFn = Callable[[float, str], None]

NO_SPEECH_NOTE = "No speech detected: the recording is silent or too quiet to transcribe."
TYPED_NOTE = "Typed transcript: no timing, pace or pause figures."

# Share of the progress bar given to decoding; transcription dominates the time.
_DECODE_SHARE = 0.03


def score_audio(
    path: Path,
    question: Question,
    *,
    settings: Settings,
    transcriber: Transcriber | None = None,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> Report:
    """Decode, find speech, transcribe and score one recording."""
    from voice_interview.speech.audio import load_audio

    def report_progress(fraction: float, message: str) -> None:
        if progress is not None:
            progress(fraction, message)
        if cancel is not None and cancel.is_set():
            raise Cancelled("scoring cancelled")

    report_progress(0.0, "decoding")
    audio = load_audio(path)
    report_progress(_DECODE_SHARE, "finding speech")

    def transcribe_progress(fraction: float, message: str) -> None:
        report_progress(_DECODE_SHARE + (0.98 - _DECODE_SHARE) * fraction, message)

    transcript, speech, audio_fillers, detector = transcribe_saved(
        audio.samples,
        settings=settings,
        transcriber=transcriber,
        progress=transcribe_progress,
        cancel=cancel,
    )
    report_progress(0.98, "scoring")
    info = AudioInfo(
        path=str(path),
        duration_s=round(audio.duration_s, 3),
        sample_rate=audio.sample_rate,
        channels=audio.channels,
    )
    report = report_for_recording(
        info,
        transcript,
        speech,
        question,
        settings=settings,
        audio_fillers=audio_fillers,
        detector=detector,
    )
    report_progress(1.0, "done")
    return report


def transcribe_saved(
    samples: np.ndarray,
    *,
    settings: Settings,
    transcriber: Transcriber | None = None,
    fillers: bool = True,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> Transcribed:
    """Speech, transcript and filled pauses of a whole recording, by the fastest accurate path.

    A long recording is cut in silences and its parts transcribed at once, one per core, when the
    transcriber serves several (speech/parts.py); otherwise it is transcribed in one pass.
    `fillers` False skips the filled-pause detector.
    """
    from voice_interview.speech.parts import plan_parts, transcribe_recording
    from voice_interview.speech.transcriber import WhisperTranscriber, parallel_workers

    if transcriber is None:
        transcriber = WhisperTranscriber(settings.model, workers=parallel_workers(settings.model))
    model = settings.model
    parts = plan_parts(
        samples,
        workers=getattr(transcriber, "workers", 1),
        min_part_s=model.min_part_s,
        overlap_s=model.part_overlap_s,
        vad_threshold=settings.audio.vad_threshold,
    )
    if len(parts) == 1 and isinstance(transcriber, WhisperTranscriber):
        # One part is one decoding, which runs fastest on a model with every thread.
        transcriber = transcriber.serving(1)
    return transcribe_recording(
        transcriber,
        samples,
        parts,
        vad_threshold=settings.audio.vad_threshold,
        fillers=settings.filled_pauses if fillers else None,
        progress=progress,
        cancel=cancel,
    )


def report_for_recording(
    audio: AudioInfo,
    transcript: Transcript,
    speech: Sequence[Interval],
    question: Question,
    *,
    settings: Settings,
    audio_fillers: Sequence[FillerItem] = (),
    detector: str = "transcript",
) -> Report:
    """Score a recording already transcribed (after the fact, or live while it was spoken).

    Pure and fast: everything slow (decoding, voice activity, the model) happened before.
    """
    duration = audio.duration_s
    delivery = build_delivery(
        transcript.words,
        duration_s=duration,
        speech=speech,
        config=settings.scoring,
        audio_fillers=audio_fillers,
        detector=detector,
    )
    notes: list[str] = []
    no_speech = not transcript.words
    if no_speech:
        notes.append(NO_SPEECH_NOTE)
    else:
        notes.append(filler_note(delivery.fillers))
    return Report(
        question_id=question.id,
        question_title=question.title,
        created_at=datetime.now(UTC),
        source=audio.path,
        audio=audio,
        transcript=_transcript_info(transcript, no_speech),
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


def _transcript_info(transcript: Transcript, no_speech: bool) -> TranscriptInfo:
    return TranscriptInfo(
        text=transcript.text, words=transcript.words, model=transcript.model, no_speech=no_speech
    )
