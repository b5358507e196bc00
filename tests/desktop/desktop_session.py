"""Desktops for tests and benchmarks, built from parts that each clean up after themselves.

The parts compose: `private_bus()` alone (a dbus-daemon of our own), `xvfb()` alone (an X
server on a free display), and `desktop()`: Xvfb + a private session bus + dunst, and by
default trayer as the tray host. Everything is started fresh, on a display and a bus of its
own, and ended (and reaped) on the way out, even when the body fails, so a run never touches
the developer's desktop and leaves nothing running.

This module needs only the standard library and python-xlib (no pytest), so bench/footprint.py
builds its desktop from it too.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NEEDED = ("Xvfb", "trayer", "dunst", "dunstctl", "dbus-daemon", "xdotool", "dbus-send")
NOTIFY_NEEDED = ("dbus-daemon", "Xvfb", "dunst", "dunstctl", "dbus-send", "busctl", "notify-send")
"""What `notification_desktop` and the notifiers' tests use (Debian: dbus dbus-bin xvfb dunst
libnotify-bin)."""
START_TIMEOUT_S = 15.0


def missing_tools(needed: tuple[str, ...] = NEEDED) -> list[str]:
    return [tool for tool in needed if shutil.which(tool) is None]


def wait_for(check: Callable[[], bool], timeout: float, what: str, step: float = 0.1) -> None:
    """Poll an outside process's state until `check` holds; fail naming `what` on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def stop(process: subprocess.Popen[Any]) -> None:
    """End a child we started: SIGTERM, then SIGKILL if it lingers; reaped, its pipes closed."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
    for pipe in (process.stdin, process.stdout, process.stderr):
        if pipe is not None:
            pipe.close()


def _read_line(fd: int, what: str, timeout_s: float = START_TIMEOUT_S) -> str:
    """One line a child writes to `fd` (an address, a display number), within `timeout_s`."""
    data = b""
    deadline = time.monotonic() + timeout_s
    while not data.endswith(b"\n"):
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        chunk = os.read(fd, 256) if ready else b""
        if not chunk:
            raise AssertionError(f"{what} did not start within {timeout_s:.0f} s")
        data += chunk
    return data.decode().strip()


# -- an X server -------------------------------------------------------------------------
def start_xvfb(size: str) -> tuple[subprocess.Popen[bytes], str]:
    """An Xvfb on a free display with the extensions the monitors use; returns it and ":N".

    `-noreset` keeps it accepting clients after the last one leaves; the display number is
    read from -displayfd with a bound, so a server that never starts fails the test. The
    caller ends it (`stop`); `xvfb()` does that for you.
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
    try:
        number = _read_line(read_fd, "Xvfb (its display number)")
    except AssertionError:
        stop(server)
        raise
    finally:
        os.close(read_fd)
    return server, ":" + number


@dataclass(frozen=True)
class Screen:
    """An X server of our own: its DISPLAY and its process id."""

    display: str
    pid: int


@contextmanager
def xvfb(size: str = "1024x640") -> Iterator[Screen]:
    """An Xvfb alone (RECORD, XTEST, MIT-SCREEN-SAVER), ended afterwards."""
    server, display = start_xvfb(size)
    try:
        yield Screen(display, server.pid)
    finally:
        stop(server)


# -- a bus -------------------------------------------------------------------------------
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


@dataclass(frozen=True)
class Bus:
    """A private dbus-daemon: the address clients connect to and the daemon's process id."""

    address: str
    pid: int


@contextmanager
def private_bus(*, activation: bool = True, env: Mapping[str, str] | None = None) -> Iterator[Bus]:
    """A dbus-daemon of our own, ended and reaped afterwards (it runs as our child, not forked).

    With `activation` it is a session bus as a desktop has one (the system's session
    config): services with a .service file start on demand, as dconf does for gsettings.
    Without, nothing is on it until someone claims a name, and nothing can be activated.
    `env` is what activated services inherit.
    """
    with tempfile.TemporaryDirectory(prefix="glutewake-bus-") as folder:
        if activation:
            config = ["--session"]
        else:
            path = Path(folder) / "bus.conf"
            path.write_text(BUS_CONFIG.format(socket_dir=folder), encoding="utf-8")
            config = ["--config-file", str(path)]
        log = (Path(folder) / "dbus-daemon.log").open("w+b")  # it warns on every start
        daemon = subprocess.Popen(
            ["dbus-daemon", *config, "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE,
            stderr=log,
            env=None if env is None else dict(env),
        )
        try:
            assert daemon.stdout is not None
            try:
                address = _read_line(daemon.stdout.fileno(), "dbus-daemon")
            except AssertionError as exc:
                log.seek(0)
                raise AssertionError(f"{exc}: {log.read().decode(errors='replace')}") from None
            yield Bus(address, daemon.pid)
        finally:
            stop(daemon)
            log.close()


def name_has_owner(env: Mapping[str, str], name: str) -> bool:
    """Whether `name` is owned on env's session bus, asked of the bus (activates nothing)."""
    done = subprocess.run(
        [
            "dbus-send",
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            f"string:{name}",
        ],
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    return "true" in done.stdout


def tray_is_hosted(display: str) -> bool:
    """Whether a tray host owns the system tray selection of `display`'s first screen."""
    from Xlib import display as xdisplay

    x = xdisplay.Display(display)
    try:
        return x.get_selection_owner(x.intern_atom("_NET_SYSTEM_TRAY_S0")) != 0
    finally:
        x.close()


TRAYER = (
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


@contextmanager
def tray_host(env: Mapping[str, str], log: Path | None = None) -> Iterator[subprocess.Popen[bytes]]:
    """trayer as the system tray of env's DISPLAY, up once it holds the tray selection."""
    with open(log or os.devnull, "wb") as out:
        host = subprocess.Popen(list(TRAYER), env=dict(env), stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for(
            lambda: tray_is_hosted(env["DISPLAY"]),
            START_TIMEOUT_S,
            "trayer to take the system tray selection",
        )
        yield host
    finally:
        stop(host)


# -- the whole desktop -------------------------------------------------------------------
@dataclass
class Desktop:
    """A running desktop: its environment, a folder for its files, and what runs in it.

    Processes in `processes` (dunst first, then whatever tests add) are ended when the
    desktop ends.
    """

    env: dict[str, str]
    folder: Path
    processes: list[subprocess.Popen[Any]] = field(default_factory=list)
    xvfb_pid: int = 0
    bus_pids: tuple[int, ...] = ()

    @property
    def address(self) -> str:
        return self.env["DBUS_SESSION_BUS_ADDRESS"]

    def run(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            list(args), env=self.env, capture_output=True, text=True, timeout=30, check=False
        )
        if check and done.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def spawn(self, *args: str, log_name: str | None = None) -> subprocess.Popen[bytes]:
        with (self.folder / f"{log_name or Path(args[0]).name}.log").open("wb") as log:
            proc = subprocess.Popen(list(args), env=self.env, stdout=log, stderr=subprocess.STDOUT)
        self.processes.append(proc)
        return proc

    @property
    def choice_file(self) -> Path:
        return self.folder / "dunst-choice"

    def will_choose(self, label: str) -> None:
        """The button the test's dmenu picks the next time dunst opens its context menu."""
        self.choice_file.write_text(label, encoding="utf-8")

    def choose(self, label: str) -> None:
        """Press a notification button through dunst itself, as a user would."""
        self.will_choose(label)
        self.run("dunstctl", "action", "0")

    def dunstctl(self, *args: str) -> str:
        return self.run("dunstctl", *args)

    def count(self, which: str = "displayed") -> int:
        """dunst's count of notifications: "displayed", "waiting" or "history"."""
        return int(self.dunstctl("count", which).strip() or 0)

    def displayed(self) -> int:
        return self.count("displayed")

    def history(self) -> list[dict[str, Any]]:
        """Closed notifications, newest first, with each field's value unwrapped."""
        raw = json.loads(self.dunstctl("history"))
        return [{k: v["data"] for k, v in entry.items()} for entry in raw["data"][0]]

    def screenshot(self, path: Path) -> None:
        self.run("import", "-window", "root", str(path))


@contextmanager
def desktop(
    folder: Path,
    *,
    size: str = "1024x640",
    tray: bool = True,
    activation: bool = True,
    dunstrc: str | None = None,
    system_bus: bool = False,
    env: Mapping[str, str] | None = None,
) -> Iterator[Desktop]:
    """Xvfb (with RECORD, XTEST, MIT-SCREEN-SAVER) + a private session bus + dunst + trayer.

    HOME and the XDG folders point into `folder`. `dunstrc` is dunst's configuration
    ("{choice}" stands for the file `Desktop.will_choose` writes; default: DUNSTRC, where
    notifications stay until answered). `tray=False` leaves out the tray host;
    `activation=False` gives a bus that starts no service on its own (`private_bus`);
    `system_bus` adds a second private bus as DBUS_SYSTEM_BUS_ADDRESS, on which nothing
    answers. `env` is the environment to start from (default: this process's, without its
    session bus).
    """
    base = os.environ if env is None else env
    session_env = {k: v for k, v in base.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    with ExitStack() as stack:
        screen = stack.enter_context(xvfb(size))
        session_env.update(
            DISPLAY=screen.display,
            XDG_RUNTIME_DIR=str(folder),
            HOME=str(folder),
            XDG_CONFIG_HOME=str(folder / "config"),  # no dunstrc.d drop-ins of the user's
            XDG_DATA_HOME=str(folder / "data"),
            XDG_CACHE_HOME=str(folder / "cache"),
            XDG_STATE_HOME=str(folder / "state"),
            QT_QPA_PLATFORM="xcb",
        )
        bus = stack.enter_context(private_bus(activation=activation, env=session_env))
        session_env["DBUS_SESSION_BUS_ADDRESS"] = bus.address
        bus_pids = [bus.pid]
        if system_bus:
            system = stack.enter_context(private_bus(env=session_env))
            session_env["DBUS_SYSTEM_BUS_ADDRESS"] = system.address
            bus_pids.append(system.pid)
        if tray:
            stack.enter_context(tray_host(session_env, folder / "trayer.log"))
        session = Desktop(session_env, folder, xvfb_pid=screen.pid, bus_pids=tuple(bus_pids))

        @stack.callback
        def end_processes() -> None:
            for proc in reversed(session.processes):
                stop(proc)

        config = folder / "dunstrc"
        config.write_text(
            (DUNSTRC if dunstrc is None else dunstrc).replace("{choice}", str(session.choice_file)),
            encoding="utf-8",
        )
        dunst = session.spawn("dunst", "-config", str(config))

        def dunst_is_up() -> bool:
            if dunst.poll() is not None:
                log = (folder / "dunst.log").read_text(errors="replace")
                raise AssertionError(f"dunst exited with {dunst.returncode}: {log}")
            # Ask the bus, not dunstctl: on an activating bus that would start a second dunst.
            return name_has_owner(session_env, "org.freedesktop.Notifications")

        wait_for(dunst_is_up, START_TIMEOUT_S, "dunst to own org.freedesktop.Notifications")
        yield session


@contextmanager
def notification_desktop(folder: Path) -> Iterator[Desktop]:
    """Dunst with its own defaults on a bus that activates nothing, on an Xvfb; no tray.

    For the notifiers' tests: notifications that do not ask keep dunst's default timeout,
    and no second notification daemon can be started behind the test's back.
    """
    with desktop(
        folder, size="1280x800", tray=False, activation=False, dunstrc=PLAIN_DUNSTRC
    ) as session:
        yield session


PLAIN_DUNSTRC = """[global]
    dmenu = /bin/sh -c 'grep -m1 "^#$(cat {choice}) ("'
"""
"""dunst's defaults, plus the test's "menu" (see DUNSTRC)."""

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
