"""Top-level windows on the X display by the process that made them, and closing one as a
window manager's close button does (WM_DELETE_WINDOW), through python-xlib.

Qt puts _NET_WM_PID on every top-level window it creates, so the pid, not a title, ties a
window to its process.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress

from Xlib import X, Xatom, display
from Xlib.error import BadDrawable, BadWindow
from Xlib.protocol import event

from tests.desktop.desktop_session import wait_for


def mapped_windows(display_name: str) -> dict[int, int]:
    """Viewable top-level windows: window id -> the _NET_WM_PID of the process that made it."""
    x = display.Display(display_name)
    try:
        pid_atom = x.intern_atom("_NET_WM_PID")
        found: dict[int, int] = {}
        for window in x.screen().root.query_tree().children:
            try:
                if window.get_attributes().map_state != X.IsViewable:
                    continue
                prop = window.get_full_property(pid_atom, Xatom.CARDINAL)
            except (BadWindow, BadDrawable):
                continue  # destroyed since the tree was read: a window closing as we look
            if prop is not None and len(prop.value):
                found[window.id] = int(prop.value[0])
        return found
    finally:
        x.close()


def windows_of(display_name: str, pid: int) -> list[int]:
    return [w for w, owner in mapped_windows(display_name).items() if owner == pid]


def ask_to_close(display_name: str, window_id: int) -> None:
    """What a window manager sends when the user clicks the window's close button."""
    x = display.Display(display_name)
    try:
        window = x.create_resource_object("window", window_id)
        protocols = x.intern_atom("WM_PROTOCOLS")
        delete = x.intern_atom("WM_DELETE_WINDOW")
        message = event.ClientMessage(
            window=window, client_type=protocols, data=(32, [delete, X.CurrentTime, 0, 0, 0])
        )
        window.send_event(message, event_mask=X.NoEventMask)
        x.flush()
    finally:
        x.close()


def close_by_clicking(display_name: str, window_id: int, is_gone: Callable[[], bool]) -> None:
    """Click the close button until `is_gone` (at most 5 clicks, 2 s apart).

    On Xvfb with no window manager, Qt 6.12 now and then ignores the first WM_DELETE_WINDOW
    a window gets (about 1 in 8 runs here, with the window idle and mapped); the next one
    closes it, as a second click does for a user. Raises if the window never goes.
    """
    for _ in range(4):
        ask_to_close(display_name, window_id)
        with suppress(AssertionError):
            wait_for(is_gone, 2, "the window to close", step=0.02)
            return
    ask_to_close(display_name, window_id)
    wait_for(is_gone, 2, f"window 0x{window_id:x} to close after 5 close requests", step=0.02)
