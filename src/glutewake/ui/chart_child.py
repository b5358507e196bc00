"""The chart process's end of the tray's feed: stdin lines in, a ChartWindow kept up to date.

The tray writes one ChartFeed line when it starts this process, one after each history flush
(the bout going on has grown) or settings change, and one with `show` when the user opens the
charts again. End of file on stdin means the tray quit or crashed: the charts go with it.
Closing the window ends the process (Qt quits with its last window), which the tray notices.
"""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QObject, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication

from glutewake.chart_feed import DRAWN, SHOWN, ChartFeed, FeedError, report_line
from glutewake.core.models import Bout
from glutewake.history_view import HistoryView
from glutewake.ui.chart_window import ChartWindow

log = logging.getLogger("glutewake.charts")


def read_first_line(fd: int) -> bytes:
    """Block until the tray's first line (it writes it as soon as this process starts)."""
    data = b""
    while b"\n" not in data:
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        data += chunk
    return data


class TrayFeed(QObject):
    """Applies the tray's lines to the window; reports on stdout what it showed."""

    def __init__(self, view: HistoryView, first: ChartFeed, fd: int = 0) -> None:
        super().__init__()
        self._feed = first
        self._fd = fd
        self._buffer = b""
        view.live_bout = self.live_bout
        view.interval_minutes = first.interval_minutes
        self.window = ChartWindow(view, today=lambda: self._feed.today, plots_later=True)
        self.window.panel.plots_loaded.connect(self._drawn)
        self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._readable)

    def live_bout(self) -> Bout | None:
        return self._feed.live

    def show(self) -> None:
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        QTimer.singleShot(0, self._shown)

    def _shown(self) -> None:
        self._report(SHOWN)
        if self.window.panel.has_plots:  # else once they are (plots_loaded)
            self._drawn()

    def _drawn(self) -> None:
        panel = self.window.panel
        interval = self.window.view.interval_minutes
        self._report(
            DRAWN, title=panel.title.text(), figures=panel.figures.text(), interval=interval
        )

    def _readable(self) -> None:
        try:
            chunk = os.read(self._fd, 65536)
        except OSError as exc:
            log.warning("reading from the tray failed: %s", exc)
            chunk = b""
        if not chunk:  # the tray is gone
            self._notifier.setEnabled(False)
            QApplication.quit()
            return
        self._buffer += chunk
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            if line.strip():
                self._apply(line)

    def _apply(self, line: bytes) -> None:
        try:
            feed = ChartFeed.read(line)
        except FeedError as exc:
            log.warning("%s", exc)
            return
        self._feed = feed
        self.window.view.interval_minutes = feed.interval_minutes
        if feed.show:
            self.window.go_to(feed.today)
            self.show()
        else:
            self.window.refresh()
            if self.window.panel.has_plots:
                self._drawn()

    def _report(self, event: str, **fields: object) -> None:
        try:
            sys.stdout.buffer.write(report_line(event, **fields))
            sys.stdout.buffer.flush()
        except OSError:  # nobody reads any more: the tray is gone
            QApplication.quit()
