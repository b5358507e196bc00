"""Cutting sitting into the user's local days, DST-safe.

Bouts live on a UTC timeline; a day is the user's local calendar day, which is 23 or 25
hours long on a DST change. Midnights are found by asking the zone, never by adding 24 h.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from glutewake.core.models import Bout


def local_midnight(day: date, zone: tzinfo) -> float:
    """The first moment of `day` in `zone`, as POSIX seconds."""
    return datetime.combine(day, time(0, 0), tzinfo=zone).timestamp()


def local_day(t: float, zone: tzinfo) -> date:
    return datetime.fromtimestamp(t, UTC).astimezone(zone).date()


def day_length_s(day: date, zone: tzinfo) -> float:
    """23 h, 24 h or 25 h: the real length of a local day."""
    return local_midnight(day + timedelta(days=1), zone) - local_midnight(day, zone)


def split_by_day(bouts: Iterable[Bout], zone: tzinfo) -> dict[date, list[Bout]]:
    """Each bout cut at local midnights; a bout across midnight counts on both days."""
    days: dict[date, list[Bout]] = defaultdict(list)
    for bout in bouts:
        start = bout.start
        while start < bout.end:
            day = local_day(start, zone)
            cut = min(bout.end, local_midnight(day + timedelta(days=1), zone))
            ended_by = bout.ended_by if cut == bout.end else None
            days[day].append(Bout(start, cut, ended_by))
            start = cut
    return dict(days)
