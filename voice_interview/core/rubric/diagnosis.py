"""How a problem was found, explained and prevented: `monitoring_before`, `root_cause` and
`mechanism`, and the red-flag rules that come from the same reading (`cause_list`,
`others_noticed`, `no_alert`).

Each needs substance, not vocabulary: a named instrument and what it watched, the specific thing
that was wrong and how it differed, a concrete check with what it checks and where it runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from voice_interview.core.rubric.context import Context, Finding, Spot, Unit
from voice_interview.core.rubric.naming import (
    clause_at,
    content_words,
    listing,
    named_after,
    named_before,
    phrase,
)
from voice_interview.core.rubric.registry import detector, red_flag_rule

# monitoring_before: a named instrument in place earns EXISTED (VAGUE_INSTRUMENT when it is not
# said what it watched: "we had monitoring in place"); catching the problem with it, or by the
# speaker, earns CAUGHT (CAUGHT_BARE without a named instrument); being told by someone else
# takes OTHERS_PENALTY off.
_EXISTED, _VAGUE_INSTRUMENT, _CAUGHT, _CAUGHT_BARE, _OTHERS_PENALTY = 0.5, 0.15, 0.5, 0.2, 0.2
# mechanism: a new artifact earns NEW; saying what it checks and where it runs earn CHECKS and
# RUNS; having caught something since adds CAUGHT_SINCE.
_NEW, _CHECKS, _RUNS, _CAUGHT_SINCE = 0.3, 0.35, 0.35, 0.2
# root_cause: a cause statement without detail earns VAGUE; one naming the specific thing earns
# SPECIFIC, and saying how it differed from what was expected adds DIFFERED; an unresolved list
# of hypotheses takes HYPOTHESIS_PENALTY off.
_VAGUE, _SPECIFIC, _DIFFERED, _HYPOTHESIS_PENALTY = 0.2, 0.6, 0.4, 0.2

_SPEAKER = re.compile(r"\b(?:I|we|my|our|me|us)\b", re.IGNORECASE)


def _stated(ctx: Context) -> list[tuple[Unit, bool]]:
    """Every unit, and whether it tells what happened (not a plan, a habit or a guess)."""
    return [(u, not f.plan_or_habit) for u, f in zip(ctx.units, ctx.flags, strict=True)]


# --- monitoring_before ----------------------------------------------------------------------


@detector(
    "monitoring_before",
    cues=("artifact", "watched", "prior", "detection", "others", "absent", "lacking"),
)
def monitoring_before(ctx: Context) -> Finding:
    """A named instrument in place before the problem, and whether it (or the speaker) caught it."""
    existed: list[tuple[Spot, str]] = []
    vague: list[Spot] = []
    caught: list[tuple[Spot, bool, str]] = []
    told, near = _told(ctx), []
    for unit, stated in _stated(ctx):
        if not stated or ctx.hits(unit, "monitoring_before", "absent"):
            continue  # "I'd set up dashboards", "nobody had an alert": nothing was in place
        if ctx.hits(unit, "monitoring_before", "lacking"):
            continue
        artifact = ctx.first(unit, "monitoring_before", "artifact")
        prior = ctx.first(unit, "monitoring_before", "prior")
        detection = ctx.first(unit, "monitoring_before", "detection")
        others = ctx.first(unit, "monitoring_before", "others")
        around = ctx.around(unit)
        if (
            prior is None
            and artifact
            and any(
                ctx.hits(u, "monitoring_before", "prior") for u in around if u.index < unit.index
            )
        ):
            prior = artifact  # "Before that release I had set up two things: a dashboard..."
        if prior is None and any(ctx.hits(u, "mechanism", "create") for u in around):
            continue  # "I then added a check, and it has flagged five changes": made afterwards
        if artifact or prior or detection:
            near.append(unit.index)
        if detection and not others and (artifact or _SPEAKER.search(unit.text)):
            how = clause_at(unit, detection.start())
            caught.append((Spot.of(unit, artifact, detection), artifact is not None, how))
        # An alarm that fired was, by definition, in place before the problem.
        if artifact and (prior or (detection and not others)):
            name = _instrument(ctx, unit, artifact)
            spot = Spot.of(unit, artifact, prior)
            if name:
                existed.append((spot, name))
            else:
                vague.append(spot)
    return _monitoring_finding(existed, vague, caught, told, tuple(near), ctx)


def _instrument(ctx: Context, unit: Unit, artifact: re.Match[str]) -> str | None:
    """The instrument with what it watched ("alarm on the late rate"), or None if unnamed."""
    before = named_before(ctx, unit, artifact.start())
    after = named_after(ctx, unit, artifact.end(), "monitoring_before", "watched")
    if before is None and after is None:
        return None
    lo = before[0] if before else artifact.start()
    hi = after[1] if after else artifact.end()
    return phrase(unit, (lo, hi))


def _told(ctx: Context) -> list[Spot]:
    return [
        Spot.of(unit, ctx.first(unit, "monitoring_before", "others"))
        for unit in ctx.units
        if ctx.hits(unit, "monitoring_before", "others")
    ]


def _monitoring_finding(
    existed: list[tuple[Spot, str]],
    vague: list[Spot],
    caught: list[tuple[Spot, bool, str]],
    told: list[Spot],
    near: tuple[int, ...],
    ctx: Context,
) -> Finding:
    instrument = existed[0][1] if existed else None
    by_instrument = any(with_artifact for _, with_artifact, _ in caught)
    strength = _EXISTED if existed else _VAGUE_INSTRUMENT if vague else 0.0
    if caught:
        strength += _CAUGHT if existed or by_instrument else _CAUGHT_BARE
    case = None
    if told and not caught:
        strength = max(0.0, strength - _OTHERS_PENALTY)
        case = "others_caught"
    who = caught[0][2] if caught else None
    detail = listing([("in place before", instrument), ("caught by", who)])
    if vague and instrument is None:
        # Not words of the answer, so it stays outside the quotation marks listing() adds.
        detail = detail[:-1] + "; monitoring is mentioned without saying what it was."
    if told:
        detail = detail[:-1] + "; someone else reported it."
    spots = [s for s, _ in existed[:1]] + vague[:1] + [s for s, _, _ in caught[:1]] + told
    return Finding(strength, detail, ctx.quotes(spots), case, near)


@red_flag_rule("others_noticed")
def others_noticed(ctx: Context) -> list[Spot]:
    return _told(ctx)


@red_flag_rule("no_alert")
def no_alert(ctx: Context) -> list[Spot]:
    return [
        Spot.of(unit, ctx.first(unit, "monitoring_before", "absent"))
        for unit in ctx.units
        if ctx.hits(unit, "monitoring_before", "absent")
    ]


# --- mechanism ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Guard:
    """A new check, alarm or gate found in one sentence, and what was said about it."""

    strength: float
    spots: list[Spot]
    artifact: str
    checks: str | None
    runs: str | None
    caught: bool


@detector("mechanism", cues=("artifact", "trigger", "create", "checks", "runs", "caught", "before"))
def mechanism(ctx: Context) -> Finding:
    """A new check, alarm, gate or automation: what it checks, where it runs, what it caught."""
    found: list[_Guard] = []
    near: list[int] = []
    for unit, ok in _stated(ctx):
        if not ok or ctx.hits(unit, "mechanism", "before"):
            continue
        artifact = ctx.first(unit, "mechanism", "artifact") or ctx.first(
            unit, "mechanism", "trigger"
        )
        if artifact is None:
            continue
        near.append(unit.index)
        guard = _guard(ctx, unit, artifact)
        if guard is not None:
            found.append(guard)
    if not found:
        detail = "No new check, alarm, gate or automation against recurrence is named."
        return Finding(0.0, detail, near=tuple(near))
    best = max(found, key=lambda g: g.strength)
    detail = listing(
        [
            ("artifact", best.artifact),
            ("checks", best.checks),
            ("runs", best.runs),
        ]
    )
    if best.caught:
        detail = detail[:-1] + "; it has caught something since."
    return Finding(min(1.0, best.strength), detail, ctx.quotes(best.spots), None, tuple(near))


def _guard(ctx: Context, unit: Unit, artifact: re.Match[str]) -> _Guard | None:
    """What the sentence says about a new artifact: what it checks, where it runs, what it has
    caught since (a long sentence cut at its commas is read to its end)."""
    rest = ctx.rest_of_sentence(unit)
    whole = [u for u in ctx.units if u.sentence == unit.sentence]
    new = _first_in(ctx, [unit], "create") or _first_in(ctx, whole, "create")
    if new is None:
        return None  # a check that is not said to be new belongs to the story, not the fix
    before = named_before(ctx, unit, artifact.start())
    after = named_after(ctx, unit, artifact.end(), "mechanism", "checks")
    checks = phrase(unit, after) if after else phrase(unit, before) if before else None
    if checks is None:
        checks = _checks_later(ctx, rest[1:])
    runs = _first_in(ctx, rest, "runs")
    caught = _first_in(ctx, rest, "caught")
    if caught is None:
        later = ctx.next_sentence(unit)[:1]
        caught = _first_in(
            ctx, [u for u in later if not ctx.flags[u.index].plan_or_habit], "caught"
        )
    lo = before[0] if before else artifact.start()
    name = phrase(unit, (lo, artifact.end()))
    strength = _NEW + _CHECKS * bool(checks) + _RUNS * bool(runs)
    strength += _CAUGHT_SINCE * (caught is not None)
    same = [found[1] for found in (new, runs) if found is not None and found[0] is unit]
    hi = max([artifact.end(), after[1] if after else 0, *(m.end() for m in same)])
    lo = min([lo, *(m.start() for m in same)])
    spots = [Spot(unit, lo, hi)]
    spots += [Spot.of(f[0], f[1]) for f in (runs, caught) if f is not None and f[0] is not unit]
    return _Guard(
        strength,
        spots,
        name,
        checks,
        _runs_phrase(*runs) if runs else None,
        caught is not None,
    )


_NEXT_WORDS = re.compile(r"(?:\s+[\w'-]+){0,2}")


def _runs_phrase(unit: Unit, cue: re.Match[str]) -> str:
    """The "runs" cue with the words it governs: "every release", "in CI on every merge"."""
    tail = _NEXT_WORDS.match(unit.text, cue.end())
    return phrase(unit, (cue.start(), tail.end() if tail else cue.end()))


def _first_in(ctx: Context, units: list[Unit], name: str) -> tuple[Unit, re.Match[str]] | None:
    for unit in units:
        hit = ctx.first(unit, "mechanism", name)
        if hit is not None:
            return unit, hit
    return None


def _checks_later(ctx: Context, units: list[Unit]) -> str | None:
    """What it checks, said later in the sentence: "...: it approves refunds under 200 dollars"
    or a threshold ("if any feature differs on more than 0.5% of rows")."""
    for unit in units:
        for cue in ctx.hits(unit, "mechanism", "checks"):
            span = named_after(ctx, unit, cue.start(), "mechanism", "checks")
            if span is not None:
                return phrase(unit, span)
        threshold = next((n.text for n in unit.numbers if n.threshold), None)
        if threshold:
            return threshold
    return None


# --- root_cause -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cause:
    strength: float
    spots: list[Spot]
    said: str
    differed: str | None
    """The clause that says how the thing differed from what was expected."""


@detector("root_cause", cues=("cause", "cause_before", "candidate", "conclusion", "contrast"))
def root_cause(ctx: Context) -> Finding:
    """The specific thing that was wrong and how it differed, not a category of causes."""
    causes: list[_Cause] = []
    near: list[int] = []
    units = ctx.units
    for unit, flags in zip(units, ctx.flags, strict=True):
        if flags.plan_or_habit or flags.speculative:
            continue
        if not any(ctx.flags[u.index].past for u in ctx.around(unit)):
            continue  # "because the field changes so fast": reasoning, not what went wrong
        cause = _cause(ctx, unit)
        if cause is not None:
            near.append(unit.index)
            causes.append(cause)
    hypotheses, candidates = _hypotheses(ctx)
    concluded = any(ctx.hits(u, "root_cause", "conclusion") for u in units)
    best = max(causes, key=lambda c: c.strength, default=None)
    if best is None or best.strength < _SPECIFIC:
        return _unnamed(ctx, best, hypotheses, candidates, tuple(near))
    strength, case = best.strength, None
    detail = listing([("cause", best.said), ("how it differed", best.differed)])
    if len(candidates) >= 2 and not concluded:
        strength = max(0.0, strength - _HYPOTHESIS_PENALTY)
        case = "hypotheses"
        detail = detail[:-1] + "; other possible causes are listed and not ruled out."
    ranked = [
        spot
        for c in sorted(causes, key=lambda c: -c.strength)
        if c.strength >= _SPECIFIC
        for spot in c.spots
    ]
    return Finding(strength, detail, ctx.quotes(ranked), case, tuple(near))


def _cause(ctx: Context, unit: Unit) -> _Cause | None:
    """A cause stated in this unit, with its detail words: after the cue to the end of the
    sentence ("the root cause was a unit mismatch in the package size feature"), or before it
    ("the distance feature was the problem"); the next sentence counts when the detail is short
    and it says how the thing differed ("In training it came in kilograms, but serving read
    pounds")."""
    after = ctx.first(unit, "root_cause", "cause")
    before = ctx.first(unit, "root_cause", "cause_before")
    if after is None and before is None:
        return None
    if after is not None:
        region = (after.start(), len(unit.text))
        said_end = len(unit.text)
    else:
        assert before is not None
        region, said_end = (0, len(unit.text)), before.end()
    rest = ctx.rest_of_sentence(unit)[1:]
    detail = content_words(ctx, unit.plain[region[0] : region[1]])
    detail += [w for u in rest for w in content_words(ctx, u.plain)]
    contrast = [
        (unit, m) for m in ctx.hits(unit, "root_cause", "contrast") if m.start() >= region[0]
    ]
    contrast += [(u, m) for u in rest for m in ctx.hits(u, "root_cause", "contrast")]
    minimum = ctx.config.root_cause_min_detail_words
    spots = [Spot(unit, *region), *(Spot(u) for u in rest[:1])]
    if len(set(detail)) < minimum + 2:
        following = ctx.next_sentence(unit)
        extra = [(u, m) for u in following for m in ctx.hits(u, "root_cause", "contrast")]
        if extra:
            detail += [w for u in following for w in content_words(ctx, u.plain)]
            contrast += extra
            spots.append(Spot(following[0]))
    said = phrase(unit, (region[0], said_end))
    if len(said.split()) > 14:
        said = " ".join(said.split()[:14]) + "\u2026"
    if len(set(detail)) < minimum:
        return _Cause(_VAGUE, spots[:1], said, None)
    differed = clause_at(contrast[0][0], contrast[0][1].start()) if contrast else None
    return _Cause(_SPECIFIC + _DIFFERED * bool(contrast), spots, said, differed)


def _hypotheses(ctx: Context) -> tuple[list[Spot], set[str]]:
    """Sentences that guess at causes ("it could be drift, or skew"), and the causes named."""
    spots: list[Spot] = []
    named: set[str] = set()
    for unit, flags in zip(ctx.units, ctx.flags, strict=True):
        if not (flags.plan_or_habit or flags.speculative):
            continue
        hits = ctx.hits(unit, "root_cause", "candidate")
        if hits:
            spots.append(Spot.of(unit, hits[0], hits[-1]))
            named |= {m.group(0).lower() for m in hits}
    return spots, named


def _unnamed(
    ctx: Context,
    best: _Cause | None,
    hypotheses: list[Spot],
    candidates: set[str],
    near: tuple[int, ...],
) -> Finding:
    if best is not None:
        detail = f"Says a cause was found (\u201c{best.said}\u201d) but not what it was."
        return Finding(best.strength, detail, ctx.quotes(best.spots), "vague", near)
    if len(candidates) >= 2:
        shown = ", ".join(sorted(candidates)[:4])
        detail = f"Lists {len(candidates)} possible causes ({shown}) without saying which it was."
        return Finding(0.0, detail, ctx.quotes(hypotheses), "hypotheses", near)
    return Finding(0.0, "No cause of the problem is stated.", near=near)


@red_flag_rule("cause_list")
def cause_list(ctx: Context) -> list[Spot]:
    """Two or more possible causes guessed, and no specific cause stated or confirmed."""
    hypotheses, candidates = _hypotheses(ctx)
    if len(candidates) < 2 or any(ctx.hits(u, "root_cause", "conclusion") for u in ctx.units):
        return []
    if root_cause(ctx).strength >= _SPECIFIC:
        return []
    return hypotheses
