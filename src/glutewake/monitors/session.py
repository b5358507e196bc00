"""Screen lock and suspend: the moments the user is certainly away.

Sources, each optional:
- session bus: `ActiveChanged(bool)` of org.freedesktop.ScreenSaver (KDE, Xfce, many others)
  and org.gnome.ScreenSaver (GNOME). A screensaver that blanks without locking still says
  "active": that is treated as a lock too (nobody watches a blank screen).
- system bus: logind's `Lock`/`Unlock` for this session and the manager's
  `PrepareForSleep(bool)`.
- always (Linux): CLOCK_BOOTTIME counts suspended time and CLOCK_MONOTONIC does not, so a
  1 Hz check sees a suspend the buses did not report, and how long it lasted.

Each change is reported once however many sources report it (KDE emits ActiveChanged on
two paths; logind and the clock check both see a suspend).
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtDBus import QDBusConnection, QDBusError, QDBusMessage, QDBusObjectPath

from glutewake.clock import suspended_s
from glutewake.core.facts import Session, SessionChange
from glutewake.monitors.buses import given_or_default, slot

if TYPE_CHECKING:
    from glutewake.clock import Clock

log = logging.getLogger("glutewake.monitors")

LOGIND = "org.freedesktop.login1"
LOGIND_PATH = "/org/freedesktop/login1"
SLEPT_AT_LEAST_S = 1.0
"""The clocks must part by this much to count as a suspend (both tick in nanoseconds)."""
CALL_TIMEOUT_MS = 1000

_SCREENSAVERS = ("org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver")


class SessionMonitor(QObject):
    """Emits `Session` facts: LOCK, UNLOCK, SUSPEND, RESUME.

    Buses default to the real session and system buses; pass connections to use others
    (a missing or disconnected one is logged once). `sleep_drift` returns seconds spent
    suspended so far (default: CLOCK_BOOTTIME - CLOCK_MONOTONIC), or None to skip the check.
    """

    fact = Signal(object)

    def __init__(
        self,
        clock: Clock,
        session_bus: QDBusConnection | None = None,
        system_bus: QDBusConnection | None = None,
        *,
        sleep_drift: Callable[[], float | None] | None = suspended_s,
        drift_check_ms: int = 1000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._given = {"session": session_bus, "system": system_bus}
        self._sleep_drift = sleep_drift
        self._subscriptions: list[tuple[QDBusConnection, tuple[str, str, str, str], Any]] = []
        self._sources: list[str] = []
        self._missing: list[str] = []
        self._locked = False
        self._asleep = False
        self._last_resume = -math.inf
        self._drift: float | None = None
        self._drift_checked_at = -math.inf
        self._drift_timer = QTimer(self)
        self._drift_timer.setInterval(drift_check_ms)
        self._drift_timer.timeout.connect(self.check_drift)
        self._system: QDBusConnection | None = None
        self._session_ids: list[str] = []
        self._session_why = "no session id"
        self._running = False

    # -- life cycle ----------------------------------------------------------------------
    def start(self) -> None:
        self._running = True
        session, why = given_or_default(self._given["session"], "session")
        if session is None:
            self._missing.append(f"screensaver ({why})")
        else:
            for service in _SCREENSAVERS:
                # Any sender, any path: KDE's comes from /ScreenSaver and /org/freedesktop/...
                rule = ("", "", service, "ActiveChanged")
                self._subscribe(session, rule, "_on_screensaver(bool)", "screensaver")
        system, why = given_or_default(self._given["system"], "system")
        if system is None:
            self._missing.append(f"logind ({why})")
        else:
            self._subscribe_logind(system)
        if self._sleep_drift is not None and self._sleep_drift() is not None:
            self._drift = self._sleep_drift()
            self._drift_checked_at = self._clock.now()
            self._drift_timer.start()
            self._sources.append("clock check")
        for what in self._missing:
            log.warning("session monitor without %s", what)
        log.info("session monitor: %s", self.describe())

    def stop(self) -> None:
        self._running = False
        self._drift_timer.stop()
        for bus, (service, path, interface, name), signature in self._subscriptions:
            bus.disconnect(service, path, interface, name, self, signature)
        self._subscriptions.clear()

    def describe(self) -> str:
        heard = ", ".join(dict.fromkeys(self._sources)) or "nothing"
        return f"session: {heard}" + (
            f" (without {'; '.join(self._missing)})" if self._missing else ""
        )

    # -- D-Bus -----------------------------------------------------------------------------
    def _subscribe(
        self,
        bus: QDBusConnection,
        rule: tuple[str, str, str, str],
        slot_name: str,
        label: str,
    ) -> bool:
        signature = slot(slot_name)
        if bus.connect(*rule, self, signature):
            self._subscriptions.append((bus, rule, signature))
            self._sources.append(label)
            return True
        self._missing.append(f"{label} ({bus.lastError().message() or 'cannot subscribe'})")
        return False

    def _subscribe_logind(self, bus: QDBusConnection) -> None:
        self._subscribe(
            bus,
            (LOGIND, LOGIND_PATH, f"{LOGIND}.Manager", "PrepareForSleep"),
            "_on_prepare_for_sleep(bool)",
            "logind sleep",
        )
        self._system = bus
        self._session_ids = list(
            dict.fromkeys(i for i in ("auto", os.environ.get("XDG_SESSION_ID", "")) if i)
        )
        self._ask_session_path()

    def _ask_session_path(self) -> None:
        """Ask logind for this session's object path (its Lock signals come from it, not
        from the "auto" alias), without blocking: logind may be slow at login."""
        if self._system is None or not self._session_ids:
            what = f"logind lock ({self._session_why})"
            self._missing.append(what)
            log.warning("session monitor without %s", what)
            return
        call = QDBusMessage.createMethodCall(LOGIND, LOGIND_PATH, f"{LOGIND}.Manager", "GetSession")
        call.setArguments([self._session_ids.pop(0)])
        self._system.callWithCallback(
            call,
            self,
            slot("_on_session_path(QDBusMessage)"),
            slot("_on_session_error(QDBusError,QDBusMessage)"),
            CALL_TIMEOUT_MS,
        )

    @Slot(QDBusMessage)
    def _on_session_path(self, reply: QDBusMessage) -> None:
        if not self._running:
            return
        args = reply.arguments()
        found = args[0] if args else None
        path = found.path() if isinstance(found, QDBusObjectPath) else str(found)
        if self._system is None or not path.startswith("/"):
            self._session_why = f"GetSession answered {args!r}"
            self._ask_session_path()
            return
        for name, handler in (("Lock", "_on_logind_lock()"), ("Unlock", "_on_logind_unlock()")):
            rule = (LOGIND, path, f"{LOGIND}.Session", name)
            self._subscribe(self._system, rule, handler, "logind lock")
        log.info("session monitor: %s", self.describe())

    @Slot(QDBusError, QDBusMessage)
    def _on_session_error(self, error: QDBusError, call: QDBusMessage) -> None:
        if not self._running:
            return
        self._session_why = f"{error.name()}: {error.message()}"
        self._ask_session_path()

    @Slot(bool)
    def _on_screensaver(self, active: bool) -> None:
        if active and not self._locked:
            self._locked = True
            self.fact.emit(Session(self._clock.now(), SessionChange.LOCK))
        elif not active and self._locked:
            self._locked = False
            self.fact.emit(Session(self._clock.now(), SessionChange.UNLOCK))

    @Slot()
    def _on_logind_lock(self) -> None:
        self._on_screensaver(True)

    @Slot()
    def _on_logind_unlock(self) -> None:
        self._on_screensaver(False)

    @Slot(bool)
    def _on_prepare_for_sleep(self, going: bool) -> None:
        now = self._clock.now()
        if going and not self._asleep:
            self._asleep = True
            self.fact.emit(Session(now, SessionChange.SUSPEND))
        elif not going and self._asleep:
            self._asleep = False
            self._last_resume = now
            self.fact.emit(Session(now, SessionChange.RESUME))

    # -- the clock check --------------------------------------------------------------------
    @Slot()
    def check_drift(self) -> None:
        """A suspend the clocks saw: from the last check awake, for as long as they parted."""
        if self._sleep_drift is None or self._drift is None:
            return
        drift = self._sleep_drift()
        now = self._clock.now()
        if drift is None:
            return
        slept = drift - self._drift
        before = self._drift_checked_at
        self._drift, self._drift_checked_at = drift, now
        if slept < SLEPT_AT_LEAST_S:
            return
        if self._asleep:  # logind said it would sleep but not (yet) that it woke
            self._asleep = False
            self._last_resume = now
            self.fact.emit(Session(now, SessionChange.RESUME))
        elif self._last_resume >= before:
            return  # logind reported this one already
        else:
            log.info("a suspend of %.0f s seen by the clocks alone", slept)
            self.fact.emit(Session(before, SessionChange.SUSPEND))
            self.fact.emit(Session(min(before + slept, now), SessionChange.RESUME))
