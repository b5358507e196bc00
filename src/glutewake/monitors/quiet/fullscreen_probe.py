"""What the fullscreen monitor asks of a window system, whichever one it is."""

from __future__ import annotations

from typing import Protocol


class FullscreenUnavailable(Exception):
    """Fullscreen windows cannot be seen here; the message says why."""


class FullscreenProbe(Protocol):
    """Asks the window system whether the window the user looks at is fullscreen."""

    @property
    def needs_poll(self) -> bool:
        """True when changes must be polled for (no events announce them)."""
        ...

    def is_fullscreen(self) -> bool | None:
        """None once the probe cannot answer any more (`broken` says why)."""
        ...

    @property
    def broken(self) -> str: ...

    def describe(self) -> str: ...

    def close(self) -> None: ...
