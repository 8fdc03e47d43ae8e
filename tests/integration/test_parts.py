"""A long recording transcribed in parts at once reads like one transcribed in one pass: no word
lost or doubled at the cut, times in order, the same accuracy against the reference text."""

from __future__ import annotations

import re

import jiwer
import numpy as np
import pytest

from tests.audio_util import SAMPLES
from voice_interview.models.transcript import Transcribed
from voice_interview.pipeline import transcribe_saved
from voice_interview.settings import ModelSettings, Settings
from voice_interview.speech.audio import load_audio
from voice_interview.speech.parts import plan_parts
from voice_interview.speech.transcriber import WhisperTranscriber

# A 201-s spoken answer: two parts when a part may be as short as 60 s.
ANSWER = SAMPLES / "answers" / "mle-model-evaluation-review-queue--strong.wav"
MODEL = ModelSettings(min_part_s=60.0)


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z' ]", " ", text.lower()).split())


@pytest.fixture(scope="module")
def samples() -> np.ndarray:
    return load_audio(ANSWER).samples


@pytest.fixture(scope="module")
def results(samples: np.ndarray) -> dict[str, Transcribed]:
    settings = Settings(model=MODEL)
    return {
        "one_pass": transcribe_saved(
            samples, settings=settings, transcriber=WhisperTranscriber(MODEL)
        ),
        "parts": transcribe_saved(
            samples, settings=settings, transcriber=WhisperTranscriber(MODEL, workers=2)
        ),
    }


def test_the_answer_is_cut_in_a_pause_near_its_middle(samples: np.ndarray) -> None:
    plan = plan_parts(samples, workers=2, min_part_s=60, overlap_s=12)
    assert len(plan) == 2
    duration = len(samples) / 16000
    cut = plan[1].keep_from
    assert abs(cut - (duration + 12) / 2) <= 15
    assert 8 <= cut - plan[1].start <= 18
    # The cut is in a pause: no speech within 0.1 s of it in a one-pass voice-activity run.
    from voice_interview.speech.vad import detect_speech

    speech = detect_speech(samples)
    assert not any(iv.start - 0.1 < cut < iv.end + 0.1 for iv in speech)


def test_parts_are_as_accurate_as_one_pass(results: dict[str, Transcribed]) -> None:
    reference = _norm((ANSWER.with_suffix(".txt")).read_text())
    one_pass = jiwer.wer(reference, _norm(results["one_pass"].transcript.text))
    parts = jiwer.wer(reference, _norm(results["parts"].transcript.text))
    assert parts <= one_pass + 0.03, (parts, one_pass)
    between = jiwer.wer(
        _norm(results["one_pass"].transcript.text), _norm(results["parts"].transcript.text)
    )
    assert between <= 0.10, between


def test_no_word_lost_or_doubled_at_the_cut(
    samples: np.ndarray, results: dict[str, Transcribed]
) -> None:
    cut = plan_parts(samples, workers=2, min_part_s=60, overlap_s=12)[1].keep_from
    words = [w for w in results["parts"].transcript.words if _norm(w.text)]
    k = next(i for i, w in enumerate(words) if (w.start or 0.0) >= cut)
    before, after = words[k - 3 : k], words[k : k + 3]
    # Doubled: the second part would repeat what the first part ended with.
    assert [_norm(w.text) for w in before] != [_norm(w.text) for w in after]
    assert not set(_norm(w.text) for w in before[-1:]) & set(_norm(w.text) for w in after[:1])
    assert (after[0].start or 0.0) >= (before[-1].end or 0.0) - 0.05
    # Lost: speech between the last word before the cut and the first after it, with no words.
    hole_from, hole_to = (before[-1].end or 0.0) + 0.3, (after[0].start or 0.0) - 0.3
    untranscribed = sum(
        max(0.0, min(iv.end, hole_to) - max(iv.start, hole_from)) for iv in results["parts"].speech
    )
    assert untranscribed < 0.5, (before, after)
    # And the words either side of the cut are the reference's, in its order.
    reference = _norm(ANSWER.with_suffix(".txt").read_text())
    around = " ".join(_norm(w.text) for w in words[k - 8 : k + 8])
    assert jiwer.wer(around, _best_slice(reference, around)) <= 0.25


def _best_slice(reference: str, text: str) -> str:
    """The stretch of the reference that `text` matches best (same number of words)."""
    ref, n = reference.split(), len(text.split())
    slices = [" ".join(ref[i : i + n]) for i in range(max(1, len(ref) - n + 1))]
    return min(slices, key=lambda candidate: jiwer.wer(candidate, text))


def test_times_run_forward_across_parts(results: dict[str, Transcribed]) -> None:
    words = results["parts"].transcript.words
    # Numbers come out whole ("2.4", "15%"), not as the model's pieces (".4", "%").
    assert [w.text for w in words if re.match(r"^(?:[.,%]|-\w)", w.text)] == []
    starts = [w.start for w in words if w.start is not None]
    assert len(starts) == len(words)
    assert starts == sorted(starts)
    speech = results["parts"].speech
    assert all(a.end <= b.start for a, b in zip(speech, speech[1:], strict=False))
    total = sum(iv.duration for iv in speech)
    one_pass_total = sum(iv.duration for iv in results["one_pass"].speech)
    assert abs(total - one_pass_total) <= 0.02 * one_pass_total


def test_fillers_and_detector_survive_the_cut(results: dict[str, Transcribed]) -> None:
    for found in results.values():
        assert found.detector == "transcript+audio"
        starts = [f.start or 0.0 for f in found.fillers]
        assert starts == sorted(starts)
