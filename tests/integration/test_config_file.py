"""Reading a real config.toml: the app starts on sane settings whatever is in the file,
says what is wrong, and never changes the file."""

from __future__ import annotations

import errno
import logging
import os
import stat
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glutewake.core.settings import SPECS, Settings
from glutewake.store.config_file import (
    MAX_CONFIG_BYTES,
    ConfigResult,
    default_config_path,
    read_config,
)

GOOD_FILE = """\
# glutewake settings: my office week
interval_minutes = 45      # a bit longer than the default
routine_place = "floor"

# not at weekends
working_days = ["mon", "tue", "wed", "thu", "fri"]
working_hours_start = "08:30"
working_hours_end = "17:30"
hold_during_calls = false
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return tmp_path / "glutewake" / "config.toml"


def write(path: Path, data: bytes) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


def assert_defaults_with_one_problem(result: ConfigResult, path: Path, *fragments: str) -> str:
    assert result.settings == Settings()
    assert len(result.problems) == 1, result.problems
    (problem,) = result.problems
    assert problem.key is None
    assert problem.message.startswith(f"{path}: ")
    assert "The file was left untouched; using the defaults for every setting." in problem.message
    for fragment in fragments:
        assert fragment in problem.message, problem.message
    return problem.message


def test_a_missing_file_means_defaults_silently_and_no_file_is_created(config: Path) -> None:
    result = read_config(config)
    assert result == ConfigResult(Settings(), (), config, existed=False)
    assert not config.exists()
    assert not config.parent.exists()


def test_a_commented_file_is_applied_and_left_byte_for_byte(config: Path) -> None:
    original = write(config, GOOD_FILE.encode())
    result = read_config(config)
    assert result.problems == ()
    assert result.existed
    assert result.path == config
    s = result.settings
    assert s.interval_minutes == 45
    assert s.routine_place == "floor"
    assert s.working_days == ("mon", "tue", "wed", "thu", "fri")
    assert (s.working_hours_start_minute, s.working_hours_end_minute) == (510, 1050)
    assert s.hold_during_calls is False
    assert s.snooze_minutes == 10  # not in the file: the default
    assert config.read_bytes() == original


def test_a_bad_value_falls_back_alone_is_logged_and_the_file_is_kept(
    config: Path, caplog: pytest.LogCaptureFixture
) -> None:
    original = write(config, b"interval_minutes = 500\nsnooze_minutes = 5\nsnoze = 1\n")
    with caplog.at_level(logging.WARNING, logger="glutewake.config"):
        result = read_config(config)
    assert result.settings.interval_minutes == 30
    assert result.settings.snooze_minutes == 5
    messages = [problem.message for problem in result.problems]
    assert messages == [
        f"{config}: interval_minutes = 500 is out of range; allowed 1 to 240 minutes. "
        "Using the default, 30.",
        f"{config}: snoze = 1 is not a known setting; it was ignored and left in your file. "
        "Did you mean snooze_minutes?",
    ]
    logged = [r.getMessage() for r in caplog.records if r.name == "glutewake.config"]
    assert logged == messages
    assert config.read_bytes() == original


def test_broken_toml_names_the_file_and_line_and_leaves_it_untouched(
    config: Path, caplog: pytest.LogCaptureFixture
) -> None:
    original = write(
        config, b"# my settings\ninterval_minutes = 45\nroutine_place = floor\nbreak_minutes = 3\n"
    )
    with caplog.at_level(logging.WARNING, logger="glutewake.config"):
        result = read_config(config)
    message = assert_defaults_with_one_problem(result, config, "is not valid TOML", "line 3")
    assert result.existed
    # Even the valid line before the error is not half-applied: all defaults, as promised.
    assert result.settings.interval_minutes == 30
    assert config.read_bytes() == original
    assert [r.getMessage() for r in caplog.records] == [message]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read a file with mode 000"
)
def test_an_unreadable_file_means_defaults_and_one_clear_problem(config: Path) -> None:
    original = write(config, GOOD_FILE.encode())
    config.chmod(0)
    try:
        result = read_config(config)
        assert_defaults_with_one_problem(result, config, "could not be read", "ermission denied")
        assert stat.S_IMODE(config.stat().st_mode) == 0
    finally:
        config.chmod(0o600)
    assert config.read_bytes() == original


def test_a_read_refused_by_the_system_means_defaults_and_one_clear_problem(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same promise as the chmod 000 test, kept where that one must skip (running as root)."""
    original = write(config, GOOD_FILE.encode())
    real_open = Path.open

    def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == config:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    result = read_config(config)
    monkeypatch.undo()
    assert_defaults_with_one_problem(result, config, "could not be read (Permission denied)")
    assert result.existed
    assert config.read_bytes() == original


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_dangling_link_is_reported_not_taken_for_a_first_run(config: Path) -> None:
    config.parent.mkdir(parents=True)
    target = config.parent / "dotfiles" / "config.toml"
    config.symlink_to(target)
    result = read_config(config)
    assert_defaults_with_one_problem(result, config, "is a link to a file that does not exist")
    assert result.existed
    assert config.is_symlink()
    assert not target.exists()


def test_a_directory_at_the_path_means_defaults_and_it_is_left_alone(config: Path) -> None:
    config.mkdir(parents=True)
    (config / "keep.txt").write_text("mine")
    result = read_config(config)
    assert_defaults_with_one_problem(result, config, "could not be read", "directory")
    assert config.is_dir()
    assert [p.name for p in config.iterdir()] == ["keep.txt"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_at_the_path_does_not_hang_start_up(config: Path) -> None:
    config.parent.mkdir(parents=True)
    os.mkfifo(config)
    result = read_config(config)
    assert_defaults_with_one_problem(result, config, "not a regular file")
    assert stat.S_ISFIFO(config.stat().st_mode)


def test_a_huge_file_is_refused_rather_than_read(config: Path) -> None:
    original = write(config, b"# " + b"x" * MAX_CONFIG_BYTES + b"\n")
    result = read_config(config)
    assert_defaults_with_one_problem(result, config, "larger than 1024 KiB")
    assert config.read_bytes() == original


def test_non_utf8_bytes_name_the_line_and_column_and_leave_the_file(config: Path) -> None:
    original = write(config, 'interval_minutes = 45\nroutine_place = "caf\xe9"\n'.encode("latin-1"))
    result = read_config(config)
    assert_defaults_with_one_problem(result, config, "is not UTF-8 text", "line 2, column 21")
    assert config.read_bytes() == original


def test_a_byte_order_mark_from_a_windows_editor_is_accepted(config: Path) -> None:
    write(config, "\ufeffinterval_minutes = 20\r\n".encode())
    result = read_config(config)
    assert result.problems == ()
    assert result.settings.interval_minutes == 20


def test_absurdly_nested_arrays_are_a_problem_not_a_crash(config: Path) -> None:
    original = write(config, b"interval_minutes = " + b"[" * 5000 + b"\n")
    result = read_config(config)
    assert_defaults_with_one_problem(result, config, "nested too deeply")
    assert config.read_bytes() == original


def test_a_number_too_long_to_read_is_a_problem_not_a_crash(config: Path) -> None:
    # Python refuses to turn more than 4300 digits into an int; tomllib passes that on as a
    # ValueError rather than a TOMLDecodeError.
    original = write(config, b"interval_minutes = " + b"9" * 5000 + b"\n")
    result = read_config(config)
    assert_defaults_with_one_problem(result, config, "a number too long to read")
    assert config.read_bytes() == original


@pytest.mark.skipif(sys.platform != "linux", reason="XDG layout")
def test_the_default_path_follows_xdg_and_is_read_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    expected = tmp_path / "glutewake" / "config.toml"
    assert default_config_path() == expected
    write(expected, b"snooze_minutes = 7\n")
    result = read_config()
    assert result.path == expected
    assert result.settings.snooze_minutes == 7


# --- fuzzing ----------------------------------------------------------------------------------

TOML_FRAGMENTS = st.sampled_from(
    [
        *(f"{spec.key} = " for spec in SPECS),
        "unknown = ",
        "45",
        "true",
        '"09:00"',
        '"24:00"',
        '["mon", "tue"]',
        "[]",
        "3.5",
        "inf",
        "1979-05-27",
        "07:32:00",
        "{ a = 1 }",
        "[table]",
        "[[array]]",
        "# comment",
        '"',
        "'''",
        "=",
        "\n",
        "\r\n",
        "\x00",
        "\ufeff",
        "é",
    ]
)
TOMLISH_BYTES = st.lists(TOML_FRAGMENTS, max_size=30).map(lambda parts: "".join(parts).encode())


def _assert_safe(path: Path, data: bytes) -> None:
    result = read_config(path)
    assert path.read_bytes() == data
    assert result.path == path
    assert result.existed
    for spec in SPECS:  # the app can run on whatever came back
        assert isinstance(getattr(result.settings, spec.key), spec.type)
    for problem in result.problems:
        assert problem.message.startswith(f"{path}: ")


# One file, overwritten by each example: the shared tmp_path is what we want here.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=200)
@given(data=st.binary(max_size=512))
def test_random_bytes_never_raise_and_never_change_the_file(config: Path, data: bytes) -> None:
    write(config, data)
    _assert_safe(config, data)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=300)
@given(data=TOMLISH_BYTES)
def test_toml_like_text_never_raises_and_never_changes_the_file(config: Path, data: bytes) -> None:
    write(config, data)
    _assert_safe(config, data)
