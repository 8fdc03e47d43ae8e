"""Red flags: shared ones fire on natural speech, hindsight is never a plan, each flag has an id,
a label, a quote and a time, and red flags lower the verdict by the documented rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from voice_interview.core.questions import load_pack
from voice_interview.core.rubric import load_lexicon, score_rubric
from voice_interview.core.rubric.lexicon import BUILTIN_CUES
from voice_interview.models.config import RubricConfig
from voice_interview.models.question import GenericSignal, Question, RedFlagCue
from voice_interview.models.report import Rubric
from voice_interview.models.transcript import Transcript, Word

ALL = [
    "monitoring_before",
    "root_cause",
    "mechanism",
    "ownership",
    "metric_specificity",
    "quantified_result",
    "specific_story",
    "star_structure",
]


def question(
    generic: list[str] | None = None,
    own: list[RedFlagCue] | None = None,
    kind: str = "story",
) -> Question:
    return Question.model_validate(
        {
            "id": "flags",
            "title": "Flags",
            "prompt": "Tell me about a time a model regressed.",
            "competency": "Ownership",
            "probing": "Red flags.",
            "kind": kind,
            "target_min_s": 60,
            "target_max_s": 120,
            "generic_signals": [GenericSignal(id=g) for g in (generic or ALL)],
            "red_flag_cues": own or [],
        }
    )


def typed(text: str, q: Question | None = None, config: RubricConfig | None = None) -> Rubric:
    words = Transcript.from_text(text).words
    return score_rubric(words, q or question(), config or RubricConfig())


def flag_ids(text: str, q: Question | None = None) -> set[str]:
    return {f.id for f in typed(text, q).red_flags}


STRONG = (
    "Last spring I owned the ranking model for our grocery app. Before launch I had set up an "
    "alarm on add-to-cart rate. A day after launch that alarm fired: add-to-cart was down 3.5% "
    "against control over the first 24 hours. My job was to find out why before the weekend. "
    "The root cause turned out to be an inventory feature joined on local time in training but "
    "on UTC in serving. I rolled the model back that afternoon and shipped a fixed version in "
    "four days, which recovered the full 3.5%. Afterwards I wrote a pre-launch parity check that "
    "compares feature values between training and serving, and it now runs on every launch."
)


@pytest.mark.parametrize(
    ("flag", "sentence"),
    [
        ("hypothetical", "I'd look at the feature logs first."),
        ("hypothetical", "Then we'd retrain and keep an eye on it."),
        ("hypothetical", "I would compare the distributions."),
        ("hypothetical", "If there was ever an issue with fairness, we would look into it."),
        ("generic_habit", "I usually start with the dashboards."),
        ("usual_suspects", "I went through all of the usual suspects."),
        ("cause_list", "It could be drift, or skew, or maybe leakage in the labels."),
        ("handed_off", "I passed it to the data engineering team since they own the pipeline."),
        ("handed_off", "I'd pass it to the data engineering team."),
        ("others_noticed", "A product manager saw it on a weekly dashboard and pinged us."),
        ("no_alert", "Nobody had an alert on that metric."),
        ("blame", "In the end it was human error on the ops side."),
        ("team_credit", "We found the join. We shipped the fix."),
        ("team_credit", "The team decided to roll back."),
        ("prompted", "My manager suggested I look into it since I had bandwidth."),
    ],
)
def test_shared_red_flags_fire_on_natural_speech(flag: str, sentence: str) -> None:
    assert flag in flag_ids(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Looking back, I would have caught it a day earlier.",
        "I'd have paged the owner sooner if the alarm had been per region.",
        "I'd already built the alarm the month before.",
        "If the appeal rate went above 2%, we would switch back to the rules.",
        "They said they would not renew the contract.",
        "I added a check so that we would catch it before launch.",
        "I'd say the fix took about a week.",
        "I'd also say the fix took about a week.",
    ],
)
def test_hindsight_conditions_and_reported_speech_are_not_plans(sentence: str) -> None:
    result = typed(sentence)
    assert "hypothetical" not in {f.id for f in result.red_flags}
    # The detectors read it the same way: a past event, not a plan.
    story = next(s for s in result.signals if s.id == "specific_story")
    assert story.strength > 0 and "0 describe what would" in story.detail


def test_a_plan_is_a_plan_for_the_detectors_too() -> None:
    story = next(s for s in typed("I'd look at the logs.").signals if s.id == "specific_story")
    assert story.strength == 0


def test_a_strong_answer_raises_no_red_flag() -> None:
    result = typed(STRONG)
    assert result.red_flags == [] and result.verdict == "raises_the_bar"


def test_every_shared_flag_is_declared_once_with_label_and_advice() -> None:
    lexicon = load_lexicon()
    assert set(lexicon.red_flags) >= {
        "hypothetical",
        "generic_habit",
        "usual_suspects",
        "cause_list",
        "handed_off",
        "others_noticed",
        "no_alert",
        "blame",
        "team_credit",
    }
    for flag in lexicon.red_flags.values():
        assert flag.label and flag.advice.endswith(".")
        assert flag.cues or flag.rule


def test_a_red_flag_has_its_quote_and_time() -> None:
    text = "We launched on Monday, and honestly I'd pass it to the data team next time."
    words = [Word(text=t, start=10.0 + i, end=10.5 + i) for i, t in enumerate(text.split())]
    flag = next(f for f in score_rubric(words, question(), RubricConfig()).red_flags)
    assert flag.id == "hypothetical" and flag.origin == "shared"
    assert flag.label == load_lexicon().red_flags["hypothetical"].label
    assert "I'd pass it to the data team" in flag.text
    assert "We launched on Monday" not in flag.text  # the clause, not the sentence
    assert flag.start is not None and flag.end is not None and 10.0 < flag.start < flag.end


def test_one_red_flag_stops_raising_the_bar_and_says_why() -> None:
    result = typed(STRONG + " To be fair, the alarm was my manager's idea, he asked me to add it.")
    assert result.content_verdict == "raises_the_bar"
    assert result.verdict == "meets"
    assert result.verdict_reasons and "cannot raise the bar" in result.verdict_reasons[0]
    assert "someone asked you" in result.verdict_reasons[0]


def test_two_different_red_flags_put_it_below_the_bar() -> None:
    text = STRONG + " My manager asked me to look at it. Usually I'd loop in the data team."
    result = typed(text)
    assert result.content_verdict == "raises_the_bar"
    assert result.verdict == "below_the_bar"
    assert "red flags put it below the bar" in result.verdict_reasons[0]


def test_the_rule_follows_the_settings() -> None:
    text = STRONG + " My manager asked me to look at it."
    lenient = RubricConfig(red_flags_no_raise=2)
    assert typed(text, config=lenient).verdict == "raises_the_bar"


def test_a_questions_own_red_flag_stops_raising_the_bar() -> None:
    own = RedFlagCue(id="felt_confident", label="Launched on a feeling", cues=["felt confident"])
    result = typed(STRONG + " By then we felt confident.", question(own=[own]))
    flags = [f for f in result.red_flags if f.id == "felt_confident"]
    assert flags and flags[0].origin == "question" and flags[0].label == "Launched on a feeling"
    assert result.verdict == "meets"


def test_unless_cancels_an_overlapping_cue() -> None:
    own = RedFlagCue(id="fault", label="Blames", cues=["dropped the ball"], unless=["I dropped"])
    assert "fault" in flag_ids("They dropped the ball.", question(own=[own]))
    assert "fault" not in flag_ids("I dropped the ball there.", question(own=[own]))


def test_technical_walkthroughs_get_only_their_own_red_flags() -> None:
    walkthrough = question(generic=["metric_specificity"], kind="technical")
    assert (
        flag_ids("I would split by time, and I'd usually check the labels.", walkthrough) == set()
    )


def test_flags_about_detection_apply_only_where_detection_is_scored() -> None:
    text = "Nobody had an alert on that metric, and a customer complained."
    assert {"no_alert", "others_noticed"} <= flag_ids(text)
    without = question(generic=["ownership", "specific_story"])
    assert not {"no_alert", "others_noticed"} & flag_ids(text, without)


def test_packs_with_a_plain_list_of_regex_cues_still_load(tmp_path: Path) -> None:
    pack = tmp_path / "old.toml"
    pack.write_text(
        """
[[question]]
id = "old-pack"
title = "Old"
prompt = "Tell me about a time."
competency = "Ownership"
probing = "Old pack."
target_min_s = 60
target_max_s = 120
red_flag_cues = ['\\bre-?ran (it|the build)', 'gave up']

[[question.signals]]
id = "fixed"
label = "Fixed it"
any_of = ['\\bfix(ed)?\\b', 're:\\bpatch(ed)?\\b', 'root cause']
advice = "Say what you fixed."
""",
        encoding="utf-8",
    )
    (old,) = load_pack(pack)
    (flag,) = old.red_flag_cues
    assert flag.id == "question_phrasing"
    result = typed("I reran the build until it passed. Then I patched the test.", old)
    assert [f.id for f in result.red_flags] == ["question_phrasing"]
    assert result.signals[0].met


def test_a_cue_file_naming_an_unknown_rule_is_ignored(tmp_path: Path) -> None:
    custom = tmp_path / "cues.toml"
    text = BUILTIN_CUES.read_text(encoding="utf-8")
    custom.write_text(text.replace('rule = "cause_list"', 'rule = "not_a_rule"'), encoding="utf-8")
    result = typed("It could be drift, or skew.", config=RubricConfig(cues_file=str(custom)))
    assert "cause_list" not in {f.id for f in result.red_flags}


def test_a_list_of_guesses_outside_ml_is_a_cause_list_too() -> None:
    text = "It could have been the network, or maybe the database, or a config change."
    assert "cause_list" in flag_ids(text)
