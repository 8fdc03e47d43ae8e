"""Consistency across a round, as a bar raiser checks it: the same story told for two questions,
and numbers that disagree between answers about the same story.

Both are hints for a person to check, not verdicts: each names the answers and quotes the words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from voice_interview.core.numbers import NumberMention, find_numbers
from voice_interview.core.text import is_number, normalize, split_sentences
from voice_interview.models.transcript import Word

_WORD = re.compile(r"^[a-z][a-z'-]{3,}$")
# Words every story shares, which say nothing about which story it is.
_COMMON = frozenset(
    """about after again also always because been before being between both could didn't does
    doing done down each even every first from going good have having here into just know like
    made make many more most much need next only other over really right said same should since
    some still such sure take than that their them then there these they thing things think this
    those through time very want well were what when where which while will with within would
    your yeah okay actually basically team model models data launch launched work worked""".split()
)
# Words between a metric and its number that say how it changed, not what it is.
_CHANGE = frozenset(
    """from to by about around roughly nearly almost over under went dropped drop fell fall rose
    rise grew grow increased increase decreased decrease improved improve cut reduced reduce
    raised was were is are had has at of the a an our my its and up down fallen grown risen rose
    sat came took found ran set got gave saw kept held stay stayed moved ship hit reached landed
    ended started stood but not for all back once with then only half went""".split()
)
# Figures worth comparing between answers: results, not counts or lengths of time, which name
# different things in one story (two hours to detect, three days to fix).
_KINDS = frozenset({"percent", "points", "latency", "money", "multiplier"})
_UNITS = frozenset(
    """percent percentage points point basis ms milliseconds millisecond seconds second minutes
    minute hours hour days day weeks week months month years year dollars dollar times""".split()
)
_WINDOW = 6
"""Words before a number searched for the metric it measures."""


def content_words(words: Sequence[Word]) -> set[str]:
    """The distinctive words of an answer: four letters or more, not shared by every story."""
    found = {normalize(w.text) for w in words}
    return {w for w in found if _WORD.match(w) and w not in _COMMON}


MIN_CONTENT_WORDS = 20
"""Stories with fewer distinctive words than this are too short to compare."""


def overlap(a: set[str], b: set[str]) -> float:
    """Share of the shorter story's distinctive words that the other story also has, 0-1.

    The overlap coefficient rather than Jaccard: a story retold briefly shares most of its words
    with the long telling, and Jaccard would count the long telling's extra words against it.
    """
    if min(len(a), len(b)) < MIN_CONTENT_WORDS:
        return 0.0
    return len(a & b) / min(len(a), len(b))


@dataclass(frozen=True)
class Figure:
    """A number stated in an answer, with the word naming what it measures."""

    metric: str
    mention: NumberMention
    text: str
    """The words from the metric to the number, as said."""


def figures(words: Sequence[Word]) -> list[Figure]:
    """Result numbers with the metric word in the few words before them ("CTR dropped 4%")."""
    found: list[Figure] = []
    for sentence in split_sentences(words):
        tokens = [w.text for w in sentence.words]
        norms = sentence.tokens
        for mention in find_numbers(tokens):
            if mention.incidental is not None or mention.kind not in _KINDS:
                continue
            for k in range(mention.first - 1, max(-1, mention.first - 1 - _WINDOW), -1):
                word = norms[k]
                if not _metric_word(word):
                    continue
                text = " ".join(tokens[k : mention.end])
                found.append(Figure(metric=word.rstrip("s"), mention=mention, text=text))
                break
    return found


def _metric_word(word: str) -> bool:
    """A word that can name what a number measures: not a verb form, unit or number."""
    if word in _CHANGE or word in _UNITS or word in _COMMON or is_number(word):
        return False
    return word.isalpha() and len(word) > 2 and not word.endswith(("ed", "ing", "ly"))


def disagreements(
    answers: Sequence[tuple[int, Sequence[Word]]],
) -> list[tuple[Figure, int, Figure, int]]:
    """Pairs of figures for the same metric and unit, in different answers, whose values differ
    and neither of which the other answer also states (a before and an after are not a clash)."""
    per_answer = [(turn, figures(words)) for turn, words in answers]
    clashes: list[tuple[Figure, int, Figure, int]] = []
    seen: set[str] = set()
    for i, (turn_a, figs_a) in enumerate(per_answer):
        for turn_b, figs_b in per_answer[i + 1 :]:
            for a in figs_a:
                if a.metric in seen:
                    continue
                for b in figs_b:
                    if (a.metric, a.mention.unit) != (b.metric, b.mention.unit):
                        continue
                    values_a = {f.mention.value for f in figs_a if f.metric == a.metric}
                    values_b = {f.mention.value for f in figs_b if f.metric == b.metric}
                    if values_a & values_b:
                        continue
                    clashes.append((a, turn_a, b, turn_b))
                    seen.add(a.metric)
                    break
    return clashes
