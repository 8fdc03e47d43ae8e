"""Correcting a transcript: the words in an editable text area; Ctrl+S scores them again."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static, TextArea

from voice_interview.tui.screens.base import AppModal


class TranscriptEditScreen(AppModal):
    """Dismisses with the edited text (Ctrl+S), or None (Escape)."""

    BINDINGS = [
        Binding("ctrl+s", "done", "Score again"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, text: str) -> None:
        super().__init__()
        self._area = TextArea(text, id="correct-text", soft_wrap=True, show_line_numbers=False)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="correct-box"):
            yield Static("Correct the transcript", id="correct-title")
            yield Static(
                "Change the words the transcriber got wrong. The words you keep keep their "
                "times in the recording; changed ones take the time of the words they replace. "
                "Ctrl+S scores it again (the report as first scored is kept); Escape cancels.",
                classes="note",
            )
            yield self._area

    def on_mount(self) -> None:
        self._area.focus()

    def action_done(self) -> None:
        self.dismiss(self._area.text)

    def action_cancel(self) -> None:
        self.dismiss(None)
