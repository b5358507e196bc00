"""What the app says to the user outside its own windows, and the answers it hears back.

A notifier shows one glutewake note at a time: a new note replaces the previous one, a note
stays until it is answered, replaced or withdrawn (it never expires on its own), and it never
takes keyboard focus, because a prompt that steals typing is worse than no prompt. Answers come
back as one of the keys in ACTION_KEYS on the notifier's `action` signal. `failed` carries a
human-readable reason when a note could not be shown, so the app can say so somewhere else.

Notes hold only the app's own words and numbers (minutes, routine names): never anything the
monitors saw.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import SignalInstance

LOGGER_NAME = "glutewake.notify"

PROMPT_TITLE = "Time to wake your glutes"
PROMPT_ACTIONS: tuple[tuple[str, str], ...] = (
    ("start", "Start"),
    ("snooze", "Snooze"),
    ("skip", "Skip"),
)
QUESTION_ACTIONS: tuple[tuple[str, str], ...] = (("yes", "Yes"), ("no", "No"))
ACTION_KEYS = frozenset(key for key, _ in PROMPT_ACTIONS + QUESTION_ACTIONS)
"""Every button key a note may offer: the prompt's answers, then "Were you away?" answered."""

DISMISSED = "dismissed"
"""Also emitted on `action`: the user closed the note without pressing a button."""


@dataclass(frozen=True)
class Note:
    """One thing to show: a title, a line of text and the answers offered as (key, label)."""

    title: str
    body: str
    actions: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        unknown = [key for key, _ in self.actions if key not in ACTION_KEYS]
        if unknown:
            raise ValueError(f"unknown action keys {unknown}; allowed: {sorted(ACTION_KEYS)}")

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.actions)


def prompt_note(minutes_sitting: int, routine_summary: str) -> Note:
    """The break prompt: how long the user has sat and the routine on offer."""
    return Note(
        title=PROMPT_TITLE,
        body=f"Sitting for {minutes_sitting} min.\n{routine_summary}",
        actions=PROMPT_ACTIONS,
    )


def question_note(minutes: int) -> Note:
    """Asks whether a quiet spell was time away, which idle time alone cannot tell."""
    unit = "minute" if minutes == 1 else "minutes"
    return Note(
        title=f"Were you away from your desk for those {minutes} {unit}?",
        body="Your answer helps glutewake tell real breaks from reading or calls.",
        actions=QUESTION_ACTIONS,
    )


class Notifier(Protocol):
    """What the app needs from a way of notifying (D-Bus, plyer or a tray message).

    Implementations are QObjects whose class declares `action = Signal(str)` and
    `failed = Signal(str)`.
    """

    name: str
    supports_actions: bool

    @property
    def action(self) -> SignalInstance:
        """Emits the key of the answer the user chose (one of ACTION_KEYS)."""
        ...

    @property
    def failed(self) -> SignalInstance:
        """Emits why a note could not be shown."""
        ...

    def show(self, note: Note) -> None:
        """Show `note` in place of whatever glutewake showed before."""
        ...

    def withdraw(self) -> None:
        """Take back what glutewake shows, e.g. when a break began and the prompt is moot."""
        ...


__all__ = [
    "ACTION_KEYS",
    "LOGGER_NAME",
    "PROMPT_ACTIONS",
    "QUESTION_ACTIONS",
    "Note",
    "Notifier",
    "prompt_note",
    "question_note",
]
