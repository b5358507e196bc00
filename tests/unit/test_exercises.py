"""The exercise library: what a user sees when an entry is wrong, and what the app ships."""

from __future__ import annotations

import json
import re
import tomllib
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glutewake.core.exercise_entries import merge, parse_library
from glutewake.core.exercises import (
    BUILTIN_SOURCE,
    CUE_MAX_CHARS,
    GLUTE_MAX,
    GLUTE_MED,
    MUSCLES,
    PLACES,
    Cues,
    Dose,
    Exercise,
    Library,
    LibraryProblem,
    NamedRoutine,
    estimated_seconds,
    library_as_dict,
    minimum_seconds,
)
from glutewake.resource_files import exercise_library, illustrations_dir

SOURCE = "~/.config/glutewake/exercises.toml"
DELETE = object()

# The exercises the product is built around (issue 4), by their stable ids.
PRODUCT_EXERCISES = {
    "glute-bridge": "glute bridges",
    "clamshell": "clamshells",
    "donkey-kick": "donkey kicks",
    "single-leg-squat": "single-leg squats",
    "side-plank": "side planks",
    "single-leg-rdl": "single-leg Romanian deadlifts",
    "lunge": "lunges",
    "bulgarian-split-squat": "Bulgarian split squats",
    "wall-sit": "wall sits",
    "standing-glute-squeeze": "standing glute squeeze",
    "standing-hip-extension": "standing hip extension",
    "standing-hip-abduction": "standing hip abduction",
    "chair-sit-to-stand": "chair sit-to-stand",
    "chair-split-squat": "split squat with a chair",
}


def good_exercise(**changes: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": "banded-walk",
        "name": "Banded side walk",
        "muscles": ["gluteus medius"],
        "cues": {
            "setup": "Band above the knees, knees soft.",
            "movement": "Step sideways, keeping tension on the band.",
            "mistake": "Don't let your feet snap together.",
        },
        "reps": 10,
        "per_side": True,
        "place": "floor",
        "difficulty": 2,
        "seconds": 50,
        "illustration": "banded-walk.svg",
    }
    for key, value in changes.items():
        if value is DELETE:
            entry.pop(key, None)
        else:
            entry[key] = value
    return entry


def parse_one(**changes: Any) -> tuple[Library, list[LibraryProblem]]:
    return parse_library({"exercise": [good_exercise(**changes)]}, SOURCE)


def only_problem(problems: list[LibraryProblem]) -> LibraryProblem:
    assert len(problems) == 1, [p.message for p in problems]
    return problems[0]


def packaged_data() -> dict[str, Any]:
    text = exercise_library().read_text("utf-8")
    return tomllib.loads(text)


@pytest.fixture(scope="module")
def packaged() -> Library:
    library, problems = parse_library(packaged_data(), BUILTIN_SOURCE)
    assert problems == []
    return library


# --- a good entry -------------------------------------------------------------------------------


def test_a_complete_entry_loads_with_every_field_as_written() -> None:
    library, problems = parse_one()

    assert problems == []
    assert library.exercises == {
        "banded-walk": Exercise(
            id="banded-walk",
            name="Banded side walk",
            muscles=frozenset({GLUTE_MED}),
            cues=Cues(
                "Band above the knees, knees soft.",
                "Step sideways, keeping tension on the band.",
                "Don't let your feet snap together.",
            ),
            dose=Dose(reps=10),
            per_side=True,
            place="floor",
            difficulty=2,
            seconds=50,
            illustration="banded-walk.svg",
            source=SOURCE,
        )
    }


def test_optional_fields_take_their_documented_defaults() -> None:
    library, problems = parse_one(
        per_side=DELETE, difficulty=DELETE, seconds=DELETE, illustration=DELETE
    )

    assert problems == []
    exercise = library.exercises["banded-walk"]
    assert exercise.per_side is False
    assert exercise.difficulty == 1
    assert exercise.illustration is None
    # set-up 5 s + 10 reps at 3 s
    assert exercise.seconds == estimated_seconds(Dose(reps=10), per_side=False) == 35


def test_forgiving_spellings_are_read_as_the_user_meant() -> None:
    library, problems = parse_one(
        name="  Banded   side walk ",
        muscles=["  Gluteus Medius", "gluteus medius", "GLUTEUS MAXIMUS"],
        place=" Desk ",
        reps=12.0,
        illustration="",
    )

    assert problems == []
    exercise = library.exercises["banded-walk"]
    assert exercise.name == "Banded side walk"
    assert exercise.muscles == frozenset({GLUTE_MED, GLUTE_MAX})
    assert exercise.place == "desk"
    assert exercise.dose == Dose(reps=12)
    assert exercise.illustration is None


def test_a_hold_dose_loads_as_seconds() -> None:
    library, problems = parse_one(reps=DELETE, hold_s=30, seconds=65)

    assert problems == []
    assert library.exercises["banded-walk"].dose == Dose(hold_s=30)


# --- every field's mistakes ---------------------------------------------------------------------

# (changes, field named in the problem, fragments the message must hold)
FIELD_ERRORS: list[tuple[dict[str, Any], str, tuple[str, ...]]] = [
    ({"id": DELETE}, "id", ("is missing", 'id = "banded-clamshell"')),
    ({"id": 5}, "id", ("must be text in quotes", "a number (5)")),
    ({"id": "Banded Walk"}, "id", ("kebab-case", 'not "Banded Walk"')),
    ({"id": "banded--walk"}, "id", ("kebab-case",)),
    ({"id": "-walk"}, "id", ("kebab-case",)),
    ({"id": "w" * 41}, "id", ("1 to 40 characters",)),
    ({"name": DELETE}, "name", ("is missing", "name = ")),
    ({"name": "   "}, "name", ("not empty",)),
    ({"name": 7}, "name", ("must be text in quotes",)),
    ({"name": "n" * 41}, "name", ("at most 40 characters, not 41",)),
    ({"name": "bad\x00name"}, "name", ("on one line",)),
    ({"muscles": DELETE}, "muscles", ("is missing", 'muscles = ["gluteus medius"]')),
    ({"muscles": "gluteus medius"}, "muscles", ("a list, even for one muscle",)),
    ({"muscles": []}, "muscles", ('"gluteus maximus" or "gluteus medius"',)),
    ({"muscles": ["hamstrings"]}, "muscles", ('lists "hamstrings"', '"gluteus maximus" or')),
    ({"muscles": ["gluteus medus"]}, "muscles", ('Did you mean "gluteus medius"?',)),
    ({"muscles": [3]}, "muscles", ("as text in quotes",)),
    ({"cues": DELETE}, "cues", ("is missing", "cues = { setup")),
    ({"cues": "Squeeze."}, "cues", ("must be a table with setup, movement and mistake",)),
    (
        {"cues": {"setup": "a", "movement": "b"}},
        "cues.mistake",
        ("is missing", "common mistake"),
    ),
    (
        {"cues": {"setup": "s" * (CUE_MAX_CHARS + 1), "movement": "b", "mistake": "c"}},
        "cues.setup",
        (f"is {CUE_MAX_CHARS + 1} characters; at most {CUE_MAX_CHARS}", "less time"),
    ),
    ({"cues": {"setup": 1, "movement": "b", "mistake": "c"}}, "cues.setup", ("text in quotes",)),
    ({"cues": {"setup": "a", "movement": " ", "mistake": "c"}}, "cues.movement", ("not empty",)),
    ({"reps": DELETE}, "reps", ("is missing, and so is hold_s", "reps = N", "hold_s = N")),
    ({"hold_s": 20}, "hold_s", ("is given along with reps", "keep one of them")),
    ({"reps": 0}, "reps", ("a whole number from 1 to 50 reps, not 0",)),
    ({"reps": 51}, "reps", ("from 1 to 50 reps, not 51",)),
    ({"reps": "10"}, "reps", ('drop the quotes around "10"',)),
    ({"reps": True}, "reps", ("not true",)),
    ({"reps": 10.5}, "reps", ("not 10.5",)),
    ({"reps": float("nan")}, "reps", ("not nan",)),
    ({"reps": DELETE, "hold_s": 4}, "hold_s", ("from 5 to 600 seconds, not 4",)),
    ({"reps": DELETE, "hold_s": 601, "seconds": 900}, "hold_s", ("not 601",)),
    ({"per_side": "yes"}, "per_side", ('true or false, without quotes, not "yes"',)),
    ({"per_side": 1}, "per_side", ("true or false", "not 1")),
    ({"place": DELETE}, "place", ("is missing", '"desk", "wall" or "floor"')),
    ({"place": "office"}, "place", ('not "office"', "standing at the desk in office clothes")),
    ({"place": "dsk"}, "place", ('Did you mean "desk"?',)),
    ({"place": 3}, "place", ("not a number (3)",)),
    ({"difficulty": 0}, "difficulty", ("a whole number from 1 to 3, not 0",)),
    ({"difficulty": 4}, "difficulty", ("not 4",)),
    ({"difficulty": "2"}, "difficulty", ("drop the quotes",)),
    ({"seconds": 4}, "seconds", ("from 5 to 900 seconds, not 4",)),
    ({"seconds": 901}, "seconds", ("not 901",)),
    ({"seconds": False}, "seconds", ("not false",)),
    ({"seconds": 19}, "seconds", ("shorter than the set itself", "10 reps on each side", "20")),
    (
        {"reps": DELETE, "hold_s": 30, "seconds": 59},
        "seconds",
        ("a 30 s hold on each side takes at least 60 seconds", "leave seconds out"),
    ),
    ({"illustration": 3}, "illustration", ("name or path of an SVG file",)),
    ({"illustration": "walk.png"}, "illustration", ('ending in .svg), not "walk.png"',)),
    ({"illustration": "a\nb.svg"}, "illustration", ("on one line",)),
]


@pytest.mark.parametrize(
    ("changes", "field", "fragments"),
    FIELD_ERRORS,
    ids=[f"{field}-{i}" for i, (_, field, _) in enumerate(FIELD_ERRORS)],
)
def test_a_bad_field_leaves_its_exercise_out_with_a_message_naming_file_entry_and_field(
    changes: dict[str, Any], field: str, fragments: tuple[str, ...]
) -> None:
    data = {"exercise": [good_exercise(**changes), good_exercise(id="other-walk")]}

    library, problems = parse_library(data, SOURCE)

    problem = only_problem(problems)
    assert list(library.exercises) == ["other-walk"], "the rest of the file still loads"
    assert problem.source == SOURCE
    assert problem.table == "exercise"
    assert problem.field == field
    assert problem.severity == "error"
    entry = "[[exercise]] #1" if field == "id" else '[[exercise]] #1 (id "banded-walk")'
    assert problem.message.startswith(f"{SOURCE}: {entry}, field '{field}': "), problem.message
    assert problem.message.endswith("This exercise was left out; the rest of the library loads.")
    for fragment in fragments:
        assert fragment in problem.message, problem.message
    assert str(problem) == problem.message


def test_every_bad_field_of_one_entry_is_reported_not_just_the_first() -> None:
    _, problems = parse_one(name="", place="moon", difficulty=9)

    assert [p.field for p in problems] == ["name", "place", "difficulty"]
    assert all(p.entry == "banded-walk" for p in problems)


def test_an_entry_without_a_usable_id_is_named_by_its_position() -> None:
    data = {"exercise": [good_exercise(id="other"), good_exercise(id="Bad!", place="moon")]}

    _, problems = parse_library(data, SOURCE)

    assert {p.entry for p in problems} == {"#2"}
    assert all("[[exercise]] #2, field" in p.message for p in problems)


def test_an_unknown_key_is_reported_with_a_suggestion_and_the_exercise_still_loads() -> None:
    library, problems = parse_one(per_sid=True)

    problem = only_problem(problems)
    assert "banded-walk" in library.exercises
    assert problem.field == "per_sid"
    assert "Did you mean 'per_side'?" in problem.message
    assert problem.message.endswith("The key was ignored; the rest of this exercise loads.")


def test_an_unknown_cue_is_reported_and_ignored() -> None:
    cues = dict(good_exercise()["cues"], breathing="Breathe out on the way up.")
    library, problems = parse_one(cues=cues)

    problem = only_problem(problems)
    assert "banded-walk" in library.exercises
    assert problem.field == "cues.breathing"
    assert "The cues are setup, movement and mistake" in problem.message


def test_a_misspelt_cue_gets_a_suggestion_and_the_missing_one_leaves_the_entry_out() -> None:
    cues = {"setup": "a", "movment": "b", "mistake": "c"}
    library, problems = parse_one(cues=cues)

    assert library.exercises == {}
    assert [p.field for p in problems] == ["cues.movment", "cues.movement"]
    assert "Did you mean 'movement'?" in problems[0].message


def test_a_second_entry_with_the_same_id_is_left_out_and_the_first_kept() -> None:
    data = {"exercise": [good_exercise(), good_exercise(name="Another walk")]}

    library, problems = parse_library(data, SOURCE)

    problem = only_problem(problems)
    assert library.exercises["banded-walk"].name == "Banded side walk"
    assert problem.field == "id"
    assert '[[exercise]] #2 (id "banded-walk")' in problem.message
    assert "already the id of [[exercise]] #1 in this file" in problem.message


# --- the file's shape ---------------------------------------------------------------------------


def test_a_single_bracket_table_is_explained() -> None:
    library, problems = parse_library({"exercise": good_exercise()}, SOURCE)

    problem = only_problem(problems)
    assert library.exercises == {}
    assert problem.table == "exercise"
    assert problem.entry is None
    assert "two brackets" in problem.message


def test_an_entry_that_is_not_a_table_is_left_out_and_the_rest_loads() -> None:
    library, problems = parse_library({"exercise": ["clamshell", good_exercise()]}, SOURCE)

    problem = only_problem(problems)
    assert list(library.exercises) == ["banded-walk"]
    assert problem.entry == "#1"
    assert "[[exercise]] #1 is text" in problem.message


def test_an_unknown_top_level_key_is_reported_with_a_suggestion() -> None:
    library, problems = parse_library({"exercises": [good_exercise()]}, SOURCE)

    problem = only_problem(problems)
    assert library.exercises == {}
    assert problem.field == "exercises"
    assert "Did you mean [[exercise]]?" in problem.message


def test_data_that_is_not_a_table_gives_one_problem_and_an_empty_library() -> None:
    library, problems = parse_library(["exercise"], SOURCE)  # type: ignore[arg-type]

    assert library == Library()
    assert only_problem(problems).message.startswith(f"{SOURCE}: is not a table")


def test_an_empty_file_is_an_empty_library_without_problems() -> None:
    assert parse_library({}, SOURCE) == (Library(), [])


# --- routines -----------------------------------------------------------------------------------


def good_routine(**changes: Any) -> dict[str, Any]:
    routine: dict[str, Any] = {
        "id": "lunch-walk",
        "name": "Lunch walk",
        "exercises": ["banded-walk", "glute-bridge"],
        "minutes": 3,
    }
    for key, value in changes.items():
        if value is DELETE:
            routine.pop(key, None)
        else:
            routine[key] = value
    return routine


def parse_routine(
    *routines: dict[str, Any], exercises: list[dict[str, Any]] | None = None
) -> tuple[Library, list[LibraryProblem]]:
    data = {"exercise": [good_exercise()] if exercises is None else exercises}
    data["routine"] = list(routines)
    return parse_library(data, SOURCE, known_exercise_ids={"glute-bridge", "clamshell"})


def test_a_routine_may_name_exercises_from_its_file_and_from_the_known_library() -> None:
    library, problems = parse_routine(good_routine())

    assert problems == []
    assert library.routines == {
        "lunch-walk": NamedRoutine(
            "lunch-walk", "Lunch walk", ("banded-walk", "glute-bridge"), 3, source=SOURCE
        )
    }


ROUTINE_ERRORS: list[tuple[dict[str, Any], str, tuple[str, ...]]] = [
    ({"id": DELETE}, "id", ("is missing",)),
    ({"name": DELETE}, "name", ("is missing",)),
    ({"exercises": DELETE}, "exercises", ("is missing", 'exercises = ["glute-bridge"')),
    ({"exercises": []}, "exercises", ("one or more exercise ids",)),
    ({"exercises": "glute-bridge"}, "exercises", ("must be a list",)),
    ({"exercises": [1]}, "exercises", ("as text in quotes",)),
    ({"exercises": ["glute-bridge"] * 21}, "exercises", ("lists 21 exercises; at most 20",)),
    (
        {"exercises": ["glute-brige", "moonwalk"]},
        "exercises",
        (
            'names "glute-brige" and "moonwalk", which are not exercises in the library',
            'Did you mean "glute-bridge"?',
        ),
    ),
    ({"minutes": DELETE}, "minutes", ("is missing", "minutes = 5")),
    ({"minutes": 0}, "minutes", ("a whole number from 1 to 60 minutes, not 0",)),
    ({"minutes": 61}, "minutes", ("not 61",)),
]


@pytest.mark.parametrize(
    ("changes", "field", "fragments"),
    ROUTINE_ERRORS,
    ids=[f"{field}-{i}" for i, (_, field, _) in enumerate(ROUTINE_ERRORS)],
)
def test_a_bad_routine_field_leaves_the_routine_out_naming_file_entry_and_field(
    changes: dict[str, Any], field: str, fragments: tuple[str, ...]
) -> None:
    library, problems = parse_routine(good_routine(**changes), good_routine(id="other"))

    problem = only_problem(problems)
    assert list(library.routines) == ["other"]
    assert problem.table == "routine"
    assert problem.field == field
    entry = "[[routine]] #1" if field == "id" else '[[routine]] #1 (id "lunch-walk")'
    assert problem.message.startswith(f"{SOURCE}: {entry}, field '{field}': "), problem.message
    assert problem.message.endswith("This routine was left out; the rest of the library loads.")
    for fragment in fragments:
        assert fragment in problem.message, problem.message


def test_a_routine_naming_an_exercise_left_out_for_its_own_problem_says_so() -> None:
    library, problems = parse_routine(good_routine(), exercises=[good_exercise(place="moon")])

    assert library.routines == {}
    assert [p.field for p in problems] == ["place", "exercises"]
    assert "left out of this file because of problems of its own" in problems[1].message


def test_a_broken_override_of_a_known_exercise_leaves_routines_on_the_known_one() -> None:
    library, problems = parse_routine(
        good_routine(exercises=["clamshell"]),
        exercises=[good_exercise(id="clamshell", reps=0)],
    )

    assert [p.field for p in problems] == ["reps"]
    assert library.routines["lunch-walk"].exercise_ids == ("clamshell",)


def test_a_second_routine_with_the_same_id_is_left_out() -> None:
    library, problems = parse_routine(good_routine(), good_routine(name="Again"))

    assert library.routines["lunch-walk"].name == "Lunch walk"
    assert "already the id of [[routine]] #1" in only_problem(problems).message


# --- merging --------------------------------------------------------------------------------------


def test_custom_entries_replace_built_in_ones_in_place_with_a_notice(packaged: Library) -> None:
    custom, problems = parse_library(
        {
            "exercise": [good_exercise(id="clamshell", name="Banded clamshell"), good_exercise()],
            "routine": [good_routine(id="walk", exercises=["banded-walk"], minutes=2)],
        },
        SOURCE,
        known_exercise_ids=packaged.exercises.keys(),
    )
    assert problems == []

    merged, notices = merge(packaged, custom)

    assert list(merged.exercises) == [*packaged.exercises, "banded-walk"]
    assert merged.exercises["clamshell"].name == "Banded clamshell"
    assert merged.exercises["clamshell"].source == SOURCE
    assert merged.exercises["glute-bridge"] is packaged.exercises["glute-bridge"]
    assert merged.routines["walk"].exercise_ids == ("banded-walk",)
    assert [(n.table, n.entry, n.severity) for n in notices] == [
        ("exercise", "clamshell", "notice"),
        ("routine", "walk", "notice"),
    ]
    assert notices[0].message == (
        f'{SOURCE}: [[exercise]] "clamshell" replaces the built-in exercise with that id. '
        "To add a new exercise instead, give it an id of its own."
    )
    assert packaged.exercises["clamshell"].name == "Clamshell", "the built-in is untouched"


def test_merging_an_empty_custom_library_changes_nothing(packaged: Library) -> None:
    assert merge(packaged, Library()) == (packaged, [])


# --- small pieces ---------------------------------------------------------------------------------


def test_a_dose_is_reps_or_a_hold_never_both_or_neither() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        Dose()
    with pytest.raises(ValueError, match="exactly one"):
        Dose(reps=10, hold_s=30)
    with pytest.raises(ValueError, match="positive"):
        Dose(hold_s=0)
    assert (str(Dose(reps=12)), str(Dose(reps=1)), str(Dose(hold_s=30))) == (
        "12 reps",
        "1 rep",
        "30 s",
    )


def test_estimated_and_minimum_seconds_count_both_sides() -> None:
    assert estimated_seconds(Dose(reps=10), per_side=True) == 5 + 30 * 2 + 5
    assert estimated_seconds(Dose(hold_s=20), per_side=False) == 25
    assert minimum_seconds(Dose(hold_s=20), per_side=True) == 40
    assert minimum_seconds(Dose(reps=8), per_side=False) == 8


def test_the_library_as_json_lists_every_exercise_in_the_files_vocabulary(
    packaged: Library,
) -> None:
    data = json.loads(json.dumps(library_as_dict(packaged)))

    assert [e["id"] for e in data["exercises"]] == list(packaged.exercises)
    bridge = data["exercises"][0]
    assert bridge["muscles"] == ["gluteus maximus"]
    assert bridge["reps"] == 12
    assert bridge["hold_s"] is None
    assert set(bridge["cues"]) == {"setup", "movement", "mistake"}
    assert {r["id"] for r in data["routines"]} == {"pre-run", "walk"}


# --- the packaged library -------------------------------------------------------------------------


def test_the_packaged_library_loads_with_no_problem(packaged: Library) -> None:
    assert len(packaged.exercises) >= len(PRODUCT_EXERCISES)
    assert all(ex.source == BUILTIN_SOURCE for ex in packaged.exercises.values())


def test_every_exercise_the_product_is_built_around_is_in_the_library(packaged: Library) -> None:
    missing = [what for ex_id, what in PRODUCT_EXERCISES.items() if ex_id not in packaged.exercises]
    assert missing == []


def test_the_packaged_file_spells_out_every_field_for_every_exercise() -> None:
    # Defaults are for users' convenience; the shipped library says everything explicitly.
    required = {"id", "name", "muscles", "cues", "per_side", "place", "difficulty", "seconds"}
    for entry in packaged_data()["exercise"]:
        assert required <= set(entry), entry["id"]
        assert ("reps" in entry) != ("hold_s" in entry), entry["id"]
        assert "illustration" in entry, entry["id"]


def test_every_cue_is_short_enough_to_read_faster_than_the_set_takes(packaged: Library) -> None:
    for exercise in packaged.exercises.values():
        for cue in (exercise.cues.setup, exercise.cues.movement, exercise.cues.mistake):
            assert 10 <= len(cue) < 70, (exercise.id, cue)
            assert cue.endswith("."), (exercise.id, cue)
        assert exercise.cues.mistake.startswith("Don't"), exercise.id


def test_every_exercise_has_its_own_packaged_pictogram(packaged: Library) -> None:
    folder = illustrations_dir()
    names = [ex.illustration for ex in packaged.exercises.values()]

    assert len(set(names)) == len(names), "one pictogram per exercise"
    for exercise in packaged.exercises.values():
        assert exercise.illustration == f"{exercise.id}.svg"
        assert folder.joinpath(exercise.illustration).is_file(), exercise.id


def test_the_pictograms_share_one_style_and_name_their_exercise(packaged: Library) -> None:
    folder = illustrations_dir()
    ns = "{http://www.w3.org/2000/svg}"
    for exercise in packaged.exercises.values():
        assert exercise.illustration is not None
        text = folder.joinpath(exercise.illustration).read_text("utf-8")
        root = ET.fromstring(text)
        assert root.tag == f"{ns}svg"
        assert root.get("viewBox") == "0 0 120 120", exercise.id
        assert root.findtext(f"{ns}title") == exercise.name
        accents = [e for e in root.iter(f"{ns}ellipse") if e.get("fill") == "#2ea05a"]
        assert len(accents) == 1, f"{exercise.id}: the working glute, highlighted once"
        assert len(root.findall(f"{ns}circle")) == 1, f"{exercise.id}: one round head"
        inks = set(re.findall(r'(?:stroke|fill)="(#[0-9a-f]{6})"', text))
        assert inks <= {"#2b3440", "#2ea05a", "#9aa3ad", "#7a8591"}, exercise.id
        assert 'stroke-linecap="round"' in text
        for external in ("href", "<image", "url(", "<style", "<script"):
            assert external not in text, f"{exercise.id}: self-contained, no {external}"


def test_each_glute_is_worked_by_several_exercises_at_several_places(packaged: Library) -> None:
    for muscle in MUSCLES:
        working = [ex for ex in packaged.exercises.values() if muscle in ex.muscles]
        assert len(working) >= 5, muscle
        assert {ex.place for ex in working} == set(PLACES), muscle
        # a level-1 office routine needs an easy desk move for each muscle
        assert any(ex.place == "desk" and ex.difficulty == 1 for ex in working), muscle


def test_the_desk_offers_both_reps_and_holds(packaged: Library) -> None:
    desk = [ex for ex in packaged.exercises.values() if ex.place == "desk"]

    assert any(ex.dose.reps is not None for ex in desk)
    assert any(ex.dose.hold_s is not None and ex.id != "walk" for ex in desk)


def test_difficulty_has_room_to_step_up_on_the_floor_and_at_the_desk(packaged: Library) -> None:
    for place in ("desk", "floor"):
        levels = {ex.difficulty for ex in packaged.exercises.values() if ex.place == place}
        assert levels == {1, 2, 3}, place


def test_seconds_fit_the_dose_of_every_packaged_exercise(packaged: Library) -> None:
    for ex in packaged.exercises.values():
        # Not shorter than the work, and not padded past a relaxed 4 s a rep plus switching.
        assert minimum_seconds(ex.dose, ex.per_side) <= ex.seconds, ex.id
        work = ex.dose.reps * 4 if ex.dose.reps is not None else ex.dose.hold_s or 0
        assert ex.seconds <= work * ex.sides + 15, ex.id


def test_the_named_routines_fit_their_minutes_and_the_pre_run_one_mixes_places(
    packaged: Library,
) -> None:
    assert set(packaged.routines) == {"pre-run", "walk"}
    for routine in packaged.routines.values():
        exercises = [packaged.exercises[i] for i in routine.exercise_ids]
        total = sum(ex.seconds for ex in exercises)
        assert abs(total - routine.minutes * 60) <= 0.15 * routine.minutes * 60, routine.id
    pre_run = packaged.routines["pre-run"]
    assert pre_run.minutes == 5
    places = {packaged.exercises[i].place for i in pre_run.exercise_ids}
    assert {"floor", "desk"} <= places
    muscles = set().union(*(packaged.exercises[i].muscles for i in pre_run.exercise_ids))
    assert muscles == set(MUSCLES)
    assert packaged.routines["walk"] == NamedRoutine("walk", "Just walk", ("walk",), 2)


# --- fuzzing ------------------------------------------------------------------------------------

_KEYS = st.sampled_from(
    [
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
        "exercises",
        "minutes",
        "setup",
        "movement",
        "mistake",
    ]
) | st.text(max_size=8)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**64), max_value=2**64)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=90)
    | st.sampled_from([*MUSCLES, *PLACES, "glute-bridge", "x.svg", "banded-walk"])
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=6),
    max_leaves=20,
)
_ENTRY = st.fixed_dictionaries(
    {},
    optional={
        "id": st.sampled_from(["banded-walk", "glute-bridge", "Bad"]) | _VALUES,
        "name": st.text(max_size=45) | _VALUES,
        "muscles": st.lists(st.sampled_from([*MUSCLES, "x"]), max_size=3) | _VALUES,
        "cues": st.fixed_dictionaries(
            {}, optional={k: st.text(max_size=85) for k in ("setup", "movement", "mistake")}
        )
        | _VALUES,
        "reps": st.integers(-2, 60) | _VALUES,
        "hold_s": st.integers(-2, 700) | _VALUES,
        "per_side": st.booleans() | _VALUES,
        "place": st.sampled_from(PLACES) | _VALUES,
        "difficulty": st.integers(-1, 5) | _VALUES,
        "seconds": st.integers(-1, 1000) | _VALUES,
        "illustration": st.sampled_from(["a.svg", "", "/x/y.svg"]) | _VALUES,
        "exercises": st.lists(st.sampled_from(["banded-walk", "glute-bridge", "nope"])) | _VALUES,
        "minutes": st.integers(-1, 70) | _VALUES,
    },
)


@st.composite
def _mutated(draw: st.DrawFn, good: dict[str, Any]) -> dict[str, Any]:
    """A good entry with a few fields dropped or replaced: close to what users write."""
    entry = dict(good)
    for key in draw(st.sets(st.sampled_from(sorted(entry)), max_size=3)):
        if draw(st.booleans()):
            del entry[key]
        else:
            entry[key] = draw(_VALUES)
    return entry


_IDS = st.sampled_from(["banded-walk", "walk-two", "glute-bridge"])
_GOOD_ENTRY = _IDS.flatmap(lambda i: _mutated(good_exercise(id=i)))
_GOOD_ROUTINE = st.tuples(_IDS, st.sampled_from([["glute-bridge"], ["banded-walk"]])).flatmap(
    lambda t: _mutated(good_routine(id=t[0], exercises=t[1]))
)
_FILE = st.fixed_dictionaries(
    {},
    optional={
        "exercise": st.lists(_GOOD_ENTRY | _ENTRY | _VALUES, max_size=4) | _VALUES,
        "routine": st.lists(_GOOD_ROUTINE | _ENTRY | _VALUES, max_size=3) | _VALUES,
    },
) | st.dictionaries(_KEYS, _VALUES, max_size=3)


@settings(max_examples=400, deadline=None)
@given(_FILE)
def test_parsing_never_raises_and_whatever_loads_is_valid(data: dict[str, Any]) -> None:
    library, problems = parse_library(data, SOURCE, known_exercise_ids={"glute-bridge"})

    for ex_id, exercise in library.exercises.items():
        assert ex_id == exercise.id
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", ex_id)
        assert exercise.muscles
        assert exercise.muscles <= set(MUSCLES)
        assert exercise.place in PLACES
        assert 1 <= exercise.difficulty <= 3
        assert minimum_seconds(exercise.dose, exercise.per_side) <= exercise.seconds <= 900
        assert all(0 < len(c) <= CUE_MAX_CHARS for c in vars_of(exercise.cues))
    for routine in library.routines.values():
        assert routine.exercise_ids
        assert set(routine.exercise_ids) <= {"glute-bridge", *library.exercises}
    for problem in problems:
        assert problem.message.startswith(f"{SOURCE}: ")
        assert problem.severity == "error"
    if not problems:  # nothing is ever dropped silently
        assert len(library.exercises) == len(data.get("exercise") or [])
        assert len(library.routines) == len(data.get("routine") or [])


def vars_of(cues: Cues) -> tuple[str, str, str]:
    return (cues.setup, cues.movement, cues.mistake)
