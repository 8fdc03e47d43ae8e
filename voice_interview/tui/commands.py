"""Command palette entries (Ctrl+P): the main actions, and "Practise: <title>" for each question."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from voice_interview.tui.app import VoiceInterviewApp

Command = tuple[str, Callable[[], object], str]


class PracticeCommands(Provider):
    """Navigation, the current screen's own actions, and every question by title."""

    def _commands(self) -> Iterator[Command]:
        app = cast("VoiceInterviewApp", self.app)
        yield ("Questions", app.action_questions, "Pick a question to practise")
        yield ("History", app.action_history, "Past attempts, comparisons and trend")
        if app.parts.rounds is not None:
            yield (
                "Rounds",
                app.action_rounds,
                "Mock interview rounds, with follow-ups and a debrief",
            )
        yield ("Settings", app.action_settings, "Input device, voice, speaking rate, model")
        yield ("Help", app.action_help, "Every key binding")
        # Screens offer their own commands (export, repeat question...) through palette_commands.
        extra = getattr(self.screen, "palette_commands", None)
        if callable(extra):
            yield from extra()

    def _questions(self) -> Iterator[Command]:
        app = cast("VoiceInterviewApp", self.app)
        for question in app.parts.bank.all():
            help_text = f"{question.company} · {question.competency}"
            yield (f"Practise: {question.title}", partial(app.open_question, question), help_text)

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in [*self._commands(), *self._questions()]:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
