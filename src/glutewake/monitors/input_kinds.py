"""The only thing an input hook passes on: what kind of event happened, never which one."""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum


class InputKind(IntEnum):
    KEY = 0
    """A key went down (auto-repeat included)."""
    KEY_UP = 1
    """A key came up: not counted, but it resets the OS idle counter."""
    CLICK = 2
    """A pointer button went down."""
    BUTTON_UP = 3
    """A pointer button came up: not counted, but it resets the OS idle counter."""
    SCROLL = 4
    """One wheel step."""


Sink = Callable[[InputKind], None]
"""Called on the hook's own thread; must only take a time stamp and hand it on."""
