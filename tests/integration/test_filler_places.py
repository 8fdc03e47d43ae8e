"""The filled-pause detector where it used to go wrong: runs of hesitations, lengthened words,
restarts, and a live chunk, with the real model on real and Piper-voiced speech.

The Piper clips (audio_samples/fillers_dev, made by scripts/make_piper_samples.py) carry the
exact time and kind of place of every filler, held word and cut-off in an "events" tier.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.audio_util import REAL, SAMPLES
from tests.unit.textgrid import read_tiers
from voice_interview.core.fillers import find_fillers, merge_fillers
from voice_interview.models.config import FilledPauseConfig, FillerConfig
from voice_interview.models.report import FillerItem
from voice_interview.settings import ModelSettings
from voice_interview.speech.audio import SAMPLE_RATE, load_audio
from voice_interview.speech.filled_pauses import transcribe_with_fillers
from voice_interview.speech.transcriber import WhisperTranscriber
from voice_interview.speech.vad import detect_speech

pytestmark = pytest.mark.model

DEV = SAMPLES / "fillers_dev"
TOLERANCE_S = 0.3
COUNTING = FillerConfig()


@pytest.fixture(scope="module")
def transcriber() -> WhisperTranscriber:
    return WhisperTranscriber(ModelSettings())


def counted(transcriber: WhisperTranscriber, samples: np.ndarray) -> list[FillerItem]:
    """Filled pauses as the report counts them: transcript and sound merged, confident ones."""
    speech = detect_speech(samples)
    transcript, _speech, audio, detector = transcribe_with_fillers(
        transcriber, samples, speech, FilledPauseConfig()
    )
    assert detector == "transcript+audio"
    merged = merge_fillers(find_fillers(transcript.words), audio, COUNTING.merge_tolerance_s)
    return [
        f for f in merged if f.kind == "filled_pause" and f.confidence >= COUNTING.min_confidence
    ]


def events(path: Path, kind: str) -> list[tuple[float, float]]:
    """Times of the events of one kind ("run", "held", "cutoff" ...) in a Piper clip."""
    tier = read_tiers(path.with_suffix(".TextGrid"))["events"]
    return [(a, b) for a, b, label in tier if kind in label.split(":")]


def matched(found: list[FillerItem], refs: list[tuple[float, float]]) -> int:
    """Found fillers that each overlap a distinct reference, give or take TOLERANCE_S."""
    free = list(refs)
    hits = 0
    for item in sorted(found, key=lambda f: f.start or 0.0):
        lo, hi = (item.start or 0.0) - TOLERANCE_S, (item.end or 0.0) + TOLERANCE_S
        near = [r for r in free if r[0] < hi and lo < r[1]]
        if near:
            free.remove(min(near, key=lambda r: abs(r[0] - (item.start or 0.0))))
            hits += 1
    return hits


@pytest.mark.parametrize("voice", ["joe", "joe_fast", "joe_low"])
def test_a_run_of_six_uhs_is_never_reported_as_more(
    transcriber: WhisperTranscriber, voice: str
) -> None:
    # Whisper itself writes 7 to 11 "uh" for these six; each counted one must be a distinct one
    # that was said, and at most one of the six may be missed.
    path = DEV / f"run__{voice}.flac"
    runs = events(path, "run")
    assert len(runs) == 6
    found = [f for f in counted(transcriber, load_audio(path).samples) if f.start is not None]
    in_run = [f for f in found if runs[0][0] - 1.0 < (f.start or 0.0) < runs[-1][1] + 0.5]
    assert matched(in_run, runs) == len(in_run), [(f.text, f.start) for f in in_run]
    assert 5 <= len(in_run) <= 6, [(f.text, f.start, f.source) for f in in_run]


def test_the_real_run_of_six_is_counted_six(transcriber: WhisperTranscriber) -> None:
    # "montreal forced uh um uh hm hm um forced aligner": the bundled model writes three of them.
    found = counted(transcriber, load_audio(REAL / "mfa_uhum.flac").samples)
    assert len(found) == 6, [(f.text, f.start, f.source, f.confidence) for f in found]
    starts = sorted(f.start or 0.0 for f in found)
    assert all(b - a > 0.3 for a, b in zip(starts, starts[1:], strict=False)), starts


@pytest.mark.parametrize(
    "name",
    [
        "lengthened__joe",
        "lengthened__joe_low",
        "lengthened__joe_high",
        "clean_held__joe_slow",
        "clean_held__joe_rough",
        "clean__joe",
    ],
)
def test_no_filler_at_lengthened_words(transcriber: WhisperTranscriber, name: str) -> None:
    path = DEV / f"{name}.flac"
    assert counted(transcriber, load_audio(path).samples) == []


@pytest.mark.parametrize("voice", ["joe", "joe_fast", "joe_rough"])
def test_a_cut_off_word_is_not_reported_as_a_filler(
    transcriber: WhisperTranscriber, voice: str
) -> None:
    path = DEV / f"restart__{voice}.flac"
    cutoffs = events(path, "cutoff")
    fillers = events(path, "restart")
    assert len(cutoffs) == 2 and len(fillers) == 2
    found = counted(transcriber, load_audio(path).samples)
    # Whatever is counted is one of the two fillers said beside the restarts, each at most once.
    assert matched(found, fillers) == len(found) <= 2, [(f.text, f.start) for f in found]


@pytest.mark.parametrize("cut_s", [17.3, 17.84, 18.3])
def test_the_live_chunk_after_a_cut_keeps_its_um(
    transcriber: WhisperTranscriber, cut_s: float
) -> None:
    # The live path cuts mfa_acoustic_corpus in the silence at 17.25-18.43 s and gives the
    # detector the rest; the forced alignment puts the um at 22.90-23.53 s.
    samples = load_audio(REAL / "mfa_acoustic_corpus.wav").samples
    found = counted(transcriber, samples[int(cut_s * SAMPLE_RATE) :])
    at = [(f.start or 0.0) + cut_s for f in found]
    assert sum(22.6 < t < 23.9 for t in at) == 1, (at, [(f.text, f.source) for f in found])
