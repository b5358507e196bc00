"""The user's local day against the steady timeline: midnight, a new zone, a moved wall clock.

The engine counts on a timeline that never jumps; working hours and days are local. At local
midnight the history is trimmed to what the user keeps and memory lets go of yesterday. A new
time zone (travel, DST rules re-read) or a wall-clock jump (a manual change) moves the local
day against the timeline, so the day's bounds and the next midnight are worked out again.
"""

from __future__ import annotations

import logging
import time

from glutewake.app.loop import SittingLoop
from glutewake.app.recorder import HistoryRecorder
from glutewake.clock import Clock
from glutewake.scheduling import JobScheduler

log = logging.getLogger("glutewake.app")

#: A wall-clock move larger than this is a jump (a manual change), not NTP's slewing.
WALL_JUMP_S = 30.0
MIDNIGHT_JOB = "midnight"


def zone_now() -> tuple[int, str]:
    """The local zone's offset and name, as the C library sees them now."""
    now = time.localtime()
    return now.tm_gmtoff, now.tm_zone


class DayWatch:
    """Arms each local midnight, and notices a new zone or a wall-clock jump when it looks."""

    def __init__(
        self,
        clock: Clock,
        scheduler: JobScheduler,
        loop: SittingLoop,
        recorder: HistoryRecorder,
    ) -> None:
        self._clock = clock
        self._scheduler = scheduler
        self._loop = loop
        self._recorder = recorder
        self._zone = zone_now()
        self._drift = clock.wall_drift()

    def at_midnight(self) -> None:
        """A new local day: trim, redraw, and arm the next rollover (DST-safe: asks the zone)."""
        self._scheduler.at(MIDNIGHT_JOB, self._loop.next_local_midnight(), self.at_midnight)
        self._recorder.forget_old_history(self._loop.settings.history_retention_days)
        self._recorder.let_go_of_yesterday()
        self._loop.refresh()

    def look(self) -> None:
        """Called every few seconds: has the zone or the wall clock moved?"""
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
            self._loop.apply_settings(self._loop.settings)  # the day's bounds again
            self.at_midnight()
