"""The debrief in Markdown, for notes: the round's report, then the whole conversation."""

from __future__ import annotations

from voice_interview.models.debrief import RoundDebrief, StoryDebrief
from voice_interview.render.common import VERDICT_LABELS, clock, quote, span
from voice_interview.render.debrief_common import EARNED_MARKS, headline, probe_result, story_line


def render_debrief_markdown(debrief: RoundDebrief) -> str:
    vote = VERDICT_LABELS[debrief.verdict]
    out = [
        f"# {debrief.round_title}",
        "",
        f"**{vote}**, score **{debrief.score}/100**; {headline(debrief)}.",
        "",
    ]
    if debrief.fix_first:
        out += ["## Fix first", ""]
        for i, fix in enumerate(debrief.fix_first, 1):
            out.append(f"{i}. **{fix.label}**: {fix.advice} _({fix.why})_")
        out.append("")
    out += ["## Time per phase", "", "| phase | planned | used |", "|---|---|---|"]
    for p in debrief.phases:
        out.append(f"| {p.title} | {clock(p.planned_s)} | {clock(p.used_s)} |")
    out.append("")
    if debrief.dimensions:
        out += ["## Rubric", "", "| dimension | points |", "|---|---|"]
        for d in debrief.dimensions:
            note = " (unprompted only)" if d.independent else ""
            out.append(f"| {d.title}{note} | {d.points:g} / {d.max_points:g} |")
        out.append("")
    if debrief.checklist:
        out += ["## Checklist", ""]
        for phase in dict.fromkeys(i.phase for i in debrief.checklist):
            out.append(f"**{phase}**")
            out.append("")
            for item in (i for i in debrief.checklist if i.phase == phase):
                out.append(f"- {EARNED_MARKS[item.earned]} {item.label}")
            out.append("")
    for story in debrief.stories:
        out += _story(debrief, story)
    out += _notes(debrief)
    out += ["## The conversation", ""]
    for turn in debrief.turns:
        who = "Probe" if turn.kind == "probe" else "Question"
        out.append(f"**{who} ({clock(turn.asked_s)}):** {turn.asked}")
        out.append("")
        if turn.skipped:
            out.append("> _skipped_")
        elif turn.answer is not None:
            out.append(f"> {turn.answer or '(no speech)'}")
        else:
            out.append("> _not answered_")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _story(debrief: RoundDebrief, story: StoryDebrief) -> list[str]:
    verdict = VERDICT_LABELS[story.verdict] if story.answered else "not answered"
    out = [f"## {story_line(debrief, story)}", "", f"**{story.score}/100, {verdict}**", ""]
    for s in story.signals:
        out.append(f"- {EARNED_MARKS[s.earned]} **{s.label}** ({s.strength:.0%})")
        for e in s.evidence[:2]:
            out.append(f"  - {quote(e.text)} _({_where(s.evidence_turn, e.start, e.end)})_")
        if s.advice:
            out.append(f"  - Advice: {s.advice}")
    if story.signals:
        out.append("")
    for probe in story.probes:
        out.append(f"- **Probe (turn {probe.turn + 1}):** {probe.text}")
        out.append(f"  - Why: {probe.why.explanation}")
        out.append(f"  - {probe_result(probe)[:1].upper()}{probe_result(probe)[1:]}")
    for flag in story.red_flags:
        out.append(f"- **Red flag:** {quote(flag.text)} {span(flag.start, flag.end)}".rstrip())
    if story.probes or story.red_flags:
        out.append("")
    return out


def _where(turn: int | None, start: float | None, end: float | None) -> str:
    when = span(start, end)
    answer = f"turn {turn + 1}" if turn is not None else "answer"
    return f"{answer} at {when}" if when else answer


def _notes(debrief: RoundDebrief) -> list[str]:
    out: list[str] = []
    if debrief.coverage:
        out += [f"## {debrief.value_word} coverage", ""]
        for c in debrief.coverage:
            stories = ", ".join(str(i + 1) for i in c.stories)
            out.append(f"- {c.value}: story {stories}, best {VERDICT_LABELS[c.best].lower()}")
        out.append("")
    if debrief.not_reached:
        out += ["## Not reached", ""] + [f"- {t}" for t in debrief.not_reached] + [""]
    if debrief.consistency:
        out += ["## Consistency", ""] + [f"- {c.detail}" for c in debrief.consistency] + [""]
    if debrief.self_check:
        out += ["## Self-check", ""] + [f"- {q}" for q in debrief.self_check] + [""]
    return out
