"""Choosing an idle counter lets go of every counter it tried and did not keep.

A counter that opened an X connection and then did not answer would otherwise hold that
connection (a socket to the X server) for the rest of the session.
"""

from __future__ import annotations

from typing import ClassVar

import pytest

from glutewake.monitors import idle
from glutewake.monitors.idle import IdleCounterUnavailable, choose_idle_counter


class SilentCounter:
    """Opens fine, never answers: an X server whose screensaver extension says nothing."""

    made: ClassVar[list[SilentCounter]] = []

    def __init__(self, *_args: object) -> None:
        self.closed = False
        SilentCounter.made.append(self)

    def idle_seconds(self) -> float | None:
        return None

    def describe(self) -> str:
        return "silent counter"

    def close(self) -> None:
        self.closed = True


def unavailable(*_args: object) -> None:
    raise IdleCounterUnavailable("no such service here")


def test_a_counter_that_does_not_answer_is_closed_and_named_in_the_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("XDG_SESSION_TYPE", raising=False)
    monkeypatch.setattr(idle, "X11IdleCounter", SilentCounter)
    monkeypatch.setattr(idle, "MutterIdleCounter", unavailable)
    SilentCounter.made.clear()

    counter, why = choose_idle_counter()

    assert counter is None
    assert "X11: does not answer" in why
    assert "GNOME: no such service here" in why
    (tried,) = SilentCounter.made
    assert tried.closed
