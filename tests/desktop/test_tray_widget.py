"""The tray icon and its fallback window, on a real X display (pytest-xvfb) with real Qt."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from glutewake.core.policy import Hold
from glutewake.core.status import State, Status
from glutewake.ui.tray import Tray
from tests.desktop import desktop_session


def status(sitting_min: float, state: State = State.SITTING, hold: Hold | None = None) -> Status:
    return Status(
        at=0,
        state=state,
        sitting_s=sitting_min * 60,
        interval_s=30 * 60,
        next_prompt_in_s=(30 - sitting_min) * 60,
        hold=hold,
    )


@pytest.fixture
def tray_host(qtbot: QtBot) -> Iterator[None]:
    """A real system tray (trayer) on the test display."""
    if not shutil.which("trayer"):
        pytest.skip("trayer is not installed")
    with desktop_session.tray_host(os.environ):
        from PySide6.QtWidgets import QSystemTrayIcon

        qtbot.waitUntil(QSystemTrayIcon.isSystemTrayAvailable, timeout=10_000)
        yield


def test_tooltip_and_menu_say_how_long_you_have_sat(qtbot: QtBot) -> None:
    tray = Tray(tray_wait_ms=0)
    tray.update_status(status(38))
    assert tray.icon.toolTip().startswith("Sitting 38 min")
    assert tray.status_action.text() == tray.icon.toolTip().splitlines()[0]


def test_the_icon_changes_as_the_bout_nears_the_interval(qtbot: QtBot) -> None:
    tray = Tray(tray_wait_ms=0)
    tray.update_status(status(2))
    early = tray.icon.icon().pixmap(32, 32).toImage()
    tray.update_status(status(25))
    late = tray.icon.icon().pixmap(32, 32).toImage()
    tray.update_status(status(31))
    due = tray.icon.icon().pixmap(32, 32).toImage()
    assert early != late != due
    # Due is drawn in red: the ring's top pixel is reddest when the interval has passed.
    top = due.pixelColor(16, 3)
    assert top.red() > 150
    assert top.green() < 100


def test_menu_actions_reach_the_app(qtbot: QtBot) -> None:
    tray = Tray(tray_wait_ms=0)
    actions = {a.text(): a for a in tray.menu.actions()}
    with qtbot.waitSignal(tray.snooze, timeout=1000):
        actions["Snooze"].trigger()
    with qtbot.waitSignal(tray.start_routine, timeout=1000):
        actions["Start a routine now"].trigger()
    pause_menu = actions["Pause"].menu()
    pauses = {a.text(): a for a in pause_menu.actions()}
    with qtbot.waitSignal(tray.pause_for, timeout=1000) as blocker:
        pauses["1 hour"].trigger()
    assert blocker.args == [60]
    with qtbot.waitSignal(tray.standing_toggled, timeout=1000) as blocker:
        actions["I'm standing"].trigger()
    assert blocker.args == [True]
    assert "Quit glutewake" in actions
    with qtbot.waitSignal(tray.open_chart, timeout=1000):
        actions["Today's chart"].trigger()
    with qtbot.waitSignal(tray.open_settings, timeout=1000):
        actions["Settings…"].trigger()
    with qtbot.waitSignal(tray.open_welcome, timeout=1000):
        actions["Welcome and first steps"].trigger()
    with qtbot.waitSignal(tray.start_at_login_toggled, timeout=1000) as blocker:
        actions["Start at login"].trigger()
    assert blocker.args == [True]
    tray.set_start_at_login(False)  # the app showing the setting is not a click
    assert not actions["Start at login"].isChecked()


def test_resume_appears_only_while_paused(qtbot: QtBot) -> None:
    tray = Tray(tray_wait_ms=0)
    tray.update_status(status(10, hold=Hold.PAUSED))
    assert tray.resume_action.isVisible()
    tray.update_status(status(10))
    assert not tray.resume_action.isVisible()


def test_without_a_tray_host_a_small_window_says_why(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QSystemTrayIcon

    if QSystemTrayIcon.isSystemTrayAvailable():
        pytest.skip("a tray host is running on this display")
    tray = Tray(tray_wait_ms=0)
    with qtbot.waitSignal(tray.ready, timeout=2000) as blocker:
        tray.show()
    assert blocker.args == ["window"]
    assert tray.window is not None
    qtbot.addWidget(tray.window)
    tray.update_status(status(12))
    assert tray.window.headline.text().startswith("Sitting 12 min")
    texts = " ".join(label.text() for label in tray.window.findChildren(type(tray.window.headline)))
    assert "no system tray" in texts


def test_with_a_tray_host_the_icon_is_shown(qtbot: QtBot, tray_host: None) -> None:
    tray = Tray(tray_wait_ms=0)
    with qtbot.waitSignal(tray.ready, timeout=5000) as blocker:
        tray.show()
    assert blocker.args == ["tray"]
    qtbot.waitUntil(tray.icon.isVisible, timeout=5000)
    assert tray.window is None


def test_the_were_you_away_question_can_be_answered_from_the_menu(qtbot: QtBot) -> None:
    tray = Tray(tray_wait_ms=0)
    assert not tray.away_action.isVisible()
    tray.ask(6)
    assert tray.question_action.text() == "Were you away for those 6 minutes?"
    with qtbot.waitSignal(tray.answered, timeout=1000) as blocker:
        tray.away_action.trigger()
    assert blocker.args == [True]
    with qtbot.waitSignal(tray.answered, timeout=1000) as blocker:
        tray.seated_action.trigger()
    assert blocker.args == [False]
    tray.ask(None)
    assert not tray.seated_action.isVisible()
