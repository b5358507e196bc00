"""The clock adapter: the only place that reads the wall or the monotonic clock.

The core works on one timeline of seconds that must never run backwards and must keep
counting through a suspend. This adapter builds it from CLOCK_BOOTTIME (monotonic, and
counts suspended time) where the platform has it, else time.monotonic(), anchored to the
wall clock once at start. Wall-clock jumps (NTP, a manual change, a time-zone change) do not
move the timeline; `wall_drift()` reports how far the wall clock has moved away from it, so
the app can store UTC that matches what the user sees.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_BOOTTIME = getattr(time, "CLOCK_BOOTTIME", None)


def _steady() -> float:
    """Seconds from an arbitrary start; counts time suspended where the OS allows."""
    if _BOOTTIME is not None:
        return time.clock_gettime(_BOOTTIME)
    return time.monotonic()


def suspended_s() -> float | None:
    """Seconds this machine has spent suspended since boot, where the OS can tell.

    CLOCK_BOOTTIME counts suspended time and CLOCK_MONOTONIC does not: their gap grows by
    exactly the time asleep, which is how a missed suspend signal is noticed.
    """
    if _BOOTTIME is None:
        return None
    return time.clock_gettime(_BOOTTIME) - time.monotonic()


class Clock:
    """Timeline seconds, POSIX-like (so they read as UTC), steady across wall-clock jumps."""

    def __init__(self) -> None:
        self._steady_anchor = _steady()
        self._wall_anchor = time.time()

    def now(self) -> float:
        return self._wall_anchor + (_steady() - self._steady_anchor)

    def from_monotonic(self, mono: float) -> float:
        """A recent `time.monotonic()` stamp (taken on another thread), on the timeline.

        The two clocks part by the time spent suspended, so their offset is read now, not
        at start: a stamp from the last second or two maps exactly.
        """
        return self.now() - (time.monotonic() - mono)

    def wall_drift(self) -> float:
        """Wall clock minus timeline: non-zero after a wall-clock jump."""
        return time.time() - self.now()

    def local(self, t: float) -> datetime:
        """A timeline moment as the user's local, zone-aware wall time (after any jump)."""
        return datetime.fromtimestamp(t + self.wall_drift(), UTC).astimezone()


def local_zone() -> tzinfo:
    """The user's time zone with its DST rules, for cutting history into local days.

    `datetime.astimezone()` alone gives a fixed offset, wrong for half the year's days; a
    named zone (TZ, then /etc/localtime) knows when the clocks change.
    """
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass  # a POSIX rule string or a path: let the C library read it below
    else:
        try:
            target = os.readlink("/etc/localtime")
            if "zoneinfo/" in target:
                return ZoneInfo(target.split("zoneinfo/", 1)[1])
        except (OSError, ZoneInfoNotFoundError, ValueError):
            pass
        try:
            with open("/etc/localtime", "rb") as file:
                return ZoneInfo.from_file(file, key="localtime")
        except (OSError, ValueError):
            pass
    return _CLibraryZone()


class _CLibraryZone(tzinfo):
    """Whatever zone the C library uses, asked one moment at a time (no tz database)."""

    def utcoffset(self, dt: datetime | None) -> timedelta:
        if dt is None:
            return timedelta(seconds=time.localtime().tm_gmtoff)
        stamp = time.mktime((*dt.timetuple()[:8], -1))
        return timedelta(seconds=time.localtime(stamp).tm_gmtoff)

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)

    def tzname(self, dt: datetime | None) -> str:
        return time.strftime("%Z")

    def fromutc(self, dt: datetime) -> datetime:
        stamp = dt.replace(tzinfo=UTC).timestamp()
        offset = timedelta(seconds=time.localtime(stamp).tm_gmtoff)
        return (dt + offset).replace(tzinfo=self)
