"""Linux and the BSDs: a `glutewake.desktop` file in the user's XDG autostart folder.

Written per the XDG Autostart and Desktop Entry specifications. The file carries
`X-Glutewake-Autostart=true`; a `glutewake.desktop` without it is the user's own and is never
rewritten or removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from glutewake.system.autostart.shared import (
    APP_NAME,
    COMMENT,
    FILE_MODE,
    ICON_NAME,
    AutostartError,
    file_mode,
    read_entry,
    remove_entry,
    write_entry,
)

DESKTOP_FILE_NAME = f"{APP_NAME}.desktop"
DESKTOP_GROUP = "Desktop Entry"
MARKER_KEY = "X-Glutewake-Autostart"

# Characters the Desktop Entry spec reserves in Exec: an argument holding any of them must be
# double-quoted. Inside the quotes these four are escaped with a backslash.
_EXEC_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")
_EXEC_ESCAPED_IN_QUOTES = frozenset('"`$\\')


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
class XdgDesktopFile:
    path: Path

    def _existing(self) -> tuple[bytes, dict[str, str] | None] | None:
        data = read_entry(self.path)
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
            if data == wanted and file_mode(self.path) == FILE_MODE:
                return
        write_entry(self.path, wanted)

    def disable(self) -> None:
        existing = self._existing()
        if existing is None:
            return
        keys = existing[1]
        if _ours(keys):
            remove_entry(self.path)
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
