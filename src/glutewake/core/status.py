"""What glutewake says about the moment: one status, shown by the tray and `glutewake status`."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from glutewake.core.durations import minutes_text
from glutewake.core.engine import SittingEngine
from glutewake.core.policy import Hold


@dataclass(frozen=True, slots=True)
class Status:
    """A snapshot of the sitting estimate and the policy, in words and numbers."""

    at: float
    state: str  # "sitting", "away", "standing"
    sitting_s: float
    interval_s: float
    next_prompt_in_s: float | None
    hold: str | None  # why prompts are held ("on a call", "paused", ...), if they are

    @property
    def fraction(self) -> float:
        return self.sitting_s / self.interval_s if self.interval_s else 0.0

    @property
    def resting(self) -> bool:
        return self.state != "sitting" or self.hold is not None

    def headline(self) -> str:
        """One line for the tooltip and the menu: "Sitting 38 min - next prompt in 7 min"."""
        if self.state == "standing":
            words = "Standing"
        elif self.state == "away":
            words = "Away from the desk"
        else:
            words = f"Sitting {minutes_text(self.sitting_s)}"
            if self.hold is not None:
                words += f" - holding: {self.hold}"
            elif self.next_prompt_in_s is not None:
                if self.next_prompt_in_s <= 0:
                    words += " - time for a break"
                else:
                    words += f" - next prompt in {minutes_text(self.next_prompt_in_s)}"
        return words

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "headline": self.headline()}




def status_of(engine: SittingEngine, now: float) -> Status:
    est = engine.estimator
    view = engine.view(now)
    if est.standing:
        state = "standing"
    elif view.bout_start is None:
        state = "away"
    else:
        state = "sitting"
    hold = engine.policy.hold(view)
    due = engine.policy.due_at()
    return Status(
        at=now,
        state=state,
        sitting_s=view.sitting_s(),
        interval_s=engine.policy.settings.interval_minutes * 60.0,
        next_prompt_in_s=None if due is None or state != "sitting" else due - now,
        hold=None if hold is None or hold is Hold.AWAY else hold.value,
    )
