"""One glutewake per user: a local socket the first instance listens on.

A second launch finds it, asks it to show its status, and exits. `glutewake status` uses the
same socket to ask the running instance for its live state.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger("glutewake.instance")

_TIMEOUT_MS = 1500


def ask_running(key: str, request: str) -> dict[str, Any] | None:
    """Send `request` to the running instance and return its JSON answer, or None if none runs."""
    socket = QLocalSocket()
    socket.connectToServer(key)
    if not socket.waitForConnected(_TIMEOUT_MS):
        return None
    socket.write((request + "\n").encode())
    socket.flush()
    data = b""
    while socket.waitForReadyRead(_TIMEOUT_MS):
        data += bytes(socket.readAll().data())
        if data.endswith(b"\n"):
            break
    socket.disconnectFromServer()
    try:
        answer = json.loads(data.decode() or "{}")
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


class InstanceServer(QObject):
    """Listens for later launches and status requests."""

    show_requested = Signal()
    chart_requested = Signal()
    reload_requested = Signal()

    def __init__(self, key: str, status: Callable[[], dict[str, Any]]) -> None:
        super().__init__()
        self._key = key
        self._status = status
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Start listening; False if another live instance already owns the key."""
        if self._server.listen(self._key):
            return True
        if ask_running(self._key, "ping") is not None:
            return False
        QLocalServer.removeServer(self._key)  # a stale socket left by a crash
        return self._server.listen(self._key)

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._answer(s))

    def _answer(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        request = bytes(socket.readLine().data()).decode(errors="replace").strip()
        if request == "show":
            self.show_requested.emit()
            reply: dict[str, Any] = {"ok": True}
        elif request == "chart":
            self.chart_requested.emit()
            reply = {"ok": True}
        elif request == "reload":
            self.reload_requested.emit()
            reply = {"ok": True}
        elif request == "status":
            reply = self._status()
        else:
            reply = {"ok": True}
        socket.write((json.dumps(reply) + "\n").encode())
        socket.flush()
        socket.disconnectFromServer()
