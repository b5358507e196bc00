"""The composition root: builds the real adapters and the collaborators, wires them, starts.

Built in two stages so that a second launch costs nothing: the constructor only builds
objects; `start()` claims the single-instance socket first and only then opens the history,
chooses how to notify, starts the monitors, shows the tray and arms the timers. Nothing here
decides anything: the engine decides, the collaborators carry its decisions out (see the
package docstring).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from glutewake.app.coach import Coach
from glutewake.app.day_watch import DayWatch
from glutewake.app.loop import SittingLoop, Update
from glutewake.app.prompts import Choice, PromptDesk
from glutewake.app.recorder import HistoryRecorder
from glutewake.app.settings_keeper import SettingsKeeper
from glutewake.app.spells import Spells
from glutewake.app.status_report import StatusReport
from glutewake.app.windows import Windows
from glutewake.clock import Clock
from glutewake.core.engine import SittingEngine
from glutewake.core.facts import Fact
from glutewake.core.settings import Settings
from glutewake.instance import InstanceServer
from glutewake.monitors import Monitors, start_monitors
from glutewake.notify import Notifier
from glutewake.notify.choose import choose_notifier, next_notifier
from glutewake.scheduling import JobScheduler
from glutewake.store.library_file import load_library
from glutewake.store.paths import Paths
from glutewake.ui.tray import Tray

log = logging.getLogger("glutewake.app")

#: How often the tray's words and icon are refreshed, and the clock looked at, when nothing
#: else happens.
STATUS_REFRESH_MS = 15_000
#: How often buffered history is written: a crash loses at most this much.
HISTORY_FLUSH_MS = 60_000

#: Starts the monitors and connects their facts (tests pass one that keeps them apart).
StartMonitors = Callable[[Clock, Callable[[Fact], Any], QObject | None], Monitors]


@dataclass(frozen=True, slots=True)
class AppOptions:
    data_dir: Path | None = None
    config: Path | None = None
    interval: int | None = None


@dataclass(frozen=True, slots=True)
class _Started:
    """What exists only once the app has started."""

    prompts: PromptDesk
    settings: SettingsKeeper
    monitors: Monitors


class GlutewakeApp(QObject):
    """The running app: one engine and everything that feeds it or carries out its decisions."""

    def __init__(
        self,
        options: AppOptions,
        paths: Paths,
        settings: Settings,
        clock: Clock | None = None,
        monitors: StartMonitors = start_monitors,
    ) -> None:
        super().__init__()
        self.options = options
        self.paths = paths
        self.clock = clock or Clock()  # a soak test passes a clock it can run fast
        self.engine = SittingEngine(settings, self.clock.local)
        self.scheduler = JobScheduler(self.clock.now, wall_drift=self.clock.wall_drift)
        self.loop = SittingLoop(self.engine, self.clock, self.scheduler)
        self.recorder = HistoryRecorder(paths.history_file, self.engine, self.clock)
        library, _ = load_library(paths.exercises_file)
        self.coach = Coach(library, self.loop, self.recorder, self.clock, paths.medical_note_seen)
        self.spells = Spells(self.loop, self.recorder, self.clock)
        self.day_watch = DayWatch(self.clock, self.scheduler, self.loop, self.recorder)
        self.tray = Tray()
        self.windows = Windows(
            self.recorder,
            self.today,
            paths.config_file,
            paths.welcome_seen,
            data_dir=paths.data_dir,
            problem=self.say_problem,
        )
        self.status = StatusReport(
            paths.status_file, self.loop.status_now, lambda: self.tray.sources
        )
        self.instance = InstanceServer(paths.instance_key, self.status.to_json)
        self._start_monitors = monitors
        self._started: _Started | None = None
        self._flush = QTimer(self)
        self._flush.timeout.connect(self.flush_history)
        self._refresh = QTimer(self)
        self._refresh.timeout.connect(self.every_few_seconds)

    @property
    def started(self) -> _Started:
        assert self._started is not None, "start() the app first"
        return self._started

    @property
    def notifier(self) -> Notifier:
        return self.started.prompts.notifier

    @property
    def monitors(self) -> Monitors:
        return self.started.monitors

    # -- start and stop ----------------------------------------------------------------------
    def start(self) -> bool:
        """Start, unless another glutewake already runs for this data folder (then False)."""
        if not self.instance.listen():
            return False
        self.recorder.open()
        prompts = PromptDesk(
            self.loop,
            self.recorder,
            self.coach,
            choose_notifier(self.engine.settings.notification_style, self.tray.icon),
            lambda failed: next_notifier(failed, self.tray.icon),
        )
        settings = SettingsKeeper(
            config_file=self.paths.config_file,
            interval_override=self.options.interval,
            loop=self.loop,
            recorder=self.recorder,
            windows=self.windows,
            tray=self.tray,
            prompts=prompts,
            sources_changed=self.describe_sources,
        )
        # Everyone who carries out the engine's decisions, in the order they hear them.
        self.loop.subscribe(self.recorder.on_update)
        self.loop.subscribe(prompts.on_update)
        self.loop.subscribe(self.show_update)
        self.loop.subscribe(self.status.on_update)
        monitors = self._start_monitors(self.clock, self.loop.feed, None)
        self._started = _Started(prompts, settings, monitors)
        self._connect()
        self.describe_sources()
        self.tray.show()
        self.tray.set_start_at_login(self.engine.settings.start_at_login)
        settings.sync_autostart(self.engine.settings.start_at_login, quiet=True)
        if self.windows.welcome_due():
            QTimer.singleShot(0, self.open_welcome)
        self.scheduler.start()
        self._flush.start(HISTORY_FLUSH_MS)
        self._refresh.start(STATUS_REFRESH_MS)
        self.day_watch.at_midnight()
        log.info("glutewake started: %s", self.tray.sources)
        return True

    def quit(self) -> None:
        """Quit: write everything down, let go of the desktop, and end the event loop."""
        self.stop()
        QApplication.quit()

    def stop(self) -> None:
        """Everything `quit` does but ending the event loop (tests, and quit itself)."""
        for timer in (self._flush, self._refresh):
            timer.stop()
        if self._started is not None:
            self.status.save(self.clock.now())
            self._started.prompts.close()
            self.recorder.close()
            self._started.monitors.stop()
        self.windows.close()
        self.scheduler.shutdown()
        self.instance.close()

    def _connect(self) -> None:
        tray, coach, spells, instance = self.tray, self.coach, self.spells, self.instance
        prompts, settings = self.started.prompts, self.started.settings
        tray.start_routine.connect(coach.start_next)
        tray.pre_run.connect(coach.start_pre_run)
        tray.walk.connect(coach.start_walk)
        tray.snooze.connect(lambda: prompts.on_choice(Choice.SNOOZE))
        tray.answered.connect(
            lambda away: prompts.on_choice(Choice.AWAY if away else Choice.SEATED)
        )
        prompts.asking.connect(tray.ask)
        prompts.notifier_changed.connect(self.notifier_changed)
        tray.pause_for.connect(spells.pause_for)
        tray.pause_until_tomorrow.connect(spells.pause_until_tomorrow)
        tray.resume.connect(spells.resume)
        tray.standing_toggled.connect(spells.set_standing)
        tray.open_chart.connect(self.open_chart)
        tray.open_settings.connect(self.open_settings)
        tray.open_welcome.connect(self.open_welcome)
        tray.start_at_login_toggled.connect(
            lambda on: settings.save_and_apply({"start_at_login": on}, "Start at login")
        )
        tray.quit_requested.connect(self.quit)
        instance.chart_requested.connect(self.open_chart)
        instance.reload_requested.connect(settings.reload)
        instance.show_requested.connect(self.show_status_message)

    # -- the loop and the clock ----------------------------------------------------------------
    def on_fact(self, fact: Fact) -> None:
        self.loop.feed(fact)

    def wake(self) -> None:
        self.loop.wake()

    def show_update(self, update: Update) -> None:
        self.tray.update_status(update.status)
        self.tray.set_standing(update.standing)

    def every_few_seconds(self) -> None:
        self.day_watch.look()
        self.loop.refresh()

    def flush_history(self) -> None:
        self.recorder.flush()
        self.windows.refresh_chart()  # the chart keeps up while it is open

    def record_bouts(self) -> None:
        self.recorder.record_bouts()

    def today(self) -> date:
        return self.clock.local(self.clock.now()).date()

    # -- windows -----------------------------------------------------------------------------
    def open_chart(self) -> None:
        self.windows.open_chart(self.engine.settings.interval_minutes)

    def open_settings(self) -> None:
        self.windows.open_settings(self.engine.settings, self.started.settings.apply)

    def open_welcome(self) -> None:
        self.windows.open_welcome(
            self.engine.settings,
            self.tray.icon.icon().pixmap(48, 48),
            lambda changes: self.started.settings.save_and_apply(changes, "Welcome"),
        )

    # -- what the user is told ---------------------------------------------------------------
    def describe_sources(self, notifications: str | None = None) -> None:
        """The tray's line on what glutewake sees and how it notifies."""
        seen = self.monitors.describe()
        self.tray.sources = f"{seen}; notifications: {notifications or self.notifier.name}"

    def notifier_changed(self, message: str) -> None:
        """A notifier failed: say so in the tray's words, and in a tray message if it can."""
        self.describe_sources(message)
        self.tray.update_status(self.loop.status_now())  # the tooltip and menu say it at once
        if self.tray.icon.isVisible() and self.notifier.name != "tray":
            self.tray.icon.showMessage("glutewake: notifications", message)

    def say_problem(self, message: str) -> None:
        """Something the user asked for did not happen: the log, and a tray message."""
        log.warning("%s", message)
        if self.tray.icon.isVisible():
            self.tray.icon.showMessage("glutewake", message)

    def show_status_message(self) -> None:
        self.tray.icon.showMessage("glutewake is running", self.loop.status_now().headline())
