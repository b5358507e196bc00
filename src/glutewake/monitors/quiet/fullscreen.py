"""The fullscreen monitor: `Quiet(FULLSCREEN)` while the window the user looks at is fullscreen.

It picks the probe for this platform (X11 or Windows; on Wayland and macOS fullscreen windows
cannot be seen, and it says so once), asks it when the X server announces a change or, where
nothing announces one, on a poll timer, and gives up soft when the probe breaks.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal, Slot

from glutewake.core.facts import Quiet, QuietReason
from glutewake.monitors.quiet.fullscreen_probe import FullscreenProbe, FullscreenUnavailable
from glutewake.monitors.quiet.fullscreen_x11 import X11FullscreenProbe
from glutewake.system.session_type import is_wayland

if TYPE_CHECKING:
    from glutewake.clock import Clock

log = logging.getLogger("glutewake.monitors")

FULLSCREEN_POLL_MS = 2000
NOT_DETECTABLE = "fullscreen: not detectable here"


class FullscreenMonitor(QObject):
    """`Quiet(t, FULLSCREEN, True)` while the window the user looks at is fullscreen."""

    fact = Signal(object)

    def __init__(
        self,
        clock: Clock,
        *,
        display_name: str | None = None,
        poll_ms: int = FULLSCREEN_POLL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._display_name = display_name
        self._probe: FullscreenProbe | None = None
        self._notifier: QSocketNotifier | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.check)
        self._fullscreen = False
        self._why = ""

    @property
    def fullscreen(self) -> bool:
        return self._fullscreen

    def start(self) -> None:
        if sys.platform == "darwin" or (sys.platform != "win32" and is_wayland()):
            where = "macOS" if sys.platform == "darwin" else "Wayland"
            self._why = NOT_DETECTABLE
            log.info("fullscreen monitor off: fullscreen windows cannot be seen on %s", where)
            return
        try:
            if sys.platform == "win32":
                from glutewake.monitors.quiet.fullscreen_windows import (  # noqa: PLC0415
                    WindowsFullscreenProbe,  # Windows only: imported there alone
                )

                self._probe = WindowsFullscreenProbe()
            else:
                probe = X11FullscreenProbe(self._display_name)
                self._probe = probe
                self._notifier = QSocketNotifier(probe.fileno(), QSocketNotifier.Type.Read, self)
                self._notifier.activated.connect(self._on_x_events)
        except FullscreenUnavailable as exc:
            self._why = str(exc)
            log.warning("fullscreen monitor off: %s", exc)
            return
        self.check()

    def stop(self) -> None:
        self._timer.stop()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier = None
        if self._probe is not None:
            self._probe.close()
            self._probe = None

    def describe(self) -> str:
        if self._why == NOT_DETECTABLE:
            return NOT_DETECTABLE
        if self._why:
            return f"fullscreen: off ({self._why})"
        if self._probe is None:
            return "fullscreen: not running"
        text = self._probe.describe()
        if self._probe.needs_poll:
            text += f" every {self._timer.interval() / 1000:g} s"
        return text

    @Slot()
    def check(self) -> None:
        """Ask now (the poll timer and X events call this; so may a test)."""
        probe = self._probe
        if probe is None:
            return
        answer = probe.is_fullscreen()
        if answer is not None and isinstance(probe, X11FullscreenProbe) and probe.take_events():
            # Events read along with our replies wake no socket notifier: look again, soon.
            QTimer.singleShot(0, self, self.check)
        if answer is None:
            self._give_up(probe.broken or "the probe stopped answering")
            return
        self._set(answer)
        if probe.needs_poll and not self._timer.isActive():
            self._timer.start()
        elif not probe.needs_poll and self._timer.isActive():
            self._timer.stop()

    @Slot()
    def _on_x_events(self) -> None:
        probe = self._probe
        if isinstance(probe, X11FullscreenProbe) and probe.take_events():
            self.check()

    def _give_up(self, why: str) -> None:
        log.warning("fullscreen monitor stopped: %s", why)
        self.stop()
        self._why = why
        self._set(False)  # a monitor that cannot see must not hold prompts back

    def _set(self, fullscreen: bool) -> None:
        if fullscreen != self._fullscreen:
            self._fullscreen = fullscreen
            self.fact.emit(Quiet(self._clock.now(), QuietReason.FULLSCREEN, fullscreen))
