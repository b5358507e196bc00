"""The records glutewake keeps: sitting bouts and how they ended, prompts and their answers,
standing and paused spells, and what the user did with a routine.

One home for them, so the estimator, the history store, the charts and the reports share
the same types instead of describing each other through protocols. The enumerations are
`StrEnum`s because their values are what the history file stores and what exports print.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum, StrEnum
from typing import TypeVar

_E = TypeVar("_E", bound=StrEnum)


class BreakKind(Enum):
    """How a sitting bout ended."""

    NATURAL = "natural"
    ROUTINE = "routine"
    LOCK = "lock"
    SUSPEND = "suspend"
    STANDING = "standing"
    ANSWER = "answer"
    """The user told us they were away during a quiet spell we had counted as sitting."""


@dataclass(frozen=True, slots=True)
class Bout:
    """A continuous sitting bout, ended by a break of `ended_by` (None: still going)."""

    start: float
    end: float
    ended_by: BreakKind | None = None

    @property
    def seconds(self) -> float:
        return self.end - self.start

    def shifted(self, by: float) -> Bout:
        """The same bout `by` seconds later (the steady timeline to the wall clock)."""
        return replace(self, start=self.start + by, end=self.end + by)


class PromptResponse(StrEnum):
    """What became of a prompt."""

    DONE = "done"
    """Started the routine."""
    SNOOZED = "snoozed"
    SKIPPED = "skipped"
    IGNORED = "ignored"
    """Left on screen until a break made it moot, a new prompt replaced it, or the app quit."""
    DISMISSED = "dismissed"
    """Closed without pressing a button."""

    @property
    def is_answer(self) -> bool:
        """The user acted on the prompt (ignored and dismissed ones were not answered)."""
        return self in (PromptResponse.DONE, PromptResponse.SNOOZED, PromptResponse.SKIPPED)


@dataclass(frozen=True, slots=True)
class PromptRecord:
    """A prompt shown, and what the user did with it (None: not answered yet)."""

    at: float
    bout_start: float
    sitting_s: float
    repeat: int
    catch_up: bool
    response: PromptResponse | None = None
    routine_id: str | None = None

    def __post_init__(self) -> None:
        if self.response is not None:  # the stored word, checked: a typo fails here
            response = _member(PromptResponse, self.response, "prompt response")
            object.__setattr__(self, "response", response)


class SpellKind(StrEnum):
    """A stretch of time the user told glutewake about from the tray."""

    STANDING = "standing"
    PAUSED = "paused"


@dataclass(frozen=True, slots=True)
class SpellRecord:
    """A time the user stood at a standing desk or paused the app."""

    kind: SpellKind
    start: float
    end: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", _member(SpellKind, self.kind, "spell kind"))


class RoutineResult(StrEnum):
    """How far the user got through a routine."""

    DONE = "done"
    PARTIAL = "partial"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class RoutineOutcome:
    """What the user did with a routine, for the record."""

    routine_id: str
    outcome: RoutineResult
    steps_done: int
    steps_total: int
    started: float
    ended: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "outcome", _member(RoutineResult, self.outcome, "routine outcome"))

    def shifted(self, by: float) -> RoutineOutcome:
        """The same outcome `by` seconds later (the steady timeline to the wall clock)."""
        return replace(self, started=self.started + by, ended=self.ended + by)


def _member(kind: type[_E], word: object, what: str) -> _E:
    """`word` as a member of `kind`; a word outside it is refused, naming what is allowed."""
    if isinstance(word, str) and word in kind._value2member_map_:
        return kind(word)
    allowed = ", ".join(member.value for member in kind)
    raise ValueError(f"{what} {word!r} is not one of {allowed}")
