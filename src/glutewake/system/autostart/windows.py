"""Windows: a `glutewake` REG_SZ value in the current user's Run key.

Only the value named `glutewake` under HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run
is read or touched; no other value there.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PureWindowsPath
from typing import Protocol, TypeVar

from glutewake.system.autostart.shared import APP_NAME, AutostartError, reason

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE = APP_NAME

_T = TypeVar("_T")


class Registry(Protocol):
    """The registry operations the Windows adapter needs, on HKEY_CURRENT_USER.

    `WinregRegistry` is the real one; tests pass a fake that records what would be written.
    Each method raises OSError as winreg does, except that a missing value is not an error.
    """

    def read_value(self, key: str, name: str) -> str | None:
        """The value `name` under `key` as text, or None when the key or the value is missing."""
        ...

    def write_string(self, key: str, name: str, data: str) -> None:
        """Create `key` if needed and set `name` to `data` as REG_SZ."""
        ...

    def delete_value(self, key: str, name: str) -> None:
        """Remove `name` from `key`; nothing happens when either is missing."""
        ...


class WinregRegistry:
    """HKEY_CURRENT_USER through the standard library's winreg, imported only when used."""

    def read_value(self, key: str, name: str) -> str | None:
        if sys.platform != "win32":
            raise OSError("the Windows registry exists only on Windows")
        import winreg  # noqa: PLC0415 - Windows-only module

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, key) as handle:
                data, _kind = winreg.QueryValueEx(handle, name)
        except FileNotFoundError:
            return None
        return str(data)

    def write_string(self, key: str, name: str, data: str) -> None:
        if sys.platform != "win32":
            raise OSError("the Windows registry exists only on Windows")
        import winreg  # noqa: PLC0415 - Windows-only module

        with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, key, 0, winreg.KEY_SET_VALUE) as handle:
            winreg.SetValueEx(handle, name, 0, winreg.REG_SZ, data)

    def delete_value(self, key: str, name: str) -> None:
        if sys.platform != "win32":
            raise OSError("the Windows registry exists only on Windows")
        import winreg  # noqa: PLC0415 - Windows-only module

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, key, 0, winreg.KEY_SET_VALUE) as handle:
                winreg.DeleteValue(handle, name)
        except FileNotFoundError:
            return


def _windows_command(command: Sequence[str]) -> str:
    parts = list(command)
    program = parts[0]
    name = PureWindowsPath(program).name
    if name.lower() == "python.exe" and parts[1:3] == ["-m", APP_NAME]:
        # python.exe is a console program: started from the Run key it opens a console window
        # that stays up as long as the tray app runs, and closing it would quit glutewake.
        # pythonw.exe, its windowless twin installed beside it, runs the same code without one.
        windowless = program[: len(program) - len(name)] + "pythonw.exe"
        if _file_exists(windowless):
            parts[0] = windowless
    # The Run key holds one command line; list2cmdline quotes it the way the Microsoft C
    # runtime splits it again (paths with spaces, embedded quotes, trailing backslashes).
    return subprocess.list2cmdline(parts)


def _file_exists(path: str) -> bool:
    # A function of its own so that tests on Linux can say which files a C: drive holds.
    return os.path.isfile(path)


@dataclass(frozen=True)
class WindowsRunKey:
    registry: Registry
    key: str = RUN_KEY
    name: str = RUN_VALUE

    @property
    def location(self) -> str:
        return f"HKCU\\{self.key}\\{self.name}"

    def _call(self, action: str, operation: Callable[[], _T]) -> _T:
        try:
            return operation()
        except OSError as exc:
            raise AutostartError(
                f"Could not {action} the registry value {self.location}: {reason(exc)}."
            ) from exc

    def is_enabled(self) -> bool:
        return self._call("read", lambda: self.registry.read_value(self.key, self.name)) is not None

    def enable(self, command: Sequence[str]) -> None:
        line = _windows_command(command)
        current = self._call("read", lambda: self.registry.read_value(self.key, self.name))
        if current == line:
            return
        self._call("write", lambda: self.registry.write_string(self.key, self.name, line))

    def disable(self) -> None:
        self._call("remove", lambda: self.registry.delete_value(self.key, self.name))
