"""A question's own signals (`CueSignal`: cue phrases from the question pack) and its red flags."""

from __future__ import annotations

import re
from functools import lru_cache

from voice_interview.core.rubric.context import Context, Finding, Unit, counted
from voice_interview.errors import QuestionError
from voice_interview.models.question import CueSignal, Question
from voice_interview.models.report import Evidence


@lru_cache(maxsize=4096)
def _compiled(pattern: str) -> re.Pattern[str]:
    # Cached per pattern string, which caches every question's cues without hashing the
    # question itself (its lists make it unhashable).
    return re.compile(pattern, re.IGNORECASE)


def compile_cue(pattern: str, question: Question, where: str) -> re.Pattern[str]:
    """Compile one of the question's cues, naming the question and field when it is invalid."""
    try:
        return _compiled(pattern)
    except re.error as exc:
        source = f" in {question.source}" if question.source else ""
        raise QuestionError(
            f"question {question.id!r}{source}: {where} cue {pattern!r} is not a valid "
            f"regular expression ({exc}); fix the pattern"
        ) from exc


def _has_number(unit: Unit) -> bool:
    return any(n.incidental is None for n in unit.numbers)


# Unpunctuated speech can make one "sentence" of a whole answer; past this many clauses, groups
# must meet within a window of this many neighbouring clauses instead.
_SENTENCE_WINDOW = 4


def _in_sentences_matching_all(
    units: list[Unit], groups: list[list[re.Pattern[str]]]
) -> list[Unit]:
    """The units of sentences (or clause windows) in which every cue group matches."""
    by_sentence: dict[int, list[Unit]] = {}
    for unit in units:
        by_sentence.setdefault(unit.sentence, []).append(unit)
    kept: list[Unit] = []
    for members in by_sentence.values():
        for start in range(max(1, len(members) - _SENTENCE_WINDOW + 1)):
            window = members[start : start + _SENTENCE_WINDOW]
            text = " ".join(u.text for u in window)
            if all(any(p.search(text) for p in g) for g in groups):
                kept.extend(u for u in window if u not in kept)
    return sorted(kept, key=lambda u: u.index)


def score_cue_signal(ctx: Context, signal: CueSignal, question: Question) -> Finding:
    """Every cue group must match in some sentence for the signal to be met; distinct matched
    phrases up to `min_hits` raise it from the met line to full strength."""
    groups = ([signal.any_of] if signal.any_of else []) + signal.all_of
    units = [u for u in ctx.units if not signal.needs_number or _has_number(u)]
    compiled = [[compile_cue(p, question, f"signal {signal.id!r}") for p in g] for g in groups]
    if signal.same_sentence:
        units = _in_sentences_matching_all(units, compiled)
    phrases: list[str] = []
    per_group: list[list[tuple[Unit, int | None]]] = []
    for patterns in compiled:
        picks: list[tuple[Unit, int | None]] = []
        for unit in units:
            for pattern in patterns:
                for match in pattern.finditer(unit.text):
                    phrase = match.group(0).strip().lower()
                    if not phrase:
                        continue
                    picks.append((unit, match.start()))
                    if phrase not in phrases:
                        phrases.append(phrase)
        per_group.append(picks)
    matched_groups = sum(1 for picks in per_group if picks)
    # Quote the first match of every group before a second match of any.
    ordered = [p[0] for p in per_group if p] + [x for p in per_group for x in p[1:]]
    evidence = ctx.quotes(ordered)
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
        return Finding(strength, detail, evidence)
    strength = met_line + (1 - met_line) * min(1.0, len(phrases) / signal.min_hits)
    shown = ", ".join(f'"{p}"' for p in phrases[:4])
    need = f" (full strength needs {signal.min_hits})" if len(phrases) < signal.min_hits else ""
    detail = f"Found {counted(len(phrases), 'distinct cue')}{with_number}: {shown}{need}."
    return Finding(strength, detail, evidence)


def red_flags(ctx: Context, question: Question) -> list[Evidence]:
    """A quote for each sentence that matches one of the question's red-flag cues."""
    patterns = [compile_cue(p, question, "red_flag_cues") for p in question.red_flag_cues]
    found: list[Evidence] = []
    for unit in ctx.units:
        for pattern in patterns:
            match = pattern.search(unit.text)
            if match and match.group(0).strip():
                found.append(ctx.quote(unit, match.start()))
                break
    return found
