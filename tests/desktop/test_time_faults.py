"""What a desktop does to time, through the whole app in-process with a clock the test moves:
wall-clock jumps back and forward during a bout, a suspend, and a change of time zone while
running. The engine's steady timeline keeps sitting true; the history keeps wall time."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from glutewake.app import GlutewakeApp
from glutewake.core.facts import Session, SessionChange
from glutewake.core.policy import Hold
from glutewake.core.settings import Settings, with_overrides
from glutewake.store.history import HistoryStore
from tests.desktop.app_in_process import MovableClock, type_for

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def berlin() -> Iterator[None]:
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Berlin"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def at(local: str) -> float:
    return datetime.fromisoformat(local).replace(tzinfo=BERLIN).timestamp()


def stored_bouts(app: GlutewakeApp) -> list[tuple[float, float]]:
    app.flush_history()
    store = HistoryStore.open_existing(app.paths.history_file)
    found = [(b.start, b.end) for b in store.bouts_between(0, float("inf"))]
    store.close()
    return found


@pytest.mark.parametrize("jump_s", [-3600.0, 3600.0], ids=["back an hour", "forward an hour"])
def test_a_wall_clock_jump_mid_bout_neither_adds_nor_removes_sitting(
    make_app: Callable[..., GlutewakeApp], berlin: None, jump_s: float
) -> None:
    start = at("2026-11-24 09:00")
    app = make_app(start)
    clock = app.clock
    assert isinstance(clock, MovableClock)
    type_for(app, 20)
    clock.drift = jump_s  # the user (or NTP after a long outage) moves the wall clock
    app.every_few_seconds()
    type_for(app, 20)
    sitting = app.engine.estimator.sitting_s(clock.t)
    assert sitting == pytest.approx(40 * 60, abs=10)  # 40 minutes, not 40 +/- 60
    app.on_fact(Session(clock.t, SessionChange.LOCK))
    app.record_bouts()
    ((stored_start, stored_end),) = stored_bouts(app)
    assert stored_end - stored_start == pytest.approx(40 * 60, abs=10)
    # Kept in the wall time the user's clock now shows.
    assert stored_end == pytest.approx(clock.t + jump_s, abs=10)


def test_a_suspend_ends_the_bout_and_the_sleep_is_not_sitting(
    make_app: Callable[..., GlutewakeApp], berlin: None
) -> None:
    app = make_app(at("2026-11-24 09:00"))
    clock = app.clock
    assert isinstance(clock, MovableClock)
    type_for(app, 25)
    app.on_fact(Session(clock.t, SessionChange.SUSPEND))
    clock.t += 2 * 3600  # asleep two hours (the steady clock counts suspended time)
    app.on_fact(Session(clock.t, SessionChange.RESUME))
    type_for(app, 10)
    assert app.engine.estimator.sitting_s(clock.t) == pytest.approx(10 * 60, abs=10)
    first, second = stored_bouts(app)[0], app.engine.estimator.bout_start
    assert first[1] - first[0] == pytest.approx(25 * 60, abs=10)
    assert second == pytest.approx(at("2026-11-24 11:25"), abs=10)
    assert app.engine.prompts == []  # nothing fires for the hours asleep


def test_a_new_time_zone_moves_the_working_hours(
    make_app: Callable[..., GlutewakeApp], berlin: None
) -> None:
    settings = with_overrides(Settings(), working_hours_start="09:00", working_hours_end="17:00")
    app = make_app(at("2026-11-24 16:40"), settings)
    clock = app.clock
    assert isinstance(clock, MovableClock)
    type_for(app, 35)  # to 17:15 in Berlin: the day's work is over
    assert app.engine.policy.hold(app.engine.view(clock.t)) is Hold.OUTSIDE_HOURS
    assert app.engine.prompts == []
    os.environ["TZ"] = "America/New_York"  # flew west: it is 11:15 there
    app.every_few_seconds()
    type_for(app, 2)
    assert app.engine.policy.hold(app.engine.view(clock.t)) is None
    (prompt,) = app.engine.prompts  # the overdue prompt, once, now that it is work time
    assert prompt.catch_up
