"""Asynchronous D-Bus calls: a hung player or notification daemon must not freeze the tray.

QtDBus hands the answer to a QDBusPendingCallWatcher, which has to outlive the call and may
not be deleted from inside its own `finished` signal (that crashes PySide6). `PendingCalls`
keeps each watcher referenced (no Qt parent) and lets go of it on the next turn of the
event loop, once its signal has returned.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusPendingCallWatcher

Reply = Callable[[list[Any]], None]
"""Gets the reply's arguments."""
Failure = Callable[[str, str], None]
"""Gets the error's name (e.g. org.freedesktop.DBus.Error.NoReply) and message."""


class PendingCalls:
    """The calls one monitor has out; each answer goes to its callback on the Qt thread."""

    def __init__(self) -> None:
        self._waiting: set[QDBusPendingCallWatcher] = set()

    def call(
        self,
        bus: QDBusConnection,
        message: QDBusMessage,
        timeout_ms: int,
        on_reply: Reply,
        on_error: Failure,
    ) -> None:
        watcher = QDBusPendingCallWatcher(bus.asyncCall(message, timeout_ms))
        self._waiting.add(watcher)  # ours (no Qt parent) until it has finished

        def finished(done: QDBusPendingCallWatcher) -> None:
            # Drop the last reference (which deletes the watcher) only once its signal has
            # returned: deleting it from inside, or deleteLater with a parent, crashes.
            QTimer.singleShot(0, lambda: self._waiting.discard(done))
            if done.isError():
                error = done.error()
                on_error(error.name(), error.message())
            else:
                on_reply(done.reply().arguments())

        watcher.finished.connect(finished)
