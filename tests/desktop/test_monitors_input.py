"""The input monitor against a real X server: Xvfb, pynput's RECORD listeners, xdotool input.

Nothing here is mocked: xdotool drives XTEST, the X server's RECORD extension feeds pynput,
the MIT-SCREEN-SAVER idle counter sees pointer motion, and the facts come out of the Qt loop.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import fields
from typing import Any

import pytest

from glutewake.clock import Clock
from glutewake.core.facts import Input
from tests.desktop.desktop_session import xvfb

pytestmark = [
    pytest.mark.desktop,
    pytest.mark.skipif(
        not sys.platform.startswith("linux")
        or not (shutil.which("Xvfb") and shutil.which("xdotool")),
        reason="needs Xvfb and xdotool",
    ),
]

SECRET = "hunter2 zebra quokka"


@pytest.fixture(scope="module")
def display(qapp: Any) -> Iterator[str]:
    """A private Xvfb with RECORD, XTEST and MIT-SCREEN-SAVER; DISPLAY points at it.

    `qapp` comes first so Qt is bound to whatever display it had before, never this one
    (which goes away with the module).
    """
    with xvfb("800x600") as screen:
        before = os.environ.get("DISPLAY")
        os.environ["DISPLAY"] = screen.display
        yield screen.display
        if before is None:
            os.environ.pop("DISPLAY", None)
        else:
            os.environ["DISPLAY"] = before


def xdotool(display: str, *args: str) -> None:
    subprocess.run(
        ["xdotool", *args], env={**os.environ, "DISPLAY": display}, check=True, timeout=20
    )


@pytest.fixture
def counter(display: str) -> Any:
    from glutewake.monitors.idle import X11IdleCounter

    made = X11IdleCounter(display)
    yield made
    made.close()


def listening_monitor(counter: Any, qtbot: Any, **options: Any) -> Iterator[Any]:
    """An input monitor that ticks every 200 ms, started, collecting its facts in `.facts`."""
    from glutewake.monitors.input_pynput import InputMonitor

    made = InputMonitor(Clock(), counter, tick_ms=200, watchdog_ms=200, **options)
    made.facts = []
    made.fact.connect(made.facts.append)
    made.start()
    qtbot.waitUntil(lambda: made.listening, timeout=5000)
    yield made
    made.stop()


@pytest.fixture
def monitor(display: str, counter: Any, qtbot: Any) -> Iterator[Any]:
    yield from listening_monitor(counter, qtbot)


def seconds(monitor: Any) -> list[Input]:
    return [f for f in monitor.facts if isinstance(f, Input)]


def test_typing_yields_key_seconds_and_no_pointer(monitor: Any, display: str, qtbot: Any) -> None:
    xdotool(display, "type", "--delay", "20", "hello world")
    qtbot.waitUntil(lambda: sum(f.keys for f in seconds(monitor)) >= 11, timeout=8000)
    typed = seconds(monitor)
    assert sum(f.keys for f in typed) == 11
    # Every idle-counter reset was a key pynput heard: none may pass for pointer motion.
    assert sum(f.pointer + f.clicks + f.scrolls for f in typed) == 0
    assert len({f.t for f in typed}) == len(typed), "one fact per second"
    assert all(f.t == int(f.t) for f in typed), "facts fall on whole seconds"


def test_a_click_is_a_click(monitor: Any, display: str, qtbot: Any) -> None:
    xdotool(display, "click", "1")
    qtbot.waitUntil(lambda: any(f.clicks for f in seconds(monitor)), timeout=5000)
    assert sum(f.clicks for f in seconds(monitor)) == 1
    assert sum(f.keys + f.scrolls for f in seconds(monitor)) == 0


def test_wheel_steps_are_scrolls_not_clicks(monitor: Any, display: str, qtbot: Any) -> None:
    xdotool(display, "click", "4", "click", "5", "click", "4")
    qtbot.waitUntil(lambda: sum(f.scrolls for f in seconds(monitor)) >= 3, timeout=5000)
    assert sum(f.scrolls for f in seconds(monitor)) == 3
    assert sum(f.clicks for f in seconds(monitor)) == 0


def test_pointer_motion_alone_is_seen_through_the_idle_counter(
    monitor: Any, display: str, qtbot: Any
) -> None:
    xdotool(display, "mousemove", "100", "100", "mousemove", "140", "120")
    qtbot.waitUntil(lambda: any(f.pointer for f in seconds(monitor)), timeout=5000)
    moved = seconds(monitor)
    assert all(f.pointer_only for f in moved)
    assert sum(f.keys + f.clicks + f.scrolls for f in moved) == 0


def test_nothing_typed_or_pointed_at_is_kept_or_logged(
    monitor: Any, display: str, qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    xdotool(display, "mousemove", "613", "487")
    xdotool(display, "type", "--delay", "15", SECRET)
    xdotool(display, "key", "Return", "click", "3")
    typed = sum(1 for c in SECRET)
    qtbot.waitUntil(lambda: sum(f.keys for f in seconds(monitor)) >= typed + 1, timeout=10000)
    qtbot.waitUntil(lambda: any(f.clicks for f in seconds(monitor)), timeout=5000)
    monitor.stop()

    assert {f.name for f in fields(Input)} == {"t", "keys", "pointer", "clicks", "scrolls"}
    for fact in monitor.facts:
        assert isinstance(fact, Input)
        assert all(
            isinstance(getattr(fact, n), int) for n in ("keys", "pointer", "clicks", "scrolls")
        )
    text = "\n".join(
        [r.getMessage() for r in caplog.records]
        + [str(r.args) for r in caplog.records]
        # The moment itself is a number that may contain any digits: leave it out.
        + [repr(dataclasses.replace(f, t=0.0)) for f in monitor.facts]
    )
    assert SECRET not in text
    for word in SECRET.split():
        assert word not in text
    # Key names as pynput would spell them, and the pointer position.
    for char in set(SECRET.replace(" ", "")):
        assert f"'{char}'" not in text
    for name in ("Key.", "KeyCode", "Key.space", "Key.enter", "Button.", "613", "487"):
        assert name not in text


def test_the_button_listener_costs_no_python_call_for_motion(display: str, qtbot: Any) -> None:
    from pynput.mouse import _xorg as stock_mouse

    from glutewake.monitors.input_kinds import InputKind
    from glutewake.monitors.input_pynput import halt_listener
    from glutewake.monitors.xorg_listeners import ButtonListener

    def counting(base: type) -> type:
        class Counting(base):  # type: ignore[misc, valid-type]
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self.replies = 0
                self.types: list[int] = []
                self.done = threading.Event()

            def _handler(self, events: Any) -> Any:
                self.replies += 1
                return super()._handler(events)

            def _handle_message(self, display: Any, event: Any, injected: Any) -> None:
                self.types.append(event.type)
                if event.type == 5:  # ButtonRelease: the marker click has fully arrived
                    self.done.set()
                super()._handle_message(display, event, injected)

        return Counting

    kinds: list[InputKind] = []
    ours = counting(ButtonListener)(kinds.append)
    stock = counting(stock_mouse.Listener)()
    for listener in (ours, stock):
        listener.start()
        listener.wait()
    try:
        moves = [
            arg
            for i in range(200)
            for arg in ("mousemove", str(10 + i % 97 * 3), str(10 + i % 89 * 2))
        ]
        xdotool(display, *moves)
        xdotool(display, "click", "1")  # a marker: everything before it has been delivered
        for listener in (ours, stock):
            assert listener.done.wait(10)
        print(f"\nhandler calls, 200 moves + 1 click: ours {ours.replies}, stock {stock.replies}")
        assert 6 not in ours.types, "no MotionNotify reaches Python"
        assert ours.replies <= 2, "only the marker click's press and release"
        assert kinds == [InputKind.CLICK, InputKind.BUTTON_UP]
        # The control: the stock listener (the 4..8 type range) is called for the motion.
        assert stock.types.count(6) >= 150
    finally:
        assert halt_listener(ours, 1.0)
        # pynput's own stop waits for the next event to end the thread: give it one.
        stock.stop()
        xdotool(display, "click", "1")
        stock.join(5)
        assert not stock.is_alive()


def test_a_failing_callback_is_logged_once_and_the_listener_lives_on(
    monitor: Any, display: str, qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    deliver = monitor._deliver
    failures = []

    def fails_twice(mono: float, kind: int) -> None:
        if len(failures) < 2:
            failures.append(kind)
            raise RuntimeError("injected failure")
        deliver(mono, kind)

    monitor._deliver = fails_twice
    xdotool(display, "key", "a")  # press and release both fail
    xdotool(display, "type", "--delay", "20", "bcd")
    qtbot.waitUntil(lambda: sum(f.keys for f in seconds(monitor)) >= 3, timeout=5000)
    assert sum(f.keys for f in seconds(monitor)) == 3
    assert len(failures) == 2
    logged = [r for r in caplog.records if "input callback failed" in r.getMessage()]
    assert len(logged) == 1
    assert "KEY" in logged[0].getMessage()
    assert monitor.restarts == 0
    assert monitor.listening


def test_the_watchdog_restarts_a_dead_listener(monitor: Any, display: str, qtbot: Any) -> None:
    keyboard = monitor._listeners["keyboard"]

    def explode(*_: Any) -> None:
        raise RuntimeError("injected: a bug inside pynput")

    keyboard._handle_message = explode  # outside our guard: pynput ends the listener
    xdotool(display, "key", "a")
    qtbot.waitUntil(lambda: not keyboard.is_alive(), timeout=5000)
    qtbot.waitUntil(lambda: monitor.restarts == 1 and monitor.listening, timeout=5000)
    assert monitor._listeners["keyboard"] is not keyboard
    xdotool(display, "type", "--delay", "20", "xyz")
    qtbot.waitUntil(lambda: sum(f.keys for f in seconds(monitor)) >= 3, timeout=5000)
    assert sum(f.keys for f in seconds(monitor)) == 3


def test_stop_returns_promptly_without_further_input(monitor: Any) -> None:
    listeners = list(monitor._listeners.values())
    started = time.monotonic()
    monitor.stop()
    assert time.monotonic() - started < 2.0
    assert not any(listener.is_alive() for listener in listeners)


def test_idle_only_monitor_reports_pointer_seconds(display: str, counter: Any, qtbot: Any) -> None:
    from glutewake.monitors.idle import IdleInputMonitor

    clock = Clock()
    monitor = IdleInputMonitor(clock, counter, poll_ms=200)
    facts: list[Any] = []
    monitor.fact.connect(facts.append)
    monitor.start()
    try:
        xdotool(display, "mousemove", "300", "300", "mousemove", "310", "305")
        qtbot.waitUntil(lambda: bool(facts), timeout=5000)
        # One fact per second at most: the next input must fall in a later second.
        qtbot.waitUntil(lambda: clock.now() >= facts[-1].t + 1.05, timeout=3000)
        with qtbot.waitSignal(monitor.fact, timeout=5000):
            xdotool(display, "key", "a")
    finally:
        monitor.stop()
    assert len(facts) == 2
    assert all(f == Input(f.t, pointer=1) for f in facts)
    assert len({f.t for f in facts}) == len(facts)
    assert "cannot tell keys from pointer" in monitor.describe()


def test_the_x11_idle_counter_is_chosen_on_x11(
    display: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from glutewake.monitors.idle import choose_idle_counter

    monkeypatch.setenv("XDG_SESSION_TYPE", "x11")
    counter, said = choose_idle_counter()
    assert counter is not None
    try:
        assert said == "X11 idle counter"
        xdotool(display, "mousemove", "5", "5")
        idle = counter.idle_seconds()
        assert idle is not None
        assert 0 <= idle < 2
    finally:
        counter.close()  # type: ignore[attr-defined]  # the X11 counter holds a connection


def test_without_a_display_pynput_is_reported_unavailable(tmp_path: Any) -> None:
    child = (
        "from PySide6.QtCore import QCoreApplication\n"
        "from glutewake.clock import Clock\n"
        "from glutewake.monitors import InputMonitor, describe_monitors\n"
        "app = QCoreApplication([])\n"
        "m = InputMonitor(Clock(), None)\n"
        "m.start()\n"
        "print(m.reason)\n"
        "print(describe_monitors(m))\n"
        "m.stop()\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run(
        [sys.executable, "-c", child],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    reason, status = done.stdout.splitlines()[:2]
    assert reason.startswith("pynput unavailable: ")
    assert "X connection" in reason or "display" in reason.lower()
    assert status.startswith("activity: none can see input here: pynput unavailable")
    assert "pynput unavailable" in done.stderr  # logged once, with the reason


def test_on_wayland_without_an_idle_counter_nothing_can_see_input(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    from glutewake.monitors import choose_activity_monitor, describe_monitors

    monkeypatch.setenv("XDG_SESSION_TYPE", "wayland")
    monkeypatch.setenv("XDG_CURRENT_DESKTOP", "GNOME")
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monitor, why = choose_activity_monitor(Clock())
    assert monitor is None
    status = describe_monitors(monitor, why)
    assert status.startswith("activity: none can see input here: pynput is deaf on Wayland")
    assert "GNOME: no session bus" in status
    assert "X11" not in status  # through XWayland it would see X clients only


def test_a_wayland_display_alone_is_wayland_for_input_fullscreen_and_idle(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any, qapp: Any
) -> None:
    """WAYLAND_DISPLAY set, no DISPLAY, no XDG_SESSION_TYPE: every monitor says Wayland."""
    from glutewake.monitors import choose_activity_monitor, choose_idle_counter
    from glutewake.monitors.quiet import FullscreenMonitor

    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("XDG_SESSION_TYPE", raising=False)
    monkeypatch.setenv("XDG_CURRENT_DESKTOP", "GNOME")
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    activity, why = choose_activity_monitor(Clock())
    assert activity is None, "pynput was chosen as if this were an X11 session"
    assert why.startswith("pynput is deaf on Wayland")
    fullscreen = FullscreenMonitor(Clock())
    fullscreen.start()
    fullscreen.stop()
    assert fullscreen.describe() == "fullscreen: not detectable here"
    counter, said = choose_idle_counter()
    assert counter is None
    assert "X11" not in said


@pytest.fixture
def resting_monitor(display: str, counter: Any, qtbot: Any) -> Iterator[Any]:
    """A monitor that rests (slows its tick to 1 s) after half a second without input."""
    yield from listening_monitor(counter, qtbot, rest_after_s=0.5, rest_poll_ms=1000)


def test_an_idle_monitor_rests_and_dates_the_first_motion_after_it(
    resting_monitor: Any, display: str, qtbot: Any
) -> None:
    monitor = resting_monitor
    qtbot.waitUntil(lambda: monitor.resting, timeout=5000)
    assert "pynput + X11 idle counter" in monitor.describe()
    before = Clock().now()
    xdotool(display, "mousemove_relative", "5", "5")  # as a mouse moves: relative
    after = Clock().now()
    qtbot.waitUntil(lambda: any(f.pointer for f in seconds(monitor)), timeout=5000)
    (moved,) = [f for f in seconds(monitor) if f.pointer]
    # The second of the move itself, not of a later look at the counter.
    assert int(before) <= moved.t <= after
    assert moved.pointer_only
    qtbot.waitUntil(lambda: monitor.resting, timeout=5000)  # and it rests again


def test_absolute_motion_while_resting_is_seen_too(
    resting_monitor: Any, display: str, qtbot: Any
) -> None:
    # XTEST's absolute moves (remote desktops) raise no raw event: the slow look sees them.
    monitor = resting_monitor
    qtbot.waitUntil(lambda: monitor.resting, timeout=5000)
    xdotool(display, "mousemove", "250", "150")
    qtbot.waitUntil(lambda: any(f.pointer for f in seconds(monitor)), timeout=5000)
    assert all(f.pointer_only for f in seconds(monitor))


def test_keys_typed_while_resting_are_all_counted(
    resting_monitor: Any, display: str, qtbot: Any
) -> None:
    monitor = resting_monitor
    qtbot.waitUntil(lambda: monitor.resting, timeout=5000)
    xdotool(display, "type", "--delay", "20", "abcd")
    qtbot.waitUntil(lambda: sum(f.keys for f in seconds(monitor)) >= 4, timeout=5000)
    assert sum(f.keys for f in seconds(monitor)) == 4
    assert sum(f.pointer + f.clicks + f.scrolls for f in seconds(monitor)) == 0


def test_a_listener_that_died_while_resting_is_restarted_at_the_next_input(
    resting_monitor: Any, display: str, qtbot: Any
) -> None:
    monitor = resting_monitor
    qtbot.waitUntil(lambda: monitor.resting, timeout=5000)
    mouse = monitor._listeners["mouse"]
    mouse.stop()  # as if it had died while nobody watched
    qtbot.waitUntil(lambda: not mouse.is_alive(), timeout=5000)
    xdotool(display, "mousemove", "300", "300")
    qtbot.waitUntil(lambda: monitor.restarts == 1 and monitor.listening, timeout=5000)
    xdotool(display, "click", "1")
    qtbot.waitUntil(lambda: any(f.clicks for f in seconds(monitor)), timeout=5000)
    assert sum(f.clicks for f in seconds(monitor)) == 1
