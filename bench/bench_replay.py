"""How long `glutewake replay` takes on a week-sized trace (about 35,000 lines).

Run: .venv/bin/python bench/bench_replay.py [TRACE ...]
With no arguments it simulates office days until the trace holds at least 35,000 lines.
Prints, per trace: lines, best-of-5 time to read and parse, best-of-5 time through the
engine, and the wall time of the whole command in a fresh process.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from glutewake.core.settings import Settings
from glutewake.traces.reader import read_trace
from glutewake.traces.replay import replay
from glutewake.traces.simulation import simulate_days

TARGET_LINES = 35_000


def simulated_trace(folder: Path) -> Path:
    zone = ZoneInfo("Europe/Berlin")
    days, lines = 5, []
    while len(lines) < TARGET_LINES:
        lines = simulate_days(date(2026, 3, 23), days, zone, seed=3).lines
        days += 1
    path = folder / "simulated.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.writelines(json.dumps(line) + "\n" for line in lines)
    return path


def best_of(runs: int, work: object) -> float:
    assert callable(work)
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def measure(path: Path) -> dict[str, object]:
    lines = read_trace(path)
    read_s = best_of(5, lambda: read_trace(path))
    engine_s = best_of(5, lambda: replay(lines, Settings()))
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "glutewake", "replay", str(path)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    command_s = time.perf_counter() - start
    return {
        "trace": path.name,
        "lines": len(lines),
        "read_s": round(read_s, 3),
        "engine_s": round(engine_s, 3),
        "read_plus_engine_s": round(read_s + engine_s, 3),
        "command_wall_s": round(command_s, 3),
    }


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        paths = [Path(a) for a in argv] or [simulated_trace(Path(tmp))]
        print("| trace | lines | read (s) | engine (s) | read+engine (s) | whole command (s) |")
        print("|---|---|---|---|---|---|")
        for path in paths:
            r = measure(path)
            print(
                f"| {r['trace']} | {r['lines']} | {r['read_s']} | {r['engine_s']} | "
                f"{r['read_plus_engine_s']} | {r['command_wall_s']} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
