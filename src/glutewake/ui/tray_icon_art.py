"""The tray icon's picture: a ring that fills as the bout nears the interval.

Drawn with QPainter rather than shipped as images so it can show progress at a glance; each
distinct picture is drawn once and cached (a tray app updates its icon all day).
"""

from __future__ import annotations

from enum import Enum
from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

STEPS = 24  # the ring moves in 24 steps: fine enough to see, few enough to cache


class Mood(Enum):
    """What the icon's colour says."""

    CALM = "calm"  # well inside the interval
    SOON = "soon"  # past two thirds of it
    DUE = "due"  # at or past it
    RESTING = "resting"  # away, standing, paused or holding: nothing counts toward a prompt


_COLOURS = {
    Mood.CALM: QColor(46, 160, 90),
    Mood.SOON: QColor(230, 150, 20),
    Mood.DUE: QColor(210, 50, 40),
    Mood.RESTING: QColor(130, 130, 130),
}


def mood_for(fraction: float, resting: bool) -> Mood:
    if resting:
        return Mood.RESTING
    if fraction >= 1.0:
        return Mood.DUE
    if fraction >= 2 / 3:
        return Mood.SOON
    return Mood.CALM


def step_for(fraction: float) -> int:
    return max(0, min(STEPS, int(fraction * STEPS)))


@lru_cache(maxsize=4 * (STEPS + 1))
def tray_icon(step: int, mood: Mood) -> QIcon:
    """A ring `step`/STEPS full in the mood's colour, on a faint full ring."""
    icon = QIcon()
    for size in (16, 22, 24, 32, 48, 64):
        icon.addPixmap(_draw(size, step, mood))
    return icon


def _draw(size: int, step: int, mood: Mood) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    width = max(2.0, size / 6)
    box = QRectF(width / 2 + 1, width / 2 + 1, size - width - 2, size - width - 2)
    colour = _COLOURS[mood]
    track = QColor(colour)
    track.setAlpha(70)
    painter.setPen(QPen(track, width))
    painter.drawEllipse(box)
    if step > 0:
        pen = QPen(colour, width)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        span = -int(360 * 16 * step / STEPS)  # clockwise from twelve o'clock
        painter.drawArc(box, 90 * 16, span)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    dot = size * 0.22
    painter.drawEllipse(QRectF((size - dot) / 2, (size - dot) / 2, dot, dot))
    painter.end()
    return pixmap
