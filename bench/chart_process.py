"""The charts window and the tray's memory: what opening the charts costs the tray, and how fast.

Starts the real tray (``glutewake --data-dir D --config C run``) on the tests' desktop (Xvfb,
trayer, dunst on a private bus: tests/desktop/desktop_session.py, as bench/footprint.py
does), lets it settle, and then, ``--rounds`` times:

1. reads the tray's VmRSS (``/proc/PID/status``);
2. sends the ``chart`` request on the app's single-instance socket (what ``glutewake chart``
   and the tray's menu action do, without the CLI's own Python start-up) and times it until
   the charts window is mapped: a viewable top-level window titled "glutewake: sitting
   history" whose ``_NET_WM_PID`` is the tray or one of its children (python-xlib, polled
   every 10 ms), so the same bench measures a tray that draws its charts itself; and on
   to the charts drawn, plots and all: the tray's log line "charts window drawn (pid N)",
   which it writes when the charts process says so (n/a for a tray without it);
3. after ``--open-seconds`` reads the tray's and the window's process's VmRSS;
4. closes the window as a window manager's close button does (WM_DELETE_WINDOW; again if
   Qt ignored it, see tests/desktop/x_windows.py), waits
   until the window's process has ended (if it is not the tray) or the window is unmapped,
   waits ``--after-seconds`` and reads the tray's VmRSS again.

The socket is the one named by the data folder's instance key, where Qt puts it. Warm disk
caches: round 1 is the first open of this tray, not a first read from disk (the bench's own
tray start has read the same Qt libraries). Prints a Markdown table, the command, and the machine.

Run from the repository root:

    .venv/bin/python bench/chart_process.py --rounds 5
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for its tests
from bench.footprint import (
    bench_desktop,
    glutewake_command,
    glutewake_status,
    prepare,
    status_kb,
    wait_until,
)
from tests.desktop.x_windows import close_by_clicking
from Xlib import X, Xatom, display
from Xlib.error import XError

from glutewake.store.paths import Paths

TITLE = "glutewake: sitting history"


def log(message: str) -> None:
    print(f"[chart_process {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def mb(kb: int) -> str:
    return f"{kb / 1024:.1f}"


def parent_of(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def instance_socket(key: str, env: dict[str, str]) -> str | None:
    """Where the single-instance socket named `key` is: Qt's QLocalServer puts it in the
    temporary folder (and /proc/net/unix names the private folder it was bound in before
    Qt moved it, so the tray's fds cannot say); an abstract-namespace socket is tried too."""
    folder = env.get("TMPDIR") or "/tmp"
    for path in (os.path.join(folder, key), "\0" + key):
        with contextlib.suppress(OSError):
            ask(path, "ping")
            return path
    return None


def ask(path: str, request: str) -> str:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(5)
        s.connect(path)
        s.sendall(request.encode() + b"\n")
        answer = b""
        while not answer.endswith(b"\n"):
            chunk = s.recv(4096)
            if not chunk:
                break
            answer += chunk
    return answer.decode(errors="replace").strip()


class ChartWindows:
    """Viewable top-level windows with the charts' title made by the tray or its children."""

    def __init__(self, display_name: str, tray: int) -> None:
        self.x = display.Display(display_name)
        self.tray = tray
        self.pid_atom = self.x.intern_atom("_NET_WM_PID")

    def find(self) -> tuple[int, int] | None:
        """(window id, pid of its process), or None while none is mapped."""
        for window in self.x.screen().root.query_tree().children:
            try:
                if window.get_attributes().map_state != X.IsViewable:
                    continue
                prop = window.get_full_property(self.pid_atom, Xatom.CARDINAL)
                name = window.get_wm_name()
            except XError:  # gone while we looked
                continue
            if prop is None or not len(prop.value) or name != TITLE:
                continue
            pid = int(prop.value[0])
            if pid == self.tray or parent_of(pid) == self.tray:
                return window.id, pid
        return None

    def close(self) -> None:
        self.x.close()


@dataclass
class Round:
    before_kb: int
    mapped_s: float | None
    drawn_s: float | None = None
    tray_open_kb: int = 0
    window_pid: int = 0
    window_kb: int = 0
    after_kb: int = 0


def one_round(
    windows: ChartWindows,
    socket_path: str,
    tray: int,
    display: str,
    *,
    args: argparse.Namespace,
    log_file: Path,
) -> Round:
    result = Round(status_kb(tray, "VmRSS"), None)
    started = time.monotonic()
    ask(socket_path, "chart")
    found = None
    while time.monotonic() - started < 30:
        if (found := windows.find()) is not None:
            result.mapped_s = time.monotonic() - started
            break
        time.sleep(0.01)
    if found is None:
        return result
    window, pid = found
    drawn = f"charts window drawn (pid {pid})"
    while time.monotonic() - started < 10:
        if log_file.exists() and drawn in log_file.read_text(errors="replace"):
            result.drawn_s = time.monotonic() - started
            break
        time.sleep(0.01)
    time.sleep(args.open_seconds)  # let it paint and settle: a measurement, not a wait
    result.window_pid = pid
    result.tray_open_kb = status_kb(tray, "VmRSS")
    result.window_kb = status_kb(pid, "VmRSS") if pid != tray else 0
    close_by_clicking(display, window, lambda: windows.find() is None)
    if pid != tray:
        wait_until(lambda: not Path(f"/proc/{pid}").exists(), 15, 0.02)
    time.sleep(args.after_seconds)
    result.after_kb = status_kb(tray, "VmRSS")
    return result


def seconds(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def report(rounds: list[Round], tray: int, settled_kb: int, command: str) -> str:
    lines = [
        f"tray pid {tray}, VmRSS settled: {mb(settled_kb)} MB",
        "",
        "| round | tray before MB | open to mapped s | to drawn s | tray open MB | "
        "charts process | charts MB | tray after close MB | after - before MB |",
        "|---:|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    for n, r in enumerate(rounds, 1):
        where = "the tray itself" if r.window_pid == tray else f"child {r.window_pid}"
        mapped = "not mapped" if r.mapped_s is None else f"{r.mapped_s:.2f}"
        lines.append(
            f"| {n} | {mb(r.before_kb)} | {mapped} | {seconds(r.drawn_s)} | "
            f"{mb(r.tray_open_kb)} | {where} | "
            f"{mb(r.window_kb) if r.window_kb else 'n/a'} | {mb(r.after_kb)} | "
            f"{(r.after_kb - settled_kb) / 1024:+.1f} |"
        )
    lines += [
        "",
        "(after - before: the tray's VmRSS after the window closed, against the settled "
        "VmRSS before the first open)",
        "",
        f"Command: `{command}`",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load {os.getloadavg()[0]:.2f}",
    ]
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="opens and closes (default 5)")
    parser.add_argument("--settle", type=float, default=10.0, help="s after start (default 10)")
    parser.add_argument("--open-seconds", type=float, default=2.0, help="s open (default 2)")
    parser.add_argument(
        "--after-seconds", type=float, default=2.0, help="s after closing (default 2)"
    )
    parser.add_argument("--size", default="1280x800", help="screen size (default 1280x800)")
    parser.add_argument("--glutewake", help="the command that runs glutewake (default: ours)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    glutewake = shlex.split(args.glutewake) if args.glutewake else glutewake_command()
    folder = Path(tempfile.mkdtemp(prefix="glutewake-chart-bench-"))
    command = shlex.join(["python", "bench/chart_process.py", *(argv or sys.argv[1:])])
    try:
        with bench_desktop(folder, args.size) as desk:
            run = prepare("glutewake", desk, glutewake)
            with open(folder / "glutewake.out", "wb") as out:
                proc = subprocess.Popen(
                    run.command,
                    env=run.env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            try:
                if not wait_until(
                    lambda: glutewake_status(run, glutewake).get("running") is True, 30
                ):
                    log("the tray did not answer")
                    return 1
                time.sleep(args.settle)
                settled = status_kb(proc.pid, "VmRSS")
                assert run.data_dir is not None
                key = Paths(run.data_dir, run.data_dir / "unused.toml").instance_key
                path = instance_socket(key, run.env)
                if path is None:
                    log("the tray's instance socket was not found")
                    return 1
                windows = ChartWindows(desk.env["DISPLAY"], proc.pid)
                rounds = []
                for n in range(args.rounds):
                    rounds.append(
                        one_round(
                            windows,
                            path,
                            proc.pid,
                            desk.env["DISPLAY"],
                            args=args,
                            log_file=run.data_dir / "glutewake.log",
                        )
                    )
                    log(f"round {n + 1}: {rounds[-1]}")
                windows.close()
            finally:
                with_group = os.getpgid(proc.pid) if proc.poll() is None else None
                if with_group is not None:
                    os.killpg(with_group, signal.SIGTERM)
                proc.wait(15)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(report(rounds, proc.pid, settled, command))
    return 0 if all(r.mapped_s is not None for r in rounds) else 1


if __name__ == "__main__":
    raise SystemExit(main())
