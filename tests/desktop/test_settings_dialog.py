"""The settings window and the welcome, with real widgets, a real config file and a live engine."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from glutewake.core.engine import SittingEngine
from glutewake.core.facts import Input
from glutewake.core.settings import SPECS, Settings
from glutewake.store.config_file import read_config
from glutewake.ui.settings_dialog import SettingsDialog
from glutewake.ui.tray_icon_art import mood_for, step_for, tray_icon
from glutewake.ui.welcome import WelcomeDialog
from tests.desktop.screenshots import screenshot_folder

DOCS = screenshot_folder()
USER_FILE = """\
# My glutewake settings, tuned for marathon block.
interval_minutes = 40   # shorter on long-run weeks

# keep this: a note for later
mystery_future_key = "kept"
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(USER_FILE, encoding="utf-8")
    return path


def dialog_for(qtbot: QtBot, config: Path) -> SettingsDialog:
    dialog = SettingsDialog(read_config(config).settings, config)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_every_setting_has_a_field_with_its_current_value(qtbot: QtBot, config: Path) -> None:
    dialog = dialog_for(qtbot, config)
    assert set(dialog.fields) == {spec.key for spec in SPECS}
    assert dialog.fields["interval_minutes"].text() == "40"
    assert dialog.fields["working_days"].text() == "mon,tue,wed,thu,fri,sat,sun"
    assert dialog.ok_button.isEnabled()


def test_a_bad_value_is_refused_with_its_reason_beside_it(qtbot: QtBot, config: Path) -> None:
    dialog = dialog_for(qtbot, config)
    field = dialog.fields["interval_minutes"]
    assert field.edit is not None
    field.edit.clear()
    qtbot.keyClicks(field.edit, "300")
    assert not dialog.ok_button.isEnabled()
    assert field.error.isVisible()
    assert field.error.text() == "interval_minutes = 300 is out of range; allowed 1 to 240 minutes."
    field.edit.clear()
    qtbot.keyClicks(field.edit, "45")
    assert dialog.ok_button.isEnabled()
    assert not field.error.isVisible()


def test_working_hours_must_end_after_they_start(qtbot: QtBot, config: Path) -> None:
    dialog = dialog_for(qtbot, config)
    start, end = dialog.fields["working_hours_start"], dialog.fields["working_hours_end"]
    assert start.edit is not None
    assert end.edit is not None
    start.edit.setText("17:00")
    end.edit.setText("09:00")
    assert not dialog.ok_button.isEnabled()
    assert "working_hours_end" in (start.error.text() + end.error.text())
    for day in dialog.fields["working_days"].days:
        day.setChecked(False)
    assert "working_days" in dialog.fields["working_days"].error.text()


def test_ok_saves_only_the_change_and_keeps_the_users_comments(qtbot: QtBot, config: Path) -> None:
    dialog = dialog_for(qtbot, config)
    snooze = dialog.fields["snooze_minutes"]
    assert snooze.edit is not None
    snooze.edit.setText("5")
    with qtbot.waitSignal(dialog.applied) as applied:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert isinstance(applied.args[0], Settings)
    assert applied.args[0].snooze_minutes == 5
    text = config.read_text(encoding="utf-8")
    assert text.startswith(USER_FILE)  # every comment and the unknown key, untouched
    assert text.endswith("snooze_minutes = 5\n")
    assert read_config(config).settings.snooze_minutes == 5


def test_cancel_leaves_the_file_and_the_settings_alone(qtbot: QtBot, config: Path) -> None:
    dialog = dialog_for(qtbot, config)
    before = config.stat().st_mtime_ns
    interval = dialog.fields["interval_minutes"]
    assert interval.edit is not None
    interval.edit.setText("90")
    emitted: list[object] = []
    dialog.applied.connect(emitted.append)
    dialog.buttons.rejected.emit()
    assert config.read_text(encoding="utf-8") == USER_FILE
    assert config.stat().st_mtime_ns == before
    assert emitted == []


def test_a_broken_file_is_not_overwritten(qtbot: QtBot, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("interval_minutes = [\n", encoding="utf-8")
    dialog = dialog_for(qtbot, config)
    interval = dialog.fields["interval_minutes"]
    assert interval.edit is not None
    interval.edit.setText("50")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "is not valid TOML" in dialog.problem.text()
    assert config.read_text(encoding="utf-8") == "interval_minutes = [\n"


def test_ok_reschedules_the_live_policy(qtbot: QtBot, config: Path) -> None:
    start = datetime(2026, 11, 25, 9, 0, tzinfo=UTC).timestamp()
    settings = read_config(config).settings
    engine = SittingEngine(settings, lambda t: datetime.fromtimestamp(t, UTC))
    for second in range(0, 600, 5):
        engine.feed(Input(start + second, keys=3))
    assert engine.policy.due_at() == start + 40 * 60
    dialog = dialog_for(qtbot, config)
    dialog.applied.connect(lambda new: engine.apply_settings(new, start + 600))
    interval = dialog.fields["interval_minutes"]
    assert interval.edit is not None
    interval.edit.setText("25")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert engine.policy.due_at() == start + 25 * 60
    assert engine.next_wake() is not None
    assert engine.next_wake() <= start + 25 * 60


def test_screenshot_of_the_settings_window(qtbot: QtBot) -> None:
    config = Path.home() / ".config" / "glutewake" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(USER_FILE, encoding="utf-8")
    dialog = dialog_for(qtbot, config)
    field = dialog.fields["interval_minutes"]
    assert field.edit is not None
    field.edit.setText("300")
    assert field.error.isVisible()
    assert "Saved in ~/.config/glutewake/config.toml" in dialog.findChildren(QLabel)[-1].text()
    dialog.resize(dialog.width(), 860)  # the test screen is small; a user's is not
    QApplication.processEvents()  # let the layout take the shown error before the picture
    assert dialog.grab().save(str(DOCS / "settings-window.png"))


def test_the_welcome_preselects_the_current_settings_and_reports_only_changes(
    qtbot: QtBot,
) -> None:
    icon = tray_icon(step_for(0.6), mood_for(0.6, resting=False)).pixmap(48, 48)
    welcome = WelcomeDialog(Settings(), icon)
    qtbot.addWidget(welcome)
    welcome.show()
    qtbot.waitExposed(welcome)
    assert welcome.changes() == {}
    assert welcome.any_time.isChecked()
    assert welcome.office.isChecked()
    welcome.between.setChecked(True)
    welcome.home.setChecked(True)
    assert welcome.grab().save(str(DOCS / "welcome.png"))
    with qtbot.waitSignal(welcome.chosen) as chosen:
        qtbot.mouseClick(welcome.save_button, Qt.MouseButton.LeftButton)
    assert chosen.args[0] == {
        "routine_place": "floor",
        "working_hours_start": "09:00",
        "working_hours_end": "18:00",
    }


def test_the_welcome_refuses_a_day_that_ends_before_it_starts(qtbot: QtBot) -> None:
    welcome = WelcomeDialog(Settings())
    qtbot.addWidget(welcome)
    welcome.show()
    welcome.between.setChecked(True)
    welcome.start.setTime(welcome.end.time())
    emitted: list[object] = []
    welcome.chosen.connect(emitted.append)
    qtbot.mouseClick(welcome.save_button, Qt.MouseButton.LeftButton)
    assert emitted == []
    assert welcome.isVisible()
    assert "working_hours" in welcome.problem.text()
