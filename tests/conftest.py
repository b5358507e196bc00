"""Test-wide safety: no test may read or write the real user's glutewake files.

Every test (and every glutewake process a test starts) sees a private HOME and private XDG
folders, so a test that forgets `--data-dir` or `--config` still cannot touch real data.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_HOME = Path(tempfile.mkdtemp(prefix="glutewake-test-home-"))


def pytest_configure() -> None:
    for name, sub in (
        ("HOME", ""),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        path = _HOME / sub
        path.mkdir(parents=True, exist_ok=True)
        os.environ[name] = str(path)
