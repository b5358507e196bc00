"""A real desktop for end-to-end tests: Xvfb, a tray host, a private session bus and dunst.

Everything is started fresh, on a display and a bus of its own, and torn down afterwards,
so the tests never touch the developer's desktop and leave nothing running.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

NEEDED = ("Xvfb", "trayer", "dunst", "dunstctl", "dbus-daemon", "xdotool", "dbus-send")


def missing_tools() -> list[str]:
    return [tool for tool in NEEDED if shutil.which(tool) is None]


def wait_for(check: Callable[[], bool], timeout: float, what: str, step: float = 0.1) -> None:
    """Poll an outside process's state until `check` holds; fail naming `what` on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


@dataclass
class Desktop:
    env: dict[str, str]
    folder: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def run(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            list(args), env=self.env, capture_output=True, text=True, timeout=30, check=False
        )
        if check and done.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def spawn(self, *args: str, log_name: str | None = None) -> subprocess.Popen[bytes]:
        log = (self.folder / f"{log_name or Path(args[0]).name}.log").open("wb")
        proc = subprocess.Popen(list(args), env=self.env, stdout=log, stderr=subprocess.STDOUT)
        self.processes.append(proc)
        return proc

    @property
    def choice_file(self) -> Path:
        return self.folder / "dunst-choice"

    def choose(self, label: str) -> None:
        """Press a notification button through dunst itself, as a user would."""
        self.choice_file.write_text(label, encoding="utf-8")
        self.run("dunstctl", "action", "0")

    def displayed(self) -> int:
        return int(self.run("dunstctl", "count", "displayed").strip() or 0)

    def screenshot(self, path: Path) -> None:
        self.run("import", "-window", "root", str(path))


def start_xvfb(size: str) -> tuple[subprocess.Popen[bytes], str]:
    """An Xvfb on a free display with the extensions the monitors use; returns it and ":N".

    `-noreset` keeps it accepting clients after the last one leaves; the display number is
    read from -displayfd with a bound, so a server that never starts fails the test.
    """
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            str(write_fd),
            "-screen",
            "0",
            f"{size}x24",
            "-nolisten",
            "tcp",
            "-noreset",
            "+extension",
            "RECORD",
            "+extension",
            "XTEST",
            "+extension",
            "MIT-SCREEN-SAVER",
        ],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    number = b""
    try:
        while not number.endswith(b"\n"):
            ready, _, _ = select.select([read_fd], [], [], 10)
            chunk = os.read(read_fd, 16) if ready else b""
            if not chunk:
                server.kill()
                raise AssertionError("Xvfb did not report its display number")
            number += chunk
    finally:
        os.close(read_fd)
    return server, ":" + number.decode().strip()


@contextmanager
def desktop(folder: Path) -> Iterator[Desktop]:
    """Xvfb (with RECORD, XTEST, MIT-SCREEN-SAVER) + trayer + dbus-daemon + dunst."""
    env = {k: v for k, v in os.environ.items() if k not in ("DBUS_SESSION_BUS_ADDRESS",)}
    xvfb, display = start_xvfb("1024x640")
    env["DISPLAY"] = display
    env["XDG_RUNTIME_DIR"] = str(folder)
    env["HOME"] = str(folder)
    env["XDG_CONFIG_HOME"] = str(folder / "config")
    env["XDG_DATA_HOME"] = str(folder / "data")
    env["XDG_CACHE_HOME"] = str(folder / "cache")
    env["XDG_STATE_HOME"] = str(folder / "state")
    env["QT_QPA_PLATFORM"] = "xcb"
    bus = subprocess.run(
        ["dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=30,
    )
    address, pid = bus.stdout.split()[:2]
    env["DBUS_SESSION_BUS_ADDRESS"] = address
    session = Desktop(env=env, folder=folder)
    try:
        dunstrc = folder / "dunstrc"
        dunstrc.write_text(DUNSTRC.replace("{choice}", str(session.choice_file)), encoding="utf-8")
        session.spawn("dunst", "-config", str(dunstrc))
        # Ask the bus, not dunstctl: dbus-send would start a second dunst by activation.
        wait_for(
            lambda: (
                "true"
                in session.run(
                    "dbus-send",
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    "string:org.freedesktop.Notifications",
                    check=False,
                )
            ),
            15,
            "dunst to own org.freedesktop.Notifications",
        )
        session.spawn(
            "trayer",
            "--edge",
            "top",
            "--align",
            "right",
            "--widthtype",
            "pixel",
            "--width",
            "160",
            "--height",
            "32",
            "--transparent",
            "false",
            "--tint",
            "0x303030",
            "--SetDockType",
            "true",
        )
        yield session
    finally:
        for proc in reversed(session.processes):
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
        subprocess.run(["kill", pid], check=False)
        xvfb.terminate()
        xvfb.wait(5)


DUNSTRC = """
[global]
    geometry = "420x120-10+40"
    width = 420
    offset = 10x40
    font = DejaVu Sans 10
    frame_width = 2
    frame_color = "#2ea05a"
    show_age_threshold = -1
    sticky_history = yes
    history_length = 20
    # `dunstctl action 0` opens the menu of the top notification; this "menu" picks the
    # button whose label is in the file CHOICE (one line per button: "#Snooze (title) [id,key]").
    dmenu = /bin/sh -c 'grep -m1 "^#$(cat {choice}) ("'

[urgency_normal]
    background = "#1e1e1e"
    foreground = "#f0f0f0"
    timeout = 0

[urgency_critical]
    background = "#1e1e1e"
    foreground = "#f0f0f0"
    timeout = 0
"""


def app_status(data: Path, env: Mapping[str, str]) -> dict[str, object]:
    """`glutewake status --json` for the app using `data`, as another program asks it."""
    out = subprocess.run(
        [sys.executable, "-m", "glutewake", "--data-dir", str(data), "status", "--json"],
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    ).stdout
    try:
        status = json.loads(out or "{}")
    except ValueError:
        return {}
    return status if isinstance(status, dict) else {}


def type_until(session: Desktop, done: Callable[[], bool], timeout: float, what: str) -> float:
    """Type a few keys every two seconds, as someone working would, until `done()` holds.

    Returns the seconds it took; raises naming `what` after `timeout`.
    """
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if done():
            return time.monotonic() - start
        session.run("xdotool", "type", "--delay", "40", "work")
        time.sleep(2)  # the user's typing rhythm, not a wait for an outcome
    raise AssertionError(f"no {what} within {timeout:.0f} s")
