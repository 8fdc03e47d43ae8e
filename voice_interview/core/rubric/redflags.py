"""Red flags: the shared ones declared in cues.toml and the question's own, found in the answer
with a quote and a time, and how they lower the verdict."""

from __future__ import annotations

import re

from voice_interview.core.rubric.context import Context, Spot
from voice_interview.core.rubric.cue_signals import question_matcher
from voice_interview.core.rubric.lexicon import CueMatcher, SharedRedFlag
from voice_interview.core.rubric.registry import RULES
from voice_interview.models.question import Question, RedFlagCue
from voice_interview.models.report import RedFlag, RubricVerdict

LEVELS: tuple[RubricVerdict, ...] = ("below_the_bar", "meets", "raises_the_bar")


def find_red_flags(ctx: Context, question: Question, scored: set[str]) -> list[RedFlag]:
    """Every shared red flag that applies to the question, then the question's own, each with up
    to `max_evidence` quotes (one per sentence), in transcript order within a flag.

    The shared red flags are for behavioural stories: in a technical walk-through "I would" is
    the expected answer, so only the question's own red flags apply there."""
    found: list[RedFlag] = []
    for flag_id, shared in ctx.lexicon.red_flags.items():
        if question.kind != "story":
            break
        if shared.applies_with is not None and shared.applies_with not in scored:
            continue
        spots = _shared_spots(ctx, flag_id, shared)
        found += _flags(ctx, spots, flag_id, shared.label, "shared", shared.advice)
    for own in question.red_flag_cues:
        spots = _own_spots(ctx, own, question)
        found += _flags(ctx, spots, own.id, own.label, "question", None)
    return found


def _shared_spots(ctx: Context, flag_id: str, flag: SharedRedFlag) -> list[Spot]:
    spots: list[Spot] = []
    if flag.rule is not None:
        rule = RULES.get(flag.rule)
        if rule is None:
            return []  # a user's cue file naming a rule this version does not have
        spots += rule(ctx)
    if flag.cues:
        cues = ctx.lexicon.cue("red_flags", flag_id)
        unless = ctx.lexicon.cue("red_flags_unless", flag_id)
        spots += _cue_spots(ctx, cues, unless)
    return spots


def _own_spots(ctx: Context, own: RedFlagCue, question: Question) -> list[Spot]:
    cues = question_matcher(own.cues, question, f"red flag {own.id!r}")
    unless = question_matcher(own.unless, question, f"red flag {own.id!r} unless")
    return _cue_spots(ctx, cues, unless)


def _cue_spots(ctx: Context, cues: CueMatcher, unless: CueMatcher) -> list[Spot]:
    """The first cue in each sentence that no `unless` phrase overlaps. Red flags read the words
    as said (buzzwords included)."""
    spots = []
    for unit in ctx.units:
        hits = cues.find(unit.text, unit.raw_lookup)
        if not hits:
            continue
        cancel = unless.find(unit.text, unit.raw_lookup)
        kept = [m for m in hits if not any(_overlap(m, c) for c in cancel)]
        if kept:
            spots.append(Spot.of(unit, kept[0]))
    return spots


def _overlap(a: re.Match[str], b: re.Match[str]) -> bool:
    return a.start() < b.end() and b.start() < a.end()


def _flags(
    ctx: Context,
    spots: list[Spot],
    flag_id: str,
    label: str,
    origin: str,
    advice: str | None,
) -> list[RedFlag]:
    by_unit: dict[int, Spot] = {}
    for spot in spots:
        by_unit.setdefault(spot.unit.index, spot)
    chosen = sorted(by_unit.items())[: ctx.config.max_evidence]
    out = []
    for _, spot in chosen:
        quote = ctx.quote(spot)
        out.append(
            RedFlag(
                id=flag_id,
                label=label,
                origin="shared" if origin == "shared" else "question",
                advice=advice,
                text=quote.text,
                start=quote.start,
                end=quote.end,
            )
        )
    return out


def cap_for_red_flags(
    verdict: RubricVerdict, flags: list[RedFlag], no_raise: int, below: int
) -> tuple[RubricVerdict, str | None]:
    """The verdict after red flags, and why it was lowered (None when it was not).

    One of the question's own red flags, or `no_raise` different shared ones, mean the answer
    cannot raise the bar; `below` different red flags of any kind put it below the bar.
    """
    ids = list(dict.fromkeys(f.id for f in flags))
    if not ids:
        return verdict, None
    labels = {f.id: f.label for f in flags}
    own = any(f.origin == "question" for f in flags)
    shared = sum(1 for i in ids if any(f.id == i and f.origin == "shared" for f in flags))
    cap: RubricVerdict = "raises_the_bar"
    if len(ids) >= below:
        cap = "below_the_bar"
    elif own or shared >= no_raise:
        cap = "meets"
    if LEVELS.index(verdict) <= LEVELS.index(cap):
        return verdict, None
    named = "; ".join(labels[i].rstrip(".") for i in ids[:3])
    if cap == "below_the_bar":
        reason = f"{len(ids)} red flags put it below the bar: {named}."
    else:
        reason = f"A red flag means it cannot raise the bar: {named}."
    return cap, reason
