"""The question picker: questions grouped by company and competency, filtered as you type."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from voice_interview.models.question import Question
from voice_interview.tui.format import target_text
from voice_interview.tui.screens.base import AppScreen, title_bar


def _label(question: Question) -> str:
    parts = [question.title, question.id, question.company, question.role, question.competency]
    return " ".join(parts).lower()


def matches(question: Question, query: str) -> bool:
    """Every word of the query occurs in the question's title, id, company, competency or prompt."""
    haystack = _label(question) + " " + question.prompt.lower()
    return all(word in haystack for word in query.lower().split())


def ranked(questions: Iterable[Question], query: str) -> list[Question]:
    """The matching questions: those matched by their title, company or competency come first,
    then those matched only somewhere in the question text."""
    words = query.lower().split()
    chosen = [q for q in questions if matches(q, query)]
    return sorted(chosen, key=lambda q: not all(w in _label(q) for w in words))


def grouped(questions: Iterable[Question]) -> dict[tuple[str, str], list[Question]]:
    """Questions by (company, competency), groups in order of first appearance."""
    groups: dict[tuple[str, str], list[Question]] = {}
    for question in questions:
        groups.setdefault((question.company, question.competency), []).append(question)
    return groups


def question_options(questions: Sequence[Question]) -> list[Option]:
    """A disabled heading per group, then one option per question with its target time."""
    options: list[Option] = []
    for (company, competency), members in grouped(questions).items():
        heading = Content.assemble((f"{company} · {competency}", "bold $text-accent"))
        options.append(Option(heading, disabled=True))
        for q in members:
            # The target goes first, in a fixed width, so a long title never splits it.
            target = (f"{target_text(q):>10}  ", "$foreground-muted")
            options.append(Option(Content.assemble(target, q.title), id=q.id))
    return options


def describe(question: Question) -> Content:
    """The detail pane: what is asked, what the interviewer listens for, how long to speak."""
    lines: list[str | tuple[str, str]] = [
        (question.title, "bold"),
        "\n",
        (f"{question.company} · {question.competency} · {question.role}", "$foreground-muted"),
        "\n",
        (f"Target: {target_text(question)}", "$text-success"),
        "\n\n",
        question.prompt,
        "\n\n",
        ("What they listen for: ", "bold"),
        question.probing,
    ]
    if question.phases:
        lines += ["\n\n", ("Phases: ", "bold"), ", ".join(p.title for p in question.phases)]
    return Content.assemble(*lines)


class PickerScreen(AppScreen):
    """The home screen. With `recovered`, choosing a question scores that recording instead."""

    BINDINGS = [
        Binding("slash", "focus_filter", "Filter"),
        Binding("f3", "app.history", "History"),
        Binding("f4", "app.settings", "Settings"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("down", "focus_list", "List", show=False),
    ]

    def __init__(self, recovered: Path | None = None) -> None:
        super().__init__()
        self.recovered = recovered
        self._filter = Input(placeholder="Type to filter: company, competency, words…", id="filter")
        self._list = OptionList(id="questions")
        self._detail = Static("", id="question-detail")

    def compose(self) -> ComposeResult:
        yield title_bar("Questions")
        if self.recovered is not None:
            yield Static(
                f"Pick the question that {self.recovered.name} answers; Enter scores it.",
                id="picker-banner",
            )
        with Horizontal(id="picker"):
            with Vertical(id="picker-left"):
                yield self._filter
                yield self._list
            with VerticalScroll(id="picker-right"):
                yield self._detail
        yield Footer()

    def on_mount(self) -> None:
        self._refill("")
        self._filter.focus()

    def on_screen_resume(self) -> None:
        # Back from an answer or a report: the filter has the focus again and the list starts
        # at its first match, so that Down then Enter opens what the filter shows first (not
        # the question opened last, nor the one after it).
        self._refill(self._filter.value)
        self._filter.focus()

    @property
    def shown_ids(self) -> list[str]:
        """Ids of the questions listed now, in order (headings left out)."""
        return [o.id for o in self._list.options if o.id is not None]

    def _refill(self, query: str) -> None:
        chosen = ranked(self.vi_app.services.bank.all(), query)
        self._list.set_options(question_options(chosen))
        if chosen:
            self._list.highlighted = self._list.get_option_index(chosen[0].id)
            self._detail.update(describe(chosen[0]))
        else:
            self._detail.update("No question matches the filter.")

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._refill(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self._open_highlighted()

    @on(OptionList.OptionHighlighted, "#questions")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self._detail.update(describe(self.vi_app.services.bank.get(event.option.id)))

    @on(OptionList.OptionSelected, "#questions")
    def _selected(self) -> None:
        self._open_highlighted()

    def _open_highlighted(self) -> None:
        option = self._list.highlighted_option
        if option is None or option.id is None:
            self.notify("No question matches the filter.", severity="warning")
            return
        question = self.vi_app.services.bank.get(option.id)
        self.vi_app.open_question(question, recovered=self.recovered)

    def action_focus_filter(self) -> None:
        self._filter.focus()

    def action_clear_filter(self) -> None:
        self._filter.value = ""
        self._filter.focus()

    def action_focus_list(self) -> None:
        """Down from the filter: into the list, on its first match."""
        ids = self.shown_ids
        if ids:
            self._list.highlighted = self._list.get_option_index(ids[0])
        self._list.focus()
