"""Whether a sentence names the particular thing a signal needs, and how to say what it found.

"A check" names nothing; "a skew check", "an alarm on the late rate" or "a test that rejects any
request whose category is unknown" do. The words just before an artifact and the clause after a
"what" cue ("on", "that compares", "if") are read for content words: neither stopwords nor
vague words.
"""

from __future__ import annotations

import re

from voice_interview.core.rubric.context import Context, Unit

_TOKEN = re.compile(r"[\w'%$.,-]+")
_CLAUSE_END = re.compile(r"[,;:.!?]$")
_CLAUSE_BREAK = re.compile(r"[,;:.!?]")
_DANGLING = frozenset({"of", "the", "a", "an", "to", "and", "in", "on", "for", "through", "with"})
_NOT_NAMES = frozenset({"i", "we", "you", "they", "he", "she", "it", "afterwards", "then"})
_MODIFIERS = 3
"""Words read before an artifact: "a feature parity check"."""
_AFTER_WORDS = 6
"""Words read after a "what" cue for content: "on the daily acceptance rate"."""
_CUE_REACH = 60
"""Characters after the artifact within which a "what" cue must start."""


def content_words(ctx: Context, text: str) -> list[str]:
    """Words of `text` that carry meaning: not stopwords, vague modifiers or category words."""
    words = ctx.lexicon.words
    skip = words["stopwords"] | words["vague_modifiers"] | words["vague_cause"]
    out = []
    for token in _TOKEN.findall(text.lower()):
        word = token.strip(".,'-")
        if word and not word.isdigit() and word not in skip:
            out.append(word)
    return out


def named_before(ctx: Context, unit: Unit, start: int) -> tuple[int, int] | None:
    """The span of the content words right before character `start` ("pre-launch skew" in
    "a pre-launch skew check"), or None when only articles and vague words come before it."""
    words = ctx.lexicon.words
    skip = words["stopwords"] | words["vague_modifiers"] | words["irregular_past"] | _NOT_NAMES
    found: tuple[int, int] | None = None
    tokens = list(_TOKEN.finditer(unit.plain[:start]))
    for token in reversed(tokens[-_MODIFIERS:]):
        word = token.group().lower().strip(".,'-")
        if _CLAUSE_END.search(token.group()) or not word or word in skip or word.isdigit():
            break
        if len(word) > 4 and word.endswith("ed"):
            break  # a verb ("I added alerts"), not what the alert is on
        found = (token.start(), found[1] if found else token.end())
    return found


def named_after(
    ctx: Context, unit: Unit, end: int, section: str, name: str
) -> tuple[int, int] | None:
    """The span from a "what" cue after character `end` to the last content word within a few
    words of it ("compares yesterday's booking rate"), or None."""
    for cue in ctx.hits(unit, section, name):
        if cue.start() < end or cue.start() > end + _CUE_REACH:
            continue
        if _CLAUSE_BREAK.search(unit.plain, end, cue.start()):
            break  # "we had monitoring in place, of course": another clause
        tail = list(_TOKEN.finditer(unit.plain, cue.end()))[:_AFTER_WORDS]
        last = None
        for token in tail:
            if content_words(ctx, token.group()):
                last = token.end()
            if _CLAUSE_END.search(token.group()):
                break
        if last is not None:
            return cue.start(), last
    return None


def phrase(unit: Unit, span: tuple[int, int], max_words: int = 14) -> str:
    """The words of a span as said, without the punctuation around them, cut to max_words."""
    words = unit.text[span[0] : span[1]].strip(" ,;:.!?\"'").split()
    if len(words) > max_words:
        return " ".join(words[:max_words]) + "\u2026"
    while len(words) > 1 and words[-1].lower() in _DANGLING:
        words.pop()  # "every release of" reads better as "every release"
    return " ".join(words)


def clause_at(unit: Unit, char: int, max_words: int = 10) -> str:
    """The clause of `unit` holding character `char`, for a detail line."""
    lo = max(unit.text.rfind(c, 0, char) for c in ",;:") + 1
    ends = [i for i in (unit.text.find(c, char) for c in ",;:") if i >= 0]
    hi = min(ends) if ends else len(unit.text)
    return phrase(unit, (lo, hi), max_words)


def listing(found: list[tuple[str, str | None]]) -> str:
    """ "artifact: skew check; runs: every launch; not said: what it checks." """
    said = [f"{name}: \u201c{text}\u201d" for name, text in found if text]
    missing = [name for name, text in found if not text]
    parts = "; ".join(said)
    if missing:
        parts += ("; " if parts else "") + "not said: " + ", ".join(missing)
    return parts + "."
