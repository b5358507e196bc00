"""The sitting estimator, scenario by scenario, with a scripted clock (no sleeping, no Qt)."""

from __future__ import annotations

import pytest

from glutewake.core.estimator import EstimatorParams, SittingEstimator
from glutewake.core.models import Bout, BreakKind
from tests.unit.timeline import Timeline, moment

PARAMS = EstimatorParams()


def run(day: Timeline, params: EstimatorParams = PARAMS) -> list[Bout]:
    est = SittingEstimator(params)
    for fact in day.facts:
        est.feed(fact)
    return est.finish(day.now)


def minutes(bout: Bout) -> float:
    return round(bout.seconds / 60, 1)


def test_steady_typing_is_one_bout_from_first_to_last_input() -> None:
    day = Timeline("2026-03-02 09:00").typing(minutes=40)
    (bout,) = run(day)
    assert bout.start == moment("2026-03-02 09:00")
    assert minutes(bout) == pytest.approx(40, abs=0.1)


def test_lock_ends_the_bout_at_the_last_input_not_at_the_lock() -> None:
    day = Timeline("2026-03-02 09:00").typing(minutes=20)
    last_input = day.facts[-1].t
    day.wait(seconds=40).lock().wait(minutes=10).unlock().wait(seconds=5).typing(minutes=10)
    first, second = run(day)
    assert first.end == last_input + 1
    assert first.ended_by is BreakKind.LOCK
    assert second.start == moment("2026-03-02 09:30:45")  # the first input after unlocking


def test_an_unlock_alone_is_not_a_return() -> None:
    day = Timeline("2026-03-02 09:00").typing(minutes=20).lock().wait(minutes=10)
    day.unlock().wait(minutes=5).lock().wait(minutes=30)
    est = SittingEstimator()
    for fact in day.facts:
        est.feed(fact)
    est.advance(day.now)
    assert est.bout_start is None
    assert len(est.finish(day.now)) == 1


def test_a_short_locked_absence_does_not_end_the_bout() -> None:
    params = EstimatorParams(break_s=120)
    day = Timeline("2026-03-02 09:00").typing(minutes=20).lock().wait(seconds=50)
    day.unlock().typing(minutes=20)
    (bout,) = run(day, params)
    assert minutes(bout) == pytest.approx(40.8, abs=0.2)


def test_suspend_is_a_break_and_the_suspended_time_is_not_sitting() -> None:
    day = Timeline("2026-03-02 11:30").typing(minutes=30).suspend().wait(minutes=45)
    day.resume().wait(seconds=30).typing(minutes=30)
    first, second = run(day)
    assert first.ended_by is BreakKind.SUSPEND
    assert second.start - first.end == pytest.approx(45.5 * 60, abs=5)
    assert minutes(first) + minutes(second) == pytest.approx(60, abs=0.3)


def test_suspend_across_midnight_makes_no_phantom_sitting() -> None:
    day = Timeline("2026-03-02 23:00").typing(minutes=30).suspend()
    day.wait(minutes=8 * 60 + 30).resume().wait(seconds=20).typing(minutes=30)
    first, second = run(day)
    assert minutes(first) == pytest.approx(30, abs=0.1)
    assert day.local(second.start).date().isoformat() == "2026-03-03"
    assert minutes(second) == pytest.approx(30, abs=0.1)


def test_a_call_keeps_a_long_quiet_spell_seated() -> None:
    day = Timeline("2026-03-02 10:00").typing(minutes=5).call(active=True)
    day.wait(minutes=40).key().call(active=False).typing(minutes=5)
    (bout,) = run(day)
    assert minutes(bout) == pytest.approx(50, abs=0.2)


def test_media_playing_keeps_a_quiet_spell_seated_but_not_forever() -> None:
    day = Timeline("2026-03-02 10:00").typing(minutes=5).media(playing=True).wait(minutes=20)
    day.media(playing=False).typing(minutes=5)
    (bout,) = run(day)
    assert minutes(bout) == pytest.approx(30, abs=0.2)

    forgotten = Timeline("2026-03-02 10:00").typing(minutes=5).media(playing=True)
    forgotten.wait(minutes=3 * 60).typing(minutes=5)
    first, second = run(forgotten)
    assert first.end <= moment("2026-03-02 10:05") + PARAMS.media_quiet_s + 1
    assert second.start == moment("2026-03-02 13:05")


def test_a_plain_quiet_spell_shorter_than_the_threshold_is_still_sitting() -> None:
    day = Timeline("2026-03-02 09:00").typing(minutes=10)
    day.quiet(seconds=PARAMS.quiet_away_s * 0.6).typing(minutes=10)
    assert len(run(day)) == 1


def test_a_plain_quiet_spell_past_the_threshold_is_a_natural_break_from_the_last_input() -> None:
    day = Timeline("2026-03-02 09:00").typing(minutes=20)  # past settling in
    last_input = day.facts[-1].t
    day.quiet(seconds=PARAMS.quiet_away_s * 2).typing(minutes=10)
    first, second = run(day)
    assert first.end == last_input + 1
    assert first.ended_by is BreakKind.NATURAL
    assert second.start > first.end + PARAMS.quiet_away_s


def test_live_estimate_turns_away_once_the_quiet_spell_is_long_enough() -> None:
    day = Timeline("2026-03-02 09:00").typing(minutes=10)
    est = SittingEstimator()
    for fact in day.facts:
        est.feed(fact)
    away_at = est.away_at(day.now)
    assert away_at is not None
    est.advance(away_at - 1)
    assert est.bout_start is not None
    est.advance(away_at)
    assert est.bout_start is None
    assert est.away_since == day.facts[-1].t + 1


def test_one_bumped_mouse_during_a_break_is_not_a_return() -> None:
    day = Timeline("2026-03-02 09:00").typing(minutes=20).lock().wait(minutes=4)
    day.bump().wait(minutes=6).unlock().typing(minutes=10)
    _first, second = run(day)
    assert second.start == moment("2026-03-02 09:30:01")


def test_one_bumped_mouse_does_not_cut_a_long_absence_into_two_short_quiet_spells() -> None:
    third = PARAMS.quiet_away_s * 0.7
    day = Timeline("2026-03-02 09:00").typing(minutes=20).quiet(seconds=third)
    day.bump().quiet(seconds=third).typing(minutes=10)
    assert len(run(day)) == 2


def test_standing_mode_is_not_sitting_even_while_typing() -> None:
    day = Timeline("2026-03-02 09:00").typing(minutes=20).standing(active=True).typing(minutes=40)
    day.standing(active=False).typing(minutes=20)
    first, second = run(day)
    assert first.ended_by is BreakKind.STANDING
    assert minutes(first) == pytest.approx(20, abs=0.1)
    assert second.start == moment("2026-03-02 10:00")
    assert minutes(second) == pytest.approx(20, abs=0.1)


def test_switching_standing_off_on_the_way_out_starts_no_bout() -> None:
    day = Timeline("2026-03-02 09:00").standing(active=True).typing(minutes=30)
    day.standing(active=False).wait(seconds=2).lock().wait(minutes=40)
    assert run(day) == []


def test_a_routine_is_a_prompted_break_however_short() -> None:
    day = Timeline("2026-03-02 09:00").typing(minutes=35)
    started = day.now
    day.typing(minutes=1).routine(started=started).wait(seconds=20).typing(minutes=10)
    first, second = run(day)
    assert first.end == started
    assert first.ended_by is BreakKind.ROUTINE
    assert second.start > started


def test_ambiguous_spell_late_in_a_bout_raises_a_question_and_away_splits_the_bout() -> None:
    day = Timeline("2026-03-02 09:00").typing(minutes=20)
    spell = PARAMS.ask_min_s + 30
    assert spell < PARAMS.quiet_away_s
    day.quiet(seconds=spell).typing(minutes=1)
    est = SittingEstimator()
    for fact in day.facts:
        est.feed(fact)
    question = est.pending_question
    assert question is not None
    assert not question.counted_as_away
    assert question.minutes == round((spell + 3) / 60)
    est.feed(day.answer(question.spell_start, away=True).facts[-1])
    assert est.pending_question is None
    assert est.bout_start == question.spell_end
    (closed,) = est.bouts
    assert closed.ended_by is BreakKind.ANSWER
    assert closed.end == question.spell_start


def test_answering_no_to_a_spell_counted_as_away_joins_the_bouts() -> None:
    day = Timeline("2026-03-02 09:00").typing(minutes=20)
    day.quiet(seconds=PARAMS.quiet_away_s + 60).typing(minutes=1)
    est = SittingEstimator()
    for fact in day.facts:
        est.feed(fact)
    question = est.pending_question
    assert question is not None
    assert question.counted_as_away
    est.feed(day.answer(question.spell_start, away=False).facts[-1])
    assert est.bout_start == moment("2026-03-02 09:00")
    assert est.bouts == []


def test_no_question_about_a_spell_early_in_a_bout_where_the_answer_changes_little() -> None:
    day = Timeline("2026-03-02 09:00").typing(minutes=2)
    day.quiet(seconds=PARAMS.ask_min_s + 30).typing(minutes=1)
    est = SittingEstimator()
    for fact in day.facts:
        est.feed(fact)
    assert est.pending_question is None


def test_no_question_about_a_locked_absence() -> None:
    day = Timeline("2026-03-02 09:00").typing(minutes=30).lock().wait(minutes=6)
    day.unlock().typing(minutes=2)
    est = SittingEstimator()
    for fact in day.facts:
        est.feed(fact)
    assert est.pending_question is None


def test_a_clock_stepping_back_creates_no_negative_or_phantom_sitting() -> None:
    day = Timeline("2026-03-02 09:00").typing(minutes=10)
    day.wait(minutes=-60).typing(minutes=5)  # the wall clock jumped back an hour
    bouts = run(day)
    assert all(b.end > b.start for b in bouts)
    assert sum(b.seconds for b in bouts) <= 15 * 60 + 1


def test_a_long_quiet_spell_just_after_a_return_is_settling_in_not_a_break() -> None:
    quiet = (PARAMS.quiet_away_s + PARAMS.settle_quiet_s) / 2
    day = Timeline("2026-03-02 09:00").typing(minutes=2).quiet(seconds=quiet).typing(minutes=10)
    assert len(run(day)) == 1


def test_the_same_quiet_spell_in_the_middle_of_work_is_a_break() -> None:
    quiet = (PARAMS.quiet_away_s + PARAMS.settle_quiet_s) / 2
    day = Timeline("2026-03-02 09:00").typing(minutes=20).quiet(seconds=quiet).typing(minutes=10)
    assert len(run(day)) == 2


def test_a_long_quiet_spell_just_after_a_call_is_wrapping_up_not_a_break() -> None:
    quiet = (PARAMS.quiet_away_s + PARAMS.settle_quiet_s) / 2
    day = Timeline("2026-03-02 09:00").typing(minutes=20).call(active=True).wait(minutes=20)
    day.key().call(active=False).quiet(seconds=quiet).typing(minutes=10)
    assert len(run(day)) == 1


def test_no_question_when_the_user_chose_not_to_be_asked() -> None:
    from glutewake.core.engine import estimator_params
    from glutewake.core.settings import Settings

    day = Timeline("2026-03-02 09:00").typing(minutes=20)
    day.quiet(seconds=PARAMS.ask_min_s + 30).typing(minutes=1)
    est = SittingEstimator(estimator_params(Settings(ask_about_quiet_spells=False)))
    for fact in day.facts:
        est.feed(fact)
    assert est.pending_question is None


def _restarted(left_open: Bout, day: Timeline) -> list[Bout]:
    est = SittingEstimator(PARAMS)
    est.carry_on(left_open)
    for fact in day.facts:
        est.feed(fact)
    return est.finish(day.now)


def test_a_bout_left_open_by_a_crash_goes_on_after_a_quick_restart() -> None:
    left_open = Bout(moment("2026-03-02 09:00"), moment("2026-03-02 09:40"))
    day = Timeline("2026-03-02 09:40:30").typing(minutes=10)  # back 30 s later
    (bout,) = _restarted(left_open, day)
    assert bout.start == left_open.start
    assert minutes(bout) == pytest.approx(50.5, abs=0.1)  # 09:00 to 09:50:30, one bout


def test_a_bout_left_open_ends_where_it_stopped_after_a_long_gap() -> None:
    left_open = Bout(moment("2026-03-02 09:00"), moment("2026-03-02 09:40"))
    day = Timeline("2026-03-02 10:30").typing(minutes=10)
    first, second = _restarted(left_open, day)
    assert first == Bout(left_open.start, left_open.end, BreakKind.NATURAL)
    assert second.start == moment("2026-03-02 10:30")


def test_the_open_bout_runs_to_the_last_activity() -> None:
    est = SittingEstimator(PARAMS)
    day = Timeline("2026-03-02 09:00").typing(minutes=20)
    for fact in day.facts:
        est.feed(fact)
    est.advance(moment("2026-03-02 09:21"))
    assert est.open_bout == Bout(moment("2026-03-02 09:00"), day.facts[-1].t + 1)


def test_old_bouts_are_let_go_but_the_last_one_stays_for_a_quick_return() -> None:
    est = SittingEstimator(PARAMS)
    day = Timeline("2026-03-02 09:00").typing(minutes=20).lock().wait(minutes=10).unlock()
    day.typing(minutes=20).lock().wait(seconds=20).unlock()
    for fact in day.facts:
        est.feed(fact)
    assert len(est.bouts) == 2
    assert est.forget_closed(before=day.now + 3600) == 1  # the last closed bout is kept
    seen = len(day.facts)
    day.typing(minutes=5)  # back within a break's length: the kept bout goes on
    for fact in day.facts[seen:]:
        est.feed(fact)
    (bout,) = est.finish(day.now)
    assert bout.start == moment("2026-03-02 09:30")
