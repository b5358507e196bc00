"""Do-not-disturb on GNOME: org.gnome.desktop.notifications show-banners=false.

Followed through `gsettings monitor` (a child process, so no GSettings binding is needed) and
read once with `gsettings get` after the monitor has surely subscribed: a change made while
it was starting is then not lost.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable

from PySide6.QtCore import QObject, QProcess, QTimer

from glutewake.monitors.quiet.dnd_tally import GNOME_BANNERS, Tally

GNOME_SCHEMA = "org.gnome.desktop.notifications"
GNOME_KEY = "show-banners"
GSETTINGS_SETTLE_MS = 500
"""After `gsettings monitor` starts, read the key once it has surely subscribed."""


def is_gnome() -> bool:
    return "GNOME" in os.environ.get("XDG_CURRENT_DESKTOP", "").upper()


class GnomeBanners(QObject):
    """Follows GNOME's show-banners into a `Tally` (banners off: do not disturb)."""

    def __init__(self, tally: Tally, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tally = tally
        self._gsettings: str | None = None
        self._processes: list[QProcess] = []
        self._output = b""
        self._running = False

    def start(self) -> None:
        self._running = True
        self._gsettings = shutil.which("gsettings")
        if self._gsettings is None:
            self._tally.missing[GNOME_BANNERS] = "gsettings is not installed"
            self._tally.note("gsettings", "do-not-disturb monitor without GNOME: no gsettings")
            return
        monitor = self._process(self._on_monitor_ended)
        monitor.readyReadStandardOutput.connect(lambda: self._on_lines(monitor))
        monitor.started.connect(lambda: QTimer.singleShot(GSETTINGS_SETTLE_MS, self, self._read))
        monitor.start(self._gsettings, ["monitor", GNOME_SCHEMA, GNOME_KEY])

    def stop(self) -> None:
        self._running = False
        for process in self._processes:
            process.kill()
            process.waitForFinished(1000)
        self._processes.clear()

    def _process(self, on_end: Callable[[QProcess], None]) -> QProcess:
        process = QProcess(self)
        process.finished.connect(lambda *_: on_end(process))
        process.errorOccurred.connect(
            lambda error: on_end(process) if error == QProcess.ProcessError.FailedToStart else None
        )
        self._processes.append(process)
        return process

    def _read(self) -> None:
        if not self._running or self._gsettings is None:
            return
        reader = self._process(self._on_read)
        reader.start(self._gsettings, ["get", GNOME_SCHEMA, GNOME_KEY])

    def _on_read(self, reader: QProcess) -> None:
        if reader in self._processes:
            self._processes.remove(reader)
        reader.deleteLater()
        if not self._running:
            return
        if reader.exitStatus() != QProcess.ExitStatus.NormalExit or reader.exitCode() != 0:
            error = bytes(reader.readAllStandardError().data()).decode(errors="replace").strip()
            self._tally.lose(
                GNOME_BANNERS, f"gsettings get failed: {error or reader.errorString()}"
            )
            return
        self._says(bytes(reader.readAllStandardOutput().data()).decode(errors="replace"))

    def _on_lines(self, monitor: QProcess) -> None:
        self._output += bytes(monitor.readAllStandardOutput().data())
        *lines, self._output = self._output.split(b"\n")
        for line in lines:  # "show-banners: false"
            key, _, value = line.decode(errors="replace").partition(":")
            if key.strip() == GNOME_KEY:
                self._says(value)

    def _says(self, value: str) -> None:
        if not self._running:
            return
        text = value.strip()
        if text not in ("true", "false"):
            self._tally.lose(GNOME_BANNERS, f"gsettings answered {text[:40]!r}")
        else:
            self._tally.say(GNOME_BANNERS, text == "false")  # banners off: do not disturb

    def _on_monitor_ended(self, monitor: QProcess) -> None:
        if not self._running:
            return
        error = bytes(monitor.readAllStandardError().data()).decode(errors="replace").strip()
        self._tally.lose(
            GNOME_BANNERS, f"gsettings monitor ended: {error or monitor.errorString()}"
        )
