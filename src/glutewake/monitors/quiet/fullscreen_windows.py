"""Fullscreen on Windows: SHQueryUserNotificationState, polled (not exercised by this
repository's tests, which run on X11)."""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from glutewake.monitors.quiet.fullscreen_probe import FullscreenUnavailable

QUNS_BUSY = 2
QUNS_RUNNING_D3D_FULL_SCREEN = 3
QUNS_PRESENTATION_MODE = 4
_QUNS_FULLSCREEN = frozenset({QUNS_BUSY, QUNS_RUNNING_D3D_FULL_SCREEN, QUNS_PRESENTATION_MODE})


class WindowsFullscreenProbe:
    """SHQueryUserNotificationState: Windows' own answer to "may I show a pop-up now?"."""

    _query: Any
    _broken: str
    _failures: int

    def __init__(self) -> None:
        if sys.platform != "win32":
            raise FullscreenUnavailable("SHQueryUserNotificationState is Windows only")
        try:
            self._query = ctypes.WinDLL("shell32").SHQueryUserNotificationState
        except (OSError, AttributeError) as exc:
            raise FullscreenUnavailable(f"shell32 unusable: {exc}") from exc
        self._query.argtypes = [ctypes.POINTER(ctypes.c_int)]
        self._query.restype = ctypes.c_long  # HRESULT
        self._broken = ""
        self._failures = 0

    @property
    def needs_poll(self) -> bool:
        return True

    @property
    def broken(self) -> str:
        return self._broken

    def describe(self) -> str:
        return "fullscreen: Windows notification state (polled)"

    def is_fullscreen(self) -> bool | None:
        state = ctypes.c_int(0)
        result = int(self._query(ctypes.byref(state)))
        if result != 0:
            self._failures += 1
            if self._failures >= 5:
                self._broken = (
                    f"SHQueryUserNotificationState keeps failing (0x{result & 0xFFFFFFFF:08x})"
                )
                return None
            return False
        self._failures = 0
        return state.value in _QUNS_FULLSCREEN

    def close(self) -> None:
        pass
