"""Footprint: glutewake beside Workrave and Safe Eyes, one run, one X server, same input.

README-footprint
================

What it measures, per app, one app at a time on the same Xvfb:

- **RSS MB**: resident memory once the app has settled (``--settle`` s after launch,
  default 20), summed over the app's process tree from ``/proc/PID/status`` VmRSS. RSS
  counts shared library pages once per process, so it is what ``top``/``ps`` show.
- **PSS MB**: the same from ``/proc/PID/smaps_rollup`` Pss, which splits shared pages
  among the processes that map them (what the app costs a desktop that runs others).
- **idle CPU %**: CPU time over wall time while nobody touches anything for ``--seconds``
  (default 60), summed over the process tree. Percent of one core, as ``top`` shows it.
- **flood CPU %**, one column per flood shape (``--flood``, below): the same, while the
  pointer moves for ``--flood-seconds`` (default: ``--seconds``), with the moves per
  second the app actually got.
- **launch to socket s** (glutewake only; "n/a" for the peers, which have no such
  socket): seconds from starting ``glutewake run`` until ``glutewake --data-dir D status
  --json`` says ``"running": true``. Calls start only once one of the app's processes
  holds a listening Unix socket (its ``/proc/PID/fd`` against ``/proc/net/unix``, polled
  every 50 ms), so the poll does not load the machine with Python start-ups while the app
  starts; each call then runs to its end, and the time includes that one call's own
  start-up (the details give how long a call takes against the running app, ~0.3 s here).
- **launch to tray s**: seconds from the start until the app's tray icon is embedded in
  trayer. Every 50 ms (python-xlib, the tests' dependency) the bench walks the window
  tree under each top-level window that belongs to trayer (its ``_NET_WM_PID`` names a
  process called "trayer", or its WM_CLASS says trayer) and looks for a viewable window
  whose ``_NET_WM_PID`` is one of the app's processes. Qt and GDK put _NET_WM_PID on
  every window they create, the icon's XEmbed plug too, and the host reparents the plug
  into its own window when it embeds it: so this finds the icon, only once embedded,
  and the same way for all three apps (Safe Eyes' AppIndicator falls back to a GTK
  status icon when no StatusNotifier host runs, as here). The PID, not the window's name
  or class, ties a window to the app, so nothing depends on what an app calls its icon.
  "not seen": nothing within 30 s. Both launch times are for a first start (fresh
  HOME) with warm disk caches.

CPU time is utime+stime+cutime+cstime from ``/proc/PID/stat`` (clock ticks, 10 ms), so
helpers the app runs and reaps during the window (Safe Eyes polls ``xprintidle``) count
against it. The details also give the on-CPU time of every thread from
``/proc/PID/task/TID/schedstat`` (nanoseconds; children that already exited are not in
it), and the CPU the X server itself spent: an app that asks for every pointer event also
makes the X server work for it.

The "process tree" is the launched process, its descendants, and anything left in its
session (the app is started in a session and process group of its own). Services the
private session bus starts on the app's behalf (dconf-service, the accessibility bus) are
listed in the details but not counted: a desktop runs them once for every app. They are
stopped after each app, so each app starts from the same state.

The floods: real pointer motion through XTEST, in two shapes (``--flood spawn``,
``--flood chain``, or ``--flood both``, the default, which runs spawn and then chain, with
2 s between them):

- **spawn**: a shell loop (``sh -c``) that runs a NEW ``xdotool mousemove X Y`` process
  for every move, alternating between the pointer's place and 2 px to its right, about
  ``--spawn-rate`` times a second (default 100), as a script or a remote-desktop tool
  moves the pointer. The loop sleeps between moves (``sleep``, another process); the
  sleep is 1/rate less the cost of one move, taken from 0.5 s of the loop run unpaced
  just before. Each move prints a line, which this process counts.
- **chain**: ``xdotool mousemove_relative`` alternating +1/-1 px, as chains of many
  commands per ``xdotool`` process (one exec per ~0.25 s), paced by xdotool's own
  ``sleep`` to ``--rate`` moves per second (default 1000, what a 1 kHz mouse sends while
  it moves; ``--rate 0`` drives it unpaced, as fast as xdotool and the X server go). The
  pacing adapts after each chain.

Each window opens 1 s after its flood started. The moves per second each app actually
got are printed. The floods run from this process, outside every app's tree (so the
spawn flood's own exec cost is not counted against any app; the X server's is in the
details); the pointer sits over the bare root window (the details say which window it
was over). CPU ticks are 10 ms, so a 30 s window resolves 0.03 %.

The desktop, the same the desktop tests run on (tests/desktop/desktop_session.py): Xvfb
(+RECORD, XTEST, MIT-SCREEN-SAVER, -noreset) at ``--size`` (default 1280x800, the size
the footprint issue measured on; the pointer idles and floods at half the width and 70 %
of the height, away from the tray and dunst), trayer as the tray host, a private session
bus (``dbus-daemon --session``, the system's session config) with dunst on it, and a
second private bus as DBUS_SYSTEM_BUS_ADDRESS (Safe Eyes stops half-started without a
system bus; no logind answers on it, so glutewake runs without lock/suspend signals).
Every app gets a fresh HOME and XDG_* folders in a temporary directory, so nothing real
is read or written and every start is a first start; glutewake also gets ``--data-dir``
there and ``--config`` pointing at an empty file. Between apps the whole process group,
session and any bus-started helper are ended. ``glutewake status --json`` is asked
before the floods and after each (outside the measured windows) to check that glutewake
still sees them: its state must be "sitting" after each flood (before them, after a
minute without input, it is "away"; the spawn flood runs first, so it is the one that
turns "away" into "sitting").

GTK 3 and GL (why Workrave and Safe Eyes can differ by 55 MB between runs): the first
GTK 3 client on a display probes GLX, which maps Mesa's software driver and LLVM (~55 MB
resident, kept for the life of the process), and caches the answer in the root window's
GDK_VISUALS property; every later GTK 3 client reads the cache and maps no GL at all.
In a desktop session something has always set it. So by default (``--gtk-gl cached``)
a bare ``Gtk.init()`` (Debian's python3-gi) sets it once before the apps run, and all
of them start alike. ``--gtk-gl probe`` removes it before each app (needs xprop,
x11-utils) so each GTK app pays the probe, as on a display of its own; that is the
condition of the older numbers in DESIGN.md's "Footprint" fact (Workrave 94 MB, Safe
Eyes 130 MB). Qt does not use the cache; the details say which GL libraries each app
mapped.

Safe Eyes decides it is "already running" (and exits after asking the running one to
show its settings) when two python processes have "safeeyes" in their command line:
this script calls it "safe-eyes" and re-executes itself if you typed ``--only
safeeyes``, and it warns when a Safe Eyes of yours is running (the measured one would
then refuse to start).

Scale: glutewake's call monitor scans every process's open files for /dev/video*, so its
cost grows with the number of processes (the report prints how many the machine had);
a CI box has a few dozen, a desktop hundreds.

Run (from the repository root, in the project's venv; of the repository it needs only the
desktop set-up it shares with the tests, tests/desktop/desktop_session.py)::

    .venv/bin/python bench/footprint.py --settle 15 --seconds 60 --flood-seconds 30  # the issue's
    .venv/bin/python bench/footprint.py                    # all three, 20 s + 60 s + 2x60 s each
    .venv/bin/python bench/footprint.py --only glutewake   # just glutewake
    .venv/bin/python bench/footprint.py --settle 5 --seconds 10 --only glutewake  # quick look
    .venv/bin/python bench/footprint.py --flood spawn      # only the one-process-per-move flood
    .venv/bin/python bench/footprint.py --size 1920x1080   # another screen
    .venv/bin/python bench/footprint.py --gtk-gl probe     # each GTK app probes GL itself
    sudo .venv/bin/python bench/footprint.py --install-peers   # install what is missing first

A run with the issue's settings takes about 8 minutes (2.5 per app). Needs (Debian):
``xvfb trayer dunst dbus-daemon dbus-bin xdotool`` (the test packages, see
packaging/debian-test-packages.txt), and, for the peers, ``workrave safeeyes``, Safe Eyes'
recommends ``gir1.2-ayatanaappindicator3-0.1 xprintidle`` (without the first it shows no
tray icon at all) and ``python3-gi gir1.2-gtk-3.0`` for the GTK cache below; ``x11-utils``
for ``--gtk-gl probe``. Without ``--install-peers`` the script names what is missing and
stops (or measure only glutewake with ``--only glutewake``). With it, run as root, it runs
``apt-get install -y --no-install-recommends`` with exactly the missing ones (after
``apt-get update`` if apt knows no candidate for one of them), then measures. These are
bench-only packages: the project's own lists do not carry them.

Measured here on 2026-12-03 (Debian 12, 2 cores, Python 3.11.7, Xvfb 21.1.7, 1280x800,
65 processes, load average 0.22; ``--settle 15 --seconds 60 --flood-seconds 30``; RSS MB /
PSS MB / idle CPU % / spawn flood CPU % / chain flood CPU % / launch to socket s / to tray s;
docs/BENCHMARKS.md has the table, what changed and older runs):

    glutewake, first start    86.0 / 77.7 / 0.03 / 0.10 / 0.13 / 0.76 / 0.62
    glutewake, later starts   77.1 / 69.2 / 0.05 / 0.17 / 0.07 / 0.97 / 0.94
    PySide6 tray floor        64.0 / 56.1 / 0.00 / 5.37 / 2.97 / n/a  / 0.44
    Workrave                  41.6 / 31.5 / 0.12 / 0.50 / 0.37 / n/a  / 0.26
    Safe Eyes                 75.3 / 66.4 / 0.18 / 0.13 / 0.13 / n/a  / 0.71

glutewake saw both floods (away before them, sitting after each).

Output: a Markdown table on stdout, then the machine (nproc, Python, Xvfb), the exact
command and the details. Progress goes to stderr. ``--keep`` keeps the temporary folder
(app logs, dunst log, a screenshot of each app settled) and prints where it is. Exit
status 1 if an app died or glutewake did not see a flood, 2 if a tool is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for its tests
from tests.desktop.desktop_session import Desktop, desktop

APPS = ("glutewake", "glutewake-later", "tray-floor", "workrave", "safe-eyes")
"""Named "safe-eyes", not "safeeyes": Safe Eyes thinks it is already running (and exits)
when any python process has the word "safeeyes" alone among its arguments, as
`footprint.py --only safeeyes` would have. `main` re-executes itself with the other name.

"glutewake" is a first start (its welcome window open, as a new user sees it),
"glutewake-later" every start after it (the welcome was seen: the tray alone, as all day),
"tray-floor" is bench/tray_floor.py, the least a tray on glutewake's stack costs."""
GLUTEWAKES = ("glutewake", "glutewake-later")
"""The rows that run glutewake itself (status socket, flood check)."""
LABELS = {
    "glutewake": "glutewake, first start",
    "glutewake-later": "glutewake, later starts",
    "tray-floor": "PySide6 tray floor",
    "workrave": "Workrave",
    "safe-eyes": "Safe Eyes",
}
EXECUTABLES = {"workrave": "workrave", "safe-eyes": "safeeyes"}
DESKTOP_TOOLS = {
    "Xvfb": "xvfb",
    "trayer": "trayer",
    "dunst": "dunst",
    "dbus-daemon": "dbus-daemon",
    "dbus-send": "dbus-bin",
    "xdotool": "xdotool",
}
PEER_PACKAGES = {"workrave": "workrave", "safe-eyes": "safeeyes"}
PEER_EXTRAS = {"safe-eyes": ("gir1.2-ayatanaappindicator3-0.1", "xprintidle")}
"""Safe Eyes' Recommends, which ``--no-install-recommends`` leaves out: without the
AppIndicator typelib its tray plugin fails (no icon at all), without xprintidle it
reads idle time another way. Desktops install recommends, so the bench wants them."""
GTK_PRIME_PACKAGES = ("python3-gi", "gir1.2-gtk-3.0")
"""What the bare ``Gtk.init()`` that sets GTK 3's GL cache needs (``--gtk-gl cached``)."""
SCREEN = "1280x800"
"""The default screen (``--size``): the size the footprint issue measured on."""
FLOODS = ("spawn", "chain")
"""The flood shapes, in the order they run (``--flood``)."""
SPAWN_RATE = 100.0
"""Moves per second of the spawn flood: one new xdotool process per move."""
SPAWN_STEP = 2
"""The spawn flood alternates between the pointer's place and this many px to its right."""
LAUNCH_TIMEOUT_S = 30.0
"""How long after the launch the bench looks for the socket's answer and the tray icon."""
CHAIN_S = 0.25
"""Each xdotool process runs about this long before the next one takes over."""
TICK = os.sysconf("SC_CLK_TCK")


def log(message: str) -> None:
    print(f"[footprint {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- /proc ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ProcInfo:
    pid: int
    ppid: int
    sid: int
    start: int  # start time in ticks after boot: with pid, names a process uniquely
    ticks: int  # utime + stime + cutime + cstime
    name: str


def read_proc(pid: int) -> ProcInfo | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name = raw[raw.index("(") + 1 : raw.rindex(")")]
    rest = raw[raw.rindex(")") + 2 :].split()
    # rest[0] is field 3 (state): ppid=4, session=6, utime..cstime=14..17, starttime=22.
    ticks = sum(int(x) for x in rest[11:15])
    return ProcInfo(pid, int(rest[1]), int(rest[3]), int(rest[19]), ticks, name)


def all_procs() -> dict[int, ProcInfo]:
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (info := read_proc(int(entry))) is not None:
            found[info.pid] = info
    return found


def descendants(procs: dict[int, ProcInfo], roots: set[int]) -> set[int]:
    children: dict[int, list[int]] = {}
    for info in procs.values():
        children.setdefault(info.ppid, []).append(info.pid)
    seen: set[int] = set()
    todo = [r for r in roots if r in procs]
    while todo:
        pid = todo.pop()
        if pid not in seen:
            seen.add(pid)
            todo.extend(children.get(pid, ()))
    return seen


def status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def thread_ns(pid: int) -> int:
    """On-CPU nanoseconds of every live thread of `pid` (schedstat, first field)."""
    total = 0
    with suppress(OSError):
        for tid in os.listdir(f"/proc/{pid}/task"):
            with suppress(OSError, ValueError, IndexError):
                total += int(Path(f"/proc/{pid}/task/{tid}/schedstat").read_text().split()[0])
    return total


@dataclass(slots=True)
class Tree:
    """The processes an app owns: its descendants and its session; bus helpers apart."""

    root: int
    bus_pids: set[int]
    bus_children_before: set[tuple[int, int]]
    helpers_seen: dict[tuple[int, int], str] = field(default_factory=dict)

    def members(self) -> dict[int, ProcInfo]:
        procs = all_procs()
        pids = descendants(procs, {self.root})
        pids |= {p.pid for p in procs.values() if p.sid == self.root}
        for pid in descendants(procs, self.bus_pids) - self.bus_pids:
            info = procs[pid]
            if (info.pid, info.start) not in self.bus_children_before:
                self.helpers_seen[(info.pid, info.start)] = info.name
        return {pid: procs[pid] for pid in pids}

    def helpers(self) -> dict[int, ProcInfo]:
        procs = all_procs()
        return {
            pid: info
            for (pid, start) in self.helpers_seen
            if (info := procs.get(pid)) is not None and info.start == start
        }


@dataclass(slots=True)
class CpuSample:
    wall: float
    ticks: dict[tuple[int, int], int]
    ns: dict[tuple[int, int], int]


def cpu_sample(procs: dict[int, ProcInfo]) -> CpuSample:
    return CpuSample(
        time.monotonic(),
        {(p.pid, p.start): p.ticks for p in procs.values()},
        {(p.pid, p.start): thread_ns(p.pid) for p in procs.values()},
    )


@dataclass(frozen=True, slots=True)
class CpuUse:
    percent: float  # from stat ticks (children reaped inside the tree included)
    percent_ns: float  # from schedstat of live threads
    wall: float


def cpu_between(a: CpuSample, b: CpuSample) -> CpuUse:
    wall = b.wall - a.wall
    ticks = sum(v - a.ticks.get(k, 0) for k, v in b.ticks.items())
    ns = sum(v - a.ns.get(k, 0) for k, v in b.ns.items())
    return CpuUse(100.0 * ticks / TICK / wall, 100.0 * ns / 1e9 / wall, wall)


# -- the desktop ---------------------------------------------------------------------------
@contextmanager
def bench_desktop(folder: Path, size: str) -> Iterator[Desktop]:
    """The tests' desktop (tests/desktop/desktop_session.py) at this screen size, with a
    stand-in system bus, started from an environment with nothing of the caller's desktop."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DBUS_", "XDG_", "WAYLAND", "QT_", "GDK_", "GTK_", "DESKTOP_"))
        and k not in ("DISPLAY", "XAUTHORITY", "SESSION_MANAGER")
    }
    env.update(XDG_SESSION_TYPE="x11", GDK_BACKEND="x11")
    # Two private buses: the session bus, and a stand-in for the system bus (Safe Eyes
    # does not start without one; Workrave and glutewake only log its absence). Nothing
    # answers on the stand-in for logind, as on a machine whose logind is not running.
    with desktop(folder, size=size, dunstrc=DUNSTRC, system_bus=True, env=env) as session:
        yield session


def wait_until(check: Callable[[], bool], timeout: float, step: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(step)
    return False


PRIME_GTK = "import gi; gi.require_version('Gtk', '3.0'); from gi.repository import Gtk; Gtk.init()"


def prime_gtk(env: dict[str, str]) -> str:
    """Let GTK 3 cache its GL visuals on the root window, as any desktop session has.

    The first GTK 3 client on a display probes GLX (Mesa, LLVM: about 55 MB resident that
    stay mapped) and stores the answer in the root window's GDK_VISUALS property; later
    clients read it and load no GL. Left alone, whichever of Workrave and Safe Eyes runs
    first would carry 55 MB the other does not.
    """
    python = shutil.which("python3", path="/usr/bin:/bin") or "python3"
    try:
        done = subprocess.run(
            [python, "-c", PRIME_GTK], env=env, capture_output=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"failed ({exc})"
    if done.returncode != 0:
        return f"failed ({done.stderr.decode(errors='replace').strip().splitlines()[-1:]})"
    return "yes (GDK_VISUALS set on the root window by a bare Gtk.init())"


def clear_gtk_cache(env: dict[str, str]) -> None:
    """`--gtk-gl probe`: make the next GTK 3 app probe GL as on a display of its own."""
    subprocess.run(["xprop", "-root", "-remove", "GDK_VISUALS"], env=env, timeout=10, check=True)


DUNSTRC = """
[global]
    width = 360
    offset = 10x40
    font = DejaVu Sans 9
    show_age_threshold = -1
[urgency_low]
    timeout = 5
[urgency_normal]
    timeout = 5
[urgency_critical]
    timeout = 5
"""


# -- the pointer flood ---------------------------------------------------------------------
class Flood:
    """Real pointer motion through XTEST from chains of xdotool commands, paced to `rate`."""

    def __init__(self, env: dict[str, str], rate: float) -> None:
        self.env = env
        self.rate = rate
        self.moves = 0
        self.busy_s = 0.0  # time spent in completed chains
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="flood", daemon=True)
        self._current: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> Flood:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        with self._lock:
            if self._current is not None and self._current.poll() is None:
                self._current.kill()
        self._thread.join(10)

    @property
    def achieved(self) -> float:
        return self.moves / self.busy_s if self.busy_s else 0.0

    def _chain(self, moves: int, pause: float) -> list[str]:
        step = ["sleep", f"{pause:.6f}"] if pause > 0 else []
        there = ["mousemove_relative", "1", "0", *step]
        back = ["mousemove_relative", "--", "-1", "0", *step]
        return ["xdotool", *(there + back) * (moves // 2)]

    def _run(self) -> None:
        if self.rate > 0:
            moves = max(2, 2 * round(self.rate * CHAIN_S / 2))
            pause = 1.0 / self.rate
        else:
            moves, pause = 4000, 0.0
        while not self._stop.is_set():
            args = self._chain(moves, pause)
            started = time.monotonic()
            with self._lock:
                if self._stop.is_set():
                    return
                self._current = subprocess.Popen(
                    args, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                )
            code = self._current.wait()
            took = time.monotonic() - started
            if code != 0 or self._stop.is_set():
                if code != 0 and not self._stop.is_set():
                    log(f"xdotool exited with {code}; the flood goes on")
                continue
            self.moves += moves
            self.busy_s += took
            if self.rate > 0:  # take xdotool's own time per move out of the pause
                overhead = took / moves - pause
                pause = max(0.0, 1.0 / self.rate - overhead)


class SpawnFlood:
    """Pointer motion as a script makes it: a shell loop that runs a new ``xdotool
    mousemove X Y`` process for every move, alternating between two places `SPAWN_STEP`
    px apart, about `rate` times a second (``sleep`` between moves, its length taken from
    a short unpaced calibration so that the exec cost does not slow the loop)."""

    SCRIPT = (
        'x=$1; y=$2; p=$3; x2=$((x + $4)); while :; do xdotool mousemove "$x" "$y" && echo; '
        'sleep "$p"; xdotool mousemove "$x2" "$y" && echo; sleep "$p"; done'
    )

    def __init__(self, env: dict[str, str], at: tuple[int, int], rate: float) -> None:
        self.env = env
        self.at = at
        self.rate = rate
        self.moves = 0
        self.pause = 0.0
        self._started = 0.0
        self._ended = 0.0
        self._shell: subprocess.Popen[bytes] | None = None
        self._reader: threading.Thread | None = None

    def _loop(self, pause: float) -> subprocess.Popen[bytes]:
        x, y = self.at
        return subprocess.Popen(
            ["sh", "-c", self.SCRIPT, "sh", str(x), str(y), f"{pause:.4f}", str(SPAWN_STEP)],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its group is ended at once, sleeps and xdotools too
        )

    @staticmethod
    def _end(shell: subprocess.Popen[bytes]) -> None:
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(shell.pid, signal.SIGKILL)
        shell.wait(10)

    def _calibrate(self) -> float:
        """The sleep that gives `rate`: 1/rate less what one unpaced move (exec) costs."""
        shell = self._loop(0.0)
        assert shell.stdout is not None
        shell.stdout.readline()  # the first move: the loop runs
        started, moves = time.monotonic(), 0
        while time.monotonic() - started < 0.5 and shell.stdout.readline():
            moves += 1
        took = time.monotonic() - started
        self._end(shell)
        per_move = took / moves if moves else 0.0
        return max(0.0, 1.0 / self.rate - per_move)

    def _count(self, shell: subprocess.Popen[bytes]) -> None:
        assert shell.stdout is not None
        for _line in shell.stdout:
            self.moves += 1

    def __enter__(self) -> SpawnFlood:
        self.pause = self._calibrate()
        self._shell = self._loop(self.pause)
        self._started = time.monotonic()
        self._reader = threading.Thread(
            target=self._count, args=(self._shell,), name="spawn-flood", daemon=True
        )
        self._reader.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._ended = time.monotonic()
        if self._shell is not None:
            self._end(self._shell)
        if self._reader is not None:
            self._reader.join(10)

    @property
    def achieved(self) -> float:
        took = (self._ended or time.monotonic()) - self._started
        return self.moves / took if took > 0 else 0.0


# -- the apps ------------------------------------------------------------------------------
def glutewake_command() -> list[str]:
    beside = Path(sys.executable).with_name("glutewake")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("glutewake")
    return [found] if found else [sys.executable, "-m", "glutewake"]


@dataclass
class AppRun:
    name: str
    home: Path
    env: dict[str, str]
    command: list[str]
    data_dir: Path | None = None


def prepare(name: str, desk: Desktop, glutewake: list[str]) -> AppRun:
    home = desk.folder / f"home-{name}"
    shutil.rmtree(home, ignore_errors=True)  # every start is a first start
    env = dict(desk.env)
    env["HOME"] = str(home)
    for var, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        (home / sub).mkdir(parents=True)
        env[var] = str(home / sub)
    if name in GLUTEWAKES:
        data = home / "glutewake-data"
        config = home / "glutewake-config.toml"
        data.mkdir()
        config.write_text("", encoding="utf-8")
        if name == "glutewake-later":
            (data / "welcome-seen").touch(mode=0o600)  # what the welcome leaves behind
        command = [*glutewake, "--data-dir", str(data), "--config", str(config), "run"]
        return AppRun(name, home, env, command, data)
    if name == "tray-floor":
        floor = Path(__file__).with_name("tray_floor.py")
        return AppRun(name, home, env, [sys.executable, str(floor)])
    return AppRun(name, home, env, [EXECUTABLES[name]])


def glutewake_status(run: AppRun, glutewake: list[str]) -> dict[str, object]:
    assert run.data_dir is not None
    done = subprocess.run(
        [*glutewake, "--data-dir", str(run.data_dir), "status", "--json"],
        env=run.env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    try:
        answer = json.loads(done.stdout)
    except json.JSONDecodeError:
        return {"error": (done.stdout + done.stderr).strip()[:200]}
    return answer if isinstance(answer, dict) else {"error": repr(answer)}


# -- launch to tray ------------------------------------------------------------------------
def listening_unix_socket(pids: set[int]) -> bool:
    """Whether one of `pids` holds a listening Unix socket (its fds against /proc/net/unix)."""
    inodes: set[int] = set()
    for pid in pids:
        with suppress(OSError):
            for fd in os.listdir(f"/proc/{pid}/fd"):
                with suppress(OSError):
                    link = os.readlink(f"/proc/{pid}/fd/{fd}")
                    if link.startswith("socket:["):
                        inodes.add(int(link[8:-1]))
    with suppress(OSError):
        for line in Path("/proc/net/unix").read_text().splitlines()[1:]:
            cols = line.split()  # Num RefCount Protocol Flags Type St Inode [Path]
            if len(cols) >= 7 and int(cols[3], 16) & 0x10000 and int(cols[6]) in inodes:
                return True  # 0x10000: __SO_ACCEPTCON, listen() was called
    return False


class TrayWatch:
    """Finds an app's tray icon once the tray host has embedded it (XEmbed).

    Walks the window tree from the root: a window whose _NET_WM_PID is one of the app's
    processes, viewable, inside a top-level window of trayer's (its _NET_WM_PID names a
    process called "trayer", or its WM_CLASS says trayer). Qt and GDK set _NET_WM_PID on
    every window they create, the icon's plug too, and an embedded icon is reparented into
    the host's socket window, so this is true of the icon only, and only once embedded.
    """

    def __init__(self, display_name: str) -> None:
        from Xlib import X
        from Xlib import display as xdisplay

        self.viewable = X.IsViewable
        self.x = xdisplay.Display(display_name)
        self.pid_atom = self.x.intern_atom("_NET_WM_PID")
        self.cardinal = self.x.intern_atom("CARDINAL")

    def close(self) -> None:
        self.x.close()

    def _pid(self, window: object) -> int | None:
        try:
            prop = window.get_full_property(self.pid_atom, self.cardinal)  # type: ignore[attr-defined]
        except Exception:  # the window went away meanwhile
            return None
        return int(prop.value[0]) if prop is not None and len(prop.value) else None

    def _is_trayer(self, window: object, procs: dict[int, ProcInfo]) -> bool:
        pid = self._pid(window)
        if pid is not None and pid in procs and procs[pid].name == "trayer":
            return True
        try:
            wm_class = window.get_wm_class() or ()  # type: ignore[attr-defined]
        except Exception:
            return False
        return any("trayer" in c.lower() for c in wm_class)

    def embedded(self, pids: set[int]) -> str | None:
        """A description of the app's embedded icon window, or None if there is none yet."""
        procs = all_procs()
        try:
            tops = self.x.screen().root.query_tree().children
        except Exception:
            return None
        for top in tops:
            if not self._is_trayer(top, procs):
                continue
            todo = []
            with suppress(Exception):
                todo = list(top.query_tree().children)
            while todo:
                window = todo.pop()
                with suppress(Exception):
                    todo.extend(window.query_tree().children)
                if self._pid(window) in pids:
                    with suppress(Exception):
                        if window.get_attributes().map_state == self.viewable:
                            pid = self._pid(window)
                            return f"0x{window.id:x} (pid {pid}) in trayer's 0x{top.id:x}"
        return None


@dataclass
class Launch:
    """Seconds from the launch until the status socket answered and the tray icon was
    embedded (None: not within LAUNCH_TIMEOUT_S, or not looked for)."""

    socket_s: float | None = None
    listening_s: float | None = None
    tray_s: float | None = None
    tray_window: str = ""
    status_calls: int = 0


def watch_launch(
    started: float,
    tree: Tree,
    *,
    desk: Desktop,
    run: AppRun,
    glutewake: list[str],
    launch: Launch,
) -> list[threading.Thread]:
    """Threads that fill `launch`: the tray icon every 50 ms, and for glutewake the socket
    (a listening Unix socket in its processes, then `glutewake status --json` until it says
    running: each call starts a Python, so they begin only once something listens)."""
    deadline = started + LAUNCH_TIMEOUT_S
    pids_of = lambda: set(descendants(all_procs(), {tree.root}))  # noqa: E731

    def tray() -> None:
        watch = TrayWatch(desk.env["DISPLAY"])
        try:
            while time.monotonic() < deadline:
                if (found := watch.embedded(pids_of())) is not None:
                    launch.tray_s, launch.tray_window = time.monotonic() - started, found
                    return
                time.sleep(0.05)
        finally:
            watch.close()

    def socket() -> None:
        while time.monotonic() < deadline and launch.listening_s is None:
            if listening_unix_socket(pids_of()):
                launch.listening_s = time.monotonic() - started
            else:
                time.sleep(0.05)
        while time.monotonic() < deadline and launch.listening_s is not None:
            launch.status_calls += 1
            if glutewake_status(run, glutewake).get("running") is True:
                launch.socket_s = time.monotonic() - started
                return
            time.sleep(0.05)

    threads = [threading.Thread(target=tray, name="tray-watch", daemon=True)]
    if run.data_dir is not None:
        threads.append(threading.Thread(target=socket, name="socket-watch", daemon=True))
    for thread in threads:
        thread.start()
    return threads


def end_tree(tree: Tree, proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the app's group and session (and its bus helpers), SIGKILL what stays."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        pids = set(tree.members()) | set(tree.helpers())
        if not pids and proc.poll() is not None:
            break
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(tree.root, sig)
        for pid in pids:
            with suppress(ProcessLookupError, PermissionError):
                os.kill(pid, sig)
        if wait_until(lambda: not tree.members() and not tree.helpers(), 5):
            break
    with suppress(subprocess.TimeoutExpired):
        proc.wait(5)


@dataclass
class Result:
    name: str
    rss_kb: int = 0
    pss_kb: int = 0
    rss_after_kb: int = 0
    idle: CpuUse | None = None
    x_idle: CpuUse | None = None
    floods: dict[str, FloodUse] = field(default_factory=dict)
    launch: Launch = field(default_factory=Launch)
    status_call_s: float | None = None
    processes: list[str] = field(default_factory=list)
    helpers: list[str] = field(default_factory=list)
    pointer_over: str = ""
    gl: str = ""
    status_before: dict[str, object] | None = None
    problem: str | None = None

    def sees_floods(self) -> bool:
        """glutewake only: its status said "sitting" after every flood."""
        return bool(self.floods) and all(
            isinstance(f.status_after, dict) and f.status_after.get("state") == "sitting"
            for f in self.floods.values()
        )


@dataclass
class FloodUse:
    """One flood shape's window: the app's CPU, the X server's, the moves per second."""

    cpu: CpuUse
    x: CpuUse
    rate: float
    detail: str = ""
    status_after: dict[str, object] | None = None


def gl_libraries(members: dict[int, ProcInfo]) -> str:
    """Which GL pieces the app mapped: Mesa's software driver and LLVM weigh tens of MB."""
    found: set[str] = set()
    for pid in members:
        with suppress(OSError):
            for line in Path(f"/proc/{pid}/maps").read_text().splitlines():
                lib = line.rsplit("/", 1)[-1] if "/" in line else ""
                if lib.startswith(("libGL.", "libEGL.", "libLLVM", "swrast_dri")):
                    found.add(lib.split(".so")[0])
    return ", ".join(sorted(found)) or "none"


def window_under_pointer(env: dict[str, str]) -> str:
    out = subprocess.run(
        ["xdotool", "getmouselocation", "--shell"],
        env=env,
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    ).stdout
    fields = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    window = fields.get("WINDOW", "?")
    root = subprocess.run(
        ["xdotool", "search", "--maxdepth", "0", "--name", ""],
        env=env,
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    ).stdout.split()
    if window in root:
        return "the root window"
    name = subprocess.run(
        ["xdotool", "getwindowname", window],
        env=env,
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    ).stdout.strip()
    return f"window {window} {name!r}"


def measure(name: str, desk: Desktop, args: argparse.Namespace, glutewake: list[str]) -> Result:
    result = Result(name)
    run = prepare(name, desk, glutewake)
    xdo_env = desk.env
    at = pointer_at(args.size)
    subprocess.run(["xdotool", "mousemove", *map(str, at)], env=xdo_env, check=False)
    if args.gtk_gl == "probe":
        clear_gtk_cache(xdo_env)
    procs = all_procs()
    buses = set(desk.bus_pids)
    before = {(procs[p].pid, procs[p].start) for p in descendants(procs, buses) - buses}
    log(f"{LABELS[name]}: starting {shlex.join(run.command)}")
    out = (desk.folder / f"{name}.log").open("wb")
    started = time.monotonic()
    proc = subprocess.Popen(
        run.command,
        env=run.env,
        cwd=run.home,
        stdout=out,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    tree = Tree(proc.pid, buses, before)
    x_tree = Tree(desk.xvfb_pid, set(), set())
    try:
        watchers = watch_launch(
            started, tree, desk=desk, run=run, glutewake=glutewake, launch=result.launch
        )
        time.sleep(max(0.0, started + args.settle - time.monotonic()))
        for thread in watchers:  # done before anything is measured (at most LAUNCH_TIMEOUT_S)
            thread.join(max(0.0, started + LAUNCH_TIMEOUT_S + 5 - time.monotonic()))
        launch = result.launch
        log(
            f"{LABELS[name]}: launch to socket "
            f"{seconds(launch.socket_s) if run.data_dir is not None else 'n/a'}, "
            f"to tray {seconds(launch.tray_s)}"
        )
        members = tree.members()
        if proc.poll() is not None and not members:
            result.problem = f"exited with {proc.returncode} before settling (see its log)"
            return result
        result.rss_kb = sum(status_kb(p, "VmRSS") for p in members)
        result.pss_kb = sum(pss_kb(p) for p in members)
        result.processes = sorted(
            f"{i.name} ({status_kb(i.pid, 'VmRSS') / 1024:.1f} MB)" for i in members.values()
        )
        result.pointer_over = window_under_pointer(xdo_env)
        result.gl = gl_libraries(members)
        if args.keep and shutil.which("import"):  # what the screen showed, for a look
            shot = desk.folder / f"{name}-settled.png"
            subprocess.run(["import", "-window", "root", str(shot)], env=xdo_env, check=False)
        log(f"{LABELS[name]}: settled, RSS {result.rss_kb / 1024:.1f} MB; idle {args.seconds} s")

        a, xa = cpu_sample(tree.members()), cpu_sample(x_tree.members())
        time.sleep(args.seconds)
        b, xb = cpu_sample(tree.members()), cpu_sample(x_tree.members())
        result.idle, result.x_idle = cpu_between(a, b), cpu_between(xa, xb)

        if name in GLUTEWAKES:
            asked = time.monotonic()
            result.status_before = glutewake_status(run, glutewake)
            result.status_call_s = time.monotonic() - asked
        for shape in args.floods:
            log(f"{LABELS[name]}: {shape} flood {args.flood_seconds} s")
            flood: SpawnFlood | Flood
            flood = (
                SpawnFlood(xdo_env, at, args.spawn_rate)
                if shape == "spawn"
                else Flood(xdo_env, args.rate)
            )
            with flood:
                time.sleep(1.0)  # the flood is up to speed before the window opens
                a, xa = cpu_sample(tree.members()), cpu_sample(x_tree.members())
                time.sleep(args.flood_seconds)
                b, xb = cpu_sample(tree.members()), cpu_sample(x_tree.members())
            detail = (
                f"sleep {flood.pause * 1000:.1f} ms between moves"
                if isinstance(flood, SpawnFlood)
                else "chains of xdotool mousemove_relative"
            )
            use = FloodUse(cpu_between(a, b), cpu_between(xa, xb), flood.achieved, detail)
            if name in GLUTEWAKES:
                use.status_after = glutewake_status(run, glutewake)
            result.floods[shape] = use
            log(f"{LABELS[name]}: {shape} flood {use.cpu.percent:.2f} % at {use.rate:.0f} moves/s")
            time.sleep(2.0)  # the app has handled the last events before the next window
        members = tree.members()
        result.rss_after_kb = sum(status_kb(p, "VmRSS") for p in members)
        if proc.poll() is not None and not members:
            result.problem = f"exited with {proc.returncode} during the run"
        result.helpers = sorted(
            f"{i.name} ({status_kb(i.pid, 'VmRSS') / 1024:.1f} MB)" for i in tree.helpers().values()
        )
        log(f"{LABELS[name]}: idle {result.idle.percent:.2f} %")
        return result
    finally:
        end_tree(tree, proc)
        out.close()


def pointer_at(size: str) -> tuple[int, int]:
    """Where the pointer idles and floods: below the middle, away from the tray and dunst."""
    width, height = (int(v) for v in size.split("x"))
    return width // 2, height * 7 // 10


def seconds(value: float | None) -> str:
    return "not seen" if value is None else f"{value:.2f} s"


# -- the report ----------------------------------------------------------------------------
def tool_version(args: list[str]) -> str:
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=20, check=False)
    except OSError:
        return "?"
    for line in (done.stdout + done.stderr).splitlines():
        if line.strip() and "warning" not in line.lower():
            return line.strip()
    return "?"


def machine_lines(glutewake: list[str]) -> list[str]:
    return [
        f"- nproc: {os.cpu_count()} ({platform.processor() or platform.machine()}), "
        f"{platform.system()} {platform.release()}",
        f"- Python: {platform.python_version()} ({sys.executable})",
        f"- Xvfb: {package_version('xvfb')} (Debian package); "
        f"xdotool: {package_version('xdotool')}; trayer: {package_version('trayer')}; "
        f"dunst: {package_version('dunst')}",
        f"- glutewake: {tool_version([*glutewake, '--version'])}; "
        f"Workrave: {package_version('workrave')}; Safe Eyes: {package_version('safeeyes')}",
    ]


def package_version(package: str) -> str:
    out = tool_version(["dpkg-query", "-W", "-f=${Version}", package])
    return out if out and "no packages" not in out.lower() else "not installed"


def pct(use: CpuUse | None) -> str:
    return "-" if use is None else f"{use.percent:.2f}"


def state_of(status: dict[str, object] | None) -> str:
    if status is None:
        return "?"
    if "error" in status:
        return f"error: {status['error']}"
    sitting = status.get("sitting_s")
    secs = f", sitting {float(sitting):.0f} s" if isinstance(sitting, int | float) else ""
    return f"{status.get('state', '?')}{secs} (running: {status.get('running', True)})"


def report(
    results: list[Result],
    args: argparse.Namespace,
    glutewake: list[str],
    *,
    primed: str,
    processes_at_start: int,
    load_at_start: str,
) -> str:
    shapes = {
        "spawn": f"spawn: a new `xdotool mousemove X Y` process per move, ~{args.spawn_rate:g}/s",
        "chain": "chain: xdotool chains of mousemove_relative, "
        + ("unpaced" if args.rate == 0 else f"{args.rate:g} moves/s"),
    }
    lines = [
        f"Footprint on Xvfb {args.size}, settled {args.settle:g} s, idle {args.seconds:g} s, "
        f"each pointer flood {args.flood_seconds:g} s ("
        + "; ".join(shapes[f] for f in args.floods)
        + "); RSS = VmRSS and PSS summed over the app's processes; CPU % of one core, "
        "utime+stime(+children) over wall time; launch = seconds from starting the app until "
        "its status socket answered / its tray icon was embedded in trayer.",
        "",
        "| app | RSS MB | PSS MB | idle CPU % | "
        + " | ".join(f"{f} flood CPU % (moves/s)" for f in args.floods)
        + " | launch to socket s | launch to tray s |",
        "| --- | ---: | ---: | ---: | " + "---: | " * len(args.floods) + "---: | ---: |",
    ]
    for r in results:
        if r.problem and r.idle is None:
            lines.append(
                f"| {LABELS[r.name]} | - | - | - | " + "- | " * len(args.floods) + "- | - |"
            )
            continue
        floods = " | ".join(
            f"{pct(r.floods[f].cpu)} ({r.floods[f].rate:.0f})" if f in r.floods else "-"
            for f in args.floods
        )
        sock = "n/a" if r.name not in GLUTEWAKES else short(r.launch.socket_s)
        lines.append(
            f"| {LABELS[r.name]} | {r.rss_kb / 1024:.1f} | {r.pss_kb / 1024:.1f} | "
            f"{pct(r.idle)} | {floods} | {sock} | {short(r.launch.tray_s)} |"
        )
    lines += ["", "Machine:", *machine_lines(glutewake)]
    lines.append(f"- processes on the machine at the start: {processes_at_start}")
    lines.append(
        f"- load average (1, 5, 15 min): at the start {load_at_start}, at the end {load_average()}"
    )
    lines += [f"- GTK 3 GL visuals: {primed}", "", "Command:", ""]
    command = [sys.executable, *sys.argv]
    lines += [f"    {shlex.join(command)}", "", "Details:", ""]
    for r in results:
        label = LABELS[r.name]
        if r.problem:
            lines.append(f"- {label}: PROBLEM: {r.problem}")
        if r.idle is None:
            continue
        lines += [
            f"- {label}: RSS after the floods {r.rss_after_kb / 1024:.1f} MB; threads' "
            f"schedstat CPU idle {r.idle.percent_ns:.3f} %; X server CPU idle {pct(r.x_idle)} %; "
            f"the pointer was over {r.pointer_over}",
            f"  - processes: {', '.join(r.processes) or '-'}; GL mapped: {r.gl}",
            f"  - bus-started helpers (not counted): {', '.join(r.helpers) or 'none'}",
            f"  - tray icon: {r.launch.tray_window or 'not seen embedded'}",
        ]
        for shape, use in r.floods.items():
            lines.append(
                f"  - {shape} flood: {use.cpu.percent:.2f} % ({use.cpu.percent_ns:.3f} % "
                f"schedstat), X server {pct(use.x)} %, {use.rate:.0f} moves/s ({use.detail})"
            )
        if r.name in GLUTEWAKES:
            launch = r.launch
            lines.append(
                f"  - socket: listening after {seconds(launch.listening_s)}, "
                f"`status --json` said running after {seconds(launch.socket_s)} "
                f"({launch.status_calls} calls); one status call takes "
                f"{seconds(r.status_call_s)} (included in the socket time)"
            )
            after = "; ".join(
                f"after the {shape} flood {state_of(use.status_after)}"
                for shape, use in r.floods.items()
            )
            lines.append(
                f"  - `glutewake status --json`: before the floods {state_of(r.status_before)}; "
                f"{after} -> {'sees the floods' if r.sees_floods() else 'DOES NOT SEE A FLOOD'}"
            )
    return "\n".join(lines)


def short(value: float | None) -> str:
    return "not seen" if value is None else f"{value:.2f}"


def load_average() -> str:
    with suppress(OSError):
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return "?"


def screen_size(text: str) -> str:
    width, _, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit() and int(width) >= 320 and int(height) >= 240):
        raise argparse.ArgumentTypeError(f"not a screen size WIDTHxHEIGHT: {text!r}")
    return f"{int(width)}x{int(height)}"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Memory, CPU and launch time of glutewake, Workrave and Safe Eyes on one "
        "Xvfb (see the module docstring).",
    )
    parser.add_argument("--settle", type=float, default=20.0, help="seconds after launch")
    parser.add_argument(
        "--seconds", type=float, default=60.0, help="length of the idle window (default 60)"
    )
    parser.add_argument(
        "--flood-seconds",
        type=float,
        help="length of each flood window (default: --seconds)",
    )
    parser.add_argument(
        "--flood",
        choices=("chain", "spawn", "both"),
        default="both",
        help="spawn: a new xdotool process per move, ~--spawn-rate a second, from a shell loop; "
        "chain: chained xdotool moves at --rate; both (default): spawn, then chain",
    )
    parser.add_argument(
        "--rate", type=float, default=1000.0, help="chain flood: moves per second; 0: unpaced"
    )
    parser.add_argument(
        "--spawn-rate",
        type=float,
        default=SPAWN_RATE,
        help=f"spawn flood: moves (processes) per second (default {SPAWN_RATE:g})",
    )
    parser.add_argument(
        "--size",
        type=screen_size,
        default=SCREEN,
        help=f"Xvfb screen size WIDTHxHEIGHT (default {SCREEN})",
    )
    parser.add_argument(
        "--only",
        action="append",
        type=app_name,
        choices=APPS,
        help="measure only this app (repeatable); default: all of them",
    )
    parser.add_argument(
        "--install-peers",
        action="store_true",
        help="as root: apt-get install what is missing (Workrave, Safe Eyes and the desktop "
        "tools), then run; without it, missing packages are named and the run stops",
    )
    parser.add_argument(
        "--gtk-gl",
        choices=("cached", "probe"),
        default="cached",
        help="cached: GTK 3's GL visual cache is on the root window before the apps run, as "
        "in any desktop session (default); probe: removed before each app, so each GTK app "
        "loads Mesa/LLVM as the first GTK client on a display does (+~55 MB)",
    )
    parser.add_argument(
        "--glutewake", metavar="CMD", help="how to run glutewake (default: the venv's)"
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the temporary folder (logs; a screenshot per app if imagemagick is there)",
    )
    args = parser.parse_args(argv)
    if args.flood_seconds is None:
        args.flood_seconds = args.seconds
    if (
        args.settle < 0
        or args.seconds <= 0
        or args.flood_seconds <= 0
        or args.rate < 0
        or args.spawn_rate <= 0
    ):
        parser.error(
            "--settle must be >= 0, --seconds and --flood-seconds > 0, --rate >= 0, "
            "--spawn-rate > 0"
        )
    args.floods = list(FLOODS) if args.flood == "both" else [args.flood]
    return args


def missing_packages(apps: list[str], gtk_gl: str) -> list[str]:
    missing = [pkg for tool, pkg in DESKTOP_TOOLS.items() if shutil.which(tool) is None]
    if gtk_gl == "probe" and shutil.which("xprop") is None:
        missing.append("x11-utils")
    missing += [
        PEER_PACKAGES[a] for a in apps if a in PEER_PACKAGES and not shutil.which(EXECUTABLES[a])
    ]
    missing += [p for a in apps for p in PEER_EXTRAS.get(a, ()) if not package_installed(p)]
    if gtk_gl == "cached" and any(a in PEER_PACKAGES for a in apps):
        missing += [p for p in GTK_PRIME_PACKAGES if not package_installed(p)]
    return sorted(set(missing))


def package_installed(package: str) -> bool:
    done = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True, check=False
    )
    return done.stdout.strip().endswith(" installed")


def apt_install(packages: list[str]) -> bool:
    """`apt-get install -y --no-install-recommends` them (after `apt-get update` if apt
    knows no candidate for one of them); False if not root or apt failed."""
    if os.geteuid() != 0:
        log("--install-peers: not root; run as root, or install them yourself")
        return False
    policy = subprocess.run(
        ["apt-cache", "policy", *packages], capture_output=True, text=True, check=False
    ).stdout
    if "Candidate: (none)" in policy or policy.count("Candidate:") < len(packages):
        log("apt knows no candidate for some of them: apt-get update")
        subprocess.run(["apt-get", "update"], check=False)
    log(f"apt-get install -y --no-install-recommends {' '.join(packages)}")
    done = subprocess.run(
        ["apt-get", "install", "-y", "--no-install-recommends", *packages],
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        check=False,
    )
    return done.returncode == 0


def other_safe_eyes() -> bool:
    """Safe Eyes' own "already running" test (safeeyes/__main__.py), on every process."""
    for pid in all_procs():
        if pid == os.getpid():
            continue
        with suppress(OSError):
            words = [
                w.decode(errors="replace")
                for w in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            ]
            python = len(words) > 1 and "python" in words[0]
            if python and ("safeeyes" in words[1] or "safeeyes" in words):
                return True
    return False


def app_name(text: str) -> str:
    name = text.lower().replace("_", "-").replace(" ", "-")
    return "safe-eyes" if name == "safeeyes" else name


def main(argv: list[str] | None = None) -> int:
    if argv is None and "safeeyes" in sys.argv[1:]:
        again = [app_name(a) if a == "safeeyes" else a for a in sys.argv]
        os.execv(sys.executable, [sys.executable, *again])
    args = parse_args(argv)
    apps = [a for a in APPS if a in (args.only or APPS)]
    if sys.platform != "linux":
        print("footprint: needs Linux (/proc) and Xvfb", file=sys.stderr)
        return 2
    missing = missing_packages(apps, args.gtk_gl)
    if missing and args.install_peers and apt_install(missing):
        missing = missing_packages(apps, args.gtk_gl)
    if missing:
        print(
            "footprint: missing "
            + ", ".join(missing)
            + f"; install with: apt-get install -y --no-install-recommends {' '.join(missing)}"
            + " (or run this as root with --install-peers)"
            + (
                ""
                if set(apps) <= {*GLUTEWAKES, "tray-floor"}
                else "; or measure only glutewake: --only glutewake"
            ),
            file=sys.stderr,
        )
        return 2
    if "safe-eyes" in apps and other_safe_eyes():
        log("warning: a Safe Eyes is already running here; the measured one may refuse to start")
    glutewake = shlex.split(args.glutewake) if args.glutewake else glutewake_command()
    folder = Path(tempfile.mkdtemp(prefix="glutewake-footprint-"))
    results = []
    primed = "not tried"
    processes_at_start = len(all_procs())
    load_at_start = load_average()
    try:
        with bench_desktop(folder, args.size) as desk:
            log(f"desktop up on {desk.env['DISPLAY']}, files in {folder}")
            if args.gtk_gl == "cached":
                primed = "cached before the apps ran: " + prime_gtk(desk.env)
            else:
                primed = "probed by each app (GDK_VISUALS removed before each start)"
            for name in apps:
                results.append(measure(name, desk, args, glutewake))
    finally:
        if args.keep:
            log(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    print(
        report(
            results,
            args,
            glutewake,
            primed=primed,
            processes_at_start=processes_at_start,
            load_at_start=load_at_start,
        )
    )
    bad = [r for r in results if r.problem]
    gw = [r for r in results if r.name in GLUTEWAKES]
    blind = any(r.idle is not None and not r.sees_floods() for r in gw)
    return 1 if bad or blind else 0


if __name__ == "__main__":
    raise SystemExit(main())
