"""Reading activity trace files (JSON lines, optionally gzipped) into facts.

A trace holds exactly what the live monitors produce, so replaying one exercises the same
core as the tray app. A malformed line stops the read with its line number: guessing at a
broken trace would silently change the bouts it reports.
"""

from __future__ import annotations

import gzip
import json
import math
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, BinaryIO, cast

from glutewake.core.facts import Call, Fact, Input, Media, Session, SessionChange, Standing

_COUNT_KEYS = ("keys", "pointer", "clicks", "scrolls")
_SESSION_TYPES = {change.value: change for change in SessionChange}
_FLAG_TYPES: dict[str, tuple[str, type[Call | Media | Standing]]] = {
    "call": ("active", Call),
    "media": ("playing", Media),
    "standing": ("active", Standing),
}


class TraceError(ValueError):
    """A trace file that cannot be read as facts; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class TraceLine:
    """One fact with the UTC offset its line was written in (traces cross DST changes)."""

    fact: Fact
    zone: tzinfo


def read_trace(path: Path) -> list[TraceLine]:
    """Read a whole `.jsonl` or `.jsonl.gz` trace, oldest first, or raise TraceError."""
    try:
        with _open_bytes(path) as stream:
            data = stream.read()
    except OSError as exc:  # missing file, permissions, or a gzip stream that is not gzip
        raise TraceError(f"{path}: cannot read the trace: {exc.strerror or exc}") from exc
    except EOFError as exc:
        raise TraceError(f"{path}: the compressed trace ends early (truncated file?)") from exc
    except zlib.error as exc:
        raise TraceError(f"{path}: the compressed trace is damaged ({exc})") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        number = data.count(b"\n", 0, exc.start) + 1  # report the line that holds the bad byte
        raise TraceError(f"{path}:{number}: not UTF-8 text ({exc.reason})") from exc
    return list(_parse_lines(text.split("\n"), path))


def _open_bytes(path: Path) -> BinaryIO:
    if path.suffix == ".gz":
        return cast(BinaryIO, gzip.open(path, "rb"))
    return path.open("rb")


def _parse_lines(raw_lines: list[str], path: Path) -> Iterator[TraceLine]:
    previous = -math.inf
    name = str(path)
    for number, raw in enumerate(raw_lines, start=1):
        if not raw.strip():
            continue
        line = parse_line(raw, f"{name}:{number}")
        if line.fact.t < previous:
            raise TraceError(
                f"{path}:{number}: this line is earlier than the one before it; "
                "traces must be oldest first"
            )
        previous = line.fact.t
        yield line


def parse_line(raw: str, where: str) -> TraceLine:
    """Parse one JSON line into a fact; `where` ("file:line") prefixes every error."""
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise TraceError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from exc
    except RecursionError as exc:
        raise TraceError(f"{where}: not valid JSON (nested too deeply)") from exc
    return parse_line_record(record, where)


def parse_line_record(record: object, where: str) -> TraceLine:
    """Turn one decoded trace record into a fact, or raise TraceError naming `where`."""
    if not isinstance(record, dict):
        raise TraceError(f"{where}: expected a JSON object, got {type(record).__name__}")
    when = _moment(record, where)
    t = when.timestamp()
    zone = when.tzinfo
    assert zone is not None  # _moment insists on an offset
    kind = record.get("type")
    if kind == "input":
        get = record.get
        keys, pointer, clicks, scrolls = (
            get("keys", 0),
            get("pointer", 0),
            get("clicks", 0),
            get("scrolls", 0),
        )
        if not (
            type(keys) is int
            and type(pointer) is int
            and type(clicks) is int
            and type(scrolls) is int
            and min(keys, pointer, clicks, scrolls) >= 0
        ):
            keys, pointer, clicks, scrolls = (_count(record, key, where) for key in _COUNT_KEYS)
        if keys + pointer + clicks + scrolls == 0:
            raise TraceError(
                f"{where}: an input line needs at least one event "
                "(keys, pointer, clicks or scrolls above 0)"
            )
        return TraceLine(Input(t, keys, pointer, clicks, scrolls), zone)
    if isinstance(kind, str) and kind in _SESSION_TYPES:
        return TraceLine(Session(t, _SESSION_TYPES[kind]), zone)
    if isinstance(kind, str) and kind in _FLAG_TYPES:
        flag, fact_type = _FLAG_TYPES[kind]
        value = record.get(flag)
        if not isinstance(value, bool):
            raise TraceError(
                f"{where}: a {kind!r} line needs {flag!r} true or false, got {value!r}"
            )
        return TraceLine(fact_type(t, value), zone)
    allowed = ", ".join(["input", *_SESSION_TYPES, *_FLAG_TYPES])
    raise TraceError(f"{where}: unknown type {kind!r}; allowed: {allowed}")


def _moment(record: dict[str, Any], where: str) -> datetime:
    text = record.get("t")
    if not isinstance(text, str):
        raise TraceError(f"{where}: missing 't' (an ISO 8601 time with its UTC offset)")
    try:
        when = datetime.fromisoformat(text)
    except ValueError as exc:
        raise TraceError(f"{where}: 't' = {text!r} is not an ISO 8601 time") from exc
    if when.tzinfo is None:
        raise TraceError(f"{where}: 't' = {text!r} has no UTC offset; add one, e.g. +01:00")
    return when


def _count(record: dict[str, Any], key: str, where: str) -> int:
    value = record.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise TraceError(
            f"{where}: {key!r} must be a whole number of events, 0 or more; got {value!r}"
        )
    return value
