"""The sitting loop: the one place the running app feeds the engine and hears its decisions.

Facts (from the monitors, the tray, a finished routine) and the user's policy actions (snooze,
skip, an answer about a quiet spell) go in; after each, one `Update` goes out to every
listener, in the order they subscribed. Nobody else calls the engine's mutating methods, so
what the user sees, what is recorded and when the app next wakes always agree.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from glutewake.clock import Clock
from glutewake.core.engine import SittingEngine
from glutewake.core.estimator import Question
from glutewake.core.facts import Answer, Fact, Pause, Session, SessionChange
from glutewake.core.policy import Prompt
from glutewake.core.settings import Settings
from glutewake.core.status import Status, status_of
from glutewake.scheduling import JobScheduler

log = logging.getLogger("glutewake.app")

WAKE_JOB = "wake"


@dataclass(frozen=True, slots=True)
class Update:
    """What the engine decided after one fact, wake-up or action."""

    now: float
    prompts: tuple[Prompt, ...]
    """Prompts that fell due just now (a burst after a long gap holds several)."""
    status: Status
    question: Question | None
    """A quiet spell worth asking about, until it is answered or moot."""
    sitting: bool
    """A bout is going on: the user is at the desk."""
    standing: bool
    paused: bool
    """The user paused prompts from the tray, and the pause has not run out."""


Listener = Callable[[Update], None]


class SittingLoop:
    """Owns the engine; publishes an `Update` after everything that could change it."""

    def __init__(self, engine: SittingEngine, clock: Clock, scheduler: JobScheduler) -> None:
        self.engine = engine
        self._clock = clock
        self._scheduler = scheduler
        self._listeners: list[Listener] = []
        self._scheduled_wake: float | None = None

    @property
    def settings(self) -> Settings:
        return self.engine.settings

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    # -- what goes in -------------------------------------------------------------------------
    def feed(self, fact: Fact) -> None:
        prompts = self.engine.feed(fact)
        if isinstance(fact, Session) and fact.change is SessionChange.RESUME:
            self._scheduler.recheck()  # Qt timers stood still while the machine slept
        self._publish(prompts)

    def wake(self) -> None:
        """The wake-up timer fired: let time pass to now."""
        self._scheduled_wake = None
        self._publish(self.engine.run_until(self._clock.now()))

    def snooze(self) -> None:
        self._act(self.engine.policy.snooze)

    def skip(self) -> None:
        self._act(self.engine.policy.skip)

    def answer(self, away: bool) -> None:
        """The user said whether the quiet spell asked about was time away."""
        question = self.engine.estimator.pending_question
        now = self._clock.now()
        prompts = []
        if question is not None:
            # "I was at my desk" joins two bouts: the one bout may be due a prompt right now.
            prompts = self.engine.feed(Answer(now, question.spell_start, away=away))
        self.engine.refresh(now)
        self._publish(prompts)

    def pause(self, until: float | None) -> None:
        """Hold prompts until `until` (None: resume now)."""
        now = self._clock.now()
        self.feed(Pause(now, until))

    def apply_settings(self, settings: Settings) -> None:
        self.engine.apply_settings(settings, self._clock.now())
        self._publish([])

    def refresh(self) -> None:
        """Publish without a change: after a new day, new day bounds, or a dismissed note."""
        self.engine.refresh(self._clock.now())
        self._publish([])

    def status_now(self) -> Status:
        """The status as of this moment (the tray, the instance socket, the status file)."""
        return status_of(self.engine, self._clock.now())

    def next_local_midnight(self) -> float:
        return self.engine.policy.next_local_midnight(self._clock.now())

    # -- what goes out ------------------------------------------------------------------------
    def _act(self, action: Callable[[float], None]) -> None:
        now = self._clock.now()
        action(now)
        self.engine.refresh(now)
        self._publish([])

    def _publish(self, prompts: list[Prompt]) -> None:
        now = self._clock.now()
        self._arm_wake(now)
        est = self.engine.estimator
        update = Update(
            now=now,
            prompts=tuple(prompts),
            status=status_of(self.engine, now),
            question=est.pending_question,
            sitting=est.bout_start is not None,
            standing=est.standing,
            paused=self.engine.policy.paused_until(now) is not None,
        )
        for listener in self._listeners:
            listener(update)

    def _arm_wake(self, now: float) -> None:
        """Arm the timer for the engine's next look, unless one already fires before it.

        While the user types, the moment they would count as away moves a second later every
        second; re-arming the timer each time would cost more than everything else. A timer
        that fires early finds nothing to do and arms the right moment then.
        """
        wake = self.engine.next_wake()
        scheduled = self._scheduled_wake
        if wake is not None and (scheduled is None or wake < scheduled or scheduled < now):
            self._scheduler.at(WAKE_JOB, wake, self.wake)
            self._scheduled_wake = wake
