"""Scores of one question's attempts over time, as bars on a fixed 0-100 scale.

A fixed scale (unlike a sparkline, which stretches its smallest value to nothing) keeps a 58 looking
like a 58 next to an 81.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual_plotext import PlotextPlot

MAX_BARS = 12
"""Only the latest attempts are drawn, so the bars stay readable."""


class TrendChart(PlotextPlot):
    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._labels: list[str] = []
        self._scores: list[float] = []

    def show(self, labels: Sequence[str], scores: Sequence[float]) -> None:
        """Plot these (label, score) pairs, oldest first; safe before the widget is mounted."""
        self._labels = list(labels)[-MAX_BARS:]
        self._scores = list(scores)[-MAX_BARS:]
        self._replot()

    def on_mount(self) -> None:
        self._replot()

    def _replot(self) -> None:
        plt = self.plt
        plt.clear_figure()
        if self._scores:
            plt.xlabel("attempts at this question, oldest first (recorded month-day)")
            plt.ylabel("score")
            plt.bar(self._labels, self._scores, width=0.3)
            plt.ylim(0, 100)
            # Room for MAX_BARS bars whatever the count, so one attempt is not one huge block.
            plt.xlim(0, MAX_BARS + 1)
            plt.yticks([0, 50, 100])
        self.refresh()
