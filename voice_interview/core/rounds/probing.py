"""Choosing the follow-up: the largest gap left in the answers, and the words to ask about it.

A gap is a signal the answers have not met (its size is weight x (1 - strength)) or a red flag
they raised (its size is the round's red_flag_weight). The largest gap not yet probed is asked
about, if it is at least the round's min_gap and some wording aims at it. The wording comes from,
in order:

1. a follow-up written for that signal or red flag: the round's own, then the interviewer's
   (quoting the candidate where the follow-up says which words to look for);
2. the probe family the gap belongs to, quoting the candidate's words the gap is about (the
   words that raised the red flag, or that earned the weak signal part of its credit);
3. one of the question's own follow-ups that the family claims (each belongs to one family);
4. the family's plain wording.

No wording already asked in the round is asked again. Every choice is deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from voice_interview.core.rounds import evidence
from voice_interview.core.rounds.coverage import Gap
from voice_interview.core.rounds.grounding import Quote, quote_number, quote_pattern, shorten
from voice_interview.models.question import Question
from voice_interview.models.report import Report
from voice_interview.models.round import InterviewerScript, ProbeFamily, Round, SignalProbe
from voice_interview.models.round_state import ProbeReason, ProbeSource
from voice_interview.models.transcript import Word

_KIND_ORDER = {"red_flag": 0, "missing": 1, "weak": 2}


@dataclass(frozen=True)
class Wording:
    text: str
    source: ProbeSource
    family: ProbeFamily | None
    quote: Quote | None


def rank(gaps: Sequence[Gap]) -> list[Gap]:
    """Largest first; on a tie a red flag, then a missing signal, then the question's order."""
    order = {id(g): i for i, g in enumerate(gaps)}
    return sorted(gaps, key=lambda g: (-g.size, _KIND_ORDER[g.kind], order[id(g)]))


class Prober:
    """Finds the wording for a gap, for one round and the interviewer's script."""

    def __init__(self, round_: Round, script: InterviewerScript) -> None:
        self.round = round_
        self.families = [script.get(f) for f in round_.families]
        self._every_family = list(script.family)
        self._own = list(round_.probes)
        self._script = list(script.probe)

    def word(
        self,
        gap: Gap,
        question: Question,
        reports: Sequence[Report],
        asked: set[str],
        turn_index: int,
    ) -> Wording | None:
        """The follow-up for `gap`, given the main question's answers (latest last) and every
        text already asked in the round; None when nothing aims at this gap."""
        written: tuple[tuple[list[SignalProbe], ProbeSource], ...] = (
            (self._own, "round"),
            (self._script, "signal"),
        )
        for probes, source in written:
            probe = _aimed(probes, gap)
            if probe is not None:
                found = self._written(probe, source, gap, reports, asked)
                if found is not None:
                    return found
        family = self._family(gap)
        if family is None:
            return None
        quote = _focus(gap, family.ground)
        if quote is not None and family.ask_grounded:
            text = _pick(family.ask_grounded, turn_index).replace("{said}", _said(quote))
            if text not in asked:
                return Wording(text, "grounded", family, quote)
        for follow_up in question.follow_ups:
            if follow_up not in asked and self._claims(follow_up) is family:
                return Wording(follow_up, "follow_up", family, None)
        for k in range(len(family.ask)):
            text = _pick(family.ask, turn_index + k)
            if text not in asked:
                return Wording(text, "family", family, None)
        return None

    def aims_at(self, gap: Gap) -> list[str]:
        """The signals a red flag's written follow-up asks about (empty when it has none)."""
        probe = _aimed(self._own, gap) or _aimed(self._script, gap)
        return list(probe.signals) if probe is not None else []

    def _written(
        self,
        probe: SignalProbe,
        source: ProbeSource,
        gap: Gap,
        reports: Sequence[Report],
        asked: set[str],
    ) -> Wording | None:
        quote = _flag_quote(gap) or _find(reports, probe.ground)
        if quote is not None and probe.ask_grounded is not None:
            text = probe.ask_grounded.replace("{said}", _said(quote))
            if text not in asked:
                return Wording(text, source, None, quote)
        if probe.ask not in asked:
            return Wording(probe.ask, source, None, None)
        return None

    def _claims(self, follow_up: str) -> ProbeFamily | None:
        """The family a question's follow-up belongs to: the first, in the script's order, whose
        patterns match it (so no follow-up is asked for two different kinds of gap)."""
        return next((f for f in self._every_family if _matches(f.follow_ups, follow_up)), None)

    def family_of(self, gap: Gap) -> ProbeFamily | None:
        """The family of the round's that a gap belongs to, if any."""
        return self._family(gap)

    def _family(self, gap: Gap) -> ProbeFamily | None:
        if gap.kind == "red_flag":
            return next((f for f in self.families if _matches(f.red_flags, gap.target)), None)
        for family in self.families:
            if gap.target in family.signals:
                return family
        return next((f for f in self.families if _matches(f.labels, gap.label)), None)


def reason(gap: Gap, wording: Wording, depth: int, limit: int) -> ProbeReason:
    """Why the follow-up was asked, with a sentence for the report."""
    if gap.kind == "red_flag":
        what = f"the answer raised a red flag (“{shorten(gap.label)}”)"
    elif gap.kind == "missing":
        what = f"“{gap.label}” was missing (weight {gap.weight:g})"
    else:
        what = f"“{gap.label}” was weak, at {gap.strength:.0%} (weight {gap.weight:g})"
    how = {
        "round": "this round's follow-up for it",
        "signal": "the interviewer's follow-up for it",
        "grounded": "your own words",
        "follow_up": "one of this question's own follow-ups",
        "family": "the interviewer's probes",
    }[wording.source]
    family = f" on {wording.family.title.lower()}" if wording.family is not None else ""
    sentence = (
        f"Asked because {what}, the largest gap left; worded from {how}{family}. "
        f"Probe {depth} of at most {limit} here."
    )
    return ProbeReason(
        target=gap.target,
        target_label=gap.label,
        kind=gap.kind,
        strength=gap.strength,
        weight=gap.weight,
        gap=gap.size,
        family=wording.family.id if wording.family is not None else None,
        source=wording.source,
        said=wording.quote.text if wording.quote is not None else None,
        said_at_s=wording.quote.start if wording.quote is not None else None,
        explanation=sentence,
    )


def _aimed(probes: Sequence[SignalProbe], gap: Gap) -> SignalProbe | None:
    for probe in probes:
        if gap.kind == "red_flag":
            if _matches(probe.red_flags, gap.target):
                return probe
        elif gap.target in probe.signals:
            return probe
    return None


def _find(reports: Sequence[Report], patterns: Sequence[str]) -> Quote | None:
    """The clause of the answers (the latest first) holding one of a follow-up's phrases."""
    if not patterns:
        return None
    for report in reversed(reports):
        found = quote_pattern(evidence.words(report), patterns)
        if found is not None:
            return found
    return None


def _focus(gap: Gap, ground: str | list[str] | None) -> Quote | None:
    """The gap's own words, cut to the clause the family asks about (or shortened)."""
    if not gap.said:
        return None
    words = [Word(text=w) for w in gap.said.split()]
    found = None
    if ground == "number":
        found = quote_number(words)
    elif ground:
        found = quote_pattern(words, ground)
    text = found.text if found is not None else shorten(gap.said)
    return Quote(text, gap.said_at_s)


def _flag_quote(gap: Gap) -> Quote | None:
    if gap.kind != "red_flag" or not gap.said:
        return None
    return Quote(shorten(gap.said), gap.said_at_s)


def _said(quote: Quote) -> str:
    return f"“{quote.repeated}”"


def _pick(options: Sequence[str], index: int) -> str:
    return options[index % len(options)]


def _matches(patterns: Sequence[str], text: str) -> bool:
    return any(re.search(p, text, re.IGNORECASE) for p in patterns)
