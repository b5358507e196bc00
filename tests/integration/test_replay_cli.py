"""`glutewake replay`, `demo` and `--version` as a user runs them: a real process, real files."""

from __future__ import annotations

import gzip
import importlib.metadata
import itertools
import json
import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import glutewake
from glutewake.core.estimator import EstimatorParams
from glutewake.traces.simulation import SimulatedDay, simulate_days
from tests.integration.glutewake_process import glutewake_cli

BERLIN = ZoneInfo("Europe/Berlin")
# The longest an unlocked quiet spell can last before it counts as a break.
QUIET_AWAY_S = max(EstimatorParams().quiet_away_s, EstimatorParams().settle_quiet_s)


def replay_ok(path: Path, *args: str) -> dict[str, Any]:
    done = glutewake_cli("replay", str(path), *args)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert isinstance(result, dict)
    return result


def write_trace(path: Path, records: list[dict[str, Any]]) -> Path:
    data = "".join(json.dumps(record) + "\n" for record in records).encode("utf-8")
    path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)
    return path


def at(hour: int, minute: int, second: int = 0) -> datetime:
    """A moment on Monday 2 March 2026 in Berlin (+01:00)."""
    return datetime(2026, 3, 2, hour, minute, second, tzinfo=BERLIN)


def typing(start: datetime, end: datetime, every_s: int = 3) -> list[dict[str, Any]]:
    """Steady typing: an input line every `every_s` seconds from `start` until before `end`."""
    records = []
    when = start
    while when < end:
        records.append(
            {"t": when.isoformat(), "type": "input", "keys": 5, "pointer": 2, "clicks": 0}
        )
        when += timedelta(seconds=every_s)
    return records


def event(when: datetime, kind: str) -> dict[str, Any]:
    return {"t": when.isoformat(), "type": kind}


def near(got: datetime, want: datetime, *, seconds: float = 60) -> bool:
    return abs((got - want).total_seconds()) <= seconds


@dataclass(frozen=True)
class Bout:
    start: datetime
    end: datetime
    ended_by: str | None


def bouts_of(result: dict[str, Any]) -> list[Bout]:
    return [
        Bout(
            datetime.fromisoformat(b["start"]),
            datetime.fromisoformat(b["end"]),
            b.get("ended_by"),
        )
        for b in result["bouts"]
    ]


def prompts_of(result: dict[str, Any]) -> list[datetime]:
    return [datetime.fromisoformat(p) for p in result["prompts"]]


# --- a simulated office week across the October DST change ------------------------------------


@dataclass(frozen=True)
class Week:
    day: SimulatedDay
    plain: Path
    packed: Path


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> Week:
    """Thursday 22 to Tuesday 27 October 2026: Berlin goes from +02:00 to +01:00 on the 25th."""
    folder = tmp_path_factory.mktemp("week")
    day = simulate_days(date(2026, 10, 22), 3, BERLIN, seed=3)
    return Week(
        day,
        write_trace(folder / "week.jsonl", day.lines),
        write_trace(folder / "week.jsonl.gz", day.lines),
    )


@pytest.fixture(scope="module")
def week_stdout(week: Week) -> str:
    done = glutewake_cli("replay", str(week.plain))
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_replay_prints_one_json_object_of_bouts_and_prompts(week_stdout: str) -> None:
    result = json.loads(week_stdout)  # the whole of stdout: one object, nothing else
    assert set(result) == {"bouts", "prompts"}
    assert all(isinstance(p, str) for p in result["prompts"])
    assert all(isinstance(b["start"], str) and isinstance(b["end"], str) for b in result["bouts"])
    assert len(result["bouts"]) >= 3 * 4  # several bouts a day
    assert result["prompts"]


def test_bouts_are_ordered_non_overlapping_and_in_berlin_time(week_stdout: str) -> None:
    bouts = bouts_of(json.loads(week_stdout))
    for bout in bouts:
        assert bout.start.tzinfo is not None
        assert bout.end.tzinfo is not None
        assert bout.start < bout.end
        # Written in the trace's own local time, whatever zone this machine runs in.
        assert bout.start.utcoffset() == bout.start.astimezone(BERLIN).utcoffset()
        assert bout.end.utcoffset() == bout.end.astimezone(BERLIN).utcoffset()
        # The simulated office opens around 08:30 and closes by about 17:45.
        assert bout.start.time() >= datetime(2026, 1, 1, 8, 0).time()
        assert bout.end.time() <= datetime(2026, 1, 1, 18, 0).time()
    for earlier, later in itertools.pairwise(bouts):
        assert earlier.end <= later.start
    offsets = {bout.start.utcoffset() for bout in bouts}
    assert offsets == {timedelta(hours=2), timedelta(hours=1)}  # before and after the change


def test_bouts_follow_the_simulated_truth(week: Week, week_stdout: str) -> None:
    """No invented sitting, and no long seated spell missed."""
    bouts = bouts_of(json.loads(week_stdout))
    seated = [span for span in week.day.truth if span.posture == "seated"]
    for bout in bouts:
        start, end = bout.start.timestamp(), bout.end.timestamp()
        assert any(span.start < end and start < span.end for span in seated), bout
    for span in seated:
        if span.end - span.start >= 20 * 60:
            assert any(
                b.start.timestamp() < span.end and span.start < b.end.timestamp() for b in bouts
            ), span


def test_prompts_come_after_an_interval_of_sitting_inside_a_bout(week_stdout: str) -> None:
    result = json.loads(week_stdout)
    bouts = bouts_of(result)
    prompts = prompts_of(result)
    late = timedelta(seconds=QUIET_AWAY_S + 1)
    assert prompts == sorted(prompts)
    for prompt in prompts:
        assert prompt.utcoffset() == prompt.astimezone(BERLIN).utcoffset()
        # Due 30 minutes (the default) into a bout; at most the time it takes a quiet
        # spell to count as a break after the bout's last activity.
        assert any(
            bout.start + timedelta(minutes=30) <= prompt <= bout.end + late for bout in bouts
        ), prompt


def test_gzipped_and_plain_traces_replay_identically(week: Week, week_stdout: str) -> None:
    done = glutewake_cli("replay", str(week.packed))
    assert done.returncode == 0, done.stderr
    assert done.stdout == week_stdout


def test_replay_writes_nothing(week: Week, tmp_path: Path) -> None:
    homes = {
        name: tmp_path / name.lower()
        for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")
    }
    for folder in homes.values():
        folder.mkdir()
    work = tmp_path / "cwd"
    work.mkdir()
    trace_folder = week.packed.parent
    before = sorted(trace_folder.iterdir())
    trace_bytes = week.packed.read_bytes()
    env = {**os.environ, **{name: str(folder) for name, folder in homes.items()}}
    done = glutewake_cli("replay", str(week.packed), env=env, cwd=work)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["bouts"]
    for name, folder in homes.items():
        assert list(folder.iterdir()) == [], f"replay wrote into {name}"
    assert list(work.iterdir()) == []
    assert sorted(trace_folder.iterdir()) == before
    assert week.packed.read_bytes() == trace_bytes


# --- --interval -------------------------------------------------------------------------------


@pytest.fixture
def fifty_minutes(tmp_path: Path) -> Path:
    """One bout of steady typing from 09:00 to 09:50."""
    return write_trace(tmp_path / "fifty.jsonl", typing(at(9, 0), at(9, 50)))


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param([], [at(9, 30), at(9, 45)], id="default-30"),
        pytest.param(["--interval", "45"], [at(9, 45)], id="45"),
        pytest.param(["--interval", "60"], [], id="60"),
        pytest.param(
            ["--interval", "1"],
            [at(9, 1), at(9, 16), at(9, 31), at(9, 46)],
            id="1",
        ),
        pytest.param(["--interval", "240"], [], id="240"),
    ],
)
def test_interval_sets_when_prompts_come(
    fifty_minutes: Path, args: list[str], expected: list[datetime]
) -> None:
    result = replay_ok(fifty_minutes, *args)
    bouts = bouts_of(result)
    assert len(bouts) == 1
    assert near(bouts[0].start, at(9, 0), seconds=1)
    assert near(bouts[0].end, at(9, 50), seconds=5)
    assert prompts_of(result) == expected


@pytest.mark.parametrize(
    "value",
    [
        "0",
        "241",
        "abc",
        "30.5",
    ],
)
def test_interval_out_of_range_is_refused_naming_the_range(fifty_minutes: Path, value: str) -> None:
    done = glutewake_cli("replay", str(fifty_minutes), "--interval", value)
    assert done.returncode != 0
    assert done.stdout == ""
    assert "--interval" in done.stderr
    assert value in done.stderr
    assert "1 to 240" in done.stderr


# --- broken traces ----------------------------------------------------------------------------


def test_malformed_line_exits_1_naming_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"
    lines = [json.dumps(record) for record in typing(at(9, 0), at(9, 0, 6))]
    lines.insert(1, "")
    lines.insert(3, '{"t": "2026-03-02T09:00:05+01:00", "type": "input", "keys": -1}')
    path.write_text("\n".join(lines) + "\n")
    done = glutewake_cli("replay", str(path))
    assert done.returncode == 1
    assert done.stdout == ""
    assert f"{path}:4:" in done.stderr
    assert "'keys'" in done.stderr
    assert "Traceback" not in done.stderr


def test_missing_trace_exits_1_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "no-such-trace.jsonl"
    done = glutewake_cli("replay", str(path))
    assert done.returncode == 1
    assert done.stdout == ""
    assert str(path) in done.stderr
    assert "Traceback" not in done.stderr


def test_corrupt_gz_exits_1_without_a_traceback(tmp_path: Path) -> None:
    packed = bytearray(
        gzip.compress(b"".join(json.dumps(r).encode() + b"\n" for r in typing(at(9, 0), at(9, 5))))
    )
    packed[12] = 0xFF
    path = tmp_path / "corrupt.jsonl.gz"
    path.write_bytes(bytes(packed))
    done = glutewake_cli("replay", str(path))
    assert done.returncode == 1
    assert done.stdout == ""
    assert str(path) in done.stderr
    assert "Traceback" not in done.stderr


# --- a morning, end to end -------------------------------------------------------------------


@pytest.fixture
def morning(tmp_path: Path) -> Path:
    """Typing 09:00-10:00, screen locked 10:00:05-10:10, typing again until 10:40."""
    return write_trace(
        tmp_path / "morning.jsonl",
        [
            event(at(8, 59, 50), "unlock"),
            *typing(at(9, 0), at(10, 0)),
            event(at(10, 0, 5), "lock"),
            event(at(10, 10), "unlock"),
            *typing(at(10, 10), at(10, 40)),
        ],
    )


@pytest.mark.parametrize(
    "args",
    [pytest.param([], id="default"), pytest.param(["--interval", "30"], id="interval-30")],
)
def test_a_morning_with_a_locked_break(morning: Path, args: list[str]) -> None:
    result = replay_ok(morning, *args)
    bouts = bouts_of(result)
    assert len(bouts) == 2
    first, second = bouts
    assert near(first.start, at(9, 0))
    assert near(first.end, at(10, 0))
    assert first.end <= at(10, 0, 5)
    assert first.ended_by == "lock"
    assert near(second.start, at(10, 10))
    assert near(second.end, at(10, 40))

    prompts = prompts_of(result)
    assert len(prompts) >= 2
    assert near(prompts[0], at(9, 30))
    assert near(prompts[1], at(9, 45))
    for earlier, later in itertools.pairwise(prompts):
        assert later - earlier == timedelta(minutes=15)  # repeats while nobody answers
    # Nothing while the screen is locked, and the half-hour after it is not long enough.
    assert all(prompt < at(10, 0, 5) for prompt in prompts)


# --- --version and demo -----------------------------------------------------------------------


def test_version() -> None:
    done = glutewake_cli("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"glutewake {glutewake.__version__}"
    assert glutewake.__version__ == importlib.metadata.version("glutewake")


@pytest.fixture(scope="module")
def demo_stdout() -> str:
    done = glutewake_cli("demo")
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_demo_names_sitting_bouts_and_prompt_times(demo_stdout: str) -> None:
    bouts = re.findall(r"sat (\d\d:\d\d)-(\d\d:\d\d) +(\d+) min", demo_stdout)
    assert bouts
    summary = re.search(r"(\d+) sitting bouts, ([\d.]+) h in all", demo_stdout)
    assert summary is not None
    assert int(summary[1]) == len(bouts)
    assert abs(float(summary[2]) - sum(int(b[2]) for b in bouts) / 60) <= 0.1 + len(bouts) / 120
    for start, end, _minutes in bouts:
        assert start < end
    prompted = re.search(r"prompted a break at ([\d:, ]+)\.", demo_stdout)
    assert prompted is not None
    times = [t.strip() for t in prompted[1].split(",")]
    assert all(re.fullmatch(r"\d\d:\d\d", t) for t in times)
    assert times == sorted(times)
    assert "30 minutes" in demo_stdout  # the interval it prompted after


def test_help_lists_every_command() -> None:
    done = glutewake_cli("--help")
    assert done.returncode == 0
    for command in ("run", "status", "replay", "demo", "--data-dir", "--config", "--interval"):
        assert command in done.stdout


def test_replay_config_option_changes_the_settings_it_runs_with(tmp_path: Path) -> None:
    records = [
        *typing(at(9, 0), at(9, 20)),
        {"t": at(9, 20).isoformat(), "type": "call", "active": True},
        *typing(at(9, 20, 30), at(9, 50), every_s=120),
        {"t": at(9, 50).isoformat(), "type": "call", "active": False},
    ]
    trace = write_trace(tmp_path / "call.jsonl", records)
    held = prompts_of(replay_ok(trace))
    assert all(not (at(9, 20) < p < at(9, 50)) for p in held)  # the default holds during calls

    config = tmp_path / "config.toml"
    config.write_text("# a user's own file\nhold_during_calls = false\n", encoding="utf-8")
    before = config.read_bytes()
    free = prompts_of(replay_ok(trace, "--config", str(config)))
    assert any(near(p, at(9, 30)) for p in free)
    assert config.read_bytes() == before  # replay never writes the config


def test_replay_refuses_a_config_file_that_does_not_exist(tmp_path: Path) -> None:
    trace = write_trace(tmp_path / "t.jsonl", typing(at(9, 0), at(9, 5)))
    done = glutewake_cli("replay", str(trace), "--config", str(tmp_path / "missing.toml"))
    assert done.returncode == 1
    assert "missing.toml" in done.stderr
    assert done.stdout == ""
