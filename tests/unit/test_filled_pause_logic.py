"""The pure parts of the filled-pause detector: held-sound acoustics on synthetic signals, where
fillers may be inserted into a transcript, and how the model's scores become report items."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

from voice_interview.models.report import FillerItem
from voice_interview.models.transcript import Interval, Transcript, Word
from voice_interview.settings import ModelSettings
from voice_interview.speech.acoustics import HeldSound, analyse, sound_nuclei
from voice_interview.speech.filled_pauses import (
    FilledPauseConfig,
    detect_filled_pauses,
    find_held_sounds,
    judge_transcribed_runs,
    transcribe_with_fillers,
)
from voice_interview.speech.filler_probe import (
    FillerProbe,
    Insertion,
    _edited_tokens,
    _places,
    _spaced_groups,
    _token_spans,
)
from voice_interview.speech.transcriber import WhisperTranscriber
from voice_interview.speech.windows import DecodedWindow

SR = 16000
CONFIG = FilledPauseConfig()


def vowel(f0: np.ndarray, formants: tuple[float, ...] = (700.0, 1220.0, 2600.0)) -> np.ndarray:
    """A voiced sound with per-sample pitch `f0` and a vowel-like ("uh") spectral envelope."""
    phase = 2 * np.pi * np.cumsum(f0) / SR
    out = np.zeros(len(f0))
    for k in range(1, 40):
        freq = k * float(np.median(f0))
        gain = sum(1.0 / (1.0 + ((freq - f) / 90.0) ** 2) for f in formants) / k**0.5
        out += gain * np.sin(k * phase)
    return (0.3 * out / np.max(np.abs(out))).astype(np.float32)


def padded(signal: np.ndarray, pad_s: float = 0.3) -> tuple[np.ndarray, list[Interval]]:
    pad = np.zeros(int(pad_s * SR), dtype=np.float32)
    samples = np.concatenate([pad, signal, pad])
    return samples, [Interval(start=0.0, end=len(samples) / SR)]


def sounds_in(signal: np.ndarray) -> list[HeldSound]:
    samples, speech = padded(signal)
    return find_held_sounds(samples, speech, CONFIG)


def test_steady_harmonic_vowel_of_half_a_second_is_a_candidate() -> None:
    sounds = sounds_in(vowel(np.full(SR // 2, 120.0)))
    assert len(sounds) == 1
    held = sounds[0]
    assert held.duration == pytest.approx(0.5, abs=0.06)
    assert held.start == pytest.approx(0.3, abs=0.04)
    assert held.f0_hz == pytest.approx(120.0, rel=0.03)
    assert held.pitch_spread_st < 0.5


def test_pitch_sweep_is_not_held() -> None:
    sweep = np.geomspace(100.0, 220.0, SR // 2)  # over an octave in half a second
    assert sounds_in(vowel(sweep)) == []


def test_white_noise_is_not_held() -> None:
    noise = np.random.default_rng(1).normal(0, 0.1, SR // 2).astype(np.float32)
    assert sounds_in(noise) == []


def test_hundred_ms_blip_is_too_short() -> None:
    assert sounds_in(vowel(np.full(SR // 10, 120.0))) == []


def test_sound_outside_speech_is_ignored() -> None:
    samples, _ = padded(vowel(np.full(SR // 2, 120.0)))
    assert find_held_sounds(samples, [Interval(start=0.0, end=0.2)], CONFIG) == []


def test_pitch_of_a_high_steady_voice_is_not_halved() -> None:
    frames = analyse(vowel(np.full(SR // 2, 210.0)))
    voiced = frames.voicing > 0.8
    assert np.median(frames.f0[voiced]) == pytest.approx(210.0, rel=0.03)
    assert np.mean(np.abs(frames.f0[voiced] - 210.0) < 10) > 0.9


def held(start: float, end: float) -> HeldSound:
    return HeldSound(
        start=start,
        end=end,
        f0_hz=100.0,
        pitch_spread_st=0.5,
        spectral_change_db=2.0,
        nasal_rise_db=0.0,
        level_db=-6.0,
    )


WORDS = [
    (" but", 0.0, 0.3),
    (" cares", 0.3, 0.8),
    (" this", 1.3, 1.6),
    (" is", 1.6, 1.8),
]


def test_place_is_before_the_word_that_starts_after_the_sound() -> None:
    # A dropped filler at 0.85-1.25 s: "this" starts after it, so the filler goes before "this".
    assert _places(WORDS, [held(0.85, 1.25)]) == {2: [held(0.85, 1.25)]}


def test_place_is_after_a_word_whose_time_covers_the_sound() -> None:
    words = [(" was", 0.0, 1.2), (" the", 1.2, 1.5)]
    # "was" started long before the sound: the sound is its end or a filler right after it.
    assert list(_places(words, [held(0.8, 1.1)])) == [1]


def test_places_next_to_a_transcribed_filler_are_skipped() -> None:
    words = [(" montreal", 0.0, 0.5), (" uh", 0.5, 0.9), (" forced", 1.5, 1.9)]
    assert _places(words, [held(0.6, 1.0)]) == {}


def test_groups_keep_places_apart_and_prefer_long_sounds() -> None:
    places = {3: [held(0, 0.3)], 4: [held(1, 1.6)], 9: [held(5, 5.3)]}
    assert _spaced_groups(places, min_spacing=2, max_groups=1) == [[4, 9]]
    assert _spaced_groups(places, min_spacing=2, max_groups=2) == [[4, 9], [3]]


class FakeTokenizer:
    """One token per word: its index in a growing vocabulary."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.sot_prev = -1
        self.sot_sequence = (-2,)
        self.no_timestamps = -3

    def encode(self, text: str) -> list[int]:
        return [self.vocab.setdefault(w, len(self.vocab)) for w in text.split()]

    def word(self, token: int) -> str:
        return next(w for w, t in self.vocab.items() if t == token)


def test_edited_tokens_insert_the_filler_before_each_place() -> None:
    tok = FakeTokenizer()
    tokens, slots = _edited_tokens(tok, WORDS, [2, 4], "um")
    assert [tok.word(t) for t in tokens] == ["but", "cares", "um", "this", "is", "um"]
    assert slots == [2, 5]


def test_token_spans_from_an_alignment_path() -> None:
    path = [(0, 0), (0, 1), (1, 2), (2, 3), (2, 4), (2, 5)]
    assert _token_spans(path, 3) == {0: (0, 1), 1: (2, 2), 2: (3, 5)}


@dataclass
class FakeAlignment:
    text_token_probs: list[float]
    alignments: list[tuple[int, int]]


class FakeModel:
    """Gives an inserted "um" probability 0.8 before "this", every other token 0.01."""

    def __init__(self, tok: FakeTokenizer) -> None:
        self.tok = tok
        self.calls = 0

    def align(self, enc: Any, prefix: list[int], texts: list[list[int]], frames: int) -> list[Any]:
        self.calls += 1
        tokens = texts[0]
        words = [self.tok.word(t) for t in tokens]
        probs = [
            0.8 if w == "um" and i + 1 < len(words) and words[i + 1] == "this" else 0.01
            for i, w in enumerate(words)
        ]
        # Token i spans encoder frames 25*i .. 25*i+24 (half a second each).
        path = [(i, f) for i in range(len(tokens)) for f in range(25 * i, 25 * i + 25)]
        return [FakeAlignment(probs, path)]


def test_probe_scores_each_place_with_um_and_uh() -> None:
    tok = FakeTokenizer()
    model = FakeModel(tok)
    wrapper = type("Wrapper", (), {"model": model})()
    probe = FillerProbe([held(0.85, 1.25)], "um uh", _tokenizer=tok)
    probe(
        DecodedWindow(
            words=tuple(WORDS),
            encoder_output=None,
            num_frames=200,
            offset_s=0.0,
            to_recording=lambda t: t,
            model=wrapper,
            language="en",
        )
    )
    assert probe.error is None and probe.windows == 1
    assert model.calls == 2  # one pass for "um", one for "uh"
    (insertion,) = probe.insertions
    assert insertion.p_um == pytest.approx(0.8) and insertion.p_uh == pytest.approx(0.01)
    assert insertion.before == ("but", "cares") and insertion.after == ("this", "is")
    assert insertion.aligned == (1.0, 1.5)  # the inserted token is the third: frames 50-74


def insertion(p_um: float, p_uh: float, sounds: list[HeldSound], aligned: Any) -> Insertion:
    return Insertion(
        p_um=p_um,
        p_uh=p_uh,
        aligned=aligned,
        sounds=tuple(sounds),
        before=("but", "cares"),
        after=("this", "is"),
    )


NO_AUDIO = np.zeros(SR, dtype=np.float32)


def test_likely_insertion_becomes_an_audio_filler_on_its_sound() -> None:
    evidence = [insertion(0.75, 0.2, [held(0.85, 1.25)], (0.9, 1.3))]
    (item,) = detect_filled_pauses(NO_AUDIO, [], [], CONFIG, evidence=evidence)
    assert (item.text, item.start, item.end) == ("um", 0.85, 1.25)
    assert item.source == "audio" and item.kind == "filled_pause"
    assert item.confidence == 0.75
    assert item.context == "but cares um this is"


def test_uh_is_named_when_the_model_prefers_it() -> None:
    evidence = [insertion(0.05, 0.9, [held(0.85, 1.25)], (0.9, 1.3))]
    (item,) = detect_filled_pauses(NO_AUDIO, [], [], CONFIG, evidence=evidence)
    assert item.text == "uh"


def test_before_a_schwa_word_the_model_must_be_surer() -> None:
    # A held "a" sounds like "uh": there the threshold is higher.
    def before_schwa(p: float) -> Insertion:
        return Insertion(p, 0.0, (0.9, 1.3), (held(0.85, 1.25),), ("but",), ("a", "flag"))

    assert CONFIG.min_probability < 0.5 < CONFIG.min_probability_before_schwa
    assert detect_filled_pauses(NO_AUDIO, [], [], CONFIG, evidence=[before_schwa(0.5)]) == []
    assert len(detect_filled_pauses(NO_AUDIO, [], [], CONFIG, evidence=[before_schwa(0.9)])) == 1


def test_unlikely_insertion_is_not_reported() -> None:
    evidence = [insertion(0.05, 0.04, [held(0.85, 1.25)], (0.9, 1.3))]
    assert detect_filled_pauses(NO_AUDIO, [], [], CONFIG, evidence=evidence) == []


def test_alignment_far_from_every_held_sound_is_not_reported() -> None:
    evidence = [insertion(0.9, 0.1, [held(0.85, 1.25)], (3.0, 3.2))]
    assert detect_filled_pauses(NO_AUDIO, [], [], CONFIG, evidence=evidence) == []


def test_one_sound_gives_at_most_one_filler() -> None:
    sound = held(0.85, 1.25)
    evidence = [insertion(0.9, 0.1, [sound], (0.9, 1.3)), insertion(0.6, 0.1, [sound], (0.8, 1.0))]
    assert len(detect_filled_pauses(NO_AUDIO, [], [], CONFIG, evidence=evidence)) == 1


def test_filler_already_in_the_transcript_is_not_reported_again() -> None:
    words = [Word(text="um,", start=0.9, end=1.1)]
    evidence = [insertion(0.9, 0.1, [held(0.85, 1.25)], (0.9, 1.3))]
    assert detect_filled_pauses(NO_AUDIO, words, [], CONFIG, evidence=evidence) == []


def test_without_model_evidence_nothing_is_reported_by_default() -> None:
    samples, speech = padded(vowel(np.full(SR // 2, 120.0)))
    assert detect_filled_pauses(samples, [], speech, CONFIG) == []


def test_acoustic_only_mode_reports_a_long_flat_held_sound() -> None:
    samples, speech = padded(vowel(np.full(SR // 2, 120.0)))
    config = FilledPauseConfig(acoustic_only=True)
    (item,) = detect_filled_pauses(samples, [], speech, config)
    assert item.source == "audio" and item.start == pytest.approx(0.3, abs=0.04)


def test_disabled_detector_reports_nothing() -> None:
    evidence = [insertion(0.9, 0.1, [held(0.85, 1.25)], (0.9, 1.3))]
    config = FilledPauseConfig(enabled=False)
    assert detect_filled_pauses(NO_AUDIO, [], [], config, evidence=evidence) == []


class FakeWhisper(WhisperTranscriber):
    """A WhisperTranscriber whose "model" is FakeModel: it hands one window to the hook."""

    def __init__(self, call_hook: bool = True) -> None:
        super().__init__(ModelSettings())
        self.call_hook = call_hook

    def transcribe(
        self,
        samples: np.ndarray,
        speech: Sequence[Interval],
        *,
        progress: Any = None,
        cancel: Any = None,
        window_hook: Any = None,
    ) -> Transcript:
        tok = FakeTokenizer()
        if window_hook is not None and self.call_hook:
            window_hook(
                DecodedWindow(
                    words=tuple(WORDS),
                    encoder_output=None,
                    num_frames=200,
                    offset_s=0.0,
                    to_recording=lambda t: t,
                    model=type("Wrapper", (), {"model": FakeModel(tok)})(),
                    language="en",
                )
            )
        words = [Word(text=t.strip(), start=a, end=b) for t, a, b in WORDS]
        return Transcript(text=" ".join(w.text for w in words), words=words)


def audio_with_held_sound() -> tuple[np.ndarray, list[Interval]]:
    """Silence, then a held vowel at 0.85-1.25 s (between "cares" and "this"), then silence."""
    samples = np.zeros(2 * SR, dtype=np.float32)
    samples[int(0.85 * SR) : int(1.25 * SR)] = vowel(np.full(int(0.4 * SR), 110.0))
    return samples, [Interval(start=0.0, end=2.0)]


def test_transcribe_with_fillers_runs_the_probe_during_transcription(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The probe reads tokens with the fake model's own tokenizer.
    monkeypatch.setattr(FillerProbe, "_tokenizer_for", lambda self, window: window.model.model.tok)
    samples, speech = audio_with_held_sound()
    transcript, _, items, detector = transcribe_with_fillers(FakeWhisper(), samples, speech)
    assert transcript.text == "but cares this is"
    assert detector == "transcript+audio"
    assert [(i.text, i.source) for i in items] == [("um", "audio")]
    assert items[0].start == pytest.approx(0.85, abs=0.05)


def test_a_probe_that_never_ran_is_not_reported_as_audio_detection() -> None:
    samples, speech = audio_with_held_sound()
    _, _, items, detector = transcribe_with_fillers(FakeWhisper(call_hook=False), samples, speech)
    assert (items, detector) == ([], "transcript")


# --- runs of hesitations ---------------------------------------------------------------------


def hesitations(count: int, gap_s: float = 0.15, length_s: float = 0.3) -> np.ndarray:
    """`count` held "uh" vowels with `gap_s` of silence between them, after 0.3 s of silence."""
    sound = vowel(np.full(int(length_s * SR), 110.0))
    gap = np.zeros(int(gap_s * SR), dtype=np.float32)
    parts = [np.zeros(int(0.3 * SR), dtype=np.float32)]
    for _ in range(count):
        parts += [sound, gap]
    return np.concatenate(parts)


def moving_word(length_s: float = 0.45) -> np.ndarray:
    """Voiced speech whose spectrum changes every 75 ms, as in a word (not held)."""
    formants = [(300.0, 2300.0, 3000.0), (700.0, 1200.0, 2600.0), (400.0, 800.0, 2400.0)]
    step = int(0.075 * SR)
    pieces = [vowel(np.full(step, 110.0), formants[i % 3]) for i in range(int(length_s / 0.075))]
    return np.concatenate(pieces)


def nuclei_of(samples: np.ndarray) -> list[tuple[float, float]]:
    frames = analyse(samples)
    return sound_nuclei(
        frames,
        0.0,
        len(samples) / SR,
        loud_db=float(np.percentile(frames.level_db, 95)),
        max_below_loud_db=CONFIG.max_below_loud_db,
        min_voicing=CONFIG.min_voicing,
        dip_db=CONFIG.run_dip_db,
        min_duration_s=CONFIG.run_min_sound_s,
        max_spectral_change_db=CONFIG.run_max_spectral_change_db,
    )


def test_six_hesitations_in_a_row_are_six_sounds() -> None:
    found = nuclei_of(hesitations(6))
    assert len(found) == 6
    assert found[0][0] == pytest.approx(0.3, abs=0.04)
    assert all(b - a == pytest.approx(0.3, abs=0.06) for a, b in found)


def test_hesitations_said_without_a_silence_are_split_at_the_dip_between_them() -> None:
    loud = vowel(np.full(int(0.35 * SR), 110.0))
    quiet = 0.05 * vowel(np.full(int(0.06 * SR), 110.0))  # 26 dB down, still voiced
    samples = np.concatenate([np.zeros(SR // 4, dtype=np.float32), loud, quiet, loud, quiet, loud])
    assert len(nuclei_of(samples)) == 3


def test_a_word_whose_spectrum_moves_is_not_a_hesitation() -> None:
    pad = np.zeros(SR // 4, dtype=np.float32)
    assert nuclei_of(np.concatenate([pad, moving_word(), pad])) == []


def uh(start: float, end: float) -> Word:
    return Word(text="uh,", start=start, end=end)


def judged(samples: np.ndarray, words: list[Word]) -> list[FillerItem]:
    speech = [Interval(start=0.0, end=len(samples) / SR)]
    return judge_transcribed_runs(analyse(samples), words, speech, CONFIG)


def test_fillers_written_twice_for_one_sound_are_not_counted() -> None:
    # Two sounds at 0.30-0.60 and 0.75-1.05 s; the transcript wrote four "uh", two of them at
    # one time, as Whisper does.
    samples = hesitations(2)
    words = [uh(0.3, 0.6), uh(0.6, 0.6), uh(0.75, 1.0), uh(1.0, 1.0)]
    out = judged(samples, [*words, Word(text="so", start=1.4, end=1.6)])
    assert all(d.source == "transcript" for d in out) and len(out) == 4
    kept = [d for d in out if d.confidence == 1.0]
    assert len(kept) == 2 and len([d for d in out if d.confidence == 0.0]) == 2
    # The two kept are moved to the two sounds.
    heard = sorted((d.start or 0.0) + d.heard[0] for d in kept if d.heard is not None)
    assert heard == pytest.approx([0.3, 0.75], abs=0.05)


def test_sounds_inside_a_run_the_transcript_wrote_short_are_added() -> None:
    # Four sounds at 0.30, 0.75, 1.20 and 1.65 s; the transcript wrote the first and the last.
    samples = hesitations(4)
    out = judged(samples, [uh(0.3, 0.6), uh(1.65, 1.95), Word(text="so", start=2.2, end=2.4)])
    assert [(d.start, d.confidence) for d in out if d.source == "transcript"] == [
        (0.3, 1.0),
        (1.65, 1.0),
    ]
    added = [d for d in out if d.source == "audio"]
    assert [a.confidence for a in added] == [CONFIG.run_sound_confidence] * 2
    assert [a.start for a in added] == pytest.approx([0.75, 1.2], abs=0.05)
    assert all(a.text in ("um", "uh") and a.kind == "filled_pause" for a in added)


def test_a_lone_transcribed_filler_is_left_as_written() -> None:
    samples = hesitations(3)
    assert judged(samples, [Word(text="and", start=0.0, end=0.3), uh(0.75, 1.05)]) == []


def test_place_is_before_a_word_stretched_back_over_the_sound() -> None:
    # "and" timed 22.96-24.34 s over an um at 23.23-23.57 s: the sound is in the word's earlier
    # half, so the word's start was pulled back over a filler said before it.
    words = [(" words", 22.24, 22.96), (" and", 22.96, 24.34), (" i", 24.34, 24.44)]
    assert list(_places(words, [held(23.23, 23.57)])) == [1]
