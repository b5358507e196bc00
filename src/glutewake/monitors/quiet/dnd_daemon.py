"""Do-not-disturb from the notification daemon on the session bus.

Two properties, asked of whichever process owns org.freedesktop.Notifications now (QtDBus
follows the well-known name, and a new owner is asked again):
- `Inhibited` of org.freedesktop.Notifications (KDE Plasma's notification server sends
  PropertiesChanged for it);
- dunst's `paused` on its org.dunstproject.cmd0 interface (what `dunstctl set-paused` sets;
  dunst sends PropertiesChanged for it).
PySide6 cannot read the a{sv} a PropertiesChanged carries, so a change makes us ask the
property again, asynchronously: a hung daemon cannot freeze the tray.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusServiceWatcher, QDBusVariant

from glutewake.monitors.buses import slot
from glutewake.monitors.dbus_calls import PendingCalls
from glutewake.monitors.quiet.dnd_tally import DUNST_PAUSED, INHIBITED, NO_DAEMON, Tally

NOTIFICATIONS = "org.freedesktop.Notifications"
NOTIFICATIONS_PATH = "/org/freedesktop/Notifications"
DUNST_INTERFACE = "org.dunstproject.cmd0"
PROPERTIES = "org.freedesktop.DBus.Properties"
CALL_TIMEOUT_MS = 2000

_CHANGES = (NOTIFICATIONS, NOTIFICATIONS_PATH, PROPERTIES, "PropertiesChanged")
"""The daemon's property changes, by well-known name: QtDBus follows whoever owns it now."""
_ON_CHANGES = "_on_properties(QDBusMessage)"

SOURCES = {INHIBITED: (NOTIFICATIONS, "Inhibited"), DUNST_PAUSED: (DUNST_INTERFACE, "paused")}
"""Source -> (interface, property)."""
_SLOW_ERRORS = frozenset(
    {"org.freedesktop.DBus.Error.NoReply", "org.freedesktop.DBus.Error.Timeout"}
)
_NO_DAEMON_ERRORS = frozenset(
    {"org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner"}
)


class NotificationDaemon(QObject):
    """Follows the daemon's do-not-disturb properties into a `Tally`."""

    def __init__(self, tally: Tally, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tally = tally
        self._bus: QDBusConnection | None = None
        self._subscribed = False
        self._watcher: QDBusServiceWatcher | None = None
        self._calls = PendingCalls()
        self._asking: dict[str, int] = {}  # source -> questions out to the current daemon
        self._epoch = 0  # counts notification daemons: a late answer from a gone one is void
        self._running = False

    @property
    def asking(self) -> bool:
        """Questions are out to the daemon, unanswered yet."""
        return bool(self._asking)

    def start(self, bus: QDBusConnection | None, why: str) -> None:
        """Follow the daemon on `bus`; without one, `why` is each source's reason."""
        self._running = True
        self._bus = bus
        if bus is None:
            for source in SOURCES:
                self._tally.missing[source] = why
            return
        if bus.connect(*_CHANGES, self, slot(_ON_CHANGES)):
            self._subscribed = True
        else:
            problem = bus.lastError().message() or "cannot subscribe"
            self._tally.note(
                "subscribe", f"do-not-disturb monitor cannot follow changes: {problem}"
            )
        self._watcher = QDBusServiceWatcher(
            NOTIFICATIONS, bus, QDBusServiceWatcher.WatchModeFlag.WatchForOwnerChange, self
        )
        self._watcher.serviceOwnerChanged.connect(self._on_owner)
        for source in SOURCES:
            self._ask(source)

    def stop(self) -> None:
        self._running = False
        if self._bus is not None and self._subscribed:
            self._bus.disconnect(*_CHANGES, self, slot(_ON_CHANGES))
        self._subscribed = False
        if self._watcher is not None:
            self._watcher.setWatchedServices([])
            self._watcher = None
        self._bus = None

    @Slot(str, str, str)
    def _on_owner(self, name: str, old: str, new: str) -> None:
        if not self._running:
            return
        self._epoch += 1
        self._asking.clear()
        for source in SOURCES:
            if new:
                self._ask(source)  # a (new) notification daemon: what does it say?
            else:
                self._tally.lose(source, NO_DAEMON)

    @Slot(QDBusMessage)
    def _on_properties(self, signal: QDBusMessage) -> None:
        args = signal.arguments()
        interface = args[0] if args else None
        for source, (source_interface, _name) in SOURCES.items():
            if interface == source_interface:
                self._ask(source)

    def _ask(self, source: str) -> None:
        bus = self._bus
        if bus is None:
            return
        interface, name = SOURCES[source]
        get = QDBusMessage.createMethodCall(NOTIFICATIONS, NOTIFICATIONS_PATH, PROPERTIES, "Get")
        get.setArguments([interface, name])
        get.setAutoStartService(False)  # asking must not launch a notification daemon
        epoch = self._epoch
        self._asking[source] = self._asking.get(source, 0) + 1

        def settled() -> bool:
            """Count the answer in; False when it is void (stopped, or a daemon since gone)."""
            if not self._running or epoch != self._epoch:
                return False
            left = self._asking.pop(source, 1) - 1
            if left > 0:
                self._asking[source] = left
            return True

        def answered(args: list[Any]) -> None:
            if not settled():
                return
            value = args[0].variant() if args and isinstance(args[0], QDBusVariant) else None
            if not isinstance(value, bool):
                self._tally.lose(source, f"{name} is {value!r}, not a boolean")
            else:
                self._tally.say(source, value)

        def failed(error_name: str, message: str) -> None:
            if not settled():
                return
            if error_name in _NO_DAEMON_ERRORS:
                self._tally.lose(source, NO_DAEMON)
            elif error_name in _SLOW_ERRORS:  # asked again at its next PropertiesChanged
                self._tally.lose(source, f"the notification daemon did not answer about {name}")
            else:  # UnknownProperty, InvalidArgs, UnknownInterface: this daemon lacks it
                self._tally.lose(source, f"the notification daemon has no {name} ({error_name})")

        self._calls.call(bus, get, CALL_TIMEOUT_MS, answered, failed)
