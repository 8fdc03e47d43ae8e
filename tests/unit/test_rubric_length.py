"""The length policy: content drives the verdict; a spoken answer far off its target is lowered
one level with what to expand or cut; a typed answer gets its estimated time and no cap."""

from __future__ import annotations

import pytest

from tests.sample_answers import load_pairs
from voice_interview.core.questions import load_bank
from voice_interview.core.rubric import score_rubric
from voice_interview.models.config import RubricConfig
from voice_interview.models.question import Question
from voice_interview.models.report import Rubric
from voice_interview.models.transcript import Transcript, Word
from voice_interview.render.markdown import render_markdown
from voice_interview.render.text import render_text

QUESTION_ID = "amazon-mle-ownership-offline-online"  # a 5-7 minute question
PAIR = next(p for p in load_pairs() if p.question_id == QUESTION_ID)
QUESTION: Question = load_bank(None).get(QUESTION_ID)


def spoken(text: str, seconds: float) -> list[Word]:
    """The text's words spread evenly over `seconds`."""
    tokens = text.split()
    step = seconds / len(tokens)
    return [Word(text=t, start=i * step, end=(i + 0.8) * step) for i, t in enumerate(tokens)]


def score(seconds: float | None, text: str = PAIR.strong_text) -> Rubric:
    words = Transcript.from_text(text).words if seconds is None else spoken(text, seconds)
    return score_rubric(words, QUESTION, RubricConfig(), spoken_s=seconds)


def test_on_target_length_leaves_the_content_verdict() -> None:
    result = score(330.0)
    assert result.content_verdict == result.verdict == "raises_the_bar"
    assert result.length is not None and result.length.verdict == "on_target"
    assert not result.length.capped and result.length.advice == ""


def test_two_minutes_for_a_five_minute_question_is_lowered_and_says_what_to_expand() -> None:
    result = score(120.0)
    assert result.content_verdict == "raises_the_bar"
    assert result.verdict == "meets"
    assert result.length is not None and result.length.capped
    reason = result.verdict_reasons[-1]
    assert "under half the 5:00 minimum" in reason and "Expand the" in reason
    # Where the time went, by STAR part, decides what to expand.
    assert set(result.length.shares) == {"situation", "task", "action", "result"}
    assert abs(sum(result.length.shares.values()) - 1) < 0.01


def test_short_but_over_half_is_not_lowered_yet_says_what_to_expand() -> None:
    result = score(200.0)
    assert result.verdict == "raises_the_bar"
    assert result.length is not None and result.length.verdict == "short"
    assert not result.length.capped and result.length.advice.startswith("Expand the")


def test_far_too_long_is_lowered_and_says_what_to_cut() -> None:
    result = score(700.0)
    assert result.verdict == "meets"
    assert result.length is not None and result.length.capped
    assert "over the 7:00 maximum" in result.verdict_reasons[-1]
    assert "Cut the" in result.verdict_reasons[-1]


def test_a_weak_answer_is_not_lowered_below_below() -> None:
    result = score(40.0, PAIR.weak_text)
    assert result.verdict == "below_the_bar"
    assert not any("length" in r for r in result.verdict_reasons)


# The first 250 words of the five-minute strong answer: about 1:40 to say, a third of the target.
TWO_MINUTES = " ".join(PAIR.strong_text.split()[:250])


def test_typed_answers_get_an_estimated_time_and_no_cap() -> None:
    result = score(None, TWO_MINUTES)
    assert result.length is not None and result.length.estimated
    assert result.length.seconds == pytest.approx(250 / RubricConfig().typed_wpm * 60, abs=0.1)
    assert result.length.verdict == "short" and not result.length.capped
    assert result.verdict == result.content_verdict
    assert result.length.advice.startswith("Expand the")
    full = score(None)
    assert full.length is not None and full.length.verdict == "on_target"


def test_the_policy_follows_the_settings() -> None:
    words = spoken(PAIR.strong_text, 120.0)
    relaxed = RubricConfig(short_fraction=0.3)
    assert score_rubric(words, QUESTION, relaxed, spoken_s=120.0).verdict == "raises_the_bar"


def test_reports_show_why_and_what_to_expand() -> None:
    from tests.tui.data import make_report

    report = make_report(QUESTION, score=90)
    rubric = score(120.0)
    report = report.model_copy(update={"rubric": rubric})
    for rendered in (render_text(report, width=200), render_markdown(report)):
        assert "Content alone: Raises the bar." in rendered
        assert "under half the 5:00 minimum" in rendered and "Expand the" in rendered


def test_typed_reports_show_the_estimated_time() -> None:
    from voice_interview.pipeline import score_text
    from voice_interview.settings import Settings

    report = score_text(TWO_MINUTES, QUESTION, settings=Settings())
    assert "to say (typed) against a target of 5:00-7:00: short" in render_text(report, 200)
