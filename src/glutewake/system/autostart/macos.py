"""macOS: a LaunchAgent property list in `~/Library/LaunchAgents`, named after our label.

launchd runs glutewake once when it loads the agent at login (RunAtLoad) and never restarts
it. A file there whose Label is not ours is never rewritten or removed.
"""

from __future__ import annotations

import plistlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from glutewake.system.autostart.shared import (
    FILE_MODE,
    LAUNCH_AGENT_LABEL,
    AutostartError,
    file_mode,
    read_entry,
    remove_entry,
    write_entry,
)


def _launch_agent(command: Sequence[str]) -> dict[str, object]:
    # Only these three keys: no KeepAlive, so launchd starts glutewake once per login and lets
    # it stay quit when the user quits it from the tray.
    return {
        "Label": LAUNCH_AGENT_LABEL,
        "ProgramArguments": list(command),
        "RunAtLoad": True,
    }


@dataclass(frozen=True)
class LaunchAgent:
    path: Path

    def _existing(self) -> dict[str, object] | None:
        """The plist there, or None when there is no file; {} when it is not one of ours."""
        data = read_entry(self.path)
        if data is None:
            return None
        try:
            loaded = plistlib.loads(data)
        except Exception:  # plistlib raises several kinds of error on a damaged file
            return {}
        if not isinstance(loaded, dict) or loaded.get("Label") != LAUNCH_AGENT_LABEL:
            return {}
        return loaded

    def _foreign(self, verb: str) -> AutostartError:
        return AutostartError(
            f"{self.path} is not a launch agent glutewake wrote (its Label is not "
            f"{LAUNCH_AGENT_LABEL}), so it was {verb}. Remove or fix that file yourself."
        )

    def is_enabled(self) -> bool:
        existing = self._existing()
        if not existing:
            return False
        return existing.get("Disabled") is not True

    def enable(self, command: Sequence[str]) -> None:
        wanted = _launch_agent(command)
        existing = self._existing()
        if existing == {}:
            raise self._foreign("left as it is")
        if existing == wanted and file_mode(self.path) == FILE_MODE:
            return
        write_entry(self.path, plistlib.dumps(wanted, fmt=plistlib.FMT_XML))

    def disable(self) -> None:
        existing = self._existing()
        if existing is None:
            return
        if existing == {}:
            raise self._foreign("left in place")
        remove_entry(self.path)
