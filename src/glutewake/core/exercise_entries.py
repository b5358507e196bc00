"""Checking exercise library entries: the rules an entry must pass to be offered.

Why pure: the built-in library and the user's own file go through the same checks, and a test
can try every mistake a user might make without touching a file. Reading TOML is the job of
`glutewake.store.library_file`; this module gets the parsed tables and the file's name.

Why an entry is checked field by field and never raises: a typo in one custom exercise must not
take the other exercises, or the built-in library, away. A bad entry is left out with one
`LibraryProblem` per bad field, naming the file, the entry (its position and, when readable, its
id), the field and what is allowed; every other entry still loads.

Decisions a user could trip over, made once here:
- The dose is `reps = N` or `hold_s = N` (seconds), exactly one of the two.
- `per_side` defaults to false and `difficulty` to 1. `seconds` may be left out; it is then
  estimated from the dose (see `estimated_seconds`). When given, it may not be shorter than the
  dose itself (one second a rep, the hold time, times two for per-side exercises).
- Names of muscles and places are matched ignoring case and surrounding spaces. A single
  muscle still goes in a list, `muscles = ["gluteus medius"]`: one way to write it.
- A decimal number for a whole-number field is accepted only when it is integral (12.0 is 12);
  true/false and text are never numbers. Each field's kind of value comes from `core.values`,
  the settings file's vocabulary, so the two files check alike and suggest alike.
- An unknown key is reported and ignored, and the rest of its entry still loads. A typo such
  as `per_sid = true` is therefore visible, not silent.
- Ids are unique within a file: a second entry with an id already used in the same file is left
  out. Across files, a custom entry with a built-in id replaces the built-in one (that is how a
  user tunes a built-in exercise); `merge` reports each replacement as a notice, not an error.
- A routine naming an exercise the library does not have is left out whole, with a suggestion
  when the id looks like a typo: a routine that silently lost a step is worse than one that
  is missing and explained.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final, TypeAlias

from glutewake.core.exercises import (
    CUE_KEYS,
    CUE_MAX_CHARS,
    DIFFICULTY_RANGE,
    HOLD_RANGE,
    ID_MAX_CHARS,
    ILLUSTRATION_MAX_CHARS,
    MUSCLES,
    NAME_MAX_CHARS,
    PLACES,
    REPS_RANGE,
    ROUTINE_MAX_EXERCISES,
    ROUTINE_MINUTES_RANGE,
    SECONDS_RANGE,
    Cues,
    Dose,
    Exercise,
    Library,
    LibraryProblem,
    NamedRoutine,
    Table,
    estimated_seconds,
    minimum_seconds,
)
from glutewake.core.values import (
    Boolean,
    Choice,
    Fault,
    NameList,
    Refusal,
    Text,
    WholeNumber,
    closest,
    described,
    show,
    word_list,
)

_ID_PATTERN: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SHOWN_CHARS: Final = 40
_TOP_LEVEL: Final[tuple[str, ...]] = ("exercise", "routine")
_EXERCISE_KEYS: Final[tuple[str, ...]] = (
    "id",
    "name",
    "muscles",
    "cues",
    "reps",
    "hold_s",
    "per_side",
    "place",
    "difficulty",
    "seconds",
    "illustration",
)
_ROUTINE_KEYS: Final[tuple[str, ...]] = ("id", "name", "exercises", "minutes")

# The kinds of value each field takes, from the vocabulary the settings file uses too.
_REPS: Final = WholeNumber(*REPS_RANGE, unit="reps")
_HOLD: Final = WholeNumber(*HOLD_RANGE, unit="seconds")
_SECONDS: Final = WholeNumber(*SECONDS_RANGE, unit="seconds")
_DIFFICULTY: Final = WholeNumber(*DIFFICULTY_RANGE)
_MINUTES: Final = WholeNumber(*ROUTINE_MINUTES_RANGE, unit="minutes")
_PER_SIDE: Final = Boolean()
_PLACE: Final = Choice(PLACES)
_MUSCLES: Final = NameList(MUSCLES, repeats=True)
_NAME: Final = Text(NAME_MAX_CHARS)
_CUE: Final = Text(CUE_MAX_CHARS)


# --- parsing ----------------------------------------------------------------------------------


class _Unusable(Exception):
    """A field's value cannot be used; the text says why and what is allowed."""


@dataclass
class _Entry:
    """Collects the problems of one entry while its fields are checked."""

    source: str
    table: Table
    index: int
    problems: list[LibraryProblem] = field(default_factory=list)
    entry_id: str | None = None
    failed: bool = False

    @property
    def label(self) -> str:
        where = f"[[{self.table}]] #{self.index}"
        return f"{where} (id {_show(self.entry_id)})" if self.entry_id else where

    def refuse(self, key: str, reason: str) -> None:
        self.failed = True
        self._report(key, reason, f"This {self.table} was left out; the rest of the library loads.")

    def refuse_duplicate(self, first: int) -> None:
        self.refuse(
            "id",
            f"{_show(self.entry_id)} is already the id of [[{self.table}]] #{first} in this "
            f"file; each {self.table} needs its own id",
        )

    def ignore(self, key: str, reason: str) -> None:
        self._report(key, reason, f"The key was ignored; the rest of this {self.table} loads.")

    def _report(self, key: str, reason: str, consequence: str) -> None:
        self.problems.append(
            LibraryProblem(
                self.source,
                self.table,
                self.entry_id or f"#{self.index}",
                key,
                f"{self.source}: {self.label}, field {key!r}: {_sentence(reason)} {consequence}",
            )
        )


def parse_library(
    data: Mapping[str, object],
    source: str,
    *,
    known_exercise_ids: Collection[str] = (),
) -> tuple[Library, list[LibraryProblem]]:
    """The exercises and routines in one parsed file, and what is wrong with the rest.

    Never raises for anything in `data`. `known_exercise_ids` are exercises defined elsewhere
    (the built-in library, when `data` is the user's file) that routines here may name.
    """
    problems: list[LibraryProblem] = []
    if not isinstance(data, Mapping):
        message = (
            f"{source}: is not a table of [[exercise]] and [[routine]] entries "
            f"(got {_kind(data)}); nothing in it was loaded."
        )
        return Library(), [LibraryProblem(source, None, None, None, message)]

    for key in data:
        if key not in _TOP_LEVEL:
            shown = _show(key)
            hint = _did_you_mean(str(key), _TOP_LEVEL, lambda k: f"[[{k}]]")
            message = (
                f"{source}: {shown} is not something glutewake reads; the file holds "
                f"[[exercise]] and [[routine]] tables.{hint} It was ignored."
            )
            problems.append(LibraryProblem(source, None, None, str(key), message))

    exercises: dict[str, Exercise] = {}
    first_index: dict[str, int] = {}
    rejected_ids: set[str] = set()
    for index, raw in _entries(data, "exercise", source, problems):
        entry = _Entry(source, "exercise", index)
        exercise = _parse_exercise(raw, entry)
        if exercise is not None and exercise.id in exercises:
            entry.refuse_duplicate(first_index[exercise.id])
            exercise = None
        problems.extend(entry.problems)
        if exercise is None:
            if entry.entry_id is not None and entry.entry_id not in exercises:
                rejected_ids.add(entry.entry_id)
            continue
        exercises[exercise.id] = exercise
        first_index[exercise.id] = index

    known = set(known_exercise_ids) | set(exercises)
    routines: dict[str, NamedRoutine] = {}
    first_routine: dict[str, int] = {}
    for index, raw in _entries(data, "routine", source, problems):
        entry = _Entry(source, "routine", index)
        routine = _parse_routine(raw, entry, known, rejected_ids - known)
        if routine is not None and routine.id in routines:
            entry.refuse_duplicate(first_routine[routine.id])
            routine = None
        problems.extend(entry.problems)
        if routine is not None:
            routines[routine.id] = routine
            first_routine[routine.id] = index

    return Library(exercises, routines), problems


def merge(builtin: Library, custom: Library) -> tuple[Library, list[LibraryProblem]]:
    """The built-in library with the user's entries on top.

    A custom entry with a built-in id takes the built-in one's place (same position in the
    order, so lists do not reshuffle); each such replacement is reported as a notice.
    """
    notices: list[LibraryProblem] = []
    exercises = dict(builtin.exercises)
    for ex_id, exercise in custom.exercises.items():
        if ex_id in exercises:
            notices.append(_replaced(exercise.source, "exercise", ex_id))
        exercises[ex_id] = exercise
    routines = dict(builtin.routines)
    for routine_id, routine in custom.routines.items():
        if routine_id in routines:
            notices.append(_replaced(routine.source, "routine", routine_id))
        routines[routine_id] = routine
    return Library(exercises, routines), notices


def _replaced(source: str, table: Table, entry_id: str) -> LibraryProblem:
    message = (
        f"{source}: [[{table}]] {_show(entry_id)} replaces the built-in {table} with that id. "
        f"To add a new {table} instead, give it an id of its own."
    )
    return LibraryProblem(source, table, entry_id, "id", message, "notice")


def _entries(
    data: Mapping[str, object], table: Table, source: str, problems: list[LibraryProblem]
) -> Iterable[tuple[int, Mapping[str, object]]]:
    """The tables of one kind with their 1-based positions; reports what is not a table."""
    raw = data.get(table)
    if raw is None:
        return
    if not isinstance(raw, list):
        hint = (
            f" Start each {table} with [[{table}]], two brackets."
            if isinstance(raw, Mapping)
            else ""
        )
        message = (
            f"{source}: {table!r} must be a list of [[{table}]] tables, not {_kind(raw)}.{hint} "
            f"No {table} from this file was loaded."
        )
        problems.append(LibraryProblem(source, table, None, None, message))
        return
    for position, item in enumerate(raw, start=1):
        if isinstance(item, Mapping):
            yield position, item
        else:
            message = (
                f"{source}: [[{table}]] #{position} is {_kind(item)}, not a table of fields. "
                f"This {table} was left out; the rest of the library loads."
            )
            problems.append(LibraryProblem(source, table, f"#{position}", None, message))


def _parse_exercise(raw: Mapping[str, object], entry: _Entry) -> Exercise | None:
    ex_id = _field(entry, raw, "id", _check_id, required=True)
    if isinstance(ex_id, str):
        entry.entry_id = ex_id
    _unknown_keys(entry, raw, _EXERCISE_KEYS)
    name = _field(entry, raw, "name", _check_name, required=True)
    muscles = _field(entry, raw, "muscles", _check_muscles, required=True)
    cues = _cues(entry, raw)
    dose = _dose(entry, raw)
    per_side = _field(entry, raw, "per_side", _check_bool, default=False)
    place = _field(entry, raw, "place", _check_place, required=True)
    difficulty = _field(entry, raw, "difficulty", lambda v: _check_whole(v, _DIFFICULTY), default=1)
    seconds = _field(entry, raw, "seconds", lambda v: _check_whole(v, _SECONDS))
    illustration = _field(entry, raw, "illustration", _check_illustration)

    if (
        entry.failed
        or not isinstance(ex_id, str)
        or not isinstance(name, str)
        or not isinstance(muscles, frozenset)
        or cues is None
        or dose is None
        or not isinstance(per_side, bool)
        or not isinstance(place, str)
        or not isinstance(difficulty, int)
    ):
        return None
    if seconds is None:
        seconds = estimated_seconds(dose, per_side)
    elif not isinstance(seconds, int):
        return None
    else:
        least = minimum_seconds(dose, per_side)
        if seconds < least:
            entry.refuse("seconds", _too_short(seconds, dose, per_side, least))
            return None
    if illustration is not None and not isinstance(illustration, str):
        return None
    return Exercise(
        id=ex_id,
        name=name,
        muscles=frozenset(str(m) for m in muscles),
        cues=cues,
        dose=dose,
        per_side=per_side,
        place=place,
        difficulty=difficulty,
        seconds=seconds,
        illustration=illustration or None,
        source=entry.source,
    )


def _parse_routine(
    raw: Mapping[str, object],
    entry: _Entry,
    known: Collection[str],
    rejected: Collection[str],
) -> NamedRoutine | None:
    routine_id = _field(entry, raw, "id", _check_id, required=True)
    if isinstance(routine_id, str):
        entry.entry_id = routine_id
    _unknown_keys(entry, raw, _ROUTINE_KEYS)
    name = _field(entry, raw, "name", _check_name, required=True)
    ids = _field(
        entry, raw, "exercises", lambda v: _check_exercise_ids(v, known, rejected), required=True
    )
    minutes = _field(
        entry,
        raw,
        "minutes",
        lambda v: _check_whole(v, _MINUTES),
        required=True,
    )
    if (
        entry.failed
        or not isinstance(routine_id, str)
        or not isinstance(name, str)
        or not isinstance(ids, tuple)
        or not isinstance(minutes, int)
    ):
        return None
    return NamedRoutine(routine_id, name, tuple(str(i) for i in ids), minutes, source=entry.source)


_Checked: TypeAlias = str | int | bool | frozenset[str] | tuple[str, ...] | None
_Check: TypeAlias = Callable[[object], _Checked]

_REQUIRED_HINTS: Final[Mapping[str, str]] = {
    "id": 'every entry needs a stable kebab-case id, like id = "banded-clamshell"',
    "name": 'every entry needs a name to show, like name = "Banded clamshell"',
    "muscles": 'list the glutes it works, like muscles = ["gluteus medius"]',
    "place": 'say where it can be done: "desk", "wall" or "floor"',
    "exercises": 'list exercise ids in order, like exercises = ["glute-bridge", "clamshell"]',
    "minutes": "say how long the routine lasts, like minutes = 5",
}


def _field(
    entry: _Entry,
    raw: Mapping[str, object],
    key: str,
    check: _Check,
    *,
    required: bool = False,
    default: _Checked = None,
) -> _Checked:
    """The checked value of `key`, its default when absent, or None after a refusal."""
    if key not in raw:
        if required:
            entry.refuse(key, f"is missing; {_REQUIRED_HINTS[key]}")
        return default
    try:
        return check(raw[key])
    except _Unusable as refusal:
        entry.refuse(key, str(refusal))
        return None


def _unknown_keys(entry: _Entry, raw: Mapping[str, object], allowed: tuple[str, ...]) -> None:
    for key in raw:
        if key in allowed:
            continue
        hint = _did_you_mean(str(key), allowed, repr)
        entry.ignore(
            str(key) if isinstance(key, str) else repr(key),
            f"is not a field glutewake knows.{hint} Known fields: {', '.join(allowed)}",
        )


def _cues(entry: _Entry, raw: Mapping[str, object]) -> Cues | None:
    if "cues" not in raw:
        entry.refuse(
            "cues",
            'is missing; write cues = { setup = "...", movement = "...", mistake = "..." }',
        )
        return None
    value = raw["cues"]
    if not isinstance(value, Mapping):
        entry.refuse(
            "cues",
            f"must be a table with setup, movement and mistake, not {_kind(value)}; write "
            'cues = { setup = "...", movement = "...", mistake = "..." }',
        )
        return None
    _unknown_keys_in_cues(entry, value)
    texts: dict[str, str] = {}
    for key in CUE_KEYS:
        dotted = f"cues.{key}"
        if key not in value:
            entry.refuse(dotted, f"is missing; {_CUE_HINTS[key]}")
            continue
        try:
            texts[key] = _check_cue(value[key])
        except _Unusable as refusal:
            entry.refuse(dotted, str(refusal))
    if len(texts) != len(CUE_KEYS):
        return None
    return Cues(texts["setup"], texts["movement"], texts["mistake"])


_CUE_HINTS: Final[Mapping[str, str]] = {
    "setup": "one short sentence on how to start",
    "movement": "one short sentence on what to do",
    "mistake": "one short sentence on the common mistake to avoid",
}


def _unknown_keys_in_cues(entry: _Entry, cues: Mapping[str, object]) -> None:
    for key in cues:
        if key not in CUE_KEYS:
            hint = _did_you_mean(str(key), CUE_KEYS, repr)
            entry.ignore(
                f"cues.{key}",
                f"is not a cue glutewake shows.{hint} The cues are setup, movement and mistake",
            )


def _dose(entry: _Entry, raw: Mapping[str, object]) -> Dose | None:
    has_reps, has_hold = "reps" in raw, "hold_s" in raw
    if has_reps and has_hold:
        entry.refuse(
            "hold_s",
            "is given along with reps; a set is either repetitions or a hold, so keep one of them",
        )
        return None
    if not has_reps and not has_hold:
        entry.refuse(
            "reps",
            "is missing, and so is hold_s; give the dose as reps = N (repetitions) "
            "or hold_s = N (seconds to hold)",
        )
        return None
    try:
        if has_reps:
            return Dose(reps=_check_whole(raw["reps"], _REPS))
        return Dose(hold_s=_check_whole(raw["hold_s"], _HOLD))
    except _Unusable as refusal:
        entry.refuse("reps" if has_reps else "hold_s", str(refusal))
        return None


def _too_short(seconds: int, dose: Dose, per_side: bool, least: int) -> str:
    each = " on each side" if per_side else ""
    what = (
        f"{dose.reps} reps{each} take"
        if dose.reps is not None
        else f"a {dose.hold_s} s hold{each} takes"
    )
    return (
        f"is {seconds}, shorter than the set itself: {what} at least {least} seconds. "
        "Give the whole set's length, both sides included, or leave seconds out to have it "
        "estimated"
    )


# --- single values ------------------------------------------------------------------------------


def _check_id(value: object) -> str:
    if not isinstance(value, str):
        raise _Unusable(f'must be text in quotes, like "banded-clamshell", not {_kind(value)}')
    if not value or len(value) > ID_MAX_CHARS or not _ID_PATTERN.fullmatch(value):
        raise _Unusable(
            f"must be kebab-case: lower-case letters and digits joined by single hyphens, "
            f'1 to {ID_MAX_CHARS} characters, like "banded-clamshell"; not {_show(value)}'
        )
    return value


def _line(kind: Text, what: str, too_long: str) -> Callable[[object], str]:
    """The check of a one-line text field; `too_long` words the length refusal."""

    def check(value: object) -> str:
        checked = kind.check(value)
        if not isinstance(checked, Refusal):
            return checked
        if checked.fault is Fault.WRONG_TYPE:
            raise _Unusable(f"must be text in quotes, not {_kind(value)}")
        if checked.fault is Fault.TOO_LONG:
            raise _Unusable(too_long.format(length=checked.items[0], most=kind.max_length))
        raise _Unusable(f"must be {what}, not empty")

    return check


_check_name = _line(
    _NAME, "a name to show, on one line", "must be at most {most} characters, not {length}"
)
_check_cue = _line(
    _CUE,
    "one short sentence on one line",
    "is {length} characters; at most {most}, so that reading a step takes less time than doing it",
)


def _check_muscles(value: object) -> frozenset[str]:
    checked = _MUSCLES.check(value)
    if not isinstance(checked, Refusal):
        return frozenset(checked)
    allowed = _MUSCLES.names("or")
    if isinstance(value, str):
        raise _Unusable(f"must be a list, even for one muscle: muscles = [{_show(value)}]")
    if checked.fault is Fault.NOT_A_NAME:
        item = checked.items[0]
        raise _Unusable(f"must list muscles as text in quotes; {_show(item)} is {_kind(item)}")
    if checked.fault is Fault.UNKNOWN_NAMES:
        name = str(checked.items[0])
        hint = _did_you_mean(name, MUSCLES)
        raise _Unusable(f"lists {_show(name)}; allowed are {allowed}.{hint}")
    raise _Unusable(f"must be a list of one or more of {allowed}, not {_kind(value)}")


def _check_place(value: object) -> str:
    checked = _PLACE.check(value)
    if not isinstance(checked, Refusal):
        return checked
    explained = (
        f"{_PLACE.allowed()} (standing at the desk in office clothes, needs a wall, "
        "needs floor space)"
    )
    if checked.fault is Fault.WRONG_TYPE:
        raise _Unusable(f"must be one of {explained}, not {_kind(value)}")
    hint = f" {checked.hint('place')}" if checked.suggestions else ""
    raise _Unusable(f"must be one of {explained}, not {_show(value)}.{hint}")


def _check_bool(value: object) -> bool:
    checked = _PER_SIDE.check(value)
    if isinstance(checked, Refusal):
        raise _Unusable(f"must be true or false, without quotes, not {_show(value)}")
    return checked


def _check_whole(value: object, kind: WholeNumber) -> int:
    checked = kind.check(value)
    if not isinstance(checked, Refusal):
        return checked
    wanted = f"a whole number from {kind.allowed()}"
    if checked.fault is Fault.WRONG_TYPE and isinstance(value, str):
        raise _Unusable(f"must be {wanted}, not text; drop the quotes around {_show(value)}")
    if checked.fault is Fault.WRONG_TYPE and not isinstance(value, bool):
        raise _Unusable(f"must be {wanted}, not {_kind(value)}")
    raise _Unusable(f"must be {wanted}, not {_show(checked.value)}")


def _check_illustration(value: object) -> str | None:
    if not isinstance(value, str):
        raise _Unusable(f"must be the name or path of an SVG file in quotes, not {_kind(value)}")
    text = value.strip()
    if not text:
        return None  # an explicit "no picture"
    if len(text) > ILLUSTRATION_MAX_CHARS or not text.isprintable():
        raise _Unusable("must be the name or path of an SVG file on one line")
    if not text.lower().endswith(".svg"):
        raise _Unusable(f"must name an SVG file (ending in .svg), not {_show(value)}")
    return text


def _check_exercise_ids(
    value: object, known: Collection[str], rejected: Collection[str]
) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise _Unusable(
            f"must be a list of one or more exercise ids in order, not {_kind(value)}; "
            'like exercises = ["glute-bridge", "clamshell"]'
        )
    if len(value) > ROUTINE_MAX_EXERCISES:
        raise _Unusable(f"lists {len(value)} exercises; at most {ROUTINE_MAX_EXERCISES}")
    ids: list[str] = []
    for item in value:
        if not isinstance(item, str):
            raise _Unusable(f"must list exercise ids as text in quotes; {_show(item)} is not")
        ids.append(item)
    left_out = [i for i in dict.fromkeys(ids) if i not in known and i in rejected]
    if left_out:
        names = word_list([_show(i) for i in left_out], "and")
        raise _Unusable(
            f"names {names}, left out of this file because of problems of "
            f"{'its' if len(left_out) == 1 else 'their'} own (reported separately); "
            "fix those and this routine loads too"
        )
    unknown = [i for i in dict.fromkeys(ids) if i not in known]
    if unknown:
        names = word_list([_show(i) for i in unknown], "and")
        what = "is not an exercise" if len(unknown) == 1 else "are not exercises"
        hints = "".join(_did_you_mean(i, sorted(known)) for i in unknown)
        raise _Unusable(f"names {names}, which {what} in the library.{hints}")
    return tuple(ids)


# --- wording --------------------------------------------------------------------------------------


def _did_you_mean(
    typed: str, choices: Iterable[str], shown: Callable[[str], str] | None = None
) -> str:
    """A short hint with the closest choice, or "" when nothing is close."""
    guess = closest(typed, choices)
    if guess is None:
        return ""
    return f" Did you mean {(shown or _show)(guess)}?"


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?")) else text + "."


def _kind(value: object) -> str:
    return described(value, _SHOWN_CHARS)


def _show(value: object) -> str:
    """A value as the user would write it, cut short so a message stays one line."""
    return show(value, _SHOWN_CHARS)
