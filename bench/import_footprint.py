"""Where the tray app's memory goes as it imports: resident memory after each group of imports.

Run on an X display (the tray app's Qt platform), from the repository root, e.g.:

    xvfb-run -a -s "-screen 0 1280x800x24 +extension RECORD" \
        .venv/bin/python bench/import_footprint.py

Each row imports one more group, in the order the tray app needs them, and prints VmRSS and
what the group added to anonymous memory (the Python heap, C allocations) and to file-backed
memory (shared libraries mapped and touched). A group already pulled in by an earlier one
adds nothing, so the order matters: it is the app's own. A second table adds, on top, what
the tray loads only when first used (or never), to show what each would cost at start.
Prints Markdown tables.
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


#: (what the row is, the modules it imports; "QApplication" makes the application object,
#: "start-up" takes the tray app's two start-up measures: ssl refused, PySide's check uncached)
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("PySide6.QtCore, with the tray's start-up measures", ("start-up",)),
    ("PySide6.QtGui", ("PySide6.QtGui",)),
    ("PySide6.QtWidgets", ("PySide6.QtWidgets",)),
    ("QApplication on the display", ("QApplication",)),
    ("PySide6.QtDBus", ("PySide6.QtDBus",)),
    ("importlib.metadata (APScheduler's version and plugins)", ("importlib.metadata",)),
    ("asyncio, without ssl (apscheduler.util)", ("asyncio",)),
    ("multiprocessing (apscheduler.executors.pool)", ("multiprocessing", "concurrent.futures")),
    ("the rest of apscheduler.schedulers.qt", ("apscheduler.schedulers.qt",)),
    ("pynput (keyboard and mouse)", ("pynput.keyboard", "pynput.mouse")),
    ("python-xlib", ("Xlib.display", "Xlib.ext.record", "Xlib.ext.screensaver")),
    ("sqlite3", ("sqlite3",)),
    (
        "glutewake.core",
        (
            "glutewake.core.engine",
            "glutewake.core.routine_builder",
            "glutewake.core.exercise_entries",
        ),
    ),
    ("every other glutewake module the tray app imports", ("glutewake.app", "glutewake.cli.main")),
)

#: Loaded only when first used (or never, in the tray): what each would add on top.
LATER: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("plyer (only where D-Bus notifications do not work)", ("plyer",)),
    ("tomlkit (the config writer, on the first save)", ("glutewake.store.config_writer",)),
    (
        "the settings window and the welcome",
        ("glutewake.ui.settings_dialog", "glutewake.ui.welcome"),
    ),
    ("the routine window, with QtSvg", ("glutewake.ui.routine_window",)),
    ("hashlib (OpenSSL; the tray hashes with Python's own SHA-256)", ("hashlib",)),
    ("PySide6.QtNetwork (never: the instance socket is Python's own)", ("PySide6.QtNetwork",)),
)


def _import(name: str, keep: list[object]) -> None:
    if name == "start-up":
        from glutewake.no_tls import refuse_tls
        from glutewake.ui.pyside_sources import read_sources_uncached

        refuse_tls()
        read_sources_uncached()
    elif name == "QApplication":
        from PySide6.QtWidgets import QApplication

        keep.append(QApplication.instance() or QApplication([]))
    else:
        importlib.import_module(name)


def _rows(groups: tuple[tuple[str, tuple[str, ...]], ...], keep: list[object]) -> None:
    before = memory_mb()
    for label, modules in groups:
        for name in modules:
            _import(name, keep)
        now = memory_mb()
        print(
            f"| {label} | {now['VmRSS']:.1f} | +{now['RssAnon'] - before['RssAnon']:.1f}"
            f" | +{now['RssFile'] - before['RssFile']:.1f} |"
        )
        before = now


def main() -> int:
    keep: list[object] = []  # the QApplication must outlive the rows after it
    print("| imported at start | RSS MB | + anonymous MB | + file-backed MB |")
    print("|---|---|---|---|")
    print(f"| Python itself | {memory_mb()['VmRSS']:.1f} | | |")
    _rows(GROUPS, keep)
    print()
    print("| loaded only when used, on top | RSS MB | + anonymous MB | + file-backed MB |")
    print("|---|---|---|---|")
    _rows(LATER, keep)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
