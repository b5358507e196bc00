"""The scheduler on a real Qt event loop: prompts, snoozes and flushes run once, on time, on
the Qt thread, and rescheduling the prompt all day costs no extra timers or wakeups."""

from __future__ import annotations

import gc
import math
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import pytest
from apscheduler.executors.debug import DebugExecutor
from apscheduler.schedulers.qt import QtScheduler
from PySide6.QtCore import QCoreApplication, QThread, QTimer
from pytestqt.qtbot import QtBot

from glutewake.clock import Clock
from glutewake.scheduling import (
    MAX_TIMER_MS,
    RECHECK_S,
    JobScheduler,
    SteadyQtScheduler,
    wait_to_ms,
)

RESCHEDULES = 200


def live_qtimers() -> int:
    """QTimer objects alive in this process (the stock scheduler's hidden ones included)."""
    gc.collect()
    return sum(isinstance(obj, QTimer) for obj in gc.get_objects())


class CountingQtScheduler(QtScheduler):
    """APScheduler's own QtScheduler, counting how often its timers fire."""

    def __init__(self, **options: Any) -> None:
        self.passes = 0
        super().__init__(**options)

    def _process_jobs(self) -> None:
        self.passes += 1
        super()._process_jobs()


class SubMillisecondWaits:
    """Every wait the scheduler asks for is 0.4 ms, as when a job is just under 1 ms away."""

    def _start_timer(self, wait_seconds: float | None) -> None:
        short = None if wait_seconds is None else min(wait_seconds, 0.0004)
        super()._start_timer(short)  # type: ignore[misc]


class StockSubMs(SubMillisecondWaits, CountingQtScheduler):
    pass


class SteadySubMs(SubMillisecondWaits, SteadyQtScheduler):
    pass


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def jobs(qapp: QCoreApplication, clock: Clock) -> Iterator[JobScheduler]:
    scheduler = JobScheduler(clock.now, wall_drift=clock.wall_drift)
    scheduler.start()
    yield scheduler
    scheduler.shutdown()


def timer_of(jobs: JobScheduler) -> QTimer:
    timer = jobs.scheduler.timer
    assert timer is not None
    return timer


def on_qt_thread() -> bool:
    """Whether the caller runs on the thread of the Qt event loop (where the UI lives)."""
    app = QCoreApplication.instance()
    assert app is not None
    return QThread.currentThread() is app.thread()


def wait_until_idle(qtbot: QtBot, jobs: JobScheduler) -> None:
    """No job left and no wakeup pending: nothing more can run."""
    qtbot.waitUntil(lambda: not timer_of(jobs).isActive(), timeout=2000)


def test_a_prompt_50_ms_ahead_runs_once_on_time_on_the_qt_thread(
    qtbot: QtBot, clock: Clock, jobs: JobScheduler
) -> None:
    start = clock.now()
    runs: list[tuple[float, bool]] = []
    jobs.at(
        "prompt",
        start + 0.05,
        lambda: runs.append((clock.now() - start, on_qt_thread())),
    )
    assert jobs.next_run("prompt") == pytest.approx(start + 0.05, abs=0.002)

    qtbot.waitUntil(lambda: bool(runs), timeout=2000)
    wait_until_idle(qtbot, jobs)

    assert len(runs) == 1
    elapsed, ran_on_qt_thread = runs[0]
    assert elapsed >= 0.045
    assert ran_on_qt_thread
    assert jobs.next_run("prompt") is None
    assert jobs.scheduler.wakeups <= 3


@pytest.mark.parametrize("reschedules", [1, RESCHEDULES])
def test_rescheduling_the_prompt_keeps_one_timer_and_wakeups_flat(
    qtbot: QtBot, qapp: QCoreApplication, clock: Clock, reschedules: int
) -> None:
    before = live_qtimers()
    jobs = JobScheduler(clock.now)
    jobs.start()
    try:
        start = clock.now()
        ran: list[int] = []
        jobs.at("prompt", start + 0.05, partial(ran.append, -1))
        timer = timer_of(jobs)
        for i in range(reschedules):
            jobs.at("prompt", start + 0.05 + i * 0.0005, partial(ran.append, i))
            assert jobs.scheduler.timer is timer
        assert live_qtimers() - before == 1

        qtbot.waitUntil(lambda: bool(ran), timeout=2000)
        wait_until_idle(qtbot, jobs)

        assert ran == [reschedules - 1]  # only the latest schedule runs, once
        assert jobs.scheduler.wakeups <= 3  # one pass to re-plan, one when due
        assert live_qtimers() - before == 1
    finally:
        jobs.shutdown()


def test_the_stock_qtscheduler_starts_a_timer_chain_per_reschedule(
    qtbot: QtBot, qapp: QCoreApplication
) -> None:
    """Why SteadyQtScheduler exists: if this stops failing upstream, the subclass can go."""
    before = live_qtimers()
    stock = CountingQtScheduler(timezone=UTC, executors={"default": DebugExecutor()})
    stock.start()
    try:
        due = datetime.now(UTC) + timedelta(milliseconds=200)
        ran: list[int] = []
        for i in range(RESCHEDULES):
            stock.add_job(
                ran.append,
                "date",
                run_date=due + timedelta(milliseconds=i * 0.5),
                args=(i,),
                id="prompt",
                replace_existing=True,
            )
        # Each reschedule's wakeup pass armed its own timer for the due time; none was stopped.
        qtbot.waitUntil(lambda: stock.passes >= RESCHEDULES, timeout=2000)
        assert not ran
        assert live_qtimers() - before >= RESCHEDULES

        qtbot.waitUntil(lambda: bool(ran), timeout=2000)
        qtbot.waitUntil(lambda: live_qtimers() <= before, timeout=2000)  # chains ran dry

        assert ran == [RESCHEDULES - 1]
        assert stock.passes >= 2 * RESCHEDULES
    finally:
        if stock.running:
            stock.shutdown()


@pytest.mark.parametrize(
    ("wait_s", "expected_ms"),
    [
        (0.0, 1),
        (0.0002, 1),
        (0.0004, 1),
        (0.001, 1),
        (0.0011, 2),
        (1.5, 1500),
        (30 * 60.0, 1_800_000),
        (MAX_TIMER_MS / 1000, MAX_TIMER_MS),
        (MAX_TIMER_MS / 1000 + 0.001, MAX_TIMER_MS),
        (100 * 86400.0, MAX_TIMER_MS),
        (math.inf, MAX_TIMER_MS),
    ],
)
def test_a_wait_is_whole_milliseconds_never_zero_never_over_the_qt_limit(
    wait_s: float, expected_ms: int
) -> None:
    assert wait_to_ms(wait_s) == expected_ms


def test_the_recheck_cap_bounds_every_wait() -> None:
    assert wait_to_ms(3600.0, RECHECK_S) == 60_000
    assert wait_to_ms(math.inf, RECHECK_S) == 60_000
    assert wait_to_ms(0.0004, RECHECK_S) == 1


def test_a_sub_millisecond_wait_arms_the_one_timer_for_1_ms(qapp: QCoreApplication) -> None:
    scheduler = SteadyQtScheduler(timezone=UTC, executors={"default": DebugExecutor()})
    scheduler.start(paused=True)
    try:
        timer = scheduler.timer
        assert timer is not None
        scheduler._start_timer(0.0004)
        assert (timer.isActive(), timer.interval()) == (True, 1)
        scheduler._start_timer(10**7)  # 115 days: over the 24.8-day QTimer limit
        assert (timer.isActive(), timer.interval()) == (True, MAX_TIMER_MS)
        assert scheduler.timer is timer
    finally:
        scheduler.shutdown()
    assert not timer.isActive()


def run_sub_ms_waits(qtbot: QtBot, scheduler: QtScheduler) -> tuple[int, float]:
    """Wait for a job 5 ms out while every wait asked for is 0.4 ms: (wakeups, elapsed ms)."""
    scheduler.start()
    try:
        ran: list[float] = []
        began = time.monotonic()
        scheduler.add_job(
            lambda: ran.append(time.monotonic()),
            "date",
            run_date=datetime.now(UTC) + timedelta(milliseconds=5),
        )
        qtbot.waitUntil(lambda: bool(ran), timeout=2000)
        wakeups = (
            scheduler.wakeups if isinstance(scheduler, SteadyQtScheduler) else scheduler.passes
        )
        return wakeups, (ran[0] - began) * 1000
    finally:
        scheduler.shutdown()


def test_sub_millisecond_waits_do_not_spin(qtbot: QtBot, qapp: QCoreApplication) -> None:
    options = {"timezone": UTC, "executors": {"default": DebugExecutor()}}
    wakeups, elapsed_ms = run_sub_ms_waits(qtbot, SteadySubMs(**options))
    # At most one wakeup per millisecond, plus the one that planned the wait.
    assert wakeups <= elapsed_ms + 2
    assert wakeups < 10

    stock_wakeups, stock_elapsed_ms = run_sub_ms_waits(qtbot, StockSubMs(**options))
    # The stock scheduler truncates 0.4 ms to a 0 ms timer and spins until the job is due.
    assert stock_wakeups > stock_elapsed_ms + 2


def test_a_job_5_ms_out_costs_a_couple_of_wakeups(
    qtbot: QtBot, clock: Clock, jobs: JobScheduler
) -> None:
    ran: list[float] = []
    jobs.at("prompt", clock.now() + 0.005, lambda: ran.append(clock.now()))
    qtbot.waitUntil(lambda: bool(ran), timeout=2000)
    wait_until_idle(qtbot, jobs)
    assert len(ran) == 1
    assert jobs.scheduler.wakeups < 5


@pytest.mark.parametrize(("max_wait_s", "armed_ms"), [(None, MAX_TIMER_MS), (RECHECK_S, 60_000)])
def test_a_job_months_away_arms_a_capped_timer(
    qtbot: QtBot,
    qapp: QCoreApplication,
    clock: Clock,
    max_wait_s: float | None,
    armed_ms: int,
) -> None:
    jobs = JobScheduler(clock.now, max_wait_s=max_wait_s)
    jobs.start()
    try:
        when = clock.now() + 100 * 86400
        jobs.at("working-hours-start", when, lambda: None)
        qtbot.waitUntil(lambda: jobs.scheduler.wakeups >= 1, timeout=2000)
        timer = timer_of(jobs)
        assert (timer.isActive(), timer.interval()) == (True, armed_ms)
        assert jobs.next_run("working-hours-start") == pytest.approx(when, abs=0.002)
    finally:
        jobs.shutdown()


def test_a_prompt_scheduled_before_start_runs_once_after_it(
    qtbot: QtBot, qapp: QCoreApplication, clock: Clock
) -> None:
    jobs = JobScheduler(clock.now)
    try:
        ran: list[str] = []
        jobs.at("prompt", clock.now() + 0.01, partial(ran.append, "prompt"))
        assert jobs.next_run("prompt") is None  # not planned until the scheduler runs
        jobs.start()
        jobs.start()
        qtbot.waitUntil(lambda: bool(ran), timeout=2000)
        wait_until_idle(qtbot, jobs)
        assert ran == ["prompt"]
    finally:
        jobs.shutdown()


def test_a_prompt_already_due_runs_exactly_once(
    qtbot: QtBot, clock: Clock, jobs: JobScheduler
) -> None:
    ran: list[float] = []
    jobs.at("prompt", clock.now() - 1.0, lambda: ran.append(clock.now()))
    qtbot.waitUntil(lambda: bool(ran), timeout=2000)
    wait_until_idle(qtbot, jobs)
    assert len(ran) == 1
    assert jobs.next_run("prompt") is None


def test_a_prompt_can_snooze_itself(qtbot: QtBot, clock: Clock, jobs: JobScheduler) -> None:
    ran: list[str] = []

    def first() -> None:
        ran.append("prompt")
        jobs.at("prompt", clock.now() + 0.01, partial(ran.append, "snoozed prompt"))

    jobs.at("prompt", clock.now() + 0.01, first)
    qtbot.waitUntil(lambda: len(ran) >= 2, timeout=2000)
    wait_until_idle(qtbot, jobs)
    assert ran == ["prompt", "snoozed prompt"]


def test_a_job_added_from_another_thread_runs_on_the_qt_thread(
    qtbot: QtBot, clock: Clock, jobs: JobScheduler
) -> None:
    ran_on_qt_thread: list[bool] = []

    def add() -> None:
        jobs.at(
            "prompt",
            clock.now() + 0.01,
            lambda: ran_on_qt_thread.append(on_qt_thread()),
        )

    worker = threading.Thread(target=add)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(ran_on_qt_thread), timeout=2000)
    assert ran_on_qt_thread == [True]


def test_after_shutdown_nothing_runs(qtbot: QtBot, clock: Clock, jobs: JobScheduler) -> None:
    ran: list[str] = []
    jobs.at("prompt", clock.now() + 0.01, partial(ran.append, "prompt"))
    jobs.shutdown()
    jobs.shutdown()
    assert not timer_of(jobs).isActive()
    assert jobs.next_run("prompt") is None

    later = QTimer()
    later.setSingleShot(True)
    with qtbot.waitSignal(later.timeout, timeout=2000):
        later.start(40)
    assert ran == []
