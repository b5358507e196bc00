"""The coach: which routine to offer, and the routine window that guides it.

A routine differs from the last one done or offered, fits the user's minutes and place, and
grows harder with routines completed in the last four weeks. Its outcome is recorded, and a
routine that was at least started counts as a prompted break.
"""

from __future__ import annotations

import contextlib
import logging
import random
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from glutewake.app.loop import SittingLoop
from glutewake.app.recorder import HistoryRecorder
from glutewake.clock import Clock
from glutewake.core.exercises import Library
from glutewake.core.facts import RoutineBreak
from glutewake.core.models import RoutineOutcome, RoutineResult
from glutewake.core.routine_builder import (
    History,
    Routine,
    build_routine,
    level_for,
    pre_run_routine,
    walk_routine,
)
from glutewake.store.library_file import illustration_path
from glutewake.ui.routine_window import RoutineWindow, StepView

log = logging.getLogger("glutewake.app")

WALK_MINUTES = 2


class Coach(QObject):
    """Offers routines and runs them; `started` lets the prompt desk take its prompt back."""

    started = Signal()

    def __init__(
        self,
        library: Library,
        loop: SittingLoop,
        recorder: HistoryRecorder,
        clock: Clock,
        medical_note_seen: Path,
    ) -> None:
        super().__init__()
        self._library = library
        self._loop = loop
        self._recorder = recorder
        self._clock = clock
        self._medical_note_seen = medical_note_seen
        self._rng = random.Random()
        self.offered: Routine | None = None
        """The routine the last prompt offered (and "Start" will run)."""
        self.window: RoutineWindow | None = None

    # -- choosing -------------------------------------------------------------------------------
    def offer(self) -> Routine:
        """A routine for a prompt, remembered so that "Start" runs the one the prompt named."""
        self.offered = self._next_routine()
        return self.offered

    def _next_routine(self) -> Routine:
        """A routine for the user's budget and place that differs from the last one."""
        settings = self._loop.settings
        last, completed = self._recorder.recent_routines()
        if self.offered is not None:
            last = self.offered.id
        history = History.from_completed(last, completed)
        try:
            return build_routine(
                self._library, settings.routine_minutes, settings.routine_place, history, self._rng
            )
        except ValueError as exc:  # a custom library that cannot make one: walk instead
            log.warning("no routine could be built (%s); offering a walk", exc)
            return walk_routine(WALK_MINUTES)

    # -- running ------------------------------------------------------------------------------
    def start_offered(self) -> None:
        """"Start" on a prompt: the routine it offered."""
        self.start(self.offered or self.offer())

    def start_next(self) -> None:
        """"Start a routine now" from the tray: a fresh one."""
        self.start(self.offer())

    def start_pre_run(self) -> None:
        completed = self._recorder.recent_routines()[1]
        self.start(pre_run_routine(self._library, level_for(completed)))

    def start_walk(self) -> None:
        self.start(walk_routine(WALK_MINUTES))

    def start(self, routine: Routine) -> None:
        """Open the guided routine window (one at a time); the medical note shows once."""
        self.started.emit()
        self.offered = routine
        if self.window is not None:
            self.window.finish()
        first_time = not self._medical_note_seen.exists()
        self.window = RoutineWindow(
            routine.id,
            routine.title,
            self.step_views(routine),
            self._clock.now,
            show_medical_note=first_time,
        )
        self.window.finished.connect(self._finished)
        self.window.show()
        if first_time:
            with contextlib.suppress(OSError):
                self._medical_note_seen.touch(mode=0o600)
        log.info("routine %s started", routine.id)

    def step_views(self, routine: Routine) -> list[StepView]:
        views = []
        for step in routine.steps:
            exercise = self._library.exercises.get(step.exercise_id)
            cues = exercise.cues if exercise is not None else None
            views.append(
                StepView(
                    name=step.name,
                    side=step.side,
                    reps=step.reps,
                    hold_s=step.hold_s,
                    seconds=step.seconds,
                    setup=cues.setup if cues else "",
                    movement=cues.movement if cues else "",
                    mistake=cues.mistake if cues else "",
                    illustration=illustration_path(exercise) if exercise is not None else None,
                )
            )
        return views

    def _finished(self, outcome: RoutineOutcome) -> None:
        self.window = None
        self._recorder.add_routine(outcome)
        if outcome.outcome is not RoutineResult.SKIPPED:
            self._loop.feed(RoutineBreak(outcome.ended, started=outcome.started))
        log.info("routine %s: %s", outcome.routine_id, outcome.outcome)
