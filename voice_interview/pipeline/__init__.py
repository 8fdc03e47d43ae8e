"""One home for the work between the adapters and the front ends: audio or text in, a Report out.

The pipeline is where the speech adapters (decoding, voice activity, transcription) meet the pure
core (delivery and rubric scoring). Every path transcribes into one result type,
`models.transcript.Transcribed`, and scores it with `report_for_recording`:

- `saved`: a recording on disk (`score`, `transcribe`, and the app's fallback);
- `live_scoring`: an answer transcribed while it is spoken (the app, and the rounds);
- `scoring`: the last, pure step from a transcript to a Report, and typed answers.

It never prints; progress goes to a callback.
"""

from voice_interview.pipeline.live_scoring import (
    LIVE_RATE,
    ListenedRecorder,
    LiveRecorder,
    LiveScorer,
    LiveSessions,
    LiveTranscription,
    live_settings,
)
from voice_interview.pipeline.saved import ProgressFn, score_audio, transcribe_saved
from voice_interview.pipeline.scoring import report_for_recording, score_text

__all__ = [
    "LIVE_RATE",
    "ListenedRecorder",
    "LiveRecorder",
    "LiveScorer",
    "LiveSessions",
    "LiveTranscription",
    "ProgressFn",
    "live_settings",
    "report_for_recording",
    "score_audio",
    "score_text",
    "transcribe_saved",
]
