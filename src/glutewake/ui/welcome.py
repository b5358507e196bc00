"""The first-run welcome: what glutewake measures and never stores, three choices, and where
the icon lives. Shown once (the app remembers it was seen); the tray menu opens it again.

The three choices start at the user's current settings (the defaults on a first run), so
"Skip" and "Save" with nothing touched leave everything as it was.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from glutewake.core.settings import SettingError, Settings, SettingValue, apply_changes

INTERVALS = (20, 30, 45, 60, 90)

WHAT_IT_MEASURES = (
    "glutewake notices how long you have been sitting from when you use your keyboard and "
    "mouse, and from your screen locking and your computer sleeping. When a sitting bout "
    "passes your interval it offers a short routine to wake your glutes up."
)
WHAT_IT_NEVER_STORES = (
    "It keeps only times and counts. It never records which keys you press, what you type, "
    "which windows you use or where your pointer is, and it sends nothing anywhere."
)
WHERE_THE_ICON_LIVES = (
    "glutewake lives in your system tray, the row of small icons in your panel. Its ring "
    "fills as you sit and turns amber, then red. Click it for the menu: start a routine, "
    "pause, your charts, settings, and this welcome again."
)


class WelcomeDialog(QDialog):
    """Emits `chosen` with the settings that differ from the current ones (maybe none)."""

    chosen = Signal(object)

    def __init__(
        self, settings: Settings, icon: QPixmap | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to glutewake")
        self.settings = settings
        layout = QVBoxLayout(self)
        title = QLabel("<h2>Welcome to glutewake</h2>")
        layout.addWidget(title)
        for words in (WHAT_IT_MEASURES, WHAT_IT_NEVER_STORES):
            label = QLabel(words)
            label.setWordWrap(True)
            layout.addWidget(label)

        form = QFormLayout()
        self.interval = QComboBox()
        choices = sorted({*INTERVALS, settings.interval_minutes})
        for minutes in choices:
            self.interval.addItem(f"{minutes} minutes", minutes)
        self.interval.setCurrentIndex(choices.index(settings.interval_minutes))
        form.addRow("Prompt me after sitting for", self.interval)

        hours = QWidget()
        row = QHBoxLayout(hours)
        row.setContentsMargins(0, 0, 0, 0)
        self.any_time = QRadioButton("Any time")
        self.between = QRadioButton("Only between")
        self.start = QTimeEdit()
        self.end = QTimeEdit()
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
        all_day = settings.working_hours_start == "00:00" and settings.working_hours_end == "24:00"
        self.start.setTime(
            QTime(9, 0) if all_day else QTime.fromString(settings.working_hours_start, "HH:mm")
        )
        end = settings.working_hours_end
        self.end.setTime(
            QTime(18, 0) if all_day or end == "24:00" else QTime.fromString(end, "HH:mm")
        )
        (self.any_time if all_day else self.between).setChecked(True)
        self.hours_group = QButtonGroup(self)
        self.hours_group.addButton(self.any_time)
        self.hours_group.addButton(self.between)
        for widget in (self.any_time, self.between, self.start, QLabel("and"), self.end):
            row.addWidget(widget)
        row.addStretch(1)
        form.addRow("Prompts", hours)

        self.office = QRadioButton("At the office: standing moves, in work clothes")
        self.home = QRadioButton("At home: exercises on the floor, on a mat")
        (self.office if settings.routine_place == "office" else self.home).setChecked(True)
        places = QWidget()
        place_rows = QVBoxLayout(places)
        place_rows.setContentsMargins(0, 0, 0, 0)
        place_rows.addWidget(self.office)
        place_rows.addWidget(self.home)
        form.addRow("Routines", places)
        layout.addLayout(form)

        where = QHBoxLayout()
        if icon is not None:
            picture = QLabel()
            picture.setPixmap(icon)
            picture.setAlignment(Qt.AlignmentFlag.AlignTop)
            where.addWidget(picture)
        icon_words = QLabel(WHERE_THE_ICON_LIVES)
        icon_words.setWordWrap(True)
        where.addWidget(icon_words, 1)
        layout.addLayout(where)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #c0392b;")
        self.problem.hide()
        layout.addWidget(self.problem)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.skip_button = QPushButton("Skip")
        self.save_button = QPushButton("Save and start")
        self.save_button.setDefault(True)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.skip_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        self.setMinimumWidth(600)

    def changes(self) -> dict[str, SettingValue]:
        """The choices that differ from the current settings."""
        chosen: dict[str, SettingValue] = {
            "interval_minutes": int(self.interval.currentData()),
            "routine_place": "office" if self.office.isChecked() else "floor",
        }
        if self.any_time.isChecked():
            chosen["working_hours_start"], chosen["working_hours_end"] = "00:00", "24:00"
        else:
            chosen["working_hours_start"] = self.start.time().toString("HH:mm")
            chosen["working_hours_end"] = self.end.time().toString("HH:mm")
        return {k: v for k, v in chosen.items() if getattr(self.settings, k) != v}

    def save(self) -> None:
        changes = self.changes()
        try:  # the same checks as the file and the settings window
            apply_changes(self.settings, changes, source="Welcome")
        except SettingError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        self.chosen.emit(changes)
        self.accept()
