"""Settings validation: what a user sees when their config or a `config set` is wrong."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import tomllib
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from glutewake.core.settings import (
    SPECS,
    WEEKDAYS,
    SettingError,
    Settings,
    SettingSpec,
    SettingValue,
    ValueKind,
    apply_changes,
    as_dict,
    describe,
    format_value,
    load_settings,
    parse_value,
    spec_for,
    with_overrides,
)

SOURCE = "~/.config/glutewake/config.toml"

# The product's agreed defaults and limits, written out independently of the declarations,
# so a slip in a declaration shows up here rather than in a user's session.
# key: (default, minimum, maximum, choices, unit)
AGREED: dict[str, tuple[object, int | None, int | None, tuple[object, ...] | None, str]] = {
    "interval_minutes": (30, 1, 240, None, "minutes"),
    "break_minutes": (1, 1, 30, None, "minutes"),
    "repeat_minutes": (15, 0, 120, None, "minutes"),
    "snooze_minutes": (10, 1, 120, None, "minutes"),
    "working_hours_start": ("00:00", 0, 23 * 60 + 59, None, ""),
    "working_hours_end": ("24:00", 1, 24 * 60, None, ""),
    "working_days": (WEEKDAYS, None, None, WEEKDAYS, ""),
    "hold_during_calls": (True, None, None, None, ""),
    "hold_when_fullscreen": (True, None, None, None, ""),
    "hold_when_do_not_disturb": (True, None, None, None, ""),
    "ask_about_quiet_spells": (True, None, None, None, ""),
    "routine_minutes": (2, None, None, (1, 2, 3, 5), "minutes"),
    "routine_place": ("office", None, None, ("office", "floor"), ""),
    "notification_style": ("auto", None, None, ("auto", "dbus", "plyer", "tray"), ""),
    "start_at_login": (False, None, None, None, ""),
    "history_retention_days": (730, 0, 3650, None, "days"),
}

RANGED_INTS = [s for s in SPECS if s.kind is ValueKind.WHOLE_NUMBER and s.choices is None]
BOOLS = [s for s in SPECS if s.kind is ValueKind.BOOLEAN]
TEXT_CHOICES = [s for s in SPECS if s.kind is ValueKind.TEXT]


def load_one(key: str, value: object) -> tuple[Settings, list[str]]:
    settings, problems = load_settings({key: value}, SOURCE)
    return settings, [problem.message for problem in problems]


def assert_fell_back(key: str, value: object, *fragments: str) -> str:
    """The key is back at its default, and exactly one message says why, naming everything."""
    settings, messages = load_one(key, value)
    default = spec_for(key).default
    assert getattr(settings, key) == default
    assert len(messages) == 1, messages
    message = messages[0]
    assert message.startswith(f"{SOURCE}: {key} = ")
    assert f"allowed {spec_for(key).allowed}." in message
    assert message.endswith(f"Using the default, {format_value(default)}.")
    for fragment in fragments:
        assert fragment in message, message
    return message


def cli_text(value: SettingValue) -> str:
    """How a user would type `value` after `glutewake config set KEY`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ",".join(value)
    return str(value)


# --- the declarations -------------------------------------------------------------------------


def test_every_setting_is_declared_with_the_agreed_default_and_limits() -> None:
    declared = {
        spec.key: (spec.default, spec.minimum, spec.maximum, spec.choices, spec.unit)
        for spec in SPECS
    }
    assert declared == AGREED


def test_a_fresh_settings_object_holds_every_default() -> None:
    assert as_dict(Settings()) == {key: agreed[0] for key, agreed in AGREED.items()}


def test_specs_follow_the_dataclass_fields_in_order() -> None:
    assert [spec.key for spec in SPECS] == [f.name for f in dataclasses.fields(Settings)]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.key)
def test_each_setting_explains_itself(spec: SettingSpec) -> None:
    assert spec.description.strip()
    assert spec.allowed
    assert isinstance(spec.default, spec.type)
    assert spec_for(spec.key) is spec


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.key)
def test_a_value_shown_by_config_get_can_be_pasted_into_the_file(spec: SettingSpec) -> None:
    raw = tomllib.loads(f"{spec.key} = {format_value(spec.default)}\n")
    settings, problems = load_settings(raw, SOURCE)
    assert problems == []
    assert getattr(settings, spec.key) == spec.default


def test_describe_lists_every_key_with_its_default_range_and_description() -> None:
    table = describe()
    lines = table.splitlines()
    assert lines[0].split() == ["key", "default", "unit", "allowed", "description"]
    for spec in SPECS:
        (row,) = [line for line in lines if line.startswith(spec.key + " ")]
        assert format_value(spec.default) in row
        assert spec.description in row
    interval = next(line for line in lines if line.startswith("interval_minutes "))
    assert "minutes" in interval
    assert "1 to 240" in interval
    days = next(line for line in lines if line.startswith("working_days "))
    assert "mon, tue, wed, thu, fri, sat, sun" in days


# --- whole numbers ----------------------------------------------------------------------------


def test_the_documented_example_message() -> None:
    _settings, messages = load_one("interval_minutes", 500)
    assert messages == [
        f"{SOURCE}: interval_minutes = 500 is out of range; allowed 1 to 240 minutes. "
        "Using the default, 30."
    ]


@pytest.mark.parametrize("spec", RANGED_INTS, ids=lambda s: s.key)
def test_a_number_just_outside_the_range_falls_back(spec: SettingSpec) -> None:
    assert spec.minimum is not None
    assert spec.maximum is not None
    for value in (spec.minimum - 1, spec.maximum + 1):
        message = assert_fell_back(spec.key, value, f"= {value} is out of range")
        assert f"{spec.minimum} to {spec.maximum} {spec.unit}" in message


@pytest.mark.parametrize("spec", RANGED_INTS, ids=lambda s: s.key)
def test_the_range_ends_themselves_are_accepted(spec: SettingSpec) -> None:
    for value in (spec.minimum, spec.maximum):
        settings, messages = load_one(spec.key, value)
        assert messages == []
        assert getattr(settings, spec.key) == value


@pytest.mark.parametrize("spec", RANGED_INTS, ids=lambda s: s.key)
def test_true_is_not_a_number(spec: SettingSpec) -> None:
    assert_fell_back(spec.key, True, "= true is true/false, not a whole number")


@pytest.mark.parametrize("spec", RANGED_INTS, ids=lambda s: s.key)
def test_a_quoted_number_is_refused_with_a_hint_to_drop_the_quotes(spec: SettingSpec) -> None:
    good = spec.minimum
    assert_fell_back(
        spec.key,
        str(good),
        f'= "{good}" is text in quotes, not a whole number',
        f"Write it without quotes: {spec.key} = {good}.",
    )


@pytest.mark.parametrize("spec", RANGED_INTS, ids=lambda s: s.key)
def test_a_fractional_number_is_refused(spec: SettingSpec) -> None:
    assert_fell_back(spec.key, 2.5, "= 2.5 is not a whole number")


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_nan_and_infinity_are_refused(value: float) -> None:
    assert_fell_back("interval_minutes", value, "is not a whole number")


def test_a_whole_decimal_number_is_taken_as_that_number() -> None:
    settings, messages = load_one("interval_minutes", 45.0)
    assert messages == []
    assert settings.interval_minutes == 45
    assert type(settings.interval_minutes) is int


@pytest.mark.parametrize(
    ("value", "words"),
    [([30], "is a list"), ({"a": 1}, "is a table"), (dt.date(2024, 1, 1), "is a date or time")],
)
def test_a_number_setting_given_another_kind_of_value(value: object, words: str) -> None:
    assert_fell_back("break_minutes", value, f"{words}, not a whole number")


def test_zero_is_allowed_where_it_means_never_or_forever() -> None:
    settings, problems = load_settings({"repeat_minutes": 0, "history_retention_days": 0}, SOURCE)
    assert problems == []
    assert (settings.repeat_minutes, settings.history_retention_days) == (0, 0)


def test_a_number_that_is_not_one_of_the_choices() -> None:
    assert_fell_back("routine_minutes", 4, "= 4 is not one of the choices", "1, 2, 3 or 5 minutes")


@pytest.mark.parametrize("value", [1, 2, 3, 5])
def test_every_routine_length_on_offer_is_accepted(value: int) -> None:
    settings, messages = load_one("routine_minutes", value)
    assert messages == []
    assert settings.routine_minutes == value


# --- true/false -------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", BOOLS, ids=lambda s: s.key)
def test_a_quoted_true_is_refused_with_a_hint(spec: SettingSpec) -> None:
    assert_fell_back(
        spec.key,
        "false",
        '= "false" is text in quotes, not true or false',
        f"Write it without quotes: {spec.key} = false.",
    )


@pytest.mark.parametrize("spec", BOOLS, ids=lambda s: s.key)
@pytest.mark.parametrize(
    ("value", "shown"), [(1, "1"), (0, "0"), (0.0, "0.0"), (["yes"], '["yes"]')]
)
def test_only_true_or_false_will_do(spec: SettingSpec, value: object, shown: str) -> None:
    assert_fell_back(
        spec.key, value, f"= {shown} is ", "not true or false", "allowed true or false"
    )


@pytest.mark.parametrize("spec", BOOLS, ids=lambda s: s.key)
def test_both_truth_values_are_kept(spec: SettingSpec) -> None:
    for value in (True, False):
        settings, messages = load_one(spec.key, value)
        assert messages == []
        assert getattr(settings, spec.key) is value


# --- choices of text --------------------------------------------------------------------------


def test_a_misspelt_choice_is_refused_with_the_closest_choice_suggested() -> None:
    assert_fell_back(
        "routine_place",
        "flor",
        '= "flor" is not one of the choices',
        'allowed "office" or "floor".',
        'Did you mean "floor"?',
    )


@pytest.mark.parametrize("spec", TEXT_CHOICES, ids=lambda s: s.key)
def test_choices_ignore_case_and_spaces(spec: SettingSpec) -> None:
    for choice in spec.choices or ():
        settings, messages = load_one(spec.key, f"  {str(choice).upper()} ")
        assert messages == []
        assert getattr(settings, spec.key) == choice


@pytest.mark.parametrize("spec", TEXT_CHOICES, ids=lambda s: s.key)
def test_a_choice_setting_given_a_number(spec: SettingSpec) -> None:
    assert_fell_back(spec.key, 3, "= 3 is a whole number, not text")


# --- working hours ----------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["working_hours_start", "working_hours_end"])
@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("9am", 'is not a time written "HH:MM"'),
        ("0900", 'is not a time written "HH:MM"'),
        ("09:00:00", 'is not a time written "HH:MM"'),
        ("", 'is not a time written "HH:MM"'),
        ("٠٩:٠٠", 'is not a time written "HH:MM"'),  # Arabic-Indic digits
        ("09:60", "is not a time of day"),
        ("25:00", "is not a time of day"),
        ("24:30", "is not a time of day"),
        (900, 'is a whole number, not a time of day in quotes, like "09:00"'),
        (dt.time(9, 0, 30), "has seconds or a time zone"),
    ],
)
def test_a_badly_written_time_falls_back(key: str, value: object, why: str) -> None:
    assert_fell_back(key, value, why)


def test_24_00_cannot_start_the_working_day() -> None:
    message = assert_fell_back(
        "working_hours_start", "24:00", '= "24:00" is out of range', '"00:00" to "23:59"'
    )
    assert "24:00 can only end the working day." in message


def test_00_00_cannot_end_the_working_day() -> None:
    assert_fell_back("working_hours_end", "00:00", "is out of range", '"00:01" to "24:00"')


def test_working_hours_are_read_and_offered_in_minutes_since_midnight() -> None:
    settings, problems = load_settings(
        {"working_hours_start": "8:30", "working_hours_end": "17:45"}, SOURCE
    )
    assert problems == []
    assert (settings.working_hours_start, settings.working_hours_end) == ("08:30", "17:45")
    assert settings.working_hours_start_minute == 8 * 60 + 30
    assert settings.working_hours_end_minute == 17 * 60 + 45


def test_a_toml_local_time_is_accepted() -> None:
    raw = tomllib.loads("working_hours_start = 09:15:00\n")
    settings, problems = load_settings(raw, SOURCE)
    assert problems == []
    assert settings.working_hours_start == "09:15"


def test_the_default_working_day_is_the_whole_day() -> None:
    settings = Settings()
    assert (settings.working_hours_start_minute, settings.working_hours_end_minute) == (0, 1440)


@pytest.mark.parametrize(("start", "end"), [("17:00", "09:00"), ("09:00", "09:00")])
def test_an_end_not_after_the_start_resets_both_and_says_so_for_each(start: str, end: str) -> None:
    settings, problems = load_settings(
        {"working_hours_start": start, "working_hours_end": end, "interval_minutes": 45}, SOURCE
    )
    assert settings.interval_minutes == 45
    assert (settings.working_hours_start, settings.working_hours_end) == ("00:00", "24:00")
    by_key = {problem.key: problem.message for problem in problems}
    assert set(by_key) == {"working_hours_start", "working_hours_end"}
    assert by_key["working_hours_start"] == (
        f'{SOURCE}: working_hours_start = "{start}" is not before working_hours_end = "{end}"; '
        'allowed only a time before working_hours_end. Using the default, "00:00".'
    )
    assert by_key["working_hours_end"] == (
        f'{SOURCE}: working_hours_end = "{end}" is not after working_hours_start = "{start}"; '
        'allowed only a time after working_hours_start. Using the default, "24:00".'
    )


def test_a_bad_start_does_not_drag_a_good_end_down_with_it() -> None:
    settings, problems = load_settings(
        {"working_hours_start": "nine", "working_hours_end": "17:00"}, SOURCE
    )
    assert [problem.key for problem in problems] == ["working_hours_start"]
    assert settings.working_hours_end == "17:00"


# --- working days -----------------------------------------------------------------------------


def test_working_days_are_kept_in_week_order_whatever_the_case() -> None:
    settings, messages = load_one("working_days", ["Fri", "mon", " WED "])
    assert messages == []
    assert settings.working_days == ("mon", "wed", "fri")


def test_an_unknown_day_name_falls_back_with_a_suggestion() -> None:
    assert_fell_back(
        "working_days",
        ["mon", "tuesday"],
        '= ["mon", "tuesday"] contains "tuesday", which is not one of the choices',
        '"mon", "tue", "wed", "thu", "fri", "sat", "sun", each at most once',
        'Did you mean "tue"?',
    )


def test_every_unknown_day_name_is_named() -> None:
    assert_fell_back(
        "working_days",
        ["caturday", "funday", "mon"],
        'contains "caturday" and "funday", which are not among the choices',
    )


def test_a_repeated_day_falls_back() -> None:
    assert_fell_back("working_days", ["mon", "tue", "Mon"], 'names "mon" more than once')


def test_no_working_days_at_all_falls_back() -> None:
    assert_fell_back("working_days", [], "= [] is empty")


def test_a_day_list_holding_a_number_falls_back() -> None:
    assert_fell_back("working_days", ["mon", 2], "contains 2, which is not a name")


def test_days_written_as_one_string_get_a_hint_to_write_a_list() -> None:
    assert_fell_back(
        "working_days",
        "mon,tue",
        '= "mon,tue" is text in quotes, not a list of names',
        'Write it as a list: working_days = ["mon", "tue"].',
    )


# --- unknown keys and the file as a whole -----------------------------------------------------


def test_an_unknown_key_is_ignored_left_in_the_file_and_the_closest_key_suggested() -> None:
    settings, problems = load_settings({"interval_minute": 45}, SOURCE)
    assert settings == Settings()
    assert [problem.message for problem in problems] == [
        f"{SOURCE}: interval_minute = 45 is not a known setting; it was ignored and left in "
        "your file. Did you mean interval_minutes?"
    ]


def test_an_unknown_key_in_capitals_still_gets_a_suggestion() -> None:
    _settings, problems = load_settings({"Snooze_Minutes": 5}, SOURCE)
    assert problems[0].message.endswith("Did you mean snooze_minutes?")


def test_an_unrelated_unknown_key_gets_no_wild_guess() -> None:
    _settings, problems = load_settings({"colour": "blue"}, SOURCE)
    (problem,) = problems
    assert problem.key == "colour"
    assert "Did you mean" not in problem.message
    assert problem.message.endswith("it was ignored and left in your file.")


def test_a_key_toml_needs_quoted_is_shown_quoted() -> None:
    _settings, problems = load_settings({"my setting": 1}, SOURCE)
    assert problems[0].message.startswith(f'{SOURCE}: "my setting" = 1 is not a known setting')


def test_good_values_apply_even_when_others_are_bad_and_problems_follow_file_order() -> None:
    raw: dict[str, object] = {
        "snooze_minutes": 0,
        "interval_minutes": 45,
        "colour": "blue",
        "routine_place": "floor",
        "break_minutes": "3",
    }
    settings, problems = load_settings(raw, SOURCE)
    assert settings.interval_minutes == 45
    assert settings.routine_place == "floor"
    assert settings.snooze_minutes == 10
    assert settings.break_minutes == 1
    assert [problem.key for problem in problems] == ["snooze_minutes", "colour", "break_minutes"]
    assert all(problem.source == SOURCE for problem in problems)


def test_an_absurdly_long_value_does_not_flood_the_message() -> None:
    _settings, messages = load_one("routine_place", "x" * 10_000)
    assert len(messages[0]) < 400
    assert "…" in messages[0]


def test_an_empty_file_means_all_defaults_and_nothing_to_report() -> None:
    assert load_settings({}, SOURCE) == (Settings(), [])


# --- the command line: parse_value ------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "text", "expected"),
    [
        ("interval_minutes", "45", 45),
        ("interval_minutes", " 45 ", 45),
        ("hold_during_calls", "true", True),
        ("hold_during_calls", "False", False),
        ("start_at_login", "yes", True),
        ("start_at_login", "off", False),
        ("working_hours_start", "9:00", "09:00"),
        ("working_hours_end", "24:00", "24:00"),
        ("working_days", "mon,tue,wed", ("mon", "tue", "wed")),
        ("working_days", "sun, Mon, tue,", ("mon", "tue", "sun")),
        ("working_days", '["fri", "sat"]', ("fri", "sat")),
        ("routine_place", "Floor", "floor"),
        ("routine_minutes", "5", 5),
    ],
)
def test_config_set_reads_what_a_user_types(key: str, text: str, expected: SettingValue) -> None:
    assert parse_value(spec_for(key), text) == expected


@pytest.mark.parametrize(
    ("key", "text", "fragment"),
    [
        ("interval_minutes", "500", "interval_minutes = 500 is out of range; allowed 1 to 240"),
        ("interval_minutes", "abc", 'interval_minutes = "abc" is not a whole number'),
        ("interval_minutes", "45.5", 'interval_minutes = "45.5" is not a whole number'),
        ("interval_minutes", "", 'interval_minutes = "" is not a whole number'),
        ("hold_during_calls", "maybe", 'hold_during_calls = "maybe" is not true or false'),
        ("working_hours_start", "24:00", 'working_hours_start = "24:00" is out of range'),
        ("working_hours_end", "5pm", 'working_hours_end = "5pm" is not a time written "HH:MM"'),
        ("working_days", "mon,mon", 'working_days = ["mon", "mon"] names "mon" more than once'),
        ("working_days", "", "working_days = [] is empty"),
        ("working_days", "mon,caturday", 'contains "caturday", which is not one of the choices'),
        ("routine_minutes", "4", "routine_minutes = 4 is not one of the choices"),
        ("notification_style", "email", '"email" is not one of the choices'),
    ],
)
def test_config_set_refuses_a_bad_value_and_changes_nothing(
    key: str, text: str, fragment: str
) -> None:
    with pytest.raises(SettingError) as caught:
        parse_value(spec_for(key), text)
    (problem,) = caught.value.problems
    assert problem.key == key
    assert problem.message.startswith("command line: ")
    assert fragment in problem.message
    assert f"allowed {spec_for(key).allowed}." in problem.message
    assert problem.message.endswith("Nothing was changed.")


def test_config_set_names_the_source_it_is_given() -> None:
    with pytest.raises(SettingError, match=r"^settings dialog: snooze_minutes = 0 is out of"):
        parse_value(spec_for("snooze_minutes"), "0", source="settings dialog")


def test_config_set_on_an_unknown_key_suggests_the_closest() -> None:
    with pytest.raises(SettingError) as caught:
        spec_for("snooze")
    assert str(caught.value) == (
        "command line: snooze is not a known setting. Did you mean snooze_minutes?"
    )


# --- with_overrides ---------------------------------------------------------------------------


def test_overrides_apply_and_leave_the_original_alone() -> None:
    before = Settings()
    after = with_overrides(before, interval_minutes=45, working_days=["mon", "fri"])
    assert (after.interval_minutes, after.working_days) == (45, ("mon", "fri"))
    assert before == Settings()


def test_overrides_are_all_or_nothing() -> None:
    with pytest.raises(SettingError) as caught:
        with_overrides(Settings(), interval_minutes=45, snooze_minutes=500)
    assert [problem.key for problem in caught.value.problems] == ["snooze_minutes"]
    assert str(caught.value) == (
        "change: snooze_minutes = 500 is out of range; allowed 1 to 120 minutes. "
        "Nothing was changed."
    )


def test_an_override_with_an_unknown_key_is_refused() -> None:
    with pytest.raises(SettingError, match=r"intervl is not a known setting\. Did you mean"):
        with_overrides(Settings(), intervl=45)


def test_an_override_that_puts_the_end_before_the_start_blames_only_the_end() -> None:
    office_hours = with_overrides(Settings(), working_hours_start="09:00")
    with pytest.raises(SettingError) as caught:
        apply_changes(office_hours, {"working_hours_end": "08:00"}, source="settings dialog")
    (problem,) = caught.value.problems
    assert problem.message == (
        'settings dialog: working_hours_end = "08:00" is not after working_hours_start = '
        '"09:00"; allowed only a time after working_hours_start. Nothing was changed.'
    )


def test_moving_both_ends_of_the_working_day_at_once_is_allowed() -> None:
    late = with_overrides(Settings(), working_hours_start="20:00", working_hours_end="23:00")
    early = with_overrides(late, working_hours_start="06:00", working_hours_end="07:00")
    assert (early.working_hours_start_minute, early.working_hours_end_minute) == (360, 420)


def test_constructing_settings_with_a_bad_value_raises_rather_than_running_on_it() -> None:
    with pytest.raises(SettingError, match="interval_minutes = 0 is out of range"):
        Settings(interval_minutes=0)


def test_settings_are_hashable_and_equal_when_written_differently() -> None:
    a = Settings(working_days=["fri", "mon"], working_hours_start="9:00")  # type: ignore[arg-type]
    b = Settings(working_days=("mon", "fri"), working_hours_start="09:00")
    assert a == b
    assert hash(a) == hash(b)


# --- properties -------------------------------------------------------------------------------


def _check_within_declared_rules(settings: Settings) -> None:
    """A check written apart from the validator, so the two cannot share a mistake."""
    for spec in SPECS:
        value: Any = getattr(settings, spec.key)
        value_type = type(value)  # exact: True must not pass for a number
        assert value_type is spec.type, (spec.key, value)
        if spec.kind is ValueKind.WHOLE_NUMBER:
            if spec.minimum is not None:
                assert value >= spec.minimum
            if spec.maximum is not None:
                assert value <= spec.maximum
            if spec.choices is not None:
                assert value in spec.choices
        elif spec.kind is ValueKind.TEXT:
            assert value in (spec.choices or ())
        elif spec.kind is ValueKind.TIME_OF_DAY:
            match = re.fullmatch(r"([0-2][0-9]):([0-5][0-9])", value)
            assert match is not None, value
            minutes = int(match[1]) * 60 + int(match[2])
            assert spec.minimum is not None
            assert spec.maximum is not None
            assert spec.minimum <= minutes <= spec.maximum
        elif spec.kind is ValueKind.NAME_LIST:
            assert value
            assert set(value) <= set(spec.choices or ())
            assert len(set(value)) == len(value)
    assert settings.working_hours_start_minute < settings.working_hours_end_minute


KEYS = [spec.key for spec in SPECS]
INTERESTING_TEXT = st.sampled_from(
    ["09:00", "24:00", "00:00", "9:5", "mon", "Floor", "dbus", "true", "45", "", " "]
)
SCALARS = st.one_of(
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=20),
    INTERESTING_TEXT,
    st.times(),
    st.lists(st.sampled_from([*WEEKDAYS, "Mon", "xyz"]), max_size=9),
)
TOML_LIKE_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=15,
)
TOML_LIKE_DICTS = st.dictionaries(
    st.one_of(st.sampled_from(KEYS), st.text(max_size=30)), TOML_LIKE_VALUES, max_size=20
)


@given(TOML_LIKE_DICTS)
def test_any_toml_like_input_yields_valid_settings_and_never_raises(raw: dict[str, object]) -> None:
    settings, problems = load_settings(raw, SOURCE)
    _check_within_declared_rules(settings)
    flagged = {problem.key for problem in problems}
    for key, value in raw.items():
        if key not in KEYS:
            assert key in flagged, f"unknown key {key!r} dropped silently"
        elif key not in flagged:
            # Kept: the user's own value, not quietly the default.
            assert getattr(settings, key) == _canonical(spec_for(key), value)
    for problem in problems:
        assert problem.message.startswith(f"{SOURCE}: ")


def _canonical(spec: SettingSpec, value: object) -> object:
    if spec.kind is ValueKind.NAME_LIST:
        assert isinstance(value, list)
        names = {str(name).strip().lower() for name in value}
        return tuple(day for day in WEEKDAYS if day in names)
    if spec.kind is ValueKind.TIME_OF_DAY:
        if isinstance(value, dt.time):
            return f"{value.hour:02d}:{value.minute:02d}"
        assert isinstance(value, str)
        hours, minutes = value.strip().split(":")
        return f"{int(hours):02d}:{minutes}"
    if isinstance(value, str):
        return value.strip().lower()
    if isinstance(value, float):
        return int(value)
    return value


def _valid_values(spec: SettingSpec) -> st.SearchStrategy[SettingValue]:
    if spec.kind is ValueKind.BOOLEAN:
        return st.booleans()
    if spec.kind is ValueKind.TIME_OF_DAY:
        assert spec.minimum is not None
        assert spec.maximum is not None
        return st.integers(spec.minimum, spec.maximum).map(lambda m: f"{m // 60:02d}:{m % 60:02d}")
    if spec.kind is ValueKind.NAME_LIST:
        return st.lists(st.sampled_from(WEEKDAYS), min_size=1, unique=True).map(
            lambda days: tuple(day for day in WEEKDAYS if day in days)
        )
    if spec.choices is not None:
        return st.sampled_from(spec.choices)
    assert spec.minimum is not None
    assert spec.maximum is not None
    return st.integers(spec.minimum, spec.maximum)


VALID_DICTS = st.fixed_dictionaries({}, optional={s.key: _valid_values(s) for s in SPECS})


@given(VALID_DICTS)
def test_every_valid_value_is_kept_without_complaint(raw: dict[str, SettingValue]) -> None:
    start = raw.get("working_hours_start", "00:00")
    end = raw.get("working_hours_end", "24:00")
    assert isinstance(start, str)
    assert isinstance(end, str)
    assume(start < end)
    settings, problems = load_settings(raw, SOURCE)
    assert problems == []
    for key, value in raw.items():
        assert getattr(settings, key) == value


@given(st.sampled_from(SPECS).flatmap(lambda s: st.tuples(st.just(s), _valid_values(s))))
def test_config_set_round_trips_every_valid_value(pair: tuple[SettingSpec, SettingValue]) -> None:
    spec, value = pair
    assert parse_value(spec, cli_text(value)) == value


@given(st.sampled_from(SPECS), st.text(max_size=40))
def test_config_set_either_accepts_or_explains_never_crashes(spec: SettingSpec, text: str) -> None:
    refusal: SettingError | None = None
    try:
        value = parse_value(spec, text)
    except SettingError as error:
        refusal = error
    if refusal is not None:
        assert refusal.problems[0].message.endswith("Nothing was changed.")
    else:
        changed = apply_changes(Settings(), _safe_hours(spec.key, value), source="command line")
        _check_within_declared_rules(changed)


def _safe_hours(key: str, value: SettingValue) -> dict[str, SettingValue]:
    """An override that cannot clash with the other end of the working day."""
    if key == "working_hours_start":
        return {key: value, "working_hours_end": "24:00"}
    if key == "working_hours_end":
        return {key: value, "working_hours_start": "00:00"}
    return {key: value}
