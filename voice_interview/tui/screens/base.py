"""What every screen shares: access to the app's services and the too-small message."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from voice_interview.tui.widgets.too_small import TooSmall

if TYPE_CHECKING:
    from voice_interview.tui.app import VoiceInterviewApp

MIN_WIDTH, MIN_HEIGHT = 60, 20
"""Below this terminal size the screens cannot be laid out; a message asks for a bigger window."""


def private_dir(path: Path) -> None:
    """Create a folder only the user can read: recordings of a voice and reports are personal."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)


def title_bar(text: str) -> Static:
    """The top line of a screen. (Textual's Header can raise NoMatches when the app quits right
    after a screen is mounted; a plain line cannot.)"""
    return Static(f"voice-interview · {text}", classes="title-bar")


class _Shared:
    """Mixed into screens; the app type is only known to the type checker."""

    @property
    def vi_app(self) -> VoiceInterviewApp:
        return cast("VoiceInterviewApp", cast(Any, self).app)

    def _mount_too_small(self) -> None:
        cast(Any, self).mount(TooSmall(MIN_WIDTH, MIN_HEIGHT))


class AppScreen(_Shared, Screen[None]):
    """A full screen of the app."""

    busy_reason: str | None = None
    """When set, the app refuses to navigate away and shows this instead."""

    def on_mount(self) -> None:
        self._mount_too_small()


class AppModal(_Shared, ModalScreen[Any]):
    """A dialog over another screen."""

    # A dialog hides the app's own keys from Textual's key handling; the function keys are
    # repeated here so that they work over every dialog too ("choose another model in
    # Settings (F4)" must name a key that works where it is read).
    BINDINGS = [
        Binding("f1", "app.help", "Help", show=False),
        Binding("f2", "app.questions", "Questions", show=False),
        Binding("f3", "app.history", "History", show=False),
        Binding("f4", "app.settings", "Settings", show=False),
    ]

    busy_reason: str | None = None

    def on_mount(self) -> None:
        self._mount_too_small()
