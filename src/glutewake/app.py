"""The composition root: builds the real adapters, wires them to the core, runs the Qt loop.

Facts from the monitors go into the sitting engine; the engine says when to prompt and when
it next needs a look, which the scheduler turns into a timer; prompts go to the notifier and
the answers come back as policy actions. Nothing else in the app decides anything.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import random
import signal
import socket
import sys
import time
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSocketNotifier, Qt, QTimer
from PySide6.QtWidgets import QApplication

from glutewake.clock import Clock, local_zone
from glutewake.core.engine import SittingEngine
from glutewake.core.estimator import Bout
from glutewake.core.facts import (
    Answer,
    Fact,
    Pause,
    RoutineBreak,
    Session,
    SessionChange,
    Standing,
)
from glutewake.core.policy import Prompt
from glutewake.core.routine_builder import (
    History,
    Routine,
    RoutineOutcome,
    build_routine,
    level_for,
    pre_run_routine,
    summary,
    walk_routine,
)
from glutewake.core.settings import SettingError, Settings, apply_changes, with_overrides
from glutewake.core.status import status_of
from glutewake.history_view import HistoryView
from glutewake.instance import InstanceServer, ask_running
from glutewake.monitors import start_monitors
from glutewake.notify import Notifier, prompt_note, question_note
from glutewake.notify.choose import choose_notifier
from glutewake.scheduling import JobScheduler
from glutewake.store.config_file import read_config
from glutewake.store.config_writer import ConfigWriteError, save_settings
from glutewake.store.history import HistoryStore, PromptRecord, SpellRecord
from glutewake.store.library_file import illustration_path, load_library
from glutewake.store.paths import Paths, ensure_private_dir, resolve_paths
from glutewake.store.status_file import write_status
from glutewake.system.autostart import AutostartError, autostart_for, launch_command
from glutewake.ui.app_icon import APP_ID, app_icon
from glutewake.ui.routine_window import RoutineWindow, StepView
from glutewake.ui.settings_dialog import SettingsDialog
from glutewake.ui.tray import Tray
from glutewake.ui.welcome import WelcomeDialog

if TYPE_CHECKING:
    from glutewake.ui.chart_window import ChartWindow

log = logging.getLogger("glutewake.app")

#: How often the tray's words and icon are refreshed while nothing else happens.
STATUS_REFRESH_MS = 15_000
#: Completed routines count toward the difficulty level over this many seconds (4 weeks).
LEVEL_WINDOW_S = 28 * 86400.0
#: How often buffered history is written: a crash loses at most this much.
HISTORY_FLUSH_MS = 60_000
#: A wall-clock move larger than this is a jump (a manual change), not NTP's slewing.
WALL_JUMP_S = 30.0
#: How often the last known status is saved for `glutewake status`.
STATUS_SAVE_S = 60.0


@dataclass(frozen=True, slots=True)
class AppOptions:
    data_dir: Path | None = None
    config: Path | None = None
    interval: int | None = None


class GlutewakeApp(QObject):
    """The running app: one engine, its monitors, scheduler, notifier and tray."""

    def __init__(
        self, options: AppOptions, paths: Paths, settings: Settings, clock: Clock | None = None
    ) -> None:
        super().__init__()
        self.paths = paths
        self.clock = clock or Clock()  # a soak test passes a clock it can run fast
        self.engine = SittingEngine(settings, self.clock.local)
        self.tray = Tray()
        self.notifier: Notifier = choose_notifier(settings.notification_style, self.tray.icon)
        self.notifier.action.connect(self.on_action)
        self.scheduler = JobScheduler(self.clock.now, wall_drift=self.clock.wall_drift)
        self.monitors = start_monitors(self.clock, self.on_fact)
        self.tray.sources = f"{self.monitors.describe()}; notifications: {self.notifier.name}"
        self.instance = InstanceServer(paths.instance_key, self.status_json)
        self._showing: str | None = None  # "prompt" or "question" while one is on screen
        self._asked: float | None = None  # spell_start of the last question asked
        opened = HistoryStore.open(paths.history_file, now=self.clock.now())
        self.history = opened.store
        if opened.problem:
            log.warning("%s", opened.problem)
        carried = self.history.open_bout()
        if carried is not None:
            # The last run stopped mid-bout; back within a break's length, it goes on.
            self.engine.estimator.carry_on(carried)
        # Closed bouts already handed to the history, with the start they were stored under.
        self._recorded: list[tuple[Bout, float]] = []
        self._prompt: Prompt | None = None  # the prompt on screen, until its answer is known
        self._spells: dict[str, float] = {}  # standing / paused spells in progress
        self._flush = QTimer(self)
        self._flush.timeout.connect(self.flush_history)
        self._flush.start(HISTORY_FLUSH_MS)
        self.library, _ = load_library(paths.config_file.parent / "exercises.toml")
        self._rng = random.Random()
        self._routine: Routine | None = None
        self._window: RoutineWindow | None = None
        self._scheduled_wake: float | None = None
        self._charts: ChartWindow | None = None  # built when first opened
        self._settings_dialog: SettingsDialog | None = None
        self._welcome: WelcomeDialog | None = None
        self.options = options
        self._saved_at = 0.0
        self._signal_sockets: tuple[socket.socket, socket.socket] | None = None
        self._connect_tray()
        self._refresh = QTimer(self)
        self._refresh.timeout.connect(self.every_few_seconds)
        self._zone = _zone_now()
        self._drift = self.clock.wall_drift()
        self._refresh.start(STATUS_REFRESH_MS)

    # -- start and stop --------------------------------------------------------------------
    def start(self) -> bool:
        if not self.instance.listen():
            return False
        self.tray.show()
        self.tray.set_start_at_login(self.engine.settings.start_at_login)
        self.sync_autostart(self.engine.settings.start_at_login, quiet=True)
        if not self.paths.welcome_seen.exists():
            QTimer.singleShot(0, self.open_welcome)
        self.scheduler.start()
        self.at_midnight()
        self.after_change()
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
        self.save_status(force=True)
        self.resolve_prompt("ignored")
        now = self.clock.now()
        self.engine.finish(now)  # the bout in progress ends at the last activity
        self.record_bouts()
        for kind in list(self._spells):
            self.end_spell(kind, now)
        self.history.set_open_bout(None)
        self.history.close()
        self.notifier.withdraw()
        self.monitors.stop()
        self.scheduler.shutdown()
        self.instance.close()

    # -- the loop ------------------------------------------------------------------------
    def on_fact(self, fact: Fact) -> None:
        self.show_prompts(self.engine.feed(fact))
        if isinstance(fact, Session) and fact.change is SessionChange.RESUME:
            self.scheduler.recheck()  # Qt timers stood still while the machine slept
        self.after_change()

    def wake(self) -> None:
        self._scheduled_wake = None
        self.show_prompts(self.engine.run_until(self.clock.now()))
        self.after_change()

    def at_midnight(self) -> None:
        """A new local day: redraw, and arm the next rollover (DST-safe: asks the zone)."""
        now = self.clock.now()
        self.scheduler.at("midnight", self.engine.policy.next_local_midnight(now), self.at_midnight)
        self.forget_old_history(self.engine.settings.history_retention_days)
        self.record_bouts()  # everything closed is in the history before memory lets it go
        dropped = self.engine.forget_before(now - 86400.0)
        del self._recorded[:dropped]
        self.after_change()

    def every_few_seconds(self) -> None:
        """Notice a new time zone or a wall-clock jump, then refresh as usual.

        Either moves the user's local day against the steady timeline: working hours and the
        next midnight are worked out again.
        """
        time.tzset()  # a running process otherwise keeps the zone it started with
        zone, drift = _zone_now(), self.clock.wall_drift()
        if zone != self._zone or abs(drift - self._drift) > WALL_JUMP_S:
            log.info(
                "time zone %s -> %s, wall clock moved %+.0f s",
                self._zone[1],
                zone[1],
                drift - self._drift,
            )
            self._zone, self._drift = zone, drift
            self.engine.apply_settings(self.engine.settings, self.clock.now())  # new day bounds
            self.at_midnight()
        self.after_change()

    def flush_history(self) -> None:
        """Write what is buffered, with the bout in progress, so a crash loses a minute at most."""
        self.record_bouts()
        self.history.set_open_bout(self.on_wall(self.engine.estimator.open_bout))
        self.history.flush()
        if self._charts is not None and self._charts.isVisible():
            self._charts.refresh()  # the chart keeps up while it is open

    def forget_old_history(self, retention_days: int) -> None:
        """Drop history older than the user keeps (0 keeps everything)."""
        if retention_days > 0:
            deleted = self.history.forget_before(
                self.wall(self.clock.now()) - retention_days * 86400.0
            )
            if deleted:
                log.info("history: forgot %d records older than %d days", deleted, retention_days)

    def wall(self, t: float) -> float:
        """A timeline moment as wall-clock UTC, for the history and for what the user reads.

        The engine runs on the steady timeline, so a wall-clock jump never makes sitting
        negative or phantom; the record is kept in the wall time the user's clock shows.
        """
        return t + self.clock.wall_drift()

    def on_wall(self, bout: Bout | None) -> Bout | None:
        if bout is None:
            return None
        drift = self.clock.wall_drift()
        return Bout(bout.start + drift, bout.end + drift, bout.ended_by)

    def record_bouts(self) -> None:
        """Hand newly closed bouts to the history; take back one an answer joined to the next."""
        bouts = self.engine.estimator.bouts
        while self._recorded and (
            len(bouts) < len(self._recorded)
            or bouts[len(self._recorded) - 1] != self._recorded[-1][0]
        ):
            self.history.forget_bout(self._recorded.pop()[1])
        for bout in bouts[len(self._recorded) :]:
            stored = self.on_wall(bout)
            assert stored is not None
            self.history.add_bout(stored)
            self._recorded.append((bout, stored.start))

    def resolve_prompt(self, response: str) -> None:
        """Record what the user did with the prompt on screen (once)."""
        prompt, self._prompt = self._prompt, None
        if prompt is None:
            return
        self.history.add_prompt(
            PromptRecord(
                at=self.wall(prompt.at),
                bout_start=self.wall(prompt.bout_start),
                sitting_s=prompt.sitting_s,
                repeat=prompt.repeat,
                catch_up=prompt.catch_up,
                response=response,
                routine_id=self._routine.id if self._routine else None,
            )
        )

    def start_spell(self, kind: str, now: float) -> None:
        self._spells.setdefault(kind, now)

    def end_spell(self, kind: str, now: float) -> None:
        start = self._spells.pop(kind, None)
        if start is not None and now > start:
            self.history.add_spell(SpellRecord(kind, self.wall(start), self.wall(now)))

    def show_prompts(self, prompts: list[Prompt]) -> None:
        if not prompts:
            return
        prompt = prompts[-1]  # a burst collapses to the latest one
        self.resolve_prompt("ignored")  # a new prompt replaces one left unanswered
        self._prompt = prompt
        self._routine = self.next_routine()
        minutes = int(prompt.sitting_s // 60)
        length = max(1, round(self._routine.total_s / 60))
        self.notifier.show(prompt_note(minutes, f"{length} min: {summary(self._routine)}"))
        self._showing = "prompt"
        log.info("prompted after %d minutes of sitting (repeat %d)", minutes, prompt.repeat)

    def after_change(self) -> None:
        """After anything happened: withdraw stale prompts, ask questions, reschedule, redraw."""
        now = self.clock.now()
        est = self.engine.estimator
        self.record_bouts()
        if "paused" in self._spells and self.engine.policy.paused_until(now) is None:
            self.end_spell("paused", now)  # the pause ran out on its own
        if self._showing == "prompt" and est.bout_start is None:
            self.notifier.withdraw()  # a break began: the prompt has done its job
            self._showing = None
            self.resolve_prompt("ignored")
        question = est.pending_question
        if (
            question is not None
            and self._showing is None
            and self._asked != question.spell_start
            and est.bout_start is not None  # ask only once the user is back
        ):
            self.notifier.show(question_note(max(1, question.minutes)))
            self.tray.ask(max(1, question.minutes))
            self._showing = "question"
            self._asked = question.spell_start
        if question is None:
            self.tray.ask(None)
        wake = self.engine.next_wake()
        # While the user types, the moment they would count as away moves a second later
        # every second; re-arming the timer each time would cost more than everything else.
        # A timer that fires early finds nothing to do and arms the right moment then.
        scheduled = self._scheduled_wake
        if wake is not None and (scheduled is None or wake < scheduled or scheduled < now):
            self.scheduler.at("wake", wake, self.wake)
            self._scheduled_wake = wake
        status = status_of(self.engine, now)
        self.tray.update_status(status)
        self.tray.set_standing(est.standing)
        self.save_status()

    # -- the user's answers ----------------------------------------------------------------
    def on_action(self, key: str) -> None:
        now = self.clock.now()
        policy = self.engine.policy
        if key == "start":
            self.resolve_prompt("done")
            self.start_routine()
        elif key == "snooze":
            self.resolve_prompt("snoozed")
            policy.snooze(now)
        elif key == "skip":
            self.resolve_prompt("skipped")
            policy.skip(now)
        elif key == "dismissed":
            self.resolve_prompt("dismissed")
        elif key in ("yes", "no"):
            question = self.engine.estimator.pending_question
            if question is not None:
                self.engine.feed(Answer(now, question.spell_start, away=key == "yes"))
        self._showing = None
        self.engine.refresh(now)
        self.after_change()

    def next_routine(self) -> Routine:
        """A routine for the user's budget and place that differs from the last one."""
        settings = self.engine.policy.settings
        last, completed = self.recent_routines()
        if self._routine is not None:
            last = self._routine.id
        history = History(last, completed, level_for(completed))
        try:
            return build_routine(
                self.library, settings.routine_minutes, settings.routine_place, history, self._rng
            )
        except ValueError as exc:  # a custom library that cannot make one: walk instead
            log.warning("no routine could be built (%s); offering a walk", exc)
            return walk_routine(2)

    def start_routine(self, routine: Routine | None = None) -> None:
        """Open the guided routine; its end is recorded and counts as a prompted break."""
        self.notifier.withdraw()
        self._showing = None
        routine = routine or self._routine or self.next_routine()
        self._routine = routine
        if self._window is not None:
            self._window.finish()
        first_time = not self.paths.medical_note_seen.exists()
        self._window = RoutineWindow(
            routine.id,
            routine.title,
            self.step_views(routine),
            self.clock.now,
            show_medical_note=first_time,
        )
        self._window.finished.connect(self.routine_finished)
        self._window.show()
        if first_time:
            with contextlib.suppress(OSError):
                self.paths.medical_note_seen.touch(mode=0o600)
        log.info("routine %s started", routine.id)

    def step_views(self, routine: Routine) -> list[StepView]:
        views = []
        for step in routine.steps:
            exercise = self.library.exercises.get(step.exercise_id)
            cues = exercise.cues if exercise is not None else None
            views.append(
                StepView(
                    name=step.name,
                    side=step.side,
                    reps=step.reps,
                    hold_s=step.hold_s,
                    seconds=step.seconds,
                    setup=cues.setup if cues else "",
                    movement=cues.movement if cues else "",
                    mistake=cues.mistake if cues else "",
                    illustration=illustration_path(exercise) if exercise is not None else None,
                )
            )
        return views

    def recent_routines(self) -> tuple[str | None, int]:
        """The last routine done or tried, and how many were completed in four weeks."""
        done = self.history.routines_since(self.wall(self.clock.now()) - LEVEL_WINDOW_S)
        last = done[-1].routine_id if done else None
        return last, sum(1 for r in done if r.outcome == "done")

    def routine_finished(self, outcome: RoutineOutcome) -> None:
        self._window = None
        drift = self.clock.wall_drift()
        self.history.add_routine(
            replace(outcome, started=outcome.started + drift, ended=outcome.ended + drift)
        )
        self.history.flush()
        if outcome.outcome != "skipped":
            self.on_fact(RoutineBreak(outcome.ended, started=outcome.started))
        log.info("routine %s: %s", outcome.routine_id, outcome.outcome)

    def _connect_tray(self) -> None:
        tray = self.tray
        tray.start_routine.connect(self.start_routine_from_menu)
        tray.snooze.connect(lambda: self.on_action("snooze"))
        tray.pre_run.connect(self.start_pre_run)
        tray.walk.connect(self.start_walk)
        tray.pause_for.connect(self.pause_for)
        tray.pause_until_tomorrow.connect(self.pause_until_tomorrow)
        tray.resume.connect(self.resume)
        tray.standing_toggled.connect(self.set_standing)
        tray.open_chart.connect(self.open_chart)
        self.instance.chart_requested.connect(self.open_chart)
        tray.open_settings.connect(self.open_settings)
        tray.open_welcome.connect(self.open_welcome)
        tray.start_at_login_toggled.connect(
            lambda on: self.save_and_apply({"start_at_login": on}, "Start at login")
        )
        self.instance.reload_requested.connect(self.reload_settings)
        tray.quit_requested.connect(self.quit)
        self.instance.show_requested.connect(self.show_status_message)
        tray.answered.connect(lambda away: self.on_action("yes" if away else "no"))

    def start_routine_from_menu(self) -> None:
        self.start_routine(self.next_routine())

    def start_pre_run(self) -> None:
        completed = self.recent_routines()[1]
        self.start_routine(pre_run_routine(self.library, level_for(completed)))

    def start_walk(self) -> None:
        self.start_routine(walk_routine(2))

    def pause_for(self, minutes: int) -> None:
        now = self.clock.now()
        self.start_spell("paused", now)
        self.on_fact(Pause(now, now + minutes * 60.0))

    def pause_until_tomorrow(self) -> None:
        now = self.clock.now()
        self.start_spell("paused", now)
        self.on_fact(Pause(now, self.engine.policy.next_local_midnight(now)))

    def resume(self) -> None:
        now = self.clock.now()
        self.end_spell("paused", now)
        self.on_fact(Pause(now, None))

    def set_standing(self, standing: bool) -> None:
        now = self.clock.now()
        if standing != self.engine.estimator.standing:
            if standing:
                self.start_spell("standing", now)
            else:
                self.end_spell("standing", now)
            self.on_fact(Standing(now, standing))

    def open_chart(self) -> None:
        """Show today's chart; pyqtgraph is loaded the first time, not at start-up."""
        self.flush_history()
        if self._charts is None:
            from glutewake.ui.chart_window import ChartWindow  # noqa: PLC0415 (pyqtgraph)

            view = HistoryView(
                self.history,
                local_zone(),
                self.engine.settings.interval_minutes,
                live_bout=lambda: self.on_wall(self.engine.estimator.open_bout),
            )
            self._charts = ChartWindow(view, today=self.today)
        else:
            self._charts.go_to(self.today())
        self._charts.show()
        self._charts.raise_()
        self._charts.activateWindow()

    def today(self) -> date:
        return self.clock.local(self.clock.now()).date()

    def open_settings(self) -> None:
        """The settings window; OK saves the file and applies at once (no restart)."""
        if self._settings_dialog is not None and self._settings_dialog.isVisible():
            self._settings_dialog.raise_()
            self._settings_dialog.activateWindow()
            return
        dialog = SettingsDialog(self.engine.settings, self.paths.config_file)
        dialog.applied.connect(self.apply_settings)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._settings_dialog = dialog
        dialog.show()

    def open_welcome(self) -> None:
        """The first-run welcome (and again from the tray); seen once it is closed."""
        if self._welcome is not None and self._welcome.isVisible():
            self._welcome.raise_()
            return
        dialog = WelcomeDialog(self.engine.settings, self.tray.icon.icon().pixmap(48, 48))
        dialog.chosen.connect(lambda changes: self.save_and_apply(changes, "Welcome"))
        dialog.finished.connect(lambda _result: self._mark_welcome_seen())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._welcome = dialog
        dialog.show()

    def _mark_welcome_seen(self) -> None:
        try:
            self.paths.welcome_seen.touch(mode=0o600)
        except OSError as exc:
            log.warning("could not note that the welcome was seen: %s", exc)

    def save_and_apply(self, changes: dict[str, Any], source: str) -> None:
        """Save changes the user made outside the settings window, then apply them."""
        if not changes:
            return
        try:
            new = apply_changes(self.engine.settings, changes, source=source)
            save_settings(self.paths.config_file, changes)
        except (SettingError, ConfigWriteError) as exc:
            log.warning("%s", exc)
            self.tray.icon.showMessage("glutewake could not save that", str(exc))
            self.tray.set_start_at_login(self.engine.settings.start_at_login)
            return
        self.apply_settings(new)

    def reload_settings(self) -> None:
        """`glutewake config set` changed the file: read it again and apply."""
        self.apply_settings(load_settings(self.options, self.paths))

    def apply_settings(self, settings: Settings) -> None:
        """New settings take effect at once: the next prompt is rescheduled, no restart."""
        old = self.engine.settings
        if settings == old:
            return
        now = self.clock.now()
        self.engine.apply_settings(settings, now)
        if settings.notification_style != old.notification_style:
            self.notifier.withdraw()
            self.notifier = choose_notifier(settings.notification_style, self.tray.icon)
            self.notifier.action.connect(self.on_action)
            self._showing = None
        if settings.start_at_login != old.start_at_login:
            self.sync_autostart(settings.start_at_login)
        self.tray.set_start_at_login(settings.start_at_login)
        if settings.history_retention_days != old.history_retention_days:
            self.forget_old_history(settings.history_retention_days)
        if self._charts is not None:
            self._charts.view.interval_minutes = settings.interval_minutes
            if self._charts.isVisible():
                self._charts.refresh()
        self.tray.sources = f"{self.monitors.describe()}; notifications: {self.notifier.name}"
        log.info("settings applied")
        self.after_change()

    def sync_autostart(self, enabled: bool, *, quiet: bool = False) -> None:
        """Make the login entry match the setting; `quiet` at start (no pop-up, just a log)."""
        entry = autostart_for()
        try:
            if enabled:
                entry.enable(launch_command())
            elif entry.is_enabled():
                entry.disable()
        except AutostartError as exc:
            if quiet:  # at start: a user's own entry is theirs to keep, nothing to shout about
                log.info("start at login: %s", exc)
            else:
                log.warning("start at login: %s", exc)
                self.tray.icon.showMessage("glutewake: start at login", str(exc))

    def show_status_message(self) -> None:
        status = status_of(self.engine, self.clock.now())
        self.tray.icon.showMessage("glutewake is running", status.headline())

    # -- status ----------------------------------------------------------------------------
    def status_json(self) -> dict[str, Any]:
        status = status_of(self.engine, self.clock.now())
        return {**status.to_json(), "running": True, "sources": self.tray.sources}

    def save_status(self, force: bool = False) -> None:
        now = self.clock.now()
        if force or now - self._saved_at >= STATUS_SAVE_S:
            self._saved_at = now
            write_status(self.paths.status_file, {**self.status_json(), "running": False})


def load_settings(options: AppOptions, paths: Paths) -> Settings:
    config = read_config(paths.config_file)  # problems are logged there, the file is untouched
    settings = config.settings
    if options.interval is not None:
        settings = with_overrides(settings, interval_minutes=options.interval)
    return settings


def run_app(options: AppOptions) -> int:
    """`glutewake`: run the tray app until Quit."""
    paths = resolve_paths(options.data_dir, options.config)
    # Everything the app creates (history, logs and their rotations, status, markers) is
    # readable by its owner only, whichever code creates it.
    os.umask(0o077)
    headless = _without_a_display()
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qt_app, QApplication)
    qt_app.setApplicationName("glutewake")
    qt_app.setDesktopFileName(APP_ID)  # ties windows to the installed .desktop file
    qt_app.setWindowIcon(app_icon())
    qt_app.setQuitOnLastWindowClosed(False)
    if ask_running(paths.instance_key, "show") is not None:
        print("glutewake is already running; it will show its status.")
        return 0
    sys.excepthook = _log_uncaught
    try:
        ensure_private_dir(paths.data_dir)
        _log_to_file(paths.data_dir / "glutewake.log")
    except OSError as exc:
        # Reminders matter more than the record: run, keep history in memory, and say so.
        log.warning(
            "cannot use the data folder %s (%s): history is kept in memory only this session "
            "and nothing is logged to a file; choose another folder with --data-dir",
            paths.data_dir,
            exc.strerror or exc,
        )
    if headless:
        log.warning("%s", NO_DISPLAY)
    app = GlutewakeApp(options, paths, load_settings(options, paths))
    if not app.start():
        print("glutewake is already running.")
        return 0
    _quit_on_signals(app)
    return qt_app.exec()


def _zone_now() -> tuple[int, str]:
    now = time.localtime()
    return now.tm_gmtoff, now.tm_zone


NO_DISPLAY = (
    "no display (neither DISPLAY nor WAYLAND_DISPLAY is set): running without a tray icon or "
    "windows; prompts go to the desktop's notification service if there is one, and lock, "
    "suspend and the session's idle counter are still recorded where they can be seen"
)


def _without_a_display() -> bool:
    """On Linux and the BSDs with no display at all, run Qt offscreen instead of aborting."""
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return False
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return True


def _log_to_file(path: Path) -> None:
    """What the app chose and why (notification path, monitors, problems), kept small.

    Only moments, counts and reasons are logged: never keys, text, windows or positions.
    """
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=512_000, backupCount=2)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    root = logging.getLogger("glutewake")
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    with contextlib.suppress(OSError):
        path.chmod(0o600)


def _log_uncaught(kind: type[BaseException], error: BaseException, tb: Any) -> None:
    """An error in a Qt slot or a scheduled job is logged with its traceback; the app goes on."""
    log.error("unexpected error", exc_info=(kind, error, tb))


def _quit_on_signals(app: GlutewakeApp) -> None:
    """SIGTERM and SIGINT quit cleanly, without a polling timer waking the process.

    Python runs signal handlers only when it gets control; the wakeup fd makes the Qt loop
    hand it control the moment a signal arrives.
    """
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def drain() -> None:
        with contextlib.suppress(BlockingIOError):
            reader.recv(64)

    notifier.activated.connect(drain)
    app._signal_sockets = (reader, writer)  # keep them open as long as the app lives
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    signal.signal(signal.SIGINT, lambda *_: app.quit())
