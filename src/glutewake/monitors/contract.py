"""What every monitor is to the app: a source of core facts that starts, stops and says what
it sees. The app wires them all the same way, so a new backend needs no change there."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import SignalInstance


class Monitor(Protocol):
    """A QObject adapter turning something the desktop shows into `glutewake.core.facts`.

    `fact` carries core facts only, on the Qt thread. `start()` never raises for a missing
    display, bus or service: the monitor logs what it lacks (once) and reports fewer facts.
    """

    @property
    def fact(self) -> SignalInstance: ...

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def describe(self) -> str:
        """A short status line for the tray, e.g. "media: MPRIS (2 players)"."""
        ...
