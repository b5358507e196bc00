"""pynput's X11 listeners, narrowed to what glutewake needs: the kind of event, at no more cost.

Imported only once pynput has imported (it needs an X display to import at all).

- The mouse listener records button events only. pynput passes its `_EVENTS` to X RECORD
  as the `device_events` range of event *types*, and the stock mouse listener gives the
  masks (ButtonPressMask=4, ButtonReleaseMask=8), which as types span ButtonPress(4)
  through LeaveNotify(8), MotionNotify(6) included: every pointer move became a reply
  parsed in Python. With the types (ButtonPress, ButtonRelease) the X server sends no
  motion at all; motion is seen by the OS idle counter instead.
- The keyboard listener never translates the keycode into a key: the event type is all
  it looks at, so which key was pressed never exists in this process.
- `stop()` ends the recording through a short-lived connection of its own, flushed at
  once, so the thread ends at once instead of at the next input event (pynput's own stop
  sends the request on the recording connection, where it sits unflushed).
"""

from __future__ import annotations

import logging
from typing import Any

import Xlib.X
from pynput.keyboard import _xorg as keyboard_xorg
from pynput.mouse import _xorg as mouse_xorg

from glutewake.monitors.input_kinds import InputKind, Sink
from glutewake.monitors.x_display import XDisplayUnavailable, open_x_display, x_errors

log = logging.getLogger("glutewake.monitors")

SCROLL_BUTTONS = frozenset({4, 5, 6, 7})
"""X reports wheel steps as presses (and releases) of buttons 4 to 7."""

_X_ERRORS = x_errors().any


def check_record_extension() -> str | None:
    """Why pynput cannot listen on this X server, or None when it can."""
    try:
        display = open_x_display()
    except XDisplayUnavailable as exc:
        return str(exc)
    try:
        if not display.has_extension("RECORD"):
            return "the X server lacks the RECORD extension"
        return None
    finally:
        display.close()


class _StopsAtOnce:
    """Ends the RECORD context through a connection of its own, flushed at once.

    The listener's own connections belong to its thread (which closes them as it ends),
    so they are not touched from the stopping thread.
    """

    _context: Any
    _display_stop: Any

    def _stop_platform(self) -> None:
        context = getattr(self, "_context", None)
        if context is None:
            return  # not recording yet; the thread sees `running` is False at its first event
        try:
            display = open_x_display(self._display_stop.get_display_name())
        except XDisplayUnavailable as exc:
            log.debug("cannot reach the X server to end an input recording: %s", exc)
            return
        try:
            display.record_disable_context(context)
            display.sync()
        except _X_ERRORS as exc:
            log.debug("ending an input recording that had already ended: %s", exc)
        finally:
            display.close()


class KeyListener(_StopsAtOnce, keyboard_xorg.Listener):  # type: ignore[misc]
    """Key presses and releases, as kinds only."""

    def __init__(self, sink: Sink) -> None:
        super().__init__()
        self._sink = sink

    def _handle_message(self, display: Any, event: Any, injected: bool) -> None:
        self._sink(InputKind.KEY if event.type == Xlib.X.KeyPress else InputKind.KEY_UP)


class ButtonListener(_StopsAtOnce, mouse_xorg.Listener):  # type: ignore[misc]
    """Button presses, releases and wheel steps; the X server never sends it motion."""

    _EVENTS = (Xlib.X.ButtonPress, Xlib.X.ButtonRelease)

    def __init__(self, sink: Sink) -> None:
        super().__init__()
        self._sink = sink

    def _handle_message(self, display: Any, event: Any, injected: bool) -> None:
        scroll = event.detail in SCROLL_BUTTONS
        if event.type == Xlib.X.ButtonPress:
            self._sink(InputKind.SCROLL if scroll else InputKind.CLICK)
        elif event.type == Xlib.X.ButtonRelease and not scroll:
            self._sink(InputKind.BUTTON_UP)
