"""Fullscreen on X11, through python-xlib (imported at start).

With a window manager that speaks EWMH: the root's _NET_ACTIVE_WINDOW and that window's
_NET_WM_STATE, followed through PropertyNotify events (no polling: a check costs three round
trips, only when something changed). With no window manager: the input focus's top-level
window, checked every poll: fullscreen if its _NET_WM_STATE says so, or it is mapped and
covers the whole screen (about six round trips a check). glutewake's own windows
(_NET_WM_PID equal to ours) never count. Only window ids, atoms, pids and sizes are read:
never a title, a class or the pointer.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from glutewake.monitors.quiet.fullscreen_probe import FullscreenUnavailable
from glutewake.monitors.x_display import (
    XDisplayUnavailable,
    close_x_display,
    open_x_display,
    x_errors,
)

log = logging.getLogger("glutewake.monitors")

_ATOMS = (
    "_NET_ACTIVE_WINDOW",
    "_NET_SUPPORTING_WM_CHECK",
    "_NET_SUPPORTED",
    "_NET_WM_STATE",
    "_NET_WM_STATE_FULLSCREEN",
    "_NET_WM_PID",
)


class X11FullscreenProbe:
    """Fullscreen on X11, through a python-xlib connection of its own.

    Events arrive on `fileno()`; call `take_events()` when it is readable (and after every
    check: replies read along the way may have queued events without the socket waking
    anyone). It returns whether a check is due.
    """

    def __init__(self, display_name: str | None = None, pid: int | None = None) -> None:
        try:
            errors = x_errors()
            self._display: Any = open_x_display(display_name)
        except XDisplayUnavailable as exc:
            raise FullscreenUnavailable(str(exc)) from exc
        import Xlib.X  # noqa: PLC0415 (python-xlib is present: the display opened)
        import Xlib.Xatom  # noqa: PLC0415

        self._x: Any = Xlib.X
        self._xatom: Any = Xlib.Xatom
        self._x_error = errors.request
        self._lost = errors.lost
        # Errors of requests without a reply (selecting events on a window that has just
        # gone) would otherwise be printed on stderr.
        self._display.set_error_handler(self._on_async_error)
        screen = self._display.screen()
        self._root: Any = screen.root
        self._screen_size = (int(screen.width_in_pixels), int(screen.height_in_pixels))
        self._atom = {name: int(self._display.intern_atom(name)) for name in _ATOMS}
        self._pid = os.getpid() if pid is None else pid
        self._root.change_attributes(event_mask=self._x.PropertyChangeMask)
        self._display.flush()
        self._wm_check: int | None = None  # the EWMH window manager's check window
        self._wm_unknown = True
        self._watched: Any = None  # the active window whose _NET_WM_STATE we follow
        self._broken = ""

    # -- FullscreenProbe ------------------------------------------------------------------
    @property
    def needs_poll(self) -> bool:
        return self._wm_check is None

    @property
    def broken(self) -> str:
        return self._broken

    def describe(self) -> str:
        if self._wm_check is not None:
            return "fullscreen: X11 active window (EWMH events)"
        return "fullscreen: X11 focused window (no window manager: polled)"

    def fileno(self) -> int:
        return int(self._display.fileno())

    def is_fullscreen(self) -> bool | None:
        if self._broken:
            return None
        try:
            if self._wm_unknown:
                self._wm_unknown = False
                self._wm_check = self._find_window_manager()
            if self._wm_check is not None:
                window = self._active_window()
                self._follow(window)
            else:
                self._follow(None)
                window = self._focused_top_level()
            if window is None:
                return False
            return self._counts(window)
        except self._lost as exc:
            self._broken = f"the X connection ended: {exc}"
            return None
        except self._x_error as exc:  # the window went away while we asked about it
            log.debug("fullscreen check met an X error: %s", exc)
            return False

    def take_events(self) -> bool:
        """Read the events waiting; True when one of them may change the answer."""
        if self._broken:
            return False
        due = False
        root = self._root.id
        try:
            while self._display.pending_events():
                event = self._display.next_event()
                if event.type == self._x.PropertyNotify:
                    atom = int(event.atom)
                    if event.window.id == root:
                        if atom in (
                            self._atom["_NET_SUPPORTING_WM_CHECK"],
                            self._atom["_NET_SUPPORTED"],
                        ):
                            self._wm_unknown = True
                            due = True
                        elif atom == self._atom["_NET_ACTIVE_WINDOW"]:
                            due = True
                    elif (
                        atom == self._atom["_NET_WM_STATE"]
                        and self._watched is not None
                        and event.window.id == self._watched.id
                    ):
                        due = True
                elif event.type == self._x.DestroyNotify and event.window.id == self._wm_check:
                    self._wm_unknown = True  # the window manager has gone
                    due = True
        except self._lost as exc:
            self._broken = f"the X connection ended: {exc}"
            return True
        return due

    def close(self) -> None:
        close_x_display(self._display, "the fullscreen monitor's")

    # -- X requests -------------------------------------------------------------------------
    def _on_async_error(self, error: Any, request: Any) -> None:
        log.debug("fullscreen monitor: X error for a request without reply: %s", error)

    def _cardinals(self, window: Any, name: str, kind: int) -> list[int] | None:
        """A 32-bit list property, or None when the window lacks it (or has gone)."""
        try:
            prop = window.get_full_property(self._atom[name], kind)
        except self._x_error:
            return None
        if prop is None or prop.format != 32:
            return None
        return [int(value) for value in prop.value]

    def _find_window_manager(self) -> int | None:
        """The check window of a living EWMH window manager that sets _NET_ACTIVE_WINDOW."""
        found = self._cardinals(self._root, "_NET_SUPPORTING_WM_CHECK", self._xatom.WINDOW)
        if not found or not found[0]:
            return None
        check = self._display.create_resource_object("window", found[0])
        # A window manager that died leaves the root's property behind; its window is gone.
        if self._cardinals(check, "_NET_SUPPORTING_WM_CHECK", self._xatom.WINDOW) != found[:1]:
            return None
        supported = self._cardinals(self._root, "_NET_SUPPORTED", self._xatom.ATOM) or []
        if self._atom["_NET_ACTIVE_WINDOW"] not in supported:
            return None
        check.change_attributes(event_mask=self._x.StructureNotifyMask)  # hear it leave
        self._display.flush()
        return found[0]

    def _active_window(self) -> Any:
        found = self._cardinals(self._root, "_NET_ACTIVE_WINDOW", self._xatom.WINDOW)
        if not found or not found[0]:
            return None
        return self._display.create_resource_object("window", found[0])

    def _focused_top_level(self) -> Any:
        """The top-level window holding the input focus (children of the root are top-level
        when no window manager reparents them)."""
        focus = self._display.get_input_focus().focus
        if isinstance(focus, int):  # None or PointerRoot: no window has the focus
            return None
        window = focus
        root = self._root.id
        if window.id == root:
            return None
        for _ in range(32):  # a bound against a broken tree
            parent = window.query_tree().parent
            if isinstance(parent, int) or parent.id == root:
                return window
            window = parent
        return None

    def _follow(self, window: Any) -> None:
        """Hear the active window's property changes (and stop hearing the previous one's).

        Event masks are per connection: this never changes what the window's own client
        (or Qt, for our own windows) asked for.
        """
        old = self._watched
        if (old is None and window is None) or (
            old is not None and window is not None and old.id == window.id
        ):
            return
        if old is not None:
            old.change_attributes(event_mask=self._x.NoEventMask)
        if window is not None:
            window.change_attributes(event_mask=self._x.PropertyChangeMask)
        self._watched = window
        self._display.flush()

    def _counts(self, window: Any) -> bool:
        pid = self._cardinals(window, "_NET_WM_PID", self._xatom.CARDINAL)
        if pid and pid[0] == self._pid:
            return False  # our own window (a routine shown fullscreen must not hush us)
        states = self._cardinals(window, "_NET_WM_STATE", self._xatom.ATOM) or []
        if self._atom["_NET_WM_STATE_FULLSCREEN"] in states:
            return True
        if self._wm_check is not None:
            return False  # a window manager says what is fullscreen
        if window.get_attributes().map_state != self._x.IsViewable:
            return False
        geometry = window.get_geometry()
        border = 2 * int(geometry.border_width)
        width, height = self._screen_size
        left, top = int(geometry.x), int(geometry.y)
        return (
            left <= 0
            and top <= 0
            and left + int(geometry.width) + border >= width
            and top + int(geometry.height) + border >= height
        )
