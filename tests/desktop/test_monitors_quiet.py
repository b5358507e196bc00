"""The quiet monitors on a real desktop: Xvfb with real windows, a private bus with dunst.

Windows are real top-level windows of other processes (PySide6, as a film player's would
be), focused with xdotool. Xvfb has no window manager, so the fallback (the focused window,
polled) is what most tests see; one test runs a stand-in window manager: a real X client
doing only the EWMH bookkeeping a window manager does (the root's _NET_ACTIVE_WINDOW, a
window's _NET_WM_STATE on request), so the event-driven path meets real X events.
Do-not-disturb meets the real dunst, the real dconf through gsettings, and (for KDE's
`Inhibited`) a stand-in notification service on a bus of its own.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtDBus import QDBusConnection

from glutewake.clock import Clock
from glutewake.core.facts import Quiet, QuietReason
from glutewake.monitors import buses
from glutewake.monitors.quiet import DoNotDisturbMonitor, FullscreenMonitor
from tests.desktop.desktop_session import Desktop, desktop, missing_tools, private_bus
from tests.desktop.fake_service import FakeService
from tests.desktop.other_windows import Child, Window

pytestmark = [
    pytest.mark.desktop,
    pytest.mark.skipif(
        not sys.platform.startswith("linux") or bool(missing_tools()),
        reason=f"needs Linux and {', '.join(missing_tools()) or 'desktop tools'}",
    ),
]

FULLSCREEN, DND = QuietReason.FULLSCREEN, QuietReason.DO_NOT_DISTURB
TITLE = "Secret Film Title 4711"

FAKE_WM = """
from Xlib import X, Xatom, display

d = display.Display()
root = d.screen().root
ACTIVE, STATE, FULL, CHECK, SUPPORTED = (
    d.intern_atom(name)
    for name in (
        "_NET_ACTIVE_WINDOW",
        "_NET_WM_STATE",
        "_NET_WM_STATE_FULLSCREEN",
        "_NET_SUPPORTING_WM_CHECK",
        "_NET_SUPPORTED",
    )
)
check = root.create_window(-10, -10, 1, 1, 0, X.CopyFromParent)
for window in (root, check):
    window.change_property(CHECK, Xatom.WINDOW, 32, [check.id])
root.change_property(SUPPORTED, Xatom.ATOM, 32, [ACTIVE, STATE, FULL])
root.change_property(ACTIVE, Xatom.WINDOW, 32, [0])
# Requests come as client messages to the root; Qt sends its _NET_WM_STATE ones to
# StructureNotify listeners, xdotool its _NET_ACTIVE_WINDOW ones to SubstructureNotify.
root.change_attributes(event_mask=X.StructureNotifyMask | X.SubstructureNotifyMask)
d.sync()
print("ready", flush=True)
active = 0
while True:
    event = d.next_event()
    if event.type == X.ClientMessage and event.client_type == ACTIVE:
        active = event.window.id
        event.window.set_input_focus(X.RevertToParent, X.CurrentTime)
        root.change_property(ACTIVE, Xatom.WINDOW, 32, [active])
    elif event.type == X.ClientMessage and event.client_type == STATE:
        action, first, second = event.data[1][:3]
        prop = event.window.get_full_property(STATE, Xatom.ATOM)
        states = set(prop.value) if prop else set()
        if FULL in (first, second):
            if action == 1 or (action == 2 and FULL not in states):
                states.add(FULL)
            else:
                states.discard(FULL)
        event.window.change_property(STATE, Xatom.ATOM, 32, sorted(states))
    elif event.type == X.DestroyNotify and event.window.id == active:
        active = 0
        root.change_property(ACTIVE, Xatom.WINDOW, 32, [0])
    d.flush()
"""


@pytest.fixture
def session(tmp_path: Path, qapp: Any) -> Iterator[Desktop]:
    with desktop(tmp_path) as made:
        yield made


def started(monitor: FullscreenMonitor | DoNotDisturbMonitor) -> list[Any]:
    facts: list[Any] = []
    monitor.fact.connect(facts.append)
    monitor.start()
    return facts


def fullscreen_monitor(session: Desktop, poll_ms: int = 2000) -> FullscreenMonitor:
    return FullscreenMonitor(Clock(), display_name=session.env["DISPLAY"], poll_ms=poll_ms)


def check_cost_ms(monitor: FullscreenMonitor, times: int = 200) -> float:
    begun = time.perf_counter()
    for _ in range(times):
        monitor.check()
    return 1000 * (time.perf_counter() - begun) / times


# -- fullscreen --------------------------------------------------------------------------------
def test_a_focused_fullscreen_window_holds_prompts_until_it_closes(
    session: Desktop, qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    monitor = fullscreen_monitor(session)  # the app's 2 s poll: no window manager here
    facts = started(monitor)
    try:
        assert facts == []
        assert monitor.describe() == (
            "fullscreen: X11 focused window (no window manager: polled) every 2 s"
        )
        film = Window(session, "fullscreen", TITLE)
        with qtbot.waitSignal(monitor.fact, timeout=6000) as quiet:
            session.run("xdotool", "windowfocus", "--sync", film.id)
        assert quiet.args[0] == Quiet(quiet.args[0].t, FULLSCREEN, True)
        assert monitor.fullscreen
        with qtbot.waitSignal(monitor.fact, timeout=6000) as loud:
            film.close()
        assert loud.args[0] == Quiet(loud.args[0].t, FULLSCREEN, False)
        assert facts == [quiet.args[0], loud.args[0]]
        assert quiet.args[0].t <= loud.args[0].t
    finally:
        monitor.stop()
    said = "\n".join(f"{r.getMessage()} {r.args}" for r in caplog.records)
    assert TITLE not in said, "a window title reached the log"


@pytest.mark.parametrize(
    ("mode", "fullscreen"),
    [("cover", True), ("small", False)],
    ids=["a window covering the screen counts", "a small window does not"],
)
def test_the_focused_window_decides(session: Desktop, mode: str, fullscreen: bool) -> None:
    window = Window(session, mode, TITLE)
    session.run("xdotool", "windowfocus", "--sync", window.id)
    monitor = fullscreen_monitor(session)
    facts = started(monitor)  # its first check happens here, with the window focused
    try:
        assert monitor.fullscreen is fullscreen
        assert [(f.reason, f.active) for f in facts] == ([(FULLSCREEN, True)] if fullscreen else [])
        print(f"\nfullscreen check without a window manager: {check_cost_ms(monitor):.3f} ms")
    finally:
        monitor.stop()
        window.close()


def test_glutewakes_own_fullscreen_window_does_not_hold_its_prompts(session: Desktop) -> None:
    """A routine window shown fullscreen is ours: it must not silence the next prompt."""
    import Xlib.display
    import Xlib.X
    import Xlib.Xatom

    x = Xlib.display.Display(session.env["DISPLAY"])
    screen = x.screen()
    ours = screen.root.create_window(
        0, 0, screen.width_in_pixels, screen.height_in_pixels, 0, screen.root_depth
    )
    pid_atom = x.intern_atom("_NET_WM_PID")
    ours.change_property(pid_atom, Xlib.Xatom.CARDINAL, 32, [os.getpid()])
    ours.change_property(
        x.intern_atom("_NET_WM_STATE"),
        Xlib.Xatom.ATOM,
        32,
        [x.intern_atom("_NET_WM_STATE_FULLSCREEN")],
    )
    ours.map()
    x.sync()
    session.run("xdotool", "windowfocus", "--sync", str(ours.id))
    monitor = fullscreen_monitor(session)
    facts = started(monitor)
    try:
        assert facts == []
        assert not monitor.fullscreen
        # The same window from another process is somebody's film: that one counts.
        ours.change_property(pid_atom, Xlib.Xatom.CARDINAL, 32, [os.getpid() + 1])
        x.sync()
        monitor.check()
        assert [(f.reason, f.active) for f in facts] == [(FULLSCREEN, True)]
    finally:
        monitor.stop()
        x.close()


def test_with_a_window_manager_events_tell_without_polling(session: Desktop, qtbot: Any) -> None:
    manager = Child(session, FAKE_WM)
    monitor = fullscreen_monitor(session, poll_ms=3_600_000)  # an hour: only events can tell
    facts = started(monitor)
    try:
        assert monitor.describe() == "fullscreen: X11 active window (EWMH events)"
        film = Window(session, "small", TITLE)
        session.run("xdotool", "windowactivate", "--sync", film.id)
        assert facts == []
        with qtbot.waitSignal(monitor.fact, timeout=5000) as quiet:
            film.tell("fullscreen")  # Qt asks the window manager, which sets _NET_WM_STATE
        assert quiet.args[0] == Quiet(quiet.args[0].t, FULLSCREEN, True)
        print(f"\nfullscreen check with EWMH (on events only): {check_cost_ms(monitor):.3f} ms")
        with qtbot.waitSignal(monitor.fact, timeout=5000) as loud:
            film.close()  # the window manager clears _NET_ACTIVE_WINDOW
        assert loud.args[0] == Quiet(loud.args[0].t, FULLSCREEN, False)
        assert [f.active for f in facts] == [True, False]
        # The window manager leaves: the monitor falls back to polling the focus.
        manager.process.terminate()
        qtbot.waitUntil(lambda: "no window manager" in monitor.describe(), timeout=5000)
    finally:
        monitor.stop()


def test_where_fullscreen_cannot_be_seen_it_says_so_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="glutewake.monitors")
    monkeypatch.setenv("XDG_SESSION_TYPE", "wayland")
    wayland = FullscreenMonitor(Clock())
    wayland.start()
    wayland.check()
    wayland.stop()
    assert wayland.describe() == "fullscreen: not detectable here"
    monkeypatch.setenv("XDG_SESSION_TYPE", "x11")
    no_display = FullscreenMonitor(Clock(), display_name=":4711")
    no_display.start()
    no_display.stop()
    assert no_display.describe().startswith("fullscreen: off (no X display")
    said = [r.getMessage() for r in caplog.records]
    assert len(said) == 2, said
    assert said[0] == "fullscreen monitor off: fullscreen windows cannot be seen on Wayland"
    assert said[1].startswith("fullscreen monitor off: no X display")


# -- do not disturb ------------------------------------------------------------------------------
def session_bus(session: Desktop, name: str) -> QDBusConnection:
    bus = QDBusConnection.connectToBus(session.env["DBUS_SESSION_BUS_ADDRESS"], name)
    assert bus.isConnected(), bus.lastError().message()
    return bus


def test_pausing_dunst_is_do_not_disturb(session: Desktop, qtbot: Any) -> None:
    monitor = DoNotDisturbMonitor(Clock(), session_bus(session, "gw-dnd-1"), gnome=False)
    facts = started(monitor)
    try:
        qtbot.waitUntil(lambda: monitor.describe() == "do-not-disturb: dunst paused", timeout=5000)
        assert facts == []
        with qtbot.waitSignal(monitor.fact, timeout=5000) as paused:
            session.run("dunstctl", "set-paused", "true")
        assert paused.args[0] == Quiet(paused.args[0].t, DND, True)
        with qtbot.waitSignal(monitor.fact, timeout=5000) as resumed:
            session.run("dunstctl", "set-paused", "false")
        assert resumed.args[0] == Quiet(resumed.args[0].t, DND, False)
        assert [f.active for f in facts] == [True, False]
    finally:
        monitor.stop()


def test_dunst_paused_before_start_is_reported_and_ends_when_dunst_quits(
    session: Desktop, qtbot: Any
) -> None:
    session.run("dunstctl", "set-paused", "true")
    monitor = DoNotDisturbMonitor(Clock(), session_bus(session, "gw-dnd-2"), gnome=False)
    with qtbot.waitSignal(monitor.fact, timeout=5000) as at_start:
        monitor.start()
    try:
        assert at_start.args[0] == Quiet(at_start.args[0].t, DND, True)
        dunst = session.processes[0]
        # A daemon that quits while paused holds nothing back. (Whatever takes the name
        # next, if anything, starts unpaused.)
        with qtbot.waitSignal(monitor.fact, timeout=5000) as gone:
            dunst.terminate()
        assert gone.args[0] == Quiet(gone.args[0].t, DND, False)
    finally:
        monitor.stop()


def test_gnome_banners_off_is_do_not_disturb_and_any_source_keeps_it(
    session: Desktop, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # gsettings (run by the monitor) must meet this session's dconf, as it would in GNOME.
    for name in ("DBUS_SESSION_BUS_ADDRESS", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR", "HOME"):
        monkeypatch.setenv(name, session.env[name])
    monkeypatch.setenv("XDG_CURRENT_DESKTOP", "ubuntu:GNOME")
    monitor = DoNotDisturbMonitor(Clock(), session_bus(session, "gw-dnd-3"))
    facts = started(monitor)
    banners = ("gsettings", "set", "org.gnome.desktop.notifications", "show-banners")
    try:
        qtbot.waitUntil(
            lambda: monitor.describe() == "do-not-disturb: dunst paused, GNOME show-banners",
            timeout=5000,
        )
        assert facts == []
        with qtbot.waitSignal(monitor.fact, timeout=5000) as quiet:
            session.run(*banners, "false")
        assert quiet.args[0] == Quiet(quiet.args[0].t, DND, True)
        session.run("dunstctl", "set-paused", "true")
        qtbot.waitUntil(lambda: monitor.asking == ["dunst paused", "GNOME show-banners"])
        session.run(*banners, "true")
        qtbot.waitUntil(lambda: monitor.asking == ["dunst paused"])
        assert [f.active for f in facts] == [True], "quiet ended while dunst was still paused"
        with qtbot.waitSignal(monitor.fact, timeout=5000) as loud:
            session.run("dunstctl", "set-paused", "false")
        assert loud.args[0] == Quiet(loud.args[0].t, DND, False)
        assert [f.active for f in facts] == [True, False]
    finally:
        monitor.stop()


@pytest.fixture
def bus_address(qapp: Any) -> Iterator[str]:
    with private_bus() as bus:
        yield bus.address


def test_kde_inhibited_notifications_are_do_not_disturb(bus_address: str, qtbot: Any) -> None:
    def plasma_server(inhibited: bool) -> FakeService:
        return FakeService(
            bus_address,
            "org.freedesktop.Notifications",
            "/org/freedesktop/Notifications",
            properties={"Inhibited": inhibited},
        )

    plasma = plasma_server(False)
    bus = QDBusConnection.connectToBus(bus_address, "gw-dnd-4")
    monitor = DoNotDisturbMonitor(Clock(), bus, gnome=False)
    facts = started(monitor)

    def inhibit(on: bool) -> None:
        plasma.tell(
            set={"Inhibited": on},
            signal=[
                "/org/freedesktop/Notifications",
                "org.freedesktop.DBus.Properties",
                "PropertiesChanged",
                ["org.freedesktop.Notifications", {"Inhibited": on}, []],
            ],
        )

    try:
        qtbot.waitUntil(
            lambda: monitor.describe() == "do-not-disturb: notifications Inhibited", timeout=5000
        )
        with qtbot.waitSignal(monitor.fact, timeout=5000) as quiet:
            inhibit(True)
        assert quiet.args[0] == Quiet(quiet.args[0].t, DND, True)
        with qtbot.waitSignal(monitor.fact, timeout=5000) as loud:
            inhibit(False)
        assert loud.args[0] == Quiet(loud.args[0].t, DND, False)
        plasma.quit()
        qtbot.waitUntil(lambda: "no notification daemon" in monitor.describe(), timeout=5000)
        # The next notification server is followed too: already inhibited when it comes...
        with qtbot.waitSignal(monitor.fact, timeout=5000) as again:
            plasma = plasma_server(True)
        assert again.args[0] == Quiet(again.args[0].t, DND, True)
        # ... and its own changes are heard.
        with qtbot.waitSignal(monitor.fact, timeout=5000) as released:
            inhibit(False)
        assert released.args[0] == Quiet(released.args[0].t, DND, False)
        assert [f.active for f in facts] == [True, False, True, False]
    finally:
        monitor.stop()
        plasma.quit()


def test_without_a_notification_daemon_it_says_why_once(
    bus_address: str, qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="glutewake.monitors")
    monitor = DoNotDisturbMonitor(
        Clock(), QDBusConnection.connectToBus(bus_address, "gw-dnd-5"), gnome=False
    )
    facts = started(monitor)
    try:
        qtbot.waitUntil(lambda: "asking" not in monitor.describe(), timeout=5000)
        assert monitor.describe() == (
            "do-not-disturb: nothing to follow (no notification daemon on the session bus)"
        )
        assert [r.getMessage() for r in caplog.records] == [
            "do-not-disturb monitor: no notification daemon on the session bus"
        ]
        assert facts == []
    finally:
        monitor.stop()


def test_without_a_session_bus_it_says_why_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.setenv("XDG_CURRENT_DESKTOP", "XFCE")
    caplog.set_level(logging.INFO, logger="glutewake.monitors")
    monitor = DoNotDisturbMonitor(Clock())
    monitor.start()
    monitor.stop()
    assert buses.session_bus()[0] is None
    assert [r.getMessage() for r in caplog.records] == [
        "do-not-disturb monitor off: no session bus (DBUS_SESSION_BUS_ADDRESS is not set)"
    ]
    assert monitor.describe() == (
        "do-not-disturb: nothing to follow (no session bus (DBUS_SESSION_BUS_ADDRESS is not set))"
    )
