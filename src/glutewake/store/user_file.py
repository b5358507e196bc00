"""Reading a file the user edits by hand, defensively.

A config or exercise file may be a folder, a FIFO, a device or something huge by mistake;
reading one must neither block start-up nor eat memory.
"""

from __future__ import annotations

import errno
import stat
from pathlib import Path


def read_user_file(path: Path, max_bytes: int) -> bytes:
    """The whole file, refusing what is not a regular file or is larger than `max_bytes`.

    Checking the type first keeps a FIFO or a device at the path from blocking start-up.
    Raises OSError (IsADirectoryError for a folder) with a reason worded for the user.
    """
    mode = path.stat().st_mode
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "it is a directory, not a file", str(path))
    if not stat.S_ISREG(mode):
        raise OSError(errno.EINVAL, "it is not a regular file", str(path))
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise OSError(errno.EFBIG, f"it is larger than {max_bytes // 1024} KiB", str(path))
    return data
