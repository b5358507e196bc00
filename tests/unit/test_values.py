"""The shared value vocabulary: one rule for each kind of value, whichever file it is written in."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glutewake.core.exercise_entries import parse_library
from glutewake.core.exercises import MUSCLES, PLACES
from glutewake.core.settings import SPECS, SettingSpec, load_settings, parse_value
from glutewake.core.values import (
    Boolean,
    Choice,
    ClockTime,
    Fault,
    Kind,
    NameList,
    Refusal,
    Text,
    WholeNumber,
    closest,
    format_value,
    show,
)

SOURCE = "~/.config/glutewake/config.toml"

KINDS: list[Kind[Any]] = [
    WholeNumber(1, 50, "reps"),
    WholeNumber(0, None, "days"),
    WholeNumber(choices=(1, 2, 3, 5), unit="minutes"),
    Boolean(),
    Choice(("office", "floor")),
    NameList(("mon", "tue", "wed")),
    NameList(("gluteus maximus", "gluteus medius"), repeats=True),
    Text(40),
    ClockTime(0, 23 * 60 + 59),
]

ANY_VALUE = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=50)
    | st.sampled_from(["office", " Floor ", "mon", "09:00", "24:00", "gluteus medius", "12"])
    | st.times(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=10,
)


# --- what each kind accepts ---------------------------------------------------------------------


@given(st.sampled_from(KINDS), ANY_VALUE)
def test_a_kind_either_accepts_a_value_for_good_or_says_why_not(
    kind: Kind[Any], value: object
) -> None:
    checked = kind.check(value)
    if isinstance(checked, Refusal):
        assert checked.reason.split()[0] in {"is", "has", "contains", "names"}
        assert checked.wanted == kind.words
    else:
        # The canonical form is itself accepted, unchanged: saving a value and reading it
        # back gives the same value.
        assert kind.check(checked) == checked


@pytest.mark.parametrize(
    ("value", "fault"),
    [
        (True, Fault.WRONG_TYPE),
        ("12", Fault.WRONG_TYPE),
        (12.5, Fault.NOT_WHOLE),
        (float("nan"), Fault.NOT_WHOLE),
        (float("inf"), Fault.NOT_WHOLE),
        (0, Fault.OUT_OF_RANGE),
        (51, Fault.OUT_OF_RANGE),
        ([12], Fault.WRONG_TYPE),
    ],
)
def test_what_is_not_a_whole_number_in_range(value: object, fault: Fault) -> None:
    refusal = WholeNumber(1, 50, "reps").check(value)
    assert isinstance(refusal, Refusal)
    assert refusal.fault is fault


def test_a_whole_decimal_is_that_number_and_a_quoted_one_is_shown_without_quotes() -> None:
    kind = WholeNumber(1, 50, "reps")
    assert kind.check(12.0) == 12
    refusal = kind.check("12")
    assert isinstance(refusal, Refusal)
    assert refusal.reason == "is text in quotes, not a whole number"
    assert refusal.hint("reps") == "Write it without quotes: reps = 12."


def test_a_quoted_list_is_shown_as_a_list() -> None:
    refusal = NameList(("mon", "tue")).check("mon,tue")
    assert isinstance(refusal, Refusal)
    assert refusal.hint("working_days") == 'Write it as a list: working_days = ["mon", "tue"].'


def test_the_allowed_range_is_worded_the_same_for_every_bound() -> None:
    assert WholeNumber(1, 240, "minutes").allowed() == "1 to 240 minutes"
    assert WholeNumber(1, 240, "minutes").allowed(with_unit=False) == "1 to 240"
    assert WholeNumber(0, None, "days").allowed() == "0 or more days"
    assert WholeNumber(None, 9).allowed() == "up to 9"
    assert WholeNumber().allowed() == "any whole number"
    assert WholeNumber(choices=(1, 2, 3, 5), unit="minutes").allowed() == "1, 2, 3 or 5 minutes"
    assert Choice(PLACES).allowed() == '"desk", "wall" or "floor"'
    assert (
        NameList(("mon", "tue")).allowed()
        == 'a list of one or more of "mon", "tue", each at most once'
    )
    assert ClockTime(0, 1439).allowed() == 'a time from "00:00" to "23:59", written "HH:MM"'
    assert Text(40).allowed() == "text on one line, at most 40 characters"


def test_names_are_matched_ignoring_case_and_spaces_and_kept_in_the_choices_order() -> None:
    assert NameList(("mon", "tue", "wed")).check([" WED", "Mon"]) == ("mon", "wed")
    assert Choice(("office", "floor")).check("  FLOOR ") == "floor"


def test_a_repeated_name_is_refused_only_where_repeats_are_a_slip() -> None:
    days = NameList(("mon", "tue")).check(["mon", "Mon"])
    assert isinstance(days, Refusal)
    assert days.reason == 'names "mon" more than once'
    assert NameList(MUSCLES, repeats=True).check(["gluteus medius", "Gluteus  Medius"]) == (
        "gluteus medius",
    )


def test_every_unknown_name_is_named_with_a_suggestion_for_each() -> None:
    refusal = NameList(("mon", "tue", "wed")).check(["monday", "caturday", "wednsday"])
    assert isinstance(refusal, Refusal)
    assert refusal.reason == (
        'contains "monday", "caturday" and "wednsday", which are not among the choices'
    )
    assert refusal.hint("working_days") == 'Did you mean "mon" and "wed"?'


def test_text_is_folded_to_one_line_and_refused_when_empty_unprintable_or_long() -> None:
    kind = Text(10)
    assert kind.check("  two   words ") == "two words"
    faults = {value: kind.check(value) for value in ("   ", "a\x00b", "x" * 11)}
    assert [r.fault for r in faults.values() if isinstance(r, Refusal)] == [
        Fault.EMPTY,
        Fault.NOT_ONE_LINE,
        Fault.TOO_LONG,
    ]
    too_long = faults["x" * 11]
    assert isinstance(too_long, Refusal)
    assert too_long.reason == "is 11 characters long"


def test_times_of_day_are_kept_as_hh_mm_and_24_00_only_ends_a_day() -> None:
    assert ClockTime().check("9:05") == "09:05"
    assert ClockTime().check(dt.time(7, 30)) == "07:30"
    refusal = ClockTime(0, 1439).check("24:00")
    assert isinstance(refusal, Refusal)
    assert refusal.hint("working_hours_start") == "24:00 can only end the working day."


# --- suggestions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "options", "meant"),
    [
        ("monday", ("mon", "tue"), "mon"),
        ("Snooze_Minutes", ("interval_minutes", "snooze_minutes"), "snooze_minutes"),
        ("snoze", ("interval_minutes", "snooze_minutes"), "snooze_minutes"),
        ("flor", ("office", "floor"), "floor"),
        ("per_sid", ("per_side", "place"), "per_side"),
        ("colour", ("interval_minutes", "routine_place"), None),
        ("", ("office", "floor"), None),
    ],
)
def test_the_closest_option_is_suggested_and_nothing_far_fetched(
    typed: str, options: tuple[str, ...], meant: str | None
) -> None:
    assert closest(typed, options) == meant


# --- one rule for both files --------------------------------------------------------------------

NUMBERS = (
    st.integers(-5, 60)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.booleans()
    | st.text(max_size=4)
    | st.lists(st.integers(), max_size=2)
)


def _exercise(**changes: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "id": "banded-walk",
        "name": "Banded side walk",
        "muscles": ["gluteus medius"],
        "cues": {"setup": "Band on.", "movement": "Step sideways.", "mistake": "Don't rush."},
        "reps": 10,
        "place": "floor",
    }
    entry.update(changes)
    return entry


@given(NUMBERS)
def test_a_number_of_reps_and_a_number_setting_are_one_rule(value: object) -> None:
    """What the exercise file takes as reps is what a 1-to-50 setting would take."""
    library, _problems = parse_library({"exercise": [_exercise(reps=value)]}, "exercises.toml")
    accepted_as_reps = "banded-walk" in library.exercises
    assert accepted_as_reps == (not isinstance(WholeNumber(1, 50).check(value), Refusal))


@given(st.text(max_size=12) | st.sampled_from([" Desk", "FLOOR", "dsk", "office"]))
def test_a_place_and_a_choice_setting_are_one_rule(value: str) -> None:
    library, problems = parse_library({"exercise": [_exercise(place=value)]}, "exercises.toml")
    checked = Choice(PLACES).check(value)
    if isinstance(checked, Refusal):
        assert library.exercises == {}
        if checked.suggestions:
            assert f"Did you mean {checked.suggestions[0]}?" in problems[0].message
    else:
        assert library.exercises["banded-walk"].place == checked


# --- every settings refusal names key, value and allowed range -----------------------------------


@given(st.sampled_from(SPECS), ANY_VALUE)
def test_every_refusal_in_the_file_names_the_key_the_value_and_what_is_allowed(
    spec: SettingSpec, value: object
) -> None:
    settings, problems = load_settings({spec.key: value}, SOURCE)
    if not problems:
        return
    (problem,) = problems
    assert problem.key == spec.key
    assert problem.message.startswith(f"{SOURCE}: {spec.key} = {show(value)} ")
    assert spec.allowed in problem.message
    assert getattr(settings, spec.key) == spec.default


@given(st.sampled_from(SPECS), st.text(max_size=30))
def test_every_refusal_on_the_command_line_names_the_key_and_what_is_allowed(
    spec: SettingSpec, text: str
) -> None:
    try:
        parse_value(spec, text)
    except ValueError as error:
        message = str(error)
        assert message.startswith(f"command line: {spec.key} = ")
        assert f"allowed {spec.allowed}." in message


def test_values_are_written_as_toml_writes_them() -> None:
    assert [format_value(v) for v in (True, 3, 2.5, 'a"b', ("mon",), {"a b": 1})] == [
        "true",
        "3",
        "2.5",
        '"a\\"b"',
        '["mon"]',
        '{"a b" = 1}',
    ]
    assert show("x" * 100, 10) == '"' + "x" * 8 + "…"
    assert show("bell\u2028") == '"bell\ufffd"'
