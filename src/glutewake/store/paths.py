"""Where glutewake keeps its files, with the overrides tests and trials use."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from glutewake.core.digest import short_id
from glutewake.resource_files import LIBRARY_FILE_NAME
from glutewake.store.config_file import default_config_path


@dataclass(frozen=True, slots=True)
class Paths:
    data_dir: Path
    config_file: Path

    @property
    def exercises_file(self) -> Path:
        """The user's own exercises: beside the config file, wherever that is."""
        return self.config_file.parent / LIBRARY_FILE_NAME

    @property
    def status_file(self) -> Path:
        """The last known status, for `glutewake status` when the app is not running."""
        return self.data_dir / "status.json"

    @property
    def history_file(self) -> Path:
        """Bouts, breaks, prompts, routines and spells: the user's local history."""
        return self.data_dir / "history.sqlite3"

    @property
    def medical_note_seen(self) -> Path:
        """Present once the user has been shown, once, that this is not medical advice."""
        return self.data_dir / "medical-note-seen"

    @property
    def welcome_seen(self) -> Path:
        """Present once the first-run welcome was shown (and saved or skipped)."""
        return self.data_dir / "welcome-seen"

    @property
    def instance_key(self) -> str:
        """The single-instance name: one running app per user and data folder."""
        digest = short_id(str(self.data_dir.resolve()))
        return f"glutewake-{os.getuid() if hasattr(os, 'getuid') else 'user'}-{digest}"


def resolve_paths(data_dir: Path | None = None, config_file: Path | None = None) -> Paths:
    return Paths(
        data_dir=data_dir if data_dir is not None else platformdirs.user_data_path("glutewake"),
        config_file=config_file if config_file is not None else default_config_path(),
    )


def ensure_private_dir(path: Path) -> None:
    """Create the folder readable by its owner only (sitting history is personal)."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
