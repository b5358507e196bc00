"""The user's local day against the steady timeline: midnight, a new zone, a moved wall clock.

The engine counts on a timeline that never jumps; working hours and days are local. A new
time zone (travel, DST rules re-read) or a wall-clock jump (a manual change) moves the local
day against that timeline, so the day's bounds and the next midnight are worked out again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from glutewake.clock import Clock

log = logging.getLogger("glutewake.app")

#: A wall-clock move larger than this is a jump (a manual change), not NTP's slewing.
WALL_JUMP_S = 30.0


def zone_now() -> tuple[int, str]:
    """The local zone's offset and name, as the C library sees them now."""
    now = time.localtime()
    return now.tm_gmtoff, now.tm_zone


class DayWatch:
    """Notices a new zone or a wall-clock jump when asked to look (every few seconds)."""

    def __init__(self, clock: Clock, on_time_moved: Callable[[], None]) -> None:
        self._clock = clock
        self._on_time_moved = on_time_moved
        self._zone = zone_now()
        self._drift = clock.wall_drift()

    def look(self) -> None:
        time.tzset()  # a running process otherwise keeps the zone it started with
        zone, drift = zone_now(), self._clock.wall_drift()
        if zone != self._zone or abs(drift - self._drift) > WALL_JUMP_S:
            log.info(
                "time zone %s -> %s, wall clock moved %+.0f s",
                self._zone[1],
                zone[1],
                drift - self._drift,
            )
            self._zone, self._drift = zone, drift
            self._on_time_moved()
