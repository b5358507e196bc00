"""Quiet times with the whole app: a fullscreen window holds a due prompt, and closing it brings
exactly one catch-up notification in dunst. Real Xvfb, real xdotool input, real dunst."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.desktop.desktop_session import (
    Desktop,
    app_status,
    desktop,
    missing_tools,
    type_until,
    wait_for,
)
from tests.desktop.other_windows import Window

pytestmark = pytest.mark.skipif(bool(missing_tools()), reason=f"missing {missing_tools()}")


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
        wait_for(
            lambda: app_status(data, session.env).get("running") is True, 30, "the app to start"
        )
        film = Window(session, "fullscreen", "A presentation")
        session.run("xdotool", "windowfocus", "--sync", film.id)

        # Work on in the fullscreen window until the prompt is overdue and held.
        def held() -> bool:
            now = app_status(data, session.env)
            return (
                now.get("hold") == "fullscreen window"
                and float(str(now.get("sitting_s") or 0)) >= 75
            )

        type_until(session, held, 150, "hold of an overdue prompt")
        assert notifications_seen(session) == 0, "a prompt popped up over the fullscreen window"
        assert "holding: fullscreen window" in str(app_status(data, session.env).get("headline"))

        film.close()
        wait_for(lambda: session.displayed() == 1, 15, "the catch-up prompt")
        assert notifications_seen(session) == 1
        after = app_status(data, session.env)
        assert after.get("hold") is None
        # The next prompt is a repeat, a quarter of an hour away: no burst of missed ones.
        assert float(after.get("next_prompt_in_s") or 0) > 13 * 60
