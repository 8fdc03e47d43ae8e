"""What every detector reads: the answer cut into sentences, each with its numbers, tense, who
acts in it, and a way to quote the clause that earned a signal as evidence."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Literal

from voice_interview.core.numbers import NumberMention, find_numbers
from voice_interview.core.rubric.lexicon import CueMatcher, Lexicon, WordIndex
from voice_interview.core.text import ends_clause, split_sentences
from voice_interview.models.config import RubricConfig
from voice_interview.models.report import Evidence
from voice_interview.models.transcript import Word

Actor = Literal["i", "we", "other"]

# Run-on sentences are cut at commas, but never into shards shorter than this.
_MIN_CLAUSE_WORDS = 6
# A quote shorter than this grows by its neighbouring clauses: "and it now runs," alone says
# too little to check.
_MIN_QUOTE_WORDS = 6


@dataclass(frozen=True)
class Unit:
    """A sentence of the answer (a very long one is cut at its commas into clauses)."""

    index: int
    sentence: int
    """Index of the sentence this unit comes from (several units when it was cut at commas)."""
    words: tuple[Word, ...]
    text: str
    """The words joined by single spaces, curly apostrophes straightened."""
    plain: str
    """`text` with buzzword phrases blanked out (same length): what the detectors read, so
    "a robust mechanism" or "a deep dive" earns nothing by itself."""
    offsets: tuple[int, ...]
    """Character offset in `text` where each word starts."""
    numbers: tuple[NumberMention, ...]
    lookup: WordIndex
    """Where each word of `plain` occurs, for looking up the detectors' cues."""
    raw_lookup: WordIndex
    """Where each word of `text` occurs, for red flags and the question's cues."""

    @property
    def start(self) -> float | None:
        return self.words[0].start

    @property
    def end(self) -> float | None:
        return self.words[-1].end

    @property
    def duration(self) -> float | None:
        start, end = self.start, self.end
        return None if start is None or end is None else max(0.0, end - start)

    def word_at(self, char: int) -> int:
        """Index (within the unit) of the word holding character `char` of `text`."""
        return max(0, bisect_right(self.offsets, char) - 1)

    def evidence(self, lo: int | None, hi: int | None, max_words: int) -> Evidence:
        """Quote the clauses holding characters lo..hi of `text` (the whole unit without them),
        grown by neighbouring clauses when very short, cut to max_words when too long."""
        if lo is None:
            first, last = 0, len(self.words) - 1
        else:
            first = self.word_at(lo)
            last = self.word_at(max(lo, (hi if hi is not None else lo + 1) - 1))
        start, stop = _clauses(self.words, first, last, max_words)
        quoted = self.words[start:stop]
        return Evidence(
            text=" ".join(w.text.strip() for w in quoted),
            start=quoted[0].start,
            end=quoted[-1].end,
        )


def _clauses(words: Sequence[Word], first: int, last: int, max_words: int) -> tuple[int, int]:
    """The whole clauses around words first..last, at least _MIN_QUOTE_WORDS long where the
    sentence allows, at most max_words (then a window that leans forward from `first`)."""
    n = len(words)
    lo, hi = _clause_start(words, first), _clause_end(words, last)
    if hi - lo > max_words:
        lo = max(0, min(first - max_words // 4, n - max_words))
        return lo, lo + max_words
    while hi - lo < _MIN_QUOTE_WORDS:
        grown = False
        if hi < n and _clause_end(words, hi) - lo <= max_words:
            hi, grown = _clause_end(words, hi), True
        elif lo > 0 and hi - _clause_start(words, lo - 1) <= max_words:
            lo, grown = _clause_start(words, lo - 1), True
        if not grown:
            break
    return lo, hi


def _clause_start(words: Sequence[Word], i: int) -> int:
    while i > 0 and not ends_clause(words[i - 1].text):
        i -= 1
    return i


def _clause_end(words: Sequence[Word], i: int) -> int:
    """One past the last word of the clause holding word i."""
    while i < len(words) - 1 and not ends_clause(words[i].text):
        i += 1
    return i + 1


def build_units(
    words: Sequence[Word], long_sentence_words: int, buzzwords: CueMatcher | None = None
) -> list[Unit]:
    """Split words into sentences, cutting run-on sentences (typical of unpunctuated speech)
    at commas so that one sentence does not stand for the whole answer."""
    kept = [w for w in words if w.text.strip()]
    chunks: list[tuple[int, tuple[Word, ...]]] = []
    for n, sentence in enumerate(split_sentences(kept)):
        if len(sentence.words) <= long_sentence_words:
            chunks.append((n, sentence.words))
            continue
        current: list[Word] = []
        for word in sentence.words:
            current.append(word)
            at_clause = ends_clause(word.text) and len(current) >= _MIN_CLAUSE_WORDS
            if at_clause or len(current) >= long_sentence_words:
                chunks.append((n, tuple(current)))
                current = []
        if current:
            chunks.append((n, tuple(current)))
    return [
        _unit(index, sentence, chunk, buzzwords) for index, (sentence, chunk) in enumerate(chunks)
    ]


def _unit(
    index: int,
    sentence: int,
    chunk: tuple[Word, ...],
    buzzwords: CueMatcher | None,
) -> Unit:
    texts = [w.text.strip().replace("\u2019", "'") for w in chunk]
    offsets, pos = [], 0
    for t in texts:
        offsets.append(pos)
        pos += len(t) + 1
    joined = " ".join(texts)
    raw = WordIndex.of(joined)
    plain, lookup = joined, raw
    if buzzwords is not None:
        found = buzzwords.find(joined, raw)
        for match in found:
            blank = " " * (match.end() - match.start())
            plain = plain[: match.start()] + blank + plain[match.end() :]
        lookup = WordIndex.of(plain) if found else raw
    return Unit(
        index=index,
        sentence=sentence,
        words=chunk,
        text=joined,
        plain=plain,
        offsets=tuple(offsets),
        numbers=tuple(find_numbers(texts)),
        lookup=lookup,
        raw_lookup=raw,
    )


def counted(n: int, noun: str) -> str:
    """ "1 sentence", "3 sentences": for the one-sentence details."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@dataclass(frozen=True)
class Spot:
    """A place in the answer that earned (or cost) something: a unit and, when known, the
    characters of its `text` that did."""

    unit: Unit
    lo: int | None = None
    hi: int | None = None

    @classmethod
    def of(cls, unit: Unit, *matches: re.Match[str] | None) -> Spot:
        """The span from the first to the last of the given matches (None ones skipped)."""
        found = [m for m in matches if m is not None]
        if not found:
            return cls(unit)
        return cls(unit, min(m.start() for m in found), max(m.end() for m in found))


@dataclass(frozen=True)
class Finding:
    """What a detector concluded, before the question's label, weight and advice are applied."""

    strength: float
    detail: str
    evidence: tuple[Evidence, ...] = ()
    case: str | None = None
    """Why the signal is weak, when that has its own advice in cues.toml ("no_result")."""
    near: tuple[int, ...] = ()
    """Units where part of what the signal needs was found: where a misheard word may have cost
    it (shown with the transcriber's unsure words when the signal is missing)."""


@dataclass(frozen=True)
class Action:
    """A subject and a past-tense verb: "I isolated", "we shipped", "the team decided"."""

    actor: Actor
    verb: str
    char: int
    soft: bool = False
    """A verb of helping rather than doing ("helped", "supported", "collaborated")."""


@dataclass(frozen=True)
class Flags:
    """What a sentence says about tense and who acts."""

    hypothetical: tuple[int, int] | None
    """Where the unit says "I would", "I'd", "you could": a plan, not an event ("I would have" is
    hindsight, "if it went above 2%, we would switch back" a condition agreed at the time)."""
    generic: bool
    """"typically", "usually", "in general": a habit, not an event."""
    speculative: bool
    """"could be", "might be", "maybe": a guess."""
    past: bool
    actions: tuple[Action, ...]

    def acts(self, actor: Actor, soft: bool | None = None) -> list[Action]:
        return [a for a in self.actions if a.actor == actor and (soft is None or a.soft == soft)]

    @property
    def plan_or_habit(self) -> bool:
        return self.hypothetical is not None or self.generic


@dataclass
class Context:
    """The answer as the detectors see it. Cue hits are computed once and shared."""

    units: list[Unit]
    lexicon: Lexicon
    config: RubricConfig
    _hits: dict[tuple[int, str, str], list[re.Match[str]]] = field(default_factory=dict)

    def hits(self, unit: Unit, section: str, name: str) -> list[re.Match[str]]:
        """Matches of one cue list in the unit's buzzword-free text."""
        key = (unit.index, section, name)
        if key not in self._hits:
            self._hits[key] = self.lexicon.cue(section, name).find(unit.plain, unit.lookup)
        return self._hits[key]

    def first(self, unit: Unit, section: str, name: str) -> re.Match[str] | None:
        found = self.hits(unit, section, name)
        return found[0] if found else None

    def rest_of_sentence(self, unit: Unit) -> list[Unit]:
        """This unit and the later units cut from the same long sentence."""
        rest = [unit]
        for later in self.units[unit.index + 1 :]:
            if later.sentence != unit.sentence:
                break
            rest.append(later)
        return rest

    def around(self, unit: Unit, reach: int = 2) -> list[Unit]:
        """The units of this unit's sentence within `reach` units of it (a long sentence cut at
        its commas is read as one idea, but an unpunctuated answer is not one sentence)."""
        lo, hi = max(0, unit.index - reach), unit.index + reach + 1
        return [u for u in self.units[lo:hi] if u.sentence == unit.sentence]

    def next_sentence(self, unit: Unit) -> list[Unit]:
        """The units of the sentence after this unit's sentence (empty at the end)."""
        after = [u for u in self.units[unit.index + 1 :] if u.sentence != unit.sentence]
        return [u for u in after if u.sentence == after[0].sentence] if after else []

    def quote(self, spot: Spot) -> Evidence:
        return spot.unit.evidence(spot.lo, spot.hi, self.config.evidence_max_words)

    def quotes(self, spots: Iterable[Spot], limit: int | None = None) -> tuple[Evidence, ...]:
        """Quote the first `limit` distinct units of `spots` (in priority order), then put the
        quotes in transcript order."""
        chosen: dict[int, Spot] = {}
        for spot in spots:
            if len(chosen) >= (limit or self.config.max_evidence):
                break
            chosen.setdefault(spot.unit.index, spot)
        return tuple(self.quote(s) for _, s in sorted(chosen.items()))

    @cached_property
    def flags(self) -> list[Flags]:
        """Tense and actors of every unit, in order."""
        subject = _subject_pattern(self.lexicon)
        words = self.lexicon.words
        result = []
        for unit in self.units:
            actions = []
            irregular = (unit.lookup.word_set & words["irregular_past"]) - _SAME_AS_PRESENT
            past = bool(irregular) or bool(_PAST_STATE.search(unit.plain)) or _has_ed(unit)
            for match in subject.finditer(unit.plain):
                verb = match.group("verb").lower()
                then = (match.group("then") or "").lower()
                if then and verb in words["lead_verbs"]:
                    verb = then  # "I had to call a meeting": the action is the call
                    is_past = True
                else:
                    is_past = verb in words["irregular_past"] or _is_ed(verb)
                past = past or is_past
                if is_past and verb not in words["state_verbs"]:
                    actor = _actor(match.group("subj"))
                    soft = verb in words["soft_verbs"]
                    actions.append(Action(actor, verb, match.start(), soft))
            actions += self._continued(unit, actions, subject)
            result.append(
                Flags(
                    hypothetical=self._plan(unit),
                    generic=bool(self.hits(unit, "common", "generic")),
                    speculative=bool(self.hits(unit, "common", "speculative")),
                    past=past,
                    actions=tuple(actions),
                )
            )
        return result

    def _continued(
        self, unit: Unit, actions: list[Action], subject: re.Pattern[str]
    ) -> list[Action]:
        """Further verbs of a subject's list of steps: "I set up the service, installed the
        agents and ran the test launches" is three actions of "I"."""
        if not actions:
            return []
        words = self.lexicon.words
        starts = sorted(m.start() for m in subject.finditer(unit.plain))
        more = []
        for action in actions:
            limit = next((s for s in starts if s > action.char), len(unit.plain))
            for match in _NEXT_STEP.finditer(unit.plain, action.char, limit):
                verb = match.group("verb").lower()
                past = verb in words["irregular_past"] or _is_ed(verb)
                if past and verb not in words["state_verbs"]:
                    soft = verb in words["soft_verbs"]
                    more.append(Action(action.actor, verb, match.start("verb"), soft))
        return more

    def _plan(self, unit: Unit) -> tuple[int, int] | None:
        """The first plan phrase of the unit that no hindsight, purpose or condition phrase
        overlaps. A cancelling phrase may start earlier in the sentence when a long sentence
        was cut at its commas."""
        plans = self.hits(unit, "common", "hypothetical")
        if not plans:
            return None
        earlier = [u for u in self.units[: unit.index] if u.sentence == unit.sentence]
        if earlier:
            prefix = " ".join(u.plain for u in earlier) + " "
            matcher = self.lexicon.cue("common", "not_hypothetical")
            shift = len(prefix)
            cancelled = [
                (c.start() - shift, c.end() - shift) for c in matcher.find_in(prefix + unit.plain)
            ]
        else:
            cancelled = [
                (c.start(), c.end()) for c in self.hits(unit, "common", "not_hypothetical")
            ]
        for match in plans:
            if not any(lo < match.end() and match.start() < hi for lo, hi in cancelled):
                return match.start(), match.end()
        return None


# The next verb of a list of steps: after a comma, "and" or "then".
_NEXT_STEP = re.compile(
    r"(?:,|\band\b|\bthen\b)\s+(?:(?:and|then|also|finally|later)\s+)?(?P<verb>[a-z]+)\b",
    re.IGNORECASE,
)


def _is_ed(word: str) -> bool:
    return len(word) > 3 and word.endswith("ed") and word not in _NOT_PAST


def _has_ed(unit: Unit) -> bool:
    """A past-tense form without a subject: "This approach saved $120K"."""
    return any(len(w) > 4 and _is_ed(w) for w in unit.lookup.word_set)


# Words ending in -ed that are not past tenses.
_NOT_PAST = frozenset(
    {"need", "speed", "indeed", "embed", "breed", "proceed", "exceed", "succeed", "hundred",
     "sacred", "naked", "wicked", "ragged", "rugged", "crooked", "feed", "seed", "shed", "bleed"}
)  # fmt: skip
# "was", "were", "had" and "did" mark a past-tense sentence even without an action verb.
_PAST_STATE = re.compile(r"\b(?:was|were|had|did|wasn't|weren't|didn't)\b", re.IGNORECASE)
# Irregular past forms that are also present forms ("we set thresholds" can be either); without
# a subject to go by they do not mark a sentence as past.
_SAME_AS_PRESENT = frozenset({"set", "put", "cut", "hit", "let", "read", "bet", "shut", "split"})


def _subject_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    return _subject_pattern_for(lexicon.words["team_subjects"], lexicon.words["adverbs"])


@lru_cache(maxsize=8)
def _subject_pattern_for(
    team_words: frozenset[str], adverb_words: frozenset[str]
) -> re.Pattern[str]:
    """Subject, up to two adverbs, then the verb: "I then quickly rolled", "the data team fixed"."""
    team = "|".join(sorted(map(re.escape, team_words), key=len, reverse=True))
    adverbs = "|".join(sorted(map(re.escape, adverb_words)))
    return re.compile(
        rf"\b(?P<subj>I(?:'ve)?|we(?:'ve)?|they|he|she|"
        rf"(?:the|our|my|their|another|a|an|that|his|her)\s+(?:[\w-]+\s+){{0,2}}?(?:{team}))"
        rf"\s+(?:(?:\w+ly|{adverbs})\s+){{0,2}}(?P<verb>[a-z]+)\b(?:\s+to\s+(?P<then>[a-z]+)\b)?",
        re.IGNORECASE,
    )


def _actor(subject: str) -> Actor:
    head = subject.lower().split("'")[0]
    if head == "i":
        return "i"
    if head == "we":
        return "we"
    return "other"
