"""The exercise library: what an exercise and a named routine are, and the library's limits.

The entries come from the built-in exercises.toml and the user's own file, both checked by
`glutewake.core.exercise_entries`; this module is what the routine builder, the routine
window and the command line read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal

BUILTIN_SOURCE: Final = "built-in"

GLUTE_MAX: Final = "gluteus maximus"
GLUTE_MED: Final = "gluteus medius"
MUSCLES: Final[tuple[str, ...]] = (GLUTE_MAX, GLUTE_MED)
# desk: standing beside a desk in office clothes; wall: needs a free wall;
# floor: needs floor space (lying, kneeling or stepping out).
PLACES: Final[tuple[str, ...]] = ("desk", "wall", "floor")

ID_MAX_CHARS: Final = 40
NAME_MAX_CHARS: Final = 40
# One short sentence: a step is read at a glance, between two sets.
CUE_MAX_CHARS: Final = 80
CUE_KEYS: Final[tuple[str, ...]] = ("setup", "movement", "mistake")
REPS_RANGE: Final = (1, 50)
HOLD_RANGE: Final = (5, 600)
SECONDS_RANGE: Final = (5, 900)
DIFFICULTY_RANGE: Final = (1, 3)
ROUTINE_MINUTES_RANGE: Final = (1, 60)
ROUTINE_MAX_EXERCISES: Final = 20
ILLUSTRATION_MAX_CHARS: Final = 1024

# Used by `estimated_seconds`: a controlled rep with a squeeze takes about three seconds;
# getting into position and switching sides take about five each.
SECONDS_PER_REP: Final = 3
SETUP_SECONDS: Final = 5
SWITCH_SECONDS: Final = 5


Severity = Literal["error", "notice"]
Table = Literal["exercise", "routine"]


@dataclass(frozen=True, slots=True)
class Cues:
    """What to read before and during a set: how to start, what to do, what to avoid."""

    setup: str
    movement: str
    mistake: str


@dataclass(frozen=True, slots=True)
class Dose:
    """A set is either a number of repetitions or a hold (or timed activity) in seconds."""

    reps: int | None = None
    hold_s: int | None = None

    def __post_init__(self) -> None:
        if (self.reps is None) == (self.hold_s is None):
            raise ValueError("a dose has either reps or hold_s, exactly one of the two")
        value = self.reps if self.reps is not None else self.hold_s
        if value is not None and value <= 0:
            raise ValueError(f"a dose must be positive, not {value}")

    def __str__(self) -> str:
        if self.reps is not None:
            return f"{self.reps} reps" if self.reps != 1 else "1 rep"
        return f"{self.hold_s} s"


@dataclass(frozen=True, slots=True)
class Exercise:
    id: str
    name: str
    muscles: frozenset[str]
    cues: Cues
    dose: Dose
    per_side: bool
    place: str  # one of PLACES
    difficulty: int  # 1 to 3
    seconds: int  # one set, both sides and the switch included when per_side
    illustration: str | None  # a packaged file name, or a path for a custom exercise
    source: str = BUILTIN_SOURCE  # BUILTIN_SOURCE or the file it came from

    @property
    def sides(self) -> int:
        return 2 if self.per_side else 1


@dataclass(frozen=True, slots=True)
class NamedRoutine:
    """A routine with a fixed list of exercises, offered by name (pre-run, walk)."""

    id: str
    name: str
    exercise_ids: tuple[str, ...]
    minutes: int
    source: str = BUILTIN_SOURCE


@dataclass(frozen=True)
class Library:
    exercises: dict[str, Exercise] = field(default_factory=dict)
    routines: dict[str, NamedRoutine] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LibraryProblem:
    """One thing wrong with (or worth knowing about) a library file, worded for the user.

    `table` and `entry` are None when the problem is about the whole file; `entry` is the id
    when the entry has a readable one, else its position ("#3"). `field` is a dotted key
    ("cues.setup"). A "notice" changes nothing the user did not ask for (a custom exercise
    replacing a built-in one); an "error" means something was left out or ignored.
    """

    source: str
    table: Table | None
    entry: str | None
    field: str | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return self.message


def estimated_seconds(dose: Dose, per_side: bool) -> int:
    """How long one set takes when the entry does not say: set-up, the work, and a switch."""
    work = dose.reps * SECONDS_PER_REP if dose.reps is not None else (dose.hold_s or 0)
    sides = 2 if per_side else 1
    return SETUP_SECONDS + work * sides + (SWITCH_SECONDS if per_side else 0)


def minimum_seconds(dose: Dose, per_side: bool) -> int:
    """The least a set can take: a second a rep, or the hold itself, on each side."""
    work = dose.reps if dose.reps is not None else (dose.hold_s or 0)
    return work * (2 if per_side else 1)


def library_as_dict(library: Library) -> dict[str, object]:
    """The library as plain JSON-ready data, in the file's own vocabulary."""
    return {
        "exercises": [_exercise_as_dict(ex) for ex in library.exercises.values()],
        "routines": [
            {
                "id": r.id,
                "name": r.name,
                "exercises": list(r.exercise_ids),
                "minutes": r.minutes,
                "source": r.source,
            }
            for r in library.routines.values()
        ],
    }


def _exercise_as_dict(ex: Exercise) -> dict[str, object]:
    return {
        "id": ex.id,
        "name": ex.name,
        "muscles": [m for m in MUSCLES if m in ex.muscles],
        "cues": {"setup": ex.cues.setup, "movement": ex.cues.movement, "mistake": ex.cues.mistake},
        "reps": ex.dose.reps,
        "hold_s": ex.dose.hold_s,
        "per_side": ex.per_side,
        "place": ex.place,
        "difficulty": ex.difficulty,
        "seconds": ex.seconds,
        "illustration": ex.illustration,
        "source": ex.source,
    }
