"""`glutewake run` (and `glutewake` alone): the tray app, until Quit."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from glutewake.cli.options import Subparsers


def add_parsers(sub: Subparsers) -> None:
    sub.add_parser("run", help="run the tray app (the default)").set_defaults(run=run_tray_app)


def run_tray_app(args: argparse.Namespace) -> int:
    from glutewake.no_tls import refuse_tls
    from glutewake.ui.pyside_sources import read_sources_uncached

    refuse_tls()  # before APScheduler imports asyncio (see the module)
    read_sources_uncached()  # before the app's ~300 modules are imported (see the module)
    from glutewake.app import AppOptions, run_app

    return run_app(AppOptions(args.data_dir, args.app_config, args.app_interval))
