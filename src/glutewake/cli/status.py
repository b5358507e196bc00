"""`glutewake status`: what the running app says about now, or the last status it saved."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from glutewake.cli.options import Subparsers


def add_parsers(sub: Subparsers) -> None:
    st = sub.add_parser(
        "status", help="print the live status of the running app, or the last known"
    )
    st.add_argument("--json", action="store_true", help="print the status as JSON")
    st.set_defaults(run=status_command)


def status_command(args: argparse.Namespace) -> int:
    from glutewake.instance import ask_running
    from glutewake.store.paths import resolve_paths
    from glutewake.store.status_file import read_status
    from glutewake.ui.qt_bootstrap import core_application

    paths = resolve_paths(args.data_dir)
    _qt = core_application()
    live = ask_running(paths.instance_key, "status")
    if args.json:
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
    when = datetime.fromtimestamp(float(last.get("at", 0)), UTC).astimezone()
    print(f"glutewake is not running. Last known, at {when:%Y-%m-%d %H:%M}: {last.get('headline')}")
    return 0
