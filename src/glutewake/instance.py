"""One glutewake per user: a local socket the first instance listens on.

A second launch finds it, asks it to show its status, and exits. `glutewake status` uses the
same socket to ask the running instance for its live state. The protocol is one request line
in ("show", "chart", "reload", "status", anything else is a ping) and one JSON line out.

The socket is a plain Unix socket that the Qt loop drives through QSocketNotifier, not a
QLocalServer: QtNetwork cost the tray about 3 MB resident for this one socket. It sits where
QLocalServer put it (Qt's temp folder joined with the key), so older and newer launches find
each other. Python has no Unix sockets on Windows; there the key names a QLocalServer pipe
(glutewake.instance_pipe), which only Windows imports.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import socket
import stat
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

log = logging.getLogger("glutewake.instance")

_TIMEOUT_S = 1.5  # the client's wait to connect and for each piece of the answer
_MAX_ANSWER = 1 << 20  # a status is a few hundred bytes; more is not ours
_MAX_LINE = 256  # the longest request the server reads; the real ones are a word
_CLIENT_MS = 5000  # a connection's whole life on the server: line in, answer out
_MAX_CLIENTS = 16  # more at once and the oldest is dropped (a client left hanging)
_UNIX = hasattr(socket, "AF_UNIX")


def socket_path(key: str) -> str:
    """Where QLocalServer put a plain key: QDir::tempPath() ($TMPDIR, else /tmp), cleaned."""
    return os.path.join(os.path.normpath(os.environ.get("TMPDIR") or "/tmp"), key)


def ask_running(key: str, request: str) -> dict[str, Any] | None:
    """Send `request` to the running instance and return its JSON answer, or None if none runs.

    A blocking exchange with a timeout: it needs no Qt event loop. An instance that accepts
    but answers nothing, or not JSON, gives {}.
    """
    if not _UNIX:
        from glutewake.instance_pipe import ask_pipe  # noqa: PLC0415 (Windows only)

        data = ask_pipe(key, request, _TIMEOUT_S)
    else:
        data = _ask_unix(socket_path(key), request)
    if data is None:
        return None
    try:
        answer = json.loads(data.decode() or "{}")
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def _ask_unix(path: str, request: str) -> bytes | None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(_TIMEOUT_S)
        try:
            sock.connect(path)
        except OSError:  # no file, nobody listening, not a socket, backlog full too long
            return None
        data = b""
        try:
            sock.sendall((request + "\n").encode())
            while not data.endswith(b"\n") and len(data) < _MAX_ANSWER:
                piece = sock.recv(65536)
                if not piece:
                    break
                data += piece
        except OSError:  # timed out or dropped: what came so far is the answer
            pass
        return data


class _Listener(Protocol):
    """The transport under InstanceServer: a Unix socket, or the Windows pipe."""

    def try_listen(self) -> bool: ...
    def remove_stale(self) -> None: ...
    def close(self) -> None: ...


class InstanceServer(QObject):
    """Listens for later launches and status requests."""

    show_requested = Signal()
    chart_requested = Signal()
    reload_requested = Signal()

    def __init__(self, key: str, status: Callable[[], dict[str, Any]]) -> None:
        super().__init__()
        self._key = key
        self._status = status
        self._listener: _Listener
        if _UNIX:
            self._listener = _UnixListener(socket_path(key), self._answer, self)
        else:
            from glutewake.instance_pipe import PipeListener  # noqa: PLC0415 (Windows only)

            self._listener = PipeListener(key, self._answer, self)

    def listen(self) -> bool:
        """Start listening; False if another live instance already owns the key."""
        if self._listener.try_listen():
            return True
        if ask_running(self._key, "ping") is not None:
            return False
        self._listener.remove_stale()  # a stale socket left by a crash
        return self._listener.try_listen()

    def close(self) -> None:
        self._listener.close()

    def _answer(self, line: bytes) -> tuple[bytes, Callable[[], None]]:
        """The reply to one request line, and what to do once it is on its way."""
        request = line.decode(errors="replace").strip()
        then: Callable[[], None] = _nothing
        if request == "status":
            reply = self._status()
        else:
            reply = {"ok": True}
            if request == "show":
                then = self.show_requested.emit
            elif request == "chart":
                then = self.chart_requested.emit
            elif request == "reload":
                then = self.reload_requested.emit
        return (json.dumps(reply) + "\n").encode(), then


def _nothing() -> None:
    """What a ping or an unknown request does besides its answer."""


Answer = Callable[[bytes], tuple[bytes, Callable[[], None]]]


class _UnixListener:
    """The listening socket, non-blocking, woken by the Qt loop only when a client connects."""

    def __init__(self, path: str, answer: Answer, parent: QObject) -> None:
        self._path = path
        self._answer = answer
        self._parent = parent
        self._sock: socket.socket | None = None
        self._notifier: QSocketNotifier | None = None
        self._file: tuple[int, int] | None = None  # the socket file we made (device, inode)
        self._clients: dict[_Client, None] = {}  # ordered: the oldest first
        self._resume = QTimer(parent)  # after running out of file descriptors
        self._resume.setSingleShot(True)
        self._resume.timeout.connect(self._accept_again)

    def try_listen(self) -> bool:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.bind(self._path)
        except OSError as exc:
            sock.close()
            if exc.errno != errno.EADDRINUSE:
                log.warning("cannot open the instance socket (%s)", exc.strerror or exc)
            return False
        try:
            # Owner only, before anyone can connect (that takes listen()).
            os.chmod(self._path, stat.S_IRUSR | stat.S_IWUSR)
            made = os.stat(self._path)
            sock.setblocking(False)
            sock.listen(_MAX_CLIENTS)
        except OSError as exc:
            sock.close()
            log.warning("cannot open the instance socket (%s)", exc.strerror or exc)
            return False
        self._sock, self._file = sock, (made.st_dev, made.st_ino)
        self._notifier = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read, self._parent)
        self._notifier.activated.connect(self._accept)
        return True

    def remove_stale(self) -> None:
        try:
            os.unlink(self._path)
        except FileNotFoundError:
            pass
        except OSError as exc:
            log.warning("cannot remove the stale instance socket (%s)", exc.strerror or exc)

    def close(self) -> None:
        for client in list(self._clients):
            client.close()
        self._resume.stop()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._sock is not None:
            self._sock.close()
            self._sock = None
            self._remove_own_file()

    def _remove_own_file(self) -> None:
        """Remove the socket file, unless another instance has put its own there since."""
        try:
            now = os.stat(self._path)
            if (now.st_dev, now.st_ino) == self._file:
                os.unlink(self._path)
        except OSError:
            pass  # gone already

    def _accept(self) -> None:
        while self._sock is not None:
            try:
                sock, _ = self._sock.accept()
            except (BlockingIOError, InterruptedError):
                return
            except ConnectionAbortedError:
                continue
            except OSError as exc:
                # Out of file descriptors: the socket stays readable, so listening on would
                # spin. Pause a second instead.
                log.warning("instance socket: cannot accept (%s)", exc.strerror or exc)
                if self._notifier is not None:
                    self._notifier.setEnabled(False)
                self._resume.start(1000)
                return
            if len(self._clients) >= _MAX_CLIENTS:
                next(iter(self._clients)).close()
            self._clients[_Client(sock, self._answer, self._parent, self._forget)] = None

    def _forget(self, client: _Client) -> None:
        self._clients.pop(client, None)

    def _accept_again(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(True)


class _Client:
    """One connection: reads a line, answers it, closes; dropped when slow, long or garbled.

    A single-shot timer bounds its life, so a client that connects and sends nothing costs
    one file descriptor for a few seconds and never holds up the next one.
    """

    def __init__(
        self, sock: socket.socket, answer: Answer, parent: QObject, done: Callable[[_Client], None]
    ) -> None:
        sock.setblocking(False)
        self._sock: socket.socket | None = sock
        self._answer = answer
        self._done = done
        self._line = b""
        self._reply = b""
        self._reader = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read, parent)
        self._reader.activated.connect(self._read)
        self._writer: QSocketNotifier | None = None
        self._parent = parent
        self._timer = QTimer(parent)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.close)
        self._timer.start(_CLIENT_MS)

    def _read(self) -> None:
        if self._sock is None:
            return
        try:
            piece = self._sock.recv(_MAX_LINE + 1)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self.close()
            return
        if not piece:  # gone before a whole line: nothing to answer
            self.close()
            return
        self._line += piece
        line, newline, _ = self._line.partition(b"\n")
        if len(line) > _MAX_LINE:
            log.debug("instance socket: dropped a request longer than %d bytes", _MAX_LINE)
            self.close()
            return
        if not newline:
            return
        self._reader.setEnabled(False)
        try:
            self._reply, then = self._answer(line)
        finally:
            self._write()  # closes the connection at once if the answer failed
        then()

    def _write(self) -> None:
        if self._sock is None:
            return
        try:
            sent = self._sock.send(self._reply)
        except (BlockingIOError, InterruptedError):
            sent = 0
        except OSError:  # the client left
            self.close()
            return
        self._reply = self._reply[sent:]
        if not self._reply:
            self.close()
        elif self._writer is None:  # its buffer is full: go on when it has read some
            self._writer = QSocketNotifier(
                self._sock.fileno(), QSocketNotifier.Type.Write, self._parent
            )
            self._writer.activated.connect(self._write)

    def close(self) -> None:
        if self._sock is None:
            return
        self._timer.stop()
        self._timer.deleteLater()
        for notifier in (self._reader, self._writer):
            if notifier is not None:
                notifier.setEnabled(False)
                notifier.deleteLater()
        self._sock.close()
        self._sock = None
        self._done(self)
