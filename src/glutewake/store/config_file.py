"""Reads the user's config.toml into `Settings`; the only code that touches that file for reading.

Why it never writes: the file belongs to the user. A broken or unreadable file must not stop the
reminders, so the app runs on defaults and says what is wrong, but it never "repairs", renames or
replaces the file behind the user's back (house rule 3). Writing, with comments kept, is the job
of whoever offers `config set`, and only on the user's request.

A file of an older format (see `core.config_format`) is upgraded in memory on every read, with a
notice, until the user next saves settings; a newer one is read for what this glutewake knows.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from glutewake.core.config_format import CURRENT_VERSION, STEPS, Step, upgrade
from glutewake.core.settings import SettingProblem, Settings, load_settings
from glutewake.store.user_file import UnreadableFile, read_user_toml

LOGGER = logging.getLogger("glutewake.config")

# A config file is a few hundred bytes; refusing anything huge keeps a mistaken path (a log
# file, a disk image) from stalling start-up or eating memory.
MAX_CONFIG_BYTES = 1024 * 1024

_UNTOUCHED = "The file was left untouched; using the defaults for every setting."


@dataclass(frozen=True)
class ConfigResult:
    """The settings to run with, and what the user should be told about their file."""

    settings: Settings
    problems: tuple[SettingProblem, ...]
    path: Path
    existed: bool
    version: int = CURRENT_VERSION
    """The format version the file was read as (a file without the key is version 1)."""
    notices: tuple[SettingProblem, ...] = ()
    """Upgrades applied in memory to an older file; saving settings writes them into it."""


def default_config_path() -> Path:
    """Where the user's config lives on this platform (~/.config/glutewake on Linux)."""
    return platformdirs.user_config_path("glutewake") / "config.toml"


def read_config(path: Path | None = None, *, steps: Sequence[Step] = STEPS) -> ConfigResult:
    """Read settings from `path` (or the default path); never raises for anything in the file.

    A missing file is the normal first run: defaults, no problem. A file that cannot be read
    or parsed gives defaults for everything plus one problem naming the file (and, for a syntax
    error, the line and column). Bad values inside a good file fall back one key at a time.
    """
    path = default_config_path() if path is None else path
    source = str(path)
    try:
        raw = read_user_toml(path, MAX_CONFIG_BYTES)
    except FileNotFoundError:
        if path.is_symlink():
            # Likely a dotfiles link whose target is not there (yet): worth saying, and not
            # a "first run" that might lead someone to create a file through the link.
            return _unusable(
                path, f"{source}: is a link to a file that does not exist. {_UNTOUCHED}"
            )
        LOGGER.info("no config file at %s; using the defaults", path)
        return ConfigResult(Settings(), (), path, existed=False)
    except UnreadableFile as error:
        return _unusable(path, f"{source}: {error}. {_UNTOUCHED}")

    upgraded = upgrade(raw, source, steps)
    settings, problems = load_settings(upgraded.values, source)
    problems = [*upgraded.problems, *problems]
    for notice in upgraded.notices:
        LOGGER.info("%s", notice.message)
    for problem in problems:
        LOGGER.warning("%s", problem.message)
    return ConfigResult(settings, tuple(problems), path, True, upgraded.version, upgraded.notices)


def _unusable(path: Path, message: str) -> ConfigResult:
    LOGGER.warning("%s", message)
    problem = SettingProblem(source=str(path), key=None, message=message)
    return ConfigResult(Settings(), (problem,), path, existed=True)
