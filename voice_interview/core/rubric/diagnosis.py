"""How a problem was found, explained and prevented: `monitoring_before`, `root_cause` and
`mechanism`."""

from __future__ import annotations

import re

from voice_interview.core.rubric.context import Context, Finding, Unit

# monitoring_before: monitoring that existed earns EXISTED, catching the problem with it (or
# yourself) earns CAUGHT; being told by another team takes OTHERS_PENALTY off.
_EXISTED, _CAUGHT, _OTHERS_PENALTY = 0.6, 0.4, 0.2
# mechanism: a new durable check earns CREATED (or NAMED when only its permanence is described);
# saying where it runs from now on adds DURABLE.
_CREATED, _NAMED, _DURABLE = 0.6, 0.5, 0.4
# root_cause: a cause statement with too little detail earns VAGUE; one with enough detail
# earns SPECIFIC plus PER_WORD for each further detail word; an unresolved list of hypotheses
# takes HYPOTHESIS_PENALTY off.
_VAGUE, _SPECIFIC, _PER_WORD, _HYPOTHESIS_PENALTY = 0.2, 0.6, 0.1, 0.2

_WORD = re.compile(r"[a-z][a-z'-]+")
_SPEAKER = re.compile(r"\b(?:I|we|my|our)\b", re.IGNORECASE)


def monitoring_before(ctx: Context) -> Finding:
    """Monitoring that existed before the problem, and whether it (or the speaker) caught it."""
    existed: list[tuple[Unit, int | None]] = []
    caught: list[tuple[Unit, int | None]] = []
    told: list[tuple[Unit, int | None]] = []
    for unit, flags in zip(ctx.units, ctx.flags, strict=True):
        if flags.hypothetical or flags.generic:
            continue  # "I'd set up dashboards" is the monitoring the bar raiser found missing
        artifact = ctx.first(unit, "monitoring_before", "artifact")
        prior = ctx.first(unit, "monitoring_before", "prior")
        detection = ctx.first(unit, "monitoring_before", "detection")
        others = ctx.first(unit, "monitoring_before", "others")
        if others:
            told.append((unit, others.start()))
        elif detection and (artifact or _SPEAKER.search(unit.text)):
            caught.append((unit, detection.start()))
        # An alarm that fired was, by definition, in place before the problem.
        if artifact and (prior or (detection and not others)):
            existed.append((unit, artifact.start()))
    strength = _EXISTED * bool(existed) + _CAUGHT * bool(caught)
    case = None
    if told and not caught:
        strength = max(0.0, strength - _OTHERS_PENALTY)
        case = "others_caught"
    if existed and caught:
        detail = "Monitoring was in place before the problem, and it or the speaker caught it."
    elif existed:
        detail = (
            "Monitoring was in place before the problem, but who or what caught it is not said."
        )
    elif caught:
        detail = "The speaker caught the problem, but no monitoring in place beforehand is named."
    else:
        detail = "No dashboard, alarm or alert that existed before the problem is named."
    if case:
        detail = detail[:-1] + "; another team or a user reported it."
    return Finding(strength, detail, ctx.quotes(existed[:1] + caught[:1] + told), case)


def mechanism(ctx: Context) -> Finding:
    """A new check, alarm, gate or automation, and whether it keeps running afterwards."""
    best, picks = 0.0, []
    for unit, flags in zip(ctx.units, ctx.flags, strict=True):
        if flags.hypothetical or flags.generic or ctx.hits(unit, "mechanism", "before"):
            continue
        artifact = ctx.first(unit, "mechanism", "artifact")
        create = ctx.first(unit, "mechanism", "create")
        durable = ctx.first(unit, "mechanism", "durable")
        if not artifact or not (create or durable):
            continue
        score = (_CREATED if create else _NAMED) + (_DURABLE if durable else 0.0)
        picks.append((score, unit, artifact.start()))
        best = max(best, score)
    if not picks:
        return Finding(0.0, "No new check, alarm, gate or automation against recurrence is named.")
    ranked = sorted(picks, key=lambda p: -p[0])
    strength = min(1.0, best)
    if best >= _CREATED + _DURABLE:
        detail = "Names a new check or automation and where it keeps running."
    elif best >= _CREATED:
        detail = (
            "Names a new check or automation, but not where it runs from now on or who uses it."
        )
    else:
        detail = "Describes a lasting check without saying that it was added after the problem."
    return Finding(strength, detail, ctx.quotes((u, c) for _, u, c in ranked))


def _detail_words(ctx: Context, text: str) -> set[str]:
    words = ctx.lexicon.words
    skip = words["stopwords"] | words["vague_cause"]
    return {w for w in _WORD.findall(text.lower()) if w not in skip}


def root_cause(ctx: Context) -> Finding:
    """A stated cause with concrete detail, rather than a list of candidate causes."""
    minimum = ctx.config.root_cause_min_detail_words
    best, picks = 0.0, []
    hypotheses: list[tuple[Unit, int | None]] = []
    candidates: set[str] = set()
    concluded = False
    for unit, flags in zip(ctx.units, ctx.flags, strict=True):
        if flags.hypothetical or flags.generic or flags.speculative:
            named = {m.group(0).lower() for m in ctx.hits(unit, "root_cause", "candidate")}
            if named:
                hypotheses.append((unit, None))
                candidates |= named
            continue
        concluded = concluded or bool(ctx.hits(unit, "root_cause", "conclusion"))
        cue = ctx.first(unit, "root_cause", "cause")
        if cue is None:
            continue
        detail_words = _detail_words(ctx, unit.text[cue.start() :])
        if len(detail_words) < minimum:
            score = _VAGUE
        else:
            score = min(1.0, _SPECIFIC + _PER_WORD * (len(detail_words) - minimum))
        picks.append((score, unit, cue.start()))
        best = max(best, score)
    listed = len(candidates) >= 2
    if best == 0.0:
        if listed:
            shown = ", ".join(sorted(candidates)[:4])
            detail = (
                f"Lists {len(candidates)} possible causes ({shown}) without saying which it was."
            )
            return Finding(0.0, detail, ctx.quotes(hypotheses), "hypotheses")
        return Finding(0.0, "No cause of the problem is stated.")
    strength = best
    # Only the sentences that earned the best score are quoted: a vague mention adds nothing.
    ranked = [(u, c) for s, u, c in sorted(picks, key=lambda p: -p[0]) if s >= min(best, _SPECIFIC)]
    if best < _SPECIFIC:
        detail = "Says a cause was found but not what it was."
        return Finding(strength, detail, ctx.quotes(ranked), "vague")
    detail = "States a specific cause with concrete detail."
    if listed and not concluded:
        strength = max(0.0, strength - _HYPOTHESIS_PENALTY)
        detail = "States a cause, but also lists untested possibilities without ruling them out."
    return Finding(strength, detail, ctx.quotes(ranked), "hypotheses" if listed else None)
