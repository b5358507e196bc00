"""One rule for "is this a Wayland session", which input, idle and fullscreen all follow."""

from __future__ import annotations

import pytest

from glutewake.system.session_type import is_wayland


@pytest.mark.parametrize(
    ("env", "wayland"),
    [
        ({}, False),
        ({"DISPLAY": ":0"}, False),
        ({"XDG_SESSION_TYPE": "x11", "DISPLAY": ":0"}, False),
        ({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, True),
        # XWayland gives DISPLAY too; the session type still says Wayland.
        ({"XDG_SESSION_TYPE": "wayland", "DISPLAY": ":0"}, True),
        ({"XDG_SESSION_TYPE": "Wayland", "DISPLAY": ":0"}, True),
        # No session type: a Wayland socket and no X display is Wayland...
        ({"WAYLAND_DISPLAY": "wayland-0"}, True),
        ({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ""}, True),
        # ... and with an X display beside it, X clients are trusted to see the session.
        ({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, False),
        ({"XDG_SESSION_TYPE": "tty", "WAYLAND_DISPLAY": "wayland-0"}, True),
        ({"XDG_SESSION_TYPE": "x11", "WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, False),
        ({"WAYLAND_DISPLAY": "", "DISPLAY": ""}, False),
    ],
)
def test_which_sessions_are_wayland(env: dict[str, str], wayland: bool) -> None:
    assert is_wayland(env) is wayland


def test_it_reads_the_environment_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_SESSION_TYPE", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-1")
    assert is_wayland()
    monkeypatch.setenv("DISPLAY", ":3")
    assert not is_wayland()
