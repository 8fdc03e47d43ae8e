"""Small formatting helpers shared by the renderers."""

from __future__ import annotations

from voice_interview.models.report import Report

VERDICT_LABELS = {
    "raises_the_bar": "Raises the bar",
    "meets": "Meets the bar",
    "below_the_bar": "Below the bar",
}
# Rich styles for the verdicts, wherever the terminal shows one.
VERDICT_STYLES = {
    "raises_the_bar": "bold green",
    "meets": "bold yellow",
    "below_the_bar": "bold red",
}
TIMING_LABELS = {"short": "short", "on_target": "on target", "long": "long"}


def clock(seconds: float | None) -> str:
    """1:05 style time; an empty string when there is no time (typed text)."""
    if seconds is None:
        return ""
    total = int(round(seconds))
    return f"{total // 60}:{total % 60:02d}"


def span(start: float | None, end: float | None) -> str:
    if start is None:
        return ""
    return f"{clock(start)}-{clock(end)}" if end is not None else clock(start)


def quote(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "\u2026"
    return f"\u201c{text}\u201d"


def number(value: float | None, digits: int = 0, suffix: str = "") -> str:
    if value is None:
        return "n/a"
    return f"{value:.{digits}f}{suffix}"


def target_text(report: Report) -> str:
    t = report.timing
    if t is None:
        return "n/a (typed transcript)"
    lo, hi = clock(t.target_min_s), clock(t.target_max_s)
    return f"{clock(t.answer_s)} against a target of {lo}-{hi}: {TIMING_LABELS[t.verdict]}"
