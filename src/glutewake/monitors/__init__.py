"""Monitors: thin Qt adapters that turn what the desktop shows into core facts.

Each is a `Monitor` (see `contract`): a QObject with `fact = Signal(object)` (core facts
only), `start()`, `stop()` and `describe()`, and fails soft: a missing display, bus or
service is logged once and means fewer facts, never a crash. Heavy or display-bound imports
(pynput, python-xlib) happen at `start()`, not here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from glutewake.monitors.contract import Monitor
from glutewake.monitors.idle import (
    IdleCounter,
    IdleInputMonitor,
    choose_idle_counter,
)
from glutewake.monitors.input_pynput import InputMonitor
from glutewake.monitors.media import CallMonitor, MediaMonitor
from glutewake.monitors.quiet import DoNotDisturbMonitor, FullscreenMonitor
from glutewake.monitors.session import SessionMonitor
from glutewake.system.session_type import is_wayland

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from glutewake.clock import Clock
    from glutewake.core.facts import Fact

__all__ = [
    "CallMonitor",
    "DoNotDisturbMonitor",
    "FullscreenMonitor",
    "IdleCounter",
    "IdleInputMonitor",
    "InputMonitor",
    "MediaMonitor",
    "Monitor",
    "Monitors",
    "SessionMonitor",
    "choose_activity_monitor",
    "choose_idle_counter",
    "describe_monitors",
    "start_monitors",
]

log = logging.getLogger("glutewake.monitors")

def describe_monitors(activity: Monitor | None, why_none: str = "") -> str:
    """The tray's status line for input, e.g. "activity: pynput + X11 idle counter"."""
    if activity is None:
        return f"activity: none can see input here: {why_none or 'no monitor'}"
    return f"activity: {activity.describe()}"


def choose_activity_monitor(
    clock: Clock, parent: QObject | None = None
) -> tuple[Monitor | None, str]:
    """The best activity monitor for this session (not started), or None and the reason.

    Show `describe_monitors(monitor, reason)` once it has started: only then does the
    input monitor know whether pynput and an idle counter work here.

    On a Wayland session (`is_wayland`, the rule every monitor follows) pynput hears only
    XWayland clients, so the idle counter alone is used there (it sees all input but cannot
    tell keys from pointer).
    """
    if not is_wayland():
        monitor = InputMonitor(clock, "auto", parent=parent)
        return monitor, ""
    counter, said = choose_idle_counter()
    if counter is None:
        why = f"pynput is deaf on Wayland and {said}"
        log.warning("%s", why)
        return None, why
    return IdleInputMonitor(clock, counter, parent=parent), ""


class Monitors:
    """Every monitor the app runs, started, with one status line and one stop."""

    def __init__(
        self,
        activity: Monitor | None,
        why_no_activity: str,
        others: list[Monitor],
    ) -> None:
        self.activity = activity
        self.why_no_activity = why_no_activity
        self.others = others

    def describe(self) -> str:
        parts = [describe_monitors(self.activity, self.why_no_activity)]
        parts += [monitor.describe() for monitor in self.others]
        return "; ".join(parts)

    def stop(self) -> None:
        for monitor in [self.activity, *self.others]:
            if monitor is not None:
                monitor.stop()


def start_monitors(
    clock: Clock, on_fact: Callable[[Fact], Any], parent: QObject | None = None
) -> Monitors:
    """Build, connect and start every monitor this desktop supports; `on_fact` gets the facts.

    Facts arrive on the Qt thread. Nothing here raises for a missing display, bus or
    service: each monitor logs what it lacks and `describe()` says what is in use.
    """
    activity, why = choose_activity_monitor(clock, parent)
    others: list[Monitor] = [
        SessionMonitor(clock, parent=parent),
        MediaMonitor(clock, parent=parent),
        CallMonitor(clock, parent=parent),
        FullscreenMonitor(clock, parent=parent),
        DoNotDisturbMonitor(clock, parent=parent),
    ]
    for monitor in [activity, *others]:
        if monitor is not None:
            monitor.fact.connect(on_fact)
            monitor.start()
    monitors = Monitors(activity, why, others)
    log.info("monitors: %s", monitors.describe())
    return monitors
