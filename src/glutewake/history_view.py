"""The history as charts and reports: reads the store for a span of local days, hands the
records to the pure builders in core/, and gives back what the widgets and `report` show."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta, tzinfo

from glutewake.core.aggregates import DaySummary, summarise_days
from glutewake.core.chart_data import (
    DayChart,
    PeriodChart,
    day_chart,
    month_days,
    month_title,
    period_chart,
    week_days,
    week_title,
)
from glutewake.core.days import local_midnight, split_by_day
from glutewake.core.models import Bout
from glutewake.core.report import Report
from glutewake.store.history import HistoryStore


class HistoryView:
    """Charts and reports of the stored history, with the bout still going when the app asks.

    `live_bout` gives the bout in progress (the running app knows it; the store does not yet),
    so today's chart shows the user's sitting up to now.
    """

    def __init__(
        self,
        store: HistoryStore,
        zone: tzinfo,
        interval_minutes: int,
        live_bout: Callable[[], Bout | None] | None = None,
    ) -> None:
        self.store = store
        self.zone = zone
        self.interval_minutes = interval_minutes
        self.live_bout = live_bout

    def _bouts(self, start: float, end: float) -> list[Bout]:
        bouts = self.store.bouts_between(start, end)
        live = self.live_bout() if self.live_bout else None
        if live is not None and live.end > start and live.start < end:
            bouts.append(live)
        return bouts

    def _span(self, days: Sequence[date]) -> tuple[float, float]:
        return (
            local_midnight(min(days), self.zone),
            local_midnight(max(days) + timedelta(days=1), self.zone),
        )

    def day_chart(self, day: date) -> DayChart:
        start, end = self._span([day])
        s = self.store
        return day_chart(
            day,
            self.zone,
            bouts=self._bouts(start, end),
            prompts=s.prompts_between(start, end),
            routines=s.routines_between(start, end),
            spells=s.spells_between(start, end),
        )

    def week_chart(self, iso_year: int, iso_week: int) -> PeriodChart:
        days = week_days(iso_year, iso_week)
        return self._period(week_title(iso_year, iso_week), days)

    def month_chart(self, year: int, month: int) -> PeriodChart:
        return self._period(month_title(year, month), month_days(year, month))

    def _period(self, title: str, days: Sequence[date]) -> PeriodChart:
        start, end = self._span(days)
        return period_chart(title, days, self.zone, self._bouts(start, end), self.interval_minutes)

    def report(self, title: str, days: Sequence[date]) -> Report:
        """Totals and one row per day for `days` (consecutive); bouts listed for one day."""
        start, end = self._span(days)
        s = self.store
        bouts = self._bouts(start, end)
        summaries = summarise_days(
            bouts,
            s.prompts_between(start, end),
            s.routines_between(start, end),
            s.spells_between(start, end),
            self.zone,
        )
        rows = tuple(summaries.get(d, DaySummary(d)) for d in days)
        listed = split_by_day(bouts, self.zone).get(days[0], []) if len(days) == 1 else []
        return Report(title, rows, self.interval_minutes, self.zone, tuple(listed))
