"""Routines the user did (done, partial, skipped), one JSON line each, owner-readable only.

Kept small and append-only: it tells the routine builder which routine came last and how
many were completed lately (for stepping difficulty up).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict
from pathlib import Path

from glutewake.core.routine_builder import RoutineOutcome

log = logging.getLogger("glutewake.store")

#: Completed routines count toward the level over this many days.
LEVEL_WINDOW_S = 28 * 86400.0


def append_outcome(path: Path, outcome: RoutineOutcome) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as out:
            out.write(json.dumps(asdict(outcome)) + "\n")
    except OSError as exc:
        log.warning("could not record the routine in %s: %s", path, exc.strerror or exc)


def recent_history(path: Path, now: float) -> tuple[str | None, int]:
    """The last routine offered and done, and how many were completed in the level window."""
    last: str | None = None
    completed = 0
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return None, 0
    except OSError as exc:
        log.warning("could not read %s: %s", path, exc.strerror or exc)
        return None, 0
    for number, line in enumerate(lines, 1):
        try:
            record = json.loads(line)
            last = str(record["routine_id"])
            if record["outcome"] == "done" and now - float(record["ended"]) <= LEVEL_WINDOW_S:
                completed += 1
        except (ValueError, KeyError, TypeError):
            log.warning("%s:%d: not a routine record; skipped", path, number)
    return last, completed
