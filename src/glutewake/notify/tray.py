"""The last resort: a message balloon from glutewake's own tray icon.

It has no buttons: a click on a prompt's message means Start, other answers come from the tray
menu. Qt cannot take a shown message back, so `withdraw` only stops a later click from counting.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QSystemTrayIcon

from glutewake.notify import LOGGER_NAME, Note

log = logging.getLogger(LOGGER_NAME)

CLICK_KEY = "start"
NEVER_EXPIRES_MS = 0
"""Qt's own balloon (XEmbed trays) stays until clicked with 0; Windows and macOS ignore it."""


class TrayNotifier(QObject):
    """Shows notes with QSystemTrayIcon.showMessage; a click on a prompt starts the routine."""

    action = Signal(str)
    failed = Signal(str)

    def __init__(self, tray_icon: QSystemTrayIcon | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = "tray"
        self.supports_actions = False
        self._icon = tray_icon
        self._current: Note | None = None
        if tray_icon is not None:
            tray_icon.messageClicked.connect(self._on_clicked)

    def show(self, note: Note) -> None:
        if self._icon is None or not self._icon.isVisible():
            self._current = None
            reason = "cannot show a tray message: the tray icon is not shown"
            log.warning("%s", reason)
            self.failed.emit(reason)
            return
        body = note.body
        if CLICK_KEY in note.keys:
            body = f"{body}\nClick here to start."
        self._current = note
        self._icon.showMessage(
            note.title, body, QSystemTrayIcon.MessageIcon.Information, NEVER_EXPIRES_MS
        )

    def withdraw(self) -> None:
        self._current = None

    def _on_clicked(self) -> None:
        note, self._current = self._current, None
        if note is not None and CLICK_KEY in note.keys:
            self.action.emit(CLICK_KEY)
