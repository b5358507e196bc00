"""What the tray tells its chart process, and what the chart process tells back: JSON lines.

The charts run in a process of their own (app/chart_process.py starts it, ui/chart_child.py
is its end), so the tray never loads pyqtgraph and numpy and gets its memory back when the
window closes. The child reads the stored history itself; only what the store does not hold
yet crosses the pipe: the local day the tray calls today, the interval to draw against, and
the bout still going. Times and counts only, never keys, text, windows or positions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from glutewake.core.models import Bout


class FeedError(ValueError):
    """A line that is not a message of this feed."""


@dataclass(frozen=True, slots=True)
class ChartFeed:
    """The tray's part of the charts: today, the interval, the bout going on, and whether to
    bring the window to the front (an "open charts" while it is already open)."""

    today: date
    interval_minutes: int
    live: Bout | None
    show: bool = False

    def line(self) -> bytes:
        live = None if self.live is None else [self.live.start, self.live.end]
        fields = {
            "today": self.today.isoformat(),
            "interval": self.interval_minutes,
            "live": live,
            "show": self.show,
        }
        return (json.dumps(fields) + "\n").encode()

    @classmethod
    def read(cls, line: bytes) -> ChartFeed:
        try:
            fields = json.loads(line)
            live = fields["live"]
            return cls(
                today=date.fromisoformat(fields["today"]),
                interval_minutes=int(fields["interval"]),
                live=None if live is None else Bout(float(live[0]), float(live[1])),
                show=bool(fields["show"]),
            )
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            raise FeedError(f"not a chart feed line: {exc}") from None


#: What the child says: "shown" once its window is on screen (and after each raise), "drawn"
#: with the title, the figures and the interval after each redraw the feed asked for.
SHOWN = "shown"
DRAWN = "drawn"


def report_line(event: str, **fields: Any) -> bytes:
    return (json.dumps({"event": event, **fields}) + "\n").encode()


def read_report(line: bytes) -> dict[str, Any] | None:
    """A report from the child, or None for a line that is not one."""
    try:
        fields = json.loads(line)
    except ValueError:
        return None
    return fields if isinstance(fields, dict) and isinstance(fields.get("event"), str) else None
