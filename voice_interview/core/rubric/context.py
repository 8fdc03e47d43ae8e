"""What every detector reads: the answer cut into sentences, each with its numbers, tense, who
acts in it, and a way to quote part of it as evidence."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Literal

from voice_interview.core.numbers import NumberMention, find_numbers
from voice_interview.core.rubric.lexicon import Lexicon, WordIndex
from voice_interview.core.text import ends_clause, split_sentences
from voice_interview.models.config import RubricConfig
from voice_interview.models.report import Evidence
from voice_interview.models.transcript import Word

Actor = Literal["i", "we", "other"]

# Run-on sentences are cut at commas, but never into shards shorter than this.
_MIN_CLAUSE_WORDS = 6


@dataclass(frozen=True)
class Unit:
    """A sentence of the answer (a very long one is cut at its commas into clauses)."""

    index: int
    sentence: int
    """Index of the sentence this unit comes from (several units when it was cut at commas)."""
    words: tuple[Word, ...]
    text: str
    """The words joined by single spaces, curly apostrophes straightened."""
    offsets: tuple[int, ...]
    """Character offset in `text` where each word starts."""
    numbers: tuple[NumberMention, ...]
    lookup: WordIndex
    """Where each word of `text` occurs, for looking up cues."""

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

    def evidence(self, char: int | None, max_words: int) -> Evidence:
        """Quote this sentence, or the clauses around character `char` when it is too long."""
        lo, hi = _span(self.words, self.word_at(char or 0), max_words)
        quoted = self.words[lo:hi]
        return Evidence(
            text=" ".join(w.text.strip() for w in quoted),
            start=quoted[0].start,
            end=quoted[-1].end,
        )


def _span(words: Sequence[Word], focus: int, max_words: int) -> tuple[int, int]:
    """The widest run of whole clauses around `focus` that fits in max_words words."""
    n = len(words)
    if n <= max_words:
        return 0, n
    lo, hi = _clause_start(words, focus), _clause_end(words, focus)
    if hi - lo > max_words:  # one clause too long: a window that leans forward from the focus
        lo = max(0, min(focus - max_words // 4, n - max_words))
        return lo, lo + max_words
    while True:
        grew = False
        if hi < n and _clause_end(words, hi) - lo <= max_words:
            hi, grew = _clause_end(words, hi), True
        if lo > 0 and hi - _clause_start(words, lo - 1) <= max_words:
            lo, grew = _clause_start(words, lo - 1), True
        if not grew:
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
    words: Sequence[Word], long_sentence_words: int, prefix_lengths: frozenset[int]
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
    units = []
    for index, (sentence_index, chunk) in enumerate(chunks):
        texts = [w.text.strip().replace("\u2019", "'") for w in chunk]
        offsets, pos = [], 0
        for t in texts:
            offsets.append(pos)
            pos += len(t) + 1
        joined = " ".join(texts)
        units.append(
            Unit(
                index=index,
                sentence=sentence_index,
                words=chunk,
                text=joined,
                offsets=tuple(offsets),
                numbers=tuple(find_numbers(texts)),
                lookup=WordIndex.of(joined, prefix_lengths),
            )
        )
    return units


def counted(n: int, noun: str) -> str:
    """ "1 sentence", "3 sentences": for the one-sentence details."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@dataclass(frozen=True)
class Finding:
    """What a detector concluded, before the question's label, weight and advice are applied."""

    strength: float
    detail: str
    evidence: tuple[Evidence, ...] = ()
    case: str | None = None
    """Why the signal is weak, when that has its own advice in cues.toml ("no_result")."""


@dataclass(frozen=True)
class Action:
    """A subject and a past-tense verb: "I isolated", "we shipped", "the team decided"."""

    actor: Actor
    verb: str
    char: int


@dataclass(frozen=True)
class Flags:
    """What a sentence says about tense and who acts."""

    hypothetical: bool
    """"I would", "I'd", "you could": a plan, not an event."""
    generic: bool
    """"typically", "usually", "in general": a habit, not an event."""
    speculative: bool
    """"could be", "might be", "maybe": a guess."""
    past: bool
    actions: tuple[Action, ...]

    def acts(self, actor: Actor) -> list[Action]:
        return [a for a in self.actions if a.actor == actor]


@dataclass
class Context:
    """The answer as the detectors see it. Cue hits are computed once and shared."""

    units: list[Unit]
    lexicon: Lexicon
    config: RubricConfig
    _hits: dict[tuple[int, str, str], list[re.Match[str]]] = field(default_factory=dict)

    def hits(self, unit: Unit, section: str, name: str) -> list[re.Match[str]]:
        key = (unit.index, section, name)
        if key not in self._hits:
            self._hits[key] = self.lexicon.cue(section, name).find(unit.text, unit.lookup)
        return self._hits[key]

    def first(self, unit: Unit, section: str, name: str) -> re.Match[str] | None:
        found = self.hits(unit, section, name)
        return found[0] if found else None

    def quote(self, unit: Unit, char: int | None = None) -> Evidence:
        return unit.evidence(char, self.config.evidence_max_words)

    def quotes(
        self, picks: Iterable[tuple[Unit, int | None]], limit: int | None = None
    ) -> tuple[Evidence, ...]:
        """Quote the first `limit` distinct sentences of `picks` (in priority order), then put
        the quotes in transcript order."""
        chosen: dict[int, tuple[Unit, int | None]] = {}
        for unit, char in picks:
            if len(chosen) >= (limit or self.config.max_evidence):
                break
            chosen.setdefault(unit.index, (unit, char))
        return tuple(self.quote(u, c) for _, (u, c) in sorted(chosen.items()))

    @cached_property
    def flags(self) -> list[Flags]:
        """Tense and actors of every unit, in order."""
        subject = _subject_pattern(self.lexicon)
        words = self.lexicon.words
        result = []
        for unit in self.units:
            actions = []
            irregular = (unit.lookup.word_set & words["irregular_past"]) - _SAME_AS_PRESENT
            past = bool(irregular) or bool(_PAST_STATE.search(unit.text))
            for match in subject.finditer(unit.text):
                verb = match.group("verb").lower()
                is_past = verb in words["irregular_past"] or (len(verb) > 3 and verb.endswith("ed"))
                past = past or is_past
                if is_past and verb not in words["state_verbs"]:
                    actor = _actor(match.group("subj"))
                    actions.append(Action(actor=actor, verb=verb, char=match.start()))
            result.append(
                Flags(
                    hypothetical=bool(self.hits(unit, "common", "hypothetical")),
                    generic=bool(self.hits(unit, "common", "generic")),
                    speculative=bool(self.hits(unit, "common", "speculative")),
                    past=past,
                    actions=tuple(actions),
                )
            )
        return result


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
        rf"\s+(?:(?:\w+ly|{adverbs})\s+){{0,2}}(?P<verb>[a-z]+)\b",
        re.IGNORECASE,
    )


def _actor(subject: str) -> Actor:
    head = subject.lower().split("'")[0]
    if head == "i":
        return "i"
    if head == "we":
        return "we"
    return "other"
