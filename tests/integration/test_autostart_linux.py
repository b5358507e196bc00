"""Start at login on Linux: the real .desktop file in a private autostart folder, checked with the
tools a desktop uses (desktop-file-validate, GLib's launcher) and by starting what it names."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
import sysconfig
from collections.abc import Sequence
from pathlib import Path

import pytest

from glutewake.identity import APP_ID
from glutewake.system.autostart import Autostart, AutostartError, autostart_for, launch_command

# An argument with every character the Exec quoting rules care about, and a literal percent.
NASTY_ARGUMENT = 'Jo\'s "data" $HOME `id` 100% \\ (1) ~ & | ; * ? # < >'


# --- reading a Desktop Entry the way the spec says -------------------------------------------


def desktop_keys(path: Path) -> dict[str, str]:
    """The raw key=value pairs of the file's [Desktop Entry] group."""
    keys: dict[str, str] = {}
    group = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            group = line.strip("[]")
        elif group == "Desktop Entry" and "=" in line:
            key, _, value = line.partition("=")
            keys[key] = value
    return keys


def unescape_string(value: str) -> str:
    """Undo the escapes of a Desktop Entry `string` value: \\s \\n \\t \\r \\\\."""
    escapes = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\":
            assert value[i + 1 : i + 2] in escapes, f"undefined escape at {i} in {value!r}"
            out.append(escapes[value[i + 1]])
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def parse_exec(value: str) -> list[str]:
    """Split an Exec value per the Desktop Entry spec: string escapes are undone first, then the
    quoting (double quotes; backslash escapes `"`, backquote, `$` and backslash inside them), and
    only then field codes, of which this entry may hold nothing but `%%`."""
    text = unescape_string(value)
    args: list[str] = []
    current: list[str] = []
    started = False
    i = 0
    while i < len(text):
        char = text[i]
        if char == " ":
            if started:
                args.append("".join(current))
                current, started = [], False
            i += 1
        elif char == '"':
            started = True
            i += 1
            while True:
                assert i < len(text), f"unterminated quote in Exec={value}"
                if text[i] == "\\":
                    assert text[i + 1 : i + 2] in '"`$\\', f"stray backslash in Exec={value}"
                    current.append(text[i + 1])
                    i += 2
                elif text[i] == '"':
                    i += 1
                    break
                else:
                    assert text[i] not in "`$", f"unescaped {text[i]!r} in Exec={value}"
                    current.append(text[i])
                    i += 1
        else:
            assert char not in "\"'\\><~|&;$*?#()`", f"reserved {char!r} unquoted in {value}"
            started = True
            current.append(char)
            i += 1
    if started:
        args.append("".join(current))

    def field_codes(arg: str) -> str:
        def expand(match: re.Match[str]) -> str:
            assert match.group(1) == "%", f"field code %{match.group(1)} in Exec={value}"
            return "%"

        return re.sub(r"%(.)", expand, arg)

    return [field_codes(arg) for arg in args]


# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def config_home(tmp_path: Path) -> Path:
    return tmp_path / "config home"


@pytest.fixture
def autostart(config_home: Path, home: Path) -> Autostart:
    return autostart_for("linux", env={"XDG_CONFIG_HOME": str(config_home), "HOME": str(home)})


@pytest.fixture
def autostart_dir(config_home: Path) -> Path:
    return config_home / "autostart"


def installed_script() -> Path:
    script = Path(sysconfig.get_path("scripts")) / "glutewake"
    if not script.is_file():
        pytest.skip(f"glutewake is not installed as a script in {script.parent} (pip install -e .)")
    return script


@pytest.fixture
def script_in_spaced_folder(tmp_path: Path) -> Path:
    """The installed `glutewake` script, copied under a folder whose name has a space."""
    target = tmp_path / "Glute Wake apps" / "glutewake"
    target.parent.mkdir()
    shutil.copy2(installed_script(), target)
    return target


def login_env(home: Path) -> dict[str, str]:
    """What a desktop session hands an autostarted program: no virtual environment active."""
    return {"HOME": str(home), "PATH": os.defpath, "LANG": "C.UTF-8"}


def run(argv: Sequence[str], home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(argv),
        capture_output=True,
        text=True,
        timeout=60,
        env=login_env(home),
        cwd=home,
        check=False,
    )


def commands(script_in_spaced_folder: Path) -> dict[str, list[str]]:
    return {
        "launch_command()": launch_command(),
        "path with a space": [str(script_in_spaced_folder)],
    }


# --- the file ----------------------------------------------------------------------------------


def test_enable_writes_the_autostart_entry_a_desktop_reads(
    autostart: Autostart, autostart_dir: Path
) -> None:
    command = launch_command()
    autostart.enable(command)

    entry = autostart_dir / "glutewake.desktop"
    assert autostart.location == str(entry)
    assert os.listdir(autostart_dir) == ["glutewake.desktop"], "no temporary file left behind"
    assert stat.S_IMODE(entry.stat().st_mode) == 0o644
    assert entry.read_text(encoding="utf-8").startswith("[Desktop Entry]\n")
    keys = desktop_keys(entry)
    assert keys["Type"] == "Application"
    assert keys["Name"] == "glutewake"
    assert "sitting" in keys["Comment"]
    assert keys["Icon"] == APP_ID  # the installed theme icon
    assert keys["Terminal"] == "false"
    assert keys["Categories"] == "Utility;"
    assert keys["X-GNOME-Autostart-enabled"] == "true"
    assert keys["X-Glutewake-Autostart"] == "true"
    assert unescape_string(keys["TryExec"]) == command[0]
    assert parse_exec(keys["Exec"]) == command
    assert "Hidden" not in keys


def test_desktop_file_validate_accepts_the_entry(
    autostart: Autostart, autostart_dir: Path, script_in_spaced_folder: Path
) -> None:
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.skip(
            "desktop-file-validate is missing: install the Debian package desktop-file-utils"
        )
    for name, command in commands(script_in_spaced_folder).items():
        autostart.enable([*command, "--data-dir", NASTY_ARGUMENT])
        result = subprocess.run(
            [validator, str(autostart_dir / "glutewake.desktop")],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        report = result.stdout + result.stderr
        assert result.returncode == 0, f"{name}: {report}"
        assert "error" not in report.lower(), f"{name}: {report}"
        assert "warning" not in report.lower(), f"{name}: {report}"


@pytest.mark.parametrize(
    "argument",
    [
        "/srv/example data/My Data",
        NASTY_ARGUMENT,
        "C:\\trailing\\",
        "tab\tand\nnewline",
        "",
        "Zoë's Ordner",
        "--interval=45",
    ],
)
def test_any_argument_comes_back_from_the_exec_line_unchanged(
    argument: str, autostart: Autostart, autostart_dir: Path, script_in_spaced_folder: Path
) -> None:
    """A data folder with quotes, dollars or percent signs reaches glutewake as it was typed."""
    command = [str(script_in_spaced_folder), "--data-dir", argument]
    autostart.enable(command)
    assert parse_exec(desktop_keys(autostart_dir / "glutewake.desktop")["Exec"]) == command


@pytest.mark.parametrize("which", ["launch_command()", "path with a space"])
def test_the_exec_line_starts_the_installed_glutewake(
    which: str,
    autostart: Autostart,
    autostart_dir: Path,
    script_in_spaced_folder: Path,
    home: Path,
) -> None:
    command = commands(script_in_spaced_folder)[which]
    autostart.enable(command)

    exec_value = desktop_keys(autostart_dir / "glutewake.desktop")["Exec"]
    argv = parse_exec(exec_value)
    assert argv == command
    # A path with a space and no other reserved character is quoted the way a shell would.
    assert shlex.split(unescape_string(exec_value)) == command
    result = run([*argv, "--version"], home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("glutewake "), result.stdout


def test_glib_launches_the_entry_with_every_argument_intact(
    autostart: Autostart, autostart_dir: Path, script_in_spaced_folder: Path, home: Path
) -> None:
    """GLib's launcher (what GNOME's session uses) reads our quoting back to the same argv."""
    gio = shutil.which("gio")
    if gio is None:
        pytest.skip("gio is missing: install the Debian package libglib2.0-bin")
    echo = script_in_spaced_folder.parent / "print argv"
    echo.write_text(
        f"#!{sys.executable}\nimport json, sys\nprint(json.dumps(sys.argv[1:]))\n",
        encoding="utf-8",
    )
    echo.chmod(0o755)
    autostart.enable([str(echo), "--data-dir", NASTY_ARGUMENT])

    launched = run([gio, "launch", str(autostart_dir / "glutewake.desktop")], home)
    assert launched.returncode == 0, launched.stderr
    assert json.loads(launched.stdout) == ["--data-dir", NASTY_ARGUMENT]

    # And the entry for the real app, with --version added the way a user would type it.
    autostart.enable([str(script_in_spaced_folder)])
    entry = (autostart_dir / "glutewake.desktop").read_text(encoding="utf-8")
    with_version = home / "glutewake-version.desktop"
    with_version.write_text(re.sub(r"(?m)^(Exec=.*)$", r"\1 --version", entry), encoding="utf-8")
    launched = run([gio, "launch", str(with_version)], home)
    assert launched.returncode == 0, launched.stderr
    assert launched.stdout.startswith("glutewake "), launched.stdout


# --- enable, disable, is_enabled ---------------------------------------------------------------


def test_enabling_twice_leaves_one_entry_and_a_moved_app_is_followed(
    autostart: Autostart, autostart_dir: Path, script_in_spaced_folder: Path
) -> None:
    entry = autostart_dir / "glutewake.desktop"
    autostart.enable(launch_command())
    first = entry.stat()
    autostart.enable(launch_command())

    assert os.listdir(autostart_dir) == ["glutewake.desktop"]
    again = entry.stat()
    assert (again.st_ino, again.st_mtime_ns) == (first.st_ino, first.st_mtime_ns), "rewritten"

    autostart.enable([str(script_in_spaced_folder)])
    assert os.listdir(autostart_dir) == ["glutewake.desktop"]
    assert parse_exec(desktop_keys(entry)["Exec"]) == [str(script_in_spaced_folder)]
    assert autostart.is_enabled()


def test_disable_removes_our_entry_and_nothing_else(
    autostart: Autostart, autostart_dir: Path
) -> None:
    autostart_dir.mkdir(parents=True)
    others = {
        "org.example.Mail.desktop": "[Desktop Entry]\nType=Application\nName=Mail\nExec=mail\n",
        "notes.txt": "my own notes\n",
    }
    for name, text in others.items():
        (autostart_dir / name).write_text(text, encoding="utf-8")

    assert not autostart.is_enabled()
    autostart.enable(launch_command())
    assert autostart.is_enabled()
    autostart.disable()

    assert not autostart.is_enabled()
    assert sorted(os.listdir(autostart_dir)) == sorted(others)
    for name, text in others.items():
        assert (autostart_dir / name).read_text(encoding="utf-8") == text
    autostart.disable()  # nothing left to remove: still no error
    assert sorted(os.listdir(autostart_dir)) == sorted(others)


def test_a_users_own_glutewake_entry_is_never_touched(
    autostart: Autostart, autostart_dir: Path
) -> None:
    autostart_dir.mkdir(parents=True)
    own = autostart_dir / "glutewake.desktop"
    text = "[Desktop Entry]\nType=Application\nName=My glutewake\nExec=glutewake --interval 30\n"
    own.write_text(text, encoding="utf-8")

    assert autostart.is_enabled(), "the user's entry does start glutewake at login"
    with pytest.raises(AutostartError) as disabling:
        autostart.disable()
    assert str(own) in str(disabling.value)
    assert "not written by glutewake" in str(disabling.value)
    with pytest.raises(AutostartError) as enabling:
        autostart.enable(launch_command())
    assert str(own) in str(enabling.value)

    assert own.read_text(encoding="utf-8") == text
    assert os.listdir(autostart_dir) == ["glutewake.desktop"]


def test_a_users_own_entry_that_is_switched_off_needs_no_disabling(
    autostart: Autostart, autostart_dir: Path
) -> None:
    autostart_dir.mkdir(parents=True)
    own = autostart_dir / "glutewake.desktop"
    text = "[Desktop Entry]\nType=Application\nName=glutewake\nExec=glutewake\nHidden=true\n"
    own.write_text(text, encoding="utf-8")

    assert not autostart.is_enabled()
    autostart.disable()
    assert own.read_text(encoding="utf-8") == text


def test_our_entry_switched_off_in_startup_applications_is_switched_back_on(
    autostart: Autostart, autostart_dir: Path
) -> None:
    entry = autostart_dir / "glutewake.desktop"
    autostart.enable(launch_command())
    # What GNOME's startup-applications settings do to switch an entry off.
    entry.write_text(
        entry.read_text(encoding="utf-8").replace(
            "X-GNOME-Autostart-enabled=true", "X-GNOME-Autostart-enabled=false"
        ),
        encoding="utf-8",
    )
    assert not autostart.is_enabled()

    autostart.enable(launch_command())
    assert autostart.is_enabled()
    assert desktop_keys(entry)["X-GNOME-Autostart-enabled"] == "true"


@pytest.mark.parametrize("how", ["read-only folder", "a file where the folder goes"])
def test_an_unwritable_autostart_folder_is_named_in_the_error(
    how: str, autostart: Autostart, autostart_dir: Path
) -> None:
    autostart_dir.parent.mkdir(parents=True)
    if how == "read-only folder":
        autostart_dir.mkdir()
        autostart_dir.chmod(0o555)
        probe = autostart_dir / "probe"
        try:
            probe.touch()
        except PermissionError:
            pass
        else:
            probe.unlink()
            autostart_dir.chmod(0o755)
            pytest.skip("this user (root) writes into read-only folders; the other case covers it")
    else:
        autostart_dir.write_text("not a folder\n", encoding="utf-8")
    try:
        with pytest.raises(AutostartError) as raised:
            autostart.enable(launch_command())
        message = str(raised.value)
        assert str(autostart_dir) in message
        assert "start at login" in message
        assert not autostart.is_enabled()
    finally:
        if autostart_dir.is_dir():
            autostart_dir.chmod(0o755)
    if autostart_dir.is_dir():
        assert os.listdir(autostart_dir) == [], "no temporary file left behind"


# --- which command ----------------------------------------------------------------------------


def test_launch_command_is_the_installed_script_when_it_is_on_path(
    monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    script = installed_script()
    monkeypatch.setenv("PATH", str(script.parent))
    assert launch_command() == [str(script)]

    # A relative PATH entry still gives an absolute path: the session starts elsewhere.
    monkeypatch.chdir(script.parent.parent)
    monkeypatch.setenv("PATH", script.parent.name)
    command = launch_command()
    assert command == [str(script)]
    assert run([*command, "--version"], home).stdout.startswith("glutewake ")


def test_launch_command_ignores_another_glutewake_on_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, home: Path
) -> None:
    impostor = tmp_path / "elsewhere" / "glutewake"
    impostor.parent.mkdir()
    impostor.write_text("#!/bin/sh\necho impostor\n", encoding="utf-8")
    impostor.chmod(0o755)
    monkeypatch.setenv("PATH", str(impostor.parent))

    command = launch_command()
    assert command == [os.path.abspath(sys.executable), "-m", "glutewake"]
    result = run([*command, "--version"], home)
    assert result.stdout.startswith("glutewake "), result.stdout + result.stderr


def test_enable_refuses_a_relative_program(autostart: Autostart, autostart_dir: Path) -> None:
    with pytest.raises(AutostartError, match="full path"):
        autostart.enable(["glutewake"])
    assert not autostart_dir.exists()
