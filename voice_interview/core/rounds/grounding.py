"""The candidate's own words, for a follow-up that quotes them back.

A follow-up is sharper when it picks up what was said ("You said CTR dropped about four percent:
against what control?"). These helpers find the words to quote, a clause around a result number
or around a phrase a probe looks for, and turn them to the second person, as an interviewer
repeats them ("I saw" becomes "you saw").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from voice_interview.core.numbers import find_numbers
from voice_interview.core.text import ends_clause, ends_sentence, split_sentences, strip_punct
from voice_interview.models.transcript import Word

MAX_WORDS = 14
"""Longest quote: enough for a claim and its number, short enough to say back in one breath."""
MIN_WORDS = 5
"""A clause shorter than this ("up twelve percent") takes in the clause before it."""

# Numbers worth asking about: results, not team sizes, dates or durations of data.
_RESULT_KINDS = ("percent", "points", "money", "latency", "multiplier", "count", "duration")

# First person to second, as an interviewer repeats a claim. Pairs with a verb come first so
# that "I was" does not become "you was".
_SWAPS: tuple[tuple[str, str], ...] = (
    (r"\bI was\b", "you were"),
    (r"\bI am\b", "you are"),
    (r"\bI'm\b", "you're"),
    (r"\bI've\b", "you've"),
    (r"\bI'd\b", "you'd"),
    (r"\bI'll\b", "you'll"),
    (r"\bwe were\b", "you were"),
    (r"\bwe're\b", "you're"),
    (r"\bwe've\b", "you've"),
    (r"\bwe'd\b", "you'd"),
    (r"\bI\b", "you"),
    (r"\bme\b", "you"),
    (r"\bmy\b", "your"),
    (r"\bmine\b", "yours"),
    (r"\bmyself\b", "yourself"),
    (r"\bwe\b", "you"),
    (r"\bus\b", "you"),
    (r"\bour\b", "your"),
    (r"\bours\b", "yours"),
)
_SWAP_PATTERNS = [(re.compile(p, re.IGNORECASE), r) for p, r in _SWAPS]
_LEADING_FILLER = re.compile(r"^(so|and|but|um|uh|well|then|also|like)\b[,]?\s*", re.IGNORECASE)
# Words a cut quote should not end on ("react fast when" reads as "react fast").
_DANGLING = frozenset(
    "a an and as at but by for from if in of on or so than that the then to when where which "
    "while who with".split()
)


@dataclass(frozen=True)
class Quote:
    text: str
    """The words as the candidate said them."""
    start: float | None
    """Where they start in the recording (None for a typed answer)."""

    @property
    def repeated(self) -> str:
        """The words as the interviewer says them back: second person, no leading "so"."""
        return second_person(_LEADING_FILLER.sub("", self.text))


def shorten(text: str) -> str:
    """A long quote cut at the first clause end after a few words, or at MAX_WORDS."""
    out: list[str] = []
    for word in text.split():
        out.append(word)
        if len(out) >= MAX_WORDS or (len(out) >= MIN_WORDS and ends_clause(word)):
            break
    while len(out) > 1 and strip_punct(out[-1]).lower() in _DANGLING:
        out.pop()
    return strip_punct(" ".join(out))


def second_person(text: str) -> str:
    """ "I saw our CTR drop" -> "you saw your CTR drop"."""
    for pattern, replacement in _SWAP_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def quote_number(words: Sequence[Word]) -> Quote | None:
    """The clause around the first result number (a percentage, a latency, money, a count)."""
    for kind in _RESULT_KINDS:
        for mention in find_numbers([w.text for w in words]):
            if mention.kind == kind and mention.incidental is None:
                return _clause(words, mention.first, mention.end)
    return None


def quote_pattern(words: Sequence[Word], patterns: Sequence[str]) -> Quote | None:
    """The clause around the first phrase matching one of `patterns`, in the answer's order."""
    compiled = [re.compile(p, re.IGNORECASE) for p in patterns]
    for sentence in split_sentences(words):
        text = sentence.text
        for pattern in compiled:
            match = pattern.search(text)
            if match is None:
                continue
            first = sentence.first + text[: match.start()].count(" ")
            last = sentence.first + text[: match.end()].count(" ") + 1
            return _clause(words, first, last)
    return None


def _clause(words: Sequence[Word], first: int, end: int) -> Quote:
    """The clause holding words[first:end], within MAX_WORDS: from the clause's start when it
    fits (the clause before too, when this one is short), and on to its end when that fits."""
    lo = first
    while lo > 0 and end - (lo - 1) <= MAX_WORDS:
        before = words[lo - 1].text
        if ends_sentence(before) or (ends_clause(before) and end - lo >= MIN_WORDS):
            break  # a sentence's start, or a clause's with enough words to stand on their own
        lo -= 1
    hi = end
    while hi < len(words) and not ends_clause(words[hi - 1].text):
        hi += 1
    if hi - lo > MAX_WORDS and end - lo >= MIN_WORDS:
        hi = end  # the rest of the clause does not fit: stop after the number or phrase
    if hi - lo > MAX_WORDS:
        hi = lo + MAX_WORDS
    while hi > end and strip_punct(words[hi - 1].text).lower() in _DANGLING:
        hi -= 1
    text = strip_punct(" ".join(w.text for w in words[lo:hi]))
    return Quote(text=text, start=words[lo].start)
