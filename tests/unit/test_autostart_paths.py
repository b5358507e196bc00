"""Start at login on each platform, checked from Linux: the registry value Windows would run
(through a fake registry), the LaunchAgent macOS would load, and where Linux puts its entry."""

from __future__ import annotations

import os
import plistlib
import stat
import sys
from pathlib import Path

import pytest

from glutewake.system.autostart import (
    LAUNCH_AGENT_LABEL,
    AutostartError,
    autostart_for,
    launch_command,
)
from glutewake.system.autostart import windows as autostart_windows

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


class FakeRegistry:
    """HKEY_CURRENT_USER as a dict of (key path, value name) -> REG_SZ data."""

    def __init__(self, values: dict[tuple[str, str], str] | None = None) -> None:
        self.values = dict(values or {})
        self.writes: list[tuple[str, str, str]] = []
        self.fail_with: OSError | None = None

    def read_value(self, key: str, name: str) -> str | None:
        if self.fail_with is not None:
            raise self.fail_with
        return self.values.get((key, name))

    def write_string(self, key: str, name: str, data: str) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.writes.append((key, name, data))
        self.values[(key, name)] = data

    def delete_value(self, key: str, name: str) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.values.pop((key, name), None)


# --- Windows ------------------------------------------------------------------------------------


def test_windows_writes_one_quoted_command_under_the_users_run_key() -> None:
    registry = FakeRegistry()
    autostart = autostart_for("windows", registry=registry)
    assert autostart.platform == "windows"
    assert autostart.location == "HKCU\\" + RUN_KEY + "\\glutewake"

    autostart.enable([r"C:\Users\Jo Doe\AppData\Local\Programs\glutewake\glutewake.exe"])
    assert registry.writes == [
        (
            RUN_KEY,
            "glutewake",
            r'"C:\Users\Jo Doe\AppData\Local\Programs\glutewake\glutewake.exe"',
        )
    ]
    assert autostart.is_enabled()


def test_windows_quotes_arguments_the_way_programs_split_them_again() -> None:
    registry = FakeRegistry()
    autostart_for("windows", registry=registry).enable(
        [r"C:\apps\glutewake.exe", "--data-dir", "D:\\My Data\\", 'say "hi"']
    )
    # A trailing backslash before the closing quote is doubled, an inner quote escaped.
    assert registry.values[(RUN_KEY, "glutewake")] == (
        r'C:\apps\glutewake.exe --data-dir "D:\My Data\\" "say \"hi\""'
    )


PYTHON_DIR = r"C:\Users\Jo Doe\AppData\Local\Programs\Python\Python312"


def installed_windows_files(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    """Pretend these files exist in PYTHON_DIR (no C: drive to create them on here)."""
    present = {f"{PYTHON_DIR}\\{name}" for name in names}
    monkeypatch.setattr(autostart_windows, "_file_exists", present.__contains__)


def test_windows_runs_python_m_glutewake_with_pythonw_so_no_console_window_opens(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    installed_windows_files(monkeypatch, "python.exe", "pythonw.exe")
    registry = FakeRegistry()
    autostart_for("windows", registry=registry).enable(
        [f"{PYTHON_DIR}\\python.exe", "-m", "glutewake"]
    )
    assert registry.values[(RUN_KEY, "glutewake")] == f'"{PYTHON_DIR}\\pythonw.exe" -m glutewake'


def test_windows_keeps_python_exe_when_there_is_no_pythonw_beside_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    installed_windows_files(monkeypatch, "python.exe")
    registry = FakeRegistry()
    autostart_for("windows", registry=registry).enable(
        [f"{PYTHON_DIR}\\python.exe", "-m", "glutewake"]
    )
    assert registry.values[(RUN_KEY, "glutewake")] == f'"{PYTHON_DIR}\\python.exe" -m glutewake'


def test_windows_leaves_other_python_commands_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    installed_windows_files(monkeypatch, "python.exe", "pythonw.exe")
    registry = FakeRegistry()
    autostart_for("windows", registry=registry).enable(
        [f"{PYTHON_DIR}\\python.exe", "-m", "somethingelse"]
    )
    assert registry.values[(RUN_KEY, "glutewake")] == f'"{PYTHON_DIR}\\python.exe" -m somethingelse'


def test_windows_enable_is_idempotent_and_follows_a_moved_app() -> None:
    registry = FakeRegistry()
    autostart = autostart_for("windows", registry=registry)
    autostart.enable([r"C:\apps\glutewake.exe"])
    autostart.enable([r"C:\apps\glutewake.exe"])
    assert len(registry.writes) == 1

    autostart.enable([r"D:\tools\glutewake.exe"])
    assert registry.values == {(RUN_KEY, "glutewake"): r"D:\tools\glutewake.exe"}


def test_windows_disable_removes_only_the_glutewake_value() -> None:
    others = {
        (RUN_KEY, "OneDrive"): r'"C:\Program Files\Microsoft OneDrive\OneDrive.exe" /background',
        (RUN_KEY + "Once", "glutewake"): r"C:\somewhere\else.exe",
    }
    registry = FakeRegistry(others)
    autostart = autostart_for("windows", registry=registry)
    assert not autostart.is_enabled()
    autostart.enable([r"C:\apps\glutewake.exe"])
    autostart.disable()

    assert not autostart.is_enabled()
    assert registry.values == others
    autostart.disable()  # nothing left: no error
    assert registry.values == others


def test_windows_registry_failure_is_reported_with_the_value_name() -> None:
    registry = FakeRegistry()
    registry.fail_with = PermissionError(13, "Access is denied")
    autostart = autostart_for("windows", registry=registry)
    with pytest.raises(AutostartError) as raised:
        autostart.enable([r"C:\apps\glutewake.exe"])
    assert "HKCU\\" + RUN_KEY + "\\glutewake" in str(raised.value)
    assert "Access is denied" in str(raised.value)


def test_windows_refuses_a_relative_program() -> None:
    registry = FakeRegistry()
    with pytest.raises(AutostartError, match="full path"):
        autostart_for("windows", registry=registry).enable(["glutewake.exe"])
    assert registry.values == {}


# --- macOS ------------------------------------------------------------------------------------


def test_macos_writes_a_launch_agent_that_runs_once_at_login(tmp_path: Path) -> None:
    autostart = autostart_for("macos", home=tmp_path)
    plist = tmp_path / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"
    assert autostart.platform == "macos"
    assert autostart.location == str(plist)

    command = ["/Applications/Glute Wake/bin/glutewake", "--data-dir", "/Users/jo/My Data"]
    autostart.enable(command)
    assert plist.read_bytes().startswith(b"<?xml")
    assert stat.S_IMODE(plist.stat().st_mode) == 0o644
    with plist.open("rb") as handle:
        content = plistlib.load(handle)
    # Nothing else: in particular no KeepAlive, so quitting glutewake from the tray sticks.
    assert content == {"Label": LAUNCH_AGENT_LABEL, "ProgramArguments": command, "RunAtLoad": True}
    assert LAUNCH_AGENT_LABEL.count(".") >= 2, "launchd labels are reverse-DNS names"
    assert autostart.is_enabled()


def test_macos_enable_is_idempotent_and_disable_leaves_other_agents(tmp_path: Path) -> None:
    autostart = autostart_for("darwin", home=tmp_path)
    agents = tmp_path / "Library" / "LaunchAgents"
    agents.mkdir(parents=True)
    other = agents / "com.example.backup.plist"
    other.write_bytes(plistlib.dumps({"Label": "com.example.backup", "RunAtLoad": True}))
    other_bytes = other.read_bytes()

    autostart.enable(["/usr/local/bin/glutewake"])
    first = Path(autostart.location).stat()
    autostart.enable(["/usr/local/bin/glutewake"])
    again = Path(autostart.location).stat()
    assert (again.st_ino, again.st_mtime_ns) == (first.st_ino, first.st_mtime_ns)

    autostart.enable(["/opt/glutewake/bin/glutewake"])
    with Path(autostart.location).open("rb") as handle:
        assert plistlib.load(handle)["ProgramArguments"] == ["/opt/glutewake/bin/glutewake"]

    autostart.disable()
    assert not autostart.is_enabled()
    assert os.listdir(agents) == [other.name]
    assert other.read_bytes() == other_bytes


def test_macos_leaves_a_file_it_did_not_write(tmp_path: Path) -> None:
    autostart = autostart_for("macos", home=tmp_path)
    plist = Path(autostart.location)
    plist.parent.mkdir(parents=True)
    plist.write_bytes(plistlib.dumps({"Label": "com.example.someone-else", "RunAtLoad": True}))
    before = plist.read_bytes()

    assert not autostart.is_enabled()
    with pytest.raises(AutostartError) as raised:
        autostart.disable()
    assert str(plist) in str(raised.value)
    with pytest.raises(AutostartError):
        autostart.enable(["/usr/local/bin/glutewake"])
    assert plist.read_bytes() == before


# --- Linux: where the entry goes -----------------------------------------------------------------


def test_linux_entry_goes_under_xdg_config_home(tmp_path: Path) -> None:
    config = tmp_path / "my config"
    autostart = autostart_for(
        "linux", env={"XDG_CONFIG_HOME": str(config), "HOME": str(tmp_path / "home")}
    )
    assert autostart.platform == "linux"
    assert autostart.location == str(config / "autostart" / "glutewake.desktop")


@pytest.mark.parametrize("xdg_config_home", [None, "", "relative/config"])
def test_linux_entry_defaults_to_dot_config_in_home(
    xdg_config_home: str | None, tmp_path: Path
) -> None:
    """Unset or empty means ~/.config; a relative path is invalid and ignored (Base Dir spec)."""
    env = {"HOME": str(tmp_path)}
    if xdg_config_home is not None:
        env["XDG_CONFIG_HOME"] = xdg_config_home
    expected = tmp_path / ".config" / "autostart" / "glutewake.desktop"
    assert autostart_for("linux", env=env).location == str(expected)

    other_home = tmp_path / "other"
    assert autostart_for("linux", env=env, home=other_home).location == str(
        other_home / ".config" / "autostart" / "glutewake.desktop"
    )


@pytest.mark.parametrize("platform", ["freebsd14", "openbsd7", "linux"])
def test_bsd_desktops_use_the_xdg_entry_too(platform: str, tmp_path: Path) -> None:
    autostart = autostart_for(platform, env={"XDG_CONFIG_HOME": str(tmp_path)})
    assert autostart.platform == "linux"
    assert autostart.location == str(tmp_path / "autostart" / "glutewake.desktop")


def test_this_machine_uses_its_own_environment() -> None:
    # tests/conftest.py points XDG_CONFIG_HOME at a private folder for the whole run.
    autostart = autostart_for()
    assert autostart.platform == "linux"
    assert autostart.location == os.path.join(
        os.environ["XDG_CONFIG_HOME"], "autostart", "glutewake.desktop"
    )


def test_an_unsupported_platform_says_so() -> None:
    with pytest.raises(AutostartError, match="not supported on 'emscripten'"):
        autostart_for("emscripten")


def test_a_bundle_starts_itself_at_login(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/glutewake/glutewake")
    assert launch_command() == ["/opt/glutewake/glutewake"]
