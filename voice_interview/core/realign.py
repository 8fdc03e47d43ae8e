"""A corrected transcript, timed: the candidate's words laid over the transcriber's timed ones.

When the transcriber misheard ("wrote the model back" for "rolled the model back"), the candidate
types the right words, and the answer is scored again with the same audio timings. The two word
sequences are aligned (difflib's longest matching blocks, on words compared without case or
punctuation): a word the correction kept keeps its time and confidence; a changed or added word
takes its time from its neighbours, sharing the stretch the replaced words spanned (or the gap
between the words around it) in proportion to its length. Deleted words simply go.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from voice_interview.models.transcript import Word

_NOT_WORD = re.compile(r"[^\w%]+")


def realign(timed: Sequence[Word], corrected_text: str) -> list[Word]:
    """The corrected text as words, each timed from `timed` (see the module's docstring).

    Changed words have no confidence (probability None): no transcriber produced them.
    """
    new = corrected_text.split()
    matcher = difflib.SequenceMatcher(
        a=[_key(w.text) for w in timed], b=[_key(t) for t in new], autojunk=False
    )
    words: list[Word] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            words += [
                timed[i].model_copy(update={"text": new[j]})
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            ]
        elif op in ("replace", "insert"):
            start, end = _stretch(timed, i1, i2)
            words += _spread(new[j1:j2], start, end)
    return words


def _key(text: str) -> str:
    return _NOT_WORD.sub("", text.lower()) or text.lower()


def _stretch(timed: Sequence[Word], i1: int, i2: int) -> tuple[float | None, float | None]:
    """The time the words timed[i1:i2] spanned; for an insertion (i1 == i2), the gap between
    the word before and the word after."""
    if i2 > i1:
        return timed[i1].start, timed[i2 - 1].end
    before = timed[i1 - 1].end if i1 > 0 else None
    after = timed[i1].start if i1 < len(timed) else None
    if before is None:
        before = after
    if after is None:
        after = before
    return before, after


def _spread(texts: Sequence[str], start: float | None, end: float | None) -> list[Word]:
    """`texts` sharing [start, end] in proportion to their lengths; untimed when it is None."""
    if start is None or end is None:
        return [Word(text=t) for t in texts]
    end = max(start, end)
    total = sum(len(t) for t in texts) or 1
    words: list[Word] = []
    at = start
    for text in texts:
        following = at + (end - start) * len(text) / total
        words.append(Word(text=text, start=round(at, 3), end=round(following, 3)))
        at = following
    return words
