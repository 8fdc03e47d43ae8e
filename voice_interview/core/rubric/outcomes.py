"""Numbers as evidence: `metric_specificity` (outcome numbers with baseline, change and time
window) and `quantified_result` (a measured outcome and the time it took to fix or ship)."""

from __future__ import annotations

from dataclasses import dataclass

from voice_interview.core.numbers import NumberMention
from voice_interview.core.rubric.context import Context, Finding, Spot, Unit, counted
from voice_interview.core.rubric.registry import detector

# Kinds that can state a result. Durations are time windows, years and percentile names labels.
OUTCOME_KINDS = {
    "percent",
    "points",
    "latency",
    "money",
    "multiplier",
    "fraction",
    "other",
    "count",
}

# metric_specificity: an outcome number alone earns BASE; each of change, baseline and window
# adds PART; each further outcome sentence adds EXTRA (the best sentence counts most).
_BASE, _PART, _EXTRA = 0.4, 0.2, 0.1
# quantified_result: either half alone stays below the default met line; both make it full.
_OUTCOME, _TIMED, _LOOSE = 0.45, 0.45, 0.2


def outcome_numbers(unit: Unit) -> list[NumberMention]:
    """Numbers in the sentence that may be results: not incidental, not a threshold set in
    advance ("alert if it drops 2%"), not a label; a duration only when it moved ("from four
    hours to 18 minutes"), since a lone duration is a window or a time to fix."""
    stated = [n for n in unit.numbers if n.incidental is None and not n.threshold]
    found = [n for n in stated if n.kind in OUTCOME_KINDS]
    durations = [n for n in stated if n.kind == "duration"]
    for a, b in zip(durations, durations[1:], strict=False):
        if _leads_to(unit, a, b):
            found += [a, b]
    return sorted({n.first: n for n in found}.values(), key=lambda n: n.first)


def _leads_to(unit: Unit, a: NumberMention, b: NumberMention) -> bool:
    """ "28% to 3%": a few words apart with "to" between."""
    between = [w.text.strip(",.").lower() for w in unit.words[a.end : b.first]]
    return len(between) <= 3 and "to" in between


def has_window(ctx: Context, unit: Unit) -> bool:
    durations = [n for n in unit.numbers if n.kind == "duration" and n.incidental is None]
    return bool(durations) or bool(ctx.hits(unit, "metric_specificity", "window"))


@dataclass(frozen=True)
class _Scored:
    strength: float
    unit: Unit
    number: NumberMention
    parts: tuple[str, ...]


def _score_unit(ctx: Context, unit: Unit) -> _Scored | None:
    numbers = outcome_numbers(unit)
    delta = bool(ctx.hits(unit, "metric_specificity", "delta"))
    if not numbers or (not delta and all(n.kind == "count" for n in numbers)):
        return None  # "two options", "three hypotheses": a count is a result only when it moved
    baseline = bool(ctx.hits(unit, "metric_specificity", "baseline")) or _before_after(unit)
    present = (("change", delta), ("baseline", baseline), ("time window", has_window(ctx, unit)))
    parts = tuple(name for name, found in present if found)
    return _Scored(_BASE + _PART * len(parts), unit, _changed_number(ctx, unit, numbers), parts)


def _number_spot(unit: Unit, number: NumberMention) -> Spot:
    lo = unit.offsets[number.first]
    last = unit.offsets[number.end - 1] + len(unit.words[number.end - 1].text.strip())
    return Spot(unit, lo, last)


def _before_after(unit: Unit) -> bool:
    """Two numbers of one kind a few words apart with "to" between: "28% down to 3%"."""
    numbers = outcome_numbers(unit)
    return any(
        a.kind == b.kind and _leads_to(unit, a, b)
        for a, b in zip(numbers, numbers[1:], strict=False)
    )


def _changed_number(ctx: Context, unit: Unit, numbers: list[NumberMention]) -> NumberMention:
    """The number that a change word points at ("up 2.2%"), else the first one."""
    for change in ctx.hits(unit, "metric_specificity", "delta"):
        word = unit.word_at(change.start())
        after = [n for n in numbers if n.first >= word]
        if after:
            return after[0]
    return numbers[0]


@detector("metric_specificity", cues=("delta", "baseline", "window"))
def metric_specificity(ctx: Context) -> Finding:
    """Outcome numbers, rated by whether they come with a change, a baseline and a window."""
    scored: list[_Scored] = []
    incidental: set[str] = set()
    for unit, flags in zip(ctx.units, ctx.flags, strict=True):
        if flags.hypothetical or flags.generic:
            continue  # "I'd aim for a 5% lift" is a plan, not an outcome
        incidental.update(n.incidental for n in unit.numbers if n.incidental)
        incidental.update("a threshold set in advance" for n in unit.numbers if n.threshold)
        found = _score_unit(ctx, unit)
        if found is not None:
            scored.append(found)
    if not scored:
        if incidental:
            kinds = ", ".join(sorted(incidental))
            detail = f"The only numbers describe the setting ({kinds}), not an outcome."
            return Finding(0.0, detail, case="incidental")
        return Finding(0.0, "No outcome number (a percentage, latency, amount or rate) was found.")
    best = max(scored, key=lambda s: s.strength)
    others = sum(1 for s in scored if s is not best and s.strength >= _BASE + _PART)
    strength = min(1.0, best.strength + _EXTRA * others)
    missing = [p for p in ("change", "baseline", "time window") if p not in best.parts]
    named = [f"a {p}" for p in best.parts]
    with_parts = " on its own"
    if named:
        with_parts = " with " + (
            named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
        )
    lacking = f"; no {' or '.join(missing)}" if missing else ""
    detail = f'Best outcome number "{best.number.text}"{with_parts}{lacking}'
    detail += f" ({counted(len(scored), 'sentence')} with outcome numbers)."
    ranked = sorted(scored, key=lambda s: (-s.strength, s.unit.index))
    evidence = ctx.quotes(_number_spot(s.unit, s.number) for s in ranked)
    return Finding(strength, detail, evidence)


@detector("quantified_result", cues=("outcome", "ship", "time_phrase"))
def quantified_result(ctx: Context) -> Finding:
    """A measured outcome and how long the fix or launch took; met only with both (or a time
    and an outcome in words)."""
    outcome: tuple[Unit, int] | None = None
    loose: tuple[Unit, int] | None = None
    timed: tuple[Unit, int] | None = None
    for unit, flags in zip(ctx.units, ctx.flags, strict=True):
        if flags.hypothetical or flags.generic:
            continue
        change = ctx.first(unit, "metric_specificity", "delta") or ctx.first(
            unit, "quantified_result", "outcome"
        )
        numbers = outcome_numbers(unit)
        # The last outcome and time win: a story ends with its result and how long it took,
        # after the problem it opened with.
        if change and numbers:
            outcome = (unit, unit.offsets[_changed_number(ctx, unit, numbers).first])
        elif change:
            loose = (unit, change.start())
        ship = ctx.first(unit, "quantified_result", "ship")
        when = [n for n in unit.numbers if n.kind == "duration" and n.incidental is None]
        if ship and (when or ctx.hits(unit, "quantified_result", "time_phrase")):
            timed = (unit, unit.offsets[when[0].first] if when else ship.start())
    strength = (_OUTCOME if outcome else _LOOSE if loose else 0.0) + (_TIMED if timed else 0.0)
    if outcome and timed:
        strength = 1.0
    picks = [p for p in (outcome or loose, timed) if p is not None]
    evidence = ctx.quotes(Spot(unit, char, char + 1) for unit, char in picks)
    if outcome and timed:
        return Finding(
            strength, "States a measured outcome and how long the fix or launch took.", evidence
        )
    if timed:
        said = "an outcome without a number" if loose else "no measured outcome"
        return Finding(strength, f"Says how long it took but gives {said}.", evidence, "no_outcome")
    if outcome:
        detail = "Gives a measured outcome but not how long the fix or launch took."
        return Finding(strength, detail, evidence, "no_time")
    detail = "No measured outcome and no time to fix or ship."
    if loose:
        detail = "Mentions a change without a number, and not how long the fix or launch took."
    return Finding(strength, detail, evidence)
