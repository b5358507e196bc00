"""Options several commands share, checked and described from the settings declaration.

Help and refusals name the range `core/settings.py` declares, so a changed bound shows in
`--help` without anybody editing a sentence here.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from glutewake.core.settings import SettingError, Settings, apply_changes, spec_for

if TYPE_CHECKING:
    from glutewake.store.paths import Paths

    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]
    """What each command module adds its parser to."""


def interval_minutes(text: str) -> int:
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


def setting_help(key: str, what: str, *, default: bool = True) -> str:
    """`what`, then the declared allowed values (and the default) of setting `key`."""
    spec = spec_for(key)
    shown_default = f"; default {spec.default}" if default else ""
    return f"{what} ({spec.allowed}{shown_default})"


def paths_of(args: argparse.Namespace) -> Paths:
    """The files this run uses: the global `--data-dir` and `--config`, else the user's own."""
    from glutewake.store.paths import resolve_paths

    return resolve_paths(args.data_dir, args.app_config)
