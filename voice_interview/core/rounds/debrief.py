"""The debrief: a round's report in a bar raiser's terms, from its state. Pure.

Each main question (a story, a technical turn) gets its scorecard over all its answers, with what
was earned only after a probe marked and credited at the round's prompted_credit. Then the
round: value coverage, consistency between stories, time per phase against the plan, the rubric
dimensions and checklist where the round has them, an overall score and vote, the three things
to fix first and the self-check questions that apply.
"""

from __future__ import annotations

from datetime import datetime

from voice_interview.core.rounds import coverage, evidence
from voice_interview.core.rounds.consistency import content_words, disagreements, overlap
from voice_interview.core.rounds.engine import RoundEngine
from voice_interview.core.rounds.fixes import fix_first, self_check
from voice_interview.core.rubric import verdict
from voice_interview.models.config import RubricConfig
from voice_interview.models.debrief import (
    ChecklistItem,
    DebriefProbe,
    DebriefSignal,
    DimensionScore,
    Earned,
    Inconsistency,
    PhaseTime,
    RoundDebrief,
    StoryDebrief,
    TurnRecord,
    ValueCoverage,
)
from voice_interview.models.report import Evidence
from voice_interview.models.round import COUNTED_ROLES
from voice_interview.models.round_state import PlannedMain, RoundState

_VERDICT_ORDER = {"raises_the_bar": 2, "meets": 1, "below_the_bar": 0}


def build_debrief(
    engine: RoundEngine, state: RoundState, config: RubricConfig, created_at: datetime
) -> RoundDebrief:
    """The round's report as it stands: a finished round, or one ended or interrupted early."""
    round_ = engine.round
    asked = {t.main for t in state.asked}
    stories = [_story(engine, state, p, config) for p in state.plan if p.index in asked]
    counted = [s for s in stories if s.role in COUNTED_ROLES]
    dimensions = _dimensions(engine, state)
    if dimensions:
        score = round(sum(d.points for d in dimensions))
    else:
        score = round(sum(s.score for s in counted) / len(counted)) if counted else 0
    checklist = _checklist(engine, state)
    return RoundDebrief(
        round_id=round_.id,
        round_title=round_.title,
        created_at=created_at,
        seed=state.seed,
        ending=state.ending,
        value_word=round_.value_word,
        planned_s=round_.minutes * 60,
        used_s=round(state.clock_s, 3),
        score=score,
        verdict=verdict(score, config),
        stories=stories,
        not_reached=[p.title for p in state.plan if p.index not in asked],
        coverage=_coverage(counted),
        consistency=_consistency(engine, state, stories),
        phases=_phases(engine, state),
        dimensions=dimensions,
        checklist=checklist,
        fix_first=fix_first(engine, stories, checklist),
        self_check=self_check(engine, stories),
        turns=_turns(state),
    )


def _story(
    engine: RoundEngine, state: RoundState, main: PlannedMain, config: RubricConfig
) -> StoryDebrief:
    answers = engine.main_answers(state, main.index)
    if engine.round.checklist is not None:
        items = set(main.focus) or {c.id for c in engine.checklist(state) if c.phase == main.phase}
        covered = [c for c in engine.checklist(state) if c.id in items]
    else:
        covered = coverage.cover(answers)
    credit = engine.round.limits.prompted_credit
    main_turn = next(t for t in state.asked if t.main == main.index and t.kind == "main")
    answered = any(t.index == main_turn.index for t, _ in answers)
    score = coverage.score(covered, credit) if answered else 0
    flags = [f for _, r in answers for f in evidence.flags(r)]
    return StoryDebrief(
        main=main.index,
        role=main.role,
        phase=main.phase,
        question_id=main.question_id,
        title=main.title,
        value=main.value,
        answered=answered,
        score=score,
        verdict=verdict(score, config),
        signals=[_signal(c, credit) for c in covered],
        red_flags=[Evidence(text=f.text, start=f.start, end=f.end) for f in flags],
        probes=_probes(state, main, covered),
        time_s=_time(state, {t.index for t in state.asked if t.main == main.index}),
    )


def _signal(c: coverage.Covered, prompted_credit: float) -> DebriefSignal:
    earned: Earned = "unprompted" if c.met_unasked else "after_probe" if c.met else "missing"
    return DebriefSignal(
        id=c.id,
        label=c.label,
        weight=c.weight,
        strength=c.strength,
        credit=round(c.credit(prompted_credit), 3),
        earned=earned,
        turn=c.met_turn,
        phase=c.phase,
        evidence=list(c.evidence),
        evidence_turn=c.evidence_turn if c.evidence else None,
        advice=c.advice,
    )


def _probes(
    state: RoundState, main: PlannedMain, covered: list[coverage.Covered]
) -> list[DebriefProbe]:
    by_id = {c.id: c for c in covered}
    answered = {a.turn for a in state.answers if not a.skipped}
    found: list[DebriefProbe] = []
    for turn in state.asked:
        if turn.kind != "probe" or turn.main != main.index or turn.why is None:
            continue
        target = by_id.get(turn.why.target)
        closed = None
        if turn.why.kind != "red_flag":
            closed = bool(target and target.met_turn is not None and target.met_turn >= turn.index)
        found.append(
            DebriefProbe(
                turn=turn.index,
                text=turn.text,
                why=turn.why,
                answered=turn.index in answered,
                closed=closed,
            )
        )
    return found


def _coverage(stories: list[StoryDebrief]) -> list[ValueCoverage]:
    by_value: dict[str, list[StoryDebrief]] = {}
    for story in stories:
        if story.role == "story" and story.answered:
            by_value.setdefault(story.value, []).append(story)
    return [
        ValueCoverage(
            value=value,
            stories=[s.main for s in shown],
            best=max((s.verdict for s in shown), key=_VERDICT_ORDER.__getitem__),
        )
        for value, shown in by_value.items()
    ]


def _consistency(
    engine: RoundEngine, state: RoundState, stories: list[StoryDebrief]
) -> list[Inconsistency]:
    told = [s for s in stories if s.role == "story" and s.answered]
    answers = {s.main: engine.main_answers(state, s.main) for s in told}
    words = {
        m: content_words([w for _, r in a for w in evidence.words(r)]) for m, a in answers.items()
    }
    found: list[Inconsistency] = []
    same: list[tuple[StoryDebrief, StoryDebrief]] = []
    for i, a in enumerate(told):
        for b in told[i + 1 :]:
            share = overlap(words[a.main], words[b.main])
            if share >= engine.round.same_story_overlap:
                same.append((a, b))
                found.append(
                    Inconsistency(
                        kind="same_story",
                        detail=f"“{a.title}” and “{b.title}” share {share:.0%} of their "
                        "distinctive words: the same story told twice? A bar raiser expects a "
                        "different story for each question.",
                        turns=[a.main, b.main],
                    )
                )
    groups = [[s] for s in told] + [[a, b] for a, b in same]
    for group in groups:
        said = [(t.index, evidence.words(r)) for s in group for t, r in answers[s.main]]
        for fig_a, turn_a, fig_b, turn_b in disagreements(said):
            found.append(
                Inconsistency(
                    kind="numbers",
                    detail=f"“{fig_a.text}” (turn {turn_a + 1}) and “{fig_b.text}” "
                    f"(turn {turn_b + 1}) give different numbers for {fig_a.metric}.",
                    turns=[turn_a, turn_b],
                )
            )
    return found


def _phases(engine: RoundEngine, state: RoundState) -> list[PhaseTime]:
    return [
        PhaseTime(
            id=p.id,
            title=p.title,
            planned_s=(p.end_min - p.start_min) * 60,
            used_s=_time(state, {t.index for t in state.asked if t.phase == p.id}),
        )
        for p in engine.round.phases
    ]


def _time(state: RoundState, turns: set[int]) -> float:
    return round(sum(a.ended_s - a.started_s for a in state.answers if a.turn in turns), 3)


def _dimensions(engine: RoundEngine, state: RoundState) -> list[DimensionScore]:
    if not engine.round.dimensions:
        return []
    items = {c.id: c for c in engine.checklist(state)}
    credit = engine.round.limits.prompted_credit
    scores: list[DimensionScore] = []
    for d in engine.round.dimensions:
        chosen = [items[s] for s in d.signals if s in items]
        total = sum(c.weight for c in chosen)
        got = sum(c.weight * (c.unprompted if d.independent else c.credit(credit)) for c in chosen)
        points = round(d.points * got / total, 1) if total else 0.0
        scores.append(
            DimensionScore(
                id=d.id,
                title=d.title,
                points=points,
                max_points=d.points,
                signals=list(d.signals),
                independent=d.independent,
            )
        )
    return scores


def _checklist(engine: RoundEngine, state: RoundState) -> list[ChecklistItem]:
    return [
        ChecklistItem(
            id=c.id,
            label=c.label,
            phase=c.phase or "",
            earned="unprompted" if c.met_unasked else "after_probe" if c.met else "missing",
            strength=c.strength,
            turn=c.met_turn,
        )
        for c in engine.checklist(state)
    ]


def _turns(state: RoundState) -> list[TurnRecord]:
    answers = {a.turn: a for a in state.answers}
    records: list[TurnRecord] = []
    for turn in state.asked:
        answer = answers.get(turn.index)
        records.append(
            TurnRecord(
                index=turn.index,
                kind=turn.kind,
                main=turn.main,
                phase=turn.phase,
                asked=turn.spoken,
                answer=evidence.text(answer.report) if answer and answer.report else None,
                skipped=bool(answer and answer.skipped),
                asked_s=turn.asked_s,
                ended_s=answer.ended_s if answer else None,
                audio=answer.audio if answer else None,
                why=turn.why,
            )
        )
    return records
