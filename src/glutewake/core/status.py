"""What glutewake says about the moment: one status, shown by the tray and `glutewake status`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from glutewake.core.durations import minutes_text
from glutewake.core.engine import SittingEngine
from glutewake.core.policy import Hold


class State(StrEnum):
    """Where the user is, as far as sitting goes (the words `glutewake status --json` gives)."""

    SITTING = "sitting"
    AWAY = "away"
    STANDING = "standing"


@dataclass(frozen=True, slots=True)
class Status:
    """A snapshot of the sitting estimate and the policy, in words and numbers."""

    at: float
    state: State
    sitting_s: float
    interval_s: float
    next_prompt_in_s: float | None
    hold: Hold | None
    """Why prompts are held (a call, a pause, ...), if they are; never AWAY (that is `state`)."""

    @property
    def fraction(self) -> float:
        return self.sitting_s / self.interval_s if self.interval_s else 0.0

    @property
    def resting(self) -> bool:
        return self.state is not State.SITTING or self.hold is not None

    def headline(self) -> str:
        """One line for the tooltip and the menu: "Sitting 38 min - next prompt in 7 min"."""
        if self.state is State.STANDING:
            words = "Standing"
        elif self.state is State.AWAY:
            words = "Away from the desk"
        else:
            words = f"Sitting {minutes_text(self.sitting_s)}"
            if self.hold is not None:
                words += f" - holding: {self.hold.value}"
            elif self.next_prompt_in_s is not None:
                if self.next_prompt_in_s <= 0:
                    words += " - time for a break"
                else:
                    words += f" - next prompt in {minutes_text(self.next_prompt_in_s)}"
        return words

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at,
            "state": self.state.value,
            "sitting_s": self.sitting_s,
            "interval_s": self.interval_s,
            "next_prompt_in_s": self.next_prompt_in_s,
            "hold": None if self.hold is None else self.hold.value,
            "headline": self.headline(),
        }




def status_of(engine: SittingEngine, now: float) -> Status:
    est = engine.estimator
    view = engine.view(now)
    if est.standing:
        state = State.STANDING
    elif view.bout_start is None:
        state = State.AWAY
    else:
        state = State.SITTING
    hold = engine.policy.hold(view)
    due = engine.policy.due_at()
    return Status(
        at=now,
        state=state,
        sitting_s=view.sitting_s(),
        interval_s=engine.policy.settings.interval_minutes * 60.0,
        next_prompt_in_s=None if due is None or state is not State.SITTING else due - now,
        hold=None if hold is Hold.AWAY else hold,
    )
