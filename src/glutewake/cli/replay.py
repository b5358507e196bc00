"""`glutewake replay`: a trace through the tray app's engine, printed as JSON.

It writes nothing unless asked (`--record`, into a `--data-dir` that must be named), and it
reads no config unless named (`--config`): a replay measures the engine, not the user's day.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from glutewake.cli.options import interval_minutes, setting_help

if TYPE_CHECKING:
    from glutewake.cli.options import Subparsers


def add_parsers(sub: Subparsers) -> None:
    rp = sub.add_parser(
        "replay",
        help="run an activity trace through the sitting engine and print bouts and prompts as JSON",
        description="Run an activity trace (.jsonl or .jsonl.gz) through the same estimator and "
        "break policy as the tray app. Writes nothing; prints JSON on stdout.",
    )
    rp.add_argument("trace", type=Path, help="trace file, JSON lines, optionally gzipped")
    rp.add_argument(
        "--interval",
        type=interval_minutes,
        metavar="MINUTES",
        help=setting_help("interval_minutes", "sitting time before a prompt"),
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
    rp.set_defaults(run=replay_command)


def replay_command(args: argparse.Namespace) -> int:
    from glutewake.cli.history import HistoryCommandError, record_replay, require_data_dir
    from glutewake.store.paths import resolve_paths
    from glutewake.store.settings_source import NoSuchConfig, read_settings
    from glutewake.traces.reader import TraceError
    from glutewake.traces.replay import replay_file

    if args.record:
        try:
            require_data_dir(args.data_dir)
        except HistoryCommandError as exc:
            print(f"glutewake replay: {exc}", file=sys.stderr)
            return 2
    try:
        settings = read_settings(args.config, interval_minutes=args.interval, must_exist=True)
    except NoSuchConfig as exc:
        print(f"glutewake replay: {exc}", file=sys.stderr)
        return 1
    # A batch run builds tens of thousands of small objects that all live to the end:
    # collecting cycles among them only costs time.
    gc.disable()
    try:
        result = replay_file(args.trace, settings)
    except TraceError as exc:
        print(f"glutewake replay: {exc}", file=sys.stderr)
        return 1
    json.dump(result.to_json(), sys.stdout, indent=1)
    sys.stdout.write("\n")
    if args.record:
        print(
            f"glutewake replay: {record_replay(result, resolve_paths(args.data_dir))}",
            file=sys.stderr,
        )
    return 0
