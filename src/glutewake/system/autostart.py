"""Start at login: one small adapter per platform, all behind `Autostart`.

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

import contextlib
import logging
import os
import plistlib
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Protocol, TypeVar

log = logging.getLogger(__name__)

APP_NAME = "glutewake"
COMMENT = "Notices long sitting bouts and prompts short glute-activation breaks"

DESKTOP_FILE_NAME = f"{APP_NAME}.desktop"
DESKTOP_GROUP = "Desktop Entry"
MARKER_KEY = "X-Glutewake-Autostart"

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE = APP_NAME

# launchd labels are reverse-DNS names. This one is the project's declared homepage
# (example.invalid/glutewake) reversed; change it together with the homepage, and leave the old
# file behind only knowingly: `disable()` looks for this label's file alone.
LAUNCH_AGENT_LABEL = "invalid.example.glutewake"
ICON_NAME = "invalid.example.glutewake"  # the installed .desktop file's and hicolor icons' name

# Characters the Desktop Entry spec reserves in Exec: an argument holding any of them must be
# double-quoted. Inside the quotes these four are escaped with a backslash.
_EXEC_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")
_EXEC_ESCAPED_IN_QUOTES = frozenset('"`$\\')

_FILE_MODE = 0o644

_T = TypeVar("_T")


class AutostartError(Exception):
    """Start at login could not be changed, or an entry glutewake did not write is in the way.

    The message is meant for the user as it is: it names the file or registry value and what
    went wrong.
    """


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


class _Backend(Protocol):
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
    _backend: _Backend = field(repr=False, compare=False)

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
    if kind == "windows":
        backend_registry = WinregRegistry() if registry is None else registry
        return Autostart(
            platform=kind,
            location=f"HKCU\\{RUN_KEY}\\{RUN_VALUE}",
            _backend=_WindowsRunKey(backend_registry),
        )
    user_home = home if home is not None else _home(environ)
    if kind == "macos":
        path = user_home / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"
        return Autostart(platform=kind, location=str(path), _backend=_LaunchAgent(path))
    path = _xdg_config_home(environ, user_home) / "autostart" / DESKTOP_FILE_NAME
    return Autostart(platform=kind, location=str(path), _backend=_XdgDesktopFile(path))


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


# --- platform and paths ---------------------------------------------------------------------


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


# --- files ----------------------------------------------------------------------------------


def _write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a reader sees the old file or the new one, never half.

    A temporary file in the same folder, flushed to disk, then renamed over the target.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise AutostartError(_cannot_write(path, exc)) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, _FILE_MODE)  # mkstemp creates it readable by its owner only
        os.replace(temp_name, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise AutostartError(_cannot_write(path, exc)) from exc
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; a best effort, some file systems refuse it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise AutostartError(f"Cannot read {path}: {_reason(exc)}.") from exc


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise AutostartError(
            f"Could not stop glutewake starting at login: cannot remove {path}: {_reason(exc)}."
        ) from exc


def _cannot_write(path: Path, exc: OSError) -> str:
    return f"Could not set glutewake to start at login: cannot write {path}: {_reason(exc)}."


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


# --- Linux and the BSDs: XDG autostart -------------------------------------------------------


def _desktop_string(value: str) -> str:
    """Escape a Desktop Entry `string` value: backslash, newline, tab and carriage return."""
    return (
        value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
    )


def _exec_argument(argument: str) -> str:
    """Quote one argument of an Exec value per the Desktop Entry spec, before string escaping.

    Double-quoted when empty or holding a reserved character, with `"`, backquote, `$` and
    backslash escaped by a backslash inside the quotes; a literal `%` becomes `%%` so it is not
    read as a field code.
    """
    needs_quotes = argument == "" or any(c in _EXEC_RESERVED for c in argument)
    body = "".join(
        ("\\" + c if needs_quotes and c in _EXEC_ESCAPED_IN_QUOTES else c).replace("%", "%%")
        for c in argument
    )
    return f'"{body}"' if needs_quotes else body


def _exec_line(command: Sequence[str]) -> str:
    if "=" in command[0]:
        raise AutostartError(
            f"Cannot start {command[0]} at login: the Desktop Entry format does not allow "
            "'=' in the program's path."
        )
    # The string escapes apply to the whole value and are undone before the quoting, so a
    # literal backslash inside a quoted argument ends up written as four.
    return _desktop_string(" ".join(_exec_argument(part) for part in command))


def _desktop_entry(command: Sequence[str]) -> bytes:
    lines = [
        f"[{DESKTOP_GROUP}]",
        "Type=Application",
        f"Name={APP_NAME}",
        f"Comment={COMMENT}",
        f"Exec={_exec_line(command)}",
        # Makes the session skip the entry, not fail on it, once this installation is gone.
        f"TryExec={_desktop_string(command[0])}",
        f"Icon={ICON_NAME}",
        "Terminal=false",
        "Categories=Utility;",
        "X-GNOME-Autostart-enabled=true",
        f"{MARKER_KEY}=true",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _desktop_keys(data: bytes) -> dict[str, str] | None:
    """The raw key=value pairs of the [Desktop Entry] group, or None when there is none."""
    text = data.decode("utf-8", "replace")
    keys: dict[str, str] | None = None
    group = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            group = line[1:-1]
            if group == DESKTOP_GROUP and keys is None:
                keys = {}
            continue
        if group == DESKTOP_GROUP and keys is not None and "=" in line:
            key, _, value = line.partition("=")
            keys.setdefault(key.strip(), value.strip())
    return keys


@dataclass(frozen=True)
class _XdgDesktopFile:
    path: Path

    def _existing(self) -> tuple[bytes, dict[str, str] | None] | None:
        data = _read_bytes(self.path)
        return None if data is None else (data, _desktop_keys(data))

    def is_enabled(self) -> bool:
        existing = self._existing()
        return existing is not None and _starts_at_login(existing[1])

    def enable(self, command: Sequence[str]) -> None:
        wanted = _desktop_entry(command)
        existing = self._existing()
        if existing is not None:
            data, keys = existing
            if not _ours(keys):
                raise AutostartError(
                    f"{self.path} already exists and was not written by glutewake "
                    f"(it has no {MARKER_KEY}=true line), so it was left as it is. "
                    "Remove it, or use it to start glutewake yourself."
                )
            if data == wanted and _file_mode(self.path) == _FILE_MODE:
                return
        _write_atomically(self.path, wanted)

    def disable(self) -> None:
        existing = self._existing()
        if existing is None:
            return
        keys = existing[1]
        if _ours(keys):
            _remove(self.path)
            return
        if _starts_at_login(keys):
            raise AutostartError(
                f"{self.path} was not written by glutewake (it has no {MARKER_KEY}=true line), "
                "so it was left in place: whatever it starts will still start at login until "
                "you remove or edit that file."
            )


def _ours(keys: dict[str, str] | None) -> bool:
    return keys is not None and keys.get(MARKER_KEY) == "true"


def _starts_at_login(keys: dict[str, str] | None) -> bool:
    # Autostart spec: Hidden=true means ignore the file; GNOME and others also honour
    # X-GNOME-Autostart-enabled=false, which their startup-applications settings write.
    return (
        keys is not None
        and keys.get("Hidden") != "true"
        and keys.get("X-GNOME-Autostart-enabled") != "false"
    )


def _file_mode(path: Path) -> int | None:
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return None


# --- Windows: HKCU Run key -------------------------------------------------------------------


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
class _WindowsRunKey:
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
                f"Could not {action} the registry value {self.location}: {_reason(exc)}."
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


# --- macOS: LaunchAgent ----------------------------------------------------------------------


def _launch_agent(command: Sequence[str]) -> dict[str, object]:
    # Only these three keys: no KeepAlive, so launchd starts glutewake once per login and lets
    # it stay quit when the user quits it from the tray.
    return {
        "Label": LAUNCH_AGENT_LABEL,
        "ProgramArguments": list(command),
        "RunAtLoad": True,
    }


@dataclass(frozen=True)
class _LaunchAgent:
    path: Path

    def _existing(self) -> dict[str, object] | None:
        """The plist there, or None when there is no file; {} when it is not one of ours."""
        data = _read_bytes(self.path)
        if data is None:
            return None
        try:
            loaded = plistlib.loads(data)
        except Exception:  # plistlib raises several kinds of error on a damaged file
            return {}
        if not isinstance(loaded, dict) or loaded.get("Label") != LAUNCH_AGENT_LABEL:
            return {}
        return loaded

    def _foreign(self, verb: str) -> AutostartError:
        return AutostartError(
            f"{self.path} is not a launch agent glutewake wrote (its Label is not "
            f"{LAUNCH_AGENT_LABEL}), so it was {verb}. Remove or fix that file yourself."
        )

    def is_enabled(self) -> bool:
        existing = self._existing()
        if not existing:
            return False
        return existing.get("Disabled") is not True

    def enable(self, command: Sequence[str]) -> None:
        wanted = _launch_agent(command)
        existing = self._existing()
        if existing == {}:
            raise self._foreign("left as it is")
        if existing == wanted and _file_mode(self.path) == _FILE_MODE:
            return
        _write_atomically(self.path, plistlib.dumps(wanted, fmt=plistlib.FMT_XML))

    def disable(self) -> None:
        existing = self._existing()
        if existing is None:
            return
        if existing == {}:
            raise self._foreign("left in place")
        _remove(self.path)
