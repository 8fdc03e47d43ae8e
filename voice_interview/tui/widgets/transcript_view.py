"""The transcript with every filler highlighted and the selected evidence underlined."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from voice_interview.core.text import ends_sentence, normalize
from voice_interview.models.report import Evidence, Occurrence
from voice_interview.models.transcript import Word
from voice_interview.tui.format import clock

MARK_EVERY_S = 30.0
"""A time mark starts the first sentence at least this long after the previous mark."""


def find_spans(words: Sequence[Word], items: Sequence[Occurrence]) -> list[tuple[int, int]]:
    """Word index ranges [start, end) of each occurrence, found by its words and time.

    A timed occurrence matches the place whose first word starts nearest its time; an untimed one
    (a typed transcript) matches the next place after the previous occurrence, so repeats of the
    same filler land on successive places rather than all on the first.
    """
    tokens = [normalize(w.text) for w in words]
    spans: list[tuple[int, int]] = []
    cursor = 0
    for item in items:
        wanted = [normalize(t) for t in item.text.split()]
        wanted = [t for t in wanted if t]
        if not wanted:
            continue
        n = len(wanted)
        places = [i for i in range(len(tokens) - n + 1) if tokens[i : i + n] == wanted]
        if not places:
            continue
        timed = [i for i in places if words[i].start is not None]
        if item.start is not None and timed:
            at = item.start
            best = min(timed, key=lambda i: abs((words[i].start or 0.0) - at))
        else:
            later = [i for i in places if i >= cursor]
            best = later[0] if later else places[-1]
        spans.append((best, best + n))
        cursor = best + n
    return spans


def _covered(spans: Sequence[tuple[int, int]]) -> set[int]:
    return {i for start, end in spans for i in range(start, end)}


def render_transcript(
    words: Sequence[Word],
    fillers: Sequence[Occurrence],
    evidence: Evidence | None = None,
) -> Content:
    """The words as Content: fillers highlighted, the chosen evidence underlined, time marks."""
    if not words:
        return Content("(no words)")
    filler_at = _covered(find_spans(words, fillers))
    evidence_at: set[int] = set()
    if evidence is not None:
        evidence_at = _covered(
            find_spans(words, [Occurrence(text=evidence.text, start=evidence.start)])
        )
    parts: list[str | tuple[str, str]] = []
    last_mark: float | None = None
    sentence_start = True
    for i, word in enumerate(words):
        if sentence_start and word.start is not None:
            if last_mark is None or word.start - last_mark >= MARK_EVERY_S:
                if parts:
                    parts.append("\n")
                parts.append((f"[{clock(word.start)}] ", "$foreground-muted"))
                last_mark = word.start
        style = ""
        if i in filler_at:
            style = "bold $text-warning on $warning-muted"
        if i in evidence_at:
            style = (style + " underline $text-accent").strip()
        parts.append((word.text, style) if style else word.text)
        parts.append(" ")
        sentence_start = ends_sentence(word.text)
    return Content.assemble(*parts)


class TranscriptView(Static):
    """Shows `render_transcript`; the report screen calls `show` when the selection changes."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual\'s name
        super().__init__("", id=id)
        self._words: list[Word] = []
        self._fillers: list[Occurrence] = []

    def set_transcript(self, words: Sequence[Word], fillers: Sequence[Occurrence]) -> None:
        self._words = list(words)
        self._fillers = list(fillers)
        self.show()

    def show(self, evidence: Evidence | None = None) -> None:
        self.update(render_transcript(self._words, self._fillers, evidence))
