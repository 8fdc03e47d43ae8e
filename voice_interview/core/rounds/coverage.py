"""What a main question's answers covered, signal by signal, and what still needs asking.

A signal counts as covered by the best of its answers: the main answer and the probes after it
(for a checklist, every answer in the round). What was earned only after a probe is marked, so
the debrief can say what needed prompting and credit it less.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from voice_interview.core.rounds import evidence
from voice_interview.models.report import Evidence, Report
from voice_interview.models.round_state import GapKind, Turn


@dataclass(frozen=True)
class Covered:
    id: str
    label: str
    weight: float
    phase: str | None
    strength: float
    """The best strength any of the answers reached."""
    unprompted: float
    """The best strength reached in answers to main questions, before any probe."""
    met: bool
    met_unasked: bool
    """Met in an answer to a main question, without a probe."""
    met_turn: int | None
    """The turn whose answer first met the signal."""
    evidence: tuple[Evidence, ...]
    evidence_turn: int
    """The turn whose answer the evidence quotes (its times are within that answer)."""
    advice: str | None
    detail: str

    @property
    def prompted(self) -> bool:
        """Met, but only in the answer to a probe."""
        return self.met and not self.met_unasked

    def credit(self, prompted_credit: float) -> float:
        """The strength that counts: what was given unasked, or a share of what needed a probe."""
        return max(self.unprompted, self.strength * prompted_credit)


@dataclass(frozen=True)
class Gap:
    target: str
    label: str
    kind: GapKind
    strength: float
    weight: float
    size: float
    said: str | None = None
    """The candidate's words the gap is about: those that raised a red flag, or that earned a
    weak signal part of its credit."""
    said_at_s: float | None = None


def cover(answers: Sequence[tuple[Turn, Report]]) -> list[Covered]:
    """Each signal of the answers' question, combined over the answers in order."""
    best: dict[str, Covered] = {}
    for turn, report in answers:
        for signal in evidence.signals(report):
            old = best.get(signal.id)
            main = turn.kind == "main"
            unprompted = signal.strength if main else 0.0
            if old is None:
                best[signal.id] = Covered(
                    id=signal.id,
                    label=signal.label,
                    weight=signal.weight,
                    phase=signal.phase,
                    strength=signal.strength,
                    unprompted=unprompted,
                    met=signal.met,
                    met_unasked=signal.met and main,
                    met_turn=turn.index if signal.met else None,
                    evidence=tuple(signal.evidence),
                    evidence_turn=turn.index,
                    advice=signal.advice,
                    detail=signal.detail,
                )
                continue
            stronger = signal.strength > old.strength
            best[signal.id] = Covered(
                id=old.id,
                label=old.label,
                weight=old.weight,
                phase=old.phase,
                strength=max(old.strength, signal.strength),
                unprompted=max(old.unprompted, unprompted),
                met=old.met or signal.met,
                met_unasked=old.met_unasked or (signal.met and main),
                met_turn=old.met_turn if old.met else (turn.index if signal.met else None),
                evidence=tuple(signal.evidence) if stronger else old.evidence,
                evidence_turn=turn.index if stronger else old.evidence_turn,
                advice=old.advice if not (old.met or signal.met) else None,
                detail=signal.detail if stronger else old.detail,
            )
    return list(best.values())


def signal_gaps(covered: Sequence[Covered]) -> list[Gap]:
    """Signals not met, each with its size: weight x (1 - strength)."""
    gaps: list[Gap] = []
    for c in covered:
        if c.met:
            continue
        quote = c.evidence[0] if c.strength > 0 and c.evidence else None
        gaps.append(
            Gap(
                target=c.id,
                label=c.label,
                kind="missing" if c.strength == 0 else "weak",
                strength=c.strength,
                weight=c.weight,
                size=round(c.weight * (1 - c.strength), 3),
                said=quote.text if quote is not None else None,
                said_at_s=quote.start if quote is not None else None,
            )
        )
    return gaps


def flag_gaps(reports: Sequence[Report], weight: float) -> list[Gap]:
    """Every red flag the answers raised, once each, in the order they were said."""
    gaps: dict[str, Gap] = {}
    for report in reports:
        for flag in evidence.flags(report):
            gaps.setdefault(
                flag.key,
                Gap(
                    target=flag.key,
                    label=flag.text,
                    kind="red_flag",
                    strength=0.0,
                    weight=weight,
                    size=weight,
                    said=flag.text,
                    said_at_s=flag.start,
                ),
            )
    return list(gaps.values())


def score(covered: Sequence[Covered], prompted_credit: float) -> int:
    """0-100: the weighted share of credit, as the rubric scores one answer."""
    total = sum(c.weight for c in covered)
    if not total:
        return 0
    return round(100 * sum(c.weight * c.credit(prompted_credit) for c in covered) / total)
