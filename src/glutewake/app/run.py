"""`glutewake` (or `glutewake run`): the tray app, from Qt's start to the end of its loop.

What happens before the composition root is built: one instance per user, owner-only files,
a log file of what the app chose and why, a display or the offscreen fallback, and signals
that quit cleanly.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import signal
import socket
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSocketNotifier

from glutewake.app.root import AppOptions, GlutewakeApp
from glutewake.identity import APP_ID
from glutewake.instance import ask_running
from glutewake.store.paths import ensure_private_dir, resolve_paths
from glutewake.store.settings_source import read_settings
from glutewake.ui.app_icon import app_icon
from glutewake.ui.qt_bootstrap import gui_application

log = logging.getLogger("glutewake.app")


def run_app(options: AppOptions) -> int:
    """`glutewake`: run the tray app until Quit."""
    paths = resolve_paths(options.data_dir, options.config)
    # Everything the app creates (history, logs and their rotations, status, markers) is
    # readable by its owner only, whichever code creates it.
    os.umask(0o077)
    qt_app, headless = gui_application()
    qt_app.setApplicationName("glutewake")
    qt_app.setDesktopFileName(APP_ID)  # ties windows to the installed .desktop file
    qt_app.setWindowIcon(app_icon())
    qt_app.setQuitOnLastWindowClosed(False)
    if ask_running(paths.instance_key, "show") is not None:
        print("glutewake is already running; it will show its status.")
        return 0
    sys.excepthook = _log_uncaught
    try:
        ensure_private_dir(paths.data_dir)
        _log_to_file(paths.data_dir / "glutewake.log")
    except OSError as exc:
        # Reminders matter more than the record: run, keep history in memory, and say so.
        log.warning(
            "cannot use the data folder %s (%s): history is kept in memory only this session "
            "and nothing is logged to a file; choose another folder with --data-dir",
            paths.data_dir,
            exc.strerror or exc,
        )
    if headless:
        log.warning("%s", NO_DISPLAY)
    app = GlutewakeApp(
        options, paths, read_settings(paths.config_file, interval_minutes=options.interval)
    )
    if not app.start():
        print("glutewake is already running.")
        return 0
    _quit_on_signals(app)
    return qt_app.exec()


NO_DISPLAY = (
    "no display (neither DISPLAY nor WAYLAND_DISPLAY is set): running without a tray icon or "
    "windows; prompts go to the desktop's notification service if there is one, and lock, "
    "suspend and the session's idle counter are still recorded where they can be seen"
)


def _log_to_file(path: Path) -> None:
    """What the app chose and why (notification path, monitors, problems), kept small.

    Only moments, counts and reasons are logged: never keys, text, windows or positions.
    """
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=512_000, backupCount=2)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    root = logging.getLogger("glutewake")
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    with contextlib.suppress(OSError):
        path.chmod(0o600)


def _log_uncaught(kind: type[BaseException], error: BaseException, tb: Any) -> None:
    """An error in a Qt slot or a scheduled job is logged with its traceback; the app goes on."""
    log.error("unexpected error", exc_info=(kind, error, tb))


_KEPT: list[tuple[socket.socket, socket.socket]] = []


def _quit_on_signals(app: GlutewakeApp) -> None:
    """SIGTERM and SIGINT quit cleanly, without a polling timer waking the process.

    Python runs signal handlers only when it gets control; the wakeup fd makes the Qt loop
    hand it control the moment a signal arrives.
    """
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def drain() -> None:
        with contextlib.suppress(BlockingIOError):
            reader.recv(64)

    notifier.activated.connect(drain)
    _KEPT.append((reader, writer))  # open as long as the process lives
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    signal.signal(signal.SIGINT, lambda *_: app.quit())
