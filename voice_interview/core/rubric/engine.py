"""Score a transcript against a question's rubric: every signal with its evidence, a 0-100
score and a verdict. Deterministic and explainable: the same words always give the same result,
and every signal says why in a sentence and quotes the words it relied on."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from voice_interview.core.rubric.context import Context, Finding, build_units
from voice_interview.core.rubric.cue_signals import red_flags, score_cue_signal
from voice_interview.core.rubric.diagnosis import mechanism, monitoring_before, root_cause
from voice_interview.core.rubric.lexicon import load_lexicon
from voice_interview.core.rubric.outcomes import metric_specificity, quantified_result
from voice_interview.core.rubric.star import star_structure
from voice_interview.core.rubric.story import ownership, specific_story
from voice_interview.models.config import RubricConfig
from voice_interview.models.question import GenericSignal, GenericSignalId, Question
from voice_interview.models.report import Rubric, RubricVerdict, SignalResult
from voice_interview.models.transcript import Word

DETECTORS: dict[GenericSignalId, Callable[[Context], Finding]] = {
    "metric_specificity": metric_specificity,
    "ownership": ownership,
    "mechanism": mechanism,
    "root_cause": root_cause,
    "monitoring_before": monitoring_before,
    "quantified_result": quantified_result,
    "specific_story": specific_story,
    "star_structure": star_structure,
}


def score_rubric(words: Sequence[Word], question: Question, config: RubricConfig) -> Rubric:
    """Score the answer's words against the question's signals.

    Signals come in the question's order: its generic signals first, then its own cue signals.
    Works on timed words (evidence carries their times) and on typed words (times are None).
    """
    lexicon = load_lexicon(Path(config.cues_file) if config.cues_file else None)
    ctx = Context(
        units=build_units(words, config.long_sentence_words, lexicon.prefix_lengths),
        lexicon=lexicon,
        config=config,
    )
    signals = [_generic(ctx, generic) for generic in question.generic_signals]
    for cue_signal in question.signals:
        finding = score_cue_signal(ctx, cue_signal, question)
        signals.append(
            _result(
                ctx,
                finding,
                cue_signal.id,
                cue_signal.label,
                cue_signal.weight,
                cue_signal.advice,
                cue_signal.phase,
            )
        )
    total_weight = sum(s.weight for s in signals)
    weighted = sum(s.weight * s.strength for s in signals)
    score = round(100 * weighted / total_weight) if total_weight else 0
    return Rubric(
        score=score,
        verdict=verdict(score, config),
        signals=signals,
        red_flags=red_flags(ctx, question),
    )


def verdict(score: int, config: RubricConfig) -> RubricVerdict:
    """The verdict for an overall score, by the thresholds in the settings."""
    if score >= config.raises_the_bar_score:
        return "raises_the_bar"
    if score >= config.meets_score:
        return "meets"
    return "below_the_bar"


def _generic(ctx: Context, signal: GenericSignal) -> SignalResult:
    finding = DETECTORS[signal.id](ctx)
    label = signal.label or ctx.lexicon.label(signal.id)
    advice = signal.advice or ctx.lexicon.advice(signal.id, finding.case)
    return _result(ctx, finding, signal.id, label, signal.weight, advice, None)


def _result(
    ctx: Context,
    finding: Finding,
    signal_id: str,
    label: str,
    weight: float,
    advice: str,
    phase: str | None,
) -> SignalResult:
    # Rounded so that reports do not show 0.7000000000000001, and `met` agrees with what is shown.
    strength = round(min(1.0, max(0.0, finding.strength)), 3)
    met = strength >= ctx.config.met_strength
    return SignalResult(
        id=signal_id,
        label=label,
        met=met,
        strength=strength,
        weight=weight,
        evidence=list(finding.evidence),
        advice=None if met else advice,
        detail=finding.detail,
        phase=phase,
    )
