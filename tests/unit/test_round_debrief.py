"""The debrief: what was earned only after probing, the rubric dimensions and checklist, value
coverage, consistency, time per phase, the things to fix first, and its renderers."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.unit.test_round_engine import NOTHING, engine, sample, say, typed
from voice_interview.core.rounds.debrief import build_debrief
from voice_interview.core.rounds.engine import RoundEngine
from voice_interview.models.config import RubricConfig
from voice_interview.models.debrief import RoundDebrief
from voice_interview.models.round_state import RoundState
from voice_interview.render.debrief_markdown import render_debrief_markdown
from voice_interview.render.debrief_text import render_debrief_text

WHEN = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
CONFIG = RubricConfig()

REGRESSION = (
    "I owned the ranking model and I had an alarm on click-through rate. After the launch my "
    "alarm fired and acceptance had fallen from sixty two percent to fifty seven percent. I found "
    "the root cause, a freshness feature computed with request time in training but event time in "
    "serving. I added a skew check to the launch checklist so it cannot recur."
)
FIRST_DAY = (
    "Within twenty minutes of the alarm I rolled back the model, and by the next morning "
    "customers were no longer affected."
)


def debrief(eng: RoundEngine, state: RoundState) -> RoundDebrief:
    return build_debrief(eng, state, CONFIG, WHEN)


def drill(*answers: str) -> tuple[RoundEngine, RoundState]:
    eng = engine("quick-drill-15")
    state = eng.begin()
    for text in answers:
        if state.pending is None:
            break
        state = say(eng, state, text, 60)
    return eng, state


def test_what_needed_a_probe_is_marked_and_credited_less() -> None:
    eng, state = drill(REGRESSION)
    probe = state.pending
    assert probe is not None and probe.why is not None
    assert probe.why.target == "first_24_hours"
    state = say(eng, state, FIRST_DAY, 40)
    story = debrief(eng, state).stories[0]
    signal = next(s for s in story.signals if s.id == "first_24_hours")
    assert signal.earned == "after_probe"
    assert signal.turn == 1
    assert signal.credit == round(signal.strength * eng.round.limits.prompted_credit, 3)
    assert story.probes[0].closed is True and story.probes[0].answered
    # The same words offered unasked earn the full credit and a higher story score.
    unasked = drill(REGRESSION + " " + FIRST_DAY)
    told = debrief(*unasked).stories[0]
    assert next(s for s in told.signals if s.id == "first_24_hours").earned == "unprompted"
    assert told.score > story.score


def test_an_open_gap_after_its_probe_is_shown_as_still_open() -> None:
    eng, state = drill(REGRESSION, NOTHING)
    story = debrief(eng, state).stories[0]
    assert story.probes[0].closed is False
    assert "still open" in render_debrief_text(debrief(eng, state))


def test_fix_first_lists_at_most_three_with_advice_and_why() -> None:
    eng, state = drill("The team decided to roll back the model.", NOTHING, NOTHING, NOTHING)
    result = debrief(eng, state)
    assert 1 <= len(result.fix_first) <= 3
    first = result.fix_first[0]
    # The red flag is the largest gap (a missing weight-2 signal ties with it and comes later).
    assert first.label == "Your own part"
    assert first.advice.startswith("Say what you did yourself")
    assert "red flag" in first.why.lower() and "The team decided" in first.why
    assert all(f.advice for f in result.fix_first)
    question = eng.questions[result.stories[0].question_id]
    assert result.self_check == question.self_check


def test_model_evaluation_dimensions_and_checklist() -> None:
    eng = engine("mle-model-evaluation-30")
    text = sample("mle-model-evaluation-review-queue", "strong")
    state = say(eng, eng.begin(), text, 240)
    result = debrief(eng, eng.end(state))
    assert [d.max_points for d in result.dimensions] == [30, 30, 20, 20]
    assert result.score == round(sum(d.points for d in result.dimensions))
    assert result.score >= 80  # the strong sample raises the bar on its own
    assert len(result.checklist) == 15
    assert {i.phase for i in result.checklist} == {"framing", "validation", "launch"}
    assert result.ending == "ended_early"
    # The framing items were all covered, so the split was asked at once, and never answered.
    assert [(s.title, s.answered) for s in result.stories] == [
        ("Choosing the metrics", True),
        ("Designing the split", False),
    ]
    assert result.not_reached == ["The offline-online gap", "Monitoring and alerts"]


def test_level_expectations_count_only_what_was_said_unprompted() -> None:
    eng = engine("mle-model-evaluation-30")
    state = say(eng, eng.begin(), "I would start from the business goal.", 60)
    # Answer every framing probe with the point the level expectations want unprompted.
    while state.pending is not None and state.pending.main == 0:
        state = say(
            eng,
            state,
            "Accuracy is misleading here because violations are rare, so I would not use it.",
            40,
        )
    result = debrief(eng, eng.end(state))
    item = next(i for i in result.checklist if i.id == "rejects_accuracy")
    assert item.earned == "after_probe"
    level = next(d for d in result.dimensions if d.id == "level_expectations")
    objectives = next(d for d in result.dimensions if d.id == "objectives_alignment")
    assert level.independent and level.points == 0
    assert not objectives.independent


def test_the_same_story_twice_and_numbers_that_disagree_are_flagged() -> None:
    eng = engine("amazon-lp-loop-60")
    state = say(eng, eng.begin(), "I lead the ranking team.", 60)
    story = sample("amazon-mle-ownership-offline-online", "strong")
    first_story = state.plan[1].index
    state = say(eng, state, story, 200)
    assert state.pending is not None and state.pending.main == first_story
    state = say(eng, state, "Acceptance had dropped to fifty percent by then.", 30)
    while state.pending is not None and state.pending.main == first_story:
        state = say(eng, state, NOTHING, 20)
    state = say(eng, state, story, 200)  # the same story for the second question
    result = debrief(eng, eng.end(state))
    kinds = [c.kind for c in result.consistency]
    assert "same_story" in kinds
    numbers = [c for c in result.consistency if c.kind == "numbers"]
    assert numbers and "acceptance" in numbers[0].detail.lower()
    assert "fifty percent" in numbers[0].detail


def test_different_stories_are_not_flagged_as_the_same() -> None:
    eng = engine("amazon-lp-loop-60")
    state = say(eng, eng.begin(), "I lead the ranking team.", 60)
    for _ in range(3):
        while state.pending is not None and state.pending.kind == "probe":
            state = say(eng, state, NOTHING, 20)
        turn = state.pending
        assert turn is not None
        state = say(eng, state, sample(turn.question_id, "strong"), 200)
    result = debrief(eng, eng.end(state))
    assert [c for c in result.consistency if c.kind == "same_story"] == []


def test_time_per_phase_and_value_coverage() -> None:
    eng = engine("amazon-lp-loop-60")
    state = say(eng, eng.begin(), "I lead the ranking team.", 90)
    state = eng.answer(state, typed(state.plan[1].question_id, NOTHING), 400)
    result = debrief(eng, eng.end(state))
    phases = {p.id: p for p in result.phases}
    assert phases["introductions"].planned_s == 300
    assert phases["introductions"].used_s == 90
    assert phases["deep_dives"].used_s == 310
    assert phases["cross_examination"].used_s == 0
    assert [c.value for c in result.coverage] == [state.plan[1].value]
    assert result.used_s == 400


def test_a_skipped_story_counts_zero_and_the_debrief_round_trips() -> None:
    eng = engine("quick-drill-15")
    state = eng.skip(eng.begin(), 5)
    result = debrief(eng, state)
    assert result.stories[0].answered is False and result.score == 0
    assert result.turns[0].skipped
    assert RoundDebrief.model_validate_json(result.model_dump_json()) == result
    schema = RoundDebrief.model_json_schema()
    assert {"stories", "fix_first", "checklist", "dimensions"} <= set(schema["properties"])


def test_renderers_show_the_round_in_the_seeds_terms() -> None:
    eng, state = drill(REGRESSION, FIRST_DAY, NOTHING, NOTHING)
    result = debrief(eng, state)
    text = render_debrief_text(result)
    for part in ("score", "Fix first", "Time per phase", "Probe (turn 2)", "Why: Asked because"):
        assert part in text
    assert "✓ after a probe" in text
    markdown = render_debrief_markdown(result)
    assert markdown.startswith("# Quick drill, 15 minutes\n")
    for part in ("## Fix first", "## Time per phase", "## The conversation", "✓ after a probe"):
        assert part in markdown
    assert FIRST_DAY in markdown  # the answers are in the conversation
