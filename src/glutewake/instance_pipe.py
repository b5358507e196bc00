"""The instance socket on Windows: a QLocalServer named pipe.

Python's socket module has no Unix sockets on Windows, so there the single-instance key
names a local pipe through QtNetwork, as it always has. Only glutewake.instance imports this,
and only where AF_UNIX is missing: the tray on Linux and macOS never loads QtNetwork.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from glutewake.instance import Answer


def ask_pipe(key: str, request: str, timeout_s: float) -> bytes | None:
    """The raw answer of the instance listening on `key`, or None if none listens."""
    wait_ms = int(timeout_s * 1000)
    socket = QLocalSocket()
    socket.connectToServer(key)
    if not socket.waitForConnected(wait_ms):
        return None
    socket.write((request + "\n").encode())
    socket.flush()
    data = b""
    while socket.waitForReadyRead(wait_ms):
        data += bytes(socket.readAll().data())
        if data.endswith(b"\n"):
            break
    socket.disconnectFromServer()
    return data


class PipeListener:
    """Listens on the pipe and answers each request line through `answer`."""

    def __init__(self, key: str, answer: Answer, parent: QObject) -> None:
        self._key = key
        self._answer = answer
        self._server = QLocalServer(parent)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def try_listen(self) -> bool:
        return self._server.listen(self._key)

    def remove_stale(self) -> None:
        QLocalServer.removeServer(self._key)

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        reply, then = self._answer(bytes(socket.readLine().data()))
        socket.write(reply)
        socket.flush()
        socket.disconnectFromServer()
        then()
