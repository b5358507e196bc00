"""The whole tray app in this process, on a clock the test moves: for tests that need the
real composition root (history, notifier, tray) but must not wait for real minutes to pass.

The `make_app` fixture (tests/desktop/conftest.py) builds and starts one.
"""

from __future__ import annotations

from glutewake.app import GlutewakeApp
from glutewake.clock import Clock
from glutewake.core.facts import Input


class MovableClock(Clock):
    """Steady seconds the test sets, and a wall clock it can jump."""

    def __init__(self, start: float) -> None:
        super().__init__()
        self.t = start
        self.drift = 0.0

    def now(self) -> float:
        return self.t

    def wall_drift(self) -> float:
        return self.drift


def type_for(app: GlutewakeApp, minutes: float) -> None:
    clock = app.clock
    assert isinstance(clock, MovableClock)
    end = clock.t + minutes * 60
    while clock.t < end:
        app.on_fact(Input(clock.t, keys=3))
        clock.t += 5
