"""Footprint: glutewake beside Workrave and Safe Eyes, one run, one X server, same input.

README-footprint
================

What it measures, per app, one app at a time on the same Xvfb:

- **RSS MB**: resident memory once the app has settled (``--settle`` s after launch,
  default 20), summed over the app's process tree from ``/proc/PID/status`` VmRSS. RSS
  counts shared library pages once per process, so it is what ``top``/``ps`` show; the
  details also give PSS (``/proc/PID/smaps_rollup``), which splits shared pages.
- **idle CPU %**: CPU time over wall time while nobody touches anything for ``--seconds``
  (default 60), summed over the process tree. Percent of one core, as ``top`` shows it.
- **flood CPU %**: the same, while the pointer moves without pause for ``--seconds``.

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

The flood: real pointer motion through XTEST, ``xdotool mousemove_relative`` alternating
+1/-1 px, run as chains of many commands per ``xdotool`` process (one exec per ~0.25 s),
paced by xdotool's own ``sleep`` to ``--rate`` moves per second (default 1000, what a
1 kHz mouse sends while it moves; ``--rate 0`` drives it unpaced, as fast as xdotool
and the X server go). The pacing adapts after each chain, and the moves per second each
app actually got are printed. The flood runs from this process, outside every app's tree;
the pointer sits over the bare root window (the details say which window it was over).

The desktop, the same the desktop tests run on (tests/desktop/desktop_session.py): Xvfb
(+RECORD, XTEST, MIT-SCREEN-SAVER, -noreset), trayer as the tray host, a private session
bus (``dbus-daemon --session``, the system's session config) with dunst on it, and a
second private bus as DBUS_SYSTEM_BUS_ADDRESS (Safe Eyes stops half-started without a
system bus; no logind answers on it, so glutewake runs without lock/suspend signals).
Every app gets a fresh HOME and XDG_* folders in a temporary directory, so nothing real
is read or written and every start is a first start; glutewake also gets ``--data-dir``
there and ``--config`` pointing at an empty file. Between apps the whole process group,
session and any bus-started helper are ended. ``glutewake status --json`` is asked
before and after the flood (outside the measured windows) to check that glutewake still
sees it: its state must be "sitting" after the flood (before it, after a minute without
input, it is "away").

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

    .venv/bin/python bench/footprint.py                    # all three, 20 s + 60 s + 60 s each
    .venv/bin/python bench/footprint.py --only glutewake   # just glutewake
    .venv/bin/python bench/footprint.py --settle 5 --seconds 10 --only glutewake  # quick look
    .venv/bin/python bench/footprint.py --gtk-gl probe     # each GTK app probes GL itself

A full run takes about 8 minutes (2.5 per app). Needs (Debian): ``apt-get install -y
xvfb trayer dunst dbus-daemon dbus-bin xdotool python3-gi`` and, for the peers, ``apt-get install
-y workrave safeeyes``. This script installs nothing: it names what is missing and stops
(or measure only glutewake with ``--only glutewake``).

Measured here (Debian 12, 2 cores, Python 3.11.7, Xvfb 21.1.7, 67 processes; full
durations, 1000 moves/s; RSS MB / idle CPU % / flood CPU %):

    app          cached GTK GL (default)    --gtk-gl probe
    glutewake    85.6 / 0.12 / 0.20         85.5 / 0.12 / 0.20
    Workrave     41.5 / 0.17 / 0.53         93.5 / 0.15 / 0.53
    Safe Eyes    75.0 / 0.23 / 0.20        129.8 / 0.23 / 0.18

glutewake saw the flood both times (away before it, sitting after). Where its CPU goes
(py-spy under the flood): the per-second Input fact re-arming the "wake" job through
APScheduler, the X11 idle-counter poll through python-xlib, and the call monitor's
scan of /proc/*/fd; of its memory over a bare PySide6 tray with pynput (57 MB), APScheduler's
import chain (asyncio+ssl, concurrent.futures.process, importlib.metadata, tzlocal) is 12 MB.

Output: a Markdown table on stdout, then the machine (nproc, Python, Xvfb), the exact
command and the details. Progress goes to stderr. ``--keep`` keeps the temporary folder
(app logs, dunst log, a screenshot of each app settled) and prints where it is. Exit
status 1 if an app died or glutewake did not see the flood, 2 if a tool is missing.
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

APPS = ("glutewake", "workrave", "safe-eyes")
"""Named "safe-eyes", not "safeeyes": Safe Eyes thinks it is already running (and exits)
when any python process has the word "safeeyes" alone among its arguments, as
`footprint.py --only safeeyes` would have. `main` re-executes itself with the other name."""
LABELS = {"glutewake": "glutewake", "workrave": "Workrave", "safe-eyes": "Safe Eyes"}
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
SCREEN = (1280, 800)
POINTER_AT = (640, 560)
"""Where the pointer idles and floods: below the middle, away from the tray and dunst."""
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
def bench_desktop(folder: Path) -> Iterator[Desktop]:
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
    with desktop(
        folder, size=f"{SCREEN[0]}x{SCREEN[1]}", dunstrc=DUNSTRC, system_bus=True, env=env
    ) as session:
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
    if name == "glutewake":
        data = home / "glutewake-data"
        config = home / "glutewake-config.toml"
        data.mkdir()
        config.write_text("", encoding="utf-8")
        command = [*glutewake, "--data-dir", str(data), "--config", str(config), "run"]
        return AppRun(name, home, env, command, data)
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
    flood: CpuUse | None = None
    x_idle: CpuUse | None = None
    x_flood: CpuUse | None = None
    rate: float = 0.0
    processes: list[str] = field(default_factory=list)
    helpers: list[str] = field(default_factory=list)
    pointer_over: str = ""
    gl: str = ""
    status_before: dict[str, object] | None = None
    status_after: dict[str, object] | None = None
    problem: str | None = None


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
    subprocess.run(["xdotool", "mousemove", *map(str, POINTER_AT)], env=xdo_env, check=False)
    if args.gtk_gl == "probe":
        clear_gtk_cache(xdo_env)
    procs = all_procs()
    buses = set(desk.bus_pids)
    before = {(procs[p].pid, procs[p].start) for p in descendants(procs, buses) - buses}
    log(f"{LABELS[name]}: starting {shlex.join(run.command)}")
    out = (desk.folder / f"{name}.log").open("wb")
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
        time.sleep(args.settle)
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

        if name == "glutewake":
            result.status_before = glutewake_status(run, glutewake)
        log(f"{LABELS[name]}: pointer flood {args.seconds} s")
        with Flood(xdo_env, args.rate) as flood:
            time.sleep(1.0)  # the flood is up to speed before the window opens
            a, xa = cpu_sample(tree.members()), cpu_sample(x_tree.members())
            time.sleep(args.seconds)
            b, xb = cpu_sample(tree.members()), cpu_sample(x_tree.members())
        result.flood, result.x_flood = cpu_between(a, b), cpu_between(xa, xb)
        result.rate = flood.achieved
        if name == "glutewake":
            result.status_after = glutewake_status(run, glutewake)
        members = tree.members()
        result.rss_after_kb = sum(status_kb(p, "VmRSS") for p in members)
        if proc.poll() is not None and not members:
            result.problem = f"exited with {proc.returncode} during the run"
        result.helpers = sorted(
            f"{i.name} ({status_kb(i.pid, 'VmRSS') / 1024:.1f} MB)" for i in tree.helpers().values()
        )
        log(
            f"{LABELS[name]}: idle {result.idle.percent:.2f} %, flood "
            f"{result.flood.percent:.2f} % at {result.rate:.0f} moves/s"
        )
        return result
    finally:
        end_tree(tree, proc)
        out.close()


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
    primed: str,
    processes_at_start: int,
) -> str:
    lines = [
        f"Footprint, settled {args.settle:g} s, idle {args.seconds:g} s, pointer flood "
        f"{args.seconds:g} s at {'unpaced' if args.rate == 0 else f'{args.rate:g} moves/s'}; "
        "RSS = VmRSS summed over the app's processes; CPU % of one core, "
        "utime+stime(+children) over wall time.",
        "",
        "| app | RSS MB | idle CPU % | flood CPU % |",
        "| --- | ---: | ---: | ---: |",
    ]
    for r in results:
        if r.problem and r.idle is None:
            lines.append(f"| {LABELS[r.name]} | - | - | - |")
            continue
        lines.append(
            f"| {LABELS[r.name]} | {r.rss_kb / 1024:.1f} | {pct(r.idle)} | {pct(r.flood)} |"
        )
    lines += ["", "Machine:", *machine_lines(glutewake)]
    lines.append(f"- processes on the machine at the start: {processes_at_start}")
    lines += [f"- GTK 3 GL visuals: {primed}", "", "Command:", ""]
    command = [sys.executable, *sys.argv]
    lines += [f"    {shlex.join(command)}", "", "Details:", ""]
    for r in results:
        label = LABELS[r.name]
        if r.problem:
            lines.append(f"- {label}: PROBLEM: {r.problem}")
        if r.idle is None or r.flood is None:
            continue
        x_idle, x_flood = pct(r.x_idle), pct(r.x_flood)
        lines += [
            f"- {label}: PSS {r.pss_kb / 1024:.1f} MB; RSS after the flood "
            f"{r.rss_after_kb / 1024:.1f} MB; threads' schedstat CPU idle "
            f"{r.idle.percent_ns:.3f} %, flood {r.flood.percent_ns:.3f} %; "
            f"X server CPU idle {x_idle} %, flood {x_flood} %; "
            f"flood {r.rate:.0f} moves/s over {r.pointer_over}",
            f"  - processes: {', '.join(r.processes) or '-'}; GL mapped: {r.gl}",
            f"  - bus-started helpers (not counted): {', '.join(r.helpers) or 'none'}",
        ]
        if r.name == "glutewake":
            ok = isinstance(r.status_after, dict) and r.status_after.get("state") == "sitting"
            lines.append(
                f"  - `glutewake status --json`: before the flood {state_of(r.status_before)}; "
                f"after {state_of(r.status_after)} -> "
                f"{'sees the flood' if ok else 'DOES NOT SEE THE FLOOD'}"
            )
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Memory and CPU of glutewake, Workrave and Safe Eyes on one Xvfb.",
    )
    parser.add_argument("--settle", type=float, default=20.0, help="seconds after launch")
    parser.add_argument(
        "--seconds", type=float, default=60.0, help="length of the idle and flood windows"
    )
    parser.add_argument(
        "--rate", type=float, default=1000.0, help="pointer moves per second; 0: unpaced"
    )
    parser.add_argument(
        "--only",
        action="append",
        type=app_name,
        choices=APPS,
        help="measure only this app (repeatable); default: all three",
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
    if args.settle < 0 or args.seconds <= 0 or args.rate < 0:
        parser.error("--settle must be >= 0, --seconds > 0, --rate >= 0")
    return args


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
    missing = [pkg for tool, pkg in DESKTOP_TOOLS.items() if shutil.which(tool) is None]
    if args.gtk_gl == "probe" and shutil.which("xprop") is None:
        missing.append("x11-utils")
    missing += [
        PEER_PACKAGES[a] for a in apps if a in PEER_PACKAGES and not shutil.which(EXECUTABLES[a])
    ]
    if missing:
        print(
            "footprint: missing "
            + ", ".join(sorted(set(missing)))
            + f"; install with: apt-get install -y {' '.join(sorted(set(missing)))}"
            + ("" if apps == ["glutewake"] else "  (or measure only glutewake: --only glutewake)"),
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
    try:
        with bench_desktop(folder) as desk:
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
    print(report(results, args, glutewake, primed, processes_at_start))
    bad = [r for r in results if r.problem]
    gw = [r for r in results if r.name == "glutewake"]
    blind = gw and (gw[0].status_after or {}).get("state") != "sitting"
    return 1 if bad or blind else 0


if __name__ == "__main__":
    raise SystemExit(main())
