"""Reading trace files: every line a monitor can write becomes the right fact at the right
moment, and every broken line stops the read with a message that says where and what."""

from __future__ import annotations

import gzip
import json
import re
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glutewake.core.facts import Call, Input, Media, Session, SessionChange, Standing
from glutewake.traces.reader import TraceError, TraceLine, parse_line, parse_line_record, read_trace

WHERE = "week.jsonl:17"
T = "2026-11-02T08:47:12+01:00"
T_POSIX = datetime(2026, 11, 2, 7, 47, 12, tzinfo=UTC).timestamp()
R = TypeVar("R")
ALL_TYPES = ("input", "lock", "unlock", "suspend", "resume", "call", "media", "standing")


def line(**record: Any) -> str:
    return json.dumps(record)


def write_trace(path: Path, lines: list[str], *, newline: str = "\n") -> Path:
    data = "".join(text + newline for text in lines).encode("utf-8")
    path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)
    return path


def fails(raw: str, *fragments: str) -> str:
    """Parse `raw` expecting a TraceError that starts with WHERE and names every fragment."""
    with pytest.raises(TraceError) as caught:
        parse_line(raw, WHERE)
    message = str(caught.value)
    assert message.startswith(f"{WHERE}: "), message
    for fragment in fragments:
        assert fragment in message, message
    return message


# --- every kind of line -------------------------------------------------------------------


def test_input_line_keeps_every_count_and_its_moment() -> None:
    parsed = parse_line(line(t=T, type="input", keys=3, pointer=7, clicks=1, scrolls=2), WHERE)
    assert parsed.fact == Input(T_POSIX, keys=3, pointer=7, clicks=1, scrolls=2)
    assert parsed.zone.utcoffset(None) == timedelta(hours=1)


def test_input_line_with_missing_counts_reads_them_as_zero() -> None:
    parsed = parse_line(line(t=T, type="input", pointer=5), WHERE)
    assert parsed.fact == Input(T_POSIX, keys=0, pointer=5, clicks=0, scrolls=0)
    assert parsed.fact.pointer_only


@pytest.mark.parametrize(
    ("kind", "change"),
    [
        ("lock", SessionChange.LOCK),
        ("unlock", SessionChange.UNLOCK),
        ("suspend", SessionChange.SUSPEND),
        ("resume", SessionChange.RESUME),
    ],
)
def test_session_lines(kind: str, change: SessionChange) -> None:
    assert parse_line(line(t=T, type=kind), WHERE).fact == Session(T_POSIX, change)


@pytest.mark.parametrize(
    ("kind", "flag", "fact_type"),
    [("call", "active", Call), ("media", "playing", Media), ("standing", "active", Standing)],
)
@pytest.mark.parametrize("value", [True, False])
def test_flag_lines(kind: str, flag: str, fact_type: type, value: bool) -> None:
    parsed = parse_line(line(t=T, type=kind, **{flag: value}), WHERE)
    assert parsed.fact == fact_type(T_POSIX, value)


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("2026-11-02T08:47:12+01:00", datetime(2026, 11, 2, 7, 47, 12, tzinfo=UTC)),
        ("2026-07-01T08:00:00+02:00", datetime(2026, 7, 1, 6, 0, tzinfo=UTC)),
        ("2026-07-01T06:00:00Z", datetime(2026, 7, 1, 6, 0, tzinfo=UTC)),
        ("2026-07-01T06:00:00+00:00", datetime(2026, 7, 1, 6, 0, tzinfo=UTC)),
        ("2026-07-01T01:30:00-04:30", datetime(2026, 7, 1, 6, 0, tzinfo=UTC)),
        ("2026-07-01T06:00:00.750+00:00", datetime(2026, 7, 1, 6, 0, 0, 750000, tzinfo=UTC)),
    ],
)
def test_time_is_the_posix_moment_whatever_the_offset(text: str, utc: datetime) -> None:
    assert parse_line(line(t=text, type="lock"), WHERE).fact.t == utc.timestamp()


def test_parse_line_record_takes_a_decoded_record() -> None:
    parsed = parse_line_record({"t": T, "type": "call", "active": True}, "demo:3")
    assert parsed == TraceLine(Call(T_POSIX, True), timezone(timedelta(hours=1)))


def test_extra_keys_are_ignored() -> None:
    parsed = parse_line(line(t=T, type="lock", host="desk-7", note=[1, 2]), WHERE)
    assert parsed.fact == Session(T_POSIX, SessionChange.LOCK)


# --- whole files ------------------------------------------------------------------------------


def test_read_trace_reads_every_line_in_order(tmp_path: Path) -> None:
    path = write_trace(
        tmp_path / "day.jsonl",
        [
            line(t="2026-11-02T08:59:57+01:00", type="unlock"),
            line(t="2026-11-02T09:00:00+01:00", type="input", keys=2),
            line(t="2026-11-02T09:00:01+01:00", type="call", active=True),
            line(t="2026-11-02T09:30:00+01:00", type="call", active=False),
            line(t="2026-11-02T09:31:00+01:00", type="media", playing=True),
            line(t="2026-11-02T09:40:00+01:00", type="media", playing=False),
            line(t="2026-11-02T09:41:00+01:00", type="standing", active=True),
            line(t="2026-11-02T10:41:00+01:00", type="standing", active=False),
            line(t="2026-11-02T10:42:00+01:00", type="lock"),
            line(t="2026-11-02T12:00:00+01:00", type="suspend"),
            line(t="2026-11-02T12:45:00+01:00", type="resume"),
        ],
    )
    facts = [trace_line.fact for trace_line in read_trace(path)]
    at = datetime(2026, 11, 2, 8, 0, tzinfo=UTC).timestamp()  # 09:00 in Berlin
    assert facts == [
        Session(at - 3, SessionChange.UNLOCK),
        Input(at, keys=2),
        Call(at + 1, True),
        Call(at + 1800, False),
        Media(at + 1860, True),
        Media(at + 2400, False),
        Standing(at + 2460, True),
        Standing(at + 6060, False),
        Session(at + 6120, SessionChange.LOCK),
        Session(at + 3 * 3600, SessionChange.SUSPEND),
        Session(at + 3 * 3600 + 2700, SessionChange.RESUME),
    ]


SPRING_FORWARD = [  # Europe/Berlin, 29 March 2026: 02:00 +01:00 becomes 03:00 +02:00
    line(t="2026-03-29T01:59:58+01:00", type="input", keys=1),
    line(t="2026-03-29T01:59:59+01:00", type="input", keys=1),
    line(t="2026-03-29T03:00:00+02:00", type="input", keys=1),
    line(t="2026-03-29T03:00:01+02:00", type="lock"),
]
FALL_BACK = [  # Europe/Berlin, 25 October 2026: 03:00 +02:00 becomes 02:00 +01:00
    line(t="2026-10-25T02:59:59+02:00", type="input", keys=1),
    line(t="2026-10-25T02:00:00+01:00", type="input", keys=1),
    line(t="2026-10-25T02:00:01+01:00", type="lock"),
]


@pytest.mark.parametrize(
    ("lines", "first_utc", "offsets"),
    [
        (SPRING_FORWARD, datetime(2026, 3, 29, 0, 59, 58, tzinfo=UTC), [1, 1, 2, 2]),
        (FALL_BACK, datetime(2026, 10, 25, 0, 59, 59, tzinfo=UTC), [2, 1, 1]),
    ],
    ids=["spring-forward", "fall-back"],
)
def test_dst_change_mid_file_keeps_times_monotonic(
    tmp_path: Path, lines: list[str], first_utc: datetime, offsets: list[int]
) -> None:
    """Across a DST change local times jump; the moments must still be one second apart."""
    read = read_trace(write_trace(tmp_path / "dst.jsonl", lines))
    times = [trace_line.fact.t for trace_line in read]
    assert times == [first_utc.timestamp() + i for i in range(len(lines))]
    assert [trace_line.zone.utcoffset(None) for trace_line in read] == [
        timedelta(hours=h) for h in offsets
    ]


def test_blank_lines_are_skipped(tmp_path: Path) -> None:
    path = write_trace(
        tmp_path / "gaps.jsonl",
        ["", line(t=T, type="lock"), "   ", "\t", line(t=T, type="unlock"), ""],
    )
    assert [trace_line.fact for trace_line in read_trace(path)] == [
        Session(T_POSIX, SessionChange.LOCK),
        Session(T_POSIX, SessionChange.UNLOCK),
    ]


def test_blank_lines_still_count_for_line_numbers(tmp_path: Path) -> None:
    path = write_trace(
        tmp_path / "gaps.jsonl", [line(t=T, type="lock"), "", "  ", "{oops", line(t=T, type="x")]
    )
    with pytest.raises(TraceError, match=re.escape(f"{path}:4: not valid JSON")):
        read_trace(path)


def test_windows_line_endings_read_the_same(tmp_path: Path) -> None:
    lines = [line(t=T, type="input", keys=1), line(t=T, type="lock")]
    crlf = read_trace(write_trace(tmp_path / "crlf.jsonl", lines, newline="\r\n"))
    assert crlf == read_trace(write_trace(tmp_path / "lf.jsonl", lines))


def test_gzipped_and_plain_traces_read_the_same(tmp_path: Path) -> None:
    lines = [*SPRING_FORWARD, line(t="2026-03-29T09:00:00+02:00", type="media", playing=True)]
    plain = read_trace(write_trace(tmp_path / "t.jsonl", lines))
    packed = read_trace(write_trace(tmp_path / "t.jsonl.gz", lines))
    assert packed == plain
    assert len(plain) == len(lines)


def test_an_empty_trace_has_no_facts(tmp_path: Path) -> None:
    assert read_trace(write_trace(tmp_path / "empty.jsonl", [])) == []


def test_equal_times_are_in_order(tmp_path: Path) -> None:
    path = write_trace(
        tmp_path / "same.jsonl", [line(t=T, type="input", keys=1), line(t=T, type="lock")]
    )
    assert len(read_trace(path)) == 2


# --- malformed lines --------------------------------------------------------------------------


def test_bad_json() -> None:
    fails('{"t": "2026-11-02T08:47:12+01:00", "type": "lock"', "not valid JSON", "column")


@pytest.mark.parametrize(
    ("raw", "got"),
    [("[1, 2]", "list"), ('"lock"', "str"), ("42", "int"), ("null", "NoneType")],
)
def test_not_an_object(raw: str, got: str) -> None:
    fails(raw, "expected a JSON object", got)


def test_missing_t() -> None:
    fails(line(type="lock"), "missing 't'", "UTC offset")


@pytest.mark.parametrize("value", [1762069632, None, ["2026-11-02"], True])
def test_t_that_is_not_text(value: object) -> None:
    fails(line(t=value, type="lock"), "missing 't'")


@pytest.mark.parametrize("value", ["2026-11-02T08:47:12", "2026-11-02"])
def test_t_without_offset(value: str) -> None:
    fails(line(t=value, type="lock"), repr(value), "no UTC offset", "+01:00")


@pytest.mark.parametrize(
    "value", ["yesterday", "", "2026-13-02T08:47:12+01:00", "2026-11-02 8:47+01:00", "08:47:12"]
)
def test_t_not_iso(value: str) -> None:
    fails(line(t=value, type="lock"), repr(value), "not an ISO 8601 time")


@pytest.mark.parametrize("kind", ["keyboard", "LOCK", "", None, 3, ["lock"]])
def test_unknown_type_lists_the_allowed_ones(kind: object) -> None:
    record: dict[str, object] = {"t": T}
    if kind is not None:
        record["type"] = kind
    message = fails(json.dumps(record), "unknown type", repr(kind))
    allowed = message.split("allowed:", 1)[1]
    assert [name.strip() for name in allowed.split(",")] == list(ALL_TYPES)


@pytest.mark.parametrize("key", ["keys", "pointer", "clicks", "scrolls"])
@pytest.mark.parametrize("value", [-1, True, False, "3", 2.5, 3.0, None, [1]])
def test_bad_counts(key: str, value: object) -> None:
    record = {"t": T, "type": "input", "keys": 1, key: value}
    fails(json.dumps(record), repr(key), "whole number", "0 or more", repr(value))


def test_input_line_with_no_events() -> None:
    fails(
        line(t=T, type="input", keys=0, pointer=0, clicks=0, scrolls=0),
        "at least one event",
    )
    fails(line(t=T, type="input"), "at least one event")


@pytest.mark.parametrize(
    ("kind", "flag"), [("call", "active"), ("media", "playing"), ("standing", "active")]
)
@pytest.mark.parametrize("value", [1, 0, "true", None])
def test_flag_not_a_bool(kind: str, flag: str, value: object) -> None:
    fails(line(t=T, type=kind, **{flag: value}), repr(kind), repr(flag), "true or false")


@pytest.mark.parametrize(("kind", "wrong"), [("call", "playing"), ("media", "active")])
def test_flag_under_the_wrong_name(kind: str, wrong: str) -> None:
    fails(line(t=T, type=kind, **{wrong: True}), "true or false", "None")


def test_line_earlier_than_the_one_before(tmp_path: Path) -> None:
    path = write_trace(
        tmp_path / "jumbled.jsonl",
        [
            line(t="2026-11-02T09:00:00+01:00", type="input", keys=1),
            line(t="2026-11-02T09:00:05+01:00", type="input", keys=1),
            line(t="2026-11-02T09:00:04+01:00", type="input", keys=1),
        ],
    )
    with pytest.raises(TraceError, match=re.escape(f"{path}:3: this line is earlier")):
        read_trace(path)


def test_offset_change_that_goes_back_in_time_is_refused(tmp_path: Path) -> None:
    """Same local time, later offset: one hour earlier in reality."""
    path = write_trace(
        tmp_path / "jumbled.jsonl",
        [
            line(t="2026-10-25T02:30:00+01:00", type="lock"),
            line(t="2026-10-25T02:30:00+02:00", type="unlock"),
        ],
    )
    with pytest.raises(TraceError, match=re.escape(f"{path}:2: this line is earlier")):
        read_trace(path)


def test_bad_line_in_a_file_names_file_and_line(tmp_path: Path) -> None:
    path = write_trace(
        tmp_path / "day.jsonl",
        [line(t=T, type="lock"), line(t=T, type="unlock"), line(t=T, type="input", keys=-2)],
    )
    with pytest.raises(TraceError, match=re.escape(f"{path}:3: 'keys' must be")):
        read_trace(path)


def test_gzipped_bad_line_names_the_gz_file_and_line(tmp_path: Path) -> None:
    path = write_trace(tmp_path / "day.jsonl.gz", [line(t=T, type="lock"), line(t="noon")])
    with pytest.raises(TraceError, match=re.escape(f"{path}:2: 't' = 'noon'")):
        read_trace(path)


def test_non_utf8_bytes(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(
        '{"t": "2026-11-02T08:47:12+01:00", "type": "lock", "who": "Jürgen"}\n'.encode("latin-1")
    )
    with pytest.raises(TraceError, match=re.escape(f"{path}:1: not UTF-8 text")):
        read_trace(path)


def test_non_utf8_bytes_name_the_line_that_holds_them(tmp_path: Path) -> None:
    good = line(t=T, type="lock").encode()
    bad = b'{"t": "2026-11-02T08:47:12+01:00", "type": "lock", "who": "J\xfcrgen"}'
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b"\n".join([good, good, bad, good]) + b"\n")
    with pytest.raises(TraceError, match=re.escape(f"{path}:3: not UTF-8 text")):
        read_trace(path)


def test_truncated_gz(tmp_path: Path) -> None:
    full = gzip.compress(
        "".join(line(t=T, type="input", keys=n + 1) + "\n" for n in range(500)).encode()
    )
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(full[: len(full) // 2])
    with pytest.raises(TraceError, match=re.escape(f"{path}: the compressed trace ends early")):
        read_trace(path)


def test_plain_text_named_gz(tmp_path: Path) -> None:
    path = tmp_path / "day.jsonl.gz"
    path.write_text(line(t=T, type="lock") + "\n")
    with pytest.raises(TraceError, match=re.escape(f"{path}: cannot read the trace")):
        read_trace(path)


def test_corrupt_gz(tmp_path: Path) -> None:
    packed = bytearray(gzip.compress((line(t=T, type="lock") + "\n").encode() * 50))
    packed[12] = 0xFF  # inside the deflate stream, after the 10-byte gzip header
    path = tmp_path / "corrupt.jsonl.gz"
    path.write_bytes(bytes(packed))
    with pytest.raises(TraceError, match=re.escape(f"{path}:")):
        read_trace(path)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.jsonl"
    with pytest.raises(TraceError, match=re.escape(f"{path}: cannot read the trace")):
        read_trace(path)


def test_a_directory_is_not_a_trace(tmp_path: Path) -> None:
    with pytest.raises(TraceError, match=re.escape(f"{tmp_path}: cannot read the trace")):
        read_trace(tmp_path)


def test_deeply_nested_json_is_a_trace_error() -> None:
    fails("[" * 100_000 + "]" * 100_000, "not valid JSON")


# --- fuzzing ----------------------------------------------------------------------------------

OFFSETS = st.integers(-(18 * 60 - 1), 18 * 60 - 1).map(lambda m: timezone(timedelta(minutes=m)))
MOMENTS = st.builds(
    lambda when, zone, sep: when.replace(tzinfo=zone).isoformat(sep),
    st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1)),
    OFFSETS,
    st.sampled_from(["T", " "]),
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=6,
)
TYPES = st.sampled_from([*ALL_TYPES, "Input", "LOCK", "", "away", "keys"]) | JSON_VALUES
COUNTS = st.integers(-2, 50) | st.integers() | JSON_VALUES
FLAGS = st.booleans() | JSON_VALUES
PLAUSIBLE = {
    "t": MOMENTS | st.text(max_size=30) | JSON_VALUES,
    "type": TYPES,
    "keys": COUNTS,
    "pointer": COUNTS,
    "clicks": COUNTS,
    "scrolls": COUNTS,
    "active": FLAGS,
    "playing": FLAGS,
}
NEARLY_VALID = st.fixed_dictionaries(
    {"t": MOMENTS, "type": st.sampled_from(ALL_TYPES)},
    optional={
        **{key: st.integers(0, 20) for key in ("keys", "pointer", "clicks", "scrolls")},
        "active": FLAGS,
        "playing": FLAGS,
    },
)
RECORDS = st.fixed_dictionaries({}, optional=PLAUSIBLE) | NEARLY_VALID


def check_parsed(record: dict[str, Any], parsed: TraceLine) -> None:
    """A line that parsed must say what the record said, at the moment it named."""
    when = datetime.fromisoformat(record["t"])
    assert parsed.fact.t == when.timestamp()
    assert parsed.zone.utcoffset(None) == when.utcoffset()
    kind = record["type"]
    fact = parsed.fact
    if kind == "input":
        assert isinstance(fact, Input)
        counts = [record.get(key, 0) for key in ("keys", "pointer", "clicks", "scrolls")]
        assert [fact.keys, fact.pointer, fact.clicks, fact.scrolls] == counts
        assert fact.events > 0
    elif kind in ("lock", "unlock", "suspend", "resume"):
        assert fact == Session(fact.t, SessionChange(kind))
    elif kind == "media":
        assert fact == Media(fact.t, record["playing"])
    elif kind == "call":
        assert fact == Call(fact.t, record["active"])
    else:
        assert kind == "standing"
        assert fact == Standing(fact.t, record["active"])


def parse_or_message(parse: Callable[[], R]) -> R | str:
    """What `parse` returns, or the message of the TraceError it raises; anything else escapes."""
    try:
        return parse()
    except TraceError as exc:
        return str(exc)


@given(RECORDS)
def test_fuzz_records_parse_or_raise_trace_error(record: dict[str, Any]) -> None:
    for parse in (
        lambda: parse_line(json.dumps(record), WHERE),
        lambda: parse_line_record(record, WHERE),
    ):
        outcome = parse_or_message(parse)
        if isinstance(outcome, str):
            assert outcome.startswith(f"{WHERE}: ")
        else:
            check_parsed(record, outcome)


@given(
    st.text()
    | st.tuples(RECORDS.map(json.dumps), st.integers(0, 120)).map(lambda pair: pair[0][: pair[1]])
)
def test_fuzz_text_lines_parse_or_raise_trace_error(raw: str) -> None:
    outcome = parse_or_message(lambda: parse_line(raw, WHERE))
    if isinstance(outcome, str):
        assert outcome.startswith(f"{WHERE}: ")
    else:
        check_parsed(json.loads(raw), outcome)


@given(st.lists(st.binary(max_size=60) | RECORDS.map(lambda r: json.dumps(r).encode()), max_size=8))
def test_fuzz_file_bytes_read_or_raise_trace_error(chunks: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.jsonl"
        path.write_bytes(b"\n".join(chunks))
        outcome = parse_or_message(lambda: read_trace(path))
        if isinstance(outcome, str):
            assert outcome.startswith(f"{path}")
        else:
            times = [trace_line.fact.t for trace_line in outcome]
            assert times == sorted(times)
