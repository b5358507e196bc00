"""`glutewake config path|get|set` as a user runs it: real files, the dialog's validation."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.integration.glutewake_process import glutewake_cli


def run(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return glutewake_cli("--config", str(config), "config", *args)


def test_set_keeps_comments_and_unknown_keys_and_get_reads_it_back(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("# mine\ninterval_minutes = 40  # long runs\nfuture = 1\n", encoding="utf-8")
    done = run(config, "set", "working_days", "Mon, tue,WED")
    assert done.returncode == 0, done.stderr
    assert f"saved to {config}" in done.stdout
    assert config.read_text(encoding="utf-8") == (
        "# mine\ninterval_minutes = 40  # long runs\nfuture = 1\nversion = 1\n"
        'working_days = ["mon", "tue", "wed"]\n'
    )
    assert run(config, "get", "working_days").stdout == '["mon", "tue", "wed"]\n'
    assert run(config, "get", "interval_minutes").stdout == "40\n"
    assert "snooze_minutes = 10\n" in run(config, "get").stdout


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        (
            "interval_minutes",
            "999",
            "interval_minutes = 999 is out of range; allowed 1 to 240 minutes",
        ),
        ("intervall_minutes", "30", "Did you mean interval_minutes?"),
        ("working_hours_end", "25:00", "working_hours_end"),
        ("routine_place", "beach", '"office" or "floor"'),
    ],
)
def test_a_bad_set_names_the_problem_and_writes_nothing(
    tmp_path: Path, key: str, value: str, says: str
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("interval_minutes = 40\n", encoding="utf-8")
    done = run(config, "set", key, value)
    assert done.returncode == 2
    assert says in done.stderr
    assert config.read_text(encoding="utf-8") == "interval_minutes = 40\n"


def test_set_checks_the_value_against_the_other_settings(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('working_hours_start = "09:00"\n', encoding="utf-8")
    done = run(config, "set", "working_hours_end", "08:00")
    assert done.returncode == 2
    assert "working_hours_end" in done.stderr
    assert config.read_text(encoding="utf-8") == 'working_hours_start = "09:00"\n'


def test_a_broken_file_is_never_overwritten(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("interval_minutes = [\n", encoding="utf-8")
    done = run(config, "set", "interval_minutes", "20")
    assert done.returncode == 1
    assert "is not valid TOML" in done.stderr
    assert "nothing was saved" in done.stderr
    assert config.read_text(encoding="utf-8") == "interval_minutes = [\n"


def test_a_first_set_creates_the_file_and_path_names_it(tmp_path: Path) -> None:
    config = tmp_path / "new" / "config.toml"
    assert run(config, "path").stdout == f"{config}\n"
    done = run(config, "set", "start_at_login", "yes")
    assert done.returncode == 0, done.stderr
    text = config.read_text(encoding="utf-8")
    assert text.startswith("# glutewake settings.")
    assert text.endswith("start_at_login = true\n")
    listing = run(config).stdout
    assert "interval_minutes" in listing
    assert "start_at_login = true" in listing


def test_a_symlinked_config_is_written_through_the_link(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "glutewake.toml"
    real.parent.mkdir()
    real.write_text("# in my dotfiles\n", encoding="utf-8")
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    assert run(link, "set", "snooze_minutes", "7").returncode == 0
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == (
        "# in my dotfiles\nversion = 1\nsnooze_minutes = 7\n"
    )


def test_the_listing_takes_the_version_key_as_the_files_format_not_a_setting(
    tmp_path: Path,
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("version = 1\ninterval_minutes = 45\n", encoding="utf-8")
    listing = run(config)
    assert listing.returncode == 0, listing.stderr
    assert "not a known setting" not in listing.stderr
    assert "interval_minutes = 45" in listing.stdout
    assert run(config, "get").stderr == ""
    assert f"{config} (format version 1)" in listing.stdout


def test_get_version_names_the_files_format_and_set_version_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("# mine\nversion = 1\n", encoding="utf-8")
    before = config.read_bytes()

    got = run(config, "get", "version")
    refused = run(config, "set", "version", "2")

    assert (got.returncode, got.stdout, got.stderr) == (0, "1\n", "")
    assert refused.returncode == 2
    assert "version is the format of" in refused.stderr
    assert "Nothing was saved" in refused.stderr
    assert config.read_bytes() == before
