"""OS idle counters: how long since the last input, asked of the system rather than hooked.

A counter is cheap to ask (one X request, one D-Bus call or one system call) and sees
every kind of input, pointer motion included, without a Python call per event. The input
monitor uses it to see pointer motion that pynput is deliberately deaf to; where pynput
hears nothing at all (native Wayland, no Accessibility permission) `IdleInputMonitor`
turns it into activity facts by itself.

Every counter here answers `None` when it cannot tell, logs why once, and never raises
after construction. Constructors raise `IdleCounterUnavailable` with a reason.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import math
import os
import sys
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtDBus import QDBus, QDBusConnection, QDBusMessage

from glutewake.core.facts import Input
from glutewake.log_once import LogOnce
from glutewake.monitors.buses import session_bus
from glutewake.monitors.x_display import (
    XDisplayUnavailable,
    close_x_display,
    open_x_display,
    x_errors,
)
from glutewake.system.session_type import is_wayland

if TYPE_CHECKING:
    from glutewake.clock import Clock

log = logging.getLogger("glutewake.monitors")

#: D-Bus calls for the idle time block the Qt thread; a compositor slower than this is
#: treated as not answering.
DBUS_TIMEOUT_MS = 250


class IdleCounter(Protocol):
    """Seconds since the last user input, as the OS counts it."""

    def idle_seconds(self) -> float | None:
        """None when the counter cannot answer right now (the reason is logged once)."""
        ...

    def describe(self) -> str:
        """A short name for the status line, e.g. "X11 idle counter"."""
        ...

    def close(self) -> None:
        """Let go of what the counter holds (an X connection); a second call does nothing."""
        ...


class IdleCounterUnavailable(Exception):
    """This counter cannot work here; the message says why."""


# -- X11 -----------------------------------------------------------------------------------
class X11IdleCounter:
    """XScreenSaverQueryInfo through python-xlib (~0.1 ms per question)."""

    def __init__(self, display_name: str | None = None) -> None:
        try:
            self._errors = x_errors().any
            self._display: Any = open_x_display(display_name)
        except XDisplayUnavailable as exc:
            raise IdleCounterUnavailable(str(exc)) from exc
        if not self._display.has_extension("MIT-SCREEN-SAVER"):
            self._display.close()
            raise IdleCounterUnavailable("the X server lacks the MIT-SCREEN-SAVER extension")
        self._root = self._display.screen().root
        self._once = LogOnce(log)

    def idle_seconds(self) -> float | None:
        try:
            return float(self._root.screensaver_query_info().idle) / 1000.0
        except self._errors as exc:
            self._once.warning("x", "X11 idle counter stopped answering: %s", exc)
            return None

    def describe(self) -> str:
        return "X11 idle counter"

    def close(self) -> None:
        close_x_display(self._display, "the X11 idle counter's")


# -- D-Bus (GNOME and KDE, also on Wayland) --------------------------------------------------
class _DBusIdleCounter:
    """One D-Bus method answering a number of milliseconds."""

    _service = ""
    _path = ""
    _interface = ""
    _method = ""
    _name = ""

    def __init__(self, bus: QDBusConnection | None = None) -> None:
        if bus is None:
            bus, reason = session_bus()
            if bus is None:
                raise IdleCounterUnavailable(reason)
        if not bus.isConnected():
            raise IdleCounterUnavailable(f"session bus not connected: {bus.lastError().message()}")
        self._bus = bus
        self._once = LogOnce(log)

    def _ask_ms(self) -> int | None:
        msg = QDBusMessage.createMethodCall(
            self._service, self._path, self._interface, self._method
        )
        reply = self._bus.call(msg, QDBus.CallMode.Block, DBUS_TIMEOUT_MS)
        if reply.type() != QDBusMessage.MessageType.ReplyMessage:
            self._once.warning(
                reply.errorName(), "%s does not answer: %s", self._name, reply.errorMessage()
            )
            return None
        args = reply.arguments()
        if not args or not isinstance(args[0], int):
            self._once.warning("type", "%s answered %r, not a number", self._name, args[:1])
            return None
        return int(args[0])

    def idle_seconds(self) -> float | None:
        ms = self._ask_ms()
        return None if ms is None else ms / 1000.0

    def describe(self) -> str:
        return self._name

    def close(self) -> None:
        """Nothing to let go of: the session bus is shared with the rest of the app."""


class MutterIdleCounter(_DBusIdleCounter):
    """GNOME (X11 and Wayland): org.gnome.Mutter.IdleMonitor.GetIdletime, milliseconds."""

    _service = "org.gnome.Mutter.IdleMonitor"
    _path = "/org/gnome/Mutter/IdleMonitor/Core"
    _interface = "org.gnome.Mutter.IdleMonitor"
    _method = "GetIdletime"
    _name = "GNOME idle monitor"


class KdeIdleCounter(_DBusIdleCounter):
    """KDE: org.freedesktop.ScreenSaver.GetSessionIdleTime.

    kscreenlocker answers KIdleTime's milliseconds (other implementers of this interface
    answer seconds or a constant 0, so it is only tried on KDE). Where KIdleTime cannot
    poll it answers 0 forever: a counter stuck at exactly 0 is declared broken rather than
    read as constant activity.
    """

    _service = "org.freedesktop.ScreenSaver"
    _path = "/ScreenSaver"
    _interface = "org.freedesktop.ScreenSaver"
    _method = "GetSessionIdleTime"
    _name = "KDE idle time"
    STUCK_AFTER = 5

    def __init__(self, bus: QDBusConnection | None = None) -> None:
        super().__init__(bus)
        self._zeros = 0

    def idle_seconds(self) -> float | None:
        if self._zeros >= self.STUCK_AFTER:
            return None
        ms = self._ask_ms()
        if ms is None:
            return None
        self._zeros = self._zeros + 1 if ms == 0 else 0
        if self._zeros >= self.STUCK_AFTER:
            self._once.warning("stuck", "KDE idle time stays at 0: not supported here; ignored")
            return None
        return ms / 1000.0


# -- Windows and macOS (not exercised by this repository's tests) ---------------------------
class WindowsIdleCounter:
    """GetLastInputInfo: the tick of the last input, against GetTickCount (both wrap at 2^32)."""

    _info_type: Any
    _user32: Any
    _kernel32: Any
    _once: LogOnce

    def __init__(self) -> None:
        if sys.platform != "win32":
            raise IdleCounterUnavailable("GetLastInputInfo is Windows only")

        class _LastInputInfo(ctypes.Structure):
            _fields_ = [("cbSize", ctypes.c_uint), ("dwTime", ctypes.c_uint)]

        self._info_type = _LastInputInfo
        self._user32 = ctypes.WinDLL("user32")
        self._kernel32 = ctypes.WinDLL("kernel32")
        self._kernel32.GetTickCount.restype = ctypes.c_uint
        self._once = LogOnce(log)

    def idle_seconds(self) -> float | None:
        info = self._info_type()
        info.cbSize = ctypes.sizeof(info)
        if not self._user32.GetLastInputInfo(ctypes.byref(info)):
            self._once.warning("fail", "GetLastInputInfo failed")
            return None
        ticks = (int(self._kernel32.GetTickCount()) - int(info.dwTime)) & 0xFFFFFFFF
        return ticks / 1000.0

    def describe(self) -> str:
        return "Windows idle counter"

    def close(self) -> None:
        """Nothing to let go of: the DLLs stay loaded for the process."""


class MacIdleCounter:
    """CGEventSourceSecondsSinceLastEventType(HID system state, any input event)."""

    _fn: Any
    _HID_SYSTEM_STATE = 1
    _ANY_INPUT_EVENT = 0xFFFFFFFF

    def __init__(self) -> None:
        if sys.platform != "darwin":
            raise IdleCounterUnavailable("CoreGraphics is macOS only")
        path = ctypes.util.find_library("CoreGraphics")
        if path is None:
            raise IdleCounterUnavailable("CoreGraphics not found")
        try:
            lib = ctypes.CDLL(path)
            self._fn = lib.CGEventSourceSecondsSinceLastEventType
        except (OSError, AttributeError) as exc:
            raise IdleCounterUnavailable(f"CoreGraphics unusable: {exc}") from exc
        self._fn.restype = ctypes.c_double
        self._fn.argtypes = [ctypes.c_int32, ctypes.c_uint32]

    def idle_seconds(self) -> float | None:
        value = float(self._fn(self._HID_SYSTEM_STATE, self._ANY_INPUT_EVENT))
        return value if math.isfinite(value) and value >= 0 else None

    def describe(self) -> str:
        return "macOS idle counter"

    def close(self) -> None:
        """Nothing to let go of: the framework stays loaded for the process."""


def choose_idle_counter(
    bus: QDBusConnection | None = None,
) -> tuple[IdleCounter | None, str]:
    """The first counter that works here and answers, with what was chosen or why none was.

    On Wayland the X11 counter is skipped: through XWayland it only sees input to X clients.
    """
    if sys.platform == "win32":
        builders: list[tuple[str, Any]] = [("Windows", WindowsIdleCounter)]
    elif sys.platform == "darwin":
        builders = [("macOS", MacIdleCounter)]
    else:
        desktop = os.environ.get("XDG_CURRENT_DESKTOP", "").upper()
        dbus_ones: list[tuple[str, Any]] = [("GNOME", lambda: MutterIdleCounter(bus))]
        if "KDE" in desktop:
            dbus_ones.insert(0, ("KDE", lambda: KdeIdleCounter(bus)))
        x11: list[tuple[str, Any]] = [("X11", X11IdleCounter)]
        builders = dbus_ones if is_wayland() else x11 + dbus_ones
    reasons = []
    for name, build in builders:
        try:
            counter: IdleCounter = build()
        except IdleCounterUnavailable as exc:
            reasons.append(f"{name}: {exc}")
            continue
        if counter.idle_seconds() is None:
            reasons.append(f"{name}: does not answer")
            counter.close()
            continue
        log.info("idle counter: %s", counter.describe())
        return counter, counter.describe()
    why = "no idle counter answers here (" + "; ".join(reasons) + ")"
    log.warning("%s", why)
    return None, why


# -- the fallback activity monitor -------------------------------------------------------------
class IdleInputMonitor(QObject):
    """Activity from an idle counter alone, for where pynput is deaf or missing.

    It polls once a second and emits `Input(pointer=1)` for the second in which the
    counter last dropped back near zero. A counter cannot tell keys from clicks from
    motion, nor count events, so every such second is reported as one pointer event
    (the estimator then treats a lone one after a quiet spell as a possible bump), and
    several inputs between two polls count as one second.
    """

    fact = Signal(object)

    def __init__(
        self,
        clock: Clock,
        counter: IdleCounter,
        *,
        poll_ms: int = 1000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._counter = counter
        self._recent_s = poll_ms / 1000.0 + 0.2
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.poll)
        self._started_at = math.inf
        self._last_input = -math.inf
        self._last_second = -math.inf

    def start(self) -> None:
        self._started_at = self._clock.now()
        self._timer.start()

    def stop(self) -> None:
        """Stop polling and let go of the counter, which was handed over with the job."""
        self._timer.stop()
        self._counter.close()

    def describe(self) -> str:
        return f"{self._counter.describe()} only (cannot tell keys from pointer)"

    def poll(self) -> None:
        idle = self._counter.idle_seconds()
        if idle is None or idle >= self._recent_s:
            return
        now = self._clock.now()
        moment = now - idle
        if moment < self._started_at or moment <= self._last_input + 0.05:
            return  # before we started, or the input an earlier poll already saw
        self._last_input = moment
        second = math.floor(moment)
        if second > self._last_second:
            self._last_second = second
            self.fact.emit(Input(float(second), pointer=1))
