"""Which short routine a prompt offers.

A small, fixed set of office-friendly routines for now, each covering glute max and glute
med; the rotation never offers the same one twice in a row. The full exercise library and
the routine builder replace this selection.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Routine:
    id: str
    minutes: int
    place: str  # "office" (standing, in work clothes) or "floor"
    summary: str  # what the notification says, short enough to take in at a glance


ROUTINES: tuple[Routine, ...] = (
    Routine(
        "office-squeeze-abduct",
        2,
        "office",
        "15 standing glute squeezes, 10 standing hip abductions a side",
    ),
    Routine(
        "office-sit-to-stand",
        2,
        "office",
        "10 chair sit-to-stands, 10 standing hip extensions a side",
    ),
    Routine(
        "office-split-squat",
        2,
        "office",
        "8 split squats with a chair a side, 10 fire hydrants a side",
    ),
    Routine("floor-bridge-clam", 2, "floor", "10 glute bridges, 10 clamshells a side"),
    Routine("floor-kick-plank", 2, "floor", "10 donkey kicks a side, 20 s side plank a side"),
    Routine("walk", 2, "office", "a brisk two-minute walk"),
)


def pick_routine(place: str, previous_id: str | None, turn: int) -> Routine:
    """The `turn`-th routine for `place`, skipping the one offered last time."""
    fits = [r for r in ROUTINES if r.place in (place, "office")]
    fits = [r for r in fits if r.id != previous_id] or fits
    return fits[turn % len(fits)]
