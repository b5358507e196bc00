"""Thirty office days through the whole app in about a minute: memory stays flat, the timer
work per day does not grow, and the history ends up exactly what `glutewake replay` says.

The real GlutewakeApp is built and started as `glutewake` builds it (tray icon, notifier,
monitors, scheduler, single-instance server, a history file on disk) under pytest-xvfb's
display; only its clock is fake. The test plays the part of time passing: before each fact
it runs every wake-up the engine asked for, at that moment, then sets the clock to the fact
and hands it to the app as a monitor would.

Under this clock the app's one scheduler timer says little: the simulated days lie in the
real past, so every job the app arms is already due by the real wall clock and fires on the
next turn of the event loop, however far ahead it is on the app's timeline. How often the
timer fires therefore follows how often the test turns the loop. What the app decides is
how often it re-arms that timer (`JobScheduler.at`); in a real run each arm is a timer
restart and, unless replaced first, one wakeup of an idle process. Those arms for the next
wake are what is counted (a few a day come from the early firings, one per turn of the
loop); midnight, also due at once here, re-arms on every turn and is left out.
"""

from __future__ import annotations

import gc
import logging
import logging.handlers
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from statistics import mean
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QApplication

from glutewake.app import AppOptions, GlutewakeApp
from glutewake.clock import Clock
from glutewake.core.facts import Fact
from glutewake.core.settings import Settings
from glutewake.monitors import Monitors, start_monitors
from glutewake.notify import PROMPT_TITLE, Note
from glutewake.store.history import HistoryStore
from glutewake.store.paths import Paths, ensure_private_dir
from glutewake.traces.reader import TraceLine, parse_line_record
from glutewake.traces.replay import replay
from glutewake.traces.simulation import simulate_days

BERLIN = ZoneInfo("Europe/Berlin")
FIRST_DAY = date(2025, 3, 3)  # a Monday; Berlin's clocks go forward on Sunday 30 March
DAYS = 30
SEED = 11
EVENTS_EVERY = 300  # facts between two turns of the Qt event loop
EARLY = slice(4, 14)  # days 5 to 14: after start-up has settled
LATE = slice(-10, None)  # the last ten days

# Growth allowed from days 5-14 to the last ten days (means of the day-end numbers). Measured
# on a 2-core machine (Python 3.11, PySide6 6.11): heap 0.13 -> 0.16 MB, RSS 150.8 -> 151.2
# MB, wake arms a day 89.8 -> 91.1. The two means lie 16 days apart, so 1 MB of heap is a
# leak of 64 KB a day, some 25 bytes for every fact or 5 KB for every prompt shown; RSS
# settles by day 5 and moves by pages and allocator arenas afterwards, hence its wider bound.
HEAP_GROWTH_MAX = 1 * 2**20
RSS_GROWTH_MAX = 10 * 2**20
ARMS_GROWTH_FACTOR = 1.2
ARMS_GROWTH_SLACK = 10


class FakeClock(Clock):
    """The app's timeline, set by the test; local time is Berlin's whatever the machine's."""

    def __init__(self, start: float) -> None:
        super().__init__()
        self.t = start

    def now(self) -> float:
        return self.t

    def from_monotonic(self, mono: float) -> float:
        return self.t - (time.monotonic() - mono)  # a stamp from a moment ago, a moment ago

    def wall_drift(self) -> float:
        return 0.0

    def local(self, t: float) -> datetime:
        return datetime.fromtimestamp(t, BERLIN)


@dataclass(frozen=True)
class DayNumbers:
    day: date
    facts: int
    heap: int  # bytes traced by tracemalloc at the day's end, after gc.collect()
    rss: int  # bytes resident (VmRSS) at the same moment
    arms: int  # JobScheduler.at calls for the next wake: the app re-arming its one timer
    firings: int  # the scheduler timer's real firings (follows the test's event passes)
    wakes: int  # the engine's own wake-ups, run by the test at their moments
    seconds: float  # real time the day took


def rss_bytes() -> int:
    for row in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if row.startswith("VmRSS:"):
            return int(row.split()[1]) * 1024
    raise AssertionError("no VmRSS in /proc/self/status")


def trace_lines() -> list[TraceLine]:
    days = simulate_days(FIRST_DAY, DAYS, BERLIN, seed=SEED)
    return [parse_line_record(record, f"line {i + 1}") for i, record in enumerate(days.lines)]


@pytest.mark.timeout(600)
def test_thirty_office_days_through_the_whole_app(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No session bus: notes go to the app's own tray icon on the virtual display, never to
    # the desktop of whoever runs the test, and no real screen lock reaches the app.
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    runtime = tmp_path / "runtime"
    ensure_private_dir(runtime)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    # The app logs to a rotating file, as `glutewake` does; pytest's log capture would keep
    # every record for its report and look like a leak in the app.
    logger = logging.getLogger("glutewake")
    log_file = logging.handlers.RotatingFileHandler(
        tmp_path / "glutewake.log", maxBytes=512_000, backupCount=2
    )
    monkeypatch.setattr(logger, "propagate", False)
    monkeypatch.setattr(logger, "level", logging.INFO)
    logger.addHandler(log_file)
    try:
        soak(tmp_path)
    finally:
        logger.removeHandler(log_file)
        log_file.close()


def soak(tmp_path: Path) -> None:
    lines = trace_lines()
    expected = replay(lines, Settings())

    data = tmp_path / "data"
    ensure_private_dir(data)
    paths = Paths(data_dir=data, config_file=tmp_path / "config.toml")
    paths.welcome_seen.touch()  # no welcome dialog
    clock = FakeClock(lines[0].fact.t)
    # The monitors run as the app starts them (input listeners, idle counter, session and
    # camera checks), but what they report stays out of the engine: the X idle counter counts
    # real seconds, and against a clock running hours ahead it reads as a pointer move now
    # and then. The days' facts are the trace's alone.
    strays: list[Fact] = []

    def monitors_apart(clock: Clock, _on_fact: object, parent: QObject | None) -> Monitors:
        return start_monitors(clock, strays.append, parent)

    app = GlutewakeApp(
        AppOptions(data_dir=data), paths, Settings(), clock=clock, monitors=monitors_apart
    )

    arms: Counter[str] = Counter()
    arm = app.scheduler.at

    def counting_at(job_id: str, when: float, callback: Callable[[], None]) -> None:
        arms[job_id] += 1
        arm(job_id, when, callback)

    app.scheduler.at = counting_at  # type: ignore[method-assign]

    # start(): listens on this data folder's own instance key, opens the history, starts the
    # monitors, shows the tray icon on the virtual display, starts the scheduler and arms
    # midnight; nothing in it blocks.
    assert app.start()

    titles: list[str] = []
    show = app.notifier.show

    def counting_show(note: Note) -> None:
        titles.append(note.title)
        show(note)

    app.notifier.show = counting_show  # type: ignore[method-assign]

    days: list[DayNumbers] = []
    counts = {"facts": 0, "wakes": 0}
    mark = {"facts": 0, "wakes": 0, "arms": 0, "firings": 0, "at": time.perf_counter()}

    def end_of_day(day: date) -> None:
        QCoreApplication.processEvents()
        app.flush_history()
        gc.collect()
        total_arms = arms["wake"]
        firings = app.scheduler.scheduler.wakeups
        now = time.perf_counter()
        days.append(
            DayNumbers(
                day=day,
                facts=counts["facts"] - mark["facts"],
                heap=tracemalloc.get_traced_memory()[0],
                rss=rss_bytes(),
                arms=total_arms - mark["arms"],
                firings=firings - mark["firings"],
                wakes=counts["wakes"] - mark["wakes"],
                seconds=now - mark["at"],
            )
        )
        mark.update(counts, arms=total_arms, firings=firings, at=now)

    tracemalloc.start()
    try:
        today = clock.local(clock.t).date()
        hour = int(clock.t // 3600)
        for line in lines:
            fact = line.fact
            while (wake := app.engine.next_wake()) is not None and clock.t < wake <= fact.t:
                clock.t = wake
                app.wake()
                counts["wakes"] += 1
            if clock.local(fact.t).date() != today:
                end_of_day(today)
                today = clock.local(fact.t).date()
            clock.t = fact.t
            app.on_fact(fact)
            counts["facts"] += 1
            if int(fact.t // 3600) != hour:  # the app's minute timer, once an hour here
                hour = int(fact.t // 3600)
                app.flush_history()
            if counts["facts"] % EVENTS_EVERY == 0:
                QCoreApplication.processEvents()
        end_of_day(today)
    finally:
        tracemalloc.stop()
        app.quit()  # at the last fact, as replay finishes there

    print()
    for n in (1, 5, 10, 20, 30):
        d = days[n - 1]
        print(
            f"day {n:2d} {d.day}: {d.facts} facts + {d.wakes} wakes in {d.seconds:.1f} s;"
            f" heap {d.heap / 2**20:.2f} MB, RSS {d.rss / 2**20:.1f} MB;"
            f" timer arms {d.arms}, timer firings {d.firings}"
        )
    heap_early, heap_late = mean(d.heap for d in days[EARLY]), mean(d.heap for d in days[LATE])
    rss_early, rss_late = mean(d.rss for d in days[EARLY]), mean(d.rss for d in days[LATE])
    arms_early, arms_late = mean(d.arms for d in days[EARLY]), mean(d.arms for d in days[LATE])
    seconds = sum(d.seconds for d in days)
    print(
        f"days 5-14 -> last 10: heap {heap_early / 2**20:.2f} -> {heap_late / 2**20:.2f} MB,"
        f" RSS {rss_early / 2**20:.1f} -> {rss_late / 2**20:.1f} MB,"
        f" timer arms a day {arms_early:.1f} -> {arms_late:.1f}"
    )
    print(
        f"{len(lines)} facts, {len(expected.bouts)} bouts, {len(expected.prompts)} prompts in"
        f" {seconds:.1f} s ({seconds / len(lines) * 1e6:.0f} us a fact);"
        f" arms by job {dict(arms)}; {len(strays)} monitor facts kept out"
    )

    # A tray app runs for months: what it holds must not grow with the days it has seen.
    assert heap_late - heap_early < HEAP_GROWTH_MAX
    assert rss_late - rss_early < RSS_GROWTH_MAX
    # Nor may the wakeups it costs a day (battery, CPU) creep up.
    assert arms_late <= ARMS_GROWTH_FACTOR * arms_early + ARMS_GROWTH_SLACK

    # The history on disk, read as another program would, is exactly the replay's: no bout
    # lost, split, invented or cut short, and every prompt recorded once.
    history = HistoryStore.open_existing(paths.history_file)
    try:
        bouts = history.bouts_between(0.0, 4e9)
        prompts = history.prompts_between(0.0, 4e9)
    finally:
        history.close()
    assert [(b.start, b.end, b.ended_by) for b in bouts] == [
        (b.start, b.end, b.ended_by) for b in expected.bouts
    ]
    assert [p.at for p in prompts] == [p.at for p in expected.prompts]
    # And the user was shown each of those prompts, once.
    assert titles.count(PROMPT_TITLE) == len(expected.prompts)
