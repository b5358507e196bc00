"""Media playing and calls: the reasons a person sits still at the desk without typing.

Media: MPRIS players on the session bus (every mainstream Linux player and browser). Any
player whose PlaybackStatus is "Playing" means media is playing. The players present are
found with ListNames at start and followed through NameOwnerChanged, by unique bus name
(the sender of their signals); a PropertiesChanged from a player makes us ask it for its
PlaybackStatus again (PySide6 cannot read the a{sv} the signal carries, and asking is
cheap: players signal rarely). Every call is asynchronous: a hung player cannot freeze
the tray.

Calls: on Linux, a camera in use, i.e. any process holding /dev/video* open, found by
reading /proc/*/fd links every 10 s (processes we may not read are skipped). This misses
audio-only calls (the microphone is held through PipeWire/PulseAudio, not a device file we
can see) and counts a camera app or OBS as a call: both are documented limits.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusVariant

from glutewake.core.facts import Call, Media
from glutewake.log_once import LogOnce
from glutewake.monitors.buses import given_or_default, slot
from glutewake.monitors.dbus_calls import PendingCalls

if TYPE_CHECKING:
    from glutewake.clock import Clock

log = logging.getLogger("glutewake.monitors")

MPRIS_PREFIX = "org.mpris.MediaPlayer2."
MPRIS_PATH = "/org/mpris/MediaPlayer2"
PLAYER = "org.mpris.MediaPlayer2.Player"
PROPERTIES = "org.freedesktop.DBus.Properties"
BUS_SERVICE = "org.freedesktop.DBus"
BUS_PATH = "/org/freedesktop/DBus"
CALL_TIMEOUT_MS = 2000


def bus_call(method: str, *args: Any) -> QDBusMessage:
    """A call to the bus daemon itself."""
    message = QDBusMessage.createMethodCall(BUS_SERVICE, BUS_PATH, BUS_SERVICE, method)
    message.setArguments(list(args))
    return message


class MediaMonitor(QObject):
    """`Media(t, True)` when any MPRIS player starts playing, `Media(t, False)` when none does."""

    fact = Signal(object)

    def __init__(
        self, clock: Clock, bus: QDBusConnection | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._given = bus
        self._bus: QDBusConnection | None = None
        self._why = ""
        self._playing = False
        self._status: dict[str, bool] = {}  # unique bus name -> playing
        self._departed: set[str] = set()  # unique names are never reused on a bus
        self._subscriptions: list[tuple[str, str, str, str, Any]] = []
        self._once = LogOnce(log)
        self._calls = PendingCalls()

    @property
    def playing(self) -> bool:
        return self._playing

    def start(self) -> None:
        self._bus, self._why = given_or_default(self._given, "session")
        if self._bus is None:
            log.warning("media monitor off: %s", self._why)
            return
        rules = [
            (
                BUS_SERVICE,
                BUS_PATH,
                BUS_SERVICE,
                "NameOwnerChanged",
                slot("_on_owner(QString,QString,QString)"),
            ),
            ("", MPRIS_PATH, PROPERTIES, "PropertiesChanged", slot("_on_properties(QDBusMessage)")),
        ]
        for rule in rules:
            if self._bus.connect(*rule[:4], self, rule[4]):
                self._subscriptions.append(rule)
            else:
                error = self._bus.lastError().message()
                log.warning("media monitor cannot follow %s: %s", rule[3], error)
        self._call(bus_call("ListNames"), self._on_names)

    def stop(self) -> None:
        if self._bus is not None:
            for rule in self._subscriptions:
                self._bus.disconnect(*rule[:4], self, rule[4])
        self._subscriptions.clear()
        self._bus = None

    def describe(self) -> str:
        if self._why and self._bus is None:
            return f"media: off ({self._why})"
        return f"media: MPRIS ({len(self._status)} players)"

    # -- D-Bus -----------------------------------------------------------------------------
    def _call(self, message: QDBusMessage, on_reply: Callable[[list[Any]], None]) -> None:
        """An asynchronous call; `on_reply` gets the reply's arguments, errors are logged once."""
        if self._bus is None:
            return
        method = message.member()

        def answered(args: list[Any]) -> None:
            if self._bus is not None:  # not stopped meanwhile
                on_reply(args)

        def failed(name: str, text: str) -> None:
            if self._bus is not None:
                self._once.info(name, "media monitor: %s failed: %s: %s", method, name, text)

        self._calls.call(self._bus, message, CALL_TIMEOUT_MS, answered, failed)

    def _on_names(self, args: list[Any]) -> None:
        for name in args[0] if args and isinstance(args[0], list) else []:
            if isinstance(name, str) and name.startswith(MPRIS_PREFIX):
                self._call(bus_call("GetNameOwner", name), self._on_found)

    def _on_found(self, args: list[Any]) -> None:
        if args and isinstance(args[0], str):
            self._ask(args[0])

    @Slot(str, str, str)
    def _on_owner(self, name: str, old: str, new: str) -> None:
        if not name.startswith(MPRIS_PREFIX):
            return
        if old:
            self._departed.add(old)
            self._status.pop(old, None)
        if new:
            self._ask(new)
        self._update()

    @Slot(QDBusMessage)
    def _on_properties(self, signal: QDBusMessage) -> None:
        args = signal.arguments()
        if args and args[0] == PLAYER:
            self._ask(signal.service())  # the sender's unique name

    def _ask(self, player: str) -> None:
        """Ask a player (by unique name) whether it is playing."""

        def answered(args: list[Any]) -> None:
            if player in self._departed:
                return
            value = args[0].variant() if args and isinstance(args[0], QDBusVariant) else None
            if not isinstance(value, str):
                self._once.info(
                    "bad-status", "media monitor: a player answered PlaybackStatus %r", value
                )
                return
            self._status[player] = value == "Playing"
            self._update()

        get = QDBusMessage.createMethodCall(player, MPRIS_PATH, PROPERTIES, "Get")
        get.setArguments([PLAYER, "PlaybackStatus"])
        self._call(get, answered)

    def _update(self) -> None:
        playing = any(self._status.values())
        if playing != self._playing:
            self._playing = playing
            self.fact.emit(Media(self._clock.now(), playing))


def camera_in_use(proc_root: str = "/proc", device_prefix: str = "/dev/video") -> bool:
    """Whether any of the user's own processes holds a camera device open.

    Cheap first: with no camera device at all nothing is scanned, and only processes owned
    by this user are looked at (others' are unreadable anyway, and scanning every open file
    of every process costs real CPU on a busy desktop).
    """
    folder, _, stem = device_prefix.rpartition("/")
    try:
        if not any(name.startswith(stem) for name in os.listdir(folder or "/")):
            return False
    except OSError:
        pass  # cannot list the devices: look at the processes instead
    uid = os.getuid() if hasattr(os, "getuid") else None
    try:
        processes = [
            e.path
            for e in os.scandir(proc_root)
            if e.name.isdigit() and (uid is None or _owner(e.path) == uid)
        ]
    except OSError:
        return False
    for process in processes:
        try:
            with os.scandir(f"{process}/fd") as fds:
                for fd in fds:
                    try:
                        if os.readlink(fd.path).startswith(device_prefix):
                            return True
                    except OSError:
                        continue  # closed meanwhile
        except OSError:
            continue  # another user's process, or gone
    return False


def _owner(path: str) -> int | None:
    try:
        return os.stat(path).st_uid
    except OSError:
        return None


class CallMonitor(QObject):
    """`Call(t, True)` when a camera comes into use, `Call(t, False)` when it is released."""

    fact = Signal(object)

    def __init__(
        self,
        clock: Clock,
        *,
        interval_ms: int = 10_000,
        proc_root: str = "/proc",
        device_prefix: str = "/dev/video",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._proc_root = proc_root
        self._prefix = device_prefix
        self._active = False
        self._why = ""
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)

    @property
    def active(self) -> bool:
        return self._active

    def start(self) -> None:
        if not Path(self._proc_root, "self", "fd").is_dir():
            self._why = f"no {self._proc_root} to look for a camera in use"
            log.warning("call monitor off: %s", self._why)
            return
        self.check()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def describe(self) -> str:
        if self._why:
            return f"calls: off ({self._why})"
        return f"calls: camera in use (checked every {self._timer.interval() // 1000} s)"

    @Slot()
    def check(self) -> None:
        active = camera_in_use(self._proc_root, self._prefix)
        if active != self._active:
            self._active = active
            self.fact.emit(Call(self._clock.now(), active))
