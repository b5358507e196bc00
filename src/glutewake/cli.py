"""The command line. Each subcommand imports Qt (or anything heavy) only when it needs it."""

from __future__ import annotations

import argparse
import gc
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from glutewake import __version__
from glutewake.core.settings import (
    SettingError,
    Settings,
    apply_changes,
    spec_for,
    with_overrides,
)

log = logging.getLogger("glutewake")


def _interval(text: str) -> int:
    """`--interval MINUTES`, checked against the same declaration as the config file."""
    spec = spec_for("interval_minutes")
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--interval {text!r} is not a whole number of minutes; allowed {spec.allowed}"
        ) from None
    try:
        apply_changes(Settings(), {"interval_minutes": value}, source="--interval")
    except SettingError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="glutewake",
        description="Notices long sitting bouts and prompts short glute-activation breaks.",
    )
    parser.add_argument("--version", action="version", version=f"glutewake {__version__}")
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="keep history and status here instead of your data folder",
    )
    parser.add_argument(
        "--config",
        dest="app_config",
        type=Path,
        metavar="FILE",
        help="read settings from this file instead of your config.toml",
    )
    parser.add_argument(
        "--interval",
        dest="app_interval",
        type=_interval,
        metavar="MINUTES",
        help="sitting minutes before a prompt, overriding the config (1 to 240)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("run", help="run the tray app (the default)")
    st = sub.add_parser(
        "status", help="print the live status of the running app, or the last known"
    )
    st.add_argument("--json", action="store_true", help="print the status as JSON")

    rp = sub.add_parser(
        "replay",
        help="run an activity trace through the sitting engine and print bouts and prompts as JSON",
        description="Run an activity trace (.jsonl or .jsonl.gz) through the same estimator and "
        "break policy as the tray app. Writes nothing; prints JSON on stdout.",
    )
    rp.add_argument("trace", type=Path, help="trace file, JSON lines, optionally gzipped")
    rp.add_argument(
        "--interval",
        type=_interval,
        metavar="MINUTES",
        help="sitting minutes before a prompt (1 to 240; default 30)",
    )
    rp.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="take the other settings from this config.toml (default: all at their defaults; "
        "your own config is not read)",
    )
    rp.add_argument(
        "--record",
        action="store_true",
        help="also write the bouts and prompts into the history at --data-dir (needed)",
    )

    from glutewake.history_cli import add_period_options, parse_size

    rep = sub.add_parser(
        "report",
        help="print sitting figures for a day, week, month or year from your history",
        description="Sitting, longest bout, bouts of 30 min or more, breaks, prompts answered, "
        "routines and standing, per local day. Default: today.",
    )
    add_period_options(rep, year=True)
    rep.add_argument("--format", choices=("text", "json", "csv"), default="text")
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
    exp = sub.add_parser("export", help="write your whole history as CSV or JSON")
    exp.add_argument("--format", choices=("csv", "json"), required=True)
    exp.add_argument("--out", type=Path, metavar="FILE", help="write here instead of stdout")
    aw = sub.add_parser(
        "import-activitywatch",
        help="add sitting bouts from an ActivityWatch export (its afk bucket) to your history",
        description="Reads only the afk status events of an ActivityWatch JSON export; window "
        "titles and URLs in the file are never read or stored. Bouts that overlap ones already "
        "in your history are skipped, so importing twice adds nothing.",
    )
    aw.add_argument("file", type=Path, metavar="FILE.json")

    ex = sub.add_parser(
        "exercises", help="print the exercise library: the built-in one with your own on top"
    )
    ex.add_argument("--json", action="store_true", help="print the library as JSON")
    ro = sub.add_parser(
        "routine", help="build one glute routine, as a prompt would offer it, and print it"
    )
    ro.add_argument(
        "--minutes",
        type=int,
        choices=spec_for("routine_minutes").choices,
        default=Settings().routine_minutes,
        help="length in minutes: 1, 2, 3 or 5 (default 2)",
    )
    ro.add_argument(
        "--place",
        choices=spec_for("routine_place").choices,
        default=Settings().routine_place,
        help="office: standing moves beside a desk; floor: wall and mat moves too (default office)",
    )
    ro.add_argument("--seed", type=int, metavar="N", help="draw the same routine every time")
    ro.add_argument("--json", action="store_true", help="print the routine as JSON")

    sub.add_parser(
        "test-notification",
        help="send one sample prompt the way the app sends them, to check they reach you",
    )
    from glutewake.config_cli import add_config_parser

    add_config_parser(sub)
    sub.add_parser(
        "demo", help="replay the sample office day that ships with glutewake and summarise it"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="glutewake: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.setLevel(logging.WARNING)  # the terminal hears problems; the log file hears more
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "replay":
        return _replay(args.trace, args.interval, args.config, args.record, args.data_dir)
    if args.command in HISTORY_COMMANDS:
        return _history_command(args)
    if args.command == "test-notification":
        from glutewake.notify_cli import test_notification_command
        from glutewake.store.paths import resolve_paths

        paths = resolve_paths(args.data_dir, args.app_config)
        return test_notification_command(paths.config_file, sys.stdout)
    if args.command == "config":
        from glutewake.config_cli import config_command
        from glutewake.store.paths import resolve_paths

        paths = resolve_paths(args.data_dir, args.app_config)
        return config_command(args, paths, sys.stdout, sys.stderr)
    if args.command == "exercises":
        from glutewake.routine_cli import exercises_command

        return exercises_command(args.json, sys.stdout)
    if args.command == "routine":
        from glutewake.routine_cli import routine_command

        return routine_command(args.minutes, args.place, args.json, sys.stdout, args.seed)
    if args.command == "demo":
        from glutewake.demo import run_demo

        return run_demo(sys.stdout)
    if args.command == "status":
        return _status(args.data_dir, as_json=args.json)
    if args.command in (None, "run"):
        from glutewake.app import AppOptions, run_app

        return run_app(AppOptions(args.data_dir, args.app_config, args.app_interval))
    parser.error(f"unknown command {args.command!r}")
    return 2


def _status(data_dir: Path | None, *, as_json: bool = False) -> int:
    from PySide6.QtCore import QCoreApplication

    from glutewake.instance import ask_running
    from glutewake.store.paths import resolve_paths
    from glutewake.store.status_file import read_status

    paths = resolve_paths(data_dir)
    _qt = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    live = ask_running(paths.instance_key, "status")
    if as_json:
        print(json.dumps(live or read_status(paths.status_file) or {"running": False}))
        return 0 if live else 1
    if live:
        print(live.get("headline", "glutewake is running"))
        if live.get("sources"):
            print(live["sources"])
        return 0
    last = read_status(paths.status_file)
    if last is None:
        print("glutewake is not running, and has no status saved yet.")
        return 1
    from datetime import UTC, datetime

    when = datetime.fromtimestamp(float(last.get("at", 0)), UTC).astimezone()
    print(f"glutewake is not running. Last known, at {when:%Y-%m-%d %H:%M}: {last.get('headline')}")
    return 0


HISTORY_COMMANDS = ("report", "chart", "export", "import-activitywatch")


def _history_command(args: argparse.Namespace) -> int:
    from glutewake import history_cli as h
    from glutewake.store.paths import resolve_paths

    paths = resolve_paths(args.data_dir, args.app_config)
    try:
        if args.command == "report":
            return h.report_command(args, paths, sys.stdout)
        if args.command == "chart":
            return h.chart_command(args, paths)
        if args.command == "export":
            return h.export_command(args, paths, sys.stdout)
        return h.import_activitywatch_command(args, paths)
    except h.HistoryCommandError as exc:
        print(f"glutewake {args.command}: {exc}", file=sys.stderr)
        return 1


def _replay(
    path: Path, interval: int | None, config: Path | None, record: bool, data_dir: Path | None
) -> int:
    from glutewake.history_cli import HistoryCommandError, record_replay, require_data_dir
    from glutewake.replay import replay_file
    from glutewake.store.paths import resolve_paths
    from glutewake.trace_file import TraceError

    if record:
        try:
            require_data_dir(data_dir)
        except HistoryCommandError as exc:
            print(f"glutewake replay: {exc}", file=sys.stderr)
            return 2

    settings = Settings()
    if config is not None:
        from glutewake.store.config_file import read_config

        loaded = read_config(config)
        if not loaded.existed:
            print(f"glutewake replay: {config}: no such config file", file=sys.stderr)
            return 1
        settings = loaded.settings  # read_config has logged any problem with the file
    if interval is not None:
        settings = with_overrides(settings, interval_minutes=interval)
    # A batch run builds tens of thousands of small objects that all live to the end:
    # collecting cycles among them only costs time.
    gc.disable()
    try:
        result = replay_file(path, settings)
    except TraceError as exc:
        print(f"glutewake replay: {exc}", file=sys.stderr)
        return 1
    json.dump(result.to_json(), sys.stdout, indent=1)
    sys.stdout.write("\n")
    if record:
        print(
            f"glutewake replay: {record_replay(result, resolve_paths(data_dir))}", file=sys.stderr
        )
    return 0
