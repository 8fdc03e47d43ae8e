"""Pace over time: words per minute in rolling windows, the good band, and long pauses marked."""

from __future__ import annotations

from collections.abc import Sequence

from textual_plotext import PlotextPlot

from voice_interview.models.report import PaceWindow, Pause
from voice_interview.render.common import clock as stamp


class PaceChart(PlotextPlot):
    """A line of wpm at each window's middle, dotted band edges, and a bar at each long pause."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual\'s name
        super().__init__(id=id)
        self._timeline: list[PaceWindow] = []
        self._pauses: list[Pause] = []
        self._band = (0.0, 0.0)
        self._window_s = 0.0

    def show(
        self,
        timeline: Sequence[PaceWindow],
        long_pauses: Sequence[Pause],
        good_band: tuple[float, float],
        window_s: float = 0.0,
    ) -> None:
        """Replace the plotted data; safe to call before the widget is mounted. window_s: the
        length of the rolling windows the pace was measured in, for the title."""
        self._window_s = window_s
        self._timeline = list(timeline)
        self._pauses = list(long_pauses)
        self._band = good_band
        self._replot()

    def on_mount(self) -> None:
        self._replot()

    def _replot(self) -> None:
        plt = self.plt
        plt.clear_figure()
        windows = f" in {self._window_s:g}-second windows" if self._window_s else ""
        plt.title(f"Pace over the answer{windows}; green: the good range")
        plt.xlabel("time into the answer (m:ss)")
        plt.ylabel("words/min")
        if not self._timeline:
            plt.title("Pace: no timed words to plot")
            self.refresh()
            return
        xs = [(w.start + w.end) / 2 for w in self._timeline]
        ys = [w.wpm for w in self._timeline]
        plt.plot(xs, ys, marker="braille", label="pace")
        low, high = self._band
        plt.hline(low, "green")
        plt.hline(high, "green")
        for pause in self._pauses:
            plt.vline(pause.start, "red")
        top = max([*ys, high]) * 1.15
        plt.ylim(0, top)
        end = max(xs[-1], self._timeline[-1].end)
        plt.xlim(0, end)
        ticks = [end * i / 5 for i in range(6)]
        plt.xticks(ticks, [stamp(t) for t in ticks])
        self.refresh()
