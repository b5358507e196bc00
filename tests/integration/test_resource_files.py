"""The one way to glutewake's packaged resources, in the editable install the tests run from.

The wheel and the bundle are checked by tests/packaging; here the point is that the checkout's
top-level resources/ folder is what the running code reads, and that an install without it
still starts (no built-in exercises, no icon), saying why.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from glutewake import resource_files
from glutewake.core.exercises import BUILTIN_SOURCE
from glutewake.resource_files import (
    ICON_SIZES,
    exercise_library,
    illustrations_dir,
    resources_dir,
    theme_icon,
)
from glutewake.store.library_file import load_library

ROOT = Path(__file__).resolve().parents[2]


def test_the_editable_install_reads_the_checkouts_resources_folder() -> None:
    assert resources_dir() == ROOT / "resources"
    assert exercise_library().is_file()
    assert len(list(illustrations_dir().glob("*.svg"))) >= 19
    assert all(theme_icon(size).is_file() for size in ICON_SIZES)


def test_an_install_without_resources_still_loads_and_says_reinstall(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(FileNotFoundError, match="glutewake is incomplete"):
        resources_dir()

    library, problems = load_library(tmp_path / "no-custom-file.toml")

    assert not library.exercises
    assert problems[0].source == BUILTIN_SOURCE
    assert "Reinstalling should fix it." in problems[0].message
    assert resource_files.RESOURCE_PACKAGE in problems[0].message
