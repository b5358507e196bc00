"""Five years of history: how big the file gets and how fast charts and reports come back.

Run: .venv/bin/python bench/bench_history.py [--workdays 1250]
Inserts about 1,250 made-up workdays (glutewake.traces.sample_history) into a fresh SQLite
file, then measures, best of 7 each: a day chart (history read, chart data, pyqtgraph panel drawn
offscreen and grabbed as an image), a week chart, and a year's report (read, summarise,
render as text and JSON). Prints the database size per year of workdays.
Targets: day chart under 150 ms, year report under 300 ms, under 20 MB a year.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Europe/Berlin")
FIRST = date(2021, 1, 4)


def best_of(runs: int, work: Callable[[], object]) -> tuple[float, float]:
    """(best, median) milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), statistics.median(times)


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdays", type=int, default=1250)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from glutewake.core.report import as_json, as_text
    from glutewake.history_view import HistoryView
    from glutewake.store.history import HistoryStore
    from glutewake.traces.sample_history import sample_history

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.sqlite3"
        start = time.perf_counter()
        history = sample_history(FIRST, args.workdays, ZONE, seed=11)
        made = time.perf_counter() - start
        store = HistoryStore.open(path, now=0).store
        start = time.perf_counter()
        history.write_to(store)
        inserted = time.perf_counter() - start
        store.close()
        size = sum(p.stat().st_size for p in Path(folder).iterdir())
        last_day = max(b.end for b in history.bouts)
        rows = (
            len(history.bouts) + len(history.prompts) + len(history.routines) + len(history.spells)
        )
        years = args.workdays / 250
        print(
            f"{args.workdays} workdays ({years:.1f} years): {len(history.bouts)} bouts,"
            f" {len(history.prompts)} prompts, {len(history.routines)} routines,"
            f" {len(history.spells)} spells = {rows} rows"
        )
        print(f"  made in {made:.2f} s, inserted in {inserted:.2f} s")
        print(f"  database {size / 1e6:.1f} MB = {size / 1e6 / years:.2f} MB a year")

        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication(sys.argv[:1])
        assert app is not None
        rss_before = resident_mb()
        start = time.perf_counter()
        from glutewake.ui.chart_window import ChartPanel

        imported = (time.perf_counter() - start) * 1000
        store = HistoryStore.open_existing(path)
        view = HistoryView(store, ZONE, 30)
        from glutewake.core.days import local_day

        day = local_day(last_day, ZONE) - timedelta(days=3)
        year = day.year - 1
        panel = ChartPanel()
        panel.resize(1200, 720)
        panel.show()

        def day_chart() -> None:
            panel.show_day(view.day_chart(day))
            panel.grab()

        def week_chart() -> None:
            iso = day.isocalendar()
            panel.show_period(view.week_chart(iso.year, iso.week))
            panel.grab()

        def year_report() -> None:
            first = date(year, 1, 1)
            days = [first + timedelta(days=n) for n in range((date(year + 1, 1, 1) - first).days)]
            report = view.report(f"The year {year}", days)
            as_text(report)
            as_json(report)

        start = time.perf_counter()
        day_chart()  # the first draw builds fonts and caches, as opening the window does
        first = (time.perf_counter() - start) * 1000
        print(
            f"  first chart: import pyqtgraph and the chart modules {imported:.0f} ms,"
            f" first draw {first:.0f} ms; resident memory +{resident_mb() - rss_before:.1f} MB"
        )
        for name, work in (
            ("day chart (read + draw + grab)", day_chart),
            ("week chart (read + draw + grab)", week_chart),
            (f"year report {year} (read + summarise + text + JSON)", year_report),
        ):
            best, median = best_of(7, work)
            print(f"  {name}: best {best:.0f} ms, median {median:.0f} ms")
        start = time.perf_counter()
        first_panel = ChartPanel()
        first_panel.resize(1200, 720)
        first_panel.show_day(view.day_chart(day))
        first_panel.grab()
        print(f"  a second panel built and drawn: {(time.perf_counter() - start) * 1000:.0f} ms")
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
