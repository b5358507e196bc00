"""Reaching the D-Bus session and system buses without side effects.

`QDBusConnection.sessionBus()` with no DBUS_SESSION_BUS_ADDRESS lets libdbus autolaunch a
dbus-daemon that outlives the app, so a bus whose address cannot be found is reported as
missing instead of asked for. A missing bus means fewer signals, never a crash.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import SLOT
from PySide6.QtDBus import QDBusConnection

SYSTEM_BUS_SOCKET = Path("/run/dbus/system_bus_socket")
"""Where the system bus listens when DBUS_SYSTEM_BUS_ADDRESS does not say otherwise."""


def _usable(bus: QDBusConnection, name: str) -> tuple[QDBusConnection | None, str]:
    if bus.isConnected():
        return bus, f"{name} bus"
    return None, f"no {name} bus: {bus.lastError().message() or 'not connected'}"


def session_bus() -> tuple[QDBusConnection | None, str]:
    """The session bus, or None with the reason it is missing."""
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        if not runtime or not (Path(runtime) / "bus").exists():
            return None, "no session bus (DBUS_SESSION_BUS_ADDRESS is not set)"
    return _usable(QDBusConnection.sessionBus(), "session")


def system_bus() -> tuple[QDBusConnection | None, str]:
    """The system bus, or None with the reason it is missing."""
    if not os.environ.get("DBUS_SYSTEM_BUS_ADDRESS") and not SYSTEM_BUS_SOCKET.exists():
        return None, f"no system bus ({SYSTEM_BUS_SOCKET} does not exist)"
    return _usable(QDBusConnection.systemBus(), "system")


def given_or_default(bus: QDBusConnection | None, name: str) -> tuple[QDBusConnection | None, str]:
    """An explicitly given connection (tests, or the app's own) if usable, else the default."""
    if bus is not None:
        return _usable(bus, name)
    return session_bus() if name == "session" else system_bus()


def slot(signature: str) -> Any:
    """A Qt slot signature, e.g. "_on_lock(bool)", as QtDBus's connect and callbacks take it.

    Typed Any: PySide6 6.11's stubs say bytes, but the binding only accepts the str that
    SLOT() returns.
    """
    return SLOT(signature)
