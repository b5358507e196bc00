"""Invariants of turning not-afk spans into sitting bouts, for any spans an export can hold."""

from __future__ import annotations

import math
from itertools import pairwise
from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glutewake.core.models import Bout, BreakKind
from glutewake.core.presence import bouts_from_afk_events

EPOCH = 1_709_280_000.0  # 2024-03-01T08:00:00Z
# Quarter seconds keep every sum exact, so the invariants can be checked with ==.
QUARTERS = st.integers(min_value=0, max_value=4 * 86_400).map(lambda n: n / 4)
SPAN = st.tuples(QUARTERS, st.integers(min_value=0, max_value=4 * 3_600).map(lambda n: n / 4))
SPANS = st.lists(SPAN, max_size=40).map(
    lambda raw: [(EPOCH + start, EPOCH + start + length) for start, length in raw]
)
BREAK = st.integers(min_value=0, max_value=4 * 900).map(lambda n: n / 4)


def union(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The union of closed spans as disjoint pieces, oldest first (touching pieces merge)."""
    pieces: list[tuple[float, float]] = []
    for start, end in sorted(spans):
        if pieces and start <= pieces[-1][1]:
            pieces[-1] = (pieces[-1][0], max(pieces[-1][1], end))
        else:
            pieces.append((start, end))
    return pieces


def measure(pieces: list[tuple[float, float]]) -> float:
    return sum(end - start for start, end in pieces)


@given(SPANS, BREAK)
def test_bouts_are_oldest_first_apart_by_at_least_a_break_and_each_ends_naturally(
    spans: list[tuple[float, float]], break_s: float
) -> None:
    bouts = bouts_from_afk_events(spans, break_s=break_s)
    for bout in bouts:
        assert bout.start < bout.end
        assert bout.ended_by is BreakKind.NATURAL
    for before, after in pairwise(bouts):
        gap = after.start - before.end
        assert gap > 0
        assert gap >= break_s


@given(SPANS, BREAK)
def test_bouts_cover_exactly_the_sitting_plus_gaps_shorter_than_a_break(
    spans: list[tuple[float, float]], break_s: float
) -> None:
    bouts = bouts_from_afk_events(spans, break_s=break_s)
    pieces = union(spans)
    covered = 0.0
    for bout in bouts:
        inside = [(s, e) for s, e in pieces if bout.start <= s and e <= bout.end]
        # A bout starts and ends with sitting, and every gap in it is shorter than a break.
        assert inside[0][0] == bout.start
        assert inside[-1][1] == bout.end
        for (_, end), (start, _) in pairwise(inside):
            assert start - end < break_s
        covered += measure(inside)
    # All sitting time lies in some bout; only lone instants (no time at all) may drop out.
    assert covered == measure(pieces)
    for start, end in spans:
        if end > start:
            assert sum(b.start <= start and end <= b.end for b in bouts) == 1


@given(SPANS, BREAK, st.randoms(use_true_random=False))
def test_the_order_of_the_events_does_not_matter(
    spans: list[tuple[float, float]], break_s: float, random: Random
) -> None:
    shuffled = list(spans)
    random.shuffle(shuffled)
    assert bouts_from_afk_events(shuffled, break_s=break_s) == bouts_from_afk_events(
        spans, break_s=break_s
    )


def test_a_gap_of_exactly_the_break_length_is_a_break() -> None:
    spans = [(EPOCH, EPOCH + 600.0), (EPOCH + 660.0, EPOCH + 900.0)]
    assert bouts_from_afk_events(spans, break_s=60.0) == [
        Bout(EPOCH, EPOCH + 600.0, BreakKind.NATURAL),
        Bout(EPOCH + 660.0, EPOCH + 900.0, BreakKind.NATURAL),
    ]
    assert bouts_from_afk_events(spans, break_s=60.25) == [
        Bout(EPOCH, EPOCH + 900.0, BreakKind.NATURAL)
    ]


def test_touching_spans_merge_even_with_no_break_length() -> None:
    spans = [(EPOCH + 60.0, EPOCH + 120.0), (EPOCH, EPOCH + 60.0)]
    assert bouts_from_afk_events(spans, break_s=0.0) == [
        Bout(EPOCH, EPOCH + 120.0, BreakKind.NATURAL)
    ]


@pytest.mark.parametrize(
    "spans",
    [[(EPOCH + 10.0, EPOCH)], [(EPOCH, math.inf)], [(math.nan, EPOCH)]],
)
def test_impossible_spans_are_refused(spans: list[tuple[float, float]]) -> None:
    with pytest.raises(ValueError, match="span 0"):
        bouts_from_afk_events(spans, break_s=60.0)
