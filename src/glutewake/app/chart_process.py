"""The charts window in a process of its own, so the tray never holds pyqtgraph and numpy.

Opening the charts in the tray process cost about 65 MB that stayed until the tray quit;
a child process gives all of it back when its window closes. The child
(`glutewake chart --from-tray`, ui/chart_child.py) reads the history file itself; this side
writes it the rest on stdin (chart_feed.py) and hears on stdout when its window is shown and
what it drew. One child at a time: opening the charts again brings its window to the front.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QProcess, Signal

from glutewake.chart_feed import SHOWN, ChartFeed, read_report

log = logging.getLogger("glutewake.app")

#: How long quitting waits for the charts to close on end of file before ending them.
QUIT_WAIT_MS = 3000
#: How many of the child's last stderr lines a failure report repeats.
STDERR_LINES = 20


def chart_command(data_dir: Path, config_file: Path) -> tuple[str, list[str]]:
    """The program and arguments that run the charts for this data folder and config."""
    args = ["--data-dir", str(data_dir), "--config", str(config_file), "chart", "--from-tray"]
    if getattr(sys, "frozen", False):  # a bundle: the executable is glutewake itself
        return sys.executable, args
    return sys.executable, ["-m", "glutewake", *args]


class ChartProcess(QObject):
    """Starts, feeds, raises and ends the charts process; says so when it cannot open."""

    reported = Signal(dict)
    """What the child said (chart_feed.py: "shown", or "drawn" with the title and figures)."""
    ended = Signal()

    def __init__(self, command: tuple[str, list[str]], problem: Callable[[str], None]) -> None:
        super().__init__()
        self._command = command
        self._problem = problem
        self._process: QProcess | None = None
        self._shown = False
        self._closing = False
        self._out = b""
        self._err: list[str] = []
        self.last_drawn: dict[str, Any] | None = None

    @property
    def running(self) -> bool:
        return self._process is not None

    @property
    def pid(self) -> int | None:
        """The running child's process id (None when no charts are open)."""
        return None if self._process is None else self._process.processId() or None

    def open(self, feed: ChartFeed) -> None:
        """Show the charts: start the child, or bring its window to the front."""
        if self._process is not None:
            self.send(feed)
            return
        process = QProcess(self)
        process.readyReadStandardOutput.connect(self._read_out)
        process.readyReadStandardError.connect(self._read_err)
        process.errorOccurred.connect(self._error)
        process.finished.connect(self._finished)
        self._process, self._shown, self._out, self._err = process, False, b"", []
        program, args = self._command
        process.start(program, args)
        process.write(feed.line())  # buffered by Qt until the child runs
        log.info("charts window starting")

    def send(self, feed: ChartFeed) -> None:
        if self._process is not None:
            self._process.write(feed.line())

    def close(self) -> None:
        """End the child (the tray is quitting): end of file first, then a kill if it lingers."""
        process = self._process
        if process is None:
            return
        self._closing = True
        process.closeWriteChannel()
        if not process.waitForFinished(QUIT_WAIT_MS):
            process.kill()
            process.waitForFinished(QUIT_WAIT_MS)
        self._forget()
        self._closing = False

    def _read_out(self) -> None:
        if self._process is None:
            return
        self._out += bytes(self._process.readAllStandardOutput().data())
        *lines, self._out = self._out.split(b"\n")
        for line in lines:
            report = read_report(line)
            if report is None:
                continue
            if report["event"] == SHOWN:
                log.info(
                    "charts window %s (pid %s)", "raised" if self._shown else "shown", self.pid
                )
                self._shown = True
            elif "figures" in report:
                if self.last_drawn is None or self.last_drawn.get("pid") != self.pid:
                    log.info("charts window drawn (pid %s)", self.pid)
                self.last_drawn = {**report, "pid": self.pid}
            self.reported.emit(report)

    def _read_err(self) -> None:
        if self._process is None:
            return
        text = bytes(self._process.readAllStandardError().data()).decode(errors="replace")
        for line in text.splitlines():
            if line.strip():
                log.warning("charts window: %s", line)
                self._err = [*self._err, line][-STDERR_LINES:]

    def _error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            program = self._command[0]
            self._problem(f"The charts window could not start ({program}).")
            self._forget()

    def _finished(self, code: int, status: QProcess.ExitStatus) -> None:
        self._read_err()
        if not self._shown and not self._closing:
            how = "crashed" if status == QProcess.ExitStatus.CrashExit else f"exit code {code}"
            self._problem(f"The charts window closed before it opened ({how}); see the log.")
        else:
            log.info("charts window closed")
        self._forget()

    def _forget(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            process.deleteLater()
            self.ended.emit()
