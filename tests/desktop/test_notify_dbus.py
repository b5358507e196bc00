"""The D-Bus notifier against a real dunst, on a private session bus and its own Xvfb.

Answers are given the way a dunst user gives them: `dunstctl action 0` opens the context menu
of the notification on top, and dunst runs its `dmenu` command with one line per button
("#Snooze (Time to wake your glutes) [3,snooze]"). The test's dmenu is a grep that picks the
line whose label is in the CHOICE file, so the choice goes through dunst's own menu and its
ActionInvoked signal, never around it.
"""

from __future__ import annotations

import html
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from glutewake.notify import Note, prompt_note, question_note
from glutewake.notify.dbus import DBusNotifier
from tests.desktop.desktop_session import (
    NOTIFY_NEEDED,
    Desktop,
    missing_tools,
    notification_desktop,
    private_bus,
)

pytestmark = [
    pytest.mark.desktop,
    pytest.mark.skipif(
        bool(missing_tools(NOTIFY_NEEDED)), reason=f"needs {missing_tools(NOTIFY_NEEDED)}"
    ),
]


@pytest.fixture(scope="module")
def desktop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desktop]:
    with notification_desktop(tmp_path_factory.mktemp("dunst")) as running:
        yield running


@pytest.fixture
def notifier(qapp: Any, desktop: Desktop) -> Iterator[DBusNotifier]:
    made = DBusNotifier(address=desktop.address)
    yield made
    made.withdraw()
    made.close()
    desktop.dunstctl("close-all")


def _shown(desktop: Desktop) -> int:
    """Notifications dunst has taken: on screen plus not yet drawn."""
    return desktop.count("displayed") + desktop.count("waiting")


def test_dunst_is_found_with_buttons(notifier: DBusNotifier) -> None:
    assert notifier.available(), notifier.reason
    assert notifier.supports_actions
    assert notifier.server.startswith("dunst")


def test_a_prompt_is_one_notification_with_our_words_that_never_expires(
    qtbot: Any, notifier: DBusNotifier, desktop: Desktop
) -> None:
    notifier.show(prompt_note(47, "2 min: 10 glute bridges, 10 clamshells a side"))

    assert _shown(desktop) == 1
    qtbot.waitUntil(lambda: desktop.count("displayed") == 1, timeout=3000)
    desktop.dunstctl("close")
    latest = desktop.history()[0]
    assert latest["appname"] == "glutewake"
    assert latest["summary"] == "Time to wake your glutes"
    assert latest["body"] == "Sitting for 47 min.\n2 min: 10 glute bridges, 10 clamshells a side"
    assert latest["timeout"] == 0, "dunst would close the prompt on its own"


def test_dunst_reports_its_own_timeout_for_others(desktop: Desktop) -> None:
    """The check above means something: a notification that did not ask gets dunst's default."""
    subprocess.run(["notify-send", "-a", "other", "A control", "x"], env=desktop.env, check=True)
    desktop.dunstctl("close-all")
    control = next(entry for entry in desktop.history() if entry["summary"] == "A control")
    assert control["timeout"] > 0


def test_a_second_show_replaces_the_first(
    qtbot: Any, notifier: DBusNotifier, desktop: Desktop
) -> None:
    notifier.show(prompt_note(31, "2 min: first routine"))
    qtbot.waitUntil(lambda: desktop.count("displayed") == 1, timeout=3000)

    notifier.show(prompt_note(62, "2 min: second routine"))

    assert _shown(desktop) == 1
    desktop.dunstctl("close")
    bodies = [entry["body"] for entry in desktop.history()]
    assert bodies[0] == "Sitting for 62 min.\n2 min: second routine"
    assert "Sitting for 31 min.\n2 min: first routine" not in bodies


@pytest.mark.parametrize(
    "case",
    [
        (prompt_note(35, "2 min: 12 donkey kicks a side"), "Snooze", "snooze"),
        (prompt_note(35, "2 min: 12 donkey kicks a side"), "Start", "start"),
        (question_note(6), "Yes", "yes"),
    ],
    ids=["snooze", "start", "away-yes"],
)
def test_a_button_chosen_in_dunst_reaches_the_app_and_the_note_goes(
    qtbot: Any, notifier: DBusNotifier, desktop: Desktop, case: tuple[Note, str, str]
) -> None:
    note, label, key = case
    notifier.show(note)
    qtbot.waitUntil(lambda: desktop.count("displayed") == 1, timeout=3000)
    desktop.will_choose(label)

    with qtbot.waitSignal(notifier.action, timeout=5000) as answered:
        desktop.dunstctl("action", "0")

    assert answered.args == [key]
    qtbot.waitUntil(lambda: desktop.count("displayed") == 0, timeout=3000)


def test_withdraw_takes_the_prompt_off_the_screen(
    qtbot: Any, notifier: DBusNotifier, desktop: Desktop
) -> None:
    notifier.show(prompt_note(40, "2 min: 30 s side plank a side"))
    qtbot.waitUntil(lambda: desktop.count("displayed") == 1, timeout=3000)

    notifier.withdraw()

    qtbot.waitUntil(lambda: desktop.count("displayed") == 0, timeout=3000)


def test_after_withdraw_a_new_prompt_is_a_fresh_notification(
    qtbot: Any, notifier: DBusNotifier, desktop: Desktop
) -> None:
    notifier.show(prompt_note(40, "2 min: wall sit"))
    qtbot.waitUntil(lambda: desktop.count("displayed") == 1, timeout=3000)
    notifier.withdraw()
    qtbot.waitUntil(lambda: desktop.count("displayed") == 0, timeout=3000)

    notifier.show(prompt_note(41, "2 min: lunges"))

    qtbot.waitUntil(lambda: desktop.count("displayed") == 1, timeout=3000)
    desktop.dunstctl("close")
    qtbot.waitUntil(lambda: len(desktop.history()) >= 2, timeout=3000)
    new, old = desktop.history()[:2]  # newest first
    assert (new["body"], old["body"]) == (
        "Sitting for 41 min.\n2 min: lunges",
        "Sitting for 40 min.\n2 min: wall sit",
    )
    assert new["id"] != old["id"]  # a notification of its own, not the withdrawn one reused


def test_a_missing_service_is_reported_not_raised(qapp: Any, tmp_path: Path) -> None:
    with private_bus(activation=False) as empty_bus:
        lonely = DBusNotifier(address=empty_bus.address)
        try:
            assert not lonely.available()
            assert not lonely.service_present
            assert "no notification service" in lonely.reason
            failures: list[str] = []
            lonely.failed.connect(failures.append)
            lonely.show(prompt_note(30, "2 min: bridges"))
            assert len(failures) == 1
            assert "no notification service" in failures[0]
        finally:
            lonely.close()


def test_closing_the_prompt_without_answering_is_reported_as_dismissed(
    qtbot: Any, notifier: DBusNotifier, desktop: Desktop
) -> None:
    notifier.show(prompt_note(44, "2 min: 10 glute bridges"))
    qtbot.waitUntil(lambda: desktop.count("displayed") == 1, timeout=3000)
    with qtbot.waitSignal(notifier.action, timeout=3000) as blocker:
        desktop.dunstctl("close")  # what clicking the notification away does
    assert blocker.args == ["dismissed"]



def test_a_body_sent_as_markup_keeps_its_words() -> None:
    # A server that reads bodies as markup must show "Lunges <R&L>" as written: the same
    # escaping as html.escape, which the notifier does not import.
    from glutewake.notify.dbus import _MARKUP_ESCAPES

    body = "Lunges <R&L> & bridges > \"wall sits\" 'n' more"
    assert body.translate(_MARKUP_ESCAPES) == html.escape(body, quote=False)
