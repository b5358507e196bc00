"""The app's own windows: charts, settings and the first-run welcome, each built when opened.

Each window's module is imported when it is first opened, never at start: the charts load
pyqtgraph (tens of megabytes), and a tray that is never clicked needs none of them.
Opening a window that is already open brings it to the front instead of making a second.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap

from glutewake.app.recorder import HistoryRecorder
from glutewake.clock import local_zone
from glutewake.core.settings import Settings

if TYPE_CHECKING:
    from glutewake.ui.chart_window import ChartWindow
    from glutewake.ui.settings_dialog import SettingsDialog
    from glutewake.ui.welcome import WelcomeDialog

log = logging.getLogger("glutewake.app")


class Windows:
    """Opens, raises and refreshes the app's windows."""

    def __init__(
        self,
        recorder: HistoryRecorder,
        today: Callable[[], date],
        config_file: Path,
        welcome_seen: Path,
    ) -> None:
        self._recorder = recorder
        self._today = today
        self._config_file = config_file
        self._welcome_seen = welcome_seen
        self.charts: ChartWindow | None = None
        self._settings: SettingsDialog | None = None
        self._welcome: WelcomeDialog | None = None

    def open_chart(self, interval_minutes: int) -> None:
        """Show today's chart, with the bout still going."""
        self._recorder.flush()
        if self.charts is None:
            from glutewake.history_view import HistoryView  # noqa: PLC0415 (with the charts)
            from glutewake.ui.chart_window import ChartWindow  # noqa: PLC0415 (pyqtgraph)

            view = HistoryView(
                self._recorder.store,
                local_zone(),
                interval_minutes,
                live_bout=self._recorder.live_bout,
            )
            self.charts = ChartWindow(view, today=self._today)
        else:
            self.charts.go_to(self._today())
        self.charts.show()
        self.charts.raise_()
        self.charts.activateWindow()

    def refresh_chart(self, interval_minutes: int | None = None) -> None:
        """Keep an open chart up to date (new history, or a new interval to draw against)."""
        if self.charts is None:
            return
        if interval_minutes is not None:
            self.charts.view.interval_minutes = interval_minutes
        if self.charts.isVisible():
            self.charts.refresh()

    def open_settings(self, settings: Settings, applied: Callable[[Settings], None]) -> None:
        """The settings window; OK saves the file and `applied` puts it into effect."""
        if self._settings is not None and self._settings.isVisible():
            self._settings.raise_()
            self._settings.activateWindow()
            return
        from glutewake.ui.settings_dialog import SettingsDialog  # noqa: PLC0415 (when opened)

        dialog = SettingsDialog(settings, self._config_file)
        dialog.applied.connect(applied)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._settings = dialog
        dialog.show()

    def open_welcome(
        self, settings: Settings, icon: QPixmap, chosen: Callable[[dict[str, Any]], None]
    ) -> None:
        """The first-run welcome (and again from the tray); seen once it is closed."""
        if self._welcome is not None and self._welcome.isVisible():
            self._welcome.raise_()
            return
        from glutewake.ui.welcome import WelcomeDialog  # noqa: PLC0415 (when opened)

        dialog = WelcomeDialog(settings, icon)
        dialog.chosen.connect(chosen)
        dialog.finished.connect(lambda _result: self._mark_welcome_seen())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._welcome = dialog
        dialog.show()

    def welcome_due(self) -> bool:
        return not self._welcome_seen.exists()

    def _mark_welcome_seen(self) -> None:
        try:
            self._welcome_seen.touch(mode=0o600)
        except OSError as exc:
            log.warning("could not note that the welcome was seen: %s", exc)
