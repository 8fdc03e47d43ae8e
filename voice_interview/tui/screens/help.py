"""Every key binding, gathered from the screens' own BINDINGS so the list cannot go stale."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from voice_interview.tui.screens.base import AppModal


def binding_rows(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """(keys, what they do) for each key, merging actions that share a key ("Pause / Resume")."""
    rows: dict[str, list[str]] = {}
    for item in bindings:
        if not isinstance(item, Binding) or not item.description:
            continue
        keys = ", ".join(key_name(k) for k in item.key.split(","))
        if item.description not in rows.setdefault(keys, []):
            rows[keys].append(item.description)
    return [(keys, " / ".join(descriptions)) for keys, descriptions in rows.items()]


def key_name(key: str) -> str:
    """A key as a person reads it: "Space", "Ctrl+S", "F4"."""
    names = {"space": "Space", "escape": "Esc", "enter": "Enter", "slash": "/", "down": "↓"}
    if key in names:
        return names[key]
    if key.startswith("ctrl+"):
        return "Ctrl+" + key.removeprefix("ctrl+").upper()
    return key.upper() if key.startswith("f") and key[1:].isdigit() else key


def help_sections() -> list[tuple[str, list[tuple[str, str]]]]:
    # Imported here: the app module imports this one, and these screens import nothing back.
    from voice_interview.tui.app import VoiceInterviewApp
    from voice_interview.tui.screens.answer import AnswerScreen
    from voice_interview.tui.screens.correct import TranscriptEditScreen
    from voice_interview.tui.screens.debrief import DebriefScreen
    from voice_interview.tui.screens.history import HistoryScreen
    from voice_interview.tui.screens.picker import PickerScreen
    from voice_interview.tui.screens.report import ReportScreen
    from voice_interview.tui.screens.round import RoundScreen
    from voice_interview.tui.screens.rounds import RoundsScreen
    from voice_interview.tui.screens.scoring import ScoringScreen
    from voice_interview.tui.screens.settings import SettingsScreen

    everywhere = binding_rows(VoiceInterviewApp.BINDINGS) + [("Ctrl+P", "Command palette")]
    return [
        ("Everywhere", everywhere),
        ("Questions", binding_rows(PickerScreen.BINDINGS) + [("Enter", "Practise the question")]),
        ("Answer", binding_rows(AnswerScreen.BINDINGS)),
        ("Scoring", binding_rows(ScoringScreen.BINDINGS)),
        ("Report", binding_rows(ReportScreen.BINDINGS) + [("Enter", "Play the signal's evidence")]),
        ("Correcting a transcript", binding_rows(TranscriptEditScreen.BINDINGS)),
        ("History", binding_rows(HistoryScreen.BINDINGS)),
        ("Rounds", binding_rows(RoundsScreen.BINDINGS) + [("Enter", "Start, resume or reread")]),
        ("In a round", binding_rows(RoundScreen.BINDINGS)),
        ("Debrief", binding_rows(DebriefScreen.BINDINGS)),
        ("Settings", binding_rows(SettingsScreen.BINDINGS)),
    ]


def render_help() -> Content:
    lines: list[Content] = []
    for title, rows in help_sections():
        lines.append(Content.assemble((title, "bold $text-accent")))
        width = max((len(k) for k, _ in rows), default=0)
        for keys, what in rows:
            lines.append(Content.assemble("  ", (keys.ljust(width), "bold"), "  ", what))
        lines.append(Content(""))
    return Content("\n").join(lines)


class HelpScreen(AppModal):
    """Shows the key bindings; Escape, q or F1 closes it."""

    BINDINGS = [Binding("escape,q,f1", "close", "Close")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help-box"):
            yield Static("Keys", id="help-title")
            with VerticalScroll(id="help-body"):
                yield Static(render_help(), id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)
