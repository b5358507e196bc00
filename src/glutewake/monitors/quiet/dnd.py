"""The do-not-disturb monitor: `Quiet(DO_NOT_DISTURB)` while any source says notifications
are held back (the notification daemon's properties, or GNOME's banners setting)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtDBus import QDBusConnection

from glutewake.core.facts import Quiet, QuietReason
from glutewake.monitors.buses import given_or_default
from glutewake.monitors.quiet.dnd_daemon import NotificationDaemon
from glutewake.monitors.quiet.dnd_gnome import GnomeBanners, is_gnome
from glutewake.monitors.quiet.dnd_tally import ORDER, Tally

if TYPE_CHECKING:
    from glutewake.clock import Clock


class DoNotDisturbMonitor(QObject):
    """`Quiet(t, DO_NOT_DISTURB, True)` while any source says notifications are held back.

    `gnome=None` follows GNOME's setting only on GNOME with gsettings installed; True or
    False decides (tests). A source that is missing or stops answering counts as "not
    asking for quiet", so a lost source can never hold prompts back for good.
    """

    fact = Signal(object)

    def __init__(
        self,
        clock: Clock,
        bus: QDBusConnection | None = None,
        *,
        gnome: bool | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._given = bus
        self._gnome = gnome
        self._tally = Tally(self._update)
        self._daemon = NotificationDaemon(self._tally, self)
        self._banners = GnomeBanners(self._tally, self)
        self._active = False

    @property
    def active(self) -> bool:
        return self._active

    @property
    def asking(self) -> list[str]:
        """The sources asking for quiet right now, e.g. ["dunst paused"]."""
        return [source for source in ORDER if self._tally.says.get(source)]

    def start(self) -> None:
        bus, why = given_or_default(self._given, "session")
        self._daemon.start(bus, why)
        wanted = is_gnome() if self._gnome is None else self._gnome
        if wanted:
            self._banners.start()
        if bus is None and not wanted:
            self._tally.note("bus", f"do-not-disturb monitor off: {why}", logging.WARNING)

    def stop(self) -> None:
        self._daemon.stop()
        self._banners.stop()

    def describe(self) -> str:
        following = [source for source in ORDER if source in self._tally.says]
        if self._daemon.asking:
            following.append("asking the notification daemon")
        if following:
            return "do-not-disturb: " + ", ".join(following)
        reasons = sorted(set(self._tally.missing.values()))
        return "do-not-disturb: nothing to follow" + (f" ({'; '.join(reasons)})" if reasons else "")

    def _update(self) -> None:
        active = self._tally.quiet
        if active != self._active:
            self._active = active
            self.fact.emit(Quiet(self._clock.now(), QuietReason.DO_NOT_DISTURB, active))
