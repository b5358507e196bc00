"""Other programs' windows for desktop tests: a real top-level window in its own process."""

from __future__ import annotations

import select
import subprocess
import sys

from tests.desktop.desktop_session import Desktop, stop

WINDOW_SCRIPT = """
import sys
from PySide6.QtCore import QSocketNotifier
from PySide6.QtWidgets import QApplication, QWidget

app = QApplication([])
window = QWidget()
window.setWindowTitle(sys.argv[2])
mode = sys.argv[1]
if mode == "fullscreen":
    window.showFullScreen()
elif mode == "cover":  # as big as the screen, without asking anyone for fullscreen
    window.setGeometry(app.primaryScreen().geometry())
    window.show()
else:
    window.resize(240, 160)
    window.show()
while not window.windowHandle().isExposed():  # mapped: it can take the focus
    app.processEvents()


def command():
    line = sys.stdin.readline().strip() or "quit"
    if line == "fullscreen":
        window.showFullScreen()
    elif line == "quit":
        app.quit()
    app.processEvents()
    print("ok", flush=True)


notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
notifier.activated.connect(command)
print("ready", int(window.winId()), flush=True)
app.exec()
"""


class Child:
    """A helper process that says "ready ..." once up and "ok" after each command."""

    def __init__(self, session: Desktop, script: str, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", script, *args],
            env=session.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        session.processes.append(self.process)  # ended with the desktop if a test fails
        self.ready = self._answer().split()
        assert self.ready[:1] == ["ready"], self.ready

    def _answer(self) -> str:
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], 20)
        assert ready, "the helper process did not answer"
        return self.process.stdout.readline().strip()

    def tell(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        assert self._answer() == "ok"

    def close(self) -> None:
        if self.process.poll() is None:
            self.tell("quit")
            self.process.wait(10)
        stop(self.process)


class Window(Child):
    """A real top-level window of another process: "fullscreen", "cover" or "small"."""

    def __init__(self, session: Desktop, mode: str, title: str = "Another program") -> None:
        super().__init__(session, WINDOW_SCRIPT, mode, title)
        self.id = self.ready[1]
