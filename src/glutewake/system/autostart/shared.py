"""What every platform's login entry shares: the names it carries, its error, and its files.

The application's names (APP_NAME, COMMENT, the launchd label and the icon name) are written
here once for all three platforms.
"""

from __future__ import annotations

from pathlib import Path

from glutewake.identity import APP_ID
from glutewake.store.atomic_file import replace_file

APP_NAME = "glutewake"
COMMENT = "Notices long sitting bouts and prompts short glute-activation breaks"

# launchd labels are reverse-DNS names. This one is the project's declared homepage
# (example.invalid/glutewake) reversed; change it together with the homepage, and leave the old
# file behind only knowingly: `disable()` looks for this label's file alone.
LAUNCH_AGENT_LABEL = APP_ID
ICON_NAME = APP_ID  # the installed .desktop file's and hicolor icons' name

FILE_MODE = 0o644
"""Login entries are readable by everyone, as the session and launchd expect."""


class AutostartError(Exception):
    """Start at login could not be changed, or an entry glutewake did not write is in the way.

    The message is meant for the user as it is: it names the file or registry value and what
    went wrong.
    """


def write_entry(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a reader sees the old file or the new one, never half."""
    try:
        replace_file(path, data, FILE_MODE)
    except OSError as exc:
        raise AutostartError(
            f"Could not set glutewake to start at login: cannot write {path}: {reason(exc)}."
        ) from exc


def read_entry(path: Path) -> bytes | None:
    """The file's bytes, or None when there is none."""
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise AutostartError(f"Cannot read {path}: {reason(exc)}.") from exc


def remove_entry(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise AutostartError(
            f"Could not stop glutewake starting at login: cannot remove {path}: {reason(exc)}."
        ) from exc


def file_mode(path: Path) -> int | None:
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return None


def reason(exc: OSError) -> str:
    return exc.strerror or str(exc)
