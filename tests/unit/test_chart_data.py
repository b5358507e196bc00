"""What the day and week charts draw: bars, marks, hover words and columns, DST days included."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from glutewake.core.chart_data import (
    LengthClass,
    day_chart,
    length_class,
    month_days,
    period_chart,
    week_days,
    week_title,
)
from glutewake.core.models import Bout, BreakKind, PromptRecord, RoutineOutcome, SpellRecord

BERLIN = ZoneInfo("Europe/Berlin")


def at(local: str) -> float:
    return datetime.fromisoformat(local).replace(tzinfo=BERLIN).timestamp()


def bout(start: str, end: str, kind: BreakKind | None = BreakKind.NATURAL) -> Bout:
    return Bout(at(start), at(end), kind)


DAY = date(2026, 11, 24)
BOUTS = [
    bout("2026-11-24 09:00", "2026-11-24 09:20", BreakKind.LOCK),
    bout("2026-11-24 09:25", "2026-11-24 10:10", BreakKind.ROUTINE),
    bout("2026-11-24 10:15", "2026-11-24 11:30"),
]
PROMPTS = [
    PromptRecord(at("2026-11-24 09:55"), at("2026-11-24 09:25"), 1800, 0, False, "done", "r1"),
    PromptRecord(at("2026-11-24 10:45"), at("2026-11-24 10:15"), 1800, 0, False, "snoozed"),
    PromptRecord(at("2026-11-24 11:00"), at("2026-11-24 10:15"), 2700, 1, False, None),
]
ROUTINES = [RoutineOutcome("r1", "done", 5, 5, at("2026-11-24 10:08"), at("2026-11-24 10:10"))]
SPELLS = [SpellRecord("standing", at("2026-11-24 14:00"), at("2026-11-24 14:45"))]


def test_bouts_are_coloured_by_their_length_class() -> None:
    assert length_class(29 * 60) is LengthClass.SHORT
    assert length_class(30 * 60) is LengthClass.MEDIUM
    assert length_class(60 * 60) is LengthClass.MEDIUM
    assert length_class(61 * 60) is LengthClass.LONG
    chart = day_chart(DAY, BERLIN, bouts=BOUTS, prompts=PROMPTS, routines=ROUTINES, spells=SPELLS)
    assert [b.length for b in chart.bouts] == [
        LengthClass.SHORT,
        LengthClass.MEDIUM,
        LengthClass.LONG,
    ]
    assert chart.bouts[0].x0 == pytest.approx(9.0)
    assert chart.bouts[2].x1 == pytest.approx(11.5)


def test_breaks_and_prompts_are_marked_by_what_happened() -> None:
    chart = day_chart(DAY, BERLIN, bouts=BOUTS, prompts=PROMPTS, routines=ROUTINES, spells=SPELLS)
    assert [m.what for m in chart.breaks] == ["screen locked", "routine"]
    assert [m.what for m in chart.prompts] == ["done", "snoozed", "no answer"]
    assert chart.standing == ((14.0, 14.75),)
    assert chart.summary.routines_done == 1
    assert chart.summary.prompts_answered == 2


def test_hover_names_the_times_and_lengths() -> None:
    chart = day_chart(DAY, BERLIN, bouts=BOUTS, prompts=PROMPTS, routines=ROUTINES, spells=SPELLS)
    assert chart.hover_text(9.5, "sitting") == "09:25-10:10, 45 min sitting"
    assert chart.hover_text(11.0, "sitting") == "10:15-11:30, 1 h 15 min sitting"
    assert chart.hover_text(9.36, "breaks") == "Break 09:20-09:25, 5 min: screen locked"
    assert chart.hover_text(10.76, "prompts") == "Prompt at 10:45: snoozed"
    assert chart.hover_text(13.0, "sitting") is None
    assert chart.hover_text(13.0, "prompts") is None


def test_the_running_total_climbs_only_while_sitting_and_ends_at_the_day_total() -> None:
    chart = day_chart(DAY, BERLIN, bouts=BOUTS, prompts=PROMPTS, routines=ROUTINES, spells=SPELLS)
    assert chart.total_minutes[-1] == pytest.approx(20 + 45 + 75)
    assert chart.total_minutes == tuple(sorted(chart.total_minutes))
    # Flat across the 5-minute break between the first two bouts.
    i = chart.total_x.index(pytest.approx(9 + 20 / 60))
    assert chart.total_minutes[i] == chart.total_minutes[i + 1] == pytest.approx(20)


def test_a_spring_forward_day_has_23_hours_and_bars_as_long_as_the_bouts() -> None:
    day = date(2026, 3, 29)  # Berlin: 02:00 CET becomes 03:00 CEST
    night = Bout(at("2026-03-29 01:30"), at("2026-03-29 03:30"))  # one real hour
    chart = day_chart(day, BERLIN, bouts=[night], prompts=[], routines=[], spells=[])
    assert chart.hours == 23
    (bar,) = chart.bouts
    assert bar.x1 - bar.x0 == pytest.approx(1.0)
    assert bar.label == "01:30-03:30, 1 h 00 min sitting"
    labels = [label for _, label in chart.ticks]
    assert "02:00" not in labels
    assert labels[0] == "00:00"
    assert labels[-1] == "24:00"
    assert len(labels) == 24  # 00:00 .. 23:00 less the missing hour, plus 24:00


def test_a_fall_back_day_has_25_hours_and_shows_the_repeated_hour_twice() -> None:
    chart = day_chart(date(2026, 10, 25), BERLIN, bouts=[], prompts=[], routines=[], spells=[])
    assert chart.hours == 25
    labels = [label for _, label in chart.ticks]
    assert labels.count("02:00") == 2
    assert chart.empty


def test_a_bout_across_midnight_is_drawn_on_both_days_up_to_midnight() -> None:
    late = Bout(at("2026-11-24 23:30"), at("2026-11-25 00:40"))
    first = day_chart(DAY, BERLIN, bouts=[late], prompts=[], routines=[], spells=[])
    second = day_chart(date(2026, 11, 25), BERLIN, bouts=[late], prompts=[], routines=[], spells=[])
    assert first.bouts[0].x1 == pytest.approx(24.0)
    assert first.bouts[0].length is LengthClass.MEDIUM  # 30 min of it that day
    assert second.bouts[0].x0 == 0.0
    assert second.bouts[0].length is LengthClass.MEDIUM


def test_week_columns_split_sitting_by_length_and_find_the_streak_days() -> None:
    monday, tuesday = week_days(2026, 48)[:2]
    bouts = [
        *BOUTS[:2],  # Tuesday 24th (20 + 45 min) ... plus the long one below
        BOUTS[2],
        bout("2026-11-23 09:00", "2026-11-23 09:25"),
        bout("2026-11-23 09:30", "2026-11-23 09:50"),
    ]
    week = period_chart(week_title(2026, 48), week_days(2026, 48), BERLIN, bouts, 30)
    assert [c.day for c in week.columns][:2] == [monday, tuesday]
    mon, tue = week.columns[:2]
    assert mon.minutes_by_length == pytest.approx((45.0, 0.0, 0.0))
    assert tue.minutes_by_length == pytest.approx((20.0, 45.0, 75.0))
    assert tue.longest_minutes == pytest.approx(75)
    assert (mon.breaks, tue.breaks) == (1, 2)
    assert (mon.within_interval, tue.within_interval) == (True, False)
    assert week.streak_days == 1
    assert week.days_sat == 2
    assert "Week 48, 2026" in week.title


def test_a_month_has_its_calendar_days() -> None:
    assert len(month_days(2026, 2)) == 28
    assert len(month_days(2028, 2)) == 29
    assert month_days(2026, 12)[-1] == date(2026, 12, 31)
