"""Which notifier the app gets, on a bus with dunst, a bus with nothing, and no bus at all."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QSystemTrayIcon

from glutewake.notify import prompt_note, question_note
from glutewake.notify.choose import choose_notifier
from glutewake.notify.dbus import DBusNotifier
from glutewake.notify.plyer_notifier import PlyerNotifier
from glutewake.notify.tray import TrayNotifier
from tests.desktop.desktop_session import (
    NOTIFY_NEEDED,
    Desktop,
    missing_tools,
    notification_desktop,
    private_bus,
)

pytestmark = pytest.mark.desktop


@pytest.fixture(scope="module")
def desktop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desktop]:
    if missing_tools(NOTIFY_NEEDED):
        pytest.skip(f"needs {missing_tools(NOTIFY_NEEDED)}")
    with notification_desktop(tmp_path_factory.mktemp("dunst")) as running:
        yield running


@pytest.fixture
def empty_bus() -> Iterator[str]:
    """A session bus where no notification daemon runs (and none can be activated)."""
    if missing_tools(("dbus-daemon",)):
        pytest.skip("needs dbus-daemon")
    with private_bus(activation=False) as bus:
        yield bus.address


@pytest.fixture
def tray_icon(qapp: Any) -> Iterator[QSystemTrayIcon]:
    icon = QSystemTrayIcon()
    yield icon
    icon.deleteLater()


@pytest.fixture
def shown_tray_icon(tray_icon: QSystemTrayIcon) -> QSystemTrayIcon:
    """Shown as the app shows it; with no tray host here, Qt draws no balloon."""
    dot = QPixmap(16, 16)
    dot.fill(QColor("orange"))
    tray_icon.setIcon(QIcon(dot))
    tray_icon.show()
    return tray_icon


@pytest.fixture
def notify_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="glutewake.notify")
    return caplog


def _release(notifier: object) -> None:
    if isinstance(notifier, DBusNotifier):
        notifier.close()


def test_auto_picks_dbus_with_buttons_when_a_daemon_answers(
    monkeypatch: pytest.MonkeyPatch,
    desktop: Desktop,
    tray_icon: QSystemTrayIcon,
    notify_log: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", desktop.address)

    notifier = choose_notifier("auto", tray_icon)

    try:
        assert isinstance(notifier, DBusNotifier)
        assert notifier.supports_actions
        assert "notifications: dbus (dunst" in notify_log.text
        assert "with buttons" in notify_log.text
    finally:
        _release(notifier)


def test_auto_falls_back_to_the_tray_on_a_bus_without_a_daemon(
    monkeypatch: pytest.MonkeyPatch,
    empty_bus: str,
    tray_icon: QSystemTrayIcon,
    notify_log: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", empty_bus)

    notifier = choose_notifier("auto", tray_icon)

    assert isinstance(notifier, TrayNotifier)
    assert "not dbus: no notification service on the session bus" in notify_log.text
    # plyer on Linux goes to the same service, so it is passed over, and the log says so
    assert "not plyer: plyer's" in notify_log.text
    assert "notifications: tray" in notify_log.text


def test_a_requested_style_that_cannot_work_falls_back_with_a_warning(
    monkeypatch: pytest.MonkeyPatch,
    empty_bus: str,
    tray_icon: QSystemTrayIcon,
    notify_log: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", empty_bus)

    notifier = choose_notifier("dbus", tray_icon)

    assert isinstance(notifier, TrayNotifier)
    warnings = [r.getMessage() for r in notify_log.records if r.levelno == logging.WARNING]
    assert any(
        m.startswith("notifications: dbus is unavailable: no notification") for m in warnings
    )


def test_without_any_session_bus_no_daemon_is_asked_for(
    monkeypatch: pytest.MonkeyPatch,
    tray_icon: QSystemTrayIcon,
    notify_log: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)

    notifier = choose_notifier("auto", tray_icon)

    assert isinstance(notifier, TrayNotifier)
    assert "not dbus: no session bus" in notify_log.text


def test_requested_plyer_shows_a_plain_notification_that_stays(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, desktop: Desktop, tray_icon: QSystemTrayIcon
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", desktop.address)
    notifier = choose_notifier("plyer", tray_icon)
    assert isinstance(notifier, PlyerNotifier)
    assert not notifier.supports_actions

    notifier.show(prompt_note(52, "2 min: 8 single-leg squats a side"))

    qtbot.waitUntil(lambda: desktop.count("displayed") == 1, timeout=3000)
    desktop.dunstctl("close-all")
    latest = desktop.history()[0]
    assert latest["summary"] == "Time to wake your glutes"
    assert latest["body"] == "Sitting for 52 min.\n2 min: 8 single-leg squats a side"
    assert latest["timeout"] == 0


def test_requested_tray_does_not_touch_the_bus(
    monkeypatch: pytest.MonkeyPatch,
    tray_icon: QSystemTrayIcon,
    notify_log: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/glutewake-test")

    notifier = choose_notifier("tray", tray_icon)

    assert isinstance(notifier, TrayNotifier)
    assert "session bus" not in notify_log.text


def test_a_click_on_a_tray_prompt_starts_the_routine_but_not_on_a_question(
    shown_tray_icon: QSystemTrayIcon,
) -> None:
    notifier = TrayNotifier(shown_tray_icon)
    heard: list[str] = []
    notifier.action.connect(heard.append)

    notifier.show(prompt_note(33, "2 min: bridges"))
    shown_tray_icon.messageClicked.emit()  # what Qt emits when the balloon is clicked
    notifier.show(question_note(5))
    shown_tray_icon.messageClicked.emit()
    notifier.show(prompt_note(34, "2 min: bridges"))
    notifier.withdraw()
    shown_tray_icon.messageClicked.emit()

    assert heard == ["start"]


def test_a_tray_message_without_a_visible_icon_is_reported(
    qtbot: Any, tray_icon: QSystemTrayIcon
) -> None:
    notifier = TrayNotifier(tray_icon)

    with qtbot.waitSignal(notifier.failed, timeout=1000) as failed:
        notifier.show(prompt_note(30, "2 min: bridges"))

    assert "tray icon is not shown" in failed.args[0]


def test_an_unknown_style_is_named_in_the_log(
    monkeypatch: pytest.MonkeyPatch,
    empty_bus: str,
    tray_icon: QSystemTrayIcon,
    notify_log: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", empty_bus)

    choose_notifier("carrier-pigeon", tray_icon)

    assert "unknown notification style 'carrier-pigeon'" in notify_log.text
