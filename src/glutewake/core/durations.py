"""Durations in the words the user reads: one rounding for the tray, the charts and reports.

A bout shown as "30 min" in the chart must not read "29 min" in the tray: every place that
turns seconds into minutes for the user goes through here, rounding to the nearest minute
(half a minute up).
"""

from __future__ import annotations

import math


def whole_minutes(seconds: float) -> int:
    """Seconds to the nearest whole minute, half a minute rounding up."""
    return math.floor(seconds / 60.0 + 0.5)


def minutes_text(seconds: float) -> str:
    """ "38 min", or "1 h 05 min" from an hour on."""
    minutes = whole_minutes(seconds)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"
