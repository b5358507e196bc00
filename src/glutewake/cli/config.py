"""`glutewake config`: see and change settings from a terminal, with the dialog's validation.

`set` checks the value against the same declaration as the file and the dialog, checks it
with the other settings (working hours must end after they start), saves it with the user's
comments kept, and tells a running glutewake to use it at once.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TextIO

from glutewake.cli.options import paths_of
from glutewake.core.config_format import VERSION_KEY
from glutewake.core.settings import (
    SPECS,
    SettingError,
    apply_changes,
    as_dict,
    describe,
    format_value,
    parse_value,
    spec_for,
)

if TYPE_CHECKING:  # the store (and tomlkit, for writing) loads when the command runs
    from glutewake.cli.options import Subparsers
    from glutewake.store.config_file import ConfigResult
    from glutewake.store.paths import Paths


def add_parsers(sub: Subparsers) -> None:
    config = sub.add_parser(
        "config",
        help="show or change settings (path, get KEY, set KEY VALUE)",
        description="With no action: every setting with its default, allowed values and your "
        "current value.",
    )
    actions = config.add_subparsers(dest="config_action", metavar="ACTION")
    actions.add_parser("path", help="print where your config file is")
    get = actions.add_parser("get", help="print a setting's value (all of them with no KEY)")
    get.add_argument("key", nargs="?", metavar="KEY")
    put = actions.add_parser(
        "set",
        help="change a setting in your config file (comments are kept)",
        description="Examples: config set interval_minutes 45; config set working_hours_start "
        "08:30; config set working_days mon,tue,wed,thu,fri; config set start_at_login true",
    )
    put.add_argument("key", metavar="KEY")
    put.add_argument("value", metavar="VALUE")
    config.set_defaults(
        run=lambda args: config_command(args, paths_of(args), sys.stdout, sys.stderr)
    )


def config_command(args: argparse.Namespace, paths: Paths, out: TextIO, err: TextIO) -> int:
    from glutewake.store.config_file import read_config

    action = args.config_action
    if action == "path":
        out.write(f"{paths.config_file}\n")
        return 0
    loaded = read_config(paths.config_file)  # logs any problem with the file to stderr
    if action == "get":
        values = as_dict(loaded.settings)
        if args.key is None:
            out.writelines(f"{key} = {format_value(value)}\n" for key, value in values.items())
            return 0
        if args.key == VERSION_KEY:  # the file's format, not a setting
            out.write(f"{loaded.version}\n")
            return 0
        try:
            spec = spec_for(args.key, source="glutewake config get")
        except SettingError as exc:
            err.write(f"{exc}\n")
            return 2
        out.write(f"{format_value(values[spec.key])}\n")
        return 0
    if action == "set":
        return _set(args.key, args.value, paths, loaded, out=out, err=err)
    out.write(describe())
    out.write(f"\nYour file: {paths.config_file} (format {VERSION_KEY} {loaded.version})\n")
    changed = [
        f"  {spec.key} = {format_value(getattr(loaded.settings, spec.key))}"
        for spec in SPECS
        if getattr(loaded.settings, spec.key) != spec.default
    ]
    out.write("Set in it:\n" + "\n".join(changed) + "\n" if changed else "All at their defaults.\n")
    return 0


def _set(
    key: str, text: str, paths: Paths, loaded: ConfigResult, *, out: TextIO, err: TextIO
) -> int:
    from glutewake.store.config_writer import ConfigWriteError, save_settings

    source = "glutewake config set"
    if key == VERSION_KEY:
        err.write(
            f"glutewake config: {VERSION_KEY} is the format of {paths.config_file}, which "
            "glutewake writes itself when it saves; it is not a setting. Nothing was saved.\n"
        )
        return 2
    if any(problem.key is None for problem in loaded.problems):
        err.write(
            f"glutewake config: {paths.config_file} cannot be read as settings (see above); "
            "nothing was saved.\n"
        )
        return 1
    try:
        spec = spec_for(key, source=source)
        value = parse_value(spec, text, source=source)
        apply_changes(loaded.settings, {spec.key: value}, source=source)
        written = save_settings(paths.config_file, {spec.key: value})
    except SettingError as exc:
        err.write(f"{exc}\n")
        return 2
    except ConfigWriteError as exc:
        err.write(f"glutewake config: {exc}\n")
        return 1
    told = _tell_running_app(paths)
    out.write(
        f"{spec.key} = {format_value(value)} saved to {written}"
        + ("; the running glutewake uses it now.\n" if told else ".\n")
    )
    return 0


def _tell_running_app(paths: Paths) -> bool:
    """Ask a running glutewake (same data folder) to read its settings again."""
    from glutewake.instance import ask_running
    from glutewake.ui.qt_bootstrap import core_application

    _app = core_application()
    return ask_running(paths.instance_key, "reload") is not None
