"""The report's panels as styled text: headline, one signal, advice, fillers, pacing.

Pure functions of a Report, so the report and compare screens share them and tests can read them.
"""

from __future__ import annotations

from textual.content import Content

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
from voice_interview.models.report import Evidence, Report, SignalResult
from voice_interview.render.common import (
    VERDICT_LABELS,
    flag_groups,
    misheard_text,
    number,
    quote,
    span,
    verdict_lines,
)
from voice_interview.render.common import clock as stamp
from voice_interview.render.common import target_text as length_text

_VERDICT_STYLE = {
    "raises_the_bar": "bold $text-success",
    "meets": "bold $text-primary",
    "below_the_bar": "bold $text-error",
}
_BAND_STYLE = {"good": "$text-success", "watch": "$text-warning", "flag": "$text-error"}

Pieces = list[str | tuple[str, str]]


def headline(report: Report) -> Content:
    """Verdict, score and signals met; why the verdict was lowered (red flags, length) and what
    to expand or cut; length against the target; every red flag with its quote and time."""
    r = report.rubric
    met = sum(1 for s in r.signals if s.met)
    parts: Pieces = [
        (f"{VERDICT_LABELS[r.verdict]}  {r.score}/100", _VERDICT_STYLE[r.verdict]),
        f"   {met} of {len(r.signals)} signals met",
    ]
    for line in verdict_lines(report):
        parts += ["\n", (line, "$text-warning")]
    if report.timing is not None or r.length is not None:  # typed: its estimated speaking time
        parts += ["\n", (f"Length {length_text(report)}", "$foreground-muted")]
    else:
        parts += ["\n", ("Typed answer: no recording, so no length or pace", "$foreground-muted")]
    for flag, count in flag_groups(r.red_flags):
        when = span(flag.start, flag.end)
        parts += ["\n", ("⚑ ", "$text-error"), (flag.label, "bold"), f": {quote(flag.text, 90)}"]
        parts.append((f" {when}" if when else "", "dim"))
        parts.append(f" (and {count - 1} more)" if count > 1 else "")
    return Content.assemble(*parts)


def signal_line(signal: SignalResult) -> Content:
    mark, style = ("✓", "$text-success") if signal.met else ("✗", "$text-error")
    return Content.assemble((f" {mark} ", style), signal.label, (f"  {signal.strength:.0%}", "dim"))


def signal_detail(signal: SignalResult, playable: bool, playing: Evidence | None = None) -> Content:
    """What was found and when, why the scorer decided so, and the advice when missing.

    `playing` is the piece of evidence being played back, marked with ▶.
    """
    parts: Pieces = [(signal.label, "bold"), "\n"]
    state = "met" if signal.met else "missing"
    parts += [(f"{state}, strength {signal.strength:.0%}", "$foreground-muted"), "\n"]
    if signal.detail:
        parts += [signal.detail, "\n"]
    if signal.evidence:
        parts += ["\n", ("Evidence", "bold"), "\n"]
        for ev in signal.evidence:
            when = span(ev.start, ev.end)
            parts += [("▶ " if ev == playing else "", "bold $text-accent")]
            parts += [(f"[{when}] " if when else "", "$text-accent"), quote(ev.text), "\n"]
        timed = sum(ev.start is not None and ev.end is not None for ev in signal.evidence)
        if playable and timed == 1:
            parts += [("Enter plays this moment of your answer.", "$foreground-muted"), "\n"]
        elif playable and timed > 1:
            hint = "Enter plays these moments of your answer, one each time you press it."
            parts += [(hint, "$foreground-muted"), "\n"]
    if signal.maybe_misheard:
        parts += ["\n", (misheard_text(signal.maybe_misheard), "$text-warning"), "\n"]
    if signal.advice and not signal.met:
        parts += ["\n", ("Advice: ", "bold $text-warning"), signal.advice, "\n"]
    return Content.assemble(*parts)


def missing_advice(report: Report) -> Content:
    missing = [s for s in report.rubric.signals if not s.met and s.advice]
    parts: Pieces = [("What to add next time", "bold"), "\n"]
    if not missing:
        parts = [("Every signal was found.", "$text-success")]
    for s in missing:
        parts += [("• ", "$text-warning"), (s.label, "bold"), f": {s.advice}", "\n"]
    flags = {f.id: f for f in report.rubric.red_flags}
    if flags:
        parts += ["\n", ("Red flags to avoid", "bold $text-error"), "\n"]
        for flag in flags.values():
            parts += [("• ", "$text-error"), (flag.label, "bold")]
            parts += [f": {flag.advice}" if flag.advice else "", "\n"]
    return Content.assemble(*parts)


def filler_summary(report: Report) -> Content:
    """Count, rate and band; by word; and whether the count is only a lower bound."""
    f = report.delivery.fillers
    rate = f"{f.per_minute:.1f}/min, " if f.per_minute is not None else ""
    parts: Pieces = [
        ("Fillers ", "bold"),
        f"{f.count}  ({rate}{f.per_100_words:.1f} per 100 words)  ",
    ]
    if f.band:
        parts.append((f.band, _BAND_STYLE[f.band]))
    if f.by_word:
        ranked = sorted(f.by_word.items(), key=lambda kv: (-kv[1], kv[0]))
        parts += [
            "\n",
            ("By word: ", "$foreground-muted"),
            ", ".join(f"{w} ×{n}" for w, n in ranked),
        ]
    if f.lower_bound and report.audio is not None:
        parts += [
            "\n",
            ("A lower bound: ", "$text-warning"),
            "the transcript leaves out most um and uh, so you likely said more.",
        ]
    d = report.delivery
    parts += ["\n", f"Hedges {d.hedges.count} · repeated words {d.repeated_words.count}"]
    return Content.assemble(*parts)


def pacing_summary(report: Report, config: PaceConfig | None = None) -> Content:
    """The pace, named and banded as everywhere, the other two rates labelled, fast or slow
    stretches, long pauses, and length against target. A typed answer has none of them."""
    d = report.delivery
    if d.wpm is None:
        return Content.assemble(
            ("No pace for a typed answer: ", "bold"),
            f"{d.word_count} words, with no recording to time.",
        )
    parts: Pieces = [(f"{PACE_LABEL} ", "bold"), f"{d.wpm:.0f} {PACE_UNIT} {PACE_MEANING}"]
    if d.pace_band:
        band = band_words(d.wpm, d.pace_band, config or PaceConfig())
        parts += [": ", (band, _BAND_STYLE[d.pace_band])]
    parts += [
        "\n",
        (
            f"{ARTICULATION_LABEL} {number(d.articulation_wpm)} ({ARTICULATION_MEANING}) · "
            f"{OVERALL_LABEL.lower()} {number(d.wpm_overall)} ({OVERALL_MEANING})",
            "$foreground-muted",
        ),
    ]
    parts += ["\n", ("Length ", "bold"), length_text(report)]
    if report.timing is not None and report.timing.time_to_first_word_s is not None:
        parts.append(f" · first word after {report.timing.time_to_first_word_s:.1f} s")
    if d.pace is not None and d.pace.stretches:
        for st in d.pace.stretches:
            parts += ["\n", (st.kind.capitalize(), "$text-warning")]
            parts.append(f" {span(st.start, st.end)} ({st.mean_wpm:.0f} {PACE_UNIT})")
    if d.pauses is not None:
        p = d.pauses
        parts += ["\n", ("Long pauses ", "bold"), str(p.long_count)]
        if p.long_count:
            parts.append(" (red lines on the chart)")
        if p.items:
            listed = ", ".join(
                f"{stamp(x.start)} {x.duration_s:.1f} s{' mid-sentence' if x.mid_sentence else ''}"
                for x in p.items[:6]
            )
            more = f" and {len(p.items) - 6} more" if len(p.items) > 6 else ""
            parts.append(f": {listed}{more}")
    return Content.assemble(*parts)
