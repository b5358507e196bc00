"""`glutewake report` in its three formats: the same numbers, readable and parseable."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

from glutewake.core.aggregates import DaySummary, summarise_days
from glutewake.core.models import Bout, BreakKind, PromptRecord
from glutewake.core.report import DAY_FIELDS, Report, as_csv, as_json, as_text

BERLIN = ZoneInfo("Europe/Berlin")


def at(local: str) -> float:
    return datetime.fromisoformat(local).replace(tzinfo=BERLIN).timestamp()


BOUTS = (
    Bout(at("2026-11-24 09:00"), at("2026-11-24 09:20"), BreakKind.LOCK),
    Bout(at("2026-11-24 09:25"), at("2026-11-24 10:40"), BreakKind.ROUTINE),
)
PROMPT = PromptRecord(at("2026-11-24 09:55"), at("2026-11-24 09:25"), 1800, 0, False, "done")


def _day_report() -> Report:
    days = summarise_days(BOUTS, [PROMPT], [], [], BERLIN)
    return Report("Tuesday 24 November 2026", (days[date(2026, 11, 24)],), 30, BERLIN, BOUTS)


def test_json_carries_the_days_figures_and_its_bouts_in_local_time() -> None:
    out = json.loads(as_json(_day_report()))
    (row,) = out["days"]
    assert row["sitting_minutes"] == 95.0
    assert row["longest_bout_minutes"] == 75.0
    assert row["bouts_30min_or_more"] == 1
    assert row["breaks"] == 1
    assert row["prompts_answered"] == 1
    assert row["within_interval"] is False
    assert out["bouts"][1] == {
        "start": "2026-11-24T09:25:00+01:00",
        "end": "2026-11-24T10:40:00+01:00",
        "minutes": 75.0,
        "ended_by": "routine",
    }
    assert out["totals"]["sitting_minutes"] == 95.0


def test_csv_has_a_header_and_a_row_per_day_with_the_json_numbers() -> None:
    rows = list(csv.DictReader(io.StringIO(as_csv(_day_report()))))
    assert tuple(rows[0]) == DAY_FIELDS
    assert rows[0]["sitting_minutes"] == "95.0"
    assert rows[0]["within_interval"] == "false"


def test_text_lists_the_bouts_and_totals_in_words() -> None:
    text = as_text(_day_report())
    assert "Sitting                 1 h 35 min" in text
    assert "09:25-10:40" in text
    assert "ended by routine" in text
    assert "Prompts answered        1 of 1" in text


def test_a_week_report_counts_the_streak_days_and_an_empty_one_says_so() -> None:
    days = summarise_days(BOUTS, [], [], [], BERLIN)
    week = tuple(days.get(date(2026, 11, d)) or _empty(d) for d in range(23, 30))
    report = Report("Week 48", week, 90, BERLIN)
    text = as_text(report)
    assert "1 of 1 days sat" in text
    assert "Tue 2026-11-24" in text
    assert json.loads(as_json(report))["totals"]["days_within_interval"] == 1
    assert len(list(csv.DictReader(io.StringIO(as_csv(report))))) == 7
    nothing = Report("Week 1", tuple(_empty(d) for d in range(23, 30)), 30, BERLIN)
    assert "No sitting recorded." in as_text(nothing)


def _empty(day: int) -> DaySummary:
    return DaySummary(date(2026, 11, day))
