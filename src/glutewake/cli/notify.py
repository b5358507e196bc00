"""`glutewake test-notification`: send one sample prompt, to check that prompts reach you.

It goes the way the tray app's prompts go (the same notifier choice, from your settings), so
"I never see prompts" can be checked in a second, and it says which way it took.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from glutewake.cli.options import paths_of
from glutewake.core.routine_builder import History, build_routine, summary
from glutewake.store.config_file import read_config
from glutewake.store.library_file import load_library

if TYPE_CHECKING:
    from glutewake.cli.options import Subparsers


def add_parsers(sub: Subparsers) -> None:
    sub.add_parser(
        "test-notification",
        help="send one sample prompt the way the app sends them, to check they reach you",
    ).set_defaults(
        run=lambda args: test_notification_command(paths_of(args).config_file, sys.stdout)
    )


def test_notification_command(config: Path, out: TextIO) -> int:
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # D-Bus needs no display
    from PySide6.QtWidgets import QApplication, QSystemTrayIcon

    from glutewake.notify import prompt_note
    from glutewake.notify.choose import choose_notifier

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert app is not None
    settings = read_config(config).settings
    library, _ = load_library(config.parent / "exercises.toml")
    routine = build_routine(
        library, settings.routine_minutes, settings.routine_place, History(), random.Random()
    )
    tray = QSystemTrayIcon()
    notifier = choose_notifier(settings.notification_style, tray)
    length = max(1, round(routine.total_s / 60))
    notifier.show(prompt_note(settings.interval_minutes, f"{length} min: {summary(routine)}"))
    app.processEvents()
    out.write(f"Sent a sample prompt through {notifier.name}.\n")
    return 0
