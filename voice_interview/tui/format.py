"""Small text helpers for the live screens: the running clock, targets, zones.

The report's own wording (verdicts, quotes, times in a recording) comes from `render.common`, so the
app and the exported Markdown say the same thing.
"""

from __future__ import annotations

import re
from typing import Literal

from voice_interview.models.question import Question

Zone = Literal["under", "in", "over"]


def clock(seconds: float | None) -> str:
    """Seconds as m:ss ("5:07"), truncated as a running clock is; a dash when unknown."""
    if seconds is None:
        return "-"
    total = max(0, int(seconds))
    return f"{total // 60}:{total % 60:02d}"


def _minutes(seconds: float) -> str:
    value = seconds / 60
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def target_text(question: Question) -> str:
    """The target time as a reader says it: "5-7 min", or "2.5-3 min"."""
    low, high = _minutes(question.target_min_s), _minutes(question.target_max_s)
    return f"{low} min" if low == high else f"{low}-{high} min"


def zone(elapsed_s: float, target_min_s: float, target_max_s: float) -> Zone:
    """Where an answer of this length sits: under the target, in it, or over it.

    The zone changes at the target's ends: a 5-7 minute answer is "in" from 5:00 and "over"
    from 7:00.
    """
    if elapsed_s < target_min_s:
        return "under"
    if elapsed_s < target_max_s:
        return "in"
    return "over"


_FLAG_HINT = re.compile(r"\s*\([^()]*--[a-z][^()]*\)|;[^;]*--[a-z][^;]*")
"""A command-line hint inside a message ("(... use --model bundled)", "; pass ... --model PATH"):
the app says how to choose another model in its own words instead."""


def model_problem(reason: str) -> str:
    """Why the transcription model cannot be used, in the app's own words (its keys and
    screens, never a command-line flag)."""
    reason = _FLAG_HINT.sub("", reason).strip().rstrip(".")
    return (
        f"The transcription model cannot be used: {reason}. Choose another in Settings (F4); "
        "until then nothing can be recorded."
    )
