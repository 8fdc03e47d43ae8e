"""When a signal is missing, words the transcriber was unsure of where its cues were looked for.

"Rolled the model back" heard as "wrote the model back" zeroes a roll-back signal without a
trace. The report then lists the unsure words of the sentences near the signal's cues (where a
detector found part of what it needs, or where a word of the question's cue phrases occurs), so
the candidate can check the transcript there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from voice_interview.core.rubric.context import Context
from voice_interview.models.report import UnsureWord

_MAX_WORDS = 6
"""Unsure words shown per signal."""
_ESCAPE = re.compile(r"\\[a-zA-Z]")
_LETTERS = re.compile(r"[a-z]{4,}")


@lru_cache(maxsize=1024)
def cue_words(cues: tuple[str, ...]) -> frozenset[str]:
    """The words of four letters or more in a list of cues (phrases or regular expressions)."""
    words: set[str] = set()
    for cue in cues:
        words.update(_LETTERS.findall(_ESCAPE.sub(" ", cue.lower().removeprefix("re:"))))
    return frozenset(words)


def maybe_misheard(
    ctx: Context, near: Iterable[int], words: frozenset[str] = frozenset()
) -> list[UnsureWord]:
    """Unsure words (below `misheard_probability`) in the units `near` and in the units holding
    one of `words`, in transcript order."""
    chosen = set(near)
    if words:
        chosen |= {u.index for u in ctx.units if u.lookup.word_set & words}
    threshold = ctx.config.misheard_probability
    found: list[UnsureWord] = []
    for unit in ctx.units:
        if unit.index not in chosen:
            continue
        for word in unit.words:
            if word.probability is not None and word.probability < threshold:
                found.append(
                    UnsureWord(
                        text=word.text.strip(" ,.;:!?"),
                        start=word.start,
                        end=word.end,
                        probability=round(word.probability, 2),
                    )
                )
    return found[:_MAX_WORDS]
