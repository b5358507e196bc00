"""The app's own windows: charts, settings and the first-run welcome, each built when opened.

Each window's module is imported when it is first opened, never at start: a tray that is
never clicked needs none of them. The charts are not in this process at all: they run in a
child process (chart_process.py), because pyqtgraph and numpy cost tens of megabytes that a
process never gives back. Opening a window that is already open brings it to the front
instead of making a second.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap

from glutewake.app.chart_process import ChartProcess, chart_command
from glutewake.app.recorder import HistoryRecorder
from glutewake.chart_feed import ChartFeed
from glutewake.core.settings import Settings

if TYPE_CHECKING:
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
        *,
        data_dir: Path,
        problem: Callable[[str], None],
    ) -> None:
        self._recorder = recorder
        self._today = today
        self._config_file = config_file
        self._welcome_seen = welcome_seen
        self.charts = ChartProcess(chart_command(data_dir, config_file), problem)
        self._interval = 0
        self._settings: SettingsDialog | None = None
        self._welcome: WelcomeDialog | None = None

    def open_chart(self, interval_minutes: int) -> None:
        """Show today's chart, with the bout still going (in front, if it is already open)."""
        self._recorder.flush()  # the charts process reads the file: all of it, up to now
        self._interval = interval_minutes
        self.charts.open(self._feed(show=True))

    def refresh_chart(self, interval_minutes: int | None = None) -> None:
        """Keep an open chart up to date (new history, or a new interval to draw against)."""
        if interval_minutes is not None:
            self._interval = interval_minutes
        if self.charts.running:
            self.charts.send(self._feed(show=False))

    def close(self) -> None:
        """The app quits: the charts go with it."""
        self.charts.close()

    def _feed(self, *, show: bool) -> ChartFeed:
        return ChartFeed(self._today(), self._interval, self._recorder.live_bout(), show)

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
