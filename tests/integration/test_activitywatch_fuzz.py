"""Whatever an ActivityWatch export file holds, the import either reads bouts or stops with
ActivityWatchError naming the file: never another exception, never a bout that ends before
it starts, never a change to the file."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glutewake.store.activitywatch import ActivityWatchError, read_afk_export

JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
STAMPS = st.sampled_from(
    ["2026-03-02T08:00:00+00:00", "2026-03-02T09:00:00Z", "2026-03-02T10:00:00", "nope", "", 7]
)
EVENT = st.fixed_dictionaries(
    {},
    optional={
        "timestamp": STAMPS,
        "duration": st.one_of(st.floats(allow_nan=True), st.integers(), st.text(max_size=4)),
        "data": st.one_of(
            st.fixed_dictionaries({"status": st.sampled_from(["afk", "not-afk", "x", 3])}),
            JSONISH,
        ),
    },
)
EXPORTS = (
    st.fixed_dictionaries(
        {
            "buckets": st.dictionaries(
                st.sampled_from(["aw-watcher-afk_a", "aw-watcher-afk_b", "aw-watcher-window_a"]),
                st.fixed_dictionaries(
                    {"type": st.sampled_from(["afkstatus", "currentwindow", 5])},
                    optional={"events": st.lists(EVENT, max_size=6) | JSONISH},
                ),
                max_size=3,
            )
        }
    )
    | JSONISH
)


def _check(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.json"
        path.write_bytes(raw)
        refusal = ""
        try:
            found = read_afk_export(path, break_s=60.0)
        except ActivityWatchError as exc:
            refusal = str(exc)
        if refusal:
            assert "export.json" in refusal  # the message names the file
        else:
            for bout in found.bouts:
                assert bout.end > bout.start
            starts = [b.start for b in found.bouts]
            assert starts == sorted(starts)
        assert path.read_bytes() == raw


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(EXPORTS)
def test_any_json_shape_is_read_or_refused_by_name(export: object) -> None:
    _check(json.dumps(export).encode())


@settings(max_examples=200)
@given(st.binary(max_size=200))
def test_any_bytes_are_read_or_refused_by_name(raw: bytes) -> None:
    _check(raw)
