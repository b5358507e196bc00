"""`glutewake exercises` and `glutewake routine`: the library and the builder, in a terminal.

Both read the same library as the tray app (the built-in exercises with the user's own file on
top) and print every problem with it on stderr, once, so a user checking a custom exercise sees
at once why it is missing. Neither needs Qt, a display or the history.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from glutewake.cli.options import paths_of, setting_help
from glutewake.core.exercises import GLUTE_MAX, GLUTE_MED, Exercise, Library, library_as_dict
from glutewake.core.routine_builder import History, Routine, Step, build_routine, summary
from glutewake.core.settings import spec_for
from glutewake.store.library_file import LOGGER, default_custom_path, load_library

if TYPE_CHECKING:
    from glutewake.cli.options import Subparsers

_MUSCLE_WORDS = {
    frozenset({GLUTE_MAX}): "max",
    frozenset({GLUTE_MED}): "med",
    frozenset({GLUTE_MAX, GLUTE_MED}): "max+med",
}


def add_parsers(sub: Subparsers) -> None:
    ex = sub.add_parser(
        "exercises", help="print the exercise library: the built-in one with your own on top"
    )
    ex.add_argument("--json", action="store_true", help="print the library as JSON")
    ex.set_defaults(run=_exercises)
    ro = sub.add_parser(
        "routine", help="build one glute routine, as a prompt would offer it, and print it"
    )
    minutes, place = spec_for("routine_minutes"), spec_for("routine_place")
    ro.add_argument(
        "--minutes",
        type=int,
        choices=minutes.choices,
        default=minutes.default,
        help=setting_help("routine_minutes", "length"),
    )
    ro.add_argument(
        "--place",
        choices=place.choices,
        default=place.default,
        help=setting_help("routine_place", place.description.rstrip(".")),
    )
    ro.add_argument("--seed", type=int, metavar="N", help="draw the same routine every time")
    ro.add_argument("--json", action="store_true", help="print the routine as JSON")
    ro.set_defaults(run=_routine)


def _exercises(args: argparse.Namespace) -> int:
    return exercises_command(args.json, sys.stdout, library_file=paths_of(args).exercises_file)


def _routine(args: argparse.Namespace) -> int:
    return routine_command(
        args.minutes,
        args.place,
        args.json,
        sys.stdout,
        args.seed,
        library_file=paths_of(args).exercises_file,
    )


def exercises_command(
    as_json: bool, out: TextIO, *, err: TextIO | None = None, library_file: Path | None = None
) -> int:
    """Print the whole library: JSON in the library file's own vocabulary, or a table.

    `library_file` is the user's own exercises (default: beside their usual config)."""
    library = _load(err or sys.stderr, library_file)
    if as_json:
        json.dump(library_as_dict(library), out, indent=1, ensure_ascii=False)
        out.write("\n")
    else:
        own = library_file if library_file is not None else default_custom_path()
        out.write(_library_text(library, custom_source=str(own)))
    return 0


def routine_command(
    minutes: int,
    place: str,
    as_json: bool,
    out: TextIO,
    seed: int | None,
    *,
    err: TextIO | None = None,
    library_file: Path | None = None,
) -> int:
    """Print one routine the builder makes for `minutes` at `place`, as the tray would offer it
    to a new user (level 1, no last routine). `seed` makes the draw repeatable."""
    err = err or sys.stderr
    library = _load(err, library_file)
    try:
        routine = build_routine(library, minutes, place, History(), random.Random(seed))
    except ValueError as exc:
        err.write(f"glutewake routine: {exc}\n")
        return 1
    if as_json:
        json.dump(routine_as_dict(routine), out, indent=1, ensure_ascii=False)
        out.write("\n")
    else:
        out.write(_routine_text(routine))
    return 0


def routine_as_dict(routine: Routine) -> dict[str, object]:
    """The routine as JSON-ready data: what `glutewake routine --json` prints."""
    return {
        "id": routine.id,
        "title": routine.title,
        "place": routine.place,
        "total_seconds": routine.total_s,
        "steps": [
            {
                "exercise": s.exercise_id,
                "side": s.side,
                "reps": s.reps,
                "seconds": s.seconds,
                "hold_seconds": s.hold_s,
            }
            for s in routine.steps
        ],
    }


# --- loading --------------------------------------------------------------------------------------


class _DropAll(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return False


@contextmanager
def _unlogged(logger: logging.Logger) -> Iterator[None]:
    """The loader logs each problem for the app's log; here they are printed instead, once."""
    drop = _DropAll()
    logger.addFilter(drop)
    try:
        yield
    finally:
        logger.removeFilter(drop)


def _load(err: TextIO, library_file: Path | None) -> Library:
    with _unlogged(LOGGER):
        library, problems = load_library(library_file)
    for problem in problems:
        note = "note: " if problem.severity == "notice" else ""
        err.write(f"glutewake: {note}{problem.message}\n")
    return library


# --- text -----------------------------------------------------------------------------------------


def _dose_text(exercise: Exercise) -> str:
    side = " a side" if exercise.per_side else ""
    return f"{exercise.dose}{side}"


def _library_text(library: Library, custom_source: str) -> str:
    if not library.exercises:
        return "The library has no exercises.\n"
    rows = [
        (
            ex.id,
            ex.name,
            _MUSCLE_WORDS.get(ex.muscles, ", ".join(sorted(ex.muscles))),
            ex.place,
            str(ex.difficulty),
            _dose_text(ex),
            f"{ex.seconds} s",
        )
        for ex in library.exercises.values()
    ]
    header = ("id", "name", "glutes", "place", "level", "dose", "set")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip() + "\n"

    parts = [f"{len(rows)} exercises (glutes: max = gluteus maximus, med = gluteus medius)\n\n"]
    parts.append(line(header))
    for row, ex in zip(rows, library.exercises.values(), strict=True):
        parts.append(line(row))
        parts.append(f"    setup: {ex.cues.setup}\n")
        parts.append(f"    movement: {ex.cues.movement}\n")
        parts.append(f"    mistake: {ex.cues.mistake}\n")
        if ex.source == custom_source:
            parts.append(f"    (your own, from {ex.source})\n")
    if library.routines:
        parts.append(f"\n{len(library.routines)} named routines\n\n")
        for r in library.routines.values():
            own = " (your own)" if r.source == custom_source else ""
            parts.append(f"{r.id}: {r.name}, {r.minutes} min{own}: {', '.join(r.exercise_ids)}\n")
    return "".join(parts)


def _step_dose(step: Step) -> str:
    if step.reps is not None:
        return f"{step.reps} reps" if step.reps != 1 else "1 rep"
    if step.hold_s is not None:
        return f"hold {step.hold_s} s"
    return ""


def _routine_text(routine: Routine) -> str:
    rows = [
        (
            f"{n}.",
            step.name + (f", {step.side}" if step.side else ""),
            _step_dose(step),
            f"{step.seconds} s",
        )
        for n, step in enumerate(routine.steps, 1)
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    minutes, seconds = divmod(routine.total_s, 60)
    parts = [f"{routine.title}: {summary(routine)}\n\n"]
    for row in rows:
        parts.append(
            "  ".join(
                c.rjust(w) if i in (0, 3) else c.ljust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
            + "\n"
        )
    parts.append(f"\nTotal {minutes} min {seconds:02d} s (routine {routine.id})\n")
    return "".join(parts)
