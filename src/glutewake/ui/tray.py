"""The tray icon and its menu: sitting progress at a glance, and every action one click away.

With no tray host (a bare window manager, some GNOME setups) it waits a little for one to
appear, then falls back to a small status window and says why.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from glutewake.core.policy import Hold
from glutewake.core.status import State, Status
from glutewake.ui.tray_icon_art import mood_for, step_for, tray_icon

log = logging.getLogger("glutewake.tray")

#: How long to wait for a tray host before showing the fallback window.
TRAY_WAIT_MS = 5000
_TRAY_POLL_MS = 250


class Tray(QObject):
    """The tray icon (or its fallback window). Emits what the user chose; shows what it is told."""

    start_routine = Signal()
    snooze = Signal()
    pre_run = Signal()
    walk = Signal()
    pause_for = Signal(int)  # minutes
    pause_until_tomorrow = Signal()
    resume = Signal()
    standing_toggled = Signal(bool)
    open_chart = Signal()
    open_settings = Signal()
    open_welcome = Signal()
    start_at_login_toggled = Signal(bool)
    quit_requested = Signal()
    answered = Signal(bool)  # True: "I was away"
    ready = Signal(str)  # "tray" or "window", once one is shown

    def __init__(self, tray_wait_ms: int = TRAY_WAIT_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.icon = QSystemTrayIcon(self)
        self.icon.setToolTip("glutewake")
        self.menu = self._build_menu()
        self.icon.setContextMenu(self.menu)
        self.window: FallbackWindow | None = None
        self.mode = "starting"
        self._waited_ms = 0
        self._tray_wait_ms = tray_wait_ms
        self._last_icon_key: tuple[int, object] | None = None
        self._last_shown: tuple[object, ...] | None = None
        self.sources = ""
        self.update_status(
            Status(
                at=0,
                state=State.AWAY,
                sitting_s=0,
                interval_s=1,
                next_prompt_in_s=None,
                hold=None,
            )
        )

    # -- showing ---------------------------------------------------------------------------
    def show(self) -> None:
        """Show the tray icon as soon as a tray host exists, or the window after waiting."""
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.icon.show()
            self.mode = "tray"
            log.info("tray icon shown")
            self.ready.emit("tray")
            return
        if self._waited_ms >= self._tray_wait_ms:
            reason = "no system tray is available on this desktop"
            log.warning("%s; showing a small window instead", reason)
            self.window = FallbackWindow(self, reason)
            self.window.show()
            self.mode = "window"
            self.ready.emit("window")
            return
        self._waited_ms += _TRAY_POLL_MS
        QTimer.singleShot(_TRAY_POLL_MS, self.show)

    def update_status(self, status: Status) -> None:
        headline = status.headline()
        key = (step_for(status.fraction), mood_for(status.fraction, status.resting))
        shown = (headline, key, status.hold, self.sources, self.window is not None)
        if shown == self._last_shown:
            return  # called every second while typing: most calls change nothing
        self._last_shown = shown
        self.status_action.setText(headline)
        tip = headline if not self.sources else f"{headline}\n{self.sources}"
        self.icon.setToolTip(tip)
        if key != self._last_icon_key:
            self.icon.setIcon(tray_icon(*key))
            self._last_icon_key = key
        self.resume_action.setVisible(status.hold is Hold.PAUSED)
        if self.window is not None:
            self.window.update_status(headline, self.sources)

    def ask(self, minutes: int | None) -> None:
        """Offer the "Were you away?" answers in the menu, or take them away (None)."""
        self.question_action.setVisible(minutes is not None)
        self.away_action.setVisible(minutes is not None)
        self.seated_action.setVisible(minutes is not None)
        if minutes is not None:
            self.question_action.setText(f"Were you away for those {minutes} minutes?")

    def set_start_at_login(self, enabled: bool) -> None:
        """Show the setting's state without it counting as the user's click."""
        self.login_action.blockSignals(True)
        self.login_action.setChecked(enabled)
        self.login_action.blockSignals(False)

    def set_standing(self, standing: bool) -> None:
        self.standing_action.setChecked(standing)

    # -- menu --------------------------------------------------------------------------------
    def _build_menu(self) -> QMenu:
        menu = QMenu()
        self.status_action = menu.addAction("glutewake")
        self.status_action.setEnabled(False)
        self.question_action = menu.addAction("")
        self.question_action.setEnabled(False)
        self.away_action = menu.addAction("Yes, I was away")
        self.away_action.triggered.connect(lambda: self.answered.emit(True))
        self.seated_action = menu.addAction("No, I was at my desk")
        self.seated_action.triggered.connect(lambda: self.answered.emit(False))
        for action in (self.question_action, self.away_action, self.seated_action):
            action.setVisible(False)
        menu.addSeparator()
        menu.addAction("Start a routine now").triggered.connect(self.start_routine)
        menu.addAction("Pre-run activation (5 min)").triggered.connect(self.pre_run)
        menu.addAction("Just walk for two minutes").triggered.connect(self.walk)
        menu.addAction("Snooze").triggered.connect(self.snooze)
        pause = menu.addMenu("Pause")
        group = QActionGroup(pause)
        for label, minutes in (("30 minutes", 30), ("1 hour", 60)):
            action = QAction(label, pause)
            action.triggered.connect(lambda _checked=False, m=minutes: self.pause_for.emit(m))
            group.addAction(action)
            pause.addAction(action)
        pause.addAction("Until tomorrow").triggered.connect(self.pause_until_tomorrow)
        self.resume_action = menu.addAction("Resume prompts")
        self.resume_action.triggered.connect(self.resume)
        self.resume_action.setVisible(False)
        self.standing_action = menu.addAction("I'm standing")
        self.standing_action.setCheckable(True)
        self.standing_action.toggled.connect(self.standing_toggled)
        menu.addSeparator()
        menu.addAction("Today's chart").triggered.connect(self.open_chart)
        menu.addAction("Settings…").triggered.connect(self.open_settings)
        self.login_action = menu.addAction("Start at login")
        self.login_action.setCheckable(True)
        self.login_action.toggled.connect(self.start_at_login_toggled)
        menu.addAction("Welcome and first steps").triggered.connect(self.open_welcome)
        menu.addSeparator()
        menu.addAction("Quit glutewake").triggered.connect(self.quit_requested)
        return menu


class FallbackWindow(QWidget):
    """A small window standing in for the tray icon where the desktop has no tray."""

    def __init__(self, tray: Tray, reason: str) -> None:
        super().__init__()
        self.setWindowTitle("glutewake")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)  # never steal focus
        self.headline = QLabel("glutewake")
        self.headline.setAccessibleName("Sitting status")
        self.sources = QLabel("")
        self.sources.setWordWrap(True)
        why = QLabel(f"glutewake normally lives in the system tray, but {reason}.")
        why.setWordWrap(True)
        buttons = QHBoxLayout()
        for label, signal in (
            ("Start a routine", tray.start_routine),
            ("Snooze", tray.snooze),
            ("Quit", tray.quit_requested),
        ):
            button = QPushButton(label)
            button.clicked.connect(signal)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.sources)
        layout.addWidget(why)
        layout.addLayout(buttons)

    def update_status(self, headline: str, sources: str) -> None:
        self.headline.setText(headline)
        self.sources.setText(sources)
