"""What the tray and `glutewake status` say, from the engine's state."""

from __future__ import annotations

from datetime import datetime

from glutewake.core.chart_data import day_chart
from glutewake.core.engine import SittingEngine
from glutewake.core.facts import Call, Pause
from glutewake.core.settings import Settings
from glutewake.core.status import status_of
from tests.unit.timeline import BERLIN, Timeline


def engine() -> SittingEngine:
    return SittingEngine(Settings(interval_minutes=45), lambda t: datetime.fromtimestamp(t, BERLIN))


def fed(day: Timeline) -> SittingEngine:
    eng = engine()
    for fact in day.facts:
        eng.feed(fact)
    return eng


def test_sitting_headline_counts_minutes_and_the_next_prompt() -> None:
    day = Timeline("2026-03-02 09:00").typing(minutes=38)
    status = status_of(fed(day), day.now)
    assert status.headline() == "Sitting 38 min - next prompt in 7 min"
    assert 0.8 < status.fraction < 0.9


def test_away_and_standing_are_said_plainly() -> None:
    day = Timeline("2026-03-02 09:00").typing(minutes=10).lock().wait(minutes=20)
    eng = fed(day)
    eng.run_until(day.now)
    assert status_of(eng, day.now).headline() == "Away from the desk"
    standing = Timeline("2026-03-02 09:00").standing(active=True).typing(minutes=10)
    assert status_of(fed(standing), standing.now).headline() == "Standing"


def test_a_hold_says_why_it_is_quiet() -> None:
    day = Timeline("2026-03-02 09:00").typing(minutes=50)
    eng = fed(day)
    eng.feed(Call(day.now, True))
    status = status_of(eng, day.now + 60)
    assert status.headline() == "Sitting 51 min - holding: on a call"
    assert status.resting
    eng.feed(Call(day.now + 120, False))
    eng.feed(Pause(day.now + 121, day.now + 3600))
    assert "holding: paused" in status_of(eng, day.now + 130).headline()


def test_long_bouts_read_in_hours() -> None:
    day = Timeline("2026-03-02 09:00").typing(minutes=95)
    assert status_of(fed(day), day.now).headline().startswith("Sitting 1 h 35 min")


def test_status_json_carries_the_headline_and_no_private_data() -> None:
    day = Timeline("2026-03-02 09:00").typing(minutes=5)
    data = status_of(fed(day), day.now).to_json()
    assert set(data) == {
        "at",
        "state",
        "sitting_s",
        "interval_s",
        "next_prompt_in_s",
        "hold",
        "headline",
    }


def test_the_tray_and_the_chart_give_a_bout_the_same_minutes() -> None:
    """29 min 40 s of sitting is one number everywhere: the tray's headline, the chart's bar."""
    day = Timeline("2026-03-02 09:00").typing(minutes=29 + 40 / 60)
    eng = fed(day)
    headline = status_of(eng, day.now).headline()
    bout = eng.estimator.open_bout
    assert bout is not None
    chart = day_chart(
        bout_day := datetime.fromtimestamp(bout.start, BERLIN).date(),
        BERLIN,
        bouts=[bout],
        prompts=[],
        routines=[],
        spells=[],
    )
    assert bout_day == datetime.fromtimestamp(day.now, BERLIN).date()
    (bar,) = chart.bouts
    chart_minutes = bar.label.split(", ")[1].split(" min")[0]
    assert headline.startswith(f"Sitting {chart_minutes} min"), (headline, bar.label)
