"""The charts window on a real X display: a real history file, real clicks and pointer moves."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from glutewake.core.models import Bout, BreakKind, PromptRecord
from glutewake.history_view import HistoryView
from glutewake.store.history import HistoryStore
from glutewake.ui.chart_style import dark_palette
from glutewake.ui.chart_window import ChartWindow

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 25)


def at(local: str) -> float:
    return datetime.fromisoformat(local).replace(tzinfo=BERLIN).timestamp()


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> ChartWindow:
    opened = HistoryStore.open(tmp_path / "history.sqlite3", now=at("2026-11-25 12:00"))
    store = opened.store
    for day in ("2026-11-24", "2026-11-25"):
        store.add_bout(Bout(at(f"{day} 09:00"), at(f"{day} 09:20"), BreakKind.LOCK))
        store.add_bout(Bout(at(f"{day} 09:30"), at(f"{day} 10:45"), BreakKind.ROUTINE))
    store.add_prompt(
        PromptRecord(at("2026-11-25 10:00"), at("2026-11-25 09:30"), 1800, 0, False, "done")
    )
    store.flush()
    live = Bout(at("2026-11-25 11:00"), at("2026-11-25 11:40"))
    view = HistoryView(store, BERLIN, 30, live_bout=lambda: live)
    win = ChartWindow(view, today=lambda: TODAY)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_it_opens_on_today_with_the_bout_still_going(window: ChartWindow) -> None:
    assert window.panel.title.text() == "Wednesday 25 November 2026"
    # 20 + 75 stored, and the 40 minutes of the bout in progress.
    assert window.panel.figures.text().startswith("Sitting 2 h 15 min")
    assert not window.forward.isEnabled()  # no tomorrow to look at


def test_arrows_and_the_date_picker_move_between_days(qtbot: QtBot, window: ChartWindow) -> None:
    qtbot.mouseClick(window.back, Qt.MouseButton.LeftButton)
    assert window.panel.title.text() == "Tuesday 24 November 2026"
    assert window.panel.figures.text().startswith("Sitting 1 h 35 min")
    assert window.forward.isEnabled()
    qtbot.mouseClick(window.back, Qt.MouseButton.LeftButton)
    assert window.panel.figures.text() == "No sitting recorded on this day."
    window.picker.setDate(window.picker.date().addDays(-30))
    assert window.panel.title.text() == "Saturday 24 October 2026"
    qtbot.mouseClick(window.today_button, Qt.MouseButton.LeftButton)
    assert window.panel.title.text() == "Wednesday 25 November 2026"


def test_week_and_month_views(qtbot: QtBot, window: ChartWindow) -> None:
    week_button, month_button = window.mode_buttons.buttons()[1:]
    qtbot.mouseClick(week_button, Qt.MouseButton.LeftButton)
    assert window.panel.title.text().startswith("Week 48, 2026")
    assert "on 2 days" in window.panel.figures.text()
    assert "★ 0 of 2 days" in window.panel.figures.text()
    qtbot.mouseClick(window.back, Qt.MouseButton.LeftButton)
    assert window.panel.title.text().startswith("Week 47, 2026")
    qtbot.mouseClick(month_button, Qt.MouseButton.LeftButton)
    assert window.panel.title.text() == "November 2026"


def test_pointing_at_a_bout_shows_its_times(qtbot: QtBot, window: ChartWindow) -> None:
    plot = window.panel.day_plot
    view = plot.lanes.getViewBox()
    target = view.mapViewToScene(QPointF(10.0, 1.0))  # 10:00, in the sitting lane
    widget_point = plot.mapFromScene(target)
    with qtbot.waitSignal(plot.hovered, timeout=3000) as hovered:
        qtbot.mouseMove(plot.viewport(), QPoint(int(widget_point.x()), int(widget_point.y())))
    assert hovered.args == ["09:30-10:45, 1 h 15 min sitting"]
    assert window.panel.hover.text() == "09:30-10:45, 1 h 15 min sitting"


def test_it_follows_the_desktop_into_dark_mode(qtbot: QtBot, window: ChartWindow) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light = window.panel.day_plot.backgroundBrush().color()
    original = app.palette()
    try:
        app.setPalette(dark_palette())
        qtbot.waitUntil(
            lambda: window.panel.day_plot.backgroundBrush().color() != light, timeout=3000
        )
        assert window.panel.day_plot.backgroundBrush().color().lightness() < 60
    finally:
        app.setPalette(original)
    qtbot.waitUntil(
        lambda: window.panel.day_plot.backgroundBrush().color().lightness() > 200, timeout=3000
    )
    assert QColor(light) == window.panel.day_plot.backgroundBrush().color()
    assert isinstance(original, QPalette)


def test_the_tray_app_never_loads_pyqtgraph_or_numpy_itself() -> None:
    code = (
        "import sys, glutewake.app, glutewake.cli.main; "
        "print('pyqtgraph' in sys.modules, 'numpy' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert out.split() == ["False", "False"]
