"""Desktop notifications with buttons: org.freedesktop.Notifications over QtDBus.

Why the calls go through QMetaObject.invokeMethod: PySide6 has no typed QVariant, so a Python
int is sent as int32 and `QDBusArgument << int` writes a uint16, while Notify takes
(susssasa{sv}i) and CloseNotification (u). Servers check the signature and refuse the call
("Type of message (sisssasa{sv}i) does not match expected type (susssasa{sv}i)"). QtDBus does
marshal exact types when a call goes through a QDBusInterface's generated meta-methods with
Q_ARG("uint", ...). It generates them from the server's introspection, where an a{sv} without
Qt's type annotation (dunst, GNOME Shell) becomes a raw type that cannot be called. A connection
keeps one meta-object per interface name, so this notifier, on its own private connection,
first introspects a typed copy of the interface that it exports for that moment only; the
daemon's interface then gets the typed methods. `_typed_interface` checks the result, so a Qt
that behaves otherwise makes this notifier unavailable, with a reason, never a wrong call.

No urgency hint is sent: a byte inside a{sv} cannot be made from PySide6 either, an int32 in its
place makes strict servers (mako) refuse the whole notification, and servers take a missing
urgency as normal, which is what a break prompt is. An expire_timeout of 0 keeps it on screen.
"""

from __future__ import annotations

import itertools
import logging
import os
from pathlib import Path

import shiboken6
from PySide6.QtCore import (
    Q_ARG,
    Q_RETURN_ARG,
    SLOT,
    QMetaObject,
    QObject,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtDBus import QDBus, QDBusConnection, QDBusInterface, QDBusMessage

from glutewake.notify import DISMISSED, LOGGER_NAME, Note

_MARKUP_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
"""A body shown as markup must show its text as written (html.escape's table, without the
html package: it would bring ~1 MB of entity tables into the tray for three characters)."""

log = logging.getLogger(LOGGER_NAME)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
SCHEMA_PATH = "/org/glutewake/NotificationsSchema"
CALL_TIMEOUT_MS = 2000
"""A notification daemon answers in milliseconds; a hung one must not freeze the app for long."""
STACK_TAG = "glutewake"
"""dunst replaces a notification with the same tag: one left behind by a crashed run goes too."""
NOTIFY_SIGNATURE = "Notify(QString,uint,QString,QString,QString,QStringList,QVariantMap,int)"
CLOSE_SIGNATURE = "CloseNotification(uint)"
CLOSE_REASONS = {1: "expired", 2: "dismissed by the user", 3: "closed by a call", 4: "undefined"}

_SIGNAL_SLOTS = (
    ("ActionInvoked", "action_invoked(uint,QString)"),
    ("NotificationClosed", "notification_closed(uint,uint)"),
)
_connection_numbers = itertools.count(1)


def session_bus_address() -> str | None:
    """The session bus address, or None: asking libdbus without one would autolaunch a daemon."""
    address = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    if address:
        return address
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and (Path(runtime) / "bus").exists():
        return f"unix:path={Path(runtime) / 'bus'}"
    return None


class _TypedSchema(QObject):
    """The notification methods with Qt types, exported only while QtDBus introspects them."""

    @Slot(str, "uint", str, str, str, "QStringList", "QVariantMap", int, result="uint")
    def Notify(self, *_args: object) -> int:
        return 0

    @Slot("uint")
    def CloseNotification(self, _id: int) -> None:
        return None


def _typed_interface(bus: QDBusConnection) -> tuple[QDBusInterface | None, str]:
    schema = _TypedSchema()
    options = QDBusConnection.RegisterOption.ExportAllSlots
    if not bus.registerObject(SCHEMA_PATH, INTERFACE, schema, options):
        return None, f"cannot export the typed interface: {bus.lastError().message()}"
    try:
        QDBusInterface(bus.baseService(), SCHEMA_PATH, INTERFACE, bus)
    finally:
        bus.unregisterObject(SCHEMA_PATH)
        shiboken6.delete(schema)  # while the connection lives: see _Listener
    iface = QDBusInterface(SERVICE, PATH, INTERFACE, bus)
    iface.setTimeout(CALL_TIMEOUT_MS)
    meta = iface.metaObject()
    if meta.indexOfMethod(NOTIFY_SIGNATURE) < 0 or meta.indexOfMethod(CLOSE_SIGNATURE) < 0:
        return None, "QtDBus did not take the typed Notify; cannot send uint32 ids from PySide6"
    return iface, ""


class _Listener(QObject):
    """Receives the daemon's signals for one notifier, and is deleted before its connection.

    QtDBus ties each receiver's `destroyed` signal to the connection and undoes that from its
    own thread when the connection goes; a PySide6 object dying in the app's thread at that
    moment crashes the process. So the receiver is this small object, which `close()` deletes
    while the connection still lives, never the notifier itself.
    """

    def __init__(self, notifier: DBusNotifier) -> None:
        super().__init__()
        self._notifier = notifier

    @Slot("uint", str)
    def action_invoked(self, notification_id: int, key: str) -> None:
        self._notifier._on_action_invoked(notification_id, key)

    @Slot("uint", "uint")
    def notification_closed(self, notification_id: int, reason: int) -> None:
        self._notifier._on_closed(notification_id, reason)


class DBusNotifier(QObject):
    """Notifications with Start / Snooze / Skip buttons, replaced in place, closed on demand."""

    action = Signal(str)
    failed = Signal(str)

    def __init__(
        self,
        address: str | None = None,
        app_name: str = "glutewake",
        app_icon: str = "",
        parent: QObject | None = None,
    ) -> None:
        """Connect privately to the bus at `address` (default: the session bus).

        Never raises: when anything is missing, `available()` is False and `reason` says why.
        A private connection keeps the typed meta-object and the signals to this notifier.
        """
        super().__init__(parent)
        self.name = "dbus"
        self.supports_actions = False
        self.service_present = False
        self.capabilities: tuple[str, ...] = ()
        self.server = ""
        self.reason = ""
        self._app_name = app_name
        self._app_icon = app_icon
        self._connection_name = f"glutewake-notify-{next(_connection_numbers)}"
        self._bus: QDBusConnection | None = None
        self._iface: QDBusInterface | None = None
        self._listener: _Listener | None = None
        self._current_id = 0
        self._current: Note | None = None
        self._connect(address or session_bus_address())

    # -- setting up ---------------------------------------------------------------------
    def _connect(self, address: str | None) -> None:
        if not address:
            self.reason = (
                "no session bus: DBUS_SESSION_BUS_ADDRESS is not set and $XDG_RUNTIME_DIR/bus "
                "does not exist"
            )
            return
        bus = QDBusConnection.connectToBus(address, self._connection_name)
        if not bus.isConnected():
            self.reason = f"cannot connect to the session bus: {bus.lastError().message()}"
            return
        reply = self._call(bus, "GetCapabilities")
        if reply.type() != QDBusMessage.MessageType.ReplyMessage:
            self.reason = f"no notification service on the session bus ({reply.errorName()})"
            return
        self.service_present = True
        self.capabilities = tuple(str(cap) for cap in reply.arguments()[0])
        info = self._call(bus, "GetServerInformation")
        if info.type() == QDBusMessage.MessageType.ReplyMessage:
            parts = [str(arg) for arg in info.arguments()]
            self.server = " ".join(parts[0:3:2])  # name and version
        iface, problem = _typed_interface(bus)
        if iface is None:
            self.reason = problem
            return
        self._bus = bus
        self._listener = _Listener(self)
        # PySide6's stubs type the slot as bytes; at run time it takes SLOT()'s str only.
        heard = all(
            bus.connect(SERVICE, PATH, INTERFACE, signal, self._listener, SLOT(slot))  # type: ignore[call-overload]
            for signal, slot in _SIGNAL_SLOTS
        )
        self.supports_actions = "actions" in self.capabilities and heard
        self._iface = iface
        self.reason = f"{self.server or 'a notification service'} on the session bus, " + (
            "with buttons" if self.supports_actions else "without buttons"
        )
        if not heard:
            log.warning("cannot listen to notification signals: answers will not be heard")

    @staticmethod
    def _call(bus: QDBusConnection, method: str) -> QDBusMessage:
        message = QDBusMessage.createMethodCall(SERVICE, PATH, INTERFACE, method)
        return bus.call(message, QDBus.CallMode.Block, CALL_TIMEOUT_MS)

    def available(self) -> bool:
        """Whether a notification service answered and notes can be sent to it."""
        return self._iface is not None

    def close(self) -> None:
        """Leave the bus (tests, shutdown); the notifier is unavailable afterwards.

        Not from a handler of `action`: that call still runs inside the listener it deletes.
        """
        self._iface = None
        if self._listener is not None:
            shiboken6.delete(self._listener)  # now, while the connection still lives
            self._listener = None
        self._bus = None
        QDBusConnection.disconnectFromBus(self._connection_name)

    # -- the Notifier protocol ------------------------------------------------------------
    def show(self, note: Note) -> None:
        if self._iface is None:
            self._fail(f"cannot show a notification: {self.reason}")
            return
        actions = [part for pair in note.actions for part in pair] if self.supports_actions else []
        body = note.body
        if "body-markup" in self.capabilities:
            body = body.translate(_MARKUP_ESCAPES)
        new_id = QMetaObject.invokeMethod(
            self._iface,
            "Notify",
            Qt.ConnectionType.DirectConnection,
            Q_RETURN_ARG("uint"),
            Q_ARG("QString", self._app_name),
            Q_ARG("uint", self._current_id),
            Q_ARG("QString", self._app_icon),
            Q_ARG("QString", note.title),
            Q_ARG("QString", body),
            Q_ARG("QStringList", actions),
            Q_ARG("QVariantMap", {"x-dunst-stack-tag": STACK_TAG}),
            Q_ARG("int", 0),  # expire_timeout 0: stays until answered, replaced or withdrawn
        )
        error = self._iface.lastError()
        if error.isValid() or not isinstance(new_id, int) or new_id == 0:
            self._fail(f"the notification service refused the note: {error.message() or new_id}")
            return
        replaced = new_id == self._current_id
        self._current_id = new_id
        self._current = note
        log.debug("notification %d %s", new_id, "replaced" if replaced else "shown")

    def withdraw(self) -> None:
        if self._iface is None or not self._current_id:
            return
        closing, self._current_id, self._current = self._current_id, 0, None
        QMetaObject.invokeMethod(
            self._iface,
            "CloseNotification",
            Qt.ConnectionType.DirectConnection,
            Q_ARG("uint", closing),
        )
        error = self._iface.lastError()
        if error.isValid():
            log.warning("could not close notification %d: %s", closing, error.message())

    # -- what the daemon tells ------------------------------------------------------------
    def _on_action_invoked(self, notification_id: int, key: str) -> None:
        note = self._current
        if note is None or notification_id != self._current_id:
            return  # another application's notification, or one already taken back
        if key not in note.keys:
            log.warning("notification %d: ignoring an action that was not offered", notification_id)
            return
        self.withdraw()  # answered; some daemons (dunst) leave it on screen otherwise
        self.action.emit(key)

    def _on_closed(self, notification_id: int, reason: int) -> None:
        if notification_id and notification_id == self._current_id:
            log.debug(
                "notification %d closed: %s",
                notification_id,
                CLOSE_REASONS.get(reason, f"reason {reason}"),
            )
            self._current_id, self._current = 0, None
            if reason == 2:
                self.action.emit(DISMISSED)  # closed unanswered: an ignored prompt

    def _fail(self, reason: str) -> None:
        log.warning("%s", reason)
        self.failed.emit(reason)
