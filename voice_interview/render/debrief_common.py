"""Words shared by the debrief's renderers: how a signal was earned, how a round ended."""

from __future__ import annotations

from voice_interview.models.debrief import DebriefProbe, RoundDebrief, StoryDebrief
from voice_interview.render.common import clock

EARNED_MARKS = {"unprompted": "✓", "after_probe": "✓ after a probe", "missing": "✗"}
EARNED_STYLES = {"unprompted": "green", "after_probe": "yellow", "missing": "red"}
ENDINGS = {
    "finished": "finished",
    "time_up": "stopped when the time ran out",
    "ended_early": "ended early",
    None: "still open",
}


def headline(debrief: RoundDebrief) -> str:
    """How the round went, in one line: its ending and its time against the plan."""
    return (
        f"{ENDINGS[debrief.ending]}, {clock(debrief.used_s)} of {clock(debrief.planned_s)} "
        f"planned, {sum(1 for t in debrief.turns if t.kind == 'probe')} probes"
    )


def story_line(debrief: RoundDebrief, story: StoryDebrief) -> str:
    """A story's heading: its number, title, value and time."""
    value = f" · {debrief.value_word}: {story.value}" if story.value else ""
    return f"{story.main + 1}. {story.title}{value} · {clock(story.time_s)}"


def probe_result(probe: DebriefProbe) -> str:
    if not probe.answered:
        return "skipped"
    if probe.closed is None:
        return "answered"
    return "answered: the gap closed" if probe.closed else "answered: the gap is still open"
