"""The report screen: scorecard, playback of evidence, fillers in the transcript, pacing, export."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from textual.content import Content
from textual.widgets import OptionList, TextArea

from tests.tui.conftest import Kit, wait_for, wait_for_screen
from tests.tui.data import make_report, questions, write_wav
from voice_interview.corrections import TimedSource, score_corrected
from voice_interview.models.question import Question
from voice_interview.models.report import Evidence, Occurrence, Report
from voice_interview.models.transcript import Word
from voice_interview.settings import Settings
from voice_interview.tui.app import VoiceInterviewApp
from voice_interview.tui.screens.correct import TranscriptEditScreen
from voice_interview.tui.screens.report import ReportScreen
from voice_interview.tui.widgets.transcript_view import find_spans, render_transcript


def words(text: str, timed: bool = True) -> list[Word]:
    return [
        Word(text=t, start=float(i) if timed else None, end=i + 0.5 if timed else None)
        for i, t in enumerate(text.split())
    ]


def test_find_spans_uses_time_to_pick_the_right_repeat() -> None:
    ws = words("um I think um we you know shipped, um")
    spans = find_spans(
        ws, [Occurrence(text="um", start=3.0), Occurrence(text="you know", start=5.0)]
    )
    assert spans == [(3, 4), (5, 7)]


def test_find_spans_walks_forward_in_an_untimed_transcript() -> None:
    ws = words("Um, so um, like, um.", timed=False)
    items = [Occurrence(text="um"), Occurrence(text="um"), Occurrence(text="um")]
    assert find_spans(ws, items) == [(0, 1), (2, 3), (4, 5)]


def test_find_spans_skips_what_is_not_in_the_words() -> None:
    assert find_spans(words("we shipped"), [Occurrence(text="uh", start=0.0)]) == []


def test_render_transcript_styles_fillers_and_evidence_with_time_marks() -> None:
    ws = words("So um we fixed it. Then uh it held.")
    content = render_transcript(
        ws,
        [Occurrence(text="um", start=1.0), Occurrence(text="uh", start=6.0)],
        Evidence(text="we fixed it.", start=2.0, end=4.5),
    )
    assert content.plain.startswith("[0:00] So um we fixed it.")
    styled = {content.plain[s.start : s.end]: str(s.style) for s in content.spans}
    assert "warning" in styled["um"] and "warning" in styled["uh"]
    assert "underline" in styled["we"] and "underline" in styled["it."]


def report_app(kit: Kit, audio: bool = True) -> tuple[VoiceInterviewApp, Report]:
    path = kit.tmp / "answer.wav"
    if audio:
        write_wav(path, seconds=2)
    report = make_report(questions()[0], audio_path=path)
    return kit.app(), report


async def test_scorecard_lists_signals_with_evidence_and_advice(kit: Kit) -> None:
    app, report = report_app(kit)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_report(report)
        screen = await wait_for_screen(pilot, ReportScreen)
        head = str(screen.query_one("#report-head").render())
        assert "Meets the bar  72/100" in head and "2 of 3 signals met" in head
        assert "5:12 against a target of 5:00-7:00: on target" in head
        options = [str(o.prompt) for o in screen.query_one("#signals", OptionList).options]
        assert options[0].startswith(" ✓ Shows ownership") and options[2].startswith(
            " ✗ Quantifies"
        )
        detail = str(screen.query_one("#signal-detail").render())
        assert "I checked the logs myself." in detail and "Enter plays" in detail
        advice = str(screen.query_one("#advice").render())
        assert "Quantifies the result: End with the number that moved" in advice
        await pilot.press("down", "down")
        detail = str(screen.query_one("#signal-detail").render())
        assert "Advice: End with the number" in detail


async def test_enter_plays_the_evidence_moment(kit: Kit) -> None:
    app, report = report_app(kit)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_report(report)
        await wait_for_screen(pilot, ReportScreen)
        await pilot.press("enter")
        await wait_for(pilot, kit.player.done.is_set)
        evidence = report.rubric.signals[0].evidence[0]
        assert evidence.start is not None and evidence.end is not None
        path, start, end = kit.player.played[0]
        assert path == Path(report.audio.path)  # type: ignore[union-attr]
        assert (start, end) == (evidence.start - 0.4, evidence.end + 0.4)
        await pilot.press("down", "down", "enter")  # a missing signal has nothing to play
        await wait_for(
            pilot, lambda: any("no timed evidence" in n.message for n in app._notifications)
        )
        assert len(kit.player.played) == 1


async def test_missing_recording_is_said_not_played(kit: Kit) -> None:
    app, report = report_app(kit, audio=False)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_report(report)
        await wait_for_screen(pilot, ReportScreen)
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: any("recording is not available" in n.message for n in app._notifications),
        )
        assert kit.player.played == []


async def test_fillers_and_pacing_tabs(kit: Kit) -> None:
    app, report = report_app(kit)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_report(report)
        screen = await wait_for_screen(pilot, ReportScreen)
        await pilot.press("2")
        summary = str(screen.query_one("#filler-summary").render())
        assert "Fillers 4  (1.2/min, 5.7 per 100 words)  good" in summary
        assert "um ×1" in summary and "you know ×1" in summary and "A lower bound" in summary
        transcript = screen.query_one("#transcript").render()
        assert isinstance(transcript, Content)
        highlighted = {
            transcript.plain[s.start : s.end] for s in transcript.spans if "warning" in str(s.style)
        }
        assert {"um", "Uh", "like", "you", "know,"} <= highlighted
        await pilot.press("3")
        pace = str(screen.query_one("#pace-summary").render())
        assert "Pace 138 words/min from your first word to your last: good (120-165)" in pace
        assert "Speaking-time rate" in pace and "pauses left out" in pace
        assert "whole-recording rate" in pace and "Rushing 1:40-2:20 (186 words/min)" in pace
        assert "wpm" not in pace
        assert "Long pauses 1" in pace and "3.2 s mid-sentence" in pace
        chart = screen.query_one("#pace-chart")
        assert chart.display and chart.size.height > 0


async def test_export_markdown_and_json_to_the_exports_folder(kit: Kit) -> None:
    app, report = report_app(kit)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_report(report)
        await wait_for_screen(pilot, ReportScreen)
        await pilot.press("m", "j")
        exports = kit.data_dir / "exports"
        md = exports / "amazon-ownership-drop-20250314-093000.md"
        js = exports / "amazon-ownership-drop-20250314-093000.json"
        assert md.read_text().startswith("# Offline gain, online loss")
        assert Report.model_validate(json.loads(js.read_text())) == report
        messages = [n.message for n in app._notifications]
        assert f"Saved {md}" in messages and f"Saved {js}" in messages


async def test_export_failure_is_shown(kit: Kit) -> None:
    app, report = report_app(kit)
    (kit.data_dir / "exports").write_text("a file where the folder should be")
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_report(report)
        await wait_for_screen(pilot, ReportScreen)
        await pilot.press("m")
        assert any("Could not write" in n.message for n in app._notifications)


async def test_enter_again_plays_the_next_piece_of_evidence(kit: Kit) -> None:
    app, report = report_app(kit)
    first = report.rubric.signals[0]
    later = Evidence(text="I wrote the runbook.", start=40.0, end=41.5)
    signals = [first.model_copy(update={"evidence": [*first.evidence, later]})]
    report = report.model_copy(
        update={"rubric": report.rubric.model_copy(update={"signals": signals})}
    )
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_report(report)
        screen = await wait_for_screen(pilot, ReportScreen)
        assert "one each time you press it" in str(screen.query_one("#signal-detail").render())
        for _ in range(3):
            kit.player.done.clear()
            await pilot.press("enter")
            await wait_for(pilot, kit.player.done.is_set)
        opening = first.evidence[0].start
        assert opening is not None
        starts = [round(start, 3) for _, start, _ in kit.player.played]
        assert starts == [round(opening - 0.4, 3), 39.6, round(opening - 0.4, 3)]
        detail = str(screen.query_one("#signal-detail").render())
        assert "▶ [" in detail and detail.index("▶") < detail.index("I checked the logs")


# Correcting the transcript of a kept attempt ------------------------------------------------------


def timings_only(report: Report, corrected_text: str, question: Question) -> Report:
    """The real corrected-transcript scoring, with the word gaps for pauses (no Silero here)."""
    source = TimedSource(
        words=list(report.transcript.words),
        audio=report.audio,
        speech=[],
        audio_fillers=[],
        detector="transcript",
        model=report.transcript.model,
    )
    return score_corrected(source, corrected_text, question, Settings())


async def test_correct_a_kept_transcript_and_see_both_reports(kit: Kit) -> None:
    first = make_report(questions()[0])
    attempt = kit.history.seed([first]).list()[0]
    app = kit.app(corrector=timings_only)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_report(attempt.report, attempt_id=attempt.id)
        screen = await wait_for_screen(pilot, ReportScreen)
        await pilot.press("e")
        editor = await wait_for_screen(pilot, TranscriptEditScreen)
        area = editor.query_one(TextArea)
        assert area.text == first.transcript.text
        area.text = area.text.replace("model", "ranking model", 1)
        await pilot.press("ctrl+s")
        await wait_for(
            pilot, lambda: isinstance(app.screen, ReportScreen) and app.screen is not screen
        )
        corrected = app.screen
        assert isinstance(corrected, ReportScreen)
        assert "ranking model" in corrected.report.transcript.text
    stored = kit.history.get(attempt.id)
    assert stored.corrected and "ranking model" in stored.report.transcript.text
    assert kit.history.original(attempt.id) == attempt.report
    kept = {(w.start, w.end) for w in stored.report.transcript.words}
    assert {(w.start, w.end) for w in first.transcript.words} <= kept  # the timings stayed


async def test_a_report_outside_the_history_cannot_be_corrected(kit: Kit) -> None:
    app, report = report_app(kit)
    app.services = replace(app.services, corrector=timings_only)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_report(report)
        screen = await wait_for_screen(pilot, ReportScreen)
        await pilot.press("e")
        await pilot.pause()
        assert app.screen is screen  # nothing to keep a correction in


async def test_a_typed_answer_shows_no_timing_figures(kit: Kit) -> None:
    from voice_interview.pipeline import score_text

    report = score_text(
        "I owned the rollback and cut the error rate from 4% to 1% in a week.",
        questions()[0],
        settings=Settings(),
    )
    app = kit.app()
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_report(report)
        screen = await wait_for_screen(pilot, ReportScreen)
        head = str(screen.query_one("#report-head").render())
        await pilot.press("2")
        fillers = str(screen.query_one("#filler-summary").render())
        await pilot.press("3")
        pace = str(screen.query_one("#pace-summary").render())
    shown = head + fillers + pace
    for absent in ("n/a", "wpm", "/min", "lower bound"):
        assert absent not in shown, absent
    assert "No pace for a typed answer" in pace
