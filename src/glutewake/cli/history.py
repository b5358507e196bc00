"""`glutewake report`, `chart`, `export`, `import-activitywatch` and `replay --record`.

They read or write the same history file as the tray app, which may be running: SQLite in WAL
mode lets both at once. Readers never create or move a history file: a missing one is an empty
history, an unusable one is an error that names it and leaves it where it is.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from glutewake.cli.options import paths_of
from glutewake.cli.periods import add_period_options, parse_size
from glutewake.clock import local_zone
from glutewake.core.chart_data import month_days, month_title, week_days, week_title

if TYPE_CHECKING:  # the store (SQLite) and Qt load when a command runs, not for --help
    from PySide6.QtWidgets import QApplication

    from glutewake.cli.options import Subparsers
    from glutewake.history_view import HistoryView
    from glutewake.store.history import HistoryStore
    from glutewake.store.paths import Paths
    from glutewake.traces.replay import ReplayResult


class HistoryCommandError(Exception):
    """What went wrong, worded for the terminal."""


def add_parsers(sub: Subparsers) -> None:
    rep = sub.add_parser(
        "report",
        help="print sitting figures for a day, week, month or year from your history",
        description="Sitting, longest bout, bouts of 30 min or more, breaks, prompts answered, "
        "routines and standing, per local day. Default: today.",
    )
    add_period_options(rep, year=True)
    rep.add_argument("--format", choices=("text", "json", "csv"), default="text")
    rep.set_defaults(run=_reporting_errors(lambda a, p: report_command(a, p, sys.stdout)))
    ch = sub.add_parser(
        "chart",
        help="open the charts window, or with --out draw a chart into a PNG (no display needed)",
    )
    add_period_options(ch, year=False)
    ch.add_argument(
        "--out", type=Path, metavar="FILE.png", help="write the chart here instead of showing it"
    )
    ch.add_argument(
        "--size", type=parse_size, default=(1200, 720), metavar="WxH", help="default 1200x720"
    )
    ch.add_argument("--dark", action="store_true", help="draw on a dark background")
    # The tray app runs its charts window as `glutewake chart --from-tray`, feeding it on
    # stdin (chart_feed.py): not for users, so not in --help.
    ch.add_argument("--from-tray", action="store_true", help=argparse.SUPPRESS)
    ch.set_defaults(run=_reporting_errors(chart_command))
    exp = sub.add_parser("export", help="write your whole history as CSV or JSON")
    exp.add_argument("--format", choices=("csv", "json"), required=True)
    exp.add_argument("--out", type=Path, metavar="FILE", help="write here instead of stdout")
    exp.set_defaults(run=_reporting_errors(lambda a, p: export_command(a, p, sys.stdout)))
    aw = sub.add_parser(
        "import-activitywatch",
        help="add sitting bouts from an ActivityWatch export (its afk bucket) to your history",
        description="Reads only the afk status events of an ActivityWatch JSON export; window "
        "titles and URLs in the file are never read or stored. Bouts that overlap ones already "
        "in your history are skipped, so importing twice adds nothing.",
    )
    aw.add_argument("file", type=Path, metavar="FILE.json")
    aw.set_defaults(run=_reporting_errors(import_activitywatch_command))


def _reporting_errors(
    command: Callable[[argparse.Namespace, Paths], int],
) -> Callable[[argparse.Namespace], int]:
    """Run `command` on this run's files; a HistoryCommandError is one line on stderr, exit 1."""

    def run(args: argparse.Namespace) -> int:
        try:
            return command(args, paths_of(args))
        except HistoryCommandError as exc:
            print(f"glutewake {args.command}: {exc}", file=sys.stderr)
            return 1

    return run


# -- opening the history -----------------------------------------------------------------------
def open_for_reading(paths: Paths) -> HistoryStore:
    """The user's history, or an empty one if there is none yet; never creates or moves a file."""
    from glutewake.store.history import HistoryStore, UnusableDatabase

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


def _view(paths: Paths, interval: int | None) -> tuple[HistoryStore, HistoryView]:
    from glutewake.history_view import HistoryView
    from glutewake.store.settings_source import read_settings

    store = open_for_reading(paths)
    settings = read_settings(paths.config_file, interval_minutes=interval)
    return store, HistoryView(store, local_zone(), settings.interval_minutes)


def _today() -> date:
    return datetime.now(local_zone()).date()


# -- report ----------------------------------------------------------------------------------
def report_command(args: argparse.Namespace, paths: Paths, out: TextIO) -> int:
    from glutewake.core.report import render

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
    from glutewake.ui.chart_style import dark_palette
    from glutewake.ui.qt_bootstrap import gui_application

    app, _ = gui_application(drawing_only=True)
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
    from glutewake.instance import ask_running
    from glutewake.ui.qt_bootstrap import gui_application

    app, headless = gui_application()
    if args.from_tray:
        return _charts_for_the_tray(app, paths)
    if ask_running(paths.instance_key, "chart") is not None:
        print("glutewake: opened the charts in the running glutewake")
        return 0
    if headless:
        raise HistoryCommandError(
            "no display to open the charts window on (neither DISPLAY nor WAYLAND_DISPLAY is "
            "set); draw a chart into a file with --out FILE.png"
        )
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


def _charts_for_the_tray(app: QApplication, paths: Paths) -> int:
    """The tray's charts window: the history from the file, the rest from the tray's feed."""
    from glutewake.chart_feed import ChartFeed, FeedError
    from glutewake.ui.chart_child import TrayFeed, read_first_line

    try:
        first = ChartFeed.read(read_first_line(sys.stdin.fileno()))
    except FeedError as exc:
        raise HistoryCommandError(f"--from-tray needs the tray's feed on stdin ({exc})") from None
    store, view = _view(paths, first.interval_minutes)
    feed = TrayFeed(view, first, sys.stdin.fileno())
    feed.show()
    app.exec()
    store.close()
    return 0


# -- export and import -----------------------------------------------------------------------
def export_command(args: argparse.Namespace, paths: Paths, out: TextIO) -> int:
    from glutewake.store.export import history_as_csv, history_as_json

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
    from glutewake.store.history import HistoryStore

    opened = HistoryStore.open(paths.history_file, now=datetime.now(UTC).timestamp())
    if opened.problem:
        print(f"glutewake: {opened.problem}", file=sys.stderr)
    return opened.store


def import_activitywatch_command(args: argparse.Namespace, paths: Paths) -> int:
    from glutewake.store.activitywatch import ActivityWatchError, read_afk_export
    from glutewake.store.settings_source import read_settings

    settings = read_settings(paths.config_file)
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
    from glutewake.core.models import PromptRecord

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
