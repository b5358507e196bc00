"""A notification service that goes away mid-session: the user still gets the prompt, and is told.

The app starts with dunst answering on the session bus, so it notifies over D-Bus. Then dunst
dies. The next prompt cannot be shown there: the app must move to the next way of notifying
(a tray message, since plyer needs the same service), show the prompt there, and say in the
tray what happened, instead of only writing it to its log.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
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

pytestmark = pytest.mark.skipif(bool(missing_tools()), reason=f"missing {missing_tools()}")


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Desktop]:
    # A bus that starts nothing on its own: once dunst is gone, no notification service is.
    with desktop(tmp_path, activation=False) as d:
        yield d


@pytest.mark.timeout(300)
def test_a_prompt_that_dbus_cannot_show_comes_as_a_tray_message_and_the_tray_says_why(
    session: Desktop,
) -> None:
    data = session.folder / "glutewake-data"
    data.mkdir()
    (data / "welcome-seen").touch(mode=0o600)
    app = session.spawn(
        sys.executable,
        "-m",
        "glutewake",
        "--data-dir",
        str(data),
        "--interval",
        "1",
        log_name="glutewake",
    )
    try:
        wait_for(lambda: app_status(data, session.env).get("running") is True, 30, "the app")
        assert "notifications: dbus" in str(app_status(data, session.env)["sources"])

        (dunst,) = [p for p in session.processes if Path(str(p.args[0])).name == "dunst"]
        dunst.terminate()
        dunst.wait(10)

        type_until(
            session,
            lambda: "tray" in str(app_status(data, session.env)["sources"]),
            150,
            "the app to move to tray messages once D-Bus could not show the prompt",
        )
        sources = str(app_status(data, session.env)["sources"])
        assert "dbus failed" in sources, sources
        assert "prompts now come as tray notifications" in sources, sources
        log = (data / "glutewake.log").read_text(encoding="utf-8")
        assert "prompted after" in log
        assert "prompts now come as tray notifications" in log
        session.screenshot(session.folder / "tray-message.png")
    finally:
        app.terminate()
        assert app.wait(15) == 0, "glutewake did not quit cleanly on SIGTERM"
