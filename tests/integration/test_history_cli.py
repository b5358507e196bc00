"""`glutewake report`, `chart --out`, `export`, `import-activitywatch` and `replay --record`,
run as a user runs them: real processes, a real SQLite file, the user's zone from TZ."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import struct
import subprocess
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from glutewake.core.days import split_by_day
from glutewake.core.models import Bout
from glutewake.traces.simulation import simulate_day
from tests.integration.glutewake_process import glutewake_cli

BERLIN = ZoneInfo("Europe/Berlin")
DST_DAY = date(2026, 3, 29)  # Berlin springs forward: 02:00 CET becomes 03:00 CEST


def run(
    *args: str, tz: str = "Europe/Berlin", display: bool = False
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TZ": tz}
    if not display:
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
    return glutewake_cli(*args, env=env, timeout=90)


def ok(*args: str) -> str:
    done = run(*args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _typing(start: datetime, end: datetime) -> list[dict[str, Any]]:
    """An input every 5 s of real time (aware datetimes add wall time, so count in POSIX)."""
    lines = []
    t = start.timestamp()
    while t < end.timestamp():
        when = datetime.fromtimestamp(t, BERLIN)
        lines.append({"t": when.isoformat(), "type": "input", "keys": 3, "pointer": 1})
        t += 5
    return lines


def dst_trace(path: Path) -> Path:
    """A night owl across the clock change (01:40 CET to 03:20 CEST: 40 real minutes), then an
    office day; the trace is in the author's own offsets, as traces are."""
    night_start = datetime(2026, 3, 29, 1, 40, tzinfo=BERLIN)
    night_end = datetime(2026, 3, 29, 3, 20, tzinfo=BERLIN)
    lines = _typing(night_start, night_end)
    lines.append({"t": night_end.isoformat(), "type": "lock"})
    lines += simulate_day(DST_DAY, BERLIN, seed=3).lines
    lines.sort(key=lambda line: datetime.fromisoformat(line["t"]).timestamp())
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def replayed_bouts(stdout: str) -> list[Bout]:
    return [
        Bout(
            datetime.fromisoformat(b["start"]).timestamp(),
            datetime.fromisoformat(b["end"]).timestamp(),
        )
        for b in json.loads(stdout)["bouts"]
    ]


def test_report_agrees_with_replay_on_a_dst_day(tmp_path: Path) -> None:
    trace = dst_trace(tmp_path / "dst.jsonl")
    data = tmp_path / "data"
    replay_out = ok("--data-dir", str(data), "replay", str(trace), "--record")
    pieces = split_by_day(replayed_bouts(replay_out), BERLIN)[DST_DAY]

    report = json.loads(
        ok("--data-dir", str(data), "report", "--day", "2026-03-29", "--format", "json")
    )
    (row,) = report["days"]
    lengths = [p.seconds / 60 for p in pieces]
    assert row["day"] == "2026-03-29"
    assert row["sitting_minutes"] == pytest.approx(sum(lengths), abs=0.1)
    assert row["longest_bout_minutes"] == pytest.approx(max(lengths), abs=0.1)
    assert row["bouts_30min_or_more"] == sum(1 for m in lengths if m >= 30)
    assert [b["minutes"] for b in report["bouts"]] == [pytest.approx(m, abs=0.1) for m in lengths]
    night = report["bouts"][0]
    # The bout across the clock change is 40 minutes long, not 1 h 40 min.
    assert night["start"] == "2026-03-29T01:40:00+01:00"
    assert night["end"] == "2026-03-29T03:19:56+02:00"  # one second after the last input
    assert night["minutes"] == pytest.approx(39.9, abs=0.05)  # 39 min 56 s
    # The text report says the same.
    text = ok("--data-dir", str(data), "report", "--day", "2026-03-29")
    assert "01:40-03:19" in text
    assert f"{round(sum(lengths)) // 60} h" in text


def test_replay_record_needs_a_data_dir_and_never_doubles(tmp_path: Path) -> None:
    trace = dst_trace(tmp_path / "dst.jsonl")
    refused = run("replay", str(trace), "--record")
    assert refused.returncode == 2
    assert "--data-dir" in refused.stderr
    data = tmp_path / "data"
    first = run("--data-dir", str(data), "replay", str(trace), "--record")
    again = run("--data-dir", str(data), "replay", str(trace), "--record")
    assert "recorded 0 bouts and 0 prompts" in again.stderr
    assert "recorded 0 bouts" not in first.stderr
    assert first.stdout == again.stdout  # replay's own output is unchanged by recording
    assert not (tmp_path / "unrecorded").exists()
    run("--data-dir", str(tmp_path / "unrecorded"), "replay", str(trace))
    assert not (tmp_path / "unrecorded").exists()  # without --record, nothing is written


def test_a_week_report_in_csv_and_text(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ok("--data-dir", str(data), "replay", str(dst_trace(tmp_path / "dst.jsonl")), "--record")
    rows = list(
        csv.DictReader(
            io.StringIO(
                ok("--data-dir", str(data), "report", "--week", "2026-W13", "--format", "csv")
            )
        )
    )
    assert [r["day"] for r in rows] == [f"2026-03-{d}" for d in range(23, 30)]
    assert float(rows[-1]["sitting_minutes"]) > 60
    assert all(float(r["sitting_minutes"]) == 0 for r in rows[:-1])
    text = ok("--data-dir", str(data), "report", "--week", "2026-W13")
    assert "Week 13, 2026" in text
    assert "Sun 2026-03-29" in text


def test_reading_commands_never_create_a_history(tmp_path: Path) -> None:
    data = tmp_path / "nothing-yet"
    assert "No sitting recorded." in ok("--data-dir", str(data), "report")
    assert ok("--data-dir", str(data), "export", "--format", "csv").startswith("record,start,end")
    assert not data.exists()


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["report", "--day", "2026-02-30"], "'2026-02-30'"),
        (["report", "--week", "2026-W54"], "'2026-W54'"),
        (["report", "--month", "2026-13"], "'2026-13'"),
        (["chart", "--out", "x.png", "--size", "huge"], "'huge'"),
    ],
)
def test_a_bad_period_is_refused_with_the_value_and_the_form_expected(
    args: list[str], named: str
) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert named in done.stderr
    assert "like" in done.stderr


def test_an_unreadable_history_is_named_and_left_alone(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    broken = data / "history.sqlite3"
    broken.write_bytes(b"this is not a database" * 100)
    done = run("--data-dir", str(data), "report")
    assert done.returncode == 1
    assert str(broken) in done.stderr
    assert broken.read_bytes() == b"this is not a database" * 100
    assert sorted(p.name for p in data.iterdir()) == ["history.sqlite3"]


def test_export_holds_every_record_in_json_and_csv(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ok("--data-dir", str(data), "replay", str(dst_trace(tmp_path / "dst.jsonl")), "--record")
    with sqlite3.connect(data / "history.sqlite3") as db:
        bouts = db.execute("SELECT count(*) FROM bouts").fetchone()[0]
        prompts = db.execute("SELECT count(*) FROM prompts").fetchone()[0]
    exported = json.loads(ok("--data-dir", str(data), "export", "--format", "json"))
    assert len(exported["bouts"]) == bouts
    assert len(exported["prompts"]) == prompts
    assert exported["bouts"][0]["start"] == "2026-03-29T00:40:00Z"  # 01:40 CET, in UTC
    out = tmp_path / "history.csv"
    ok("--data-dir", str(data), "export", "--format", "csv", "--out", str(out))
    with out.open(encoding="utf-8", newline="") as exported_csv:
        rows = list(csv.DictReader(exported_csv))
    assert sum(1 for r in rows if r["record"] == "bout") == bouts
    assert sum(1 for r in rows if r["record"] == "prompt") == prompts


def test_activitywatch_import_backfills_once(tmp_path: Path) -> None:
    def event(start: str, minutes: float, status: str) -> dict[str, Any]:
        return {"timestamp": start, "duration": minutes * 60, "data": {"status": status}}

    export = tmp_path / "aw-export.json"
    export.write_text(
        json.dumps(
            {
                "buckets": {
                    "aw-watcher-afk_desk": {
                        "id": "aw-watcher-afk_desk",
                        "type": "afkstatus",
                        "events": [
                            event("2026-03-02T08:00:00+00:00", 50, "not-afk"),
                            event("2026-03-02T08:50:00+00:00", 10, "afk"),
                            event("2026-03-02T09:00:00+00:00", 20, "not-afk"),
                        ],
                    },
                    "aw-watcher-window_desk": {
                        "id": "aw-watcher-window_desk",
                        "type": "currentwindow",
                        "events": [
                            {
                                "timestamp": "2026-03-02T08:00:00+00:00",
                                "duration": 60,
                                "data": {"app": "mail", "title": "Salary review (private)"},
                            }
                        ],
                    },
                }
            }
        ),
        encoding="utf-8",
    )
    data = tmp_path / "data"
    first = ok("--data-dir", str(data), "import-activitywatch", str(export))
    assert "added 2, skipped 0" in first
    assert "added 0, skipped 2" in ok("--data-dir", str(data), "import-activitywatch", str(export))
    report = json.loads(
        ok("--data-dir", str(data), "report", "--day", "2026-03-02", "--format", "json")
    )
    assert report["days"][0]["sitting_minutes"] == 70.0
    assert report["days"][0]["longest_bout_minutes"] == 50.0
    assert b"Salary" not in (data / "history.sqlite3").read_bytes()
    missing = run("--data-dir", str(data), "import-activitywatch", str(tmp_path / "nope.json"))
    assert missing.returncode == 1
    assert "nope.json" in missing.stderr


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def test_chart_out_draws_a_png_with_no_display(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ok("--data-dir", str(data), "replay", str(dst_trace(tmp_path / "dst.jsonl")), "--record")
    day, week = tmp_path / "day.png", tmp_path / "week.png"
    ok("--data-dir", str(data), "chart", "--day", "2026-03-29", "--out", str(day))
    ok(
        "--data-dir",
        str(data),
        "chart",
        "--week",
        "2026-W13",
        "--out",
        str(week),
        "--size",
        "900x500",
    )
    assert _png_size(day) == (1200, 720)
    assert _png_size(week) == (900, 500)
    unwritable = run(
        "--data-dir", str(data), "chart", "--out", str(tmp_path / "no" / "such" / "x.png")
    )
    assert unwritable.returncode == 1
    assert "could not write" in unwritable.stderr
