"""APScheduler 3 on the Qt event loop, with one reusable timer.

APScheduler 3.x's QtScheduler keeps the return value of ``QTimer.singleShot``, which is
None, so it can never stop or replace its timer: every wakeup (each added or rescheduled
job) starts another single-shot chain that re-arms itself until the job store is empty,
and a wait under a millisecond is truncated to 0 ms, so the loop spins until the job is
due. A tray app that reschedules its prompt on every break would pile up chains all day.

``SteadyQtScheduler`` owns exactly one single-shot QTimer and restarts it. ``JobScheduler``
is the facade the app uses: jobs are named, times are on the app's timeline (see
``glutewake.clock``), and callbacks always run on the Qt thread, after APScheduler has
finished its bookkeeping, so a callback may reschedule or cancel its own job.

Qt timers count on the monotonic clock, which stops while the machine is suspended, so a
long wait armed before a suspend would end long after the due time. ``JobScheduler``
therefore re-checks its jobs at least every ``RECHECK_S`` seconds (one cheap wakeup a
minute), and ``recheck()`` can be called on resume to catch up at once. A job whose time
passed while the machine slept runs exactly once on the next check (coalesced, no grace
limit), never dropped and never repeated for each missed time.
"""

from __future__ import annotations

import itertools
import logging
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from apscheduler.executors.debug import DebugExecutor
from apscheduler.schedulers import (
    SchedulerAlreadyRunningError,
    SchedulerNotRunningError,
)
from apscheduler.schedulers.qt import QtScheduler
from apscheduler.triggers.date import DateTrigger
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal, Slot

log = logging.getLogger("glutewake.scheduling")

#: The longest interval a QTimer accepts (a signed 32-bit count of milliseconds, ~24.8 days).
MAX_TIMER_MS = 2**31 - 1

#: How often JobScheduler looks at its jobs even when none is due (see the module docstring).
RECHECK_S = 60.0

Callback = Callable[[], None]


def wait_to_ms(wait_seconds: float, max_wait_s: float | None = None) -> int:
    """A scheduler wait as a QTimer interval: rounded up, at least 1 ms, at most MAX_TIMER_MS.

    Rounding up means the timer never fires before the job is due (which would only cost a
    second wakeup), and the 1 ms floor means a wait of a fraction of a millisecond can never
    become a 0 ms timer that spins the event loop until the job is due.
    """
    if max_wait_s is not None and not wait_seconds <= max_wait_s:
        wait_seconds = max_wait_s
    if not math.isfinite(wait_seconds):
        return MAX_TIMER_MS
    return min(max(math.ceil(wait_seconds * 1000.0), 1), MAX_TIMER_MS)


class _TimerHost(QObject):
    """Owns the scheduler's one QTimer on the Qt thread; requests from other threads queue."""

    restart_requested = Signal(int)
    stop_requested = Signal()

    def __init__(self, on_timeout: Callback) -> None:
        super().__init__()
        self.setObjectName("glutewake-scheduler-timer-host")
        self.timer = QTimer(self)
        self.timer.setObjectName("glutewake-scheduler-timer")
        self.timer.setSingleShot(True)
        # A handful of wakeups a minute at most: exact due times cost nothing, and a coarse
        # timer may fire up to 5 % early, which would mean a second wakeup for every job.
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(on_timeout)
        self.restart_requested.connect(self._restart)
        self.stop_requested.connect(self._stop)

    @Slot(int)
    def _restart(self, msec: int) -> None:
        self.timer.start(msec)

    @Slot()
    def _stop(self) -> None:
        self.timer.stop()


def _app_thread() -> QThread:
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError(
            "the glutewake scheduler runs on the Qt event loop: create the QApplication first"
        )
    return app.thread()


class SteadyQtScheduler(QtScheduler):  # type: ignore[misc]
    """QtScheduler with one reusable single-shot timer; rescheduling restarts it.

    ``max_wait_s`` (optional) caps every wait, so the jobs are looked at again at least that
    often. ``wakeups`` counts how many times the timer fired.
    """

    def __init__(self, *, max_wait_s: float | None = None, **options: Any) -> None:
        if max_wait_s is not None and not max_wait_s > 0:
            raise ValueError(f"max_wait_s must be a positive number of seconds, not {max_wait_s}")
        self._max_wait_s = max_wait_s
        self._host: _TimerHost | None = None
        self._host_lock = threading.Lock()
        self._wakeups = 0
        super().__init__(**options)

    @property
    def wakeups(self) -> int:
        """How many times the timer has fired (each one is a pass over the job stores)."""
        return self._wakeups

    @property
    def timer(self) -> QTimer | None:
        """The one timer this scheduler owns, or None before the first wakeup."""
        return None if self._host is None else self._host.timer

    def start(self, paused: bool = False) -> None:
        self._ensure_host()
        super().start(paused)

    def wakeup(self) -> None:
        # A 0 ms restart, not a new timer: a burst of wakeups is one pass over the jobs.
        self._ensure_host().restart_requested.emit(0)

    def _start_timer(self, wait_seconds: float | None) -> None:
        if wait_seconds is None:
            self._stop_timer()
            return
        self._ensure_host().restart_requested.emit(wait_to_ms(wait_seconds, self._max_wait_s))

    def _stop_timer(self) -> None:
        if self._host is not None:
            self._host.stop_requested.emit()

    def _on_timeout(self) -> None:
        self._wakeups += 1
        # QtScheduler._process_jobs runs the due jobs and re-arms through _start_timer.
        self._process_jobs()

    def _ensure_host(self) -> _TimerHost:
        with self._host_lock:
            if self._host is None:
                app_thread = _app_thread()
                host = _TimerHost(self._on_timeout)
                if host.thread() is not app_thread:
                    host.moveToThread(app_thread)
                self._host = host
            return self._host


@dataclass(frozen=True, slots=True)
class _Entry:
    generation: int
    callback: Callback
    one_shot: bool


class _Dispatcher(QObject):
    """Hands a due job to the Qt thread on the next turn of the event loop."""

    due = Signal(str, int)

    def __init__(self, deliver: Callable[[str, int], None]) -> None:
        super().__init__()
        self._deliver = deliver
        self.due.connect(self._on_due, Qt.ConnectionType.QueuedConnection)

    @Slot(str, int)
    def _on_due(self, job_id: str, generation: int) -> None:
        self._deliver(job_id, generation)


class JobScheduler:
    """Named jobs on the app's timeline: the prompt, working hours, midnight, history flush.

    ``clock`` returns timeline seconds (``glutewake.clock.Clock().now``); ``wall_drift``
    (``Clock().wall_drift``) says how far the wall clock, which APScheduler reads, has moved
    from the timeline. Create it on the Qt thread, after the QApplication, and call
    ``start()``. Callbacks run on the Qt thread; one replaced or cancelled before it ran is
    dropped.
    """

    def __init__(
        self,
        clock: Callable[[], float],
        *,
        wall_drift: Callable[[], float] | None = None,
        max_wait_s: float | None = RECHECK_S,
    ) -> None:
        self._clock = clock
        self._wall_drift = wall_drift if wall_drift is not None else _no_drift
        self._entries: dict[str, _Entry] = {}
        self._generations = itertools.count(1)
        app_thread = _app_thread()
        self._dispatcher = _Dispatcher(self._deliver)
        if self._dispatcher.thread() is not app_thread:
            self._dispatcher.moveToThread(app_thread)
        self._scheduler = SteadyQtScheduler(
            max_wait_s=max_wait_s,
            timezone=UTC,
            executors={"default": DebugExecutor()},
            job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 1},
        )

    def start(self) -> None:
        """Start running jobs (those added before wait until now); a second call does nothing."""
        try:
            self._scheduler.start()
        except SchedulerAlreadyRunningError:
            log.debug("start: the scheduler was already running")

    @property
    def scheduler(self) -> SteadyQtScheduler:
        """The APScheduler underneath, for soak checks (``wakeups``) and tests."""
        return self._scheduler

    def at(self, job_id: str, when: float, callback: Callback) -> None:
        """Run ``callback`` once at timeline second ``when`` (at once if that has passed).

        Replaces any job of the same id, whichever kind it was.
        """
        run_date = self._to_wall(when)
        self._add(job_id, callback, DateTrigger(run_date=run_date, timezone=UTC), one_shot=True)
        log.debug("job %r due in %.3f s", job_id, when - self._clock())

    def _add(self, job_id: str, callback: Callback, trigger: Any, *, one_shot: bool) -> None:
        """One job per id; runs missed while asleep are run once on wake (coalesced, no grace)."""
        entry = self._register(job_id, callback, one_shot=one_shot)
        self._scheduler.add_job(
            self._due,
            trigger=trigger,
            args=(job_id, entry.generation),
            id=job_id,
            name=job_id,
            replace_existing=True,
            coalesce=True,
            misfire_grace_time=None,
            max_instances=1,
        )

    def next_run(self, job_id: str) -> float | None:
        """When the job runs next, in timeline seconds, or None if it is not scheduled."""
        job = self._scheduler.get_job(job_id)
        # A job added before start() has no next_run_time attribute yet.
        next_run_time: datetime | None = getattr(job, "next_run_time", None)
        if next_run_time is None:
            return None
        return next_run_time.timestamp() - self._wall_drift()

    def recheck(self) -> None:
        """Look at the jobs now: call after a resume from suspend or a wall-clock jump."""
        if self._scheduler.running:
            self._scheduler.wakeup()

    def shutdown(self) -> None:
        """Stop the timer and drop every job; calling it twice is fine."""
        self._entries.clear()
        self._scheduler.remove_all_jobs()
        try:
            self._scheduler.shutdown(wait=False)
        except SchedulerNotRunningError:
            log.debug("shutdown: the scheduler was not running")

    def _register(self, job_id: str, callback: Callback, *, one_shot: bool) -> _Entry:
        entry = _Entry(next(self._generations), callback, one_shot)
        self._entries[job_id] = entry
        return entry

    def _to_wall(self, when: float) -> datetime:
        return datetime.fromtimestamp(when + self._wall_drift(), UTC)

    def _due(self, job_id: str, generation: int) -> None:
        # Runs inside APScheduler's job pass, under its lock: only queue the delivery, so the
        # callback can add, replace or cancel jobs (its own too) once the pass is over.
        self._dispatcher.due.emit(job_id, generation)

    def _deliver(self, job_id: str, generation: int) -> None:
        entry = self._entries.get(job_id)
        if entry is None or entry.generation != generation:
            log.debug("job %r was replaced or cancelled before it ran; skipped", job_id)
            return
        if entry.one_shot:
            del self._entries[job_id]
        entry.callback()


def _no_drift() -> float:
    return 0.0
