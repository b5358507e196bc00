"""The last known status on disk, written atomically and readable by its owner only."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

log = logging.getLogger("glutewake.store")
_said: set[str] = set()  # a failing save is said once per reason, not every 30 s


def write_status(path: Path, status: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".status-", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(status, out)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as exc:
        reason = f"could not save the status to {path}: {exc.strerror or exc}"
        if reason not in _said:
            _said.add(reason)
            log.warning("%s", reason)


def read_status(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("could not read the last status from %s: %s", path, exc)
        return None
    return data if isinstance(data, dict) else None
