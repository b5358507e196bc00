"""Replacing a file so that a reader (or a crash) sees the old one or the new one, never half.

One way for every file glutewake writes (the status, the user's config, the login entry):
a temporary file in the same folder (a rename across file systems is not atomic), written
and flushed to disk, given its final mode, renamed over the target, and then the folder
flushed too so that the rename itself survives a power cut. A failure at any step removes
the temporary file: a save that fails every 30 s must not fill the folder with them.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def replace_file(path: Path, data: bytes, mode: int) -> None:
    """Write `data` to `path` atomically with permission bits `mode`; raises OSError.

    The folder is created when missing. Whatever fails, no temporary file is left behind.
    """
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)  # mkstemp creates it readable by its owner only
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    sync_folder(folder)


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable; a best effort, some file systems (and Windows) refuse."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
