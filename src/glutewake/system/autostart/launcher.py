"""How to start this installation of glutewake again at login: an absolute command line."""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
from pathlib import Path

from glutewake.system.autostart.shared import APP_NAME, AutostartError


def launch_command() -> list[str]:
    """How to start this installation of glutewake, every part an absolute path or a word.

    The `glutewake` found on PATH when it is this installation's own entry point (same scripts
    folder and, where it has one, a shebang naming this Python); otherwise this Python with
    `-m glutewake`, which always starts the very code that is running now.
    """
    if getattr(sys, "frozen", False):
        # A PyInstaller bundle: its executable is glutewake itself, not a Python.
        return [os.path.abspath(sys.executable)]
    found = shutil.which(APP_NAME)
    if found is not None and _is_this_installation(Path(found)):
        return [os.path.abspath(found)]
    if not sys.executable:
        raise AutostartError(
            "Cannot tell which Python is running glutewake, so it cannot be set to start at login."
        )
    # Not resolved: in a virtual environment the interpreter's own path is what selects the
    # environment; its symlink target would start Python without glutewake installed.
    return [os.path.abspath(sys.executable), "-m", APP_NAME]


def _is_this_installation(script: Path) -> bool:
    try:
        real = script.resolve()
    except OSError:
        return False
    folders: set[Path] = set()
    for scheme in {sysconfig.get_default_scheme(), sysconfig.get_preferred_scheme("user")}:
        try:
            folders.add(Path(sysconfig.get_path("scripts", scheme)).resolve())
        except (KeyError, OSError):
            continue
    if real.parent not in folders:
        return False
    if os.name == "nt":
        return True  # an .exe launcher has no shebang line to compare
    interpreter = _shebang_interpreter(real)
    return interpreter is not None and os.path.realpath(interpreter) == os.path.realpath(
        sys.executable
    )


def _shebang_interpreter(script: Path) -> str | None:
    try:
        with script.open("rb") as handle:
            first = handle.readline(4096)
    except OSError:
        return None
    if not first.startswith(b"#!"):
        return None
    words = first[2:].decode("utf-8", "replace").split()
    return words[0] if words else None
