"""Builds the routine a prompt offers, from the exercise library.

Pure: the library, the user's history and a `random.Random` come in as arguments, so a seeded
draw is reproducible in tests and nothing here reads a clock, a file or the environment.

Decisions a reader would otherwise have to reverse-engineer:

- Place. "office" means standing moves in work clothes next to a desk: only exercises whose place
  is "desk". A free wall is not a given in an open-plan office and a wall sit in office trousers is
  not what people will do between meetings, so "wall" exercises count as floor-session moves.
  "floor" (a mat at home, or a changing room) allows every place.
- Budget. A routine lasts its budget (1, 2, 3 or 5 minutes) within +/-15 %, never more than +15 %.
  Doses are first scaled by one common factor (so a routine keeps the library's proportions), each
  between half and double its written dose, then nudged one rep or one hold step at a time into the
  window (holds written in fives stay in fives). If the exercises are too short even at double
  dose, another short desk move pads the routine, then exercises get a second or third set.
- Muscles. Every routine has at least one gluteus medius and one gluteus maximus exercise: runners
  need both, hip stability (medius) and hip extension (maximus).
- Level. Difficulty steps up with use: a user is level 1, level 2 after LEVEL_UP_EVERY (20)
  routines completed in the last LEVEL_WINDOW_WEEKS (4) weeks, about one every workday, and level
  3 after twice that (see `level_for`; the window means a long lay-off steps back down, as fitness
  does). The builder uses exercises at or below the level, favouring those at it; a muscle with
  nothing at or below the level gets its easiest exercise instead, and a routine too short
  without a harder exercise may be padded with one.
- Choice. Exercises are drawn at random, those at the user's level three times as often; with a
  mat ("floor"), wall and floor exercises twice as often as desk ones, which are there every
  workday anyway. Steps go desk first, then wall, then floor: one trip down to the mat.
- Walking. The library's "walk" exercise is the walk routine (`walk_routine`), never a step of a
  glute routine, though it is listed as working both muscles.
- Variety. A routine never has the same id as the last one offered: the id is a hash of the steps,
  so another draw, another order or a one-rep change gives a new routine.
- Sides. A one-sided exercise becomes two steps, left then right, with the same dose, so the guided
  window can show the switch.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from glutewake.core.digest import short_id
from glutewake.core.exercises import GLUTE_MAX, GLUTE_MED, Exercise, Library

Side = Literal["left", "right"]

BUDGET_MINUTES: tuple[int, ...] = (1, 2, 3, 5)
PLACES: tuple[str, ...] = ("office", "floor")
# Which exercise places each routine place allows (see the module docstring for "wall").
PLACE_ALLOWS: dict[str, frozenset[str]] = {
    "office": frozenset({"desk"}),
    "floor": frozenset({"desk", "wall", "floor"}),
}
TOLERANCE = 0.15
MAX_LEVEL = 3
LEVEL_UP_EVERY = 20
LEVEL_WINDOW_WEEKS = 4
# How many different exercises a routine of each length holds at most: enough for variety,
# few enough that each gets a meaningful dose.
MAX_EXERCISES: dict[int, int] = {1: 2, 2: 3, 3: 4, 5: 6}
MAX_SETS = 3
MIN_SCALE = 0.5
MAX_SCALE = 2.0
MIN_REPS = 3
MIN_HOLD_S = 5
HOLD_GRAIN_S = 5
WALK_ID = "walk"
PRE_RUN_ID = "pre-run"
# Draws tried before a repeat of the last routine is varied by hand.
DRAWS = 12
# Exercise places in the order a routine visits them: up from the desk first, down to the mat last.
_PLACE_ORDER = {"desk": 0, "wall": 1, "floor": 2}
_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
# Summary lists at most this many exercises; a notification is read at a glance.
_SUMMARY_PARTS = 4


@dataclass(frozen=True, slots=True)
class Step:
    """One thing to do in the guided window: a set of an exercise, on one side or on both."""

    exercise_id: str
    name: str
    side: Side | None
    reps: int | None
    hold_s: int | None
    seconds: int


@dataclass(frozen=True, slots=True)
class Routine:
    id: str  # a stable hash of the steps: two routines with the same steps are the same routine
    title: str
    steps: tuple[Step, ...]
    total_s: int
    place: str  # "office" or "floor"


@dataclass(frozen=True, slots=True)
class History:
    """What the builder needs to know about the past.

    The builder gates difficulty on `level`; `from_completed` derives it from `completed`, the
    routines done in the last LEVEL_WINDOW_WEEKS weeks, which is what the history store counts.
    """

    last_routine_id: str | None = None
    completed: int = 0  # routines completed in the last LEVEL_WINDOW_WEEKS weeks
    level: int = 1

    def __post_init__(self) -> None:
        if self.completed < 0:
            raise ValueError(f"completed routines must be 0 or more, not {self.completed}")
        if not 1 <= self.level <= MAX_LEVEL:
            raise ValueError(f"level must be 1 to {MAX_LEVEL}, not {self.level}")

    @classmethod
    def from_completed(cls, last_routine_id: str | None, completed: int) -> History:
        """The history of a user who completed `completed` routines in the level window."""
        return cls(last_routine_id, completed, level_for(completed))


def level_for(completed: int) -> int:
    """The level reached by completing `completed` routines in the last LEVEL_WINDOW_WEEKS weeks.

    One level per LEVEL_UP_EVERY routines, up to MAX_LEVEL: 20 in four weeks is one a workday.
    """
    return min(MAX_LEVEL, 1 + max(0, completed) // LEVEL_UP_EVERY)


# --- building -----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Block:
    """One exercise in a routine being built, with how many sets and how its dose scales."""

    exercise: Exercise
    sets: int = 1
    natural: int = field(init=False)  # the written dose: reps or hold seconds
    low: int = field(init=False)
    high: int = field(init=False)
    unit: float = field(init=False)  # step seconds per unit of dose
    grain: int = field(init=False)  # the dose changes in steps of this much

    def __post_init__(self) -> None:
        ex = self.exercise
        step_s = ex.seconds / self.sides
        if ex.dose.reps is not None:
            self.natural = ex.dose.reps
            floor_ = MIN_REPS
        else:  # a hold, or a timed activity; a dose without either counts as one set's time
            self.natural = ex.dose.hold_s or max(1, round(step_s))
            floor_ = MIN_HOLD_S
        self.unit = step_s / self.natural
        # "25 s" reads as a plan, "23 s" as a glitch: holds written in fives stay in fives.
        self.grain = (
            HOLD_GRAIN_S if ex.dose.reps is None and self.natural % HOLD_GRAIN_S == 0 else 1
        )
        low = max(floor_, math.ceil(self.natural * MIN_SCALE))
        self.low = min(self.natural, math.ceil(low / self.grain) * self.grain)
        high = math.floor(self.natural * MAX_SCALE)
        self.high = max(self.natural, high // self.grain * self.grain)

    @property
    def sides(self) -> int:
        return 2 if self.exercise.per_side else 1

    @property
    def weight(self) -> int:
        """How many steps of this dose the block holds."""
        return self.sides * self.sets

    def step_seconds(self, dose: int) -> int:
        seconds = max(1, round(self.unit * dose))
        if self.exercise.dose.reps is None and self.exercise.dose.hold_s is not None:
            seconds = max(seconds, dose)  # a 30 s hold takes at least 30 s
        return seconds

    def total(self, dose: int) -> int:
        return self.weight * self.step_seconds(dose)

    def steps(self, dose: int) -> list[Step]:
        ex = self.exercise
        reps = ex.dose.reps
        hold = ex.dose.hold_s
        if reps is not None:
            reps = dose
        elif hold is not None:
            hold = dose
        seconds = self.step_seconds(dose)
        sides: tuple[Side | None, ...] = ("left", "right") if ex.per_side else (None,)
        return [
            Step(ex.id, ex.name, side, reps, hold, seconds)
            for _ in range(self.sets)
            for side in sides
        ]


def _window(budget_s: int) -> tuple[int, int]:
    return math.ceil(budget_s * (1 - TOLERANCE)), math.floor(budget_s * (1 + TOLERANCE))


def _least(blocks: Iterable[_Block]) -> int:
    return sum(b.total(b.low) for b in blocks)


def _most(blocks: Iterable[_Block]) -> int:
    return sum(b.total(b.high) for b in blocks)


def _most_one(block: _Block) -> int:
    return block.total(block.high)


def _natural(blocks: Iterable[_Block]) -> int:
    return sum(b.total(b.natural) for b in blocks)


def _fit(blocks: Sequence[_Block], budget_s: int) -> tuple[list[int], int]:
    """The doses that bring the blocks closest to the budget, and their total.

    One common factor first, so the routine keeps the library's proportions; then one rep or
    hold step at a time on the block furthest from that proportion, as long as each move brings
    the total closer to the budget (so the loop ends).
    """
    lo, hi = _window(budget_s)
    factor = budget_s / max(1, _natural(blocks))
    doses = [min(b.high, max(b.low, round(b.natural * factor / b.grain) * b.grain)) for b in blocks]
    total = sum(b.total(d) for b, d in zip(blocks, doses, strict=True))
    while not lo <= total <= hi:
        step = 1 if total < lo else -1
        moves = []
        for i, b in enumerate(blocks):
            dose = doses[i] + step * b.grain
            if not b.low <= dose <= b.high:
                continue
            new_total = total - b.total(doses[i]) + b.total(dose)
            if abs(new_total - budget_s) < abs(total - budget_s):
                moves.append((step * doses[i] / b.natural, i, dose, new_total))
        if not moves:
            break
        _, i, dose, total = min(moves)
        doses[i] = dose
    return doses, total


def _fit_with_sets(blocks: Sequence[_Block], budget_s: int) -> list[int] | None:
    """Doses within the budget's window, adding second and third sets while the routine is
    too short (the shortest exercise first); None if no dose and set count fits."""
    lo, hi = _window(budget_s)
    while True:
        doses, total = _fit(blocks, budget_s)
        if lo <= total <= hi:
            return doses
        least = _least(blocks)
        more = [
            b for b in blocks if b.sets < MAX_SETS and least + b.sides * b.step_seconds(b.low) <= hi
        ]
        if total > hi or not more:
            return None
        min(more, key=lambda b: (b.sets, b.total(b.natural))).sets += 1


def _weighted_order(
    exercises: Sequence[Exercise], level: int, place: str, rng: random.Random
) -> list[Exercise]:
    """The exercises in a random order that puts first, more often, those at the user's level
    and, when the user has a mat, those that need one (desk moves are there every workday)."""
    left = list(exercises)
    order: list[Exercise] = []
    while left:
        weights = [
            (3 if e.difficulty == level else 1)
            * (2 if place == "floor" and e.place != "desk" else 1)
            for e in left
        ]
        pick = rng.choices(range(len(left)), weights)[0]
        order.append(left.pop(pick))
    return order


def _place_words(place: str) -> str:
    words = sorted(PLACE_ALLOWS[place], key=_PLACE_ORDER.__getitem__)
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _for_muscle(pool: Sequence[Exercise], muscle: str, level: int, place: str) -> list[Exercise]:
    having = [e for e in pool if muscle in e.muscles]
    if not having:
        raise ValueError(f"no {_place_words(place)} exercise for {muscle}")
    within = [e for e in having if e.difficulty <= level]
    if within:
        return within
    easiest = min(e.difficulty for e in having)
    return [e for e in having if e.difficulty == easiest]


def _check_request(minutes: int, place: str) -> None:
    if minutes not in BUDGET_MINUTES:
        allowed = ", ".join(str(m) for m in BUDGET_MINUTES)
        raise ValueError(f"a routine lasts {allowed} minutes, not {minutes!r}")
    if place not in PLACE_ALLOWS:
        raise ValueError(f"place must be one of {', '.join(PLACES)}, not {place!r}")


def _check_exercise(ex: Exercise) -> None:
    """The builder's arithmetic needs positive numbers; say which entry breaks it."""
    for label, value in (
        ("seconds", ex.seconds),
        ("reps", ex.dose.reps),
        ("hold_s", ex.dose.hold_s),
    ):
        if value is not None and value <= 0:
            raise ValueError(f"exercise {ex.id!r}: {label} must be positive, not {value}")


def _pool(library: Library, place: str) -> list[Exercise]:
    """The exercises a routine at `place` may use, in id order (so a seeded draw does not
    depend on the order of the library file). The walk is a routine of its own, never a step."""
    allowed = PLACE_ALLOWS[place]
    pool = [
        ex
        for ex_id, ex in sorted(library.exercises.items())
        if ex.place in allowed and ex_id != WALK_ID
    ]
    for ex in pool:
        _check_exercise(ex)
    return pool


def _core_blocks(
    med: Sequence[Exercise],
    mx: Sequence[Exercise],
    *,
    level: int,
    place: str,
    hi: int,
    rng: random.Random,
) -> list[_Block] | None:
    """A glute medius exercise and a glute maximus one (or one that works both) that fit."""
    max_order = _weighted_order(mx, level, place, rng)
    for first in _weighted_order(med, level, place, rng):
        if GLUTE_MAX in first.muscles and _least([_Block(first)]) <= hi:
            return [_Block(first)]
        for second in max_order:
            if second.id == first.id:
                continue
            pair = [_Block(first), _Block(second)]
            if _least(pair) <= hi:
                return pair
    return None


def _draw(
    *,
    pool: Sequence[Exercise],
    med: Sequence[Exercise],
    mx: Sequence[Exercise],
    minutes: int,
    level: int,
    place: str,
    rng: random.Random,
    harder_pads: bool,
) -> tuple[list[_Block], list[int]] | None:
    """One random routine (its blocks and doses), or None when this draw does not fit.

    `harder_pads` lets an exercise above the user's level pad a routine that is too short even
    with three sets of everything at their level.
    """
    budget = minutes * 60
    lo, hi = _window(budget)
    blocks = _core_blocks(med, mx, level=level, place=place, hi=hi, rng=rng)
    if blocks is None:
        return None
    chosen = {b.exercise.id for b in blocks}
    extras = _weighted_order(
        [e for e in pool if e.difficulty <= level and e.id not in chosen], level, place, rng
    )
    # More exercises while they fit at their written dose.
    for ex in extras:
        if len(blocks) >= MAX_EXERCISES[minutes] or _natural(blocks) >= lo:
            break
        block = _Block(ex)
        if _natural([*blocks, block]) <= hi:
            blocks.append(block)
            chosen.add(ex.id)
    # Too short even at double dose: pad with the shortest desk moves (a wall or floor one only
    # if no desk move is left).
    pads = sorted(
        (e for e in pool if e.id not in chosen and (harder_pads or e.difficulty <= level)),
        key=lambda e: (e.difficulty > level, e.place != "desk", e.seconds, e.id),
    )
    for ex in pads:
        if len(blocks) >= MAX_EXERCISES[minutes] or _most(blocks) >= lo:
            break
        block = _Block(ex)
        if _least([*blocks, block]) <= hi:
            blocks.append(block)
    rng.shuffle(blocks)
    blocks.sort(key=lambda b: _PLACE_ORDER.get(b.exercise.place, len(_PLACE_ORDER)))
    doses = _fit_with_sets(blocks, budget)
    if doses is None:
        return None
    return blocks, doses


def _routine_id(steps: Sequence[Step]) -> str:
    text = "|".join(
        f"{s.exercise_id}:{s.side or '-'}:{s.reps}:{s.hold_s}:{s.seconds}" for s in steps
    )
    return short_id(text)


def _assemble(blocks: Sequence[_Block], doses: Sequence[int], title: str, place: str) -> Routine:
    steps = tuple(s for b, d in zip(blocks, doses, strict=True) for s in b.steps(d))
    return Routine(_routine_id(steps), title, steps, sum(s.seconds for s in steps), place)


def _title(minutes: int, place: str) -> str:
    return f"{minutes}-minute {place} routine"


def _variants(
    blocks: list[_Block], doses: list[int], budget_s: int
) -> Iterable[tuple[list[_Block], list[int]]]:
    """Other routines close to this one: another order, then one rep or second more or less."""
    n = len(blocks)
    for shift in range(1, n):
        yield blocks[shift:] + blocks[:shift], doses[shift:] + doses[:shift]
    if n > 1:
        yield blocks[::-1], doses[::-1]
    lo, hi = _window(budget_s)
    for i, b in enumerate(blocks):
        for delta in (1, -1, 2, -2):
            dose = doses[i] + delta * b.grain
            if not b.low <= dose <= b.high:
                continue
            changed = [*doses[:i], dose, *doses[i + 1 :]]
            total = sum(x.total(d) for x, d in zip(blocks, changed, strict=True))
            if lo <= total <= hi:
                yield blocks, changed


def build_routine(
    library: Library, minutes: int, place: str, history: History, rng: random.Random
) -> Routine:
    """A routine of `minutes` (1, 2, 3 or 5) for `place` ("office" or "floor").

    Raises ValueError naming what is missing when the library cannot make one, e.g.
    "no desk exercise for gluteus medius".
    """
    _check_request(minutes, place)
    pool = _pool(library, place)
    level = history.level
    med = _for_muscle(pool, GLUTE_MED, level, place)
    mx = _for_muscle(pool, GLUTE_MAX, level, place)
    title = _title(minutes, place)
    repeat: tuple[list[_Block], list[int]] | None = None
    fitted = False
    for attempt in range(2 * DRAWS):
        if attempt == DRAWS and fitted:
            break
        drawn = _draw(
            pool=pool,
            med=med,
            mx=mx,
            minutes=minutes,
            level=level,
            place=place,
            rng=rng,
            harder_pads=attempt >= DRAWS,  # only when nothing at the user's level fits
        )
        if drawn is None:
            continue
        fitted = True
        routine = _assemble(*drawn, title, place)
        if routine.id != history.last_routine_id:
            return routine
        repeat = drawn
    if repeat is not None:
        for blocks, doses in _variants(*repeat, minutes * 60):
            routine = _assemble(blocks, doses, title, place)
            if routine.id != history.last_routine_id:
                return routine
        raise ValueError(
            f"the {_place_words(place)} exercises make only one {minutes}-minute routine, "
            "the one offered last time"
        )
    words = _place_words(place)
    hi = _window(minutes * 60)[1]
    if _core_blocks(med, mx, level=level, place=place, hi=hi, rng=rng) is None:
        raise ValueError(
            f"no {words} exercises for {GLUTE_MED} and {GLUTE_MAX} short enough "
            f"for a {minutes}-minute routine"
        )
    longest = sorted((_Block(e, MAX_SETS) for e in pool), key=_most_one, reverse=True)
    if _most(longest[: MAX_EXERCISES[minutes]]) < _window(minutes * 60)[0]:
        raise ValueError(
            f"the {words} exercises are too few or too short to fill a {minutes}-minute "
            f"routine, even at double dose and {MAX_SETS} sets"
        )
    raise ValueError(
        f"the {words} exercises cannot be combined into a {minutes}-minute routine within "
        f"{round(TOLERANCE * 100)} %: their lengths do not add up"
    )


def walk_routine(minutes: int = 2) -> Routine:
    """'Just walk': the break for when exercising is not possible (a skirt, a sore knee, a meeting
    room with glass walls). Walking still ends the sitting bout, which is what matters most.

    One timed step whose exercise id is the library's "walk" exercise, so the guided window can
    show its cues and picture; like the library's entry, the walk is a hold of its whole length.
    """
    if not 1 <= minutes <= 60:
        raise ValueError(f"a walk lasts 1 to 60 minutes, not {minutes}")
    step = Step(WALK_ID, "Brisk walk", None, None, minutes * 60, minutes * 60)
    return Routine(
        _routine_id([step]),
        f"Just walk for {_minutes_words(minutes)}",
        (step,),
        step.seconds,
        "office",
    )


def pre_run_routine(library: Library, level: int = 1) -> Routine:
    """The activation routine for a runner heading out.

    The library's "pre-run" routine when it has one (its exercises in its order, fitted to its
    minutes); otherwise a 5-minute routine built from every place, the same one each time. Easy
    moves by default: it wakes the glutes up before a run, it is not the workout.
    """
    named = library.routines.get(PRE_RUN_ID)
    if named is None:
        routine = build_routine(
            library, 5, "floor", History(None, 0, level), random.Random(PRE_RUN_ID)
        )
        return replace(routine, title="Pre-run activation")
    missing = [i for i in named.exercise_ids if i not in library.exercises]
    if missing:
        raise ValueError(
            f"routine {named.id!r} names exercises the library lacks: {', '.join(missing)}"
        )
    exercises = [library.exercises[i] for i in named.exercise_ids]
    if not exercises:
        raise ValueError(f"routine {named.id!r} has no exercises")
    for ex in exercises:
        _check_exercise(ex)
    blocks = [_Block(ex) for ex in exercises]
    doses = _fit_with_sets(blocks, named.minutes * 60)
    if doses is None:
        raise ValueError(
            f"routine {named.id!r}: its exercises cannot fill {named.minutes} minutes within "
            f"{round(TOLERANCE * 100)} %"
        )
    place = "office" if all(ex.place in PLACE_ALLOWS["office"] for ex in exercises) else "floor"
    return _assemble(blocks, doses, named.name, place)


# --- the notification's words -------------------------------------------------------------------


def _number_word(n: int) -> str:
    return _NUMBER_WORDS[n - 1] if 1 <= n <= len(_NUMBER_WORDS) else str(n)


def _minutes_words(minutes: int) -> str:
    word = _number_word(minutes)
    return f"{word} minute" if minutes == 1 else f"{word} minutes"


_PHRASE_ENDS = (" with ", " on ", " against ", " at ", " to ", " in ", " (", ",")


# First words that keep their capital: "Romanian deadlift", not "romanian deadlift".
_PROPER = frozenset({"Bulgarian", "Romanian", "Copenhagen", "Cossack"})


def _lower_first(name: str) -> str:
    """'Glute bridge' -> 'glute bridge'; 'TRX row' and 'Bulgarian split squat' keep capitals."""
    first = name.split(" ", 1)[0]
    if len(name) > 1 and name[1].islower() and first not in _PROPER:
        return name[0].lower() + name[1:]
    return name


def _plural_word(word: str) -> str:
    lower = word.lower()
    if lower.endswith("s") and not lower.endswith("ss"):
        return word  # already plural ("glute squeezes")
    if lower.endswith(("ss", "x", "z", "ch", "sh")):
        return word + "es"
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _plural(name: str) -> str:
    """'split squat with a chair' -> 'split squats with a chair'."""
    cut = min((i for i in (name.find(end) for end in _PHRASE_ENDS) if i > 0), default=len(name))
    head, tail = name[:cut], name[cut:]
    before, _, last = head.rpartition(" ")
    return f"{before} {_plural_word(last)}{tail}" if before else f"{_plural_word(last)}{tail}"


def _phrase(step: Step, per_side: bool) -> str:
    name = _lower_first(step.name)
    if step.reps is not None:
        text = f"{step.reps} {_plural(name) if step.reps != 1 else name}"
    elif step.hold_s is not None:
        text = f"{step.hold_s} s {name}"
    else:
        text = f"{step.seconds} s {name}"
    return f"{text} a side" if per_side else text


def summary(routine: Routine) -> str:
    """What the notification says: '10 glute bridges, 10 clamshells a side'.

    A left step followed by the same right step reads as one "a side"; repeated sets read as
    "2 × 10 glute bridges"; past four exercises the rest are counted, not listed.
    """
    steps = routine.steps
    if len(steps) == 1 and steps[0].exercise_id == WALK_ID:
        minutes = max(1, round(steps[0].seconds / 60))
        word = _number_word(minutes)
        return f"a brisk {word}-minute walk"
    parts: list[tuple[tuple[object, ...], str, int]] = []
    i = 0
    while i < len(steps):
        step = steps[i]
        nxt = steps[i + 1] if i + 1 < len(steps) else None
        paired = (
            step.side == "left"
            and nxt is not None
            and nxt.side == "right"
            and replace(nxt, side="left") == step
        )
        per_side = paired or step.side is not None
        key = (step.exercise_id, step.reps, step.hold_s, step.seconds, per_side)
        if parts and parts[-1][0] == key:
            parts[-1] = (key, parts[-1][1], parts[-1][2] + 1)
        else:
            parts.append((key, _phrase(step, per_side), 1))
        i += 2 if paired else 1
    texts = [text if sets == 1 else f"{sets} × {text}" for _, text, sets in parts]
    if len(texts) > _SUMMARY_PARTS:
        shown = texts[: _SUMMARY_PARTS - 1]
        return ", ".join(shown) + f" and {len(texts) - len(shown)} more"
    return ", ".join(texts)
