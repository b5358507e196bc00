"""The last known status on disk, written atomically and readable by its owner only."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from glutewake.log_once import LogOnce
from glutewake.store.atomic_file import replace_file

log = logging.getLogger("glutewake.store")
_once = LogOnce(log)  # a failing save is said once per reason, not every 30 s


def write_status(path: Path, status: dict[str, Any]) -> None:
    """Save `status`; a failure to write is logged (once per reason), never raised.

    A value JSON cannot hold is a programming slip and raises TypeError, writing nothing.
    """
    data = json.dumps(status).encode("utf-8")
    try:
        replace_file(path, data, 0o600)
    except OSError as exc:
        reason = f"could not save the status to {path}: {exc.strerror or exc}"
        _once.warning(reason, "%s", reason)


def read_status(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("could not read the last status from %s: %s", path, exc)
        return None
    return data if isinstance(data, dict) else None
