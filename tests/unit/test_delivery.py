"""The delivery report end to end: spoken and typed answers, audio fillers, real alignment."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from voice_interview.core.delivery import build_delivery
from voice_interview.models.config import FillerConfig, ScoringConfig
from voice_interview.models.report import FillerItem
from voice_interview.models.transcript import Interval, Transcript, Word

from .textgrid import aligned_words, speech_intervals

GRID = (
    Path(__file__).resolve().parents[2] / "audio_samples" / "real" / "mfa_acoustic_corpus.TextGrid"
)
CONFIG = ScoringConfig()

ANSWER = (
    "So, um, I think the model drifted. I, I retrained it, like, every week. "
    "It was kind of slow, right? We cut latency from 200 ms to 80 ms."
)


def spoken(text: str, start: float = 1.0, slot: float = 0.4) -> list[Word]:
    return [
        Word(text=t, start=round(start + k * slot, 3), end=round(start + k * slot + 0.3, 3))
        for k, t in enumerate(text.split())
    ]


def test_typed_transcript_has_no_timing_fields() -> None:
    words = Transcript.from_text(ANSWER).words
    delivery = build_delivery(words, duration_s=None, speech=None, config=CONFIG)
    assert delivery.word_count == 29
    assert delivery.wpm is None and delivery.wpm_overall is None
    assert delivery.articulation_wpm is None and delivery.pace_band is None
    assert delivery.pace is None and delivery.pauses is None
    assert delivery.fillers.per_minute is None and delivery.fillers.band is None
    # Counts per 100 words still work without times.
    assert delivery.fillers.by_word == {"like": 1, "so": 1, "um": 1}
    assert delivery.fillers.per_100_words == pytest.approx(100 * 3 / 29, abs=0.01)
    assert [o.text for o in delivery.hedges.items] == ["I think", "kind of", "right?"]
    assert [o.text for o in delivery.repeated_words.items] == ["I, I"]
    assert all(f.start is None for f in delivery.fillers.items)


def test_spoken_answer_has_rates_pauses_and_pace() -> None:
    words = spoken(ANSWER)
    speech = [Interval(start=1.0, end=words[-1].end or 0.0)]
    duration = (words[-1].end or 0.0) + 1.0
    delivery = build_delivery(words, duration_s=duration, speech=speech, config=CONFIG)
    span = (words[-1].end or 0.0) - 1.0
    assert delivery.wpm == pytest.approx(29 * 60 / span, abs=0.1)
    assert delivery.wpm_overall == pytest.approx(29 * 60 / duration, abs=0.1)
    assert delivery.articulation_wpm == delivery.wpm  # one speech interval: no pauses
    assert delivery.pace_band == "good"  # one word every 0.4 s is about 150 wpm
    assert delivery.pace is not None and len(delivery.pace.timeline) == 1
    assert delivery.pauses is not None and delivery.pauses.count == 0
    assert delivery.fillers.per_minute == pytest.approx(3 / (duration / 60), abs=0.01)
    assert delivery.fillers.lower_bound is True and delivery.fillers.detector == "transcript"
    assert delivery.fillers.items[1].start == 1.4  # "um," is the second word


def test_pauses_come_from_voice_activity_and_shape_articulation() -> None:
    words = spoken("We shipped it.", start=1.0) + spoken("Then we waited.", start=4.0)
    speech = [Interval(start=1.0, end=2.1), Interval(start=4.0, end=5.1)]
    delivery = build_delivery(words, duration_s=6.0, speech=speech, config=CONFIG)
    assert delivery.pauses is not None and delivery.pauses.source == "vad"
    assert delivery.pauses.long_count == 1 and delivery.pauses.items[0].mid_sentence is False
    assert delivery.wpm == pytest.approx(6 * 60 / 4.1, abs=0.1)
    assert delivery.articulation_wpm == pytest.approx(6 * 60 / 2.2, abs=0.1)
    no_vad = build_delivery(words, duration_s=6.0, speech=None, config=CONFIG)
    assert no_vad.pauses is not None and no_vad.pauses.source == "word_gaps"


def test_audio_fillers_are_merged_and_the_count_is_no_longer_a_lower_bound() -> None:
    words = spoken("So um we shipped it and then we waited for the numbers")
    audio = [
        FillerItem(text="um", start=1.45, end=1.7, kind="filled_pause", source="audio"),
        FillerItem(text="uh", start=3.0, end=3.3, kind="filled_pause", source="audio"),
    ]
    delivery = build_delivery(
        words,
        duration_s=8.0,
        speech=None,
        config=CONFIG,
        audio_fillers=audio,
        detector="transcript+audio",
    )
    assert [(f.text, f.source) for f in delivery.fillers.items] == [
        ("So", "transcript"),
        ("um", "transcript"),
        ("uh", "audio"),
    ]
    assert delivery.fillers.lower_bound is False
    assert delivery.fillers.detector == "transcript+audio"
    narrow = ScoringConfig(fillers=FillerConfig(merge_tolerance_s=0.0))
    assert (
        build_delivery(
            words, duration_s=8.0, speech=None, config=narrow, audio_fillers=audio
        ).fillers.count
        == 3
    )


def test_no_speech_gives_zero_counts_and_no_rates() -> None:
    delivery = build_delivery([], duration_s=5.0, speech=[], config=CONFIG)
    assert delivery.word_count == 0
    assert delivery.wpm is None and delivery.articulation_wpm is None
    assert delivery.wpm_overall == 0.0
    assert delivery.fillers.count == 0 and delivery.fillers.per_100_words == 0.0
    assert delivery.fillers.per_minute == 0.0 and delivery.fillers.band == "good"


def test_recording_with_untimed_words_keeps_only_the_overall_rate() -> None:
    words = Transcript.from_text("We shipped it on time").words
    delivery = build_delivery(words, duration_s=3.0, speech=None, config=CONFIG)
    assert delivery.wpm_overall == 100.0
    assert delivery.wpm is None and delivery.pauses is None and delivery.pace is None


def test_real_alignment_end_to_end() -> None:
    words = aligned_words(GRID)
    delivery = build_delivery(
        words, duration_s=26.72325, speech=speech_intervals(GRID), config=CONFIG
    )
    assert delivery.word_count == 58
    assert delivery.wpm == pytest.approx(58 * 60 / 24.2, abs=0.1)
    assert delivery.wpm_overall == pytest.approx(58 * 60 / 26.72325, abs=0.1)
    assert delivery.articulation_wpm is not None and delivery.wpm is not None
    assert delivery.articulation_wpm > delivery.wpm
    assert delivery.fillers.by_word == {"um": 2, "you know": 1}
    assert delivery.pauses is not None
    assert (delivery.pauses.count, delivery.pauses.long_count) == (6, 1)
    # The report survives a JSON round trip (saved reports are re-read).
    assert type(delivery).model_validate_json(delivery.model_dump_json()) == delivery


def test_core_imports_no_ui_audio_or_model_library() -> None:
    code = (
        "import sys, voice_interview.core.delivery; "
        "bad = {'textual', 'sounddevice', 'faster_whisper', 'pyttsx3', 'ctranslate2', 'av'}; "
        "print(sorted(bad & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
