"""The whole app on a real desktop: Xvfb, trayer, dunst on a private bus, xdotool input.

`glutewake --interval 1` runs as a user would run it; the test types through xdotool, reads
what dunst shows, presses notification buttons through dunst, locks the screen with a real
D-Bus signal, and asks the running app for its status with `glutewake status`.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.desktop.desktop_session import (
    Desktop,
    app_status,
    desktop,
    missing_tools,
    type_until,
    wait_for,
)
from tests.desktop.screenshots import screenshot_folder
from tests.desktop.x_windows import close_by_clicking, mapped_windows

pytestmark = pytest.mark.skipif(bool(missing_tools()), reason=f"missing {missing_tools()}")

DOCS = screenshot_folder()


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desktop]:
    with desktop(tmp_path_factory.mktemp("desktop")) as d:
        yield d


@pytest.fixture(scope="module")
def app_process(session: Desktop) -> Iterator[subprocess.Popen[bytes]]:
    data = session.folder / "glutewake-data"
    config = session.folder / "config.toml"
    config.write_text("# a user's config\nsnooze_minutes = 10\n", encoding="utf-8")
    data.mkdir()
    (data / "welcome-seen").touch(mode=0o600)  # the welcome has its own test below
    proc = session.spawn(
        sys.executable,
        "-m",
        "glutewake",
        "--data-dir",
        str(data),
        "--config",
        str(config),
        "--interval",
        "1",
        log_name="glutewake",
    )
    proc.data = data  # type: ignore[attr-defined]
    wait_for(lambda: app_status(data, session.env).get("running") is True, 30, "the app to answer")
    yield proc
    if proc.poll() is None:
        proc.terminate()
        assert proc.wait(15) == 0, "glutewake did not quit cleanly on SIGTERM"


@pytest.fixture(scope="module")
def app(app_process: subprocess.Popen[bytes]) -> Path:
    data: Path = app_process.data  # type: ignore[attr-defined]
    return data


def test_a_prompt_naming_a_routine_appears_within_two_minutes(session: Desktop, app: Path) -> None:
    took = type_until(session, lambda: session.displayed() == 1, 120, "notification in dunst")
    assert took < 120
    status = app_status(app, session.env)
    assert status["state"] == "sitting"
    assert "pynput" in str(status["sources"])
    session.screenshot(DOCS / "notification.png")


def test_the_tray_icon_is_visible(session: Desktop, app: Path) -> None:
    shot = session.folder / "tray.png"
    session.screenshot(shot)
    # The tray host sits at the top right; the icon is drawn in saturated green, amber or red.
    crop = subprocess.run(
        [
            "convert",
            str(shot),
            "-crop",
            "160x32+864+0",
            "-colorspace",
            "HSL",
            "-channel",
            "G",
            "-separate",
            "-format",
            "%[fx:maxima]",
            "info:",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert float(crop) > 0.5, "no coloured tray icon in the tray area"


def test_snooze_through_dunst_defers_the_next_prompt(session: Desktop, app: Path) -> None:
    if session.displayed() == 0:
        type_until(session, lambda: session.displayed() == 1, 120, "notification")
    session.choose("Snooze")
    wait_for(lambda: session.displayed() == 0, 10, "the prompt to close after Snooze")
    history = session.run("dunstctl", "history")
    assert "Time to wake your glutes" in history
    assert "glute" in history
    assert "a side" in history or "walk" in history
    status = app_status(app, session.env)
    assert 8 * 60 < float(str(status["next_prompt_in_s"])) <= 10 * 60


def test_a_lock_signal_on_the_session_bus_ends_the_bout(session: Desktop, app: Path) -> None:
    assert app_status(app, session.env)["state"] == "sitting"
    session.run(
        "dbus-send",
        "--session",
        "--type=signal",
        "/org/freedesktop/ScreenSaver",
        "org.freedesktop.ScreenSaver.ActiveChanged",
        "boolean:true",
    )
    wait_for(lambda: app_status(app, session.env).get("state") == "away", 15, "the bout to end")
    assert app_status(app, session.env)["headline"] == "Away from the desk"


def test_a_second_launch_hands_over_to_the_first(session: Desktop, app: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "glutewake", "--data-dir", str(app)],
        env=session.env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0
    assert "already running" in done.stdout


def test_nothing_typed_ends_up_in_any_file_the_app_wrote(session: Desktop, app: Path) -> None:
    secret = "zebraquartzmarmalade"
    session.run("xdotool", "type", "--delay", "30", secret)
    wait_for(lambda: app_status(app, session.env).get("running") is True, 10, "the app")
    # HOME, config, data, cache, state and the app's own output all live in the session
    # folder; only the notification daemon's files there are not the app's.
    written = [
        p
        for p in session.folder.rglob("*")
        if p.is_file() and not p.name.startswith(("dunst", "trayer"))
    ]
    assert any(p.name == "glutewake.log" for p in written)
    assert any(p.name == "history.sqlite3" for p in written)
    for path in written:
        text = path.read_bytes().decode("utf-8", "replace")
        assert secret not in text, path
        assert "zebra" not in text, path


def test_the_app_opens_no_network_socket(app_process: subprocess.Popen[bytes]) -> None:
    sockets = set()
    for fd in Path(f"/proc/{app_process.pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue  # closed while we looked
        if target.startswith("socket:["):
            sockets.add(target[len("socket:[") : -1])
    assert sockets, "the app should at least hold its D-Bus and X connections"
    network = set()
    for table in ("tcp", "tcp6", "udp", "udp6", "raw", "raw6"):
        path = Path("/proc/net") / table
        if path.exists():
            for line in path.read_text().splitlines()[1:]:
                network.add(line.split()[9])  # the inode column
    assert not sockets & network, "glutewake holds an IP socket"


def test_data_files_are_readable_by_their_owner_only(app: Path) -> None:
    assert app.stat().st_mode & 0o777 == 0o700
    files = [p for p in app.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"history.sqlite3", "glutewake.log", "status.json"}
    loose = {p.name: oct(p.stat().st_mode & 0o777) for p in files if p.stat().st_mode & 0o077}
    assert not loose, loose


def test_start_opens_the_guided_routine_and_its_end_is_recorded(
    session: Desktop, app: Path
) -> None:
    session.run(
        "dbus-send",
        "--session",
        "--type=signal",
        "/org/freedesktop/ScreenSaver",
        "org.freedesktop.ScreenSaver.ActiveChanged",
        "boolean:false",
    )
    type_until(session, lambda: session.displayed() == 1, 150, "a new prompt after the lock")
    session.choose("Start")
    wait_for(lambda: session.displayed() == 0, 10, "the prompt to close after Start")

    def routine_window() -> str:
        return session.run("xdotool", "search", "--name", "^glutewake - ", check=False).strip()

    wait_for(lambda: bool(routine_window()), 15, "the guided routine window")
    window = routine_window().splitlines()[0]
    session.screenshot(DOCS / "routine-window-desktop.png")
    # The window opened without taking focus; the user clicks into it and presses Esc.
    session.run("xdotool", "windowfocus", "--sync", window, "key", "Escape")
    wait_for(lambda: bool(history_rows(app, "routines")), 10, "the routine to be recorded")
    (routine,) = history_rows(app, "routines")
    assert routine["outcome"] == "skipped"
    assert routine["steps_total"] >= 2
    assert (app / "medical-note-seen").exists()


def glutewake(session: Desktop, *args: str) -> subprocess.CompletedProcess[str]:
    """A `glutewake` command on the test's desktop, as a user runs it beside the app."""
    return subprocess.run(
        [sys.executable, "-m", "glutewake", *args],
        env=session.env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def heavy_libraries(pid: int) -> set[str]:
    """numpy's and pyqtgraph's files among what the process has mapped."""
    maps = Path(f"/proc/{pid}/maps").read_text()
    return {
        line.split()[-1] for line in maps.splitlines() if "numpy" in line or "pyqtgraph" in line
    }


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def test_glutewake_chart_opens_the_charts_of_the_running_app_in_a_process_of_their_own(
    session: Desktop, app: Path, app_process: subprocess.Popen[bytes]
) -> None:
    tray = app_process.pid
    screen = session.env["DISPLAY"]

    def ask_for_charts() -> None:
        asked = glutewake(session, "--data-dir", str(app), "chart")
        assert asked.returncode == 0, asked.stderr
        assert "running glutewake" in asked.stdout

    def chart_windows() -> dict[int, int]:
        """The tray's children's windows: window id -> pid."""
        found = {}
        for window, pid in mapped_windows(screen).items():
            try:
                if pid != tray and parent_of(pid) == tray:
                    found[window] = pid
            except OSError:  # gone meanwhile
                pass
        return found

    ask_for_charts()
    wait_for(lambda: bool(chart_windows()), 20, "the charts window")
    ((window, charts),) = chart_windows().items()
    assert heavy_libraries(charts), "the charts process drew without pyqtgraph?"
    assert not heavy_libraries(tray)
    ask_for_charts()  # a second time: the same window comes to the front
    log = app / "glutewake.log"
    wait_for(lambda: f"charts window raised (pid {charts})" in log.read_text(), 20, "the raise")
    assert chart_windows() == {window: charts}
    time.sleep(1)  # let the window finish painting before the picture, not a wait for an outcome
    session.screenshot(DOCS / "chart-window-desktop.png")
    close_by_clicking(screen, window, lambda: window not in mapped_windows(screen))
    wait_for(lambda: not Path(f"/proc/{charts}").exists(), 10, "the charts process to end")
    assert not heavy_libraries(tray)


def test_config_set_reaches_the_running_app_without_a_restart(session: Desktop, app: Path) -> None:
    config = session.folder / "config.toml"

    def config_set(key: str, value: str) -> str:
        done = glutewake(
            session, "--data-dir", str(app), "--config", str(config), "config", "set", key, value
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    today = time.strftime("%a").lower()
    others = ",".join(d for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun") if d != today)
    assert "the running glutewake uses it now" in config_set("working_days", others)
    wait_for(
        lambda: app_status(app, session.env).get("hold") == "outside working hours",
        10,
        "the running app to stop prompting on a day off",
    )
    config_set("working_days", "mon,tue,wed,thu,fri,sat,sun")
    wait_for(lambda: app_status(app, session.env).get("hold") is None, 10, "prompts to resume")
    assert config.read_text(encoding="utf-8").startswith("# a user's config\nsnooze_minutes = 10\n")

    autostart = Path(session.env["XDG_CONFIG_HOME"]) / "autostart" / "glutewake.desktop"
    config_set("start_at_login", "true")
    wait_for(autostart.exists, 10, "the login entry")
    assert "X-Glutewake-Autostart=true" in autostart.read_text(encoding="utf-8")
    config_set("start_at_login", "false")
    wait_for(lambda: not autostart.exists(), 10, "the login entry to go")
    assert list(autostart.parent.iterdir()) == []


def test_the_welcome_shows_on_a_first_start_and_skip_remembers_it(session: Desktop) -> None:
    data = session.folder / "first-start-data"
    proc = session.spawn(
        sys.executable, "-m", "glutewake", "--data-dir", str(data), log_name="first-start"
    )
    try:

        def welcome() -> str:
            found = session.run("xdotool", "search", "--name", "Welcome to glutewake", check=False)
            return found.strip()

        wait_for(lambda: bool(welcome()), 30, "the welcome window")
        session.screenshot(DOCS / "welcome-desktop.png")
        window = welcome().splitlines()[0]
        session.run("xdotool", "windowfocus", "--sync", window, "key", "Escape")  # Skip
        wait_for((data / "welcome-seen").exists, 10, "the welcome to be remembered")
        wait_for(lambda: not welcome(), 10, "the welcome to close")
    finally:
        proc.terminate()
        assert proc.wait(15) == 0


def test_quitting_writes_the_history(session: Desktop, app: Path, app_process: Any) -> None:
    app_process.terminate()
    assert app_process.wait(15) == 0, "glutewake did not quit cleanly on SIGTERM"
    bouts = history_rows(app, "bouts")
    assert bouts, "no sitting bout was recorded"
    assert all(b["end"] > b["start"] for b in bouts)
    starts = [b["start"] for b in bouts]
    assert starts == sorted(set(starts))  # a lock shorter than a break joined, not duplicated
    responses = [p["response"] for p in history_rows(app, "prompts")]
    assert "snoozed" in responses
    assert "done" in responses  # Start was pressed
    assert oct((app / "history.sqlite3").stat().st_mode & 0o777) == "0o600"


def history_rows(data: Path, table: str) -> list[dict[str, Any]]:
    """Rows of the app's history as another program would read them (WAL, read-only)."""
    path = data / "history.sqlite3"
    if not path.exists():
        return []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        db.row_factory = sqlite3.Row
        return [dict(row) for row in db.execute(f"SELECT * FROM {table}")]
