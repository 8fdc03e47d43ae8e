"""The debrief at the end of a round: the round's report in a bar raiser's terms.

m and j export it as Markdown and JSON to the exports folder; Escape goes back to the rounds.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from voice_interview.models.debrief import RoundDebrief
from voice_interview.render.debrief_markdown import render_debrief_markdown
from voice_interview.render.debrief_text import debrief_renderable
from voice_interview.tui.screens.base import AppScreen, private_dir, title_bar


def export_name(debrief: RoundDebrief, key: str, suffix: str) -> str:
    return f"{debrief.round_id}-{key}-{debrief.created_at:%Y%m%d-%H%M%S}.{suffix}"


class DebriefScreen(AppScreen):
    BINDINGS = [
        Binding("m", "export('md')", "Export Markdown"),
        Binding("j", "export('json')", "Export JSON"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, debrief: RoundDebrief, key: str = "") -> None:
        """key: the round's id in the history ("r3")."""
        super().__init__()
        self.debrief = debrief
        self.key = key

    def compose(self) -> ComposeResult:
        label = f" ({self.key})" if self.key else ""
        yield title_bar(f"Debrief · {self.debrief.round_title}{label}")
        with VerticalScroll(id="debrief-scroll"):
            yield Static(debrief_renderable(self.debrief), id="debrief")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#debrief-scroll").focus()

    def action_export(self, suffix: str) -> None:
        folder = self.vi_app.services.exports_dir
        target = folder / export_name(self.debrief, self.key or "round", suffix)
        body = (
            render_debrief_markdown(self.debrief)
            if suffix == "md"
            else self.debrief.model_dump_json(indent=2) + "\n"
        )
        try:
            private_dir(folder)
            target.write_text(body, encoding="utf-8")
        except OSError as exc:
            self.notify(f"Could not write {target}: {exc.strerror or exc}", severity="error")
            return
        self.notify(f"Saved {target}", timeout=8)

    def action_back(self) -> None:
        self.dismiss()
