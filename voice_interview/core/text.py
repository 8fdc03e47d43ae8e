"""Word and sentence helpers shared by the filler, hedge and rubric rules."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from voice_interview.models.transcript import Word

_EDGE_PUNCT = re.compile(r"^[^\w%$']+|[^\w%']+$")
_SENTENCE_END = re.compile(r"[.?!]+[\"')\]]*$")
_CLAUSE_END = re.compile(r"[,;:\u2014\u2013-]+[\"')\]]*$")


def normalize(token: str) -> str:
    """Lower-case a word and strip the punctuation around it ("Um," -> "um", "I'd" stays)."""
    return _EDGE_PUNCT.sub("", token.strip().lower()).replace("\u2019", "'")


def ends_sentence(token: str) -> bool:
    return bool(_SENTENCE_END.search(token.strip()))


def ends_clause(token: str) -> bool:
    """True after a comma, semicolon, colon or dash, or at a sentence end."""
    stripped = token.strip()
    return bool(_CLAUSE_END.search(stripped) or _SENTENCE_END.search(stripped))


@dataclass(frozen=True)
class Sentence:
    """A run of words ending with sentence punctuation (or the end of the transcript)."""

    first: int
    """Index of the first word in the transcript's word list."""
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def start(self) -> float | None:
        return self.words[0].start if self.words else None

    @property
    def end(self) -> float | None:
        return self.words[-1].end if self.words else None

    @property
    def tokens(self) -> list[str]:
        return [normalize(w.text) for w in self.words]


def split_sentences(words: Sequence[Word]) -> list[Sentence]:
    """Group words into sentences at '.', '?' and '!'."""
    sentences: list[Sentence] = []
    current: list[Word] = []
    first = 0
    for i, word in enumerate(words):
        if not current:
            first = i
        current.append(word)
        if ends_sentence(word.text):
            sentences.append(Sentence(first=first, words=tuple(current)))
            current = []
    if current:
        sentences.append(Sentence(first=first, words=tuple(current)))
    return sentences


def context_around(words: Sequence[Word], start: int, end: int, width: int = 4) -> str:
    """The words from start to end (exclusive) with `width` words either side, for a reader."""
    lo = max(0, start - width)
    hi = min(len(words), end + width)
    return " ".join(w.text for w in words[lo:hi])
