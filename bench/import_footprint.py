"""Where the tray app's memory goes as it imports: resident memory after each group of imports.

Run on an X display (the tray app's Qt platform), from the repository root, e.g.:

    xvfb-run -a -s "-screen 0 1280x800x24 +extension RECORD" \
        .venv/bin/python bench/import_footprint.py

Each row imports one more group, in the order the tray app needs them, and prints VmRSS and
what the group added to anonymous memory (the Python heap, C allocations) and to file-backed
memory (shared libraries mapped and touched). A group already pulled in by an earlier one
adds nothing, so the order matters: it is the app's own. Prints a Markdown table.
"""

from __future__ import annotations

import importlib


def memory_mb() -> dict[str, float]:
    """VmRSS, RssAnon and RssFile of this process, in MB."""
    found: dict[str, float] = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "RssAnon", "RssFile"):
                found[key] = int(rest.split()[0]) / 1024
    return found


#: (what the row is, the modules it imports; "QApplication" makes the application object)
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("PySide6.QtCore", ("PySide6.QtCore",)),
    ("PySide6.QtGui", ("PySide6.QtGui",)),
    ("PySide6.QtWidgets", ("PySide6.QtWidgets",)),
    ("QApplication on the display", ("QApplication",)),
    ("PySide6.QtDBus", ("PySide6.QtDBus",)),
    ("PySide6.QtNetwork (the single-instance socket)", ("PySide6.QtNetwork",)),
    ("PySide6.QtSvg", ("PySide6.QtSvg",)),
    ("importlib.metadata (APScheduler's version and plugins)", ("importlib.metadata",)),
    ("asyncio (apscheduler.util)", ("asyncio",)),
    ("multiprocessing (apscheduler.executors.pool)", ("multiprocessing", "concurrent.futures")),
    ("the rest of apscheduler.schedulers.qt", ("apscheduler.schedulers.qt",)),
    ("pynput (keyboard and mouse)", ("pynput.keyboard", "pynput.mouse")),
    ("python-xlib", ("Xlib.display", "Xlib.ext.record", "Xlib.ext.screensaver")),
    ("plyer", ("plyer",)),
    ("tomlkit (the config writer)", ("tomlkit",)),
    ("sqlite3", ("sqlite3",)),
    (
        "glutewake.core",
        (
            "glutewake.core.engine",
            "glutewake.core.routine_builder",
            "glutewake.core.exercise_entries",
        ),
    ),
    ("every other glutewake module the tray app imports", ("glutewake.app",)),
)


def main() -> int:
    keep: list[object] = []  # the QApplication must outlive the rows after it
    before = memory_mb()
    print("| imported | RSS MB | + anonymous MB | + file-backed MB |")
    print("|---|---|---|---|")
    print(f"| Python itself | {before['VmRSS']:.1f} | | |")
    for label, modules in GROUPS:
        for name in modules:
            if name == "QApplication":
                from PySide6.QtWidgets import QApplication

                keep.append(QApplication.instance() or QApplication([]))
            else:
                importlib.import_module(name)
        now = memory_mb()
        print(
            f"| {label} | {now['VmRSS']:.1f} | +{now['RssAnon'] - before['RssAnon']:.1f}"
            f" | +{now['RssFile'] - before['RssFile']:.1f} |"
        )
        before = now
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
