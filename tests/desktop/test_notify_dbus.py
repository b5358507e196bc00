"""The D-Bus notifier against a real dunst, on a private session bus and its own Xvfb.

Answers are given the way a dunst user gives them: `dunstctl action 0` opens the context menu
of the notification on top, and dunst runs its `dmenu` command with one line per button
("#Snooze (Time to wake your glutes) [3,snooze]"). The test's dmenu is a grep that picks the
line whose label is in the CHOICE file, so the choice goes through dunst's own menu and its
ActionInvoked signal, never around it.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from glutewake.notify import Note, prompt_note, question_note
from glutewake.notify.dbus import DBusNotifier
from tests.desktop.desktop_session import start_xvfb

pytestmark = pytest.mark.desktop

START_TIMEOUT_S = 10.0
NEEDED = ("dbus-daemon", "Xvfb", "dunst", "dunstctl", "dbus-send", "busctl", "notify-send")

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <!-- A session bus with no service directories: nothing is activated behind the test's
       back (Debian's dunst ships a service file for org.freedesktop.Notifications). -->
  <type>session</type>
  <listen>unix:dir={socket_dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""

DUNSTRC = """[global]
    dmenu = /bin/sh -c 'grep -m1 "^#$(cat {choice}) ("'
"""


def _missing_binaries() -> list[str]:
    return [name for name in NEEDED if shutil.which(name) is None]


def _read_line(stream: Any, what: str, timeout_s: float = START_TIMEOUT_S) -> str:
    """One line from a child's pipe, waiting at most `timeout_s` for it to be written."""
    fd = stream if isinstance(stream, int) else stream.fileno()
    ready, _, _ = select.select([fd], [], [], timeout_s)
    if not ready:
        raise RuntimeError(f"{what} did not start within {timeout_s} s")
    data = b""
    while not data.endswith(b"\n"):
        chunk = os.read(fd, 256)
        if not chunk:
            break
        data += chunk
    return data.decode().strip()


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@contextlib.contextmanager
def private_bus(workdir: Path) -> Iterator[str]:
    """A dbus-daemon of our own; yields its address. Nothing on it until someone claims a name."""
    if shutil.which("dbus-daemon") is None:
        pytest.skip("needs dbus-daemon (Debian: dbus-daemon)")
    config = workdir / "bus.conf"
    config.write_text(BUS_CONFIG.format(socket_dir=workdir))
    daemon = subprocess.Popen(
        ["dbus-daemon", "--config-file", str(config), "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
    )
    try:
        assert daemon.stdout is not None
        yield _read_line(daemon.stdout, "dbus-daemon")
    finally:
        _stop(daemon)


@dataclass
class Desktop:
    """A private bus with dunst on its own X display, and dunstctl to look at it."""

    address: str
    env: dict[str, str]
    choice_file: Path

    def dunstctl(self, *args: str) -> str:
        done = subprocess.run(
            ["dunstctl", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        return done.stdout

    def count(self, which: str = "displayed") -> int:
        return int(self.dunstctl("count", which).strip())

    def history(self) -> list[dict[str, Any]]:
        """Closed notifications, newest first, with each field's value unwrapped."""
        raw = json.loads(self.dunstctl("history"))
        return [{k: v["data"] for k, v in entry.items()} for entry in raw["data"][0]]

    def choose(self, label: str) -> None:
        """What the test's dmenu picks the next time dunst opens its context menu."""
        self.choice_file.write_text(label)


@contextlib.contextmanager
def running_desktop(workdir: Path) -> Iterator[Desktop]:
    """dbus-daemon, Xvfb and dunst, started for the test and stopped after it."""
    missing = _missing_binaries()
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (Debian: dbus dbus-bin xvfb dunst libnotify-bin)")
    choice = workdir / "choice"
    choice.write_text("Snooze")
    dunstrc = workdir / "dunstrc"
    dunstrc.write_text(DUNSTRC.format(choice=choice))
    (workdir / "config").mkdir()
    with private_bus(workdir) as address:
        xvfb, display = start_xvfb("1280x800")
        dunst: subprocess.Popen[bytes] | None = None
        try:
            env = {
                **os.environ,
                "DBUS_SESSION_BUS_ADDRESS": address,
                "DISPLAY": display,
                "XDG_CONFIG_HOME": str(workdir / "config"),  # no user dunstrc.d drop-ins
            }
            with (workdir / "dunst.log").open("wb") as dunst_log:
                dunst = subprocess.Popen(
                    ["dunst", "-conf", str(dunstrc)],
                    env=env,
                    stdout=dunst_log,
                    stderr=subprocess.STDOUT,
                )
            desktop = Desktop(address, env, choice)
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:  # bounded wait for the daemon to own its name
                if dunst.poll() is not None:
                    log = (workdir / "dunst.log").read_text()
                    raise RuntimeError(f"dunst exited with {dunst.returncode}: {log}")
                try:
                    desktop.count()
                    break
                except subprocess.CalledProcessError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
            yield desktop
        finally:
            if dunst is not None:
                _stop(dunst)
            _stop(xvfb)


@pytest.fixture(scope="module")
def desktop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desktop]:
    with running_desktop(tmp_path_factory.mktemp("dunst")) as running:
        yield running


@pytest.fixture
def notifier(qapp: Any, desktop: Desktop) -> Iterator[DBusNotifier]:
    made = DBusNotifier(address=desktop.address)
    yield made
    made.withdraw()
    made.close()
    desktop.dunstctl("close-all")


def _shown(desktop: Desktop) -> int:
    """Notifications dunst has taken: on screen plus not yet drawn."""
    return desktop.count("displayed") + desktop.count("waiting")


def test_dunst_is_found_with_buttons(notifier: DBusNotifier) -> None:
    assert notifier.available(), notifier.reason
    assert notifier.supports_actions
    assert notifier.server.startswith("dunst")


def test_a_prompt_is_one_notification_with_our_words_that_never_expires(
    qtbot: Any, notifier: DBusNotifier, desktop: Desktop
) -> None:
    notifier.show(prompt_note(47, "2 min: 10 glute bridges, 10 clamshells a side"))

    assert _shown(desktop) == 1
    qtbot.waitUntil(lambda: desktop.count("displayed") == 1, timeout=3000)
    desktop.dunstctl("close")
    latest = desktop.history()[0]
    assert latest["appname"] == "glutewake"
    assert latest["summary"] == "Time to wake your glutes"
    assert latest["body"] == "Sitting for 47 min.\n2 min: 10 glute bridges, 10 clamshells a side"
    assert latest["timeout"] == 0, "dunst would close the prompt on its own"


def test_dunst_reports_its_own_timeout_for_others(desktop: Desktop) -> None:
    """The check above means something: a notification that did not ask gets dunst's default."""
    subprocess.run(["notify-send", "-a", "other", "A control", "x"], env=desktop.env, check=True)
    desktop.dunstctl("close-all")
    control = next(entry for entry in desktop.history() if entry["summary"] == "A control")
    assert control["timeout"] > 0


def test_a_second_show_replaces_the_first(
    qtbot: Any, notifier: DBusNotifier, desktop: Desktop
) -> None:
    notifier.show(prompt_note(31, "2 min: first routine"))
    qtbot.waitUntil(lambda: desktop.count("displayed") == 1, timeout=3000)

    notifier.show(prompt_note(62, "2 min: second routine"))

    assert _shown(desktop) == 1
    desktop.dunstctl("close")
    bodies = [entry["body"] for entry in desktop.history()]
    assert bodies[0] == "Sitting for 62 min.\n2 min: second routine"
    assert "Sitting for 31 min.\n2 min: first routine" not in bodies


@pytest.mark.parametrize(
    "case",
    [
        (prompt_note(35, "2 min: 12 donkey kicks a side"), "Snooze", "snooze"),
        (prompt_note(35, "2 min: 12 donkey kicks a side"), "Start", "start"),
        (question_note(6), "Yes", "yes"),
    ],
    ids=["snooze", "start", "away-yes"],
)
def test_a_button_chosen_in_dunst_reaches_the_app_and_the_note_goes(
    qtbot: Any, notifier: DBusNotifier, desktop: Desktop, case: tuple[Note, str, str]
) -> None:
    note, label, key = case
    notifier.show(note)
    qtbot.waitUntil(lambda: desktop.count("displayed") == 1, timeout=3000)
    desktop.choose(label)

    with qtbot.waitSignal(notifier.action, timeout=5000) as answered:
        desktop.dunstctl("action", "0")

    assert answered.args == [key]
    qtbot.waitUntil(lambda: desktop.count("displayed") == 0, timeout=3000)


def test_withdraw_takes_the_prompt_off_the_screen(
    qtbot: Any, notifier: DBusNotifier, desktop: Desktop
) -> None:
    notifier.show(prompt_note(40, "2 min: 30 s side plank a side"))
    qtbot.waitUntil(lambda: desktop.count("displayed") == 1, timeout=3000)

    notifier.withdraw()

    qtbot.waitUntil(lambda: desktop.count("displayed") == 0, timeout=3000)


def test_after_withdraw_a_new_prompt_is_a_fresh_notification(
    qtbot: Any, notifier: DBusNotifier, desktop: Desktop
) -> None:
    notifier.show(prompt_note(40, "2 min: wall sit"))
    old_id = notifier.current_id
    notifier.withdraw()
    qtbot.waitUntil(lambda: desktop.count("displayed") == 0, timeout=3000)

    notifier.show(prompt_note(41, "2 min: lunges"))

    assert notifier.current_id not in (0, old_id)
    qtbot.waitUntil(lambda: desktop.count("displayed") == 1, timeout=3000)


def test_a_missing_service_is_reported_not_raised(qapp: Any, tmp_path: Path) -> None:
    with private_bus(tmp_path) as empty_bus:
        lonely = DBusNotifier(address=empty_bus)
        try:
            assert not lonely.available()
            assert not lonely.service_present
            assert "no notification service" in lonely.reason
            failures: list[str] = []
            lonely.failed.connect(failures.append)
            lonely.show(prompt_note(30, "2 min: bridges"))
            assert len(failures) == 1
            assert "no notification service" in failures[0]
        finally:
            lonely.close()


def test_closing_the_prompt_without_answering_is_reported_as_dismissed(
    qtbot: Any, notifier: DBusNotifier, desktop: Desktop
) -> None:
    notifier.show(prompt_note(44, "2 min: 10 glute bridges"))
    qtbot.waitUntil(lambda: desktop.count("displayed") == 1, timeout=3000)
    with qtbot.waitSignal(notifier.action, timeout=3000) as blocker:
        desktop.dunstctl("close")  # what clicking the notification away does
    assert blocker.args == ["dismissed"]
