"""A Markdown report, for saving next to a recording or pasting into notes."""

from __future__ import annotations

from voice_interview.core.pacing import (
    ARTICULATION_LABEL,
    ARTICULATION_MEANING,
    OVERALL_LABEL,
    OVERALL_MEANING,
    PACE_LABEL,
    PACE_MEANING,
    PACE_UNIT,
    band_words,
)
from voice_interview.models.config import PaceConfig
from voice_interview.models.report import Report
from voice_interview.render.common import (
    VERDICT_LABELS,
    clock,
    flag_groups,
    flag_line,
    misheard_text,
    number,
    quote,
    span,
    target_text,
    verdict_lines,
)


def render_markdown(report: Report, pace_config: PaceConfig | None = None) -> str:
    """The report as Markdown; `pace_config` gives the pace bands' ranges (the defaults if None)."""
    r = report.rubric
    d = report.delivery
    out: list[str] = [
        f"# {report.question_title or report.question_id}",
        "",
        f"**{VERDICT_LABELS[r.verdict]}**, score **{r.score}/100**  ",
        *(f"{line}  " for line in verdict_lines(report)),
        f"{'Recording' if report.audio is not None else 'Typed answer'}: `{report.source}`"
        + ("  " if report.timing is not None or r.length is not None else ""),
    ]
    if report.timing is not None or r.length is not None:  # typed: its estimated speaking time
        out.append(f"Length: {target_text(report)}")
    out.append("")
    if r.red_flags:
        out += ["**Red flags**", ""]
        out += [f"- {flag_line(flag, count, 160)}" for flag, count in flag_groups(r.red_flags)]
        out.append("")
    out += [f"> {note}" for note in report.notes]
    out += ["", "## Scorecard", ""]
    for s in r.signals:
        mark = "met" if s.met else "missing"
        phase = f" ({s.phase})" if s.phase else ""
        out.append(f"### {'✅' if s.met else '❌'} {s.label}{phase}: {mark}, {s.strength:.0%}")
        if s.detail:
            out.append(f"{s.detail}")
        for e in s.evidence:
            when = span(e.start, e.end)
            out.append(f"- {quote(e.text)}" + (f" _at {when}_" if when else ""))
        if s.maybe_misheard:
            out.append(f"\n_{misheard_text(s.maybe_misheard)}_")
        if s.advice:
            out.append(f"\n**Advice:** {s.advice}")
        out.append("")
    f = d.fillers
    out += ["## Delivery", "", f"- Words: {d.word_count}"]
    if d.wpm is not None:  # a typed answer has no pace: nothing to show, not "n/a"
        band = band_words(d.wpm, d.pace_band, pace_config or PaceConfig())
        out += [
            f"- {PACE_LABEL}: {d.wpm:.0f} {PACE_UNIT} {PACE_MEANING}"
            + (f", {band}" if band else ""),
            f"- {ARTICULATION_LABEL}: {number(d.articulation_wpm)} {PACE_UNIT} "
            f"({ARTICULATION_MEANING}); {OVERALL_LABEL.lower()}: {number(d.wpm_overall)} "
            f"({OVERALL_MEANING})",
        ]
    rate = f"{f.per_minute:.1f} per minute, " if f.per_minute is not None else ""
    detector = f", detector: {f.detector}" if report.audio is not None else ""
    out.append(
        f"- Fillers: {f.count} ({rate}{f.per_100_words:.1f} per 100 words){detector}"
        + (", a lower bound" if f.lower_bound and report.audio is not None else "")
    )
    if f.by_word:
        out.append("- By word: " + ", ".join(f"{w} {n}" for w, n in f.by_word.items()))
    if d.pauses is not None:
        p = d.pauses
        out.append(
            f"- Pauses: {p.count} of {p.min_pause_s:g} s or more; {p.long_count} long "
            f"(>= {p.long_pause_s:g} s), {p.mid_sentence_long_count} of them mid-sentence"
        )
        for pause in p.items:
            where = "mid-sentence" if pause.mid_sentence else "between sentences"
            out.append(f"  - {clock(pause.start)}: {pause.duration_s:.1f} s, {where}")
    if d.pace is not None:
        for st in d.pace.stretches:
            out.append(
                f"- {st.kind.capitalize()} {span(st.start, st.end)} ({st.mean_wpm:.0f} {PACE_UNIT})"
            )
    out.append(f"- Hedges: {d.hedges.count}; repeated words: {d.repeated_words.count}")
    out += ["", "## Transcript", "", report.transcript.text or "_(no speech)_", ""]
    return "\n".join(out)
