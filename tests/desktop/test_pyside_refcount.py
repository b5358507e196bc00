"""Guard against the PySide6 build that leaks a reference to None on every void call.

PySide6 6.12.0 on Python 3.11 drops None's reference count by one per void Qt call and aborts
the process ("Fatal Python error: none_dealloc") after a few thousand of them: a tray app
makes that many within minutes. pyproject.toml excludes it; this proves the installed one is
sound. The check runs in a child process so a crash fails this test, not the whole run.
"""

from __future__ import annotations

import os
import subprocess
import sys

CHILD = """
import sys
from PySide6.QtCore import QObject
obj = QObject()
before = sys.getrefcount(None)
for i in range(10_000):
    obj.setObjectName(f"glutewake-{i % 7}")
after = sys.getrefcount(None)
print(before - after)
"""


def test_ten_thousand_void_qt_calls_do_not_leak_references_to_none() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, f"PySide6 crashed: {done.stderr[-2000:]}"
    lost = int(done.stdout.strip())
    assert lost < 100, f"None lost {lost} references over 10,000 calls: a leaking PySide6"
