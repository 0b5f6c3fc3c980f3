"""A grid of chart panels laid out in inches from the text each panel carries.

matplotlib's constrained layout measures every tick label and title by
drawing the figure an extra time, which took half of a fleet's chart
drawing. The outcome charts' text is known in advance (monospace tick
labels of known length, titles of known lines), so their layout is
computed instead: each margin is its text's size in points, plus padding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

POINTS_PER_INCH = 72.0
LINE_SPACING = 1.2  # matplotlib's default, in font sizes
MONOSPACE_ADVANCE = 0.61  # DejaVu Sans Mono's advance width, in font sizes
TICK_AND_PAD = 7.0 / POINTS_PER_INCH  # major tick length plus its label pad, 3.5 pt each


def text_height(lines: int, fontsize: float) -> float:
    """Inches taken by ``lines`` lines of text at ``fontsize`` points."""
    return lines * fontsize * LINE_SPACING / POINTS_PER_INCH


def monospace_width(characters: int, fontsize: float) -> float:
    """Inches taken by a line of ``characters`` monospace characters at ``fontsize`` points."""
    return characters * fontsize * MONOSPACE_ADVANCE / POINTS_PER_INCH


def widest_line(lines: Iterable[str], fontsize: float, candidates: int = 5) -> float:
    """Inches taken by the widest of ``lines`` in the default font, measured on the longest few."""
    longest = sorted(set(lines), key=len, reverse=True)[:candidates]
    measure = TextToPath()
    font = FontProperties(size=fontsize)
    widths = [measure.get_text_width_height_descent(line, font, ismath=False)[0] for line in longest]
    return max(widths, default=0.0) / POINTS_PER_INCH


@dataclass(frozen=True)
class PanelGrid:
    """Inches around and between ``rows`` x ``columns`` panels of one size."""

    rows: int
    columns: int
    panel_width: float
    panel_height: float
    above: float  # each panel's title
    below: float  # each panel's x tick labels
    left: float  # each panel's y label and tick labels
    right: float
    top: float  # the figure's title
    bottom: float  # the legend

    @property
    def width(self) -> float:
        return self.columns * (self.left + self.panel_width + self.right)

    @property
    def height(self) -> float:
        return self.top + self.rows * (self.above + self.panel_height + self.below) + self.bottom

    def apply(self, fig: Figure) -> None:
        """Sizes the figure and places the grid its subplots came from; call once every panel is made."""
        fig.set_size_inches(self.width, self.height)
        fig.subplots_adjust(
            left=self.left / self.width,
            right=1 - self.right / self.width,
            top=1 - (self.top + self.above) / self.height,
            bottom=(self.bottom + self.below) / self.height,
            wspace=(self.left + self.right) / self.panel_width,
            hspace=(self.above + self.below) / self.panel_height,
        )
