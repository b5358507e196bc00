"""`glutewake report` as text, JSON or CSV, from day summaries. Pure: strings in, strings out.

Every format carries the same numbers, rounded the same way, so a spreadsheet and the terminal
never disagree. Minutes are rounded to one decimal; times are local, with their UTC offset.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

from glutewake.core.aggregates import DaySummary
from glutewake.core.chart_data import BREAK_WORDS
from glutewake.core.durations import minutes_text
from glutewake.core.models import Bout

#: The CSV columns, one row per day; JSON uses the same names.
DAY_FIELDS = (
    "day",
    "sitting_minutes",
    "longest_bout_minutes",
    "bouts_30min_or_more",
    "minutes_in_bouts_30min_or_more",
    "breaks",
    "breaks_per_hour",
    "prompts",
    "prompts_answered",
    "routines_done",
    "standing_minutes",
    "within_interval",
)


@dataclass(frozen=True, slots=True)
class Report:
    """A day (with its bouts) or a run of days (a week, month or year)."""

    title: str
    days: tuple[DaySummary, ...]
    interval_minutes: int
    zone: tzinfo
    bouts: tuple[Bout, ...] = ()
    """For a one-day report: that day's bouts, cut at local midnight."""

    @property
    def totals(self) -> dict[str, Any]:
        days = self.days
        sitting = sum(d.sitting_s for d in days)
        span = sum(d.span_s for d in days)
        breaks = sum(d.breaks for d in days)
        sat = [d for d in days if d.sitting_s > 0]
        return {
            "days_with_sitting": len(sat),
            "sitting_minutes": _m(sitting),
            "average_sitting_minutes_per_day_sat": _m(sitting / len(sat)) if sat else 0.0,
            "longest_bout_minutes": _m(max((d.longest_bout_s for d in days), default=0.0)),
            "bouts_30min_or_more": sum(d.long_bouts for d in days),
            "minutes_in_bouts_30min_or_more": _m(sum(d.long_bout_s for d in days)),
            "breaks": breaks,
            "breaks_per_hour": round(breaks / (span / 3600.0), 2) if span > 0 else 0.0,
            "prompts": sum(d.prompts for d in days),
            "prompts_answered": sum(d.prompts_answered for d in days),
            "routines_done": sum(d.routines_done for d in days),
            "standing_minutes": _m(sum(d.standing_s for d in days)),
            "days_within_interval": sum(1 for d in days if d.kept_to(self.interval_s)),
        }

    @property
    def interval_s(self) -> float:
        return self.interval_minutes * 60.0

    def day_row(self, day: DaySummary) -> dict[str, Any]:
        return {
            "day": day.day.isoformat(),
            "sitting_minutes": _m(day.sitting_s),
            "longest_bout_minutes": _m(day.longest_bout_s),
            "bouts_30min_or_more": day.long_bouts,
            "minutes_in_bouts_30min_or_more": _m(day.long_bout_s),
            "breaks": day.breaks,
            "breaks_per_hour": round(day.breaks_per_hour, 2),
            "prompts": day.prompts,
            "prompts_answered": day.prompts_answered,
            "routines_done": day.routines_done,
            "standing_minutes": _m(day.standing_s),
            "within_interval": day.kept_to(self.interval_s),
        }

    def _local(self, t: float) -> datetime:
        return datetime.fromtimestamp(round(t), UTC).astimezone(self.zone)


def _m(seconds: float) -> float:
    return round(seconds / 60.0, 1)


def as_json(report: Report) -> str:
    out: dict[str, Any] = {
        "title": report.title,
        "interval_minutes": report.interval_minutes,
        "totals": report.totals,
        "days": [report.day_row(d) for d in report.days],
    }
    if len(report.days) == 1:
        out["bouts"] = [
            {
                "start": report._local(b.start).isoformat(),
                "end": report._local(b.end).isoformat(),
                "minutes": _m(b.seconds),
                "ended_by": b.ended_by.value if b.ended_by else None,
            }
            for b in report.bouts
        ]
    return json.dumps(out, indent=1) + "\n"


def as_csv(report: Report) -> str:
    """One row per day, with a header; booleans as true/false."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=DAY_FIELDS, lineterminator="\n")
    writer.writeheader()
    for day in report.days:
        row = report.day_row(day)
        row["within_interval"] = "true" if row["within_interval"] else "false"
        writer.writerow(row)
    return buffer.getvalue()


def _hm(minutes: float) -> str:
    return minutes_text(minutes * 60.0)


def as_text(report: Report) -> str:
    t = report.totals
    lines = [report.title, ""]
    if t["days_with_sitting"] == 0 and not t["prompts"]:
        lines.append("No sitting recorded.")
        return "\n".join(lines) + "\n"
    lines += [
        f"  Sitting                 {_hm(t['sitting_minutes'])}",
        f"  Longest bout            {_hm(t['longest_bout_minutes'])}",
        f"  Bouts of 30 min or more {t['bouts_30min_or_more']}"
        f" ({_hm(t['minutes_in_bouts_30min_or_more'])})",
        f"  Breaks                  {t['breaks']} ({t['breaks_per_hour']:.1f} an hour)",
        f"  Prompts answered        {t['prompts_answered']} of {t['prompts']}",
        f"  Routines done           {t['routines_done']}",
        f"  Standing                {_hm(t['standing_minutes'])}",
    ]
    if len(report.days) == 1:
        if report.bouts:
            lines += ["", "  Bouts:"]
            for b in report.bouts:
                ended = (
                    BREAK_WORDS[b.ended_by] if b.ended_by else "still going, or glutewake stopped"
                )
                lines.append(
                    f"    {report._local(b.start):%H:%M}-{report._local(b.end):%H:%M}"
                    f"  {_hm(b.seconds / 60):>12}  ended by {ended}"
                )
    else:
        lines += [
            f"  Days with no bout over {report.interval_minutes} min:"
            f" {t['days_within_interval']} of {t['days_with_sitting']} days sat",
            "",
            "  Day              Sitting      Longest  Breaks",
        ]
        lines += [
            f"  {d.day:%a %Y-%m-%d}   {_hm(d.sitting_s / 60):>12} {_hm(d.longest_bout_s / 60):>12}"
            f"  {d.breaks:>6}{'  *' if d.kept_to(report.interval_s) else ''}"
            for d in report.days
            if len(report.days) <= 31 or d.sitting_s > 0
        ]
        lines += ["", f"  * no bout reached {report.interval_minutes} min"]
    return "\n".join(lines) + "\n"


FORMATS = {"text": as_text, "json": as_json, "csv": as_csv}


def render(report: Report, fmt: str) -> str:
    return FORMATS[fmt](report)
