"""Each built-in detector on short answers that isolate what it listens for."""

from __future__ import annotations

from pathlib import Path

import pytest

from voice_interview.core.rubric import load_lexicon, score_rubric
from voice_interview.models.config import RubricConfig
from voice_interview.models.question import GenericSignal, GenericSignalId, Question
from voice_interview.models.report import SignalResult
from voice_interview.models.transcript import Transcript, Word

GENERIC_IDS: list[GenericSignalId] = [
    "metric_specificity",
    "ownership",
    "mechanism",
    "root_cause",
    "monitoring_before",
    "quantified_result",
    "specific_story",
    "star_structure",
]


def signal(text: str, signal_id: GenericSignalId, words: list[Word] | None = None) -> SignalResult:
    question = Question(
        id="probe",
        title="Probe",
        prompt="Tell me about a time.",
        competency="Ownership",
        probing="One detector at a time.",
        target_min_s=60,
        target_max_s=120,
        generic_signals=[GenericSignal(id=signal_id)],
    )
    rubric = score_rubric(words or Transcript.from_text(text).words, question, RubricConfig())
    return rubric.signals[0]


def strength(text: str, signal_id: GenericSignalId) -> float:
    return signal(text, signal_id).strength


# --- metric_specificity -------------------------------------------------------------------------


def test_spelled_and_digit_outcomes_score_alike() -> None:
    spelled = signal(
        "CTR dropped four percent in the first forty-eight hours.", "metric_specificity"
    )
    digits = signal("CTR dropped 4% in the first 48 hours.", "metric_specificity")
    assert spelled.met and digits.met
    assert spelled.strength == digits.strength


def test_incidental_numbers_do_not_count_as_outcomes() -> None:
    result = signal(
        "We had five engineers and a 100-million-parameter model trained on two weeks of data.",
        "metric_specificity",
    )
    assert result.strength == 0 and not result.met
    assert "team size" in result.detail and "model size" in result.detail
    assert result.advice == load_lexicon().advice("metric_specificity", "incidental")


def test_metric_strength_grows_with_change_baseline_and_window() -> None:
    bare = strength("The error rate was 3%.", "metric_specificity")
    change = strength("The error rate dropped 3%.", "metric_specificity")
    window = strength("The error rate dropped 3% in two months.", "metric_specificity")
    full = strength("The error rate fell from 28% to 3% over two months.", "metric_specificity")
    assert 0 < bare < change < window < full == 1.0
    assert bare < RubricConfig().met_strength <= change
    assert (
        strength("The error rate went 28% down to 3% in two months.", "metric_specificity") == 1.0
    )
    # Two numbers of one kind are not a baseline unless one leads to the other.
    assert strength("I started at 5% and clicks were up 2.2%.", "metric_specificity") == 0.6


def test_planned_numbers_are_not_outcomes() -> None:
    assert strength("I'd aim for a 5% lift within two weeks.", "metric_specificity") == 0


def test_a_count_needs_a_change_to_be_an_outcome() -> None:
    assert strength("I looked at three dashboards.", "metric_specificity") == 0
    assert strength("Incidents fell from 12 to 2 a month.", "metric_specificity") >= 0.8


# --- ownership ----------------------------------------------------------------------------------


def test_i_earns_more_than_we() -> None:
    mine = "I isolated the bad feature. I filed the fix. I shipped the new version."
    ours = "We isolated the bad feature. We filed the fix. We shipped the new version."
    assert strength(mine, "ownership") > strength(ours, "ownership")
    assert signal(mine, "ownership").met
    ours_result = signal(ours, "ownership")
    assert not ours_result.met
    assert ours_result.advice == load_lexicon().advice("ownership", "we_only")


def test_we_for_context_is_fine() -> None:
    text = (
        "We had just launched the new ranker. I isolated the bad feature. I filed the fix. "
        "I shipped the new version."
    )
    assert signal(text, "ownership").met


def test_work_started_by_someone_else_earns_less() -> None:
    own = "I noticed the drop on Monday. I isolated the feature. I shipped the fix."
    asked = "My manager asked me to look at the drop. I isolated the feature. I shipped the fix."
    assert strength(asked, "ownership") < strength(own, "ownership")
    result = signal(asked, "ownership")
    assert "someone asked" in result.detail
    assert "asked me to" in result.evidence[0].text


def test_passive_and_team_actions_earn_less() -> None:
    own = "I found the skew. I rolled the model back. I shipped the fix."
    passive = "I found the skew. The model was rolled back. It was fixed by Friday."
    team = "I found the skew. The team decided to roll back. The data team fixed it."
    assert strength(passive, "ownership") < strength(own, "ownership")
    assert strength(team, "ownership") < strength(own, "ownership")


def test_i_would_is_not_ownership_of_an_action() -> None:
    result = signal("I would isolate the feature. I would ship a fix.", "ownership")
    assert result.strength == 0 and not result.met
    assert "would be done" in result.detail


# --- mechanism ----------------------------------------------------------------------------------


def test_added_check_that_keeps_running_is_a_mechanism() -> None:
    result = signal(
        "I added a skew check to our deployment checklist, and it now runs on every launch.",
        "mechanism",
    )
    assert result.strength == 1.0 and result.advice is None
    assert "deployment checklist" in result.evidence[0].text


def test_a_fix_is_not_a_mechanism() -> None:
    result = signal("I fixed the bug and we moved on.", "mechanism")
    assert result.strength == 0
    assert result.advice == load_lexicon().advice("mechanism")


def test_monitoring_that_already_existed_is_not_a_new_mechanism() -> None:
    assert strength("I had set up an alarm on CTR before launch.", "mechanism") == 0


def test_planned_mechanism_does_not_count() -> None:
    assert strength("I'd add a pre-launch check so it never happens again.", "mechanism") == 0


# --- root_cause ---------------------------------------------------------------------------------


def test_named_specific_cause_is_a_root_cause() -> None:
    result = signal(
        "The root cause was a freshness feature computed from request time in training but "
        "event time in serving.",
        "root_cause",
    )
    assert result.met and result.strength >= 0.9


def test_saying_a_root_cause_was_found_is_not_naming_it() -> None:
    result = signal("We traced the root cause and fixed it.", "root_cause")
    assert not result.met
    assert result.advice == load_lexicon().advice("root_cause", "vague")


def test_hypothesis_list_is_not_a_root_cause() -> None:
    result = signal(
        "It could be data drift, or training-serving skew, or maybe delayed labels.", "root_cause"
    )
    assert result.strength == 0
    assert "possible causes" in result.detail
    assert result.advice == load_lexicon().advice("root_cause", "hypotheses")


def test_unresolved_hypotheses_weaken_a_named_cause() -> None:
    cause = (
        "The drop was due to a currency feature cached for a day in serving but recomputed "
        "hourly in training."
    )
    guesses = "It might have been drift, or a logging bug, or label delay. "
    assert strength(guesses + cause, "root_cause") < strength(cause, "root_cause")


def test_hypotheses_ruled_out_before_the_cause_are_fine() -> None:
    text = (
        "It might have been drift, or a logging bug, or label delay. I ruled out drift and "
        "logging from the dashboards. The drop was due to a currency feature cached for a day "
        "in serving but recomputed hourly in training."
    )
    assert strength(text, "root_cause") == 1.0


# --- monitoring_before --------------------------------------------------------------------------


def test_dashboards_in_place_before_the_drop() -> None:
    result = signal(
        "I had dashboards tracking feature skew and score distributions in real time.",
        "monitoring_before",
    )
    assert result.met


def test_own_alarm_firing_is_monitoring_and_detection() -> None:
    result = signal(
        "Our alarm on add-to-cart rate fired two hours after launch.", "monitoring_before"
    )
    assert result.strength == 1.0


def test_being_told_by_another_team_earns_less() -> None:
    own = strength("Our alarm fired on the queue volume.", "monitoring_before")
    told = signal(
        "I had a dashboard on queue volume, but the ops team filed a ticket first.",
        "monitoring_before",
    )
    assert told.strength < own and not told.met
    assert told.advice == load_lexicon().advice("monitoring_before", "others_caught")


def test_planned_dashboards_are_not_monitoring_before() -> None:
    assert strength("I'd set up dashboards and alerts on drift.", "monitoring_before") == 0


# --- quantified_result --------------------------------------------------------------------------


def test_outcome_and_time_to_ship() -> None:
    result = signal(
        "I shipped a corrected version within a week, and it recovered the 4%.", "quantified_result"
    )
    assert result.strength == 1.0


def test_outcome_without_time_gets_time_advice() -> None:
    result = signal("Conversion improved 2% against control.", "quantified_result")
    assert 0 < result.strength < RubricConfig().met_strength
    assert result.advice == load_lexicon().advice("quantified_result", "no_time")


def test_cycle_time_alone_is_not_enough() -> None:
    result = signal("Total cycle: nine days.", "quantified_result")
    assert 0 < result.strength < RubricConfig().met_strength
    assert result.advice == load_lexicon().advice("quantified_result", "no_outcome")


# --- specific_story -----------------------------------------------------------------------------


def test_past_event_with_details_is_a_story() -> None:
    result = signal(
        "Last year our Reels ranker lost 3% of watch time after a launch. I found a stale "
        "feature and shipped a fix in four days.",
        "specific_story",
    )
    assert result.met and result.strength >= 0.9


@pytest.mark.parametrize(
    "text",
    [
        "I would look at data drift first. Then I would check the features.",
        "Typically I start by checking the dashboards. In general I compare distributions.",
        "I'd pull sample predictions and I'd compare them to offline.",
    ],
)
def test_hypothetical_or_habitual_answer_is_not_a_story(text: str) -> None:
    result = signal(text, "specific_story")
    assert result.strength == 0 and not result.met
    assert result.evidence  # the sentences that made it fail are quoted


def test_mostly_hypothetical_answer_is_strongly_penalised() -> None:
    text = (
        "Last year the ranker dropped 2% after launch. I would check drift. I would check skew. "
        "Usually I would also look at labels."
    )
    assert strength(text, "specific_story") <= 0.3


# --- star_structure -----------------------------------------------------------------------------

STAR = (
    "Last spring I was on the ads ranking team. The new model lost 2% of clicks after launch. "
    "My job was to find out why within the week. I compared the feature logs for both models. "
    "I found a stale embedding table in serving. I rebuilt the table and redeployed the model. "
    "As a result clicks recovered to the old level within three days."
)


def test_star_parts_in_order_with_shares() -> None:
    result = signal(STAR, "star_structure")
    assert result.met
    for part in ("situation", "task", "action", "result"):
        assert f"{part} " in result.detail
    assert "of the words" in result.detail and "of the time" not in result.detail
    assert len(result.evidence) == 4


def test_star_reports_time_shares_when_timed() -> None:
    words = [Word(text=t, start=i * 0.5, end=i * 0.5 + 0.4) for i, t in enumerate(STAR.split())]
    result = signal("", "star_structure", words=words)
    assert "of the time" in result.detail


def test_star_without_result() -> None:
    text = STAR.rsplit(" As a result", 1)[0]
    result = signal(text, "star_structure")
    assert not result.met
    assert "No result" in result.detail
    assert result.advice == load_lexicon().advice("star_structure", "no_result")


def test_star_with_thin_action() -> None:
    text = (
        "Last spring I was on the ads ranking team, which owned the click model for the whole "
        "marketplace, and we had just launched a new version with a bigger embedding table. The "
        "new model lost 2% of clicks after launch, and every region showed the same drop in the "
        "first days. My job was to find out why within the week and keep the quarterly target. "
        "I rebuilt the table. As a result clicks recovered to the old level within three days, "
        "the quarterly target was met, and the team kept the bigger table for the next launch."
    )
    result = signal(text, "star_structure")
    assert not result.met and "thin" in result.detail
    assert result.advice == load_lexicon().advice("star_structure", "thin_action")


# --- all detectors ------------------------------------------------------------------------------


@pytest.mark.parametrize("signal_id", GENERIC_IDS)
def test_every_detector_advises_when_missing(signal_id: GenericSignalId) -> None:
    result = signal("Hello there.", signal_id)
    assert not result.met
    assert result.advice and result.advice.endswith(".")
    assert result.label == load_lexicon().label(signal_id)


def test_advice_texts_are_distinct() -> None:
    lexicon = load_lexicon()
    advice = [lexicon.advice(i) for i in GENERIC_IDS]
    assert len(set(advice)) == len(advice)


def test_id_meaning_i_had_is_not_hypothetical() -> None:
    text = "I'd already built dashboards on score drift before launch, and the alarm fired."
    assert signal(text, "monitoring_before").met
    assert strength("I'd build dashboards on score drift.", "monitoring_before") == 0


# --- substance, not vocabulary ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "signal_id"),
    [
        (
            "We put a really robust mechanism in place so this would not happen again, and "
            "added more monitoring and alerting across the board.",
            "mechanism",
        ),
        ("We implemented best practices and a data-driven process going forward.", "mechanism"),
        (
            "We found the root cause, which was basically a mismatch between offline and online.",
            "root_cause",
        ),
        ("There were some data issues, but we did a deep dive and fixed them.", "root_cause"),
        ("We had monitoring in place, of course.", "monitoring_before"),
    ],
)
def test_buzzwords_earn_no_substance(text: str, signal_id: GenericSignalId) -> None:
    result = signal(text, signal_id)
    assert not result.met, result.detail


def test_plain_words_for_a_gate_earn_the_mechanism() -> None:
    result = signal(
        "Since then every release replays an hour of live requests through the new code and "
        "stops if any input differs from its training value.",
        "mechanism",
    )
    assert result.met and "runs:" in result.detail and "checks:" in result.detail


def test_the_mechanism_detail_says_what_was_found_and_what_is_missing() -> None:
    full = signal(
        "I added a pre-launch skew check to our deployment checklist, and it now runs on every "
        "launch.",
        "mechanism",
    )
    assert "artifact: \u201cpre-launch skew check\u201d" in full.detail and "runs:" in full.detail
    bare = signal("Afterwards I added alerts.", "mechanism")
    assert not bare.met and "not said: checks, runs" in bare.detail


def test_a_mechanism_that_has_caught_something_since_says_so() -> None:
    text = (
        "I added a schema test to the scoring service that rejects any unknown category, and it "
        "runs in CI on every merge. In the four months since, it has blocked three bad changes."
    )
    result = signal(text, "mechanism")
    assert result.strength == 1.0 and "caught something since" in result.detail
    assert any("blocked three bad changes" in e.text for e in result.evidence)


def test_a_cause_named_before_its_phrase_with_how_it_differed() -> None:
    result = signal(
        "The distance to the store was the problem: the phone app sent it in miles, but the "
        "training data had it in kilometres.",
        "root_cause",
    )
    assert result.met and result.strength == 1.0 and "how it differed" in result.detail


def test_reasoning_in_the_present_is_not_a_root_cause() -> None:
    result = signal(
        "It matters because the field changes so fast and every product is different.",
        "root_cause",
    )
    assert result.strength == 0


def test_a_category_of_cause_is_not_a_cause() -> None:
    result = signal("It turned out to be a data issue in the pipeline.", "root_cause")
    assert not result.met and "but not what it was" in result.detail


def test_monitoring_names_the_instrument_and_what_caught_it() -> None:
    result = signal(
        "I had built an alarm on the share of declined payments. Six hours after the release "
        "it paged me.",
        "monitoring_before",
    )
    assert result.strength == 1.0
    assert "alarm on the share of declined payments" in result.detail
    assert "caught by:" in result.detail


def test_monitoring_added_afterwards_is_not_monitoring_before() -> None:
    result = signal(
        "I then added a cost check to the pipeline, and it has flagged five changes since.",
        "monitoring_before",
    )
    assert not result.met


def test_evidence_is_the_clause_that_earned_it() -> None:
    text = (
        "The whole team was relieved and we celebrated the launch with a long lunch, "
        "and afterwards I added a schema test that runs in CI on every merge."
    )
    (evidence,) = signal(text, "mechanism").evidence
    assert "schema test" in evidence.text and "celebrated" not in evidence.text


def test_thresholds_are_not_outcomes() -> None:
    result = signal(
        "We set an alert if click-through drops two percent and a 120 ms latency budget.",
        "metric_specificity",
    )
    assert result.strength == 0 and "threshold" in result.detail


def test_numbers_split_by_the_transcriber_are_read_whole() -> None:
    result = signal("AUC went from 0 .41 to 0 .44 within a week.", "metric_specificity")
    assert result.met and '"0.41"' in result.detail


@pytest.mark.parametrize(
    "anchor", ["Last March", "Six hours after launch", "Nine days later", "On a Tuesday"]
)
def test_named_and_relative_times_are_time_anchors(anchor: str) -> None:
    result = signal(f"{anchor} I rolled the model back.", "specific_story")
    assert "1 time anchor" in result.detail


def test_helping_is_shared_credit_and_steps_of_one_subject_are_actions() -> None:
    helped = signal("I helped deploy a fix. I supported the team.", "ownership")
    assert not helped.met
    steps = signal(
        "I set up the service, installed the agents and ran the test launches.", "ownership"
    )
    assert steps.met


def test_the_detectors_are_declared_once() -> None:
    from voice_interview.core.rubric import DETECTORS, detector_ids

    assert sorted(detector_ids()) == sorted(GENERIC_IDS)
    lexicon = load_lexicon()
    for detector in DETECTORS.values():
        for name in detector.cues:  # every list a detector reads is in its cues.toml section
            assert lexicon.cue(detector.id, name) is not None


def test_a_pack_naming_an_unknown_detector_fails_to_load(tmp_path: Path) -> None:
    from voice_interview.core.questions import load_pack
    from voice_interview.errors import QuestionError

    pack = tmp_path / "typo.toml"
    pack.write_text(
        '[[question]]\nid = "typo"\ntitle = "T"\nprompt = "P"\ncompetency = "C"\n'
        'probing = "P"\ntarget_min_s = 60\ntarget_max_s = 90\n\n'
        '[[question.generic_signals]]\nid = "mechanisms"\n',
        encoding="utf-8",
    )
    with pytest.raises(QuestionError, match="unknown built-in signal 'mechanisms'.*'mechanism'"):
        load_pack(pack)
