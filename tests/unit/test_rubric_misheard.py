"""A missing signal near a word the transcriber was unsure of says the miss may be a
transcription error, and shows the word, in the report and its renderings."""

from __future__ import annotations

from voice_interview.core.questions import load_bank
from voice_interview.core.rubric import score_rubric
from voice_interview.models.config import RubricConfig
from voice_interview.models.report import SignalResult
from voice_interview.models.transcript import Word
from voice_interview.render.markdown import render_markdown
from voice_interview.render.text import render_text

QUESTION = load_bank(None).get("amazon-mle-ownership-offline-online")
TEXT = (
    "Last spring my alarm on add-to-cart fired after the launch. "
    "I wrote the model back that afternoon."
)


def words(unsure: dict[str, float]) -> list[Word]:
    return [
        Word(text=t, start=float(i), end=i + 0.8, probability=unsure.get(t, 0.95))
        for i, t in enumerate(TEXT.split())
    ]


def signal(result_words: list[Word], signal_id: str) -> SignalResult:
    rubric = score_rubric(result_words, QUESTION, RubricConfig())
    return next(s for s in rubric.signals if s.id == signal_id)


def test_an_unsure_word_near_a_missing_signals_cues_is_shown() -> None:
    fix = signal(words({"wrote": 0.31}), "fix_shipped")
    assert not fix.met
    (word,) = fix.maybe_misheard
    assert (word.text, word.probability, word.start) == ("wrote", 0.31, 11.0)


def test_no_hint_when_the_transcriber_was_sure() -> None:
    assert signal(words({}), "fix_shipped").maybe_misheard == []


def test_no_hint_for_a_met_signal() -> None:
    monitoring = signal(words({"alarm": 0.2}), "monitoring_before")
    assert monitoring.met and monitoring.maybe_misheard == []


def test_no_hint_far_from_the_signals_cues() -> None:
    # "spring" is unsure, but nothing of the roll-back signal is said in that sentence.
    assert signal(words({"spring": 0.2}), "fix_shipped").maybe_misheard == []


def test_the_threshold_is_a_setting() -> None:
    strict = RubricConfig(misheard_probability=0.2)
    rubric = score_rubric(words({"wrote": 0.31}), QUESTION, strict)
    assert next(s for s in rubric.signals if s.id == "fix_shipped").maybe_misheard == []


def test_typed_answers_have_no_hint() -> None:
    typed = [Word(text=t) for t in TEXT.split()]
    assert signal(typed, "fix_shipped").maybe_misheard == []


def test_the_hint_is_rendered() -> None:
    from tests.tui.data import make_report

    rubric = score_rubric(words({"wrote": 0.31}), QUESTION, RubricConfig())
    report = make_report(QUESTION).model_copy(update={"rubric": rubric})
    for rendered in (render_text(report, width=200), render_markdown(report)):
        assert "May be a transcription error: \u201cwrote\u201d at 0:11 (31% sure)" in rendered
