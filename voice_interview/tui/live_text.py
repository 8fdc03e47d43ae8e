"""The running line the answer screen shows while the candidate speaks."""

from __future__ import annotations

from collections import Counter

from voice_interview.core.fillers import find_fillers
from voice_interview.models.transcript import Word

LIVE_TAIL_WORDS = 30
"""How many of the latest words the answer screen shows while the candidate speaks."""


def live_summary(words: list[Word], elapsed_s: float) -> str:
    """One line of running figures and the latest words, for the answer screen."""
    if not words:
        return "Live transcript: listening…"
    fillers = find_fillers(words)
    counts = Counter(f.text.lower() for f in fillers)
    wpm = len(words) / (elapsed_s / 60) if elapsed_s > 5 else None
    parts = [f"{len(words)} words"]
    if wpm is not None:
        parts.append(f"{wpm:.0f} wpm")
    detail = ", ".join(f"{w} {n}" for w, n in counts.most_common(3))
    parts.append(f"fillers {len(fillers)}" + (f" ({detail})" if detail else ""))
    tail = " ".join(w.text for w in words[-LIVE_TAIL_WORDS:])
    return " · ".join(parts) + f"\n…{tail}"
