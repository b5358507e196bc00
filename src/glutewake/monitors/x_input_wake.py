"""Hearing the user come back on X11, without waking up once a second to ask.

While someone types or moves the pointer the input monitor looks at the idle counter every
second; while nobody touches anything those looks find nothing, and they were most of the
tray's idle CPU. So once the user has rested a few seconds the monitor stops looking and
arms this instead: XInput 2.2 raw motion, key and button events on the root window, on a
connection of its own, which the X server sends the moment any input happens (XTEST's too).
The first one disarms it again, so the X server never sends a stream of pointer events
while the user is active (that would be the per-event cost the split of `input_pynput`
avoids). Only the fact that an event came is used: never its keycode, button or position.
"""

from __future__ import annotations

import logging
from typing import Any

from glutewake.monitors.x_display import (
    XDisplayUnavailable,
    close_x_display,
    open_x_display,
    x_errors,
)

log = logging.getLogger("glutewake.monitors")

XI_MAJOR, XI_MINOR = 2, 2
"""Raw events reach a client that selected them on the root only from XInput 2.1 on."""


class XInputWakeUnavailable(Exception):
    """Raw input events cannot be had here; the message says why."""


class XInputWake:
    """Armed: the connection's socket becomes readable at the next input of any kind."""

    def __init__(self, display_name: str | None = None) -> None:
        try:
            errors = x_errors()
            self._display: Any = open_x_display(display_name)
        except XDisplayUnavailable as exc:
            raise XInputWakeUnavailable(str(exc)) from exc
        from Xlib.ext import ge, xinput  # noqa: PLC0415 (python-xlib is present: it opened)

        self._generic_event = ge.GenericEventCode
        self._xinput: Any = xinput
        self._errors = errors.any
        try:
            why = self._why_not(xinput)
        except self._errors as exc:
            why = f"XInput unusable: {exc}"
        if why:
            close_x_display(self._display, "the input wake's")
            raise XInputWakeUnavailable(why)
        self._root: Any = self._display.screen().root
        self._mask = xinput.RawMotionMask | xinput.RawKeyPressMask | xinput.RawButtonPressMask
        self.armed = False

    def _why_not(self, xinput: Any) -> str:
        """Why raw events cannot be had on this connection, or ""."""
        if not self._display.has_extension(xinput.extname):
            return "the X server lacks the XInput extension"
        version = xinput.XIQueryVersion(
            display=self._display.display,
            opcode=self._display.display.get_extension_major(xinput.extname),
            major_version=XI_MAJOR,
            minor_version=XI_MINOR,
        )
        have = (int(version.major_version), int(version.minor_version))
        if have < (XI_MAJOR, XI_MINOR):
            return f"the X server has XInput {have[0]}.{have[1]}, not {XI_MAJOR}.{XI_MINOR}"
        return ""

    def fileno(self) -> int:
        return int(self._display.fileno())

    def arm(self) -> bool:
        """Ask for the next input; False when the X connection no longer works."""
        return self._select(self._mask)

    def disarm(self) -> bool:
        """Stop the events (those already sent are dropped by the next `take`)."""
        return self._select(0)

    def take(self) -> bool:
        """Read what has arrived; True when it holds an input event."""
        came = False
        try:
            while self._display.pending_events():
                event = self._display.next_event()
                came = came or event.type == self._generic_event
        except self._errors as exc:
            log.debug("input wake: reading events failed: %s", exc)
            return True  # look at the idle counter: it answers or says why not
        return came

    def close(self) -> None:
        close_x_display(self._display, "the input wake's")

    def _select(self, mask: int) -> bool:
        try:
            self._root.xinput_select_events([(self._xinput.AllDevices, mask)])
            self._display.flush()
        except self._errors as exc:
            log.info("input wake stopped working: %s", exc)
            self.armed = False
            return False
        self.armed = bool(mask)
        return True
