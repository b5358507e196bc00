"""The single-instance socket with real Unix sockets, a real Qt loop and real processes.

The tray listens in this process; clients ask from a thread or another process (a client in
the loop's own thread would wait on an answer the loop cannot give while it waits).
"""

from __future__ import annotations

import os
import socket
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from glutewake.instance import InstanceServer, ask_running, socket_path
from glutewake.store.paths import Paths
from tests.integration.glutewake_process import glutewake_cli

STATUS = {"running": True, "state": "sitting", "headline": "Sitting for 3 min"}


@pytest.fixture
def tmpdir_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A TMPDIR of its own (short: a socket path has ~100 bytes), where the socket goes."""
    folder = Path(tempfile.mkdtemp(prefix="gw-"))
    monkeypatch.setenv("TMPDIR", str(folder))
    yield folder
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()


@pytest.fixture
def key(tmpdir_env: Path, tmp_path: Path) -> str:
    return Paths(data_dir=tmp_path / "data", config_file=tmp_path / "config.toml").instance_key


@pytest.fixture
def server(qapp: object, key: str) -> Iterator[InstanceServer]:
    made = InstanceServer(key, lambda: dict(STATUS))
    assert made.listen()
    yield made
    made.close()


@pytest.fixture
def pool() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(max_workers=2) as threads:
        yield threads


def answer_of(qtbot: QtBot, future: Future[Any]) -> Any:
    """The result of a client running in a thread, the Qt loop running meanwhile."""
    qtbot.waitUntil(future.done, timeout=10_000)
    return future.result()


def ask(qtbot: QtBot, pool: ThreadPoolExecutor, key: str, request: str) -> Any:
    return answer_of(qtbot, pool.submit(ask_running, key, request))


def raw_client(key: str) -> socket.socket:
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.connect(socket_path(key))
    client.setblocking(False)
    return client


def closed_by_server(client: socket.socket) -> Callable[[], bool]:
    def closed() -> bool:
        try:
            return client.recv(4096) == b""
        except BlockingIOError:
            return False
        except ConnectionResetError:
            return True

    return closed


def test_the_socket_is_where_qlocalserver_put_it(server: InstanceServer, key: str) -> None:
    path = Path(os.environ["TMPDIR"]) / key
    assert stat.S_ISSOCK(path.stat().st_mode)
    assert socket_path(key) == str(path)


def test_each_request_gets_its_answer_and_its_signal(
    qtbot: QtBot, pool: ThreadPoolExecutor, server: InstanceServer, key: str
) -> None:
    assert ask(qtbot, pool, key, "status") == STATUS
    assert ask(qtbot, pool, key, "ping") == {"ok": True}
    for request, signal in (
        ("show", server.show_requested),
        ("chart", server.chart_requested),
        ("reload", server.reload_requested),
    ):
        with qtbot.waitSignal(signal, timeout=5000):
            assert ask(qtbot, pool, key, request) == {"ok": True}


def test_nothing_listening_is_none_without_a_qt_application(tmp_path: Path) -> None:
    # A fresh interpreter: no QCoreApplication, no socket file.
    done = _python(
        f"import os; os.environ['TMPDIR'] = {str(tmp_path)!r}\n"
        "from glutewake.instance import ask_running\n"
        "print(ask_running('glutewake-test-nobody', 'status'))\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "print(QCoreApplication.instance())\n"
    )
    assert done.stdout.split() == ["None", "None"], done.stderr


def test_the_tray_listens_without_loading_qtnetwork(tmp_path: Path) -> None:
    done = _python(
        f"import os; os.environ['TMPDIR'] = {str(tmp_path)!r}\n"
        "import sys\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "import glutewake.app.root, glutewake.app.run\n"
        "from glutewake.instance import InstanceServer\n"
        "app = QCoreApplication([])\n"
        "server = InstanceServer('glutewake-test-light', dict)\n"
        "print(server.listen())\n"
        "print('PySide6.QtNetwork' in sys.modules)\n"
        "print('libQt6Network' in open('/proc/self/maps').read())\n"
        "server.close()\n"
    )
    assert done.stdout.split() == ["True", "False", "False"], done.stderr


def test_a_second_instance_is_refused_while_the_first_lives(
    qtbot: QtBot, pool: ThreadPoolExecutor, server: InstanceServer, key: str
) -> None:
    second = pool.submit(_python, _LISTEN.format(key=key))
    assert answer_of(qtbot, second).stdout.split() == ["False"]
    assert ask(qtbot, pool, key, "status") == STATUS, "the first stopped answering"


def test_a_stale_socket_from_a_crash_is_taken_over(
    qtbot: QtBot, pool: ThreadPoolExecutor, qapp: object, key: str
) -> None:
    crashed = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    crashed.bind(socket_path(key))  # bound and left behind: nobody listens on it
    crashed.close()
    assert Path(socket_path(key)).exists()
    assert ask_running(key, "ping") is None
    server = InstanceServer(key, lambda: dict(STATUS))
    try:
        assert server.listen()
        assert ask(qtbot, pool, key, "status") == STATUS
    finally:
        server.close()
    assert not Path(socket_path(key)).exists(), "close() leaves the socket file behind"


def test_a_silent_client_does_not_hold_up_the_next_and_is_dropped(
    qtbot: QtBot, pool: ThreadPoolExecutor, server: InstanceServer, key: str
) -> None:
    with raw_client(key) as silent, raw_client(key) as half:
        half.sendall(b"sta")  # a line that never ends
        assert ask(qtbot, pool, key, "status") == STATUS
        qtbot.waitUntil(closed_by_server(silent), timeout=15_000)
        qtbot.waitUntil(closed_by_server(half), timeout=15_000)
    assert ask(qtbot, pool, key, "status") == STATUS


def test_many_hanging_clients_do_not_lock_others_out(
    qtbot: QtBot, pool: ThreadPoolExecutor, server: InstanceServer, key: str
) -> None:
    # Connected from a thread: a connection waits in the backlog until the loop accepts it.
    hanging = answer_of(qtbot, pool.submit(lambda: [raw_client(key) for _ in range(40)]))
    try:
        assert ask(qtbot, pool, key, "status") == STATUS
    finally:
        for client in hanging:
            client.close()


def test_an_over_long_line_is_refused_and_the_tray_answers_on(
    qtbot: QtBot, pool: ThreadPoolExecutor, server: InstanceServer, key: str
) -> None:
    with raw_client(key) as flood:
        flood.sendall(b"s" * 100_000)
        qtbot.waitUntil(closed_by_server(flood), timeout=5000)
    with raw_client(key) as long_line:
        long_line.sendall(b"x" * 5000 + b"\n")
        qtbot.waitUntil(closed_by_server(long_line), timeout=5000)
    assert ask(qtbot, pool, key, "status") == STATUS


def test_garbage_is_answered_as_a_ping(
    qtbot: QtBot, pool: ThreadPoolExecutor, server: InstanceServer, key: str
) -> None:
    def garbage() -> bytes:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(5)
            client.connect(socket_path(key))
            client.sendall(b"\xff\xfe\x00 status?\n")
            return client.recv(4096)

    assert answer_of(qtbot, pool.submit(garbage)) == b'{"ok": true}\n'
    assert ask(qtbot, pool, key, "status") == STATUS


def test_the_socket_is_its_owners_only(
    qapp: object, tmpdir_env: Path, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmpdir_env.chmod(0o1777)  # a shared temp folder, as /tmp is
    old = os.umask(0o000)  # the mode must not depend on the umask the app was started with
    try:
        server = InstanceServer(key, lambda: dict(STATUS))
        assert server.listen()
    finally:
        os.umask(old)
    try:
        mode = Path(socket_path(key)).stat().st_mode
        assert stat.S_ISSOCK(mode)
        assert mode & 0o077 == 0, oct(mode)
        if os.geteuid() == 0:
            assert _connects_as_nobody(socket_path(key)) == "refused"
    finally:
        server.close()


def test_glutewake_status_json_asks_the_running_app(
    qtbot: QtBot, pool: ThreadPoolExecutor, qapp: object, tmpdir_env: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    paths = Paths(data_dir=data, config_file=tmp_path / "config.toml")
    server = InstanceServer(paths.instance_key, lambda: dict(STATUS))
    assert server.listen()
    try:
        done = answer_of(
            qtbot, pool.submit(glutewake_cli, "--data-dir", str(data), "status", "--json")
        )
    finally:
        server.close()
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout.strip()
        == '{"running": true, "state": "sitting", "headline": "Sitting for 3 min"}'
    )


def test_the_windows_pipe_speaks_the_same_protocol(
    qtbot: QtBot, pool: ThreadPoolExecutor, qapp: object, key: str
) -> None:
    # On Linux QLocalServer makes the same Unix socket, so the transport Windows uses and the
    # one every other system uses must find each other: a launch of an older glutewake (which
    # used QLocalSocket everywhere) still hands over to a newer one and back.
    from glutewake.instance_pipe import PipeListener, ask_pipe

    server = InstanceServer(key, lambda: dict(STATUS))
    assert server.listen()
    try:
        raw = answer_of(qtbot, pool.submit(_python, _ASK_PIPE.format(key=key)))
        assert raw.stdout.strip() == repr(
            b'{"running": true, "state": "sitting", "headline": "Sitting for 3 min"}\n'
        )
    finally:
        server.close()
    assert ask_pipe(key, "ping", 0.2) is None

    pipe = PipeListener(key, lambda line: (b'{"pipe": true}\n', lambda: None), server)
    assert pipe.try_listen()
    try:
        assert ask(qtbot, pool, key, "status") == {"pipe": True}
    finally:
        pipe.close()


_LISTEN = """
from PySide6.QtCore import QCoreApplication
from glutewake.instance import InstanceServer
app = QCoreApplication([])
server = InstanceServer({key!r}, dict)
print(server.listen())
server.close()
"""

_ASK_PIPE = """
from PySide6.QtCore import QCoreApplication
from glutewake.instance_pipe import ask_pipe
app = QCoreApplication([])
print(ask_pipe({key!r}, "status", 5))
"""


def _python(code: str) -> Any:
    import subprocess

    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )


def _connects_as_nobody(path: str) -> str:
    """Whether another user (nobody) can connect: a forked child drops to its uid and tries."""
    pid = os.fork()
    if pid == 0:  # the child: no Qt, no Python clean-up, only the attempt and its exit code
        code = 3
        try:
            os.setgid(65534)
            os.setuid(65534)
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
                client.connect(path)
            code = 0
        except PermissionError:
            code = 1
        except BaseException:
            code = 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return {0: "connected", 1: "refused"}.get(os.waitstatus_to_exitcode(status), "failed")
