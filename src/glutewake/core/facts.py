"""Activity facts: what the monitors (or a trace file) saw, and nothing more.

A fact carries only a moment and counts or a flag. Which key was pressed, what was typed,
which window had focus and where the pointer was are never represented, so they can never
be stored or logged by accident.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True, slots=True)
class Input:
    """One second that had input, with how many events of each kind it held."""

    t: float
    keys: int = 0
    pointer: int = 0
    clicks: int = 0
    scrolls: int = 0

    @property
    def events(self) -> int:
        return self.keys + self.pointer + self.clicks + self.scrolls

    @property
    def pointer_only(self) -> bool:
        """Pointer motion alone: what a bumped mouse or a cat produces."""
        return self.keys == 0 and self.clicks == 0 and self.scrolls == 0


class SessionChange(Enum):
    LOCK = "lock"
    UNLOCK = "unlock"
    SUSPEND = "suspend"
    RESUME = "resume"


@dataclass(frozen=True, slots=True)
class Session:
    """The screen was locked or unlocked, or the machine suspended or resumed."""

    t: float
    change: SessionChange


@dataclass(frozen=True, slots=True)
class Call:
    """A call started (microphone or camera in use) or ended."""

    t: float
    active: bool


@dataclass(frozen=True, slots=True)
class Media:
    """Media playback started or stopped."""

    t: float
    playing: bool


@dataclass(frozen=True, slots=True)
class Standing:
    """The user switched standing-desk mode on or off in the app."""

    t: float
    active: bool


@dataclass(frozen=True, slots=True)
class Answer:
    """The user's answer to "Were you away from your desk?" about the spell from `spell_start`."""

    t: float
    spell_start: float
    away: bool


@dataclass(frozen=True, slots=True)
class Pause:
    """The user paused prompts until `until`, or resumed them when `until` is None."""

    t: float
    until: float | None


@dataclass(frozen=True, slots=True)
class RoutineBreak:
    """The user did a guided routine from `started` until `t`: a prompted break."""

    t: float
    started: float


class QuietReason(Enum):
    """Why the desktop wants no pop-ups just now (prompts wait; sitting still counts)."""

    FULLSCREEN = "fullscreen window"
    DO_NOT_DISTURB = "do not disturb"


@dataclass(frozen=True, slots=True)
class Quiet:
    """The desktop asks for quiet (a fullscreen window, do-not-disturb), or stopped asking."""

    t: float
    reason: QuietReason
    active: bool


Fact = Input | Session | Call | Media | Standing | Answer | Pause | RoutineBreak | Quiet
