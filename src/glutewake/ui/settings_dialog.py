"""The settings window, generated from the one settings declaration (core/settings.py).

Every field, its label, unit, allowed values and the words of every message come from the
`SettingSpec`s, so the window cannot disagree with the file, `glutewake config` or the docs.
Values are checked as they are typed, by the same code that reads the file; the reason sits
beside the field and OK waits until everything is valid. OK saves only what changed (comments
in the user's file kept) and hands the new settings to the app; Cancel changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from glutewake.core.settings import (
    SPECS,
    SettingError,
    Settings,
    SettingSpec,
    SettingValue,
    ValueKind,
    apply_changes,
    parse_value,
)
from glutewake.store.config_writer import ConfigWriteError, save_settings

SOURCE = "Settings"


class _Field:
    """One setting's editor: reads its value as text for `parse_value`, shows its problem."""

    def __init__(self, spec: SettingSpec, value: SettingValue, changed: Callable[[], None]) -> None:
        self.spec = spec
        self.error = QLabel()
        self.error.setObjectName(f"error-{spec.key}")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.hide()
        self.widget: QWidget
        self.edit: QLineEdit | None = None
        self.combo: QComboBox | None = None
        self.check: QCheckBox | None = None
        self.days: list[QCheckBox] = []
        if spec.kind is ValueKind.BOOLEAN:
            self.check = QCheckBox(spec.label)
            self.check.setChecked(bool(value))
            self.check.toggled.connect(changed)
            self.widget = self.check
        elif spec.kind is ValueKind.NAME_LIST:
            row = QWidget()
            layout = QHBoxLayout(row)
            layout.setContentsMargins(0, 0, 0, 0)
            assert spec.choices is not None
            for day in spec.choices:
                button = QCheckBox(str(day).capitalize())
                button.setChecked(isinstance(value, tuple) and day in value)
                button.setObjectName(f"{spec.key}-{day}")
                button.toggled.connect(changed)
                layout.addWidget(button)
                self.days.append(button)
            layout.addStretch(1)
            self.widget = row
        elif spec.choices is not None:
            self.combo = QComboBox()
            for choice in spec.choices:
                shown = f"{choice} {spec.unit}" if spec.unit else str(choice)
                self.combo.addItem(shown, choice)
            self.combo.setCurrentIndex(
                next((i for i, choice in enumerate(spec.choices) if choice == value), 0)
            )
            self.combo.currentIndexChanged.connect(changed)
            self.widget = self.combo
        else:
            self.edit = QLineEdit(str(value))
            self.edit.setPlaceholderText(spec.allowed)
            self.edit.textChanged.connect(changed)
            self.edit.setMaximumWidth(120)
            row = QWidget()
            layout = QHBoxLayout(row)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(self.edit)
            if spec.unit:
                layout.addWidget(QLabel(spec.unit))
            layout.addStretch(1)
            self.widget = row
        self.widget.setObjectName(spec.key)
        self.widget.setToolTip(f"{spec.description}\nAllowed: {spec.allowed}.")

    def text(self) -> str:
        if self.check is not None:
            return "true" if self.check.isChecked() else "false"
        if self.days:
            return ",".join(b.objectName().rsplit("-", 1)[1] for b in self.days if b.isChecked())
        if self.combo is not None:
            return str(self.combo.currentData())
        assert self.edit is not None
        return self.edit.text()

    def show_problem(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))


class SettingsDialog(QDialog):
    """Edits `settings`; on OK saves the changes to `config_path` and emits `applied`."""

    applied = Signal(object)
    """The new Settings, after they were saved."""

    def __init__(
        self, settings: Settings, config_path: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("glutewake settings")
        self.settings = settings
        self.config_path = config_path
        self.fields: dict[str, _Field] = {}
        body = QWidget()
        column = QVBoxLayout(body)
        groups: dict[str, QFormLayout] = {}
        for spec in SPECS:
            form = groups.get(spec.group)
            if form is None:
                box = QGroupBox(spec.group)
                form = QFormLayout(box)
                form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
                groups[spec.group] = form
                column.addWidget(box)
            field = _Field(spec, getattr(settings, spec.key), self.validate)
            self.fields[spec.key] = field
            if spec.kind is ValueKind.BOOLEAN:
                form.addRow(field.widget)
            else:
                form.addRow(spec.label, field.widget)
            form.addRow("", field.error)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c0392b;")
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        path_label = QLabel(f"Saved in {_shown(config_path)}; your comments there are kept.")
        path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problem)
        layout.addWidget(path_label)
        layout.addWidget(self.buttons)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        wanted = body.sizeHint()
        scroll.setMinimumWidth(wanted.width() + 24)
        screen = self.screen().availableGeometry()
        self.resize(wanted.width() + 48, min(wanted.height() + 140, int(screen.height() * 0.9)))
        self.validate()

    @property
    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def candidate(self) -> tuple[Settings | None, dict[str, SettingValue]]:
        """The settings the fields describe (None while any is wrong) and what changed."""
        values: dict[str, SettingValue] = {}
        problems: dict[str, str] = {}
        for key, field in self.fields.items():
            try:
                values[key] = parse_value(field.spec, field.text(), source=SOURCE)
            except SettingError as exc:
                problems[key] = _reason(exc)
        new: Settings | None = None
        try:  # the valid fields together: working hours must end after they start
            combined = apply_changes(self.settings, values, source=SOURCE)
            new = None if problems else combined
        except SettingError as exc:
            for problem in exc.problems:
                problems.setdefault(problem.key or "", _reason_text(problem.message))
        for key, field in self.fields.items():
            field.show_problem(problems.get(key))
        changes = {k: v for k, v in values.items() if getattr(self.settings, k) != v} if new else {}
        return new, changes

    def validate(self) -> None:
        new, _ = self.candidate()
        self.ok_button.setEnabled(new is not None)

    def save(self) -> None:
        new, changes = self.candidate()
        if new is None:
            return
        if changes:
            try:
                save_settings(self.config_path, changes)
            except ConfigWriteError as exc:
                self.problem.setText(str(exc))
                self.problem.show()
                return
            self.settings = new
            self.applied.emit(new)
        self.accept()


def _shown(path: Path) -> str:
    """The path as the user knows it: ~ for their home folder."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def _reason(error: SettingError) -> str:
    return "; ".join(_reason_text(p.message) for p in error.problems)


def _reason_text(message: str) -> str:
    """The message without the "Settings: " source and the trailing "Nothing was changed.\""""
    text = message.removeprefix(f"{SOURCE}: ")
    return text.removesuffix(" Nothing was changed.").strip()
