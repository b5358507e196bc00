"""`glutewake ARGS` run as a user runs it, in a process of its own, for the CLI tests."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path


def glutewake_cli(
    *args: str,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """`python -m glutewake ARGS`, its output captured; never raises for its exit code."""
    return subprocess.run(
        [sys.executable, "-m", "glutewake", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=None if env is None else dict(env),
        cwd=cwd,
        check=False,
    )
