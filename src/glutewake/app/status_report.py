"""The status `glutewake status` prints: live from the running app, or the last one saved.

Saved at most once a minute (and at quit), like the history, so the disk stays asleep.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from glutewake.app.loop import Update
from glutewake.core.status import Status
from glutewake.store.status_file import write_status

#: How often the last known status is saved for `glutewake status`.
STATUS_SAVE_S = 60.0


class StatusReport:
    """Answers the instance socket with the status now, and saves it now and then."""

    def __init__(
        self, path: Path, status_now: Callable[[], Status], sources: Callable[[], str]
    ) -> None:
        self._path = path
        self._status_now = status_now
        self._sources = sources
        self._saved_at = float("-inf")

    def on_update(self, update: Update) -> None:
        if update.now - self._saved_at >= STATUS_SAVE_S:
            self.save(update.now)

    def to_json(self) -> dict[str, Any]:
        """What the running app answers `glutewake status` with, as of this moment."""
        return {**self._status_now().to_json(), "running": True, "sources": self._sources()}

    def save(self, now: float) -> None:
        """Save the latest status as the last known one (`running` false: read after we stop)."""
        self._saved_at = now
        write_status(self._path, {**self.to_json(), "running": False})
