"""Past attempts as the history screen and `voice-interview history` show them: one row each,
comparisons and trends.

Pure: built from the history store's entries, no widgets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from voice_interview.core.pacing import PACE_LABEL
from voice_interview.history import Attempt as StoredAttempt
from voice_interview.history import Unscored
from voice_interview.models.question import Question
from voice_interview.models.report import Report, SignalResult
from voice_interview.render.common import VERDICT_LABELS, clock, number


@dataclass(frozen=True)
class AttemptRow:
    """One stored attempt with its question's title, as the list and comparison show it."""

    id: str
    question_id: str
    title: str
    created_at: datetime
    score: int
    verdict: str
    signals_met: int
    signals_total: int
    fillers_per_min: float | None
    wpm: float | None
    duration_s: float | None
    corrected: bool = False
    """Scored from a transcript the candidate corrected."""

    @classmethod
    def from_stored(cls, stored: StoredAttempt, title: str) -> AttemptRow:
        return cls(
            id=str(stored.id),
            question_id=stored.question_id,
            title=title,
            created_at=stored.started_at,
            score=stored.score,
            verdict=stored.verdict,
            signals_met=stored.signals_met,
            signals_total=stored.signals_total,
            fillers_per_min=stored.fillers_per_min,
            wpm=stored.wpm,
            duration_s=stored.duration_s,
            corrected=stored.corrected,
        )

    @property
    def when(self) -> str:
        """Local date and time, to the minute."""
        return when(self.created_at)

    @property
    def order(self) -> tuple[datetime, int]:
        return order(self.created_at, self.id)


@dataclass(frozen=True)
class UnscoredRow:
    """An attempt kept without a report (its scoring failed or was stopped)."""

    id: str
    question_id: str
    title: str
    created_at: datetime
    duration_s: float | None
    error: str

    @property
    def when(self) -> str:
        return when(self.created_at)

    @property
    def order(self) -> tuple[datetime, int]:
        return order(self.created_at, self.id)


Row = AttemptRow | UnscoredRow
NOT_SCORED = "not scored"


def when(moment: datetime) -> str:
    """Local date and time, to the minute."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def order(moment: datetime, attempt_id: str) -> tuple[datetime, int]:
    """The one order of attempts everywhere: when they were recorded, then by id."""
    return moment, int(attempt_id) if attempt_id.isdigit() else 0


def attempt_rows(
    stored: Sequence[StoredAttempt], questions: Sequence[Question]
) -> list[AttemptRow]:
    """These attempts, oldest first (the one order of attempts everywhere), titled from
    `questions`.

    A question no longer in the bank (a removed pack) is titled from the saved report.
    """
    titles = {q.id: q.title for q in questions}
    rows = []
    for attempt in stored:
        title = titles.get(attempt.question_id) or attempt.report.question_title
        rows.append(AttemptRow.from_stored(attempt, title or attempt.question_id))
    return sorted(rows, key=lambda a: a.order)


def all_rows(
    stored: Sequence[StoredAttempt], unscored: Sequence[Unscored], questions: Sequence[Question]
) -> list[Row]:
    """Scored and not-scored attempts together, oldest first."""
    titles = {q.id: q.title for q in questions}
    waiting = [
        UnscoredRow(
            id=str(u.id),
            question_id=u.question_id,
            title=titles.get(u.question_id) or u.question_id,
            created_at=u.started_at,
            duration_s=u.duration_s,
            error=u.error,
        )
        for u in unscored
    ]
    rows: list[Row] = [*attempt_rows(stored, questions), *waiting]
    return sorted(rows, key=lambda a: a.order)


def scored(rows: Sequence[Row]) -> list[AttemptRow]:
    return [r for r in rows if isinstance(r, AttemptRow)]


def trend(attempts: Sequence[Row], question_id: str) -> list[AttemptRow]:
    """This question's scored attempts, oldest first."""
    same = [a for a in scored(attempts) if a.question_id == question_id]
    return sorted(same, key=lambda a: a.order)


def trend_text(points: Sequence[AttemptRow]) -> str:
    """The progress at one question, titled: what the app's history screen shows."""
    if not points:
        return ""
    count = f"{len(points)} attempt{'s' if len(points) > 1 else ''}"
    return f"Trend for '{points[-1].title}' ({count}): {progress_text(points)}"


def progress_text(points: Sequence[AttemptRow]) -> str:
    """Score, signals and fillers from the first attempt to the latest (`points` oldest first)."""
    first, last = points[0], points[-1]
    text = f"score {_scores(points)}"
    if len(points) == 1:
        return text
    text += f", best {max(a.score for a in points)}"
    text += f"; signals met {first.signals_met} → {last.signals_met}"
    if first.fillers_per_min is not None and last.fillers_per_min is not None:
        text += f"; fillers/min {first.fillers_per_min:.1f} → {last.fillers_per_min:.1f}"
    return text


def _scores(points: Sequence[AttemptRow]) -> str:
    """The last eight scores, oldest first."""
    more = "… → " if len(points) > 8 else ""
    return more + " → ".join(str(a.score) for a in points[-8:])


def _delta(a: float | None, b: float | None, digits: int = 0, better: str = "up") -> str:
    if a is None or b is None:
        return ""
    change = b - a
    if round(change, digits) == 0:
        return "same"
    sign = "+" if change > 0 else "-"
    good = (change > 0) == (better == "up")
    return f"{sign}{abs(change):.{digits}f} {'better' if good else 'worse'}"


def in_order(first: AttemptRow, second: AttemptRow) -> tuple[AttemptRow, AttemptRow]:
    """The two attempts in the one order: recorded earlier first (ties by id)."""
    a, b = sorted([first, second], key=lambda x: x.order)
    return a, b


def comparison_header(a: AttemptRow, b: AttemptRow) -> tuple[str, str, str, str]:
    """Column titles of a comparison: each attempt by its id (its date is the first row)."""
    return ("", f"Attempt {a.id}", f"Attempt {b.id}", "Change")


def comparison_rows(first: AttemptRow, second: AttemptRow) -> list[tuple[str, str, str, str]]:
    """(figure, earlier, later, change) for the side-by-side comparison."""
    a, b = in_order(first, second)
    return [
        ("Recorded", a.when, b.when, ""),
        ("Score", str(a.score), str(b.score), _delta(a.score, b.score)),
        ("Verdict", VERDICT_LABELS[a.verdict], VERDICT_LABELS[b.verdict], ""),
        (
            "Signals met",
            f"{a.signals_met}/{a.signals_total}",
            f"{b.signals_met}/{b.signals_total}",
            _delta(a.signals_met, b.signals_met),
        ),
        (
            "Fillers/min",
            number(a.fillers_per_min, 1),
            number(b.fillers_per_min, 1),
            _delta(a.fillers_per_min, b.fillers_per_min, 1, better="down"),
        ),
        (PACE_LABEL, number(a.wpm), number(b.wpm), _delta(a.wpm, b.wpm) and _wpm_note(a, b)),
        ("Length", clock(a.duration_s) or "n/a", clock(b.duration_s) or "n/a", ""),
    ]


def _wpm_note(a: AttemptRow, b: AttemptRow) -> str:
    # Faster is not better: only the size of the change is worth showing.
    assert a.wpm is not None and b.wpm is not None
    change = b.wpm - a.wpm
    return f"{'+' if change > 0 else '-'}{abs(change):.0f}"


def signal_pairs(
    older: Report, newer: Report
) -> list[tuple[str, SignalResult | None, SignalResult | None]]:
    """(label, earlier, later) for every signal in either report, in the newer one's order.

    A signal only one of the two reports scored (the question's rubric changed) has None on the
    other side.
    """
    before = {s.id: s for s in older.rubric.signals}
    after = {s.id: s for s in newer.rubric.signals}
    order = list(after) + [i for i in before if i not in after]
    return [((after.get(i) or before[i]).label, before.get(i), after.get(i)) for i in order]
