"""What the day and week charts draw, worked out without Qt so it can be tested in milliseconds.

The chart widgets only paint what is here. A day runs along its real elapsed hours from local
midnight (23 or 25 on a DST change), with tick labels read from the zone, so a bout's bar is
as long as the bout whatever the clocks did that night.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import Enum
from itertools import pairwise

from glutewake.core.aggregates import DaySummary, summarise_days
from glutewake.core.days import day_length_s, local_midnight, split_by_day
from glutewake.core.durations import minutes_text
from glutewake.core.models import (
    Bout,
    BreakKind,
    PromptRecord,
    PromptResponse,
    RoutineOutcome,
    SpellKind,
    SpellRecord,
)


class LengthClass(Enum):
    """Bout length classes, as the charts colour them and their legends name them."""

    SHORT = "under 30 min"
    MEDIUM = "30-60 min"
    LONG = "over 60 min"


def length_class(seconds: float) -> LengthClass:
    if seconds < 30 * 60:
        return LengthClass.SHORT
    if seconds <= 60 * 60:
        return LengthClass.MEDIUM
    return LengthClass.LONG


#: How a break is named on the chart, by what ended the bout before it.
BREAK_WORDS = {
    BreakKind.NATURAL: "away",
    BreakKind.ROUTINE: "routine",
    BreakKind.LOCK: "screen locked",
    BreakKind.SUSPEND: "machine asleep",
    BreakKind.STANDING: "standing",
    BreakKind.ANSWER: "away (you said)",
}

#: How a prompt is named on the chart, by what the user did with it.
PROMPT_WORDS: dict[PromptResponse | None, str] = {
    **{response: response.value for response in PromptResponse},
    None: "no answer",
}


def _clock(t: float, zone: tzinfo) -> str:
    return f"{datetime.fromtimestamp(t, UTC).astimezone(zone):%H:%M}"




@dataclass(frozen=True, slots=True)
class BoutBar:
    x0: float
    """Hours since local midnight, elapsed (not wall-clock)."""
    x1: float
    seconds: float
    length: LengthClass
    label: str
    """"09:12-10:05, 53 min sitting": what hovering the bar shows."""


@dataclass(frozen=True, slots=True)
class Mark:
    """A break or a prompt at a moment of the day."""

    x: float
    what: str
    """The word the legend uses: a break's kind or a prompt's answer."""
    label: str


@dataclass(frozen=True, slots=True)
class DayChart:
    day: date
    hours: float
    """The day's real length: 24, or 23 or 25 on a DST change."""
    ticks: tuple[tuple[float, str], ...]
    """Every full local hour: (elapsed hours, "HH:00")."""
    bouts: tuple[BoutBar, ...]
    standing: tuple[tuple[float, float], ...]
    breaks: tuple[Mark, ...]
    prompts: tuple[Mark, ...]
    total_x: tuple[float, ...]
    total_minutes: tuple[float, ...]
    """The running sitting total as a line through (total_x, total_minutes)."""
    summary: DaySummary

    @property
    def empty(self) -> bool:
        return not self.bouts and not self.prompts and not self.standing

    def hover_text(self, x: float, lane: str, reach: float = 0.1) -> str | None:
        """What hovering at `x` hours in a lane ("sitting", "breaks", "prompts") shows.

        `reach` (hours) is how near a mark the pointer must be: about a few pixels.
        """
        if lane == "sitting":
            for bar in self.bouts:
                if bar.x0 <= x <= bar.x1:
                    return bar.label
            return None
        marks = self.breaks if lane == "breaks" else self.prompts if lane == "prompts" else ()
        near = [m for m in marks if abs(m.x - x) <= reach]
        return min(near, key=lambda m: abs(m.x - x)).label if near else None


def _hour_ticks(day: date, zone: tzinfo) -> tuple[tuple[float, str], ...]:
    start = local_midnight(day, zone)
    end = local_midnight(day + timedelta(days=1), zone)
    ticks = []
    t = start
    while t < end + 1:  # the closing midnight too, labelled 24:00
        local = datetime.fromtimestamp(t, UTC).astimezone(zone)
        label = "24:00" if t >= end else f"{local:%H}:00"
        if local.minute == 0 or t >= end:
            ticks.append(((t - start) / 3600.0, label))
        t += 3600.0
    return tuple(ticks)


def day_chart(
    day: date,
    zone: tzinfo,
    *,
    bouts: Iterable[Bout],
    prompts: Iterable[PromptRecord],
    routines: Iterable[RoutineOutcome],
    spells: Iterable[SpellRecord],
) -> DayChart:
    """The day's picture from the records that touch it (others are ignored)."""
    start = local_midnight(day, zone)
    end = local_midnight(day + timedelta(days=1), zone)

    def x(t: float) -> float:
        return (min(max(t, start), end) - start) / 3600.0

    pieces = sorted(split_by_day(bouts, zone).get(day, []), key=lambda b: b.start)
    bars = tuple(
        BoutBar(
            x(p.start),
            x(p.end),
            p.seconds,
            length_class(p.seconds),
            f"{_clock(p.start, zone)}-{_clock(p.end, zone)}, {minutes_text(p.seconds)} sitting",
        )
        for p in pieces
    )
    breaks = []
    for before, after in pairwise(pieces):
        if after.start <= before.end:
            continue
        kind = before.ended_by or BreakKind.NATURAL
        word = BREAK_WORDS[kind]
        breaks.append(
            Mark(
                x((before.end + after.start) / 2),
                word,
                f"Break {_clock(before.end, zone)}-{_clock(after.start, zone)},"
                f" {minutes_text(after.start - before.end)}: {word}",
            )
        )
    day_prompts = [p for p in prompts if start <= p.at < end]
    marks = tuple(
        Mark(
            x(p.at),
            PROMPT_WORDS.get(p.response, "no answer"),
            f"Prompt at {_clock(p.at, zone)}: {PROMPT_WORDS.get(p.response, 'no answer')}",
        )
        for p in sorted(day_prompts, key=lambda p: p.at)
    )
    day_spells = list(spells)
    standing = tuple(
        (x(s.start), x(s.end))
        for s in day_spells
        if s.kind is SpellKind.STANDING and s.end > start and s.start < end
    )
    total_x: list[float] = [0.0]
    total_m: list[float] = [0.0]
    running = 0.0
    for p in pieces:
        total_x.append(x(p.start))
        total_m.append(running / 60.0)
        running += p.seconds
        total_x.append(x(p.end))
        total_m.append(running / 60.0)
    total_x.append((end - start) / 3600.0)
    total_m.append(running / 60.0)
    summary = summarise_days(
        pieces,
        day_prompts,
        [r for r in routines if start <= r.ended < end],
        day_spells,
        zone,
    ).get(day, DaySummary(day))
    return DayChart(
        day=day,
        hours=day_length_s(day, zone) / 3600.0,
        ticks=_hour_ticks(day, zone),
        bouts=bars,
        standing=standing,
        breaks=tuple(breaks),
        prompts=marks,
        total_x=tuple(total_x),
        total_minutes=tuple(total_m),
        summary=summary,
    )


@dataclass(frozen=True, slots=True)
class DayColumn:
    """One day of the week (or month) chart."""

    day: date
    minutes_by_length: tuple[float, float, float]
    """Sitting minutes in bouts under 30, 30-60 and over 60 min."""
    longest_minutes: float
    breaks: int
    within_interval: bool
    """Sat that day, and no bout reached the interval: a day for the streak."""


@dataclass(frozen=True, slots=True)
class PeriodChart:
    """Days side by side: a week (Monday to Sunday) or a calendar month."""

    title: str
    first: date
    columns: tuple[DayColumn, ...]
    interval_minutes: int

    @property
    def streak_days(self) -> int:
        return sum(1 for c in self.columns if c.within_interval)

    @property
    def days_sat(self) -> int:
        return sum(1 for c in self.columns if sum(c.minutes_by_length) > 0)

    @property
    def empty(self) -> bool:
        return self.days_sat == 0


def period_chart(
    title: str,
    days: Iterable[date],
    zone: tzinfo,
    bouts: Iterable[Bout],
    interval_minutes: int,
) -> PeriodChart:
    """Columns for `days`, from the bouts that touch them (pieces cut at local midnight)."""
    by_day = split_by_day(bouts, zone)
    summaries = summarise_days(_all_pieces(by_day), (), (), (), zone)
    columns = []
    wanted = sorted(days)
    for d in wanted:
        pieces = by_day.get(d, [])
        split = [0.0, 0.0, 0.0]
        for p in pieces:
            split[list(LengthClass).index(length_class(p.seconds))] += p.seconds / 60.0
        summary = summaries.get(d, DaySummary(d))
        columns.append(
            DayColumn(
                day=d,
                minutes_by_length=(split[0], split[1], split[2]),
                longest_minutes=summary.longest_bout_s / 60.0,
                breaks=summary.breaks,
                within_interval=summary.kept_to(interval_minutes * 60.0),
            )
        )
    return PeriodChart(title, wanted[0], tuple(columns), interval_minutes)


def _all_pieces(by_day: dict[date, list[Bout]]) -> list[Bout]:
    return [p for pieces in by_day.values() for p in pieces]


def week_days(iso_year: int, iso_week: int) -> tuple[date, ...]:
    return tuple(date.fromisocalendar(iso_year, iso_week, d) for d in range(1, 8))


def month_days(year: int, month: int) -> tuple[date, ...]:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return tuple(first + timedelta(days=n) for n in range((following - first).days))


def week_title(iso_year: int, iso_week: int) -> str:
    days = week_days(iso_year, iso_week)
    return f"Week {iso_week}, {iso_year} ({days[0]:%a %d %b} to {days[-1]:%a %d %b})"


def month_title(year: int, month: int) -> str:
    return f"{date(year, month, 1):%B %Y}"
