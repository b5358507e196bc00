"""Invariants of the estimate that must hold for any day a user could live."""

from __future__ import annotations

import itertools
from datetime import datetime

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from glutewake.core.days import split_by_day
from glutewake.core.engine import SittingEngine
from glutewake.core.estimator import SittingEstimator
from glutewake.core.facts import Call, Session, SessionChange, Standing
from glutewake.core.settings import Settings
from tests.unit.timeline import BERLIN, Timeline

STEP = st.one_of(
    st.tuples(st.just("typing"), st.floats(0.1, 50)),
    st.tuples(st.just("quiet"), st.floats(1, 3600)),
    st.tuples(st.just("bump"), st.just(0)),
    st.tuples(st.sampled_from(["lock", "unlock", "suspend", "resume"]), st.just(0)),
    st.tuples(st.sampled_from(["call", "media", "standing"]), st.booleans()),
)


def build(steps: list[tuple[str, object]], start: str = "2026-03-28 20:00") -> Timeline:
    """Start the evening before the spring DST change so days cross it too."""
    day = Timeline(start)
    asleep = False
    for kind, arg in steps:
        if asleep and kind not in ("quiet", "suspend", "resume"):
            day.resume().wait(seconds=1)  # a suspended machine records nothing
            asleep = False
        asleep = (asleep or kind == "suspend") and kind != "resume"
        if kind == "typing":
            day.typing(minutes=float(arg))  # type: ignore[arg-type]
        elif kind == "quiet":
            day.quiet(seconds=float(arg))  # type: ignore[arg-type]
        elif kind == "bump":
            day.bump()
        elif kind in ("lock", "unlock", "suspend", "resume"):
            getattr(day, kind)()
            day.wait(seconds=1)
        else:
            getattr(day, kind)(bool(arg))
            day.wait(seconds=1)
    return day


def spans(day: Timeline, on: object, off: object) -> list[tuple[float, float]]:
    """Stretches between an `on` fact and the next `off` fact (or the end of the day)."""
    out: list[tuple[float, float]] = []
    opened: float | None = None
    for fact in day.facts:
        if _same(fact, on):
            opened = fact.t if opened is None else opened
        elif _same(fact, off) and opened is not None:
            out.append((opened, fact.t))
            opened = None
    if opened is not None:
        out.append((opened, day.now))
    return out


def _same(fact: object, like: object) -> bool:
    if type(fact) is not type(like):
        return False
    fields = [f for f in like.__slots__ if f != "t"]  # type: ignore[attr-defined]
    return all(getattr(fact, f) == getattr(like, f) for f in fields)


@settings(max_examples=150, deadline=None)
@given(st.lists(STEP, min_size=1, max_size=40))
def test_bouts_are_ordered_positive_and_inside_the_day(steps: list[tuple[str, object]]) -> None:
    day = build(steps)
    assume(day.facts)
    est = SittingEstimator()
    for fact in day.facts:
        est.feed(fact)
    bouts = est.finish(day.now)
    first = day.facts[0].t
    for a, b in itertools.pairwise(bouts):
        assert a.end <= b.start
    for bout in bouts:
        assert bout.start < bout.end
        assert first <= bout.start
        assert bout.end <= day.now + 1
    assert sum(b.seconds for b in bouts) <= day.now - first + 1


@settings(max_examples=150, deadline=None)
@given(st.lists(STEP, min_size=1, max_size=40))
def test_no_sitting_while_standing_or_suspended(steps: list[tuple[str, object]]) -> None:
    day = build(steps)
    est = SittingEstimator()
    for fact in day.facts:
        est.feed(fact)
    bouts = est.finish(day.now)
    standing = spans(day, Standing(0, True), Standing(0, False))
    suspended = spans(day, Session(0, SessionChange.SUSPEND), Session(0, SessionChange.RESUME))
    # A suspend shorter than a break (a lid closed for a moment) does not end the bout.
    long_suspends = [(a, b) for a, b in suspended if b - a >= est.params.break_s]
    for a, b in standing + long_suspends:
        for bout in bouts:
            overlap = min(bout.end, b) - max(bout.start, a)
            assert overlap <= 1.0, (bout, a, b)


@settings(max_examples=100, deadline=None)
@given(st.lists(STEP, min_size=1, max_size=40))
def test_prompts_never_come_during_a_call_or_while_away(steps: list[tuple[str, object]]) -> None:
    day = build(steps)

    def local(t: float) -> datetime:
        return datetime.fromtimestamp(t, BERLIN)

    eng = SittingEngine(Settings(interval_minutes=5), local)
    for fact in day.facts:
        eng.feed(fact)
    eng.run_until(day.now)
    calls = spans(day, Call(0, True), Call(0, False))
    for prompt in eng.prompts:
        assert not any(a < prompt.at < b for a, b in calls)
        assert prompt.sitting_s >= 5 * 60
        assert prompt.bout_start <= prompt.at - 5 * 60


@settings(max_examples=100, deadline=None)
@given(st.lists(STEP, min_size=1, max_size=40))
def test_days_add_up_to_the_bouts_across_midnight_and_dst(steps: list[tuple[str, object]]) -> None:
    day = build(steps)
    est = SittingEstimator()
    for fact in day.facts:
        est.feed(fact)
    bouts = est.finish(day.now)
    per_day = {d: sum(b.seconds for b in parts) for d, parts in split_by_day(bouts, BERLIN).items()}
    assert abs(sum(per_day.values()) - sum(b.seconds for b in bouts)) < 1e-6
    assert all(0 <= seconds <= 25 * 3600 for seconds in per_day.values())
