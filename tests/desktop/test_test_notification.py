"""`glutewake test-notification` tells the truth about the way it took, on a real desktop."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.desktop.desktop_session import Desktop, desktop, missing_tools, wait_for

pytestmark = pytest.mark.desktop


def send_sample(
    config: Path, env: dict[str, str], *, wait: bool = True
) -> subprocess.CompletedProcess[str] | subprocess.Popen[str]:
    command = [sys.executable, "-m", "glutewake", "--config", str(config), "test-notification"]
    if not wait:
        return subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=False)


def config_with(folder: Path, style: str) -> Path:
    config = folder / "trial" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'notification_style = "{style}"\n', encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desktop]:
    if missing_tools():
        pytest.skip(f"missing {missing_tools()}")
    with desktop(tmp_path_factory.mktemp("desktop")) as running:
        yield running


def visible_windows(session: Desktop, pid: int) -> list[str]:
    found = session.run("xdotool", "search", "--onlyvisible", "--pid", str(pid), check=False)
    return found.split()


def test_a_tray_prompt_is_shown_from_a_shown_tray_icon(session: Desktop, tmp_path: Path) -> None:
    config = config_with(tmp_path, "tray")
    running = send_sample(config, session.env, wait=False)
    assert isinstance(running, subprocess.Popen)
    try:
        # The icon docked in trayer and the message balloon are this process's windows.
        wait_for(lambda: len(visible_windows(session, running.pid)) >= 1, 20, "a tray window")
        out, err = running.communicate(timeout=60)
    finally:
        if running.poll() is None:
            running.kill()
            running.wait(10)
    assert running.returncode == 0, err
    assert "Sent a sample prompt through tray" in out
    assert "tray icon is not shown" not in err


def test_a_dbus_prompt_reaches_the_notification_daemon(session: Desktop, tmp_path: Path) -> None:
    before = len(session.run("dunstctl", "history"))
    done = send_sample(config_with(tmp_path, "auto"), session.env)
    assert isinstance(done, subprocess.CompletedProcess)
    assert done.returncode == 0, done.stderr
    assert "Sent a sample prompt through dbus" in done.stdout
    wait_for(lambda: session.displayed() >= 1, 10, "the notification on screen")
    session.run("dunstctl", "close-all")
    assert len(session.run("dunstctl", "history")) > before


def test_without_a_tray_host_or_a_service_it_says_so_and_fails(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DISPLAY"},
        "QT_QPA_PLATFORM": "offscreen",  # no tray host can exist there
        "DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path / 'no-bus'}",
        "XDG_RUNTIME_DIR": str(tmp_path),
    }
    done = send_sample(config_with(tmp_path, "tray"), env)
    assert isinstance(done, subprocess.CompletedProcess)
    assert done.returncode != 0
    assert "Sent a sample prompt" not in done.stdout
    assert "no system tray" in done.stderr


def test_it_never_forces_offscreen_off_linux(
    qapp: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """On Windows and macOS there is no DISPLAY, yet a tray icon can be shown."""
    from glutewake.cli import notify

    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    for platform in ("win32", "darwin"):
        monkeypatch.setattr(sys, "platform", platform)
        notify.send_sample_prompt(config_with(tmp_path, "tray"), io.StringIO())
        assert "QT_QPA_PLATFORM" not in os.environ, platform


@pytest.mark.parametrize(
    ("platform", "env", "offscreen"),
    [
        ("linux", {}, True),
        ("freebsd14", {}, True),
        ("linux", {"DISPLAY": ":0"}, False),
        ("linux", {"WAYLAND_DISPLAY": "wayland-0"}, False),
        ("linux", {"QT_QPA_PLATFORM": "xcb"}, False),
        ("win32", {}, False),
        ("darwin", {}, False),
    ],
)
def test_offscreen_is_only_for_linux_and_the_bsds_without_a_display(
    platform: str, env: dict[str, str], offscreen: bool
) -> None:
    from glutewake.ui.qt_bootstrap import needs_offscreen

    assert needs_offscreen(platform, env) is offscreen
