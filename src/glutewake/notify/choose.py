"""Picks how glutewake notifies, from the user's setting and what this desktop offers.

auto: a D-Bus notification (buttons when the daemon has them) if a notification service
answers on the session bus, else plyer if it has a backend that can work here, else a tray
message. A requested style that cannot work falls back along the same order, and the log says
which path is used and why.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QSystemTrayIcon

from glutewake.notify import LOGGER_NAME, Notifier
from glutewake.notify.dbus import DBusNotifier
from glutewake.notify.tray import TrayNotifier

log = logging.getLogger(LOGGER_NAME)

STYLES = ("auto", "dbus", "plyer", "tray")
AUTO_ORDER = ("dbus", "plyer", "tray")


class _Chooser:
    """Tries one style at a time; the D-Bus probe is made once and shared with plyer's check."""

    def __init__(self, tray_icon: QSystemTrayIcon | None, bus_address: str | None) -> None:
        self._tray_icon = tray_icon
        self._bus_address = bus_address
        self._dbus: DBusNotifier | None = None

    def dbus(self) -> DBusNotifier:
        if self._dbus is None:
            self._dbus = DBusNotifier(self._bus_address)
        return self._dbus

    def attempt(self, style: str) -> tuple[Notifier | None, str]:
        if style == "dbus":
            dbus = self.dbus()
            return (dbus if dbus.available() else None), dbus.reason
        if style == "plyer":
            # plyer (~40 modules) is imported only where D-Bus did not do, never at start.
            from glutewake.notify.plyer_notifier import (  # noqa: PLC0415
                LINUX_BACKENDS,
                PlyerNotifier,
                plyer_backend,
            )

            backend, why = plyer_backend()
            if backend is None:
                return None, why
            if backend in LINUX_BACKENDS and not self.dbus().service_present:
                return None, f"{why} needs the same service, and {self.dbus().reason}"
            return PlyerNotifier(), f"{why}, without buttons"
        if self._tray_icon is None:
            return None, "there is no tray icon"
        return TrayNotifier(self._tray_icon), "tray messages; a click starts the routine"

    def release_unused(self, chosen: Notifier) -> None:
        if self._dbus is not None and self._dbus is not chosen:
            self._dbus.close()


def next_notifier(
    failed: Notifier, tray_icon: QSystemTrayIcon | None, bus_address: str | None = None
) -> Notifier | None:
    """The first way of notifying after `failed` in the auto order that can work here.

    None when `failed` was the last resort (a tray message) or nothing after it works.
    """
    if failed.name not in AUTO_ORDER:
        return None
    chooser = _Chooser(tray_icon, bus_address)
    for candidate in AUTO_ORDER[AUTO_ORDER.index(failed.name) + 1 :]:
        notifier, why = chooser.attempt(candidate)
        if notifier is not None:
            log.info("notifications: %s (%s), after %s failed", notifier.name, why, failed.name)
            chooser.release_unused(notifier)
            return notifier
        log.info("notifications: not %s: %s", candidate, why)
    chooser.release_unused(failed)
    return None


def choose_notifier(
    style: str, tray_icon: QSystemTrayIcon | None, bus_address: str | None = None
) -> Notifier:
    """The notifier for `style` ("auto" | "dbus" | "plyer" | "tray"), or the best fallback.

    `bus_address` overrides the session bus (tests); by default it comes from the environment.
    """
    if style not in STYLES:
        log.warning("unknown notification style %r (allowed: %s); using auto", style, STYLES)
        style = "auto"
    order = AUTO_ORDER if style == "auto" else (style, *(s for s in AUTO_ORDER if s != style))
    chooser = _Chooser(tray_icon, bus_address)
    for candidate in order:
        notifier, why = chooser.attempt(candidate)
        if notifier is None:
            if candidate == style:
                log.warning("notifications: %s is unavailable: %s; falling back", candidate, why)
            else:
                log.info("notifications: not %s: %s", candidate, why)
            continue
        log.info("notifications: %s (%s)", notifier.name, why)
        chooser.release_unused(notifier)
        return notifier
    log.warning("notifications: nothing can show them (no service, no plyer backend, no tray)")
    notifier = TrayNotifier(None)
    chooser.release_unused(notifier)
    return notifier
