"""A crash mid-bout on a real desktop: the history keeps the bout, and a quick restart goes on
with it instead of starting the user's sitting from zero."""

from __future__ import annotations

import signal
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from tests.desktop.desktop_session import (
    app_status,
    desktop,
    missing_tools,
    type_until,
    wait_for,
)

pytestmark = pytest.mark.skipif(bool(missing_tools()), reason=f"missing {missing_tools()}")


def open_bout(data: Path) -> tuple[float, float] | None:
    path = data / "history.sqlite3"
    if not path.exists():
        return None
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            row = db.execute('SELECT start, "end" FROM open_bout').fetchone()
    except sqlite3.OperationalError:
        return None  # not created yet
    return None if row is None else (float(row[0]), float(row[1]))


def test_a_restart_after_a_crash_carries_the_bout_on(tmp_path: Path) -> None:
    with desktop(tmp_path) as session:
        data = tmp_path / "glutewake-data"
        data.mkdir()
        (data / "welcome-seen").touch()
        app = ("-m", "glutewake", "--data-dir", str(data), "--interval", "240")
        first = session.spawn(sys.executable, *app, log_name="first-run")
        wait_for(
            lambda: app_status(data, session.env).get("running") is True, 30, "the app to start"
        )
        # The bout in progress reaches the file with the first flush, a minute in.
        type_until(session, lambda: open_bout(data) is not None, 100, "bout in the history")
        typing_until = time.monotonic() + 20  # work on a little past the write, then crash
        type_until(session, lambda: time.monotonic() >= typing_until, 30, "end of typing")
        killed_at = time.time()
        first.send_signal(signal.SIGKILL)  # no quit, no final flush: a crash
        first.wait(10)
        saved = open_bout(data)
        assert saved is not None
        # At most the last minute is lost: the bout on disk runs to within a minute (and the
        # typing rhythm) of the crash.
        assert killed_at - saved[1] <= 60 + 3
        with sqlite3.connect(f"file:{data / 'history.sqlite3'}?mode=ro", uri=True) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

        session.spawn(sys.executable, *app, log_name="second-run")
        wait_for(lambda: app_status(data, session.env).get("running") is True, 30, "the restart")
        type_until(
            session,
            lambda: app_status(data, session.env).get("state") == "sitting",
            30,
            "sitting after the restart",
        )
        sitting_s = app_status(data, session.env).get("sitting_s")
        assert isinstance(sitting_s, float | int)
        # Sitting counts from the bout the crash interrupted, not from the restart.
        assert sitting_s >= time.time() - saved[0] - 10
        assert sitting_s > 60
