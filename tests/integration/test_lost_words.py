"""No silently lost words: every report measures how much of the speech the transcript covers,
a stretch left without words is transcribed again on its own, and one still without words is
marked and said. The real model on a long real recording (every real clip joined, 94 s)."""

from __future__ import annotations

from pathlib import Path

import jiwer
import numpy as np
import pytest

from tests.audio_util import REAL, write_wav
from voice_interview.core.questions import load_bank
from voice_interview.models.question import Question
from voice_interview.models.transcript import Transcribed
from voice_interview.pipeline import score_audio, transcribe_saved
from voice_interview.pipeline.lost_words import coverage_of, recover_lost_words
from voice_interview.settings import ModelSettings, Settings
from voice_interview.speech.audio import load_audio
from voice_interview.speech.transcriber import WhisperTranscriber

CLIPS = sorted(p for p in REAL.iterdir() if p.suffix in {".wav", ".flac"})
# mfa_acoustic_corpus.wav in the joined recording: 15.9-42.6 s.
LOST_FROM, LOST_TO = 17.0, 41.0


@pytest.fixture(scope="module")
def samples() -> np.ndarray:
    return np.concatenate([load_audio(p).samples for p in CLIPS])


@pytest.fixture(scope="module")
def question() -> Question:
    return load_bank(None).get("star-story")


@pytest.fixture(scope="module")
def transcribed(samples: np.ndarray) -> Transcribed:
    return transcribe_saved(
        samples, settings=Settings(), transcriber=WhisperTranscriber(ModelSettings())
    )


def _text(words: list[str]) -> str:
    return " ".join(w.lower().strip(".,?!") for w in words)


def test_a_long_recording_transcribed_in_full_is_covered(
    tmp_path: Path, samples: np.ndarray, question: Question
) -> None:
    report = score_audio(write_wav(tmp_path / "joined.wav", samples), question, settings=Settings())
    coverage = report.transcript.coverage
    assert coverage is not None
    assert coverage.voiced_s > 40
    assert coverage.ratio >= 0.9
    assert coverage.uncovered == []
    assert not any("has no words" in note for note in report.notes)


def test_a_lost_window_is_transcribed_again_on_its_own(
    samples: np.ndarray, transcribed: Transcribed
) -> None:
    """As if the decoder had dropped the 24 s in the middle of the recording without a word."""
    words = transcribed.transcript.words
    dropped = [w for w in words if LOST_FROM <= (w.start or 0.0) < LOST_TO]
    kept = [w for w in words if w not in dropped]
    assert len(dropped) >= 40
    lost = transcribed._replace(
        transcript=transcribed.transcript.model_copy(
            update={"words": kept, "text": " ".join(w.text for w in kept)}
        )
    )
    settings = Settings()
    before = coverage_of(lost, settings)
    assert before.ratio < settings.model.min_coverage
    assert any(s.start < LOST_TO and LOST_FROM < s.end for s in before.uncovered)

    recovered = recover_lost_words(
        lost, samples, WhisperTranscriber(settings.model), settings=settings
    )
    after = coverage_of(recovered, settings)
    assert after.ratio >= settings.model.min_coverage and after.uncovered == []
    again = [w for w in recovered.transcript.words if LOST_FROM - 1 <= (w.start or 0.0) < LOST_TO]
    # Decoded alone the stretch reads as it did in the whole recording, give or take a few words.
    wer = jiwer.wer(_text([w.text for w in dropped]), _text([w.text for w in again]))
    assert wer <= 0.2, wer
    starts = [w.start or 0.0 for w in recovered.transcript.words]
    assert starts == sorted(starts)


def test_speech_still_without_words_is_marked_and_said(question: Question) -> None:
    """Laughter is voiced, and no words come of it even decoded alone: the report says where."""
    settings = Settings(model=ModelSettings(lost_stretch_s=1.0))
    report = score_audio(REAL / "mfa_laughter.flac", question, settings=settings)
    coverage = report.transcript.coverage
    assert coverage is not None and coverage.ratio < settings.model.min_coverage
    # The reference has laughter between its words; the longest bout is at about 6.6-8.0 s.
    assert any(s.start < 8.0 and 6.6 < s.end for s in coverage.uncovered), coverage
    said = [note for note in report.notes if "has no words" in note]
    assert len(said) == 1 and "0:06" in said[0], report.notes
