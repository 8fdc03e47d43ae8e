"""The round's plan: its main questions in order, each with the slot of the clock it may use.

Fixed when the round begins. Questions drawn from a pool are taken in the pool's order, starting
at the seed's place in it (no seed: the first ones), so a seed always gives the same round.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from voice_interview.models.question import Question
from voice_interview.models.round import MainItem, Round
from voice_interview.models.round_state import PlannedMain


def make_plan(
    round_: Round, questions: Mapping[str, Question], seed: int | None
) -> list[PlannedMain]:
    """The main questions, in order, with their slots on the round's clock."""
    drafts: list[tuple[float | None, dict[str, Any]]] = []
    for item in round_.main:
        drafts += [(item.minutes, d) for d in _expand(item, questions, seed or 0)]
    plan: list[PlannedMain] = []
    for phase in round_.phases:
        mine = [(m, d) for m, d in drafts if d["phase"] == phase.id]
        start = phase.start_min * 60
        fixed = sum(m * 60 for m, _ in mine if m is not None)
        shared = sum(1 for m, _ in mine if m is None)
        each = max(0.0, (phase.end_min - phase.start_min) * 60 - fixed) / max(1, shared)
        for minutes, draft in mine:
            length = minutes * 60 if minutes is not None else each
            slot = {"index": len(plan), "slot_start_s": start, "slot_end_s": start + length}
            plan.append(PlannedMain.model_validate(draft | slot))
            start += length
    return plan


def _expand(item: MainItem, questions: Mapping[str, Question], seed: int) -> list[dict[str, Any]]:
    if item.question is not None:
        names = [item.question]
    else:
        pool = item.pool
        names = [pool[(seed + k) % len(pool)] for k in range(item.pick)]
    drafts: list[dict[str, Any]] = []
    for name in names:
        question = questions[name]
        base: dict[str, Any] = {
            "role": item.role,
            "question_id": question.id,
            "value": item.values.get(name, question.competency),
            "probe": item.probe,
            "twist": item.twists[seed % len(item.twists)] if item.twists else "",
        }
        if item.turns:
            for k, turn in enumerate(question.turns):
                # The scenario is read before the first of the question's own turns.
                ask = f"{question.prompt}\n\nTo start: {turn.prompt}" if k == 0 else turn.prompt
                focus = item.focus.get(turn.title, [])
                drafts.append(
                    base | {"phase": turn.phase, "title": turn.title, "ask": ask, "focus": focus}
                )
        else:
            ask = item.ask or question.prompt
            drafts.append(base | {"phase": item.phase, "title": question.title, "ask": ask})
    return drafts
