"""The three things to fix first, and the self-check questions that apply.

Every gap left at the end of the round is weighed: a signal still missing by its weight x
(1 - strength), summed over the stories that missed it; a signal given only after a probe by its
weight x (1 - prompted_credit), the credit it lost; a red flag by the round's red_flag_weight,
summed over the family it belongs to. The three largest come first, each with its advice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from voice_interview.core.rounds.coverage import Gap
from voice_interview.core.rounds.engine import RoundEngine
from voice_interview.models.debrief import ChecklistItem, FixFirst, StoryDebrief
from voice_interview.models.round import COUNTED_ROLES

FIX_COUNT = 3
SELF_CHECK_MAX = 6


@dataclass
class _Candidate:
    label: str
    advice: str
    size: float = 0.0
    missing: list[str] = field(default_factory=list)
    prompted: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    def why(self) -> str:
        parts = []
        if self.missing:
            parts.append("missing in " + _titles(self.missing))
        if self.prompted:
            parts.append("given only after a probe in " + _titles(self.prompted))
        if self.flags:
            parts.append("a red flag: " + "; ".join(f"“{f}”" for f in self.flags[:2]))
        text = "; ".join(parts)
        return text[:1].upper() + text[1:]


def fix_first(
    engine: RoundEngine, stories: Sequence[StoryDebrief], checklist: Sequence[ChecklistItem]
) -> list[FixFirst]:
    limits = engine.round.limits
    found: dict[str, _Candidate] = {}
    counted = [s for s in stories if s.role in COUNTED_ROLES and s.answered]
    for story in counted:
        for s in story.signals:
            if s.earned == "unprompted" or (checklist and s.phase is None):
                continue
            prompt = f"Say it before you are asked: {s.label[:1].lower()}{s.label[1:]}."
            entry = found.setdefault(s.id, _Candidate(s.label, s.advice or prompt))
            if s.earned == "missing" and story.title not in entry.missing:
                entry.size += s.weight * (1 - s.strength)
                entry.missing.append(story.title)
            elif s.earned == "after_probe" and story.title not in entry.prompted:
                entry.size += s.weight * (1 - limits.prompted_credit)
                entry.prompted.append(story.title)
        for flag in story.red_flags:
            gap = Gap(flag.text.lower(), flag.text, "red_flag", 0.0, limits.red_flag_weight, 0.0)
            family = engine.prober.family_of(gap)
            key = f"flag:{family.id if family else flag.text.lower()}"
            label = family.title if family else "Red flag"
            advice = (family.fix if family else "") or _flag_advice(engine, gap, story)
            entry = found.setdefault(key, _Candidate(label, advice))
            entry.size += limits.red_flag_weight
            entry.flags.append(" ".join(flag.text.split()[:12]))
    # Largest first; on a tie a red flag first, as the interviewer probes them.
    ranked = sorted(found.values(), key=lambda c: (-c.size, not c.flags))
    return [
        FixFirst(label=c.label, advice=c.advice, why=c.why())
        for c in ranked[:FIX_COUNT]
        if c.size > 0
    ]


def self_check(engine: RoundEngine, stories: Sequence[StoryDebrief]) -> list[str]:
    """The questions' own self-checks, for the stories that did not raise the bar."""
    questions: list[str] = []
    for story in stories:
        if story.role not in COUNTED_ROLES or story.verdict == "raises_the_bar":
            continue
        for check in engine.questions[story.question_id].self_check:
            if check not in questions:
                questions.append(check)
    return questions[:SELF_CHECK_MAX]


def _flag_advice(engine: RoundEngine, gap: Gap, story: StoryDebrief) -> str:
    """For a red flag no family handles: the advice of the signal its follow-up aims at."""
    for signal_id in engine.prober.aims_at(gap):
        for s in story.signals:
            if s.id == signal_id and s.advice:
                return s.advice
    return "Bar raisers mark this down: say what you did and why, with the evidence."


def _titles(titles: list[str]) -> str:
    return ", ".join(f"“{t}”" for t in titles)
