"""The rounds: pick a mock interview round, resume one left open, or reread a past debrief.

Rounds that draw their stories from a pool draw a new set each day (the day is the seed; n draws
another set), so a daily drill is not the same story every time; the plan on the right shows
what today's draw asks.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from voice_interview.core.rounds.plan import make_plan
from voice_interview.errors import VoiceInterviewError
from voice_interview.models.round import Round
from voice_interview.render.common import VERDICT_LABELS
from voice_interview.round_history import KeptRound
from voice_interview.tui.format import clock
from voice_interview.tui.round_services import RoundServices, RoundSession
from voice_interview.tui.screens.base import AppScreen, title_bar
from voice_interview.tui.screens.debrief import DebriefScreen
from voice_interview.tui.screens.round import RoundScreen

PAST_SHOWN = 20
"""Past rounds listed, newest first (all of them: voice-interview history --rounds)."""


def describe_round(round_: Round, services: RoundServices, seed: int) -> Content:
    plan = make_plan(round_, services.book.questions, seed)
    lines: list[str | tuple[str, str]] = [
        (round_.title, "bold"),
        "\n",
        (f"{round_.company} · {round_.minutes:g} minutes", "$foreground-muted"),
        "\n\n",
        round_.description,
        "\n\n",
        ("Phases: ", "bold"),
        ", ".join(
            f"{p.title} {clock(p.start_min * 60)}-{clock(p.end_min * 60)}" for p in round_.phases
        ),
        "\n\n",
        (
            "Main questions (today's draw):"
            if any(i.pool for i in round_.main)
            else "Main questions:",
            "bold",
        ),
    ]
    for main in plan:
        lines += ["\n", f"  {clock(main.slot_start_s)}  {main.title}"]
    lines += [
        "\n\n",
        (
            f"Up to {round_.limits.per_story} follow-ups after each main question.",
            "$foreground-muted",
        ),
    ]
    return Content.assemble(*lines)


def describe_kept(kept: KeptRound) -> Content:
    state = kept.state
    answered = sum(1 for a in state.answers if not a.skipped)
    lines: list[str | tuple[str, str]] = [
        (f"{kept.key} · {kept.round_id}", "bold"),
        "\n",
        (f"Started {kept.started_at.astimezone():%Y-%m-%d %H:%M}", "$foreground-muted"),
        "\n\n",
        f"{answered} answers, {clock(state.clock_s)} on the round's clock.",
    ]
    if kept.status == "open":
        lines += ["\n\n", "Enter resumes it where it stopped; d scores it as it stands."]
    elif kept.score is not None and kept.verdict in VERDICT_LABELS:
        lines += [
            "\n\n",
            f"Score {kept.score}/100, {VERDICT_LABELS[kept.verdict]}. Enter opens its debrief.",
        ]
    return Content.assemble(*lines)


class RoundsScreen(AppScreen):
    BINDINGS = [
        Binding("n", "another_draw", "Other stories"),
        Binding("d", "score_open", "Score as it stands"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.seed = date.today().toordinal()
        self._list = OptionList(id="rounds-list")
        self._detail = Static("", id="rounds-detail")
        self._kept: dict[str, KeptRound] = {}

    @property
    def services(self) -> RoundServices:
        services = self.vi_app.services.rounds
        assert services is not None
        return services

    def compose(self) -> ComposeResult:
        yield title_bar("Rounds")
        with Horizontal(id="rounds"):
            yield self._list
            with VerticalScroll(id="rounds-right"):
                yield self._detail
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.refill()
        self._list.focus()

    def refill(self) -> None:
        options: list[Option] = [
            Option(Content.assemble(("Rounds", "bold $text-accent")), disabled=True)
        ]
        for r in self.services.book:
            options.append(Option(f"{r.title}", id=f"round:{r.id}"))
        kept = list(self.services.store.list())
        self._kept = {k.key: k for k in kept}
        open_rounds = [k for k in reversed(kept) if k.status == "open"]
        if open_rounds:
            options.append(
                Option(Content.assemble(("Left open: resume", "bold $text-warning")), disabled=True)
            )
            for k in open_rounds:
                options.append(Option(f"{k.key} · {self._title(k)}", id=f"open:{k.key}"))
        past = [k for k in reversed(kept) if k.status != "open"][:PAST_SHOWN]
        if past:
            options.append(
                Option(Content.assemble(("Past rounds", "bold $text-accent")), disabled=True)
            )
            for k in past:
                score = f"{k.score}/100" if k.score is not None else ""
                options.append(Option(f"{k.key} · {self._title(k)} · {score}", id=f"past:{k.key}"))
        self._list.set_options(options)
        self._list.highlighted = 1
        self._show(options[1].id)

    def _title(self, kept: KeptRound) -> str:
        return (
            self.services.book.get(kept.round_id).title
            if kept.round_id in self.services.book
            else kept.round_id
        )

    def _show(self, option_id: str | None) -> None:
        if option_id is None:
            return
        kind, _, name = option_id.partition(":")
        if kind == "round":
            round_ = self.services.book.get(name)
            self._detail.update(describe_round(round_, self.services, self.seed))
        else:
            self._detail.update(describe_kept(self._kept[name]))

    @on(OptionList.OptionHighlighted, "#rounds-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option.id)

    @on(OptionList.OptionSelected, "#rounds-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id
        if option_id is None:
            return
        kind, _, name = option_id.partition(":")
        try:
            if kind == "round":
                session = RoundSession.start(self.services, name, self.seed)
                self.app.push_screen(RoundScreen(session))
            elif kind == "open":
                self._resume(self._kept[name])
            else:
                kept = self.services.store.get(name)
                if kept.debrief is not None:
                    self.app.push_screen(DebriefScreen(kept.debrief, kept.key))
        except (OSError, VoiceInterviewError) as exc:
            self.notify(f"Could not open the round: {exc}", severity="error", timeout=10)

    def _resume(self, kept: KeptRound) -> None:
        session = RoundSession.resume(self.services, kept)
        self.app.push_screen(RoundScreen(session, recovered=self._leftover(session)))

    def _leftover(self, session: RoundSession) -> Path | None:
        """The answer that was being recorded when the round stopped, if it holds audio."""
        turn = session.turn
        if turn is None:
            return None
        recover = self.vi_app.services.recover
        if recover is not None:
            recover(session.kept.folder)  # repairs a recording a crash cut off
        path = session.recording_path(turn)
        return path if path.exists() and path.stat().st_size > 44 + 3200 else None

    def on_screen_resume(self) -> None:
        self.refill()

    def action_another_draw(self) -> None:
        self.seed += 1
        self._show(self._list.highlighted_option.id if self._list.highlighted_option else None)
        self.notify("Another draw of stories for the rounds that pick them.")

    def action_score_open(self) -> None:
        option = self._list.highlighted_option
        if option is None or option.id is None or not option.id.startswith("open:"):
            self.notify("Highlight a round left open to score it as it stands.")
            return
        session = RoundSession.resume(self.services, self._kept[option.id.partition(":")[2]])
        session.end()
        debrief = session.debrief(self.vi_app.settings.scoring.rubric)
        self.app.push_screen(DebriefScreen(debrief, session.kept.key))

    def action_back(self) -> None:
        self.dismiss()
