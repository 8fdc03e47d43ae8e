"""Pauses: from voice activity or word gaps, long ones listed, mid-sentence ones marked."""

from __future__ import annotations

from pathlib import Path

import pytest

from voice_interview.core.pauses import find_gaps, find_pauses, time_to_first_word
from voice_interview.models.config import PauseConfig
from voice_interview.models.transcript import Interval, Word

from .textgrid import aligned_words, read_tiers, silences, speech_intervals

REAL = Path(__file__).resolve().parents[2] / "audio_samples" / "real"
GRID = REAL / "mfa_acoustic_corpus.TextGrid"


def w(text: str, start: float, end: float) -> Word:
    return Word(text=text, start=start, end=end)


def iv(start: float, end: float) -> Interval:
    return Interval(start=start, end=end)


# Three stretches of speech: 1.0-3.0, 4.5-6.0 (after a 1.5 s pause), 6.3-8.0 (after 0.3 s).
WORDS = [
    w("We", 1.0, 1.4),
    w("shipped", 1.5, 2.2),
    w("the", 2.3, 3.0),
    w("model.", 4.5, 6.0),
    w("Then", 6.3, 7.0),
    w("waited", 7.2, 8.0),
]
SPEECH = [iv(1.0, 3.0), iv(4.5, 6.0), iv(6.3, 8.0)]


def test_vad_gaps_become_pauses_and_long_ones_are_listed() -> None:
    report = find_pauses(SPEECH, WORDS, PauseConfig())
    assert report.source == "vad"
    assert (report.count, report.long_count) == (2, 1)
    (pause,) = report.items
    assert (pause.start, pause.end, pause.duration_s) == (3.0, 4.5, 1.5)
    assert (pause.before_word, pause.after_word) == ("the", "model.")
    assert pause.mid_sentence is True and pause.long is True
    assert report.mid_sentence_long_count == 1


@pytest.mark.parametrize("before", ["done.", "done?", "done!", "done,", "done;", "done:", "done -"])
def test_a_pause_after_sentence_or_clause_punctuation_is_not_mid_sentence(before: str) -> None:
    words = [w(before, 0.0, 1.0), w("Next", 2.5, 3.0)]
    report = find_pauses([iv(0.0, 1.0), iv(2.5, 3.0)], words, PauseConfig())
    assert report.items[0].mid_sentence is False
    assert report.mid_sentence_long_count == 0


@pytest.mark.parametrize(
    ("texts", "mid_sentence"),
    [
        (["Montreal", "forced,", "um,"], True),  # Whisper's commas only set the um off
        (["The", "data", "was", "bad.", "Um,"], False),  # a sentence ended before the um
        (["bad.", "Um,", "uh,"], False),
        (["Um,"], False),  # only fillers before: the start of the answer
        (["we", "tested", "it", "um"], True),
    ],
)
def test_after_a_filled_pause_only_a_sentence_end_is_a_boundary(
    texts: list[str], mid_sentence: bool
) -> None:
    words = [w(t, k * 0.5, k * 0.5 + 0.4) for k, t in enumerate(texts)]
    end = words[-1].end or 0.0
    words.append(w("next", end + 1.5, end + 2.0))
    report = find_pauses(None, words, PauseConfig())
    assert [p.mid_sentence for p in report.items] == [mid_sentence]


def test_pause_threshold_is_inclusive_and_shorter_gaps_are_ignored() -> None:
    words = [w("a", 0.0, 1.0), w("b", 1.25, 2.0), w("c", 2.24, 3.0)]
    speech = [iv(0.0, 1.0), iv(1.25, 2.0), iv(2.24, 3.0)]
    report = find_pauses(speech, words, PauseConfig())
    assert report.count == 1  # 0.25 s counts, 0.24 s does not
    assert report.long_count == 0 and report.items == []


def test_silence_before_the_first_and_after_the_last_word_is_not_a_pause() -> None:
    # Noise at 0.2 s and a cough after the answer are voice activity outside the answer.
    speech = [iv(0.2, 0.4), *SPEECH, iv(10.0, 10.3)]
    report = find_pauses(speech, WORDS, PauseConfig())
    assert (report.count, report.long_count) == (2, 1)


def test_overlapping_speech_intervals_are_joined() -> None:
    speech = [iv(1.0, 2.0), iv(1.5, 3.0), iv(4.5, 8.0)]
    report = find_pauses(speech, WORDS, PauseConfig())
    assert [(p.start, p.end) for p in report.items] == [(3.0, 4.5)]


def test_smeared_word_timestamps_do_not_hide_a_vad_pause() -> None:
    # Whisper stretched "the" over the silence; voice activity still shows the pause, and the
    # words either side are found by their midpoints.
    words = [w("We", 1.0, 1.4), w("shipped", 1.5, 2.2), w("the", 2.3, 4.4), w("model.", 4.5, 6.0)]
    report = find_pauses([iv(1.0, 3.0), iv(4.5, 6.0)], words, PauseConfig())
    assert [(p.before_word, p.after_word) for p in report.items] == [("the", "model.")]
    assert find_pauses(None, words, PauseConfig()).count == 0  # what word gaps alone would see


def test_without_voice_activity_word_gaps_are_used() -> None:
    report = find_pauses(None, WORDS, PauseConfig())
    assert report.source == "word_gaps"
    assert (report.count, report.long_count) == (2, 1)
    assert [(p.start, p.end) for p in report.items] == [(3.0, 4.5)]
    assert find_pauses([], WORDS, PauseConfig()).source == "word_gaps"


def test_settings_change_the_thresholds() -> None:
    report = find_pauses(SPEECH, WORDS, PauseConfig(min_pause_s=0.5, long_pause_s=0.2))
    assert report.count == 1  # the 0.3 s gap is now too short
    assert (report.min_pause_s, report.long_pause_s) == (0.5, 0.2)


def test_untimed_or_single_words_have_no_pauses() -> None:
    assert find_pauses(None, [Word(text="hello"), Word(text="there")], PauseConfig()).count == 0
    assert find_pauses(None, [w("hello", 0.0, 1.0)], PauseConfig()).count == 0


def test_time_to_first_word() -> None:
    assert time_to_first_word(WORDS) == 1.0
    assert time_to_first_word([Word(text="typed")]) is None
    assert time_to_first_word([]) is None
    # Whisper stretched the first word back to 0.0; voice activity says speech began at 2.1.
    smeared = [w("So", 0.0, 2.4), w("we", 2.5, 2.7)]
    assert time_to_first_word(smeared, [iv(2.1, 2.7)]) == 2.1
    # A later word start is kept when voice activity starts earlier (breath before the word).
    assert time_to_first_word([w("So", 2.3, 2.5)], [iv(2.1, 2.7)]) == 2.3


# --- real speech ---------------------------------------------------------------------------


def _expected_pauses(min_s: float) -> list[tuple[float, float]]:
    words = aligned_words(GRID)
    first, last = words[0].start or 0.0, words[-1].end or 0.0
    return [(a, b) for a, b in silences(GRID) if a >= first and b <= last and b - a >= min_s - 1e-9]


@pytest.mark.parametrize("use_vad", [True, False])
def test_pauses_match_the_real_forced_alignment(use_vad: bool) -> None:
    """Pauses computed from the alignment's speech match its own silent intervals."""
    words = aligned_words(GRID)
    speech = speech_intervals(GRID) if use_vad else None
    gaps, source = find_gaps(speech, words, 0.25)
    expected = _expected_pauses(0.25)
    assert source == ("vad" if use_vad else "word_gaps")
    assert len(gaps) == len(expected) == 6
    for gap, (start, end) in zip(gaps, expected, strict=True):
        assert abs(gap.start - start) <= 0.05 and abs(gap.end - end) <= 0.05

    report = find_pauses(speech, words, PauseConfig())
    long_expected = _expected_pauses(1.0)
    assert report.long_count == len(long_expected) == 1
    (pause,) = report.items
    assert abs(pause.start - long_expected[0][0]) <= 0.05
    assert abs(pause.end - long_expected[0][1]) <= 0.05
    assert (pause.before_word, pause.after_word) == ("words", "and")
    # The aligner writes no punctuation, so every pause reads as inside a sentence.
    assert pause.mid_sentence is True


def test_time_to_first_word_matches_the_real_alignment() -> None:
    ttfw = time_to_first_word(aligned_words(GRID), speech_intervals(GRID))
    leading_silence = silences(GRID)[0]
    assert ttfw is not None and abs(ttfw - leading_silence[1]) <= 0.05


def test_textgrid_reader_reads_the_long_format_too(tmp_path: Path) -> None:
    """The test helper reads Praat's long text format as it reads the short one."""
    tier = [(0.0, 1.05, ""), (1.05, 1.2, "this"), (1.2, 1.34, 'say "hi"')]
    lines = [
        'File type = "ooTextFile"',
        'Object class = "TextGrid"',
        "xmin = 0",
        "xmax = 1.34",
        "tiers? <exists>",
        "size = 1",
        "item []:",
        "    item [1]:",
        '        class = "IntervalTier"',
        '        name = "words"',
        "        xmin = 0",
        "        xmax = 1.34",
        f"        intervals: size = {len(tier)}",
    ]
    for k, (a, b, label) in enumerate(tier, start=1):
        escaped = label.replace('"', '""')
        lines += [
            f"        intervals [{k}]:",
            f"            xmin = {a}",
            f"            xmax = {b}",
            f'            text = "{escaped}"',
        ]
    path = tmp_path / "long.TextGrid"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert read_tiers(path) == {"words": tier}
    assert [w.text for w in aligned_words(path)] == ["this", 'say "hi"']
