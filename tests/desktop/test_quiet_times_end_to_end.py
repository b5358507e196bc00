"""Quiet times with the whole app: a fullscreen window holds a due prompt, and closing it brings
exactly one catch-up notification in dunst. Real Xvfb, real xdotool input, real dunst."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.desktop.desktop_session import Desktop, desktop, missing_tools, wait_for
from tests.desktop.other_windows import Window

pytestmark = pytest.mark.skipif(bool(missing_tools()), reason=f"missing {missing_tools()}")


def status(session: Desktop, data: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-m", "glutewake", "--data-dir", str(data), "status", "--json"],
        env=session.env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    ).stdout
    try:
        found = json.loads(out or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def notifications_seen(session: Desktop) -> int:
    """On screen now plus closed ones: every notification dunst has been given."""
    history = json.loads(session.run("dunstctl", "history"))
    return session.displayed() + len(history["data"][0])


def test_a_fullscreen_window_holds_the_prompt_and_closing_it_brings_one(
    tmp_path: Path,
) -> None:
    with desktop(tmp_path) as session:
        data = tmp_path / "glutewake-data"
        data.mkdir()
        (data / "welcome-seen").touch()
        session.spawn(
            sys.executable,
            "-m",
            "glutewake",
            "--data-dir",
            str(data),
            "--interval",
            "1",
            log_name="glutewake",
        )
        wait_for(lambda: status(session, data).get("running") is True, 30, "the app to start")
        film = Window(session, "fullscreen", "A presentation")
        session.run("xdotool", "windowfocus", "--sync", film.id)

        # Work on in the fullscreen window until the prompt is overdue and held.
        start = time.monotonic()
        while status(session, data).get("hold") != "fullscreen window" or (
            float(status(session, data).get("sitting_s") or 0) < 75
        ):
            assert time.monotonic() - start < 150, f"no hold: {status(session, data)}"
            session.run("xdotool", "type", "--delay", "40", "slides")
            time.sleep(2)  # the typing rhythm, not a wait for an outcome
        assert notifications_seen(session) == 0, "a prompt popped up over the fullscreen window"
        assert "holding: fullscreen window" in str(status(session, data).get("headline"))

        film.close()
        wait_for(lambda: session.displayed() == 1, 15, "the catch-up prompt")
        assert notifications_seen(session) == 1
        after = status(session, data)
        assert after.get("hold") is None
        # The next prompt is a repeat, a quarter of an hour away: no burst of missed ones.
        assert float(after.get("next_prompt_in_s") or 0) > 13 * 60
