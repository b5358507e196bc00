"""Reading the AFK data of an ActivityWatch export as sitting bouts, to backfill the history.

The file: ActivityWatch's web UI ("Raw Data" > "Export all buckets as JSON", or the export
of one bucket), `GET /api/0/export` and `GET /api/0/buckets/<id>/export` all write one JSON
object, `{"buckets": {"<bucket id>": {...}, ...}}` (a one-bucket export has the
same wrapper). Each bucket has `type`, `client`, `hostname`, `created` and an `events` list;
an event is `{"timestamp": ISO 8601, "duration": seconds, "data": {...}}`, with an `id` from
some servers and not others. aw-server-python writes timestamps like
`2024-03-01T08:00:00.123000+00:00`, aw-server-rust `2024-03-01T08:00:00.123Z` (up to
nanoseconds, which we cut to microseconds). A timestamp without an offset is read as UTC, as
ActivityWatch itself does; an event without a duration lasts 0 s, also as it does. We take
events in any order and let them overlap.

AFK buckets are the ones of type `afkstatus` (aw-watcher-afk writes one per host, id
`aw-watcher-afk_<hostname>`); only their events whose `data.status` is `"not-afk"` are
sitting. Several hosts' AFK buckets are united: at either desk is at a desk.

Privacy: an export also holds every window title and URL the user visited. We look at other
buckets' ids and types only, never at their events; from AFK events we read the timestamp,
the duration and the status, nothing else. Nothing we return, log or raise holds event
data: messages name the file, the bucket id and the event's position in its bucket's
`events` list (counting from 0, like `.events[12]` in jq). The file is only read.

Which problems stop the import: a file that cannot be read, is not JSON, is not shaped like
an export, has no AFK bucket, or has an AFK bucket without an events list; nothing in it can
be trusted, so we import nothing. One malformed event (no timestamp, a bad duration, no
status) is skipped, counted and logged instead: ActivityWatch wrote the file and a re-export
would hold the same event, so failing would make the user's history impossible to import
for one bad record out of many. If no event of the AFK buckets is readable at all, the file
is not what we think it is, and that stops the import too.

aw-watcher-afk's default timeout is 180 s (its `config.py`; the ActivityWatch docs say "at
least 3 minutes"). We do not trim the end of not-afk spans: the watcher back-dates the
change to AFK to the last input, so a span already ends at the last input, not 3 minutes
later. The timeout does hide quiet spells under 3 minutes inside a span, so breaks from
`break_s` (1 minute by default) up to 3 minutes are missing from the export, and imported
bouts can run longer than live ones would have; nothing in the file can recover them.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from glutewake.core.models import Bout
from glutewake.core.presence import bouts_from_afk_events, check_break

log = logging.getLogger("glutewake.activitywatch")

AFK_BUCKET_TYPE = "afkstatus"
SITTING_STATUS = "not-afk"
_LOGGED_PROBLEMS = 5  # log the first few skipped events, then a count
_LISTED_BUCKETS = 10  # bucket ids named in "no afk bucket"


class ActivityWatchError(ValueError):
    """An export we cannot import; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class AfkImport:
    """What an export's AFK buckets say about sitting."""

    bouts: list[Bout]
    """Sitting bouts, oldest first, non-overlapping, each ended by a natural break."""
    buckets: tuple[str, ...]
    """The ids of the AFK buckets read, sorted."""
    events: int
    """Not-afk events read."""
    skipped: int
    """Malformed AFK events skipped (see the module docstring for why they do not stop us)."""


class _Malformed(Exception):
    """One event we cannot read; the message says what is wrong, never what it holds."""


def read_afk_export(path: Path, *, break_s: float) -> AfkImport:
    """Read an ActivityWatch export's AFK buckets as sitting bouts, or raise ActivityWatchError.

    Not-afk spans closer than `break_s` join into one bout; a gap of `break_s` or more is a
    break and ends it.
    """
    check_break(break_s)
    document = _load(path)
    afk_buckets = _afk_buckets(document, path)
    spans: list[tuple[float, float]] = []
    readable = 0
    problems: list[str] = []
    for bucket_id, bucket in afk_buckets:
        events = bucket.get("events")
        if events is None:
            raise ActivityWatchError(
                f"{path}: bucket {bucket_id} has no events (a bucket listing, not an export?)"
            )
        if not isinstance(events, list):
            raise ActivityWatchError(
                f"{path}: bucket {bucket_id} has events that are {_kind(events)}, not a list"
            )
        for index, event in enumerate(events):
            try:
                span = _sitting_span(event)
            except _Malformed as exc:
                problems.append(f"event {index} in bucket {bucket_id} {exc}")
                continue
            readable += 1
            if span is not None:
                spans.append(span)
    if problems and not readable:
        raise ActivityWatchError(
            f"{path}: no AFK event could be read ({len(problems)} malformed; the first: "
            f"{problems[0]})"
        )
    for problem in problems[:_LOGGED_PROBLEMS]:
        log.warning("%s: %s; skipped", path, problem)
    if len(problems) > _LOGGED_PROBLEMS:
        log.warning(
            "%s: %d more malformed AFK events skipped", path, len(problems) - _LOGGED_PROBLEMS
        )
    return AfkImport(
        bouts=bouts_from_afk_events(spans, break_s=break_s),
        buckets=tuple(sorted(bucket_id for bucket_id, _ in afk_buckets)),
        events=len(spans),
        skipped=len(problems),
    )


def _load(path: Path) -> object:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ActivityWatchError(f"{path}: cannot read the file: {exc.strerror or exc}") from exc
    if not data.strip():
        raise ActivityWatchError(f"{path}: the file is empty")
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark from a Windows editor is harmless
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ActivityWatchError(f"{path}: not UTF-8 text (a bad byte on line {line})") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ActivityWatchError(
            f"{path}: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    except RecursionError as exc:
        raise ActivityWatchError(f"{path}: not JSON we can read (nested too deeply)") from exc


def _afk_buckets(document: object, path: Path) -> list[tuple[str, dict[str, Any]]]:
    shape = 'expected {"buckets": {...}} as ActivityWatch exports it'
    if not isinstance(document, dict):
        raise ActivityWatchError(
            f"{path}: not an ActivityWatch export ({shape}; found {_kind(document)})"
        )
    buckets = document.get("buckets")
    if not isinstance(buckets, dict):
        found = "no buckets" if buckets is None else f"buckets is {_kind(buckets)}"
        raise ActivityWatchError(f"{path}: not an ActivityWatch export ({shape}; {found})")
    afk: list[tuple[str, dict[str, Any]]] = []
    for bucket_id, bucket in buckets.items():
        if not isinstance(bucket, dict):
            raise ActivityWatchError(
                f"{path}: bucket {bucket_id} is {_kind(bucket)}, not an object"
            )
        if bucket.get("type") == AFK_BUCKET_TYPE:
            afk.append((bucket_id, bucket))
    if not afk:
        if not buckets:
            raise ActivityWatchError(f"{path}: no afk bucket (the export holds no buckets)")
        names = sorted(buckets)
        listed = ", ".join(names[:_LISTED_BUCKETS])
        if len(names) > _LISTED_BUCKETS:
            listed += f" and {len(names) - _LISTED_BUCKETS} more"
        raise ActivityWatchError(
            f"{path}: no afk bucket (buckets found: {listed}); was aw-watcher-afk running?"
        )
    return afk


def _sitting_span(event: object) -> tuple[float, float] | None:
    """The not-afk span of one AFK event, None for any other status, or raise _Malformed."""
    if not isinstance(event, dict):
        raise _Malformed(f"is {_kind(event)}, not an object")
    data = event.get("data")
    status = data.get("status") if isinstance(data, dict) else None
    if not isinstance(status, str):
        raise _Malformed("has no afk status")
    if status != SITTING_STATUS:
        return None
    start = _moment(event.get("timestamp"))
    end = start + _seconds(event.get("duration", 0.0))
    if not math.isfinite(end):
        raise _Malformed("has a duration out of range")
    return (start, end)


def _moment(value: object) -> float:
    if value is None:
        raise _Malformed("has no timestamp")
    if not isinstance(value, str):
        raise _Malformed("has a timestamp that is not text")
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise _Malformed("has a timestamp that is not an ISO 8601 time") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)  # ActivityWatch reads an offset-less time as UTC
    try:
        return when.timestamp()
    except (OverflowError, ValueError, OSError):
        raise _Malformed("has a timestamp out of range") from None


def _seconds(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Malformed("has a duration that is not a number of seconds")
    try:
        seconds = float(value)
    except OverflowError:
        raise _Malformed("has a duration out of range") from None
    if not math.isfinite(seconds) or seconds < 0:
        raise _Malformed("has a duration that is negative or not finite")
    return seconds


def _kind(value: object) -> str:
    """What kind of JSON value this is ("a list"), for messages that must not quote it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"
