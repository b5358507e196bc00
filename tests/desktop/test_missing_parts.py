"""The app on desktops missing parts: no display, no session or system bus, a Wayland session
where pynput is deaf. It starts, says what it cannot do and what it does instead, keeps
recording what it can, and quits cleanly."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.desktop.desktop_session import Desktop, app_status, type_until, wait_for


def bare_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A session with no buses at all; `extra` adds back what a case has."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env["XDG_RUNTIME_DIR"] = str(tmp_path)  # no $XDG_RUNTIME_DIR/bus there either
    env["DBUS_SYSTEM_BUS_ADDRESS"] = f"unix:path={tmp_path / 'no-system-bus'}"
    env.update(extra)
    return env


def status(data: Path, env: dict[str, str]) -> dict[str, object]:
    """Asked offscreen: the asking side needs no display either."""
    return app_status(data, {**env, "QT_QPA_PLATFORM": "offscreen"})


@pytest.fixture
def run_app(tmp_path: Path) -> Iterator[object]:
    started: list[subprocess.Popen[bytes]] = []

    def start(env: dict[str, str]) -> tuple[Path, dict[str, object]]:
        data = tmp_path / f"data-{len(started)}"
        data.mkdir()
        (data / "welcome-seen").touch(mode=0o600)
        proc = subprocess.Popen(
            [sys.executable, "-m", "glutewake", "--data-dir", str(data), "--interval", "1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        started.append(proc)
        wait_for(lambda: status(data, env).get("running") is True, 40, "the app to start")
        return data, status(data, env)

    yield start
    for proc in started:
        proc.send_signal(signal.SIGTERM)
        _, said = proc.communicate(timeout=20)  # and closes its stderr pipe
        assert proc.returncode == 0, said


def test_no_display_and_no_buses(run_app: object, tmp_path: Path) -> None:
    assert callable(run_app)
    data, found = run_app(bare_env(tmp_path))
    sources = str(found.get("sources"))
    assert "none can see input here" in sources
    assert "notifications: tray" in sources
    log = (data / "glutewake.log").read_text(encoding="utf-8")
    assert "no display" in log
    assert "running without a tray icon or windows" in log
    assert "no session bus" in log


@pytest.mark.skipif(not shutil.which("xdotool"), reason="xdotool is not installed")
def test_a_display_but_no_buses_still_records_sitting(run_app: object, tmp_path: Path) -> None:
    assert callable(run_app)
    display = os.environ.get("DISPLAY", "")
    assert display, "pytest-xvfb gives every test a display"
    env = bare_env(tmp_path, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    data, found = run_app(env)
    assert "pynput" in str(found.get("sources"))
    typist = Desktop(env=env, folder=tmp_path)
    type_until(typist, lambda: status(data, env).get("state") == "sitting", 30, "sitting bout")
    log = (data / "glutewake.log").read_text(encoding="utf-8")
    assert "no system bus" in log


def test_on_wayland_it_says_pynput_is_deaf(run_app: object, tmp_path: Path) -> None:
    assert callable(run_app)
    env = bare_env(
        tmp_path,
        DISPLAY=os.environ.get("DISPLAY", ""),
        QT_QPA_PLATFORM="xcb",
        XDG_SESSION_TYPE="wayland",
    )
    _, found = run_app(env)
    sources = str(found.get("sources"))
    assert "pynput is deaf on Wayland" in sources


def test_an_unusable_data_folder_keeps_the_app_running_with_history_in_memory(
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    data = blocker / "data"
    env = bare_env(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "glutewake", "--data-dir", str(data)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for(lambda: status(data, env).get("running") is True, 40, "the app to start")
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(20) == 0
    said = proc.communicate()[1].decode()  # the rest of stderr, and the pipe closed
    assert f"cannot use the data folder {data}" in said
    assert "history is kept in memory only this session" in said
    assert said.count("could not save the status") == 1
    assert blocker.read_text(encoding="utf-8") == "not a folder"
