"""Reading real ActivityWatch export files: the AFK buckets become sitting bouts, nothing
else in the export is read or repeated, and every file we cannot use is named with its
problem."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from glutewake.core.models import Bout, BreakKind
from glutewake.store.activitywatch import ActivityWatchError, AfkImport, read_afk_export

T0 = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
"""08:00 UTC on a Friday; event times below are minutes after it."""
BREAK_S = 60.0
DESK = "aw-watcher-afk_desk"
LAPTOP = "aw-watcher-afk_laptop"
SECRET_TITLE = "Re: biopsy results - Dr. Okafor - Mail"
SECRET_URL = "https://bank.example/accounts/DE89370400440532013000"
NATURAL = BreakKind.NATURAL


def at(minutes: float) -> float:
    """UTC POSIX seconds `minutes` after T0."""
    return (T0 + timedelta(minutes=minutes)).timestamp()


def python_time(minutes: float, zone: timezone = UTC) -> str:
    """A timestamp as aw-server-python writes it (isoformat with an offset)."""
    return (T0 + timedelta(minutes=minutes)).astimezone(zone).isoformat(timespec="microseconds")


def rust_time(minutes: float) -> str:
    """A timestamp as aw-server-rust writes it (RFC 3339 ending in Z, here with nanoseconds)."""
    when = T0 + timedelta(minutes=minutes)
    return when.strftime("%Y-%m-%dT%H:%M:%S.%f") + "000Z"


def afk_event(
    start_min: float, minutes: float, status: str = "not-afk", *, stamp: str | None = None
) -> dict[str, Any]:
    return {
        "timestamp": stamp if stamp is not None else python_time(start_min),
        "duration": minutes * 60.0,
        "data": {"status": status},
    }


def afk_bucket(bucket_id: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    host = bucket_id.split("_", 1)[1]
    return {
        "id": bucket_id,
        "created": "2023-11-02T09:14:03.120000+00:00",
        "name": None,
        "type": "afkstatus",
        "client": "aw-watcher-afk",
        "hostname": host,
        "data": {},
        "events": events,
    }


def window_bucket(host: str) -> dict[str, Any]:
    return {
        "id": f"aw-watcher-window_{host}",
        "created": "2023-11-02T09:14:03.110000+00:00",
        "type": "currentwindow",
        "client": "aw-watcher-window",
        "hostname": host,
        "events": [
            {
                "timestamp": python_time(5),
                "duration": 612.5,
                "data": {"app": "Thunderbird", "title": SECRET_TITLE},
            },
        ],
    }


def web_bucket(host: str) -> dict[str, Any]:
    return {
        "id": f"aw-watcher-web-firefox_{host}",
        "created": "2023-11-02T09:20:00Z",
        "type": "web.tab.current",
        "client": "aw-client-web",
        "hostname": host,
        "events": [
            {
                "timestamp": rust_time(20),
                "duration": 95.0,
                "data": {"url": SECRET_URL, "title": SECRET_TITLE, "audible": False},
            },
        ],
    }


def export(*buckets: dict[str, Any]) -> dict[str, Any]:
    return {"buckets": {bucket["id"]: bucket for bucket in buckets}}


def write(tmp_path: Path, document: object, name: str = "aw-buckets-export.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return path


def read(path: Path, break_s: float = BREAK_S) -> AfkImport:
    return read_afk_export(path, break_s=break_s)


def fails(path: Path) -> str:
    with pytest.raises(ActivityWatchError) as caught:
        read(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    return message


# -- a day as ActivityWatch records it -----------------------------------------------------


def test_a_real_export_becomes_the_days_bouts_and_nothing_private_is_kept(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Newest first, as the servers list them; afk spells are back-dated to the last input.
    events = [
        afk_event(170, 50, "afk"),
        afk_event(95, 75),  # 09:35-10:50 after a 5-minute coffee
        afk_event(90, 5, "afk"),
        afk_event(50, 40),  # 08:50-09:30
        afk_event(49.5, 0.5, "afk"),  # 30 s of quiet: shorter than a break, not one
        afk_event(0, 49.5),  # 08:00-08:49:30
    ]
    for number, event in enumerate(events):
        event["id"] = 9000 - number  # aw-server-rust keeps ids, aw-server-python drops them
    path = write(
        tmp_path,
        export(afk_bucket(DESK, events), window_bucket("desk"), web_bucket("desk")),
    )
    before = path.read_bytes(), path.stat().st_mtime_ns

    with caplog.at_level(logging.DEBUG):
        result = read(path)

    assert result.bouts == [Bout(at(0), at(90), NATURAL), Bout(at(95), at(170), NATURAL)]
    assert result.buckets == (DESK,)
    assert (result.events, result.skipped) == (3, 0)
    for shown in (repr(result), str(result), *map(repr, result.bouts), caplog.text):
        assert SECRET_TITLE not in shown
        assert SECRET_URL not in shown
        assert "Thunderbird" not in shown
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before  # read, never written


def test_events_out_of_order_and_overlapping_make_one_bout(tmp_path: Path) -> None:
    events = [
        afk_event(30, 20),  # 08:30-08:50
        afk_event(0, 20),  # 08:00-08:20
        afk_event(10, 25),  # 08:10-08:35, overlaps both
        afk_event(12, 3),  # inside another
        afk_event(50, 10),  # 08:50-09:00, touches the first
    ]
    result = read(write(tmp_path, export(afk_bucket(DESK, events))))
    assert result.bouts == [Bout(at(0), at(60), NATURAL)]
    assert result.events == 5


@pytest.fixture
def far_local_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run in UTC+12, so a time read as local instead of UTC is 12 hours off."""
    monkeypatch.setenv("TZ", "NZST-12")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("far_local_zone")
def test_utc_z_and_plus_two_hours_timestamps_name_the_same_instants(tmp_path: Path) -> None:
    berlin_summer = timezone(timedelta(hours=2))
    events = [
        afk_event(0, 30, stamp=rust_time(0)),  # 2024-03-01T08:00:00.000000000Z
        afk_event(120, 30, stamp=python_time(120, berlin_summer)),  # 12:00+02:00 = 10:00Z
        afk_event(240, 30, stamp="2024-03-01T12:00:00"),  # no offset: UTC, as ActivityWatch
    ]
    assert events[1]["timestamp"] == "2024-03-01T12:00:00.000000+02:00"
    result = read(write(tmp_path, export(afk_bucket(DESK, events))))
    assert result.bouts == [
        Bout(at(0), at(30), NATURAL),
        Bout(at(120), at(150), NATURAL),
        Bout(at(240), at(270), NATURAL),
    ]


@pytest.mark.parametrize(
    ("gap_s", "bouts"),
    [
        (0.0, 1),
        (BREAK_S - 0.5, 1),  # just short of a break: still the same bout
        (BREAK_S, 2),  # a break exactly as long as the user's break length ends the bout
        (BREAK_S + 30.0, 2),
    ],
)
def test_a_gap_joins_the_bout_only_when_shorter_than_the_break_length(
    tmp_path: Path, gap_s: float, bouts: int
) -> None:
    second_start = 20.0 + gap_s / 60.0
    events = [afk_event(0, 20), afk_event(second_start, 20)]
    result = read(write(tmp_path, export(afk_bucket(DESK, events))))
    assert len(result.bouts) == bouts
    assert result.bouts[0].start == at(0)
    assert result.bouts[-1].end == at(second_start + 20)
    if bouts == 2:
        assert result.bouts[0].end == at(20)
        assert result.bouts[1].start == at(second_start)


def test_a_longer_break_length_joins_what_a_shorter_one_splits(tmp_path: Path) -> None:
    path = write(tmp_path, export(afk_bucket(DESK, [afk_event(0, 20), afk_event(23, 20)])))
    assert len(read(path, break_s=120.0).bouts) == 2
    assert read(path, break_s=300.0).bouts == [Bout(at(0), at(43), NATURAL)]


def test_two_hosts_afk_buckets_are_united(tmp_path: Path) -> None:
    desk = afk_bucket(DESK, [afk_event(0, 60), afk_event(180, 30)])
    laptop = afk_bucket(
        LAPTOP,
        [
            afk_event(50, 40, stamp=rust_time(50)),  # overlaps the desk's first hour
            afk_event(100, 30, stamp=rust_time(100)),  # alone
            afk_event(210.5, 9.5, stamp=rust_time(210.5)),  # 30 s after the desk's last
        ],
    )
    path = write(tmp_path, export(laptop, window_bucket("laptop"), desk, window_bucket("desk")))
    result = read(path)
    assert result.bouts == [
        Bout(at(0), at(90), NATURAL),
        Bout(at(100), at(130), NATURAL),
        Bout(at(180), at(220), NATURAL),
    ]
    assert result.buckets == (DESK, LAPTOP)
    assert result.events == 5


def test_a_one_bucket_export_has_the_same_wrapper_and_reads_the_same(tmp_path: Path) -> None:
    bucket = afk_bucket(DESK, [afk_event(0, 45)])
    path = write(tmp_path, {"buckets": {DESK: bucket}}, name=f"aw-bucket-export_{DESK}.json")
    assert read(path).bouts == [Bout(at(0), at(45), NATURAL)]


def test_an_afk_bucket_without_events_imports_nothing_without_failing(tmp_path: Path) -> None:
    path = write(tmp_path, export(afk_bucket(DESK, []), window_bucket("desk")))
    result = read(path)
    assert result == AfkImport(bouts=[], buckets=(DESK,), events=0, skipped=0)


def test_an_event_without_a_duration_is_an_instant_of_activity(tmp_path: Path) -> None:
    instant = afk_event(20.5, 0)
    del instant["duration"]  # ActivityWatch reads a missing duration as 0 s
    events = [afk_event(0, 20), instant, afk_event(21.2, 8.8)]
    result = read(write(tmp_path, export(afk_bucket(DESK, events))))
    # 30 s, the instant, 42 s: no break, where 72 s without the instant would have been one.
    assert result.bouts == [Bout(at(0), at(30), NATURAL)]
    assert (result.events, result.skipped) == (3, 0)


def test_only_afk_events_means_no_sitting(tmp_path: Path) -> None:
    events = [afk_event(0, 600, "afk"), afk_event(600, 10, "hibernating")]
    result = read(write(tmp_path, export(afk_bucket(DESK, events))))
    assert (result.bouts, result.events, result.skipped) == ([], 0, 0)


# -- malformed events ---------------------------------------------------------------------


def test_a_malformed_event_is_skipped_counted_and_named_by_position(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = afk_event(25, 5)
    del broken["timestamp"]
    events = [afk_event(0, 20), broken, afk_event(30, 20)]
    path = write(tmp_path, export(afk_bucket(DESK, events)))
    with caplog.at_level(logging.WARNING, logger="glutewake.activitywatch"):
        result = read(path)
    assert result.bouts == [Bout(at(0), at(20), NATURAL), Bout(at(30), at(50), NATURAL)]
    assert (result.events, result.skipped) == (2, 1)
    assert f"{path}: event 1 in bucket {DESK} has no timestamp; skipped" in caplog.messages


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("timestamp", "Friday morning", "has a timestamp that is not an ISO 8601 time"),
        ("timestamp", 1709280000, "has a timestamp that is not text"),
        ("duration", "ten minutes", "has a duration that is not a number of seconds"),
        ("duration", -5.0, "has a duration that is negative or not finite"),
        ("data", {"state": "active"}, "has no afk status"),
        ("data", None, "has no afk status"),
    ],
)
def test_each_kind_of_broken_event_is_named_without_quoting_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, field: str, value: object, problem: str
) -> None:
    broken = afk_event(30, 5)
    broken[field] = value
    path = write(tmp_path, export(afk_bucket(DESK, [afk_event(0, 20), broken])))
    with caplog.at_level(logging.WARNING, logger="glutewake.activitywatch"):
        result = read(path)
    assert result.bouts == [Bout(at(0), at(20), NATURAL)]
    assert result.skipped == 1
    assert caplog.messages == [f"{path}: event 1 in bucket {DESK} {problem}; skipped"]
    if isinstance(value, str):
        assert value not in caplog.text


def test_many_malformed_events_are_logged_briefly(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    events: list[Any] = [afk_event(0, 20)] + ["not an event"] * 40
    path = write(tmp_path, export(afk_bucket(DESK, events)))
    with caplog.at_level(logging.WARNING, logger="glutewake.activitywatch"):
        result = read(path)
    assert result.skipped == 40
    assert len(caplog.records) == 6
    assert caplog.messages[-1] == f"{path}: 35 more malformed AFK events skipped"
    assert "not an event" not in caplog.text


def test_an_afk_bucket_with_no_readable_event_is_not_imported(tmp_path: Path) -> None:
    events = [{"timestamp": python_time(0), "duration": 60.0} for _ in range(3)]
    message = fails(write(tmp_path, export(afk_bucket(DESK, events))))
    assert message.endswith(
        f"no AFK event could be read (3 malformed; the first: event 0 in bucket {DESK} "
        "has no afk status)"
    )


# -- files we cannot use ------------------------------------------------------------------


def test_an_export_without_an_afk_bucket_lists_what_it_has(tmp_path: Path) -> None:
    path = write(tmp_path, export(window_bucket("desk"), web_bucket("desk")))
    message = fails(path)
    assert message == (
        f"{path}: no afk bucket (buckets found: aw-watcher-web-firefox_desk, "
        "aw-watcher-window_desk); was aw-watcher-afk running?"
    )
    assert SECRET_TITLE not in message


def test_an_export_with_no_buckets_at_all_says_so(tmp_path: Path) -> None:
    path = write(tmp_path, {"buckets": {}})
    assert fails(path) == f"{path}: no afk bucket (the export holds no buckets)"


def test_a_file_that_is_not_json_is_named_with_where_it_breaks(tmp_path: Path) -> None:
    path = tmp_path / "aw-buckets-export.json"
    text = json.dumps(export(afk_bucket(DESK, [afk_event(0, 20)])), indent=2)
    path.write_text(text[: len(text) // 2], encoding="utf-8")  # a download cut short
    message = fails(path)
    assert "not JSON (line " in message
    assert ", column " in message


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "the file is empty"),
        (b"\n  \n", "the file is empty"),
        (b'{\n"buckets": {"\xff": 1}}', "not UTF-8 text (a bad byte on line 2)"),
        (b"timestamp,duration,status\n", "not JSON (line 1, column 1: Expecting value)"),
    ],
)
def test_files_that_are_not_json_text_are_refused(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "export.json"
    path.write_bytes(content)
    assert fails(path) == f"{path}: {problem}"


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"
    assert fails(path) == f"{path}: cannot read the file: No such file or directory"


def test_a_byte_order_mark_does_not_stop_the_import(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    text = json.dumps(export(afk_bucket(DESK, [afk_event(0, 20)])))
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert read(path).bouts == [Bout(at(0), at(20), NATURAL)]


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ([afk_event(0, 20)], "found a list"),
        ({"buckets": []}, "buckets is a list"),
        ({DESK: afk_bucket(DESK, [])}, "no buckets"),  # GET /api/0/buckets/, not an export
        ({"buckets": {DESK: "afkstatus"}}, f"bucket {DESK} is a string, not an object"),
        ({"buckets": {DESK: {"type": "afkstatus"}}}, f"bucket {DESK} has no events"),
        (
            {"buckets": {DESK: {"type": "afkstatus", "events": {"0": {}}}}},
            f"bucket {DESK} has events that are an object, not a list",
        ),
    ],
)
def test_json_of_the_wrong_shape_is_refused_with_what_is_wrong(
    tmp_path: Path, document: object, problem: str
) -> None:
    message = fails(write(tmp_path, document))
    assert problem in message


def test_a_break_length_that_is_not_a_duration_is_a_programming_error(tmp_path: Path) -> None:
    path = write(tmp_path, export(afk_bucket(DESK, [afk_event(0, 20)])))
    with pytest.raises(ValueError, match="break_s"):
        read(path, break_s=-1.0)
    with pytest.raises(ValueError, match="break_s"):
        read(path, break_s=float("nan"))
