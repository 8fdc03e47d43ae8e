"""The length policy: the verdict is driven by content, and for a spoken answer length moves it.

A spoken answer under `short_fraction` (half) of the target minimum, or over `long_factor` (1.5)
times the maximum, is capped one level, and the advice says which STAR part to expand or cut,
from where the time went. A typed answer gets its estimated speaking time and the same advice,
and no cap: nobody heard it.
"""

from __future__ import annotations

from voice_interview.core.rubric.context import Context
from voice_interview.core.rubric.star import PARTS, Part, classify, part_shares
from voice_interview.core.timing import timing_verdict
from voice_interview.models.question import Question
from voice_interview.models.report import LengthCheck, RubricVerdict

_HINTS: dict[Part, str] = {
    "situation": "the system, your role and what was at stake",
    "task": "what you had to achieve or decide, and by when",
    "action": "each step you took yourself, what you found and what you decided",
    "result": "the measured outcome, how long it took, and what changed for good",
}


def _clock(seconds: float) -> str:
    total = int(round(seconds))
    return f"{total // 60}:{total % 60:02d}"


def check_length(ctx: Context, question: Question, spoken_s: float | None) -> LengthCheck | None:
    """The answer's length against the target, with advice; None for an empty answer."""
    if not ctx.units:
        return None
    config = ctx.config
    words = sum(len(u.words) for u in ctx.units)
    estimated = spoken_s is None
    seconds = words / config.typed_wpm * 60 if spoken_s is None else spoken_s
    low, high = question.target_min_s, question.target_max_s
    verdict = timing_verdict(seconds, low, high)
    by_words, by_time = part_shares(ctx, classify(ctx))
    shares = by_words if by_time is None else by_time
    capped = not estimated and (
        seconds < config.short_fraction * low or seconds > config.long_factor * high
    )
    return LengthCheck(
        seconds=round(seconds, 1),
        estimated=estimated,
        target_min_s=low,
        target_max_s=high,
        verdict=verdict,
        capped=capped,
        shares={p: round(shares[p], 3) for p in PARTS},
        advice=_advice(seconds, low, high, shares, config.star_target_shares, verdict),
    )


def _advice(
    seconds: float,
    low: float,
    high: float,
    shares: dict[Part, float],
    targets: dict[str, float],
    verdict: str,
) -> str:
    """Which part to expand (short) or cut (long), in seconds against its share of the target."""
    if verdict == "on_target":
        return ""
    now = {p: shares[p] * seconds for p in PARTS}
    if verdict == "short":
        want = {p: targets.get(p, 0.0) * low for p in PARTS}
        part = max(PARTS, key=lambda p: want[p] - now[p])
        return (
            f"Expand the {part} ({_clock(now[part])} now, about {_clock(want[part])} at "
            f"{_clock(low)}): {_HINTS[part]}."
        )
    want = {p: targets.get(p, 0.0) * high for p in PARTS}
    part = max(PARTS, key=lambda p: now[p] - want[p])
    return (
        f"Cut the {part} ({_clock(now[part])} now, about {_clock(want[part])} fits "
        f"{_clock(high)}): keep {_HINTS[part]}."
    )


def cap_for_length(
    verdict: RubricVerdict, length: LengthCheck | None
) -> tuple[RubricVerdict, str | None]:
    """One level lower when the spoken length is far off target, with the reason."""
    if length is None or not length.capped or verdict == "below_the_bar":
        return verdict, None
    lowered: RubricVerdict = "meets" if verdict == "raises_the_bar" else "below_the_bar"
    if length.verdict == "short":
        why = f"{_clock(length.seconds)} is under half the {_clock(length.target_min_s)} minimum"
    else:
        why = f"{_clock(length.seconds)} is far over the {_clock(length.target_max_s)} maximum"
    return lowered, f"Lowered one level for length: {why}. {length.advice}"
