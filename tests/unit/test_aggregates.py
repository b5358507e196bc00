"""The daily and weekly figures the charts and reports show."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glutewake.core.aggregates import DaySummary, summarise_days
from glutewake.core.models import Bout, PromptRecord, RoutineOutcome, SpellRecord
from glutewake.core.report import Report

BERLIN = ZoneInfo("Europe/Berlin")


def at(local: str) -> float:
    """A Berlin wall-clock time (never an ambiguous one) as POSIX seconds."""
    return datetime.fromisoformat(local).replace(tzinfo=BERLIN).timestamp()


def utc(moment: str) -> float:
    return datetime.fromisoformat(moment).replace(tzinfo=UTC).timestamp()


def bout(start: str, end: str) -> Bout:
    return Bout(at(start), at(end))


def prompt(when: str, response: str | None) -> PromptRecord:
    return PromptRecord(at(when), at(when) - 1800, 1800, 0, False, response)


def routine(ended: str, outcome: str) -> RoutineOutcome:
    return RoutineOutcome("r", outcome, 3, 5, at(ended) - 120, at(ended))


def days_of(bouts: list[Bout], prompts=(), routines=(), spells=()) -> dict[date, DaySummary]:
    return summarise_days(bouts, prompts, routines, spells, BERLIN)


def test_a_normal_workday() -> None:
    bouts = [
        bout("2026-06-10 09:00", "2026-06-10 09:40"),
        bout("2026-06-10 09:45", "2026-06-10 10:05"),
        bout("2026-06-10 10:10", "2026-06-10 11:10"),
    ]
    routines = [
        routine("2026-06-10 09:42", "done"),
        routine("2026-06-10 10:07", "partial"),
        routine("2026-06-10 11:12", "skipped"),
    ]
    day = days_of(bouts, routines=routines)[date(2026, 6, 10)]
    assert day.sitting_s == 7200
    assert day.longest_bout_s == 3600
    assert (day.long_bouts, day.long_bout_s) == (2, 6000)
    assert day.breaks == 2
    assert day.span_s == 7800  # 09:00 to 11:10
    assert day.breaks_per_hour == pytest.approx(2 / (7800 / 3600))
    assert day.routines_done == 1  # the partial one is not counted as done


def test_a_bout_across_midnight_counts_on_both_days_and_is_not_a_break() -> None:
    days = days_of(
        [
            bout("2026-06-10 23:20", "2026-06-11 00:40"),
            bout("2026-06-11 01:00", "2026-06-11 01:10"),
        ]
    )
    first, second = days[date(2026, 6, 10)], days[date(2026, 6, 11)]
    assert (first.sitting_s, second.sitting_s) == (2400, 2400 + 600)
    assert first.longest_bout_s == second.longest_bout_s == 2400
    assert (first.long_bouts, second.long_bouts) == (1, 1)
    assert first.breaks == 0
    assert second.breaks == 1  # the 00:40-01:00 gap; midnight itself is no break
    assert second.span_s == 70 * 60


def test_long_bouts_are_judged_on_the_pieces_cut_at_midnight() -> None:
    days = days_of([bout("2026-06-10 23:45", "2026-06-11 00:25")])
    assert [d.long_bouts for d in days.values()] == [0, 0]
    assert [d.sitting_s for d in days.values()] == [900, 1500]


def test_spring_forward_day_has_23_hours_and_exact_totals() -> None:
    # 02:00 CET jumps to 03:00 CEST at 01:00 UTC: 01:30 to 03:30 on the wall is one hour.
    days = days_of(
        [
            bout("2026-03-29 01:30", "2026-03-29 03:30"),
            bout("2026-03-28 22:00", "2026-03-28 23:00"),
        ]
    )
    assert days[date(2026, 3, 29)].sitting_s == 3600
    assert days[date(2026, 3, 29)].longest_bout_s == 3600
    whole = days_of([bout("2026-03-28 23:00", "2026-03-30 01:00")])
    assert [d.sitting_s for d in whole.values()] == [3600, 23 * 3600, 3600]


def test_fall_back_day_has_25_hours_and_counts_the_repeated_hour() -> None:
    # 03:00 CEST falls back to 02:00 CET at 01:00 UTC: 02:30 CEST to 02:30 CET is one hour.
    days = days_of([Bout(utc("2026-10-25 00:30"), utc("2026-10-25 01:30"))])
    assert days[date(2026, 10, 25)].sitting_s == 3600
    assert days[date(2026, 10, 25)].long_bouts == 1
    whole = days_of([bout("2026-10-24 23:00", "2026-10-26 01:00")])
    assert [d.sitting_s for d in whole.values()] == [3600, 25 * 3600, 3600]


def test_answered_and_unanswered_prompts() -> None:
    prompts = [
        prompt("2026-06-10 10:00", "done"),
        prompt("2026-06-10 10:30", "snoozed"),
        prompt("2026-06-10 11:00", "skipped"),
        prompt("2026-06-10 11:30", "ignored"),
        prompt("2026-06-10 12:00", "dismissed"),
        prompt("2026-06-10 12:30", None),
        prompt("2026-06-11 00:10", "done"),
    ]
    days = days_of([], prompts=prompts)
    assert (days[date(2026, 6, 10)].prompts, days[date(2026, 6, 10)].prompts_answered) == (6, 3)
    assert (days[date(2026, 6, 11)].prompts, days[date(2026, 6, 11)].prompts_answered) == (1, 1)
    assert days[date(2026, 6, 10)].sitting_s == 0


def test_standing_across_midnight_is_cut_and_pauses_are_not_standing() -> None:
    spells = [
        SpellRecord("standing", at("2026-06-10 23:30"), at("2026-06-11 00:15")),
        SpellRecord("paused", at("2026-06-11 09:00"), at("2026-06-11 10:00")),
    ]
    days = days_of([], spells=spells)
    assert days[date(2026, 6, 10)].standing_s == 1800
    assert days[date(2026, 6, 11)].standing_s == 900


def week_report(days: dict[date, DaySummary], monday: date, interval_minutes: int) -> Report:
    """The report `glutewake report --week` prints: seven local days, missing ones as zeros."""
    week = [monday + timedelta(days=n) for n in range(7)]
    return Report("week", tuple(days.get(d, DaySummary(d)) for d in week), interval_minutes, BERLIN)


def test_a_week_with_an_empty_day() -> None:
    bouts = [
        bout("2026-06-08 09:00", "2026-06-08 09:20"),  # Monday, within 30 min
        bout("2026-06-09 09:00", "2026-06-09 09:50"),  # Tuesday, one long bout
        bout("2026-06-11 09:00", "2026-06-11 09:25"),  # Thursday; Wednesday is empty
        bout("2026-06-11 09:30", "2026-06-11 09:55"),
        bout("2026-06-15 09:00", "2026-06-15 10:00"),  # next week's Monday
    ]
    prompts = [prompt("2026-06-12 10:00", "done")]  # Friday: a prompt but no sitting
    days = days_of(bouts, prompts=prompts)
    report = week_report(days, date(2026, 6, 8), 30)
    assert [d.day for d in report.days] == [date(2026, 6, d) for d in range(8, 15)]
    assert report.days[2] == DaySummary(date(2026, 6, 10))
    totals = report.totals
    assert totals["sitting_minutes"] == 20 + 50 + 50
    assert totals["longest_bout_minutes"] == 50
    assert (totals["bouts_30min_or_more"], totals["minutes_in_bouts_30min_or_more"]) == (1, 50)
    assert totals["breaks"] == 1
    assert totals["breaks_per_hour"] == pytest.approx(1 / ((20 + 50 + 55) / 60), abs=0.01)
    assert (totals["prompts"], totals["prompts_answered"]) == (1, 1)
    assert [d.day for d in report.days if d.kept_to(1800)] == [date(2026, 6, 8), date(2026, 6, 11)]
    assert [d.day for d in report.days if d.kept_to(3600)] == [
        date(2026, 6, 8),
        date(2026, 6, 9),
        date(2026, 6, 11),
    ]
    assert totals["days_within_interval"] == 2


def test_an_empty_week_is_seven_days_of_zeros() -> None:
    report = week_report({}, date(2026, 3, 23), 30)  # the week of the spring change
    assert len(report.days) == 7
    assert report.totals["sitting_minutes"] == report.totals["breaks_per_hour"] == 0
    assert not any(d.kept_to(1800) for d in report.days)


START = at("2026-03-27 12:00")


@given(
    st.lists(
        st.tuples(st.floats(0, 4 * 86400), st.floats(1, 3 * 86400)),
        max_size=20,
    )
)
def test_the_days_add_up_to_the_bouts(spans: list[tuple[float, float]]) -> None:
    # Laid end to end after gaps, from before the spring change through several days.
    bouts, t = [], START
    for gap, length in spans:
        bouts.append(Bout(t + gap, t + gap + length))
        t += gap + length
    days = summarise_days(bouts, [], [], [], BERLIN)
    assert sum(d.sitting_s for d in days.values()) == pytest.approx(
        sum(b.seconds for b in bouts), abs=1e-3
    )
    assert all(d.longest_bout_s <= 25 * 3600 for d in days.values())
