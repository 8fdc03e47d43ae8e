"""The answer timer: elapsed time against the question's target zone, with no hard stop.

The widget carries its zone as a CSS class (-under, -in-zone, -over-time) so app.tcss decides the
colours; the zone changes exactly at the target's ends.
"""

from __future__ import annotations

from textual.app import ComposeResult, RenderResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Digits, Static

from voice_interview.tui.format import Zone, clock, zone

ZONE_CLASSES: dict[Zone, str] = {"under": "-under", "in": "-in-zone", "over": "-over-time"}

_ZONE_TEXT: dict[Zone, str] = {
    "under": "under the target",
    "in": "in the target zone",
    "over": "over the target: wrap up",
}


class ZoneBar(Widget):
    """One line: the answer so far against the target zone, scaled to a little past the target."""

    elapsed_s: reactive[float] = reactive(0.0)

    def __init__(self, target_min_s: float, target_max_s: float, *, id: str | None = None) -> None:  # noqa: A002 - Textual\'s name
        super().__init__(id=id)
        self.target_min_s = target_min_s
        self.target_max_s = target_max_s

    def render(self) -> RenderResult:
        width = max(10, self.size.width)
        span = max(self.target_max_s * 1.25, self.elapsed_s)
        lo = round(width * self.target_min_s / span)
        hi = round(width * self.target_max_s / span)
        done = round(width * self.elapsed_s / span)
        parts: list[tuple[str, str]] = []
        for i in range(width):
            region = "under" if i < lo else ("in" if i < hi else "over")
            colour = {"under": "$foreground", "in": "$success", "over": "$error"}[region]
            # What has been spoken is a heavy line; the rest shows the zones still ahead.
            parts.append(("━", colour) if i < done else ("─", f"{colour} 40%"))
        return Content.assemble(*parts)


class AnswerTimer(Vertical):
    """Elapsed time in big digits, the target, and where the answer sits in it."""

    def __init__(self, target_min_s: float, target_max_s: float, *, id: str | None = None) -> None:  # noqa: A002 - Textual\'s name
        super().__init__(id=id, classes=ZONE_CLASSES["under"])
        self.target_min_s = target_min_s
        self.target_max_s = target_max_s
        self._digits = Digits("0:00", id="timer-digits")
        self._label = Static("", id="timer-label")
        self._bar = ZoneBar(target_min_s, target_max_s, id="timer-bar")
        self._zone: Zone = "under"
        self._shown_second = -1

    def compose(self) -> ComposeResult:
        with Horizontal(id="timer-row"):
            yield self._digits
            yield self._label
        yield self._bar

    def on_mount(self) -> None:
        self.show(0.0)

    @property
    def zone(self) -> Zone:
        return self._zone

    def show(self, elapsed_s: float) -> None:
        """Show this many seconds of answer; switches the zone class when it changes.

        Called ten times a second, so it repaints only when the shown second changes.
        """
        new_zone = zone(elapsed_s, self.target_min_s, self.target_max_s)
        second = int(elapsed_s)
        first = self._shown_second < 0
        if second == self._shown_second and new_zone == self._zone:
            return
        self._shown_second = second
        self._digits.update(clock(elapsed_s))
        self._bar.elapsed_s = float(second)
        if new_zone != self._zone or first:
            target = f"target {clock(self.target_min_s)}-{clock(self.target_max_s)}"
            self._label.update(f"{target}\n{_ZONE_TEXT[new_zone]}")
            self.remove_class(*ZONE_CLASSES.values())
            self.add_class(ZONE_CLASSES[new_zone])
            self._zone = new_zone
