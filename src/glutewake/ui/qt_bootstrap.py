"""Starting Qt once per process, the same way for the tray app and every command.

Qt aborts the process when its platform plugin finds no display. On Linux and the BSDs with
neither DISPLAY nor WAYLAND_DISPLAY there is none to find, so Qt is pointed at "offscreen":
D-Bus notifications, the single-instance socket and drawing into files all work without one.
Windows and macOS always have their own platform, and offscreen there would hide the tray icon,
so the fallback never applies to them. A platform the user chose (QT_QPA_PLATFORM) is kept.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

OFFSCREEN = "offscreen"
_OWN_PLATFORM = ("win32", "darwin")


def needs_offscreen(platform: str, env: Mapping[str, str], *, drawing_only: bool = False) -> bool:
    """Whether Qt must run offscreen here: no display named, and no platform chosen.

    `drawing_only` is for a command that draws into a file and never shows a window: there,
    offscreen is right on every platform whenever no X11 or Wayland display is named.
    """
    if env.get("QT_QPA_PLATFORM"):
        return False
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return False
    return drawing_only or platform not in _OWN_PLATFORM


def gui_application(*, drawing_only: bool = False) -> tuple[QApplication, bool]:
    """The process's QApplication (made now if there is none), and whether it runs offscreen
    because there is no display."""
    headless = needs_offscreen(sys.platform, os.environ, drawing_only=drawing_only)
    if headless:
        os.environ["QT_QPA_PLATFORM"] = OFFSCREEN
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    return app, headless


def core_application() -> QCoreApplication:
    """A Qt event loop without widgets (local sockets, D-Bus): needs no display at all."""
    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    assert app is not None
    return app
