"""The PyInstaller one-folder bundle, built here from packaging/pyinstaller/glutewake.spec and
run the way a user runs it: no Python of theirs, no display for the commands, dunst for the
notification, and the tray app itself started offscreen."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import glutewake
from glutewake.resource_files import ICON_SIZES, resources_dir, theme_icon
from tests.desktop.desktop_session import desktop, missing_tools, wait_for

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "office-day.jsonl.gz"

pytest.importorskip("PyInstaller", reason="the bundle needs PyInstaller (the test extra has it)")
pytestmark = pytest.mark.timeout(900)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("bundle")
    started = time.monotonic()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(ROOT / "packaging" / "pyinstaller" / "glutewake.spec"),
        ],
        cwd=ROOT,
        check=True,
        timeout=840,
        capture_output=True,
    )
    folder = work / "dist" / "glutewake"
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"\nbundle built in {time.monotonic() - started:.0f} s, {size / 1e6:.0f} MB")
    return folder / ("glutewake.exe" if sys.platform == "win32" else "glutewake")


def without_display(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a user's terminal, minus any Python and display of the test's."""
    clean = {
        k: v
        for k, v in (env or os.environ).items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "PYTHONPATH", "VIRTUAL_ENV")
    }
    clean["PATH"] = "/usr/bin:/bin"
    return clean


def run(binary: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(binary), *args],
        env=without_display(env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_bundle_answers_without_python_or_a_display(bundle: Path) -> None:
    assert run(bundle, "--version").strip() == f"glutewake {glutewake.__version__}"
    library = json.loads(run(bundle, "exercises", "--json"))
    assert len(library["exercises"]) >= 19
    replayed = json.loads(run(bundle, "replay", str(FIXTURE)))
    assert len(replayed["bouts"]) >= 5
    assert replayed["prompts"], "a simulated office day should bring at least one prompt"


def test_the_bundle_carries_the_pictograms_and_icons_where_the_app_looks(bundle: Path) -> None:
    # The exercise list above proves the frozen app finds glutewake/resources; the pictures
    # and icons it shows must be in that same folder.
    (library,) = bundle.parent.rglob("glutewake/resources/exercises.toml")
    folder = library.parent
    assert len(list((folder / "illustrations").glob("*.svg"))) >= 19
    for size in ICON_SIZES:
        assert (folder / theme_icon(size).relative_to(resources_dir())).is_file(), size


@pytest.mark.skipif(bool(missing_tools()), reason=f"missing {missing_tools()}")
def test_the_bundle_sends_a_notification_into_dunst(bundle: Path, tmp_path: Path) -> None:
    with desktop(tmp_path) as session:
        said = run(bundle, "test-notification", env=session.env)
        assert "Sent a sample prompt through dbus" in said
        wait_for(lambda: session.displayed() == 1, 10, "the notification on screen")
        session.run("dunstctl", "close-all")  # closed notifications are what history lists
        (shown,) = json.loads(session.run("dunstctl", "history"))["data"][0]
        assert shown["summary"]["data"] == "Time to wake your glutes"
        assert "Sitting for 30 min" in shown["body"]["data"]


@pytest.mark.skipif(sys.platform == "win32", reason="the instance pipe on Windows is QtNetwork")
def test_the_bundle_leaves_the_qtnetwork_binding_out(bundle: Path) -> None:
    # Its single-instance socket is a plain Unix socket. (libQt6Network itself stays: Qt's
    # VNC platform and TUIO touch plugins link it, and the tray loads neither.)
    binding = [p.name for p in bundle.parent.rglob("QtNetwork*")]
    assert not binding, binding


@pytest.mark.skipif(bool(missing_tools()), reason=f"missing {missing_tools()}")
def test_the_bundled_tray_app_starts_offscreen_and_quits_cleanly(
    bundle: Path, tmp_path: Path
) -> None:
    with desktop(tmp_path) as session:
        data = tmp_path / "data"
        env = {**without_display(session.env), "QT_QPA_PLATFORM": "offscreen"}
        app = subprocess.Popen(
            [str(bundle), "--data-dir", str(data)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:

            def running() -> bool:
                out = subprocess.run(
                    [str(bundle), "--data-dir", str(data), "status", "--json"],
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=30,
                    check=False,
                ).stdout
                return bool(out) and json.loads(out).get("running") is True

            wait_for(running, 40, "the bundled app to answer")
            if sys.platform.startswith("linux"):
                maps = Path(f"/proc/{app.pid}/maps").read_text()
                assert "libQt6Network" not in maps, "the tray loaded QtNetwork"
        finally:
            app.send_signal(signal.SIGTERM)
            _, errors = app.communicate(timeout=20)  # closes the pipe too
            assert app.returncode == 0, errors
        assert (data / "history.sqlite3").exists()
        assert (data / "status.json").exists()
