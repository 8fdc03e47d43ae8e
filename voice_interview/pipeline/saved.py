"""A saved recording, from the file to a Report: decode, find speech, transcribe (in parts at
once when it is long), score. Used by `score`, `transcribe` and by the app when the live path
could not be used."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from voice_interview.errors import Cancelled
from voice_interview.models.question import Question
from voice_interview.models.report import AudioInfo, Report
from voice_interview.models.transcript import Transcribed
from voice_interview.pipeline.lost_words import recover_lost_words
from voice_interview.pipeline.scoring import report_for_recording
from voice_interview.settings import Settings
from voice_interview.speech.transcriber import Transcriber

if TYPE_CHECKING:
    import numpy as np

ProgressFn = Callable[[float, str], None]
"""progress(fraction 0..1, message); called from the working thread."""

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

    transcribed = transcribe_saved(
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
    report = report_for_recording(info, transcribed, question, settings=settings)
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
    transcriber serves several (speech/parts.py); otherwise it is transcribed in one pass. Speech
    left without words is transcribed again (pipeline/lost_words.py). `fillers` False skips the
    filled-pause detector.
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
    # One decoding (one part, or a lost stretch again) runs fastest on a model with every thread.
    whole = transcriber.serving(1) if isinstance(transcriber, WhisperTranscriber) else transcriber
    transcribed = transcribe_recording(
        whole if len(parts) == 1 else transcriber,
        samples,
        parts,
        vad_threshold=settings.audio.vad_threshold,
        fillers=settings.filled_pauses if fillers else None,
        progress=progress,
        cancel=cancel,
    )
    return recover_lost_words(transcribed, samples, whole, settings=settings, cancel=cancel)
