"""Live transcription loses nothing against transcribing the whole file afterwards: no words lost
or doubled at chunk boundaries, word times continuous, on real and synthesised answers."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest

from tests.audio_util import REAL, SAMPLES
from voice_interview.models.transcript import Word
from voice_interview.settings import ModelSettings
from voice_interview.speech.audio import SAMPLE_RATE, load_audio
from voice_interview.speech.live import LiveTranscriber
from voice_interview.speech.transcriber import WhisperTranscriber
from voice_interview.speech.vad import detect_speech

BLOCK = SAMPLE_RATE // 10  # the recorder hands over audio in blocks of about this size


@pytest.fixture(scope="module")
def transcriber() -> WhisperTranscriber:
    return WhisperTranscriber(ModelSettings())


def _norm(words: list[Word]) -> list[str]:
    return [w.text.lower().strip(".,?!\"'") for w in words if w.text.strip(".,?!\"'")]


def _wer_and_drift(live: list[Word], batch: list[Word]) -> tuple[float, float]:
    """Word error rate of live against batch, and the mean start-time drift of shared words."""
    import difflib

    a, b = _norm(live), _norm(batch)
    errors, drifts = 0, []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=b, b=a, autojunk=False).get_opcodes():
        if tag == "equal":
            drifts += [
                abs((batch[i1 + k].start or 0) - (live[j1 + k].start or 0)) for k in range(i2 - i1)
            ]
        else:
            errors += max(i2 - i1, j2 - j1)
    return errors / max(1, len(b)), float(np.mean(drifts)) if drifts else 0.0


def _live(
    transcriber: WhisperTranscriber, samples: np.ndarray, speed: float = 10.0
) -> tuple[list[Word], int]:
    """Feed the audio as a recorder would, at `speed` times real-time pace."""
    chunks: list[int] = []
    live = LiveTranscriber(transcriber, on_words=lambda ws: chunks.append(len(ws)))
    for at in range(0, len(samples), BLOCK):
        live.feed(samples[at : at + BLOCK])
        time.sleep(BLOCK / SAMPLE_RATE / speed)
    transcribed = live.finish()
    assert len(live.samples) == len(samples)
    speech = transcribed.speech
    assert all(a.end <= b.start for a, b in zip(speech, speech[1:], strict=False))
    return list(transcribed.transcript.words), len(chunks)


CLIPS = [
    SAMPLES / "answers" / "amazon-mle-ownership-offline-online--strong.wav",
    SAMPLES / "answers" / "meta-mle-move-fast-ambiguity--weak.wav",
    REAL / "mfa_acoustic_corpus.wav",
]


@pytest.mark.parametrize("clip", CLIPS, ids=lambda p: p.name)
def test_live_matches_after_the_fact(transcriber: WhisperTranscriber, clip: Path) -> None:
    samples = load_audio(clip).samples
    batch = transcriber.transcribe(samples, detect_speech(samples)).words
    live, chunks = _live(transcriber, samples)
    if len(samples) > 20 * SAMPLE_RATE:
        assert chunks >= 2, "the answer was transcribed in pieces while it was spoken"
    wer, drift = _wer_and_drift(live, batch)
    # Two decodings of the same audio with tiny.en differ on a few words either way (measured
    # 6-9% here, e.g. "here's" / "here are"); the reference comparison below shows that live is
    # no less accurate. A lost or doubled chunk would cost far more than this bound.
    assert wer <= 0.10, f"live differs from after-the-fact on {wer:.1%} of words"
    assert drift <= 0.15, f"shared words moved by {drift:.2f} s on average"
    starts = [w.start or 0.0 for w in live]
    assert starts == sorted(starts), "word times run forward across chunk boundaries"
    texts = _norm(live)
    doubled = [t for a, t in zip(texts, texts[1:], strict=False) if a == t and t not in {"words"}]
    assert doubled == [], "no word is heard twice at a boundary"


def test_live_keeps_up_with_a_speaker(transcriber: WhisperTranscriber) -> None:
    """Fed at five times real-time pace, most of the answer is done before it ends."""
    samples = load_audio(CLIPS[0]).samples
    live = LiveTranscriber(transcriber)
    stop = threading.Event()
    for at in range(0, len(samples), BLOCK):
        live.feed(samples[at : at + BLOCK])
        time.sleep(0.1 / 5)
    done_before_stop = live.words
    transcript = live.finish(stop).transcript
    assert len(done_before_stop) >= 0.5 * len(transcript.words)


@pytest.mark.parametrize("clip", [REAL / "mfa_acoustic_corpus.wav", REAL / "jfk.flac"])
def test_live_is_as_accurate_as_after_the_fact(transcriber: WhisperTranscriber, clip: Path) -> None:
    """Against the human reference transcript, live is no worse than the whole-file pass.

    The margin is about two words of mfa_acoustic_corpus (55 content words), the spread seen
    between two equally good decodings of the same clip."""
    import jiwer

    fillers = {"um", "uh", "yknow", "hm"}
    ref = " ".join(
        t for t in clip.with_suffix(".txt").read_text().lower().split() if t not in fillers
    )

    def text(words: list[Word]) -> str:
        return " ".join(t for t in _norm(words) if t not in fillers)

    samples = load_audio(clip).samples
    batch = transcriber.transcribe(samples, detect_speech(samples)).words
    live, _ = _live(transcriber, samples)
    live_wer, batch_wer = jiwer.wer(ref, text(live)), jiwer.wer(ref, text(batch))
    assert live_wer <= batch_wer + 0.04, (live_wer, batch_wer)


def test_live_finds_the_fillers_the_transcript_drops(transcriber: WhisperTranscriber) -> None:
    """The filled-pause detector runs on each live chunk, as it does on a whole file."""
    from voice_interview.models.config import FilledPauseConfig

    samples = load_audio(REAL / "mfa_acoustic_corpus.wav").samples
    live = LiveTranscriber(transcriber, fillers=FilledPauseConfig())
    for at in range(0, len(samples), BLOCK):
        live.feed(samples[at : at + BLOCK])
        time.sleep(BLOCK / SAMPLE_RATE / 10)
    transcribed = live.finish()
    transcript = transcribed.transcript
    # A chunk's decoding may write an um itself; the detector adds the ones it left out.
    written = [
        w.start
        for w in transcript.words
        if w.start is not None and w.text.lower().strip(",.") in {"um", "uh"}
    ]
    found = [f.start for f in transcribed.fillers if f.start is not None] + written
    # The forced alignment puts its um at 8.02-8.57 s and 22.90-23.53 s.
    # Whisper's word times are good to about 0.3 s.
    assert any(7.7 < t < 8.9 for t in found) and any(22.6 < t < 23.9 for t in found), found
    assert transcribed.detector == "transcript+audio"
