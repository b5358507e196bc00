"""The settings a run uses: a config file read as the app reads it, then the command line on top.

The tray app and every command that honours `--interval` get their settings here, so an
override means the same everywhere and a problem in the file is handled (logged, defaults
used, the file left alone) the same way everywhere.
"""

from __future__ import annotations

from pathlib import Path

from glutewake.core.settings import Settings, with_overrides
from glutewake.store.config_file import read_config


class NoSuchConfig(Exception):
    """A config file named on the command line is not there; the message names it."""


def read_settings(
    config_file: Path | None, *, interval_minutes: int | None = None, must_exist: bool = False
) -> Settings:
    """`config_file` read (None: every setting at its default, no file read), with
    `interval_minutes` (already checked, e.g. by `--interval`) on top.

    `must_exist` is for a file the user named for one run (replay): a missing one is then a
    mistake to report (NoSuchConfig) rather than the normal first run.
    """
    settings = Settings()
    if config_file is not None:
        loaded = read_config(config_file)  # problems are logged there; the file is untouched
        if must_exist and not loaded.existed:
            raise NoSuchConfig(f"{config_file}: no such config file")
        settings = loaded.settings
    if interval_minutes is not None:
        settings = with_overrides(settings, interval_minutes=interval_minutes)
    return settings
