"""Opening and closing a python-xlib connection, with the errors it can raise named once.

Each X monitor holds a connection of its own (python-xlib connections are not shared across
threads, and one monitor's events must not reach another). python-xlib is imported here,
when a connection is first wanted: it is missing on Windows and macOS, and a session
without X never needs it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

log = logging.getLogger("glutewake.monitors")


class XDisplayUnavailable(Exception):
    """No X connection can be made here; the message says why."""


@dataclass(frozen=True)
class XErrors:
    """What a request on an open connection may raise."""

    request: type[BaseException]
    """The server refused one request (most often: the window asked about has gone)."""
    lost: tuple[type[BaseException], ...]
    """The connection itself ended (the X server quit or the socket broke)."""

    @property
    def any(self) -> tuple[type[BaseException], ...]:
        return (self.request, *self.lost)


def x_errors() -> XErrors:
    """The exceptions of python-xlib's requests (XDisplayUnavailable if it is missing)."""
    try:
        import Xlib.error  # noqa: PLC0415 (imported only where X11 is tried)
    except ImportError as exc:
        raise XDisplayUnavailable(f"python-xlib missing: {exc}") from exc
    return XErrors(Xlib.error.XError, (Xlib.error.ConnectionClosedError, OSError))


def open_x_display(name: str | None = None) -> Any:
    """A new connection to the X display `name` (default: $DISPLAY).

    Raises XDisplayUnavailable with "python-xlib missing: ..." or "no X display: ...".
    """
    errors = x_errors()
    import Xlib.display  # noqa: PLC0415 (python-xlib is present: x_errors imported it)
    import Xlib.error  # noqa: PLC0415

    try:
        return Xlib.display.Display(name)
    except (
        Xlib.error.DisplayError,
        Xlib.error.XauthError,
        Xlib.error.XNoAuthError,
        *errors.any,
    ) as exc:
        raise XDisplayUnavailable(f"no X display: {exc}") from exc


def close_x_display(display: Any, whose: str) -> None:
    """Close a connection that may already have ended; `whose` names it in the debug log."""
    try:
        display.close()
    except x_errors().any as exc:
        log.debug("closing %s display: %s", whose, exc)
