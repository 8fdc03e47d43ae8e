"""Command palette entries (Ctrl+P): where to go, what the current screen can do, and every
question, found by its title, id, company or competency.

The screen's actions come from its own key bindings (those enabled now), so the palette offers
exactly what the footer and the help screen list, and a new key needs no second declaration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from voice_interview.tui.screens.help import key_name

if TYPE_CHECKING:
    from voice_interview.tui.app import VoiceInterviewApp

Command = tuple[str, Callable[[], object], str]


class PracticeCommands(Provider):
    """Navigation, the current screen's own actions, and every question."""

    def _commands(self) -> Iterator[Command]:
        app = cast("VoiceInterviewApp", self.app)
        yield ("Questions", app.action_questions, "F2 · pick a question to practise")
        yield ("History", app.action_history, "F3 · past attempts, comparisons and trend")
        if app.services.rounds is not None:
            yield ("Rounds", app.action_rounds, "F5 · mock interview rounds, with a debrief")
        yield ("Settings", app.action_settings, "F4 · devices, voice, speaking rate, model")
        yield ("Help", app.action_help, "F1 · every key")
        yield from self._screen_actions()
        # Screens offer their own commands (export, repeat question...) through palette_commands.
        extra = getattr(self.screen, "palette_commands", None)
        if callable(extra):
            yield from extra()

    def _screen_actions(self) -> Iterator[Command]:
        """The enabled key bindings of the screen the palette was opened over."""
        seen: set[str] = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if active.node is self.app or not active.enabled or not binding.description:
                continue  # the app's own keys are the navigation above
            if binding.description in seen:
                continue
            seen.add(binding.description)
            run = partial(self.app.run_action, binding.action, active.node)
            yield (binding.description, run, f"{key_name(key)} on this screen")

    def _questions(self) -> Iterator[tuple[Command, str]]:
        app = cast("VoiceInterviewApp", self.app)
        for question in app.services.bank.all():
            help_text = f"{question.company} · {question.competency} · {question.id}"
            command = (
                f"Practise: {question.title}",
                partial(app.open_question, question),
                help_text,
            )
            yield (
                command,
                f"{question.title} {question.id} {question.company} {question.competency}",
            )

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
        for (name, callback, help_text), searched in self._questions():
            # Found by its title, id, company or competency; the title is what is shown.
            score = max(matcher.match(name), matcher.match(searched))
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
