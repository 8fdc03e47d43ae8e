"""The report: scorecard with evidence you can play back, fillers in the transcript, pacing.

Selecting a signal plays the moment its evidence was said (the `player` part, in a thread worker)
and underlines it in the transcript; selecting it again plays its next piece of evidence. m and j
export Markdown and JSON to the exports folder. For a kept attempt, e corrects the transcript and
scores it again with the same timings (the report as first scored is kept; o shows it).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, OptionList, Static, TabbedContent, TabPane, Tabs
from textual.widgets.option_list import Option

from voice_interview.errors import VoiceInterviewError
from voice_interview.models.question import Question
from voice_interview.models.report import Evidence, Report, SignalResult
from voice_interview.tui.report_text import (
    filler_summary,
    headline,
    missing_advice,
    pacing_summary,
    signal_detail,
    signal_line,
)
from voice_interview.tui.screens.base import AppScreen, private_dir, title_bar
from voice_interview.tui.screens.correct import TranscriptEditScreen
from voice_interview.tui.widgets.pace_chart import PaceChart
from voice_interview.tui.widgets.transcript_view import TranscriptView

PLAY_PAD_S = 0.4
"""Seconds played before and after a piece of evidence, so its first word is not clipped."""


def export_name(report: Report, suffix: str) -> str:
    return f"{report.question_id}-{report.created_at:%Y%m%d-%H%M%S}.{suffix}"


class ReportScreen(AppScreen):
    """One scored attempt."""

    BINDINGS = [
        Binding("1", "tab('tab-scorecard')", "Scorecard"),
        Binding("2", "tab('tab-fillers')", "Fillers"),
        Binding("3", "tab('tab-pacing')", "Pacing"),
        Binding("m", "export('md')", "Export Markdown"),
        Binding("j", "export('json')", "Export JSON"),
        Binding("e", "correct", "Correct transcript"),
        Binding("o", "original", "As first scored"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(
        self,
        report: Report,
        audio_path: Path | None = None,
        attempt_id: int | None = None,
        *,
        original: bool = False,
    ) -> None:
        """audio_path: where the recording is now, when the history has moved it.
        attempt_id: the kept attempt this report belongs to (its transcript can be corrected).
        original: this is the report as first scored, shown beside a corrected one."""
        super().__init__()
        self.report = report
        self.attempt_id = attempt_id
        self.is_original = original
        self._audio_path = audio_path
        self.played: list[tuple[float, float]] = []
        # Per signal id, which of its timed pieces of evidence Enter plays next.
        self._next_evidence: dict[str, int] = {}
        self._signals = OptionList(*self._signal_options(), id="signals")
        self._detail = Static("", id="signal-detail")
        self._transcript = TranscriptView(id="transcript")
        self._chart = PaceChart(id="pace-chart")

    @property
    def audio_path(self) -> Path | None:
        if self._audio_path is not None:
            return self._audio_path
        audio = self.report.audio
        return Path(audio.path) if audio is not None else None

    def _signal_options(self) -> Iterator[Option]:
        phase = object()
        for i, signal in enumerate(self.report.rubric.signals):
            if signal.phase is not None and signal.phase != phase:
                yield Option(Content.assemble((signal.phase, "bold $text-accent")), disabled=True)
            phase = signal.phase
            yield Option(signal_line(signal), id=f"signal-{i}")

    def compose(self) -> ComposeResult:
        r = self.report
        first = " · as first scored" if self.is_original else ""
        yield title_bar(f"Report · {r.question_title or r.question_id}{first}")
        yield Static(headline(r), id="report-head")
        for note in r.notes:
            yield Static(note, classes="report-note")
        # No `initial`: the first pane is the scorecard anyway, and Tabs then picks its first tab
        # by a query that tolerates the screen being torn down while it mounts (quitting at
        # that instant otherwise raised "No Tab with id" from Tabs._on_mount).
        with TabbedContent(id="report-tabs"):
            with TabPane("Scorecard", id="tab-scorecard"):
                with Horizontal(id="scorecard"):
                    yield self._signals
                    with VerticalScroll(id="signal-pane"):
                        yield self._detail
                        yield Static(missing_advice(r), id="advice")
            with TabPane("Fillers & transcript", id="tab-fillers"):
                yield Static(filler_summary(r), id="filler-summary")
                with VerticalScroll(id="transcript-pane"):
                    yield self._transcript
            with TabPane("Pacing", id="tab-pacing"):
                yield Static(
                    pacing_summary(r, self.vi_app.settings.scoring.pace), id="pace-summary"
                )
                yield self._chart
        yield Footer()

    def on_mount(self) -> None:
        r = self.report
        self._transcript.set_transcript(r.transcript.words, r.delivery.fillers.items)
        pace = r.delivery.pace
        pauses = r.delivery.pauses.items if r.delivery.pauses is not None else []
        config = self.vi_app.settings.scoring.pace
        self._chart.show(
            pace.timeline if pace is not None else [],
            pauses,
            (config.good_min_wpm, config.good_max_wpm),
            pace.window_s if pace is not None else 0.0,
        )
        self._signals.focus()
        first = self._selected_signal()
        if first is not None:
            self._show_signal(first)

    def _selected_signal(self) -> SignalResult | None:
        option = self._signals.highlighted_option
        if option is None or option.id is None:
            return None
        return self.report.rubric.signals[int(option.id.removeprefix("signal-"))]

    def _show_signal(self, signal: SignalResult, playing: Evidence | None = None) -> None:
        playable = self.audio_path is not None
        self._detail.update(signal_detail(signal, playable=playable, playing=playing))
        shown = playing or (signal.evidence[0] if signal.evidence else None)
        self._transcript.show(shown)

    @on(OptionList.OptionHighlighted, "#signals")
    def _highlighted(self) -> None:
        signal = self._selected_signal()
        if signal is not None:
            self._show_signal(signal)

    @on(OptionList.OptionSelected, "#signals")
    def _selected(self) -> None:
        signal = self._selected_signal()
        if signal is not None:
            self.play(signal)

    def play(self, signal: SignalResult) -> None:
        """Play this signal's next piece of evidence from the recording (the first, then on)."""
        path = self.audio_path
        timed = [e for e in signal.evidence if e.start is not None and e.end is not None]
        if not timed:
            self.notify("This signal has no timed evidence to play.", severity="warning")
            return
        if path is None or not path.exists():
            self.notify(
                f"The recording is not available ({path or 'typed answer'}).", severity="warning"
            )
            return
        turn = self._next_evidence.get(signal.id, 0) % len(timed)
        self._next_evidence[signal.id] = turn + 1
        self._show_signal(signal, playing=timed[turn])
        self._play(path, timed[turn])

    def _play(self, path: Path, evidence: Evidence) -> None:
        assert evidence.start is not None and evidence.end is not None
        start = max(0.0, evidence.start - PLAY_PAD_S)
        end = evidence.end + PLAY_PAD_S
        self.played.append((start, end))
        player = self.vi_app.services.player

        def run() -> None:
            player(path, start, end)

        self.run_worker(run, thread=True, group="play", exclusive=True, exit_on_error=False)

    def on_worker_state_changed(self, event: object) -> None:
        from textual.worker import Worker, WorkerState

        assert isinstance(event, Worker.StateChanged)
        if event.worker.group == "play" and event.state == WorkerState.ERROR:
            self.notify(f"Playback failed: {event.worker.error}", severity="error")

    def action_tab(self, tab: str) -> None:
        tabs = self.query_one("#report-tabs", TabbedContent)
        tabs.active = tab
        # Focus must move into the new pane: a focused widget left in the hidden pane would
        # make TabbedContent switch straight back to it.
        target = {"tab-scorecard": "#signals", "tab-fillers": "#transcript-pane"}.get(tab)
        if target is not None:
            self.query_one(target).focus()
        else:
            tabs.query_one(Tabs).focus()

    def action_export(self, kind: str) -> None:
        """Write the report as Markdown ("md") or JSON ("json") to the exports folder."""
        from voice_interview.output import write_atomic

        if kind == "md":
            from voice_interview.render.markdown import render_markdown

            body = render_markdown(self.report)
        else:
            body = self.report.model_dump_json(indent=2)
        folder = self.vi_app.services.exports_dir
        target = folder / export_name(self.report, kind)
        try:
            private_dir(folder)
            write_atomic(target, body)
        except OSError as exc:
            self.notify(
                f"Could not write {target}: {exc.strerror or exc} (free some disk space)",
                severity="error",
                timeout=10,
            )
            return
        self.notify(f"Saved {target}", title="Exported", timeout=8)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "correct":
            return self.attempt_id is not None and self.vi_app.services.corrector is not None
        if action == "original":
            return self.attempt_id is not None and self._corrected()
        return True

    def _corrected(self) -> bool:
        try:
            return self.vi_app.services.history.get(self.attempt_id or 0).corrected
        except (OSError, VoiceInterviewError):
            return False

    def action_correct(self) -> None:
        """Edit the transcript, then score it again with the recording's timings."""
        if self.attempt_id is None or self.vi_app.services.corrector is None:
            return

        def edited(text: str | None) -> None:
            if text is not None and text.split() != self.report.transcript.text.split():
                self._rescore(text)

        self.app.push_screen(TranscriptEditScreen(self.report.transcript.text), edited)

    def _rescore(self, text: str) -> None:
        self.notify("Scoring your corrected transcript…", timeout=4)
        corrector = self.vi_app.services.corrector
        history = self.vi_app.services.history
        question = self._question()
        attempt_id = self.attempt_id
        assert corrector is not None and attempt_id is not None

        def run() -> None:
            try:
                report = corrector(self.report, text, question)
                stored = history.correct(attempt_id, report)
            except (OSError, VoiceInterviewError) as exc:
                self.app.call_from_thread(
                    self.notify,
                    f"Could not score the corrected transcript: {exc}",
                    severity="error",
                )
                return
            self.app.call_from_thread(
                self.app.switch_screen,
                ReportScreen(stored.report, stored.audio_path, attempt_id=stored.id),
            )
            self.app.call_from_thread(
                self.notify,
                "Scored again from your corrected transcript; o shows the report as first scored.",
                timeout=8,
            )

        self.run_worker(run, thread=True, group="correct", exclusive=True, exit_on_error=False)

    def _question(self) -> Question:
        bank = self.vi_app.services.bank
        try:
            return bank.get(self.report.question_id)
        except VoiceInterviewError:
            # A question no longer in the bank: its saved title, scored as a generic story.
            return bank.get("star-story")

    def action_original(self) -> None:
        if self.attempt_id is None:
            return
        try:
            original = self.vi_app.services.history.original(self.attempt_id)
        except (OSError, VoiceInterviewError) as exc:
            self.notify(f"Could not open the report as first scored: {exc}", severity="error")
            return
        if original is not None:
            self.app.push_screen(ReportScreen(original, self.audio_path, original=True))

    def action_back(self) -> None:
        self.dismiss()
