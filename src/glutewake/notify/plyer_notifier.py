"""Plain notifications through plyer, for desktops where glutewake's D-Bus path is not usable.

plyer offers no buttons, no replacing and no closing: a note is shown and left to the user.
On Linux plyer speaks to the same org.freedesktop.Notifications service as the D-Bus notifier
(through dbus-python, or `notify-send`, or the desktop portal inside Flatpak), so it only
helps there when that service exists; on Windows and macOS it has its own backends.
"""

from __future__ import annotations

import importlib
import logging
import subprocess
import sys
import warnings

from plyer import notification as plyer_notification
from PySide6.QtCore import QObject, Signal

from glutewake.notify import LOGGER_NAME, Note

log = logging.getLogger(LOGGER_NAME)

LINUX_BACKENDS = frozenset({"NotifyDbus", "NotifySendNotification", "NotifyDesktopPortals"})
"""plyer's Linux backends: all of them need a notification service on the session bus."""

TIMEOUT_S = 0 if sys.platform.startswith("linux") else 600
"""0 is "never expires" for the freedesktop service. plyer's Windows balloon is torn down after
`timeout` seconds (at once for 0), so there it gets a long one; macOS ignores it."""


def _plyer_errors() -> tuple[type[BaseException], ...]:
    """What plyer's backends raise when they cannot notify; nothing broader."""
    errors: list[type[BaseException]] = [
        NotImplementedError,  # no backend for this platform
        ImportError,  # a backend's library (dbus-python, pyobjus, win32 bits) is missing
        OSError,  # notify-send or gdbus missing, or the OS call failed
        subprocess.SubprocessError,
    ]
    try:  # plyer's NotifyDbus uses dbus-python when it is installed
        dbus_exceptions = importlib.import_module("dbus.exceptions")
    except ImportError:
        pass
    else:
        errors.append(dbus_exceptions.DBusException)
    return tuple(errors)


def plyer_backend() -> tuple[str | None, str]:
    """The name of the backend plyer picked here, or None with the reason there is none."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # The proxy picks its backend on first use and forwards __class__ to it.
        backend = str(plyer_notification.__class__.__name__)
    for warning in caught:
        log.debug("plyer: %s", str(warning.message).splitlines()[0])
    if backend == "Notification":  # plyer's facade itself: no implementation was found
        return None, f"plyer has no notification backend on {sys.platform}"
    return backend, f"plyer's {backend}"


class PlyerNotifier(QObject):
    """A plain notification with the note's text; answers are given from the tray menu."""

    action = Signal(str)
    failed = Signal(str)

    def __init__(self, app_name: str = "glutewake", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = "plyer"
        self.supports_actions = False
        self._app_name = app_name
        self._errors = _plyer_errors()

    def show(self, note: Note) -> None:
        try:
            plyer_notification.notify(
                title=note.title,
                message=note.body,
                app_name=self._app_name,
                timeout=TIMEOUT_S,
            )
        except self._errors as exc:
            reason = f"plyer could not show a notification: {type(exc).__name__}: {exc}"
            log.warning("%s", reason)
            self.failed.emit(reason)

    def withdraw(self) -> None:
        """plyer cannot take a notification back; the next one is shown beside it."""
        log.debug("plyer cannot withdraw a notification; leaving it to the user")
