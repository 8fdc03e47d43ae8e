"""Score a transcript against a question's rubric: every signal with its evidence, red flags, a
0-100 score, the verdict and why. Deterministic and explainable: the same words always give the
same result, and every signal says why in a sentence and quotes the words it relied on."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from voice_interview.core.rubric.context import Context, Finding, build_units
from voice_interview.core.rubric.cue_signals import score_cue_signal
from voice_interview.core.rubric.length import cap_for_length, check_length
from voice_interview.core.rubric.lexicon import load_lexicon
from voice_interview.core.rubric.misheard import cue_words, maybe_misheard
from voice_interview.core.rubric.redflags import cap_for_red_flags, find_red_flags
from voice_interview.core.rubric.registry import DETECTORS, detector_ids
from voice_interview.errors import QuestionError
from voice_interview.models.config import RubricConfig
from voice_interview.models.question import CueSignal, GenericSignal, Question
from voice_interview.models.report import Rubric, RubricVerdict, SignalResult
from voice_interview.models.transcript import Word


def score_rubric(
    words: Sequence[Word],
    question: Question,
    config: RubricConfig,
    spoken_s: float | None = None,
) -> Rubric:
    """Score the answer's words against the question's signals.

    Signals come in the question's order: its generic signals first, then its own cue signals.
    Works on timed words (evidence carries their times) and on typed words (times are None).
    `spoken_s` is the recording's length, for the length policy; None for a typed answer.
    """
    lexicon = load_lexicon(Path(config.cues_file) if config.cues_file else None)
    ctx = Context(
        units=build_units(words, config.long_sentence_words, lexicon.cue("common", "buzzwords")),
        lexicon=lexicon,
        config=config,
    )
    signals = [_generic(ctx, g, question) for g in question.generic_signals]
    signals += [_cue(ctx, s, question) for s in question.signals]
    total_weight = sum(s.weight for s in signals)
    weighted = sum(s.weight * s.strength for s in signals)
    score = round(100 * weighted / total_weight) if total_weight else 0
    content = verdict(score, config)
    red_flags = find_red_flags(ctx, question, {s.id for s in signals})
    length = check_length(ctx, question, spoken_s)
    final, flag_reason = cap_for_red_flags(
        content, red_flags, config.red_flags_no_raise, config.red_flags_below
    )
    final, length_reason = cap_for_length(final, length)
    return Rubric(
        score=score,
        verdict=final,
        content_verdict=content,
        verdict_reasons=[r for r in (flag_reason, length_reason) if r],
        signals=signals,
        red_flags=red_flags,
        length=length,
    )


def verdict(score: int, config: RubricConfig) -> RubricVerdict:
    """The verdict for an overall score, by the thresholds in the settings."""
    if score >= config.raises_the_bar_score:
        return "raises_the_bar"
    if score >= config.meets_score:
        return "meets"
    return "below_the_bar"


def _generic(ctx: Context, signal: GenericSignal, question: Question) -> SignalResult:
    found = DETECTORS.get(signal.id)
    if found is None:
        known = ", ".join(detector_ids())
        raise QuestionError(
            f"question {question.id!r}: unknown generic signal {signal.id!r} (known: {known})"
        )
    finding = found.run(ctx)
    label = signal.label or ctx.lexicon.label(signal.id)
    advice = signal.advice or ctx.lexicon.advice(signal.id, finding.case)
    return _result(ctx, finding, signal.id, label, signal.weight, advice, None)


def _cue(ctx: Context, signal: CueSignal, question: Question) -> SignalResult:
    finding = score_cue_signal(ctx, signal, question)
    cues = tuple(signal.any_of) + tuple(c for group in signal.all_of for c in group)
    return _result(
        ctx,
        finding,
        signal.id,
        signal.label,
        signal.weight,
        signal.advice,
        signal.phase,
        cue_words(cues),
    )


def _result(
    ctx: Context,
    finding: Finding,
    signal_id: str,
    label: str,
    weight: float,
    advice: str,
    phase: str | None,
    words: frozenset[str] = frozenset(),
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
        maybe_misheard=[] if met else maybe_misheard(ctx, finding.near, words),
    )
