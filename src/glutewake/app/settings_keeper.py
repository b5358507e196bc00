"""New settings take effect at once, from wherever they come: the settings window, the
welcome, the tray's "Start at login", or `glutewake config set` editing the file.

The engine gets them through the loop (the next prompt is rescheduled from the bout's start);
every other part that depends on a setting is told here, so no restart is ever needed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from glutewake.app.loop import SittingLoop
from glutewake.app.prompts import PromptDesk
from glutewake.app.recorder import HistoryRecorder
from glutewake.app.windows import Windows
from glutewake.core.settings import SettingError, Settings, apply_changes
from glutewake.notify.choose import choose_notifier
from glutewake.store.settings_source import read_settings
from glutewake.system.autostart import AutostartError, autostart_for, launch_command
from glutewake.ui.tray import Tray

log = logging.getLogger("glutewake.app")


class SettingsKeeper:
    """Saves what the user changed outside the settings file, and applies every change."""

    def __init__(
        self,
        *,
        config_file: Path,
        interval_override: int | None,
        loop: SittingLoop,
        recorder: HistoryRecorder,
        windows: Windows,
        tray: Tray,
        prompts: PromptDesk,
        sources_changed: Callable[[], None],
    ) -> None:
        self._config_file = config_file
        self._interval_override = interval_override
        self._loop = loop
        self._recorder = recorder
        self._windows = windows
        self._tray = tray
        self._prompts = prompts
        self._sources_changed = sources_changed

    def save_and_apply(self, changes: dict[str, Any], source: str) -> None:
        """Save changes the user made outside the settings window, then apply them."""
        if not changes:
            return
        # The writer brings tomlkit: imported on the first save, not at start.
        from glutewake.store.config_writer import ConfigWriteError, save_settings  # noqa: PLC0415

        current = self._loop.settings
        try:
            new = apply_changes(current, changes, source=source)
            save_settings(self._config_file, changes)
        except (SettingError, ConfigWriteError) as exc:
            log.warning("%s", exc)
            self._tray.icon.showMessage("glutewake could not save that", str(exc))
            self._tray.set_start_at_login(current.start_at_login)
            return
        self.apply(new)

    def reload(self) -> None:
        """`glutewake config set` changed the file: read it again and apply."""
        self.apply(read_settings(self._config_file, interval_minutes=self._interval_override))

    def apply(self, settings: Settings) -> None:
        """New settings take effect at once: the next prompt is rescheduled, no restart."""
        old = self._loop.settings
        if settings == old:
            return
        if settings.notification_style != old.notification_style:
            self._prompts.use(choose_notifier(settings.notification_style, self._tray.icon))
        if settings.start_at_login != old.start_at_login:
            self.sync_autostart(settings.start_at_login)
        self._tray.set_start_at_login(settings.start_at_login)
        if settings.history_retention_days != old.history_retention_days:
            self._recorder.forget_old_history(settings.history_retention_days)
        self._windows.refresh_chart(settings.interval_minutes)
        self._loop.apply_settings(settings)
        self._sources_changed()
        log.info("settings applied")

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
                self._tray.icon.showMessage("glutewake: start at login", str(exc))
