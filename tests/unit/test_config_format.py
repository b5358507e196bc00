"""Reading an older, current or newer config.toml: the version key and the upgrade steps."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from glutewake.core.config_format import (
    CURRENT_VERSION,
    STEPS,
    KeyChange,
    Step,
    current_version,
    supported_versions,
    upgrade,
)
from glutewake.core.settings import load_settings

SOURCE = "~/.config/glutewake/config.toml"


def _hours_to_minutes(value: object) -> object:
    return value * 60 if isinstance(value, int) and not isinstance(value, bool) else value


# A made-up history, for the mechanism only: version 2 renamed "snooze" to "snooze_minutes",
# version 3 started counting "interval" in minutes and named it "interval_minutes".
TWO_STEPS: tuple[Step, ...] = (
    (KeyChange("snooze", "snooze_minutes"),),
    (KeyChange("interval", "interval_minutes", _hours_to_minutes),),
)


def test_this_glutewake_writes_version_1_and_knows_no_older_format() -> None:
    assert STEPS == ()
    assert CURRENT_VERSION == 1
    assert supported_versions() == "version 1"
    assert supported_versions(TWO_STEPS) == "versions 1 to 3"


def test_a_file_without_a_version_is_version_1_and_means_what_it_always_meant() -> None:
    upgraded = upgrade({"interval_minutes": 45}, SOURCE)
    assert (upgraded.values, upgraded.version, upgraded.notices, upgraded.problems) == (
        {"interval_minutes": 45},
        1,
        (),
        (),
    )


def test_the_version_key_is_not_a_setting_and_not_reported_as_unknown() -> None:
    upgraded = upgrade({"version": 1, "interval_minutes": 45}, SOURCE)
    assert upgraded.values == {"interval_minutes": 45}
    settings, problems = load_settings(upgraded.values, SOURCE)
    assert problems == []
    assert settings.interval_minutes == 45


def test_an_unversioned_file_goes_through_every_step_in_order_with_a_notice_for_each() -> None:
    upgraded = upgrade({"interval": 1, "snooze": 5, "routine_place": "floor"}, SOURCE, TWO_STEPS)
    assert upgraded.values == {
        "interval_minutes": 60,
        "snooze_minutes": 5,
        "routine_place": "floor",
    }
    assert list(upgraded.values) == ["interval_minutes", "snooze_minutes", "routine_place"]
    assert [notice.message for notice in upgraded.notices] == [
        f"{SOURCE}: snooze is now called snooze_minutes (config version 2); snooze = 5 was read "
        "as snooze_minutes = 5. Saving settings writes it so.",
        f"{SOURCE}: interval is now called interval_minutes (config version 3); interval = 1 "
        "was read as interval_minutes = 60. Saving settings writes it so.",
    ]
    assert upgraded.problems == ()


def test_a_file_of_an_older_version_takes_only_the_steps_after_it() -> None:
    upgraded = upgrade({"version": 2, "interval": 1, "snooze": 5}, SOURCE, TWO_STEPS)
    assert upgraded.values == {"interval_minutes": 60, "snooze": 5}
    assert [notice.key for notice in upgraded.notices] == ["interval"]


def test_a_current_file_is_read_as_it_stands() -> None:
    raw = {"version": 3, "interval_minutes": 1, "snooze": 5}
    upgraded = upgrade(raw, SOURCE, TWO_STEPS)
    assert (upgraded.values, upgraded.version, upgraded.notices) == (
        {"interval_minutes": 1, "snooze": 5},
        3,
        (),
    )
    assert not upgraded.newer


def test_an_old_key_beside_its_new_name_is_ignored_and_said_so() -> None:
    upgraded = upgrade({"snooze": 5, "snooze_minutes": 7}, SOURCE, TWO_STEPS[:1])
    assert upgraded.values == {"snooze_minutes": 7}
    (notice,) = upgraded.notices
    assert notice.message == (
        f"{SOURCE}: snooze is now called snooze_minutes, and the file has both; snooze = 5 "
        "was ignored. Saving settings removes it."
    )


def test_a_newer_file_is_read_as_it_stands_and_the_message_names_file_key_value_and_versions() -> (
    None
):
    upgraded = upgrade({"version": 4, "snooze": 5, "interval_minutes": 45}, SOURCE, TWO_STEPS)
    assert upgraded.newer
    assert upgraded.values == {"snooze": 5, "interval_minutes": 45}
    assert upgraded.notices == ()
    (problem,) = upgraded.problems
    assert problem.key == "version"
    assert problem.message == (
        f"{SOURCE}: version = 4 is a newer format than this glutewake knows (it reads versions "
        "1 to 3). Using the settings it recognises; the file was left as it is, and glutewake "
        "will not save settings into it until it is updated."
    )


def test_a_newer_file_with_the_real_steps_names_the_one_version_known() -> None:
    (problem,) = upgrade({"version": 2}, SOURCE).problems
    assert "(it reads version 1)" in problem.message


@given(st.one_of(st.text(max_size=5), st.booleans(), st.floats(), st.integers(max_value=0)))
def test_a_version_that_is_not_a_whole_number_from_1_is_reported_and_read_as_version_1(
    version: object,
) -> None:
    upgraded = upgrade({"version": version, "snooze": 5}, SOURCE, TWO_STEPS)
    if isinstance(version, float) and version.is_integer() and version >= 1:
        return  # 2.0 is 2, as for every whole-number value
    assert upgraded.version == 1
    assert upgraded.values == {"snooze_minutes": 5}, "read as a file without a version"
    (problem,) = upgraded.problems
    assert problem.key == "version"
    assert problem.message.startswith(f"{SOURCE}: version = ")
    assert "allowed 1 to 3." in problem.message
    assert problem.message.endswith(
        "Reading the file as version 1, as if it had no version; it was left as it is."
    )


def test_a_quoted_version_is_shown_how_to_write() -> None:
    (problem,) = upgrade({"version": "1"}, SOURCE).problems
    assert problem.message == (
        f'{SOURCE}: version = "1" is text in quotes, not a whole number; allowed 1. Write it '
        "without quotes: version = 1. Reading the file as version 1, as if it had no version; "
        "it was left as it is."
    )


@given(st.dictionaries(st.text(max_size=20).filter(lambda k: k != "version"), st.integers()))
def test_with_no_step_every_other_key_is_passed_on_untouched(raw: dict[str, object]) -> None:
    upgraded = upgrade(raw, SOURCE)
    assert upgraded.values == raw
    assert list(upgraded.values) == list(raw)
    assert upgraded.notices == ()


def test_the_current_version_counts_the_steps() -> None:
    assert current_version(TWO_STEPS) == 3
