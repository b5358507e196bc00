"""`glutewake` and `python -m glutewake`: parse, then run the command the parser chose."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from glutewake import __version__
from glutewake.cli import config, demo, history, notify, replay, routines, run, status
from glutewake.cli.options import interval_minutes, setting_help

COMMAND_GROUPS = (run, status, replay, history, routines, notify, config, demo)
"""In the order `--help` lists them; each adds its parsers, and each parser names its `run`."""


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
        type=interval_minutes,
        metavar="MINUTES",
        help=setting_help(
            "interval_minutes", "sitting time before a prompt, overriding the config", default=False
        ),
    )
    parser.set_defaults(run=run.run_tray_app)  # no command: the tray app
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="glutewake: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.setLevel(logging.WARNING)  # the terminal hears problems; the log file hears more
    args = build_parser().parse_args(argv)
    try:
        code = args.run(args)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`glutewake report | head`): not an error worth a traceback.
        # Point stdout at nothing so the interpreter's own flush at exit stays quiet too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    assert isinstance(code, int)
    return code
