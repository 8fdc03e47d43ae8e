"""Who acted and whether it happened: `ownership` ("I" in the action sentences) and
`specific_story` (a real past event rather than what one would usually do), and the red-flag
rules that come from the same reading (`hypothetical`, `team_credit`, `handed_off`, `prompted`)."""

from __future__ import annotations

import re

from voice_interview.core.rubric.context import Context, Finding, Spot, Unit, counted
from voice_interview.core.rubric.registry import detector, red_flag_rule

# ownership: the number of "I" action sentences sets the ceiling (ONE_I for one, full at three),
# the share of actions that are the speaker's scales it between SHARE_FLOOR and 1.
_ONE_I, _PER_I, _SHARE_FLOOR = 0.6, 0.2, 0.6
_WE_ONLY, _PER_WE_ACTION = 0.3, 0.1
"""Strength when the actions are all "we" (PER_WE_ACTION for each step told, up to WE_ONLY):
shared credit, but nobody in particular acted."""
_PROMPTED = 0.7
"""Factor applied when the work started at someone else's request."""
# specific_story: a generic or hypothetical sentence weighs this many past-event sentences.
_GENERIC_WEIGHT = 2.0
_CONCRETE_FULL = 4
"""Concrete details (numbers, names, time anchors) for full strength."""
_MOSTLY_GENERAL = 0.3
"""Ceiling when plan or habit sentences are as many as story sentences: no story to speak of."""

# A capitalised word inside a sentence: a product, team, metric or place name ("Reels", "UTC").
_NAME = re.compile(r"^[A-Z]")


@detector("ownership", cues=("prompted", "passive", "deferred", "team_decision"))
def ownership(ctx: Context) -> Finding:
    """First person singular in the sentences that describe actions; verbs of helping
    ("I helped", "I collaborated") share the credit like "we"."""
    mine: list[tuple[Unit, int]] = []
    ours: list[tuple[Unit, int]] = []
    theirs: list[tuple[Unit, int]] = []
    asked: list[tuple[Unit, int]] = []
    planned: list[tuple[Unit, int | None]] = []
    for unit, flags in zip(ctx.units, ctx.flags, strict=True):
        if flags.hypothetical or flags.generic:
            planned.append((unit, None))
            continue  # "I would isolate it" is not ownership of anything that happened
        ask = ctx.first(unit, "ownership", "prompted")
        if ask:
            asked.append((unit, ask.start()))
        handed = ctx.first(unit, "ownership", "passive") or ctx.first(unit, "ownership", "deferred")
        shared = flags.acts("we") + flags.acts("i", soft=True)
        if flags.acts("i", soft=False):
            mine.append((unit, flags.acts("i", soft=False)[0].char))
        elif shared:
            ours.append((unit, shared[0].char))
        elif flags.acts("other"):
            theirs.append((unit, flags.acts("other")[0].char))
        elif handed:
            theirs.append((unit, handed.start()))
    n_i, n_we, n_other = len(mine), len(ours), len(theirs)
    case: str | None = None
    if n_i:
        share = n_i / (n_i + n_we + n_other)
        strength = min(1.0, _ONE_I + _PER_I * (n_i - 1)) * (
            _SHARE_FLOOR + (1 - _SHARE_FLOOR) * share
        )
    else:
        steps = sum(len(f.acts("we") + f.acts("i", soft=True)) for f in ctx.flags)
        strength = min(_WE_ONLY, _PER_WE_ACTION * steps) if n_we else 0.0
        case = "we_only" if n_we else None
    detail = (
        f'{counted(n_i, "action sentence")} with "I", {n_we} with "we" and {n_other} where '
        "someone else acted or nobody is named"
    )
    if planned and not n_i:
        detail += f"; {counted(len(planned), 'sentence')} say what would be done"
    if asked:
        strength *= _PROMPTED
        case = "prompted"
        detail += "; the work started because someone asked"
    # The request that started the work is quoted first, so the reader sees why it earned less.
    picks = [*asked[:1], *(mine or ours or theirs or planned)]
    evidence = ctx.quotes(Spot(u, c, c + 1) if c is not None else Spot(u) for u, c in picks)
    return Finding(strength, detail + ".", evidence, case)


@detector("specific_story", cues=("anchor",))
def specific_story(ctx: Context) -> Finding:
    """Past-tense sentences with concrete details, against "I would" / "typically" sentences."""
    story: list[Unit] = []
    general: list[Unit] = []
    anchors: list[tuple[Unit, int]] = []
    details = 0
    for unit, flags in zip(ctx.units, ctx.flags, strict=True):
        if flags.hypothetical or flags.generic:
            general.append(unit)
            continue
        if not flags.past:
            continue
        story.append(unit)
        anchor = ctx.first(unit, "specific_story", "anchor")
        if anchor:
            anchors.append((unit, anchor.start()))
        names = {
            w.text.strip(".,;:!?\"'()") for w in unit.words[1:] if _NAME.match(w.text.strip("\"'("))
        }
        details += len(unit.numbers) + len(names - {"I", "I'd", "I'm", "I've", "I'll"})
    n_story, n_general = len(story), len(general)
    concrete = details + 2 * len(anchors)
    if not n_story:
        detail = (
            f"No past event is told; {counted(n_general, 'sentence')} say what would or usually "
            "happens."
            if n_general
            else "No past-tense account of an event was found."
        )
        return Finding(0.0, detail, ctx.quotes(Spot(u) for u in general))
    share = n_story / (n_story + _GENERIC_WEIGHT * n_general)
    strength = share * (0.5 + 0.5 * min(1.0, concrete / _CONCRETE_FULL))
    if n_general >= n_story:
        strength = min(strength, _MOSTLY_GENERAL)
    detail = (
        f"{counted(n_story, 'sentence')} tell past events and {n_general} describe what would "
        f"or usually happens; {counted(details, 'concrete detail')} (numbers, names) and "
        f"{counted(len(anchors), 'time anchor')}."
    )
    picks = [*(Spot(u, c, c + 1) for u, c in anchors[:1]), *(Spot(u) for u in story)]
    return Finding(strength, detail, ctx.quotes(picks))


# --- red-flag rules -----------------------------------------------------------------------------


@red_flag_rule("hypothetical")
def hypothetical(ctx: Context) -> list[Spot]:
    """Sentences that say what would be done (the same test every detector uses)."""
    return [
        Spot(unit, *flags.hypothetical)
        for unit, flags in zip(ctx.units, ctx.flags, strict=True)
        if flags.hypothetical is not None
    ]


@red_flag_rule("team_credit")
def team_credit(ctx: Context) -> list[Spot]:
    """A decision credited to the group, or actions told only with "we" and none with "I"."""
    spots = [
        Spot.of(unit, ctx.first(unit, "ownership", "team_decision"))
        for unit in ctx.units
        if ctx.hits(unit, "ownership", "team_decision")
    ]
    stated = [(u, f) for u, f in zip(ctx.units, ctx.flags, strict=True) if not f.plan_or_habit]
    if not any(f.acts("i", soft=False) for _, f in stated):
        for unit, flags in stated:
            shared = flags.acts("we") + flags.acts("i", soft=True)
            if shared:
                spots.append(Spot(unit, shared[0].char, shared[0].char + 1))
    return spots


@red_flag_rule("handed_off")
def handed_off(ctx: Context) -> list[Spot]:
    return _cue_spots(ctx, "deferred")


@red_flag_rule("prompted")
def prompted(ctx: Context) -> list[Spot]:
    return _cue_spots(ctx, "prompted")


def _cue_spots(ctx: Context, name: str) -> list[Spot]:
    return [
        Spot.of(unit, ctx.first(unit, "ownership", name))
        for unit in ctx.units
        if ctx.hits(unit, "ownership", name)
    ]
