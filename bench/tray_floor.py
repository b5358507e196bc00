"""The least a tray on glutewake's stack costs: a reference row for bench/footprint.py.

A PySide6 tray icon with a one-item menu, a D-Bus session connection, APScheduler 3's scheduler
module, pynput's keyboard and mouse listeners (stock ones, X RECORD) and an SQLite connection:
the parts glutewake cannot do without, and nothing of glutewake's own beyond the two start-up
measures the tray app takes too (``ssl`` refused, PySide's source check uncached). glutewake's
resident memory minus this row is what glutewake's own code and data cost.

Run by ``bench/footprint.py`` (the "tray floor" row); by hand, on an X display with a tray:
``.venv/bin/python bench/tray_floor.py``. SIGTERM ends it.
"""

from __future__ import annotations

import sqlite3
import sys

from glutewake.no_tls import refuse_tls
from glutewake.ui.pyside_sources import read_sources_uncached


def main() -> int:
    refuse_tls()
    read_sources_uncached()
    import pynput.keyboard
    import pynput.mouse
    from apscheduler.executors.debug import DebugExecutor  # noqa: F401 (what glutewake imports)
    from apscheduler.schedulers.base import BaseScheduler  # noqa: F401
    from apscheduler.triggers.date import DateTrigger  # noqa: F401
    from PySide6.QtDBus import QDBusConnection
    from PySide6.QtGui import QColor, QIcon, QPixmap
    from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    pixmap = QPixmap(22, 22)
    pixmap.fill(QColor("orange"))
    tray = QSystemTrayIcon(QIcon(pixmap))
    menu = QMenu()
    menu.addAction("Quit", app.quit)
    tray.setContextMenu(menu)
    tray.show()
    bus = QDBusConnection.sessionBus()
    keyboard = pynput.keyboard.Listener(on_press=lambda *_: None)
    mouse = pynput.mouse.Listener(on_click=lambda *_: None)
    keyboard.start()
    mouse.start()
    history = sqlite3.connect(":memory:")
    history.execute("CREATE TABLE bouts (start REAL, end REAL)")
    try:
        return app.exec()  # SIGTERM's default action ends it: no timer wakes it to check
    finally:
        keyboard.stop()
        mouse.stop()
        history.close()
        del bus


if __name__ == "__main__":
    raise SystemExit(main())
