"""The message shown over every screen when the terminal is too small to lay it out."""

from __future__ import annotations

from textual.widgets import Static


class TooSmall(Static):
    """Hidden unless the app has the -too-small class (set from the terminal size)."""

    def __init__(self, min_width: int, min_height: int) -> None:
        super().__init__(
            f"The terminal is too small.\n\nMake it at least {min_width} x {min_height} "
            "characters.\n\nCtrl+Q quits.",
        )
