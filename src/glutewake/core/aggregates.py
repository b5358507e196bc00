"""Daily and weekly summaries of sitting, prompts, routines and standing, for charts and reports.

Pure: the caller passes the history and the user's zone. Days are local calendar days cut with
`days.split_by_day`, so a DST day is 23 or 25 hours long and a bout across midnight counts on
both days. """

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, tzinfo
from itertools import pairwise

from glutewake.core.days import local_day, split_by_day
from glutewake.core.models import (
    Bout,
    PromptRecord,
    RoutineOutcome,
    RoutineResult,
    SpellKind,
    SpellRecord,
)

LONG_BOUT_S = 30 * 60
"""Bouts of 30 min or more are the ones the research ties to risk (Evans 2012, Diaz 2017)."""

@dataclass(frozen=True, slots=True)
class DaySummary:
    """One local day. Bout figures use the pieces cut at local midnight.

    A bout across midnight is judged per piece: a 40 min bout from 23:45 to 00:25 adds 15 min
    and 25 min to the two days' sitting, and counts as a long bout on neither. The chart shows
    days, so a day's figures only ever describe time inside that day.
    """

    day: date
    sitting_s: float = 0.0
    longest_bout_s: float = 0.0
    long_bouts: int = 0
    long_bout_s: float = 0.0
    breaks: int = 0
    span_s: float = 0.0
    """From the first bout start to the last bout end that day: the hours breaks are spread over."""
    prompts: int = 0
    prompts_answered: int = 0
    routines_done: int = 0
    standing_s: float = 0.0

    @property
    def breaks_per_hour(self) -> float:
        return self.breaks / (self.span_s / 3600.0) if self.span_s > 0 else 0.0

    def kept_to(self, interval_s: float) -> bool:
        """A day with sitting on which no bout reached `interval_s`: a streak day.

        A day without any sitting is not one: no record (a day off, a day still to come) is
        not a day the user kept to their breaks.
        """
        return self.sitting_s > 0 and self.longest_bout_s < interval_s


def _gaps(pieces: list[Bout]) -> int:
    ordered = sorted(pieces, key=lambda b: b.start)
    return sum(1 for a, b in pairwise(ordered) if b.start > a.end)


def summarise_days(
    bouts: Iterable[Bout],
    prompts: Iterable[PromptRecord],
    routines: Iterable[RoutineOutcome],
    spells: Iterable[SpellRecord],
    zone: tzinfo,
) -> dict[date, DaySummary]:
    """Every local day with a bout, prompt, routine or standing spell, summarised."""
    by_day: dict[date, dict[str, float]] = defaultdict(lambda: defaultdict(float))

    for day, pieces in split_by_day(bouts, zone).items():
        row = by_day[day]
        lengths = [p.seconds for p in pieces]
        long = [s for s in lengths if s >= LONG_BOUT_S]
        row["sitting_s"] = sum(lengths)
        row["longest_bout_s"] = max(lengths, default=0.0)
        row["long_bouts"] = len(long)
        row["long_bout_s"] = sum(long)
        row["breaks"] = _gaps(pieces)
        row["span_s"] = max(p.end for p in pieces) - min(p.start for p in pieces)

    for prompt in prompts:
        row = by_day[local_day(prompt.at, zone)]
        row["prompts"] += 1
        if prompt.response is not None and prompt.response.is_answer:
            row["prompts_answered"] += 1

    for routine in routines:
        row = by_day[local_day(routine.ended, zone)]
        if routine.outcome is RoutineResult.DONE:  # a partial routine is not one done
            row["routines_done"] += 1

    standing = [Bout(s.start, s.end) for s in spells if s.kind is SpellKind.STANDING]
    for day, pieces in split_by_day(standing, zone).items():
        by_day[day]["standing_s"] += sum(p.seconds for p in pieces)

    return {day: _summary(day, row) for day, row in sorted(by_day.items())}


def _summary(day: date, row: Mapping[str, float]) -> DaySummary:
    return DaySummary(
        day=day,
        sitting_s=row.get("sitting_s", 0.0),
        longest_bout_s=row.get("longest_bout_s", 0.0),
        long_bouts=int(row.get("long_bouts", 0)),
        long_bout_s=row.get("long_bout_s", 0.0),
        breaks=int(row.get("breaks", 0)),
        span_s=row.get("span_s", 0.0),
        prompts=int(row.get("prompts", 0)),
        prompts_answered=int(row.get("prompts_answered", 0)),
        routines_done=int(row.get("routines_done", 0)),
        standing_s=row.get("standing_s", 0.0),
    )
