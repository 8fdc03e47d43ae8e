"""The scoring engine: question cue signals, overrides, score and verdict, evidence and settings."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from voice_interview.core.rubric import load_lexicon, score_rubric, verdict
from voice_interview.core.rubric.lexicon import BUILTIN_CUES, WordIndex, phrase_pattern
from voice_interview.errors import InputError, QuestionError
from voice_interview.models.config import RubricConfig
from voice_interview.models.question import CueSignal, GenericSignal, Phase, Question, RedFlagCue
from voice_interview.models.report import Rubric
from voice_interview.models.transcript import Transcript, Word


def make_question(
    generic: list[GenericSignal] | None = None,
    signals: list[CueSignal] | None = None,
    red_flag_cues: list[str] | None = None,
    phases: list[Phase] | None = None,
) -> Question:
    return Question(
        id="engine-probe",
        title="Engine probe",
        prompt="Tell me about a launch.",
        competency="Move Fast",
        probing="Engine behaviour.",
        target_min_s=60,
        target_max_s=120,
        generic_signals=generic or [],
        signals=signals or [],
        red_flag_cues=[RedFlagCue(id="probe_flag", label="Probe flag", cues=red_flag_cues)]
        if red_flag_cues
        else [],
        phases=phases or [],
    )


def typed(text: str, question: Question, config: RubricConfig | None = None) -> Rubric:
    return score_rubric(Transcript.from_text(text).words, question, config or RubricConfig())


def cue(**kwargs: object) -> CueSignal:
    fields: dict[str, object] = {"id": "probe", "label": "Probe", "advice": "Say the thing."}
    fields.update(kwargs)
    return CueSignal.model_validate(fields)


# --- question cue signals -----------------------------------------------------------------------


def test_any_of_cue_found_with_its_sentence_as_evidence() -> None:
    question = make_question(signals=[cue(any_of=[r"\bcanary\b"])])
    result = typed("We planned for weeks. Then I ran a canary for a day. It went fine.", question)
    signal = result.signals[0]
    assert signal.met and signal.strength == 1.0 and signal.advice is None
    assert [e.text for e in signal.evidence] == ["Then I ran a canary for a day."]
    assert '"canary"' in signal.detail


def test_cues_ignore_case() -> None:
    question = make_question(signals=[cue(any_of=[r"\bkill switch\b"])])
    assert typed("A KILL SWITCH was wired in.", question).signals[0].met


def test_missing_cue_signal_gets_its_advice() -> None:
    question = make_question(signals=[cue(any_of=[r"\bcanary\b"])])
    signal = typed("We shipped it to everyone.", question).signals[0]
    assert not signal.met and signal.strength == 0
    assert signal.advice == "Say the thing."
    assert signal.evidence == []


def test_all_of_needs_every_group() -> None:
    question = make_question(
        signals=[cue(all_of=[[r"\bguardrails?\b"], [r"\brollback\b", r"\brevert"]])]
    )
    half = typed("I set guardrails before launch.", question).signals[0]
    both = typed("I set guardrails before launch. A breach would trigger a rollback.", question)
    assert not half.met and 0 < half.strength < RubricConfig().met_strength
    assert "1 of 2" in half.detail
    assert both.signals[0].met
    assert len(both.signals[0].evidence) == 2


def test_needs_number_accepts_spelled_numbers_and_ignores_background_ones() -> None:
    question = make_question(signals=[cue(any_of=[r"\bfloor\b"], needs_number=True)])
    assert not typed("I set an engagement floor.", question).signals[0].met
    assert typed("I set a four percent engagement floor.", question).signals[0].met
    assert typed("I set a 4% engagement floor.", question).signals[0].met
    # A team size is not the number the cue is asking for.
    assert not typed("Five engineers agreed on a floor.", question).signals[0].met


def test_min_hits_sets_full_strength() -> None:
    question = make_question(signals=[cue(any_of=[r"\b\d+%"], min_hits=2)])
    one = typed("We started at 5%.", question).signals[0]
    two = typed("We started at 5%, then went to 50%.", question).signals[0]
    assert one.met and RubricConfig().met_strength < one.strength < 1.0
    assert "full strength needs 2" in one.detail
    assert two.strength == 1.0


def test_phase_is_passed_through() -> None:
    question = make_question(
        signals=[cue(any_of=[r"\bPR AUC\b"], phase="framing")],
        phases=[Phase(id="framing", title="Framing", start_min=0, end_min=10)],
    )
    assert typed("I would use PR AUC.", question).signals[0].phase == "framing"


def test_invalid_cue_in_an_unvalidated_question_is_a_question_error() -> None:
    # The question model rejects bad patterns; a question built without validation must still
    # fail with a message that names it rather than with a bare re.error.
    bad = CueSignal.model_construct(
        id="probe",
        label="Probe",
        advice="x",
        any_of=["(unclosed"],
        all_of=[],
        weight=1.0,
        needs_number=False,
        min_hits=1,
        phase=None,
    )
    question = make_question(signals=[cue(any_of=["x"])]).model_copy(update={"signals": [bad]})
    with pytest.raises(QuestionError, match="engine-probe.*not a valid regular expression"):
        typed("Anything.", question)


# --- generic overrides, order, score and verdict ------------------------------------------------


def test_generic_overrides_apply() -> None:
    question = make_question(
        generic=[GenericSignal(id="mechanism", weight=3, label="Gate", advice="Name the gate.")]
    )
    signal = typed("We fixed it.", question).signals[0]
    assert (signal.label, signal.weight, signal.advice) == ("Gate", 3, "Name the gate.")


def test_score_is_the_weighted_share_of_strength() -> None:
    question = make_question(
        generic=[GenericSignal(id="ownership", weight=2), GenericSignal(id="mechanism")],
        signals=[cue(any_of=[r"\bcanary\b"], weight=1.5)],
    )
    result = typed("I isolated the feature. I shipped the fix. We ran a canary.", question)
    weights = [s.weight for s in result.signals]
    assert weights == [2, 1, 1.5]
    expected = round(100 * sum(s.weight * s.strength for s in result.signals) / sum(weights))
    assert result.score == expected
    assert [s.id for s in result.signals] == ["ownership", "mechanism", "probe"]


@pytest.mark.parametrize(
    "score, expected",
    [
        (100, "raises_the_bar"),
        (80, "raises_the_bar"),
        (79, "meets"),
        (55, "meets"),
        (54, "below_the_bar"),
    ],
)
def test_verdict_thresholds(score: int, expected: str) -> None:
    assert verdict(score, RubricConfig()) == expected


def test_verdict_follows_the_settings() -> None:
    question = make_question(signals=[cue(any_of=[r"\b\d+%"], min_hits=2)])
    result = typed("We started at 5%.", question)
    assert (result.score, result.verdict) == (75, "meets")
    lenient = RubricConfig(raises_the_bar_score=70)
    assert typed("We started at 5%.", question, lenient).verdict == "raises_the_bar"


def test_met_line_follows_the_settings() -> None:
    question = make_question(generic=[GenericSignal(id="metric_specificity")])
    text = "The error rate was 3%."
    assert not typed(text, question).signals[0].met
    assert typed(text, question, RubricConfig(met_strength=0.4)).signals[0].met


def test_red_flags_quote_the_sentences() -> None:
    question = make_question(
        signals=[cue(any_of=[r"\bcanary\b"])],
        red_flag_cues=[r"\bthe team decided\b", r"\bfelt confident\b"],
    )
    result = typed(
        "The team decided to wait. Then we felt confident. Then I ran a canary.", question
    )
    assert [e.text for e in result.red_flags] == [
        "The team decided to wait.",
        "Then we felt confident.",
    ]


def test_empty_answer_scores_zero_with_advice_everywhere() -> None:
    question = make_question(
        generic=[GenericSignal(id="star_structure"), GenericSignal(id="root_cause")],
        signals=[cue(any_of=[r"\bcanary\b"])],
    )
    result = score_rubric([], question, RubricConfig())
    assert (result.score, result.verdict) == (0, "below_the_bar")
    assert all(s.advice and not s.met for s in result.signals)


# --- evidence -----------------------------------------------------------------------------------


def test_evidence_times_come_from_the_words() -> None:
    text = "We launched on Monday. Then I ran a canary for a day."
    words = [Word(text=t, start=10 + i, end=10.5 + i) for i, t in enumerate(text.split())]
    question = make_question(signals=[cue(any_of=[r"\bcanary\b"])])
    (evidence,) = score_rubric(words, question, RubricConfig()).signals[0].evidence
    assert evidence.text == "Then I ran a canary for a day."
    assert (evidence.start, evidence.end) == (14, 21.5)  # "Then" starts at 14, "day." ends at 21.5


def test_typed_text_gives_no_times() -> None:
    question = make_question(signals=[cue(any_of=[r"\bcanary\b"])])
    (evidence,) = typed("Then I ran a canary for a day.", question).signals[0].evidence
    assert (evidence.start, evidence.end) == (None, None)


def test_long_sentence_is_trimmed_to_the_clause_around_the_cue() -> None:
    text = (
        "We had a long quarter with many launches across several regions and teams, and the "
        "ranking team was under pressure from the product side to move faster than before, "
        "so I set up a canary that took one percent of traffic for each new model, "
        "and nobody complained about it afterwards in the review meetings we held."
    )
    question = make_question(signals=[cue(any_of=[r"\bcanary\b"])])
    config = RubricConfig()
    (evidence,) = typed(text, question, config).signals[0].evidence
    assert "canary" in evidence.text
    assert len(evidence.text.split()) <= config.evidence_max_words
    assert evidence.text in " ".join(text.split())  # a contiguous run of the transcript's words


def test_unpunctuated_speech_is_cut_into_clauses() -> None:
    text = " ".join(["we looked at the dashboards for a while and then talked"] * 6)
    text += " and I ran a canary on one percent of traffic " + text
    question = make_question(signals=[cue(any_of=[r"\bcanary\b"])])
    (evidence,) = typed(text, question).signals[0].evidence
    assert "canary" in evidence.text
    assert len(evidence.text.split()) <= RubricConfig().evidence_max_words


# --- cue lookup -----------------------------------------------------------------------------------

SENTENCES = [
    "Before launch I had set up dashboards on per-feature drift, with an alarm on add-to-cart.",
    "About a day after launch that alarm fired: add-to-cart was down 3.5% against the control.",
    "The root cause turned out to be a feature joined on local time in training but UTC in prod.",
    "Afterwards I wrote a pre-launch parity check, and it now runs on every model launch.",
    "It could be data drift, or maybe training-serving skew, or the labels might be delayed.",
    "Usually I'd loop in the data platform team, and they would fix it.",
    "My manager asked me to look into it, so I pulled the logs.",
    "The ops team filed a ticket and the model was rolled back.",
    "I wired those guardrails to an automated rollback, so it would shut itself off.",
    "We shipped to everyone by the end of that week, and the whole cycle took eight days.",
    "Typically, in general, when I see a gap the first thing I do is compare distributions.",
    "Incidents fell from 12 to 2 a month, which saved the on-call rotation a lot of pages.",
    "I’d already built monitoring from day one; we’d never seen a regression like it.",
    "As a result, clicks recovered within three days and we went live in every region.",
]


def compile_cues(cues: list[str]) -> re.Pattern[str]:
    """The reference the word-indexed matcher must agree with: one case-insensitive alternation
    of the cues (never matching for an empty list)."""
    if not cues:
        return re.compile(r"(?!)")
    return re.compile("|".join(f"(?:{phrase_pattern(c)})" for c in cues), re.IGNORECASE)


def test_word_lookup_finds_what_one_big_pattern_finds() -> None:
    # The word-indexed lookup is an optimisation: it must agree with the plain alternation.
    lexicon = load_lexicon()
    data = tomllib.loads(BUILTIN_CUES.read_text(encoding="utf-8"))
    for (section, name), matcher in lexicon.matchers.items():
        if section.startswith("red_flags"):
            key = "unless" if section == "red_flags_unless" else "cues"
            cues = data["red_flags"][name].get(key, [])
        else:
            cues = data[section]["cues"][name]
        plain = compile_cues(cues)
        for sentence in SENTENCES:
            text = sentence.replace("\u2019", "'")
            found = matcher.find(text, WordIndex.of(text))
            expected = plain.search(text)
            assert (found[0].start() if found else None) == (
                expected.start() if expected else None
            ), (section, name, sentence)


# --- settings and purity ------------------------------------------------------------------------


def test_a_user_cue_file_replaces_the_built_in_one(tmp_path: Path) -> None:
    custom = tmp_path / "cues.toml"
    text = BUILTIN_CUES.read_text(encoding="utf-8")
    custom.write_text(
        text.replace('label = "A mechanism that prevents recurrence"', 'label = "Safety net"'),
        encoding="utf-8",
    )
    question = make_question(generic=[GenericSignal(id="mechanism")])
    result = typed("We fixed it.", question, RubricConfig(cues_file=str(custom)))
    assert result.signals[0].label == "Safety net"
    assert typed("We fixed it.", question).signals[0].label == load_lexicon().label("mechanism")


def test_a_broken_cue_file_is_an_input_error(tmp_path: Path) -> None:
    broken = tmp_path / "cues.toml"
    broken.write_text("[common]\nwords = 3\n", encoding="utf-8")
    question = make_question(generic=[GenericSignal(id="mechanism")])
    with pytest.raises(InputError, match="cues.toml"):
        typed("We fixed it.", question, RubricConfig(cues_file=str(broken)))


def test_rubric_imports_no_ui_audio_or_model_library() -> None:
    code = (
        "import sys, voice_interview.core.rubric, voice_interview.core.numbers\n"
        "heavy = {'textual', 'sounddevice', 'faster_whisper', 'pyttsx3', 'ctranslate2', 'av'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_same_sentence_cues_must_meet_in_one_sentence() -> None:
    from voice_interview.core.rubric import score_rubric
    from voice_interview.models.config import RubricConfig
    from voice_interview.models.question import CueSignal, Question
    from voice_interview.models.transcript import Transcript

    signal = CueSignal(
        id="launch_bar",
        label="Launch bar includes the queue",
        all_of=[[r"\blaunch criteria\b"], [r"\bqueue\b"]],
        same_sentence=True,
        advice="Put the queue in the launch bar.",
    )
    question = Question(
        id="q",
        title="t",
        prompt="p",
        competency="c",
        probing="p",
        target_min_s=60,
        target_max_s=120,
        signals=[signal],
    )
    apart = "Our launch criteria were about precision. Separately, the queue was busy."
    together = "Our launch criteria were precision above 0.8 and a queue under capacity."
    for text, met in ((apart, False), (together, True)):
        rubric = score_rubric(Transcript.from_text(text).words, question, RubricConfig())
        assert rubric.signals[0].met is met, text
