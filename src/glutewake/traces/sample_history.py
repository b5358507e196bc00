"""Years of made-up but plausible history, for the chart pictures in the docs and the benchmarks.

Workdays only: a start between 07:45 and 09:15, sitting bouts of mostly 10 to 40 minutes with a
long one now and then, short breaks, a lunch away, and an end of day after seven to nine hours.
Prompts fall where a bout passes the interval and get a mix of answers; a "done" one ends the
bout with a routine. About one day in three has a spell at a standing desk, and one in four
no bout past the interval. Deterministic for a seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

from glutewake.core.models import (
    Bout,
    BreakKind,
    PromptRecord,
    PromptResponse,
    RoutineOutcome,
    RoutineResult,
    SpellKind,
    SpellRecord,
)
from glutewake.store.history import HistoryStore

ANSWERS = (
    (PromptResponse.DONE, 0.45),
    (PromptResponse.SNOOZED, 0.25),
    (PromptResponse.SKIPPED, 0.1),
    (PromptResponse.IGNORED, 0.2),
)
ENDINGS = ((BreakKind.NATURAL, 0.6), (BreakKind.LOCK, 0.35), (BreakKind.SUSPEND, 0.05))


@dataclass
class SampleHistory:
    bouts: list[Bout] = field(default_factory=list)
    prompts: list[PromptRecord] = field(default_factory=list)
    routines: list[RoutineOutcome] = field(default_factory=list)
    spells: list[SpellRecord] = field(default_factory=list)

    def write_to(self, store: HistoryStore) -> None:
        """Add everything, flushing a month at a time as the app would over that month."""
        pending = 0
        for bout in self.bouts:
            store.add_bout(bout)
            pending += 1
            if pending >= 400:
                store.flush()
                pending = 0
        for prompt in self.prompts:
            store.add_prompt(prompt)
        for routine in self.routines:
            store.add_routine(routine)
        for spell in self.spells:
            store.add_spell(spell)
        store.flush()


def _pick(rng: random.Random, table: tuple[tuple[object, float], ...]) -> object:
    return rng.choices([v for v, _ in table], [w for _, w in table])[0]


def sample_history(
    first: date, workdays: int, zone: tzinfo, *, seed: int = 1, interval_minutes: int = 30
) -> SampleHistory:
    rng = random.Random(seed)
    out = SampleHistory()
    day = first
    made = 0
    while made < workdays:
        if day.weekday() < 5:
            _one_day(out, day, zone, rng, interval_minutes * 60.0)
            made += 1
        day += timedelta(days=1)
    return out


def _one_day(
    out: SampleHistory, day: date, zone: tzinfo, rng: random.Random, interval_s: float
) -> None:
    start = datetime.combine(day, time(7, 45), tzinfo=zone).timestamp() + rng.uniform(0, 5400)
    end_of_day = start + rng.uniform(7 * 3600, 9 * 3600)
    lunch_at = datetime.combine(day, time(12, 0), tzinfo=zone).timestamp() + rng.uniform(
        -1800, 3600
    )
    lunch_taken = False
    stand_at = start + rng.uniform(3600, 5 * 3600) if rng.random() < 0.3 else None
    good_day = rng.random() < 0.25  # up before every interval: a day for the streak
    t = start
    while t < end_of_day:
        length = min(rng.lognormvariate(7.2, 0.6), 3 * 3600.0)  # median about 22 min
        if good_day:
            length = min(length, interval_s * rng.uniform(0.5, 0.95))
        bout_end = min(t + length, end_of_day)
        ended_by = _pick(rng, ENDINGS)
        assert isinstance(ended_by, BreakKind)
        due = t + interval_s
        repeat = 0
        while due < bout_end:
            answer = _pick(rng, ANSWERS)
            assert isinstance(answer, PromptResponse)
            routine_id = f"glutes-{rng.randint(1, 40)}" if answer == "done" else None
            out.prompts.append(PromptRecord(due, t, due - t, repeat, False, answer, routine_id))
            if answer == "done":
                bout_end = due + 20.0
                ended_by = BreakKind.ROUTINE
                out.routines.append(
                    RoutineOutcome(
                        str(routine_id), RoutineResult.DONE, 5, 5, bout_end, bout_end + 120.0
                    )
                )
                break
            due += 600.0 if answer == "snoozed" else 900.0
            repeat += 1
        if stand_at is not None and bout_end >= stand_at and ended_by is not BreakKind.ROUTINE:
            ended_by = BreakKind.STANDING
        out.bouts.append(Bout(t, bout_end, ended_by))
        if ended_by is BreakKind.STANDING:
            gap = rng.uniform(1200, 3600)
            out.spells.append(SpellRecord(SpellKind.STANDING, bout_end, bout_end + gap))
            stand_at = None
        elif not lunch_taken and bout_end >= lunch_at:
            gap = rng.uniform(1800, 3600)
            lunch_taken = True
        elif ended_by is BreakKind.ROUTINE:
            gap = rng.uniform(150, 400)
        else:
            gap = rng.uniform(90, 900)
        t = bout_end + gap
