"""Start at login: one small adapter per platform (`xdg`, `windows`, `macos`), all behind
`Autostart`; `shared` holds the names and file handling they have in common, `launcher` the
command line they start.

- Linux and the BSDs (any XDG desktop): a `glutewake.desktop` file in the user's autostart
  folder, `$XDG_CONFIG_HOME/autostart` (default `~/.config/autostart`), per the XDG Autostart
  and Desktop Entry specifications.
- Windows: a `glutewake` REG_SZ value in the current user's Run key,
  `HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run`.
- macOS: a LaunchAgent property list in `~/Library/LaunchAgents` that runs glutewake once
  when launchd loads it at login (RunAtLoad) and never restarts it.

Ownership. Each adapter removes only what it wrote itself:
- the `.desktop` file carries `X-Glutewake-Autostart=true`; a `glutewake.desktop` without it is
  the user's own and is never rewritten or removed;
- the LaunchAgent file is named after our own label and must carry it;
- the registry value is the one named `glutewake`; no other value under Run is read or touched.

`disable()` with the user's own entry in place raises `AutostartError` instead of logging a
warning: the user just asked glutewake not to start at login, and a warning in a log nobody
reads would leave it starting anyway with no explanation. The message names the file and says
it was left alone, so the settings dialog can show it as is. A user's own entry that is already
switched off (Hidden=true, or X-GNOME-Autostart-enabled=false) needs nothing, so no error then.

Nothing here starts glutewake now or talks to a session manager: every entry takes effect at
the next login.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Protocol

from glutewake.system.autostart.launcher import launch_command
from glutewake.system.autostart.shared import ICON_NAME, LAUNCH_AGENT_LABEL, AutostartError
from glutewake.system.autostart.xdg import DESKTOP_FILE_NAME, XdgDesktopFile

if TYPE_CHECKING:
    from glutewake.system.autostart.windows import Registry

__all__ = [
    "ICON_NAME",
    "LAUNCH_AGENT_LABEL",
    "Autostart",
    "AutostartError",
    "autostart_for",
    "launch_command",
]

log = logging.getLogger(__name__)


class Backend(Protocol):
    """One platform's entry: the file or registry value, read, written and removed."""

    def is_enabled(self) -> bool: ...
    def enable(self, command: Sequence[str]) -> None: ...
    def disable(self) -> None: ...


@dataclass(frozen=True)
class Autostart:
    """Where and how this platform starts programs at login."""

    platform: str
    """One of: linux (any XDG desktop, also the BSDs), windows, macos."""
    location: str
    """The .desktop file, the registry value (HKCU\\...\\Run\\glutewake) or the plist file."""
    _backend: Backend = field(repr=False, compare=False)

    def is_enabled(self) -> bool:
        """True when an entry there would start glutewake at the next login, ours or not."""
        return self._backend.is_enabled()

    def enable(self, command: Sequence[str]) -> None:
        """Start `command` (absolute program path first) at every login.

        Idempotent: an identical entry is left as it is, our own entry with another command is
        rewritten. An entry glutewake did not write raises AutostartError and is left alone.
        """
        if not command:
            raise AutostartError("Cannot start glutewake at login: the command to run is empty.")
        flavour = PureWindowsPath if self.platform == "windows" else PurePosixPath
        if not flavour(command[0]).is_absolute():
            raise AutostartError(
                f"Cannot start glutewake at login with {command[0]!r}: "
                "the program must be given by its full path, not a relative one."
            )
        self._backend.enable(list(command))
        log.info("glutewake will start at login: %s", self.location)

    def disable(self) -> None:
        """Remove exactly the entry `enable()` added; nothing to do when there is none.

        An enabled entry glutewake did not write is left in place and AutostartError says so
        (see the module docstring for why this is an error and not a warning).
        """
        self._backend.disable()
        log.info("glutewake will no longer start at login: %s", self.location)


def autostart_for(
    platform: str | None = None,
    *,
    env: Mapping[str, str] | None = None,
    home: Path | None = None,
    registry: Registry | None = None,
) -> Autostart:
    """The autostart entry for `platform` (default: this one).

    `platform` is "linux", "windows" or "macos", or a `sys.platform` value. `env` (default
    os.environ) supplies XDG_CONFIG_HOME and HOME; `home` overrides HOME; `registry` replaces
    the real Windows registry. All three are for tests and tools, never needed in the app.
    """
    kind = _platform_kind(sys.platform if platform is None else platform)
    environ = os.environ if env is None else env
    # The Windows and macOS backends (plistlib and its XML parser among them) are imported
    # only on their own platform.
    if kind == "windows":
        from glutewake.system.autostart.windows import (  # noqa: PLC0415
            RUN_KEY,
            RUN_VALUE,
            WindowsRunKey,
            WinregRegistry,
        )

        backend_registry = WinregRegistry() if registry is None else registry
        return Autostart(
            platform=kind,
            location=f"HKCU\\{RUN_KEY}\\{RUN_VALUE}",
            _backend=WindowsRunKey(backend_registry),
        )
    user_home = home if home is not None else _home(environ)
    if kind == "macos":
        from glutewake.system.autostart.macos import LaunchAgent  # noqa: PLC0415

        path = user_home / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"
        return Autostart(platform=kind, location=str(path), _backend=LaunchAgent(path))
    path = _xdg_config_home(environ, user_home) / "autostart" / DESKTOP_FILE_NAME
    return Autostart(platform=kind, location=str(path), _backend=XdgDesktopFile(path))


def _platform_kind(name: str) -> str:
    lowered = name.lower()
    if lowered in {"windows", "win32"}:
        return "windows"
    if lowered in {"macos", "darwin"}:
        return "macos"
    if lowered.startswith(("linux", "freebsd", "openbsd", "netbsd", "dragonfly", "sunos")):
        return "linux"
    raise AutostartError(f"Starting glutewake at login is not supported on {name!r}.")


def _home(env: Mapping[str, str]) -> Path:
    value = env.get("HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home()


def _xdg_config_home(env: Mapping[str, str], home: Path) -> Path:
    # Base Directory spec: unset or empty means ~/.config, and a relative path is invalid and
    # must be ignored.
    value = env.get("XDG_CONFIG_HOME", "")
    return Path(value) if os.path.isabs(value) else home / ".config"
