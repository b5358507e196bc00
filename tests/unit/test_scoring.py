"""The accuracy scorer (bench/scoring.py) on tiny hand-made days, so each rule of the score in
docs/ACCURACY.md is pinned by a case one can check with pencil and paper. Times are minutes
from an arbitrary start."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from bench.scoring import (
    Segment,
    call_spans,
    idle_threshold,
    score,
    score_baselines,
    true_bouts,
)

INTERVAL_S = 45 * 60
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def m(minutes: float) -> float:
    return START.timestamp() + minutes * 60


def day(*spans: tuple[float, float, str]) -> list[Segment]:
    return [Segment(m(a), m(b), posture == "seated") for a, b, posture in spans]


def at(minutes: float, kind: str, **fields: Any) -> dict[str, Any]:
    return {"t": (START + timedelta(minutes=minutes)).isoformat(), "type": kind, **fields}


# One hour seated, ten minutes up, then another hour seated: two 45-minute marks fall due.
TWO_HOURS = day((0, 60, "seated"), (60, 70, "up"), (70, 130, "seated"))
TRUE_BOUTS = [(m(0), m(60)), (m(70), m(130))]


def test_a_short_step_away_does_not_end_sitting_but_a_minute_does() -> None:
    truth = day(
        (0, 20, "seated"),
        (20, 20.5, "up"),
        (20.5, 40, "seated"),
        (40, 41, "up"),
        (41, 50, "seated"),
    )
    assert true_bouts(truth) == [(m(0), m(40)), (m(41), m(50))]


def test_a_perfect_estimate_scores_full_marks() -> None:
    result = score(TWO_HOURS, TRUE_BOUTS, [m(45), m(115)], INTERVAL_S)
    assert result["sitting_err_pct"] == 0.0
    assert result["time_agreement_pct"] == 100.0
    assert (result["prompts_due"], result["prompts_kept"]) == (2, 2)
    assert result["prompt_precision_pct"] == result["prompt_recall_pct"] == 100.0
    assert result["prompt_f1_pct"] == 100.0
    assert result["prompts_late_median_min"] == 0.0
    assert result["break_recall_pct"] == result["break_precision_pct"] == 100.0


def test_sitting_error_and_time_agreement_count_the_seconds_wrongly_called() -> None:
    # Calling the ten minutes up "sitting" too: 130 min estimated against 120 true.
    result = score(TWO_HOURS, [(m(0), m(130))], [], INTERVAL_S)
    assert result["sitting_err_pct"] == round(100 * 10 / 120, 1)
    assert result["time_agreement_pct"] == round(100 * 120 / 130, 1)
    assert result["break_recall_pct"] == 0.0  # the one real break was not seen


def test_a_prompt_serves_from_three_minutes_early_to_ten_minutes_late() -> None:
    def recall(prompt_minute: float) -> float:
        return score(TWO_HOURS, TRUE_BOUTS, [m(prompt_minute)], INTERVAL_S)["prompt_recall_pct"]

    assert recall(42) == 50.0  # 3 minutes before the first mark
    assert recall(55) == 50.0  # 10 minutes after it
    assert recall(41.9) == 0.0
    assert recall(55.1) == 0.0


def test_a_prompt_is_justified_only_after_the_interval_less_three_minutes_of_sitting() -> None:
    def precision(prompt_minute: float) -> float:
        return score(TWO_HOURS, TRUE_BOUTS, [m(prompt_minute)], INTERVAL_S)["prompt_precision_pct"]

    assert precision(42) == 100.0
    assert precision(41) == 0.0
    assert precision(65) == 0.0  # while the person is up


def test_repeats_within_ten_minutes_count_once() -> None:
    result = score(TWO_HOURS, TRUE_BOUTS, [m(45), m(50), m(54.9), m(115)], INTERVAL_S)
    assert result["prompts_kept"] == 2
    assert result["prompt_precision_pct"] == 100.0


def test_a_prompt_held_through_a_call_counts_as_served_only_when_the_calls_are_given() -> None:
    truth = day((0, 120, "seated"))
    bouts = [(m(0), m(120))]
    call = [(m(40), m(80))]  # the break falls due at 45, inside the call
    held = [m(82)]  # shown two minutes after the call ended

    assert score(truth, bouts, held, INTERVAL_S)["prompt_recall_pct"] == 0.0
    aware = score(truth, bouts, held, INTERVAL_S, calls=call)
    assert aware["prompt_recall_pct"] == 100.0
    assert aware["prompts_late_median_min"] == 37.0
    assert aware["prompts_in_calls"] == 0
    assert score(truth, bouts, [m(84)], INTERVAL_S, calls=call)["prompt_recall_pct"] == 0.0
    assert score(truth, bouts, [m(46)], INTERVAL_S, calls=call)["prompts_in_calls"] == 1


def test_call_spans_pair_starts_with_ends_and_close_an_open_call_at_the_last_event() -> None:
    events = [
        at(0, "call", active=True),
        at(5, "call", active=True),  # still the same call
        at(10, "call", active=False),
        at(20, "input", keys=1, pointer=0, clicks=0, scrolls=0),
        at(30, "call", active=True),
        at(50, "input", keys=1, pointer=0, clicks=0, scrolls=0),
    ]
    assert call_spans(events) == [(m(0), m(10)), (m(30), m(50))]


def test_the_idle_threshold_rule_joins_short_gaps_and_prompts_every_fifteen_minutes() -> None:
    typing = [at(minute, "input", keys=1) for minute in range(0, 76)]  # a key a minute
    typing.append(at(80, "input", keys=1))  # after a four-minute gap
    bouts, prompts = idle_threshold(typing, 300, INTERVAL_S)
    assert bouts == [(m(0), m(80) + 1)]
    assert prompts == [m(45), m(60), m(75)]
    bouts, _ = idle_threshold(typing, 180, INTERVAL_S)
    assert bouts == [(m(0), m(75) + 1), (m(80), m(80) + 1)]


def test_each_baseline_is_scored_under_its_own_name() -> None:
    typing = [at(step * 1.5, "input", keys=1) for step in range(0, 41)]  # every 90 s for 1 h
    rows = score_baselines(typing, day((0, 60, "seated")), INTERVAL_S)
    assert [r["estimator"] for r in rows] == [
        "safeeyes-60s",
        "activitywatch-180s",
        "stretchly-300s",
        "workrave-600s",
    ]
    # Only the one-minute threshold takes every 90-second pause for a break, so never prompts.
    assert rows[0]["prompts_kept"] == 0
    assert rows[0]["sitting_err_pct"] == round(100 * (41 - 3600) / 3600, 1)  # 41 lone seconds
    assert all(r["prompt_recall_pct"] == 100.0 for r in rows[1:])


@pytest.mark.parametrize("interval_min", [30, 60])
def test_the_interval_moves_the_due_marks(interval_min: int) -> None:
    truth = day((0, 70, "seated"))
    result = score(truth, [(m(0), m(70))], [m(interval_min)], interval_min * 60)
    assert result["prompts_due"] == 1
    assert result["prompt_f1_pct"] == 100.0
