"""`star_structure`: which sentences are situation, task, action and result, in what order, and
how much of the answer (in words and, when timed, in seconds) each part took."""

from __future__ import annotations

from typing import Literal

from voice_interview.core.rubric.context import Context, Finding, Flags, Spot, Unit
from voice_interview.core.rubric.outcomes import outcome_numbers
from voice_interview.core.rubric.registry import detector

Part = Literal["situation", "task", "action", "result"]
PARTS: tuple[Part, ...] = ("situation", "task", "action", "result")

# All four parts in order earn IN_ORDER, plus up to BALANCE as the action share approaches
# FULL_ACTION_SHARE. Four parts with a thin action or out of order earn FLAWED (below the
# default met line); otherwise each part present earns PER_PART.
_IN_ORDER, _BALANCE, _FULL_ACTION_SHARE = 0.7, 0.3, 0.4
_FLAWED, _PER_PART = 0.45, 0.1


def classify(ctx: Context) -> list[Part]:
    """One part per sentence. Cue phrases decide; a result can only follow an action (before
    any action, "CTR dropped 4%" is the situation); a sentence without cues continues the
    part before it."""
    parts: list[Part] = []
    acted = False
    for unit, flags in zip(ctx.units, ctx.flags, strict=True):
        part = _part(ctx, unit, flags, acted, parts[-1] if parts else None)
        acted = acted or part == "action"
        parts.append(part)
    return parts


def _part(ctx: Context, unit: Unit, flags: Flags, acted: bool, previous: Part | None) -> Part:
    mine = [] if flags.hypothetical else flags.acts("i") + flags.acts("we")
    result_cues = len(ctx.hits(unit, "star_structure", "result"))
    # A changed number is a result; a bare count with a change word is often a plan ("I
    # proposed three changes: drop those nine features").
    measured = [n for n in outcome_numbers(unit) if n.kind != "count"]
    if measured and ctx.hits(unit, "metric_specificity", "delta"):
        result_cues += 1
    if ctx.hits(unit, "star_structure", "task"):
        return "task"
    if acted and result_cues and result_cues >= len(mine):
        return "result"
    if mine and not (ctx.hits(unit, "star_structure", "situation") and not acted):
        return "action"
    if not acted:
        return "situation"
    return "action" if previous in (None, "task") else previous


def _in_order(labels: list[Part]) -> bool:
    """Order-ish: context before the first action, and the result after the first action."""
    first = {p: labels.index(p) for p in PARTS}
    last_result = len(labels) - 1 - labels[::-1].index("result")
    return (
        first["situation"] <= first["action"]
        and first["action"] < last_result
        and first["task"] < last_result
    )


def part_shares(
    ctx: Context, labels: list[Part]
) -> tuple[dict[Part, float], dict[Part, float] | None]:
    """Share of the words, and of the speaking time when timed, in each part."""
    words = {p: 0.0 for p in PARTS}
    seconds: dict[Part, float] | None = {p: 0.0 for p in PARTS}
    for unit, part in zip(ctx.units, labels, strict=True):
        words[part] += len(unit.words)
        duration = unit.duration
        if duration is None:
            seconds = None
        elif seconds is not None:
            seconds[part] += duration
    total_words = sum(words.values()) or 1.0
    word_share = {p: words[p] / total_words for p in PARTS}
    if seconds is None or sum(seconds.values()) <= 0:
        return word_share, None
    total_s = sum(seconds.values())
    return word_share, {p: seconds[p] / total_s for p in PARTS}


def _describe(words: dict[Part, float], time: dict[Part, float] | None) -> str:
    text = ", ".join(f"{p} {round(100 * words[p])}%" for p in PARTS) + " of the words"
    if time is not None:
        text += "; " + ", ".join(f"{p} {round(100 * time[p])}%" for p in PARTS) + " of the time"
    return text


@detector("star_structure", cues=("situation", "task", "result"))
def star_structure(ctx: Context) -> Finding:
    """Met when all four parts appear in order-ish with a substantial action part."""
    if not ctx.units:
        return Finding(0.0, "The answer is empty.", case=None)
    labels = classify(ctx)
    words, time = part_shares(ctx, labels)
    present = [p for p in PARTS if p in labels]
    shares = _describe(words, time)
    evidence = ctx.quotes((Spot(ctx.units[labels.index(p)]) for p in present), limit=len(PARTS))
    if len(present) == len(PARTS):
        action = words["action"]
        if not _in_order(labels):
            return Finding(
                _FLAWED, f"All four parts, but out of order: {shares}.", evidence, "order"
            )
        if action < ctx.config.star_thin_action_share:
            detail = f"All four parts in order, but the action is thin: {shares}."
            return Finding(_FLAWED, detail, evidence, "thin_action")
        strength = _IN_ORDER + _BALANCE * min(1.0, action / _FULL_ACTION_SHARE)
        return Finding(strength, f"All four parts in order: {shares}.", evidence)
    missing = [p for p in PARTS if p not in present]
    # The most damaging gap gets the advice: a story with no result, then no action.
    worst = next(p for p in ("result", "action", "task", "situation") if p in missing)
    detail = f"No {' or '.join(missing)} part: {shares}."
    return Finding(_PER_PART * len(present), detail, evidence, f"no_{worst}")
