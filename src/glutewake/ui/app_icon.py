"""The app's own icon (windows, the welcome, the desktop file), from the packaged resources."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from glutewake.identity import APP_ID
from glutewake.resource_files import ICON_SIZES, icon_source, theme_icon

__all__ = ["APP_ID", "app_icon"]  # APP_ID stays importable from here for older callers


def app_icon() -> QIcon:
    """Every rendered size, so each desktop picks a sharp one (up to 512 px, scaled beyond).

    The SVG is added only when no rendered size is installed: reading it loads Qt's SVG icon
    engine and QtSvg into the tray for good (~1 MB), and the PNGs already cover every size a
    panel, a title bar or a task switcher asks for.
    """
    icon = QIcon()
    try:
        rendered = [theme_icon(size) for size in ICON_SIZES]
        files = [path for path in rendered if path.is_file()] or [icon_source()]
    except FileNotFoundError:  # an incomplete install: a window without an icon still works
        return icon
    for path in files:
        if path.is_file():
            icon.addFile(str(path))
    return icon
