"""`glutewake report`, `chart`, `export`, `import-activitywatch` and `replay --record`.

They read or write the same history file as the tray app, which may be running: SQLite in WAL
mode lets both at once. Readers never create or move a history file: a missing one is an empty
history, an unusable one is an error that names it and leaves it where it is.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TextIO

from glutewake.clock import local_zone
from glutewake.core.chart_data import month_days, month_title, week_days, week_title
from glutewake.core.models import PromptRecord
from glutewake.core.report import render
from glutewake.core.settings import Settings, with_overrides
from glutewake.history_view import HistoryView
from glutewake.replay import ReplayResult
from glutewake.store.activitywatch import ActivityWatchError, read_afk_export
from glutewake.store.config_file import read_config
from glutewake.store.export import history_as_csv, history_as_json
from glutewake.store.history import HistoryStore, UnusableDatabase
from glutewake.store.paths import Paths


class HistoryCommandError(Exception):
    """What went wrong, worded for the terminal."""


# -- picking the days ------------------------------------------------------------------------
def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--day {text!r} is not a date like 2026-11-24 (YYYY-MM-DD)"
        ) from None


def parse_week(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{4})-?W(\d{1,2})", text.strip(), re.IGNORECASE)
    if match:
        year, week = int(match[1]), int(match[2])
        try:
            date.fromisocalendar(year, week, 1)
            return year, week
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(
        f"--week {text!r} is not an ISO week like 2026-W48 (YYYY-Www, weeks 1 to 52 or 53)"
    )


def parse_month(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if match and 1 <= int(match[2]) <= 12:
        return int(match[1]), int(match[2])
    raise argparse.ArgumentTypeError(f"--month {text!r} is not a month like 2026-11 (YYYY-MM)")


def parse_year(text: str) -> int:
    if re.fullmatch(r"\d{4}", text.strip()):
        return int(text)
    raise argparse.ArgumentTypeError(f"--year {text!r} is not a year like 2026")


def add_period_options(parser: argparse.ArgumentParser, *, year: bool) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--day", type=parse_day, metavar="YYYY-MM-DD", help="one day (default today)"
    )
    group.add_argument("--week", type=parse_week, metavar="YYYY-Www", help="an ISO week")
    group.add_argument("--month", type=parse_month, metavar="YYYY-MM", help="a calendar month")
    if year:
        group.add_argument("--year", type=parse_year, metavar="YYYY", help="a calendar year")


# -- opening the history -----------------------------------------------------------------------
def open_for_reading(paths: Paths) -> HistoryStore:
    """The user's history, or an empty one if there is none yet; never creates or moves a file."""
    path = paths.history_file
    if not path.exists():
        return HistoryStore.in_memory()
    try:
        return HistoryStore.open_existing(path)
    except UnusableDatabase as exc:
        raise HistoryCommandError(
            f"history database {path} cannot be read: {exc}. It is left as it is; the tray app "
            "moves an unusable history aside and starts a fresh one when it next starts."
        ) from None


def _settings(paths: Paths, interval: int | None) -> Settings:

    settings = read_config(paths.config_file).settings
    if interval is not None:
        settings = with_overrides(settings, interval_minutes=interval)
    return settings


def _view(paths: Paths, interval: int | None) -> tuple[HistoryStore, HistoryView]:

    store = open_for_reading(paths)
    return store, HistoryView(store, local_zone(), _settings(paths, interval).interval_minutes)


def _today() -> date:

    return datetime.now(local_zone()).date()


# -- report ----------------------------------------------------------------------------------
def report_command(args: argparse.Namespace, paths: Paths, out: TextIO) -> int:

    store, view = _view(paths, args.app_interval)
    days: Sequence[date]
    if args.week:
        days, title = week_days(*args.week), week_title(*args.week)
    elif args.month:
        days, title = month_days(*args.month), month_title(*args.month)
    elif args.year:
        first = date(args.year, 1, 1)
        count = (date(args.year + 1, 1, 1) - first).days
        days = [first + timedelta(days=n) for n in range(count)]
        title = f"The year {args.year}"
    else:
        day = args.day or _today()
        days, title = [day], f"{day:%A} {day.day} {day:%B %Y}"
    out.write(render(view.report(title, days), args.format))
    store.close()
    return 0


# -- chart -----------------------------------------------------------------------------------
def chart_command(args: argparse.Namespace, paths: Paths) -> int:
    """Render the chart the window would show into a PNG, with no display needed."""
    if args.out is None:
        return _chart_window(args, paths)
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from glutewake.ui.chart_style import dark_palette

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")  # the same look on every desktop, for a file that is shared
    if args.dark:
        app.setPalette(dark_palette())
    from glutewake.ui.chart_window import ChartPanel, render_png

    store, view = _view(paths, args.app_interval)

    def fill(panel: ChartPanel) -> None:
        if args.week:
            panel.show_period(view.week_chart(*args.week))
        elif args.month:
            panel.show_period(view.month_chart(*args.month))
        else:
            panel.show_day(view.day_chart(args.day or _today()))

    try:
        render_png(fill, args.out, args.size)
    except OSError as exc:
        raise HistoryCommandError(str(exc)) from None
    finally:
        store.close()
    print(f"wrote {args.out}")
    return 0


def _chart_window(args: argparse.Namespace, paths: Paths) -> int:
    """Ask the running app to show its charts (it knows the bout going on), else show our own."""
    from PySide6.QtWidgets import QApplication

    from glutewake.instance import ask_running

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    if ask_running(paths.instance_key, "chart") is not None:
        print("glutewake: opened the charts in the running glutewake")
        return 0
    from glutewake.ui.chart_window import ChartWindow

    store, view = _view(paths, args.app_interval)
    window = ChartWindow(view, today=_today)
    if args.week:
        window.mode = "week"
        year, week = args.week
        window.go_to(date.fromisocalendar(year, week, 1))
    elif args.month:
        window.mode = "month"
        year, month = args.month
        window.go_to(date(year, month, 1))
    elif args.day:
        window.go_to(args.day)
    window.set_mode(window.mode)
    window.show()
    app.exec()
    store.close()
    return 0


def parse_size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{3,4})x(\d{3,4})", text.strip())
    if match:
        return int(match[1]), int(match[2])
    raise argparse.ArgumentTypeError(f"--size {text!r} is not WIDTHxHEIGHT like 1200x700")


# -- export and import -----------------------------------------------------------------------
def export_command(args: argparse.Namespace, paths: Paths, out: TextIO) -> int:

    store = open_for_reading(paths)
    text = history_as_json(store) if args.format == "json" else history_as_csv(store)
    store.close()
    if args.out is None:
        out.write(text)
        return 0
    try:
        args.out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise HistoryCommandError(f"could not write {args.out}: {exc.strerror or exc}") from None
    print(f"wrote {args.out}")
    return 0


def _open_for_writing(paths: Paths) -> HistoryStore:
    opened = HistoryStore.open(paths.history_file, now=datetime.now(UTC).timestamp())
    if opened.problem:
        print(f"glutewake: {opened.problem}", file=sys.stderr)
    return opened.store


def import_activitywatch_command(args: argparse.Namespace, paths: Paths) -> int:

    settings = _settings(paths, None)
    try:
        found = read_afk_export(args.file, break_s=settings.break_minutes * 60.0)
    except ActivityWatchError as exc:
        raise HistoryCommandError(str(exc)) from None
    store = _open_for_writing(paths)
    added, skipped = store.add_bouts_where_free(found.bouts)
    store.close()
    print(
        f"Read {found.events} not-afk events from {', '.join(found.buckets)}"
        + (f" ({found.skipped} unreadable events skipped)" if found.skipped else "")
        + f": {len(found.bouts)} sitting bouts; added {len(added)}, skipped {skipped} that"
        f" overlap bouts already in {paths.history_file}."
    )
    return 0


def record_replay(result: ReplayResult, paths: Paths) -> str:
    """Write a replay's bouts and prompts into the history; returns a line for the terminal."""
    store = _open_for_writing(paths)
    added, skipped = store.add_bouts_where_free(result.bouts)
    kept = {b.start for b in added}
    prompts = 0
    for p in result.prompts:
        if p.bout_start in kept:
            store.add_prompt(PromptRecord(p.at, p.bout_start, p.sitting_s, p.repeat, p.catch_up))
            prompts += 1
    store.close()
    note = f", skipped {skipped} already there (and their prompts)" if skipped else ""
    return f"recorded {len(added)} bouts and {prompts} prompts in {paths.history_file}{note}"


def require_data_dir(data_dir: Path | None) -> None:
    if data_dir is None:
        raise HistoryCommandError(
            "replay --record needs --data-dir DIR: a replayed trace is never mixed into "
            "your own history"
        )
