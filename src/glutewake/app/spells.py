"""Spells the user starts from the tray: a pause in prompts, and standing at the desk.

Each is both a fact for the engine (prompts held, standing is not sitting) and a record in
the history (the charts draw standing; the report counts it).
"""

from __future__ import annotations

from glutewake.app.loop import SittingLoop
from glutewake.app.recorder import HistoryRecorder
from glutewake.clock import Clock
from glutewake.core.facts import Standing
from glutewake.core.models import SpellKind


class Spells:
    """Pause, resume and standing mode, as the tray menu offers them."""

    def __init__(self, loop: SittingLoop, recorder: HistoryRecorder, clock: Clock) -> None:
        self._loop = loop
        self._recorder = recorder
        self._clock = clock

    def pause_for(self, minutes: int) -> None:
        now = self._clock.now()
        self._recorder.start_spell(SpellKind.PAUSED, now)
        self._loop.pause(now + minutes * 60.0)

    def pause_until_tomorrow(self) -> None:
        self._recorder.start_spell(SpellKind.PAUSED, self._clock.now())
        self._loop.pause(self._loop.next_local_midnight())

    def resume(self) -> None:
        self._recorder.end_spell(SpellKind.PAUSED, self._clock.now())
        self._loop.pause(None)

    def set_standing(self, standing: bool) -> None:
        if standing == self._loop.engine.estimator.standing:
            return  # the menu's check mark was set to what already holds
        now = self._clock.now()
        if standing:
            self._recorder.start_spell(SpellKind.STANDING, now)
        else:
            self._recorder.end_spell(SpellKind.STANDING, now)
        self._loop.feed(Standing(now, standing))
