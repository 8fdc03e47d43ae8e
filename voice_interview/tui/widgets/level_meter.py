"""A one-line input level meter.

The recorder already gives `level` on a meter scale (0 at its floor of -60 dBFS, 1 at full scale),
since speech sits far below full scale and a linear bar would barely move.
"""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

LOUD, CLIPPING = 0.7, 0.9
"""Above LOUD the bar turns amber, above CLIPPING red (about -18 and -6 dBFS on the meter)."""


class LevelMeter(Widget):
    """Shows `level`; the answer screen sets it from the recorder about ten times a second."""

    level: reactive[float] = reactive(0.0)

    def render(self) -> RenderResult:
        width = max(4, self.size.width - 4)
        filled = round(width * max(0.0, min(1.0, self.level)))
        parts: list[tuple[str, str]] = [("mic ", "$foreground-muted")]
        for i in range(width):
            at = i / width
            colour = "$success" if at < LOUD else ("$warning" if at < CLIPPING else "$error")
            parts.append(("█", colour) if i < filled else ("·", "$foreground-muted"))
        return Content.assemble(*parts)
