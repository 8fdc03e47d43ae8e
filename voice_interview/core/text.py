"""Word and sentence helpers shared by the filler, hedge and rubric rules."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

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


# --- Token view used by the filler, hedge and repetition rules -------------------------------

_LEADING_BREAK = re.compile(r"^[,;:\u2014\u2013(\-]")
_HAS_WORD_CHAR = re.compile(r"\w")
_NUMBER = re.compile(r"^[$\u00a3\u20ac]?\d[\d,.]*(?:%|k|m|ms|s|x)?$")

NUMBER_WORDS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
    "ninety hundred thousand million billion half".split()
)


def strip_punct(text: str) -> str:
    """Strip the punctuation around a word or phrase, keeping its case ("Um," -> "Um")."""
    return _EDGE_PUNCT.sub("", text.strip())


def is_number(norm: str) -> bool:
    """True for a normalised token that is a number: "20", "3.5", "40%", "$5", "twenty"."""
    return bool(_NUMBER.match(norm)) or norm in NUMBER_WORDS


def count_words(words: Sequence[Word]) -> int:
    """Words that hold at least one letter or digit (a lone dash or ellipsis is not a word)."""
    return sum(1 for w in words if _HAS_WORD_CHAR.search(w.text))


class Token(NamedTuple):
    """A word seen by the context rules: its normal form and the punctuation around it.

    A named tuple, not a dataclass: a long transcript makes tens of thousands of them.
    """

    word_index: int
    """Index of the word in the transcript's word list."""
    norm: str
    break_before: bool
    """At the start of the transcript or after a comma, dash, clause or sentence end."""
    sentence_before: bool
    """At the start of the transcript or after a sentence end."""
    break_after: bool
    """Followed by a comma, dash, clause or sentence end."""
    sentence_after: bool
    question_after: bool
    """Ends with a question mark."""


def tokenize(words: Sequence[Word]) -> list[Token]:
    """The words that hold a letter or digit, each with the punctuation that sets it off.

    Punctuation-only words (a typed " - " or "...") are folded into their neighbours, so
    "it was - like - slow" reads like "it was, like, slow".
    """
    tokens: list[Token] = []
    pending_break = True  # the transcript's start is a boundary
    pending_sentence = True
    for i, word in enumerate(words):
        text = word.text.strip()
        norm = normalize(text)
        sentence = ends_sentence(text)
        clause = sentence or bool(_CLAUSE_END.search(text))
        question = text.rstrip("\"')]").endswith("?")
        if not _HAS_WORD_CHAR.search(norm):
            clause = clause or bool(_LEADING_BREAK.match(text))
            if tokens and clause:
                last = tokens[-1]
                tokens[-1] = last._replace(
                    break_after=True,
                    sentence_after=last.sentence_after or sentence,
                    question_after=last.question_after or question,
                )
            pending_break = pending_break or clause
            pending_sentence = pending_sentence or sentence
            continue
        tokens.append(
            Token(
                i,
                norm,
                pending_break or bool(_LEADING_BREAK.match(text)),
                pending_sentence,
                clause,
                sentence,
                question,
            )
        )
        pending_break = clause
        pending_sentence = sentence
    return tokens


def norm_at(tokens: Sequence[Token], i: int) -> str:
    """The normal form of token i, or "" outside the transcript (so rules need no bounds checks)."""
    return tokens[i].norm if 0 <= i < len(tokens) else ""


def phrase_at(tokens: Sequence[Token], i: int, phrase: Sequence[str]) -> bool:
    """True when the tokens from i spell `phrase` with no punctuation inside it."""
    if i < 0 or i + len(phrase) > len(tokens):
        return False
    for k, part in enumerate(phrase):
        tok = tokens[i + k]
        if tok.norm != part or (k < len(phrase) - 1 and tok.break_after):
            return False
    return True


def span_text(words: Sequence[Word], first: int, last: int) -> str:
    """The words first..last (inclusive) as written, without the punctuation around the span."""
    return strip_punct(" ".join(w.text for w in words[first : last + 1]))
