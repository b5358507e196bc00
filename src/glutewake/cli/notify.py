"""`glutewake test-notification`: send one sample prompt, to check that prompts reach you.

It goes the way the tray app's prompts go (the same notifier choice, from your settings), so
"I never see prompts" can be checked in a second, and it says which way it took. A tray
message needs a shown tray icon and a tray host to show it; the icon stays up for a few
seconds (or until the message is clicked) so the message can be read, since it goes with the
icon. When no way can show the prompt, it says why and exits 1.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from glutewake.cli.options import paths_of
from glutewake.core.routine_builder import History, build_routine, summary

if TYPE_CHECKING:
    from glutewake.cli.options import Subparsers

TRAY_MESSAGE_SHOWN_MS = 8000
"""How long the sample's tray icon (and with it a tray message) stays up, unless clicked."""

NO_TRAY_HOST = (
    "there is no system tray to show a tray message in, and no notification service or "
    "plyer backend either (see the notes above)"
)


def add_parsers(sub: Subparsers) -> None:
    sub.add_parser(
        "test-notification",
        help="send one sample prompt the way the app sends them, to check they reach you",
    ).set_defaults(run=_test_notification)


def _test_notification(args: argparse.Namespace) -> int:
    paths = paths_of(args)
    return send_sample_prompt(paths.config_file, sys.stdout, interval_minutes=args.app_interval)


def send_sample_prompt(
    config: Path,
    out: TextIO,
    *,
    err: TextIO | None = None,
    interval_minutes: int | None = None,
) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QSystemTrayIcon

    from glutewake.notify import prompt_note
    from glutewake.notify.choose import choose_notifier
    from glutewake.store.library_file import load_library
    from glutewake.store.paths import resolve_paths
    from glutewake.store.settings_source import read_settings
    from glutewake.ui.app_icon import app_icon
    from glutewake.ui.qt_bootstrap import gui_application

    err = err or sys.stderr
    app, _ = gui_application()  # offscreen only where no display can exist: D-Bus needs none
    settings = read_settings(config, interval_minutes=interval_minutes)
    library, _ = load_library(resolve_paths(None, config).exercises_file)
    routine = build_routine(
        library, settings.routine_minutes, settings.routine_place, History(), random.Random()
    )
    tray = QSystemTrayIcon(app_icon())
    has_tray = QSystemTrayIcon.isSystemTrayAvailable()
    if has_tray:
        tray.show()  # as the app shows it: a tray message comes from a shown icon
    notifier = choose_notifier(settings.notification_style, tray)
    if notifier.name == "tray" and not has_tray:
        err.write(f"glutewake test-notification: nothing was shown: {NO_TRAY_HOST}.\n")
        return 1
    problems: list[str] = []
    notifier.failed.connect(problems.append)
    length = max(1, round(routine.total_s / 60))
    notifier.show(prompt_note(settings.interval_minutes, f"{length} min: {summary(routine)}"))
    app.processEvents()
    if problems:
        err.write(f"glutewake test-notification: nothing was shown: {problems[0]}.\n")
        return 1
    out.write(f"Sent a sample prompt through {notifier.name}.\n")
    out.flush()
    if notifier.name == "tray":
        tray.messageClicked.connect(app.quit)
        QTimer.singleShot(TRAY_MESSAGE_SHOWN_MS, app.quit)
        app.exec()
    tray.hide()
    return 0
