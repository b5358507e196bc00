"""The tray's charts in a process of their own, on a real X display, from the whole app.

The tray process starts `glutewake chart --from-tray`, which reads the real history file and
hears the bout going on from the tray; the window on screen belongs to that process.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import datetime, time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from glutewake.app import GlutewakeApp
from glutewake.app.chart_process import ChartProcess
from glutewake.chart_feed import ChartFeed
from tests.desktop.app_in_process import type_for
from tests.desktop.x_windows import close_by_clicking, windows_of

TODAY = datetime.now().astimezone().date()
NINE = datetime.combine(TODAY, time(9)).astimezone().timestamp()


def test_the_tray_opens_its_charts_in_a_process_of_their_own(
    make_app: Callable[..., GlutewakeApp], qtbot: QtBot
) -> None:
    screen = os.environ["DISPLAY"]
    app = make_app(NINE)
    type_for(app, 40)
    charts = app.windows.charts
    shown: list[dict[str, object]] = []
    charts.reported.connect(
        lambda report: shown.append(report) if report["event"] == "shown" else None
    )

    app.open_chart()
    qtbot.waitUntil(lambda: charts.last_drawn is not None, timeout=30_000)
    pid = charts.pid
    assert pid is not None
    assert pid != os.getpid()
    qtbot.waitUntil(lambda: bool(windows_of(screen, pid)), timeout=10_000)
    (window,) = windows_of(screen, pid)
    drawn = charts.last_drawn
    assert drawn is not None
    assert drawn["title"] == f"{TODAY:%A} {TODAY.day} {TODAY:%B %Y}"
    # Nothing is stored yet: the 40 minutes are the bout still going, which the tray sent.
    assert str(drawn["figures"]).startswith("Sitting 40 min")

    # Each history flush brings the bout as it has grown since.
    type_for(app, 10)
    app.flush_history()
    qtbot.waitUntil(
        lambda: str((charts.last_drawn or {})["figures"]).startswith("Sitting 50 min"),
        timeout=10_000,
    )
    # A new interval in the settings reaches the open chart.
    app.started.settings.save_and_apply({"interval_minutes": 45}, "test")
    qtbot.waitUntil(lambda: (charts.last_drawn or {})["interval"] == 45, timeout=10_000)

    # Opening the charts again raises the same window of the same process.
    app.open_chart()
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=10_000)
    assert charts.pid == pid
    assert windows_of(screen, pid) == [window]

    # Closing the window ends the process, and the tray notices.
    close_by_clicking(screen, window, lambda: not windows_of(screen, pid))
    qtbot.waitUntil(lambda: not charts.running, timeout=10_000)
    assert not Path(f"/proc/{pid}").exists()

    # The next open starts a new one.
    app.open_chart()
    qtbot.waitUntil(lambda: len(shown) == 3, timeout=30_000)
    assert charts.pid not in (None, pid)


@pytest.mark.parametrize(
    ("command", "words"),
    [
        (("/nonexistent/glutewake", []), "could not start"),
        (
            (sys.executable, ["-c", "import sys; sys.exit(3)"]),
            "closed before it opened (exit code 3)",
        ),
    ],
)
def test_charts_that_cannot_open_are_told_not_silent(
    qtbot: QtBot, command: tuple[str, list[str]], words: str
) -> None:
    told: list[str] = []
    charts = ChartProcess(command, told.append)
    charts.open(ChartFeed(TODAY, 30, None, show=True))
    qtbot.waitUntil(lambda: not charts.running, timeout=10_000)
    assert len(told) == 1
    assert words in told[0]
