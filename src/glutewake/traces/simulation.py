"""Synthetic office days: activity traces with the truth behind them.

For the demo, the benchmarks and tests that need realistic input without anybody's real
activity. Deterministic for a given seed. A day is a mix of typing spells with thinking
pauses, reading spells with long pauses, calls with sparse input, short trips (some with the
screen locked), a lunch away (locked or suspended) and a locked screen at the end.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the truth: seated or up."""

    start: float
    end: float
    posture: str


@dataclass
class SimulatedDay:
    """Trace lines as `glutewake replay` reads them, and the truth they came from."""

    lines: list[dict[str, Any]] = field(default_factory=list)
    truth: list[Span] = field(default_factory=list)


class _Writer:
    def __init__(self, zone: ZoneInfo, rng: random.Random) -> None:
        self.zone = zone
        self.rng = rng
        self.day = SimulatedDay()

    def iso(self, t: float) -> str:
        return datetime.fromtimestamp(round(t), self.zone).isoformat()

    def event(self, t: float, kind: str, **extra: Any) -> None:
        self.day.lines.append({"t": self.iso(t), "type": kind, **extra})

    def inputs(self, start: float, end: float, *, rate_per_min: float, max_pause_s: float) -> None:
        """Input seconds from start to end: bursts at `rate_per_min`, pauses up to `max_pause_s`."""
        t = start
        while t < end:
            keys = self.rng.choice((0, 1, 2, 3, 4, 5, 6))
            pointer = self.rng.choice((0, 0, 3, 8, 12))
            scrolls = self.rng.choice((0, 0, 0, 1))
            clicks = self.rng.choice((0, 0, 0, 0, 1))
            if keys + pointer + scrolls + clicks == 0:
                keys = 1
            self.event(t, "input", keys=keys, pointer=pointer, clicks=clicks, scrolls=scrolls)
            if self.rng.random() < 0.04:
                t += self.rng.uniform(20.0, max_pause_s)
            else:
                t += self.rng.expovariate(rate_per_min / 60.0) + 1.0
            t = float(round(t))

    def seated(self, start: float, end: float) -> None:
        self.day.truth.append(Span(start, end, "seated"))

    def up(self, start: float, end: float) -> None:
        self.day.truth.append(Span(start, end, "up"))


def simulate_day(day: date, zone: ZoneInfo, seed: int) -> SimulatedDay:
    """One workday from about 08:30 to 17:30 local time."""
    rng = random.Random(f"{day.isoformat()}:{seed}")
    w = _Writer(zone, rng)
    t = datetime.combine(day, time(8, 30), tzinfo=zone).timestamp() + rng.uniform(-900, 900)
    t = float(round(t))
    lunch_at = datetime.combine(day, time(12, 0), tzinfo=zone).timestamp() + rng.uniform(0, 1800)
    end_at = datetime.combine(day, time(17, 15), tzinfo=zone).timestamp() + rng.uniform(0, 1800)
    w.event(t - 3, "unlock")
    lunched = False
    while t < end_at:
        length = rng.uniform(8, 70) * 60
        bout_end = min(t + length, end_at)
        w.seated(t, bout_end)
        _seated_spell(w, t, bout_end)
        last = max(_last_input(w.day), t)
        if bout_end >= end_at:
            w.event(last + 2, "lock")
            break
        if not lunched and bout_end >= lunch_at:
            lunched = True
            away = rng.uniform(30, 55) * 60
            if rng.random() < 0.5:
                w.event(last + 3, "suspend")
                w.event(bout_end + away - 20, "resume")
            else:
                w.event(last + 3, "lock")
                w.event(bout_end + away - 3, "unlock")
        else:
            away = rng.choice((rng.uniform(60, 180), rng.uniform(180, 600), rng.uniform(600, 1200)))
            if rng.random() < 0.6:
                w.event(last + 4, "lock")
                w.event(bout_end + away - 3, "unlock")
        w.up(bout_end, bout_end + away)
        t = float(round(bout_end + away))
    return w.day


def _seated_spell(w: _Writer, start: float, end: float) -> None:
    """Typing, reading or a call, switching every ten minutes or so."""
    t = start
    while t < end:
        piece_end = min(end, t + w.rng.uniform(5, 20) * 60)
        kind = w.rng.choices(("typing", "reading", "call"), weights=(6, 3, 1))[0]
        if kind == "call" and piece_end - t > 600:
            w.event(t, "input", keys=0, pointer=4, clicks=1, scrolls=0)
            w.event(t + 1, "call", active=True)
            w.inputs(t + 60, piece_end - 30, rate_per_min=0.4, max_pause_s=300)
            w.event(piece_end - 1, "input", keys=0, pointer=3, clicks=1, scrolls=0)
            w.event(piece_end, "call", active=False)
        elif kind == "reading":
            w.inputs(t, piece_end, rate_per_min=3, max_pause_s=200)
        else:
            w.inputs(t, piece_end, rate_per_min=16, max_pause_s=120)
        t = piece_end + 1.0
    if _last_input(w.day) < end - 1:
        w.event(end - 1, "input", keys=2, pointer=0, clicks=0, scrolls=0)


def _last_input(day: SimulatedDay) -> float:
    for line in reversed(day.lines):
        if line["type"] == "input":
            return datetime.fromisoformat(line["t"]).timestamp()
    return float("-inf")


def simulate_days(first: date, count: int, zone: ZoneInfo, seed: int = 1) -> SimulatedDay:
    """`count` consecutive workdays (weekends skipped), as one trace."""
    out = SimulatedDay()
    day = first
    made = 0
    while made < count:
        if day.weekday() < 5:
            one = simulate_day(day, zone, seed)
            out.lines.extend(one.lines)
            out.truth.extend(one.truth)
            made += 1
        day += timedelta(days=1)
    out.lines.sort(key=lambda line: datetime.fromisoformat(line["t"]).timestamp())
    return out
