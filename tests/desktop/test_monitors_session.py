"""The session monitor on real, private D-Bus daemons.

Screensaver signals are sent with dbus-send, exactly as a screensaver would put them on the
bus. logind does not run here, so a small fake of it (a real D-Bus service on a second
private bus standing in for the system bus, run in a process of its own) answers
GetSession and emits logind's signals.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtDBus import QDBusConnection

from glutewake.clock import Clock
from glutewake.core.facts import Session, SessionChange
from glutewake.monitors import buses
from glutewake.monitors.session import SessionMonitor
from tests.desktop.desktop_session import private_bus
from tests.desktop.fake_service import FakeService

pytestmark = [
    pytest.mark.desktop,
    pytest.mark.skipif(
        not (shutil.which("dbus-daemon") and shutil.which("dbus-send")),
        reason="needs dbus-daemon and dbus-send",
    ),
]

LOCK, UNLOCK = SessionChange.LOCK, SessionChange.UNLOCK
SUSPEND, RESUME = SessionChange.SUSPEND, SessionChange.RESUME
SESSION_PATH = "/org/freedesktop/login1/session/_37"


@pytest.fixture(scope="module")
def session_address(qapp: Any) -> Iterator[str]:
    with private_bus() as bus:
        yield bus.address


@pytest.fixture(scope="module")
def system_address(qapp: Any) -> Iterator[str]:
    with private_bus() as bus:
        yield bus.address


def connect(address: str, name: str) -> QDBusConnection:
    bus = QDBusConnection.connectToBus(address, name)
    assert bus.isConnected(), bus.lastError().message()
    return bus


def no_bus() -> QDBusConnection:
    return QDBusConnection.connectToBus("unix:path=/nonexistent/glutewake-test-bus", "gw-no-bus")


def dbus_send(address: str, path: str, member: str, *args: str) -> None:
    subprocess.run(
        ["dbus-send", f"--bus={address}", "--type=signal", path, member, *args],
        check=True,
        timeout=10,
    )


class FakeClock:
    """Timeline seconds that move only when told (the drift check reads nothing else)."""

    def __init__(self, t: float = 1_800_000_000.0) -> None:
        self.t = t

    def now(self) -> float:
        return self.t


def logind_signal(fake: FakeService, path: str, interface: str, name: str, *args: Any) -> None:
    fake.signal(path, f"org.freedesktop.login1.{interface}", name, *args)


@pytest.fixture(scope="module")
def logind(system_address: str) -> Iterator[FakeService]:
    fake = FakeService(
        system_address,
        "org.freedesktop.login1",
        "/org/freedesktop/login1",
        methods={"GetSession": SESSION_PATH},
    )
    yield fake
    fake.quit()


def started(monitor: SessionMonitor) -> list[Any]:
    facts: list[Any] = []
    monitor.fact.connect(facts.append)
    monitor.start()
    return facts


def changes(facts: list[Any]) -> list[SessionChange]:
    return [f.change for f in facts if isinstance(f, Session)]


def test_screensaver_signals_become_lock_then_unlock(session_address: str, qtbot: Any) -> None:
    monitor = SessionMonitor(
        Clock(), connect(session_address, "gw-session-1"), no_bus(), sleep_drift=None
    )
    facts = started(monitor)
    try:
        with qtbot.waitSignal(monitor.fact, timeout=5000) as locked:
            dbus_send(
                session_address,
                "/org/freedesktop/ScreenSaver",
                "org.freedesktop.ScreenSaver.ActiveChanged",
                "boolean:true",
            )
        assert isinstance(locked.args[0], Session)
        assert locked.args[0].change is LOCK
        # KDE repeats it on /ScreenSaver and GNOME has its own: still one lock.
        dbus_send(
            session_address,
            "/ScreenSaver",
            "org.freedesktop.ScreenSaver.ActiveChanged",
            "boolean:true",
        )
        dbus_send(
            session_address,
            "/org/gnome/ScreenSaver",
            "org.gnome.ScreenSaver.ActiveChanged",
            "boolean:true",
        )
        with qtbot.waitSignal(monitor.fact, timeout=5000) as unlocked:
            dbus_send(
                session_address,
                "/org/gnome/ScreenSaver",
                "org.gnome.ScreenSaver.ActiveChanged",
                "boolean:false",
            )
        assert unlocked.args[0].change is UNLOCK
        assert changes(facts) == [LOCK, UNLOCK]
        assert facts[0].t <= facts[1].t
    finally:
        monitor.stop()


def test_without_a_system_bus_it_starts_and_says_why_once(
    session_address: str, qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="glutewake.monitors")
    monitor = SessionMonitor(
        Clock(), connect(session_address, "gw-session-2"), no_bus(), sleep_drift=None
    )
    facts = started(monitor)
    try:
        warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert len(warnings) == 1
        assert "logind" in warnings[0].getMessage()
        assert "no system bus" in warnings[0].getMessage()
        assert monitor.describe().startswith("session: screensaver (without logind (no system bus")
        # The session bus still works.
        with qtbot.waitSignal(monitor.fact, timeout=5000):
            dbus_send(
                session_address,
                "/org/freedesktop/ScreenSaver",
                "org.freedesktop.ScreenSaver.ActiveChanged",
                "boolean:true",
            )
        assert changes(facts) == [LOCK]
    finally:
        monitor.stop()


def test_with_no_bus_at_all_nothing_is_asked_of_libdbus(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.delenv("DBUS_SYSTEM_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.setattr(buses, "SYSTEM_BUS_SOCKET", tmp_path / "system_bus_socket")
    caplog.set_level(logging.WARNING, logger="glutewake.monitors")
    monitor = SessionMonitor(Clock(), sleep_drift=None)
    monitor.start()
    monitor.stop()
    said = [r.getMessage() for r in caplog.records]
    assert len(said) == 2
    assert "no session bus (DBUS_SESSION_BUS_ADDRESS is not set)" in said[0]
    assert "system_bus_socket does not exist" in said[1]
    assert monitor.describe().startswith("session: nothing")


def test_logind_lock_unlock_and_sleep(
    session_address: str, system_address: str, logind: FakeService, qtbot: Any
) -> None:
    monitor = SessionMonitor(
        Clock(),
        connect(session_address, "gw-session-3"),
        connect(system_address, "gw-system-3"),
        sleep_drift=None,
    )
    facts = started(monitor)
    try:
        qtbot.waitUntil(lambda: "logind lock" in monitor.describe(), timeout=5000)
        for path, interface, name, args, change in [
            (SESSION_PATH, "Session", "Lock", (), LOCK),
            (SESSION_PATH, "Session", "Unlock", (), UNLOCK),
            ("/org/freedesktop/login1", "Manager", "PrepareForSleep", (True,), SUSPEND),
            ("/org/freedesktop/login1", "Manager", "PrepareForSleep", (False,), RESUME),
        ]:
            with qtbot.waitSignal(monitor.fact, timeout=5000) as heard:
                logind_signal(logind, path, interface, name, *args)
            assert heard.args[0].change is change
        # Another session's lock is not ours.
        logind_signal(logind, "/org/freedesktop/login1/session/_99", "Session", "Lock")
        with qtbot.waitSignal(monitor.fact, timeout=5000):
            logind_signal(logind, SESSION_PATH, "Session", "Lock")
        assert changes(facts) == [LOCK, UNLOCK, SUSPEND, RESUME, LOCK]
    finally:
        monitor.stop()


def test_a_suspend_seen_only_by_the_clocks() -> None:
    clock = FakeClock()
    slept = [5.0]
    monitor = SessionMonitor(clock, no_bus(), no_bus(), sleep_drift=lambda: slept[0])
    facts = started(monitor)
    try:
        clock.t += 1.0
        monitor.check_drift()
        assert facts == []
        last_awake = clock.t
        slept[0] += 1800.0  # half an hour with the lid closed
        clock.t += 1800.4
        monitor.check_drift()
        assert facts == [
            Session(last_awake, SUSPEND),
            Session(last_awake + 1800.0, RESUME),
        ]
    finally:
        monitor.stop()


def test_a_suspend_seen_by_logind_and_the_clocks_is_reported_once(
    system_address: str, logind: FakeService, qtbot: Any
) -> None:
    clock = FakeClock()
    slept = [0.0]
    monitor = SessionMonitor(
        clock, no_bus(), connect(system_address, "gw-system-5"), sleep_drift=lambda: slept[0]
    )
    facts = started(monitor)
    try:
        qtbot.waitUntil(lambda: "logind lock" in monitor.describe(), timeout=5000)
        with qtbot.waitSignal(monitor.fact, timeout=5000):
            logind_signal(logind, "/org/freedesktop/login1", "Manager", "PrepareForSleep", True)
        slept[0] += 600.0
        clock.t += 600.5
        monitor.check_drift()  # the clocks notice first: resumed now
        logind_signal(logind, "/org/freedesktop/login1", "Manager", "PrepareForSleep", False)
        # Signals from one sender arrive in order: once this lock is in, so is the resume.
        with qtbot.waitSignal(monitor.fact, timeout=5000):
            logind_signal(logind, SESSION_PATH, "Session", "Lock")
        assert changes(facts) == [SUSPEND, RESUME, LOCK]
        assert facts[1].t == clock.t
    finally:
        monitor.stop()
