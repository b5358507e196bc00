"""Reads the exercise library: the packaged exercises.toml and the user's own exercises.toml.

Why the user's file can never cost the built-in library: it is read, parsed and checked on its
own, and anything wrong with it (missing, unreadable, not TOML, bad entries) becomes a
`LibraryProblem` while the built-in exercises still load. The file belongs to the user, so this
module only reads it: no repairs, no renames, no "migrations" (house rule 3).

Where pictures come from: a built-in exercise names a file in the packaged
resources/illustrations. A custom exercise may name one of those too (reusing the clamshell picture
for a banded clamshell), an absolute path, or a path relative to the user's exercises.toml;
`load_library` turns the last kind into an absolute path so `illustration_path` needs no
context. A picture that is not there is a notice, and the exercise shows without one.
"""

from __future__ import annotations

import dataclasses
import logging
import tomllib
from pathlib import Path

import platformdirs

from glutewake.core.exercise_entries import merge, parse_library
from glutewake.core.exercises import BUILTIN_SOURCE, Exercise, Library, LibraryProblem
from glutewake.resource_files import LIBRARY_FILE_NAME, exercise_library, illustrations_dir
from glutewake.store.user_file import UnreadableFile, read_user_toml

LOGGER = logging.getLogger("glutewake.library")

# A library of a few hundred exercises is well under this; refusing anything huge keeps a
# mistaken path (a log file, a disk image) from stalling start-up or eating memory.
MAX_LIBRARY_BYTES = 1024 * 1024

_UNTOUCHED = "The file was left untouched; only the built-in exercises and routines are used."


def default_custom_path() -> Path:
    """Where the user's own exercises live (~/.config/glutewake/exercises.toml on Linux)."""
    return platformdirs.user_config_path("glutewake") / LIBRARY_FILE_NAME


def load_library(custom_path: Path | None = None) -> tuple[Library, list[LibraryProblem]]:
    """The built-in library with the user's file on top, and everything worth telling them.

    Never raises for anything in either file. A missing custom file is normal (most users
    never write one) and is not a problem. Problems are also logged: errors as warnings,
    notices (a custom entry replacing a built-in one, a missing picture) as info.
    """
    builtin, problems = _load_builtin()
    path = default_custom_path() if custom_path is None else custom_path
    raw, file_problem = _read_toml(path)
    if file_problem is not None:
        problems.append(file_problem)
    if raw is None:
        _log(problems)
        return builtin, problems

    custom, custom_problems = parse_library(
        raw, str(path), known_exercise_ids=builtin.exercises.keys()
    )
    custom, picture_notices = _resolve_custom_illustrations(custom, path)
    merged, notices = merge(builtin, custom)
    problems += custom_problems + picture_notices + notices
    _log(problems)
    return merged, problems


def illustration_path(exercise: Exercise) -> Path | None:
    """The SVG to show for `exercise`, or None when it has none or the file is not there."""
    name = exercise.illustration
    if not name:
        return None
    path = Path(name)
    if path.is_absolute():
        return path if _is_file(path) else None
    packaged = _packaged_illustration(name)
    return packaged if packaged is not None and _is_file(packaged) else None


# --- the built-in library -------------------------------------------------------------------------


def _load_builtin() -> tuple[Library, list[LibraryProblem]]:
    """The packaged library. A packaging mistake is reported, not raised: reminders still run."""
    try:
        raw = tomllib.loads(exercise_library().read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        message = (
            f"{BUILTIN_SOURCE}: glutewake's own {LIBRARY_FILE_NAME} could not be read ({error}); "
            "it is installed incompletely, so no built-in exercises are offered. Reinstalling "
            "should fix it."
        )
        return Library(), [LibraryProblem(BUILTIN_SOURCE, None, None, None, message)]
    return parse_library(raw, BUILTIN_SOURCE)


def _packaged_illustration(name: str) -> Path | None:
    """The packaged picture called `name`; only plain file names, so nothing escapes the folder."""
    if name in {".", ".."} or "/" in name or "\\" in name:
        return None
    try:
        return illustrations_dir() / name
    except FileNotFoundError:  # an incomplete install: the exercise shows without a picture
        return None


# --- the user's file ------------------------------------------------------------------------------


def _read_toml(path: Path) -> tuple[dict[str, object] | None, LibraryProblem | None]:
    """The parsed file, or None with the problem that stopped it (None for a missing file)."""
    source = str(path)
    try:
        return read_user_toml(path, MAX_LIBRARY_BYTES), None
    except FileNotFoundError:
        if path.is_symlink():
            return None, _unusable(source, "is a link to a file that does not exist")
        LOGGER.info("no custom exercise file at %s; using the built-in library", path)
        return None, None
    except UnreadableFile as error:
        return None, _unusable(source, str(error))


def _unusable(source: str, reason: str) -> LibraryProblem:
    return LibraryProblem(source, None, None, None, f"{source}: {reason}. {_UNTOUCHED}")


def _resolve_custom_illustrations(
    custom: Library, path: Path
) -> tuple[Library, list[LibraryProblem]]:
    """Custom pictures as absolute paths (or packaged names), and a notice for each missing one."""
    notices: list[LibraryProblem] = []
    exercises: dict[str, Exercise] = {}
    for ex_id, exercise in custom.exercises.items():
        exercises[ex_id] = exercise
        name = exercise.illustration
        if name is None:
            continue
        packaged = _packaged_illustration(name)
        if packaged is not None and _is_file(packaged):
            continue
        resolved = path.parent / Path(name).expanduser()
        exercises[ex_id] = dataclasses.replace(exercise, illustration=str(resolved))
        if not _is_file(resolved):
            notices.append(_missing_picture(str(path), ex_id, name, resolved))
    return Library(exercises, custom.routines), notices


def _missing_picture(source: str, ex_id: str, name: str, resolved: Path) -> LibraryProblem:
    message = (
        f'{source}: [[exercise]] "{ex_id}", field \'illustration\': "{name}" is neither a '
        f"built-in picture nor a file at {resolved}. The exercise loads and shows without one."
    )
    return LibraryProblem(source, "exercise", ex_id, "illustration", message, "notice")


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a path too long, or a folder the user may not read
        return False


def _log(problems: list[LibraryProblem]) -> None:
    for problem in problems:
        level = logging.INFO if problem.severity == "notice" else logging.WARNING
        LOGGER.log(level, "%s", problem.message)
