"""The round's state machine: answers' reports in, the interviewer's next turn out.

After each answer the interviewer either follows up on the largest gap left in the main
question's answers (see probing.py), or moves to the next main question: when the answers are
complete, when this main question has had its probes (`limits.per_story`, `limits.per_round`),
or when its slot of the clock has too little left for another answer (`limits.answer_s`). A main
question whose phase has run out is not asked. Nothing here reads a clock: the caller says when
each answer ended, so the same answers at the same times always give the same round.
"""

from __future__ import annotations

from collections.abc import Mapping

from voice_interview.core.rounds import coverage, grounding
from voice_interview.core.rounds.evidence import words
from voice_interview.core.rounds.plan import make_plan
from voice_interview.core.rounds.probing import Prober, rank, reason
from voice_interview.errors import RoundError
from voice_interview.models.question import Question
from voice_interview.models.report import Report
from voice_interview.models.round import InterviewerScript, Round
from voice_interview.models.round_state import (
    Ending,
    PlannedMain,
    RoundState,
    Turn,
    TurnAnswer,
)


class RoundEngine:
    """Runs one round. Every method takes a state and returns a new one; none keeps any."""

    def __init__(
        self, round_: Round, questions: Mapping[str, Question], script: InterviewerScript
    ) -> None:
        self.round = round_
        self.questions = questions
        self.script = script
        self.prober = Prober(round_, script)

    # The round's life ---------------------------------------------------------------------

    def begin(self, seed: int | None = None) -> RoundState:
        """A new round with its first question asked."""
        plan = make_plan(self.round, self.questions, seed)
        first = self._main_turn(plan[0], index=0, transition=self.round.opening, asked_s=0.0)
        return RoundState(round_id=self.round.id, seed=seed, plan=plan, asked=[first])

    def answer(self, state: RoundState, report: Report, ended_s: float) -> RoundState:
        """Record the answer to the waiting turn (it ended at `ended_s` on the round's clock)."""
        return self._record(state, report, ended_s, skipped=False)

    def skip(self, state: RoundState, ended_s: float) -> RoundState:
        """The candidate passes on the waiting turn: the interviewer moves to the next main one."""
        return self._record(state, None, ended_s, skipped=True)

    def end(self, state: RoundState) -> RoundState:
        """End the round early; the waiting turn, if any, stays unanswered."""
        if state.over:
            return state
        return self._finish(state, "ended_early")

    def main_answers(self, state: RoundState, main: int) -> list[tuple[Turn, Report]]:
        """The answers given to a main question and its probes, in order."""
        return [
            (state.asked[a.turn], a.report)
            for a in state.answers
            if a.report is not None and state.asked[a.turn].main == main
        ]

    def all_answers(self, state: RoundState) -> list[tuple[Turn, Report]]:
        return [(state.asked[a.turn], a.report) for a in state.answers if a.report is not None]

    def checklist(self, state: RoundState) -> list[coverage.Covered]:
        """The round's checklist items so far (empty for a round without a checklist)."""
        if self.round.checklist is None:
            return []
        covered = coverage.cover(self.all_answers(state))
        return [c for c in covered if c.phase is not None]

    # Deciding the next turn ---------------------------------------------------------------

    def _record(
        self, state: RoundState, report: Report | None, ended_s: float, *, skipped: bool
    ) -> RoundState:
        turn = state.pending
        if turn is None:
            raise RoundError("the round has no question waiting for an answer")
        answer = TurnAnswer(
            turn=turn.index,
            started_s=turn.asked_s,
            ended_s=max(ended_s, turn.asked_s),
            skipped=skipped,
            report=report,
        )
        state = state.model_copy(update={"answers": [*state.answers, answer]})
        if state.clock_s >= self.round.minutes * 60:
            return self._finish(state, "time_up")
        main = state.plan[turn.main]
        if skipped:
            return self._next_main(state, main, lead="skipped")
        probe, why_not = self._probe(state, main) if main.probe else (None, "complete")
        if probe is not None:
            return state.model_copy(update={"asked": [*state.asked, probe]})
        return self._next_main(state, main, lead="time_short" if why_not == "time" else "next_main")

    def _probe(self, state: RoundState, main: PlannedMain) -> tuple[Turn | None, str]:
        """The follow-up to ask, or None and why not: "depth", "time" or "complete"."""
        limits = self.round.limits
        now = state.clock_s
        probes = [t for t in state.asked if t.kind == "probe"]
        depth = sum(1 for t in probes if t.main == main.index)
        if depth >= limits.per_story:
            return None, "depth"
        if limits.per_round is not None and len(probes) >= limits.per_round:
            return None, "depth"
        phase_end = self.round.phase(main.phase).end_min * 60
        if now + limits.answer_s > min(main.slot_end_s, phase_end):
            return None, "time"
        answers = self.main_answers(state, main.index)
        gaps = self._gaps(state, main, [r for _, r in answers])
        targeted = {t.why.target for t in probes if t.main == main.index and t.why is not None}
        asked = {t.text for t in state.asked}
        question = self.questions[main.question_id]
        for gap in rank(gaps):
            if gap.size < limits.min_gap:
                break
            if gap.target in targeted:
                continue
            wording = self.prober.word(gap, question, [r for _, r in answers], asked, len(probes))
            if wording is None:
                continue
            index = len(state.asked)
            turn = Turn(
                index=index,
                kind="probe",
                main=main.index,
                depth=depth + 1,
                phase=main.phase,
                question_id=main.question_id,
                transition=_pick(self.script.transitions.probe, index),
                text=wording.text,
                why=reason(gap, wording, depth + 1, limits.per_story),
                asked_s=now,
            )
            return turn, ""
        return None, "complete"

    def _gaps(
        self, state: RoundState, main: PlannedMain, reports: list[Report]
    ) -> list[coverage.Gap]:
        flags = coverage.flag_gaps(reports[-1:], self.round.limits.red_flag_weight)
        if self.round.checklist is None:
            covered = coverage.cover(self.main_answers(state, main.index))
            return coverage.signal_gaps(covered) + flags
        # A checklist is covered by the whole conversation; each main question follows up on
        # the items it is meant to draw out, and on red flags about them.
        items = {c.id for c in self.checklist(state) if c.phase == main.phase}
        if main.focus:
            items &= set(main.focus)
        covered = [c for c in self.checklist(state) if c.id in items]
        flags = [f for f in flags if items & set(self.prober.aims_at(f))]
        return coverage.signal_gaps(covered) + flags

    def _next_main(self, state: RoundState, main: PlannedMain, *, lead: str) -> RoundState:
        now = state.clock_s
        later = [
            p for p in state.plan[main.index + 1 :] if now < self.round.phase(p.phase).end_min * 60
        ]
        if not later:
            ending: Ending = "finished" if main.index == len(state.plan) - 1 else "time_up"
            return self._finish(state, ending)
        upcoming = later[0]
        index = len(state.asked)
        transitions = self.script.transitions
        said = _pick(getattr(transitions, lead), index)
        if upcoming.phase != main.phase:
            title = self.round.phase(upcoming.phase).title
            said += " " + _pick(transitions.next_phase, index).replace("{phase}", title)
        turn = self._main_turn(upcoming, index=index, transition=said.strip(), asked_s=now)
        if upcoming.role == "hypothetical":
            turn = turn.model_copy(update={"text": self._hypothetical(state, upcoming)})
        return state.model_copy(update={"asked": [*state.asked, turn]})

    def _main_turn(self, main: PlannedMain, *, index: int, transition: str, asked_s: float) -> Turn:
        return Turn(
            index=index,
            kind="main",
            main=main.index,
            phase=main.phase,
            question_id=main.question_id,
            transition=transition,
            text=main.ask,
            asked_s=asked_s,
        )

    def _hypothetical(self, state: RoundState, main: PlannedMain) -> str:
        """The hypothetical, rooted in the story whose answers left the most out."""
        stories = [p for p in state.plan if p.role == "story" and self.main_answers(state, p.index)]
        if not stories:
            return self.questions[main.question_id].prompt
        credit = self.round.limits.prompted_credit

        def thin(p: PlannedMain) -> tuple[int, int]:
            covered = coverage.cover(self.main_answers(state, p.index))
            return (coverage.score(covered, credit), p.index)

        story = min(stories, key=thin)
        reports = [r for _, r in self.main_answers(state, story.index)]
        quote = grounding.quote_number(words(reports[0])) or _opening_words(reports[0])
        said = f"“{quote.repeated}”" if quote is not None else "what you did"
        title = story.title[:1].lower() + story.title[1:]
        text = main.ask.replace("{story}", title).replace("{said}", said)
        return text.replace("{twist}", main.twist)

    def _finish(self, state: RoundState, ending: Ending) -> RoundState:
        return state.model_copy(update={"ending": ending, "closing": self.round.closing})


def _opening_words(report: Report) -> grounding.Quote | None:
    found = words(report)
    if not found:
        return None
    return grounding.quote_pattern(found, [r"\w+"])


def _pick(options: list[str], index: int) -> str:
    return options[index % len(options)]
