"""Saying each distinct problem once: a check that runs every second (an idle counter, a
status save, a D-Bus source) must not repeat the same warning all day and bury the rest."""

from __future__ import annotations

import logging


class LogOnce:
    """Logs a message the first time its key is seen; later ones with that key are dropped."""

    def __init__(self, logger: logging.Logger) -> None:
        self._logger = logger
        self._seen: set[str] = set()

    def log(self, key: str, level: int, msg: str, *args: object) -> None:
        if key not in self._seen:
            self._seen.add(key)
            self._logger.log(level, msg, *args)

    def warning(self, key: str, msg: str, *args: object) -> None:
        self.log(key, logging.WARNING, msg, *args)

    def info(self, key: str, msg: str, *args: object) -> None:
        self.log(key, logging.INFO, msg, *args)
