"""A real config.toml across format versions: read without a change to the file, upgraded in
place (comments kept) only when the user saves, and a newer file never written."""

from __future__ import annotations

from pathlib import Path

import pytest

from glutewake.core.config_format import KeyChange, Step
from glutewake.store.config_file import read_config
from glutewake.store.config_writer import ConfigWriteError, save_settings

# Made up for the mechanism: version 2 renamed "snooze" to "snooze_minutes", and version 3
# started writing the routine place in capitals (read back in lower case).
STEPS: tuple[Step, ...] = (
    (KeyChange("snooze", "snooze_minutes"),),
    (
        KeyChange(
            "routine_place", "routine_place", lambda v: v.lower() if isinstance(v, str) else v
        ),
    ),
)

OLD_FILE = """\
# my settings
snooze = 5  # short snoozes

# at the office
interval_minutes = 40
routine_place = "FLOOR"
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(OLD_FILE, encoding="utf-8")
    return path


def test_a_file_saying_version_1_has_no_unknown_key(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("version = 1\ninterval_minutes = 45\n", encoding="utf-8")
    result = read_config(path)
    assert result.problems == ()
    assert result.version == 1
    assert result.settings.interval_minutes == 45


def test_an_older_file_is_read_upgraded_and_left_byte_for_byte(config: Path) -> None:
    before = config.stat().st_mtime_ns
    result = read_config(config, steps=STEPS)
    assert result.problems == ()
    assert (result.settings.snooze_minutes, result.settings.routine_place) == (5, "floor")
    assert result.version == 1
    assert [notice.key for notice in result.notices] == ["snooze", "routine_place"]
    assert all(notice.message.startswith(f"{config}: ") for notice in result.notices)
    assert "snooze is now called snooze_minutes" in result.notices[0].message
    assert config.read_text(encoding="utf-8") == OLD_FILE
    assert config.stat().st_mtime_ns == before


def test_saving_upgrades_the_file_in_place_keeping_every_comment(config: Path) -> None:
    save_settings(config, {"interval_minutes": 45}, steps=STEPS)
    assert config.read_text(encoding="utf-8") == (
        "# my settings\n"
        "snooze_minutes = 5  # short snoozes\n"
        "\n"
        "# at the office\n"
        "interval_minutes = 45\n"
        'routine_place = "floor"\n'
        "version = 3\n"
    )
    result = read_config(config, steps=STEPS)
    assert (result.version, result.notices, result.problems) == (3, (), ())
    assert result.settings.snooze_minutes == 5


def test_saving_drops_an_old_key_that_its_new_name_already_overrides(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("snooze = 5\nsnooze_minutes = 7  # this one\n", encoding="utf-8")
    assert read_config(path, steps=STEPS).settings.snooze_minutes == 7
    save_settings(path, {"interval_minutes": 45}, steps=STEPS)
    assert path.read_text(encoding="utf-8") == (
        "snooze_minutes = 7  # this one\nversion = 3\ninterval_minutes = 45\n"
    )


def test_a_version_already_there_is_updated_where_it_stands(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('version = "1"  # format\nsnooze = 5\n', encoding="utf-8")
    result = read_config(path, steps=STEPS)
    assert [problem.key for problem in result.problems] == ["version"]
    assert result.settings.snooze_minutes == 5
    save_settings(path, {"snooze_minutes": 6}, steps=STEPS)
    assert path.read_text(encoding="utf-8") == "version = 3  # format\nsnooze_minutes = 6\n"


def test_a_newer_file_runs_on_what_is_known_and_is_never_written(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    text = "version = 9\ninterval_minutes = 45\nfuture_thing = true\n"
    path.write_text(text, encoding="utf-8")
    result = read_config(path)
    assert result.settings.interval_minutes == 45
    assert result.version == 9
    assert [problem.key for problem in result.problems] == ["version", "future_thing"]
    assert result.problems[0].message.startswith(
        f"{path}: version = 9 is a newer format than this glutewake knows (it reads version 1)."
    )
    with pytest.raises(ConfigWriteError, match=r"version = 9 is a newer format.*Nothing was saved"):
        save_settings(path, {"interval_minutes": 50})
    assert path.read_text(encoding="utf-8") == text


def test_a_first_save_starts_the_file_with_its_version(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.toml"
    save_settings(path, {"start_at_login": True})
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# glutewake settings.")
    assert text.endswith("\n\nversion = 1\nstart_at_login = true\n")
