"""Sitting bouts from spans of "at the desk" that another tool recorded (ActivityWatch's
not-afk events), joined the way the live estimator joins them.

Pure, so the rule can be tested on any spans an export can hold; reading the export is the
job of `glutewake.store.activitywatch`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from glutewake.core.models import Bout, BreakKind


def bouts_from_afk_events(spans: Iterable[tuple[float, float]], *, break_s: float) -> list[Bout]:
    """Turn not-afk `(start, end)` spans (any order, overlaps allowed) into sitting bouts.

    Overlapping and touching spans merge; spans less than `break_s` apart join into one bout
    (the gap counts as sitting, as it would live); a gap of `break_s` or more ends the bout
    with a natural break. Bouts come out oldest first. A bout of no length (a lone instant)
    holds no sitting time and is left out.
    """
    check_break(break_s)
    ordered = sorted(_checked_spans(spans))
    bouts: list[Bout] = []
    if not ordered:
        return bouts
    start, end = ordered[0]
    for span_start, span_end in ordered[1:]:
        if span_start <= end or span_start - end < break_s:
            end = max(end, span_end)
            continue
        if end > start:
            bouts.append(Bout(start, end, BreakKind.NATURAL))
        start, end = span_start, span_end
    if end > start:
        bouts.append(Bout(start, end, BreakKind.NATURAL))
    return bouts


def check_break(break_s: float) -> None:
    if not (math.isfinite(break_s) and break_s >= 0):
        raise ValueError(f"break_s must be a finite number of seconds, 0 or more; got {break_s}")


def _checked_spans(spans: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    checked = []
    for index, (start, end) in enumerate(spans):
        first, last = float(start), float(end)
        if not (math.isfinite(first) and math.isfinite(last) and first <= last):
            raise ValueError(f"span {index} must be finite with start <= end")
        checked.append((first, last))
    return checked
