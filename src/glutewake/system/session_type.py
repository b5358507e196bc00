"""Which display server this session runs on, decided once for every monitor.

Wayland matters because an X client there (pynput, python-xlib) reaches only XWayland: it
hears input to other X clients alone and cannot see a native window's state. Input, idle and
fullscreen monitors must agree, or the tray would claim keys are heard while fullscreen says
nothing can be seen.

The rule: a Wayland session when XDG_SESSION_TYPE says "wayland" (the session manager's
word, whatever else is set), or when WAYLAND_DISPLAY is set and DISPLAY is not (a compositor
without XWayland, or a session that never set XDG_SESSION_TYPE). Otherwise X11: DISPLAY
with a WAYLAND_DISPLAY beside it and no XDG_SESSION_TYPE is most often a nested or forwarded
X session, where X clients do see everything.
"""

from __future__ import annotations

import os
from collections.abc import Mapping


def is_wayland(env: Mapping[str, str] | None = None) -> bool:
    """Whether `env` (default os.environ) describes a Wayland session, by the rule above."""
    environ = os.environ if env is None else env
    if environ.get("XDG_SESSION_TYPE", "").strip().lower() == "wayland":
        return True
    return bool(environ.get("WAYLAND_DISPLAY")) and not environ.get("DISPLAY")
