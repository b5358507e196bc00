"""The history recorder: what the loop decided and what the user did, into the history file.

The engine runs on the steady timeline, so a wall-clock jump never makes sitting negative or
phantom; everything recorded is moved onto the wall clock the user's own clock shows, at the
moment it is recorded. Writes are buffered by the store and flushed about once a minute, with
the bout in progress, so a crash loses a minute at most.
"""

from __future__ import annotations

import logging
from pathlib import Path

from glutewake.app.loop import Update
from glutewake.clock import Clock
from glutewake.core.engine import SittingEngine
from glutewake.core.models import (
    Bout,
    PromptRecord,
    PromptResponse,
    RoutineOutcome,
    RoutineResult,
    SpellKind,
    SpellRecord,
)
from glutewake.core.policy import Prompt
from glutewake.core.routine_builder import LEVEL_WINDOW_WEEKS
from glutewake.store.history import HistoryStore

log = logging.getLogger("glutewake.app")

#: Completed routines count toward the difficulty level over this many seconds.
LEVEL_WINDOW_S = LEVEL_WINDOW_WEEKS * 7 * 86400.0


class HistoryRecorder:
    """Keeps the history in step with the engine; one per running app."""

    def __init__(self, path: Path, engine: SittingEngine, clock: Clock) -> None:
        self._path = path
        self._engine = engine
        self._clock = clock
        self._store: HistoryStore | None = None
        # Closed bouts already handed to the store, with the start they were stored under.
        self._recorded: list[tuple[Bout, float]] = []
        self._spells: dict[SpellKind, float] = {}  # standing / paused spells in progress

    @property
    def store(self) -> HistoryStore:
        assert self._store is not None, "open() the recorder first"
        return self._store

    def open(self) -> None:
        """Open (or create, or move aside and recreate) the history file.

        The last run may have stopped mid-bout; when the user is back within a break's length,
        the bout goes on.
        """
        opened = HistoryStore.open(self._path, now=self._clock.now())
        if opened.problem:
            log.warning("%s", opened.problem)
        self._store = opened.store
        carried = self.store.open_bout()
        if carried is not None:
            self._engine.estimator.carry_on(carried)

    def close(self) -> None:
        """Write down everything, the bout in progress as a closed one, and let go of the file."""
        now = self._clock.now()
        self._engine.finish(now)  # the bout in progress ends at the last activity
        self.record_bouts()
        for kind in list(self._spells):
            self.end_spell(kind, now)
        self.store.set_open_bout(None)
        self.store.close()

    # -- wall time ----------------------------------------------------------------------------
    def wall(self, t: float) -> float:
        """A timeline moment as wall-clock UTC, for the history and for what the user reads."""
        return t + self._clock.wall_drift()

    def live_bout(self) -> Bout | None:
        """The bout in progress, in wall time (the charts draw it before it is stored)."""
        bout = self._engine.estimator.open_bout
        return None if bout is None else bout.shifted(self._clock.wall_drift())

    # -- what the loop decided ---------------------------------------------------------------
    def on_update(self, update: Update) -> None:
        self.record_bouts()
        if SpellKind.PAUSED in self._spells and not update.paused:
            self.end_spell(SpellKind.PAUSED, update.now)  # the pause ran out on its own

    def record_bouts(self) -> None:
        """Hand newly closed bouts to the store; take back one an answer joined to the next."""
        bouts = self._engine.estimator.bouts
        while self._recorded and (
            len(bouts) < len(self._recorded)
            or bouts[len(self._recorded) - 1] != self._recorded[-1][0]
        ):
            self.store.forget_bout(self._recorded.pop()[1])
        for bout in bouts[len(self._recorded) :]:
            stored = bout.shifted(self._clock.wall_drift())
            self.store.add_bout(stored)
            self._recorded.append((bout, stored.start))

    def flush(self) -> None:
        """Write what is buffered, with the bout in progress, so a crash loses a minute at most."""
        self.record_bouts()
        self.store.set_open_bout(self.live_bout())
        self.store.flush()

    # -- what the user did ---------------------------------------------------------------------
    def add_prompt(self, prompt: Prompt, response: PromptResponse, routine_id: str | None) -> None:
        self.store.add_prompt(
            PromptRecord(
                at=self.wall(prompt.at),
                bout_start=self.wall(prompt.bout_start),
                sitting_s=prompt.sitting_s,
                repeat=prompt.repeat,
                catch_up=prompt.catch_up,
                response=response,
                routine_id=routine_id,
            )
        )

    def add_routine(self, outcome: RoutineOutcome) -> None:
        self.store.add_routine(outcome.shifted(self._clock.wall_drift()))
        self.store.flush()

    def start_spell(self, kind: SpellKind, now: float) -> None:
        self._spells.setdefault(kind, now)

    def end_spell(self, kind: SpellKind, now: float) -> None:
        start = self._spells.pop(kind, None)
        if start is not None and now > start:
            self.store.add_spell(SpellRecord(kind, self.wall(start), self.wall(now)))

    def recent_routines(self) -> tuple[str | None, int]:
        """The last routine done or tried, and how many were completed in four weeks."""
        done = self.store.routines_since(self.wall(self._clock.now()) - LEVEL_WINDOW_S)
        last = done[-1].routine_id if done else None
        return last, sum(1 for r in done if r.outcome is RoutineResult.DONE)

    # -- keeping it small --------------------------------------------------------------------
    def forget_old_history(self, retention_days: int) -> None:
        """Drop history older than the user keeps (0 keeps everything)."""
        if retention_days > 0:
            deleted = self.store.forget_before(
                self.wall(self._clock.now()) - retention_days * 86400.0
            )
            if deleted:
                log.info("history: forgot %d records older than %d days", deleted, retention_days)

    def let_go_of_yesterday(self) -> None:
        """A months-long run keeps only a day of bouts and prompts in memory (all are stored)."""
        self.record_bouts()  # everything closed is in the store before memory lets it go
        dropped = self._engine.forget_before(self._clock.now() - 86400.0)
        del self._recorded[:dropped]
