"""Colours and symbols of the charts, taken from the system palette so they suit light and dark.

The data colours come from the Okabe-Ito set, which people with the common colour-vision
deficiencies can tell apart; every mark also differs by symbol, never by colour alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QApplication

from glutewake.core.chart_data import LengthClass

LENGTH_COLOURS = {
    LengthClass.SHORT: "#56B4E9",  # sky blue: the bouts to aim for
    LengthClass.MEDIUM: "#E69F00",  # orange
    LengthClass.LONG: "#D55E00",  # vermilion: the bouts that matter most
}
STANDING_COLOUR = "#009E73"
TOTAL_COLOUR = "#CC79A7"

#: A prompt's mark by what the user did: (symbol, colour).
PROMPT_MARKS = {
    "done": ("o", "#009E73"),
    "snoozed": ("t", "#E69F00"),
    "skipped": ("x", None),  # None: the text colour
    "ignored": ("s", "#D55E00"),
    "dismissed": ("s", "#D55E00"),
    "no answer": ("s", "#D55E00"),
}

#: A break's mark by what ended the bout before it.
BREAK_MARKS = {
    "away": ("d", None),
    "routine": ("o", "#009E73"),
    "screen locked": ("s", None),
    "machine asleep": ("h", None),
    "standing": ("t1", STANDING_COLOUR),
    "away (you said)": ("d", None),
}


@dataclass(frozen=True, slots=True)
class ChartStyle:
    background: QColor
    text: QColor
    grid: QColor
    dark: bool

    def mark_colour(self, colour: str | None) -> QColor:
        return self.text if colour is None else QColor(colour)


def current_style() -> ChartStyle:
    """The style for the application's palette as it is now (it changes with the desktop)."""
    palette = QApplication.palette()
    background = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    dark = background.lightness() < 128
    grid = QColor(text)
    grid.setAlpha(45)
    return ChartStyle(background, text, grid, dark)


def swatch(kind: str, colour: QColor, size: int = 14) -> QPixmap:
    """A legend sample: a bar ("bar"), a line ("line"), a star ("★") or a scatter symbol."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(colour, 2)
    m = 2.0
    box = QRectF(m, m, size - 2 * m, size - 2 * m)
    if kind == "bar":
        painter.fillRect(box, colour)
    elif kind == "★":
        painter.setPen(colour)
        painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, "★")
    elif kind == "line":
        painter.setPen(pen)
        painter.drawLine(QPointF(0, size / 2), QPointF(size, size / 2))
    elif kind == "x":
        painter.setPen(pen)
        painter.drawLine(box.topLeft(), box.bottomRight())
        painter.drawLine(box.topRight(), box.bottomLeft())
    else:
        path = QPainterPath()
        c = box.center()
        if kind == "o":
            path.addEllipse(box)
        elif kind == "s":
            path.addRect(box)
        elif kind == "d":
            path.addPolygon(
                QPolygonF(
                    [
                        QPointF(c.x(), m),
                        QPointF(size - m, c.y()),
                        QPointF(c.x(), size - m),
                        QPointF(m, c.y()),
                    ]
                )
            )
        elif kind == "h":  # a hexagon, pointy side up
            r = (size - 2 * m) / 2
            path.addPolygon(
                QPolygonF(
                    [
                        QPointF(
                            c.x() + r * math.cos(math.radians(90 + 60 * k)),
                            c.y() - r * math.sin(math.radians(90 + 60 * k)),
                        )
                        for k in range(6)
                    ]
                )
            )
        elif kind == "t":  # pointing down, as pyqtgraph's "t"
            path.addPolygon(
                QPolygonF([QPointF(m, m), QPointF(size - m, m), QPointF(c.x(), size - m)])
            )
        else:  # "t1": pointing up
            path.addPolygon(
                QPolygonF([QPointF(m, size - m), QPointF(size - m, size - m), QPointF(c.x(), m)])
            )
        path.closeSubpath()
        painter.fillPath(path, colour)
    painter.end()
    return pixmap


def dark_palette() -> QPalette:
    """A dark palette for `glutewake chart --dark`, where no desktop tells us its own."""
    palette = QPalette()
    role = QPalette.ColorRole
    for r, value in (
        (role.Window, "#202124"),
        (role.Base, "#1b1b1d"),
        (role.AlternateBase, "#2a2a2d"),
        (role.Text, "#e8e8e8"),
        (role.WindowText, "#e8e8e8"),
        (role.Button, "#2d2d30"),
        (role.ButtonText, "#e8e8e8"),
    ):
        palette.setColor(r, QColor(value))
    return palette
