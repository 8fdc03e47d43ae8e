"""Small formatting helpers shared by the renderers."""

from __future__ import annotations

from collections.abc import Sequence

from voice_interview.models.report import RedFlag, Report, UnsureWord

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
    """The answer's length against the target; for a typed answer, its estimated speaking time."""
    t = report.timing
    if t is None:
        length = report.rubric.length
        if length is None:
            return "n/a (typed transcript)"
        lo, hi = clock(length.target_min_s), clock(length.target_max_s)
        return (
            f"about {clock(length.seconds)} to say (typed) against a target of {lo}-{hi}: "
            f"{TIMING_LABELS[length.verdict]}"
        )
    lo, hi = clock(t.target_min_s), clock(t.target_max_s)
    return f"{clock(t.answer_s)} against a target of {lo}-{hi}: {TIMING_LABELS[t.verdict]}"


def verdict_lines(report: Report) -> list[str]:
    """Why the verdict is what it is, beyond the score: the content verdict when red flags or
    the length lowered it, each reason, and what to expand or cut when the length is off."""
    r = report.rubric
    lines = []
    if r.content_verdict is not None and r.content_verdict != r.verdict:
        lines.append(f"Content alone: {VERDICT_LABELS[r.content_verdict]}.")
    lines += r.verdict_reasons
    length = r.length
    if length is not None and length.advice and not length.capped:
        lines.append(length.advice)
    return lines


def misheard_text(words: Sequence[UnsureWord]) -> str:
    """ "May be a transcription error: “wrote” at 0:41 (38% sure); check the transcript." """
    shown = ", ".join(
        f"\u201c{w.text}\u201d"
        + (f" at {clock(w.start)}" if w.start is not None else "")
        + f" ({w.probability:.0%} sure)"
        for w in words
    )
    return f"May be a transcription error: {shown}. Check the transcript there."


def flag_groups(flags: Sequence[RedFlag]) -> list[tuple[RedFlag, int]]:
    """Each red flag once, with its first quote and how many sentences raised it."""
    groups: dict[str, tuple[RedFlag, int]] = {}
    for flag in flags:
        first, count = groups.get(flag.id, (flag, 0))
        groups[flag.id] = (first, count + 1)
    return list(groups.values())


def flag_line(flag: RedFlag, count: int, limit: int = 100) -> str:
    """ "Hands the work to another team: “I'd pass it to the data team,” 0:41-0:44 (and 1 more)" """
    when = span(flag.start, flag.end)
    more = f" (and {count - 1} more)" if count > 1 else ""
    return f"{flag.label}: {quote(flag.text, limit)}" + (f" {when}" if when else "") + more
