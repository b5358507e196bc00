"""Media and call monitors: MPRIS players on a private bus, a device held open found in /proc.

The players are small fakes (no media player runs here) but real D-Bus services in
processes of their own: they own org.mpris.MediaPlayer2.* names, answer Properties.Get,
emit PropertiesChanged and quit, and the monitor meets them through the bus daemon exactly
as it would meet a browser or mpv.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtDBus import QDBusConnection

from glutewake.clock import Clock
from glutewake.core.facts import Call, Media
from glutewake.monitors import buses
from glutewake.monitors.media import CallMonitor, MediaMonitor, camera_in_use
from tests.desktop.desktop_session import private_bus
from tests.desktop.fake_service import FakeService

pytestmark = [
    pytest.mark.desktop,
    pytest.mark.skipif(not shutil.which("dbus-daemon"), reason="needs dbus-daemon"),
]

PLAYER = "org.mpris.MediaPlayer2.Player"


@pytest.fixture(scope="module")
def address(qapp: Any) -> Iterator[str]:
    with private_bus() as bus:
        yield bus.address


class FakePlayer(FakeService):
    """An MPRIS player: a real D-Bus service in a process of its own."""

    def __init__(self, address: str, name: str, status: str) -> None:
        super().__init__(
            address,
            f"org.mpris.MediaPlayer2.{name}",
            "/org/mpris/MediaPlayer2",
            properties={"PlaybackStatus": status},
        )

    def set_status(self, status: str) -> None:
        self.tell(
            set={"PlaybackStatus": status},
            signal=[
                "/org/mpris/MediaPlayer2",
                "org.freedesktop.DBus.Properties",
                "PropertiesChanged",
                [PLAYER, {"PlaybackStatus": status}, []],
            ],
        )


def watching(address: str, name: str) -> tuple[MediaMonitor, list[Any]]:
    monitor = MediaMonitor(Clock(), QDBusConnection.connectToBus(address, name))
    facts: list[Any] = []
    monitor.fact.connect(facts.append)
    monitor.start()
    return monitor, facts


def states(facts: list[Any]) -> list[bool]:
    return [f.playing for f in facts if isinstance(f, Media)]


def test_a_player_already_playing_is_found_at_start(address: str, qtbot: Any) -> None:
    player = FakePlayer(address, "early", "Playing")
    monitor, facts = watching(address, "gw-media-1")
    try:
        qtbot.waitUntil(lambda: monitor.playing, timeout=5000)
        assert states(facts) == [True]
        with qtbot.waitSignal(monitor.fact, timeout=5000) as stopped:
            player.set_status("Paused")
        assert stopped.args[0].playing is False
    finally:
        monitor.stop()
        player.quit()


def test_playing_follows_any_player_and_ends_when_it_leaves(address: str, qtbot: Any) -> None:
    monitor, facts = watching(address, "gw-media-2")
    quiet = FakePlayer(address, "quiet", "Paused")
    loud = FakePlayer(address, "loud", "Stopped")
    try:
        qtbot.waitUntil(lambda: "2 players" in monitor.describe(), timeout=5000)
        assert facts == []
        with qtbot.waitSignal(monitor.fact, timeout=5000) as started:
            loud.set_status("Playing")
        assert started.args[0] == Media(started.args[0].t, True)
        quiet.set_status("Playing")
        loud.set_status("Paused")  # the other one still plays
        with qtbot.waitSignal(monitor.fact, timeout=5000) as ended:
            quiet.quit()  # a player that quits while playing stops the media
        assert ended.args[0].playing is False
        assert states(facts) == [True, False]
    finally:
        monitor.stop()
        loud.quit()


def test_no_session_bus_means_no_media_facts_and_one_reason(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    caplog.set_level(logging.WARNING, logger="glutewake.monitors")
    monitor = MediaMonitor(Clock())
    monitor.start()
    monitor.stop()
    assert [r.getMessage() for r in caplog.records] == [
        "media monitor off: no session bus (DBUS_SESSION_BUS_ADDRESS is not set)"
    ]
    assert monitor.describe().startswith("media: off")
    assert buses.session_bus()[0] is None


def test_a_device_held_open_is_a_call_until_released(tmp_path: Path) -> None:
    camera = tmp_path / "video0"
    camera.write_bytes(b"")
    monitor = CallMonitor(Clock(), device_prefix=str(tmp_path / "video"))
    facts: list[Any] = []
    monitor.fact.connect(facts.append)
    monitor.start()
    try:
        assert facts == []
        with camera.open("rb"):
            started = time.perf_counter()
            monitor.check()
            print(
                f"\n/proc scan for a held camera: {1000 * (time.perf_counter() - started):.1f} ms"
            )
        monitor.check()
        assert [(type(f), f.active) for f in facts] == [(Call, True), (Call, False)]
        assert facts[0].t <= facts[1].t
        assert monitor.describe() == "calls: camera in use (checked every 10 s)"
    finally:
        monitor.stop()


def test_no_camera_in_use_here() -> None:
    started = time.perf_counter()
    assert camera_in_use(device_prefix="/nonexistent/video") is False
    print(f"\nfull /proc scan: {1000 * (time.perf_counter() - started):.1f} ms")


def test_without_proc_the_call_monitor_says_so(tmp_path: Path) -> None:
    monitor = CallMonitor(Clock(), proc_root=str(tmp_path / "no-proc"))
    monitor.start()
    assert monitor.describe().startswith("calls: off (no ")
