"""The app's own icon (windows, the welcome, the desktop file), from the package data."""

from __future__ import annotations

from importlib.resources import files

from PySide6.QtGui import QIcon

APP_ID = "invalid.example.glutewake"
"""The reverse-DNS name the desktop file, the AppStream metainfo and the icons share."""

SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """Every rendered size, so each desktop picks a sharp one; the SVG for anything else."""
    icons = files("glutewake") / "data" / "icons"
    icon = QIcon()
    for size in SIZES:
        png = icons / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        if png.is_file():
            icon.addFile(str(png))
    svg = icons / "glutewake.svg"
    if svg.is_file():
        icon.addFile(str(svg))
    return icon
