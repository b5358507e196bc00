"""Saving settings into the user's config.toml, only when they ask (the dialog's OK, `config set`).

The file is theirs: comments, blank lines, key order and keys glutewake does not know are kept
(tomlkit edits the document rather than rewriting it). A file that is not valid TOML is never
overwritten: the user is told to fix or move it, and nothing is written. Writes are atomic (a
temporary file in the same folder, flushed to disk, then renamed over the old one), so a crash
leaves the old file or the new one, never half of each. A symlinked config (dotfiles) is
written through the link, which stays in place.

Saving is also when an older file's format is brought up to date: the upgrade steps of
`core.config_format` rename or convert keys in the document itself (in place, comments kept) and
`version` is set to the current one. A file of a newer version than this glutewake knows is
never written: that would turn it into an older format behind a newer glutewake's back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import tomlkit
from tomlkit.exceptions import TOMLKitError

from glutewake.core.config_format import (
    FIRST_VERSION,
    STEPS,
    VERSION_KEY,
    Step,
    supported_versions,
    upgrade,
)
from glutewake.core.settings import SettingValue, spec_for
from glutewake.store.atomic_file import replace_file
from glutewake.store.config_file import MAX_CONFIG_BYTES
from glutewake.store.user_file import read_user_file

HEADER = (
    "glutewake settings. Every key is optional; `glutewake config` lists them with their\n"
    "defaults and allowed values. glutewake keeps your comments when it saves here."
)


class ConfigWriteError(Exception):
    """Why nothing was saved, worded for the user (names the file)."""


def save_settings(
    path: Path, changes: Mapping[str, SettingValue], *, steps: Sequence[Step] = STEPS
) -> Path:
    """Set `changes` (already validated) in the config file at `path`; returns the file written.

    Raises ConfigWriteError, having written nothing, if the file cannot be read, is not valid
    TOML, is of a newer format than this glutewake knows, or cannot be replaced.
    """
    for key in changes:
        spec_for(key)  # a programming slip, not a user's: fail loudly before touching anything
    target = path.resolve() if path.is_symlink() else path
    document = _load(path, target)
    _upgrade(document, path, steps)
    for key, value in changes.items():
        document[key] = list(value) if isinstance(value, tuple) else value
    _write_atomically(target, tomlkit.dumps(document))
    return target


def _load(path: Path, target: Path) -> tomlkit.TOMLDocument:
    try:
        data = read_user_file(target, MAX_CONFIG_BYTES)
    except FileNotFoundError:
        document = tomlkit.document()
        for line in HEADER.splitlines():
            document.add(tomlkit.comment(line))
        document.add(tomlkit.nl())
        return document
    except OSError as exc:
        raise ConfigWriteError(
            f"{path}: could not be read ({exc.strerror or exc}); nothing was saved."
        ) from None
    try:
        return tomlkit.parse(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, TOMLKitError) as exc:
        raise ConfigWriteError(
            f"{path}: is not valid TOML ({exc}). Nothing was saved, so your file is as you left "
            "it: fix it, or move it aside to start from the defaults."
        ) from None


def _upgrade(document: tomlkit.TOMLDocument, path: Path, steps: Sequence[Step]) -> None:
    """Bring the document to the current format in place, as reading does in memory."""
    upgraded = upgrade(document.unwrap(), str(path), steps)
    if upgraded.newer:
        raise ConfigWriteError(
            f"{path}: {VERSION_KEY} = {upgraded.version} is a newer format than this glutewake "
            f"knows (it writes {supported_versions(steps)}). Nothing was saved, so the file "
            "still works with the newer glutewake: update glutewake to change settings here."
        )
    for step in steps[upgraded.version - FIRST_VERSION :]:
        for change in step:
            if change.old not in document:
                continue
            if change.new != change.old and change.new in document:
                document.remove(change.old)  # reading ignored it in favour of the new key
                continue
            value = change.convert(document[change.old].unwrap())
            # tomlkit's own replace keeps the key's place and its comment; there is no public
            # way to rename a key where it stands.
            document._replace(change.old, change.new, tomlkit.item(value))
    document[VERSION_KEY] = upgraded.current


def _write_atomically(target: Path, text: str) -> None:
    try:
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
        replace_file(target, text.encode("utf-8"), mode)
    except OSError as exc:
        raise ConfigWriteError(
            f"{target}: could not be saved ({exc.strerror or exc}); nothing was changed."
        ) from None
