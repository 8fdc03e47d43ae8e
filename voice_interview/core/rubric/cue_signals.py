"""A question's own signals (`CueSignal`: cue phrases from the question pack), in the cue
language of cues.toml."""

from __future__ import annotations

import re

from voice_interview.core.rubric.context import Context, Finding, Spot, Unit, counted
from voice_interview.core.rubric.lexicon import CueMatcher, matcher_for
from voice_interview.errors import QuestionError
from voice_interview.models.question import CueSignal, Question


def question_matcher(cues: list[str], question: Question, where: str) -> CueMatcher:
    """Compile one of the question's cue lists, naming the question and field when invalid."""
    try:
        return matcher_for(tuple(cues))
    except re.error as exc:
        source = f" in {question.source}" if question.source else ""
        raise QuestionError(
            f"question {question.id!r}{source}: {where} has a cue that is not a valid "
            f"regular expression ({exc}); fix the pattern"
        ) from exc


def _has_number(unit: Unit) -> bool:
    """A number the speaker stated (a result or a threshold), not background such as a team size."""
    return any(n.incidental is None for n in unit.numbers)


# Unpunctuated speech can make one "sentence" of a whole answer; past this many clauses, groups
# must meet within a window of this many neighbouring clauses instead.
_SENTENCE_WINDOW = 4


def _in_sentences_matching_all(units: list[Unit], groups: list[CueMatcher]) -> list[Unit]:
    """The units of sentences (or clause windows) in which every cue group matches."""
    by_sentence: dict[int, list[Unit]] = {}
    for unit in units:
        by_sentence.setdefault(unit.sentence, []).append(unit)
    kept: list[Unit] = []
    for members in by_sentence.values():
        for start in range(max(1, len(members) - _SENTENCE_WINDOW + 1)):
            window = members[start : start + _SENTENCE_WINDOW]
            text = " ".join(u.text for u in window)
            if all(g.find_in(text) for g in groups):
                kept.extend(u for u in window if u not in kept)
    return sorted(kept, key=lambda u: u.index)


def score_cue_signal(ctx: Context, signal: CueSignal, question: Question) -> Finding:
    """Every cue group must match in some sentence for the signal to be met; distinct matched
    phrases up to `min_hits` raise it from the met line to full strength."""
    groups = ([signal.any_of] if signal.any_of else []) + signal.all_of
    matchers = [question_matcher(g, question, f"signal {signal.id!r}") for g in groups]
    units = [u for u in ctx.units if not signal.needs_number or _has_number(u)]
    if signal.same_sentence:
        units = _in_sentences_matching_all(units, matchers)
    phrases: list[str] = []
    per_group: list[list[Spot]] = []
    for matcher in matchers:
        spots: list[Spot] = []
        for unit in units:
            found = matcher.find(unit.text, unit.raw_lookup)
            if not found:
                continue
            spots.append(Spot.of(unit, found[0], found[-1]))
            phrases += [p for p in (m.group(0).strip().lower() for m in found) if p not in phrases]
        per_group.append(spots)
    matched_groups = sum(1 for spots in per_group if spots)
    # Quote the first match of every group before a second match of any.
    ordered = [s[0] for s in per_group if s] + [x for s in per_group for x in s[1:]]
    evidence = ctx.quotes(ordered)
    near = tuple(sorted({s.unit.index for s in ordered}))
    met_line = ctx.config.met_strength
    coverage = matched_groups / len(groups)
    with_number = " in a sentence with a number" if signal.needs_number else ""
    if signal.same_sentence:
        with_number += " (all in one sentence)"
    if coverage < 1:
        # Partial coverage approaches the met line without reaching it.
        strength = met_line * coverage
        if matched_groups == 0:
            detail = f"No cue for this signal was found{with_number}."
        else:
            detail = f"Matched {matched_groups} of {len(groups)} cue groups{with_number}."
        return Finding(strength, detail, evidence, near=near)
    strength = met_line + (1 - met_line) * min(1.0, len(phrases) / signal.min_hits)
    shown = ", ".join(f'"{p}"' for p in phrases[:4])
    need = f" (full strength needs {signal.min_hits})" if len(phrases) < signal.min_hits else ""
    detail = f"Found {counted(len(phrases), 'distinct cue')}{with_number}: {shown}{need}."
    return Finding(strength, detail, evidence, near=near)
