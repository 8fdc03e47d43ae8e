"""Cutting a saved recording into parts and putting their transcripts back together."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np
import pytest

from voice_interview.errors import Cancelled
from voice_interview.models.transcript import Interval, Transcribed, Transcript, Word
from voice_interview.speech import parts
from voice_interview.speech.parts import (
    Part,
    cut_targets,
    longest_gap,
    part_count,
    plan_parts,
    transcribe_recording,
)

RATE = 16000


def iv(start: float, end: float) -> Interval:
    return Interval(start=start, end=end)


@pytest.mark.parametrize(
    ("duration", "workers", "min_part", "expected"),
    [
        (400.0, 1, 90.0, 1),  # one worker: one pass
        (170.0, 2, 90.0, 1),  # too short for two parts of 90 s
        (180.0, 2, 90.0, 2),
        (400.0, 2, 90.0, 2),
        (200.0, 4, 90.0, 2),  # more workers than parts of 90 s
        (3600.0, 4, 90.0, 4),
    ],
)
def test_part_count(duration: float, workers: int, min_part: float, expected: int) -> None:
    assert part_count(duration, workers, min_part) == expected


@pytest.mark.parametrize(("duration", "count", "overlap"), [(400.0, 2, 12.0), (900.0, 4, 10.0)])
def test_cut_targets_give_every_part_the_same_decoding_length(
    duration: float, count: int, overlap: float
) -> None:
    cuts = cut_targets(duration, count, overlap)
    assert len(cuts) == count - 1
    starts = [0.0, *(c - overlap for c in cuts)]
    ends = [*cuts, duration]
    lengths = [end - start for start, end in zip(starts, ends, strict=True)]
    assert max(lengths) - min(lengths) < 1e-9


def test_longest_gap_takes_the_longest_silence_in_range() -> None:
    speech = [iv(0, 10), iv(10.2, 20), iv(21.0, 30), iv(30.4, 40), iv(43.0, 50)]
    assert longest_gap(speech, 5, 35) == pytest.approx(20.5)  # the 1.0 s silence
    assert longest_gap(speech, 0, 60) == pytest.approx(41.5)  # the 3.0 s one
    assert longest_gap(speech, 31, 40) is None
    assert longest_gap([iv(0, 50)], 0, 50) is None


def test_longest_gap_breaks_ties_by_nearness() -> None:
    speech = [iv(0, 10), iv(10.5, 20), iv(20.5, 30)]
    assert longest_gap(speech, 0, 30, near=19) == pytest.approx(20.25)
    assert longest_gap(speech, 0, 30, near=11) == pytest.approx(10.25)


def test_short_recordings_are_one_part() -> None:
    samples = np.zeros(60 * RATE, dtype=np.float32)
    assert plan_parts(samples, workers=4, min_part_s=90, overlap_s=12) == [
        Part(start=0.0, keep_from=0.0, keep_to=60.0)
    ]


def test_plan_cuts_in_the_pause_nearest_to_equal_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cut goes in the longest pause near the middle, and the next part starts in a pause
    about `overlap` seconds before it."""
    # Speech everywhere but short pauses every 5 s, a long pause at 203-204.2 s and a
    # 0.6 s pause at 189.5-190.1 s (just over 12 s before the cut).
    duration = 400.0
    pauses = [(t, t + 0.2) for t in np.arange(5.0, duration, 5.0)]
    pauses = [p for p in pauses if not 185 <= p[0] <= 210]
    pauses += [(203.0, 204.2), (189.5, 190.1)]
    edges = sorted(pauses)
    speech_all: list[Interval] = []
    at = 0.0
    for start, end in edges:
        speech_all.append(iv(at, start))
        at = end
    speech_all.append(iv(at, duration))

    def fake_vad(samples: np.ndarray, threshold: float = 0.5) -> list[Interval]:
        # The region's own offset is encoded in its first sample (see below).
        offset = float(samples[0]) * 1000
        length = len(samples) / RATE
        return [
            iv(max(0.0, s.start - offset), min(length, s.end - offset))
            for s in speech_all
            if s.end > offset and s.start < offset + length
        ]

    monkeypatch.setattr(parts, "detect_speech", fake_vad)
    samples = (np.arange(int(duration * RATE), dtype=np.float64) / RATE / 1000).astype(np.float32)
    plan = plan_parts(samples, workers=2, min_part_s=90, overlap_s=12)
    assert len(plan) == 2
    first, second = plan
    assert first.start == 0.0 and first.keep_from == 0.0
    assert first.keep_to == pytest.approx(203.6, abs=0.01)
    assert second.keep_from == first.keep_to
    assert second.start == pytest.approx(189.8, abs=0.01)
    assert second.keep_to == pytest.approx(duration)


class ClockTranscriber:
    """Writes one word per second of the audio it is given, named by its second in the whole
    recording (read from the samples, which hold their own time), and ignores speech."""

    model_label = "clock"

    def __init__(self, fail_at: float | None = None, steps: Sequence[float] = ()) -> None:
        self.fail_at = fail_at
        self.steps = steps
        """Progress fractions to report before transcribing."""
        self.calls: list[float] = []
        self.lock = threading.Lock()

    def transcribe(
        self,
        samples: np.ndarray,
        speech: Sequence[Interval],
        *,
        progress: object = None,
        cancel: threading.Event | None = None,
    ) -> Transcript:
        for fraction in self.steps:
            assert callable(progress)
            progress(fraction, "transcribing")
        offset = round(float(samples[0]) * 1000, 3)
        with self.lock:
            self.calls.append(offset)
        words = []
        length = len(samples) / RATE
        second = int(np.ceil(offset))
        while second + 0.4 <= offset + length:
            if cancel is not None and cancel.is_set():
                raise Cancelled("cancelled")
            if self.fail_at is not None and second >= self.fail_at:
                raise RuntimeError("model failed")
            local = second - offset
            words.append(Word(text=f"w{second}", start=local, end=local + 0.4))
            second += 1
        return Transcript(text=" ".join(w.text for w in words), words=words, model="clock")


def _clock_samples(duration: float) -> np.ndarray:
    return (np.arange(int(duration * RATE), dtype=np.float64) / RATE / 1000).astype(np.float32)


def _no_vad(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parts, "detect_speech", lambda samples, threshold=0.5: [])


def test_parts_are_put_back_together_without_gaps_or_doubles(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _no_vad(monkeypatch)
    plan = [
        Part(start=0.0, keep_from=0.0, keep_to=100.7),
        Part(start=88.2, keep_from=100.7, keep_to=200.5),
        Part(start=187.9, keep_from=200.5, keep_to=300.0),
    ]
    clock = ClockTranscriber()
    result = transcribe_recording(clock, _clock_samples(300.0), plan)
    assert [w.text for w in result.transcript.words] == [f"w{s}" for s in range(300)]
    assert [w.start for w in result.transcript.words] == [float(s) for s in range(300)]
    assert sorted(clock.calls) == [0.0, 88.2, 187.9]
    assert result.transcript.text.startswith("w0 w1 w2")


def test_progress_runs_from_zero_to_one_across_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_vad(monkeypatch)

    seen: list[float] = []
    plan = [Part(0.0, 0.0, 50.0), Part(40.0, 50.0, 100.0)]
    transcribe_recording(
        ClockTranscriber(steps=(0.5, 1.0)),
        _clock_samples(100.0),
        plan,
        progress=lambda f, m: seen.append(f),
    )
    assert seen == sorted(seen)
    assert seen[-1] == pytest.approx(1.0)


def test_a_failing_part_fails_the_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_vad(monkeypatch)
    plan = [Part(0.0, 0.0, 50.0), Part(40.0, 50.0, 100.0)]
    with pytest.raises(RuntimeError, match="model failed"):
        transcribe_recording(ClockTranscriber(fail_at=70), _clock_samples(100.0), plan)


def test_cancelling_stops_every_part(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_vad(monkeypatch)
    cancel = threading.Event()
    cancel.set()
    plan = [Part(0.0, 0.0, 50.0), Part(40.0, 50.0, 100.0)]
    with pytest.raises(Cancelled):
        transcribe_recording(
            ClockTranscriber(),
            _clock_samples(100.0),
            plan,
            progress=lambda f, m: None,
            cancel=cancel,
        )


def test_speech_is_clipped_at_the_cuts(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each part's voice activity reports one stretch over its whole audio.
    monkeypatch.setattr(
        parts, "detect_speech", lambda samples, threshold=0.5: [iv(0.0, len(samples) / RATE)]
    )
    plan = [Part(0.0, 0.0, 50.0), Part(40.0, 50.0, 100.0)]
    result = transcribe_recording(ClockTranscriber(), _clock_samples(100.0), plan)
    assert result.speech == [iv(0.0, 50.0), iv(50.0, 100.0)]


@pytest.mark.parametrize(("count", "workers"), [(1, 1), (2, 2)])
def test_one_part_is_decoded_by_the_model_with_every_thread(
    monkeypatch: pytest.MonkeyPatch, count: int, workers: int
) -> None:
    """A model loaded for parts gives each replica one thread; one decoding must not use it."""
    from voice_interview.pipeline import transcribe_saved
    from voice_interview.settings import Settings
    from voice_interview.speech.transcriber import WhisperTranscriber

    plan = [Part(start=0.0, keep_from=0.0, keep_to=100.0)] * count
    monkeypatch.setattr(parts, "plan_parts", lambda samples, **kwargs: plan)
    used: list[WhisperTranscriber] = []

    def record(transcriber: WhisperTranscriber, *args: object, **kwargs: object) -> Transcribed:
        used.append(transcriber)
        return Transcribed(Transcript(text=""), [], [], "transcript")

    monkeypatch.setattr(parts, "transcribe_recording", record)
    settings = Settings()
    for_parts = WhisperTranscriber(settings.model, workers=2)
    transcribe_saved(np.zeros(RATE), settings=settings, transcriber=for_parts)
    assert used[0].workers == workers
    assert (used[0] is for_parts) == (workers == 2)
