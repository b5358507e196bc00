"""The charts window ("Today's chart" in the tray) and the offscreen render `glutewake chart` uses.

`ChartPanel` is what a chart looks like: title, the day's or week's figures in words, the plot
and its legend. `ChartWindow` adds the way around: Day / Week / Month, arrows, a date picker
and Today. Both redraw when the desktop switches between light and dark.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPaintEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from glutewake.core.chart_data import (
    BREAK_WORDS,
    DayChart,
    LengthClass,
    PeriodChart,
)
from glutewake.history_view import HistoryView
from glutewake.ui.chart_style import (
    BREAK_MARKS,
    LENGTH_COLOURS,
    PROMPT_MARKS,
    STANDING_COLOUR,
    TOTAL_COLOUR,
    ChartStyle,
    current_style,
    swatch,
)

if TYPE_CHECKING:
    from glutewake.ui.chart_plots import DayPlot, PeriodPlot

VIEWS = ("day", "week", "month")


def _hm(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def day_words(chart: DayChart) -> str:
    s = chart.summary
    if chart.empty:
        return "No sitting recorded on this day."
    parts = [
        f"Sitting {_hm(s.sitting_s)}",
        f"longest bout {_hm(s.longest_bout_s)}",
        f"{s.long_bouts} bout{'s' if s.long_bouts != 1 else ''} of 30 min or more",
        f"{s.breaks} break{'s' if s.breaks != 1 else ''}",
        f"prompts answered {s.prompts_answered} of {s.prompts}",
        f"routines done {s.routines_done}",
    ]
    if s.standing_s:
        parts.append(f"standing {_hm(s.standing_s)}")
    return " · ".join(parts)


def period_words(chart: PeriodChart) -> str:
    if chart.empty:
        return "No sitting recorded in this period."
    sitting = sum(sum(c.minutes_by_length) for c in chart.columns) * 60
    longest = max(c.longest_minutes for c in chart.columns) * 60
    breaks = sum(c.breaks for c in chart.columns)
    return (
        f"Sitting {_hm(sitting)} on {chart.days_sat} days · longest bout {_hm(longest)} · "
        f"{breaks} breaks · ★ {chart.streak_days} of {chart.days_sat} days with no bout "
        f"over {chart.interval_minutes} min"
    )


class _Legend(QWidget):
    """A row of samples with their names, rebuilt for each kind of chart and palette."""

    def __init__(self) -> None:
        super().__init__()
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(8, 0, 8, 4)

    def show_items(self, items: list[tuple[str, str, str | None]], style: ChartStyle) -> None:
        while self.row.count():
            item = self.row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for kind, colour, text in items:
            if text is None:  # a heading for the next group
                heading = QLabel(f"<b>{kind}</b>")
                self.row.addWidget(heading)
                continue
            if kind:
                sample = QLabel()
                sample.setPixmap(swatch(kind, style.mark_colour(colour or None)))
                self.row.addWidget(sample)
            self.row.addWidget(QLabel(text))
            self.row.addSpacing(6)
        self.row.addStretch(1)


def _day_legend() -> list[list[tuple[str, str, str | None]]]:
    bouts: list[tuple[str, str, str | None]] = [("Bouts", "", None)]
    bouts += [("bar", LENGTH_COLOURS[c], c.value) for c in LengthClass]
    bouts += [("bar", STANDING_COLOUR, "standing"), ("line", TOTAL_COLOUR, "sitting so far")]
    marks: list[tuple[str, str, str | None]] = [("Prompts", "", None)]
    for word in ("done", "snoozed", "skipped", "no answer"):
        symbol, colour = PROMPT_MARKS[word]
        marks.append((symbol, colour or "", "ignored" if word == "no answer" else word))
    marks.append(("Breaks", "", None))
    for word in dict.fromkeys(BREAK_WORDS.values()):
        symbol, colour = BREAK_MARKS[word]
        if word != "away (you said)":
            marks.append((symbol, colour or "", word))
    return [bouts, marks]


def _period_legend(interval: int) -> list[list[tuple[str, str, str | None]]]:
    bars: list[tuple[str, str, str | None]] = [("Sitting in bouts", "", None)]
    bars += [("bar", LENGTH_COLOURS[c], c.value) for c in LengthClass]
    bars += [
        ("line", "", "longest bout"),
        ("line", LENGTH_COLOURS[LengthClass.LONG], f"your interval ({interval} min)"),
    ]
    streak: list[tuple[str, str, str | None]] = [
        ("Above each bar", "", None),
        ("★", "", f"no bout over {interval} min that day (a streak day)"),
        ("", "", "and the number of breaks"),
    ]
    return [bars, streak]


class ChartPanel(QWidget):
    """One chart with its title, figures and legend: what the window shows and a PNG holds.

    With `plots_later` the plots (pyqtgraph, with numpy: about half the start-up time of a
    charts process) are made only by `load_plots`, so the window can be on screen, with its
    title and figures, before they load; until then the plots' place is empty.
    """

    plots_loaded = Signal()

    def __init__(self, *, plots_later: bool = False) -> None:
        super().__init__()
        self.style_ = current_style()
        self.title = QLabel()
        font = self.title.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        self.title.setFont(font)
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.plots = QStackedWidget()
        self._plots: tuple[DayPlot, PeriodPlot] | None = None
        self.legends = [_Legend(), _Legend()]
        self.hover = QLabel(" ")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.figures)
        layout.addWidget(self.plots, 1)
        for legend in self.legends:
            layout.addWidget(legend)
        layout.addWidget(self.hover)
        self._shown: DayChart | PeriodChart | None = None
        if not plots_later:
            self.load_plots()

    @property
    def has_plots(self) -> bool:
        return self._plots is not None

    @property
    def day_plot(self) -> DayPlot:
        return self.load_plots()[0]

    @property
    def period_plot(self) -> PeriodPlot:
        return self.load_plots()[1]

    def load_plots(self) -> tuple[DayPlot, PeriodPlot]:
        """Make the plots (once) and draw what the panel shows into them."""
        if self._plots is not None:
            return self._plots
        from glutewake.ui.chart_plots import DayPlot, PeriodPlot  # noqa: PLC0415 (pyqtgraph)

        self._plots = DayPlot(self.style_), PeriodPlot(self.style_)
        day_plot, period_plot = self._plots
        self.plots.addWidget(day_plot)
        self.plots.addWidget(period_plot)
        day_plot.hovered.connect(lambda text: self.hover.setText(text or " "))
        self._redraw()
        self.plots_loaded.emit()
        return self._plots

    def _redraw(self) -> None:
        if isinstance(self._shown, DayChart):
            self.show_day(self._shown)
        elif isinstance(self._shown, PeriodChart):
            self.show_period(self._shown)

    def show_day(self, chart: DayChart) -> None:
        self._shown = chart
        self.title.setText(f"{chart.day:%A} {chart.day.day} {chart.day:%B %Y}")
        self.figures.setText(day_words(chart))
        if self._plots is not None:
            self._plots[0].show_chart(chart)
            self.plots.setCurrentWidget(self._plots[0])
        for legend, items in zip(self.legends, _day_legend(), strict=True):
            legend.show_items(items, self.style_)
        self.hover.setText("Point at a bar or a mark for its times.")

    def show_period(self, chart: PeriodChart) -> None:
        self._shown = chart
        self.title.setText(chart.title)
        self.figures.setText(period_words(chart))
        if self._plots is not None:
            self._plots[1].show_chart(chart)
            self.plots.setCurrentWidget(self._plots[1])
        for legend, items in zip(self.legends, _period_legend(chart.interval_minutes), strict=True):
            legend.show_items(items, self.style_)
        self.hover.setText(" ")

    def restyle(self) -> None:
        self.style_ = current_style()
        for plot in self._plots or ():
            plot.apply_style(self.style_)
        self._redraw()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.restyle()
        super().changeEvent(event)


class ChartWindow(QWidget):
    """Day, week and month charts with arrows, a date picker and Today.

    With `plots_later` the window shows first and loads its plots once it has been painted
    (ChartPanel), so it is on screen sooner.
    """

    def __init__(
        self, view: HistoryView, today: Callable[[], date], *, plots_later: bool = False
    ) -> None:
        super().__init__()
        self.view = view
        self.today = today
        self.mode = "day"
        self.day = today()
        self.setWindowTitle("glutewake: sitting history")
        screen = QApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        if room is not None:  # never larger than the screen it opens on
            self.resize(min(1100, int(room.width() * 0.95)), min(680, int(room.height() * 0.9)))
        else:
            self.resize(1100, 680)
        self.panel = ChartPanel(plots_later=plots_later)

        self.mode_buttons = QButtonGroup(self)
        bar = QHBoxLayout()
        for mode in VIEWS:
            button = QPushButton(mode.capitalize())
            button.setCheckable(True)
            button.setChecked(mode == self.mode)
            button.clicked.connect(lambda _=False, m=mode: self.set_mode(m))
            self.mode_buttons.addButton(button)
            bar.addWidget(button)
        bar.addStretch(1)
        self.back = QPushButton("◀")
        self.back.setToolTip("Earlier (Left arrow)")
        self.forward = QPushButton("▶")
        self.forward.setToolTip("Later (Right arrow)")
        self.picker = QDateEdit()
        self.picker.setCalendarPopup(True)
        self.picker.setDisplayFormat("ddd d MMM yyyy")
        self.today_button = QPushButton("Today")
        for widget in (self.back, self.picker, self.forward, self.today_button):
            bar.addWidget(widget)
        self.back.clicked.connect(lambda: self.step(-1))
        self.forward.clicked.connect(lambda: self.step(1))
        self.today_button.clicked.connect(lambda: self.go_to(self.today()))
        self.picker.dateChanged.connect(self._picked)
        QShortcut(QKeySequence(Qt.Key.Key_Left), self, lambda: self.step(-1))
        QShortcut(QKeySequence(Qt.Key.Key_Right), self, lambda: self.step(1))

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.panel, 1)
        self.refresh()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.panel.has_plots:  # painted once, so on screen: now the plots
            QTimer.singleShot(0, self.panel.load_plots)

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        for button in self.mode_buttons.buttons():
            button.setChecked(button.text().lower() == mode)
        self.refresh()

    def step(self, direction: int) -> None:
        """One day, week or month earlier (-1) or later (1); never past today."""
        d = self.day
        if self.mode == "day":
            target = d + timedelta(days=direction)
        elif self.mode == "week":
            target = d + timedelta(weeks=direction)
        else:
            months = d.year * 12 + d.month - 1 + direction
            target = date(months // 12, months % 12 + 1, 1)
        self.go_to(target)

    def go_to(self, day: date) -> None:
        self.day = min(day, self.today())
        self.refresh()

    def _picked(self, qdate: QDate) -> None:
        picked = date(qdate.year(), qdate.month(), qdate.day())
        if picked != self.day:
            self.go_to(picked)

    def refresh(self) -> None:
        """Reload from the history and redraw (after navigation, and when new data lands)."""
        today = self.today()
        d = self.day
        if self.mode == "day":
            self.panel.show_day(self.view.day_chart(d))
            at_end = d >= today
        elif self.mode == "week":
            year, week, _ = d.isocalendar()
            self.panel.show_period(self.view.week_chart(year, week))
            at_end = today.isocalendar()[:2] == (year, week)
        else:
            self.panel.show_period(self.view.month_chart(d.year, d.month))
            at_end = (d.year, d.month) == (today.year, today.month)
        self.forward.setEnabled(not at_end)
        self.today_button.setEnabled(not at_end)
        self.picker.blockSignals(True)
        self.picker.setMaximumDate(QDate(today.year, today.month, today.day))
        self.picker.setDate(QDate(d.year, d.month, d.day))
        self.picker.blockSignals(False)


def render_png(
    panel_filler: Callable[[ChartPanel], None], out: Path, size: tuple[int, int]
) -> None:
    """Draw a chart panel offscreen at `size` and save it; raises OSError if it cannot save."""
    panel = ChartPanel()
    panel.resize(*size)
    panel_filler(panel)
    panel.hover.hide()  # a picture has no pointer
    panel.show()  # layouts settle only for a shown widget; offscreen nothing appears
    QApplication.processEvents()
    pixmap = panel.grab()
    panel.close()
    if not pixmap.save(str(out), "PNG"):
        raise OSError(f"could not write {out}")
