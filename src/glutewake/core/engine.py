"""The sitting engine: the estimator and the break policy, driven as the app drives them.

The tray app and `glutewake replay` both run this one loop, so what replay reports is what
the app would have done: facts in time order, and between facts the policy's own wake-ups.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from glutewake.core.estimator import EstimatorParams, SittingEstimator
from glutewake.core.facts import Fact, Pause, Quiet
from glutewake.core.models import Bout
from glutewake.core.policy import BreakPolicy, LocalTime, Prompt, SittingView
from glutewake.core.settings import Settings


def estimator_params(settings: Settings) -> EstimatorParams:
    """The estimator's thresholds that the user controls, from their settings."""
    return EstimatorParams(
        break_s=settings.break_minutes * 60.0, ask=settings.ask_about_quiet_spells
    )


@dataclass
class SittingEngine:
    """Feeds facts to the estimator and asks the policy after each fact and at each wake-up."""

    settings: Settings
    local_time: LocalTime
    estimator: SittingEstimator = field(init=False)
    policy: BreakPolicy = field(init=False)
    prompts: list[Prompt] = field(default_factory=list, init=False)
    _clock: float = field(default=float("-inf"), init=False)
    _wake: float | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.estimator = SittingEstimator(estimator_params(self.settings))
        self.policy = BreakPolicy(self.settings, self.local_time)

    def view(self, now: float) -> SittingView:
        est = self.estimator
        return SittingView(now, est.bout_start, est.last_input, est.call_active, est.media_playing)

    def run_until(self, now: float, *, look_at_end: bool = True) -> list[Prompt]:
        """Let time pass to `now`, waking wherever the estimator or the policy would have."""
        shown: list[Prompt] = []
        while self._wake is not None and self._clock < self._wake <= now:
            shown.extend(self._tick(self._wake))
        if look_at_end:
            shown.extend(self._tick(now))
        return shown

    def feed(self, fact: Fact) -> list[Prompt]:
        """One fact, after the time up to it has passed. Returns the prompts to show."""
        shown = self.run_until(fact.t, look_at_end=False)  # the look after the fact will do
        if isinstance(fact, Pause):
            if fact.until is None:
                self.policy.resume(fact.t)
            else:
                self.policy.pause(fact.t, fact.until)
        elif isinstance(fact, Quiet):
            self.policy.set_quiet(fact.reason, fact.active)
        self.estimator.feed(fact)
        shown.extend(self._tick(fact.t))
        return shown

    def forget_before(self, t: float) -> int:
        """Let go of bouts and prompts older than `t` (they are in the history by then).

        Returns how many closed bouts were dropped from the front of `estimator.bouts`.
        """
        self.prompts[:] = [p for p in self.prompts if p.at >= t]
        return self.estimator.forget_closed(t)

    def next_wake(self) -> float | None:
        """When something changes with no new fact: a break begins, or a prompt falls due."""
        return self._wake

    def apply_settings(self, settings: Settings, now: float) -> None:
        """New settings at once: thresholds, and the next prompt rescheduled from the bout start."""
        self.settings = settings
        self.estimator.params = estimator_params(settings)
        self.policy.apply_settings(settings, self.view(now))
        self.refresh(now)

    def refresh(self, now: float) -> None:
        """Recompute the next wake-up after the user acted on the policy (snooze, skip, ...)."""
        self._wake = self._wake_after(self.view(now))

    def _wake_after(self, view: SittingView) -> float | None:
        away = self.estimator.away_at(view.now)
        due = self.policy.wake_at(view)
        if away is None:
            return due
        return away if due is None else min(away, due)

    def finish(self, now: float) -> list[Bout]:
        self.run_until(now)
        return self.estimator.finish(now)

    def _tick(self, now: float) -> list[Prompt]:
        self._clock = max(self._clock, now)
        self.estimator.advance(now)
        view = self.view(now)
        prompt = self.policy.check(view)
        self._wake = self._wake_after(view)
        if prompt is None:
            return []
        self.prompts.append(prompt)
        return [prompt]
