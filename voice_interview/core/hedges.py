"""Hedges ("sort of", "I think", "maybe", tag questions) and repeated words ("I, I", "the the").

Hedges follow Lakoff's list; honest technical uncertainty ("the estimated lift", "a 95%
confidence interval", "p < 0.05") is not hedging, so a hedge in a sentence that states such a
quantity is not counted. The rules are listed in docs/thresholds.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from voice_interview.core.fillers import is_filled_pause
from voice_interview.core.text import (
    Token,
    context_around,
    is_number,
    norm_at,
    phrase_at,
    span_text,
    tokenize,
)
from voice_interview.models.report import CountReport, Occurrence
from voice_interview.models.transcript import Word

# Longest first, so "I'm not sure" wins over "not sure".
_HEDGE_PHRASES: tuple[tuple[str, ...], ...] = (
    ("i", "could", "be", "wrong"),
    ("i", "am", "not", "sure"),
    ("i'm", "not", "sure"),
    ("i'm", "not", "certain"),
    ("i", "don't", "know"),
    ("i", "would", "say"),
    ("i", "feel", "like"),
    ("more", "or", "less"),
    ("not", "sure"),
    ("i", "think"),
    ("i", "guess"),
    ("i", "believe"),
    ("i", "suppose"),
    ("i'd", "say"),
    ("sort", "of"),
    ("kind", "of"),
    ("sorta",),
    ("kinda",),
    ("maybe",),
    ("probably",),
    ("perhaps",),
    ("possibly",),
    ("somewhat",),
)
_PHRASES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in _HEDGE_PHRASES:
    _PHRASES_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)

# "a kind of model", "what sort of data", "the right kind of test": "kind" means type.
_TYPE_DETERMINERS = frozenset(
    "a an the this that these those what which any some every each one no same different "
    "other another all many several right wrong first only new similar particular certain "
    "specific whatever my our your their his her its".split()
)
_THINK_NEXT_NOT = frozenset("about of through back ahead over up".split())
_DONT_KNOW_NEXT = frozenset("if whether maybe but like".split())
_TAG_WORDS = frozenset("right correct yeah okay ok".split())
_TAG_PRONOUNS = frozenset("it they you we he she i that there".split())

# Quantified uncertainty: estimates, intervals, significance tests.
_TECHNICAL_UNCERTAINTY = re.compile(
    r"estimat|approximately|confidence|credible|\binterval|\bp\s*[<>=\u2264\u2265]\s*0?\.\d"
    r"|p-values?|statistical|standard (?:deviation|error)|margin of error|error bars?"
    r"|uncertaint|percentile|\bp\d\d\b|\u00b1|\+/-|posterior|\bsigma\b",
    re.IGNORECASE,
)

# Doubles that are normal English. Grammatical ones only count as fine without a comma
# between ("I knew that that was wrong", "we had had"); emphatic ones always ("very, very").
_GRAMMATICAL_DOUBLES = frozenset("that had do".split())
_EMPHATIC_DOUBLES = frozenset(
    "very really so much many far way more no yeah yes bye ha hey well now there".split()
)


def count_report(items: Sequence[Occurrence], word_count: int) -> CountReport:
    """A count, a rate per 100 words and the occurrences themselves."""
    return CountReport(
        count=len(items),
        per_100_words=round(100 * len(items) / word_count, 2) if word_count else 0.0,
        items=list(items),
    )


def find_hedges(words: Sequence[Word], tokens: Sequence[Token] | None = None) -> list[Occurrence]:
    """Every hedge in the transcript, in order, with its time when the words are timed.

    `tokens` may pass `tokenize(words)` when the caller already has it.
    """
    tokens = tokenize(words) if tokens is None else tokens
    technical = _technical_sentences(words, tokens)
    sentence_of = _sentence_ids(tokens)
    found: list[Occurrence] = []
    i = 0
    while i < len(tokens):
        length, tag = _hedge_at(tokens, i)
        if length and not technical[sentence_of[i]]:
            item = _occurrence(words, tokens, i, length)
            # A tag question reads as one only with its question mark: "right?".
            found.append(item.model_copy(update={"text": item.text + "?"}) if tag else item)
        i += max(length, 1)
    return found


def _hedge_at(tokens: Sequence[Token], i: int) -> tuple[int, bool]:
    """How many tokens the hedge starting at i spans (0 for none), and whether it is a tag."""
    tag = _tag_question_at(tokens, i)
    if tag:
        return tag, True
    for phrase in _PHRASES_BY_FIRST.get(tokens[i].norm, ()):
        if phrase_at(tokens, i, phrase):
            return (len(phrase) if _hedge_applies(tokens, i, phrase) else 0), False
    return 0, False


def _hedge_applies(tokens: Sequence[Token], i: int, phrase: tuple[str, ...]) -> bool:
    after = norm_at(tokens, i + len(phrase))
    last = tokens[i + len(phrase) - 1]
    if phrase in (("sort", "of"), ("kind", "of")):
        prev = tokens[i - 1] if i > 0 else None
        return prev is None or prev.break_after or prev.norm not in _TYPE_DETERMINERS
    if phrase == ("i", "think"):
        return last.break_after or after not in _THINK_NEXT_NOT  # "I think about" is pondering
    if phrase == ("i", "believe"):
        return last.break_after or after != "in"
    if phrase == ("i", "don't", "know"):
        # A disclaimer ("I don't know, maybe ...") rather than "I don't know the answer".
        return last.break_after or not after or after in _DONT_KNOW_NEXT
    return True


def _tag_question_at(tokens: Sequence[Token], i: int) -> int:
    """A tag question that closes a statement: "..., right?", "..., isn't it?"."""
    tok = tokens[i]
    if tok.sentence_before:
        return 0  # a sentence of its own ("Right?") or a real question ("Isn't it ...?")
    if tok.norm in _TAG_WORDS and tok.question_after:
        return 1
    if (
        tok.break_before
        and tok.norm.endswith("n't")
        and norm_at(tokens, i + 1) in _TAG_PRONOUNS
        and tokens[i + 1].question_after
    ):
        return 2
    if tok.break_before and phrase_at(tokens, i, ("don't", "you", "think")):
        return 3 if tokens[i + 2].question_after else 0
    return 0


def _sentence_ids(tokens: Sequence[Token]) -> list[int]:
    ids: list[int] = []
    sentence = 0
    for tok in tokens:
        ids.append(sentence)
        if tok.sentence_after:
            sentence += 1
    return ids


def _technical_sentences(words: Sequence[Word], tokens: Sequence[Token]) -> list[bool]:
    """For each sentence, whether it states a quantified uncertainty."""
    flags: list[bool] = []
    start = 0
    for k, tok in enumerate(tokens):
        if tok.sentence_after or k == len(tokens) - 1:
            # The raw text keeps symbols that tokens drop ("p", "<", "0.05").
            last = tokens[k + 1].word_index if k + 1 < len(tokens) else len(words)
            text = " ".join(w.text for w in words[tokens[start].word_index : last])
            flags.append(bool(_TECHNICAL_UNCERTAINTY.search(text)))
            start = k + 1
    flags.append(False)  # guards the index of an empty transcript
    return flags


def find_repeated_words(
    words: Sequence[Word], tokens: Sequence[Token] | None = None
) -> list[Occurrence]:
    """Immediate repetitions ("I, I", "the the") and cut-off false starts ("mo- model").

    A run of three or more ("I I I") is one occurrence. Fillers ("um um") are counted as fillers,
    numbers ("twenty twenty") and normal doubles ("that that", "very very") are not repetitions.
    """
    tokens = tokenize(words) if tokens is None else tokens
    found: list[Occurrence] = []
    i = 0
    while i < len(tokens) - 1:
        end = _repeat_run_end(tokens, i)
        if end > i:
            found.append(_occurrence(words, tokens, i, end - i + 1))
            i = end + 1
        elif _false_start(words, tokens, i):
            found.append(_occurrence(words, tokens, i, 2))
            i += 2
        else:
            i += 1
    return found


def _repeat_run_end(tokens: Sequence[Token], i: int) -> int:
    """The last token of a repetition run starting at i, or i when there is none."""
    tok = tokens[i]
    norm = tok.norm
    if norm != norm_at(tokens, i + 1) or tok.sentence_after:
        return i
    if is_filled_pause(norm) or is_number(norm) or norm in _EMPHATIC_DOUBLES:
        return i
    if not tok.break_after and (
        norm in _GRAMMATICAL_DOUBLES or (norm == "is" and norm_at(tokens, i - 1) in ("it", "what"))
    ):
        return i  # "what it is is", "I knew that that was wrong"
    end = i + 1
    while end + 1 < len(tokens) and tokens[end + 1].norm == norm and not tokens[end].sentence_after:
        end += 1
    return end


def _false_start(words: Sequence[Word], tokens: Sequence[Token], i: int) -> bool:
    """A word cut off with a dash and restarted: "mo- model", "the- the"."""
    cut = words[tokens[i].word_index].text.strip()
    nxt = norm_at(tokens, i + 1)
    return cut.endswith("-") and len(tokens[i].norm) < len(nxt) and nxt.startswith(tokens[i].norm)


def _occurrence(words: Sequence[Word], tokens: Sequence[Token], i: int, length: int) -> Occurrence:
    first, last = tokens[i].word_index, tokens[i + length - 1].word_index
    return Occurrence(
        text=span_text(words, first, last),
        start=words[first].start,
        end=words[last].end,
        context=context_around(words, first, last + 1),
    )
