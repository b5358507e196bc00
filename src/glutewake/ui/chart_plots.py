"""The two pyqtgraph plots: a day's timeline and a week's (or month's) columns.

They paint what `core.chart_data` worked out and nothing more; hover words come from there too.
Imported only when a chart is opened: pyqtgraph and numpy cost start-up time and memory the
tray does not need.
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont

from glutewake.core.chart_data import DayChart, LengthClass, PeriodChart
from glutewake.ui.chart_style import (
    BREAK_MARKS,
    LENGTH_COLOURS,
    PROMPT_MARKS,
    STANDING_COLOUR,
    TOTAL_COLOUR,
    ChartStyle,
)

LANES = {0: "breaks", 1: "sitting", 2: "prompts"}
LANE_LABELS = [(2, "Prompts"), (1, "Sitting"), (0, "Breaks,\nstanding")]
BAR_HALF_HEIGHT = 0.32
MIN_BAR_H = 0.04
"""A bout of a minute or two is still drawn a few pixels wide (hover gives its true length)."""


def _style_axes(plot: pg.PlotItem, style: ChartStyle) -> None:
    font = QFont()
    font.setPointSize(9)
    for name in ("left", "bottom", "right", "top"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(style.grid))
        axis.setTextPen(pg.mkPen(style.text))
        axis.setTickFont(font)
        axis.label.setDefaultTextColor(style.text)


def _label(plot: pg.PlotItem, side: str, text: str, style: ChartStyle) -> None:
    plot.setLabel(side, text, color=style.text.name(), **{"font-size": "9pt"})


class DayPlot(pg.GraphicsLayoutWidget):  # type: ignore[misc]  # pyqtgraph is untyped
    """Lanes of prompts, sitting bouts and breaks over the day, and the running total below."""

    hovered = Signal(str)
    """The words shown for what is under the pointer ("" when nothing is)."""

    def __init__(self, style: ChartStyle) -> None:
        super().__init__()
        self.chart: DayChart | None = None
        self.style_ = style
        self.lanes = self.addPlot(row=0, col=0)
        self.total = self.addPlot(row=1, col=0)
        self.ci.layout.setRowStretchFactor(0, 3)
        self.ci.layout.setRowStretchFactor(1, 2)
        self.total.setXLink(self.lanes)
        for plot in (self.lanes, self.total):
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.getViewBox().setMouseEnabled(x=True, y=False)
        self.tip = pg.TextItem(anchor=(0, 1))
        self.tip.setZValue(10)
        self.scene().sigMouseMoved.connect(self._mouse_moved)
        self.apply_style(style)

    def apply_style(self, style: ChartStyle) -> None:
        self.style_ = style
        self.setBackground(style.background)
        for plot in (self.lanes, self.total):
            _style_axes(plot, style)
            plot.showGrid(x=True, y=plot is self.total, alpha=0.25)
        self.lanes.getAxis("left").setTicks([LANE_LABELS])
        self.lanes.getAxis("left").setWidth(70)
        self.total.getAxis("left").setWidth(70)
        _label(self.total, "left", "Sitting so far (h)", style)
        _label(self.total, "bottom", "Time of day", style)
        self.tip.fill = pg.mkBrush(style.background)
        self.tip.border = pg.mkPen(style.text)
        self.tip.setColor(style.text)
        if self.chart is not None:
            self.show_chart(self.chart)

    def show_chart(self, chart: DayChart) -> None:
        same_day = self.chart is not None and self.chart.day == chart.day
        kept_range = self.lanes.viewRange()[0] if same_day else None
        self.chart = chart
        style = self.style_
        lanes, total = self.lanes, self.total
        lanes.clear()
        total.clear()
        lanes.addItem(self.tip, ignoreBounds=True)
        self.tip.setText("")
        ticks = list(chart.ticks)
        major = [t for i, t in enumerate(ticks) if i % 2 == 0]
        for plot in (lanes, total):
            plot.getAxis("bottom").setTicks([major, ticks])
        lanes.getAxis("bottom").setStyle(showValues=False)
        lanes.setYRange(-0.6, 2.6, padding=0)
        for cls in LengthClass:
            bars = [b for b in chart.bouts if b.length is cls]
            if bars:
                lanes.addItem(
                    pg.BarGraphItem(
                        x0=[b.x0 for b in bars],
                        x1=[max(b.x1, b.x0 + MIN_BAR_H) for b in bars],
                        y0=[1 - BAR_HALF_HEIGHT] * len(bars),
                        y1=[1 + BAR_HALF_HEIGHT] * len(bars),
                        brush=LENGTH_COLOURS[cls],
                        pen=pg.mkPen(style.background, width=1),  # keeps neighbours apart
                    )
                )
        if chart.standing:
            lanes.addItem(
                pg.BarGraphItem(
                    x0=[s for s, _ in chart.standing],
                    x1=[e for _, e in chart.standing],
                    y0=[-0.15] * len(chart.standing),
                    y1=[0.15] * len(chart.standing),
                    brush=STANDING_COLOUR,
                    pen=pg.mkPen(None),
                )
            )
        self._marks(chart.breaks, BREAK_MARKS, 0.0)
        self._marks(chart.prompts, PROMPT_MARKS, 2.0)
        total.plot(
            list(chart.total_x),
            [m / 60.0 for m in chart.total_minutes],
            pen=pg.mkPen(TOTAL_COLOUR, width=2),
            fillLevel=0,
            brush=pg.mkBrush(_translucent(TOTAL_COLOUR, 90)),
        )
        top = max(1.0, chart.total_minutes[-1] / 60.0 * 1.1)
        total.setYRange(0, top, padding=0)
        first, last = kept_range or self._active_hours(chart)  # a refresh keeps the user's zoom
        for plot in (lanes, total):
            plot.getViewBox().setLimits(xMin=0, xMax=chart.hours)
        lanes.setXRange(first, last, padding=0)

    @staticmethod
    def _active_hours(chart: DayChart) -> tuple[float, float]:
        """The office day at least (07:00 to 19:00), widened to whatever happened."""
        xs = [b.x0 for b in chart.bouts] + [b.x1 for b in chart.bouts]
        xs += [m.x for m in chart.prompts] + [x for s in chart.standing for x in s]
        first = min([7.0, *(x - 0.5 for x in xs)])
        last = max([19.0, *(x + 0.5 for x in xs)])
        return max(0.0, float(int(first))), min(chart.hours, float(-int(-last)))

    def _marks(self, marks: Any, table: dict[str, tuple[str, str | None]], y: float) -> None:
        for what, (symbol, colour) in table.items():
            xs = [m.x for m in marks if m.what == what]
            if not xs:
                continue
            c = self.style_.mark_colour(colour)
            self.lanes.addItem(
                pg.ScatterPlotItem(
                    x=xs,
                    y=[y] * len(xs),
                    symbol=symbol,
                    size=12,
                    brush=pg.mkBrush(c),
                    pen=pg.mkPen(c, width=2) if symbol == "x" else pg.mkPen(None),
                )
            )

    def hover_at(self, x: float, y: float) -> str:
        """Show the words for the point (x hours, y lane) and return them ("" for nothing)."""
        chart = self.chart
        lane = LANES.get(round(y))
        text = None
        if chart is not None and lane is not None:
            view = self.lanes.getViewBox()
            reach = 8 * view.viewPixelSize()[0]  # eight pixels either side of a mark
            text = chart.hover_text(x, lane, reach)
        self.tip.setText(text or "")
        if text:
            (x0, x1), _ = self.lanes.viewRange()
            self.tip.setAnchor((1, 1) if x > (x0 + x1) / 2 else (0, 1))
            self.tip.setPos(x, min(2.45, round(y) + 0.45))
        self.hovered.emit(text or "")
        return text or ""

    def _mouse_moved(self, pos: QPointF) -> None:
        view = self.lanes.getViewBox()
        if not view.sceneBoundingRect().contains(pos):
            self.hover_at(-1.0, -9.0)
            return
        point = view.mapSceneToView(pos)
        self.hover_at(point.x(), point.y())


class PeriodPlot(pg.GraphicsLayoutWidget):  # type: ignore[misc]  # pyqtgraph is untyped
    """A column per day, sitting stacked by bout length, the longest bout as a line."""

    def __init__(self, style: ChartStyle) -> None:
        super().__init__()
        self.chart: PeriodChart | None = None
        self.style_ = style
        self.plot = self.addPlot(row=0, col=0)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.getViewBox().setMouseEnabled(x=False, y=False)
        self.apply_style(style)

    def apply_style(self, style: ChartStyle) -> None:
        self.style_ = style
        self.setBackground(style.background)
        _style_axes(self.plot, style)
        self.plot.showGrid(x=False, y=True, alpha=0.25)
        self.plot.getAxis("left").setWidth(70)
        _label(self.plot, "left", "Hours sitting", style)
        if self.chart is not None:
            self.show_chart(self.chart)

    def show_chart(self, chart: PeriodChart) -> None:
        self.chart = chart
        style = self.style_
        plot = self.plot
        plot.clear()
        n = len(chart.columns)
        xs = list(range(n))
        wide = n <= 7
        below = [0.0] * n
        for i, cls in enumerate(LengthClass):
            heights = [c.minutes_by_length[i] / 60.0 for c in chart.columns]
            plot.addItem(
                pg.BarGraphItem(
                    x=xs,
                    y0=list(below),
                    height=heights,
                    width=0.6 if wide else 0.75,
                    brush=LENGTH_COLOURS[cls],
                    pen=pg.mkPen(None),
                )
            )
            below = [b + h for b, h in zip(below, heights, strict=True)]
        longest = [
            c.longest_minutes / 60.0 if sum(c.minutes_by_length) > 0 else float("nan")
            for c in chart.columns
        ]
        plot.plot(
            xs,
            longest,
            connect="finite",  # no line through days without sitting
            pen=pg.mkPen(style.text, width=2, style=Qt.PenStyle.DashLine),
            symbol="o",
            symbolSize=7 if wide else 5,
            symbolBrush=pg.mkBrush(style.text),
            symbolPen=pg.mkPen(None),
        )
        top = max([1.0, *below, *(c.longest_minutes / 60.0 for c in chart.columns)])
        interval_h = chart.interval_minutes / 60.0
        plot.addItem(
            pg.InfiniteLine(
                pos=interval_h,
                angle=0,
                pen=pg.mkPen(LENGTH_COLOURS[LengthClass.LONG], width=2, style=Qt.PenStyle.DotLine),
            )
        )
        for x, column, height in zip(xs, chart.columns, below, strict=True):
            if sum(column.minutes_by_length) <= 0:
                continue
            words = f"{column.breaks} breaks" if wide else f"{column.breaks}"
            if column.within_interval:
                words = f"★ {words}" if wide else "★"
            label = pg.TextItem(words, color=style.text, anchor=(0.5, 1))
            label.setPos(x, height + top * 0.01)
            plot.addItem(label)
        ticks = [
            (x, f"{c.day:%a}\n{c.day:%d %b}" if wide else f"{c.day.day}")
            for x, c in zip(xs, chart.columns, strict=True)
        ]
        if not wide:
            ticks = [(x, label) for x, label in ticks if int(label) % 2 == 1]
        plot.getAxis("bottom").setTicks([ticks])
        plot.getAxis("bottom").setHeight(40 if wide else 25)
        plot.setXRange(-0.6, n - 0.4, padding=0)
        plot.setYRange(0, top * 1.15, padding=0)


def _translucent(colour: str, alpha: int) -> QColor:
    c = QColor(colour)
    c.setAlpha(alpha)
    return c
