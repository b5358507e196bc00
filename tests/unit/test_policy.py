"""The break policy as the user lives it: facts in, prompt moments out, on a scripted clock."""

from __future__ import annotations

from datetime import datetime

import pytest

from glutewake.core.engine import SittingEngine
from glutewake.core.facts import QuietReason
from glutewake.core.policy import CALL_CATCH_UP_DELAY_S, CATCH_UP_DELAY_S, Hold
from glutewake.core.settings import Settings, with_overrides
from tests.unit.timeline import BERLIN, Timeline, moment


def local(t: float) -> datetime:
    return datetime.fromtimestamp(t, BERLIN)


def engine(**changes: object) -> SittingEngine:
    return SittingEngine(with_overrides(Settings(), **changes), local)


def prompt_times(
    day: Timeline, eng: SittingEngine | None = None, until: float | None = None
) -> list[str]:
    """Every prompt an unresponsive user would see, as local HH:MM:SS."""
    eng = eng or engine()
    for fact in day.facts:
        eng.feed(fact)
    eng.run_until(until if until is not None else day.now)
    return [local(p.at).strftime("%H:%M:%S") for p in eng.prompts]


def test_first_prompt_comes_exactly_when_the_bout_reaches_the_interval() -> None:
    day = Timeline("2026-03-02 09:00").typing(minutes=31)
    assert prompt_times(day) == ["09:30:00"]


def test_an_ignored_prompt_repeats_every_repeat_interval_while_the_bout_goes_on() -> None:
    day = Timeline("2026-03-02 09:00").typing(minutes=70)
    assert prompt_times(day) == ["09:30:00", "09:45:00", "10:00:00"]
    assert prompt_times(day, engine(repeat_minutes=0)) == ["09:30:00"]


def test_the_interval_is_the_users() -> None:
    day = Timeline("2026-03-02 09:00").typing(minutes=50)
    assert prompt_times(day, engine(interval_minutes=45)) == ["09:45:00"]
    assert prompt_times(day, engine(interval_minutes=60)) == []


def test_a_break_resets_the_count_and_nothing_pops_up_on_return() -> None:
    day = Timeline("2026-03-02 09:00").typing(minutes=25).lock().wait(minutes=5).unlock()
    day.typing(minutes=35)
    times = prompt_times(day)
    assert times == ["10:00:00"]  # 30 minutes after the return at 09:30, not at 09:30


def feed_from(eng: SittingEngine, day: Timeline, start: int) -> None:
    for fact in day.facts[start:]:
        eng.feed(fact)


def test_snooze_defers_the_next_prompt_by_the_snooze_length() -> None:
    eng = engine()
    day = Timeline("2026-03-02 09:00").typing(minutes=31)
    feed_from(eng, day, 0)
    eng.policy.snooze(day.now)  # at 09:31
    mark = len(day.facts)
    day.typing(minutes=20)
    feed_from(eng, day, mark)
    assert [local(p.at).strftime("%H:%M:%S") for p in eng.prompts] == ["09:30:00", "09:41:00"]


def test_skip_means_the_next_prompt_comes_one_interval_later() -> None:
    eng = engine()
    day = Timeline("2026-03-02 09:00").typing(minutes=31)
    feed_from(eng, day, 0)
    eng.policy.skip(day.now)
    mark = len(day.facts)
    day.typing(minutes=35)
    feed_from(eng, day, mark)
    assert [local(p.at).strftime("%H:%M") for p in eng.prompts] == ["09:30", "10:01"]


def test_pause_holds_prompts_keeps_the_sitting_and_ends_with_one_delayed_catch_up() -> None:
    eng = engine()
    day = Timeline("2026-03-02 09:00").typing(minutes=10)
    day.pause(until=moment("2026-03-02 10:00")).typing(minutes=70)
    feed_from(eng, day, 0)
    times = [local(p.at).strftime("%H:%M:%S") for p in eng.prompts]
    assert times[0] == local(moment("2026-03-02 10:00") + CATCH_UP_DELAY_S).strftime("%H:%M:%S")
    assert eng.prompts[0].catch_up
    assert eng.prompts[0].bout_start == moment("2026-03-02 09:00")  # sitting not lost
    assert times[1:] == ["10:16:00"]


def test_resuming_a_pause_early_does_not_prompt_that_very_moment() -> None:
    eng = engine()
    day = Timeline("2026-03-02 09:00").typing(minutes=5).pause(until=moment("2026-03-02 12:00"))
    day.typing(minutes=40)
    resumed = day.now
    day.pause(until=None).typing(minutes=5)
    feed_from(eng, day, 0)
    (first,) = eng.prompts
    assert first.at == pytest.approx(resumed + CATCH_UP_DELAY_S, abs=3)


def test_pause_until_tomorrow_lasts_until_local_midnight() -> None:
    eng = engine()
    day = Timeline("2026-03-02 16:00").typing(minutes=1)
    feed_from(eng, day, 0)
    eng.policy.pause_until_tomorrow(day.now)
    assert eng.policy.paused_until(day.now) == moment("2026-03-03 00:00")
    mark = len(day.facts)
    day.typing(minutes=120)
    feed_from(eng, day, mark)
    assert eng.prompts == []


def test_pause_until_tomorrow_on_a_dst_night_ends_at_the_real_midnight() -> None:
    eng = engine()
    # Europe/Berlin springs forward on 2026-03-29: that day has 23 hours.
    assert eng.policy.next_local_midnight(moment("2026-03-28 20:00")) == moment("2026-03-29 00:00")
    after = eng.policy.next_local_midnight(moment("2026-03-29 12:00"))
    assert after - moment("2026-03-29 00:00") == 23 * 3600


def test_a_call_holds_the_prompt_and_brings_exactly_one_catch_up_after_it() -> None:
    day = Timeline("2026-03-02 09:00").typing(minutes=20).call(active=True)
    day.wait(minutes=40).key().call(active=False)
    ended = day.now
    day.typing(minutes=20)
    eng = engine()
    times = prompt_times(day, eng)
    assert all(not (moment("2026-03-02 09:20") < p.at < ended) for p in eng.prompts)
    assert eng.prompts[0].at == pytest.approx(ended + CALL_CATCH_UP_DELAY_S, abs=1)
    assert eng.prompts[0].catch_up
    assert len(times) == 2  # the catch-up, then one repeat 15 minutes later: no burst


def test_calls_do_not_hold_when_the_user_says_so() -> None:
    day = Timeline("2026-03-02 09:00").typing(minutes=20).call(active=True).wait(minutes=15)
    assert prompt_times(day, engine(hold_during_calls=False)) == ["09:30:00"]


@pytest.mark.parametrize(
    ("reason", "hold", "setting"),
    [
        (QuietReason.FULLSCREEN, Hold.FULLSCREEN, "hold_when_fullscreen"),
        (QuietReason.DO_NOT_DISTURB, Hold.DO_NOT_DISTURB, "hold_when_do_not_disturb"),
    ],
)
def test_fullscreen_and_do_not_disturb_hold_then_bring_one_catch_up(
    reason: QuietReason, hold: Hold, setting: str
) -> None:
    day = Timeline("2026-03-02 09:00").typing(minutes=20).quiet_request(reason, True)
    day.typing(minutes=40)
    eng = engine()
    feed_from(eng, day, 0)
    eng.run_until(day.now)
    assert eng.prompts == []  # due at 09:30, held for 30 minutes
    assert eng.policy.hold(eng.view(day.now)) is hold
    assert eng.estimator.sitting_s(day.now) == pytest.approx(3600, abs=5)
    ended = day.now
    day.quiet_request(reason, False).typing(minutes=14)
    eng = engine()
    assert len(prompt_times(day, eng)) == 1  # exactly one catch-up, no burst of missed ones
    assert eng.prompts[0].catch_up
    assert eng.prompts[0].at == pytest.approx(ended + CALL_CATCH_UP_DELAY_S, abs=5)
    unheld = Timeline("2026-03-02 09:00").typing(minutes=20).quiet_request(reason, True)
    assert prompt_times(unheld.typing(minutes=15), engine(**{setting: False})) == ["09:30:00"]


def test_no_prompt_outside_working_hours_but_sitting_still_counts() -> None:
    eng = engine(working_hours_start="09:00", working_hours_end="17:00")
    day = Timeline("2026-03-02 16:40").typing(minutes=60)
    times = prompt_times(day, eng)
    assert times == []
    assert eng.policy.hold(eng.view(day.now)) is Hold.OUTSIDE_HOURS
    assert eng.estimator.sitting_s(day.now) == pytest.approx(3600, abs=5)


def test_no_prompt_on_days_off() -> None:
    eng = engine(working_days=["mon", "tue", "wed", "thu", "fri"])
    day = Timeline("2026-03-07 10:00").typing(minutes=60)  # a Saturday
    assert prompt_times(day, eng) == []


def test_an_overdue_bout_at_the_start_of_working_hours_gets_one_delayed_catch_up() -> None:
    eng = engine(working_hours_start="09:00", working_hours_end="17:00")
    day = Timeline("2026-03-02 08:15").typing(minutes=65)
    times = prompt_times(day, eng)
    assert times[0] == local(moment("2026-03-02 09:00") + CATCH_UP_DELAY_S).strftime("%H:%M:%S")
    assert times[1:] == ["09:16:00"]


def test_no_prompt_while_away_and_a_quiet_reader_still_gets_one() -> None:
    eng = engine()
    day = Timeline("2026-03-02 09:00").typing(minutes=28).quiet(minutes=3).typing(minutes=3)
    times = prompt_times(day, eng)
    assert times == ["09:30:00"]  # reading, not away: the prompt is shown on time


def test_new_settings_reschedule_the_next_prompt_at_once() -> None:
    eng = engine()
    day = Timeline("2026-03-02 09:00").typing(minutes=10)
    feed_from(eng, day, 0)
    eng.policy.apply_settings(with_overrides(Settings(), interval_minutes=15), eng.view(day.now))
    mark = len(day.facts)
    day.typing(minutes=10)
    feed_from(eng, day, mark)
    assert [local(p.at).strftime("%H:%M") for p in eng.prompts] == ["09:15"]


def test_a_dst_day_prompts_on_the_real_clock() -> None:
    # 2026-03-29 02:00 Berlin jumps to 03:00: a bout from 01:45 reaches 30 minutes at 03:15.
    day = Timeline("2026-03-29 01:45").typing(minutes=35)
    eng = engine()
    prompt_times(day, eng)
    assert [local(p.at).strftime("%H:%M") for p in eng.prompts] == ["03:15"]
